//! Stable sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element type and the comparison, so
//! every call site used to carry its own copy of the sort (2 to 4 KB of wasm
//! each, about 60 KB for the page). These helpers sort the *positions* of the
//! elements with a single, non-generic instantiation of `sort_by` and then
//! move the elements into place. The result is the same as the standard
//! library's: stable, from the same comparisons.
//!
//! Not a Go library, but it lives in this crate because this is the lowest
//! crate of the workspace: the engine, the command layer, the lessons and
//! the template engine's sorted map keys all share this one copy.

use std::cmp::Ordering;

/// `v.sort()`: stable, in ascending order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `v.sort_by_key(key)`: stable; `key` is called for both sides of every
/// comparison, as the standard library does.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort_by(compare)`: stable.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut order = sorted_positions(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    permute(v, &mut order);
}

/// The positions `0..len` in the order `compare` puts them (stable). The only
/// place that instantiates the standard library's sort.
#[inline(never)]
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `v` so that `v[i]` becomes the old `v[order[i]]`, one cycle at
/// a time with swaps. `order` is used up (left as the identity).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_stays_stable() {
        let words = [
            "pear", "fig", "apple", "kiwi", "fig", "date", "plum", "a", "", "banana", "kiwi",
            "cherry",
        ];
        for n in 0..=words.len() {
            for rot in 0..n.max(1) {
                let mut input: Vec<(usize, &str)> =
                    words[..n].iter().copied().enumerate().collect();
                input.rotate_left(rot);
                let mut want = input.clone();
                want.sort_by_key(|(_, w)| w.len());
                let mut got = input.clone();
                sort_by_key(&mut got, |(_, w)| w.len());
                assert_eq!(got, want);
                let mut want = input.clone();
                want.sort_by(|a, b| b.1.cmp(a.1));
                let mut got = input.clone();
                sort_by(&mut got, |a, b| b.1.cmp(a.1));
                assert_eq!(got, want);
                let mut want = input.clone();
                want.sort();
                let mut got = input;
                sort(&mut got);
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn permutes_long_cycles() {
        let mut v: Vec<u32> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        let mut want = v.clone();
        want.sort();
        sort(&mut v);
        assert_eq!(v, want);
    }
}

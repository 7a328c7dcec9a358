//! Natural sort order, reproducing `NaturalLess` from
//! `github.com/fvbommel/sortorder` (natsort.go), which `docker network ls`
//! uses to sort networks by name (`cli/command/network/list.go`).
//!
//! Non-digit bytes compare bytewise; runs of ASCII digits compare
//! numerically, with the number of leading zeros as the tie-breaker
//! ("2" < "02"). At the first difference between a digit and a non-digit,
//! the digit side sorts first ("ab1" < "abc1").
//!
//! One implementation for the whole project: the engine's `docker port`
//! order and the command layer's `docker network ls` both read it.

use std::cmp::Ordering;

/// Natural string order (`fvbommel/sortorder` NaturalLess), used by
/// `docker port` and `docker network ls`: digit runs compare numerically
/// (`80` < `443`), fewer leading zeros first on a tie, everything else
/// bytewise, and a digit sorts before a non-digit at the first difference.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if natural_less(a, b) {
        Ordering::Less
    } else if natural_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// `sortorder.NaturalLess(s1, s2)`: whether `s1` sorts strictly before `s2`.
pub fn natural_less(s1: &str, s2: &str) -> bool {
    let (b1, b2) = (s1.as_bytes(), s2.as_bytes());
    let (mut i1, mut i2) = (0usize, 0usize);
    while let (Some(&c1), Some(&c2)) = (b1.get(i1), b2.get(i2)) {
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            return d1;
        }
        if !d1 {
            if c1 != c2 {
                return c1 < c2;
            }
            i1 += 1;
            i2 += 1;
            continue;
        }
        // Skip leading zeros, then take the digit runs.
        while b1.get(i1) == Some(&b'0') {
            i1 += 1;
        }
        while b2.get(i2) == Some(&b'0') {
            i2 += 1;
        }
        let (nz1, nz2) = (i1, i2);
        while b1.get(i1).is_some_and(u8::is_ascii_digit) {
            i1 += 1;
        }
        while b2.get(i2).is_some_and(u8::is_ascii_digit) {
            i2 += 1;
        }
        let (len1, len2) = (i1 - nz1, i2 - nz2);
        if len1 != len2 {
            return len1 < len2;
        }
        let (n1, n2) = (
            b1.get(nz1..i1).unwrap_or(&[]),
            b2.get(nz2..i2).unwrap_or(&[]),
        );
        if n1 != n2 {
            return n1 < n2;
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    b1.len() < b2.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn less_table() {
        // (a, b, NaturalLess(a, b)).
        let cases: &[(&str, &str, bool)] = &[
            ("", "", false),
            ("", "a", true),
            ("a", "", false),
            ("a", "a", false),
            ("a", "b", true),
            ("b", "a", false),
            ("abc2", "abc12", true),
            ("abc12", "abc2", false),
            ("2", "02", true),
            ("02", "2", false),
            ("a1", "a01", true),
            ("a01", "a1", false),
            ("ab1", "abc1", true),
            ("abc1", "ab1", false),
            ("1", "a", true),
            ("a", "1", false),
            ("a1b", "a1c", true),
            ("a10", "a9", false),
            ("x0", "x00", true),
            ("0", "00", true),
            ("00", "0", false),
            ("a0b", "a00a", true),
            ("bridge", "alpine-net", false),
            ("host", "none", true),
            ("net2", "net10", true),
            ("Net", "net", true),
            ("é", "z", false),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567891",
                true,
            ),
        ];
        for &(a, b, want) in cases {
            assert_eq!(natural_less(a, b), want, "NaturalLess({a:?}, {b:?})");
        }
    }

    #[test]
    fn sorts_network_names() {
        let mut names = vec![
            "none",
            "net10",
            "host",
            "bridge",
            "net2",
            "alpine-net",
            "net1",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "alpine-net",
                "bridge",
                "host",
                "net1",
                "net2",
                "net10",
                "none"
            ]
        );
    }
}

//! A set kept as one sorted `Vec`, [`sorted_map`](crate::sorted_map)'s
//! twin: the engine's allocation tables (addresses in use per network, host
//! ports in use per address and protocol, reserved ports), the images
//! pulled, small sets of the lesson checks and of the compose loader.
//!
//! Why not `BTreeSet`: each element type of a `BTreeSet` carries its own copy
//! of the B-tree's insert, remove, rebalancing and drop code, about 3.7 KB of
//! the page's wasm per type (measured for `u16`, `Ipv4Addr` and `Ipv6Addr`,
//! issue 15). These sets hold at most a few thousand values (the ports one
//! address has published) and are read far more often than written, so a
//! binary search over a vector answers as fast, an insert moves at most a few
//! KB, and the code costs a few hundred bytes per type. Iteration is in ascending order and
//! serde reads and writes a sequence, as with `BTreeSet`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Ascending, without duplicates.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedSet<T>(Vec<T>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Vec::new())
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn new() -> Self {
        SortedSet(Vec::new())
    }

    /// Adds `value`; false if it was already there (as `BTreeSet::insert`).
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, value);
                true
            }
        }
    }

    /// Removes `value`; false if it was not there.
    pub fn remove(&mut self, value: &T) -> bool {
        match self.0.binary_search(value) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, value: &T) -> bool {
        self.0.binary_search(value).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values in ascending order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut set = SortedSet::new();
        for v in values {
            set.insert(v);
        }
        set
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Printed like a `BTreeSet` (`{1, 2}`), so `{:?}` output is unchanged.
impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.iter()).finish()
    }
}

impl<T: Serialize> Serialize for SortedSet<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Any order and duplicates are accepted, as `BTreeSet`'s reader does.
impl<'de, T: Deserialize<'de> + Ord> Deserialize<'de> for SortedSet<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<T>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::SortedSet;
    use std::collections::BTreeSet;

    /// The same operations on a `BTreeSet` and a `SortedSet` give the same
    /// answers and the same ascending contents.
    #[test]
    fn behaves_like_a_btreeset() {
        let mut ours = SortedSet::new();
        let mut std_set = BTreeSet::new();
        // A fixed pseudo-random walk of inserts and removes over 0..64.
        let mut x: u32 = 12345;
        for _ in 0..2000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let v = ((x >> 16) % 64) as u16;
            if (x >> 8).is_multiple_of(3) {
                assert_eq!(ours.remove(&v), std_set.remove(&v));
            } else {
                assert_eq!(ours.insert(v), std_set.insert(v));
            }
            assert_eq!(ours.contains(&v), std_set.contains(&v));
            assert_eq!(ours.len(), std_set.len());
        }
        assert!(ours.iter().eq(std_set.iter()));
        assert_eq!(format!("{ours:?}"), format!("{std_set:?}"));
    }

    #[test]
    fn serde_reads_any_order_and_writes_ascending() {
        let set: SortedSet<u16> = serde_json::from_str("[5, 1, 5, 3]").unwrap();
        assert_eq!(serde_json::to_string(&set).unwrap(), "[1,3,5]");
    }
}

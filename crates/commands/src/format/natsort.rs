//! Natural sort order, reproducing `NaturalLess` from
//! `github.com/fvbommel/sortorder` (natsort.go), which `docker network ls`
//! uses to sort networks by name (`cli/command/network/list.go`).
//!
//! Non-digit bytes compare bytewise; runs of ASCII digits compare
//! numerically, with the number of leading zeros as the tie-breaker
//! ("2" < "02"). At the first difference between a digit and a non-digit,
//! the digit side sorts first ("ab1" < "abc1").

use std::cmp::Ordering;

/// `sortorder.NaturalLess(a, b)`: whether `a` sorts strictly before `b`.
pub fn natural_less(a: &str, b: &str) -> bool {
    let (s1, s2) = (a.as_bytes(), b.as_bytes());
    let (mut i1, mut i2) = (0usize, 0usize);
    while i1 < s1.len() && i2 < s2.len() {
        let (c1, c2) = (s1[i1], s2[i2]);
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            // One (possibly empty) non-digit run ended before the other: the
            // side that continues with a digit sorts first.
            return d1;
        }
        if !d1 {
            // Bytewise, which for UTF-8 equals code point order.
            if c1 != c2 {
                return c1 < c2;
            }
            i1 += 1;
            i2 += 1;
            continue;
        }
        // Both sides start a number: skip leading zeros, then the digits.
        while i1 < s1.len() && s1[i1] == b'0' {
            i1 += 1;
        }
        while i2 < s2.len() && s2[i2] == b'0' {
            i2 += 1;
        }
        let (nz1, nz2) = (i1, i2);
        while i1 < s1.len() && s1[i1].is_ascii_digit() {
            i1 += 1;
        }
        while i2 < s2.len() && s2[i2].is_ascii_digit() {
            i2 += 1;
        }
        // A shorter significant part is a smaller number.
        let (len1, len2) = (i1 - nz1, i2 - nz2);
        if len1 != len2 {
            return len1 < len2;
        }
        // Equally long: string comparison is numeric comparison.
        let (n1, n2) = (&s1[nz1..i1], &s2[nz2..i2]);
        if n1 != n2 {
            return n1 < n2;
        }
        // Same number: fewer leading zeros first. Everything before the
        // number was equal, so comparing positions compares zero counts.
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    // Identical so far and at least one side ended: the shorter sorts first.
    s1.len() < s2.len()
}

/// An [`Ordering`] built on [`natural_less`], for `sort_by`.
///
/// `NaturalLess` is a lexicographic order over tokens (a non-digit byte, or a
/// digit run keyed by significant length, digits, then zero count), so it is
/// a strict total order on distinct strings and this comparator is consistent.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    if natural_less(a, b) {
        Ordering::Less
    } else if natural_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
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

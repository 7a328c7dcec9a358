//! Natural sort order, reproducing `NaturalLess` from
//! `github.com/fvbommel/sortorder` (natsort.go), which `docker network ls`
//! uses to sort networks by name (`cli/command/network/list.go`).
//!
//! Non-digit bytes compare bytewise; runs of ASCII digits compare
//! numerically, with the number of leading zeros as the tie-breaker
//! ("2" < "02"). At the first difference between a digit and a non-digit,
//! the digit side sorts first ("ab1" < "abc1").

// One implementation for the whole project, in the engine (which `docker
// port` needs too); this module keeps the command layer's name and tests.
pub use bridgeport_engine::sort::{natural_cmp, natural_less};

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

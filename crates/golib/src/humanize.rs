//! Human-readable pieces of `docker ps` rows:
//!
//! - [`human_duration`] is `HumanDuration` from `github.com/docker/go-units`
//!   (duration.go), behind CREATED ("… ago") and STATUS ("Up …").
//! - [`ellipsis`] is `Ellipsis` from docker/cli
//!   `cli/command/formatter/displayutils.go`.
//! - [`quote`] is Go's `strconv.Quote`; [`ps_command`] combines the two the way
//!   `ContainerContext.Command` in `cli/command/formatter/container.go` does.
//! - [`human_size`] is `HumanSizeWithPrecision` from go-units (size.go),
//!   behind `docker images`' DISK USAGE and CONTENT SIZE.

use crate::strconv;
use crate::width::char_width;

/// `units.HumanDuration` for a duration in milliseconds.
///
/// Go computes with float seconds/minutes/hours and truncates; for whole
/// milliseconds that is exactly the integer division used here, and hours
/// round half up (`int(d.Hours() + 0.5)`).
pub fn human_duration(ms: u64) -> String {
    let seconds = ms / 1_000;
    if seconds < 1 {
        return "Less than a second".to_owned();
    }
    if seconds == 1 {
        return "1 second".to_owned();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = ms / 60_000;
    if minutes == 1 {
        return "About a minute".to_owned();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    let hours = ms.saturating_add(1_800_000) / 3_600_000;
    if hours == 1 {
        return "About an hour".to_owned();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    if hours < 24 * 7 * 2 {
        return format!("{} days", hours / 24);
    }
    if hours < 24 * 30 * 2 {
        return format!("{} weeks", hours / 24 / 7);
    }
    if hours < 24 * 365 * 2 {
        return format!("{} months", hours / 24 / 30);
    }
    // The years branch truncates the hours instead of rounding them.
    format!("{} years", ms / 3_600_000 / 24 / 365)
}

/// docker/cli's `Ellipsis(s, maxDisplayWidth)`: shortens `s` to fit
/// `max_display_width` terminal columns (East Asian wide characters count
/// 2) and appends "…".
///
/// Reproduced quirks: a width of 1 returns the first character alone, even
/// if it is wide; and when the first character is already wider than
/// `max_display_width - 1`, the string comes back unshortened. (For an empty
/// string with width 1, where Go would index out of range, this returns "".)
pub fn ellipsis(s: &str, max_display_width: usize) -> String {
    if max_display_width == 0 {
        return String::new();
    }
    if max_display_width == 1 {
        return s.chars().next().map(String::from).unwrap_or_default();
    }
    let limit = max_display_width - 1;
    if s.is_ascii() {
        if s.len() <= max_display_width {
            return s.to_owned();
        }
        return format!("{}…", &s[..limit]);
    }
    let mut widths = Vec::with_capacity(s.len());
    let mut total = 0usize;
    for c in s.chars() {
        total = total.saturating_add(char_width(c));
        widths.push(total);
    }
    if total <= max_display_width {
        return s.to_owned();
    }
    for i in 0..widths.len() {
        let next = widths.get(i + 1).copied().unwrap_or(usize::MAX);
        if widths[i] <= limit && next > limit {
            let head: String = s.chars().take(i + 1).collect();
            return head + "…";
        }
    }
    s.to_owned()
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    strconv::quote(s.as_bytes())
}

/// The `docker ps` COMMAND cell: `strconv.Quote(Ellipsis(command, 20))`, or
/// the quoted full command with `--no-trunc`.
pub fn ps_command(command: &str, truncate: bool) -> String {
    if truncate {
        quote(&ellipsis(command, 20))
    } else {
        quote(command)
    }
}

/// `units.HumanSizeWithPrecision(size, precision)`: decimal units (1000),
/// printed with `%.*g`, so 999.9 MB is "1e+03MB" as in Go.
pub fn human_size(size: f64, precision: i32) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let (mut size, mut i) = (size, 0);
    while size >= 1000.0 && i < UNITS.len() - 1 {
        size /= 1000.0;
        i += 1;
    }
    format!(
        "{}{}",
        strconv::format_float(size, b'g', precision),
        UNITS[i]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_have_three_significant_digits() {
        for (bytes, want) in [
            (0.0, "0B"),
            (999.0, "999B"),
            (25_900.0, "25.9kB"),
            (4_092_000.0, "4.09MB"),
            (65_995_000.0, "66MB"),
            (240_689_000.0, "241MB"),
            (1_623_400_000.0, "1.62GB"),
            (999_900_000.0, "1e+03MB"),
        ] {
            assert_eq!(human_size(bytes, 3), want, "{bytes}");
        }
    }

    const SEC: u64 = 1_000;
    const MIN: u64 = 60 * SEC;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    const WEEK: u64 = 7 * DAY;

    #[test]
    fn durations() {
        // Each branch of HumanDuration, at and around its threshold.
        let cases: &[(u64, &str)] = &[
            (0, "Less than a second"),
            (999, "Less than a second"),
            (SEC, "1 second"),
            (1_999, "1 second"),
            (2 * SEC, "2 seconds"),
            (59 * SEC, "59 seconds"),
            (60 * SEC, "About a minute"),
            (119 * SEC, "About a minute"),
            (2 * MIN, "2 minutes"),
            (59 * MIN + 59 * SEC, "59 minutes"),
            (60 * MIN, "About an hour"),
            (HOUR + 29 * MIN, "About an hour"),
            (HOUR + 30 * MIN, "2 hours"),
            (2 * HOUR, "2 hours"),
            (47 * HOUR + 29 * MIN, "47 hours"),
            (47 * HOUR + 30 * MIN, "2 days"),
            (48 * HOUR, "2 days"),
            (13 * DAY, "13 days"),
            (14 * DAY - 31 * MIN, "13 days"),
            (14 * DAY, "2 weeks"),
            (3 * WEEK, "3 weeks"),
            (59 * DAY, "8 weeks"),
            (60 * DAY, "2 months"),
            (365 * DAY, "12 months"),
            (2 * 365 * DAY - HOUR, "24 months"),
            (2 * 365 * DAY, "2 years"),
            (3 * 365 * DAY, "3 years"),
            (u64::MAX, "584942417 years"),
        ];
        for &(ms, want) in cases {
            assert_eq!(human_duration(ms), want, "{ms} ms");
        }
    }

    #[test]
    fn ellipses() {
        // The first ten are docker/cli's TestEllipsis (displayutils_test.go).
        let cases: &[(&str, usize, &str)] = &[
            ("t🐳ststring", 0, ""),
            ("t🐳ststring", 1, "t"),
            ("t🐳ststring", 2, "t…"),
            ("t🐳ststring", 6, "t🐳st…"),
            ("t🐳ststring", 20, "t🐳ststring"),
            ("你好世界teststring", 0, ""),
            ("你好世界teststring", 1, "你"),
            ("你好世界teststring", 3, "你…"),
            ("你好世界teststring", 6, "你好…"),
            ("你好世界teststring", 20, "你好世界teststring"),
            ("t", 1, "t"),
            ("t", 0, ""),
            ("", 1, ""),
            ("", 5, ""),
            ("t", 2, "t"),
            ("tt", 2, "tt"),
            ("ttt", 2, "t…"),
            ("t\u{301}", 1, "t"),
            ("t\u{301}", 2, "t\u{301}"),
            ("t\u{301}t", 2, "t…"),
            ("你好", 1, "你"),
            ("你好", 2, "你好"),
            ("你好", 3, "你…"),
            ("你好", 4, "你好"),
            ("你好世界", 4, "你…"),
            ("你好世界", 5, "你好…"),
            ("/docker-entrypoint.sh", 20, "/docker-entrypoint.…"),
            ("nginx -g 'daemon off;'", 20, "nginx -g 'daemon of…"),
            ("sleep 3600", 20, "sleep 3600"),
            ("abcdefghijklmnopqrst", 20, "abcdefghijklmnopqrst"),
            ("abcdefghijklmnopqrstu", 20, "abcdefghijklmnopqrs…"),
        ];
        for &(s, w, want) in cases {
            assert_eq!(ellipsis(s, w), want, "Ellipsis({s:?}, {w})");
        }
    }

    #[test]
    fn command_column() {
        // The docker ps example in the docs: `"/docker-entrypoint.…"`.
        assert_eq!(
            ps_command("/docker-entrypoint.sh nginx -g 'daemon off;'", true),
            "\"/docker-entrypoint.…\""
        );
        assert_eq!(
            ps_command("sh -c \"echo hi\"", true),
            r#""sh -c \"echo hi\"""#
        );
        assert_eq!(
            ps_command("sh -c \"echo hi\"", false),
            r#""sh -c \"echo hi\"""#
        );
        assert_eq!(ps_command("printf 'a\tb\n'", false), r#""printf 'a\tb\n'""#);
        assert_eq!(ps_command("", true), r#""""#);
    }
}

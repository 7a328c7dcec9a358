//! Go's `time.ParseDuration` and `Duration.String`, for healthcheck
//! intervals: the schema checks them with `time.ParseDuration` (compose-go
//! `schema.go` durationFormatChecker) and `config` prints them with
//! `String()` (`1m30s`, `500ms`).

/// Parses a Go duration (`"1h2m3.5s"`, `"300ms"`, `"-1.5h"`, `"0"`) into
/// nanoseconds; `None` where Go returns an error.
pub fn parse(s: &str) -> Option<i64> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let num = &rest[..num_len];
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return None;
        }
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale: f64 = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        // As `str::parse`, without core's table in the page (golib/src/decimal.rs).
        let v = bridgeport_golib::decimal::parse(num)?;
        total += v * scale;
        if total > 9.223_372_036_854_775e18 {
            return None;
        }
    }
    let n = total.round() as i64;
    Some(if neg { -n } else { n })
}

/// Go's `time.Duration.String()`.
pub fn format(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_string();
    }
    let neg = ns < 0;
    let u = ns.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        // Sub-second: one unit with a fraction.
        let (unit, div) = if u < 1_000 {
            ("ns", 1u64)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac(u, div));
        out.push_str(unit);
    } else {
        let h = u / 3_600_000_000_000;
        let m = (u / 60_000_000_000) % 60;
        let s_ns = u % 60_000_000_000;
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac(s_ns, 1_000_000_000));
        out.push('s');
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let rem = v % div;
    if rem == 0 {
        return whole.to_string();
    }
    let width = div.to_string().len() - 1;
    let digits = format!("{rem:0width$}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Go time.Duration String/ParseDuration examples.
    #[test]
    fn go_durations_round_trip() {
        assert_eq!(parse("1m30s"), Some(90_000_000_000));
        assert_eq!(format(90_000_000_000), "1m30s");
        assert_eq!(format(parse("500ms").unwrap()), "500ms");
        assert_eq!(format(parse("1h").unwrap()), "1h0m0s");
        assert_eq!(format(parse("1.5s").unwrap()), "1.5s");
        assert_eq!(format(parse("10s").unwrap()), "10s");
        assert_eq!(parse("10"), None);
        assert_eq!(parse("abc"), None);
        assert_eq!(parse("0"), Some(0));
    }
}

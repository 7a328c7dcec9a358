//! Calendar formatting of engine timestamps, without a clock or a date crate:
//! RFC 3339 with nanoseconds (Docker's JSON), nginx's access-log form, and
//! the `YYYY/MM/DD HH:MM:SS` of nginx's error log.

use crate::Timestamp;

/// (year, month 1-12, day 1-31) from days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, exact for the proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: u64,
    minute: u64,
    second: u64,
    millis: u64,
}

fn parts(t: Timestamp) -> Parts {
    let secs = t.0 / 1000;
    let (year, month, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    Parts {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
        millis: t.0 % 1000,
    }
}

/// `ls -l`'s time column (GNU coreutils and busybox agree): `Jan  1 12:00`
/// for a time in the last six months, `Jan  1  2025` otherwise (older, or
/// in the future). Month names of the C locale.
pub fn ls_time(t: Timestamp, now: Timestamp) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let p = parts(t);
    let month = MONTHS[(p.month as usize).saturating_sub(1) % 12];
    // Half of a Gregorian year, as coreutils' ls.c (31556952 / 2 seconds).
    let recent = t.0 <= now.0.saturating_add(15 * 60 * 1000)
        && now.0.saturating_sub(t.0) < 31_556_952_000 / 2;
    if recent {
        format!("{month} {:>2} {:02}:{:02}", p.day, p.hour, p.minute)
    } else {
        format!("{month} {:>2}  {}", p.day, p.year)
    }
}

/// `2026-11-27T17:08:12.123456789Z`: Go's RFC3339Nano as Docker prints
/// `Created`; the sub-millisecond digits are derived so they look real but
/// stay deterministic.
pub fn rfc3339_nano(t: Timestamp) -> String {
    let p = parts(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
        p.year,
        p.month,
        p.day,
        p.hour,
        p.minute,
        p.second,
        fraction(t)
    )
}

/// Go's `time.Time.String()` of the same instant in UTC, as `docker network
/// ls --format '{{.CreatedAt}}'` prints it: `2026-11-27 17:08:12.123456789
/// +0000 UTC` (the fraction of [`rfc3339_nano`]).
pub fn go_string(t: Timestamp) -> String {
    go_string_with(t, &fraction(t))
}

/// `time.Unix(sec, 0).String()` in UTC, as `docker ps --format
/// '{{.CreatedAt}}'` prints it: `2026-11-27 17:08:12 +0000 UTC`.
pub fn go_string_seconds(t: Timestamp) -> String {
    go_string_with(t, "")
}

fn go_string_with(t: Timestamp, frac: &str) -> String {
    let p = parts(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{frac} +0000 UTC",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// `.123456789` (trailing zeros trimmed, none for a whole second).
fn fraction(t: Timestamp) -> String {
    let nanos = parts(t).millis * 1_000_000 + (t.0.wrapping_mul(2_654_435_761) % 1_000_000);
    let frac = format!("{nanos:09}");
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// nginx `$time_local`: `27/Nov/2026:17:08:12 +0000`.
pub fn nginx_access(t: Timestamp) -> String {
    let p = parts(t);
    let mon = MONTHS
        .get((p.month as usize).saturating_sub(1))
        .unwrap_or(&"Jan");
    format!(
        "{:02}/{mon}/{:04}:{:02}:{:02}:{:02} +0000",
        p.day, p.year, p.hour, p.minute, p.second
    )
}

/// nginx error-log time: `2026/11/27 17:08:12`.
pub fn nginx_error(t: Timestamp) -> String {
    let p = parts(t);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// C's `ctime(3)` in UTC without its newline, as `iptables-save` stamps
/// its output: `Thu Jan  1 12:00:00 2026` (day of month padded to 2).
pub fn ctime(t: Timestamp) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let p = parts(t);
    let weekday = DAYS[((t.0 / 1000 / 86_400) % 7) as usize];
    format!(
        "{weekday} {} {:2} {:02}:{:02}:{:02} {}",
        MONTHS[(p.month as usize).saturating_sub(1).min(11)],
        p.day,
        p.hour,
        p.minute,
        p.second,
        p.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        // 2026-11-27T17:08:12Z
        let t = Timestamp(1_795_799_292_000);
        assert!(
            rfc3339_nano(t).starts_with("2026-11-27T17:08:12"),
            "{}",
            rfc3339_nano(t)
        );
        assert_eq!(go_string_seconds(t), "2026-11-27 17:08:12 +0000 UTC");
        let frac = &rfc3339_nano(t)["2026-11-27T17:08:12".len()..rfc3339_nano(t).len() - 1];
        assert_eq!(go_string(t), format!("2026-11-27 17:08:12{frac} +0000 UTC"));
        assert_eq!(nginx_access(t), "27/Nov/2026:17:08:12 +0000");
        assert_eq!(nginx_error(t), "2026/11/27 17:08:12");
        assert_eq!(nginx_error(Timestamp(0)), "1970/01/01 00:00:00");
        assert_eq!(
            nginx_error(Timestamp(951_782_400_000)),
            "2000/02/29 00:00:00"
        );
    }
}

//! The Go libraries of `bridgeport-golib` other than templates (those are
//! `go_template`), on arbitrary text and numbers, each against an oracle:
//!
//! - `decimal::parse` is `str::parse::<f64>` (same grammar, same rounding);
//! - `strconv::unquote` undoes `quote` and `quote_to_ascii`, for any bytes;
//! - `format_float(f, 'g', -1)` is the shortest text that parses back to `f`;
//! - `parse_int` and `parse_uint` agree where both accept, and only a sign
//!   makes ParseUint refuse what ParseInt takes;
//! - `natural_cmp` is a total order's comparison on the pair and its swap;
//! - `sort::sort_by` equals the standard library's stable sort;
//! - `ellipsis` never returns more than it was given, and the tabwriter,
//!   widths and go-units durations and sizes never panic.
//!
//! Input: any bytes. The first 8 are also read as an f64 and a u64, the text
//! is the bytes as UTF-8 (lossy), split at the first NUL into two strings.
#![no_main]

use bridgeport_golib::{decimal, humanize, natsort, sort, strconv, tabwriter, width};
use libfuzzer_sys::fuzz_target;
use std::cmp::Ordering;

fuzz_target!(|data: &[u8]| {
    let mut word = [0u8; 8];
    for (w, b) in word.iter_mut().zip(data) {
        *w = *b;
    }
    let (f, n) = (f64::from_le_bytes(word), u64::from_le_bytes(word));
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_once('\0').unwrap_or((&text, ""));

    // decimal: exactly Rust's parser, bit for bit (NaN's sign included).
    let got = decimal::parse(a).map(f64::to_bits);
    let want = a.parse::<f64>().ok().map(f64::to_bits);
    assert_eq!(got, want, "decimal::parse({a:?})");

    // strconv: quoting round-trips for any bytes.
    for quoted in [strconv::quote(data), strconv::quote_to_ascii(data)] {
        let back = strconv::unquote(&quoted);
        assert_eq!(back.as_deref(), Some(data), "unquote({quoted:?})");
    }
    let _ = strconv::unquote(a);
    let _ = strconv::can_backquote(data);
    let _ = strconv::quote_rune(n as i64, n & 1 == 1);

    // strconv: the shortest float text parses back to the same float.
    if f.is_finite() {
        let s = strconv::format_float(f, b'g', -1);
        let back = strconv::parse_float(&s).map(f64::to_bits);
        assert_eq!(back, Ok(f.to_bits()), "{f:?} printed as {s:?}");
    }
    for verb in [b'e', b'E', b'f', b'g', b'G'] {
        let prec = i32::from(data.get(8).copied().unwrap_or(0) % 40) - 1;
        let _ = strconv::format_float(f, verb, prec);
    }
    match (strconv::parse_int(a), strconv::parse_uint(a)) {
        (Ok(i), Ok(u)) => assert_eq!(u64::try_from(i).ok(), Some(u), "{a:?}"),
        // Go's ParseUint takes no sign ("+2", "-0"); ParseInt does.
        (Ok(i), Err(_)) => assert!(a.starts_with(['+', '-']), "{a:?}: int {i} but no uint"),
        _ => {}
    }
    let _ = strconv::parse_float(a);

    // natsort: antisymmetric, reflexive.
    let ab = natsort::natural_cmp(a, b);
    assert_eq!(ab, natsort::natural_cmp(b, a).reverse(), "{a:?} vs {b:?}");
    assert_eq!(natsort::natural_cmp(a, a), Ordering::Equal, "{a:?}");
    assert_eq!(natsort::natural_less(a, b), ab == Ordering::Less);

    // sort: the standard library's stable order, from the same comparisons.
    let mut words: Vec<(usize, &str)> = text.split([' ', '\n']).enumerate().take(64).collect();
    let mut want = words.clone();
    want.sort_by(|x, y| natsort::natural_cmp(x.1, y.1));
    sort::sort_by(&mut words, |x, y| natsort::natural_cmp(x.1, y.1));
    assert_eq!(words, want);

    // humanize, width, tabwriter: total functions.
    let cols = usize::from(data.get(9).copied().unwrap_or(0) % 64);
    let cut = humanize::ellipsis(a, cols);
    assert!(
        cut.chars().count() <= a.chars().count().max(1),
        "ellipsis({a:?}, {cols})"
    );
    let _ = humanize::human_duration(n);
    let _ = humanize::human_size(f, i32::from(data.get(8).copied().unwrap_or(0) % 20) - 1);
    let _ = humanize::ps_command(a, n & 2 == 2);
    let _ = width::string_width(&text);
    let _ = tabwriter::tabwrite(&text, cols, 8, 3);
    let rows: Vec<Vec<String>> = text
        .lines()
        .take(32)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect();
    let _ = tabwriter::docker_table(&rows);
});

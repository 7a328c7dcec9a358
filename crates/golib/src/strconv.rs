//! The parts of Go's `strconv` package that Docker's output depends on:
//! `Quote` (the `docker ps` COMMAND column, `%q`), `Unquote`/`UnquoteChar`
//! (string and character literals in templates), `FormatFloat` (how Go prints
//! floating-point numbers), and `ParseInt`/`ParseUint`/`ParseFloat` with base 0
//! (number literals in templates).
//!
//! Go strings are byte strings that may hold invalid UTF-8, so the functions
//! here take and return bytes where Go does; invalid bytes are handled the way
//! Go's `utf8.DecodeRune` does (one byte at a time, as U+FFFD).

use crate::unicode::is_print;

/// Go's `utf8.DecodeRune`: the first rune of `s` and its length in bytes.
/// Invalid or truncated sequences decode as `None` with length 1; an empty
/// input gives `(None, 0)`.
pub fn decode_rune(s: &[u8]) -> (Option<char>, usize) {
    let Some(&b0) = s.first() else {
        return (None, 0);
    };
    if b0 < 0x80 {
        return (Some(char::from(b0)), 1);
    }
    let n = match b0 {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return (None, 1),
    };
    // Rust's UTF-8 validation rejects exactly what Go's decoder rejects:
    // overlong forms, surrogates and values above U+10FFFF.
    match s.get(..n).map(std::str::from_utf8) {
        Some(Ok(text)) => (text.chars().next(), n),
        _ => (None, 1),
    }
}

/// Iterates over the runes of a Go string, yielding U+FFFD for each invalid
/// byte, as Go's `for _, r := range s` does.
pub fn runes(s: &[u8]) -> impl Iterator<Item = char> + '_ {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (r, n) = decode_rune(rest);
        rest = rest.get(n..).unwrap_or_default();
        Some(r.unwrap_or(char::REPLACEMENT_CHARACTER))
    })
}

/// Turns a Go string into a Rust one the way a terminal would show it: every
/// byte that is not part of valid UTF-8 becomes U+FFFD.
pub fn lossy(s: &[u8]) -> String {
    match std::str::from_utf8(s) {
        Ok(text) => text.to_owned(),
        Err(_) => runes(s).collect(),
    }
}

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// Go's `strconv.Quote`: a double-quoted Go string literal, escaping control
/// and non-printable characters and invalid bytes.
pub fn quote(s: &[u8]) -> String {
    quote_with(s, b'"', false)
}

/// Go's `strconv.QuoteToASCII` (used by `%+q`).
pub fn quote_to_ascii(s: &[u8]) -> String {
    quote_with(s, b'"', true)
}

/// Go's `appendQuotedWith` (without the graphic-only mode, which no Docker
/// output uses).
fn quote_with(s: &[u8], quote: u8, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push(char::from(quote));
    let mut rest = s;
    while !rest.is_empty() {
        let (r, n) = decode_rune(rest);
        match r {
            None => {
                let b = rest[0];
                out.push_str("\\x");
                out.push(char::from(LOWER_HEX[usize::from(b >> 4)]));
                out.push(char::from(LOWER_HEX[usize::from(b & 0xF)]));
            }
            Some(c) => append_escaped_rune(&mut out, c, quote, ascii_only),
        }
        rest = rest.get(n.max(1)..).unwrap_or_default();
    }
    out.push(char::from(quote));
    out
}

/// Go's `strconv.QuoteRune` for a rune value that may be out of range (Go
/// replaces invalid runes with U+FFFD).
pub fn quote_rune(r: i64, ascii_only: bool) -> String {
    let c = u32::try_from(r)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut out = String::from("'");
    append_escaped_rune(&mut out, c, b'\'', ascii_only);
    out.push('\'');
    out
}

fn append_escaped_rune(out: &mut String, c: char, quote: u8, ascii_only: bool) {
    if c == char::from(quote) || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if ascii_only {
        if c.is_ascii() && is_print(c) {
            out.push(c);
            return;
        }
    } else if is_print(c) {
        out.push(c);
        return;
    }
    let cp = u32::from(c);
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        _ if cp < 0x20 || cp == 0x7f => push_hex(out, "\\x", cp, 2),
        _ if cp < 0x10000 => push_hex(out, "\\u", cp, 4),
        _ => push_hex(out, "\\U", cp, 8),
    }
}

fn push_hex(out: &mut String, prefix: &str, v: u32, digits: u32) {
    out.push_str(prefix);
    for i in (0..digits).rev() {
        let nibble = (v >> (i * 4)) & 0xF;
        out.push(char::from(LOWER_HEX[nibble as usize]));
    }
}

/// Go's `strconv.CanBackquote` (decides whether `%#q` may use backquotes).
pub fn can_backquote(s: &[u8]) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        let (r, n) = decode_rune(rest);
        rest = rest.get(n.max(1)..).unwrap_or_default();
        match r {
            None => return false,
            Some(c) if n > 1 => {
                if c == '\u{feff}' {
                    return false;
                }
            }
            Some(c) => {
                if (c < ' ' && c != '\t') || c == '`' || c == '\u{7f}' {
                    return false;
                }
            }
        }
    }
    true
}

/// One decoded element of a quoted literal: either a rune or, for `\x` and
/// octal escapes, a raw byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unquoted {
    /// The rune or byte value.
    pub value: u32,
    /// True if the value is a rune to be UTF-8 encoded, false for a raw byte.
    pub multibyte: bool,
}

/// Go's `strconv.UnquoteChar`: decodes the first character or escape of `s`
/// (the text inside a literal quoted with `quote`), returning it and the
/// number of bytes consumed, or `None` for Go's `ErrSyntax`.
pub fn unquote_char(s: &[u8], quote: u8) -> Option<(Unquoted, usize)> {
    let &c = s.first()?;
    if c == quote && (quote == b'\'' || quote == b'"') {
        return None;
    }
    if c >= 0x80 {
        let (r, n) = decode_rune(s);
        let r = r.unwrap_or(char::REPLACEMENT_CHARACTER);
        return Some((
            Unquoted {
                value: u32::from(r),
                multibyte: true,
            },
            n,
        ));
    }
    if c != b'\\' {
        return Some((
            Unquoted {
                value: u32::from(c),
                multibyte: false,
            },
            1,
        ));
    }
    let &e = s.get(1)?;
    let rest = s.get(2..).unwrap_or_default();
    let simple = |v: u8| {
        Some((
            Unquoted {
                value: u32::from(v),
                multibyte: false,
            },
            2,
        ))
    };
    match e {
        b'a' => simple(7),
        b'b' => simple(8),
        b'f' => simple(12),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b't' => simple(b'\t'),
        b'v' => simple(11),
        b'x' | b'u' | b'U' => {
            let n = match e {
                b'x' => 2,
                b'u' => 4,
                _ => 8,
            };
            let digits = rest.get(..n)?;
            let mut v: u32 = 0;
            for &d in digits {
                v = (v << 4) | u32::from(unhex(d)?);
            }
            if e == b'x' {
                return Some((
                    Unquoted {
                        value: v,
                        multibyte: false,
                    },
                    2 + n,
                ));
            }
            char::from_u32(v)?;
            Some((
                Unquoted {
                    value: v,
                    multibyte: true,
                },
                2 + n,
            ))
        }
        b'0'..=b'7' => {
            let mut v = u32::from(e - b'0');
            for &d in rest.get(..2)? {
                if !(b'0'..=b'7').contains(&d) {
                    return None;
                }
                v = (v << 3) | u32::from(d - b'0');
            }
            if v > 255 {
                return None;
            }
            Some((
                Unquoted {
                    value: v,
                    multibyte: false,
                },
                4,
            ))
        }
        b'\\' => simple(b'\\'),
        b'\'' | b'"' => {
            if e != quote {
                return None;
            }
            simple(e)
        }
        _ => None,
    }
}

fn unhex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn push_unquoted(buf: &mut Vec<u8>, u: Unquoted) {
    if u.value < 0x80 || !u.multibyte {
        // A `\x` or octal escape is a single raw byte (value <= 255).
        buf.push(u8::try_from(u.value).unwrap_or(0xFF));
    } else {
        let c = char::from_u32(u.value).unwrap_or(char::REPLACEMENT_CHARACTER);
        let mut tmp = [0u8; 4];
        buf.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }
}

/// Go's `strconv.Unquote` for a complete literal (`"…"`, `` `…` `` or `'…'`);
/// `None` is Go's `ErrSyntax` ("invalid syntax").
pub fn unquote(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if b.len() < 2 {
        return None;
    }
    let quote = b[0];
    match quote {
        b'`' => {
            if b[b.len() - 1] != b'`' || b[1..b.len() - 1].contains(&b'`') {
                return None;
            }
            // Carriage returns inside raw strings are discarded.
            Some(
                b[1..b.len() - 1]
                    .iter()
                    .copied()
                    .filter(|&c| c != b'\r')
                    .collect(),
            )
        }
        b'"' | b'\'' => {
            let mut buf = Vec::with_capacity(b.len());
            let mut rest = &b[1..];
            while let Some(&c) = rest.first() {
                if c == quote {
                    break;
                }
                if c == b'\n' {
                    return None;
                }
                let (u, n) = unquote_char(rest, quote)?;
                push_unquoted(&mut buf, u);
                rest = rest.get(n..).unwrap_or_default();
                if quote == b'\'' {
                    break;
                }
            }
            if rest != [quote] {
                return None;
            }
            Some(buf)
        }
        _ => None,
    }
}

/// Why a number literal did not parse (Go's `ErrSyntax` or `ErrRange`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    /// `strconv.ErrSyntax`.
    Syntax,
    /// `strconv.ErrRange`.
    Range,
}

/// Go's `underscoreOK`: underscores may only separate digits.
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut saw = b'^';
    let mut i = 0;
    let b = match b.first() {
        Some(b'-' | b'+') => &b[1..],
        _ => b,
    };
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && (b'a'..=b'f').contains(&(c | 0x20))) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
pub fn parse_uint(s: &str) -> Result<u64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let b = s.as_bytes();
    let (base, digits): (u32, &[u8]) = if b[0] == b'0' {
        match b.get(1).map(|c| c | 0x20) {
            Some(b'b') if b.len() >= 3 => (2, &b[2..]),
            Some(b'o') if b.len() >= 3 => (8, &b[2..]),
            Some(b'x') if b.len() >= 3 => (16, &b[2..]),
            _ => (8, &b[1..]),
        }
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        if c == b'_' {
            underscores = true;
            continue;
        }
        let d = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'a'..=b'z' => u32::from(c - b'a') + 10,
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return Err(NumError::Syntax),
        };
        if d >= base {
            return Err(NumError::Syntax);
        }
        n = n
            .checked_mul(u64::from(base))
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or(NumError::Range)?;
    }
    if underscores && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
pub fn parse_int(s: &str) -> Result<i64, NumError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(body)?;
    if neg {
        if u > 1u64 << 63 {
            return Err(NumError::Range);
        }
        Ok(0i64.wrapping_sub_unsigned(u))
    } else {
        i64::try_from(u).map_err(|_| NumError::Range)
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the literal forms the template lexer
/// produces (decimal, and hexadecimal with a `p` exponent; underscores between
/// digits).
pub fn parse_float(s: &str) -> Result<f64, NumError> {
    if s.contains('_') && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.as_bytes().first() {
        Some(b'-') => (true, &clean[1..]),
        Some(b'+') => (false, &clean[1..]),
        _ => (false, clean.as_str()),
    };
    let lower = body.to_ascii_lowercase();
    let v = if let Some(hex) = lower.strip_prefix("0x") {
        parse_hex_float(hex)?
    } else {
        // Rust also accepts "inf" and "nan", which Go accepts too; the lexer
        // never produces them.
        if body.is_empty()
            || !body
                .bytes()
                .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return Err(NumError::Syntax);
        }
        crate::decimal::parse(body).ok_or(NumError::Syntax)?
    };
    if v.is_infinite() {
        return Err(NumError::Range);
    }
    Ok(if neg { -v } else { v })
}

/// Hexadecimal floating point (`1.8p3`, after the `0x`). Go requires the `p`
/// exponent. Mantissas beyond 64 bits lose precision here (Go rounds them
/// exactly); no Docker template needs such literals.
fn parse_hex_float(s: &str) -> Result<f64, NumError> {
    let (mant, exp) = s.split_once('p').ok_or(NumError::Syntax)?;
    let exp: i32 = exp.parse().map_err(|_| NumError::Syntax)?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return Err(NumError::Syntax);
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + f64::from(c.to_digit(16).ok_or(NumError::Syntax)?);
    }
    let mut scale = 1f64 / 16.0;
    for c in frac.chars() {
        v += f64::from(c.to_digit(16).ok_or(NumError::Syntax)?) * scale;
        scale /= 16.0;
    }
    Ok(v * 2f64.powi(exp))
}

/// A decimal digit string: the value is `0.d1d2d3… × 10^dp` (Go's
/// `decimalSlice`). `digits` has no trailing zeros; zero has no digits.
struct Digits {
    digits: Vec<u8>,
    dp: i32,
}

/// Parses Rust's `{:e}` rendering of a non-negative finite number
/// ("1.2345e6", "2e-7", "0e0") into digits.
fn digits_from_exp(rendered: &str) -> Digits {
    let (mant, exp) = rendered.split_once('e').unwrap_or((rendered, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        return Digits { digits, dp: 0 };
    }
    Digits {
        digits,
        dp: exp.saturating_add(1),
    }
}

/// Go's `strconv.FormatFloat(f, verb, prec, 64)` for verbs `e E f g G`;
/// `prec < 0` asks for the shortest representation that round-trips.
pub fn format_float(f: f64, verb: u8, prec: i32) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    let neg = f.is_sign_negative();
    let a = f.abs();
    let shortest = prec < 0;
    // Both Go and Rust produce the shortest round-tripping digits, and both
    // round exact decimal expansions half-to-even when a precision is given.
    let (digs, prec) = if shortest {
        let d = digits_from_exp(&format!("{a:e}"));
        let nd = i32::try_from(d.digits.len()).unwrap_or(i32::MAX);
        let p = match verb {
            b'e' | b'E' => nd - 1,
            b'f' => (nd - d.dp).max(0),
            _ => nd,
        };
        (d, p)
    } else {
        let p = prec.min(1000);
        let d = match verb {
            b'e' | b'E' => digits_from_exp(&format!("{:.*e}", usize::try_from(p).unwrap_or(0), a)),
            b'f' => {
                let fixed = format!("{:.*}", usize::try_from(p).unwrap_or(0), a);
                let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
                let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
                let mut dp = i32::try_from(int.len()).unwrap_or(i32::MAX);
                while digits.first() == Some(&b'0') {
                    digits.remove(0);
                    dp -= 1;
                }
                while digits.last() == Some(&b'0') {
                    digits.pop();
                }
                if digits.is_empty() {
                    dp = 0;
                }
                Digits { digits, dp }
            }
            _ => {
                let sig = p.max(1);
                digits_from_exp(&format!("{:.*e}", usize::try_from(sig - 1).unwrap_or(0), a))
            }
        };
        (
            d,
            if matches!(verb, b'g' | b'G') {
                p.max(1)
            } else {
                p
            },
        )
    };
    let mut out = String::new();
    match verb {
        b'e' | b'E' => fmt_e(&mut out, neg, &digs, prec, verb),
        b'f' => fmt_f(&mut out, neg, &digs, prec),
        _ => {
            let nd = i32::try_from(digs.digits.len()).unwrap_or(i32::MAX);
            let mut eprec = prec;
            if eprec > nd && nd >= digs.dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = digs.dp - 1;
            let e_verb = if verb == b'G' { b'E' } else { b'e' };
            if exp < -4 || exp >= eprec {
                let p = if prec > nd { nd } else { prec };
                fmt_e(&mut out, neg, &digs, p - 1, e_verb);
            } else {
                let p = if prec > digs.dp { nd } else { prec };
                fmt_f(&mut out, neg, &digs, (p - digs.dp).max(0));
            }
        }
    }
    out
}

/// Go's `fmtE`.
fn fmt_e(out: &mut String, neg: bool, d: &Digits, prec: i32, verb: u8) {
    if neg {
        out.push('-');
    }
    out.push(char::from(d.digits.first().copied().unwrap_or(b'0')));
    if prec > 0 {
        out.push('.');
        let prec = usize::try_from(prec).unwrap_or(0);
        for i in 1..=prec {
            out.push(char::from(d.digits.get(i).copied().unwrap_or(b'0')));
        }
    }
    out.push(char::from(verb));
    let mut exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
}

/// Go's `fmtF`.
fn fmt_f(out: &mut String, neg: bool, d: &Digits, prec: i32) {
    if neg {
        out.push('-');
    }
    if d.dp > 0 {
        let dp = usize::try_from(d.dp).unwrap_or(0);
        for i in 0..dp {
            out.push(char::from(d.digits.get(i).copied().unwrap_or(b'0')));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = i64::from(d.dp) + i64::from(i) - 1;
            let ch = usize::try_from(j)
                .ok()
                .and_then(|j| d.digits.get(j))
                .copied()
                .unwrap_or(b'0');
            out.push(char::from(ch));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let cases: &[(&[u8], &str)] = &[
            (b"", r#""""#),
            (b"abc", r#""abc""#),
            (b"a\"b\\c", r#""a\"b\\c""#),
            (b"\n\t\r\x07\x08\x0c\x0b", r#""\n\t\r\a\b\f\v""#),
            (b"\x00\x1f\x7f", r#""\x00\x1f\x7f""#),
            (
                "/docker-entrypoint.…".as_bytes(),
                "\"/docker-entrypoint.…\"",
            ),
            ("中文".as_bytes(), "\"中文\""),
            (
                "\u{a0}\u{ad}\u{200b}\u{feff}".as_bytes(),
                r#""\u00a0\u00ad\u200b\ufeff""#,
            ),
            ("\u{e0001}".as_bytes(), r#""\U000e0001""#),
            (b"\xff\xfe", r#""\xff\xfe""#),
            (b"\xe2\x80", r#""\xe2\x80""#),
        ];
        for &(input, want) in cases {
            assert_eq!(quote(input), want, "{input:?}");
        }
        assert_eq!(quote_to_ascii("a…".as_bytes()), r#""a\u2026""#);
        assert_eq!(quote_rune(0x61, false), "'a'");
        assert_eq!(quote_rune(0x27, false), r"'\''");
        assert_eq!(quote_rune(-1, false), "'�'");
        assert_eq!(quote_rune(0x2026, true), r"'\u2026'");
        assert!(can_backquote(b"a\tb"));
        assert!(!can_backquote(b"a`b"));
        assert!(!can_backquote(b"a\nb"));
    }

    #[test]
    fn unquoting() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            (r#""""#, Some(b"")),
            (r#""abc""#, Some(b"abc")),
            (r#""a\tb\n""#, Some(b"a\tb\n")),
            (r#""\x41\101\u00e9\U0001F600""#, Some("AAé😀".as_bytes())),
            (r#""\xff""#, Some(b"\xff")),
            (r#""\'""#, None),
            (r#""\q""#, None),
            (r#""\400""#, None),
            (r#""\ud800""#, None),
            ("`a\\n\r`", Some(b"a\\n")),
            ("'a'", Some(b"a")),
            ("'ab'", None),
            (r"'\''", Some(b"'")),
            ("\"", None),
        ];
        for &(input, want) in cases {
            assert_eq!(unquote(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_uint("0x1F"), Ok(31));
        assert_eq!(parse_uint("017"), Ok(15));
        assert_eq!(parse_uint("0o17"), Ok(15));
        assert_eq!(parse_uint("0b101"), Ok(5));
        assert_eq!(parse_uint("1_000"), Ok(1000));
        assert_eq!(parse_uint("1__0"), Err(NumError::Syntax));
        assert_eq!(parse_uint("089"), Err(NumError::Syntax));
        assert_eq!(parse_uint("0"), Ok(0));
        assert_eq!(parse_uint("-1"), Err(NumError::Syntax));
        assert_eq!(parse_uint("18446744073709551616"), Err(NumError::Range));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), Err(NumError::Range));
        assert_eq!(parse_int("+7"), Ok(7));
        assert_eq!(parse_float("1.5"), Ok(1.5));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("0x1.8p1"), Ok(3.0));
        assert_eq!(parse_float("1e400"), Err(NumError::Range));
        assert_eq!(parse_float("1_0.5"), Ok(10.5));
    }

    #[test]
    fn floats() {
        // Expected values printed by Go 1.19's strconv.FormatFloat.
        let cases: &[(f64, u8, i32, &str)] = &[
            (0.0, b'g', -1, "0"),
            (1.0, b'g', -1, "1"),
            (1.5, b'g', -1, "1.5"),
            (1e6, b'g', -1, "1e+06"),
            (123456.0, b'g', -1, "123456"),
            (1234567.0, b'g', -1, "1.234567e+06"),
            (1e21, b'g', -1, "1e+21"),
            (0.0001, b'g', -1, "0.0001"),
            (0.00001, b'g', -1, "1e-05"),
            (-2.5, b'g', -1, "-2.5"),
            (1e100, b'g', -1, "1e+100"),
            (1.23456, b'f', 2, "1.23"),
            (0.125, b'f', 2, "0.12"),
            (2.5, b'f', 0, "2"),
            (1e21, b'f', -1, "1000000000000000000000"),
            (1e-7, b'f', -1, "0.0000001"),
            (0.0, b'f', 3, "0.000"),
            (123.456, b'e', 2, "1.23e+02"),
            (0.0, b'e', 6, "0.000000e+00"),
            (1e6, b'e', -1, "1e+06"),
            (123.456, b'g', 4, "123.5"),
            (123456.0, b'g', 3, "1.23e+05"),
            (100.0, b'g', 3, "100"),
            (0.0, b'g', 3, "0"),
            (1.0, b'G', 10, "1"),
            (1e-10, b'G', -1, "1E-10"),
        ];
        for &(f, verb, prec, want) in cases {
            assert_eq!(
                format_float(f, verb, prec),
                want,
                "{f} {} {prec}",
                char::from(verb)
            );
        }
    }
}

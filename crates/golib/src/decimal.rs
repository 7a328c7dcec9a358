//! Decimal text to `f64`, correctly rounded (the value both Go's
//! `strconv.ParseFloat` and Rust's `str::parse::<f64>` give), accepting
//! exactly the grammar of Rust's `f64::from_str`: an optional sign, then
//! `inf`, `infinity` or `nan` (any case), or digits with an optional `.` and
//! an optional `e`/`E` exponent.
//!
//! Why not `str::parse`: core's float parser brings a 10 KB table of powers of
//! five and 4 KB of code into the page's wasm, for the few numbers a learner
//! types into a template or after `curl --max-time`. This parser takes an
//! exact fast path when the digits and the power of ten are both exact in an
//! `f64`, and otherwise divides big integers: slower, but small. The tests
//! compare it with `str::parse` on many inputs.

use std::cmp::Ordering;

/// Significant digits kept; more only decide rounding, and a halfway point
/// between two doubles never needs more than 767.
const MAX_DIGITS: usize = 800;

/// `s.parse::<f64>().ok()`.
pub fn parse(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        finite(body)?
    };
    Some(if neg { -v } else { v })
}

/// Digits, an optional fraction and an optional exponent, without a sign.
fn finite(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    // The value is digits × 10^exp; leading zeros are not kept.
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut truncated = false;
    let mut any_digit = false;
    let mut in_fraction = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'.' && !in_fraction {
            in_fraction = true;
        } else if c.is_ascii_digit() {
            any_digit = true;
            let d = c - b'0';
            if digits.len() < MAX_DIGITS {
                if d != 0 || !digits.is_empty() {
                    digits.push(d);
                }
                if in_fraction {
                    exp -= 1;
                }
            } else {
                truncated |= d != 0;
                if !in_fraction {
                    exp += 1;
                }
            }
        } else {
            break;
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    if let Some(&c) = b.get(i) {
        if c != b'e' && c != b'E' {
            return None;
        }
        let mut exponent = &b[i + 1..];
        let neg = exponent.first() == Some(&b'-');
        if matches!(exponent.first(), Some(b'-' | b'+')) {
            exponent = &exponent[1..];
        }
        if exponent.is_empty() || !exponent.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Saturates far beyond any double; the magnitude check below decides.
        let e = exponent
            .iter()
            .fold(0i64, |e, &c| (e * 10 + i64::from(c - b'0')).min(1 << 40));
        exp += if neg { -e } else { e };
    }
    if truncated {
        // Anything above the kept digits, below the next value they can spell.
        digits.push(1);
        exp -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    let n = digits.len() as i64;
    if n == 0 || exp + n < -324 {
        return Some(0.0);
    }
    if exp + n > 310 {
        return Some(f64::INFINITY);
    }
    if n <= 15 && (-22..=22).contains(&exp) {
        // Exact digits and an exact power of ten: one correctly rounded operation.
        let m = digits.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        let p = (0..exp.abs()).fold(1f64, |p, _| p * 10.0);
        return Some(if exp < 0 { m / p } else { m * p });
    }
    Some(by_division(&digits, exp))
}

/// digits × 10^exp as the quotient of two big integers scaled so that it has
/// 64 or 65 bits, then rounded to a double.
fn by_division(digits: &[u8], exp: i64) -> f64 {
    let mut num: Big = vec![0];
    for &d in digits {
        mul_add(&mut num, 10, u32::from(d));
    }
    let mut den: Big = vec![1];
    for _ in 0..exp.unsigned_abs() {
        mul_add(if exp < 0 { &mut den } else { &mut num }, 10, 0);
    }
    let shift = 64 + bit_len(&den) as i64 - bit_len(&num) as i64;
    if shift > 0 {
        num = shl(&num, shift as usize);
    } else {
        den = shl(&den, shift.unsigned_abs() as usize);
    }
    // Now 2^63 < num / den < 2^65.
    let mut q: u128 = 0;
    for bit in (0..=65).rev() {
        let part = shl(&den, bit);
        if cmp(&num, &part) != Ordering::Less {
            sub(&mut num, &part);
            q |= 1 << bit;
        }
    }
    let mut sticky = num.iter().any(|&l| l != 0);
    let mut e2 = -shift;
    if q >> 64 != 0 {
        sticky |= q & 1 == 1;
        q >>= 1;
        e2 += 1;
    }
    round_to_double(q as u64, sticky, e2)
}

/// The double nearest to (q + f) × 2^e2, ties to even, where q has its top
/// bit set and `sticky` says whether the fraction f is non-zero.
fn round_to_double(q: u64, sticky: bool, e2: i64) -> f64 {
    let top = e2 + 63;
    // A normal double keeps 53 bits; below 2^-1022 it keeps fewer.
    let keep = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    let drop = 64 - keep;
    if drop > 65 {
        return 0.0;
    }
    let q = u128::from(q);
    let mut mant = q >> drop;
    let rest = q & ((1 << drop) - 1);
    let half = 1 << (drop - 1);
    if rest > half || (rest == half && (sticky || mant & 1 == 1)) {
        mant += 1;
    }
    if keep < 53 {
        // Subnormal (or rounded up to the smallest normal, which has the same bits).
        return f64::from_bits(mant as u64);
    }
    let mut top = top;
    if mant >> 53 != 0 {
        mant >>= 1;
        top += 1;
    }
    if top > 1023 {
        return f64::INFINITY;
    }
    f64::from_bits(((top + 1023) as u64) << 52 | (mant as u64 & ((1 << 52) - 1)))
}

/// An unsigned big integer, 32-bit limbs, least significant first.
type Big = Vec<u32>;

fn mul_add(v: &mut Big, m: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in v.iter_mut() {
        let x = u64::from(*limb) * u64::from(m) + carry;
        *limb = x as u32;
        carry = x >> 32;
    }
    if carry != 0 {
        v.push(carry as u32);
    }
}

fn bit_len(v: &[u32]) -> usize {
    match v.iter().rposition(|&l| l != 0) {
        Some(i) => i * 32 + 32 - v[i].leading_zeros() as usize,
        None => 0,
    }
}

fn shl(v: &[u32], bits: usize) -> Big {
    let (limbs, bits) = (bits / 32, bits % 32);
    let mut out = vec![0; limbs];
    let mut carry = 0;
    for &l in v {
        out.push(l << bits | carry);
        carry = if bits == 0 { 0 } else { l >> (32 - bits) };
    }
    out.push(carry);
    out
}

fn cmp(a: &[u32], b: &[u32]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .rev()
        .map(|i| a.get(i).unwrap_or(&0).cmp(b.get(i).unwrap_or(&0)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// a -= b, for a ≥ b.
fn sub(a: &mut [u32], b: &[u32]) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let x = i64::from(*limb) - i64::from(*b.get(i).unwrap_or(&0)) - borrow;
        *limb = x as u32;
        borrow = i64::from(x < 0);
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use proptest::prelude::*;

    fn same(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse(s);
        match (want, got) {
            (Some(w), Some(g)) => assert!(
                w.to_bits() == g.to_bits() || (w.is_nan() && g.is_nan()),
                "{s}: {w:e} != {g:e}"
            ),
            (w, g) => assert_eq!(w.is_some(), g.is_some(), "{s}: {w:?} != {g:?}"),
        }
    }

    #[test]
    fn agrees_with_str_parse_on_edge_cases() {
        let long_half = format!("9007199254740993{}", "0".repeat(900));
        let long_above = format!("9007199254740993{}1", "0".repeat(900));
        let tiny = format!("0.{}1", "0".repeat(400));
        for s in [
            "", "+", "-", ".", "e", "e5", ".e5", "1e", "1e+", "1e-", "1.e5", ".5", "5.", "+.5", "-5.", "1..2", "1.2.3", "1e5.0", "1_0", " 1", "1 ",
            "0", "-0", "0.0", "000", "00.00e99999999999999999", "1e99999999999999999999", "1e-99999999999999999999",
            "inf", "-inf", "+INF", "Infinity", "-infinity", "nan", "NaN", "-nan", "infin", "nana",
            "1", "1.5", "2.5", "1e3", "1E3", "1e+3", "1e-3", "123456789012345678901234567890", "0.1", "0.2", "0.3", "3.14159",
            "9007199254740992", "9007199254740993", "9007199254740995", "18446744073709551615", "18446744073709551616",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "2.225073858507201e-308", "4.9406564584124654e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "1e-323", "1e-324", "5e-324", "3e-324",
            "1e22", "1e23", "8.98846567431158e307", "4.35e-320", "1448997445238699", "123456789e-30", "0.000001", "1e21", "1e-7",
            &long_half, &long_above, &tiny,
        ] {
            same(s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_str_parse(int in "[0-9]{0,25}", frac in proptest::option::of("[0-9]{0,25}"), exp in proptest::option::of(-340i32..340)) {
            let mut s = int;
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f);
            }
            if let Some(e) = exp {
                s.push_str(&format!("e{e}"));
            }
            same(&s);
        }

        #[test]
        fn agrees_with_str_parse_on_doubles(bits in any::<u64>()) {
            let f = f64::from_bits(bits);
            same(&format!("{f:e}"));
            same(&format!("{f}"));
            same(&format!("{:.17e}", f));
            same(&format!("{:.30e}", f));
        }

        #[test]
        fn agrees_with_str_parse_on_any_text(s in "[-+0-9.eE]{0,12}") {
            same(&s);
        }
    }
}

//! The text Go writes for a number: `encoding/json`'s float64 format, and
//! the digits of a `json.Number` decoded from the daemon's output.
//!
//! A module of its own, below [`super::value`], [`super::gofmt`] and
//! [`super::json`], because all three need it: kept in `json`, it tied the
//! three into a dependency cycle (value → json → value, gofmt → json →
//! gofmt).

use serde_json::Number;

use crate::strconv;

/// The JSON text Go's encoder writes for a float64, or `None` for NaN and
/// infinities (which make `json.Marshal` fail).
pub(super) fn float_text(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    let exp_form = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    let mut s = strconv::format_float(f, if exp_form { b'e' } else { b'f' }, -1);
    if exp_form {
        // Clean up e-09 to e-9.
        let n = s.len();
        let b = s.as_bytes();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    Some(s)
}

/// The text of a number as the Docker daemon (a Go program) would have
/// encoded it, which is what a `json.Number` decoded from its output holds.
pub(super) fn number_text(n: &Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    n.as_f64()
        .and_then(float_text)
        .unwrap_or_else(|| n.to_string())
}

//! Go's `encoding/json` output for template values, as docker/cli's `json`
//! template function produces it: `json.NewEncoder` with
//! `SetEscapeHTML(false)`, the trailing newline trimmed.
//!
//! Structs keep their field order; map keys are sorted bytewise. Strings
//! escape `"` `\` and control characters (`\b \f \n \r \t` short, Go 1.22+),
//! U+2028/U+2029, and invalid UTF-8 (as `\ufffd`). Floats use Go's format:
//! shortest digits, exponent form below 1e-6 or from 1e21.

use serde_json::Value;

use super::number::{float_text, number_text};
use super::value::{Env, Val, MAX_VALUE_DEPTH, V};
use crate::strconv;

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends a JSON string literal the way Go's encoder writes it.
pub(super) fn write_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    let mut rest = s;
    while !rest.is_empty() {
        let b = rest[0];
        if b < 0x80 {
            match b {
                b'"' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0..=0x1f => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(b >> 4)],
                    HEX[usize::from(b & 0xF)],
                ]),
                _ => out.push(b),
            }
            rest = &rest[1..];
            continue;
        }
        let (c, n) = strconv::decode_rune(rest);
        match c {
            None => out.extend_from_slice(b"\\ufffd"),
            Some('\u{2028}') => out.extend_from_slice(b"\\u2028"),
            Some('\u{2029}') => out.extend_from_slice(b"\\u2029"),
            Some(_) => out.extend_from_slice(&rest[..n]),
        }
        rest = rest.get(n.max(1)..).unwrap_or_default();
    }
    out.push(b'"');
}

/// `json.Marshal` of a value; `None` where Go reports an error (NaN,
/// complex numbers, or nesting beyond our depth limit).
pub(super) fn marshal(env: &Env<'_, '_>, v: &V<'_>) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    encode(env, v, &mut out, 0)?;
    Some(out)
}

fn encode(env: &Env<'_, '_>, v: &V<'_>, out: &mut Vec<u8>, depth: usize) -> Option<()> {
    if depth > MAX_VALUE_DEPTH {
        return None;
    }
    match v {
        V::Missing | V::Nil => out.extend_from_slice(b"null"),
        V::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        V::Int(i) => out.extend_from_slice(i.to_string().as_bytes()),
        V::Uint(u, _) => out.extend_from_slice(u.to_string().as_bytes()),
        V::Float(f) => out.extend_from_slice(float_text(*f)?.as_bytes()),
        V::Complex(..) => return None,
        V::Str(s) => write_string(out, s.bytes()),
        V::Num(n) => out.extend_from_slice(number_text(n).as_bytes()),
        V::Strs(list) => {
            out.push(b'[');
            for (i, s) in list.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(out, s);
            }
            out.push(b']');
        }
        V::Arr(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                encode(env, &Val::from_json(item, env.mode).v, out, depth + 1)?;
            }
            out.push(b']');
        }
        V::Obj(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            if !env.mode.is_struct(m) {
                crate::sort::sort(&mut keys);
            }
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(out, k.as_bytes());
                out.push(b':');
                let item: &Value = m.get(k)?;
                encode(env, &Val::from_json(item, env.mode).v, out, depth + 1)?;
            }
            out.push(b'}');
        }
    }
    Some(())
}

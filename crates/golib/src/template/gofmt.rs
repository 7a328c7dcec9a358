//! Go's `fmt` package over template values: `Sprint`, `Sprintln`, `Sprintf`
//! and the `%v` printing that `{{…}}` actions use. A port of `fmt/print.go`
//! and `fmt/format.go` (Go 1.19+) for the kinds of values JSON produces.
//!
//! Not reproduced: `%b`, `%x`, `%X` on floats (hexadecimal floating point),
//! `%p`, and Go-syntax (`%#v`) type names of typed structs, which JSON does
//! not carry (they print as `struct`). Typed-mode null prints as a nil slice
//! (`[]`), see [`super::value`].

use serde_json::Value;

use super::number::number_text;
use super::value::{Env, Val, MAX_VALUE_DEPTH, V};
use crate::strconv;

#[derive(Clone, Copy, Default)]
struct Flags {
    wid: usize,
    prec: usize,
    wid_present: bool,
    prec_present: bool,
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
}

/// Why printing stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PrintError {
    /// The result would exceed the size limit.
    TooLarge,
    /// A value is nested deeper than [`MAX_VALUE_DEPTH`](super::value::MAX_VALUE_DEPTH).
    TooDeep,
}

pub(super) struct Printer<'e, 'd, 'o> {
    pub buf: Vec<u8>,
    f: Flags,
    env: &'e Env<'d, 'o>,
    limit: usize,
    pub error: Option<PrintError>,
    erroring: bool,
}

const LDIGITS: &[u8; 17] = b"0123456789abcdefx";
const UDIGITS: &[u8; 17] = b"0123456789ABCDEFX";

impl<'e, 'd, 'o> Printer<'e, 'd, 'o> {
    pub fn new(env: &'e Env<'d, 'o>, limit: usize) -> Self {
        Printer {
            buf: Vec::new(),
            f: Flags::default(),
            env,
            limit,
            error: None,
            erroring: false,
        }
    }

    fn write(&mut self, b: &[u8]) {
        if self.buf.len().saturating_add(b.len()) > self.limit {
            self.error.get_or_insert(PrintError::TooLarge);
            return;
        }
        self.buf.extend_from_slice(b);
    }

    /// True (and the size error recorded) when at least `n` more bytes
    /// cannot fit: lets a huge width or precision (`%.9999999d`) fail before
    /// the digits are built, with the same result as building them.
    fn wont_fit(&mut self, n: usize) -> bool {
        if self.buf.len().saturating_add(n) > self.limit {
            self.error.get_or_insert(PrintError::TooLarge);
            return true;
        }
        false
    }

    fn write_str(&mut self, s: &str) {
        self.write(s.as_bytes());
    }

    fn write_padding(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        if self.buf.len().saturating_add(n) > self.limit {
            self.error.get_or_insert(PrintError::TooLarge);
            return;
        }
        let pad = if self.f.zero { b'0' } else { b' ' };
        self.buf.resize(self.buf.len() + n, pad);
    }

    /// Go's `fmt.pad`: pads to the width, counting runes.
    fn pad(&mut self, b: &[u8]) {
        if !self.f.wid_present || self.f.wid == 0 {
            self.write(b);
            return;
        }
        let n = self.f.wid.saturating_sub(strconv::runes(b).count());
        if self.f.minus {
            self.write(b);
            self.write_padding(n);
        } else {
            self.write_padding(n);
            self.write(b);
        }
    }

    fn fmt_boolean(&mut self, v: bool) {
        self.pad(if v { b"true" } else { b"false" });
    }

    /// Go's `fmt.fmtInteger`.
    fn fmt_integer(&mut self, u: u64, base: u64, signed: bool, verb: char, digits: &[u8; 17]) {
        let negative = signed && (u as i64) < 0;
        let mut u = if negative {
            (u as i64).unsigned_abs()
        } else {
            u
        };
        let mut prec = 0usize;
        if self.f.prec_present {
            prec = self.f.prec;
            // Precision 0 and value 0 print nothing but padding.
            if prec == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                self.write_padding(self.f.wid);
                self.f.zero = old;
                return;
            }
        } else if self.f.zero && self.f.wid_present {
            prec = self.f.wid;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1); // leave room for the sign
            }
        }
        if self.wont_fit(prec) {
            return;
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            out.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while out.len() < prec {
            out.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => out.extend_from_slice(b"b0"),
                8 if out.last() != Some(&b'0') => out.push(b'0'),
                16 => out.extend_from_slice(&[digits[16], b'0']),
                _ => {}
            }
        }
        if verb == 'O' {
            out.extend_from_slice(b"o0");
        }
        if negative {
            out.push(b'-');
        } else if self.f.plus {
            out.push(b'+');
        } else if self.f.space {
            out.push(b' ');
        }
        out.reverse();
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(&out);
        self.f.zero = old;
    }

    fn fmt_unicode(&mut self, u: u64) {
        let prec = if self.f.prec_present && self.f.prec > 4 {
            self.f.prec
        } else {
            4
        };
        if self.wont_fit(prec) {
            return;
        }
        let mut s = format!("U+{u:0prec$X}");
        if self.f.sharp {
            if let Some(c) = u32::try_from(u).ok().and_then(char::from_u32) {
                if crate::unicode::is_print(c) {
                    s.push_str(&format!(" '{c}'"));
                }
            }
        }
        let old = self.f.zero;
        self.f.zero = false;
        self.pad(s.as_bytes());
        self.f.zero = old;
    }

    fn rune_of(u: u64) -> char {
        u32::try_from(u)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    /// Go's `fmt.fmtFloat`.
    fn fmt_float(&mut self, v: f64, verb: u8, prec: i32) {
        let prec = if self.f.prec_present {
            i32::try_from(self.f.prec).unwrap_or(i32::MAX)
        } else {
            prec
        };
        // %e and %f print at least `prec` digits.
        if matches!(verb, b'e' | b'E' | b'f' | b'F')
            && self.wont_fit(usize::try_from(prec).unwrap_or(0))
        {
            return;
        }
        let body = strconv::format_float(v, verb, prec.min(1_000_000));
        let mut num: Vec<u8> = Vec::with_capacity(body.len() + 1);
        if body.starts_with('-') || body.starts_with('+') {
            num.extend_from_slice(body.as_bytes());
        } else {
            num.push(b'+');
            num.extend_from_slice(body.as_bytes());
        }
        if self.f.space && num[0] == b'+' && !self.f.plus {
            num[0] = b' ';
        }
        if num.get(1) == Some(&b'I') || num.get(1) == Some(&b'N') {
            let old = self.f.zero;
            self.f.zero = false;
            if num[1] == b'N' && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad(&num);
            self.f.zero = old;
            return;
        }
        if self.f.sharp {
            // Force a decimal point and keep trailing zeros.
            let mut digits: i64 = match verb {
                b'v' | b'g' | b'G' => {
                    if prec == -1 {
                        6
                    } else {
                        i64::from(prec)
                    }
                }
                _ => 0,
            };
            let mut tail: Vec<u8> = Vec::new();
            let mut has_point = false;
            let mut saw_nonzero = false;
            let mut i = 1;
            while i < num.len() {
                match num[i] {
                    b'.' => has_point = true,
                    b'e' | b'E' => {
                        tail = num.split_off(i);
                        break;
                    }
                    c => {
                        if c != b'0' {
                            saw_nonzero = true;
                        }
                        if saw_nonzero {
                            digits -= 1;
                        }
                    }
                }
                i += 1;
            }
            if !has_point {
                if num.len() == 2 && num[1] == b'0' {
                    digits -= 1;
                }
                num.push(b'.');
            }
            while digits > 0 {
                num.push(b'0');
                digits -= 1;
            }
            num.extend_from_slice(&tail);
        }
        if self.f.plus || num[0] != b'+' {
            if self.f.zero && self.f.wid_present && self.f.wid > num.len() {
                let sign = [num[0]];
                self.write(&sign);
                self.write_padding(self.f.wid - num.len());
                self.write(&num[1..]);
                return;
            }
            self.pad(&num);
            return;
        }
        self.pad(&num[1..]);
    }

    fn truncate<'s>(&self, s: &'s [u8]) -> &'s [u8] {
        if self.f.prec_present {
            let mut n = self.f.prec;
            let mut i = 0;
            while i < s.len() {
                if n == 0 {
                    return &s[..i];
                }
                n -= 1;
                let (_, w) = strconv::decode_rune(&s[i..]);
                i += w.max(1);
            }
        }
        s
    }

    fn fmt_s(&mut self, s: &[u8]) {
        let s = self.truncate(s).to_vec();
        self.pad(&s);
    }

    fn fmt_q(&mut self, s: &[u8]) {
        let s = self.truncate(s).to_vec();
        if self.f.sharp && strconv::can_backquote(&s) {
            let mut q = Vec::with_capacity(s.len() + 2);
            q.push(b'`');
            q.extend_from_slice(&s);
            q.push(b'`');
            self.pad(&q);
        } else if self.f.plus {
            self.pad(strconv::quote_to_ascii(&s).as_bytes());
        } else {
            self.pad(strconv::quote(&s).as_bytes());
        }
    }

    /// Go's `fmtSbx` for strings.
    fn fmt_sx(&mut self, s: &[u8], digits: &[u8; 17]) {
        let mut length = s.len();
        if self.f.prec_present && self.f.prec < length {
            length = self.f.prec;
        }
        let mut width = 2 * length;
        if width > 0 {
            if self.f.space {
                if self.f.sharp {
                    width *= 2;
                }
                width += length - 1;
            } else if self.f.sharp {
                width += 2;
            }
        } else {
            if self.f.wid_present {
                self.write_padding(self.f.wid);
            }
            return;
        }
        if self.f.wid_present && self.f.wid > width && !self.f.minus {
            self.write_padding(self.f.wid - width);
        }
        let x = digits[16];
        let mut out = Vec::with_capacity(width);
        if self.f.sharp {
            out.extend_from_slice(&[b'0', x]);
        }
        for (i, &c) in s.iter().take(length).enumerate() {
            if self.f.space && i > 0 {
                out.push(b' ');
                if self.f.sharp {
                    out.extend_from_slice(&[b'0', x]);
                }
            }
            out.push(digits[usize::from(c >> 4)]);
            out.push(digits[usize::from(c & 0xF)]);
        }
        self.write(&out);
        if self.f.wid_present && self.f.wid > width && self.f.minus {
            self.write_padding(self.f.wid - width);
        }
    }

    // --- print.go level: verbs per kind ---------------------------------

    fn fmt_bool(&mut self, b: bool, verb: char, v: &V<'_>) {
        match verb {
            't' | 'v' => self.fmt_boolean(b),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_int(&mut self, u: u64, signed: bool, verb: char, v: &V<'_>) {
        match verb {
            'v' => {
                if self.f.sharp_v && !signed {
                    // Go prints %#v of unsigned integers as 0x… hex.
                    let old = self.f.sharp;
                    self.f.sharp = true;
                    self.fmt_integer(u, 16, false, 'v', LDIGITS);
                    self.f.sharp = old;
                } else {
                    self.fmt_integer(u, 10, signed, verb, LDIGITS);
                }
            }
            'd' => self.fmt_integer(u, 10, signed, verb, LDIGITS),
            'b' => self.fmt_integer(u, 2, signed, verb, LDIGITS),
            'o' | 'O' => self.fmt_integer(u, 8, signed, verb, LDIGITS),
            'x' => self.fmt_integer(u, 16, signed, verb, LDIGITS),
            'X' => self.fmt_integer(u, 16, signed, verb, UDIGITS),
            'c' => {
                let c = if signed && (u as i64) < 0 {
                    char::REPLACEMENT_CHARACTER
                } else {
                    Self::rune_of(u)
                };
                let mut tmp = [0u8; 4];
                let s = c.encode_utf8(&mut tmp).as_bytes().to_vec();
                self.pad(&s);
            }
            'q' => {
                let r = if signed && (u as i64) < 0 {
                    -1
                } else {
                    i64::try_from(u).unwrap_or(-1)
                };
                let q = strconv::quote_rune(r, self.f.plus);
                self.pad(q.as_bytes());
            }
            'U' => self.fmt_unicode(u),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_float_verb(&mut self, f: f64, verb: char, v: &V<'_>) {
        match verb {
            'v' => self.fmt_float(f, b'g', -1),
            'g' | 'G' => self.fmt_float(f, verb as u8, -1),
            'f' | 'e' | 'E' => self.fmt_float(f, verb as u8, 6),
            'F' => self.fmt_float(f, b'f', 6),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_complex(&mut self, re: f64, im: f64, verb: char, v: &V<'_>) {
        match verb {
            'v' | 'g' | 'G' | 'f' | 'F' | 'e' | 'E' => {
                let old = self.f.plus;
                self.write(b"(");
                self.fmt_float_verb(re, verb, v);
                self.f.plus = true;
                self.fmt_float_verb(im, verb, v);
                self.write(b"i)");
                self.f.plus = old;
            }
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_string(&mut self, s: &[u8], verb: char, v: &V<'_>) {
        match verb {
            'v' => {
                if self.f.sharp_v {
                    self.fmt_q(s);
                } else {
                    self.fmt_s(s);
                }
            }
            's' => self.fmt_s(s),
            'x' => self.fmt_sx(s, LDIGITS),
            'X' => self.fmt_sx(s, UDIGITS),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    /// Go's `badVerb`: `%!d(string=hello)`, or `%!d(<nil>)`.
    fn bad_verb(&mut self, verb: char, v: Option<&V<'_>>) {
        self.erroring = true;
        self.write(b"%!");
        let mut tmp = [0u8; 4];
        self.write(verb.encode_utf8(&mut tmp).as_bytes());
        self.write(b"(");
        match v {
            Some(v) if !matches!(v, V::Missing | V::Nil) => {
                let t = self.env.type_name(v);
                self.write_str(&t);
                self.write(b"=");
                self.print_value(v, 'v', 0);
            }
            _ => self.write(b"<nil>"),
        }
        self.write(b")");
        self.erroring = false;
    }

    /// Go's `printArg`; `None` is a nil interface.
    pub fn print_arg(&mut self, arg: Option<&V<'_>>, verb: char) {
        let v = match arg {
            Some(V::Nil) if !self.env.mode.raw => V::Nil,
            None | Some(V::Missing | V::Nil) => {
                match verb {
                    'T' | 'v' => self.pad(b"<nil>"),
                    _ => self.bad_verb(verb, None),
                }
                return;
            }
            Some(v) => v.clone(),
        };
        let v = &v;
        match verb {
            'T' => {
                let t = self.env.type_name(v);
                self.fmt_s(t.as_bytes());
                return;
            }
            'p' => {
                self.bad_verb(verb, Some(v));
                return;
            }
            _ => {}
        }
        self.print_value(v, verb, 0);
    }

    /// Go's `printValue` for one value at nesting `depth`.
    pub fn print_value(&mut self, v: &V<'_>, verb: char, depth: usize) {
        if depth > MAX_VALUE_DEPTH {
            self.error.get_or_insert(PrintError::TooDeep);
            return;
        }
        match v {
            // Typed-mode null: a nil slice.
            V::Nil if !self.env.mode.raw => {
                if self.f.sharp_v {
                    self.write(b"[]interface {}(nil)");
                } else {
                    self.write(b"[]");
                }
            }
            V::Missing | V::Nil => {
                if depth == 0 && matches!(v, V::Missing) {
                    self.write(b"<invalid reflect.Value>");
                } else if self.f.sharp_v {
                    self.write(b"interface {}(nil)");
                } else {
                    self.write(b"<nil>");
                }
            }
            V::Bool(b) => self.fmt_bool(*b, verb, v),
            V::Int(i) => self.fmt_int(*i as u64, true, verb, v),
            V::Uint(u, _) => self.fmt_int(*u, false, verb, v),
            V::Float(f) => self.fmt_float_verb(*f, verb, v),
            V::Complex(r, i) => self.fmt_complex(*r, *i, verb, v),
            V::Str(s) => {
                let s = s.bytes().to_vec();
                self.fmt_string(&s, verb, v);
            }
            V::Num(n) => {
                // json.Number is a Stringer; `%v %s %x %X %q` go through
                // String(), the rest see a string kind. Both print the text.
                let text = number_text(n);
                self.fmt_string(text.as_bytes(), verb, v);
            }
            V::Strs(list) => {
                let list = list.clone();
                self.print_list(list.len(), verb, depth, "[]string", |p, i, verb, depth| {
                    let s = list[i].clone();
                    let item = V::Str(s.into());
                    p.print_value(&item, verb, depth);
                });
            }
            V::Arr(items) => {
                let items: &[Value] = items;
                let type_name = self.env.type_name(v);
                let mode = self.env.mode;
                self.print_list(items.len(), verb, depth, &type_name, |p, i, verb, depth| {
                    let item = Val::from_json(&items[i], mode);
                    p.print_value(&item.v, verb, depth);
                });
            }
            V::Obj(m) => {
                let mode = self.env.mode;
                if mode.is_struct(m) {
                    if self.f.sharp_v {
                        let t = self.env.type_name(v);
                        self.write_str(&t);
                    }
                    self.write(b"{");
                    for (i, (k, field)) in m.iter().enumerate() {
                        if i > 0 {
                            self.write(if self.f.sharp_v { b", " } else { b" " });
                        }
                        if self.f.plus_v || self.f.sharp_v {
                            self.write_str(k);
                            self.write(b":");
                        }
                        let item = Val::from_json(field, mode);
                        self.print_value(&item.v, verb, depth + 1);
                    }
                    self.write(b"}");
                } else {
                    if self.f.sharp_v {
                        let t = self.env.type_name(v);
                        self.write_str(&t);
                        self.write(b"{");
                    } else {
                        self.write(b"map[");
                    }
                    // fmt sorts map keys (fmtsort: strings by bytes).
                    let mut keys: Vec<&String> = m.keys().collect();
                    crate::sort::sort(&mut keys);
                    for (i, k) in keys.into_iter().enumerate() {
                        if i > 0 {
                            self.write(if self.f.sharp_v { b", " } else { b" " });
                        }
                        let key = V::Str(k.as_str().into());
                        self.print_value(&key, verb, depth + 1);
                        self.write(b":");
                        if let Some(field) = m.get(k) {
                            let item = Val::from_json(field, mode);
                            self.print_value(&item.v, verb, depth + 1);
                        }
                    }
                    self.write(if self.f.sharp_v { b"}" } else { b"]" });
                }
            }
        }
    }

    fn print_list(
        &mut self,
        len: usize,
        verb: char,
        depth: usize,
        type_name: &str,
        mut item: impl FnMut(&mut Self, usize, char, usize),
    ) {
        if self.f.sharp_v {
            self.write_str(type_name);
            self.write(b"{");
            for i in 0..len {
                if i > 0 {
                    self.write(b", ");
                }
                item(self, i, verb, depth + 1);
            }
            self.write(b"}");
        } else {
            self.write(b"[");
            for i in 0..len {
                if i > 0 {
                    self.write(b" ");
                }
                item(self, i, verb, depth + 1);
            }
            self.write(b"]");
        }
    }

    /// Go's `doPrintf`.
    pub fn printf(&mut self, format: &[u8], args: &[Option<V<'_>>]) {
        let end = format.len();
        let mut arg_num = 0usize;
        let mut after_index;
        let mut reordered = false;
        let mut i = 0usize;
        while i < end {
            let mut good_arg_num = true;
            let last = i;
            while i < end && format[i] != b'%' {
                i += 1;
            }
            if i > last {
                self.write(&format[last..i]);
            }
            if i >= end {
                break;
            }
            i += 1; // skip %
            self.f = Flags::default();
            // Flags, and the fast path for simple verbs.
            let mut simple_done = false;
            while i < end {
                let c = format[i];
                match c {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = !self.f.minus,
                    b'+' => self.f.plus = true,
                    b'-' => {
                        self.f.minus = true;
                        self.f.zero = false;
                    }
                    b' ' => self.f.space = true,
                    _ => {
                        if c.is_ascii_lowercase() && arg_num < args.len() {
                            if c == b'v' {
                                self.f.sharp_v = self.f.sharp;
                                self.f.sharp = false;
                                self.f.plus_v = self.f.plus;
                                self.f.plus = false;
                            }
                            self.print_arg(args[arg_num].as_ref(), char::from(c));
                            arg_num += 1;
                            i += 1;
                            simple_done = true;
                        }
                        break;
                    }
                }
                i += 1;
            }
            if simple_done {
                continue;
            }
            // Argument index, width, precision.
            let (n, ni, found) = self.arg_number(
                arg_num,
                format,
                i,
                args.len(),
                &mut good_arg_num,
                &mut reordered,
            );
            arg_num = n;
            i = ni;
            after_index = found;
            if i < end && format[i] == b'*' {
                i += 1;
                let (w, ok, n) = int_from_arg(args, arg_num);
                arg_num = n;
                self.f.wid_present = ok;
                if !ok {
                    self.write(b"%!(BADWIDTH)");
                }
                if w < 0 {
                    self.f.minus = true;
                    self.f.zero = false;
                }
                self.f.wid = usize::try_from(w.unsigned_abs()).unwrap_or(0);
                after_index = false;
            } else {
                let (w, ok, ni) = parse_num(format, i, end);
                self.f.wid = w;
                self.f.wid_present = ok;
                i = ni;
                if after_index && ok {
                    good_arg_num = false;
                }
            }
            if i + 1 < end && format[i] == b'.' {
                i += 1;
                if after_index {
                    good_arg_num = false;
                }
                let (n, ni, found) = self.arg_number(
                    arg_num,
                    format,
                    i,
                    args.len(),
                    &mut good_arg_num,
                    &mut reordered,
                );
                arg_num = n;
                i = ni;
                after_index = found;
                if i < end && format[i] == b'*' {
                    i += 1;
                    let (p, ok, n) = int_from_arg(args, arg_num);
                    arg_num = n;
                    self.f.prec_present = ok && p >= 0;
                    self.f.prec = usize::try_from(p.max(0)).unwrap_or(0);
                    if !self.f.prec_present {
                        self.write(b"%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (p, ok, ni) = parse_num(format, i, end);
                    i = ni;
                    self.f.prec = if ok { p } else { 0 };
                    self.f.prec_present = true;
                }
            }
            if !after_index {
                let (n, ni, _) = self.arg_number(
                    arg_num,
                    format,
                    i,
                    args.len(),
                    &mut good_arg_num,
                    &mut reordered,
                );
                arg_num = n;
                i = ni;
            }
            if i >= end {
                self.write(b"%!(NOVERB)");
                break;
            }
            let (verb, size) = match strconv::decode_rune(&format[i..]) {
                (Some(c), n) => (c, n),
                (None, n) => (char::REPLACEMENT_CHARACTER, n.max(1)),
            };
            i += size;
            if verb == '%' {
                self.write(b"%");
            } else if !good_arg_num {
                self.write(b"%!");
                let mut tmp = [0u8; 4];
                self.write(verb.encode_utf8(&mut tmp).as_bytes());
                self.write(b"(BADINDEX)");
            } else if arg_num >= args.len() {
                self.write(b"%!");
                let mut tmp = [0u8; 4];
                self.write(verb.encode_utf8(&mut tmp).as_bytes());
                self.write(b"(MISSING)");
            } else {
                if verb == 'v' {
                    self.f.sharp_v = self.f.sharp;
                    self.f.sharp = false;
                    self.f.plus_v = self.f.plus;
                    self.f.plus = false;
                }
                self.print_arg(args[arg_num].as_ref(), verb);
                arg_num += 1;
            }
        }
        if !reordered && arg_num < args.len() {
            self.f = Flags::default();
            self.write(b"%!(EXTRA ");
            for (k, arg) in args[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.write(b", ");
                }
                match arg {
                    None | Some(V::Missing) => self.write(b"<nil>"),
                    Some(V::Nil) if self.env.mode.raw => self.write(b"<nil>"),
                    Some(v) => {
                        let t = self.env.type_name(v);
                        self.write_str(&t);
                        self.write(b"=");
                        self.print_arg(Some(v), 'v');
                    }
                }
            }
            self.write(b")");
        }
    }

    /// Go's `argNumber`: an explicit `[n]` argument index.
    fn arg_number(
        &mut self,
        arg_num: usize,
        format: &[u8],
        i: usize,
        num_args: usize,
        good: &mut bool,
        reordered: &mut bool,
    ) -> (usize, usize, bool) {
        if format.len() <= i || format[i] != b'[' {
            return (arg_num, i, false);
        }
        *reordered = true;
        let (index, wid, ok) = parse_arg_number(&format[i..]);
        if ok && index < num_args {
            return (index, i + wid, true);
        }
        *good = false;
        (arg_num, i + wid, ok)
    }

    /// Go's `doPrint` (`print`): spaces between operands when neither is a string.
    pub fn print(&mut self, args: &[Option<V<'_>>]) {
        let mut prev_string = false;
        for (k, arg) in args.iter().enumerate() {
            let is_string = matches!(arg, Some(V::Str(_) | V::Num(_)));
            if k > 0 && !is_string && !prev_string {
                self.write(b" ");
            }
            self.f = Flags::default();
            self.print_arg(arg.as_ref(), 'v');
            prev_string = is_string;
        }
    }

    /// Go's `doPrintln` (`println`).
    pub fn println(&mut self, args: &[Option<V<'_>>]) {
        for (k, arg) in args.iter().enumerate() {
            if k > 0 {
                self.write(b" ");
            }
            self.f = Flags::default();
            self.print_arg(arg.as_ref(), 'v');
        }
        self.write(b"\n");
    }
}

/// Go's `tooLarge` bound on widths and precisions.
const TOO_LARGE: usize = 1_000_000;

fn parse_num(s: &[u8], start: usize, end: usize) -> (usize, bool, usize) {
    if start >= end {
        return (0, false, end);
    }
    let mut num = 0usize;
    let mut is_num = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if num > TOO_LARGE {
            return (0, false, end);
        }
        num = num * 10 + usize::from(s[i] - b'0');
        is_num = true;
        i += 1;
    }
    (num, is_num, i)
}

fn parse_arg_number(format: &[u8]) -> (usize, usize, bool) {
    if format.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..format.len() {
        if format[i] == b']' {
            let (width, ok, ni) = parse_num(format, 1, i);
            if !ok || ni != i || width == 0 {
                // Go computes index -1 for "[0]", which is then out of range.
                return (usize::MAX, i + 1, ok && ni == i);
            }
            return (width - 1, i + 1, true);
        }
    }
    (0, 1, false)
}

/// Go's `intFromArg` for `*` widths and precisions.
fn int_from_arg(args: &[Option<V<'_>>], arg_num: usize) -> (i64, bool, usize) {
    if arg_num >= args.len() {
        return (0, false, arg_num);
    }
    let (n, ok) = match &args[arg_num] {
        Some(V::Int(i)) => (*i, true),
        Some(V::Uint(u, _)) => match i64::try_from(*u) {
            Ok(i) => (i, true),
            Err(_) => (0, false),
        },
        _ => (0, false),
    };
    if n.unsigned_abs() > TOO_LARGE as u64 {
        return (0, false, arg_num + 1);
    }
    (n, ok, arg_num + 1)
}

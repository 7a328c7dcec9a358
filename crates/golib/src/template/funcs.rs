//! The functions a Docker template can call: Go's `text/template` builtins
//! (funcs.go) and docker/cli's `templates.basicFunctions` (`json`, `split`,
//! `join`, `title`, `lower`, `upper`, `pad`, `truncate`), plus the
//! `HeaderFunctions` variants docker/cli swaps in when it renders a table
//! header.
//!
//! Each function has Go's parameter types, because the evaluator checks and
//! converts arguments against them exactly as `evalCall` does, and errors
//! carry Go's texts (for panics, the text `safeCall` recovers).

use std::rc::Rc;

use serde_json::Value;

use super::gofmt::{PrintError, Printer};
use super::json;
use super::number::number_text;
use super::value::{string_bytes, truth, Env, GoStr, Val, V};
use crate::strconv;

/// Go parameter types that matter to argument evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Param {
    /// `interface{}` (`any`).
    Any,
    /// `reflect.Value`: the builtins that take values as they come.
    Value,
    /// `string`.
    Str,
    /// `int`.
    Int,
    /// `[]string`.
    StrSlice,
}

impl Param {
    pub fn go_name(self) -> &'static str {
        match self {
            Param::Any => "interface {}",
            Param::Value => "reflect.Value",
            Param::Str => "string",
            Param::Int => "int",
            Param::StrSlice => "[]string",
        }
    }

    pub fn can_be_nil(self) -> bool {
        matches!(self, Param::Any | Param::Value | Param::StrSlice)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Func {
    And,
    Call,
    Html,
    Index,
    Slice,
    Js,
    Len,
    Not,
    Or,
    Print,
    Printf,
    Println,
    Urlquery,
    Eq,
    Ge,
    Gt,
    Le,
    Lt,
    Ne,
    Json,
    Split,
    Join,
    Title,
    Lower,
    Upper,
    Pad,
    Truncate,
}

const FUNCS: &[(&str, Func)] = &[
    ("and", Func::And),
    ("call", Func::Call),
    ("html", Func::Html),
    ("index", Func::Index),
    ("slice", Func::Slice),
    ("js", Func::Js),
    ("len", Func::Len),
    ("not", Func::Not),
    ("or", Func::Or),
    ("print", Func::Print),
    ("printf", Func::Printf),
    ("println", Func::Println),
    ("urlquery", Func::Urlquery),
    ("eq", Func::Eq),
    ("ge", Func::Ge),
    ("gt", Func::Gt),
    ("le", Func::Le),
    ("lt", Func::Lt),
    ("ne", Func::Ne),
    ("json", Func::Json),
    ("split", Func::Split),
    ("join", Func::Join),
    ("title", Func::Title),
    ("lower", Func::Lower),
    ("upper", Func::Upper),
    ("pad", Func::Pad),
    ("truncate", Func::Truncate),
];

pub(super) fn lookup(name: &str) -> Option<Func> {
    FUNCS.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// Whether the parser accepts `name` as a function.
pub(super) fn is_function(name: &str) -> bool {
    lookup(name).is_some()
}

/// A Go function signature: fixed parameters, then an optional variadic one.
pub(super) struct Sig {
    pub params: &'static [Param],
    pub variadic: Option<Param>,
}

impl Func {
    pub fn sig(self, header: bool) -> Sig {
        use Param::*;
        let s = |params: &'static [Param], variadic| Sig { params, variadic };
        match self {
            Func::And | Func::Or | Func::Call | Func::Index | Func::Slice | Func::Eq => {
                s(&[Value], Some(Value))
            }
            Func::Html | Func::Js | Func::Urlquery | Func::Print | Func::Println => {
                s(&[], Some(Any))
            }
            Func::Printf => s(&[Str], Some(Any)),
            Func::Len | Func::Not => s(&[Value], None),
            Func::Ne | Func::Lt | Func::Le | Func::Gt | Func::Ge => s(&[Value, Value], None),
            Func::Json => s(if header { &[Str] } else { &[Any] }, None),
            Func::Split => s(&[Str, Str], None),
            Func::Join => s(
                if header {
                    &[Str, Str]
                } else {
                    &[StrSlice, Str]
                },
                None,
            ),
            Func::Title | Func::Lower | Func::Upper => s(&[Str], None),
            Func::Pad => s(&[Str, Int, Int], None),
            Func::Truncate => s(&[Str, Int], None),
        }
    }
}

/// Limits a function call works within.
pub(super) struct CallCtx<'e, 'd, 'o> {
    pub env: &'e Env<'d, 'o>,
    /// Largest string a function may build.
    pub max_len: usize,
    pub header: bool,
}

type FResult<'d> = Result<Val<'d>, String>;

/// Go's `indirectInterface` (a nil interface becomes the zero Value).
fn concrete(v: Val<'_>) -> V<'_> {
    v.unwrap_iface().v
}

/// Arguments to `any` parameters as `fmt` sees them: `None` is nil.
fn fmt_args<'d>(args: &[Val<'d>]) -> Vec<Option<V<'d>>> {
    args.iter()
        .map(|a| match &a.v {
            // A typed nil slice is a non-nil interface; raw nulls are nil.
            V::Nil if !a.iface => Some(V::Nil),
            V::Missing | V::Nil => None,
            v => Some(v.clone()),
        })
        .collect()
}

fn print_error(e: PrintError) -> String {
    match e {
        PrintError::TooLarge => "result exceeds the size limit".to_owned(),
        PrintError::TooDeep => "value nesting exceeds the depth limit".to_owned(),
    }
}

fn str_arg<'a>(args: &'a [Val<'_>], i: usize) -> &'a [u8] {
    match args.get(i).map(|a| &a.v) {
        Some(V::Str(s)) => s.bytes(),
        _ => &[],
    }
}

fn int_arg(args: &[Val<'_>], i: usize) -> i64 {
    match args.get(i).map(|a| &a.v) {
        Some(V::Int(n)) => *n,
        _ => 0,
    }
}

/// Calls `f` with already-converted arguments. `Err` is the text after
/// Go's "error calling NAME: ".
pub(super) fn call<'d>(f: Func, args: Vec<Val<'d>>, cx: &CallCtx<'_, 'd, '_>) -> FResult<'d> {
    let env = cx.env;
    if cx.header {
        // docker/cli's HeaderFunctions return the header text unchanged.
        match f {
            Func::Json
            | Func::Split
            | Func::Join
            | Func::Title
            | Func::Lower
            | Func::Upper
            | Func::Truncate => {
                return Ok(Val::str(GoStr::from(str_arg(&args, 0).to_vec())));
            }
            _ => {}
        }
    }
    match f {
        Func::And | Func::Or => Err("unreachable".to_owned()),
        Func::Call => match args.into_iter().next().map(concrete) {
            None | Some(V::Missing) => Err("call of nil".to_owned()),
            Some(v) => Err(format!("non-function of type {}", env.type_name(&v))),
        },
        Func::Html | Func::Js | Func::Urlquery => {
            let text = eval_args(&args, cx)?;
            Ok(Val::str(GoStr::from(match f {
                Func::Html => html_escape(&text),
                Func::Js => js_escape(&text),
                _ => query_escape(&text),
            })))
        }
        Func::Print | Func::Println | Func::Printf => {
            let mut p = Printer::new(env, cx.max_len);
            if f == Func::Printf {
                let format = str_arg(&args, 0).to_vec();
                p.printf(&format, &fmt_args(&args[1.min(args.len())..]));
            } else if f == Func::Print {
                p.print(&fmt_args(&args));
            } else {
                p.println(&fmt_args(&args));
            }
            match p.error {
                Some(e) => Err(print_error(e)),
                None => Ok(Val::str(GoStr::from(p.buf))),
            }
        }
        Func::Index => {
            let mut it = args.into_iter();
            index(
                it.next().map(concrete).unwrap_or(V::Missing),
                it.map(concrete).collect(),
                env,
            )
        }
        Func::Slice => {
            let mut it = args.into_iter();
            slice(
                it.next().map(concrete).unwrap_or(V::Missing),
                it.map(concrete).collect(),
                env,
            )
        }
        Func::Len => {
            let arg = args.into_iter().next().unwrap_or_else(Val::missing);
            if arg.iface && matches!(arg.v, V::Nil) {
                // `len` indirects through the nil interface itself.
                return Err("len of nil pointer".to_owned());
            }
            let n = match arg.v {
                V::Missing => {
                    return Err("reflect: call of reflect.Value.Type on zero Value".to_owned())
                }
                // A nil slice or map has length 0.
                V::Nil => 0,
                V::Str(s) => s.bytes().len(),
                V::Num(n) => number_text(n).len(),
                V::Arr(a) => a.len(),
                V::Strs(s) => s.len(),
                V::Obj(m) if !env.mode.is_struct(m) => m.len(),
                v => return Err(format!("len of type {}", env.type_name(&v))),
            };
            Ok(Val::new(V::Int(i64::try_from(n).unwrap_or(i64::MAX))))
        }
        Func::Not => {
            let v = args.into_iter().next().map(concrete).unwrap_or(V::Missing);
            Ok(Val::new(V::Bool(!truth(&v))))
        }
        Func::Eq | Func::Ne => {
            let mut it = args.into_iter().map(concrete);
            let a = it.next().unwrap_or(V::Missing);
            let rest: Vec<V<'d>> = it.collect();
            let equal = eq(&a, &rest, env)?;
            Ok(Val::new(V::Bool(if f == Func::Eq {
                equal
            } else {
                !equal
            })))
        }
        Func::Lt | Func::Le | Func::Gt | Func::Ge => {
            let mut it = args.into_iter().map(concrete);
            let a = it.next().unwrap_or(V::Missing);
            let b = it.next().unwrap_or(V::Missing);
            let less = lt(&a, &b)?;
            let result = match f {
                Func::Lt => less,
                Func::Ge => !less,
                Func::Le => less || eq(&a, std::slice::from_ref(&b), env)?,
                _ => !(less || eq(&a, std::slice::from_ref(&b), env)?),
            };
            Ok(Val::new(V::Bool(result)))
        }
        Func::Json => {
            let v = args.into_iter().next().map(|a| a.v).unwrap_or(V::Nil);
            // Encoding errors leave the encoder's buffer empty: "".
            let out = json::marshal(env, &v).unwrap_or_default();
            if out.len() > cx.max_len {
                return Err("result exceeds the size limit".to_owned());
            }
            Ok(Val::str(GoStr::from(out)))
        }
        Func::Split => Ok(Val::new(V::Strs(Rc::from(split(
            str_arg(&args, 0),
            str_arg(&args, 1),
        ))))),
        Func::Join => {
            let sep = str_arg(&args, 1);
            let mut out = Vec::new();
            if let Some(V::Strs(list)) = args.first().map(|a| &a.v) {
                for (i, s) in list.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(sep);
                    }
                    out.extend_from_slice(s);
                    if out.len() > cx.max_len {
                        return Err("result exceeds the size limit".to_owned());
                    }
                }
            }
            Ok(Val::str(GoStr::from(out)))
        }
        Func::Title => Ok(Val::str(GoStr::from(title(str_arg(&args, 0))))),
        Func::Lower => Ok(Val::str(GoStr::from(map_runes(
            str_arg(&args, 0),
            to_lower,
        )))),
        Func::Upper => Ok(Val::str(GoStr::from(map_runes(
            str_arg(&args, 0),
            to_upper,
        )))),
        Func::Pad => {
            let s = str_arg(&args, 0);
            if s.is_empty() {
                return Ok(Val::str(GoStr::from(Vec::new())));
            }
            let (pre, post) = (int_arg(&args, 1), int_arg(&args, 2));
            if pre < 0 || post < 0 {
                return Err("strings: negative Repeat count".to_owned());
            }
            let total = usize::try_from(pre)
                .ok()
                .and_then(|p| usize::try_from(post).ok().and_then(|q| p.checked_add(q)))
                .and_then(|n| n.checked_add(s.len()));
            match total {
                Some(n) if n <= cx.max_len => {
                    let mut out = Vec::with_capacity(n);
                    out.resize(usize::try_from(pre).unwrap_or(0), b' ');
                    out.extend_from_slice(s);
                    out.resize(n, b' ');
                    Ok(Val::str(GoStr::from(out)))
                }
                _ => Err("result exceeds the size limit".to_owned()),
            }
        }
        Func::Truncate => {
            let s = str_arg(&args, 0);
            let n = int_arg(&args, 1);
            if i64::try_from(s.len()).unwrap_or(i64::MAX) < n {
                return Ok(Val::str(GoStr::from(s.to_vec())));
            }
            match usize::try_from(n) {
                // Go slices bytes, even inside a multi-byte character.
                Ok(n) => Ok(Val::str(GoStr::from(s[..n].to_vec()))),
                Err(_) => Err(format!("runtime error: slice bounds out of range [:{n}]")),
            }
        }
    }
}

/// `evalArgs`: one string argument as is, else `fmt.Sprint` of the
/// arguments with missing values shown as `<no value>`.
fn eval_args(args: &[Val<'_>], cx: &CallCtx<'_, '_, '_>) -> Result<Vec<u8>, String> {
    if let [Val { v: V::Str(s), .. }] = args {
        return Ok(s.bytes().to_vec());
    }
    let printable: Vec<Option<V<'_>>> = args
        .iter()
        .map(|a| match &a.v {
            V::Missing | V::Nil => Some(V::Str("<no value>".into())),
            v => Some(v.clone()),
        })
        .collect();
    let mut p = Printer::new(cx.env, cx.max_len);
    p.print(&printable);
    match p.error {
        Some(e) => Err(print_error(e)),
        None => Ok(p.buf),
    }
}

/// Go's `template.HTMLEscapeString`.
fn html_escape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        match c {
            0 => out.extend_from_slice("\u{FFFD}".as_bytes()),
            b'"' => out.extend_from_slice(b"&#34;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Go's `template.JSEscapeString`.
fn js_escape(s: &[u8]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(&c) = rest.first() {
        if c < 0x80 {
            match c {
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\'' => out.extend_from_slice(b"\\'"),
                b'"' => out.extend_from_slice(b"\\\""),
                b'<' => out.extend_from_slice(b"\\u003C"),
                b'>' => out.extend_from_slice(b"\\u003E"),
                b'&' => out.extend_from_slice(b"\\u0026"),
                b'=' => out.extend_from_slice(b"\\u003D"),
                0..=0x1f => out.extend_from_slice(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    HEX[usize::from(c >> 4)],
                    HEX[usize::from(c & 0xF)],
                ]),
                _ => out.push(c),
            }
            rest = &rest[1..];
            continue;
        }
        let (r, n) = strconv::decode_rune(rest);
        let r = r.unwrap_or(char::REPLACEMENT_CHARACTER);
        if crate::unicode::is_print(r) {
            out.extend_from_slice(&rest[..n.max(1)]);
        } else {
            out.extend_from_slice(format!("\\u{:04X}", u32::from(r)).as_bytes());
        }
        rest = rest.get(n.max(1)..).unwrap_or_default();
    }
    out
}

/// Go's `url.QueryEscape`.
fn query_escape(s: &[u8]) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~') {
            out.push(c);
        } else if c == b' ' {
            out.push(b'+');
        } else {
            out.extend_from_slice(&[b'%', HEX[usize::from(c >> 4)], HEX[usize::from(c & 0xF)]]);
        }
    }
    out
}

/// Go's `strings.Split(s, sep)`.
fn split(s: &[u8], sep: &[u8]) -> Vec<Vec<u8>> {
    if sep.is_empty() {
        // One element per UTF-8 sequence (each invalid byte on its own).
        let mut out = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            let (_, n) = strconv::decode_rune(rest);
            let n = n.max(1);
            out.push(rest[..n].to_vec());
            rest = &rest[n..];
        }
        return out;
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + sep.len() <= s.len() {
        if &s[i..i + sep.len()] == sep {
            out.push(s[start..i].to_vec());
            i += sep.len();
            start = i;
        } else {
            i += 1;
        }
    }
    out.push(s[start..].to_vec());
    out
}

/// `unicode.ToUpper`: Go's simple case mapping. Rust's full mapping agrees
/// whenever it yields a single character; Greek letters with iota subscript
/// map to their titlecase forms, as in Go.
fn to_upper(c: char) -> char {
    let cp = u32::from(c);
    if matches!(cp, 0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7) {
        return char::from_u32(cp + 8).unwrap_or(c);
    }
    match cp {
        0x1FB3 => return '\u{1FBC}',
        0x1FC3 => return '\u{1FCC}',
        0x1FF3 => return '\u{1FFC}',
        _ => {}
    }
    crate::case::simple_upper(c)
}

/// `unicode.ToLower` (simple case mapping).
fn to_lower(c: char) -> char {
    crate::case::go_lower(c)
}

/// `unicode.ToTitle`: like `ToUpper` except for the digraphs with a
/// distinct titlecase and Georgian, whose titlecase is itself.
fn to_title(c: char) -> char {
    match u32::from(c) {
        0x1C4..=0x1C6 => '\u{1C5}',
        0x1C7..=0x1C9 => '\u{1C8}',
        0x1CA..=0x1CC => '\u{1CB}',
        0x1F1..=0x1F3 => '\u{1F2}',
        0x10D0..=0x10FA | 0x10FD..=0x10FF => c,
        _ => to_upper(c),
    }
}

/// `strings.Map`, writing invalid bytes as U+FFFD.
fn map_runes(s: &[u8], f: impl Fn(char) -> char) -> Vec<u8> {
    if s.is_ascii() {
        // Go's ASCII fast path gives the same result.
        return strconv::runes(s).map(&f).collect::<String>().into_bytes();
    }
    strconv::runes(s).map(f).collect::<String>().into_bytes()
}

/// `strings.Title`: capitalises the first letter of each word.
fn title(s: &[u8]) -> Vec<u8> {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        // Letters and digits are not separators; of the rest only spaces are.
        if c.is_alphanumeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut prev = ' ';
    let mut out = String::with_capacity(s.len());
    for c in strconv::runes(s) {
        out.push(if is_separator(prev) { to_title(c) } else { c });
        prev = c;
    }
    out.into_bytes()
}

/// Go's `indexArg`.
fn index_arg(index: &V<'_>, cap: usize, env: &Env<'_, '_>) -> Result<usize, String> {
    let x: i64 = match index {
        V::Int(i) => *i,
        V::Uint(u, _) => *u as i64,
        V::Missing => return Err("cannot index slice/array with nil".to_owned()),
        v => {
            return Err(format!(
                "cannot index slice/array with type {}",
                env.type_name(v)
            ))
        }
    };
    match usize::try_from(x) {
        Ok(n) if n <= cap => Ok(n),
        _ => Err(format!("index out of range: {x}")),
    }
}

/// The `index` builtin.
fn index<'d>(item: V<'d>, indexes: Vec<V<'d>>, env: &Env<'d, '_>) -> FResult<'d> {
    if matches!(item, V::Missing) {
        return Err("index of untyped nil".to_owned());
    }
    let mut item = Val::new(item);
    for idx in indexes {
        let cur = item.unwrap_iface().v;
        item = match cur {
            V::Arr(a) => {
                let x = index_arg(&idx, a.len(), env)?;
                match a.get(x) {
                    Some(e) => Val::from_json(e, env.mode),
                    None => return Err("reflect: slice index out of range".to_owned()),
                }
            }
            V::Strs(list) => {
                let x = index_arg(&idx, list.len(), env)?;
                match list.get(x) {
                    Some(e) => Val::str(GoStr::from(e.clone())),
                    None => return Err("reflect: slice index out of range".to_owned()),
                }
            }
            V::Str(_) | V::Num(_) => {
                let bytes = string_bytes(&cur).unwrap_or_default();
                let x = index_arg(&idx, bytes.len(), env)?;
                match bytes.get(x) {
                    Some(&b) => Val::new(V::Uint(u64::from(b), "uint8")),
                    None => return Err("reflect: string index out of range".to_owned()),
                }
            }
            V::Obj(m) if !env.mode.is_struct(m) => {
                let key = match &idx {
                    V::Str(s) => s.bytes().to_vec(),
                    V::Missing => return Err("value is nil; should be of type string".to_owned()),
                    v => {
                        return Err(format!(
                            "value has type {}; should be string",
                            env.type_name(v)
                        ))
                    }
                };
                let found = std::str::from_utf8(&key).ok().and_then(|k| m.get(k));
                match found {
                    Some(e) => Val::from_json(e, env.mode),
                    None => map_zero(m, env),
                }
            }
            // Typed null is a nil slice: empty.
            V::Nil => {
                index_arg(&idx, 0, env)?;
                return Err("reflect: slice index out of range".to_owned());
            }
            v => return Err(format!("can't index item of type {}", env.type_name(&v))),
        };
    }
    Ok(item)
}

/// The zero value `index` returns for a missing map key: a nil interface
/// for `map[string]interface{}`, "" for a map of strings, nil otherwise.
fn map_zero<'d>(m: &serde_json::Map<String, Value>, env: &Env<'d, '_>) -> Val<'d> {
    if env.mode.raw {
        return Val {
            v: V::Nil,
            iface: true,
        };
    }
    if m.values().all(Value::is_string) {
        Val::str(GoStr::from(Vec::new()))
    } else {
        Val::new(V::Nil)
    }
}

/// The `slice` builtin.
fn slice<'d>(item: V<'d>, indexes: Vec<V<'d>>, env: &Env<'d, '_>) -> FResult<'d> {
    if matches!(item, V::Missing) {
        return Err("slice of untyped nil".to_owned());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let len = match &item {
        V::Str(_) | V::Num(_) => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".to_owned());
            }
            string_bytes(&item).unwrap_or_default().len()
        }
        V::Arr(a) => a.len(),
        V::Strs(s) => s.len(),
        v => return Err(format!("can't slice item of type {}", env.type_name(v))),
    };
    let mut idx = [0usize, len, len];
    for (i, index) in indexes.iter().enumerate() {
        idx[i] = index_arg(index, len, env)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    let (i, j) = (idx[0], idx[1]);
    Ok(Val::new(match item {
        V::Arr(a) => V::Arr(&a[i..j]),
        V::Strs(s) => V::Strs(Rc::from(s[i..j].to_vec())),
        other => V::Str(GoStr::from(
            string_bytes(&other).unwrap_or_default()[i..j].to_vec(),
        )),
    }))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Invalid,
    Bool,
    Complex,
    Int,
    Float,
    String,
    Uint,
}

fn basic_kind(v: &V<'_>) -> Kind {
    match v {
        V::Bool(_) => Kind::Bool,
        V::Int(_) => Kind::Int,
        V::Uint(..) => Kind::Uint,
        V::Float(_) => Kind::Float,
        V::Complex(..) => Kind::Complex,
        V::Str(_) | V::Num(_) => Kind::String,
        _ => Kind::Invalid,
    }
}

/// The `reflect.Kind` family of a non-basic value, for `canCompare`.
fn reflect_kind(v: &V<'_>, env: &Env<'_, '_>) -> u8 {
    match v {
        V::Missing => 0,
        V::Nil => 1,
        V::Arr(_) | V::Strs(_) => 2,
        V::Obj(m) if env.mode.is_struct(m) => 3,
        V::Obj(_) => 4,
        _ => 5,
    }
}

fn is_nil(v: &V<'_>) -> bool {
    matches!(v, V::Missing | V::Nil)
}

fn show(v: &V<'_>, env: &Env<'_, '_>) -> String {
    let mut p = Printer::new(env, 1 << 16);
    p.print_arg(Some(v), 'v');
    strconv::lossy(&p.buf)
}

/// Go's `eq`: whether `a` equals any of `rest`.
fn eq(a: &V<'_>, rest: &[V<'_>], env: &Env<'_, '_>) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".to_owned());
    }
    let k1 = basic_kind(a);
    for b in rest {
        let k2 = basic_kind(b);
        let truth = if k1 != k2 {
            match (a, b) {
                (V::Int(x), V::Uint(y, _)) => *x >= 0 && *x as u64 == *y,
                (V::Uint(x, _), V::Int(y)) => *y >= 0 && *x == *y as u64,
                _ => {
                    if !matches!(a, V::Missing) && !matches!(b, V::Missing) {
                        return Err("incompatible types for comparison".to_owned());
                    }
                    false
                }
            }
        } else {
            match (a, b) {
                (V::Bool(x), V::Bool(y)) => x == y,
                (V::Complex(ar, ai), V::Complex(br, bi)) => ar == br && ai == bi,
                (V::Float(x), V::Float(y)) => x == y,
                (V::Int(x), V::Int(y)) => x == y,
                (V::Uint(x, _), V::Uint(y, _)) => x == y,
                _ if k1 == Kind::String => string_bytes(a) == string_bytes(b),
                _ => {
                    let (ka, kb) = (reflect_kind(a, env), reflect_kind(b, env));
                    if ka != kb && ka != 0 && kb != 0 {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            show(a, env),
                            env.type_name(a),
                            env.type_name(b),
                            show(b, env)
                        ));
                    }
                    if is_nil(a) || is_nil(b) {
                        is_nil(a) == is_nil(b)
                    } else {
                        match (a, b) {
                            // Structs compare field by field, unless a field is a
                            // slice or map, which makes the type non-comparable.
                            (V::Obj(x), V::Obj(y))
                                if env.mode.is_struct(x)
                                    && !y.values().any(|v| v.is_array() || v.is_object()) =>
                            {
                                x == y
                            }
                            _ => {
                                return Err(format!(
                                    "non-comparable type {}: {}",
                                    show(b, env),
                                    env.type_name(b)
                                ))
                            }
                        }
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt`.
fn lt(a: &V<'_>, b: &V<'_>) -> Result<bool, String> {
    let (k1, k2) = (basic_kind(a), basic_kind(b));
    if k1 == Kind::Invalid || k2 == Kind::Invalid {
        return Err("invalid type for comparison".to_owned());
    }
    if k1 != k2 {
        return match (a, b) {
            (V::Int(x), V::Uint(y, _)) => Ok(*x < 0 || (*x as u64) < *y),
            (V::Uint(x, _), V::Int(y)) => Ok(*y >= 0 && *x < *y as u64),
            _ => Err("incompatible types for comparison".to_owned()),
        };
    }
    match (a, b) {
        (V::Float(x), V::Float(y)) => Ok(x < y),
        (V::Int(x), V::Int(y)) => Ok(x < y),
        (V::Uint(x, _), V::Uint(y, _)) => Ok(x < y),
        _ if k1 == Kind::String => Ok(string_bytes(a) < string_bytes(b)),
        _ => Err("invalid type for comparison".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_helpers() {
        assert_eq!(
            split(b"a,b,,c", b","),
            [b"a".to_vec(), b"b".to_vec(), b"".to_vec(), b"c".to_vec()]
        );
        assert_eq!(split(b"", b","), [b"".to_vec()]);
        assert_eq!(
            split("aé".as_bytes(), b""),
            [b"a".to_vec(), "é".as_bytes().to_vec()]
        );
        assert_eq!(title(b"hello wORLD-foo_bar"), b"Hello WORLD-Foo_bar");
        assert_eq!(title("ǆemal ǳ".as_bytes()), "ǅemal ǲ".as_bytes());
        assert_eq!(
            map_runes("straße".as_bytes(), to_upper),
            "STRAßE".as_bytes()
        );
        assert_eq!(map_runes("İ".as_bytes(), to_lower), b"i");
        assert_eq!(map_runes(b"a\xffb", to_upper), "A\u{FFFD}B".as_bytes());
        assert_eq!(
            html_escape(b"<a href='x'>&\"</a>"),
            b"&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"
        );
        assert_eq!(
            js_escape("a'b\u{1}<é\u{2028}".as_bytes()),
            "a\\'b\\u0001\\u003Cé\\u2028".as_bytes()
        );
        assert_eq!(query_escape(b"a b&c/~"), b"a+b%26c%2F~");
    }
}

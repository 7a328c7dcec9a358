//! Go values as the template engine sees them, built over `serde_json::Value`.
//!
//! Docker runs templates over two kinds of data, and [`Mode`] selects which:
//!
//! - **Typed** (Go structs, the normal case). JSON numbers are Go integers or
//!   floats. A JSON object whose keys all start with an ASCII capital letter
//!   is taken to be a struct (Go's exported fields): a missing field is an
//!   error and it prints as `{v1 v2 …}`. Any other object is a map: a
//!   missing key gives `<no value>` and it prints as `map[k:v …]`. JSON null
//!   could be a nil pointer, slice or map, which JSON cannot tell apart; it
//!   is taken to be a nil slice, the most common case in Docker's JSON
//!   (`Aliases`, `Links`, an exposed-only port's bindings): it prints as
//!   `[]` and is empty to `range`, `len` and `index`.
//! - **Raw** (what `docker inspect` falls back to: the JSON decoded into
//!   `interface{}` with `UseNumber`). Every object is a
//!   `map[string]interface{}`, numbers are `json.Number` (a string type),
//!   and values taken out of maps and slices have static type
//!   `interface {}`, which shows in Go's error messages.

use std::rc::Rc;

use serde_json::{Map, Number, Value};

/// Deepest nesting of JSON values that printing ([`super::gofmt`]) and
/// encoding ([`super::json`]) follow.
pub(super) const MAX_VALUE_DEPTH: usize = 100;

/// How JSON data is interpreted; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mode {
    /// Raw `map[string]interface{}` data with `json.Number`s.
    pub raw: bool,
    /// In typed mode, whether capitalised objects are structs.
    pub structs: bool,
}

impl Mode {
    pub fn is_struct(self, m: &Map<String, Value>) -> bool {
        !self.raw
            && self.structs
            && !m.is_empty()
            && m.keys()
                .all(|k| k.as_bytes().first().is_some_and(u8::is_ascii_uppercase))
    }
}

/// A Go string: bytes, possibly not UTF-8.
#[derive(Clone, Debug)]
pub(super) enum GoStr<'d> {
    Borrowed(&'d [u8]),
    Owned(Rc<[u8]>),
}

impl GoStr<'_> {
    pub fn bytes(&self) -> &[u8] {
        match self {
            GoStr::Borrowed(b) => b,
            GoStr::Owned(b) => b,
        }
    }
}

impl From<Vec<u8>> for GoStr<'_> {
    fn from(v: Vec<u8>) -> Self {
        GoStr::Owned(Rc::from(v))
    }
}

impl From<&str> for GoStr<'_> {
    fn from(v: &str) -> Self {
        GoStr::Owned(Rc::from(v.as_bytes()))
    }
}

/// A Go value.
#[derive(Clone, Debug)]
pub(super) enum V<'d> {
    /// The zero `reflect.Value`: a missing map key, an untyped nil.
    Missing,
    /// A nil interface (raw mode) or a nil slice (typed mode).
    Nil,
    Bool(bool),
    /// A Go `int`.
    Int(i64),
    /// An unsigned integer and its Go type name.
    Uint(u64, &'static str),
    Float(f64),
    Complex(f64, f64),
    Str(GoStr<'d>),
    /// A raw-mode `json.Number`.
    Num(&'d Number),
    /// A slice of JSON values.
    Arr(&'d [Value]),
    /// A JSON object (a struct or a map, depending on [`Mode`]).
    Obj(&'d Map<String, Value>),
    /// A `[]string`, as `split` returns.
    Strs(Rc<[Vec<u8>]>),
}

/// A value plus whether its static type is `interface {}` (raw-mode values
/// read out of a map or slice, before a pipeline unwraps them).
#[derive(Clone, Debug)]
pub(super) struct Val<'d> {
    pub v: V<'d>,
    pub iface: bool,
}

impl<'d> Val<'d> {
    pub fn new(v: V<'d>) -> Self {
        Val { v, iface: false }
    }

    pub fn missing() -> Self {
        Val::new(V::Missing)
    }

    pub fn str(s: impl Into<GoStr<'d>>) -> Self {
        Val::new(V::Str(s.into()))
    }

    /// A value read from inside JSON data.
    pub fn from_json(v: &'d Value, mode: Mode) -> Self {
        let v2 = match v {
            Value::Null => V::Nil,
            Value::Bool(b) => V::Bool(*b),
            Value::Number(n) if mode.raw => V::Num(n),
            Value::Number(n) => number(n),
            Value::String(s) => V::Str(GoStr::Borrowed(s.as_bytes())),
            Value::Array(a) => V::Arr(a),
            Value::Object(m) => V::Obj(m),
        };
        Val {
            v: v2,
            iface: mode.raw,
        }
    }

    /// The data passed to `Execute`. In raw mode a JSON null is
    /// `reflect.ValueOf(nil)`, the zero Value.
    pub fn root(v: &'d Value, mode: Mode) -> Self {
        if mode.raw && v.is_null() {
            return Val::missing();
        }
        Val {
            iface: false,
            ..Val::from_json(v, mode)
        }
    }

    /// What `evalPipeline` does to each command's result: an empty interface
    /// is replaced by the value inside it (a nil one by the zero Value).
    pub fn unwrap_iface(self) -> Self {
        if !self.iface {
            return self;
        }
        match self.v {
            V::Nil => Val::missing(),
            v => Val::new(v),
        }
    }
}

/// A typed-mode JSON number: a Go int when it fits, else uint64, else float64.
pub(super) fn number(n: &Number) -> V<'static> {
    if let Some(i) = n.as_i64() {
        V::Int(i)
    } else if let Some(u) = n.as_u64() {
        V::Uint(u, "uint64")
    } else {
        V::Float(n.as_f64().unwrap_or(0.0))
    }
}

/// A method of the root value that takes string arguments and returns a
/// string, such as `ContainerContext.Label(name string) string` behind
/// `docker ps --format '{{.Label "com.example"}}'`.
pub struct Method<'a> {
    /// The method name, e.g. `Label`.
    pub name: &'a str,
    /// Number of string parameters.
    pub arity: usize,
    /// The method; `Err` becomes Go's "error calling NAME: …".
    pub call: &'a dyn Fn(&[&str]) -> Result<String, String>,
}

/// Environment shared by printing, JSON encoding and execution.
pub(super) struct Env<'d, 'o> {
    pub mode: Mode,
    pub root: &'d Value,
    /// Go type name of the root value, for error messages.
    pub root_type: &'o str,
}

impl Env<'_, '_> {
    /// Go's `reflect.Type.String()` of a value, as far as JSON can tell.
    pub fn type_name(&self, v: &V<'_>) -> String {
        match v {
            V::Missing => "interface {}".to_owned(),
            V::Nil if self.mode.raw => "interface {}".to_owned(),
            V::Nil => "[]interface {}".to_owned(),
            V::Bool(_) => "bool".to_owned(),
            V::Int(_) => "int".to_owned(),
            V::Uint(_, t) => (*t).to_owned(),
            V::Float(_) => "float64".to_owned(),
            V::Complex(..) => "complex128".to_owned(),
            V::Str(_) => "string".to_owned(),
            V::Num(_) => "json.Number".to_owned(),
            V::Strs(_) => "[]string".to_owned(),
            V::Arr(a) => {
                if !self.mode.raw && !a.is_empty() && a.iter().all(Value::is_string) {
                    "[]string".to_owned()
                } else {
                    "[]interface {}".to_owned()
                }
            }
            V::Obj(m) => {
                if self.mode.is_struct(m) {
                    if let Value::Object(root) = self.root {
                        if std::ptr::eq(*m, root) {
                            return self.root_type.to_owned();
                        }
                    }
                    "struct".to_owned()
                } else if !self.mode.raw && m.values().all(Value::is_string) {
                    "map[string]string".to_owned()
                } else {
                    "map[string]interface {}".to_owned()
                }
            }
        }
    }

    /// The static type of a value: `interface {}` for an unwrapped element.
    pub fn static_type(&self, v: &Val<'_>) -> String {
        if v.iface {
            "interface {}".to_owned()
        } else {
            self.type_name(&v.v)
        }
    }
}

/// Go's `isTrue`: the zero value of a type is false. Never fails for the
/// values JSON can produce.
pub(super) fn truth(v: &V<'_>) -> bool {
    match v {
        V::Missing | V::Nil => false,
        V::Bool(b) => *b,
        V::Int(i) => *i != 0,
        V::Uint(u, _) => *u != 0,
        V::Float(f) => *f != 0.0,
        V::Complex(r, i) => *r != 0.0 || *i != 0.0,
        V::Str(s) => !s.bytes().is_empty(),
        // json.Number is a string: "0" is true.
        V::Num(n) => !n.to_string().is_empty(),
        V::Arr(a) => !a.is_empty(),
        // A struct is always true; a map when non-empty.
        V::Obj(m) => !m.is_empty(),
        V::Strs(s) => !s.is_empty(),
    }
}

/// Whether `v` is a Go string kind (`string` or `json.Number`).
pub(super) fn string_bytes(v: &V<'_>) -> Option<Vec<u8>> {
    match v {
        V::Str(s) => Some(s.bytes().to_vec()),
        V::Num(n) => Some(super::number::number_text(n).into_bytes()),
        _ => None,
    }
}

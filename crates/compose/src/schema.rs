//! Schema checks with compose-go's own JSON schema: `schema/compose-spec.json`
//! from `compose-spec/compose-go@e70e961` (descriptions and other
//! annotations stripped; 20 KB, 2.9 KB gzipped), interpreted by a small
//! validator for the keywords it uses (`type`, `$ref`, `properties`,
//! `patternProperties`, `additionalProperties`, `items`, `oneOf`, `enum`,
//! `required`, `uniqueItems`, `minimum`, `maximum`, `pattern`).
//!
//! Every key Compose accepts is therefore accepted here with the same types,
//! modelled or not, and every refusal has compose-go's words: the most
//! specific cause is chosen as `schema.go` getMostSpecificError does (the
//! deepest instance path; `additionalProperties` counts one deeper; the
//! first in document order on a tie, where Go's map order is random), and
//! worded as `validationError.Error` with `santhosh-tekuri/jsonschema/v6`'s
//! kinds: `services.web.ports must be a array`, `services.web additional
//! properties 'prots' not allowed`, `… value must be one of 'a', 'b'`,
//! `… missing property 'x'`, `… must be greater than or equal to 0`.
//!
//! The validator recurses along the document, whose depth the YAML layer
//! bounds ([`crate::yaml::MAX_DEPTH`]), and along `$ref`s, which in this
//! schema never loop without consuming a level of the document.

use crate::yaml::{Kind, Node, Pos};
use bridgeport_golib::sorted_map::SortedMap;
use serde_json::{Map, Value};
use std::sync::OnceLock;

const SPEC: &str = include_str!("../schema/compose-spec.json");

fn spec() -> &'static Value {
    static SPEC_VALUE: OnceLock<Value> = OnceLock::new();
    SPEC_VALUE.get_or_init(|| serde_json::from_str(SPEC).unwrap_or(Value::Bool(true)))
}

/// A schema violation: compose-go's sentence (without the `validating
/// <file>: ` prefix) and the position of the offending value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// `services.web.ports must be a array`.
    pub message: String,
    /// Where the offending value (or, for an unknown key, that key) is.
    pub pos: Pos,
}

#[derive(Debug)]
enum ErrKind {
    Type(Vec<String>),
    Enum(Vec<Value>),
    AdditionalProperties(Vec<(String, Pos)>),
    Required(Vec<String>),
    Minimum(String),
    Maximum(String),
    Pattern(String, String),
    UniqueItems(usize, usize),
    OneOfMany(usize, usize),
    False,
    /// A node with causes (Group, Reference, OneOf none matched).
    Group,
}

#[derive(Debug)]
struct VErr {
    path: Vec<String>,
    pos: Pos,
    kind: ErrKind,
    causes: Vec<VErr>,
}

/// Validates a whole (merged, interpolated) compose document.
pub fn validate(root: &Node) -> Result<(), Violation> {
    let spec = spec();
    let mut path = Vec::new();
    match check(spec, spec, root, &mut path) {
        None => Ok(()),
        Some(e) => {
            let leaf = most_specific(&e);
            Err(Violation {
                message: describe(leaf),
                pos: match &leaf.kind {
                    ErrKind::AdditionalProperties(keys) => keys.first().map_or(leaf.pos, |k| k.1),
                    _ => leaf.pos,
                },
            })
        }
    }
}

fn specificity(e: &VErr) -> usize {
    match e.kind {
        ErrKind::AdditionalProperties(_) => e.path.len() + 1,
        _ => e.path.len(),
    }
}

fn most_specific(e: &VErr) -> &VErr {
    if e.causes.is_empty() {
        return e;
    }
    let mut best: Option<&VErr> = None;
    for c in &e.causes {
        let c = most_specific(c);
        if best.is_none_or(|b| specificity(c) > specificity(b)) {
            best = Some(c);
        }
    }
    best.unwrap_or(e)
}

fn quote(s: &str) -> String {
    // jsonschema kind.go quote: Go %q, then `\"` → `"`, `'` → `\'`.
    let q = crate::yaml::go_quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn human_type(t: &str) -> &str {
    if t == "object" {
        "mapping"
    } else {
        t
    }
}

fn describe(e: &VErr) -> String {
    let path = e.path.join(".");
    match &e.kind {
        ErrKind::Type(want) => {
            let text = if want.len() == 1 {
                human_type(&want[0]).to_string()
            } else {
                let mut w: Vec<&str> = want.iter().map(|t| human_type(t)).collect();
                bridgeport_golib::sort::sort(&mut w);
                let last = w.pop().unwrap_or_default();
                format!("{} or {last}", w.join(", "))
            };
            format!("{path} must be a {text}")
        }
        ErrKind::Minimum(n) => format!("{path} must be greater than or equal to {n}"),
        ErrKind::Maximum(n) => format!("{path} must be less than or equal to {n}"),
        ErrKind::Enum(values) => {
            let shown: Vec<String> = values
                .iter()
                .map(|v| match v {
                    Value::String(s) => quote(s),
                    Value::Null => "<nil>".to_string(),
                    other => other.to_string(),
                })
                .collect();
            if shown.len() == 1 {
                format!("{path} value must be {}", shown[0])
            } else {
                format!("{path} value must be one of {}", shown.join(", "))
            }
        }
        ErrKind::AdditionalProperties(keys) => {
            let k: Vec<String> = keys.iter().map(|(k, _)| quote(k)).collect();
            format!("{path} additional properties {} not allowed", k.join(", "))
        }
        ErrKind::Required(missing) => {
            let k: Vec<String> = missing.iter().map(|k| quote(k)).collect();
            if k.len() == 1 {
                format!("{path} missing property {}", k[0])
            } else {
                format!("{path} missing properties {}", k.join(", "))
            }
        }
        ErrKind::Pattern(got, want) => {
            format!(
                "{path} {} does not match pattern {}",
                quote(got),
                quote(want)
            )
        }
        ErrKind::UniqueItems(i, j) => format!("{path} items at {i} and {j} are equal"),
        ErrKind::OneOfMany(i, j) => format!("{path} oneOf failed, subschemas {i}, {j} matched"),
        ErrKind::False => format!("{path} false schema"),
        ErrKind::Group => format!("{path} validation failed"),
    }
}

/// The JSON type of a node, as jsonschema sees the marshalled value.
fn json_type(n: &Node) -> &'static str {
    match &n.kind {
        Kind::Null => "null",
        Kind::Bool(_) => "boolean",
        Kind::Int(_) => "integer",
        Kind::Float(f) if f.fract() == 0.0 && f.is_finite() => "integer",
        Kind::Float(_) => "number",
        Kind::Str(_) => "string",
        Kind::Seq(_) => "array",
        Kind::Map(_) => "object",
    }
}

fn type_matches(want: &str, n: &Node) -> bool {
    let t = json_type(n);
    want == t || (want == "number" && t == "integer")
}

/// The few patterns compose-spec.json uses, matched by hand (no regex
/// engine in the page); an unknown pattern matches.
fn pattern_matches(pattern: &str, s: &str) -> bool {
    let charset = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    match pattern {
        "^x-" => s.starts_with("x-"),
        "^[a-zA-Z0-9._-]+$" => !s.is_empty() && s.chars().all(charset),
        "^.+$" | ".+" => !s.is_empty() && s.chars().any(|c| c != '\n'),
        "^[a-z]+$" => !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase()),
        // Unanchored: somewhere an alphanumeric followed by one or more of
        // the set (container_name).
        "[a-zA-Z0-9][a-zA-Z0-9_.-]+" => {
            let c: Vec<char> = s.chars().collect();
            c.windows(2)
                .any(|w| w[0].is_ascii_alphanumeric() && charset(w[1]))
        }
        // pull_policy: unanchored alternatives.
        "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+" => {
            [
                "always",
                "never",
                "build",
                "if_not_present",
                "missing",
                "refresh",
                "daily",
                "weekly",
            ]
            .iter()
            .any(|w| s.contains(w))
                || s.match_indices("every_").any(|(i, _)| {
                    let rest = &s[i + 6..];
                    let digits = rest.chars().take_while(char::is_ascii_digit).count();
                    digits > 0 && rest[digits..].starts_with(['w', 'd', 'h', 'm', 's'])
                })
        }
        _ => true,
    }
}

fn resolve<'a>(root: &'a Value, r: &str) -> Option<&'a Value> {
    let mut cur = root;
    for part in r.strip_prefix("#/")?.split('/') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

fn equal(v: &Value, n: &Node) -> bool {
    match (v, &n.kind) {
        (Value::String(a), Kind::Str(b)) => a == b,
        (Value::Bool(a), Kind::Bool(b)) => a == b,
        (Value::Null, Kind::Null) => true,
        (Value::Number(a), Kind::Int(b)) => a.as_i64() == Some(*b) || a.as_f64() == Some(*b as f64),
        (Value::Number(a), Kind::Float(b)) => a.as_f64() == Some(*b),
        _ => false,
    }
}

/// A text equal for equal JSON values (numbers by value, object keys in
/// any order).
fn canon(n: &Node, out: &mut String) {
    match &n.kind {
        Kind::Null => out.push('n'),
        Kind::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Kind::Int(i) => {
            out.push('#');
            out.push_str(&i.to_string());
        }
        Kind::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e18 => {
            out.push('#');
            out.push_str(&(*f as i64).to_string());
        }
        Kind::Float(f) => {
            out.push('#');
            out.push_str(&f.to_string());
        }
        Kind::Str(s) => {
            out.push('"');
            out.push_str(&s.replace('\\', "\\\\").replace('"', "\\\""));
            out.push('"');
        }
        Kind::Seq(items) => {
            out.push('[');
            for i in items {
                canon(i, out);
                out.push(',');
            }
            out.push(']');
        }
        Kind::Map(entries) => {
            let mut parts: Vec<String> = entries
                .iter()
                .map(|(k, v)| {
                    let mut p = String::new();
                    canon(k, &mut p);
                    p.push(':');
                    canon(v, &mut p);
                    p
                })
                .collect();
            bridgeport_golib::sort::sort(&mut parts);
            out.push('{');
            out.push_str(&parts.join(","));
            out.push('}');
        }
    }
}

fn err(path: &[String], pos: Pos, kind: ErrKind) -> VErr {
    VErr {
        path: path.to_vec(),
        pos,
        kind,
        causes: Vec::new(),
    }
}

fn num_text(v: &Value) -> String {
    match v.as_f64() {
        Some(f) if f.fract() == 0.0 => format!("{}", f as i64),
        Some(f) => f.to_string(),
        None => v.to_string(),
    }
}

fn check(root: &Value, schema: &Value, n: &Node, path: &mut Vec<String>) -> Option<VErr> {
    let s: &Map<String, Value> = match schema {
        Value::Bool(true) => return None,
        Value::Bool(false) => return Some(err(path, n.pos, ErrKind::False)),
        Value::Object(m) => m,
        _ => return None,
    };
    // type: a mismatch ends the checks of this schema.
    if let Some(t) = s.get("type") {
        let want: Vec<String> = match t {
            Value::String(x) => vec![x.clone()],
            Value::Array(xs) => xs
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        if !want.is_empty() && !want.iter().any(|w| type_matches(w, n)) {
            return Some(err(path, n.pos, ErrKind::Type(want)));
        }
    }
    if let Some(Value::Array(values)) = s.get("enum") {
        if !values.iter().any(|v| equal(v, n)) {
            return Some(err(path, n.pos, ErrKind::Enum(values.clone())));
        }
    }
    let mut errors: Vec<VErr> = Vec::new();
    if let Some(Value::String(r)) = s.get("$ref") {
        if let Some(target) = resolve(root, r) {
            if let Some(e) = check(root, target, n, path) {
                errors.push(wrap(path, n.pos, e));
            }
        }
    }
    match &n.kind {
        Kind::Map(entries) => check_object(root, s, n, entries, path, &mut errors),
        Kind::Seq(items) => {
            if s.get("uniqueItems") == Some(&Value::Bool(true)) {
                // The first item equal to an earlier one, by a canonical
                // text (linear, where comparing pairs was quadratic).
                let mut seen: SortedMap<String, usize> = SortedMap::new();
                for (j, item) in items.iter().enumerate() {
                    let mut key = String::new();
                    canon(item, &mut key);
                    if let Some(&i) = seen.get(&key) {
                        errors.push(err(path, n.pos, ErrKind::UniqueItems(i, j)));
                        break;
                    }
                    seen.insert(key, j);
                }
            }
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    if let Some(e) = check(root, item_schema, item, path) {
                        errors.push(e);
                    }
                    path.pop();
                }
            }
        }
        Kind::Str(text) => {
            if let Some(Value::String(p)) = s.get("pattern") {
                if !pattern_matches(p, text) {
                    errors.push(err(path, n.pos, ErrKind::Pattern(text.clone(), p.clone())));
                }
            }
        }
        Kind::Int(_) | Kind::Float(_) => {
            let v = match n.kind {
                Kind::Int(i) => i as f64,
                Kind::Float(f) => f,
                _ => 0.0,
            };
            if let Some(min) = s.get("minimum") {
                if min.as_f64().is_some_and(|m| v < m) {
                    errors.push(err(path, n.pos, ErrKind::Minimum(num_text(min))));
                }
            }
            if let Some(max) = s.get("maximum") {
                if max.as_f64().is_some_and(|m| v > m) {
                    errors.push(err(path, n.pos, ErrKind::Maximum(num_text(max))));
                }
            }
        }
        _ => {}
    }
    if let Some(Value::Array(subs)) = s.get("oneOf") {
        let mut matched = Vec::new();
        let mut causes = Vec::new();
        for (i, sub) in subs.iter().enumerate() {
            match check(root, sub, n, path) {
                None => matched.push(i),
                Some(e) => causes.push(e),
            }
        }
        if matched.is_empty() {
            let mut e = err(path, n.pos, ErrKind::Group);
            e.causes = causes;
            errors.push(e);
        } else if matched.len() > 1 {
            errors.push(err(path, n.pos, ErrKind::OneOfMany(matched[0], matched[1])));
        }
    }
    match errors.len() {
        0 => None,
        1 => errors.pop(),
        _ => {
            let mut e = err(path, n.pos, ErrKind::Group);
            e.causes = errors;
            Some(e)
        }
    }
}

fn wrap(path: &[String], pos: Pos, e: VErr) -> VErr {
    let mut r = err(path, pos, ErrKind::Group);
    if matches!(e.kind, ErrKind::Group) && e.path == path {
        r.causes = e.causes;
    } else {
        r.causes.push(e);
    }
    r
}

fn check_object(
    root: &Value,
    s: &Map<String, Value>,
    n: &Node,
    entries: &[(Node, Node)],
    path: &mut Vec<String>,
    errors: &mut Vec<VErr>,
) {
    if let Some(Value::Array(req)) = s.get("required") {
        let missing: Vec<String> = req
            .iter()
            .filter_map(Value::as_str)
            .filter(|r| !entries.iter().any(|(k, _)| k.as_str() == Some(r)))
            .map(str::to_string)
            .collect();
        if !missing.is_empty() {
            errors.push(err(path, n.pos, ErrKind::Required(missing)));
        }
    }
    let props = s.get("properties").and_then(Value::as_object);
    let patterns = s.get("patternProperties").and_then(Value::as_object);
    let additional = s.get("additionalProperties");
    let mut extra: Vec<(String, Pos)> = Vec::new();
    for (k, v) in entries {
        let name = crate::normalize::scalar_text(k).unwrap_or_default();
        let mut evaluated = false;
        if let Some(sub) = props.and_then(|p| p.get(&name)) {
            evaluated = true;
            path.push(name.clone());
            if let Some(e) = check(root, sub, v, path) {
                errors.push(e);
            }
            path.pop();
        }
        if let Some(pats) = patterns {
            for (p, sub) in pats {
                if pattern_matches(p, &name) {
                    evaluated = true;
                    path.push(name.clone());
                    if let Some(e) = check(root, sub, v, path) {
                        errors.push(e);
                    }
                    path.pop();
                }
            }
        }
        if !evaluated {
            match additional {
                Some(Value::Bool(false)) => extra.push((name, k.pos)),
                Some(sub @ Value::Object(_)) => {
                    path.push(name.clone());
                    if let Some(e) = check(root, sub, v, path) {
                        errors.push(e);
                    }
                    path.pop();
                }
                _ => {}
            }
        }
    }
    if !extra.is_empty() {
        errors.push(err(path, n.pos, ErrKind::AdditionalProperties(extra)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_text(yaml: &str) -> Result<(), String> {
        let doc = crate::yaml::parse(yaml).unwrap().remove(0);
        validate(&doc).map_err(|v| v.message)
    }

    #[test]
    fn the_embedded_schema_parses() {
        assert!(spec().get("$defs").is_some());
    }

    // Reference §4.1 E8–E14 (v5.5 harness).
    #[test]
    fn messages_match_compose_go() {
        let e = |y: &str| check_text(y).unwrap_err();
        assert_eq!(
            e("services:\n  web:\n    image: a\n    prots: []\n"),
            "services.web additional properties 'prots' not allowed"
        );
        assert_eq!(
            e("service:\n  web:\n    image: a\n"),
            " additional properties 'service' not allowed"
        );
        assert_eq!(
            e("services:\n  my web:\n    image: a\n"),
            "services additional properties 'my web' not allowed"
        );
        assert_eq!(
            e("services:\n  web:\n    image: a\n    ports: \"8080:80\"\n"),
            "services.web.ports must be a array"
        );
        assert_eq!(
            e("services:\n  web:\n    image: a\n    networks: frontend\n"),
            "services.web.networks must be a array"
        );
        assert_eq!(
            e("services:\n  web:\n    image: 5\n"),
            "services.web.image must be a string"
        );
        assert_eq!(
            e("services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_ready\n"),
            "services.web.depends_on.db.condition value must be one of 'service_started', 'service_healthy', 'service_completed_successfully'"
        );
        assert!(check_text("services:\n  web:\n    image: a\n    ports: [\"80\", 81, {target: 82}]\n    x-foo: 1\nx-common: {}\n").is_ok());
    }
}

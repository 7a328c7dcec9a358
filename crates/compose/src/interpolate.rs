//! Variable substitution as compose-go's `template` and `interpolation`
//! packages do it: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` for a
//! literal `$`, defaults and messages themselves interpolated; an unset
//! plain variable warns ``The "X" variable is not set. Defaulting to a blank
//! string.``. Over a tree, every string value is substituted (keys are not),
//! and the strings at compose-go's typed paths are cast afterwards
//! (`loader/interpolate.go` interpolateTypeCastMapping: `scale: "${N}"` is a
//! number, `internal: "yes"` a boolean with YAML 1.2's warning).
//!
//! Errors are compose-go's: ``error while interpolating services.web.ports.[]:
//! required variable WEB_PORT is missing a value: set WEB_PORT first`` and
//! ``invalid interpolation format for services.web.image.\nYou may need to
//! escape any $ with another $.\n${}``. Nesting of defaults is bounded by
//! [`MAX_NESTING`].

use crate::yaml::{Kind, Node};

/// Deepest nesting of `${A:-${B:-…}}` accepted.
pub const MAX_NESTING: usize = 32;

/// Why a template failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// compose-go `InvalidTemplateError` (the whole template).
    Invalid(String),
    /// compose-go `MissingRequiredError`.
    Required {
        /// The variable.
        var: String,
        /// The message after `?`/`:?`, interpolated.
        reason: String,
    },
    /// A Bridgeport limit.
    TooDeep,
}

impl TemplateError {
    /// The error's text inside compose-go's wrapping.
    pub fn text(&self) -> String {
        match self {
            TemplateError::Invalid(t) => format!("Invalid template: {}", crate::yaml::go_quote(t)),
            TemplateError::Required { var, reason } if reason.is_empty() => {
                format!("required variable {var} is missing a value")
            }
            TemplateError::Required { var, reason } => {
                format!("required variable {var} is missing a value: {reason}")
            }
            TemplateError::TooDeep => {
                format!("bridgeport: interpolation nested more than {MAX_NESTING} levels deep")
            }
        }
    }
}

/// Substitutes variables in `template`. `lookup` gives a variable's value
/// (`None` when unset); unset plain variables are reported in `unset`, in
/// order (compose-go logs a warning for each).
pub fn substitute(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    unset: &mut Vec<String>,
) -> Result<String, TemplateError> {
    substitute_at(template, lookup, unset, 0)
}

fn is_name_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn is_name(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

/// compose-go `getFirstBraceClosingIndex`.
fn first_brace_closing(s: &[u8]) -> Option<usize> {
    let mut open = 0i32;
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'}' {
            open -= 1;
            if open == 0 {
                return Some(i);
            }
        }
        if s[i] == b'{' {
            open += 1;
            i += 1;
        }
        i += 1;
    }
    None
}

fn substitute_at(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    unset: &mut Vec<String>,
    depth: usize,
) -> Result<String, TemplateError> {
    if depth > MAX_NESTING {
        return Err(TemplateError::TooDeep);
    }
    let b = template.as_bytes();
    let mut out = String::with_capacity(template.len());
    let mut i = 0;
    let mut lit = 0; // start of the pending literal run
    let mut first_err: Option<TemplateError> = None;
    while i < b.len() {
        if b[i] != b'$' || i + 1 >= b.len() {
            i += 1;
            continue;
        }
        let next = b[i + 1];
        if next == b'$' {
            out.push_str(&template[lit..i]);
            out.push('$');
            i += 2;
            lit = i;
        } else if is_name_start(next) {
            out.push_str(&template[lit..i]);
            let mut j = i + 1;
            while j < b.len() && is_name(b[j]) {
                j += 1;
            }
            let name = &template[i + 1..j];
            match lookup(name) {
                Some(v) => out.push_str(&v),
                None => unset.push(name.to_string()),
            }
            i = j;
            lit = i;
        } else if next == b'{' {
            out.push_str(&template[lit..i]);
            // The regexp's braced form: a name, then `}` or an operator and
            // a greedy `.*` up to the last `}` on the line.
            let mut j = i + 2;
            let end = if j < b.len() && is_name_start(b[j]) {
                while j < b.len() && is_name(b[j]) {
                    j += 1;
                }
                if j < b.len() && b[j] == b'}' {
                    Some(j + 1)
                } else {
                    let mut k = j;
                    if k < b.len() && b[k] == b':' {
                        k += 1;
                    }
                    if k < b.len() && matches!(b[k], b'-' | b'+' | b'?') {
                        let line_end = template[k..].find('\n').map_or(b.len(), |e| k + e);
                        template[k..line_end].rfind('}').map(|e| k + e + 1)
                    } else {
                        None
                    }
                }
            } else {
                None
            };
            let Some(end) = end else {
                // `${` followed by anything else: the "invalid" group.
                if first_err.is_none() {
                    first_err = Some(TemplateError::Invalid(template.to_string()));
                }
                i += 2;
                lit = i;
                continue;
            };
            let matched = &template[i..end];
            let (sub, rest) = match first_brace_closing(matched.as_bytes()) {
                Some(c) => (&matched[..=c], &matched[c + 1..]),
                None => (matched, ""),
            };
            match braced(sub, rest, lookup, unset, depth) {
                Ok(v) => out.push_str(&v),
                Err(e) => {
                    if first_err.is_none() {
                        first_err = Some(e);
                    }
                }
            }
            i = end;
            lit = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&template[lit..]);
    match first_err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// One `${…}` (already cut at its first closing brace) and the text after
/// it that the regexp swallowed.
fn braced(
    sub: &str,
    rest: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    unset: &mut Vec<String>,
    depth: usize,
) -> Result<String, TemplateError> {
    let inner = sub
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or("");
    let name_len = inner.bytes().take_while(|&c| is_name(c)).count();
    let name = &inner[..name_len];
    let op_text = &inner[name_len..];
    if name.is_empty() || !is_name_start(name.as_bytes()[0]) {
        return Err(TemplateError::Invalid(sub.to_string()));
    }
    let ops = [":?", "?", ":-", "-", ":+", "+"];
    let Some(op) = ops.iter().find(|o| op_text.starts_with(**o)) else {
        if !op_text.is_empty() {
            return Err(TemplateError::Invalid(sub.to_string()));
        }
        let v = match lookup(name) {
            Some(v) => v,
            None => {
                unset.push(name.to_string());
                String::new()
            }
        };
        return Ok(v);
    };
    let arg = &op_text[op.len()..];
    let value = lookup(name);
    let nested = |s: &str, unset: &mut Vec<String>| substitute_at(s, lookup, unset, depth + 1);
    let v = match *op {
        ":?" | "?" => {
            let ok = match &value {
                Some(v) => *op == "?" || !v.is_empty(),
                None => false,
            };
            if !ok {
                let reason = nested(arg, unset)?;
                return Err(TemplateError::Required {
                    var: name.to_string(),
                    reason,
                });
            }
            value.unwrap_or_default()
        }
        ":-" | "-" => {
            let use_default = match &value {
                None => true,
                Some(v) => *op == ":-" && v.is_empty(),
            };
            if use_default {
                nested(arg, unset)?
            } else {
                value.unwrap_or_default()
            }
        }
        _ => {
            let use_alt = match &value {
                None => false,
                Some(v) => *op == "+" || !v.is_empty(),
            };
            if use_alt {
                nested(arg, unset)?
            } else {
                value.unwrap_or_default()
            }
        }
    };
    Ok(v + &nested(rest, unset)?)
}

/// How a typed path's string is cast after substitution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cast {
    Int,
    Float,
    Bool,
}

/// compose-go's `interpolateTypeCastMapping` for the paths the schema
/// types (`*` any key, `[]` any list item).
const CASTS: &[(&str, Cast)] = &[
    ("services.*.cpu_count", Cast::Int),
    ("services.*.cpu_percent", Cast::Float),
    ("services.*.cpu_period", Cast::Int),
    ("services.*.cpu_quota", Cast::Int),
    ("services.*.cpu_rt_period", Cast::Int),
    ("services.*.cpu_rt_runtime", Cast::Int),
    ("services.*.cpus", Cast::Float),
    ("services.*.cpu_shares", Cast::Int),
    ("services.*.init", Cast::Bool),
    ("services.*.depends_on.*.required", Cast::Bool),
    ("services.*.depends_on.*.restart", Cast::Bool),
    ("services.*.deploy.replicas", Cast::Int),
    ("services.*.deploy.update_config.parallelism", Cast::Int),
    (
        "services.*.deploy.update_config.max_failure_ratio",
        Cast::Float,
    ),
    ("services.*.deploy.rollback_config.parallelism", Cast::Int),
    (
        "services.*.deploy.rollback_config.max_failure_ratio",
        Cast::Float,
    ),
    ("services.*.deploy.restart_policy.max_attempts", Cast::Int),
    (
        "services.*.deploy.placement.max_replicas_per_node",
        Cast::Int,
    ),
    ("services.*.healthcheck.retries", Cast::Int),
    ("services.*.healthcheck.disable", Cast::Bool),
    ("services.*.oom_kill_disable", Cast::Bool),
    ("services.*.oom_score_adj", Cast::Int),
    ("services.*.pids_limit", Cast::Int),
    ("services.*.ports.[].target", Cast::Int),
    ("services.*.privileged", Cast::Bool),
    ("services.*.read_only", Cast::Bool),
    ("services.*.scale", Cast::Int),
    ("services.*.stdin_open", Cast::Bool),
    ("services.*.tty", Cast::Bool),
    ("services.*.ulimits.*", Cast::Int),
    ("services.*.ulimits.*.hard", Cast::Int),
    ("services.*.ulimits.*.soft", Cast::Int),
    ("services.*.volumes.[].read_only", Cast::Bool),
    ("services.*.volumes.[].volume.nocopy", Cast::Bool),
    ("networks.*.external", Cast::Bool),
    ("networks.*.internal", Cast::Bool),
    ("networks.*.attachable", Cast::Bool),
    ("networks.*.enable_ipv4", Cast::Bool),
    ("networks.*.enable_ipv6", Cast::Bool),
    ("volumes.*.external", Cast::Bool),
    ("secrets.*.external", Cast::Bool),
    ("configs.*.external", Cast::Bool),
];

fn cast_for(path: &[String]) -> Option<Cast> {
    CASTS.iter().find_map(|(pattern, cast)| {
        let parts: Vec<&str> = pattern.split('.').collect();
        (parts.len() == path.len() && parts.iter().zip(path).all(|(p, s)| *p == "*" || p == s))
            .then_some(*cast)
    })
}

/// Interpolates every string value of `root` in place, casting the typed
/// paths. Unset variables go to `warnings` as compose-go words them.
pub fn interpolate_tree(
    root: &mut Node,
    lookup: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
    substitute_strings: bool,
) -> Result<(), (String, crate::yaml::Pos)> {
    // An explicit stack of (node, path).
    let mut todo: Vec<(&mut Node, Vec<String>)> = vec![(root, Vec::new())];
    while let Some((node, path)) = todo.pop() {
        let pos = node.pos;
        let mut cast_to: Option<Kind> = None;
        if let Kind::Str(s) = &mut node.kind {
            {
                if substitute_strings {
                    let mut unset = Vec::new();
                    let r = substitute(s, lookup, &mut unset);
                    for v in unset {
                        warnings.push(format!(
                            "The {} variable is not set. Defaulting to a blank string.",
                            crate::yaml::go_quote(&v)
                        ));
                    }
                    match r {
                        Ok(v) => *s = v,
                        Err(TemplateError::Invalid(t)) => {
                            return Err((
                                format!(
                                    "invalid interpolation format for {}.\nYou may need to escape any $ with another $.\n{}",
                                    path.join("."),
                                    t
                                ),
                                pos,
                            ))
                        }
                        Err(e) => {
                            return Err((
                                format!("error while interpolating {}: {}", path.join("."), e.text()),
                                pos,
                            ))
                        }
                    }
                }
                if let Some(cast) = cast_for(&path) {
                    let text = s.clone();
                    cast_to = Some(match cast_value(&text, cast, warnings) {
                        Ok(k) => k,
                        Err(e) => {
                            return Err((
                                format!(
                                    "error while interpolating {}: failed to cast to expected type: {e}",
                                    path.join(".")
                                ),
                                pos,
                            ))
                        }
                    });
                }
            }
            if let Some(k) = cast_to {
                node.kind = k;
            }
            continue;
        }
        match &mut node.kind {
            Kind::Seq(items) => {
                for item in items.iter_mut() {
                    let mut p = path.clone();
                    p.push("[]".to_string());
                    todo.push((item, p));
                }
            }
            Kind::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    let mut p = path.clone();
                    p.push(crate::normalize::scalar_text(k).unwrap_or_default());
                    todo.push((v, p));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn cast_value(s: &str, cast: Cast, warnings: &mut Vec<String>) -> Result<Kind, String> {
    match cast {
        Cast::Int => s.parse::<i64>().map(Kind::Int).map_err(|_| {
            format!(
                "strconv.Atoi: parsing {}: invalid syntax",
                crate::yaml::go_quote(s)
            )
        }),
        // As `str::parse`, without core's table in the page (golib/src/decimal.rs).
        Cast::Float => bridgeport_golib::decimal::parse(s)
            .map(Kind::Float)
            .ok_or_else(|| {
                format!(
                    "strconv.ParseFloat: parsing {}: invalid syntax",
                    crate::yaml::go_quote(s)
                )
            }),
        Cast::Bool => match s.to_ascii_lowercase().as_str() {
            "true" => Ok(Kind::Bool(true)),
            "false" => Ok(Kind::Bool(false)),
            "y" | "yes" | "on" => {
                warnings.push(format!(
                    "{} for boolean is not supported by YAML 1.2, please use `true`",
                    crate::yaml::go_quote(s)
                ));
                Ok(Kind::Bool(true))
            }
            "n" | "no" | "off" => {
                warnings.push(format!(
                    "{} for boolean is not supported by YAML 1.2, please use `false`",
                    crate::yaml::go_quote(s)
                ));
                Ok(Kind::Bool(false))
            }
            _ => Err(format!("invalid boolean: {s}")),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "SET" => Some("value".into()),
            "EMPTY" => Some(String::new()),
            "PORT" => Some("8080".into()),
            _ => None,
        }
    }

    fn sub(t: &str) -> (Result<String, TemplateError>, Vec<String>) {
        let mut unset = Vec::new();
        (substitute(t, &env, &mut unset), unset)
    }

    // compose-go template/template_test.go cases.
    #[test]
    fn forms_follow_compose_go_template() {
        assert_eq!(sub("${SET}").0.unwrap(), "value");
        assert_eq!(sub("$SET-x").0.unwrap(), "value-x");
        assert_eq!(sub("$$SET").0.unwrap(), "$SET");
        assert_eq!(sub("${UNSET:-def}").0.unwrap(), "def");
        assert_eq!(sub("${EMPTY:-def}").0.unwrap(), "def");
        assert_eq!(sub("${EMPTY-def}").0.unwrap(), "");
        assert_eq!(sub("${SET:+alt}").0.unwrap(), "alt");
        assert_eq!(sub("${EMPTY:+alt}").0.unwrap(), "");
        assert_eq!(sub("${EMPTY+alt}").0.unwrap(), "alt");
        assert_eq!(sub("${UNSET:-${PORT}}:80").0.unwrap(), "8080:80");
        assert_eq!(sub("${UNSET:-a}-${SET}").0.unwrap(), "a-value");
        assert_eq!(sub("cost $ 5").0.unwrap(), "cost $ 5");
        let (r, unset) = sub("${UNSET}:80");
        assert_eq!(r.unwrap(), ":80");
        assert_eq!(unset, vec!["UNSET".to_string()]);
    }

    // Reference §4.1 E24.
    #[test]
    fn required_variables_error() {
        let (r, _) = sub("${WEB_PORT:?set WEB_PORT first}:80");
        assert_eq!(
            r.unwrap_err().text(),
            "required variable WEB_PORT is missing a value: set WEB_PORT first"
        );
        assert_eq!(sub("${EMPTY?x}").0.unwrap(), "");
        assert!(sub("${EMPTY:?x}").0.is_err());
    }

    // compose-go interpolation.go newPathError for InvalidTemplateError.
    #[test]
    fn invalid_templates_error() {
        assert_eq!(
            sub("${}").0.unwrap_err(),
            TemplateError::Invalid("${}".into())
        );
        assert_eq!(
            sub("a ${ B}").0.unwrap_err(),
            TemplateError::Invalid("a ${ B}".into())
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let t = "${A:-".repeat(100) + &"}".repeat(100);
        assert_eq!(sub(&t).0.unwrap_err(), TemplateError::TooDeep);
    }
}

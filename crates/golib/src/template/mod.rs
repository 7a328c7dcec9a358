//! Go's `text/template` as Docker's CLI uses it, over `serde_json::Value`
//! data: `docker inspect -f`, `docker network inspect -f`,
//! `docker ps --format`, `docker network ls --format`.
//!
//! Reproduces Go 1.23's `text/template` (lexer, parser, evaluator, builtins
//! `and call html index slice js len not or print printf println urlquery
//! eq ne lt le gt ge`), docker/cli's template functions (`templates.go`:
//! `json join split title lower upper pad truncate`, and the
//! `HeaderFunctions` used for table headers), docker/cli's format
//! preprocessing (`formatter.Format`: `table`, `json`, `\t`, `\n`), and the
//! `docker inspect` fallback (`inspect.TemplateInspector`), with Go's
//! output and error texts.
//!
//! What JSON cannot carry, and how it is approximated, is described in
//! [`DataModel`]. Untrusted templates are bounded: at most
//! [`MAX_TEMPLATE_LEN`] bytes, 64 levels of nesting, [`MAX_OUTPUT`] bytes
//! of output, and a budget of evaluation steps; exceeding a limit is an
//! error in Go's format, never a panic.

mod exec;
mod funcs;
mod gofmt;
mod json;
mod lex;
mod number;
mod parse;
mod value;

#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::strconv;
pub use value::Method;

/// Longest template accepted, in bytes.
pub const MAX_TEMPLATE_LEN: usize = 64 * 1024;
/// Most output one execution may produce, in bytes.
pub const MAX_OUTPUT: usize = 1 << 20;
/// Most evaluation steps one execution may take.
pub const MAX_STEPS: u64 = 2_000_000;

/// How the JSON data stands in for the Go value Docker would have used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataModel {
    /// Go structs, as Docker first executes inspect templates and always
    /// executes `--format` ones. JSON numbers are `int` (or `uint64`,
    /// `float64`). An object whose keys all start with an ASCII capital
    /// letter is a struct: a missing field is an error (so are fields the
    /// daemon omitted as empty, which Go would print as zero values), it
    /// prints as `{v1 v2 …}` in document order, and `index`/`range` refuse
    /// it. Other objects are maps (missing key: `<no value>`; printed as
    /// `map[k:v …]` with sorted keys). JSON null, which could be a nil
    /// pointer, slice or map, is taken as a nil slice, the commonest in
    /// Docker's JSON: it prints as `[]` and is empty to `range`, `len` and
    /// `index`. Nested structs print by value where Go would print a pointer
    /// (`&{…}` at the top of `printf`, an address deeper down).
    Typed,
    /// Like `Typed`, but every object is a map, as for the
    /// `map[string]string` docker/cli renders table headers from.
    TypedMaps,
    /// Exactly what `docker inspect` falls back to: the JSON decoded into
    /// `interface{}` with `UseNumber` (maps, `[]interface{}`, `json.Number`).
    Raw,
}

/// How to execute a template.
pub struct ExecOptions<'a> {
    pub model: DataModel,
    /// Go's `Option("missingkey=error")`.
    pub missing_key_error: bool,
    /// Use docker/cli's `HeaderFunctions` (table headers).
    pub header: bool,
    /// Go type name of the root value, used in error messages (e.g.
    /// `*formatter.ContainerContext`).
    pub root_type: &'a str,
    /// Methods of the root value.
    pub methods: &'a [Method<'a>],
    /// Struct fields whose Go name differs from their JSON key, as
    /// (Go name, JSON key): `ID`/`Id` in Docker's inspect types. In the
    /// typed models a struct has the Go name, not the JSON one.
    pub field_names: &'a [(&'a str, &'a str)],
}

impl Default for ExecOptions<'_> {
    fn default() -> Self {
        ExecOptions {
            model: DataModel::Typed,
            missing_key_error: false,
            header: false,
            root_type: "struct",
            methods: &[],
            field_names: &[],
        }
    }
}

/// An execution that stopped with an error, and what it had written until
/// then (Go leaves that output in the writer; docker/cli prints it for
/// table headers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecFailure {
    pub partial: String,
    /// Go's error text, e.g. `template: :1:2: executing "" at <.Foo>: …`.
    pub error: String,
}

/// A parsed template.
#[derive(Debug)]
pub struct Template {
    src: String,
    trees: parse::Trees,
}

impl Template {
    /// Parses `text` like `template.New("").Funcs(basicFunctions).Parse(text)`.
    /// The error is Go's text, e.g. `template: :1: unclosed action`.
    pub fn parse(text: &str) -> Result<Template, String> {
        if text.len() > MAX_TEMPLATE_LEN {
            return Err(format!(
                "template: : template is longer than {MAX_TEMPLATE_LEN} bytes"
            ));
        }
        let trees = parse::parse(text)?;
        Ok(Template {
            src: text.to_owned(),
            trees,
        })
    }

    /// Executes the template over `data`.
    pub fn execute(&self, data: &Value, options: &ExecOptions<'_>) -> Result<String, ExecFailure> {
        let mode = match options.model {
            DataModel::Typed => value::Mode {
                raw: false,
                structs: true,
            },
            DataModel::TypedMaps => value::Mode {
                raw: false,
                structs: false,
            },
            DataModel::Raw => value::Mode {
                raw: true,
                structs: false,
            },
        };
        let opts = exec::Opts {
            mode,
            missing_key_error: options.missing_key_error,
            header: options.header,
            root_type: options.root_type,
            methods: options.methods,
            field_names: options.field_names,
            limits: exec::Limits {
                max_output: MAX_OUTPUT,
                max_value: MAX_OUTPUT,
                max_steps: MAX_STEPS,
                max_depth: 160,
                max_template_depth: 32,
            },
        };
        let (out, err) = exec::execute(&self.trees, &self.src, data, &opts);
        let out = strconv::lossy(&out);
        match err {
            None => Ok(out),
            Some(error) => Err(ExecFailure {
                partial: out,
                error,
            }),
        }
    }
}

/// `docker inspect -f TEMPLATE` for one object: executes over the typed
/// value and, if that fails, over the raw JSON with `missingkey=error`
/// (docker/cli `TemplateInspector.Inspect` / `tryRawInspectFallback`).
/// Errors read `template parsing error: …` as Docker prints them. The
/// result has no trailing newline (the inspector adds one per object).
pub fn render(template: &str, data: &Value) -> Result<String, String> {
    render_inspect(template, data, &[])
}

/// [`render`] for a value whose Go type names some fields differently from
/// their JSON keys ([`ExecOptions::field_names`]): docker/cli's
/// `TemplateInspector` runs the template over the typed struct first
/// (`{{.ID}}`), then over the raw JSON (`{{.Id}}`).
pub fn render_inspect(
    template: &str,
    data: &Value,
    field_names: &[(&str, &str)],
) -> Result<String, String> {
    let t = Template::parse(template).map_err(|e| format!("template parsing error: {e}"))?;
    let typed = ExecOptions {
        field_names,
        ..ExecOptions::default()
    };
    if let Ok(out) = t.execute(data, &typed) {
        return Ok(out);
    }
    let raw = ExecOptions {
        model: DataModel::Raw,
        missing_key_error: true,
        ..ExecOptions::default()
    };
    t.execute(data, &raw)
        .map_err(|f| format!("template parsing error: {}", f.error))
}

/// Parses and executes once, as docker/cli's formatter does for each row of
/// `--format` output. Errors read `template parsing error: …`.
pub fn render_with(
    template: &str,
    data: &Value,
    options: &ExecOptions<'_>,
) -> Result<String, String> {
    let t = Template::parse(template).map_err(|e| format!("template parsing error: {e}"))?;
    t.execute(data, options)
        .map_err(|f| format!("template parsing error: {}", f.error))
}

/// A table header line: the format executed with `HeaderFunctions` over
/// the column titles (a map such as `{"ID": "CONTAINER ID", …}`). Like
/// docker/cli, an execution error is ignored and whatever was written
/// before it is kept; a template that does not parse gives "".
pub fn render_header(template: &str, titles: &Value) -> String {
    let Ok(t) = Template::parse(template) else {
        return String::new();
    };
    let opts = ExecOptions {
        model: DataModel::TypedMaps,
        header: true,
        ..ExecOptions::default()
    };
    match t.execute(titles, &opts) {
        Ok(s) => s,
        Err(f) => f.partial,
    }
}

/// Splits docker/cli's `table` prefix off a `--format` value: whether it is
/// a table format, and the rest with surrounding spaces trimmed, as
/// `Context.preFormat` does (any format starting with "table" is a table).
pub fn split_table_prefix(format: &str) -> (bool, &str) {
    match format.strip_prefix("table") {
        Some(rest) => (true, rest.trim_matches(' ')),
        None => (false, format.trim_matches(' ')),
    }
}

/// docker/cli's `Context.preFormat`: the table flag and the template to
/// parse. `json` means `{{json .}}`; the two-character sequences `\t` and
/// `\n` become a tab and a newline.
pub fn prepare_format(format: &str) -> (bool, String) {
    let (table, rest) = split_table_prefix(format);
    let rest = if format == "json" { "{{json .}}" } else { rest };
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek() {
                Some('t') => {
                    chars.next();
                    out.push('\t');
                    continue;
                }
                Some('n') => {
                    chars.next();
                    out.push('\n');
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
    }
    (table, out)
}

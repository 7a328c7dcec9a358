//! The YAML layer: `saphyr-parser`'s event stream built into our own
//! [`Node`] tree with 1-based line/column positions, resolved as go-yaml
//! (Compose's parser) resolves it, and its errors worded as go-yaml words
//! them.
//!
//! What go-yaml does and this module copies (`yaml/go-yaml@v4.0.0-rc.6`,
//! the version Compose v5.5 uses; reference §4.1 and §6):
//!
//! - plain scalars resolve by YAML 1.2's core schema as go-yaml's
//!   `resolver.go` does: `null`/`~`/empty, `true`/`True`/`TRUE`, integers
//!   through Go's `strconv.ParseInt(s, 0, 64)` after dropping `_` (so `0x1F`,
//!   `0o17`, `0b1`, and `0755` as octal), floats, `.inf`/`.nan`; `8080:80`,
//!   `yes` and `on` stay strings; timestamps stay strings (decoded into
//!   `interface{}`); quoted and block scalars are always strings;
//! - anchors and aliases; `<<` merge keys (a mapping or a sequence of
//!   mappings; keys written in the mapping win, then earlier sources);
//! - duplicate keys are an error (`mapping key "image" already defined at
//!   line 3`), keys brought in by `<<` are not;
//! - errors are `go-yaml load error in <stage> [(<context>)] at <range>:
//!   <problem>`, from a table keyed on the libyaml problem both parsers share.
//!
//! Limits (docs/benchmarks.md "Limits"): a file over [`MAX_FILE_BYTES`],
//! nesting deeper than [`MAX_DEPTH`], or more than [`MAX_NODES`] nodes after
//! aliases and merge keys are expanded (an alias bomb) are refused with a
//! `bridgeport:` message; the tree is built with an explicit stack, so no
//! input recurses.

use bridgeport_golib::sorted_map::SortedMap;
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as PSpan};

/// Largest compose file accepted, in bytes (1 MiB).
pub const MAX_FILE_BYTES: usize = 1 << 20;
/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 64;
/// Most nodes a document may hold once aliases and merge keys are expanded.
pub const MAX_NODES: usize = 200_000;

/// A position in a file: 1-based line and column (columns count
/// characters), and which file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Which of the loaded files (an index into `LoadOptions::files`; the
    /// loader sets it, [`parse`] leaves 0).
    pub file: u16,
}

/// A YAML value with where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: Kind,
    /// Where the value starts in its file (for a mapping, its first key).
    pub pos: Pos,
}

/// A YAML value, resolved as go-yaml resolves it.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `null`, `~`, or nothing.
    Null,
    /// `true`/`false` (and their capitalised forms).
    Bool(bool),
    /// An integer that fits in an `i64` (go-yaml's `int`).
    Int(i64),
    /// Any other number: larger integers, floats, `.inf`, `.nan`.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping in document order; keys are nodes (go-yaml allows any).
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Marks every position in the tree as being in file `file`.
    pub fn set_file(&mut self, file: u16) {
        let mut todo: Vec<&mut Node> = vec![self];
        while let Some(n) = todo.pop() {
            n.pos.file = file;
            match &mut n.kind {
                Kind::Seq(items) => todo.extend(items.iter_mut()),
                Kind::Map(entries) => {
                    for (k, v) in entries.iter_mut() {
                        k.pos.file = file;
                        todo.push(v);
                    }
                }
                _ => {}
            }
        }
    }

    /// A node of this kind at this position.
    pub fn new(kind: Kind, pos: Pos) -> Node {
        Node { kind, pos }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value under `key`, if this is a mapping holding that string key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Mutable access to the value under `key`.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.kind {
            Kind::Map(entries) => entries
                .iter_mut()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The JSON type name jsonschema gives this value (`null`, `boolean`,
    /// `integer`/`number`, `string`, `array`, `object`).
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }
}

/// A load error with go-yaml's text (without any `failed to parse <file>:`
/// prefix, which the caller adds where Compose does) and where it points.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    /// go-yaml's words.
    pub message: String,
    /// The problem's position.
    pub pos: Pos,
    /// Which kind of error (the caller prefixes only some).
    pub kind: YamlErrorKind,
}

/// Where in go-yaml's pipeline the error arises; Compose's pre-pass (the
/// name read without `-p`) prints syntax errors bare, while construct
/// errors (duplicate keys) always come from the main pass with the file
/// prefix (reference §4.1, E3 and E6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// Scanner, parser or composer: the text is not YAML.
    Syntax,
    /// Constructor: the YAML is fine but cannot be decoded (duplicate key,
    /// bad merge).
    Construct,
    /// A Bridgeport limit (size, depth, aliases).
    Limit,
}

/// Records the node an anchor names; a later anchor of the same name has a
/// new id, so nothing is overwritten that an alias could still mean.
fn set_anchor(anchors: &mut Vec<Option<Node>>, id: usize, n: &Node) {
    if anchors.len() <= id {
        anchors.resize_with(id + 1, || None);
    }
    anchors[id] = Some(n.clone());
}

fn pos_of(m: &saphyr_parser::Marker) -> Pos {
    Pos {
        line: u32::try_from(m.line()).unwrap_or(u32::MAX),
        column: u32::try_from(m.col()).unwrap_or(u32::MAX).saturating_add(1),
        file: 0,
    }
}

fn short(p: Pos) -> String {
    format!("L{}.C{}", p.line, p.column)
}

/// go-yaml's `Mark.rangeString`.
fn range(ctx: Pos, p: Pos) -> String {
    if ctx.line == p.line {
        if ctx.column == p.column {
            return short(ctx);
        }
        return format!("{}-C{}", short(ctx), p.column);
    }
    format!("{}-{}", short(ctx), short(p))
}

/// An open collection while the tree is built.
enum Open {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        pending_key: Option<Node>,
        /// Whether the pending key is a plain `<<` (a quoted `"<<"` is an
        /// ordinary key).
        pending_merge: bool,
        /// Indices of the entries whose key is the merge key.
        merges: Vec<usize>,
        pos: Pos,
        anchor: usize,
        block: bool,
    },
}

/// Parses the first document of `text` (Compose reads every document, but
/// a compose file has one; later documents are reported by the caller).
/// An empty file gives `Ok(None)`.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(YamlError {
            message: format!(
                "bridgeport: compose file too large ({} bytes; the limit is {MAX_FILE_BYTES})",
                text.len()
            ),
            pos: Pos {
                line: 1,
                column: 1,
                file: 0,
            },
            kind: YamlErrorKind::Limit,
        });
    }
    let mut parser = Parser::new_from_str(text);
    let mut docs = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Anchor ids count up from 1 (saphyr's register_anchor), so a vector
    // indexed by id replaces a map (one map instance fewer in the wasm).
    let mut anchors: Vec<Option<Node>> = Vec::new();
    let mut nodes: usize = 0;
    let mut root: Option<Node> = None;
    let mut in_doc = false;
    let mut cursor = CharCursor {
        text,
        chars: 0,
        bytes: 0,
    };
    while let Some(next) = parser.next_event() {
        let (event, span): (Event, PSpan) = match next {
            Ok(e) => e,
            Err(e) => return Err(scan_error(&e, &stack, text)),
        };
        let pos = pos_of(&span.start);
        let mut plain_merge = false;
        let value = match event {
            Event::StreamStart | Event::Nothing => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                in_doc = true;
                root = None;
                continue;
            }
            Event::DocumentEnd => {
                if in_doc {
                    docs.push(root.take().unwrap_or(Node::new(Kind::Null, pos)));
                }
                in_doc = false;
                continue;
            }
            Event::Alias(id) => {
                let Some(Some(target)) = anchors.get(id) else {
                    return Err(YamlError {
                        message: "go-yaml load error in composer at ".to_string()
                            + &short(pos)
                            + ": unknown anchor referenced",
                        pos,
                        kind: YamlErrorKind::Syntax,
                    });
                };
                nodes = nodes.saturating_add(count(target));
                if nodes > MAX_NODES {
                    return Err(alias_bomb(pos));
                }
                let mut n = target.clone();
                n.pos = pos;
                n
            }
            Event::Scalar(value, style, anchor, tag) => {
                nodes += 1;
                if nodes > MAX_NODES {
                    return Err(alias_bomb(pos));
                }
                plain_merge = matches!(style, ScalarStyle::Plain) && tag.is_none() && value == "<<";
                let tag = tag.map(|t| t.suffix.clone());
                let kind = resolve(&value, style, tag.as_deref(), pos)?;
                let n = Node::new(kind, pos);
                if anchor != 0 {
                    set_anchor(&mut anchors, anchor, &n);
                }
                n
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                nodes += 1;
                stack.push(Open::Seq {
                    items: Vec::new(),
                    pos,
                    anchor,
                });
                continue;
            }
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(pos));
                }
                nodes += 1;
                // A block mapping's start event spans nothing; a flow one
                // starts at its `{`.
                let block = cursor.char_at(span.start.index()) != Some('{');
                stack.push(Open::Map {
                    entries: Vec::new(),
                    pending_key: None,
                    pending_merge: false,
                    merges: Vec::new(),
                    pos,
                    anchor,
                    block,
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq { items, pos, anchor }) => {
                    let n = Node::new(Kind::Seq(items), pos);
                    if anchor != 0 {
                        set_anchor(&mut anchors, anchor, &n);
                    }
                    n
                }
                _ => continue,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map {
                    entries,
                    merges,
                    pos,
                    anchor,
                    ..
                }) => {
                    let (entries, added) = merge_keys(entries, &merges)?;
                    nodes = nodes.saturating_add(added);
                    if nodes > MAX_NODES {
                        return Err(alias_bomb(pos));
                    }
                    let n = Node::new(Kind::Map(entries), pos);
                    if anchor != 0 {
                        set_anchor(&mut anchors, anchor, &n);
                    }
                    n
                }
                _ => continue,
            },
        };
        // Attach the finished value to its parent.
        match stack.last_mut() {
            None => root = Some(value),
            Some(Open::Seq { items, .. }) => items.push(value),
            Some(Open::Map {
                entries,
                pending_key,
                pending_merge,
                merges,
                ..
            }) => match pending_key.take() {
                None => {
                    *pending_key = Some(value);
                    *pending_merge = plain_merge;
                }
                Some(k) => {
                    if *pending_merge {
                        merges.push(entries.len());
                    }
                    entries.push((k, value));
                }
            },
        }
    }
    if in_doc {
        docs.push(root.take().unwrap_or(Node::new(Kind::Null, Pos::default())));
    }
    Ok(docs)
}

/// Finds characters by their index (saphyr's markers count characters)
/// walking forward from the last position asked, so a whole parse costs
/// one pass over the text.
struct CharCursor<'a> {
    text: &'a str,
    chars: usize,
    bytes: usize,
}

impl<'a> CharCursor<'a> {
    fn char_at(&mut self, index: usize) -> Option<char> {
        if index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        let rest = self.text.get(self.bytes..)?;
        let mut it = rest.char_indices();
        while self.chars < index {
            let (_, c) = it.next()?;
            self.chars += 1;
            self.bytes += c.len_utf8();
        }
        self.text.get(self.bytes..)?.chars().next()
    }
}

fn count(n: &Node) -> usize {
    // An explicit stack: aliased trees can be deep.
    let mut total = 0usize;
    let mut todo = vec![n];
    while let Some(n) = todo.pop() {
        total += 1;
        match &n.kind {
            Kind::Seq(items) => todo.extend(items.iter()),
            Kind::Map(entries) => {
                for (k, v) in entries {
                    todo.push(k);
                    todo.push(v);
                }
            }
            _ => {}
        }
    }
    total
}

fn alias_bomb(pos: Pos) -> YamlError {
    YamlError {
        message: format!(
            "bridgeport: compose file expands to more than {MAX_NODES} YAML nodes (aliases and merge keys included); the playground refuses it"
        ),
        pos,
        kind: YamlErrorKind::Limit,
    }
}

fn too_deep(pos: Pos) -> YamlError {
    YamlError {
        message: format!(
            "bridgeport: compose file nested too deeply (more than {MAX_DEPTH} levels of mappings and sequences)"
        ),
        pos,
        kind: YamlErrorKind::Limit,
    }
}

/// Expands `<<` keys and rejects duplicate keys, as go-yaml's constructor
/// does for a mapping (`constructor.go` mapping and merge). Returns the
/// entries and how many nodes the merge added.
fn merge_keys(
    entries: Vec<(Node, Node)>,
    merge_at: &[usize],
) -> Result<(Vec<(Node, Node)>, usize), YamlError> {
    let mut merges = vec![false; entries.len()];
    for &i in merge_at {
        if let Some(m) = merges.get_mut(i) {
            *m = true;
        }
    }
    // Duplicate keys among the keys written here (merge keys excluded);
    // a set keeps a map of many keys linear.
    let mut seen: SortedMap<String, u32> = SortedMap::new();
    for (i, (k, _)) in entries.iter().enumerate() {
        if merges[i] {
            continue;
        }
        if let Some(first) = seen.get(&key_id(k)) {
            return Err(YamlError {
                message: format!(
                    "line {}: mapping key {} already defined at line {}",
                    k.pos.line,
                    go_quote(&key_text(k)),
                    first
                ),
                pos: k.pos,
                kind: YamlErrorKind::Construct,
            });
        }
        seen.insert(key_id(k), k.pos.line);
    }
    if merge_at.is_empty() {
        return Ok((entries, 0));
    }
    let mut own: Vec<(Node, Node)> = Vec::new();
    let mut sources: Vec<Node> = Vec::new();
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if merges[i] {
            match v.kind {
                Kind::Map(_) => sources.push(v),
                Kind::Seq(items) => {
                    for item in items {
                        if !matches!(item.kind, Kind::Map(_)) {
                            return Err(bad_merge(item.pos));
                        }
                        sources.push(item);
                    }
                }
                _ => return Err(bad_merge(v.pos)),
            }
        } else {
            own.push((k, v));
        }
    }
    let mut added = 0usize;
    let mut merged: Vec<(Node, Node)> = Vec::new();
    let mut taken: SortedMap<String, u32> = SortedMap::new();
    for (k, _) in &own {
        taken.insert(key_id(k), 0);
    }
    for src in sources {
        if let Kind::Map(src_entries) = src.kind {
            for (k, v) in src_entries {
                if taken.insert(key_id(&k), 0).is_none() {
                    added += count(&v) + 1;
                    merged.push((k, v));
                }
            }
        }
    }
    // Merged keys come first, where the `<<` usually sits; order matters
    // only for the editor (config prints in struct order, maps sorted).
    merged.extend(own);
    Ok((merged, added))
}

fn bad_merge(pos: Pos) -> YamlError {
    YamlError {
        message: format!(
            "line {}: map merge requires map or sequence of maps as the value",
            pos.line
        ),
        pos,
        kind: YamlErrorKind::Construct,
    }
}

/// A key's identity: its kind (one tag character) and value (go-yaml
/// compares kind and text; collections as keys never compare equal here).
/// One string rather than a `(u8, String)` pair: the page already has
/// `SortedMap<String, u32>`, so no map instance of its own is needed.
fn key_id(k: &Node) -> String {
    match &k.kind {
        Kind::Str(s) => format!("0{s}"),
        Kind::Int(i) => format!("1{i}"),
        Kind::Bool(b) => format!("2{b}"),
        Kind::Null => "3".to_string(),
        Kind::Float(f) => format!("4{}", f.to_bits()),
        // Collections as keys: unique by position.
        _ => format!("5{}.{}", k.pos.line, k.pos.column),
    }
}

/// The key as go-yaml prints it in the duplicate-key error (`nj.Value`,
/// the scalar's text).
fn key_text(k: &Node) -> String {
    match &k.kind {
        Kind::Str(s) => s.clone(),
        Kind::Int(i) => i.to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Null => String::new(),
        Kind::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

/// Go's `%#v` of a string: a double-quoted Go literal.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// go-yaml's scalar resolution (`resolver.go` resolve).
fn resolve(
    value: &str,
    style: ScalarStyle,
    tag: Option<&str>,
    pos: Pos,
) -> Result<Kind, YamlError> {
    let quoted = !matches!(style, ScalarStyle::Plain);
    match tag {
        Some("str") => return Ok(Kind::Str(value.to_string())),
        Some("null") => return Ok(Kind::Null),
        Some("bool") | Some("int") | Some("float") => {
            let k = resolve_plain(value);
            let ok = match (tag, &k) {
                (Some("bool"), Kind::Bool(_)) => true,
                (Some("int"), Kind::Int(_)) => true,
                (Some("float"), Kind::Float(_)) => true,
                (Some("float"), Kind::Int(i)) => return Ok(Kind::Float(*i as f64)),
                _ => false,
            };
            if ok {
                return Ok(k);
            }
            let got = match k {
                Kind::Null => "!!null",
                Kind::Bool(_) => "!!bool",
                Kind::Int(_) => "!!int",
                Kind::Float(_) => "!!float",
                _ => "!!str",
            };
            return Err(YamlError {
                message: format!(
                    "go-yaml load error in resolver at L{}: cannot construct {got} `{value}` as a !!{}",
                    pos.line,
                    tag.unwrap_or_default()
                ),
                pos,
                kind: YamlErrorKind::Construct,
            });
        }
        _ => {}
    }
    if quoted {
        return Ok(Kind::Str(value.to_string()));
    }
    Ok(resolve_plain(value))
}

/// How go-yaml resolves `s` written as a plain scalar (the encoder quotes
/// a string that would read back as something else).
pub fn resolve_str(s: &str) -> Kind {
    resolve_plain(s)
}

fn resolve_plain(s: &str) -> Kind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Kind::Null,
        "true" | "True" | "TRUE" => return Kind::Bool(true),
        "false" | "False" | "FALSE" => return Kind::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Kind::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Kind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Kind::Float(f64::NEG_INFINITY),
        "-0" | "-0.0" => return Kind::Float(-0.0),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first == b'.' {
        if let Some(f) = go_float(s) {
            return Kind::Float(f);
        }
        return Kind::Str(s.to_string());
    }
    if first.is_ascii_digit() || first == b'+' || first == b'-' {
        if looks_like_timestamp(s) {
            return Kind::Str(s.to_string());
        }
        let plain: String = s.chars().filter(|&c| c != '_').collect();
        if let Some(i) = go_parse_int(&plain) {
            return match i64::try_from(i) {
                Ok(v) => Kind::Int(v),
                Err(_) => Kind::Float(i as f64),
            };
        }
        if yaml_style_float(&plain) {
            if let Some(f) = go_float(&plain) {
                return Kind::Float(f);
            }
        }
    }
    Kind::Str(s.to_string())
}

/// `strconv.ParseInt(s, 0, 64)` widened to also cover `ParseUint` (as
/// go-yaml tries both): sign, then `0x`/`0o`/`0b`/leading-`0` octal.
fn go_parse_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    if v < i128::from(i64::MIN) || v > i128::from(u64::MAX) {
        return None;
    }
    Some(v)
}

/// go-yaml's `yamlStyleFloat`:
/// `^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$`.
fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn go_float(s: &str) -> Option<f64> {
    // Rust's float grammar is a superset of what reaches here, except
    // words like "inf"/"nan", which never start with a digit, sign-digit
    // or dot-digit.
    if s.chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
    {
        return None;
    }
    // As `str::parse`, without core's table in the page (golib/src/decimal.rs).
    bridgeport_golib::decimal::parse(s)
}

/// Dates such as `2024-01-02` resolve to timestamps in go-yaml, which an
/// `interface{}` target keeps as the string.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && s[5..]
            .split(['-', 'T', 't', ' ', ':', '.', 'Z', '+'])
            .next()
            .is_some()
        && {
            let mut parts = s.splitn(3, '-');
            let _y = parts.next();
            let m = parts.next().unwrap_or("");
            let d: String = parts
                .next()
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            (1..=2).contains(&m.len())
                && m.chars().all(|c| c.is_ascii_digit())
                && (1..=2).contains(&d.len())
        }
}

/// Maps saphyr's scan/parse error to go-yaml's words and stage.
fn scan_error(e: &ScanError, stack: &[Open], text: &str) -> YamlError {
    let pos = pos_of(e.marker());
    let info = e.info();
    // The innermost open block mapping: go-yaml's context mark for
    // "while parsing a block mapping".
    let ctx_map = stack.iter().rev().find_map(|o| match o {
        Open::Map {
            pos, block: true, ..
        } => Some(*pos),
        _ => None,
    });
    let ctx_seq = stack.iter().rev().find_map(|o| match o {
        Open::Seq { pos, .. } => Some(*pos),
        _ => None,
    });
    let ctx_flow = stack.last().map(|o| match o {
        Open::Seq { pos, .. } | Open::Map { pos, .. } => *pos,
    });
    let with = |stage: &str, ctx: &str, at: Option<Pos>, problem: &str, pos: Pos| -> String {
        match at {
            Some(c) => format!(
                "go-yaml load error in {stage} ({ctx}) at {}: {problem}",
                range(c, pos)
            ),
            None => format!("go-yaml load error in {stage} at {}: {problem}", short(pos)),
        }
    };
    let bare = |stage: &str, problem: &str, pos: Pos| -> String {
        format!("go-yaml load error in {stage} at {}: {problem}", short(pos))
    };
    if info == "recursion limit exceeded" {
        // saphyr's scanner caps flow nesting at 255 and scans ahead of the
        // events that would have hit MAX_DEPTH first.
        return too_deep(pos);
    }
    let (message, pos) = if let Some(problem) = info.strip_prefix("while parsing a block mapping, ")
    {
        (
            with(
                "parser",
                "while parsing a block mapping",
                ctx_map,
                problem,
                pos,
            ),
            pos,
        )
    } else if let Some(problem) = info.strip_prefix("while parsing a block collection, ") {
        (
            with(
                "parser",
                "while parsing a block collection",
                ctx_seq,
                problem,
                pos,
            ),
            pos,
        )
    } else if let Some(problem) = info.strip_prefix("while parsing a flow sequence, ") {
        (
            with(
                "parser",
                "while parsing a flow sequence",
                ctx_flow,
                problem,
                pos,
            ),
            pos,
        )
    } else if let Some(problem) = info.strip_prefix("while parsing a flow mapping, ") {
        (
            with(
                "parser",
                "while parsing a flow mapping",
                ctx_flow,
                problem,
                pos,
            ),
            pos,
        )
    } else if let Some(problem) = info.strip_prefix("while parsing a node, ") {
        (
            with("parser", "while parsing a block node", None, problem, pos),
            pos,
        )
    } else if info.contains("tab") {
        // saphyr: "tabs disallowed within this context (block indentation)"
        // one column after the tab; go-yaml points at the tab itself.
        let line_text = text
            .lines()
            .nth(pos.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let col = line_text
            .chars()
            .position(|c| c == '\t')
            .map_or(pos.column, |i| i as u32 + 1);
        let at = Pos {
            line: pos.line,
            column: col,
            file: 0,
        };
        (
            format!(
                "go-yaml load error in scanner (while scanning for the next token) at {}: found character that cannot start any token",
                short(at)
            ),
            at,
        )
    } else if let Some(rest) = info.strip_prefix("while scanning ") {
        // saphyr keeps no context mark; the problem's own position stands
        // for it, which go-yaml prints as a single mark.
        let (ctx, problem) = rest.split_once(", ").unwrap_or((rest, "unexpected input"));
        (
            with(
                "scanner",
                &format!("while scanning {ctx}"),
                Some(pos),
                problem,
                pos,
            ),
            pos,
        )
    } else if info == "unexpected eof" || info.starts_with("did not find expected <") {
        (
            bare("parser", "did not find expected node content", pos),
            pos,
        )
    } else {
        let problem = match info {
            "simple key expected" | "simple key expect ':'" => "could not find expected ':'",
            "invalid indentation" => "did not find expected key",
            other if other.starts_with("unexpected character") => {
                "found character that cannot start any token"
            }
            other => other,
        };
        (bare("scanner", problem, pos), pos)
    };
    YamlError {
        message,
        pos,
        kind: YamlErrorKind::Syntax,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        parse(text).unwrap().into_iter().next().unwrap()
    }

    // go-yaml resolver.go: YAML 1.2 core schema, `8080:80` a string.
    #[test]
    fn scalars_resolve_as_go_yaml() {
        let n = one("a: 8080:80\nb: 3000\nc: yes\nd: ~\ne: True\nf: 0x1F\ng: '5'\nh: 1.5\ni: 0755\nj: 2024-01-02\nk: 1_000\n");
        let get = |k: &str| n.get(k).unwrap().kind.clone();
        assert_eq!(get("a"), Kind::Str("8080:80".into()));
        assert_eq!(get("b"), Kind::Int(3000));
        assert_eq!(get("c"), Kind::Str("yes".into()));
        assert_eq!(get("d"), Kind::Null);
        assert_eq!(get("e"), Kind::Bool(true));
        assert_eq!(get("f"), Kind::Int(31));
        assert_eq!(get("g"), Kind::Str("5".into()));
        assert_eq!(get("h"), Kind::Float(1.5));
        assert_eq!(get("i"), Kind::Int(493));
        assert_eq!(get("j"), Kind::Str("2024-01-02".into()));
        assert_eq!(get("k"), Kind::Int(1000));
    }

    #[test]
    fn positions_are_one_based() {
        let n = one("services:\n  web:\n    image: nginx\n");
        let img = n
            .get("services")
            .unwrap()
            .get("web")
            .unwrap()
            .get("image")
            .unwrap();
        assert_eq!(
            img.pos,
            Pos {
                line: 3,
                column: 12,
                file: 0
            }
        );
    }

    // go-yaml constructor.go merge: own keys win, then earlier sources.
    #[test]
    fn merge_keys_own_keys_win_then_earlier_sources() {
        let n = one("a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n");
        let c = n.get("c").unwrap();
        assert_eq!(c.get("x").unwrap().kind, Kind::Int(3));
        assert_eq!(c.get("y").unwrap().kind, Kind::Int(1));
        assert_eq!(c.get("z").unwrap().kind, Kind::Int(2));
    }

    // Reference §4.1 E6 (go-yaml constructor.go: "mapping key %#v already defined at line %d").
    #[test]
    fn duplicate_keys_are_construct_errors() {
        let e = parse("services:\n  web:\n    image: a\n    image: b\n").unwrap_err();
        assert_eq!(
            e.message,
            "line 4: mapping key \"image\" already defined at line 3"
        );
        assert_eq!(e.kind, YamlErrorKind::Construct);
    }

    // Reference §4.1 E3.
    #[test]
    fn bad_indentation_is_go_yaml_words() {
        let e = parse("services:\n  web:\n    image: nginx\n   ports:\n").unwrap_err();
        assert_eq!(
            e.message,
            "go-yaml load error in parser (while parsing a block mapping) at L2.C3-L4.C4: did not find expected key"
        );
    }

    // Reference §4.1 E4.
    #[test]
    fn missing_colon_is_go_yaml_words() {
        let e = parse("services:\n  web\n    image: nginx\n").unwrap_err();
        assert_eq!(
            e.message,
            "go-yaml load error in scanner at L3.C10: mapping values are not allowed in this context"
        );
    }

    // go-yaml's scanner context ("while scanning a quoted scalar"), kept.
    #[test]
    fn unclosed_quotes_keep_the_scanner_context() {
        let e = parse("services:\n  web:\n    image: \"nginx\n").unwrap_err();
        assert!(
            e.message
                .starts_with("go-yaml load error in scanner (while scanning a quoted scalar) at L"),
            "{}",
            e.message
        );
        assert!(
            e.message.ends_with(": found unexpected end of stream"),
            "{}",
            e.message
        );
    }

    // Reference §4.1 E5.
    #[test]
    fn tab_indentation_is_go_yaml_words() {
        let e = parse("services:\n  web:\n\timage: nginx\n").unwrap_err();
        assert_eq!(
            e.message,
            "go-yaml load error in scanner (while scanning for the next token) at L3.C1: found character that cannot start any token"
        );
        assert_eq!((e.pos.line, e.pos.column), (3, 1));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            s += &format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n", p = i - 1);
        }
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Limit);
        assert!(e.message.contains("200000"), "{}", e.message);
    }

    #[test]
    fn aliases_take_the_latest_finished_anchor() {
        // go-yaml: an anchor may be redefined, an alias means the latest
        // definition before it; an alias inside its own anchored node
        // refers to nothing yet ("unknown anchor referenced").
        let doc = parse("a: &x 1\nb: *x\nc: &x [2]\nd: *x\n")
            .unwrap()
            .remove(0);
        assert!(matches!(doc.get("b").unwrap().kind, Kind::Int(1)));
        assert!(
            matches!(&doc.get("d").unwrap().kind, Kind::Seq(items) if matches!(items[0].kind, Kind::Int(2)))
        );
        let e = parse("a: &x\n  b: *x\n").unwrap_err();
        assert!(
            e.message.ends_with("unknown anchor referenced"),
            "{}",
            e.message
        );
        // A name never defined is the scanner's own error.
        let e = parse("a: *y\n").unwrap_err();
        assert!(e.message.ends_with("found unknown anchor"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000) + &"]".repeat(10_000);
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::Limit, "{e:?}");
        let s = (0..200)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>();
        assert_eq!(parse(&s).unwrap_err().kind, YamlErrorKind::Limit);
    }
}

//! # bridgeport-golib: the Go libraries Docker prints with
//!
//! Docker's CLI and daemon are Go programs, and much of what a learner reads
//! is shaped by Go's libraries rather than by Docker: `text/template` behind
//! every `--format` and `inspect -f`, `strconv` quoting and number formats,
//! Docker's fork of `text/tabwriter` for every table, `go-units` durations
//! ("Up 3 minutes"), go-runewidth's column widths and `fvbommel/sortorder`'s
//! natural order. This crate reproduces those, byte for byte, with Go's own
//! output and error texts. It knows nothing about Docker's objects (the
//! command layer and the engine build the data and call it) and depends on
//! nothing but `serde_json` (templates run over JSON values) and `serde`.
//! Two modules are not Go's but live here because this is the workspace's
//! lowest crate: [`sort`] (one shared copy of the standard library's sort),
//! [`sorted_map`] and [`sorted_set`] (the `BTreeMap` and `BTreeSet`
//! replacements every crate uses; all three are wasm-size measures, issue
//! 15).
//!
//! Untrusted input is bounded and never panics (see [`template`]'s limits);
//! the fuzz target `golib` in `fuzz/` drives every entry point.
//!
//! ## Layers
//!
//! The modules depend on each other without cycles, lowest first (an arrow
//! reads "uses"; the test `tests/layers.rs` checks it):
//!
//! - leaves: `unicode` (Unicode tables), `case`, `decimal`, [`sort`],
//!   [`sorted_map`], [`sorted_set`], [`natsort`];
//! - [`width`] → unicode; [`strconv`] → unicode, decimal;
//! - [`tabwriter`] → width; [`humanize`] → strconv, width;
//! - [`template`], layered inside: `lex` → strconv; `number` (Go's text for
//!   a float64 or a `json.Number`) → strconv; `value` (Go values over JSON,
//!   the depth limit, root methods) → number; `gofmt` (`fmt`) and `json`
//!   (`encoding/json`) → value, number; `funcs` (the builtins) → gofmt,
//!   json, case; `parse` → lex, funcs, sorted_map; `exec` → parse, funcs, gofmt; the
//!   module itself (the public API) → exec, parse, value.
//!
//! The number texts used to live in `json`, and the depth limit in `gofmt`,
//! which tied `value`, `json` and `gofmt` into a cycle; `Method` lived in
//! the template module's root, which `exec` then used from below. Each now
//! sits in the lowest module that needs it.

pub mod case;
pub mod decimal;
pub mod humanize;
pub mod natsort;
pub mod sort;
pub mod sorted_map;
pub mod sorted_set;
pub mod strconv;
pub mod tabwriter;
pub mod template;
mod unicode;
pub mod width;

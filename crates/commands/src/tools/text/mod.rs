//! Text tools: `echo`, `cat`, `grep`, `head`, `tail`, `wc`, `cut`, `sort`,
//! `uniq`, `env`/`printenv`, `printf`, `sleep`, as busybox (alpine, busybox images)
//! and GNU coreutils/grep (the Ubuntu host, Debian images) print them. They
//! read their stdin from the pipe and files from the place (`/etc/hosts`,
//! files written with `>`), and are pure: no engine, no packets.
//!
//! Each tool is a module of its own; the rows of [`super::TOOLS`] name them.

pub(crate) mod cat;
pub(crate) mod cut;
pub(crate) mod echo;
pub(crate) mod grep;
pub(crate) mod headtail;
pub(crate) mod printf;
pub(crate) mod regex;
pub(crate) mod sort;
pub(crate) mod wc;

use crate::output::Output;
use crate::shell::run::FileError;
use crate::shell::{Dialect, ShellState};

/// What a text tool may look at.
pub struct TextEnv<'a> {
    /// busybox applets rather than GNU tools.
    pub busybox: bool,
    /// The shell that runs the tool (its echo is a builtin).
    pub dialect: Dialect,
    /// Reads a file of the place (relative paths against the shell's cwd).
    pub read: &'a dyn Fn(&str) -> Result<String, FileError>,
    pub state: &'a ShellState,
}

impl TextEnv<'_> {
    /// `cat: can't open 'x': No such file or directory` (busybox) /
    /// `cat: x: No such file or directory` (GNU), for tools that word it so.
    pub fn open_error(&self, tool: &str, path: &str, e: &FileError) -> String {
        let reason = match e {
            FileError::IsDir => "Is a directory".to_string(),
            FileError::Denied => "Permission denied".to_string(),
            FileError::Refused(n) => return n.clone(),
            _ => "No such file or directory".to_string(),
        };
        if self.busybox {
            format!("{tool}: can't open '{path}': {reason}")
        } else {
            format!("{tool}: {path}: {reason}")
        }
    }

    /// busybox's usage banner for a bad option (exit 1).
    pub fn busybox_usage(&self, tool: &str, usage: &str) -> String {
        format!(
            "BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: {tool} {usage}"
        )
    }
}

/// `env` (no arguments) and `printenv [NAME...]`: the environment, in order.
pub(crate) fn env(env: &TextEnv, args: &[String], _: Option<&str>) -> Output {
    let mut o = Output::new();
    if args.is_empty() {
        for v in env.state.environ() {
            o.outln(&v);
        }
        return o;
    }
    o.code = 1;
    for a in args {
        if let Some(v) = env.state.get(a) {
            o.outln(v);
            o.code = 0;
        }
    }
    o
}

/// `sleep N`: checks its argument; the simulated clock does not wait.
pub(crate) fn sleep(env: &TextEnv, args: &[String], _: Option<&str>) -> Output {
    let mut o = Output::new();
    match args.first() {
        None if env.busybox => o.fail(&env.busybox_usage("sleep", "[N]..."), 1),
        None => o.fail(
            "sleep: missing operand\nTry 'sleep --help' for more information.",
            1,
        ),
        Some(a) if parse_duration(a).is_none() => {
            if env.busybox {
                o.fail_fmt(format_args!("sleep: invalid number '{a}'"), 1)
            } else {
                o.fail_fmt(format_args!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information."), 1)
            }
        }
        Some(_) => {}
    }
    o
}

/// `pwd`: the shell's working directory.
pub(crate) fn pwd(env: &TextEnv, _: &[String], _: Option<&str>) -> Output {
    let mut o = Output::new();
    o.outln(&env.state.cwd);
    o
}

/// `sleep`'s argument: a number with an optional s/m/h/d suffix, or `infinity`.
fn parse_duration(a: &str) -> Option<f64> {
    if a == "infinity" || a == "inf" {
        return Some(f64::INFINITY);
    }
    let (num, _unit) = match a.char_indices().last() {
        Some((i, c)) if matches!(c, 's' | 'm' | 'h' | 'd') => (&a[..i], c),
        _ => (a, 's'),
    };
    // golib's parser, not `str::parse`: the same value without core's
    // 10 KB table of powers of five in the page (golib/src/decimal.rs).
    bridgeport_golib::decimal::parse(num).filter(|n| *n >= 0.0)
}

/// The inputs of a tool: its file operands (`-` is stdin) or stdin alone.
pub(crate) fn inputs(
    env: &TextEnv,
    tool: &str,
    files: &[String],
    stdin: Option<&str>,
    o: &mut Output,
) -> Vec<(String, String)> {
    if files.is_empty() {
        return vec![("-".to_string(), stdin.unwrap_or("").to_string())];
    }
    let mut v = Vec::new();
    for f in files {
        if f == "-" {
            v.push(("-".to_string(), stdin.unwrap_or("").to_string()));
            continue;
        }
        match (env.read)(f) {
            Ok(t) => v.push((f.clone(), t)),
            Err(e) => {
                o.errln(&env.open_error(tool, f, &e));
                o.code = 1;
            }
        }
    }
    v
}

/// Lines of a text, without their newlines (a last line without one counts).
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n') || text.is_empty() {
        v.pop();
    }
    v
}

#[cfg(test)]
mod tests;

//! The file tools: `ls`, `mkdir`, `rm`, `touch`, as GNU coreutils 9.4
//! (the Ubuntu 24.04 host, Debian images) and busybox 1.37 (alpine and
//! busybox images) print them. They read and change the place's tree
//! ([`crate::shell::fs`]) through an [`FsEnv`]; the shell's `cd`, `pwd`,
//! redirections and here-documents use the same tree.

pub(crate) mod ls;
pub(crate) mod mkdir;
pub(crate) mod rm;

use crate::output::Output;
use crate::shell::fs::{self, Files, Kind, Refusal, Stat};
use crate::shell::{absolute, Dialect};

/// What a file tool may look at and change.
pub struct FsEnv<'a> {
    /// busybox applets rather than GNU coreutils.
    pub busybox: bool,
    /// GNU's quote() uses ‘’ in a UTF-8 locale (the host's LANG=C.UTF-8);
    /// Debian images have no LANG, so '…'.
    pub utf8: bool,
    pub files: &'a mut Files,
    /// The place's key in [`Files`].
    pub place: &'a str,
    /// Files the place answers from the engine (`/etc/hosts`, …).
    pub generated: &'a [&'a str],
    pub cwd: &'a str,
    /// ms since the epoch.
    pub now: u64,
    /// stdout is the terminal (`ls` prints columns).
    pub tty: bool,
    /// The owner `ls -l` shows (`learner`, `root`).
    pub user: &'a str,
    /// Whether this user may change what is in a directory (absolute path).
    pub writable: &'a dyn Fn(&str) -> bool,
    pub dialect: Dialect,
}

impl FsEnv<'_> {
    pub fn abs(&self, path: &str) -> String {
        absolute(self.cwd, path)
    }

    /// A path's kind, size and time: the tree, then the generated files.
    pub fn stat(&self, abs: &str) -> Option<Stat> {
        if let Some(s) = self.files.stat(self.place, abs) {
            return Some(s);
        }
        self.generated.contains(&abs).then_some(Stat {
            kind: Kind::File,
            size: 0,
            mtime: self.now,
        })
    }

    /// The names in a directory, with the generated files.
    pub fn children(&self, abs: &str) -> Vec<(String, Kind)> {
        let mut v = self.files.children(self.place, abs);
        for g in self.generated {
            if fs::parent(g) == abs {
                let name = fs::base_name(g).to_string();
                if !v.iter().any(|(n, _)| *n == name) {
                    v.push((name, Kind::File));
                }
            }
        }
        bridgeport_golib::sort::sort(&mut v);
        v
    }

    /// `‘x’` or `'x'` as GNU's quote() prints a name; busybox uses '…'.
    pub fn quote(&self, name: &str) -> String {
        if self.utf8 && !self.busybox {
            format!("‘{name}’")
        } else {
            format!("'{name}'")
        }
    }

    /// Why a change failed, in the words of strerror.
    pub fn reason(r: Refusal) -> &'static str {
        match r {
            Refusal::NoParent | Refusal::NotFound => "No such file or directory",
            Refusal::Exists => "File exists",
            Refusal::IsDir => "Not a directory",
            Refusal::Full => "No space left on device",
        }
    }

    /// The `[bridgeport]` line for a place that holds as many files or
    /// directories as the playground keeps.
    pub fn full_note() -> String {
        format!(
            "[bridgeport] the playground keeps at most {} files and {} directories per place",
            fs::MAX_FILES,
            fs::MAX_DIRS
        )
    }

    /// GNU's "Try 'X --help'" after a usage error.
    pub fn try_help(&self, tool: &str) -> String {
        format!("Try '{tool} --help' for more information.")
    }
}

/// busybox's usage banner for a bad option (exit 1).
pub fn busybox_usage(tool: &str, usage: &str) -> String {
    format!("BusyBox v1.37.0 (2025-01-17 00:00:00 UTC) multi-call binary.\n\nUsage: {tool} {usage}")
}

/// Splits `-la` style flags from operands (`--` ends the flags; a lone `-`
/// is an operand). Returns the flag letters, long options and operands.
pub fn split_flags(args: &[String]) -> (Vec<char>, Vec<String>, Vec<String>) {
    let mut short = Vec::new();
    let mut long = Vec::new();
    let mut operands = Vec::new();
    let mut more = true;
    for a in args {
        if more && a == "--" {
            more = false;
        } else if more && a.starts_with("--") {
            long.push(a[2..].to_string());
        } else if more && a.starts_with('-') && a.len() > 1 {
            short.extend(a[1..].chars());
        } else {
            operands.push(a.clone());
        }
    }
    (short, long, operands)
}

/// An output with one error line and exit code.
pub fn failed(msg: &str, code: i32) -> Output {
    let mut o = Output::new();
    o.fail(msg, code);
    o
}

#[cfg(test)]
mod tests;

//! What a command writes: stdout and stderr segments in the order written,
//! plus the exit code. Terminals show them interleaved; the page styles
//! stderr as an error.

use serde::{Deserialize, Serialize};
use std::fmt::{self, Display};

/// One contiguous write to stdout or stderr.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub stderr: bool,
    pub text: String,
}

/// The most one command may print. A real terminal would keep printing (a
/// `docker inspect` of 200 arguments is megabytes); the page keeps every
/// entry of its transcript in memory and in the DOM. Past it, writes are
/// dropped and one note says so.
pub const MAX_COMMAND_OUTPUT: usize = 2 << 20;

/// A command's output and exit code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    pub segments: Vec<Segment>,
    pub code: i32,
    /// Bytes written so far, and whether [`MAX_COMMAND_OUTPUT`] cut the rest.
    written: usize,
    cut: bool,
}

impl Output {
    pub fn new() -> Output {
        Output::default()
    }

    fn push(&mut self, stderr: bool, text: &str) {
        if text.is_empty() || self.cut {
            return;
        }
        if self.written + text.len() > MAX_COMMAND_OUTPUT {
            let mut end = MAX_COMMAND_OUTPUT - self.written;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            self.append(stderr, &text[..end]);
            self.append(
                true,
                "\n[bridgeport] output cut at 2 MiB: a real terminal would keep printing\n",
            );
            self.cut = true;
            return;
        }
        self.written += text.len();
        self.append(stderr, text);
    }

    fn append(&mut self, stderr: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.segments.last_mut() {
            Some(last) if last.stderr == stderr => last.text.push_str(text),
            _ => self.segments.push(Segment {
                stderr,
                text: text.to_string(),
            }),
        }
    }

    /// Writes to stdout.
    pub fn out(&mut self, text: &str) {
        self.push(false, text);
    }

    /// Writes a line to stdout.
    pub fn outln(&mut self, line: &str) {
        self.push(false, line);
        self.push(false, "\n");
    }

    /// Writes to stderr.
    pub fn err(&mut self, text: &str) {
        self.push(true, text);
    }

    /// Writes a line to stderr.
    pub fn errln(&mut self, line: &str) {
        self.push(true, line);
        self.push(true, "\n");
    }

    /// Writes an error line to stderr and sets the exit code.
    pub fn fail(&mut self, line: &str, code: i32) {
        self.errln(line);
        self.code = code;
    }

    /// What `format!` sites write through: one call with the arguments,
    /// instead of a `String` temporary built, passed and dropped at each of
    /// the ~250 sites (the page's wasm is smaller by that much).
    #[inline(never)]
    fn push_fmt(&mut self, stderr: bool, args: fmt::Arguments, newline: bool) {
        self.push(stderr, &fmt::format(args));
        if newline {
            self.push(stderr, "\n");
        }
    }

    /// [`Output::out`] of formatted text.
    pub fn out_fmt(&mut self, args: fmt::Arguments) {
        self.push_fmt(false, args, false);
    }

    /// [`Output::outln`] of formatted text.
    pub fn outln_fmt(&mut self, args: fmt::Arguments) {
        self.push_fmt(false, args, true);
    }

    /// [`Output::err`] of formatted text.
    pub fn err_fmt(&mut self, args: fmt::Arguments) {
        self.push_fmt(true, args, false);
    }

    /// [`Output::errln`] of formatted text.
    pub fn errln_fmt(&mut self, args: fmt::Arguments) {
        self.push_fmt(true, args, true);
    }

    /// [`Output::fail`] with formatted text.
    pub fn fail_fmt(&mut self, args: fmt::Arguments, code: i32) {
        self.push_fmt(true, args, true);
        self.code = code;
    }

    /// Appends another output (its exit code wins if non-zero).
    pub fn extend(&mut self, other: Output) {
        for s in other.segments {
            self.push(s.stderr, &s.text);
        }
        if other.code != 0 {
            self.code = other.code;
        }
    }

    /// Everything, interleaved as a terminal shows it.
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    /// `docker run`'s error framing (C ≥ 28): `docker: <err>`, a blank line, the help hint.
    pub fn run_error(cmd: &str, err: &str, code: i32) -> Output {
        let mut o = Output::new();
        o.err_fmt(format_args!(
            "docker: {err}\n\nRun 'docker {cmd} --help' for more information\n"
        ));
        o.code = code;
        o
    }

    /// A daemon error for commands other than run/create (exit 1).
    pub fn daemon_error(err: impl Display) -> Output {
        let mut o = Output::new();
        o.daemon_fail(err);
        o
    }

    /// Writes a daemon error line to stderr and sets exit code 1.
    pub fn daemon_fail(&mut self, err: impl Display) {
        self.fail(&from_daemon(err), 1);
    }
}

/// An error the daemon returned, as the docker CLI prints it (the API
/// client's error text: docker/cli `client/errors.go`). The one place the
/// framing is written.
pub fn from_daemon(err: impl Display) -> String {
    format!("Error response from daemon: {err}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_past_the_limit_is_cut_once_with_a_note() {
        let mut o = Output::new();
        let line = "é".repeat(1000) + "\n"; // 2001 bytes, two-byte characters
        for _ in 0..2000 {
            o.out(&line);
        }
        let text = o.text();
        assert!(text.len() <= MAX_COMMAND_OUTPUT + 100, "{}", text.len());
        assert!(text
            .ends_with("[bridgeport] output cut at 2 MiB: a real terminal would keep printing\n"));
        assert_eq!(text.matches("[bridgeport] output cut").count(), 1);
        let joined: String = o.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
        o.err("more");
        assert_eq!(o.text(), text, "nothing is written after the cut");
    }
}

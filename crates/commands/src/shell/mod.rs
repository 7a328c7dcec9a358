//! The shells: the host's bash (Ubuntu 24.04), busybox ash (`sh`, `ash` in
//! busybox and alpine images), dash (`sh` in Debian and Ubuntu images) and
//! bash (`bash` in Debian images), as far as a learner meets them in a
//! tutorial: lists, `&&`/`||`, pipes, redirections, quoting, `$VAR`, `$?`,
//! `$(…)`, and each shell's own error wording and exit codes.
//!
//! [`parse`] reads a line into a [`parse::List`]; [`run`] executes it against
//! a [`run::Programs`] (what the place has installed), keeping variables, the
//! last status, the working directory and the history in a [`ShellState`].
//! Files live in [`fs::Files`], one tree per place. Here-documents (`<<`,
//! `<<-`, quoted or expanding delimiters) are part of a line: a line whose
//! here-document or quote is unfinished [`needs_more`] input, and the
//! terminal and the runner read on. What is not simulated (`if`/`for`/
//! `while`, globbing) says so in a `[bridgeport]` line.

pub mod fs;
pub mod parse;
pub mod run;

use bridgeport_golib::sorted_map::SortedMap;
pub use fs::{Files, MAX_FILE, MAX_FILES};

/// Splits a line into words (quotes and escapes only). Lessons use it to
/// compare what was typed with what a step asks for.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    match shlex::split(line) {
        Some(words) => Ok(words),
        None => Err(
            "bridgeport: unterminated quote or trailing backslash in the command line".to_string(),
        ),
    }
}

/// Quotes a word for display, only when needed.
pub fn quote(word: &str) -> String {
    shlex::try_quote(word)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| word.to_string())
}

/// Which shell reads the line: decides error wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// busybox ash (`sh`/`ash` in busybox and alpine images).
    Ash,
    /// dash (`sh` in Debian and Ubuntu images).
    Dash,
    /// GNU bash 5.2 (Debian bookworm, Ubuntu 24.04).
    Bash,
    /// zsh (nicolaka/netshoot's login shell).
    Zsh,
}

/// How a shell was started: its name (`$0`, the error prefix), whether it
/// reads a `-c` string (bash and dash then name the line), and the dialect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub dialect: Dialect,
    /// "sh", "bash", "ash", ...
    pub name: String,
    /// `-c STRING` rather than typed at a prompt.
    pub command_string: bool,
    /// The host's interactive bash, where Ubuntu's command-not-found answers.
    pub ubuntu_host: bool,
}

impl Invocation {
    /// The message for a program that is not on the PATH (exit 127).
    /// busybox `shell/ash.c` shellexec: `ash_msg_and_raise(EXEXEC, "%s: %s",
    /// argv[0], errmsg(e, "not found"))` after the `sh: ` prefix; dash adds
    /// the line number (`sh: 1: foo: not found`); bash `execute_cmd.c`
    /// `"%s: command not found"` after `bash: ` (and `line N: ` for `-c`,
    /// bash ≥ 5.1); zsh `zsh: command not found: foo`.
    pub fn not_found(&self, line: u32, program: &str) -> String {
        match self.dialect {
            Dialect::Ash => format!("{}: {program}: not found", self.name),
            Dialect::Dash => format!("{}: {line}: {program}: not found", self.name),
            Dialect::Bash if self.ubuntu_host => command_not_found(program),
            Dialect::Bash if self.command_string => {
                format!("{}: line {line}: {program}: command not found", self.name)
            }
            Dialect::Bash => format!("{}: {program}: command not found", self.name),
            Dialect::Zsh if self.command_string => {
                format!("zsh:{line}: command not found: {program}")
            }
            Dialect::Zsh => format!("zsh: command not found: {program}"),
        }
    }

    /// A syntax error, as each shell words it (exit 2).
    pub fn syntax_error(&self, line: u32, err: &parse::ParseError, src: &str) -> String {
        use parse::ParseError::*;
        match (self.dialect, err) {
            (_, Unsupported(what)) => format!(
                "[bridgeport] `{what}` is not simulated; the shell runs ; && || | > 2>&1 $VAR $(…)"
            ),
            // busybox ash parser.c: raise_error_unexpected_syntax / "unterminated quoted string".
            (Dialect::Ash, Unexpected(Some(t))) => {
                format!("{}: syntax error: unexpected \"{}\"", self.name, t)
            }
            (Dialect::Ash, Unexpected(None)) => {
                format!("{}: syntax error: unexpected end of file", self.name)
            }
            (Dialect::Ash, Unterminated(_)) => {
                format!("{}: syntax error: unterminated quoted string", self.name)
            }
            // dash parser.c synexpect: `Syntax error: "|" unexpected`.
            (Dialect::Dash, Unexpected(Some(t))) => {
                format!("{}: {line}: Syntax error: \"{}\" unexpected", self.name, t)
            }
            (Dialect::Dash, Unexpected(None)) => {
                format!(
                    "{}: {line}: Syntax error: end of file unexpected",
                    self.name
                )
            }
            (Dialect::Dash, Unterminated(_)) => {
                format!(
                    "{}: {line}: Syntax error: Unterminated quoted string",
                    self.name
                )
            }
            // bash parse.y report_syntax_error: "syntax error near unexpected token `%s'".
            (Dialect::Bash | Dialect::Zsh, Unexpected(t)) => {
                let tok = t.clone().unwrap_or_else(|| "newline".to_string());
                if self.command_string {
                    format!(
                        "{n}: -c: line {line}: syntax error near unexpected token `{tok}'\n{n}: -c: line {line}: `{src}'",
                        n = self.name
                    )
                } else {
                    format!("{}: syntax error near unexpected token `{tok}'", self.name)
                }
            }
            (Dialect::Bash | Dialect::Zsh, Unterminated(q)) => {
                let q = match q {
                    '(' => ')',
                    '}' => '}',
                    c => *c,
                };
                if self.command_string {
                    format!(
                        "{}: -c: line {line}: unexpected EOF while looking for matching `{q}'",
                        self.name
                    )
                } else {
                    format!("[bridgeport] unterminated `{q}`: a real bash would wait for the rest of the command on a `> ` prompt; the playground runs one line at a time")
                }
            }
        }
    }
}

/// Ubuntu's `command-not-found` answer for a program the host does not
/// have: the package that ships it (`CommandNotFound.py`: "Command '%s' not
/// found, but can be installed with:" then one `sudo apt install` line per
/// package, versions aligned when there are several), or bash's plain
/// "%s: command not found" from the handler when no package has it.
pub fn command_not_found(program: &str) -> String {
    if program == "python" {
        // Ubuntu 24.04 has python3 only; command-not-found suggests both ways.
        return "Command 'python' not found, did you mean:\n  command 'python3' from deb python3\n  command 'python' from deb python-is-python3".to_string();
    }
    let packages: &[&str] = match program {
        "netstat" | "ifconfig" | "route" | "arp" => &["net-tools"],
        "traceroute" => &[
            "sudo apt install traceroute            # version 1:2.1.5-1, or",
            "sudo apt install inetutils-traceroute  # version 2:2.5-3ubuntu4",
        ],
        "nmap" => &["nmap"],
        "telnet" => &["inetutils-telnet"],
        "httpie" | "http" => &["httpie"],
        "jq" => &["jq"],
        "tree" => &["tree"],
        "docker-compose" => &["docker-compose"],
        "mtr" => &["mtr-tiny"],
        "ifup" | "ifdown" => &["ifupdown"],
        "brctl" => &["bridge-utils"],
        "tshark" => &["tshark"],
        "nft" => &["nftables"],
        "node" | "nodejs" => &["nodejs"],
        "npm" => &["npm"],
        _ => &[],
    };
    match packages {
        [] => format!("{program}: command not found"),
        [one] if !one.starts_with("sudo ") => format!(
            "Command '{program}' not found, but can be installed with:\nsudo apt install {one}"
        ),
        many => format!(
            "Command '{program}' not found, but can be installed with:\n{}",
            many.join("\n")
        ),
    }
}

/// What one shell remembers between lines: variables, `$?`, the working
/// directory, the line counter (dash and `-c` messages) and the history.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShellState {
    /// Exported and shell variables (one namespace, like a simple shell).
    pub vars: SortedMap<String, String>,
    /// Names in the order they entered the environment (`env` prints them so).
    pub order: Vec<String>,
    pub status: i32,
    pub cwd: String,
    pub line: u32,
    pub history: Vec<String>,
    /// `$1…` (`sh -c 'script' arg0 arg1 …`).
    pub args: Vec<String>,
    /// `$0`.
    pub arg0: String,
    /// `$$`.
    pub pid: u32,
    /// The program's stdout is the terminal (not a pipe, a file or `$(…)`):
    /// `ls` prints columns then. Set on the copy a program gets.
    pub stdout_tty: bool,
}

/// Most lines a history keeps (bash's HISTSIZE default is 500).
pub const MAX_HISTORY: usize = 500;

impl ShellState {
    /// A shell whose environment is `env` (`NAME=value` strings, in order).
    pub fn with_env(env: &[String], cwd: &str, arg0: &str, pid: u32) -> ShellState {
        let mut s = ShellState {
            cwd: cwd.to_string(),
            arg0: arg0.to_string(),
            pid,
            ..ShellState::default()
        };
        for kv in env {
            if let Some((k, v)) = kv.split_once('=') {
                s.set(k, v);
            }
        }
        s
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn set(&mut self, name: &str, value: &str) {
        if !self.vars.contains_key(name) {
            self.order.push(name.to_string());
        }
        self.vars.insert(name.to_string(), value.to_string());
    }

    pub fn unset(&mut self, name: &str) {
        self.vars.remove(name);
        self.order.retain(|n| n != name);
    }

    /// The environment as `NAME=value` lines, in the order set.
    pub fn environ(&self) -> Vec<String> {
        self.order
            .iter()
            .filter_map(|n| self.vars.get(n).map(|v| format!("{n}={v}")))
            .collect()
    }

    pub fn remember(&mut self, line: &str) {
        if self.history.len() >= MAX_HISTORY {
            self.history.remove(0);
        }
        self.history.push(line.to_string());
    }
}

/// The shells of a session: the host's (kept for the whole session), the
/// one the terminal is attached to in a container (new for each attach),
/// and the places' files ([`fs`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shells {
    pub host: Option<ShellState>,
    pub lan: Option<ShellState>,
    pub attached: Option<ShellState>,
    pub files: Files,
}

/// The host's user, home and the directory its shell starts in (so the
/// default Compose project name is `myapp`).
pub const HOST_USER: &str = "learner";
pub const HOST_HOME: &str = "/home/learner";
pub const HOST_START_DIR: &str = "/home/learner/myapp";

impl Shells {
    pub fn files_ref(&self) -> &Files {
        &self.files
    }

    /// The host shell's working directory (`docker compose` looks for its
    /// file there and names the project after it).
    pub fn host_cwd(&self) -> &str {
        self.host
            .as_ref()
            .map_or(HOST_START_DIR, |s| s.cwd.as_str())
    }

    /// The host shell's variables (`COMPOSE_PROJECT_NAME` and friends).
    pub fn host_vars(&self) -> Vec<String> {
        self.host
            .as_ref()
            .map(ShellState::environ)
            .unwrap_or_default()
    }
}

/// The shell line that writes `text` to `path`: `cat > PATH <<'EOF'` …
/// `EOF`, with a delimiter that no line of the text equals (EOF, EOF1, …).
/// The page's editor, a preloaded file (`file=`, the JS API) and share links
/// write files with it, so a file is a line of the session like any other
/// and undo, sharing and replay need nothing more. A here-document ends in
/// a newline: a text without a final one gets it, as editors save it.
pub fn heredoc_command(path: &str, text: &str) -> String {
    let mut delim = "EOF".to_string();
    let mut n = 0;
    while text.lines().any(|l| l == delim) {
        n += 1;
        delim = format!("EOF{n}");
    }
    let mut body = text.replace("\r\n", "\n");
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    format!("cat > {} <<'{delim}'\n{body}{delim}", quote(path))
}

/// Resolves `path` against `cwd` (`.`, `..` and repeated slashes folded).
pub fn absolute(cwd: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

#[cfg(test)]
mod tests;

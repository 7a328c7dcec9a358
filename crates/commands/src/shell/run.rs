//! Executes a parsed line: and-or lists, pipelines (each command's stdout
//! is the next one's stdin; stderr goes to the terminal unless redirected),
//! redirections in order (`cmd >f 2>&1` and `cmd 2>&1 >f` differ as in a
//! real shell), parameter expansion with field splitting, command
//! substitution, and the builtins a learner uses (`cd`, `pwd`, `export`,
//! `unset`, `exit`, `true`, `false`, `:`, `echo`, `history`).
//!
//! Programs come from a [`Programs`]: the place decides what is installed
//! and runs it. Pipeline stages run one after another (the simulated
//! programs finish at once), so their stderr appears in stage order.

use super::parse::{self, AndOr, Command, Connector, List, Part, Pipeline, RedirOp, Word};
use super::{absolute, Dialect, Invocation, ShellState};
use crate::output::Output;

/// Why a path cannot be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// No such file (or, for a write, no such directory).
    NotFound,
    /// A directory where a file is wanted.
    IsDir,
    /// Not writable by this user (the host's `ubuntu` writing under /etc).
    Denied,
    /// The file is generated and not editable in the playground: the note.
    Refused(String),
    /// Too many files in this place.
    Full,
}

/// What the place a shell runs in provides.
pub trait Programs {
    /// Runs an installed program; `None` when `argv[0]` is not installed.
    fn run(
        &mut self,
        sh: &Invocation,
        state: &mut ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Option<Output>;
    fn read(&self, path: &str) -> Result<String, FileError>;
    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FileError>;
    fn is_dir(&self, path: &str) -> bool;
}

/// Deepest nesting of shells (`sh -c "sh -c …"`) and substitutions.
pub const MAX_NESTING: u32 = 24;

/// Runs one line (or a `-c` script) and returns the terminal output; the
/// exit status is in `state.status` and in the output's code. `Some(code)`
/// in the second value when the script ran `exit`.
pub fn run_script<P: Programs>(
    programs: &mut P,
    inv: &Invocation,
    state: &mut ShellState,
    src: &str,
    nesting: u32,
) -> (Output, Option<i32>) {
    if state.line == 0 {
        state.line = 1;
    }
    match parse::parse_full(src) {
        Ok((list, unfinished)) => {
            let mut warning = Output::new();
            // bash make_here_document: "here-document at line %d delimited by
            // end-of-file (wanted `%s')"; dash and busybox ash say nothing.
            if let (Some(delim), Dialect::Bash) = (unfinished, inv.dialect) {
                let at = if inv.command_string {
                    format!("{}: -c: line {}: ", inv.name, state.line)
                } else {
                    format!("{}: ", inv.name)
                };
                warning.errln_fmt(format_args!(
                    "{at}warning: here-document at line {} delimited by end-of-file (wanted `{delim}')",
                    state.line
                ));
            }
            let (out, exit) = run_list(programs, inv, state, &list, nesting);
            warning.segments.extend(out.segments);
            warning.code = out.code;
            (warning, exit)
        }
        Err(e) => {
            // Every shell exits 2 on a syntax error.
            let mut term = Output::new();
            term.fail(&inv.syntax_error(state.line, &e, src), 2);
            state.status = 2;
            (term, None)
        }
    }
}

/// Runs an already parsed list (see [`run_script`]).
pub fn run_list<P: Programs>(
    programs: &mut P,
    inv: &Invocation,
    state: &mut ShellState,
    list: &List,
    nesting: u32,
) -> (Output, Option<i32>) {
    let mut ex = Exec {
        p: programs,
        inv: inv.clone(),
        st: state,
        term: Output::new(),
        caps: Vec::new(),
        nesting,
    };
    let flow = ex.list(list);
    let mut term = ex.term;
    term.code = ex.st.status;
    match flow {
        Flow::Exit(c) => {
            term.code = c;
            (term, Some(c))
        }
        Flow::Normal => (term, None),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Normal,
    Exit(i32),
}

/// Where a file descriptor writes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dest {
    Stdout,
    Stderr,
    Pipe,
    File(String),
    Null,
}

struct Exec<'a, P: Programs> {
    p: &'a mut P,
    inv: Invocation,
    st: &'a mut ShellState,
    term: Output,
    /// Open command substitutions: stdout goes to the innermost.
    caps: Vec<String>,
    nesting: u32,
}

impl<'a, P: Programs> Exec<'a, P> {
    fn list(&mut self, l: &List) -> Flow {
        for item in &l.items {
            if let Flow::Exit(c) = self.and_or(item) {
                return Flow::Exit(c);
            }
        }
        Flow::Normal
    }

    fn and_or(&mut self, ao: &AndOr) -> Flow {
        if ao.background {
            // `cmd &`: the job runs to the end at once; the shell says which job.
            if let Flow::Exit(c) = self.pipeline(&ao.first) {
                return Flow::Exit(c);
            }
            self.st.status = 0;
            return Flow::Normal;
        }
        if let Flow::Exit(c) = self.pipeline(&ao.first) {
            return Flow::Exit(c);
        }
        for (conn, p) in &ao.rest {
            let ok = self.st.status == 0;
            let run = match conn {
                Connector::And => ok,
                Connector::Or => !ok,
            };
            if run {
                if let Flow::Exit(c) = self.pipeline(p) {
                    return Flow::Exit(c);
                }
            }
        }
        Flow::Normal
    }

    fn pipeline(&mut self, pl: &Pipeline) -> Flow {
        let mut input: Option<String> = None;
        let n = pl.commands.len();
        let mut status = 0;
        for (i, cmd) in pl.commands.iter().enumerate() {
            let piped = i + 1 < n;
            let (code, out, flow) = self.simple(cmd, input.take(), piped);
            status = code;
            // `exit` inside a pipeline ends only that stage's subshell.
            if let Flow::Exit(c) = flow {
                if n == 1 {
                    self.st.status = c;
                    return Flow::Exit(c);
                }
                status = c;
            }
            input = Some(out);
        }
        if pl.negate {
            status = if status == 0 { 1 } else { 0 };
        }
        self.st.status = status;
        Flow::Normal
    }

    /// Expands, redirects and runs one simple command. Returns its status,
    /// what it wrote into the pipe (when `piped`), and whether it was `exit`.
    fn simple(&mut self, cmd: &Command, stdin: Option<String>, piped: bool) -> (i32, String, Flow) {
        let mut subst_status: Option<i32> = None;
        let mut argv = Vec::new();
        for w in &cmd.words {
            let (fields, s) = self.expand(w, true);
            if s.is_some() {
                subst_status = s;
            }
            argv.extend(fields);
        }
        let mut assigns = Vec::new();
        for (name, w) in &cmd.assigns {
            let (fields, s) = self.expand(w, false);
            if s.is_some() {
                subst_status = s;
            }
            assigns.push((name.clone(), fields.join(" ")));
        }
        // Descriptors: 0 is stdin, 1 the pipe or the terminal, 2 the terminal.
        let mut fds: Vec<(u32, Dest)> = vec![
            (1, if piped { Dest::Pipe } else { Dest::Stdout }),
            (2, Dest::Stderr),
        ];
        let mut input = stdin;
        for r in &cmd.redirs {
            if let RedirOp::Here { .. } = r.op {
                let (fields, _) = self.expand(&r.target, false);
                input = Some(fields.concat());
                continue;
            }
            let target = match r.op {
                RedirOp::Dup(_) => String::new(),
                _ => {
                    let (fields, _) = self.expand(&r.target, true);
                    if fields.len() != 1 {
                        let word = parse::word_source(&r.target);
                        let msg = match self.inv.dialect {
                            Dialect::Bash | Dialect::Zsh => {
                                format!("{}: {word}: ambiguous redirect", self.inv.name)
                            }
                            _ => format!("{}: {word}: ambiguous redirect", self.inv.name),
                        };
                        self.term.errln(&msg);
                        return (1, String::new(), Flow::Normal);
                    }
                    fields.into_iter().next().unwrap_or_default()
                }
            };
            let dest_of = |fds: &Vec<(u32, Dest)>, fd: u32| {
                fds.iter().find(|(f, _)| *f == fd).map(|(_, d)| d.clone())
            };
            let set = |fds: &mut Vec<(u32, Dest)>, fd: u32, d: Dest| {
                fds.retain(|(f, _)| *f != fd);
                fds.push((fd, d));
            };
            match &r.op {
                RedirOp::Here { .. } => {}
                RedirOp::HereString => input = Some(format!("{target}\n")),
                RedirOp::In => match self.read_file(&target) {
                    Ok(text) => input = Some(text),
                    Err(msg) => {
                        self.term.errln(&msg);
                        return (1, String::new(), Flow::Normal);
                    }
                },
                RedirOp::Dup(m) => match dest_of(&fds, *m) {
                    Some(d) => set(&mut fds, r.fd, d),
                    None => {
                        self.term.errln(&self.bad_fd(*m));
                        return (1, String::new(), Flow::Normal);
                    }
                },
                op => {
                    let d = match self.open_for_write(&target, *op == RedirOp::Append) {
                        Ok(d) => d,
                        Err(msg) => {
                            self.term.errln(&msg);
                            return (
                                if self.inv.dialect == Dialect::Bash {
                                    1
                                } else {
                                    2
                                },
                                String::new(),
                                Flow::Normal,
                            );
                        }
                    };
                    let d = match d {
                        Special::Dest(d) => d,
                        Special::Fd(n) => dest_of(&fds, n).unwrap_or(Dest::Null),
                    };
                    if *op == RedirOp::Both {
                        set(&mut fds, 1, d.clone());
                        set(&mut fds, 2, d);
                    } else {
                        set(&mut fds, r.fd, d);
                    }
                }
            }
        }
        if argv.is_empty() {
            for (k, v) in assigns {
                self.st.set(&k, &v);
            }
            return (subst_status.unwrap_or(0), String::new(), Flow::Normal);
        }
        let tty = self.caps.is_empty() && fds.iter().any(|(f, d)| *f == 1 && *d == Dest::Stdout);
        let (out, flow) = self.command(&argv, &assigns, input.as_deref(), tty);
        let code = out.code;
        let mut piped_out = String::new();
        for seg in out.segments {
            let fd = if seg.stderr { 2 } else { 1 };
            let dest = fds
                .iter()
                .find(|(f, _)| *f == fd)
                .map(|(_, d)| d.clone())
                .unwrap_or(Dest::Null);
            match dest {
                Dest::Stdout => match self.caps.last_mut() {
                    Some(c) => {
                        if c.len() < super::MAX_FILE {
                            c.push_str(&seg.text)
                        }
                    }
                    None => self.term.out(&seg.text),
                },
                Dest::Stderr => self.term.err(&seg.text),
                Dest::Pipe => {
                    if piped_out.len() < crate::output::MAX_COMMAND_OUTPUT {
                        piped_out.push_str(&seg.text)
                    }
                }
                Dest::File(path) => {
                    let _ = self.p.write(&path, &seg.text, true);
                }
                Dest::Null => {}
            }
        }
        (code, piped_out, flow)
    }

    fn bad_fd(&self, n: u32) -> String {
        match self.inv.dialect {
            Dialect::Bash | Dialect::Zsh => format!("{}: {n}: Bad file descriptor", self.inv.name),
            Dialect::Dash => format!(
                "{}: {}: {n}: Bad file descriptor",
                self.inv.name, self.st.line
            ),
            Dialect::Ash => format!("{}: dup2({n},1): Bad file descriptor", self.inv.name),
        }
    }

    fn read_file(&mut self, path: &str) -> Result<String, String> {
        let abs = absolute(&self.st.cwd, path);
        match self.p.read(&abs) {
            Ok(t) => Ok(t),
            Err(FileError::Refused(note)) => Err(note),
            Err(e) => {
                // One line per dialect, with the reason its shell gives; a
                // full place reads as a missing file in every dialect.
                // busybox ash: "can't open '%s': %s" via ash_msg_and_raise_perror-ish wording.
                let dialect = if e == FileError::Full {
                    Dialect::Bash
                } else {
                    self.inv.dialect
                };
                let why = match (dialect, e) {
                    (_, FileError::IsDir) => "Is a directory",
                    (Dialect::Dash, _) => "No such file",
                    _ => "No such file or directory",
                };
                let name = &self.inv.name;
                Err(match dialect {
                    Dialect::Ash => format!("{name}: can't open '{path}': {why}"),
                    Dialect::Dash => format!("{name}: {}: cannot open {path}: {why}", self.st.line),
                    _ => format!("{name}: {path}: {why}"),
                })
            }
        }
    }

    fn open_for_write(&mut self, path: &str, append: bool) -> Result<Special, String> {
        match path {
            "/dev/null" => return Ok(Special::Dest(Dest::Null)),
            "/dev/stdout" => return Ok(Special::Fd(1)),
            "/dev/stderr" => return Ok(Special::Fd(2)),
            _ => {}
        }
        let abs = absolute(&self.st.cwd, path);
        match self.p.write(&abs, "", append) {
            Ok(()) => Ok(Special::Dest(Dest::File(abs))),
            Err(FileError::Refused(note)) => Err(note),
            Err(FileError::Full) => Err(format!(
                "[bridgeport] {path}: the playground keeps at most {} files per place",
                super::MAX_FILES
            )),
            Err(e) => {
                // busybox ash openredirect: "can't create %s: %s" (errmsg(e, "nonexistent directory")).
                let dialect = self.inv.dialect;
                let why = match (dialect, e) {
                    (_, FileError::IsDir) => "Is a directory",
                    (_, FileError::Denied) => "Permission denied",
                    (Dialect::Ash, _) => "nonexistent directory",
                    (Dialect::Dash, _) => "Directory nonexistent",
                    _ => "No such file or directory",
                };
                let name = &self.inv.name;
                Err(match dialect {
                    Dialect::Ash => format!("{name}: can't create {path}: {why}"),
                    Dialect::Dash => {
                        format!("{name}: {}: cannot create {path}: {why}", self.st.line)
                    }
                    _ => format!("{name}: {path}: {why}"),
                })
            }
        }
    }

    /// A builtin, or a program from the place.
    fn command(
        &mut self,
        argv: &[String],
        assigns: &[(String, String)],
        stdin: Option<&str>,
        tty: bool,
    ) -> (Output, Flow) {
        let mut o = Output::new();
        let name = argv[0].as_str();
        let args = &argv[1..];
        match name {
            "exit" => {
                let code = match args.first() {
                    None => self.st.status,
                    Some(a) => match a.parse::<i64>() {
                        Ok(n) => (n & 0xff) as i32,
                        Err(_) => {
                            let msg = match self.inv.dialect {
                                Dialect::Bash | Dialect::Zsh => format!(
                                    "{}: exit: {a}: numeric argument required",
                                    self.inv.name
                                ),
                                Dialect::Dash => format!(
                                    "{}: {}: exit: Illegal number: {a}",
                                    self.inv.name, self.st.line
                                ),
                                Dialect::Ash => {
                                    format!("{}: exit: Illegal number: {a}", self.inv.name)
                                }
                            };
                            o.errln(&msg);
                            2
                        }
                    },
                };
                o.code = code;
                return (o, Flow::Exit(code));
            }
            "true" | ":" => {}
            "false" => o.code = 1,
            "cd" => {
                let home = self.st.get("HOME").unwrap_or("/").to_string();
                if args.len() > 1 && matches!(self.inv.dialect, Dialect::Bash | Dialect::Zsh) {
                    o.fail_fmt(format_args!("{}: cd: too many arguments", self.inv.name), 1);
                    return (o, Flow::Normal);
                }
                let target = match args.first().map(String::as_str) {
                    None | Some("~") => home,
                    Some("-") => match self.st.get("OLDPWD") {
                        Some(d) => {
                            // `cd -` prints where it went.
                            o.outln(d);
                            d.to_string()
                        }
                        None if self.inv.dialect == Dialect::Bash => {
                            o.fail_fmt(format_args!("{}: cd: OLDPWD not set", self.inv.name), 1);
                            return (o, Flow::Normal);
                        }
                        None => self.st.cwd.clone(),
                    },
                    Some(d) => d.to_string(),
                };
                let abs = absolute(&self.st.cwd, &target);
                if self.p.is_dir(&abs) {
                    let old = self.st.cwd.clone();
                    self.st.set("OLDPWD", &old);
                    self.st.cwd = abs.clone();
                    self.st.set("PWD", &abs);
                } else {
                    // A file in the way: ENOTDIR.
                    let why = if self.p.read(&abs).is_ok() {
                        "Not a directory"
                    } else {
                        "No such file or directory"
                    };
                    let (msg, code) = match self.inv.dialect {
                        // busybox ash cdcmd: ash_msg_and_raise_perror("can't cd to %s", dest).
                        Dialect::Ash => (
                            format!("{}: cd: can't cd to {target}: {why}", self.inv.name),
                            2,
                        ),
                        Dialect::Dash => (
                            format!(
                                "{}: {}: cd: can't cd to {target}",
                                self.inv.name, self.st.line
                            ),
                            2,
                        ),
                        _ => (format!("{}: cd: {target}: {why}", self.inv.name), 1),
                    };
                    o.fail(&msg, code);
                }
            }
            "pwd" => o.outln(&self.st.cwd.clone()),
            "export" => {
                for a in args {
                    match a.split_once('=') {
                        Some((k, v)) => self.st.set(k, v),
                        None => {
                            if self.st.get(a).is_none() {
                                // Exported but unset: not in the environment yet.
                            }
                        }
                    }
                }
            }
            "unset" => {
                for a in args {
                    self.st.unset(a);
                }
            }
            "history" if self.inv.dialect != Dialect::Dash => {
                for (i, line) in self.st.history.iter().enumerate() {
                    match self.inv.dialect {
                        // busybox libbb/lineedit.c show_history: "%4d %s\n", from 0.
                        Dialect::Ash => o.outln_fmt(format_args!("{i:4} {line}")),
                        // bash builtins/history.def display_history: "%5d%c %s", from 1.
                        _ => o.outln_fmt(format_args!("{:5}  {line}", i + 1)),
                    }
                }
            }
            _ => {
                if self.nesting >= MAX_NESTING {
                    o.fail("[bridgeport] shells nested too deep", 2);
                    return (o, Flow::Normal);
                }
                let mut env = self.st.clone();
                env.stdout_tty = tty;
                for (k, v) in assigns {
                    env.set(k, v);
                }
                let line = self.st.line;
                match self.p.run(&self.inv, &mut env, argv, stdin) {
                    Some(out) => o = out,
                    None => o.fail(&self.inv.not_found(line, name), 127),
                }
            }
        }
        (o, Flow::Normal)
    }

    /// Expands a word into fields (`split`: unquoted expansions are split
    /// on blanks, as IFS does by default). Also returns the status of the
    /// last command substitution, if any ran.
    fn expand(&mut self, w: &Word, split: bool) -> (Vec<String>, Option<i32>) {
        let mut fields: Vec<String> = Vec::new();
        let mut cur: Option<String> = None;
        let mut status = None;
        for (i, part) in w.parts.iter().enumerate() {
            match part {
                Part::Lit(s) => {
                    let s = if i == 0 && (s == "~" || s.starts_with("~/")) {
                        format!("{}{}", self.st.get("HOME").unwrap_or("/"), &s[1..])
                    } else {
                        s.clone()
                    };
                    cur.get_or_insert_with(String::new).push_str(&s);
                }
                Part::Quoted(s) => cur.get_or_insert_with(String::new).push_str(s),
                Part::Param { name, quoted } => {
                    let v = self.param(name);
                    push_expansion(&mut fields, &mut cur, &v, *quoted || !split);
                }
                Part::Subst { list, quoted } => {
                    let v = self.substitute(list);
                    status = Some(self.st.status);
                    push_expansion(&mut fields, &mut cur, &v, *quoted || !split);
                }
            }
        }
        if let Some(c) = cur {
            fields.push(c);
        }
        (fields, status)
    }

    fn substitute(&mut self, list: &List) -> String {
        if self.nesting >= MAX_NESTING {
            self.term
                .errln("[bridgeport] command substitutions nested too deep");
            return String::new();
        }
        self.nesting += 1;
        self.caps.push(String::new());
        let _ = self.list(list);
        let mut s = self.caps.pop().unwrap_or_default();
        self.nesting -= 1;
        while s.ends_with('\n') {
            s.pop();
        }
        s
    }

    fn param(&self, spec: &str) -> String {
        // ${#VAR}, ${VAR:-word}, ${VAR-word}, ${VAR:=word} (assigns not kept), ${VAR:+word}.
        if let Some(name) = spec.strip_prefix('#') {
            if !name.is_empty() {
                return self.param(name).chars().count().to_string();
            }
        }
        for &(op, colon) in &[
            (":-", true),
            (":=", true),
            (":+", true),
            ("-", false),
            ("=", false),
            ("+", false),
        ] {
            if let Some((name, word)) = spec.split_once(op) {
                if !name.is_empty() && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                    let v = self.simple_param(name);
                    let set = match &v {
                        Some(s) => !(colon && s.is_empty()),
                        None => false,
                    };
                    return match (op.ends_with('+'), set) {
                        (true, true) => word.to_string(),
                        (true, false) => String::new(),
                        (false, true) => v.unwrap_or_default(),
                        (false, false) => word.to_string(),
                    };
                }
            }
        }
        self.simple_param(spec).unwrap_or_default()
    }

    fn simple_param(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.st.status.to_string()),
            "$" => Some(self.st.pid.to_string()),
            "#" => Some(self.st.args.len().to_string()),
            "0" => Some(self.st.arg0.clone()),
            "@" | "*" => Some(self.st.args.join(" ")),
            "-" => Some(if self.inv.command_string {
                "hBc".to_string()
            } else {
                "himBH".to_string()
            }),
            "!" => None,
            "PWD" => Some(self.st.cwd.clone()),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.st.args.get(i.checked_sub(1)?).cloned()
            }
            n => self.st.get(n).map(str::to_string),
        }
    }
}

enum Special {
    Dest(Dest),
    Fd(u32),
}

/// Adds an expansion's value to the fields being built: quoted values join
/// the current field; unquoted ones split on blanks.
fn push_expansion(fields: &mut Vec<String>, cur: &mut Option<String>, v: &str, quoted: bool) {
    if quoted {
        cur.get_or_insert_with(String::new).push_str(v);
        return;
    }
    if v.is_empty() {
        return;
    }
    let blank = |c: char| c == ' ' || c == '\t' || c == '\n';
    if v.starts_with(blank) {
        if let Some(c) = cur.take() {
            fields.push(c);
        }
    }
    for (i, piece) in v.split(blank).filter(|p| !p.is_empty()).enumerate() {
        if i > 0 {
            if let Some(c) = cur.take() {
                fields.push(c);
            }
        }
        cur.get_or_insert_with(String::new).push_str(piece);
    }
    if v.ends_with(blank) {
        if let Some(c) = cur.take() {
            fields.push(c);
        }
    }
}

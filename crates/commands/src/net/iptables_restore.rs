//! `iptables-restore` (1.8.10, nf_tables) on the host: reads the
//! `iptables-save` format from a file of the host's file system or from
//! stdin (`iptables-restore < rules.v4`, a here-document) and replaces each
//! table it names, as iptables@v1.8.10 `iptables/xtables-restore.c`
//! (`xtables_restore_parse_line`) does: `*table` flushes the table (unless
//! `-n`), `:CHAIN POLICY [p:b]` sets a built-in chain's policy or creates a
//! chain, every other line is an iptables command run with `-t table`, and
//! `COMMIT` applies the table at once (a failing line leaves that table as
//! it was; earlier tables stay committed).
//!
//! A line equal to one of Docker's rules of that chain becomes Docker's
//! rule again (so `iptables-save > f; iptables-restore < f` gives back the
//! same ruleset, DNAT and MASQUERADE included, and Docker's traces keep
//! their reasons); other lines are the learner's rules, parsed and checked
//! by [`super::iptables_edit`]. Docker's chains are generated: one that the
//! file leaves out is emptied, not deleted, and a `[bridgeport]` line says
//! so. Without `-n` a restored table's counters start at zero; `-c` keeps
//! them as they were instead of reading the file's (a line says so). `ip6tables-restore`
//! is refused with the note `ip6tables` gives for changes.

use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::firewall::{ChainEdit, Entry, Firewall};
use bridgeport_engine::net::netfilter::{Chain, Table};
use bridgeport_engine::net::View;
use bridgeport_engine::Engine;

use super::iptables_edit::{self, Cmd};
use super::Env;
use std::fmt::Write as _;

const VERSION: &str = "1.8.10 (nf_tables)";

fn usage(prog: &str) -> String {
    format!("Usage: {prog} [-c] [-v] [-V] [-t] [-h] [-n] [-T table] [-M command] [-4] [-6] [file]\n\t   [ --counters ]\n\t   [ --verbose ]\n\t   [ --version]\n\t   [ --test ]\n\t   [ --help ]\n\t   [ --noflush ]\n\t   [ --table=<TABLE> ]\n\t   [ --modprobe=<command> ]\n\t   [ --ipv4 ]\n\t   [ --ipv6 ]\n")
}

/// Splits a rule line as `add_param_to_argv` does: words, "quoted text" as one.
fn words(line: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    let mut escaped = false;
    for c in line.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => escaped = true,
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    v.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            _ => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        v.push(cur);
    }
    v
}

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String], six: bool) -> Output {
    let prog = if six {
        "ip6tables-restore"
    } else {
        "iptables-restore"
    };
    let mut out = Output::new();
    let mut counters = false;
    let mut verbose = false;
    let mut test = false;
    let mut noflush = false;
    let mut only: Option<String> = None;
    let mut files: Vec<&str> = Vec::new();
    let bad = |out: &mut Output, what: String| {
        out.fail_fmt(
            format_args!("{prog}: {what}\nTry `{prog} -h' for more information."),
            1,
        );
    };
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if a == "--" {
            files.extend(args[i..].iter().map(String::as_str));
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            const LONG: [&str; 12] = [
                "counters",
                "verbose",
                "version",
                "test",
                "help",
                "noflush",
                "modprobe",
                "table",
                "ipv4",
                "ipv6",
                "wait",
                "wait-interval",
            ];
            let full = match super::long_option(name, LONG.iter().copied()) {
                Ok(full) => full,
                Err(miss) => {
                    let what = match miss {
                        super::LongMiss::Unrecognized => format!("unrecognized option '{a}'"),
                        super::LongMiss::Ambiguous => format!("option '{a}' is ambiguous"),
                    };
                    bad(&mut out, what);
                    return out;
                }
            };
            match full {
                "counters" => counters = true,
                "verbose" => verbose = true,
                "version" => {
                    out.outln_fmt(format_args!("{prog} v{VERSION}"));
                    return out;
                }
                "test" => test = true,
                "help" => {
                    out.err(&usage(prog));
                    return out;
                }
                "noflush" => noflush = true,
                "modprobe" | "table" => {
                    let v = match inline {
                        Some(v) => v,
                        None if i < args.len() => {
                            i += 1;
                            args[i - 1].clone()
                        }
                        None => {
                            return {
                                bad(&mut out, format!("option '--{full}' requires an argument"));
                                out
                            }
                        }
                    };
                    if full == "table" {
                        only = Some(v);
                    }
                }
                _ => {}
            }
            continue;
        }
        if a.len() > 1 && a.starts_with('-') {
            let letters: Vec<char> = a[1..].chars().collect();
            let mut k = 0;
            while k < letters.len() {
                let c = letters[k];
                k += 1;
                match c {
                    'b' => out.errln("-b/--binary option is not implemented"),
                    'c' => counters = true,
                    'v' => verbose = true,
                    'V' => {
                        out.outln_fmt(format_args!("{prog} v{VERSION}"));
                        return out;
                    }
                    't' => test = true,
                    'h' => {
                        out.err(&usage(prog));
                        return out;
                    }
                    'n' => noflush = true,
                    'w' | 'W' | '4' | '6' => {}
                    'M' | 'T' => {
                        let rest: String = letters[k..].iter().collect();
                        k = letters.len();
                        let v = if !rest.is_empty() {
                            rest
                        } else if i < args.len() {
                            i += 1;
                            args[i - 1].clone()
                        } else {
                            bad(&mut out, format!("option requires an argument -- '{c}'"));
                            return out;
                        };
                        if c == 'T' {
                            only = Some(v);
                        }
                    }
                    _ => {
                        bad(&mut out, format!("invalid option -- '{c}'"));
                        return out;
                    }
                }
            }
            continue;
        }
        files.push(a);
    }
    if files.len() > 1 {
        out.fail("Unknown arguments found on commandline", 1);
        return out;
    }
    let text = match files.first() {
        Some(path) => {
            let cwd = ctx.shells.host_cwd().to_string();
            let abs = crate::shell::absolute(&cwd, path);
            let fs = ctx.shells.files_ref();
            match fs.read("host", &abs) {
                Some(t) => t.to_string(),
                None => {
                    let why = if fs.is_dir("host", &abs) == Some(true) {
                        "Is a directory"
                    } else {
                        "No such file or directory"
                    };
                    out.fail_fmt(format_args!("Can't open {path}: {why}"), 1);
                    return out;
                }
            }
        }
        None => match &env.stdin {
            Some(t) => t.clone(),
            None => {
                out.fail_fmt(format_args!("[bridgeport] {prog} reads the rules from stdin, and this terminal cannot type them to it: give it a file ({prog} < rules.v4, or {prog} rules.v4) or a here-document"), 1);
                return out;
            }
        },
    };
    if six {
        out.fail("[bridgeport] changing ip6tables rules is not simulated; IPv6 packets here follow the IPv4 rules, so change those with iptables-restore", 1);
        return out;
    }
    if counters {
        out.errln("[bridgeport] iptables-restore -c: counters are not restored here; each rule keeps the counts it had");
    }
    let mut docker_only = ctx.engine.clone();
    *docker_only.firewall_mut() = Firewall::default();
    let dv = View::new(&docker_only);
    let mut docker = Vec::new();
    for t in Table::ALL {
        for c in dv.rules.chains_of(t) {
            for (k, rule) in dv.rules.rules(t, c).iter().enumerate() {
                docker.push((t, c, k as u32, rule.spec(&dv)));
            }
        }
    }
    drop(dv);
    let mut r = Restore {
        prog,
        committed: ctx.engine.clone(),
        docker,
        notes: Vec::new(),
        work: None,
        noflush,
        keep_counts: counters,
        only,
        out: &mut out,
        table: None,
        declared: Vec::new(),
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut failed = false;
    for (n, l) in lines.iter().enumerate() {
        if l.starts_with('#') {
            if verbose {
                r.out.outln(l);
            }
            continue;
        }
        if let Err(code) = r.line(n as u32 + 1, l) {
            r.out.code = code;
            failed = true;
            break;
        }
    }
    if !failed && r.table.is_some() {
        let n = lines.len() + 1;
        r.out
            .fail_fmt(format_args!("{prog}: COMMIT expected at line {n}"), 1);
    }
    if !test {
        *ctx.engine = r.committed;
    }
    out
}

struct Restore<'o> {
    prog: &'static str,
    /// The host as the last COMMIT left it.
    committed: Engine,
    /// The table being written: a copy of `committed` with its changes.
    work: Option<Engine>,
    noflush: bool,
    /// `-c`: the counters are kept as they were (not read from the file).
    keep_counts: bool,
    only: Option<String>,
    out: &'o mut Output,
    table: Option<(Table, bool)>,
    /// Chains the current table block declared.
    declared: Vec<String>,
    /// Docker's own rules: table, chain, position, `-S` text.
    docker: Vec<(Table, Chain, u32, String)>,
    /// `[bridgeport]` notes the table's changes gave, printed at COMMIT.
    notes: Vec<String>,
}

impl Restore<'_> {
    fn param(&mut self, n: u32, msg: &str) -> Result<(), i32> {
        self.paramf(n, format_args!("{msg}"))
    }

    /// [`Self::param`] of `PROG: line N MSG`.
    fn param_line(&mut self, n: u32, msg: std::fmt::Arguments) -> Result<(), i32> {
        let p = self.prog;
        self.paramf(n, format_args!("{p}: line {n} {msg}"))
    }

    /// [`Self::param`] of a formatted message.
    fn paramf(&mut self, n: u32, msg: std::fmt::Arguments) -> Result<(), i32> {
        let p = self.prog;
        self.out.fail_fmt(format_args!("{p} v{VERSION}: {msg}\nError occurred at line: {n}\nTry `{p} -h' or '{p} --help' for more information."), 2);
        Err(2)
    }

    fn failed(&mut self, n: u32, why: Option<&str>) -> Result<(), i32> {
        let mut s = format!("{}: line {n} failed", self.prog);
        if let Some(w) = why {
            let _ = write!(s, ": {w}.");
        }
        self.out.fail(&s, 1);
        Err(1)
    }

    fn line(&mut self, n: u32, raw: &str) -> Result<(), i32> {
        if raw.is_empty() {
            return Ok(());
        }
        if let Some((t, skip)) = self.table {
            if raw == "COMMIT" {
                if !skip {
                    if let Some(mut e) = self.work.take() {
                        // A flushed table's rules are new rules: their
                        // counters start at zero (`-c` keeps them, noted).
                        if !self.noflush && !self.keep_counts {
                            e.firewall_mut().zero(t, None);
                        }
                        for note in std::mem::take(&mut self.notes) {
                            self.out.errln(&note);
                        }
                        self.note_left_out(&e, t);
                        self.committed = e;
                    }
                }
                self.table = None;
                return Ok(());
            }
            if skip {
                return Ok(());
            }
            if let Some(rest) = raw.strip_prefix(':') {
                return self.chain(n, t, rest);
            }
            return self.rule(n, t, raw);
        }
        let Some(rest) = raw.strip_prefix('*') else {
            return self.failed(n, None);
        };
        let Some(name) = rest.split_whitespace().next() else {
            return self.param_line(n, format_args!("table name invalid"));
        };
        let t = match (Table::parse(name), name) {
            (Some(t), _) => t,
            (None, "mangle" | "security") => {
                self.out.fail_fmt(format_args!("[bridgeport] the {name} table is simulated empty and read-only: Docker adds nothing to it"), 1);
                return Err(1);
            }
            (None, _) => {
                return self.param_line(n, format_args!("table name '{name}' invalid"));
            }
        };
        let skip = self.only.as_deref().is_some_and(|o| o != name);
        self.table = Some((t, skip));
        self.declared.clear();
        if skip {
            return Ok(());
        }
        let mut e = self.committed.clone();
        if !self.noflush {
            flush_table(&mut e, t);
        }
        self.work = Some(e);
        Ok(())
    }

    /// `:CHAIN POLICY [p:b]`.
    fn chain(&mut self, n: u32, t: Table, rest: &str) -> Result<(), i32> {
        let mut it = rest.split_whitespace();
        let Some(name) = it.next() else {
            return self.param_line(n, format_args!("chain name invalid"));
        };
        let Some(policy) = it.next() else {
            return self.param_line(n, format_args!("policy invalid"));
        };
        let ctrs = it.next();
        self.declared.push(name.to_string());
        let builtin =
            Chain::parse(name).is_some_and(|c| c.is_builtin() && t.builtins().contains(&c));
        let line: Vec<String> = if builtin {
            if ctrs.is_some_and(|c| !(c.starts_with('[') && c.ends_with(']') && c.contains(':'))) {
                return self.paramf(
                    n,
                    format_args!("invalid policy counters for chain '{name}'"),
                );
            }
            vec!["-P".into(), name.into(), policy.into()]
        } else {
            let exists = self
                .work
                .as_ref()
                .is_some_and(|e| View::new(e).rules.lookup(t, name).is_some());
            if exists {
                return Ok(());
            }
            vec!["-N".into(), name.into()]
        };
        match self.run(t, &line) {
            Ok(()) => Ok(()),
            Err(f) if builtin => {
                let why = f
                    .text
                    .trim_start_matches("iptables: ")
                    .trim_end_matches('.')
                    .to_string();
                self.out.fail_fmt(
                    format_args!(
                        "{} v{VERSION}: Can't set policy `{policy}' on `{name}' line {n}: {why}",
                        self.prog
                    ),
                    1,
                );
                Err(1)
            }
            Err(f) => self.paramf(n, format_args!("cannot create chain '{name}' ({})", f.text)),
        }
    }

    /// A rule line: Docker's own rule, or an iptables command.
    fn rule(&mut self, n: u32, t: Table, raw: &str) -> Result<(), i32> {
        let mut body = raw.trim_start();
        // `[pkts:bytes] -A …` (iptables-save -c).
        if body.starts_with('[') {
            if let Some(end) = body.find(']') {
                body = body[end + 1..].trim_start();
            }
        }
        let w = words(body);
        if self.docker_rule(t, &w) {
            return Ok(());
        }
        let mut args = vec!["-t".to_string(), t.name().to_string()];
        args.extend(w);
        match self.run(t, &args[..]) {
            Ok(()) => Ok(()),
            Err(f) if f.code == 2 => {
                let msg = f
                    .text
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim_start_matches("iptables v1.8.10 (nf_tables): ")
                    .to_string();
                self.param(n, &msg)
            }
            Err(f) if f.text.starts_with("[bridgeport]") => {
                self.out.errln(&f.text);
                self.failed(n, None)
            }
            Err(f) => {
                let why = f
                    .text
                    .trim_start_matches("iptables: ")
                    .trim_start_matches("iptables v1.8.10 (nf_tables): ")
                    .trim()
                    .trim_end_matches('.')
                    .to_string();
                self.failed(n, Some(&why))
            }
        }
    }

    /// Runs one iptables command line on the table being written.
    fn run(&mut self, t: Table, args: &[String]) -> Result<(), iptables_edit::Fail> {
        let Some(e) = self.work.as_mut() else {
            return Ok(());
        };
        let line = iptables_edit::parse(args)?;
        if line.cmds.is_empty() {
            return Err(iptables_edit::param("no command specified"));
        }
        for cmd in &line.cmds {
            if matches!(cmd, Cmd::List(_) | Cmd::Save(..) | Cmd::Version | Cmd::Help) {
                continue;
            }
            if let Some(note) = iptables_edit::apply(e, t, &line, cmd)? {
                if !self.notes.contains(&note) {
                    self.notes.push(note);
                }
            }
        }
        Ok(())
    }

    /// `-A CHAIN …` equal to a rule Docker has in that chain and that is
    /// not in it yet: Docker's rule goes back in its place.
    fn docker_rule(&mut self, t: Table, w: &[String]) -> bool {
        if w.len() < 2 || w[0] != "-A" {
            return false;
        }
        let Some(c) =
            Chain::parse(&w[1]).filter(|c| t.builtins().contains(c) || t.user_chains().contains(c))
        else {
            return false;
        };
        let text = w.join(" ");
        let Some(e) = self.work.as_mut() else {
            return false;
        };
        let view = View::new(e);
        let mut entries = view.rules.entries(t, c);
        // An unused one first; with -n the same rule may be appended twice.
        let same = || {
            self.docker
                .iter()
                .filter(|d| d.0 == t && d.1 == c && d.3 == text)
        };
        let Some(k) = same()
            .map(|d| d.2)
            .find(|k| !entries.contains(&Entry::Docker(*k)))
            .or_else(|| same().map(|d| d.2).next())
        else {
            return false;
        };
        entries.push(Entry::Docker(k));
        let edit = ChainEdit {
            table: t,
            chain: c.name().to_string(),
            base: view.rules.docker_hash(t, c),
            entries,
        };
        drop(view);
        e.firewall_mut().set_edit(edit);
        true
    }

    /// Docker's chains the table block did not declare: a real restore
    /// deletes them with the table; here they stay, empty.
    fn note_left_out(&mut self, e: &Engine, t: Table) {
        if self.noflush {
            return;
        }
        let view = View::new(e);
        let gone: Vec<&str> = t
            .user_chains()
            .iter()
            .map(|c| view.rules.chain_name(t, *c))
            .filter(|n| !self.declared.iter().any(|d| d == n))
            .collect();
        if !gone.is_empty() {
            self.out.errln_fmt(format_args!("[bridgeport] {} of Docker's chains ({}) were not in the {} table's block: a real restore deletes them (Docker recreates them on its next change); here they stay, emptied", gone.len(), gone.join(", "), t.name()));
        }
    }
}

/// `*table` without `-n`: every rule of the table goes, and the learner's
/// chains with them (nft's table flush).
fn flush_table(e: &mut Engine, t: Table) {
    let _ = run_line(e, t, &["-F"]);
    let names: Vec<String> = e
        .firewall()
        .chains
        .iter()
        .filter(|(ct, _)| *ct == t)
        .map(|(_, n)| n.clone())
        .collect();
    for n in names {
        let _ = run_line(e, t, &["-X", &n]);
    }
    // The built-in chains are recreated with their default policies.
    e.firewall_mut().policies.retain(|p| p.0 != t);
}

fn run_line(e: &mut Engine, t: Table, words: &[&str]) -> Result<(), iptables_edit::Fail> {
    let mut args = vec!["-t".to_string(), t.name().to_string()];
    args.extend(words.iter().map(|w| w.to_string()));
    let line = iptables_edit::parse(&args)?;
    for cmd in &line.cmds {
        iptables_edit::apply(e, t, &line, cmd)?;
    }
    Ok(())
}

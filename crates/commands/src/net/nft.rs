//! `nft` (nftables 1.0.9, as on Ubuntu 24.04) on the host: `list ruleset`,
//! `list tables`, `list table`, `list chain`, `list chains`, printing the
//! tables iptables-nft manages from the engine's one ruleset (Docker's
//! chains, the learner's and ufw's rules, the counters traffic moved), each
//! rule translated in [`super::nft_rule`].
//!
//! What nft shows is what exists in the kernel, in the order it was created
//! (nft@v1.0.9 `src/rule.c` `do_list_ruleset`, `table_print`,
//! `chain_print_declaration`): iptables-nft creates a built-in chain only
//! when a rule or a policy is first written to it (iptables@v1.8.10 `nft.c`
//! `nft_xt_builtin_init`, called by append, insert, flush and policy), and
//! Docker creates its chains at start in moby's order (docker-v29.7.2
//! `iptabler.go` `setupIPChains`: nat DOCKER, then filter DOCKER,
//! DOCKER-FORWARD, DOCKER-BRIDGE, DOCKER-CT, DOCKER-INTERNAL; the nat
//! jumps; FORWARD; DOCKER-USER from `setupUserChains`), so `ip nat` comes
//! before `ip filter`, and `ip raw` appears with the first container's
//! direct-access rule. Limits of that model: a built-in chain whose last
//! rule was deleted is listed only if the learner edited it or set its
//! policy, and the learner's chains come after Docker's.
//!
//! nft's own errors (unknown table or chain with its "did you mean"
//! suggestion, syntax errors with the caret line) are printed as
//! `erec_print` does. Changing rules through nft is not simulated: the
//! tables are iptables-nft's, so a `[bridgeport]` line points to iptables.

use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::counting::chain_counts;
use bridgeport_engine::net::firewall::Firewall;
use bridgeport_engine::net::netfilter::{Chain, Table};
use bridgeport_engine::net::View;
use std::fmt::Write as _;

use super::nft_rule::{self, Fam, Style};

const VERSION: &str = "nftables v1.0.9 (Old Doc Yak #3)";

/// nft's command-line options (`src/main.c` `nft_options`): short letter,
/// long name, argument, help.
const OPTIONS: &[(char, Option<&str>, Option<&str>, &str)] = &[
    ('h', Some("help"), None, "Show this help"),
    ('v', Some("version"), None, "Show version information"),
    ('V', None, None, "Show extended version information"),
    (
        'f',
        Some("file"),
        Some("<filename>"),
        "Read input from <filename>",
    ),
    (
        'D',
        Some("define"),
        Some("<name=value>"),
        "Define variable, e.g. --define foo=1.2.3.4",
    ),
    (
        'i',
        Some("interactive"),
        None,
        "Read input from interactive CLI",
    ),
    (
        'I',
        Some("includepath"),
        Some("<directory>"),
        "Add <directory> to the paths searched for include files. Default is: /etc",
    ),
    (
        'c',
        Some("check"),
        None,
        "Check commands validity without actually applying the changes.",
    ),
    ('o', Some("optimize"), None, "Optimize ruleset"),
    ('a', Some("handle"), None, "Output rule handle."),
    (
        's',
        Some("stateless"),
        None,
        "Omit stateful information of ruleset.",
    ),
    ('t', Some("terse"), None, "Omit contents of sets."),
    (
        'S',
        Some("service"),
        None,
        "Translate ports to service names as described in /etc/services.",
    ),
    (
        'N',
        Some("reversedns"),
        None,
        "Translate IP addresses to names.",
    ),
    (
        'u',
        Some("guid"),
        None,
        "Print UID/GID as defined in /etc/passwd and /etc/group.",
    ),
    ('n', Some("numeric"), None, "Print fully numerical output."),
    (
        'y',
        Some("numeric-priority"),
        None,
        "Print chain priority numerically.",
    ),
    (
        'p',
        Some("numeric-protocol"),
        None,
        "Print layer 4 protocols numerically.",
    ),
    (
        'T',
        Some("numeric-time"),
        None,
        "Print time values numerically.",
    ),
    (
        'e',
        Some("echo"),
        None,
        "Echo what has been added, inserted or replaced.",
    ),
    ('j', Some("json"), None, "Format output in JSON"),
    (
        'd',
        Some("debug"),
        Some("<level [,level...]>"),
        "Specify debugging level (scanner, parser, eval, netlink, mnl, proto-ctx, segtree, all)",
    ),
];

fn help() -> String {
    let mut s = String::from("Usage: nft [ options ] [ cmds... ]\n\nOptions (general):\n");
    let line = |s: &mut String, o: &(char, Option<&str>, Option<&str>, &str)| {
        let mut opt = format!("  -{}", o.0);
        if let Some(n) = o.1 {
            let _ = write!(opt, ", --{n}");
        }
        if let Some(a) = o.2 {
            let _ = write!(opt, " {a}");
        }
        let _ = writeln!(s, "{opt:<34}{}", o.3);
    };
    for (k, o) in OPTIONS.iter().enumerate() {
        match k {
            3 => s.push_str("\nOptions (ruleset input handling):\n"),
            9 => s.push_str("\nOptions (ruleset list formatting):\n"),
            19 => s.push_str("\nOptions (command output formatting):\n"),
            _ => {}
        }
        line(&mut s, o);
    }
    s.push('\n');
    s
}

/// How the listing is printed.
#[derive(Debug, Clone, Copy, Default)]
struct Opts {
    stateless: bool,
    numeric_prio: bool,
    numeric_proto: bool,
}

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let mut out = Output::new();
    // nft_options_check: an option after the first command word.
    let mut nonoption = false;
    let mut skip = false;
    let mut pos = 0usize;
    let argv: Vec<&str> = std::iter::once("nft")
        .chain(args.iter().map(String::as_str))
        .collect();
    for i in 1..argv.len() {
        pos += argv[i - 1].len() + 1;
        let a = argv[i];
        if a.starts_with('{') {
            break;
        } else if skip {
            skip = false;
        } else if a.starts_with('-') {
            if nonoption {
                let mut e =
                    "Error: syntax error, options must be specified before commands\n".to_string();
                for w in &argv {
                    e.push_str(w);
                    e.push(' ');
                }
                out.err(&e);
                // printf("\n%4c%*s\n", '^', pos - 2, "~~") goes to stdout.
                out.out_fmt(format_args!(
                    "\n   ^{:>w$}\n",
                    "~~",
                    w = pos.saturating_sub(2)
                ));
                out.code = 1;
                return out;
            }
            let b = a.as_bytes();
            if matches!(b.get(1), Some(b'd' | b'I' | b'f' | b'D'))
                || matches!(a, "--debug" | "--includepath" | "--define" | "--file")
            {
                skip = true;
            }
        } else {
            nonoption = true;
        }
    }
    // getopt_long with "+": options up to the first word.
    let mut o = Opts::default();
    let mut notes: Vec<String> = Vec::new();
    let mut file = false;
    let mut define = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        i += 1;
        let letters: Vec<char> = if let Some(long) = a.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or("");
            match super::long_option(name, OPTIONS.iter().filter_map(|o| o.1)) {
                Ok(full) => OPTIONS
                    .iter()
                    .filter(|o| o.1 == Some(full))
                    .map(|o| o.0)
                    .take(1)
                    .collect(),
                Err(super::LongMiss::Unrecognized) => {
                    out.fail_fmt(format_args!("nft: unrecognized option '{a}'"), 1);
                    return out;
                }
                Err(super::LongMiss::Ambiguous) => {
                    out.fail_fmt(format_args!("nft: option '{a}' is ambiguous"), 1);
                    return out;
                }
            }
        } else {
            a[1..].chars().collect()
        };
        let mut k = 0;
        while k < letters.len() {
            let c = letters[k];
            k += 1;
            let Some(spec) = OPTIONS.iter().find(|o| o.0 == c) else {
                out.fail_fmt(format_args!("nft: invalid option -- '{c}'"), 1);
                return out;
            };
            if spec.2.is_some() {
                // The argument: the rest of this word, or the next one.
                let rest: String = letters[k..].iter().collect();
                k = letters.len();
                let inline = a.starts_with("--") && a.contains('=');
                if rest.is_empty() && !inline {
                    if i >= args.len() {
                        let msg = if a.starts_with("--") {
                            format!("nft: option '{a}' requires an argument")
                        } else {
                            format!("nft: option requires an argument -- '{c}'")
                        };
                        out.fail(&msg, 1);
                        return out;
                    }
                    i += 1;
                }
            }
            match c {
                'h' => {
                    out.out(&help());
                    return out;
                }
                'v' => {
                    out.outln(VERSION);
                    return out;
                }
                'V' => {
                    out.out_fmt(format_args!("{VERSION}\n  cli:\t\teditline\n  json:\t\tyes\n  minigmp:\tno\n  libxtables:\tyes\n"));
                    return out;
                }
                's' => o.stateless = true,
                'y' => o.numeric_prio = true,
                'p' => o.numeric_proto = true,
                'n' => {
                    o.numeric_prio = true;
                    o.numeric_proto = true;
                }
                'f' => file = true,
                'D' => define = true,
                'a' => notes.push("[bridgeport] rule handles (nft -a) are not simulated: the rules are listed without them".into()),
                'S' | 'N' => notes.push(format!("[bridgeport] nft -{c}: names are not looked up here; addresses and ports stay numeric")),
                'j' => {
                    out.fail("[bridgeport] nft -j (JSON output) is not simulated; without -j nft lists the same rules as text", 1);
                    return out;
                }
                'i' => {
                    out.fail("[bridgeport] the interactive nft shell (nft -i) is not simulated; run one nft list command per line", 1);
                    return out;
                }
                'c' => {
                    out.fail("[bridgeport] nft -c (check a ruleset) is not simulated: the tables here are iptables-nft's; change them with iptables", 1);
                    return out;
                }
                'd' => notes.push("[bridgeport] nft -d: debug output is not simulated".into()),
                // -t, -u, -T, -e, -o, -I change nothing in a listing of
                // these tables (no sets, times, ids; nothing added).
                _ => {}
            }
        }
    }
    if !file && define {
        out.fail("Error: -D/--define can only be used with -f/--filename", 1);
        return out;
    }
    let words = &args[i..];
    if words.is_empty() {
        if file {
            out.fail("[bridgeport] nft -f (loading a ruleset file) is not simulated: the tables here are iptables-nft's; change them with iptables or iptables-restore", 1);
        } else {
            out.fail("nft: no command specified", 1);
        }
        return out;
    }
    if file {
        out.fail("[bridgeport] nft -f (loading a ruleset file) is not simulated: the tables here are iptables-nft's; change them with iptables or iptables-restore", 1);
        return out;
    }
    for n in &notes {
        out.errln(n);
    }
    let line = words.join(" ");
    // ip6tables' tables hold Docker's rules alone (the learner's changes
    // are IPv4 state, see `iptables::run6`): a copy of the host without them.
    let twins = super::iptables::v6_twins(ctx);
    let mut docker_only = ctx.engine.clone();
    *docker_only.firewall_mut() = Firewall::default();
    let view = View::new(ctx.engine);
    let view6 = View::new(&docker_only);
    let v4_only: Vec<String> = view6
        .bridges
        .iter()
        .filter(|b| b.net.ipam6.is_none())
        .map(|b| b.device().to_string())
        .collect();
    let style = Style {
        stateless: o.stateless,
        numeric_proto: o.numeric_proto,
    };
    let mut printer = Printer {
        view: &view,
        view6: &view6,
        twins: &twins,
        v4_only: &v4_only,
        model: Model { tables: Vec::new() },
        style,
        opts: o,
    };
    printer.model = Model::new(&printer, ctx.engine.firewall());
    // Commands separated by `;` run in turn; the first error stops them.
    let toks = tokens(&line);
    let mut start = 0;
    while start <= toks.len() {
        let end = toks[start..]
            .iter()
            .position(|t| t.text == ";")
            .map_or(toks.len(), |p| start + p);
        let cmd = &toks[start..end];
        if !cmd.is_empty() {
            if let Err(e) = printer.command(&line, cmd, &mut out) {
                out.err(&e);
                out.code = 1;
                return out;
            }
        }
        start = end + 1;
    }
    out
}

/// A word of the command line and its columns (1-based, inclusive).
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    first: usize,
    last: usize,
}

fn tokens(line: &str) -> Vec<Tok> {
    let mut v = Vec::new();
    let mut cur = String::new();
    let mut first = 0;
    for (i, ch) in line.chars().enumerate() {
        let col = i + 1;
        if ch.is_whitespace() || ch == ';' {
            if !cur.is_empty() {
                v.push(Tok {
                    text: std::mem::take(&mut cur),
                    first,
                    last: col - 1,
                });
            }
            if ch == ';' {
                v.push(Tok {
                    text: ";".into(),
                    first: col,
                    last: col,
                });
            }
        } else {
            if cur.is_empty() {
                first = col;
            }
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        let n = line.chars().count();
        v.push(Tok {
            text: cur,
            first,
            last: n,
        });
    }
    v
}

/// nft's error record: the message, the line, carets under the location
/// (`src/erec.c` `erec_print`).
fn erec(line: &str, msg: &str, first: usize, last: usize) -> String {
    let mut s = format!("Error: {msg}\n{line}\n");
    s.push_str(&" ".repeat(first.saturating_sub(1)));
    s.push_str(&"^".repeat((last + 1).saturating_sub(first.max(1))));
    s.push('\n');
    s
}

const FAMILIES: [&str; 6] = ["ip", "ip6", "inet", "arp", "bridge", "netdev"];

/// The tables as nft sees them: family, table, chains in creation order.
struct Model {
    tables: Vec<(&'static str, Table, Vec<Chain>)>,
}

impl Model {
    fn new(p: &Printer, fw: &Firewall) -> Model {
        let rules = &p.view.rules;
        let touched = |t: Table, c: Chain| {
            !rules.rules(t, c).is_empty()
                || fw.edits.iter().any(|e| e.table == t && e.chain == c.name())
                || fw.policies.iter().any(|pol| pol.0 == t && pol.1 == c)
        };
        let docker = |t: Table| -> &'static [Chain] {
            match t {
                Table::Nat => &[
                    Chain::Docker,
                    Chain::Prerouting,
                    Chain::Output,
                    Chain::Postrouting,
                ],
                Table::Filter => &[
                    Chain::Docker,
                    Chain::DockerForward,
                    Chain::DockerBridge,
                    Chain::DockerCt,
                    Chain::DockerInternal,
                    Chain::Forward,
                    Chain::DockerUser,
                ],
                Table::Raw => &[],
            }
        };
        let ip = |t: Table| -> Vec<Chain> {
            let mut chains: Vec<Chain> = docker(t).to_vec();
            for (ct, name) in &fw.chains {
                if *ct == t {
                    if let Some(c) = rules.lookup(t, name) {
                        if !chains.contains(&c) {
                            chains.push(c);
                        }
                    }
                }
            }
            let later: &[Chain] = match t {
                Table::Nat => &[Chain::Input],
                Table::Filter => &[Chain::Input, Chain::Output],
                Table::Raw => &[Chain::Prerouting, Chain::Output],
            };
            chains.extend(later.iter().copied().filter(|c| touched(t, *c)));
            chains
        };
        // Docker sets up both families at start (NewIptabler: IPv4, then
        // IPv6; ip6tables is on by default since Docker 27); raw appears
        // with the first container's rules, after both.
        let raw6: Vec<Chain> = [Chain::Prerouting, Chain::Output]
            .into_iter()
            .filter(|c| !p.rules("ip6", Table::Raw, *c).is_empty())
            .collect();
        let mut tables = vec![
            ("ip", Table::Nat, ip(Table::Nat)),
            ("ip", Table::Filter, ip(Table::Filter)),
            ("ip6", Table::Nat, docker(Table::Nat).to_vec()),
            ("ip6", Table::Filter, docker(Table::Filter).to_vec()),
            ("ip", Table::Raw, ip(Table::Raw)),
            ("ip6", Table::Raw, raw6),
        ];
        tables.retain(|t| !t.2.is_empty());
        Model { tables }
    }

    fn find(&self, family: &str, name: &str) -> Option<&(&'static str, Table, Vec<Chain>)> {
        self.tables
            .iter()
            .find(|(f, t, _)| *f == family && t.name() == name)
    }
}

struct Printer<'a, 'e> {
    view: &'a View<'e>,
    /// The host with Docker's rules only, for `ip6`.
    view6: &'a View<'a>,
    twins: &'a [(String, String)],
    v4_only: &'a [String],
    model: Model,
    style: Style,
    opts: Opts,
}

/// A base chain's `type … hook … priority …;` (iptables@v1.8.10
/// `nft.c` builtin tables: raw −300, nat −100/100, filter 0), with nft's
/// standard priority names where the hook allows them (`prio2str`,
/// `std_prio_family_hook_compat`).
fn base(t: Table, c: Chain) -> (&'static str, &'static str, i32) {
    let hook = match c {
        Chain::Prerouting => "prerouting",
        Chain::Input => "input",
        Chain::Output => "output",
        Chain::Forward => "forward",
        _ => "postrouting",
    };
    match t {
        Table::Filter => ("filter", hook, 0),
        Table::Raw => ("filter", hook, -300),
        Table::Nat => (
            "nat",
            hook,
            if matches!(c, Chain::Prerouting | Chain::Output) {
                -100
            } else {
                100
            },
        ),
    }
}

fn prio_name(p: i32) -> &'static str {
    match p {
        0 => "filter",
        -300 => "raw",
        -100 => "dstnat",
        _ => "srcnat",
    }
}

impl Printer<'_, '_> {
    /// A chain's rules in a family, as nft prints them.
    fn rules(&self, family: &str, t: Table, c: Chain) -> Vec<nft_rule::Stmts> {
        if family == "ip6" {
            let fam = Fam::V6 {
                twins: self.twins,
                v4_only: self.v4_only,
            };
            // IPv6 packets ride on the IPv4 rules here: these count nothing.
            return self
                .view6
                .rules
                .rules(t, c)
                .iter()
                .filter_map(|r| nft_rule::docker(self.view6, r, (0, 0), self.style, &fam))
                .collect();
        }
        let counts = chain_counts(self.view, t, c);
        self.view
            .rules
            .rules(t, c)
            .iter()
            .enumerate()
            .map(|(n, r)| {
                let count = counts.get(n).copied().unwrap_or((0, 0));
                nft_rule::rule(self.view, r, count, self.style)
            })
            .collect()
    }

    fn chain_name(&self, family: &str, t: Table, c: Chain) -> &str {
        if family == "ip6" {
            self.view6.rules.chain_name(t, c)
        } else {
            self.view.rules.chain_name(t, c)
        }
    }

    /// A chain's block and whether a rule in it is an xtables compat expression.
    fn chain(&self, family: &str, t: Table, c: Chain) -> (String, bool) {
        let rules = if family == "ip6" {
            &self.view6.rules
        } else {
            &self.view.rules
        };
        let mut s = format!("\tchain {} {{\n", rules.chain_name(t, c));
        if c.is_builtin() {
            let (ty, hook, prio) = base(t, c);
            let prio = if self.opts.numeric_prio {
                prio.to_string()
            } else {
                prio_name(prio).to_string()
            };
            let _ = writeln!(
                s,
                "\t\ttype {ty} hook {hook} priority {prio}; policy {};",
                rules.policy(t, c).to_ascii_lowercase()
            );
        }
        let mut xt = false;
        for st in self.rules(family, t, c) {
            xt |= st.xt;
            let _ = writeln!(s, "\t\t{}", st.text);
        }
        s.push_str("\t}\n");
        (s, xt)
    }

    fn table(&self, family: &str, t: Table, chains: &[Chain], out: &mut Output) {
        let mut body = String::new();
        let mut xt = false;
        for (k, c) in chains.iter().enumerate() {
            if k > 0 {
                body.push('\n');
            }
            let (s, x) = self.chain(family, t, *c);
            xt |= x;
            body.push_str(&s);
        }
        if xt {
            out.errln_fmt(format_args!(
                "# Warning: table {family} {} is managed by iptables-nft, do not touch!",
                t.name()
            ));
        }
        out.out_fmt(format_args!("table {family} {} {{\n{body}}}\n", t.name()));
    }

    fn table_not_found(&self, line: &str, tok: &Tok) -> String {
        let mut best: Option<(usize, &str, &str)> = None;
        for (f, t, _) in &self.model.tables {
            if let Some(d) = misspell(t.name(), &tok.text) {
                if best.is_none_or(|b| d < b.0) {
                    best = Some((d, t.name(), f));
                }
            }
        }
        let msg = match best {
            Some((_, name, fam)) => {
                format!("No such file or directory; did you mean table ‘{name}’ in family {fam}?")
            }
            None => "No such file or directory".to_string(),
        };
        erec(line, &msg, tok.first, tok.last)
    }

    fn chain_not_found(&self, line: &str, tok: &Tok) -> String {
        let mut best: Option<(usize, String, &str, &str)> = None;
        for (f, t, chains) in &self.model.tables {
            for c in chains {
                let name = self.chain_name(f, *t, *c);
                if let Some(d) = misspell(name, &tok.text) {
                    if best.as_ref().is_none_or(|b| d < b.0) {
                        best = Some((d, name.to_string(), f, t.name()));
                    }
                }
            }
        }
        let msg = match best {
            Some((_, name, fam, table)) => format!(
                "No such file or directory; did you mean chain ‘{name}’ in table {fam} ‘{table}’?"
            ),
            None => "No such file or directory".to_string(),
        };
        erec(line, &msg, tok.first, tok.last)
    }

    /// One command: `list …`, or nft's error.
    fn command(&self, line: &str, cmd: &[Tok], out: &mut Output) -> Result<(), String> {
        let n = line.chars().count();
        // The newline nft appends to the buffer is the token after the last word.
        let eol = Tok {
            text: String::new(),
            first: n + 1,
            last: n + 1,
        };
        let at = |k: usize| cmd.get(k).unwrap_or(&eol);
        let unexpected = |k: usize, expecting: &str| -> String {
            let t = at(k);
            let what = if t.text.is_empty() {
                "newline"
            } else {
                "string"
            };
            erec(
                line,
                &format!("syntax error, unexpected {what}{expecting}"),
                t.first,
                t.last,
            )
        };
        let verb = cmd[0].text.as_str();
        match verb {
            "list" => {}
            "add" | "create" | "insert" | "replace" | "delete" | "destroy" | "flush" | "rename"
            | "reset" | "import" => {
                return Err(format!("[bridgeport] nft {verb} is not simulated: these tables are iptables-nft's (Docker's, ufw's and yours); change the rules with iptables (sudo iptables -I DOCKER-USER …), then nft list ruleset shows them\n"));
            }
            "monitor" | "describe" | "export" | "get" => {
                return Err(format!(
                    "[bridgeport] nft {verb} is not simulated; nft list ruleset shows the rules\n"
                ));
            }
            _ => return Err(unexpected(0, "")),
        }
        let what = at(1).text.as_str();
        let mut k = 2;
        let family = |k: &mut usize| -> Option<&str> {
            let f = at(*k).text.as_str();
            FAMILIES.contains(&f).then(|| {
                *k += 1;
                f
            })
        };
        let end = |k: usize| -> Result<(), String> {
            if k < cmd.len() {
                Err(unexpected(
                    k,
                    ", expecting end of file or newline or semicolon",
                ))
            } else {
                Ok(())
            }
        };
        match what {
            "ruleset" | "tables" | "chains" => {
                let fam = family(&mut k);
                if k < cmd.len() && fam.is_none() {
                    // After `list ruleset` a family may follow: too many
                    // tokens for bison to list.
                    return Err(unexpected(k, ""));
                }
                end(k)?;
                for (f, t, chains) in &self.model.tables {
                    if fam.is_some_and(|x| x != *f) {
                        continue;
                    }
                    match what {
                        "ruleset" => self.table(f, *t, chains, out),
                        "tables" => out.outln_fmt(format_args!("table {f} {}", t.name())),
                        _ => {
                            // Rules are not fetched: no warning, declarations only.
                            let mut s = format!("table {f} {} {{\n", t.name());
                            for c in chains {
                                let block = self.chain(f, *t, *c).0;
                                let head: String = block
                                    .lines()
                                    .take(if c.is_builtin() { 2 } else { 1 })
                                    .map(|l| format!("{l}\n"))
                                    .collect();
                                s.push_str(&head);
                                s.push_str("\t}\n");
                            }
                            s.push_str("}\n");
                            out.out(&s);
                        }
                    }
                }
                Ok(())
            }
            "table" => {
                let fam = family(&mut k).unwrap_or("ip");
                if k >= cmd.len() {
                    let exp = if k > 2 { ", expecting string" } else { "" };
                    return Err(unexpected(k, exp));
                }
                let name = at(k);
                end(k + 1)?;
                match self.model.find(fam, &name.text) {
                    Some((f, t, chains)) => {
                        self.table(f, *t, chains, out);
                        Ok(())
                    }
                    None => Err(self.table_not_found(line, name)),
                }
            }
            "chain" => {
                let fam = family(&mut k).unwrap_or("ip");
                if k >= cmd.len() {
                    let exp = if k > 2 { ", expecting string" } else { "" };
                    return Err(unexpected(k, exp));
                }
                if k + 1 >= cmd.len() {
                    return Err(unexpected(k + 1, ", expecting string"));
                }
                let (tname, cname) = (at(k), at(k + 1));
                end(k + 2)?;
                let Some((f, t, chains)) = self.model.find(fam, &tname.text) else {
                    return Err(self.table_not_found(line, tname));
                };
                let Some(c) = chains
                    .iter()
                    .find(|c| self.chain_name(f, *t, **c) == cname.text)
                else {
                    return Err(self.chain_not_found(line, cname));
                };
                // Only this chain's rules are fetched (the cache filter):
                // the warning says whether they hold a compat expression.
                let (s, xt) = self.chain(f, *t, *c);
                if xt {
                    out.errln_fmt(format_args!(
                        "# Warning: table {f} {} is managed by iptables-nft, do not touch!",
                        t.name()
                    ));
                }
                out.out_fmt(format_args!("table {f} {} {{\n{s}}}\n", t.name()));
                Ok(())
            }
            "sets" | "maps" | "flowtables" | "counters" | "quotas" | "meters" | "limits"
            | "set" | "map" | "flowtable" | "counter" | "quota" | "meter" | "limit"
            | "secmarks" | "synproxys" | "ct" | "hooks" | "element" | "elements" => Err(format!(
                "[bridgeport] nft list {what} is not simulated; iptables-nft's tables here hold only chains and rules: nft list ruleset shows them all\n"
            )),
            _ => Err(unexpected(1, "")),
        }
    }
}

/// nft's misspelling check (`src/misspell.c` `string_misspell_update`):
/// the distance when it is under the threshold for these lengths.
/// `string_distance` is reproduced as written, with its one-off reads and
/// its row stride of `len_b`, so its suggestions are nft's own.
fn misspell(a: &str, b: &str) -> Option<usize> {
    let (la, lb) = (a.len(), b.len());
    let (max, min) = (la.max(lb), la.min(lb));
    if max <= 1 {
        return None;
    }
    let threshold = if max - min <= 1 {
        max.div_ceil(3).max(1)
    } else {
        (max + 2).div_ceil(3)
    };
    let d = distance(a.as_bytes(), b.as_bytes());
    (d <= threshold).then_some(d)
}

fn distance(a: &[u8], b: &[u8]) -> usize {
    let (la, lb) = (a.len(), b.len());
    let at = |s: &[u8], i: usize| s.get(i).copied().unwrap_or(0);
    let mut d = vec![0usize; (la + 1) * (lb + 1)];
    let idx = |i: usize, j: usize| i * lb + j;
    for i in 0..=la {
        d[idx(i, 0)] = i;
    }
    for j in 0..=lb {
        d[idx(0, j)] = j;
    }
    for i in 1..=la {
        for j in 1..=lb {
            let sub = usize::from(at(a, i) != at(b, j));
            let v = (d[idx(i - 1, j)] + 1)
                .min(d[idx(i, j - 1)] + 1)
                .min(d[idx(i - 1, j - 1)] + sub);
            d[idx(i, j)] = v;
            if i > 1 && j > 1 && at(a, i) == at(b, j - 1) && at(a, i - 1) == at(b, j) {
                d[idx(i, j)] = d[idx(i, j)].min(d[idx(i - 2, j - 2)] + sub);
            }
        }
    }
    d[idx(la, lb)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspell_suggests_close_names_only() {
        assert!(misspell("filter", "filtr").is_some());
        assert!(misspell("DOCKER-USER", "DOCKER-USR").is_some());
        assert!(misspell("filter", "nope").is_none());
        assert!(misspell("a", "b").is_none());
    }

    #[test]
    fn erec_carets_under_the_word() {
        assert_eq!(
            erec("list table ip nope", "No such file or directory", 15, 18),
            "Error: No such file or directory\nlist table ip nope\n              ^^^^\n"
        );
    }
}

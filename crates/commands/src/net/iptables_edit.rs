//! `iptables` command lines as iptables 1.8.10 (nf_tables) parses them
//! (`iptables/xshared.c` `do_parse`, `command_default`; `libxtables`
//! `xtables_ipparse_multiple`, `xtables_parse_port`; the extensions'
//! option parsers), and the rule changes they make to the engine's one
//! ruleset (`bridgeport_engine::net::firewall`).
//!
//! A command line either fails with iptables' own text and exit code
//! (2 for command-line problems, with the "Try" line; 1 for rule and chain
//! errors at commit; 4 for kernel batch errors), changing nothing, or
//! changes the chain it names. Reference: firewall-reference.md §3.

use bridgeport_engine::net::firewall::{
    self, Action, AddrMatch, ChainEdit, Entry, IfMatch, Match, Policy, Ports, Spec, CT_STATES,
};
use bridgeport_engine::net::netfilter::{Chain, Table};
use bridgeport_engine::net::View;
use bridgeport_engine::Engine;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

pub(crate) const VERSION: &str = "iptables v1.8.10 (nf_tables)";
const TRY: &str = "Try `iptables -h' or 'iptables --help' for more information.";

/// What went wrong, as iptables prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fail {
    pub text: String,
    pub code: i32,
}

/// A command-line problem: `iptables v1.8.10 (nf_tables): MSG` and the Try line, exit 2.
pub(crate) fn param(msg: &str) -> Fail {
    paramf(format_args!("{msg}"))
}

/// [`param`] of a formatted message, written once (no temporary `String`
/// at each of the ~40 call sites).
pub(crate) fn paramf(msg: std::fmt::Arguments) -> Fail {
    Fail {
        text: format!("{VERSION}: {msg}\n{TRY}"),
        code: 2,
    }
}

/// A commit error: `iptables: MSG.`, exit 1 (`xtables_main`, `nft_strerror`).
fn other(msg: &str) -> Fail {
    Fail {
        text: format!("iptables: {msg}."),
        code: 1,
    }
}

const NO_CHAIN: &str = "No chain/target/match by that name";
const BAD_RULE: &str = "Bad rule (does a matching rule exist in that chain?)";

/// The command of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cmd {
    Append(String),
    Insert(String, u32),
    Delete(String, Option<u32>),
    Replace(String, u32),
    Check(String),
    Flush(Option<String>),
    Zero(Option<String>),
    NewChain(String),
    DeleteChain(Option<String>),
    Rename(String, String),
    SetPolicy(String, String),
    List(Option<String>),
    Save(Option<String>, Option<u32>),
    Version,
    Help,
}

impl Cmd {
    fn letter(&self) -> char {
        match self {
            Cmd::Append(_) => 'A',
            Cmd::Insert(..) => 'I',
            Cmd::Delete(..) => 'D',
            Cmd::Replace(..) => 'R',
            Cmd::Check(_) => 'C',
            Cmd::Flush(_) => 'F',
            Cmd::Zero(_) => 'Z',
            Cmd::NewChain(_) => 'N',
            Cmd::DeleteChain(_) => 'X',
            Cmd::Rename(..) => 'E',
            Cmd::SetPolicy(..) => 'P',
            Cmd::List(_) => 'L',
            Cmd::Save(..) => 'S',
            Cmd::Version => 'V',
            Cmd::Help => 'h',
        }
    }
    fn takes_rule(&self) -> bool {
        matches!(
            self,
            Cmd::Append(_)
                | Cmd::Insert(..)
                | Cmd::Delete(_, None)
                | Cmd::Replace(..)
                | Cmd::Check(_)
        )
    }
}

/// A parsed command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub table: Option<String>,
    pub cmds: Vec<Cmd>,
    pub spec: Option<Spec>,
    pub numeric: bool,
    pub verbose: bool,
    pub exact: bool,
    pub line_numbers: bool,
    /// The rule had options (a bare `-D CHAIN` without a number or a rule is an error).
    pub has_rule: bool,
}

fn is_num(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

fn rule_number(w: &str) -> Result<u32, Fail> {
    match w.parse::<u32>() {
        Ok(n) if n > 0 && is_num(w) => Ok(n),
        _ => Err(paramf(format_args!("Invalid rule number `{w}'"))),
    }
}

/// `xtables_ipparse_multiple` for one address: `a.b.c.d[/len|/mask]`, masked.
fn parse_addr(w: &str) -> Result<Ipv4Net, Fail> {
    let (a, m) = match w.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (w, None),
    };
    let bad_host = || paramf(format_args!("host/network `{a}' not found"));
    let addr: Ipv4Addr = a.parse().map_err(|_| bad_host())?;
    let len = match m {
        None => 32,
        Some(m) if is_num(m) => match m.parse::<u8>() {
            Ok(l) if l <= 32 => l,
            _ => return Err(paramf(format_args!("invalid mask `{m}' specified"))),
        },
        Some(m) => {
            let mask: Ipv4Addr = m
                .parse()
                .map_err(|_| paramf(format_args!("invalid mask `{m}' specified")))?;
            let bits = u32::from(mask);
            if bits.leading_ones() + bits.trailing_zeros() != 32 {
                return Err(paramf(format_args!("invalid mask `{m}' specified")));
            }
            bits.leading_ones() as u8
        }
    };
    Ipv4Net::new(addr, len)
        .map(|n| n.trunc())
        .map_err(|_| bad_host())
}

/// `/etc/services` names a learner is likely to type.
fn service_port(name: &str) -> Option<u16> {
    Some(match name {
        "ssh" => 22,
        "domain" => 53,
        "http" | "www" => 80,
        "https" => 443,
        "mysql" => 3306,
        "postgresql" => 5432,
        "http-alt" | "webcache" => 8080,
        "smtp" => 25,
        "ftp" => 21,
        "telnet" => 23,
        "ntp" => 123,
        _ => return None,
    })
}

fn parse_port(w: &str) -> Result<u16, Fail> {
    if is_num(w) {
        if let Ok(p) = w.parse::<u16>() {
            return Ok(p);
        }
    } else if let Some(p) = service_port(w) {
        return Ok(p);
    }
    Err(paramf(format_args!("invalid port/service `{w}' specified")))
}

fn parse_ports(w: &str, neg: bool) -> Result<Ports, Fail> {
    let (lo, hi) = match w.split_once(':') {
        Some((a, b)) => (
            if a.is_empty() { 0 } else { parse_port(a)? },
            if b.is_empty() { 65535 } else { parse_port(b)? },
        ),
        None => {
            let p = parse_port(w)?;
            (p, p)
        }
    };
    if lo > hi {
        return Err(paramf(format_args!("invalid portrange (min > max) `{w}'")));
    }
    Ok(Ports { lo, hi, neg })
}

fn parse_proto(w: &str) -> Result<Option<u8>, Fail> {
    let l = w.to_ascii_lowercase();
    Ok(Some(match l.as_str() {
        "all" | "0" => return Ok(None),
        "tcp" => 6,
        "udp" => 17,
        "icmp" => 1,
        "sctp" => 132,
        _ if is_num(&l) => match l.parse::<u8>() {
            Ok(n) => n,
            Err(_) => return Err(paramf(format_args!("unknown protocol \"{w}\" specified"))),
        },
        _ => return Err(paramf(format_args!("unknown protocol \"{w}\" specified"))),
    }))
}

/// The option names a word may abbreviate (getopt_long accepts unique prefixes).
const LONG: &[(&str, char)] = &[
    ("append", 'A'),
    ("insert", 'I'),
    ("delete", 'D'),
    ("replace", 'R'),
    ("check", 'C'),
    ("flush", 'F'),
    ("zero", 'Z'),
    ("new-chain", 'N'),
    ("delete-chain", 'X'),
    ("rename-chain", 'E'),
    ("policy", 'P'),
    ("list", 'L'),
    ("list-rules", 'S'),
    ("version", 'V'),
    ("help", 'h'),
    ("table", 't'),
    ("source", 's'),
    ("src", 's'),
    ("destination", 'd'),
    ("dst", 'd'),
    ("in-interface", 'i'),
    ("out-interface", 'o'),
    ("protocol", 'p'),
    ("jump", 'j'),
    ("goto", 'g'),
    ("match", 'm'),
    ("numeric", 'n'),
    ("verbose", 'v'),
    ("exact", 'x'),
    ("wait", 'w'),
];

/// `-s`, `-d`, `-i`, `-o` may each be given once: checked before the
/// value is parsed (xshared.c set_option).
fn once(taken: bool, c: char) -> Result<(), Fail> {
    if taken {
        return Err(paramf(format_args!("multiple -{c} flags not allowed")));
    }
    Ok(())
}

/// Parses a command line (the words after `iptables`).
pub(crate) fn parse(args: &[String]) -> Result<Line, Fail> {
    let mut line = Line::default();
    let mut spec = Spec::default();
    // Options that the loaded matches and target add (`-m conntrack` → --ctstate).
    let mut loaded: Vec<&str> = Vec::new();
    let mut target_name: Option<String> = None;
    let mut neg = false;
    let mut i = 0;
    // Split clusters of value-less flags (`-nvL`), as getopt does.
    let mut words: Vec<String> = Vec::new();
    for w in args {
        let b = w.as_bytes();
        if b.len() > 2
            && b[0] == b'-'
            && b[1] != b'-'
            && w[1..].chars().all(|c| "nvxLSZFXhV".contains(c))
        {
            words.extend(w[1..].chars().map(|c| format!("-{c}")));
        } else {
            words.push(w.clone());
        }
    }
    let words = &words;
    let next_value = |i: &mut usize, opt: &str| -> Result<String, Fail> {
        match words.get(*i) {
            Some(v) => {
                *i += 1;
                Ok(v.clone())
            }
            None => Err(paramf(format_args!(
                "option \"{opt}\" requires an argument"
            ))),
        }
    };
    // An optional argument: the next word when it does not start with '-' or '!'.
    let optional = |i: &mut usize| -> Option<String> {
        match words.get(*i) {
            Some(v) if !v.starts_with('-') && !v.starts_with('!') => {
                *i += 1;
                Some(v.clone())
            }
            _ => None,
        }
    };
    while i < words.len() {
        let w: &str = &words[i];
        i += 1;
        if w == "!" {
            if neg {
                return Err(param("multiple consecutive ! not allowed"));
            }
            neg = true;
            continue;
        }
        // Resolve the option's letter, or an extension's long option.
        let letter: Option<char> = if let Some(long) = w.strip_prefix("--") {
            let (name, _) = long.split_once('=').unwrap_or((long, ""));
            if name == "line-numbers" {
                line.line_numbers = true;
                continue;
            }
            let exact = LONG.iter().find(|(n, _)| *n == name).map(|x| x.1);
            let ext = loaded.iter().any(|l| ext_options(l).contains(&name));
            match exact {
                Some(c) => Some(c),
                None if ext && RECENT_FLAGS.contains(&name) => {
                    recent_flag(name, &mut spec)?;
                    neg = false;
                    continue;
                }
                None if ext => {
                    ext_option(name, words, &mut i, neg, &mut spec, target_name.as_deref())?;
                    neg = false;
                    continue;
                }
                None => {
                    let pre: Vec<char> = LONG
                        .iter()
                        .filter(|(n, _)| n.starts_with(name) && !name.is_empty())
                        .map(|x| x.1)
                        .collect();
                    match pre.first() {
                        Some(c) if pre.iter().all(|x| x == c) => Some(*c),
                        _ => return Err(paramf(format_args!("unknown option \"{w}\""))),
                    }
                }
            }
        } else if w.starts_with('-') && w.len() >= 2 {
            let c = w[1..].chars().next().unwrap_or('?');
            if w.len() > c.len_utf8() + 1 {
                // `-tnat`, `-s10.0.0.1`: the value is attached.
                return parse_attached(args, w);
            }
            Some(c)
        } else {
            return Err(Fail {
                text: format!("Bad argument `{w}'\n{TRY}"),
                code: 2,
            });
        };
        let Some(c) = letter else { continue };
        let was_neg = neg;
        neg = false;
        let add_cmd = |line: &mut Line, cmd: Cmd| -> Result<(), Fail> {
            if let Some(prev) = line.cmds.first() {
                let ok = matches!((prev.letter(), cmd.letter()), ('L', 'Z') | ('Z', 'L'));
                if !ok {
                    return Err(paramf(format_args!(
                        "Cannot use -{} with -{}",
                        cmd.letter(),
                        prev.letter()
                    )));
                }
            }
            line.cmds.push(cmd);
            Ok(())
        };
        if was_neg && !"sdiop".contains(c) {
            return Err(paramf(format_args!("cannot have ! before -{c}")));
        }
        match c {
            // A chain name follows.
            'A' | 'C' | 'N' => {
                let ch = next_value(&mut i, &format!("-{c}"))?;
                let cmd = match c {
                    'A' => Cmd::Append(ch),
                    'C' => Cmd::Check(ch),
                    _ => Cmd::NewChain(ch),
                };
                add_cmd(&mut line, cmd)?
            }
            // A chain name may follow.
            'F' | 'X' | 'L' => {
                let ch = optional(&mut i);
                let cmd = match c {
                    'F' => Cmd::Flush(ch),
                    'X' => Cmd::DeleteChain(ch),
                    _ => Cmd::List(ch),
                };
                add_cmd(&mut line, cmd)?
            }
            'I' => {
                let ch = next_value(&mut i, "-I")?;
                let n = match optional(&mut i) {
                    Some(n) => rule_number(&n)?,
                    None => 1,
                };
                add_cmd(&mut line, Cmd::Insert(ch, n))?
            }
            'D' => {
                let ch = next_value(&mut i, "-D")?;
                let n = match optional(&mut i) {
                    Some(n) => Some(rule_number(&n)?),
                    None => None,
                };
                add_cmd(&mut line, Cmd::Delete(ch, n))?
            }
            'R' => {
                let ch = next_value(&mut i, "-R")?;
                let n = match optional(&mut i) {
                    Some(n) => rule_number(&n)?,
                    None => return Err(param("-R requires a rule number")),
                };
                add_cmd(&mut line, Cmd::Replace(ch, n))?
            }
            'Z' => {
                let ch = optional(&mut i);
                if ch.is_some() {
                    if let Some(n) = optional(&mut i) {
                        rule_number(&n)?;
                    }
                }
                add_cmd(&mut line, Cmd::Zero(ch))?
            }
            'E' => {
                let a = next_value(&mut i, "-E")?;
                let b = optional(&mut i)
                    .ok_or_else(|| param("-E requires old-chain-name and new-chain-name"))?;
                add_cmd(&mut line, Cmd::Rename(a, b))?
            }
            'P' => {
                let ch = next_value(&mut i, "-P")?;
                let t =
                    optional(&mut i).ok_or_else(|| param("-P requires a chain and a policy"))?;
                add_cmd(&mut line, Cmd::SetPolicy(ch, t))?
            }
            'S' => {
                let ch = optional(&mut i);
                let n = match (&ch, optional(&mut i)) {
                    (Some(_), Some(n)) => Some(rule_number(&n)?),
                    _ => None,
                };
                add_cmd(&mut line, Cmd::Save(ch, n))?
            }
            'V' => add_cmd(&mut line, Cmd::Version)?,
            'h' => add_cmd(&mut line, Cmd::Help)?,
            't' => {
                let t = next_value(&mut i, "-t")?;
                if line.table.is_some() {
                    return Err(param("multiple -t flags not allowed"));
                }
                line.table = Some(t);
            }
            'n' => line.numeric = true,
            'v' => line.verbose = true,
            'x' => line.exact = true,
            'w' => {
                optional(&mut i);
            }
            's' | 'd' => {
                let v = next_value(&mut i, &format!("-{c}"))?;
                let slot = if c == 's' {
                    &mut spec.src
                } else {
                    &mut spec.dst
                };
                once(slot.is_some(), c)?;
                *slot = Some(AddrMatch {
                    net: parse_addr(&v)?,
                    neg: was_neg,
                });
                line.has_rule = true;
            }
            'i' | 'o' => {
                let v = next_value(&mut i, &format!("-{c}"))?;
                let slot = if c == 'i' {
                    &mut spec.in_if
                } else {
                    &mut spec.out_if
                };
                once(slot.is_some(), c)?;
                if v.len() > 15 {
                    return Err(paramf(format_args!(
                        "interface name `{v}' must be shorter than IFNAMSIZ (15)"
                    )));
                }
                *slot = Some(IfMatch {
                    name: v,
                    neg: was_neg,
                });
                line.has_rule = true;
            }
            'p' => {
                let v = next_value(&mut i, "-p")?;
                if spec.proto.is_some() {
                    return Err(param("multiple -p flags not allowed"));
                }
                spec.proto = parse_proto(&v)?.map(|n| (n, was_neg));
                match spec.proto {
                    // The protocol's own match becomes available (libxt_tcp / libxt_udp / libipt_icmp).
                    Some((6, false)) => loaded.push("tcp"),
                    Some((17, false)) => loaded.push("udp"),
                    Some((1, false)) => loaded.push("icmp"),
                    _ => {}
                }
                line.has_rule = true;
            }
            'm' => {
                let v = next_value(&mut i, "-m")?;
                // The simulated matches, by their static names (what `loaded` keeps).
                const SIMULATED: [&str; 9] = [
                    "tcp",
                    "udp",
                    "conntrack",
                    "multiport",
                    "comment",
                    "addrtype",
                    "icmp",
                    "limit",
                    "recent",
                ];
                match SIMULATED.iter().find(|n| **n == v) {
                    Some(&name) => {
                        if name == "icmp" && spec.proto != Some((1, false)) {
                            // libipt_icmp loads, then its option needs -p icmp at the final check.
                            loaded.push(name);
                            line.has_rule = true;
                            continue;
                        }
                        if name == "multiport"
                            && !matches!(spec.proto, Some((6 | 17 | 132, false)))
                        {
                            return Err(param(
                                "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
                            ));
                        }
                        loaded.push(name);
                        // An empty match, filled by its options.
                        spec.matches.push(match name {
                            "tcp" => Match::Ports { proto: 6, sport: None, dport: None },
                            "udp" => Match::Ports { proto: 17, sport: None, dport: None },
                            "conntrack" => Match::Conntrack { state: None, origdst: None, origdstport: None },
                            "multiport" => Match::Multiport { which: String::new(), ports: Vec::new(), neg: false },
                            "comment" => Match::Comment(String::new()),
                            "icmp" => Match::Icmp { typ: 255, code: None, neg: false },
                            "limit" => Match::Limit { rate: "3/hour".to_string(), burst: 5 },
                            "recent" => Match::Recent { cmd: String::new(), seconds: 0, hitcount: 0, name: "DEFAULT".to_string(), rdest: false },
                            _ => Match::DstLocal { neg: false },
                        });
                    }
                    None if matches!(
                        v.as_str(),
                        "state"
                            | "iprange"
                            | "mark"
                            | "mac"
                            | "owner"
                            | "string"
                            | "hashlimit"
                            | "connlimit"
                            | "physdev"
                            | "set"
                            | "length"
                            | "pkttype"
                    ) =>
                    {
                        return Err(Fail {
                            text: format!("[bridgeport] the iptables match `{v}' exists, but is not simulated here; the simulated matches are tcp, udp, icmp, conntrack, multiport, comment, addrtype, limit and recent"),
                            code: 1,
                        });
                    }
                    _ => {
                        return Err(Fail {
                            text: format!(
                                "{VERSION}: Couldn't load match `{v}':No such file or directory\n\n{TRY}"
                            ),
                            code: 2,
                        })
                    }
                }
                line.has_rule = true;
            }
            'j' | 'g' => {
                let v = next_value(&mut i, if c == 'j' { "-j" } else { "-g" })?;
                if target_name.is_some() {
                    return Err(param("multiple -j flags not allowed"));
                }
                spec.action = match (c, v.as_str()) {
                    ('j', "ACCEPT") => Action::Accept,
                    ('j', "DROP") => Action::Drop,
                    ('j', "RETURN") => Action::Return,
                    ('j', "REJECT") => {
                        loaded.push("REJECT");
                        Action::Reject("icmp-port-unreachable".to_string())
                    }
                    ('j', "LOG") => {
                        loaded.push("LOG");
                        Action::Log {
                            prefix: None,
                            level: 4,
                        }
                    }
                    (
                        'j',
                        "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT" | "MARK" | "CONNMARK"
                        | "TCPMSS" | "NOTRACK" | "CT",
                    ) => {
                        return Err(Fail {
                            text: format!("[bridgeport] the iptables target {v} exists, but is not simulated here; the simulated targets are ACCEPT, DROP, REJECT, RETURN, LOG and chains"),
                            code: 1,
                        });
                    }
                    ('j', _) => Action::Jump(v.clone()),
                    _ => Action::Goto(v.clone()),
                };
                target_name = Some(v);
                line.has_rule = true;
            }
            _ => {
                let shown = if w.starts_with("--") {
                    w.to_string()
                } else {
                    format!("-{c}")
                };
                return Err(paramf(format_args!("unknown option \"{shown}\"")));
            }
        }
    }
    if neg {
        return Err(param("no argument following \"!\""));
    }
    // Empty matches are errors, as their parsers' final checks say.
    for m in &spec.matches {
        match m {
            Match::Multiport { ports, .. } if ports.is_empty() => {
                return Err(param("multiport expects an option"));
            }
            Match::Conntrack {
                state: None,
                origdst: None,
                origdstport: None,
            } => {
                return Err(param("conntrack: At least one option is required"));
            }
            Match::Recent { cmd, .. } if cmd.is_empty() => {
                return Err(param(
                    "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'",
                ));
            }
            _ => {}
        }
    }
    line.spec = Some(spec);
    Ok(line)
}

/// `-tnat`, `-s10.0.0.1`: re-parse with the value split off.
fn parse_attached(args: &[String], word: &str) -> Result<Line, Fail> {
    let mut v: Vec<String> = Vec::new();
    let mut done = false;
    for a in args {
        if !done && a == word {
            let c = word[1..].chars().next().unwrap_or('?');
            let rest = &word[1 + c.len_utf8()..];
            if !"tsdiopjgmAIDRCNXPE".contains(c) {
                return Err(paramf(format_args!("unknown option \"-{c}\"")));
            }
            v.push(format!("-{c}"));
            v.push(rest.to_string());
            done = true;
        } else {
            v.push(a.clone());
        }
    }
    parse(&v)
}

/// The long options each match or target adds.
fn ext_options(ext: &str) -> &'static [&'static str] {
    match ext {
        "tcp" | "udp" => &["dport", "destination-port", "sport", "source-port"],
        "conntrack" => &["ctstate", "ctorigdst", "ctorigdstport"],
        "multiport" => &[
            "dports",
            "destination-ports",
            "sports",
            "source-ports",
            "ports",
        ],
        "comment" => &["comment"],
        "addrtype" => &["dst-type"],
        "icmp" => &["icmp-type"],
        "limit" => &["limit", "limit-burst"],
        "recent" => &[
            "set", "update", "rcheck", "remove", "seconds", "hitcount", "name", "mask", "rsource",
            "rdest", "reap", "rttl",
        ],
        "REJECT" => &["reject-with"],
        "LOG" => &["log-prefix", "log-level"],
        _ => &[],
    }
}

/// One extension option, into the last match of its kind (or the target).
fn ext_option(
    name: &str,
    words: &[String],
    i: &mut usize,
    neg: bool,
    spec: &mut Spec,
    _target: Option<&str>,
) -> Result<(), Fail> {
    let value = match words.get(*i) {
        Some(v) => {
            *i += 1;
            v.clone()
        }
        None => {
            return Err(paramf(format_args!(
                "option \"--{name}\" requires an argument"
            )))
        }
    };
    match name {
        "dport" | "destination-port" | "sport" | "source-port" => {
            let ports = parse_ports(&value, neg)?;
            let dst = name.starts_with('d');
            // The implicit match of `-p tcp`, unless `-m tcp` was given.
            if !spec
                .matches
                .iter()
                .any(|m| matches!(m, Match::Ports { .. }))
            {
                let proto = spec.proto.map_or(6, |p| p.0);
                spec.matches.push(Match::Ports {
                    proto,
                    sport: None,
                    dport: None,
                });
            }
            if let Some(Match::Ports { sport, dport, .. }) =
                last_match(spec, |m| matches!(m, Match::Ports { .. }))
            {
                let slot = if dst { dport } else { sport };
                if slot.is_some() {
                    return Err(paramf(format_args!(
                        "multiple --{} flags not allowed",
                        if dst { "dport" } else { "sport" }
                    )));
                }
                *slot = Some(ports);
            }
        }
        "ctstate" | "ctorigdst" | "ctorigdstport" => {
            let Some(Match::Conntrack {
                state,
                origdst,
                origdstport,
            }) = last_match(spec, |m| matches!(m, Match::Conntrack { .. }))
            else {
                return Err(paramf(format_args!("unknown option \"--{name}\"")));
            };
            match name {
                "ctstate" => {
                    let mut bits = 0u8;
                    for s in value.split(',') {
                        match CT_STATES.iter().position(|x| x.eq_ignore_ascii_case(s)) {
                            Some(k) => bits |= 1 << k,
                            None => return Err(paramf(format_args!("Bad ctstate \"{s}\""))),
                        }
                    }
                    *state = Some((bits, neg));
                }
                "ctorigdst" => {
                    *origdst = Some(AddrMatch {
                        net: parse_addr(&value)?,
                        neg,
                    });
                }
                _ => *origdstport = Some(parse_ports(&value, neg)?),
            }
        }
        "dports" | "destination-ports" | "sports" | "source-ports" | "ports" => {
            let Some(Match::Multiport {
                which,
                ports,
                neg: n,
            }) = last_match(spec, |m| matches!(m, Match::Multiport { .. }))
            else {
                return Err(paramf(format_args!("unknown option \"--{name}\"")));
            };
            let mut list = Vec::new();
            for p in value.split(',') {
                let r = parse_ports(p, false)?;
                list.push((r.lo, r.hi));
            }
            if list.len() > 15 {
                return Err(param("too many ports specified"));
            }
            *which = match name {
                "dports" | "destination-ports" => "dports",
                "sports" | "source-ports" => "sports",
                _ => "ports",
            }
            .to_string();
            *ports = list;
            *n = neg;
        }
        "comment" => {
            if value.len() > 255 {
                return Err(param("COMMENT must be shorter than 256 characters"));
            }
            if let Some(Match::Comment(c)) = last_match(spec, |m| matches!(m, Match::Comment(_))) {
                *c = value;
            }
        }
        "dst-type" => {
            const TYPES: [&str; 12] = [
                "UNSPEC",
                "UNICAST",
                "LOCAL",
                "BROADCAST",
                "ANYCAST",
                "MULTICAST",
                "BLACKHOLE",
                "UNREACHABLE",
                "PROHIBIT",
                "THROW",
                "NAT",
                "XRESOLVE",
            ];
            if !TYPES.contains(&value.as_str()) {
                return Err(paramf(format_args!("addrtype: unknown type \"{value}\"")));
            }
            if let Some(m) = last_match(spec, |m| {
                matches!(m, Match::DstLocal { .. } | Match::AddrType { .. })
            }) {
                *m = if value == "LOCAL" {
                    Match::DstLocal { neg }
                } else {
                    Match::AddrType { kind: value, neg }
                };
            }
        }
        "icmp-type" => {
            if spec.proto != Some((1, false)) {
                return Err(param("icmp match: only valid for protocol 1"));
            }
            let (t, c) = match value.split_once('/') {
                Some((t, c)) => (t, Some(c)),
                None => (value.as_str(), None),
            };
            let bad = || paramf(format_args!("Invalid ICMP type `{value}'"));
            let (typ, code) = if t == "any" {
                (255, None)
            } else if let Some((_, n)) = firewall::ICMP_TYPES.iter().find(|(name, _)| *name == t) {
                (*n, None)
            } else {
                let n = t.parse::<u8>().map_err(|_| bad())?;
                let code = match c {
                    Some(c) => Some(c.parse::<u8>().map_err(|_| bad())?),
                    None => None,
                };
                (n, code)
            };
            match last_match(spec, |m| matches!(m, Match::Icmp { .. })) {
                Some(m) => *m = Match::Icmp { typ, code, neg },
                None => spec.matches.push(Match::Icmp { typ, code, neg }),
            }
        }
        "limit" | "limit-burst" => {
            let Some(Match::Limit { rate, burst }) =
                last_match(spec, |m| matches!(m, Match::Limit { .. }))
            else {
                return Err(paramf(format_args!("unknown option \"--{name}\"")));
            };
            if name == "limit" {
                *rate = parse_rate(&value)?;
            } else {
                *burst = match value.parse::<u32>() {
                    Ok(b) if b <= 10000 => b,
                    _ => return Err(paramf(format_args!("bad --limit-burst `{value}'"))),
                };
            }
        }
        "seconds" | "hitcount" | "name" | "mask" => {
            let Some(Match::Recent {
                seconds,
                hitcount,
                name: n,
                ..
            }) = last_match(spec, |m| matches!(m, Match::Recent { .. }))
            else {
                return Err(paramf(format_args!("unknown option \"--{name}\"")));
            };
            let num = || {
                value
                    .parse::<u32>()
                    .map_err(|_| paramf(format_args!("recent: bad value for option \"--{name}\", or out of range (0-4294967295).")))
            };
            match name {
                "seconds" => *seconds = num()?,
                "hitcount" => *hitcount = num()?,
                "name" => *n = value.clone(),
                _ => {
                    if value != "255.255.255.255" {
                        return Err(Fail {
                            text: "[bridgeport] recent --mask other than 255.255.255.255 is not simulated".to_string(),
                            code: 1,
                        });
                    }
                }
            }
        }
        "reject-with" => {
            const TYPES: [&str; 9] = [
                "icmp-net-unreachable",
                "icmp-host-unreachable",
                "icmp-port-unreachable",
                "icmp-proto-unreachable",
                "icmp-net-prohibited",
                "icmp-host-prohibited",
                "icmp-admin-prohibited",
                "tcp-reset",
                "tcp-rst",
            ];
            let t = match value.as_str() {
                "tcp-rst" => "tcp-reset",
                v if TYPES.contains(&v) => v,
                _ => return Err(paramf(format_args!("unknown reject type \"{value}\""))),
            };
            if t == "tcp-reset" && !matches!(spec.proto, Some((6, false))) {
                return Err(param("--reject-with tcp-reset only valid when -p tcp"));
            }
            spec.action = Action::Reject(t.to_string());
        }
        "log-prefix" | "log-level" => {
            if let Action::Log { prefix, level } = &mut spec.action {
                if name == "log-prefix" {
                    if value.len() > 29 {
                        return Err(param("Maximum prefix length 29 for --log-prefix"));
                    }
                    *prefix = Some(value);
                } else {
                    *level = match value.parse::<u8>() {
                        Ok(l) if l <= 7 => l,
                        _ => match [
                            "emerg", "alert", "crit", "error", "warning", "notice", "info", "debug",
                        ]
                        .iter()
                        .position(|x| *x == value)
                        {
                            Some(l) => l as u8,
                            None => {
                                return Err(paramf(format_args!("log-level `{value}' unknown")))
                            }
                        },
                    };
                }
            }
        }
        _ => return Err(paramf(format_args!("unknown option \"--{name}\""))),
    }
    Ok(())
}

/// The rule's latest match that `is` one of a kind: an option belongs to
/// the last `-m` that loaded it (`-m tcp --dport 1 -m tcp --dport 2`).
fn last_match(spec: &mut Spec, is: fn(&Match) -> bool) -> Option<&mut Match> {
    spec.matches.iter_mut().rev().find(|m| is(m))
}

/// libxt_recent's options that take no value.
const RECENT_FLAGS: [&str; 8] = [
    "set", "update", "rcheck", "remove", "rsource", "rdest", "reap", "rttl",
];

fn recent_flag(flag: &str, spec: &mut Spec) -> Result<(), Fail> {
    let Some(Match::Recent { cmd, rdest, .. }) =
        last_match(spec, |m| matches!(m, Match::Recent { .. }))
    else {
        return Err(paramf(format_args!("unknown option \"--{flag}\"")));
    };
    match flag {
        "rsource" => *rdest = false,
        "rdest" => *rdest = true,
        "reap" | "rttl" => {}
        _ => {
            if !cmd.is_empty() {
                return Err(param(
                    "recent: only one of `--set', `--rcheck' `--update' or `--remove' may be set",
                ));
            }
            *cmd = flag.to_string();
        }
    }
    Ok(())
}

/// libxt_limit's rate: `N/second|minute|hour|day` (any prefix of the unit),
/// printed as `N/sec`, `N/min`, `N/hour`, `N/day`.
fn parse_rate(v: &str) -> Result<String, Fail> {
    let bad = || paramf(format_args!("bad rate \"{v}\"'"));
    let (n, unit) = match v.split_once('/') {
        Some((n, u)) => (n, u),
        None => (v, "second"),
    };
    let n: u32 = n.parse().map_err(|_| bad())?;
    if n == 0 || unit.is_empty() {
        return Err(bad());
    }
    let unit = *["second", "minute", "hour", "day"]
        .iter()
        .find(|u| u.starts_with(unit))
        .ok_or_else(bad)?;
    let short = match unit {
        "second" => "sec",
        "minute" => "min",
        u => u,
    };
    Ok(format!("{n}/{short}"))
}

/// Applies a rule-changing command to the engine. `Ok(note)`: done, with
/// an optional `[bridgeport]` line; `Err`: iptables' error, nothing changed.
pub(crate) fn apply(
    engine: &mut Engine,
    t: Table,
    line: &Line,
    cmd: &Cmd,
) -> Result<Option<String>, Fail> {
    let spec = line.spec.clone().unwrap_or_default();
    let view = View::new(engine);
    let rs = &view.rules;
    let chain_of = |name: &str| rs.lookup(t, name);
    // Options that belong to no command (xshared.c generic_opt_check).
    if !cmd.takes_rule() && line.has_rule {
        let opt = if spec.src.is_some() {
            's'
        } else if spec.dst.is_some() {
            'd'
        } else if spec.in_if.is_some() {
            'i'
        } else if spec.out_if.is_some() {
            'o'
        } else if spec.proto.is_some() {
            'p'
        } else {
            'j'
        };
        return Err(paramf(format_args!(
            "Illegal option `-{opt}' with this command"
        )));
    }
    let rule_checks = |c: Chain| -> Result<(), Fail> {
        // `-i` cannot match in output hooks, `-o` in input hooks (xshared.c).
        let name = rs.chain_name(t, c);
        if spec.out_if.is_some() && matches!(name, "INPUT" | "PREROUTING") {
            return Err(Fail {
                text: format!("{VERSION}: Can't use -o with {name}\n\n{TRY}"),
                code: 2,
            });
        }
        if spec.in_if.is_some() && matches!(name, "OUTPUT" | "POSTROUTING") {
            return Err(Fail {
                text: format!("{VERSION}: Can't use -i with {name}\n\n{TRY}"),
                code: 2,
            });
        }
        if t == Table::Nat && matches!(spec.action, Action::Drop | Action::Reject(_)) {
            let what = if matches!(spec.action, Action::Drop) {
                "DROP"
            } else {
                "REJECT"
            };
            return Err(Fail {
                text: format!("{VERSION}: \nThe \"nat\" table is not intended for filtering, the use of {what} is therefore inhibited.\n\n\n{TRY}"),
                code: 2,
            });
        }
        if let Some(to) = spec.jumps_to() {
            match chain_of(to) {
                None => return Err(paramf(format_args!("Chain '{to}' does not exist"))),
                Some(dest) if dest.is_builtin() => {
                    return Err(paramf(format_args!("Chain '{to}' does not exist")))
                }
                Some(dest) => {
                    // A jump that closes a loop is refused by the kernel (ELOOP).
                    if rs.reachable(t, dest).contains(&c) {
                        let op = match cmd {
                            Cmd::Insert(..) => "RULE_INSERT",
                            Cmd::Replace(..) => "RULE_REPLACE",
                            _ => "RULE_APPEND",
                        };
                        return Err(Fail {
                            text: format!("{VERSION}:  {op} failed (Too many levels of symbolic links): rule in chain {name}"),
                            code: 4,
                        });
                    }
                }
            }
        }
        if matches!(spec.action, Action::Reject(_)) && t != Table::Filter {
            return Err(other("Invalid argument. Run `dmesg' for more information"));
        }
        Ok(())
    };
    let text_of = |c: Chain| format!("-A {}{}", rs.chain_name(t, c), spec.save());
    let position = |c: Chain| -> Option<usize> {
        let want = text_of(c);
        rs.rules(t, c).iter().position(|r| r.spec(&view) == want)
    };
    let mut note = None;
    let docker_note = |c: Chain| -> Option<String> {
        (!matches!(c, Chain::User(_) | Chain::DockerUser | Chain::Input | Chain::Output | Chain::Forward)
            || (t != Table::Filter && !matches!(c, Chain::User(_))))
        .then(|| {
            format!(
                "[bridgeport] {} is Docker's chain: Docker rewrites it when containers or networks change, and this change will be lost then; rules of your own belong in DOCKER-USER",
                rs.chain_name(t, c)
            )
        })
    };
    let edit_of = |c: Chain, entries: Vec<Entry>| ChainEdit {
        table: t,
        chain: rs.chain_name(t, c).to_string(),
        base: rs.docker_hash(t, c),
        entries,
    };
    let mut edits: Vec<ChainEdit> = Vec::new();
    let mut new_chain: Option<String> = None;
    let mut drop_chain: Vec<String> = Vec::new();
    let mut policy: Option<(Chain, Policy)> = None;
    let mut zero: Option<Option<Chain>> = None;
    match cmd {
        Cmd::Append(name) | Cmd::Insert(name, _) | Cmd::Replace(name, _) => {
            let c = chain_of(name).ok_or_else(|| other(NO_CHAIN))?;
            rule_checks(c)?;
            let mut entries = rs.entries(t, c);
            match cmd {
                Cmd::Append(_) => entries.push(Entry::Learner(spec.clone())),
                Cmd::Insert(_, n) => {
                    let at = *n as usize - 1;
                    if at > entries.len() {
                        return Err(other("Index of insertion too big"));
                    }
                    entries.insert(at, Entry::Learner(spec.clone()));
                }
                Cmd::Replace(_, n) => {
                    let at = *n as usize - 1;
                    if at >= entries.len() {
                        return Err(other("Index of replacement too big"));
                    }
                    entries[at] = Entry::Learner(spec.clone());
                }
                _ => {}
            }
            note = docker_note(c);
            edits.push(edit_of(c, entries));
        }
        Cmd::Delete(name, n) => {
            let c = match (chain_of(name), n) {
                (Some(c), _) => c,
                (None, Some(_)) => return Err(other(NO_CHAIN)),
                (None, None) => return Err(other(BAD_RULE)),
            };
            let mut entries = rs.entries(t, c);
            let at = match n {
                Some(n) => {
                    let at = *n as usize - 1;
                    if at >= entries.len() {
                        return Err(other("Index of deletion too big"));
                    }
                    at
                }
                None => {
                    if !line.has_rule {
                        return Err(param("-D requires a rule number or a rule specification"));
                    }
                    position(c).ok_or_else(|| other(BAD_RULE))?
                }
            };
            entries.remove(at);
            note = docker_note(c);
            edits.push(edit_of(c, entries));
        }
        Cmd::Check(name) => {
            let c = chain_of(name).ok_or_else(|| other(BAD_RULE))?;
            position(c).ok_or_else(|| other(BAD_RULE))?;
        }
        Cmd::Flush(name) => {
            let chains = match name {
                Some(n) => vec![chain_of(n).ok_or_else(|| other(NO_CHAIN))?],
                None => rs.chains_of(t),
            };
            for c in chains {
                if !rs.rules(t, c).is_empty() {
                    if note.is_none() {
                        note = docker_note(c);
                    }
                    edits.push(edit_of(c, Vec::new()));
                }
            }
        }
        Cmd::Zero(name) => {
            let c = match name {
                Some(n) => Some(chain_of(n).ok_or_else(|| other(NO_CHAIN))?),
                None => None,
            };
            zero = Some(c);
        }
        Cmd::NewChain(name) => {
            if chain_of(name).is_some() {
                return Err(other("Chain already exists"));
            }
            if name.len() > 28 {
                return Err(paramf(format_args!(
                    "chain name `{name}' too long (must be under 29 chars)"
                )));
            }
            if name.starts_with('!') || name.starts_with('-') {
                return Err(paramf(format_args!(
                    "chain name not allowed to start with `{}'",
                    &name[..1]
                )));
            }
            if ["ACCEPT", "DROP", "RETURN", "REJECT", "LOG", "QUEUE"].contains(&name.as_str()) {
                return Err(param("chain name may not clash with target name"));
            }
            new_chain = Some(name.clone());
        }
        Cmd::DeleteChain(name) => {
            let chains: Vec<Chain> = match name {
                Some(n) => {
                    let c = chain_of(n).ok_or_else(|| other(NO_CHAIN))?;
                    if c.is_builtin() {
                        return Err(other("Can't delete built-in chain"));
                    }
                    vec![c]
                }
                None => rs
                    .chains_of(t)
                    .into_iter()
                    .filter(|c| !c.is_builtin())
                    .collect(),
            };
            for c in &chains {
                let refs = rs.references(t, *c);
                if refs > 0 || !rs.rules(t, *c).is_empty() {
                    return Err(Fail {
                        text: format!(
                            "{VERSION}:  CHAIN_DEL failed (Device or resource busy): chain {}",
                            rs.chain_name(t, *c)
                        ),
                        code: 4,
                    });
                }
                match c {
                    Chain::User(_) => drop_chain.push(rs.chain_name(t, *c).to_string()),
                    _ => {
                        return Err(Fail {
                            text: format!("[bridgeport] deleting Docker's chain {} is not simulated (Docker recreates it)", rs.chain_name(t, *c)),
                            code: 1,
                        })
                    }
                }
            }
        }
        Cmd::Rename(..) => {
            return Err(Fail {
                text: "[bridgeport] renaming chains (-E) is not simulated".to_string(),
                code: 1,
            })
        }
        Cmd::SetPolicy(name, target) => {
            let c = chain_of(name)
                .filter(|c| c.is_builtin())
                .ok_or_else(|| other("Bad built-in chain name"))?;
            let p = match target.as_str() {
                "ACCEPT" => Policy::Accept,
                "DROP" => Policy::Drop,
                _ => return Err(other("Bad policy name. Run `dmesg' for more information")),
            };
            policy = Some((c, p));
        }
        Cmd::List(_) | Cmd::Save(..) | Cmd::Version | Cmd::Help => {}
    }
    let chain_names: Vec<(Chain, String)> = zero
        .map(|z| match z {
            Some(c) => vec![(c, rs.chain_name(t, c).to_string())],
            None => rs
                .chains_of(t)
                .into_iter()
                .map(|c| (c, rs.chain_name(t, c).to_string()))
                .collect(),
        })
        .unwrap_or_default();
    drop(view);
    let fw = engine.firewall_mut();
    for e in edits {
        fw.set_edit(e);
    }
    if let Some(n) = new_chain {
        fw.chains.push((t, n));
    }
    for n in drop_chain {
        fw.chains.retain(|(ct, cn)| !(*ct == t && *cn == n));
        fw.edits.retain(|e| !(e.table == t && e.chain == n));
        fw.counters.retain(|k| !(k.table == t && k.chain == n));
    }
    if let Some((c, p)) = policy {
        fw.set_policy(t, c, p);
    }
    for (_, name) in chain_names {
        fw.counters.retain(|k| !(k.table == t && k.chain == name));
    }
    Ok(note)
}

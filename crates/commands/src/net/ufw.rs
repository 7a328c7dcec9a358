//! `ufw` as Ubuntu 24.04 ships it (0.36.2): its command line
//! (`src/parser.py`, `src/frontend.py`), its messages (`backend.py`,
//! `backend_iptables.py`), `status` in its three forms, and what it does to
//! the host's netfilter rules: ufw-init's chains and hooks, `before.rules`,
//! `after.rules` and the `user.rules` it writes (`conf/*.rules`,
//! `src/ufw-init-functions`, `backend_iptables._write_rules`,
//! `_get_rules_from_formatted`, `_get_logging_rules` at LOGLEVEL low).
//!
//! ufw's state (enabled, defaults, rules) is engine state
//! (`bridgeport_engine::net::ufw`); the iptables rules it installs are
//! written through the same parser and changes as `iptables` itself
//! ([`super::iptables_edit`]), into the one ruleset the walk evaluates. So
//! `ufw deny 8080` adds DROPs to `ufw-user-input` (INPUT), and a LAN packet
//! to a published port 8080 still passes: Docker's DNAT sends it through
//! FORWARD, where DOCKER-FORWARD accepts it before any ufw chain (reference
//! §2.3, §2.4).
//!
//! IPv6: ufw keeps and lists its `(v6)` rules; the packets here are IPv4
//! (IPv6 rides on IPv4, see `net::v6`), so only the IPv4 chains are
//! installed, and `ip6tables` says so.

use super::iptables_edit;
use super::Env;
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::netfilter::Table;
use bridgeport_engine::net::ufw::{Ufw, UfwRule};
use bridgeport_engine::net::View;
use bridgeport_engine::Engine;
use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

/// `ufw version`.
const VERSION: &str = "ufw 0.36.2\nCopyright 2008-2023 Canonical Ltd.";

/// A failure: ufw's `error()` prints `ERROR: ` and exits 1.
struct UfwError(String);

fn err(msg: &str) -> UfwError {
    UfwError(msg.to_string())
}

/// `Invalid syntax`: the parser raised ValueError; ufw prints the help.
const INVALID: &str = "\u{0}invalid";

pub fn run(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut out = Output::new();
    match run_inner(ctx, env, args, &mut out) {
        Ok(()) => {}
        Err(UfwError(m)) if m == INVALID => {
            out.err("ERROR: Invalid syntax\n");
            out.out(&help());
            out.code = 1;
        }
        Err(UfwError(m)) if m.is_empty() => {
            out.err("ERROR: not enough args\n");
            out.out(&help());
            out.code = 1;
        }
        Err(UfwError(m)) => out.fail_fmt(format_args!("ERROR: {m}"), 1),
    }
    out
}

fn run_inner(ctx: &mut Ctx, env: &Env, args: &[String], out: &mut Output) -> Result<(), UfwError> {
    let mut argv: Vec<String> = args.to_vec();
    if argv
        .first()
        .is_some_and(|a| a.eq_ignore_ascii_case("--dry-run"))
    {
        return Err(err(
            "[bridgeport] ufw --dry-run is not simulated; run the command itself",
        ));
    }
    let mut force = false;
    if argv
        .first()
        .is_some_and(|a| a.eq_ignore_ascii_case("--force") || a == "-f")
    {
        force = true;
        argv.remove(0);
    }
    let Some(first) = argv.first().map(|a| a.to_ascii_lowercase()) else {
        return Err(err(""));
    };
    let basic = |argv: &[String]| -> Result<(), UfwError> {
        if argv.len() > 1 {
            Err(err(INVALID))
        } else {
            Ok(())
        }
    };
    match first.as_str() {
        "help" | "--help" | "-h" => {
            out.out(&help());
            Ok(())
        }
        "version" | "--version" => {
            out.outln(VERSION);
            Ok(())
        }
        "enable" => {
            basic(&argv)?;
            // ufw asks only under SSH (ufw.util.under_ssh); this terminal is
            // the host's console, so it does not ask.
            let was = ctx.engine.firewall().ufw.enabled;
            ctx.engine.firewall_mut().ufw.enabled = true;
            start(ctx.engine).inspect_err(|_| ctx.engine.firewall_mut().ufw.enabled = was)?;
            out.outln("Firewall is active and enabled on system startup");
            Ok(())
        }
        "disable" => {
            basic(&argv)?;
            stop(ctx.engine)?;
            ctx.engine.firewall_mut().ufw.enabled = false;
            out.outln("Firewall stopped and disabled on system startup");
            Ok(())
        }
        "reload" => {
            basic(&argv)?;
            if ctx.engine.firewall().ufw.enabled {
                stop(ctx.engine)?;
                start(ctx.engine)?;
                out.outln("Firewall reloaded");
            } else {
                out.outln("Firewall not enabled (skipping reload)");
            }
            Ok(())
        }
        "reset" => {
            basic(&argv)?;
            reset(ctx, env, force, out)
        }
        "status" => {
            let view = match argv.get(1).map(|a| a.to_ascii_lowercase()).as_deref() {
                None => Status::Plain,
                Some("verbose") => Status::Verbose,
                Some("numbered") => Status::Numbered,
                Some(_) => return Err(err(INVALID)),
            };
            if argv.len() > 2 {
                return Err(err(INVALID));
            }
            out.outln(&status(&ctx.engine.firewall().ufw, view));
            Ok(())
        }
        "default" => {
            let (policy, direction) = parse_default(&argv)?;
            let ufw = &mut ctx.engine.firewall_mut().ufw;
            match direction {
                "incoming" => ufw.incoming = policy.to_string(),
                "outgoing" => ufw.outgoing = policy.to_string(),
                _ => ufw.routed = policy.to_string(),
            }
            if ufw.enabled {
                stop(ctx.engine)?;
                start(ctx.engine)?;
            }
            out.outln_fmt(format_args!(
                "Default {direction} policy changed to '{policy}'\n(be sure to update your rules accordingly)"
            ));
            Ok(())
        }
        "logging" => Err(err(
            "[bridgeport] changing ufw's logging level is not simulated: it stays at 'low' (ufw's default)",
        )),
        "show" | "app" => Err(UfwError(format!(
            "[bridgeport] ufw {first} is not simulated; ufw status verbose and iptables -S show the rules"
        ))),
        "delete" if argv.len() == 2 && argv[1].parse::<i64>().is_ok() => {
            delete_number(ctx, env, &argv[1], force, out)
        }
        "allow" | "deny" | "reject" | "limit" | "insert" | "delete" | "prepend" | "route" => {
            let route = first == "route";
            let mut words: Vec<String> = argv.clone();
            if route {
                check_route(&words)?;
                words = strip_route(words)?;
            } else {
                words.insert(0, "rule".to_string());
            }
            let parsed = parse_rule(&words, route)?;
            if parsed.updated {
                // warnings.warn → ufw's clean_warning → warn(): stderr.
                out.err("WARN: Rule changed after normalization\n");
            }
            let text = set_rule(ctx.engine, parsed)?;
            out.outln(&text);
            Ok(())
        }
        _ => Err(err(INVALID)),
    }
}

/// `ufw help` (frontend.get_command_help).
fn help() -> String {
    let rows: &[(&str, &str)] = &[
        ("enable", "enables the firewall"),
        ("disable", "disables the firewall"),
        ("default ARG", "set default policy"),
        ("logging LEVEL", "set logging to LEVEL"),
        ("allow ARGS", "add allow rule"),
        ("deny ARGS", "add deny rule"),
        ("reject ARGS", "add reject rule"),
        ("limit ARGS", "add limit rule"),
        ("delete RULE|NUM", "delete RULE"),
        ("insert NUM RULE", "insert RULE at NUM"),
        ("prepend RULE", "prepend RULE"),
        ("route RULE", "add route RULE"),
        ("route delete RULE|NUM", "delete route RULE"),
        ("route insert NUM RULE", "insert route RULE at NUM"),
        ("reload", "reload firewall"),
        ("reset", "reset firewall"),
        ("status", "show firewall status"),
        (
            "status numbered",
            "show firewall status as numbered list of RULES",
        ),
        ("status verbose", "show verbose firewall status"),
        ("show ARG", "show firewall report"),
        ("version", "display version information"),
    ];
    let apps: &[(&str, &str)] = &[
        ("app list", "list application profiles"),
        ("app info PROFILE", "show information on PROFILE"),
        ("app update PROFILE", "update PROFILE"),
        ("app default ARG", "set default application policy"),
    ];
    let mut s = String::from("\nUsage: ufw COMMAND\n\nCommands:\n");
    for &(a, b) in rows {
        let _ = writeln!(s, " {a:<31} {b}");
    }
    s.push_str("\nApplication profile commands:\n");
    for &(a, b) in apps {
        let _ = writeln!(s, " {a:<31} {b}");
    }
    // msg() prints the text, which ends in a newline, with one more.
    s.push('\n');
    s
}

/// `ufw default allow|deny|reject [incoming|outgoing|routed]` (UFWCommandDefault).
fn parse_default(argv: &[String]) -> Result<(&'static str, &'static str), UfwError> {
    if argv.len() < 2 || argv.len() > 3 {
        return Err(err(INVALID));
    }
    let direction = match argv.get(2).map(|a| a.to_ascii_lowercase()).as_deref() {
        None | Some("incoming") | Some("input") => "incoming",
        Some("outgoing") | Some("output") => "outgoing",
        Some("routed") | Some("forward") => "routed",
        Some(_) => return Err(err(INVALID)),
    };
    let policy = match argv[1].to_ascii_lowercase().as_str() {
        "allow" => "allow",
        "deny" => "deny",
        "reject" => "reject",
        _ => return Err(err(INVALID)),
    };
    Ok((policy, direction))
}

// ----- rules: parsing (parser.UFWCommandRule) ---------------------------------

/// A parsed rule command.
struct Parsed {
    rule: UfwRule,
    /// "v4", "v6" or "both".
    iptype: &'static str,
    remove: bool,
    /// 0: append; -1: prepend; n: insert at n.
    position: i64,
    /// The address was changed by normalisation (ufw warns).
    updated: bool,
}

fn check_route(argv: &[String]) -> Result<(), UfwError> {
    if let Some(i) = argv.iter().position(|a| a == "delete") {
        if argv.get(i + 1).is_some_and(|n| n.parse::<i64>().is_ok()) {
            return Err(err(
                "'route delete NUM' unsupported. Use 'delete NUM' instead.",
            ));
        }
    }
    Ok(())
}

/// UFWCommandRouteRule.parse: the second interface clause is set after.
fn strip_route(argv: Vec<String>) -> Result<Vec<String>, UfwError> {
    let s = argv.join(" ");
    let mut v = argv.clone();
    if s.contains(" in on ") && s.contains(" out on ") {
        // Handled by parse_rule, which accepts both clauses of a route rule.
    } else if !s.contains(" in on ")
        && !s.contains(" out on ")
        && (s.contains(" in ") || s.contains(" out "))
    {
        return Err(err("Invalid interface clause for route rule"));
    }
    v[0] = "rule".to_string();
    Ok(v)
}

/// /etc/services on Ubuntu 24.04 (netbase): a name's port and protocol.
fn service(name: &str) -> Option<(u16, &'static str)> {
    Some(match name {
        "ssh" => (22, "tcp"),
        "ftp" => (21, "tcp"),
        "telnet" => (23, "tcp"),
        "smtp" => (25, "tcp"),
        "domain" => (53, "any"),
        "http" | "www" => (80, "tcp"),
        "ntp" => (123, "udp"),
        "https" => (443, "any"),
        "submission" => (587, "tcp"),
        "imaps" => (993, "tcp"),
        "mysql" => (3306, "tcp"),
        "postgresql" => (5432, "tcp"),
        "http-alt" | "webcache" => (8080, "tcp"),
        "redis" => (6379, "tcp"),
        _ => return None,
    })
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `UFWRule.set_port`: numbers, ranges `a:b`, lists `a,b`, service names.
fn set_port(port: &str) -> Result<(String, bool), UfwError> {
    let bad = || UfwError(format!("Bad port '{port}'"));
    if port == "any" {
        return Ok(("any".to_string(), false));
    }
    if port.starts_with([',', ':']) || port.ends_with([',', ':']) {
        return Err(bad());
    }
    if port.matches([',', ':']).count() > 14 {
        return Err(bad());
    }
    let parts: Vec<&str> = port.split(',').collect();
    let mut multi = parts.len() > 1;
    let mut out = Vec::new();
    for p in parts {
        if let Some((a, b)) = p.split_once(':') {
            if !all_digits(a) || !all_digits(b) {
                return Err(bad());
            }
            multi = true;
            let (a, b) = (a.parse::<u32>().unwrap_or(0), b.parse::<u32>().unwrap_or(0));
            if !(1..=65535).contains(&a) || !(1..=65535).contains(&b) || a >= b {
                return Err(bad());
            }
            out.push(format!("{a}:{b}"));
        } else if all_digits(p) {
            let n = p.parse::<u32>().unwrap_or(0);
            if !(1..=65535).contains(&n) {
                return Err(bad());
            }
            out.push(n.to_string());
        } else {
            match service(p) {
                Some((n, _)) => out.push(n.to_string()),
                None => return Err(bad()),
            }
        }
    }
    Ok((out.join(","), multi))
}

/// ufw.util.human_sort on a port list.
fn sort_ports(p: &str) -> String {
    if p == "any" {
        return p.to_string();
    }
    let mut v: Vec<&str> = p.split(',').collect();
    bridgeport_golib::sort::sort_by_key(&mut v, |x| {
        x.split(':')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    });
    v.join(",")
}

/// An address as ufw keeps it (util.normalize_address): a host without a
/// mask, a network masked to its prefix. (address, changed, v6)
fn address(a: &str, what: &str) -> Result<(String, bool, bool), UfwError> {
    let bad = || UfwError(format!("Bad {what} address"));
    if a == "any" {
        return Ok(("any".to_string(), false, false));
    }
    let (ip, len) = match a.split_once('/') {
        Some((i, l)) => (i, Some(l)),
        None => (a, None),
    };
    if let Ok(v4) = ip.parse::<Ipv4Addr>() {
        if a.len() > 31 {
            return Err(bad());
        }
        let len = match len {
            None => 32,
            Some(l) if all_digits(l) => {
                l.parse::<u8>().ok().filter(|l| *l <= 32).ok_or_else(bad)?
            }
            Some(m) => {
                let mask: Ipv4Addr = m.parse().map_err(|_| bad())?;
                let bits = u32::from(mask);
                if bits.leading_ones() + bits.trailing_zeros() != 32 {
                    return Err(bad());
                }
                bits.leading_ones() as u8
            }
        };
        if len == 32 {
            return Ok((v4.to_string(), a != v4.to_string(), false));
        }
        let net = ipnet::Ipv4Net::new(v4, len).map_err(|_| bad())?.trunc();
        let s = net.to_string();
        return Ok((s.clone(), s != a, false));
    }
    if let Ok(v6) = ip.parse::<Ipv6Addr>() {
        let len = match len {
            None => 128,
            Some(l) => l.parse::<u8>().ok().filter(|l| *l <= 128).ok_or_else(bad)?,
        };
        if len == 128 {
            return Ok((v6.to_string(), a != v6.to_string(), true));
        }
        let net = ipnet::Ipv6Net::new(v6, len).map_err(|_| bad())?.trunc();
        let s = net.to_string();
        return Ok((s.clone(), s != a, true));
    }
    Err(bad())
}

fn blank_rule(action: &str, direction: &str) -> UfwRule {
    UfwRule {
        action: action.to_string(),
        protocol: "any".to_string(),
        dport: "any".to_string(),
        dst: "0.0.0.0/0".to_string(),
        sport: "any".to_string(),
        src: "0.0.0.0/0".to_string(),
        direction: direction.to_string(),
        forward: false,
        iface_in: String::new(),
        iface_out: String::new(),
        logtype: String::new(),
        comment: String::new(),
        v6: false,
        command: String::new(),
        installed: Vec::new(),
    }
}

const PROTOCOLS: [&str; 8] = ["tcp", "udp", "ipv6", "esp", "ah", "igmp", "gre", "vrrp"];
const PORTLESS: [&str; 6] = ["ipv6", "esp", "ah", "igmp", "gre", "vrrp"];

fn set_protocol(r: &mut UfwRule, p: &str) -> Result<(), UfwError> {
    if p == "any" || PROTOCOLS.contains(&p) {
        r.protocol = p.to_string();
        Ok(())
    } else {
        Err(UfwError(format!("Unsupported protocol '{p}'")))
    }
}

fn set_interface(r: &mut UfwRule, which: &str, name: &str) -> Result<(), UfwError> {
    if name.is_empty()
        || name.len() > 15
        || name.contains(['/', ' ', ':'])
        || name == "."
        || name == ".."
    {
        return Err(err("Bad interface name"));
    }
    if which == "in" {
        r.iface_in = name.to_string();
    } else {
        r.iface_out = name.to_string();
    }
    Ok(())
}

const IN_OUT: &[&str] = &["in", "out"];
const LOGS: &[&str] = &["log", "log-all"];

/// Whether `w` in lower case is one of `set` (lower-case words), without
/// making the lower-case copy.
fn lower_is(w: &str, set: &[&str]) -> bool {
    set.iter().any(|s| w.eq_ignore_ascii_case(s))
}

/// UFWCommandRule.parse over `rule …` (and the route variant).
fn parse_rule(words: &[String], route: bool) -> Result<Parsed, UfwError> {
    let mut argv: Vec<String> = words[1..].to_vec();
    let mut remove = false;
    let mut position: i64 = 0;
    if argv
        .first()
        .is_some_and(|a| a.eq_ignore_ascii_case("delete"))
        && argv.len() > 1
    {
        remove = true;
        argv.remove(0);
    } else if argv
        .first()
        .is_some_and(|a| a.eq_ignore_ascii_case("insert"))
    {
        if argv.len() < 4 {
            return Err(err(INVALID));
        }
        let pos = argv[1].clone();
        if pos == "0" || pos == "-1" {
            return Err(UfwError(format!("Cannot insert rule at position '{pos}'")));
        }
        position = pos
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| UfwError(format!("Invalid position '{pos}'")))?;
        argv.drain(0..2);
    } else if argv
        .first()
        .is_some_and(|a| a.eq_ignore_ascii_case("prepend"))
    {
        position = -1;
        argv.remove(0);
    }
    let action = argv.first().cloned().unwrap_or_default();
    if !matches!(action.as_str(), "allow" | "deny" | "reject" | "limit") || argv.len() < 2 {
        return Err(err(INVALID));
    }
    let direction = if argv.len() > 1 && argv[1].eq_ignore_ascii_case("out") {
        "out"
    } else {
        "in"
    };
    if argv.len() > 2 && argv[2] != "on" && lower_is(&argv[1], IN_OUT) {
        argv.remove(1);
    }
    // Route rules may name both interfaces: keep the second clause aside.
    let mut second_iface: Option<(String, String)> = None;
    if route {
        let s = argv.join(" ");
        if s.contains(" in on ") && s.contains(" out on ") {
            let i_in = argv.iter().position(|a| a == "in").unwrap_or(0);
            let i_out = argv.iter().position(|a| a == "out").unwrap_or(0);
            let strip = if i_in > i_out { i_in } else { i_out };
            if strip + 2 < argv.len() {
                second_iface = Some((argv[strip].clone(), argv[strip + 2].clone()));
                argv.drain(strip..strip + 3);
            }
        }
    }
    let mut has_interface = false;
    if argv.len() > 1 && argv.iter().any(|a| a == "in" || a == "out") {
        if !lower_is(&argv[1], IN_OUT) {
            return Err(err("Invalid interface clause"));
        }
        if argv.len() < 3 || !argv[2].eq_ignore_ascii_case("on") {
            return Err(err("Invalid interface clause"));
        }
        argv.remove(2);
        has_interface = true;
    }
    let mut logtype = String::new();
    let log_idx = if has_interface && argv.len() > 3 && lower_is(&argv[3], LOGS) {
        3
    } else if argv.len() > 2 && lower_is(&argv[1], LOGS) {
        1
    } else {
        0
    };
    if log_idx > 0 {
        logtype = argv[log_idx].to_ascii_lowercase();
        argv.remove(log_idx);
    }
    if argv.iter().any(|a| a == "log") {
        return Err(err("Option 'log' not allowed here"));
    }
    if argv.iter().any(|a| a == "log-all") {
        return Err(err("Option 'log-all' not allowed here"));
    }
    let mut comment = String::new();
    if let Some(ci) = argv.iter().position(|a| a == "comment") {
        if ci == argv.len() - 1 {
            return Err(err("Option 'comment' missing required argument"));
        }
        comment = argv[ci + 1].clone();
        if comment.contains('\'') {
            return Err(err(INVALID));
        }
        argv.drain(ci..ci + 2);
    }
    let nargs = argv.len();
    if !(2..=13).contains(&nargs) {
        return Err(err(INVALID));
    }
    let mut r = blank_rule(&action, direction);
    r.logtype = logtype;
    r.comment = comment;
    r.forward = route;
    let mut iptype = "both";
    let mut updated = false;
    let mut to_service = String::new();
    let mut from_service = String::new();
    if nargs == 2 {
        let (port, proto) = match argv[1].split('/').collect::<Vec<_>>().as_slice() {
            [p] => (p.to_string(), "any".to_string()),
            [p, q] => {
                if PORTLESS.contains(q) {
                    return Err(UfwError(format!("Invalid port with protocol '{q}'")));
                }
                (p.to_string(), q.to_string())
            }
            _ => return Err(err("Bad port")),
        };
        if !port
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b':')
            || port.is_empty()
        {
            if port.contains([',', ':']) {
                return Err(err("Port ranges must be numeric"));
            }
            to_service = port.clone();
        }
        if set_protocol(&mut r, &proto).is_err() {
            return Err(err("Bad port"));
        }
        let (p, _) = set_port(&port).map_err(|_| err("Bad port"))?;
        r.dport = p;
    } else if !(nargs + 1).is_multiple_of(2) {
        return Err(err("Wrong number of arguments"));
    } else if !argv
        .iter()
        .any(|a| matches!(a.as_str(), "from" | "to" | "in" | "out"))
    {
        return Err(err("Need 'to' or 'from' clause"));
    } else {
        let count = |k: &str| argv.iter().filter(|a| *a == k).count();
        if count("to") > 1
            || count("from") > 1
            || count("proto") > 1
            || count("port") > 2
            || count("in") > 1
            || count("out") > 1
            || count("app") > 0
        {
            if count("app") > 0 {
                return Err(err(
                    "[bridgeport] ufw application profiles (app) are not simulated; use ports",
                ));
            }
            return Err(err("Improper rule syntax"));
        }
        let keys = &["proto", "from", "to", "port", "app", "in", "out"];
        let mut loc = "";
        let (mut from_type, mut to_type) = ("any", "any");
        for i in 0..nargs {
            let arg = argv[i].as_str();
            if i % 2 != 0 && !keys.contains(&arg) {
                return Err(UfwError(format!("Invalid token '{arg}'")));
            }
            let Some(val) = argv.get(i + 1).map(String::as_str) else {
                continue;
            };
            match arg {
                "proto" => set_protocol(&mut r, val)?,
                "in" | "out" => set_interface(&mut r, arg, val)?,
                "from" | "to" => {
                    let what = if arg == "from" {
                        "source"
                    } else {
                        "destination"
                    };
                    let (a, changed, v6) = address(&val.to_ascii_lowercase(), what)?;
                    updated |= changed;
                    let kind = if a == "any" {
                        "any"
                    } else if v6 {
                        "v6"
                    } else {
                        "v4"
                    };
                    let a = if a == "any" {
                        "0.0.0.0/0".to_string()
                    } else {
                        a
                    };
                    if arg == "from" {
                        r.src = a;
                        from_type = kind;
                        loc = "src";
                    } else {
                        r.dst = a;
                        to_type = kind;
                        loc = "dst";
                    }
                }
                "port" => {
                    if loc.is_empty() {
                        return Err(err("Need 'from' or 'to' with 'port'"));
                    }
                    if !val
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b',' || b == b':')
                    {
                        if val.contains([',', ':']) {
                            return Err(err("Port ranges must be numeric"));
                        }
                        if loc == "src" {
                            from_service = val.to_string();
                        } else {
                            to_service = val.to_string();
                        }
                    }
                    let (p, _) = set_port(val)?;
                    if loc == "src" {
                        r.sport = p;
                    } else {
                        r.dport = p;
                    }
                }
                _ => {}
            }
        }
        iptype = match (from_type, to_type) {
            ("any", "any") => "both",
            (f, t) if f != "any" && t != "any" && f != t => {
                return Err(err("Mixed IP versions for 'from' and 'to'"))
            }
            ("any", t) => t,
            (f, _) => f,
        };
    }
    // The protocol a service name implies (/etc/services).
    if !to_service.is_empty() || !from_service.is_empty() {
        let mut proto = "";
        if !to_service.is_empty() {
            proto = service(&to_service).map_or("any", |s| s.1);
        }
        if !from_service.is_empty() {
            let tmp = service(&from_service).map_or("any", |s| s.1);
            if proto.is_empty() || proto == "any" {
                proto = tmp;
            } else if tmp != "any" && tmp != proto {
                return Err(err("Protocol mismatch (from/to)"));
            }
        }
        if r.protocol == "any" {
            r.protocol = proto.to_string();
        } else if proto != "any" && r.protocol != proto {
            return Err(UfwError(format!(
                "Protocol mismatch with specified protocol {}",
                r.protocol
            )));
        }
    }
    if let Some((which, name)) = second_iface {
        set_interface(&mut r, &which, &name)?;
    }
    if matches!(r.protocol.as_str(), "ipv6" | "igmp") && iptype == "both" {
        iptype = "v4";
    }
    if PORTLESS.contains(&r.protocol.as_str()) && (r.dport != "any" || r.sport != "any") {
        return Err(UfwError(format!(
            "Invalid port with protocol '{}'",
            r.protocol
        )));
    }
    if r.protocol == "any" && (r.dport.contains([',', ':']) || r.sport.contains([',', ':'])) {
        return Err(err("Must specify 'tcp' or 'udp' with multiple ports"));
    }
    if r.protocol != "any"
        && !matches!(r.protocol.as_str(), "tcp" | "udp")
        && (r.dport.contains([',', ':']) || r.sport.contains([',', ':']))
    {
        return Err(err("Must specify 'tcp' or 'udp' with multiple ports"));
    }
    if iptype == "v6" && matches!(r.protocol.as_str(), "ipv6" | "igmp") {
        return Err(UfwError(format!(
            "Invalid IPv6 address with protocol '{}'",
            r.protocol
        )));
    }
    r.dport = sort_ports(&r.dport);
    r.sport = sort_ports(&r.sport);
    Ok(Parsed {
        rule: r,
        iptype,
        remove,
        position,
        updated,
    })
}

/// The rule as `ufw delete` and the delete prompt name it
/// (UFWCommandRule.get_command).
fn command_of(r: &UfwRule) -> String {
    let any = |a: &str| a == "0.0.0.0/0" || a == "::/0";
    let mut res = r.action.clone();
    if any(&r.dst)
        && any(&r.src)
        && r.sport == "any"
        && r.iface_in.is_empty()
        && r.iface_out.is_empty()
        && r.dport != "any"
    {
        if r.direction == "out" {
            let _ = write!(res, " {}", r.direction);
        }
        if !r.logtype.is_empty() {
            let _ = write!(res, " {}", r.logtype);
        }
        let _ = write!(res, " {}", r.dport);
        if r.protocol != "any" {
            let _ = write!(res, "/{}", r.protocol);
        }
    } else {
        if !r.iface_in.is_empty() {
            let _ = write!(res, " in on {}", r.iface_in);
        }
        if !r.iface_out.is_empty() {
            let _ = write!(res, " out on {}", r.iface_out);
        } else if r.direction == "out" {
            let _ = write!(res, " {}", r.direction);
        }
        if !r.logtype.is_empty() {
            let _ = write!(res, " {}", r.logtype);
        }
        for (dir, addr, port) in [("from", &r.src, &r.sport), ("to", &r.dst, &r.dport)] {
            let addr = if any(addr) { "any" } else { addr.as_str() };
            if addr != "any" || port != "any" {
                let _ = write!(res, " {dir} {addr}");
                if port != "any" {
                    let _ = write!(res, " port {port}");
                }
            }
        }
        if !res.contains(" to ")
            && !res.contains(" from ")
            && r.iface_in.is_empty()
            && r.iface_out.is_empty()
        {
            res.push_str(" to any");
        }
        if r.protocol != "any" {
            let _ = write!(res, " proto {}", r.protocol);
        }
    }
    if !r.comment.is_empty() {
        let _ = write!(res, " comment '{}'", r.comment);
    }
    if r.forward {
        res = format!("route {res}");
    }
    res
}

/// UFWRule.match: 0 equal, -1 all but action/log/comment, -2 all but comment, 1 differs.
fn rule_match(x: &UfwRule, y: &UfwRule) -> i32 {
    if x.dport != y.dport
        || x.sport != y.sport
        || x.protocol != y.protocol
        || x.src != y.src
        || x.dst != y.dst
        || x.v6 != y.v6
        || x.iface_in != y.iface_in
        || x.iface_out != y.iface_out
        || x.direction != y.direction
        || x.forward != y.forward
    {
        return 1;
    }
    if x.action == y.action && x.logtype == y.logtype {
        return if x.comment == y.comment { 0 } else { -2 };
    }
    -1
}

fn with_v6(mut r: UfwRule, v6: bool) -> UfwRule {
    r.v6 = v6;
    let fix = |a: &mut String| {
        if v6 && a == "0.0.0.0/0" {
            *a = "::/0".to_string();
        } else if !v6 && a == "::/0" {
            *a = "0.0.0.0/0".to_string();
        }
    };
    fix(&mut r.src);
    fix(&mut r.dst);
    r.command = command_of(&r);
    r
}

/// frontend.set_rule over backend.set_rule for each IP version.
fn set_rule(engine: &mut Engine, p: Parsed) -> Result<String, UfwError> {
    let ufw = engine.firewall().ufw.clone();
    let num_v4 = ufw.rules.iter().filter(|r| !r.v6).count() as i64;
    let num_v6 = ufw.rules.len() as i64 - num_v4;
    if p.position > num_v4 + num_v6 {
        return Err(UfwError(format!("Invalid position '{}'", p.position)));
    }
    let mut msgs: Vec<String> = Vec::new();
    let mut state = ufw.clone();
    let versions: Vec<bool> = match p.iptype {
        "v4" => vec![false],
        "v6" => vec![true],
        _ => vec![false, true],
    };
    for v6 in versions {
        let count = state.rules.iter().filter(|r| r.v6 == v6).count() as i64;
        let mut pos = match (p.position, v6, p.iptype) {
            (-1, _, _) => {
                if count == 0 {
                    0
                } else {
                    1
                }
            }
            (0, _, _) => 0,
            (n, false, "v4") if n > num_v4 => {
                return Err(UfwError(format!("Invalid position '{n}'")))
            }
            (n, true, "v6") if n <= num_v4 => {
                return Err(UfwError(format!("Invalid position '{n}'")))
            }
            (n, true, "v6") => n - num_v4,
            (n, false, _) if n > num_v4 => 0,
            (n, false, _) => n,
            (n, true, _) if n > num_v4 => n - num_v4,
            (n, true, _) => {
                // The v6 twin of the v4 rule the user pointed at.
                let target = ufw.rules.iter().filter(|r| !r.v6).nth((n - 1) as usize);
                target
                    .and_then(|t| {
                        state
                            .rules
                            .iter()
                            .filter(|r| r.v6)
                            .position(|r| rule_match(r, &with_v6(t.clone(), true)) == 0)
                    })
                    .map_or(0, |k| k as i64 + 1)
            }
        };
        if pos > count {
            pos = 0;
        }
        let rule = with_v6(p.rule.clone(), v6);
        let enabled = state.enabled;
        msgs.push(set_one(&mut state, rule, p.remove, pos, enabled));
    }
    engine.firewall_mut().ufw = state;
    if engine.firewall().ufw.enabled {
        install_user_rules(engine)?;
    }
    Ok(msgs.join("\n"))
}

/// backend_iptables.set_rule for one IP version: the new list and the message.
fn set_one(state: &mut Ufw, rule: UfwRule, remove: bool, position: i64, enabled: bool) -> String {
    let v6 = rule.v6;
    let suffix = if v6 { " (v6)" } else { "" };
    let (mine, others): (Vec<UfwRule>, Vec<UfwRule>) =
        state.rules.drain(..).partition(|r| r.v6 == v6);
    let mut newrules: Vec<UfwRule> = Vec::new();
    let (mut found, mut modified, mut inserted) = (false, false, false);
    let mut matches = 0;
    for (k, r) in mine.iter().enumerate() {
        if k as i64 + 1 == position {
            inserted = true;
            newrules.push(rule.clone());
        }
        let ret = rule_match(r, &rule);
        if ret < 1 {
            matches += 1;
        }
        if ret == 0 && !found && !inserted {
            found = true;
            if !remove {
                newrules.push(rule.clone());
            }
        } else if ret == -2 && remove && rule.comment.is_empty() {
            found = true;
        } else if ret < 0 && !remove && !inserted {
            found = true;
            modified = true;
            newrules.push(rule.clone());
        } else {
            newrules.push(r.clone());
        }
    }
    let restore = |state: &mut Ufw, mine: Vec<UfwRule>, others: Vec<UfwRule>| {
        let (v4, v6s): (Vec<UfwRule>, Vec<UfwRule>) =
            mine.into_iter().chain(others).partition(|r| !r.v6);
        state.rules = v4.into_iter().chain(v6s).collect();
    };
    if inserted {
        if matches > 0 {
            restore(state, mine, others);
            return format!("Skipping inserting existing rule{suffix}");
        }
    } else {
        if !found && !remove {
            newrules.push(rule.clone());
        }
        if !found && remove {
            restore(state, mine, others);
            return format!("Could not delete non-existent rule{suffix}");
        }
        if found && !remove && !modified {
            restore(state, mine, others);
            return format!("Skipping adding existing rule{suffix}");
        }
    }
    restore(state, newrules, others);
    if !enabled {
        return format!("Rules updated{suffix}");
    }
    if modified || inserted {
        format!(
            "{}{suffix}",
            if inserted {
                "Rule inserted"
            } else {
                "Rule updated"
            }
        )
    } else if found && remove {
        format!("Rule deleted{suffix}")
    } else {
        format!("Rule added{suffix}")
    }
}

/// `ufw delete NUM` (frontend.delete_rule): asks first, unless `--force`.
fn delete_number(
    ctx: &mut Ctx,
    env: &Env,
    number: &str,
    force: bool,
    out: &mut Output,
) -> Result<(), UfwError> {
    let n: i64 = number.parse().unwrap_or(0);
    let rules = ctx.engine.firewall().ufw.rules.clone();
    if n <= 0 || n as usize > rules.len() {
        return Err(UfwError(format!("Could not find rule '{n}'")));
    }
    let rule = rules[(n - 1) as usize].clone();
    if !force
        && !confirm(
            env,
            out,
            &format!(
                "Deleting:\n {}\nProceed with operation (y|n)? ",
                rule.command
            ),
            &format!("ufw --force delete {n}"),
        )
    {
        return Ok(());
    }
    let enabled = ctx.engine.firewall().ufw.enabled;
    let mut state = ctx.engine.firewall().ufw.clone();
    let text = set_one(&mut state, rule, true, 0, enabled);
    ctx.engine.firewall_mut().ufw = state;
    if enabled {
        install_user_rules(ctx.engine)?;
    }
    out.outln(&text);
    Ok(())
}

/// ufw's y/n prompts read a line from stdin. A piped answer is read as ufw
/// reads it; the terminal here cannot wait for one, so without a pipe the
/// prompt is shown, a `[bridgeport]` line says how to answer, and nothing
/// changes (as an empty answer: "Aborted").
fn confirm(env: &Env, out: &mut Output, prompt: &str, forced: &str) -> bool {
    out.out(prompt);
    match &env.stdin {
        Some(input) => {
            let ans = input
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if ans == "y" || ans == "yes" {
                true
            } else {
                out.outln("Aborted");
                false
            }
        }
        None => {
            out.out("\n");
            out.err_fmt(format_args!("[bridgeport] this terminal cannot wait for an answer: answer through a pipe (echo y | sudo {forced_plain}) or skip the question with --force ({forced})\n", forced_plain = forced.replace(" --force", "")));
            out.outln("Aborted");
            false
        }
    }
}

/// `ufw reset`: asks, disables, puts the installed rules files back (the
/// backups are named with the time, `%Y%m%d_%H%M%S`: the simulation's clock).
fn reset(ctx: &mut Ctx, env: &Env, force: bool, out: &mut Output) -> Result<(), UfwError> {
    if !force
        && !confirm(
            env,
            out,
            "Resetting all rules to installed defaults. Proceed with operation (y|n)? ",
            "ufw --force reset",
        )
    {
        return Ok(());
    }
    if ctx.engine.firewall().ufw.enabled {
        stop(ctx.engine)?;
    }
    ctx.engine.firewall_mut().ufw = Ufw::default();
    let stamp = backup_stamp(ctx.now);
    for &f in &[
        "user.rules",
        "before.rules",
        "after.rules",
        "user6.rules",
        "before6.rules",
        "after6.rules",
    ] {
        out.outln_fmt(format_args!("Backing up '{f}' to '/etc/ufw/{f}.{stamp}'"));
    }
    // The text ends in a newline and msg() adds one.
    out.outln("");
    Ok(())
}

fn backup_stamp(t: bridgeport_engine::Timestamp) -> String {
    // rfc3339_nano: 2026-01-01T12:00:00.…Z → 20260101_120000
    let s = bridgeport_engine::time::rfc3339_nano(t);
    let digits: String = s.chars().take(19).filter(|c| c.is_ascii_digit()).collect();
    format!(
        "{}_{}",
        &digits[..8.min(digits.len())],
        &digits[8.min(digits.len())..]
    )
}

// ----- status (backend_iptables.get_status) ----------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Plain,
    Verbose,
    Numbered,
}

fn location(r: &UfwRule, dst: bool, verbose: bool) -> String {
    let (addr, port) = if dst {
        (&r.dst, &r.dport)
    } else {
        (&r.src, &r.sport)
    };
    let anywhere = addr == "0.0.0.0/0" || addr == "::/0";
    let mut loc = if anywhere {
        String::new()
    } else {
        addr.clone()
    };
    let _ = verbose;
    if port != "any" {
        if loc.is_empty() {
            loc = port.clone();
        } else {
            let _ = write!(loc, " {port}");
        }
        if r.protocol != "any" {
            let _ = write!(loc, "/{}", r.protocol);
        }
    }
    if port == "any" {
        if anywhere {
            loc = "Anywhere".to_string();
            if r.protocol != "any" && r.dst == r.src && r.dport == r.sport {
                let _ = write!(loc, "/{}", r.protocol);
            }
            if addr == "::/0" {
                loc.push_str(" (v6)");
            }
        } else if r.protocol != "any" && r.dport == r.sport {
            let _ = write!(loc, "/{}", r.protocol);
        }
    } else if r.v6 && r.src == "::/0" && r.dst == "::/0" && !loc.contains(" (v6)") {
        loc.push_str(" (v6)");
    }
    if r.forward {
        if !dst && !r.iface_in.is_empty() {
            let _ = write!(loc, " on {}", r.iface_in);
        }
        if dst && !r.iface_out.is_empty() {
            let _ = write!(loc, " on {}", r.iface_out);
        }
    } else {
        if dst && !r.iface_in.is_empty() {
            let _ = write!(loc, " on {}", r.iface_in);
        }
        if !dst && !r.iface_out.is_empty() {
            let _ = write!(loc, " on {}", r.iface_out);
        }
    }
    loc
}

fn status(ufw: &Ufw, view: Status) -> String {
    if !ufw.enabled {
        return "Status: inactive".to_string();
    }
    let verbose = view == Status::Verbose;
    let numbered = view == Status::Numbered;
    let (mut s_in, mut s_out, mut s_rte) = (String::new(), String::new(), String::new());
    for (k, r) in ufw.rules.iter().enumerate() {
        let mut row = String::new();
        let mut attribs: Vec<String> = Vec::new();
        if !r.logtype.is_empty() {
            attribs.push(r.logtype.clone());
        }
        if numbered && r.direction == "out" {
            attribs.push(r.direction.clone());
        }
        let attrib = if attribs.is_empty() {
            String::new()
        } else {
            format!(" ({})", attribs.join(", "))
        };
        if numbered {
            let _ = write!(row, "[{:2}] ", k + 1);
        }
        let mut dir = r.direction.to_ascii_uppercase();
        if r.forward {
            dir = "FWD".to_string();
        }
        if r.direction == "in" && !r.forward && !verbose && !numbered {
            dir = String::new();
        }
        let action = format!("{} {dir}", r.action.to_ascii_uppercase());
        let comment = if r.comment.is_empty() {
            String::new()
        } else {
            format!(" # {}", r.comment)
        };
        let _ = writeln!(
            row,
            "{:<26} {:<12}{:<26}{attrib}{comment}",
            location(r, true, verbose),
            action,
            location(r, false, verbose)
        );
        if numbered {
            s_in.push_str(&row);
        } else if r.forward {
            s_rte.push_str(&row);
        } else if r.direction == "out" {
            s_out.push_str(&row);
        } else {
            s_in.push_str(&row);
        }
    }
    let mut rules = String::new();
    if !(s_in.is_empty() && s_out.is_empty() && s_rte.is_empty()) {
        rules.push_str("\n\n");
        let indent = if numbered { "     " } else { "" };
        let _ = writeln!(rules, "{indent}{:<26} {:<12}From", "To", "Action");
        let _ = writeln!(rules, "{indent}{:<26} {:<12}----", "--", "------");
        rules.push_str(&s_in);
        if !s_in.is_empty() && !s_out.is_empty() {
            rules.push('\n');
        }
        rules.push_str(&s_out);
        if !s_in.is_empty() && !s_rte.is_empty() {
            rules.push('\n');
        }
        rules.push_str(&s_rte);
    }
    if verbose {
        // "routed" reads "disabled" without IP forwarding; Docker enables it.
        format!(
            "Status: active\nLogging: on (low)\nDefault: {} (incoming), {} (outgoing), {} (routed)\nNew profiles: skip{rules}",
            ufw.incoming, ufw.outgoing, ufw.routed
        )
    } else {
        format!("Status: active{rules}")
    }
}

// ----- the backend: iptables rules (ufw-init, *.rules) ------------------------

/// Runs one iptables command line as ufw's scripts do, into the engine.
fn ipt(engine: &mut Engine, line: &str) -> Result<(), UfwError> {
    let args = words(line);
    let parsed = iptables_edit::parse(&args)
        .map_err(|f| UfwError(format!("problem running ufw-init\n{}", f.text)))?;
    for cmd in &parsed.cmds {
        iptables_edit::apply(engine, Table::Filter, &parsed, cmd)
            .map_err(|f| UfwError(format!("problem running ufw-init\n{}", f.text)))?;
    }
    Ok(())
}

/// The same, for commands whose failure ufw ignores (`|| true`, fail_ok).
fn ipt_ok(engine: &mut Engine, line: &str) {
    let _ = ipt(engine, line);
}

/// [`ipt`] of a formatted line (one String built here, not at each site).
#[inline(never)]
fn ipt_fmt(engine: &mut Engine, line: std::fmt::Arguments) -> Result<(), UfwError> {
    ipt(engine, &std::fmt::format(line))
}

/// [`ipt_ok`] of a formatted line.
fn ipt_ok_fmt(engine: &mut Engine, line: std::fmt::Arguments) {
    let _ = ipt_fmt(engine, line);
}

/// Splits a line of the rules files: words, and "quoted text" as one.
fn words(line: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
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

fn chain_exists(engine: &Engine, name: &str) -> bool {
    View::new(engine)
        .rules
        .lookup(Table::Filter, name)
        .is_some()
}

const DIRS: [&str; 3] = ["input", "output", "forward"];

/// The chains ufw-init creates first, and hooks into the built-ins.
const PRIMARY: [&str; 6] = [
    "before-logging",
    "before",
    "after",
    "after-logging",
    "reject",
    "track",
];

/// Every chain `delete_chains` flushes, in ufw-init's order.
fn all_chains() -> Vec<String> {
    let mut v: Vec<String> = [
        "logging-deny",
        "logging-allow",
        "not-local",
        "user-limit-accept",
        "user-limit",
    ]
    .iter()
    .map(|c| format!("ufw-{c}"))
    .collect();
    for d in DIRS {
        for &c in &["user-logging", "skip-to-policy", "user"] {
            v.push(format!("ufw-{c}-{d}"));
        }
        for c in PRIMARY {
            v.push(format!("ufw-{c}-{d}"));
        }
    }
    v
}

/// The chains `delete_chains` also deletes (the others stay, empty).
fn deleted_chains() -> Vec<String> {
    let mut v: Vec<String> = ["logging-deny", "logging-allow", "not-local"]
        .iter()
        .map(|c| format!("ufw-{c}"))
        .collect();
    for d in DIRS {
        v.push(format!("ufw-user-logging-{d}"));
    }
    v.push("ufw-user-limit-accept".to_string());
    v.push("ufw-user-limit".to_string());
    for d in DIRS {
        v.push(format!("ufw-user-{d}"));
    }
    for d in DIRS {
        v.push(format!("ufw-skip-to-policy-{d}"));
    }
    v
}

fn delete_chains(engine: &mut Engine) {
    for c in all_chains() {
        ipt_ok_fmt(engine, format_args!("-F {c}"));
    }
    for c in deleted_chains() {
        ipt_ok_fmt(engine, format_args!("-X {c}"));
    }
}

fn target(policy: &str) -> &'static str {
    match policy {
        "allow" => "ACCEPT",
        "reject" => "REJECT",
        _ => "DROP",
    }
}

/// `before.rules` of ufw 0.36.2 (conf/before.rules), as its iptables lines.
const BEFORE_RULES: &[&str] = &[
    "-A ufw-before-input -i lo -j ACCEPT",
    "-A ufw-before-output -o lo -j ACCEPT",
    "-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A ufw-before-output -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A ufw-before-forward -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A ufw-before-input -m conntrack --ctstate INVALID -j ufw-logging-deny",
    "-A ufw-before-input -m conntrack --ctstate INVALID -j DROP",
    "-A ufw-before-input -p icmp --icmp-type destination-unreachable -j ACCEPT",
    "-A ufw-before-input -p icmp --icmp-type time-exceeded -j ACCEPT",
    "-A ufw-before-input -p icmp --icmp-type parameter-problem -j ACCEPT",
    "-A ufw-before-input -p icmp --icmp-type echo-request -j ACCEPT",
    "-A ufw-before-forward -p icmp --icmp-type destination-unreachable -j ACCEPT",
    "-A ufw-before-forward -p icmp --icmp-type time-exceeded -j ACCEPT",
    "-A ufw-before-forward -p icmp --icmp-type parameter-problem -j ACCEPT",
    "-A ufw-before-forward -p icmp --icmp-type echo-request -j ACCEPT",
    "-A ufw-before-input -p udp --sport 67 --dport 68 -j ACCEPT",
    "-A ufw-before-input -j ufw-not-local",
    "-A ufw-not-local -m addrtype --dst-type LOCAL -j RETURN",
    "-A ufw-not-local -m addrtype --dst-type MULTICAST -j RETURN",
    "-A ufw-not-local -m addrtype --dst-type BROADCAST -j RETURN",
    "-A ufw-not-local -m limit --limit 3/min --limit-burst 10 -j ufw-logging-deny",
    "-A ufw-not-local -j DROP",
    "-A ufw-before-input -p udp -d 224.0.0.251 --dport 5353 -j ACCEPT",
    "-A ufw-before-input -p udp -d 239.255.255.250 --dport 1900 -j ACCEPT",
];

/// `after.rules` of ufw 0.36.2 (conf/after.rules).
const AFTER_RULES: &[&str] = &[
    "-A ufw-after-input -p udp --dport 137 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p udp --dport 138 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p tcp --dport 139 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p tcp --dport 445 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p udp --dport 67 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -p udp --dport 68 -j ufw-skip-to-policy-input",
    "-A ufw-after-input -m addrtype --dst-type BROADCAST -j ufw-skip-to-policy-input",
];

/// `ufw-init start` then `update_logging('low')`: the chains, the hooks,
/// before/after/user rules, the logging rules, then the policies.
fn start(engine: &mut Engine) -> Result<(), UfwError> {
    let ufw = engine.firewall().ufw.clone();
    if chain_exists(engine, "ufw-before-logging-input") {
        delete_chains(engine);
    } else {
        for c in PRIMARY {
            for d in DIRS {
                ipt_fmt(engine, format_args!("-N ufw-{c}-{d}"))?;
            }
        }
        for &(d, hook) in &[
            ("input", "INPUT"),
            ("output", "OUTPUT"),
            ("forward", "FORWARD"),
        ] {
            for c in PRIMARY {
                ipt_fmt(engine, format_args!("-A {hook} -j ufw-{c}-{d}"))?;
            }
        }
    }
    let pols = [&ufw.incoming, &ufw.outgoing, &ufw.routed];
    for (d, pol) in DIRS.iter().zip(pols) {
        if pol.as_str() == "reject" {
            ipt_fmt(engine, format_args!("-A ufw-reject-{d} -j REJECT"))?;
        }
    }
    for (d, pol) in DIRS.iter().zip(pols) {
        if pol.as_str() == "allow" {
            ipt_fmt(
                engine,
                format_args!("-A ufw-track-{d} -p tcp -m conntrack --ctstate NEW -j ACCEPT"),
            )?;
            ipt_fmt(
                engine,
                format_args!("-A ufw-track-{d} -p udp -m conntrack --ctstate NEW -j ACCEPT"),
            )?;
        }
    }
    for &c in &["ufw-logging-deny", "ufw-logging-allow"] {
        if !chain_exists(engine, c) {
            ipt_fmt(engine, format_args!("-N {c}"))?;
        }
    }
    for d in DIRS {
        let c = format!("ufw-skip-to-policy-{d}");
        if !chain_exists(engine, &c) {
            ipt_fmt(engine, format_args!("-N {c}"))?;
        }
    }
    for (d, pol) in DIRS.iter().zip(pols) {
        ipt_fmt(
            engine,
            format_args!("-A ufw-skip-to-policy-{d} -j {}", target(pol)),
        )?;
    }
    if !chain_exists(engine, "ufw-not-local") {
        ipt(engine, "-N ufw-not-local")?;
    }
    for l in BEFORE_RULES {
        ipt(engine, l)?;
    }
    for l in AFTER_RULES {
        ipt(engine, l)?;
    }
    for c in ["input", "output", "forward"]
        .iter()
        .map(|d| format!("ufw-user-{d}"))
        .chain(DIRS.iter().map(|d| format!("ufw-user-logging-{d}")))
        .chain([
            "ufw-user-limit".to_string(),
            "ufw-user-limit-accept".to_string(),
        ])
    {
        if !chain_exists(engine, &c) {
            ipt_fmt(engine, format_args!("-N {c}"))?;
        }
    }
    install_user_rules(engine)?;
    for d in DIRS {
        ipt_fmt(engine, format_args!("-A ufw-before-{d} -j ufw-user-{d}"))?;
    }
    // update_logging('low'): LOG rules for the denying policies and the misc chains.
    let limit = "-m limit --limit 3/min --limit-burst 10";
    for (d, pol) in DIRS.iter().zip(pols) {
        if pol.as_str() != "allow" {
            ipt_fmt(
                engine,
                format_args!(
                    "-A ufw-after-logging-{d} -j LOG --log-prefix \"[UFW BLOCK] \" {limit}"
                ),
            )?;
        }
    }
    ipt_fmt(
        engine,
        format_args!("-I ufw-logging-deny -m conntrack --ctstate INVALID -j RETURN {limit}"),
    )?;
    ipt_fmt(
        engine,
        format_args!("-A ufw-logging-deny -j LOG --log-prefix \"[UFW BLOCK] \" {limit}"),
    )?;
    ipt_fmt(
        engine,
        format_args!("-A ufw-logging-allow -j LOG --log-prefix \"[UFW ALLOW] \" {limit}"),
    )?;
    // The built-ins' policies last (REJECT is DROP plus ufw-reject-*).
    for (hook, pol) in [
        ("INPUT", &ufw.incoming),
        ("FORWARD", &ufw.routed),
        ("OUTPUT", &ufw.outgoing),
    ] {
        let p = if pol.as_str() == "allow" {
            "ACCEPT"
        } else {
            "DROP"
        };
        ipt_fmt(engine, format_args!("-P {hook} {p}"))?;
    }
    Ok(())
}

/// `ufw-init stop`: flush ufw's chains, delete the ones ufw-init deletes,
/// and accept everything in the built-ins (FORWARD too: this undoes
/// Docker's DROP policy, reference §2.3).
fn stop(engine: &mut Engine) -> Result<(), UfwError> {
    if !engine.firewall().ufw.enabled {
        return Ok(());
    }
    delete_chains(engine);
    for &hook in &["INPUT", "OUTPUT", "FORWARD"] {
        ipt_fmt(engine, format_args!("-P {hook} ACCEPT"))?;
    }
    let fw = engine.firewall_mut();
    for r in &mut fw.ufw.rules {
        r.installed.clear();
    }
    Ok(())
}

/// The iptables lines of one rule (format_rule + _get_rules_from_formatted).
fn rule_lines(r: &UfwRule) -> Vec<String> {
    let suffix = if r.forward {
        "forward"
    } else if r.direction == "out" {
        "output"
    } else {
        "input"
    };
    let chain = format!("ufw-user-{suffix}");
    let multi = r.dport.contains([',', ':']) || r.sport.contains([',', ':']);
    let mut s = format!("-A {chain}");
    if !r.iface_in.is_empty() {
        let _ = write!(s, " -i {}", r.iface_in);
    }
    if !r.iface_out.is_empty() {
        let _ = write!(s, " -o {}", r.iface_out);
    }
    if r.protocol == "any" {
        s.push_str(" -p all");
    } else {
        let _ = write!(s, " -p {}", r.protocol);
        if multi {
            s.push_str(" -m multiport");
            if r.dport != "any" && r.sport != "any" {
                let _ = write!(s, " --dports {} -m multiport --sports {}", r.dport, r.sport);
            } else if r.dport != "any" {
                let _ = write!(s, " --dports {}", r.dport);
            } else if r.sport != "any" {
                let _ = write!(s, " --sports {}", r.sport);
            }
        }
    }
    if r.dst != "0.0.0.0/0" {
        let _ = write!(s, " -d {}", r.dst);
    }
    if !multi && r.dport != "any" {
        let _ = write!(s, " --dport {}", r.dport);
    }
    if r.src != "0.0.0.0/0" {
        let _ = write!(s, " -s {}", r.src);
    }
    if !multi && r.sport != "any" {
        let _ = write!(s, " --sport {}", r.sport);
    }
    let log = if r.logtype.is_empty() {
        String::new()
    } else {
        format!("_{}", r.logtype)
    };
    match r.action.as_str() {
        "allow" => {
            let _ = write!(s, " -j ACCEPT{log}");
        }
        "reject" => {
            let _ = write!(s, " -j REJECT{log}");
            if r.protocol == "tcp" {
                s.push_str(" --reject-with tcp-reset");
            }
        }
        "limit" => {
            let _ = write!(s, " -j LIMIT{log}");
        }
        _ => {
            let _ = write!(s, " -j DROP{log}");
        }
    }
    // _get_rules_from_formatted: 'all' with ports is tcp + udp.
    let mut snippets: Vec<String> = Vec::new();
    if s.contains(" -p all") {
        if s.contains("port ") {
            let mut tcp = s.replacen(" -p all", " -p tcp", 1);
            if r.action == "reject" {
                // `-j REJECT[_log[-all]]` gains `--reject-with tcp-reset` after its word.
                tcp.push_str(" --reject-with tcp-reset");
            }
            snippets.push(tcp);
            snippets.push(s.replacen(" -p all", " -p udp", 1));
        } else {
            snippets.push(s.replacen(" -p all", "", 1));
        }
    } else {
        snippets.push(s);
    }
    // Logging: a LOG rule and a RETURN in ufw-user-logging-*, a jump before.
    let mut out: Vec<String> = Vec::new();
    for sn in snippets {
        if !r.logtype.is_empty() {
            let (head, tail) = match sn.find(" -j ") {
                Some(i) => (sn[..i].to_string(), sn[i + 4..].to_string()),
                None => (sn.clone(), String::new()),
            };
            let (target_word, rest) = match tail.split_once(' ') {
                Some((t, r)) => (t.to_string(), format!(" {r}")),
                None => (tail.clone(), String::new()),
            };
            let policy = target_word.split('_').next().unwrap_or("DROP");
            let word = match policy {
                "ACCEPT" => "ALLOW",
                "LIMIT" => "LIMIT",
                _ => "BLOCK",
            };
            let all = target_word.ends_with("_log-all");
            let lchain = format!("ufw-user-logging-{suffix}");
            let body = head.replacen(&format!("-A {chain}"), &format!("-A {lchain}"), 1);
            let mut lstr = format!(
                "-m limit --limit 3/min --limit-burst 10 -j LOG --log-prefix \"[UFW {word}] \""
            );
            if !all {
                lstr = format!("-m conntrack --ctstate NEW {lstr}");
            }
            out.push(format!("{body} {lstr}"));
            out.push(format!("{body} -j RETURN"));
            out.push(format!("{head} -j {lchain}"));
            out.push(format!("{head} -j {policy}{rest}"));
        } else {
            out.push(sn);
        }
    }
    // Limit: recent --set, recent --update → ufw-user-limit, then accept.
    let mut fin: Vec<String> = Vec::new();
    for sn in out {
        if let Some(i) = sn.find(" -j LIMIT") {
            let head = &sn[..i];
            fin.push(format!("{head} -m conntrack --ctstate NEW -m recent --set"));
            fin.push(format!("{head} -m conntrack --ctstate NEW -m recent --update --seconds 30 --hitcount 6 -j ufw-user-limit"));
            fin.push(format!("{head} -j ufw-user-limit-accept"));
        } else {
            fin.push(sn);
        }
    }
    fin
}

/// `_reload_user_rules`: the user chains flushed and written again from
/// ufw's rules (IPv4 rules; IPv6 ones are not installed, see the module doc).
fn install_user_rules(engine: &mut Engine) -> Result<(), UfwError> {
    for d in DIRS {
        ipt_ok_fmt(engine, format_args!("-F ufw-user-{d}"));
        ipt_ok_fmt(engine, format_args!("-F ufw-user-logging-{d}"));
    }
    ipt_ok(engine, "-F ufw-user-limit");
    ipt_ok(engine, "-F ufw-user-limit-accept");
    let rules = engine.firewall().ufw.rules.clone();
    let mut installed: Vec<Vec<String>> = Vec::new();
    for r in &rules {
        if r.v6 {
            installed.push(Vec::new());
            continue;
        }
        let mut specs = Vec::new();
        for l in rule_lines(r) {
            ipt(engine, &l)?;
            // The rule as -S prints it: the chain's last rule.
            let chain = l.split_whitespace().nth(1).unwrap_or("").to_string();
            let view = View::new(engine);
            if let Some(c) = view.rules.lookup(Table::Filter, &chain) {
                if let Some(last) = view.rules.rules(Table::Filter, c).last() {
                    specs.push(last.spec(&view));
                }
            }
        }
        installed.push(specs);
    }
    ipt(
        engine,
        "-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix \"[UFW LIMIT BLOCK] \"",
    )?;
    ipt(engine, "-A ufw-user-limit -j REJECT")?;
    ipt(engine, "-A ufw-user-limit-accept -j ACCEPT")?;
    let fw = engine.firewall_mut();
    for (r, specs) in fw.ufw.rules.iter_mut().zip(installed) {
        r.installed = specs;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_expand_as_ufw_formats_them() {
        let mut r = blank_rule("deny", "in");
        r.dport = "8080".to_string();
        assert_eq!(
            rule_lines(&r),
            [
                "-A ufw-user-input -p tcp --dport 8080 -j DROP",
                "-A ufw-user-input -p udp --dport 8080 -j DROP"
            ]
        );
        r.action = "reject".to_string();
        assert_eq!(
            rule_lines(&r)[0],
            "-A ufw-user-input -p tcp --dport 8080 -j REJECT --reject-with tcp-reset"
        );
        let mut l = blank_rule("limit", "in");
        l.dport = "22".to_string();
        l.protocol = "tcp".to_string();
        assert_eq!(rule_lines(&l).len(), 3);
        assert_eq!(
            words("-j LOG --log-prefix \"[UFW BLOCK] \" -m limit"),
            ["-j", "LOG", "--log-prefix", "[UFW BLOCK] ", "-m", "limit"]
        );
    }
}

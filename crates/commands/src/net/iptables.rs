//! `iptables` on the host (1.8.10, nf_tables backend, as on Ubuntu 24.04):
//! `-L [CHAIN]` with `-n`, `-v`, `--line-numbers`, `-S [CHAIN]`, `-t
//! raw|nat|filter|mangle`, and the rule changes of [`super::iptables_edit`]
//! (`-A -I -D -R -C -F -Z -N -X -P`). The rules are the engine's
//! (`net::netfilter`), the very objects the packet walk evaluates; `-S` is
//! their dump (`Ruleset::save`, each rule's spec as traces show it), `-L`'s
//! table is printed here ([`list`], after xtables' print_header/print_firewall).

use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::firewall::{self, Spec};
use bridgeport_engine::net::netfilter::{Chain, Rule, Table, Target, L4};
use bridgeport_engine::net::view::IfId;
use bridgeport_engine::net::View;
use ipnet::Ipv4Net;
use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::iptables_edit::{self, Cmd, Fail, VERSION};
use super::iptables_save::{rule_text, rules_text};
use bridgeport_engine::net::counting::{chain_counts, policy_counts};

#[derive(Clone, Copy)]
enum Show {
    List,
    Save,
}

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let mut out = Output::new();
    let fail = |out: &mut Output, f: Fail| {
        out.fail(&f.text, f.code);
    };
    let line = match iptables_edit::parse(args) {
        Ok(l) => l,
        Err(f) => {
            fail(&mut out, f);
            return out;
        }
    };
    let Some(first) = line.cmds.first().cloned() else {
        fail(&mut out, iptables_edit::param("no command specified"));
        return out;
    };
    match first {
        Cmd::Version => {
            out.outln(VERSION);
            return out;
        }
        Cmd::Help => {
            out.out(HELP);
            return out;
        }
        _ => {}
    }
    let table = line.table.clone().unwrap_or_else(|| "filter".to_string());
    let opts = ListOptions {
        numeric: line.numeric,
        verbose: line.verbose,
        exact: line.exact,
        line_numbers: line.line_numbers,
    };
    if table == "mangle" || table == "security" {
        return match first {
            Cmd::List(chain) => mangle(Show::List, chain, opts),
            Cmd::Save(chain, _) => mangle(Show::Save, chain, opts),
            _ => {
                out.fail_fmt(format_args!("[bridgeport] the {table} table is simulated empty and read-only: Docker adds nothing to it"), 1);
                out
            }
        };
    }
    let Some(t) = Table::parse(&table) else {
        out.fail_fmt(format_args!("{VERSION}: can't initialize iptables table `{table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded."), 3);
        return out;
    };
    // Changes first (-Z with -L zeroes after listing, as iptables does).
    let mut zero_after = false;
    for cmd in &line.cmds {
        match cmd {
            Cmd::List(_) | Cmd::Save(..) => {}
            Cmd::Zero(_) if line.cmds.len() > 1 => zero_after = true,
            _ => match iptables_edit::apply(ctx.engine, t, &line, cmd) {
                Ok(Some(note)) => out.errln(&note),
                Ok(None) => {}
                Err(f) => {
                    fail(&mut out, f);
                    return out;
                }
            },
        }
    }
    for cmd in &line.cmds {
        let (show, chain, num) = match cmd {
            Cmd::List(c) => (Show::List, c.clone(), None),
            Cmd::Save(c, n) => (Show::Save, c.clone(), *n),
            _ => continue,
        };
        let view = View::new(ctx.engine);
        let only = match &chain {
            Some(name) => match view.rules.lookup(t, name) {
                Some(c) => Some(c),
                None => {
                    out.fail("iptables: No chain/target/match by that name.", 1);
                    return out;
                }
            },
            None => None,
        };
        match (show, num, only) {
            (Show::Save, Some(n), Some(c)) => {
                match rule_text(&view, t, c, n as usize - 1, line.verbose) {
                    Some(r) => out.outln(&r),
                    None => {
                        out.fail("iptables: Index of print too big.", 1);
                        return out;
                    }
                }
            }
            (Show::List, _, _) => out.out(&list(&view, t, only, opts)),
            (Show::Save, _, _) => out.out(&rules_text(&view, t, only, line.verbose)),
        }
    }
    if zero_after {
        for cmd in &line.cmds {
            if let Cmd::Zero(_) = cmd {
                if let Err(f) = iptables_edit::apply(ctx.engine, t, &line, cmd) {
                    fail(&mut out, f);
                    return out;
                }
            }
        }
    }
    out
}

/// `iptables -h`, abridged to the commands and options simulated here.
const HELP: &str = "iptables v1.8.10

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
            -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
            -E old-chain new-chain
				Change chain name, (moving any references)

Options:
[!] --proto	-p proto	protocol: by number or name, eg. `tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: `filter')
  --verbose	-v		verbose mode
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
";

/// Docker adds nothing to the mangle table: empty built-in chains.
fn mangle(cmd: Show, chain: Option<String>, opts: ListOptions) -> Output {
    let mut out = Output::new();
    let chains = &["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
    let chosen: Vec<&str> = match &chain {
        Some(c) if chains.contains(&c.as_str()) => {
            vec![chains.iter().copied().find(|x| x == c).unwrap_or("INPUT")]
        }
        Some(_) => {
            out.fail("iptables: No chain/target/match by that name.", 1);
            return out;
        }
        None => chains.to_vec(),
    };
    let mut s = String::new();
    match cmd {
        Show::Save => {
            for c in &chosen {
                let _ = writeln!(s, "-P {c} ACCEPT");
            }
        }
        Show::List => {
            for (i, c) in chosen.iter().enumerate() {
                if i > 0 {
                    s.push('\n');
                }
                if opts.verbose {
                    let _ = writeln!(s, "Chain {c} (policy ACCEPT 0 packets, 0 bytes)");
                } else {
                    let _ = writeln!(s, "Chain {c} (policy ACCEPT)");
                }
                if opts.line_numbers {
                    s.push_str("num  ");
                }
                if opts.verbose {
                    s.push_str(" pkts bytes ");
                }
                s.push_str("target     prot opt");
                if opts.verbose {
                    s.push_str(" in     out    ");
                }
                s.push_str(" source               destination         \n");
            }
        }
    }
    out.out(&s);
    out
}

/// `ip6tables`: Docker's IPv6 rules. For each bridge network created with
/// `--ipv6`, moby's bridge driver installs in ip6tables the chains and
/// rules it installs in iptables, with the network's IPv6 subnet, gateway
/// and container addresses (moby `drivers/bridge/internal/iptabler`, one
/// code path per family; the daemon's base chains exist in both). So the
/// listing is iptables' own, projected: a rule that names an IPv4-only
/// bridge or keeps an IPv4 address is not there, every address of an IPv6
/// interface is its IPv6 twin, loopback is `::1/128`. With `-L` the rules
/// are matched line for line with the `-v` listing, which shows interfaces.
pub fn run6(ctx: &mut Ctx, args: &[String]) -> Output {
    let twins = v6_twins(ctx);
    let v4_only: Vec<String> = View::new(ctx.engine)
        .bridges
        .iter()
        .filter(|b| b.net.ipam6.is_none())
        .map(|b| b.device().to_string())
        .collect();
    let listing = args
        .iter()
        .any(|a| a == "--list" || (a.starts_with('-') && !a.starts_with("--") && a.contains('L')));
    let verbose = args.iter().any(|a| {
        a == "--verbose" || (a.starts_with('-') && !a.starts_with("--") && a.contains('v'))
    });
    // The learner's changes are IPv4 rules (`iptables`); ip6tables has its
    // own rule set, which only Docker fills here: changing it is refused,
    // and its listing is Docker's rules alone.
    if let Ok(line) = iptables_edit::parse(args) {
        let reads = |c: &Cmd| matches!(c, Cmd::List(_) | Cmd::Save(..) | Cmd::Version | Cmd::Help);
        if !line.cmds.iter().all(reads) {
            let mut o = Output::new();
            o.fail("[bridgeport] changing ip6tables rules is not simulated; IPv6 packets here follow the IPv4 rules, so change those with iptables", 1);
            return o;
        }
    }
    let learner = std::mem::take(ctx.engine.firewall_mut());
    let out = run(ctx, args);
    // For -L without -v, the verbose listing says which bridge each rule names.
    let keep_by_verbose: Option<Vec<bool>> = (listing && !verbose).then(|| {
        let mut vargs = args.to_vec();
        vargs.push("-v".to_string());
        let v = run(ctx, &vargs);
        v.segments
            .iter()
            .filter(|s| !s.stderr)
            .flat_map(|s| s.text.lines().map(str::to_string).collect::<Vec<_>>())
            .map(|l| keep_line(&l, &v4_only, &twins))
            .collect()
    });
    let ufw_on = learner.ufw.enabled;
    *ctx.engine.firewall_mut() = learner;
    let mut o = Output::new();
    o.code = out.code;
    if ufw_on {
        o.err("[bridgeport] ufw's IPv6 chains (ufw6-…) are not installed here: IPv6 packets follow the IPv4 rules, ufw's included (iptables -S)\n");
    }
    let mut line_no = 0usize;
    for seg in &out.segments {
        if seg.stderr {
            o.err(&seg.text.replace("iptables", "ip6tables"));
            continue;
        }
        let mut text = String::new();
        for line in seg.text.split_inclusive('\n') {
            let keep = match &keep_by_verbose {
                Some(k) => k.get(line_no).copied().unwrap_or(true),
                None => keep_line(line, &v4_only, &twins),
            };
            line_no += 1;
            if keep {
                text.push_str(&project(line, &twins));
            }
        }
        o.out(&text);
    }
    o
}

/// (IPv4 text, IPv6 text) for every interface with both families, longest first.
pub(crate) fn v6_twins(ctx: &Ctx) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    for n in ctx.engine.networks() {
        if let (Some(p6), Some(s4), Some(g4)) = (&n.ipam6, n.subnet(), n.gateway()) {
            v.push((s4.to_string(), p6.subnet.to_string()));
            v.push((format!("{g4}/32"), format!("{}/128", p6.gateway)));
            v.push((g4.to_string(), p6.gateway.to_string()));
        }
    }
    for c in ctx.engine.containers() {
        for ep in &c.endpoints {
            if let Some((a6, _, _)) = ep.ipv6 {
                v.push((format!("{}/32", ep.ip), format!("{a6}/128")));
                v.push((format!("{}:", ep.ip), format!("[{a6}]:")));
                v.push((ep.ip.to_string(), a6.to_string()));
            }
        }
    }
    v.push(("127.0.0.0/8".to_string(), "::1/128".to_string()));
    v.push(("0.0.0.0/0".to_string(), "::/0".to_string()));
    bridgeport_golib::sort::sort_by_key(&mut v, |(a, _)| std::cmp::Reverse(a.len()));
    v
}

/// Does this rule line exist in ip6tables? Not when it names an IPv4-only
/// bridge or an IPv4 address without an IPv6 twin.
fn keep_line(line: &str, v4_only: &[String], twins: &[(String, String)]) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.iter().any(|w| v4_only.iter().any(|b| b == w)) {
        return false;
    }
    let mut rest = line.to_string();
    for (a, _) in twins {
        rest = rest.replace(a.as_str(), " ");
    }
    !rest
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .any(|w| w.split('.').count() == 4 && w.split('.').all(|p| p.parse::<u8>().is_ok()))
}

/// A line with every IPv4 text replaced by its IPv6 twin; a column padded
/// with spaces keeps its width where the longer address leaves room.
fn project(line: &str, twins: &[(String, String)]) -> String {
    let mut s = line.replace("iptables", "ip6tables");
    // ip6tables -L has no IPv4 fragment flags: its "opt" column is blank.
    if s.find("  --  ").is_some_and(|i| (12..=20).contains(&i)) {
        s = s.replacen("  --  ", "      ", 1);
    }
    for (a, b) in twins {
        let mut out = String::new();
        let mut rest = s.as_str();
        while let Some(i) = rest.find(a.as_str()) {
            out.push_str(&rest[..i]);
            out.push_str(b);
            rest = &rest[i + a.len()..];
            // Keep a padded column's width: take the extra length from the
            // padding that follows, or pad a shorter address.
            let pad = rest.len() - rest.trim_start_matches(' ').len();
            if pad > 1 {
                let extra = b.len().saturating_sub(a.len());
                rest = &rest[extra.min(pad - 1)..];
                out.push_str(&" ".repeat(a.len().saturating_sub(b.len())));
            }
        }
        out.push_str(rest);
        s = out;
    }
    s
}

/// `iptables [-t table] -L [chain] [-n] [-v] [--line-numbers]` (iptables
/// 1.8.10, as on Ubuntu 24.04: protocol numbers with -n).
pub fn list(view: &View, table: Table, only: Option<Chain>, opts: ListOptions) -> String {
    let mut s = String::new();
    let rules = &view.rules;
    for (k, c) in rules.shown(table, only).iter().enumerate() {
        let name = rules.chain_name(table, *c);
        if k > 0 {
            s.push('\n');
        }
        if c.is_builtin() {
            let policy = rules.policy(table, *c);
            if opts.verbose {
                let (pk, by) = policy_counts(view, table, *c);
                let num = |n: u64| if opts.exact { n.to_string() } else { kmg(n) };
                let _ = writeln!(
                    s,
                    "Chain {name} (policy {policy} {} packets, {} bytes)",
                    num(pk),
                    num(by)
                );
            } else {
                let _ = writeln!(s, "Chain {name} (policy {policy})");
            }
        } else {
            let _ = writeln!(
                s,
                "Chain {} ({} references)",
                name,
                rules.references(table, *c)
            );
        }
        // Header (iptables print_header).
        if opts.line_numbers {
            s.push_str("num  ");
        }
        if opts.verbose && opts.exact {
            let _ = write!(s, "{:>8} {:>10} ", "pkts", "bytes");
        } else if opts.verbose {
            s.push_str(" pkts bytes ");
        }
        s.push_str("target     prot opt");
        if opts.verbose {
            s.push_str(" in     out    ");
        }
        let _ = write!(s, " {:<19}  {:<19} ", "source", "destination");
        s.push('\n');
        let all = if opts.verbose {
            chain_counts(view, table, *c)
        } else {
            Vec::new()
        };
        for (n, r) in rules.rules(table, *c).iter().enumerate() {
            let counts = all.get(n).copied().unwrap_or((0, 0));
            s.push_str(&list_rule(view, r, n + 1, counts, opts));
            s.push('\n');
        }
    }
    s
}

/// `iptables -L` flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListOptions {
    pub numeric: bool,
    pub verbose: bool,
    /// `-x`: exact counts (`%8llu %10llu`) instead of K/M/G.
    pub exact: bool,
    pub line_numbers: bool,
}

fn service_name(port: u16, proto: L4) -> Option<&'static str> {
    Some(match (port, proto) {
        (22, L4::Tcp) => "ssh",
        (53, _) => "domain",
        (80, L4::Tcp) => "http",
        (443, _) => "https",
        (3306, L4::Tcp) => "mysql",
        (5432, L4::Tcp) => "postgresql",
        (8080, L4::Tcp) => "http-alt",
        (5353, L4::Udp) => "mdns",
        _ => return None,
    })
}

fn list_addr(net: Option<(Ipv4Net, bool)>, numeric: bool) -> String {
    let (text, neg) = match net {
        None => (
            if numeric {
                "0.0.0.0/0".to_string()
            } else {
                "anywhere".to_string()
            },
            false,
        ),
        Some((n, neg)) => {
            let t = if n.prefix_len() == 0 {
                if numeric {
                    "0.0.0.0/0".to_string()
                } else {
                    "anywhere".to_string()
                }
            } else if n.prefix_len() == 32 {
                if !numeric && n.addr() == Ipv4Addr::LOCALHOST {
                    "localhost".to_string()
                } else {
                    n.addr().to_string()
                }
            } else if !numeric
                && n == Ipv4Net::new(Ipv4Addr::new(127, 0, 0, 0), 8).unwrap_or_default()
            {
                "loopback/8".to_string()
            } else {
                n.to_string()
            };
            (t, neg)
        }
    };
    format!("{}{:<19} ", if neg { "!" } else { " " }, text)
}

/// One line of `iptables -L`, after xtables' print_rule_details / print_firewall.
fn list_rule(view: &View, r: &Rule, num: usize, counts: (u64, u64), o: ListOptions) -> String {
    let mut s = String::new();
    if o.line_numbers {
        let _ = write!(s, "{:<4} ", num);
    }
    if o.verbose && o.exact {
        // xtables_print_num: both "%8llu " (the header's bytes is %10s).
        let _ = write!(s, "{:>8} {:>8} ", counts.0, counts.1);
    } else if o.verbose {
        let _ = write!(s, "{:>5} {:>5} ", kmg(counts.0), kmg(counts.1));
    }
    if let Some(u) = &r.user {
        return list_learned(s, &u.spec, o);
    }
    let target = match r.target {
        Target::Accept => "ACCEPT",
        Target::Drop => "DROP",
        Target::Return => "RETURN",
        Target::Jump(c) => c.name(),
        Target::Dnat(_) => "DNAT",
        Target::Masquerade => "MASQUERADE",
        Target::Learner => "",
    };
    let _ = write!(s, "{:<9} ", target);
    let prot = match (r.proto, o.numeric) {
        (None, true) => "0".to_string(),
        (None, false) => "all".to_string(),
        (Some(p), true) => p.number().to_string(),
        (Some(p), false) => p.name().to_string(),
    };
    let _ = write!(s, " {:<4} ", prot);
    s.push_str("-- ");
    if o.verbose {
        let iface = |m: Option<(IfId, bool)>| match m {
            None => {
                if o.numeric {
                    "*".to_string()
                } else {
                    "any".to_string()
                }
            }
            Some((i, neg)) => format!("{}{}", if neg { "!" } else { "" }, view.if_name(i)),
        };
        let _ = write!(s, " {:<6} {:<6} ", iface(r.in_if), iface(r.out_if));
    }
    s.push_str(&list_addr(r.src, o.numeric));
    s.push_str(&list_addr(r.dst, o.numeric));
    if let (Some(p), Some(port)) = (r.proto, r.dport) {
        let port_text = match (o.numeric, service_name(port, p)) {
            (false, Some(name)) => name.to_string(),
            _ => port.to_string(),
        };
        let _ = write!(s, " {} dpt:{}", p.name(), port_text);
    }
    if r.established {
        s.push_str(" ctstate RELATED,ESTABLISHED");
    }
    if r.dst_local {
        s.push_str(" ADDRTYPE match dst-type LOCAL");
    }
    if let Target::Dnat(to) = r.target {
        let _ = write!(s, " to:{to}");
    }
    s
}

/// A count as `xtables_print_num` prints it in 5 columns: exact up to
/// 99999, then rounded to K, M, G, T (`(n + 500) / 1000` each step).
fn kmg(n: u64) -> String {
    if n <= 99999 {
        return n.to_string();
    }
    let mut v = n;
    for &unit in &["K", "M", "G"] {
        v = (v + 500) / 1000;
        if v <= 9999 {
            return format!("{v}{unit}");
        }
    }
    format!("{}T", (v + 500) / 1000)
}

/// The columns of a learner's rule in `iptables -L`.
fn list_learned(mut s: String, spec: &Spec, o: ListOptions) -> String {
    let _ = write!(s, "{:<9} ", spec.target_name());
    let (neg, prot) = match spec.proto {
        None => (
            false,
            if o.numeric {
                "0".to_string()
            } else {
                "all".to_string()
            },
        ),
        Some((n, neg)) => (
            neg,
            if o.numeric {
                n.to_string()
            } else {
                firewall::proto_name(n).map_or(n.to_string(), str::to_string)
            },
        ),
    };
    let _ = write!(s, "{}{:<4} ", if neg { "!" } else { " " }, prot);
    s.push_str("-- ");
    if o.verbose {
        let iface = |m: &Option<firewall::IfMatch>| match m {
            None => {
                if o.numeric {
                    "*".to_string()
                } else {
                    "any".to_string()
                }
            }
            Some(m) => format!("{}{}", if m.neg { "!" } else { "" }, m.name),
        };
        let _ = write!(s, " {:<6} {:<6} ", iface(&spec.in_if), iface(&spec.out_if));
    }
    s.push_str(&list_addr(
        spec.src.as_ref().map(|a| (a.net, a.neg)),
        o.numeric,
    ));
    s.push_str(&list_addr(
        spec.dst.as_ref().map(|a| (a.net, a.neg)),
        o.numeric,
    ));
    s.push_str(&spec.list_extra(o.numeric, service_name));
    s
}

#[cfg(test)]
mod tests {
    use crate::Session;
    use bridgeport_engine::Timestamp;

    /// iptables 1.8.10's `-L` (xtables print_header / print_firewall): column
    /// widths, protocol numbers with `-n`, `!` before a negated interface.
    #[test]
    fn iptables_list_formats_like_iptables_1_8_10() {
        let mut s = Session::new(1);
        for line in [
            "docker network create -o com.docker.network.bridge.name=bridge1 bridge1",
            "docker run -d --name c1 --network bridge1 -p 8080:80 nginx",
        ] {
            s.execute(line, Timestamp(0));
        }
        let mut out = |line: &str| s.execute(line, Timestamp(0)).output;
        assert_eq!(
            out("iptables -L DOCKER -n -v --line-numbers"),
            "Chain DOCKER (2 references)\nnum   pkts bytes target     prot opt in     out     source               destination         \n1        0     0 ACCEPT     6    --  !bridge1 bridge1  0.0.0.0/0            172.18.0.2           tcp dpt:80\n2        0     0 DROP       0    --  !docker0 docker0  0.0.0.0/0            0.0.0.0/0           \n3        0     0 DROP       0    --  !bridge1 bridge1  0.0.0.0/0            0.0.0.0/0           \n"
        );
        assert_eq!(
            out("iptables -t nat -L OUTPUT -n"),
            "Chain OUTPUT (policy ACCEPT)\ntarget     prot opt source               destination         \nDOCKER     0    --  0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL\n"
        );
    }
}

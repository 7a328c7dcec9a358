//! One iptables rule as `nft list` prints it when iptables-nft 1.8.10 wrote
//! it and nft 1.0.9 (built with libxtables, as Debian and Ubuntu build it:
//! `libnftables1` depends on `libxtables12`) reads it back.
//!
//! iptables-nft turns a rule into nf_tables expressions in a fixed order
//! (iptables@v1.8.10 `iptables/nft-ipv4.c` `nft_ipv4_add`): source and
//! destination address, `iifname`, `oifname`, the protocol as a payload
//! match (`ip protocol tcp`, commit 69278f96), then each match in the order
//! given, a `counter`, the verdict or target. Only `tcp`, `udp`, `limit` and
//! `mark` become native expressions (`nft.c` `add_match`); every other
//! match and target (conntrack, addrtype, multiport, comment, icmp, recent,
//! REJECT, LOG, DNAT, MASQUERADE) is stored as an xtables compat
//! expression, which nft prints through the extension's own `xlate`
//! function (nft@v1.0.9 `src/xt.c` `xt_stmt_xlate`) or, when it has none or
//! it declines, as `xt match "NAME"` / `xt target "NAME"`. A table holding
//! such an expression gets nft's warning line on stderr
//! ([`Stmts::xt`]).
//!
//! nft removes the protocol match when a port match of that protocol
//! follows (its payload dependency elimination, `netlink_delinearize.c`),
//! so `-p tcp -m tcp --dport 80` prints as `tcp dport 80`.

use bridgeport_engine::net::firewall::{Action, Match, Ports, Spec, CT_STATES};
use bridgeport_engine::net::netfilter::{Rule, Target};
use bridgeport_engine::net::View;
use ipnet::Ipv4Net;
use std::fmt::Write as _;

/// A rule's statements, and whether one of them is an xtables compat
/// expression (which makes nft print its warning for the table).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Stmts {
    pub text: String,
    pub xt: bool,
}

/// How the counter is printed: `counter packets N bytes M`, or only
/// `counter` under `nft -s` (stateless).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub stateless: bool,
    /// `nft -p`: `ip protocol 6` instead of `ip protocol tcp`.
    pub numeric_proto: bool,
}

/// The statements, kept apart until the rule is complete: nft joins them
/// with one space (`rule_print`), also around a statement that printed
/// nothing (a comment match, below).
struct Build {
    parts: Vec<String>,
    xt: bool,
    /// Index of the `ip protocol` statement, removed if a port match of
    /// that protocol follows.
    proto_at: Option<usize>,
    kill_proto: bool,
}

impl Build {
    fn push(&mut self, s: String) {
        self.parts.push(s);
    }
    fn xt(&mut self, s: String) {
        self.xt = true;
        self.parts.push(s);
    }
}

fn proto_word(n: u8, style: Style) -> String {
    if style.numeric_proto {
        return n.to_string();
    }
    match n {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        132 => "sctp".into(),
        2 => "igmp".into(),
        47 => "gre".into(),
        50 => "esp".into(),
        51 => "ah".into(),
        _ => n.to_string(),
    }
}

/// `ip saddr 10.0.0.0/8`: a /32 is a plain address; `!=` when negated.
fn addr(field: &str, net: &Ipv4Net, neg: bool) -> String {
    let op = if neg { "!= " } else { "" };
    if net.prefix_len() == 32 {
        format!("ip {field} {op}{}", net.addr())
    } else {
        format!("ip {field} {op}{net}")
    }
}

/// `iifname "eth0"`, `iifname != "docker0"`, `oifname "br-*"` for
/// iptables' `br-+` (`nft-shared.c` `add_iface`: a prefix compare, which
/// nft prints with `*`). A lone `+` matches every interface and adds
/// nothing; `! -i +` compares with the name "INVAL/D".
fn iface(key: &str, name: &str, neg: bool) -> Option<String> {
    let op = if neg { "!= " } else { "" };
    if name == "+" {
        return neg.then(|| format!("{key} \"INVAL/D\""));
    }
    let shown = match name.strip_suffix('+') {
        Some(p) => format!("{p}*"),
        None => name.to_string(),
    };
    Some(format!("{key} {op}\"{shown}\""))
}

/// One port field of `add_nft_tcpudp` (`expr_gen_range_cmp16`): equal,
/// `<=` for a range from 0, or a range.
fn port_cmp(l4: &str, field: &str, p: &Ports) -> String {
    let neg = p.neg;
    if p.lo == p.hi {
        let op = if neg { "!= " } else { "" };
        format!("{l4} {field} {op}{}", p.lo)
    } else if p.lo == 0 && p.hi < 0xffff {
        let op = if neg { "> " } else { "<= " };
        format!("{l4} {field} {op}{}", p.hi)
    } else {
        let op = if neg { "!= " } else { "" };
        format!("{l4} {field} {op}{}-{}", p.lo, p.hi)
    }
}

/// `-m tcp`/`-m udp` (iptables@v1.8.10 `nft.c` `add_nft_tcpudp`). Both
/// ports single and negated alike load the two fields at once; nft splits
/// an equal compare back into `tcp sport 67 tcp dport 68`, a negated one
/// stays a raw 32-bit transport-header compare.
fn ports(b: &mut Build, proto: u8, sport: &Option<Ports>, dport: &Option<Ports>) {
    let l4 = match proto {
        6 => "tcp",
        17 => "udp",
        _ => {
            b.xt(format!("xt match \"{}\"", proto_word(proto, PLAIN)));
            return;
        }
    };
    let full = |p: &Option<Ports>| p.is_none_or(|p| p.lo == 0 && p.hi == 0xffff && !p.neg);
    if full(sport) && full(dport) {
        // tcp_all_zero: kept as the compat match, whose xlate prints nothing.
        b.xt(String::new());
        return;
    }
    b.kill_proto = true;
    if let (Some(s), Some(d)) = (sport, dport) {
        if s.lo == s.hi && d.lo == d.hi && s.neg == d.neg && s.lo != 0 && d.lo != 0 {
            if s.neg {
                let v = (u32::from(s.lo) << 16) | u32::from(d.lo);
                b.push(format!("@th,0,32 != {v}"));
            } else {
                b.push(format!("{l4} sport {} {l4} dport {}", s.lo, d.lo));
            }
            return;
        }
    }
    if let Some(s) = sport.filter(|s| !(s.lo == 0 && s.hi == 0xffff)) {
        b.push(port_cmp(l4, "sport", &s));
    }
    if let Some(d) = dport.filter(|d| !(d.lo == 0 && d.hi == 0xffff)) {
        b.push(port_cmp(l4, "dport", &d));
    }
}

const PLAIN: Style = Style {
    stateless: false,
    numeric_proto: false,
};

/// libxt_conntrack's `_conntrack3_mt_xlate` for the options modelled here.
/// A state set with SNAT or DNAT becomes `ct status snat|dnat` (its `!=`
/// tests the status flag, not the state flag, so it is never printed).
fn conntrack(
    state: &Option<(u8, bool)>,
    origdst: &Option<bridgeport_engine::net::firewall::AddrMatch>,
    origdstport: &Option<Ports>,
) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some((bits, neg)) = state {
        if bits & (1 << 5) != 0 {
            out.push("ct status snat".into());
        } else if bits & (1 << 6) != 0 {
            out.push("ct status dnat".into());
        } else {
            let names: Vec<String> = CT_STATES
                .iter()
                .enumerate()
                .filter(|(i, _)| *i <= 4 && bits & (1 << i) != 0)
                .map(|(_, s)| s.to_ascii_lowercase())
                .collect();
            let bang = if *neg { "! " } else { "" };
            out.push(format!("ct state {bang}{}", names.join(",")));
        }
    }
    if let Some(a) = origdst {
        let op = if a.neg { "!= " } else { "" };
        // xtables_ipmask_to_numeric: no "/32".
        let text = if a.net.prefix_len() == 32 {
            a.net.addr().to_string()
        } else {
            a.net.to_string()
        };
        out.push(format!("ct original daddr {op}{text}"));
    }
    if let Some(p) = origdstport {
        let op = if p.neg { "!= " } else { "" };
        if p.lo == p.hi {
            out.push(format!("ct original proto-dst {op}{}", p.lo));
        } else {
            out.push(format!("ct original proto-dst {op}{}-{}", p.lo, p.hi));
        }
    }
    out.join(" ")
}

/// libxt_multiport's `multiport_xlate_v1` (revision 1, the one iptables
/// 1.8.10 uses): braces for more than one port, a range as `lo-hi`.
fn multiport(which: &str, ports: &[(u16, u16)], neg: bool, proto: Option<u8>) -> String {
    let l4 = proto.map_or(String::new(), |p| proto_word(p, PLAIN));
    // The kernel's array: a range takes two slots.
    let count: usize = ports
        .iter()
        .map(|(lo, hi)| if lo == hi { 1 } else { 2 })
        .sum();
    if which == "ports" {
        let mut items = Vec::new();
        for (lo, hi) in ports {
            for p in if lo == hi { vec![*lo] } else { vec![*lo, *hi] } {
                items.push(format!("0-65535 . {p}, {p} . 0-65535"));
            }
        }
        return format!("{l4} sport . {l4} dport {{ {} }}", items.join(", "));
    }
    let field = if which == "sports" { "sport" } else { "dport" };
    let first_range = ports.first().is_some_and(|(lo, hi)| lo != hi);
    let braces = count > 2 || (count > 1 && !first_range);
    let items: Vec<String> = ports
        .iter()
        .map(|(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}-{hi}")
            }
        })
        .collect();
    let op = if neg { "!= " } else { "" };
    if braces {
        format!("{l4} {field} {op}{{ {} }}", items.join(", "))
    } else {
        format!("{l4} {field} {op}{}", items.join(", "))
    }
}

/// libipt_icmp's names for a type with every code (`icmp_codes`); a type
/// without one, or a single code, has no translation.
fn icmp_name(typ: u8) -> Option<&'static str> {
    Some(match typ {
        0 => "echo-reply",
        3 => "destination-unreachable",
        4 => "source-quench",
        5 => "redirect",
        8 => "echo-request",
        9 => "router-advertisement",
        10 => "router-solicitation",
        11 => "time-exceeded",
        12 => "parameter-problem",
        13 => "timestamp-request",
        14 => "timestamp-reply",
        17 => "address-mask-request",
        18 => "address-mask-reply",
        _ => return None,
    })
}

/// iptables-nft's native limit (`nft.c` `add_nft_limit`): the rate as
/// libxt_limit stores it (`XT_LIMIT_SCALE` 10000 per second), then the
/// largest unit that divides it, as nft prints it with its burst.
fn limit(rate: &str, burst: u32) -> String {
    const SCALE: u64 = 10_000;
    let (num, unit) = rate.split_once('/').unwrap_or((rate, "sec"));
    let n: u64 = num.parse().unwrap_or(3).max(1);
    let per = match unit.chars().next() {
        Some('m') => 60,
        Some('h') => 3600,
        Some('d') => 86400,
        _ => 1,
    };
    let avg = (SCALE * per / n).max(1);
    let mult = [SCALE * 86400, SCALE * 3600, SCALE * 60, SCALE];
    let mut i = 1;
    while i < mult.len() {
        if avg > mult[i] || mult[i] / avg < mult[i] % avg {
            break;
        }
        i += 1;
    }
    let names = &["day", "hour", "minute", "second"];
    format!(
        "limit rate {}/{} burst {burst} packets",
        mult[i - 1] / avg,
        names[i - 1]
    )
}

/// syslog's `prioritynames`, first name per level (libxt_LOG `priority2name`).
fn log_level(level: u8) -> &'static str {
    match level {
        0 => "emerg",
        1 => "alert",
        2 => "crit",
        3 => "err",
        4 => "warn",
        5 => "notice",
        6 => "info",
        _ => "debug",
    }
}

fn reject(with: &str) -> String {
    match with {
        "icmp-port-unreachable" => "reject".into(),
        "tcp-reset" => "reject with tcp reset".into(),
        other => {
            let t = match other {
                "icmp-net-unreachable" => "net-unreachable",
                "icmp-host-unreachable" => "host-unreachable",
                "icmp-proto-unreachable" => "prot-unreachable",
                "icmp-net-prohibited" => "net-prohibited",
                "icmp-host-prohibited" => "host-prohibited",
                "icmp-admin-prohibited" => "admin-prohibited",
                o => o,
            };
            format!("reject with icmp type {t}")
        }
    }
}

fn counter(b: &mut Build, (p, by): (u64, u64), style: Style) {
    if style.stateless {
        b.push("counter".into());
    } else {
        b.push(format!("counter packets {p} bytes {by}"));
    }
}

fn finish(mut b: Build) -> Stmts {
    if b.kill_proto {
        if let Some(i) = b.proto_at {
            b.parts.remove(i);
        }
    }
    Stmts {
        text: b.parts.join(" "),
        xt: b.xt,
    }
}

/// A learner's (or ufw's) rule, from its typed spec.
pub(crate) fn learner(spec: &Spec, counts: (u64, u64), style: Style) -> Stmts {
    let mut b = Build {
        parts: Vec::new(),
        xt: false,
        proto_at: None,
        kill_proto: false,
    };
    if let Some(a) = &spec.src {
        b.push(addr("saddr", &a.net, a.neg));
    }
    if let Some(a) = &spec.dst {
        b.push(addr("daddr", &a.net, a.neg));
    }
    if let Some(m) = &spec.in_if {
        if let Some(s) = iface("iifname", &m.name, m.neg) {
            b.push(s);
        }
    }
    if let Some(m) = &spec.out_if {
        if let Some(s) = iface("oifname", &m.name, m.neg) {
            b.push(s);
        }
    }
    let proto = spec.proto.filter(|(n, _)| *n != 0);
    if let Some((n, neg)) = proto {
        let op = if neg { "!= " } else { "" };
        if !neg {
            b.proto_at = Some(b.parts.len());
        }
        b.push(format!("ip protocol {op}{}", proto_word(n, style)));
    }
    let l4 = proto.filter(|p| !p.1).map(|p| p.0);
    for m in &spec.matches {
        match m {
            Match::Ports {
                proto,
                sport,
                dport,
            } => ports(&mut b, *proto, sport, dport),
            Match::Conntrack {
                state,
                origdst,
                origdstport,
            } => b.xt(conntrack(state, origdst, origdstport)),
            Match::Multiport { which, ports, neg } => b.xt(multiport(which, ports, *neg, l4)),
            // libxt_comment's xlate only stores the text for a rule
            // comment; nft 1.0.9 prints the (empty) rule text and drops
            // the comment (fixed after 1.0.9: nftables ece10aa3 "xt: Print
            // comment match data as well").
            Match::Comment(_) => b.xt(String::new()),
            Match::DstLocal { neg } => {
                let op = if *neg { "!= " } else { "" };
                b.xt(format!("fib daddr type {op}local"));
            }
            Match::AddrType { kind, neg } => {
                let op = if *neg { "!= " } else { "" };
                b.xt(format!("fib daddr type {op}{}", kind.to_ascii_lowercase()));
            }
            Match::Icmp { typ, code, neg } => {
                if *typ == 255 {
                    b.xt("ip protocol icmp".into());
                } else {
                    match (code, icmp_name(*typ)) {
                        (None, Some(name)) => {
                            let op = if *neg { " !=" } else { "" };
                            b.xt(format!("icmp type{op} {name}"));
                        }
                        _ => b.xt("xt match \"icmp\"".into()),
                    }
                }
            }
            Match::Limit { rate, burst } => b.push(limit(rate, *burst)),
            // libxt_recent has no xlate.
            Match::Recent { .. } => b.xt("xt match \"recent\"".into()),
        }
    }
    counter(&mut b, counts, style);
    match &spec.action {
        Action::None => {}
        Action::Accept => b.push("accept".into()),
        Action::Drop => b.push("drop".into()),
        Action::Return => b.push("return".into()),
        Action::Jump(c) => b.push(format!("jump {c}")),
        Action::Goto(c) => b.push(format!("goto {c}")),
        Action::Reject(with) => b.xt(reject(with)),
        Action::Log { prefix, level } => {
            let mut s = "log".to_string();
            if let Some(p) = prefix {
                let _ = write!(s, " prefix \"{p}\"");
            }
            if *level != 4 {
                let _ = write!(s, " level {}", log_level(*level));
            }
            b.xt(s);
        }
    }
    finish(b)
}

/// Which family a Docker rule is printed for: `ip`, or `ip6` with the
/// IPv4 texts' IPv6 twins and the bridges that have no IPv6 (whose rules
/// ip6tables does not hold), as `ip6tables` projects them
/// (`net::iptables::run6`).
pub(crate) enum Fam<'a> {
    V4,
    V6 {
        twins: &'a [(String, String)],
        v4_only: &'a [String],
    },
}

impl Fam<'_> {
    /// `ip saddr 10.0.0.0/8` / `ip6 saddr fd00::/64`; None: no IPv6 twin.
    fn addr(&self, field: &str, net: &Ipv4Net, neg: bool) -> Option<String> {
        match self {
            Fam::V4 => Some(addr(field, net, neg)),
            Fam::V6 { twins, .. } => {
                let text = net.to_string();
                let (_, six) = twins.iter().find(|(a, _)| *a == text)?;
                let op = if neg { "!= " } else { "" };
                let shown = six.strip_suffix("/128").unwrap_or(six);
                Some(format!("ip6 {field} {op}{shown}"))
            }
        }
    }
    fn iface_ok(&self, name: &str) -> bool {
        match self {
            Fam::V4 => true,
            Fam::V6 { v4_only, .. } => !v4_only.iter().any(|b| b == name),
        }
    }
}

/// One of Docker's rules (or a learner's, through [`learner`]) in
/// family `ip`.
pub(crate) fn rule(view: &View, r: &Rule, counts: (u64, u64), style: Style) -> Stmts {
    if let Some(u) = &r.user {
        return learner(&u.spec, counts, style);
    }
    docker(view, r, counts, style, &Fam::V4).unwrap_or_default()
}

/// One of Docker's rules as iptables-nft (`nft-ipv4.c`, `nft-ipv6.c`
/// `nft_ipv6_add`: the protocol as `meta l4proto`) stored it for a
/// family; None when the IPv6 family has no such rule.
pub(crate) fn docker(
    view: &View,
    r: &Rule,
    counts: (u64, u64),
    style: Style,
    fam: &Fam,
) -> Option<Stmts> {
    let mut b = Build {
        parts: Vec::new(),
        xt: false,
        proto_at: None,
        kill_proto: false,
    };
    if let Some((net, neg)) = r.src {
        b.push(fam.addr("saddr", &net, neg)?);
    }
    if let Some((net, neg)) = r.dst {
        b.push(fam.addr("daddr", &net, neg)?);
    }
    for (key, m) in [("iifname", r.in_if), ("oifname", r.out_if)] {
        if let Some((i, neg)) = m {
            let name = view.if_name(i);
            if !fam.iface_ok(name) {
                return None;
            }
            if let Some(s) = iface(key, name, neg) {
                b.push(s);
            }
        }
    }
    if let Some(p) = r.proto {
        b.proto_at = Some(b.parts.len());
        let key = match fam {
            Fam::V4 => "ip protocol",
            Fam::V6 { .. } => "meta l4proto",
        };
        b.push(format!("{key} {}", proto_word(p.number(), style)));
        if let Some(port) = r.dport {
            b.kill_proto = matches!(p.number(), 6 | 17);
            if b.kill_proto {
                b.push(format!("{} dport {port}", p.name()));
            } else {
                b.xt(format!("xt match \"{}\"", p.name()));
            }
        }
    }
    if r.established {
        b.xt("ct state related,established".into());
    }
    if r.dst_local {
        b.xt("fib daddr type local".into());
    }
    counter(&mut b, counts, style);
    match r.target {
        Target::Accept => b.push("accept".into()),
        Target::Drop => b.push("drop".into()),
        Target::Return => b.push("return".into()),
        Target::Jump(c) => b.push(format!("jump {}", view.rules.chain_name(r.table, c))),
        // libxt_NAT's __NAT_xlate (sprint_range: brackets around an IPv6
        // address with a port).
        Target::Dnat(to) => match fam {
            Fam::V4 => b.xt(format!("dnat to {to}")),
            Fam::V6 { twins, .. } => {
                let ip = to.ip().to_string();
                let (_, six) = twins.iter().find(|(a, _)| *a == ip)?;
                b.xt(format!("dnat to [{six}]:{}", to.port()));
            }
        },
        Target::Masquerade => b.xt("masquerade".into()),
        Target::Learner => {}
    }
    Some(finish(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lo: u16, hi: u16, neg: bool) -> Ports {
        Ports { lo, hi, neg }
    }

    #[test]
    fn limit_rates_as_nft_prints_add_nft_limit() {
        // ufw's `-m limit --limit 3/min --limit-burst 10`.
        assert_eq!(limit("3/min", 10), "limit rate 3/minute burst 10 packets");
        assert_eq!(limit("5/sec", 5), "limit rate 5/second burst 5 packets");
        assert_eq!(limit("2/hour", 5), "limit rate 2/hour burst 5 packets");
    }

    #[test]
    fn multiport_braces_as_multiport_xlate_v1() {
        // libxt_multiport.txlate: `tcp dport { 80, 81 }`, `tcp dport 80-88`.
        assert_eq!(
            multiport("dports", &[(80, 80), (81, 81)], false, Some(6)),
            "tcp dport { 80, 81 }"
        );
        assert_eq!(
            multiport("dports", &[(80, 88)], true, Some(6)),
            "tcp dport != 80-88"
        );
        assert_eq!(
            multiport("sports", &[(50, 50)], false, Some(6)),
            "tcp sport 50"
        );
    }

    #[test]
    fn port_compares_as_expr_gen_range_cmp16() {
        assert_eq!(port_cmp("tcp", "dport", &p(80, 80, false)), "tcp dport 80");
        assert_eq!(
            port_cmp("tcp", "dport", &p(0, 1023, false)),
            "tcp dport <= 1023"
        );
        assert_eq!(
            port_cmp("udp", "sport", &p(1000, 2000, true)),
            "udp sport != 1000-2000"
        );
    }

    #[test]
    fn interfaces_as_add_iface() {
        assert_eq!(
            iface("oifname", "br-+", false).as_deref(),
            Some("oifname \"br-*\"")
        );
        assert_eq!(iface("iifname", "+", false), None);
        assert_eq!(
            iface("iifname", "docker0", true).as_deref(),
            Some("iifname != \"docker0\"")
        );
    }
}

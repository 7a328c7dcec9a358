//! The learner's changes to the host's iptables rules (iptables 1.8.10,
//! nf_tables backend, as on Ubuntu 24.04), as engine state.
//!
//! Docker's rules are generated from the daemon's state ([`super::netfilter`]);
//! what a learner changes is kept here as an overlay that generation applies,
//! so there is one ruleset, the one the walk evaluates and `iptables -S`
//! prints:
//!
//! - an edited chain is stored whole ([`ChainEdit`]): Docker's rules by their
//!   position in Docker's own version of the chain, the learner's as typed
//!   rules ([`Spec`]). The edit records a hash of Docker's version; when
//!   Docker rewrites that chain (a container or network change), the hash
//!   no longer matches and the edit is gone, as a learner's rule inside
//!   `DOCKER` is lost on a real host. Chains Docker never writes into
//!   (DOCKER-USER, INPUT, OUTPUT, the learner's own chains) keep their
//!   edits: their Docker version never changes (moby `setupUserChain`: "The
//!   daemon does not delete or modify any pre-existing rules from the
//!   DOCKER-USER filter chain").
//! - chains the learner created (`-N`) and built-in chain policies (`-P`).
//!
//! Everything is serialisable: a saved, undone or shared session carries it.

use super::netfilter::{Chain, Table, L4};
use super::view::{in_net, IfId};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

/// An address match: `[!] -s 10.0.0.0/8`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddrMatch {
    pub net: Ipv4Net,
    pub neg: bool,
}

/// An interface match: `[!] -i eth0`, `-o br-+`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IfMatch {
    pub name: String,
    pub neg: bool,
}

impl IfMatch {
    pub fn matches_name(&self, name: &str) -> bool {
        match self.name.strip_suffix('+') {
            Some(prefix) => name.starts_with(prefix),
            None => name == self.name,
        }
    }
}

/// A port or a range `lo:hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ports {
    pub lo: u16,
    pub hi: u16,
    pub neg: bool,
}

impl Ports {
    fn has(&self, p: u16) -> bool {
        (self.lo..=self.hi).contains(&p) != self.neg
    }
    fn text(&self) -> String {
        if self.lo == self.hi {
            self.lo.to_string()
        } else {
            format!("{}:{}", self.lo, self.hi)
        }
    }
}

/// Conntrack states, as bits in iptables' print order.
pub const CT_STATES: [&str; 7] = [
    "INVALID",
    "NEW",
    "RELATED",
    "ESTABLISHED",
    "UNTRACKED",
    "SNAT",
    "DNAT",
];

/// One `-m` match (or the implicit tcp/udp match of `--dport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Match {
    /// `-m tcp` / `-m udp`: `--sport`, `--dport`.
    Ports {
        proto: u8,
        sport: Option<Ports>,
        dport: Option<Ports>,
    },
    Conntrack {
        /// Bits over [`CT_STATES`], and negation.
        state: Option<(u8, bool)>,
        origdst: Option<AddrMatch>,
        origdstport: Option<Ports>,
    },
    Multiport {
        /// "dports", "sports" or "ports".
        which: String,
        ports: Vec<(u16, u16)>,
        neg: bool,
    },
    Comment(String),
    /// `-m addrtype --dst-type LOCAL`.
    DstLocal {
        neg: bool,
    },
    /// `-p icmp --icmp-type TYPE[/CODE]` (libipt_icmp; 255: `any`).
    Icmp {
        typ: u8,
        code: Option<u8>,
        neg: bool,
    },
    /// `-m limit --limit RATE --limit-burst N`: rate limiting is not
    /// modelled (a command sends a handful of packets), so it matches.
    Limit {
        rate: String,
        burst: u32,
    },
    /// `-m recent --set|--update|--rcheck|--remove …` (ufw's `limit`): the
    /// list of recent sources is not modelled; `--set` matches, a check with
    /// a hit count never reaches it.
    Recent {
        cmd: String,
        seconds: u32,
        hitcount: u32,
        name: String,
        rdest: bool,
    },
    /// `-m addrtype --dst-type TYPE` other than LOCAL (MULTICAST, BROADCAST…).
    AddrType {
        kind: String,
        neg: bool,
    },
}

/// ICMP type names as libipt_icmp knows them (the common ones).
pub const ICMP_TYPES: [(&str, u8); 8] = [
    ("echo-reply", 0),
    ("destination-unreachable", 3),
    ("source-quench", 4),
    ("redirect", 5),
    ("echo-request", 8),
    ("time-exceeded", 11),
    ("parameter-problem", 12),
    ("timestamp-request", 13),
];

/// What a learner's rule does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// No `-j`: the rule only counts.
    #[default]
    None,
    Accept,
    Drop,
    Return,
    /// `-j REJECT --reject-with TYPE`.
    Reject(String),
    Log {
        prefix: Option<String>,
        level: u8,
    },
    /// `-j CHAIN` (a learner's or Docker's chain).
    Jump(String),
    /// `-g CHAIN`.
    Goto(String),
}

/// A rule as the learner typed it, normalised (the default matches every
/// packet and only counts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub src: Option<AddrMatch>,
    pub dst: Option<AddrMatch>,
    pub in_if: Option<IfMatch>,
    pub out_if: Option<IfMatch>,
    /// Protocol number and negation (`-p tcp` is 6; none: all).
    pub proto: Option<(u8, bool)>,
    pub matches: Vec<Match>,
    pub action: Action,
}

/// The fields of a packet a learner's rule can look at.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub proto: L4,
    pub sport: u16,
    pub dport: u16,
    pub in_if: Option<IfId>,
    pub out_if: Option<IfId>,
    pub established: bool,
    pub dst_local: bool,
    /// The destination before DNAT (conntrack's original tuple).
    pub orig_dst: Ipv4Addr,
    pub orig_dport: u16,
    /// An ICMP packet's type.
    pub icmp_type: Option<u8>,
}

/// A protocol's name, as `-S` prints it.
pub fn proto_name(n: u8) -> Option<&'static str> {
    Some(match n {
        1 => "icmp",
        6 => "tcp",
        17 => "udp",
        132 => "sctp",
        _ => return None,
    })
}

fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('"', "\\\""))
    }
}

impl Spec {
    /// Whether the rule matches a packet, but for its interfaces (the
    /// ruleset resolves those names once, [`super::netfilter::Learned`]).
    pub fn matches_packet(&self, p: &Seen) -> bool {
        if let Some(a) = &self.src {
            if in_net(&a.net, p.src) == a.neg {
                return false;
            }
        }
        if let Some(a) = &self.dst {
            if in_net(&a.net, p.dst) == a.neg {
                return false;
            }
        }
        if let Some((n, neg)) = self.proto {
            if (n == p.proto.number()) == neg {
                return false;
            }
        }
        for m in &self.matches {
            let ok = match m {
                Match::Ports {
                    proto,
                    sport,
                    dport,
                } => {
                    *proto == p.proto.number()
                        && sport.is_none_or(|s| s.has(p.sport))
                        && dport.is_none_or(|d| d.has(p.dport))
                }
                Match::Conntrack {
                    state,
                    origdst,
                    origdstport,
                } => {
                    let st = if p.established { 1 << 3 } else { 1 << 1 }
                        | if p.orig_dst != p.dst { 1 << 6 } else { 0 };
                    state.is_none_or(|(bits, neg)| (bits & st != 0) != neg)
                        && origdst
                            .as_ref()
                            .is_none_or(|a| in_net(&a.net, p.orig_dst) != a.neg)
                        && origdstport.is_none_or(|d| d.has(p.orig_dport))
                }
                Match::Multiport { which, ports, neg } => {
                    let has = |x: u16| ports.iter().any(|(lo, hi)| (*lo..=*hi).contains(&x));
                    let hit = match which.as_str() {
                        "sports" => has(p.sport),
                        "dports" => has(p.dport),
                        _ => has(p.sport) || has(p.dport),
                    };
                    matches!(p.proto, L4::Tcp | L4::Udp | L4::Sctp) && hit != *neg
                }
                Match::Comment(_) | Match::Limit { .. } => true,
                Match::DstLocal { neg } => p.dst_local != *neg,
                Match::Icmp { typ, neg, .. } => {
                    p.proto == L4::Icmp && (*typ == 255 || p.icmp_type == Some(*typ)) != *neg
                }
                Match::Recent { cmd, hitcount, .. } => cmd == "set" || *hitcount == 0,
                Match::AddrType { kind, neg } => {
                    let hit = match kind.as_str() {
                        "MULTICAST" => p.dst.is_multicast(),
                        "BROADCAST" => p.dst.is_broadcast(),
                        "UNICAST" => !p.dst.is_multicast() && !p.dst.is_broadcast(),
                        _ => false,
                    };
                    hit != *neg
                }
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// The rule's body as `iptables -S` prints it, after `-A CHAIN`.
    pub fn save(&self) -> String {
        let mut s = String::new();
        let neg = |n: bool| if n { " !" } else { "" };
        if let Some(a) = &self.src {
            let _ = write!(s, "{} -s {}", neg(a.neg), a.net);
        }
        if let Some(a) = &self.dst {
            let _ = write!(s, "{} -d {}", neg(a.neg), a.net);
        }
        if let Some(m) = &self.in_if {
            let _ = write!(s, "{} -i {}", neg(m.neg), m.name);
        }
        if let Some(m) = &self.out_if {
            let _ = write!(s, "{} -o {}", neg(m.neg), m.name);
        }
        if let Some((n, ng)) = self.proto {
            match proto_name(n) {
                Some(name) => {
                    let _ = write!(s, "{} -p {}", neg(ng), name);
                }
                None => {
                    let _ = write!(s, "{} -p {}", neg(ng), n);
                }
            }
        }
        for m in &self.matches {
            match m {
                Match::Ports {
                    proto,
                    sport,
                    dport,
                } => {
                    let _ = write!(s, " -m {}", proto_name(*proto).unwrap_or("tcp"));
                    if let Some(p) = sport {
                        let _ = write!(s, "{} --sport {}", neg(p.neg), p.text());
                    }
                    if let Some(p) = dport {
                        let _ = write!(s, "{} --dport {}", neg(p.neg), p.text());
                    }
                }
                Match::Conntrack {
                    state,
                    origdst,
                    origdstport,
                } => {
                    s.push_str(" -m conntrack");
                    if let Some((bits, n)) = state {
                        let _ = write!(s, "{} --ctstate {}", neg(*n), ct_text(*bits));
                    }
                    if let Some(a) = origdst {
                        let _ = write!(s, "{} --ctorigdst {}", neg(a.neg), mask_text(&a.net));
                    }
                    if let Some(p) = origdstport {
                        let _ = write!(s, "{} --ctorigdstport {}", neg(p.neg), p.text());
                    }
                }
                Match::Multiport {
                    which,
                    ports,
                    neg: n,
                } => {
                    let _ = write!(
                        s,
                        " -m multiport{} --{} {}",
                        neg(*n),
                        which,
                        ports_text(ports)
                    );
                }
                Match::Comment(c) => {
                    let _ = write!(s, " -m comment --comment {}", quote(c));
                }
                Match::DstLocal { neg: n } => {
                    let _ = write!(s, " -m addrtype{} --dst-type LOCAL", neg(*n));
                }
                Match::AddrType { kind, neg: n } => {
                    let _ = write!(s, " -m addrtype{} --dst-type {kind}", neg(*n));
                }
                Match::Icmp { typ, code, neg: n } => {
                    s.push_str(" -m icmp");
                    s.push_str(neg(*n));
                    if *typ == 255 {
                        s.push_str(" --icmp-type any");
                    } else {
                        let _ = write!(s, " --icmp-type {typ}");
                        if let Some(c) = code {
                            let _ = write!(s, "/{c}");
                        }
                    }
                }
                Match::Limit { rate, burst } => {
                    let _ = write!(s, " -m limit --limit {rate}");
                    if *burst != 5 {
                        let _ = write!(s, " --limit-burst {burst}");
                    }
                }
                Match::Recent {
                    cmd,
                    seconds,
                    hitcount,
                    name,
                    rdest,
                } => {
                    let _ = write!(s, " -m recent --{cmd}");
                    if *seconds > 0 {
                        let _ = write!(s, " --seconds {seconds}");
                    }
                    if *hitcount > 0 {
                        let _ = write!(s, " --hitcount {hitcount}");
                    }
                    let side = if *rdest { "rdest" } else { "rsource" };
                    let _ = write!(s, " --name {name} --mask 255.255.255.255 --{side}");
                }
            }
        }
        match &self.action {
            Action::None => {}
            Action::Accept => s.push_str(" -j ACCEPT"),
            Action::Drop => s.push_str(" -j DROP"),
            Action::Return => s.push_str(" -j RETURN"),
            Action::Reject(with) => {
                let _ = write!(s, " -j REJECT --reject-with {with}");
            }
            Action::Log { prefix, level } => {
                s.push_str(" -j LOG");
                if let Some(p) = prefix {
                    let _ = write!(s, " --log-prefix {}", quote(p));
                }
                if *level != 4 {
                    let _ = write!(s, " --log-level {level}");
                }
            }
            Action::Jump(c) => {
                let _ = write!(s, " -j {c}");
            }
            Action::Goto(c) => {
                let _ = write!(s, " -g {c}");
            }
        }
        s
    }

    /// The match and target text of `iptables -L` (after the columns);
    /// ports by their service names (`service`, /etc/services as `iptables -L`
    /// reads it) unless `numeric` (libxt_tcp `print_port`).
    pub fn list_extra(
        &self,
        numeric: bool,
        service: fn(u16, L4) -> Option<&'static str>,
    ) -> String {
        let l4 = match self.proto {
            Some((17, _)) => L4::Udp,
            _ => L4::Tcp,
        };
        let port = |p: u16| -> String {
            match (numeric, service(p, l4)) {
                (false, Some(n)) => n.to_string(),
                _ => p.to_string(),
            }
        };
        let range = |p: &Ports| -> String {
            if p.lo == p.hi {
                port(p.lo)
            } else {
                format!("{}:{}", port(p.lo), port(p.hi))
            }
        };
        let mut s = String::new();
        let bang = |n: bool| if n { "!" } else { "" };
        for m in &self.matches {
            match m {
                Match::Ports {
                    proto,
                    sport,
                    dport,
                } => {
                    let _ = write!(s, " {}", proto_name(*proto).unwrap_or("tcp"));
                    for (p, w) in [(sport, "spt"), (dport, "dpt")] {
                        if let Some(p) = p {
                            let w = if p.lo == p.hi {
                                w.to_string()
                            } else {
                                format!("{w}s")
                            };
                            let _ = write!(s, " {w}:{}{}", bang(p.neg), range(p));
                        }
                    }
                }
                Match::Conntrack {
                    state,
                    origdst,
                    origdstport,
                } => {
                    if let Some((bits, n)) = state {
                        let _ = write!(
                            s,
                            " {}ctstate {}",
                            if *n { "! " } else { "" },
                            ct_text(*bits)
                        );
                    }
                    if let Some(a) = origdst {
                        let _ = write!(
                            s,
                            " {}ctorigdst {}",
                            if a.neg { "! " } else { "" },
                            mask_text(&a.net)
                        );
                    }
                    if let Some(p) = origdstport {
                        let _ = write!(
                            s,
                            " {}ctorigdstport {}",
                            if p.neg { "! " } else { "" },
                            p.text()
                        );
                    }
                }
                Match::Multiport { which, ports, neg } => {
                    let list: Vec<String> = ports
                        .iter()
                        .map(|(lo, hi)| {
                            range(&Ports {
                                lo: *lo,
                                hi: *hi,
                                neg: false,
                            })
                        })
                        .collect();
                    let _ = write!(
                        s,
                        " multiport {}{} {}",
                        which,
                        if *neg { " !" } else { "" },
                        list.join(",")
                    );
                }
                Match::Comment(c) => {
                    let _ = write!(s, " /* {c} */");
                }
                Match::DstLocal { neg } => {
                    let _ = write!(s, " ADDRTYPE match dst-type {}LOCAL", bang(*neg));
                }
                Match::AddrType { kind, neg } => {
                    let _ = write!(s, " ADDRTYPE match dst-type {}{kind}", bang(*neg));
                }
                Match::Icmp { typ, code, neg } => {
                    // libipt_icmp print_icmptype: a name unless numeric.
                    let name = ICMP_TYPES.iter().find(|(_, t)| t == typ).map(|x| x.0);
                    match (numeric, name, code) {
                        (false, Some(n), None) => {
                            let _ = write!(s, " icmp {}{n}", bang(*neg));
                        }
                        _ if *typ == 255 => {
                            let _ = write!(s, " icmp {}any", bang(*neg));
                        }
                        _ => {
                            let _ = write!(s, " icmp{}type {typ}", if *neg { " !" } else { "" });
                            if let Some(c) = code {
                                let _ = write!(s, " code {c}");
                            }
                        }
                    }
                }
                Match::Limit { rate, burst } => {
                    let _ = write!(s, " limit: avg {rate} burst {burst}");
                }
                Match::Recent {
                    cmd,
                    seconds,
                    hitcount,
                    name,
                    rdest,
                } => {
                    let _ = write!(s, " recent: {}", cmd.to_ascii_uppercase());
                    if *seconds > 0 {
                        let _ = write!(s, " seconds: {seconds}");
                    }
                    if *hitcount > 0 {
                        let _ = write!(s, " hit_count: {hitcount}");
                    }
                    let side = if *rdest { "dest" } else { "source" };
                    let _ = write!(s, " name: {name} side: {side} mask: 255.255.255.255");
                }
            }
        }
        match &self.action {
            Action::Reject(with) => {
                let _ = write!(s, " reject-with {with}");
            }
            Action::Log { prefix, level } => {
                let _ = write!(s, " LOG flags 0 level {level}");
                if let Some(p) = prefix {
                    let _ = write!(s, " prefix \"{p}\"");
                }
            }
            _ => {}
        }
        s
    }

    /// The target column of `iptables -L`.
    pub fn target_name(&self) -> &str {
        match &self.action {
            Action::None => "",
            Action::Accept => "ACCEPT",
            Action::Drop => "DROP",
            Action::Return => "RETURN",
            Action::Reject(_) => "REJECT",
            Action::Log { .. } => "LOG",
            Action::Jump(c) | Action::Goto(c) => c,
        }
    }

    /// The chain this rule jumps or goes to.
    pub fn jumps_to(&self) -> Option<&str> {
        match &self.action {
            Action::Jump(c) | Action::Goto(c) => Some(c),
            _ => None,
        }
    }
}

fn ct_text(bits: u8) -> String {
    CT_STATES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join(",")
}

/// conntrack prints addresses with `xtables_ipmask_to_numeric`: no `/32`.
fn mask_text(n: &Ipv4Net) -> String {
    if n.prefix_len() == 32 {
        n.addr().to_string()
    } else {
        n.to_string()
    }
}

fn ports_text(ports: &[(u16, u16)]) -> String {
    ports
        .iter()
        .map(|(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}:{hi}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One rule of an edited chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    /// Docker's rule at this position of Docker's version of the chain.
    Docker(u32),
    /// The learner's rule.
    Learner(Spec),
}

/// A chain as the learner left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEdit {
    pub table: Table,
    pub chain: String,
    /// Hash of Docker's version of the chain when the edit was made.
    pub base: u64,
    pub entries: Vec<Entry>,
}

/// Built-in chain policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Policy {
    Accept,
    Drop,
}

impl Policy {
    pub fn name(self) -> &'static str {
        match self {
            Policy::Accept => "ACCEPT",
            Policy::Drop => "DROP",
        }
    }
}

/// Everything the learner changed in the host's rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Firewall {
    pub edits: Vec<ChainEdit>,
    /// Chains created with `-N`, per table, in creation order.
    pub chains: Vec<(Table, String)>,
    /// Policies set with `-P`.
    pub policies: Vec<(Table, Chain, Policy)>,
    /// Packet and byte counters of rules and policies that real traffic
    /// crossed ([`super::counting`]); a rule without an entry counts 0.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counters: Vec<Counter>,
    /// Connection-tracking entries real traffic created (`conntrack -L`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conntrack: Vec<CtEntry>,
    /// ufw's configuration and rules ([`super::ufw`]); its iptables rules
    /// are in `edits` and `chains` like any other.
    #[serde(default, skip_serializing_if = "super::ufw::Ufw::is_default")]
    pub ufw: super::ufw::Ufw,
}

/// A rule's or a policy's packet and byte counts. A rule is known by its
/// `-S` text and its occurrence among equal rules of its chain, so its
/// counts stay with it when rules are inserted above it or Docker
/// regenerates its chains, as nft's per-rule counters do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub table: Table,
    pub chain: String,
    /// The rule's `-S` text; empty for the chain's policy.
    pub rule: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub nth: u32,
    pub packets: u64,
    pub bytes: u64,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One connection-tracking entry of the host: the original tuple as the
/// first packet entered the host's netfilter, the reply tuple with the NAT
/// applied (reference §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtEntry {
    /// IP protocol number: 6 tcp, 17 udp, 1 icmp.
    pub proto: u8,
    /// (src, dst, sport, dport) of the original direction; ICMP: ports 0.
    pub orig: (Ipv4Addr, Ipv4Addr, u16, u16),
    /// The same for the reply direction.
    pub reply: (Ipv4Addr, Ipv4Addr, u16, u16),
    /// The TCP state (`TIME_WAIT`, `SYN_SENT`, `CLOSE`); empty otherwise.
    pub state: String,
    /// Seconds it lives from its last packet (kernel defaults).
    pub timeout: u32,
    pub replied: bool,
    pub assured: bool,
    /// ICMP echo identifier.
    pub icmp_id: u16,
    /// When its last packet was seen (milliseconds of the simulation's clock).
    pub at_ms: u64,
}

/// At most this many conntrack entries are kept (the oldest go first).
pub const MAX_CONNTRACK: usize = 256;

/// At most this many counters are kept (the oldest rule's go first).
pub const MAX_COUNTERS: usize = 4096;

impl Firewall {
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.chains.is_empty() && self.policies.is_empty()
    }

    pub fn edit(&self, t: Table, chain: &str) -> Option<&ChainEdit> {
        self.edits.iter().find(|e| e.table == t && e.chain == chain)
    }

    /// Stores a chain's new content.
    pub fn set_edit(&mut self, edit: ChainEdit) {
        match self
            .edits
            .iter_mut()
            .find(|e| e.table == edit.table && e.chain == edit.chain)
        {
            Some(e) => *e = edit,
            None => self.edits.push(edit),
        }
    }

    pub fn policy(&self, t: Table, c: Chain) -> Option<Policy> {
        self.policies
            .iter()
            .find(|(pt, pc, _)| *pt == t && *pc == c)
            .map(|p| p.2)
    }

    pub fn set_policy(&mut self, t: Table, c: Chain, p: Policy) {
        self.policies.retain(|(pt, pc, _)| !(*pt == t && *pc == c));
        self.policies.push((t, c, p));
    }

    /// Adds packets to a rule's (or with an empty `rule`, a policy's) counter.
    pub fn count(&mut self, t: Table, chain: &str, rule: &str, nth: u32, packets: u64, bytes: u64) {
        match self
            .counters
            .iter_mut()
            .find(|c| c.table == t && c.chain == chain && c.rule == rule && c.nth == nth)
        {
            Some(c) => {
                c.packets = c.packets.saturating_add(packets);
                c.bytes = c.bytes.saturating_add(bytes);
            }
            None => {
                if self.counters.len() >= MAX_COUNTERS {
                    self.counters.remove(0);
                }
                self.counters.push(Counter {
                    table: t,
                    chain: chain.to_string(),
                    rule: rule.to_string(),
                    nth,
                    packets,
                    bytes,
                })
            }
        }
    }

    /// A rule's (or policy's) packets and bytes.
    pub fn counter(&self, t: Table, chain: &str, rule: &str, nth: u32) -> (u64, u64) {
        self.counters
            .iter()
            .find(|c| c.table == t && c.chain == chain && c.rule == rule && c.nth == nth)
            .map_or((0, 0), |c| (c.packets, c.bytes))
    }

    /// `-Z`: zeroes a chain's counters (its policy's too), or a table's.
    pub fn zero(&mut self, t: Table, chain: Option<&str>) {
        self.counters
            .retain(|c| !(c.table == t && chain.is_none_or(|n| n == c.chain)));
    }
}

/// A stable 64-bit hash (FNV-1a) of Docker's version of a chain.
pub fn hash_lines<'a>(lines: impl Iterator<Item = &'a str>) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for l in lines {
        for b in l.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

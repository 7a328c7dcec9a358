//! The host's iptables rules as Docker Engine 29 installs them, generated
//! from the engine's state, evaluated against packets, and dumped the way
//! `iptables -S` prints them (each rule's spec is the text traces show).
//! `iptables -L`'s table is printed next to the command, in
//! `bridgeport-commands`' `net::iptables`.
//!
//! Layout (moby `daemon/libnetwork/drivers/bridge/internal/iptabler`,
//! `integration/network/bridge/iptablesdoc/generated/*.md`, reference §6.2):
//!
//! - raw PREROUTING: `-d <ctr>/32 ! -i <br> -j DROP` per endpoint on a
//!   non-internal network (filterDirectAccess), and `-d 127.0.0.1/32 ! -i lo
//!   -p tcp -m tcp --dport <p> -j DROP` per port published on loopback
//!   (filterPortMappedOnLoopback). Both appended.
//! - nat PREROUTING / OUTPUT jump to DOCKER for local destinations (OUTPUT
//!   skips 127.0.0.0/8: the userland proxy handles loopback); POSTROUTING has
//!   one MASQUERADE per non-internal network, inserted (newest first); nat
//!   DOCKER has one DNAT per published port, appended.
//! - filter FORWARD → DOCKER-USER (empty), DOCKER-FORWARD → DOCKER-CT,
//!   DOCKER-INTERNAL, DOCKER-BRIDGE, then per-network accept/ICC rules;
//!   DOCKER has the per-port ACCEPTs (inserted at the top) and one default
//!   DROP per network (appended). The FORWARD policy is DROP: the daemon
//!   enabled IP forwarding itself (reference §6.1 rule 5).

use super::view::{in_net, FastMap, IfId, View, IF_LO};
use crate::ports::Proto;
use ipnet::Ipv4Net;
use std::fmt::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddrV4};

/// A layer-4 protocol as netfilter matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum L4 {
    Tcp,
    Udp,
    Sctp,
    Icmp,
}

impl L4 {
    pub fn name(self) -> &'static str {
        match self {
            L4::Tcp => "tcp",
            L4::Udp => "udp",
            L4::Sctp => "sctp",
            L4::Icmp => "icmp",
        }
    }
    pub fn number(self) -> u8 {
        match self {
            L4::Tcp => 6,
            L4::Udp => 17,
            L4::Sctp => 132,
            L4::Icmp => 1,
        }
    }
    pub fn proto(self) -> Option<Proto> {
        match self {
            L4::Tcp => Some(Proto::Tcp),
            L4::Udp => Some(Proto::Udp),
            L4::Sctp => Some(Proto::Sctp),
            L4::Icmp => None,
        }
    }
}

impl From<Proto> for L4 {
    fn from(p: Proto) -> L4 {
        match p {
            Proto::Tcp => L4::Tcp,
            Proto::Udp => L4::Udp,
            Proto::Sctp => L4::Sctp,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Raw,
    Nat,
    Filter,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Raw => "raw",
            Table::Nat => "nat",
            Table::Filter => "filter",
        }
    }
    pub fn parse(s: &str) -> Option<Table> {
        match s {
            "raw" => Some(Table::Raw),
            "nat" => Some(Table::Nat),
            "filter" => Some(Table::Filter),
            _ => None,
        }
    }
    /// Built-in chains, in the order iptables lists them.
    pub fn builtins(self) -> &'static [Chain] {
        match self {
            Table::Raw => &[Chain::Prerouting, Chain::Output],
            Table::Nat => &[
                Chain::Prerouting,
                Chain::Input,
                Chain::Output,
                Chain::Postrouting,
            ],
            Table::Filter => &[Chain::Input, Chain::Forward, Chain::Output],
        }
    }
    /// Docker's chains in this table, in the (alphabetical) order iptables lists them.
    /// Its chains as iptables lists them (built-in first), or only `only`.
    pub fn chains(self, only: Option<Chain>) -> Vec<Chain> {
        self.builtins()
            .iter()
            .chain(self.user_chains())
            .copied()
            .filter(|c| only.is_none_or(|o| o == *c))
            .collect()
    }

    pub fn user_chains(self) -> &'static [Chain] {
        match self {
            Table::Raw => &[],
            Table::Nat => &[Chain::Docker],
            Table::Filter => &[
                Chain::Docker,
                Chain::DockerBridge,
                Chain::DockerCt,
                Chain::DockerForward,
                Chain::DockerInternal,
                Chain::DockerUser,
            ],
        }
    }
    const ALL: [Table; 3] = [Table::Raw, Table::Nat, Table::Filter];
    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Chain {
    Prerouting,
    Input,
    Output,
    Forward,
    Postrouting,
    Docker,
    DockerBridge,
    DockerCt,
    DockerForward,
    DockerInternal,
    DockerUser,
}

impl Chain {
    pub fn name(self) -> &'static str {
        match self {
            Chain::Prerouting => "PREROUTING",
            Chain::Input => "INPUT",
            Chain::Output => "OUTPUT",
            Chain::Forward => "FORWARD",
            Chain::Postrouting => "POSTROUTING",
            Chain::Docker => "DOCKER",
            Chain::DockerBridge => "DOCKER-BRIDGE",
            Chain::DockerCt => "DOCKER-CT",
            Chain::DockerForward => "DOCKER-FORWARD",
            Chain::DockerInternal => "DOCKER-INTERNAL",
            Chain::DockerUser => "DOCKER-USER",
        }
    }
    pub fn parse(s: &str) -> Option<Chain> {
        const ALL: [Chain; 11] = [
            Chain::Prerouting,
            Chain::Input,
            Chain::Output,
            Chain::Forward,
            Chain::Postrouting,
            Chain::Docker,
            Chain::DockerBridge,
            Chain::DockerCt,
            Chain::DockerForward,
            Chain::DockerInternal,
            Chain::DockerUser,
        ];
        ALL.into_iter().find(|c| c.name() == s)
    }
    pub fn is_builtin(self) -> bool {
        matches!(
            self,
            Chain::Prerouting | Chain::Input | Chain::Output | Chain::Forward | Chain::Postrouting
        )
    }
    fn index(self) -> usize {
        self as usize
    }
}

/// What a rule does when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Accept,
    Drop,
    Return,
    Jump(Chain),
    Dnat(SocketAddrV4),
    Masquerade,
}

/// Which Docker feature installed a rule: turns a match into a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Chain plumbing (jumps, PREROUTING/OUTPUT → DOCKER).
    Plumbing,
    /// raw: drop packets for a container's address that do not come from its bridge.
    DirectAccess { ns: usize, iface: usize },
    /// raw: drop non-loopback packets for a port published on 127.0.0.1.
    LoopbackPublished { container: usize, binding: usize },
    /// nat DNAT / filter ACCEPT for a published port.
    Published { container: usize, binding: usize },
    /// filter DOCKER: `! -i br -o br -j DROP`.
    DefaultDrop { bridge: usize },
    /// filter DOCKER-CT: replies of connections the host already allowed.
    Conntrack { bridge: usize },
    /// filter DOCKER-FORWARD: traffic leaving a network (`-i br -j ACCEPT`).
    Egress { bridge: usize },
    /// filter DOCKER-FORWARD: containers of one network talking (`-i br -o br`).
    Icc { bridge: usize },
    /// filter DOCKER-INTERNAL: `--internal` networks keep traffic inside.
    Internal { bridge: usize },
    /// nat POSTROUTING MASQUERADE for a network's egress.
    Masquerade { bridge: usize },
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub table: Table,
    pub chain: Chain,
    pub src: Option<(Ipv4Net, bool)>,
    pub dst: Option<(Ipv4Net, bool)>,
    pub in_if: Option<(IfId, bool)>,
    pub out_if: Option<(IfId, bool)>,
    pub proto: Option<L4>,
    pub dport: Option<u16>,
    /// `-m conntrack --ctstate RELATED,ESTABLISHED`
    pub established: bool,
    /// `-m addrtype --dst-type LOCAL`
    pub dst_local: bool,
    pub target: Target,
    pub origin: Origin,
}

impl Rule {
    fn new(table: Table, chain: Chain, target: Target, origin: Origin) -> Rule {
        Rule {
            table,
            chain,
            src: None,
            dst: None,
            in_if: None,
            out_if: None,
            proto: None,
            dport: None,
            established: false,
            dst_local: false,
            target,
            origin,
        }
    }
    fn src(mut self, n: Ipv4Net, neg: bool) -> Rule {
        self.src = Some((n, neg));
        self
    }
    fn dst(mut self, n: Ipv4Net, neg: bool) -> Rule {
        self.dst = Some((n, neg));
        self
    }
    fn iif(mut self, i: IfId, neg: bool) -> Rule {
        self.in_if = Some((i, neg));
        self
    }
    fn oif(mut self, i: IfId, neg: bool) -> Rule {
        self.out_if = Some((i, neg));
        self
    }
    fn port(mut self, p: L4, port: u16) -> Rule {
        self.proto = Some(p);
        self.dport = Some(port);
        self
    }

    #[inline]
    fn matches(&self, p: &Pkt) -> bool {
        if let Some((net, neg)) = self.src {
            if in_net(&net, p.src) == neg {
                return false;
            }
        }
        if let Some((net, neg)) = self.dst {
            if in_net(&net, p.dst) == neg {
                return false;
            }
        }
        if let Some((i, neg)) = self.in_if {
            if (p.in_if == Some(i)) == neg {
                return false;
            }
        }
        if let Some((i, neg)) = self.out_if {
            if (p.out_if == Some(i)) == neg {
                return false;
            }
        }
        if let Some(proto) = self.proto {
            if proto != p.proto {
                return false;
            }
        }
        if let Some(port) = self.dport {
            if port != p.dport {
                return false;
            }
        }
        if self.established && !p.established {
            return false;
        }
        if self.dst_local && !p.dst_local {
            return false;
        }
        true
    }

    /// The rule as `iptables -S` prints it: `-A DOCKER ! -i docker0 -o docker0 -j DROP`.
    pub fn spec(&self, view: &View) -> String {
        let mut s = format!("-A {}", self.chain.name());
        let neg = |n: bool| if n { " !" } else { "" };
        if let Some((net, n)) = self.src {
            let _ = write!(s, "{} -s {}", neg(n), net);
        }
        if let Some((net, n)) = self.dst {
            let _ = write!(s, "{} -d {}", neg(n), net);
        }
        if let Some((i, n)) = self.in_if {
            let _ = write!(s, "{} -i {}", neg(n), view.if_name(i));
        }
        if let Some((i, n)) = self.out_if {
            let _ = write!(s, "{} -o {}", neg(n), view.if_name(i));
        }
        if let Some(p) = self.proto {
            let _ = write!(s, " -p {}", p.name());
            if let Some(port) = self.dport {
                let _ = write!(s, " -m {} --dport {}", p.name(), port);
            }
        }
        if self.established {
            s.push_str(" -m conntrack --ctstate RELATED,ESTABLISHED");
        }
        if self.dst_local {
            s.push_str(" -m addrtype --dst-type LOCAL");
        }
        match self.target {
            Target::Accept => s.push_str(" -j ACCEPT"),
            Target::Drop => s.push_str(" -j DROP"),
            Target::Return => s.push_str(" -j RETURN"),
            Target::Jump(c) => {
                let _ = write!(s, " -j {}", c.name());
            }
            Target::Dnat(to) => {
                let _ = write!(s, " -j DNAT --to-destination {to}");
            }
            Target::Masquerade => s.push_str(" -j MASQUERADE"),
        }
        s
    }
}

/// The fields netfilter looks at.
#[derive(Debug, Clone, Copy)]
pub struct Pkt {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub proto: L4,
    pub dport: u16,
    pub in_if: Option<IfId>,
    pub out_if: Option<IfId>,
    pub established: bool,
    pub dst_local: bool,
}

/// A rule's address in the ruleset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleId {
    pub table: Table,
    pub chain: Chain,
    pub index: u32,
}

/// What a chain traversal decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Drop,
    Dnat(SocketAddrV4),
    Masquerade,
    /// Nothing matched in a table with nothing to do (nat, raw): carry on.
    Continue,
}

/// A decision and the rule that made it (None: the chain's policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub decision: Decision,
    pub rule: Option<RuleId>,
}

#[derive(Debug, Clone, Default)]
struct ChainRules {
    rules: Vec<Rule>,
    /// Positions of rules matching one exact destination address.
    by_dst: FastMap<Ipv4Addr, Vec<u32>>,
    /// Positions of all other rules.
    other: Vec<u32>,
}

impl ChainRules {
    fn push(&mut self, r: Rule) {
        let pos = self.rules.len() as u32;
        match r.dst {
            Some((net, false)) if net.prefix_len() == 32 => {
                self.by_dst.entry(net.addr()).or_default().push(pos)
            }
            _ => self.other.push(pos),
        }
        self.rules.push(r);
    }

    /// Rule positions that could match `dst`, in chain order.
    #[inline]
    fn candidates<'a>(&'a self, dst: Ipv4Addr) -> impl Iterator<Item = u32> + 'a {
        let exact: &[u32] = self.by_dst.get(&dst).map(Vec::as_slice).unwrap_or(&[]);
        Merge {
            a: &self.other,
            b: exact,
        }
    }
}

struct Merge<'a> {
    a: &'a [u32],
    b: &'a [u32],
}

impl Iterator for Merge<'_> {
    type Item = u32;
    #[inline]
    fn next(&mut self) -> Option<u32> {
        match (self.a.first(), self.b.first()) {
            (Some(&x), Some(&y)) if x < y => {
                self.a = &self.a[1..];
                Some(x)
            }
            (_, Some(&y)) => {
                self.b = &self.b[1..];
                Some(y)
            }
            (Some(&x), None) => {
                self.a = &self.a[1..];
                Some(x)
            }
            (None, None) => None,
        }
    }
}

/// All three tables.
#[derive(Debug, Clone, Default)]
pub struct Ruleset {
    chains: Vec<ChainRules>,
}

const CHAINS: usize = 11;

impl Ruleset {
    #[inline]
    fn chain(&self, t: Table, c: Chain) -> Option<&ChainRules> {
        self.chains.get(t.index() * CHAINS + c.index())
    }

    fn add(&mut self, r: Rule) {
        let i = r.table.index() * CHAINS + r.chain.index();
        if !self.chains[i].rules.contains(&r) {
            self.chains[i].push(r);
        }
    }

    /// Every rule, table by table and chain by chain.
    pub fn all(&self) -> impl Iterator<Item = &Rule> {
        self.chains.iter().flat_map(|c| c.rules.iter())
    }

    /// Whether a chain holds rules that are not about one exact destination
    /// address: those are tried for every packet, in their place in the chain.
    pub fn has_unindexed(&self, t: Table, c: Chain) -> bool {
        self.chain(t, c).is_some_and(|c| !c.other.is_empty())
    }

    /// The rules of a chain about exactly the destination `ip`, in order.
    pub fn for_dst(&self, t: Table, c: Chain, ip: Ipv4Addr) -> impl Iterator<Item = &Rule> {
        let chain = self.chain(t, c);
        chain
            .and_then(|c| c.by_dst.get(&ip).map(|pos| (c, pos)))
            .into_iter()
            .flat_map(|(c, pos)| pos.iter().map(move |&p| &c.rules[p as usize]))
    }

    pub fn rules(&self, t: Table, c: Chain) -> &[Rule] {
        self.chain(t, c).map(|c| c.rules.as_slice()).unwrap_or(&[])
    }

    pub fn rule(&self, id: RuleId) -> Option<&Rule> {
        self.rules(id.table, id.chain).get(id.index as usize)
    }

    /// The chain's policy (built-in chains only).
    pub fn policy(t: Table, c: Chain) -> &'static str {
        if t == Table::Filter && c == Chain::Forward {
            "DROP"
        } else {
            "ACCEPT"
        }
    }

    /// Docker 29's rules for the view's state.
    pub fn generate(view: &View) -> Ruleset {
        let mut rs = Ruleset {
            chains: vec![ChainRules::default(); 3 * CHAINS],
        };
        let host32 = |ip: Ipv4Addr| Ipv4Net::new(ip, 32).unwrap_or_default();
        let lo8 = Ipv4Net::new(Ipv4Addr::new(127, 0, 0, 0), 8).unwrap_or_default();
        let any = Ipv4Net::default();
        use Chain::*;
        use Table::*;

        // Fixed plumbing.
        let mut pre = Rule::new(Nat, Prerouting, Target::Jump(Docker), Origin::Plumbing);
        pre.dst_local = true;
        rs.add(pre);
        let mut out = Rule::new(Nat, Output, Target::Jump(Docker), Origin::Plumbing).dst(lo8, true);
        out.dst_local = true;
        rs.add(out);
        for (chain, to) in [
            (Forward, DockerUser),
            (Forward, DockerForward),
            (DockerForward, DockerCt),
            (DockerForward, DockerInternal),
            (DockerForward, DockerBridge),
        ] {
            rs.add(Rule::new(Filter, chain, Target::Jump(to), Origin::Plumbing));
        }

        // Per network, in creation order.
        let mut masq = Vec::new();
        let mut internal = Vec::new();
        let mut drops = Vec::new();
        let mut bridges: Vec<usize> = (0..view.bridges.len()).collect();
        crate::sort::sort_by_key(&mut bridges, |&b| view.bridges[b].order);
        for &b in &bridges {
            let br = &view.bridges[b];
            let i = br.ifid;
            let icc = br.net.icc();
            if br.net.internal {
                if icc {
                    rs.add(
                        Rule::new(
                            Filter,
                            DockerForward,
                            Target::Accept,
                            Origin::Icc { bridge: b },
                        )
                        .iif(i, false)
                        .oif(i, false),
                    );
                } else {
                    rs.add(
                        Rule::new(
                            Filter,
                            DockerForward,
                            Target::Drop,
                            Origin::Icc { bridge: b },
                        )
                        .iif(i, false)
                        .oif(i, false),
                    );
                }
                internal.push(b);
                continue;
            }
            if br.net.masquerade() {
                masq.push(b);
            }
            if icc {
                rs.add(
                    Rule::new(
                        Filter,
                        DockerForward,
                        Target::Accept,
                        Origin::Egress { bridge: b },
                    )
                    .iif(i, false),
                );
            } else {
                rs.add(
                    Rule::new(
                        Filter,
                        DockerForward,
                        Target::Drop,
                        Origin::Icc { bridge: b },
                    )
                    .iif(i, false)
                    .oif(i, false),
                );
                rs.add(
                    Rule::new(
                        Filter,
                        DockerForward,
                        Target::Accept,
                        Origin::Egress { bridge: b },
                    )
                    .iif(i, false)
                    .oif(i, true),
                );
            }
            let mut ct = Rule::new(
                Filter,
                DockerCt,
                Target::Accept,
                Origin::Conntrack { bridge: b },
            )
            .oif(i, false);
            ct.established = true;
            rs.add(ct);
            rs.add(
                Rule::new(Filter, DockerBridge, Target::Jump(Docker), Origin::Plumbing)
                    .oif(i, false),
            );
            drops.push(
                Rule::new(
                    Filter,
                    Docker,
                    Target::Drop,
                    Origin::DefaultDrop { bridge: b },
                )
                .iif(i, true)
                .oif(i, false),
            );
        }
        // Inserted rules: newest network first.
        for &b in internal.iter().rev() {
            let br = &view.bridges[b];
            rs.add(
                Rule::new(
                    Filter,
                    DockerInternal,
                    Target::Drop,
                    Origin::Internal { bridge: b },
                )
                .src(br.subnet, true)
                .oif(br.ifid, false),
            );
            rs.add(
                Rule::new(
                    Filter,
                    DockerInternal,
                    Target::Drop,
                    Origin::Internal { bridge: b },
                )
                .dst(br.subnet, true)
                .iif(br.ifid, false),
            );
        }
        for &b in masq.iter().rev() {
            let br = &view.bridges[b];
            rs.add(
                Rule::new(
                    Nat,
                    Postrouting,
                    Target::Masquerade,
                    Origin::Masquerade { bridge: b },
                )
                .src(br.subnet, false)
                .oif(br.ifid, true),
            );
        }

        // Per container: endpoints (raw direct-access drops), then published ports.
        let containers = view.engine.containers();
        let mut accepts = Vec::new();
        for (ci, c) in containers.iter().enumerate() {
            if !c.is_running() {
                continue;
            }
            if let Some(super::view::Stack::Ns(ns)) = view.stack_of(&c.id) {
                if std::ptr::eq(view.netns[ns].owner, c) {
                    for (k, iface) in view.netns[ns].ifaces.iter().enumerate() {
                        let br = &view.bridges[iface.bridge];
                        if br.net.internal {
                            continue;
                        }
                        rs.add(
                            Rule::new(
                                Raw,
                                Prerouting,
                                Target::Drop,
                                Origin::DirectAccess { ns, iface: k },
                            )
                            .dst(host32(iface.ip()), false)
                            .iif(br.ifid, true),
                        );
                    }
                }
            }
            let Some(ns) = view.ns_of(&c.id) else {
                continue;
            };
            let Some(gw) = ns.gateway else { continue };
            let iface = &ns.ifaces[gw];
            let br = &view.bridges[iface.bridge];
            for (bi, b) in c.bindings.iter().enumerate() {
                let IpAddr::V4(host_ip) = b.host_ip else {
                    continue;
                };
                let p = L4::from(b.proto);
                if host_ip.is_loopback() {
                    rs.add(
                        Rule::new(
                            Raw,
                            Prerouting,
                            Target::Drop,
                            Origin::LoopbackPublished {
                                container: ci,
                                binding: bi,
                            },
                        )
                        .dst(host32(host_ip), false)
                        .iif(IF_LO, true)
                        .port(p, b.host_port),
                    );
                }
                let to = SocketAddrV4::new(iface.ip(), b.container_port);
                let dnat = Rule::new(
                    Nat,
                    Docker,
                    Target::Dnat(to),
                    Origin::Published {
                        container: ci,
                        binding: bi,
                    },
                )
                .iif(br.ifid, true)
                .port(p, b.host_port);
                let dnat = if host_ip.is_unspecified() {
                    dnat
                } else {
                    dnat.dst(host32(host_ip), false)
                };
                rs.add(dnat);
                accepts.push(
                    Rule::new(
                        Filter,
                        Docker,
                        Target::Accept,
                        Origin::Published {
                            container: ci,
                            binding: bi,
                        },
                    )
                    .dst(host32(iface.ip()), false)
                    .iif(br.ifid, true)
                    .oif(br.ifid, false)
                    .port(p, b.container_port),
                );
            }
        }
        let _ = any;
        // Per-port ACCEPTs are inserted at the head of DOCKER: newest first, before the drops.
        for r in accepts.into_iter().rev() {
            rs.add(r);
        }
        for r in drops {
            rs.add(r);
        }
        rs
    }

    /// Traverses `chain` of `table` (and the chains it jumps to).
    pub fn eval(&self, table: Table, chain: Chain, p: &Pkt) -> Verdict {
        match self.walk(table, chain, p, 0) {
            Some(v) => v,
            None => {
                let decision = if Ruleset::policy(table, chain) == "DROP" {
                    Decision::Drop
                } else if table == Table::Filter {
                    Decision::Accept
                } else {
                    Decision::Continue
                };
                Verdict {
                    decision,
                    rule: None,
                }
            }
        }
    }

    fn walk(&self, table: Table, chain: Chain, p: &Pkt, depth: u8) -> Option<Verdict> {
        let cr = self.chain(table, chain)?;
        if depth > 8 {
            return None;
        }
        for pos in cr.candidates(p.dst) {
            let r = &cr.rules[pos as usize];
            if !r.matches(p) {
                continue;
            }
            let id = RuleId {
                table,
                chain,
                index: pos,
            };
            let decision = match r.target {
                Target::Accept => Decision::Accept,
                Target::Drop => Decision::Drop,
                Target::Dnat(to) => Decision::Dnat(to),
                Target::Masquerade => Decision::Masquerade,
                Target::Return => return None,
                Target::Jump(c) => match self.walk(table, c, p, depth + 1) {
                    Some(v) => return Some(v),
                    None => continue,
                },
            };
            return Some(Verdict {
                decision,
                rule: Some(id),
            });
        }
        None
    }

    /// How many rules jump to `chain` (`iptables -L`'s "N references").
    pub fn references(&self, table: Table, chain: Chain) -> usize {
        Table::ALL
            .iter()
            .filter(|t| **t == table)
            .flat_map(|t| self.chains[t.index() * CHAINS..(t.index() + 1) * CHAINS].iter())
            .flat_map(|c| c.rules.iter())
            .filter(|r| r.target == Target::Jump(chain))
            .count()
    }

    /// `iptables [-t table] -S [chain]`.
    pub fn save(&self, view: &View, table: Table, only: Option<Chain>) -> String {
        let mut s = String::new();
        let chains = table.chains(only);
        for c in &chains {
            if c.is_builtin() {
                let _ = writeln!(s, "-P {} {}", c.name(), Ruleset::policy(table, *c));
            }
        }
        for c in &chains {
            if !c.is_builtin() {
                let _ = writeln!(s, "-N {}", c.name());
            }
        }
        for c in &chains {
            for r in self.rules(table, *c) {
                s.push_str(&r.spec(view));
                s.push('\n');
            }
        }
        s
    }
}

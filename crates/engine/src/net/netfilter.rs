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

use super::firewall::{self, Action, Entry, Firewall, Policy, Seen, Spec};
use super::view::{in_net, FastMap, IfId, View, IF_LO};
use crate::ports::Proto;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// Docker's chains in this table, in the (alphabetical) order iptables
    /// lists them ([`Ruleset::shown`] adds the learner's).
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
    pub const ALL: [Table; 3] = [Table::Raw, Table::Nat, Table::Filter];
    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// A chain the learner created (`-N`): an index into the ruleset's names.
    User(u16),
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
            Chain::User(_) => "",
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
        match self {
            Chain::Prerouting => 0,
            Chain::Input => 1,
            Chain::Output => 2,
            Chain::Forward => 3,
            Chain::Postrouting => 4,
            Chain::Docker => 5,
            Chain::DockerBridge => 6,
            Chain::DockerCt => 7,
            Chain::DockerForward => 8,
            Chain::DockerInternal => 9,
            Chain::DockerUser => 10,
            Chain::User(n) => CHAINS + n as usize,
        }
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
    /// A learner's rule: its action is in [`Rule::user`].
    Learner,
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
    /// A rule the learner added with `iptables`.
    Learner,
}

/// A learner's rule, ready to match: the typed rule and what its names
/// stand for in this state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Learned {
    pub spec: Spec,
    /// The chain `-j`/`-g` names, when it exists.
    pub jump: Option<Chain>,
    /// Host interfaces `-i`/`-o` name (a `+` wildcard may name several).
    in_ids: Vec<IfId>,
    out_ids: Vec<IfId>,
}

impl Learned {
    fn matches(&self, p: &Pkt) -> bool {
        for (m, ids, at) in [
            (&self.spec.in_if, &self.in_ids, p.in_if),
            (&self.spec.out_if, &self.out_ids, p.out_if),
        ] {
            if let Some(m) = m {
                let hit = at.is_some_and(|i| ids.contains(&i));
                if hit == m.neg {
                    return false;
                }
            }
        }
        self.spec.matches_packet(&Seen {
            src: p.src,
            dst: p.dst,
            proto: p.proto,
            sport: p.sport,
            dport: p.dport,
            in_if: p.in_if,
            out_if: p.out_if,
            established: p.established,
            dst_local: p.dst_local,
            orig_dst: p.orig_dst.map_or(p.dst, |o| *o.ip()),
            orig_dport: p.orig_dst.map_or(p.dport, |o| o.port()),
            icmp_type: p.icmp_type,
        })
    }
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
    /// The learner's rule, for [`Origin::Learner`].
    pub user: Option<Box<Learned>>,
    /// For Docker's rules: the position in Docker's own version of the chain.
    pub docker_pos: u32,
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
            user: None,
            docker_pos: 0,
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
        if let Some(u) = &self.user {
            return u.matches(p);
        }
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
        let mut s = format!("-A {}", view.rules.chain_name(self.table, self.chain));
        if let Some(u) = &self.user {
            s.push_str(&u.spec.save());
            return s;
        }
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
            Target::Learner => {}
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
    pub sport: u16,
    pub dport: u16,
    /// The destination before DNAT, when conntrack rewrote it.
    pub orig_dst: Option<SocketAddrV4>,
    pub in_if: Option<IfId>,
    pub out_if: Option<IfId>,
    pub established: bool,
    pub dst_local: bool,
    /// An ICMP packet's type (echo request 8, reply 0, unreachable 3).
    pub icmp_type: Option<u8>,
}

/// A rule's address in the ruleset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleId {
    pub table: Table,
    pub chain: Chain,
    pub index: u32,
}

impl RuleId {
    /// The index that stands for a built-in chain's policy.
    pub const POLICY: u32 = u32::MAX;
}

/// Who hears which rules a packet matched ([`Ruleset::eval_counted`]):
/// nobody (`()`, the matrix's probes), or a list (a real send's counters).
pub trait Hits {
    fn hit(&mut self, id: RuleId);
}

impl Hits for () {
    #[inline]
    fn hit(&mut self, _: RuleId) {}
}

impl Hits for Vec<RuleId> {
    fn hit(&mut self, id: RuleId) {
        self.push(id);
    }
}

/// What a chain traversal decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Drop,
    Dnat(SocketAddrV4),
    Masquerade,
    /// `-j REJECT`: dropped, and the sender told (ICMP error or TCP RST).
    Reject,
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
    /// The learner's chains (`-N`): table, name, rules; [`Chain::User`] indexes this.
    user: Vec<(Table, String, ChainRules)>,
    /// Per fixed chain: a hash of Docker's version of it (see [`firewall`]).
    base: Vec<u64>,
    policies: Vec<(Table, Chain, Policy)>,
    /// Whether any rule is the learner's.
    learner: bool,
}

const CHAINS: usize = 11;

impl Ruleset {
    #[inline]
    fn chain(&self, t: Table, c: Chain) -> Option<&ChainRules> {
        match c {
            Chain::User(n) => self.user.get(n as usize).filter(|u| u.0 == t).map(|u| &u.2),
            _ => self.chains.get(t.index() * CHAINS + c.index()),
        }
    }

    fn add(&mut self, r: Rule) {
        let i = r.table.index() * CHAINS + r.chain.index();
        if !self.chains[i].rules.contains(&r) {
            self.chains[i].push(r);
        }
    }

    /// A chain's name (the learner's chains have theirs in the ruleset).
    pub fn chain_name(&self, t: Table, c: Chain) -> &str {
        match c {
            Chain::User(n) => self
                .user
                .get(n as usize)
                .filter(|u| u.0 == t)
                .map_or("?", |u| u.1.as_str()),
            _ => c.name(),
        }
    }

    /// The chain of table `t` called `name`, if it exists.
    pub fn lookup(&self, t: Table, name: &str) -> Option<Chain> {
        if let Some(c) =
            Chain::parse(name).filter(|c| t.builtins().contains(c) || t.user_chains().contains(c))
        {
            return Some(c);
        }
        self.user
            .iter()
            .position(|u| u.0 == t && u.1 == name)
            .map(|n| Chain::User(n as u16))
    }

    /// Every chain of a table, as iptables lists them: built-in chains in
    /// hook order, then the others by name.
    pub fn chains_of(&self, t: Table) -> Vec<Chain> {
        let mut others: Vec<Chain> = t.user_chains().to_vec();
        others.extend(
            self.user
                .iter()
                .enumerate()
                .filter(|(_, u)| u.0 == t)
                .map(|(n, _)| Chain::User(n as u16)),
        );
        crate::sort::sort_by_key(&mut others, |c| self.chain_name(t, *c).to_string());
        let mut all = t.builtins().to_vec();
        all.extend(others);
        all
    }

    /// The chains `-S`/`-L` print: every chain of the table, or only one.
    pub fn shown(&self, t: Table, only: Option<Chain>) -> Vec<Chain> {
        self.chains_of(t)
            .into_iter()
            .filter(|c| only.is_none_or(|o| o == *c))
            .collect()
    }

    /// Whether the learner added any rule (the matrix's shortcuts that
    /// assume Docker's rules alone are off then).
    pub fn has_learner(&self) -> bool {
        self.learner
    }

    /// Hash of Docker's version of a fixed chain (0 for the learner's chains).
    pub fn docker_hash(&self, t: Table, c: Chain) -> u64 {
        match c {
            Chain::User(_) => 0,
            _ => self
                .base
                .get(t.index() * CHAINS + c.index())
                .copied()
                .unwrap_or(0),
        }
    }

    /// The chain's rules as [`Entry`]s: what an edit starts from.
    pub fn entries(&self, t: Table, c: Chain) -> Vec<Entry> {
        self.rules(t, c)
            .iter()
            .map(|r| match &r.user {
                Some(u) => Entry::Learner(u.spec.clone()),
                None => Entry::Docker(r.docker_pos),
            })
            .collect()
    }

    /// The chains a chain can reach by jumps and gotos (itself included).
    pub fn reachable(&self, t: Table, from: Chain) -> Vec<Chain> {
        let mut seen = vec![from];
        let mut i = 0;
        while i < seen.len() {
            let c = seen[i];
            i += 1;
            for r in self.rules(t, c) {
                let to = match (&r.user, r.target) {
                    (Some(u), _) => u.jump,
                    (None, Target::Jump(to)) => Some(to),
                    _ => None,
                };
                if let Some(to) = to {
                    if !seen.contains(&to) {
                        seen.push(to);
                    }
                }
            }
        }
        seen
    }

    /// Every rule, table by table and chain by chain.
    pub fn all(&self) -> impl Iterator<Item = &Rule> {
        self.chains
            .iter()
            .chain(self.user.iter().map(|u| &u.2))
            .flat_map(|c| c.rules.iter())
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

    /// The chain's policy (built-in chains only): Docker sets FORWARD's to
    /// DROP when it enables IP forwarding itself; the learner's `-P` wins.
    pub fn policy(&self, t: Table, c: Chain) -> &'static str {
        if let Some(p) = self.policies.iter().find(|p| p.0 == t && p.1 == c) {
            return p.2.name();
        }
        if t == Table::Filter && c == Chain::Forward {
            "DROP"
        } else {
            "ACCEPT"
        }
    }

    /// Applies the learner's changes ([`firewall`]) over Docker's rules.
    fn overlay(&mut self, view: &View, fw: &Firewall) {
        // Docker's version of every chain: positions and a hash.
        self.base = vec![0; self.chains.len()];
        for (slot, cr) in self.chains.iter_mut().enumerate() {
            for (k, r) in cr.rules.iter_mut().enumerate() {
                r.docker_pos = k as u32;
            }
            let lines: Vec<String> = cr.rules.iter().map(|r| r.spec(view)).collect();
            self.base[slot] = firewall::hash_lines(lines.iter().map(String::as_str));
        }
        if fw.is_empty() {
            return;
        }
        self.policies = fw.policies.clone();
        for (t, name) in &fw.chains {
            self.user.push((*t, name.clone(), ChainRules::default()));
        }
        let names: &[&str] = &view.if_names;
        for edit in &fw.edits {
            let t = edit.table;
            let Some(c) = self.lookup(t, &edit.chain) else {
                continue;
            };
            if !matches!(c, Chain::User(_)) && edit.base != self.docker_hash(t, c) {
                // Docker rewrote this chain since: the learner's version is gone.
                continue;
            }
            let docker: Vec<Rule> = self.rules(t, c).to_vec();
            let mut cr = ChainRules::default();
            for e in &edit.entries {
                match e {
                    Entry::Docker(i) => {
                        if let Some(r) = docker.get(*i as usize) {
                            cr.push(r.clone());
                        }
                    }
                    Entry::Learner(spec) => {
                        let ids = |m: &Option<firewall::IfMatch>| -> Vec<IfId> {
                            m.as_ref().map_or(Vec::new(), |m| {
                                names
                                    .iter()
                                    .enumerate()
                                    .filter(|(_, n)| m.matches_name(n))
                                    .map(|(i, _)| i as IfId)
                                    .collect()
                            })
                        };
                        let mut r = Rule::new(t, c, Target::Learner, Origin::Learner);
                        r.user = Some(Box::new(Learned {
                            jump: spec.jumps_to().and_then(|n| self.lookup(t, n)),
                            in_ids: ids(&spec.in_if),
                            out_ids: ids(&spec.out_if),
                            spec: spec.clone(),
                        }));
                        self.learner = true;
                        cr.push(r);
                    }
                }
            }
            match c {
                Chain::User(n) => {
                    if let Some(u) = self.user.get_mut(n as usize) {
                        u.2 = cr;
                    }
                }
                _ => self.chains[t.index() * CHAINS + c.index()] = cr,
            }
        }
    }

    /// Docker 29's rules for the view's state.
    pub fn generate(view: &View) -> Ruleset {
        let mut rs = Ruleset {
            chains: vec![ChainRules::default(); 3 * CHAINS],
            ..Ruleset::default()
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
            // Traffic between two containers of this bridge (in and out on
            // it): accepted or dropped by the network's `enable_icc`.
            let icc_rule = |target| {
                Rule::new(Filter, DockerForward, target, Origin::Icc { bridge: b })
                    .iif(i, false)
                    .oif(i, false)
            };
            if br.net.internal {
                rs.add(icc_rule(if icc { Target::Accept } else { Target::Drop }));
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
                rs.add(icc_rule(Target::Drop));
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
            // Two drops: from the subnet out of another interface, and
            // to the subnet in from another one.
            let drop = || {
                Rule::new(
                    Filter,
                    DockerInternal,
                    Target::Drop,
                    Origin::Internal { bridge: b },
                )
            };
            rs.add(drop().src(br.subnet, true).oif(br.ifid, false));
            rs.add(drop().dst(br.subnet, true).iif(br.ifid, false));
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
        rs.overlay(view, view.engine.firewall());
        rs
    }

    /// Traverses `chain` of `table` (and the chains it jumps to).
    pub fn eval(&self, table: Table, chain: Chain, p: &Pkt) -> Verdict {
        self.eval_counted(table, chain, p, &mut ())
    }

    /// [`Ruleset::eval`], telling `hits` every rule that matched (the rules
    /// whose counters a real packet increments: jumps, returns, LOG and
    /// rules without a target included) and, when the packet fell off a
    /// built-in chain, its policy ([`RuleId::POLICY`]).
    pub fn eval_counted(
        &self,
        table: Table,
        chain: Chain,
        p: &Pkt,
        hits: &mut impl Hits,
    ) -> Verdict {
        match self.walk(table, chain, p, 0, hits) {
            Some(v) => v,
            None => {
                hits.hit(RuleId {
                    table,
                    chain,
                    index: RuleId::POLICY,
                });
                let decision = if self.policy(table, chain) == "DROP" {
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

    fn walk(
        &self,
        table: Table,
        chain: Chain,
        p: &Pkt,
        depth: u8,
        hits: &mut impl Hits,
    ) -> Option<Verdict> {
        let cr = self.chain(table, chain)?;
        // Loops are refused when a rule is added; the depth bounds the walk anyway.
        if depth > 32 {
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
            hits.hit(id);
            let decision = match r.target {
                Target::Accept => Decision::Accept,
                Target::Drop => Decision::Drop,
                Target::Dnat(to) => Decision::Dnat(to),
                Target::Masquerade => Decision::Masquerade,
                Target::Return => return None,
                Target::Jump(c) => match self.walk(table, c, p, depth + 1, hits) {
                    Some(v) => return Some(v),
                    None => continue,
                },
                Target::Learner => {
                    let Some(u) = &r.user else { continue };
                    match &u.spec.action {
                        Action::None | Action::Log { .. } => continue,
                        Action::Accept => Decision::Accept,
                        Action::Drop => Decision::Drop,
                        Action::Reject(_) => Decision::Reject,
                        Action::Return => return None,
                        Action::Jump(_) => {
                            match u.jump.and_then(|c| self.walk(table, c, p, depth + 1, hits)) {
                                Some(v) => return Some(v),
                                None => continue,
                            }
                        }
                        // A goto that falls off its chain returns to this chain's caller.
                        Action::Goto(_) => {
                            return u.jump.and_then(|c| self.walk(table, c, p, depth + 1, hits))
                        }
                    }
                }
            };
            return Some(Verdict {
                decision,
                rule: Some(id),
            });
        }
        None
    }

    /// How many rules jump or go to a chain.
    pub fn references(&self, table: Table, chain: Chain) -> usize {
        self.chains_of(table)
            .into_iter()
            .flat_map(|c| self.rules(table, c).iter())
            .filter(|r| match &r.user {
                Some(u) => u.jump == Some(chain),
                None => r.target == Target::Jump(chain),
            })
            .count()
    }
}

//! Packet and byte counters that real traffic increments (`iptables -L -v`).
//!
//! Every iptables-nft rule carries an nft `counter`: a rule counts each
//! packet that matched it (jumps, returns, LOG and rules without a target
//! included), and a built-in chain's policy counts the packets that fell
//! off its end (firewall-reference.md §3.4). The walk tells a [`Counting`]
//! which rules each packet matched, with the packet's size on the wire;
//! [`Engine::count`] then adds them to the engine's counters
//! ([`super::firewall::Firewall::counters`]). Only real sends count — a
//! command's `curl`, `ping`, `nc`, `wget`, `dig`… —, never the matrix's
//! hypothetical probes, which walk the same rules with `()` as their
//! [`Hits`].
//!
//! The walk moves the packets that decide an exchange (a TCP SYN and its
//! SYN-ACK or RST, a datagram, an echo request and reply, a DNS query and
//! answer). The rest of a TCP connection is modelled: once connected, the
//! client sends its ACK, the request, an ACK of the answer, its FIN and the
//! last ACK, and the server its ACK, the answer and its FIN (a curl–nginx
//! exchange as tcpdump shows it, reference §4.2; without a request only
//! ACK, FIN, ACK and the server's FIN). Those later packets take the
//! chains their direction's first packet took, as ESTABLISHED, without the
//! nat table (consulted only for a connection's first packet).

use super::firewall::{CtEntry, MAX_CONNTRACK};
use super::netfilter::{Chain, Hits, RuleId, Table, L4};
use super::tracer::Info;
use super::view::View;
use super::Payload;
use crate::engine::Engine;
use std::net::Ipv4Addr;

/// IPv4 + TCP header with the options Linux sends on a SYN (mss, sackOK,
/// TS, nop, wscale): a SYN or SYN-ACK is 60 bytes.
pub const SYN_BYTES: u32 = 60;
/// IPv4 + TCP header with the timestamp option: every later segment.
pub const SEGMENT_BYTES: u32 = 52;
/// The HTTP request and answer of the modelled exchange: `GET /` as curl
/// sends it and nginx's welcome page with its headers (reference §4.2,
/// `length 78` and `length 853`).
pub const HTTP_REQUEST: u32 = 78;
pub const HTTP_ANSWER: u32 = 853;

/// The rules one command's packets matched, not yet added to the counters.
#[derive(Debug, Clone, Default)]
pub struct Counting {
    /// (rule or policy, packets, bytes).
    pub(crate) hits: Vec<(RuleId, u64, u64)>,
    /// The rules a connection's later client → server packets match, per
    /// packet (committed only if the connection is made).
    pub(crate) later_fwd: Vec<RuleId>,
    /// Likewise for the server → client direction.
    pub(crate) later_rev: Vec<RuleId>,
    /// ICMP echo data bytes (`ping -s`); 56 by default.
    pub icmp_data: Option<u16>,
    /// The tuple of the exchange's first packet at its first host hook.
    pub(crate) pending: Option<(L4, Ipv4Addr, u16, Ipv4Addr, u16)>,
    /// Connections that crossed the host's netfilter (conntrack entries).
    pub(crate) flows: Vec<Flow>,
}

/// A connection the host's conntrack saw.
#[derive(Debug, Clone)]
pub(crate) struct Flow {
    pub l4: L4,
    pub orig: (Ipv4Addr, Ipv4Addr, u16, u16),
    pub reply: (Ipv4Addr, Ipv4Addr, u16, u16),
    pub icmp_id: u16,
    /// What came back: a SYN-ACK, an RST, an echo reply, an answer.
    pub answer: Option<Info>,
}

impl Flow {
    /// The entry as the kernel leaves it once the command is done (TCP's
    /// modelled FIN exchange ends in TIME_WAIT; kernel default timeouts).
    fn entry(&self, at_ms: u64) -> CtEntry {
        let (state, timeout, replied, assured) = match (self.l4, self.answer) {
            (L4::Tcp, Some(Info::SynAck)) => ("TIME_WAIT", 120, true, true),
            (L4::Tcp, Some(_)) => ("CLOSE", 10, true, false),
            (L4::Tcp, None) => ("SYN_SENT", 120, false, false),
            (_, Some(Info::PortUnreachable)) | (_, None) => ("", 30, false, false),
            (_, Some(_)) => ("", 30, true, false),
        };
        CtEntry {
            proto: self.l4.number(),
            orig: self.orig,
            reply: self.reply,
            state: state.to_string(),
            timeout,
            replied,
            assured,
            icmp_id: self.icmp_id,
            at_ms,
        }
    }
}

/// Collects one evaluation's hits before they get a size.
#[derive(Default)]
pub(crate) struct Scratch(pub Vec<RuleId>);

impl Hits for Scratch {
    fn hit(&mut self, id: RuleId) {
        self.0.push(id);
    }
}

impl Counting {
    pub(crate) fn add(&mut self, ids: &[RuleId], bytes: u32) {
        for id in ids {
            self.hits.push((*id, 1, u64::from(bytes)));
        }
    }

    /// A connection was made: its later packets cross what its first ones did.
    pub(crate) fn connected(&mut self, payload: &Payload) {
        let (fwd, rev): (&[u32], &[u32]) = match payload {
            Payload::Empty => (&[0, 0, 0], &[0]),
            Payload::Http { .. } => (&[0, HTTP_REQUEST, 0, 0, 0], &[0, HTTP_ANSWER, 0]),
            Payload::Line(_) => (&[0, 0, 0, 0], &[0, 0]),
        };
        let line = match payload {
            Payload::Line(l) => l.len() as u32 + 1,
            _ => 0,
        };
        let size = |data: u32, k: usize| -> u64 {
            let data = if data == 0 && k == 1 { line } else { data };
            u64::from(SEGMENT_BYTES + data)
        };
        for (ids, sizes) in [(&self.later_fwd, fwd), (&self.later_rev, rev)] {
            for id in ids {
                let bytes: u64 = sizes.iter().enumerate().map(|(k, d)| size(*d, k)).sum();
                self.hits.push((*id, sizes.len() as u64, bytes));
            }
        }
        self.later_fwd.clear();
        self.later_rev.clear();
    }

    /// A connection was not made: its later packets never existed.
    pub(crate) fn not_connected(&mut self) {
        self.later_fwd.clear();
        self.later_rev.clear();
    }

    /// A counting for pings of `data` bytes (`ping -s`).
    pub fn icmp(data: u16) -> Counting {
        Counting {
            icmp_data: Some(data),
            ..Counting::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.hits.is_empty() && self.flows.is_empty()
    }
}

impl Engine {
    /// Adds what a command's packets matched to the rule counters. The
    /// counting was done against a view of this very state (the command
    /// changes no rule while it sends), so rule ids still name the same rules.
    pub fn count(&mut self, counting: Counting, now: crate::Timestamp) {
        if counting.is_empty() {
            return;
        }
        {
            let ct = &mut self.firewall_mut().conntrack;
            for f in &counting.flows {
                if ct.len() >= MAX_CONNTRACK {
                    ct.remove(0);
                }
                ct.push(f.entry(now.0));
            }
        }
        let mut keyed: Vec<(Table, String, String, u32, u64, u64)> = Vec::new();
        {
            let view = View::new(self);
            for (id, packets, bytes) in counting.hits {
                let Some((chain, rule, nth)) = key_of(&view, id.table, id.chain, id.index) else {
                    continue;
                };
                keyed.push((id.table, chain, rule, nth, packets, bytes));
            }
        }
        let fw = self.firewall_mut();
        for (t, chain, rule, nth, packets, bytes) in keyed {
            fw.count(t, &chain, &rule, nth, packets, bytes);
        }
    }
}

/// A rule's chain name, `-S` text and occurrence among equal rules of its
/// chain: how its counter is found again after the ruleset is regenerated.
pub(crate) fn key_of(view: &View, t: Table, c: Chain, index: u32) -> Option<(String, String, u32)> {
    let rules = &view.rules;
    let chain = rules.chain_name(t, c).to_string();
    if index == RuleId::POLICY {
        return Some((chain, String::new(), 0));
    }
    let all = rules.rules(t, c);
    let r = all.get(index as usize)?;
    let text = r.spec(view);
    let nth = all[..index as usize]
        .iter()
        .filter(|x| x.spec(view) == text)
        .count() as u32;
    Some((chain, text, nth))
}

/// The packets and bytes of each rule of a chain, in order (`-L -v`, `-S -v`).
pub fn chain_counts(view: &View, t: Table, c: Chain) -> Vec<(u64, u64)> {
    let fw = view.engine.firewall();
    let rules = &view.rules;
    let chain = rules.chain_name(t, c);
    let mut seen: Vec<(String, u32)> = Vec::new();
    rules
        .rules(t, c)
        .iter()
        .map(|r| {
            if fw.counters.is_empty() {
                return (0, 0);
            }
            let text = r.spec(view);
            let nth = match seen.iter_mut().find(|(s, _)| *s == text) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((text.clone(), 0));
                    0
                }
            };
            fw.counter(t, chain, &text, nth)
        })
        .collect()
}

/// A built-in chain's policy counters: the packets that fell off its end.
pub fn policy_counts(view: &View, t: Table, c: Chain) -> (u64, u64) {
    view.engine
        .firewall()
        .counter(t, view.rules.chain_name(t, c), "", 0)
}

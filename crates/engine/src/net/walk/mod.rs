//! The packet walk: a sender's socket and routing table, the container's
//! `ethN` → veth → bridge, the host's netfilter hooks (raw PREROUTING, nat
//! PREROUTING/OUTPUT, filter FORWARD, nat POSTROUTING), docker-proxy, the
//! LAN and the router, and the destination's socket — then the reply back,
//! with conntrack undoing the NAT. Every step is reported to the [`Tracer`];
//! nothing here depends on what the tracer does with it.
//!
//! [`run_from`] takes a probe through the walk's three steps, one module
//! each: `resolve` (1: the name to an address), `path` (2: the packet from
//! the sender's routing decision to the destination stack, and replies
//! back) and `transport` (3: what takes it there: a socket, docker-proxy, a
//! service, or the reason none does; TCP and UDP differ only by a `Conn`).

use super::counting::{self, Counting, Scratch};
use super::dns::{self, Embedded, EMBEDDED};
use super::netfilter::{
    Chain, Decision, Origin, Pkt, Rule, RuleId, Table, Verdict as NfVerdict, L4,
};
use super::route::{self, Egress, RouteTo};
use super::text::{self, cat};
use super::tracer::{Allowed, Hdr, HopEvent, Info, NoRouteWhy, Note, Place, Tracer};
use super::view::{
    in_net, internet_services, is_public, IfId, SockOwner, Socket, Stack, View, IF_ETH0,
};
use super::{
    Delivery, Lookup, LookupSource, Node, Outcome, Probe, Rcode, Resolve, Server, Service,
    Transport, Unreachable,
};
use crate::image::stable_hash;
use crate::model::Container;
use crate::ports::Proto;
use crate::trace::{Action, Verdict};
use std::net::{Ipv4Addr, SocketAddrV4};

mod path;
mod resolve;
mod transport;

/// The LAN router's public address (TEST-NET-3).
pub const ROUTER_PUBLIC: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 7);
/// Where "the internet" sends from when it probes the LAN (TEST-NET-2).
pub const INTERNET_CLIENT: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 23);

/// Address translations a connection went through, for its replies.
#[derive(Debug, Default, Clone, Copy)]
struct Ct {
    /// (original destination, new destination) at the host.
    dnat: Option<(SocketAddrV4, SocketAddrV4)>,
    /// (original source, new source) at the host (MASQUERADE).
    snat: Option<(SocketAddrV4, SocketAddrV4)>,
    /// (LAN source, public source) at the router.
    router: Option<(SocketAddrV4, SocketAddrV4)>,
}

enum Moved<'e> {
    Arrived {
        at: Stack,
        hdr: Hdr,
        iface: Place<'e>,
    },
    Dropped,
    NoHost,
    /// A `-j REJECT` rule stopped it: the host at `by` answers the sender.
    Rejected {
        by: Ipv4Addr,
        how: Rejection,
    },
}

/// What a REJECT answers (its `--reject-with`), as the sender's kernel takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rejection {
    /// Port unreachable, protocol unreachable, TCP RST: "Connection refused".
    Refused,
    /// Host unreachable or prohibited: "No route to host".
    Host,
    /// Network unreachable or prohibited: "Network is unreachable".
    Network,
}

impl Rejection {
    /// What the REJECT rule that decided answers: its `--reject-with`, or
    /// iptables' default (icmp-port-unreachable).
    fn by_rule(rule: Option<&Rule>) -> Rejection {
        match rule.and_then(|r| r.user.as_deref()).map(|u| &u.spec.action) {
            Some(crate::net::firewall::Action::Reject(with)) => Rejection::of(with),
            _ => Rejection::Refused,
        }
    }

    fn of(with: &str) -> Rejection {
        match with {
            "icmp-host-unreachable" | "icmp-host-prohibited" | "icmp-admin-prohibited" => {
                Rejection::Host
            }
            "icmp-net-unreachable" | "icmp-net-prohibited" => Rejection::Network,
            _ => Rejection::Refused,
        }
    }
    fn outcome(self) -> Outcome {
        match self {
            Rejection::Refused => Outcome::Refused,
            Rejection::Host => Outcome::Unreachable(Unreachable::Host),
            Rejection::Network => Outcome::Unreachable(Unreachable::Network),
        }
    }
}

/// A packet that reached a stack, with the translations on its way.
struct Reached<'e> {
    at: Stack,
    hdr: Hdr,
    iface: Place<'e>,
    ct: Ct,
    /// Its conntrack flow, on a real send that crossed the host.
    flow: Option<usize>,
}

enum DnsResult {
    Answer(Vec<Ipv4Addr>),
    Error(Rcode),
    Failed(Outcome),
}

struct W<'v, 'e, 't> {
    v: &'v View<'e>,
    t: &'t mut dyn Tracer,
    rtt: u32,
    salt: u64,
    /// The probe's round of DNS questions (see [`Probe::round`]).
    round: u32,
    qname: String,
    pending: Option<(String, Ipv4Addr)>,
    /// The sending container's name, for hints.
    sender: Option<&'e str>,
    origin: Stack,
    /// TTL of the packet being walked, and of the last reply that arrived.
    ttl: u8,
    reply_ttl: u8,
    /// The sender wants the outcome's details (server names, IDs);
    /// see [`Probe::details`].
    details: bool,
    /// The host address that answered a `-j REJECT`.
    rejected_by: Option<Ipv4Addr>,
    /// A real send's rule counters (None: a hypothetical probe).
    count: Option<&'t mut Counting>,
}

#[inline]
fn ev(at: Place<'_>, action: Action, hdr: Hdr) -> HopEvent<'_> {
    HopEvent {
        at,
        action,
        before: hdr,
        after: hdr,
        verdict: Verdict::Delivered,
        rule: None,
        note: None,
        quiet: false,
    }
}

/// The host's LAN interface.
const HOST_ETH0: Place<'static> = Place::Iface {
    at: Stack::Host,
    name: "eth0",
};
/// dockerd forwarding a container's DNS query (from the host's stack).
const DOCKERD: Place<'static> = Place::Iface {
    at: Stack::Host,
    name: "dockerd (embedded DNS)",
};
/// The LAN router.
const ROUTER: Place<'static> = Place::Iface {
    at: Stack::Router,
    name: "router",
};

/// What differs between a TCP connection and a UDP datagram.
#[derive(Debug, Clone, Copy)]
struct Conn {
    l4: L4,
    /// The first packet: a SYN, or the datagram.
    first: Info,
    /// What the server answers when it takes it (TCP's SYN-ACK).
    answer: Option<Info>,
    /// What a closed port answers: RST, or ICMP port unreachable.
    refused: Info,
}

impl Conn {
    /// docker-proxy with no container address to forward to: TCP refuses,
    /// a datagram is lost.
    fn no_proxy_target(self) -> Outcome {
        if self.answer.is_some() {
            Outcome::Refused
        } else {
            Outcome::TimedOut
        }
    }

    /// docker-proxy's own connection failed (not by timing out): the
    /// client's TCP connection is reset; for UDP the proxy hears the ICMP
    /// error and the client nothing.
    fn proxy_failed(self) -> Outcome {
        if self.answer.is_some() {
            Outcome::Reset
        } else {
            Outcome::TimedOut
        }
    }
}

const TCP: Conn = Conn {
    l4: L4::Tcp,
    first: Info::Syn,
    answer: Some(Info::SynAck),
    refused: Info::Rst,
};

const UDP: Conn = Conn {
    l4: L4::Udp,
    first: Info::Datagram,
    answer: None,
    refused: Info::PortUnreachable,
};

#[inline]
fn sa(ip: Ipv4Addr, port: u16) -> SocketAddrV4 {
    SocketAddrV4::new(ip, port)
}

/// Runs one probe.
pub(super) fn run(view: &View, probe: &Probe, t: &mut dyn Tracer) -> Delivery {
    run_from(view, probe, t, &sender(view, &probe.from))
}

/// Runs one probe of a real send: the rules its packets match count them.
pub(super) fn run_counted(
    view: &View,
    probe: &Probe,
    t: &mut dyn Tracer,
    count: &mut Counting,
) -> Delivery {
    run_inner(view, probe, t, &sender(view, &probe.from), Some(count))
}

/// What a probe's walk needs to know about its sender, independent of the
/// destination: callers that send many probes from one sender (the matrix)
/// compute it once.
#[derive(Debug, Clone, Copy)]
pub struct Sender<'e> {
    /// The sender's part of the seed of ephemeral ports.
    hash: u64,
    /// Where it sends from (and the container that sends); `None`: a
    /// container that is not running or has no network stack.
    start: Option<(Stack, Option<&'e Container>)>,
}

/// The [`Sender`] of probes from `from`.
pub(super) fn sender<'e>(view: &View<'e>, from: &Node) -> Sender<'e> {
    let (name, start) = match from {
        Node::Host => ("host", Some((Stack::Host, None))),
        Node::Lan => ("lan", Some((Stack::Lan, None))),
        Node::Internet => ("internet", Some((Stack::Internet(INTERNET_CLIENT), None))),
        Node::Container(id) => {
            let c = view
                .by_id
                .get(id.as_str())
                .copied()
                .or_else(|| view.engine.find_container(id).ok());
            (
                id.as_str(),
                c.and_then(|c| view.stack_of(&c.id).map(|s| (s, Some(c)))),
            )
        }
    };
    Sender {
        hash: stable_hash(name),
        start,
    }
}

/// [`run`] with the sender already looked up (`s` must be `sender(view, &probe.from)`).
pub(super) fn run_from<'e>(
    view: &View<'e>,
    probe: &Probe,
    t: &mut dyn Tracer,
    s: &Sender<'e>,
) -> Delivery {
    run_inner(view, probe, t, s, None)
}

fn run_inner<'e>(
    view: &View<'e>,
    probe: &Probe,
    t: &mut dyn Tracer,
    s: &Sender<'e>,
    count: Option<&mut Counting>,
) -> Delivery {
    let salt = s.hash
        ^ stable_hash(&probe.dst).rotate_left(17)
        ^ (u64::from(probe.port) << 32 | u64::from(probe.seq)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut w = W {
        v: view,
        t,
        rtt: 0,
        salt,
        round: probe.round,
        qname: String::new(),
        pending: None,
        sender: None,
        origin: Stack::Host,
        ttl: 64,
        reply_ttl: 0,
        details: probe.details,
        rejected_by: None,
        count,
    };
    let mut d = Delivery {
        outcome: Outcome::TimedOut,
        resolved: None,
        lookup: None,
        packets: Vec::new(),
        rtt_us: 0,
        ttl: 0,
        reason: None,
        hint: None,
        rejected_by: None,
    };
    let (stack, origin_ctr): (Stack, Option<&Container>) = match s.start {
        Some((stack, ctr)) => {
            if let Some(c) = ctr {
                w.sender = Some(c.name.as_str());
            }
            (stack, ctr)
        }
        None => {
            d.outcome = Outcome::Unreachable(Unreachable::Network);
            return d;
        }
    };
    w.origin = stack;

    // Name resolution.
    let literal = probe.dst.parse::<Ipv4Addr>().ok();
    let dst = match literal {
        Some(ip) => ip,
        None => {
            let lookup = w.resolve(
                stack,
                origin_ctr,
                &probe.dst,
                probe.resolve,
                probe.dns_server,
            );
            let first = lookup.answers.first().copied();
            d.lookup = Some(lookup);
            match first {
                Some(ip) => ip,
                None => {
                    d.outcome = Outcome::NameNotFound;
                    return d;
                }
            }
        }
    };
    d.resolved = Some(dst);
    if probe.transport == Transport::Dns {
        if let Some((name, ip)) = w.pending.take() {
            // A hosts-file answer for a lookup: no packet, but a trace of it.
            let h = Hdr {
                l4: L4::Udp,
                src: Ipv4Addr::LOCALHOST,
                sport: 0,
                dst: Ipv4Addr::LOCALHOST,
                dport: 0,
                info: Info::DnsAnswer(Some(ip)),
            };
            w.qname = name.clone();
            w.t.begin(&h, &name);
            let mut e = ev(Place::HostsFile(stack), Action::Resolve, h);
            e.note = Some(Note::HostsFile {
                name: &name,
                addr: ip,
            });
            w.t.hop(view, &e);
            w.t.end(Verdict::Delivered);
        }
        let addrs = match &d.lookup {
            _ if !w.details => Vec::new(),
            Some(l) => l.answers.clone(),
            None => vec![dst],
        };
        d.outcome = Outcome::Resolved { addrs };
        return d;
    }
    w.rtt = 0;
    w.qname.clear();
    let host_name = (literal.is_none() && w.details).then(|| probe.dst.clone());
    d.outcome = match probe.transport {
        Transport::Tcp => w.connect(TCP, stack, dst, probe.port, host_name, None),
        Transport::Udp => w.connect(UDP, stack, dst, probe.port, host_name, None),
        Transport::Icmp => w.echo(stack, dst, probe.seq),
        Transport::Dns => unreachable!(),
    };
    if let Some(c) = w.count.as_deref_mut() {
        match (&d.outcome, probe.transport) {
            (Outcome::Connected { .. }, Transport::Tcp) => c.connected(&probe.payload),
            _ => c.not_connected(),
        }
    }
    d.rtt_us = w.rtt + (salt % 17) as u32;
    d.ttl = w.reply_ttl;
    d.rejected_by = w.rejected_by;
    d
}

impl<'v, 'e, 't> W<'v, 'e, 't> {
    #[inline]
    fn emit(&mut self, e: HopEvent) {
        if !e.quiet {
            self.rtt += match e.at.stack() {
                Stack::Internet(_) => 4700,
                Stack::Lan | Stack::Router => 160,
                _ => 7,
            };
        }
        self.t.hop_owned(self.v, e);
    }

    /// A name for an outcome: empty when the observer wants no details.
    fn text(&self, s: &str) -> String {
        if self.details {
            s.to_string()
        } else {
            String::new()
        }
    }

    fn eph(&mut self) -> u16 {
        self.salt = self
            .salt
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        32768 + ((self.salt >> 33) % 28232) as u16
    }

    #[inline]
    fn node(&self, s: Stack) -> &'e str {
        self.v.node_name(s)
    }

    #[inline]
    fn rule(&self, id: Option<RuleId>) -> Option<&'v Rule> {
        id.and_then(|id| self.v.rules.rule(id))
    }

    /// Evaluates a netfilter chain for `hdr`; a real send counts the rules
    /// it matched (and, for a TCP connection's first packet each way, the
    /// rules its later packets will match: [`counting`]).
    #[inline]
    fn eval(&mut self, table: Table, chain: Chain, p: &Pkt, hdr: &Hdr) -> NfVerdict {
        let Some(c) = self.count.as_deref_mut() else {
            return self.v.rules.eval(table, chain, p);
        };
        // The first host hook a connection's first packet meets: conntrack's
        // original tuple.
        if !p.established
            && c.pending.is_none()
            && matches!(
                (table, chain),
                (Table::Raw, Chain::Prerouting) | (Table::Nat, Chain::Output)
            )
        {
            c.pending = Some((p.proto, p.src, p.sport, p.dst, p.dport));
        }
        let mut hits = Scratch::default();
        let verdict = self.v.rules.eval_counted(table, chain, p, &mut hits);
        c.add(&hits.0, wire_bytes(hdr, &self.qname, c.icmp_data));
        if table != Table::Nat && matches!(hdr.info, Info::Syn | Info::SynAck) {
            let later = Pkt {
                established: true,
                ..*p
            };
            let mut hits = Scratch::default();
            self.v.rules.eval_counted(table, chain, &later, &mut hits);
            if hdr.info == Info::Syn {
                c.later_fwd.extend(hits.0);
            } else {
                c.later_rev.extend(hits.0);
            }
        }
        verdict
    }

    #[inline]
    fn pkt(&self, hdr: &Hdr, in_if: Option<IfId>, out_if: Option<IfId>, established: bool) -> Pkt {
        Pkt {
            src: hdr.src,
            dst: hdr.dst,
            proto: hdr.l4,
            sport: hdr.sport,
            dport: hdr.dport,
            orig_dst: None,
            in_if,
            out_if,
            established,
            dst_local: self.v.is_host_local(hdr.dst),
            icmp_type: match hdr.info {
                Info::EchoRequest(_) => Some(8),
                Info::EchoReply(_) => Some(0),
                Info::PortUnreachable => Some(3),
                _ => None,
            },
        }
    }
}

/// A packet's size on the wire (IPv4 header included), as counters add it.
fn wire_bytes(hdr: &Hdr, qname: &str, icmp_data: Option<u16>) -> u32 {
    // A DNS question: header 12, the name as labels (+2), type and class 4.
    let question = 12 + qname.len() as u32 + 2 + 4;
    match hdr.info {
        Info::Syn | Info::SynAck => counting::SYN_BYTES,
        Info::Rst => 40,
        Info::EchoRequest(_) | Info::EchoReply(_) => 28 + u32::from(icmp_data.unwrap_or(56)),
        // The ICMP error quotes the datagram's IP and UDP headers.
        Info::PortUnreachable => 20 + 8 + 28,
        Info::Datagram => 28,
        Info::DnsQuery | Info::DnsError(_) | Info::DnsAnswer(None) => 28 + question,
        // One A record: a name pointer, type, class, TTL, length, address.
        Info::DnsAnswer(Some(_)) => 28 + question + 16,
    }
}

//! The packet walk: a sender's socket and routing table, the container's
//! `ethN` → veth → bridge, the host's netfilter hooks (raw PREROUTING, nat
//! PREROUTING/OUTPUT, filter FORWARD, nat POSTROUTING), docker-proxy, the
//! LAN and the router, and the destination's socket — then the reply back,
//! with conntrack undoing the NAT. Every step is reported to the [`Tracer`];
//! nothing here depends on what the tracer does with it.

use super::dns::{self, Embedded, EMBEDDED};
use super::netfilter::{Chain, Decision, Origin, Pkt, Rule, RuleId, Table, L4};
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
    Arrived { at: Stack, hdr: Hdr, iface: Place<'e> },
    Dropped,
    NoHost,
}

/// A packet that reached a stack, with the translations on its way.
struct Reached<'e> {
    at: Stack,
    hdr: Hdr,
    iface: Place<'e>,
    ct: Ct,
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

#[inline]
fn sa(ip: Ipv4Addr, port: u16) -> SocketAddrV4 {
    SocketAddrV4::new(ip, port)
}

/// Runs one probe.
pub(super) fn run(view: &View, probe: &Probe, t: &mut dyn Tracer) -> Delivery {
    run_from(view, probe, t, &sender(view, &probe.from))
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
        Transport::Tcp => w.tcp(stack, dst, probe.port, host_name, None),
        Transport::Udp => w.udp(stack, dst, probe.port, host_name, None),
        Transport::Icmp => w.echo(stack, dst, probe.seq),
        Transport::Dns => unreachable!(),
    };
    d.rtt_us = w.rtt + (salt % 17) as u32;
    d.ttl = w.reply_ttl;
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

    #[inline]
    fn pkt(&self, hdr: &Hdr, in_if: Option<IfId>, out_if: Option<IfId>, established: bool) -> Pkt {
        Pkt {
            src: hdr.src,
            dst: hdr.dst,
            proto: hdr.l4,
            dport: hdr.dport,
            in_if,
            out_if,
            established,
            dst_local: self.v.is_host_local(hdr.dst),
        }
    }

    // ----- name resolution ------------------------------------------------

    fn resolve(
        &mut self,
        from: Stack,
        origin: Option<&Container>,
        name: &str,
        mode: Resolve,
        server: Option<Ipv4Addr>,
    ) -> Lookup {
        let v = self.v;
        if mode == Resolve::System && server.is_none() {
            if let Some(ip) = dns::hosts_lookup(v, from, origin, name) {
                self.pending = Some((name.to_string(), ip));
                return Lookup {
                    name: name.to_string(),
                    source: LookupSource::HostsFile,
                    answers: vec![ip],
                    rcode: None,
                    no_server: None,
                };
            }
        }
        let one;
        let servers: &[Ipv4Addr] = match server {
            Some(s) => {
                one = [s];
                &one
            }
            None => &dns::nameservers(v, from),
        };
        self.qname = name.to_string();
        let mut failure = Unreachable::Network;
        let mut timed_out = false;
        for &s in servers.iter().take(3) {
            let r = match from {
                Stack::Ns(ns) if s == EMBEDDED && v.netns[ns].embedded_dns => {
                    self.embedded(ns, name)
                }
                _ => self.dns_query(from, s, name, None),
            };
            match r {
                DnsResult::Answer(answers) => {
                    return Lookup {
                        name: name.to_string(),
                        source: LookupSource::Dns { server: s },
                        answers,
                        rcode: None,
                        no_server: None,
                    };
                }
                DnsResult::Error(rc) => {
                    return Lookup {
                        name: name.to_string(),
                        source: LookupSource::Dns { server: s },
                        answers: Vec::new(),
                        rcode: Some(rc),
                        no_server: None,
                    };
                }
                DnsResult::Failed(Outcome::Unreachable(u)) => failure = u,
                DnsResult::Failed(_) => timed_out = true,
            }
        }
        let first = servers.first().copied().unwrap_or(Ipv4Addr::UNSPECIFIED);
        let _ = timed_out;
        Lookup {
            name: name.to_string(),
            source: LookupSource::Dns { server: first },
            answers: Vec::new(),
            rcode: None,
            no_server: Some(failure),
        }
    }

    /// A question to Docker's embedded DNS server inside namespace `ns`.
    fn embedded(&mut self, ns: usize, name: &str) -> DnsResult {
        let v = self.v;
        let node = v.netns[ns].name();
        let sport = self.eph();
        let q = Hdr {
            l4: L4::Udp,
            src: Ipv4Addr::LOCALHOST,
            sport,
            dst: EMBEDDED,
            dport: 53,
            info: Info::DnsQuery,
        };
        self.t.begin(&q, name);
        self.emit(ev(Place::Iface { at: Stack::Ns(ns), name: "lo" }, Action::Send, q));
        let answer = dns::embedded_lookup(v, ns, name);
        let result = match answer {
            Embedded::Found { addrs, network } => {
                let mut e = ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Resolve, q);
                e.note = Some(Note::EmbeddedAnswer { name, network });
                self.emit(e);
                self.t.end(Verdict::Delivered);
                DnsResult::Answer(dns::round_robin(addrs, name, self.round))
            }
            Embedded::ServFail => {
                let mut e = ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Resolve, q);
                e.verdict = Verdict::Rejected;
                e.note = Some(Note::Text {
                    reason: format!(
                        "'{name}' is not a container name, and every network of {node} is --internal: Docker's embedded DNS server has nowhere to forward the query (SERVFAIL)"
                    ),
                    hint: Some(format!("internal networks have no way out, not even for DNS: connect {node} to a non-internal network to resolve outside names")),
                });
                self.emit(e);
                self.t.end(Verdict::Rejected);
                DnsResult::Error(Rcode::ServFail)
            }
            Embedded::Forward(ups) => {
                let mut e = ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Resolve, q);
                e.note = Some(Note::EmbeddedForward {
                    name,
                    upstream: ups.first().copied().unwrap_or(Ipv4Addr::UNSPECIFIED),
                });
                self.emit(e);
                self.t.end(Verdict::Delivered);
                let mut r = DnsResult::Error(Rcode::ServFail);
                for up in ups.iter().take(3) {
                    r = self.dns_query(Stack::Host, *up, name, Some(DOCKERD));
                    if !matches!(r, DnsResult::Failed(_)) {
                        break;
                    }
                }
                match r {
                    DnsResult::Failed(_) => DnsResult::Error(Rcode::ServFail),
                    other => other,
                }
            }
        };
        // The answer back to the asker, over lo.
        let info = match &result {
            DnsResult::Answer(a) => Info::DnsAnswer(a.first().copied()),
            DnsResult::Error(rc) => Info::DnsError(*rc),
            DnsResult::Failed(_) => Info::DnsError(Rcode::ServFail),
        };
        let a = Hdr {
            l4: L4::Udp,
            src: EMBEDDED,
            sport: 53,
            dst: Ipv4Addr::LOCALHOST,
            dport: sport,
            info,
        };
        self.t.begin(&a, name);
        self.emit(ev(Place::EmbeddedDns(Stack::Ns(ns)), Action::Send, a));
        self.emit(ev(Place::Iface { at: Stack::Ns(ns), name: "lo" }, Action::Deliver, a));
        self.t.end(Verdict::Delivered);
        result
    }

    /// A DNS query over the network to `server`.
    fn dns_query(
        &mut self,
        from: Stack,
        server: Ipv4Addr,
        name: &str,
        send_iface: Option<Place<'static>>,
    ) -> DnsResult {
        let r = match self.exchange(from, L4::Udp, server, 53, Info::DnsQuery, send_iface) {
            Ok(r) => r,
            Err(o) => return DnsResult::Failed(o),
        };
        let v = self.v;
        let is_dns = match r.at {
            Stack::Router => true,
            Stack::Internet(ip) => internet_services(ip)
                .is_some_and(|s| s.iter().any(|(p, port, _)| *p == Proto::Udp && *port == 53)),
            _ => false,
        };
        if !is_dns {
            let mut e = ev(r.iface, Action::Reject, r.hdr);
            e.verdict = Verdict::Rejected;
            e.note = Some(Note::Text {
                reason: format!("no DNS server listens on {server}:53"),
                hint: Some("check the nameserver address".to_string()),
            });
            self.emit(e);
            self.t.end(Verdict::Rejected);
            self.reply(&r, Info::PortUnreachable);
            return DnsResult::Failed(Outcome::Refused);
        }
        let answer = dns::server_lookup(v, r.at, name);
        let server_label: &'static str = if r.at == Stack::Router {
            "the LAN router's DNS"
        } else {
            "the public DNS resolver"
        };
        let mut e = ev(r.iface, Action::Resolve, r.hdr);
        let info = match answer {
            Some(ip) => {
                e.note = Some(Note::DnsAnswer {
                    name,
                    server: server_label,
                });
                Info::DnsAnswer(Some(ip))
            }
            None => {
                e.verdict = Verdict::Rejected;
                e.note = Some(self.nx_note(name, server));
                Info::DnsError(Rcode::NxDomain)
            }
        };
        let verdict = e.verdict;
        self.emit(e);
        self.t.end(verdict);
        self.reply(&r, info);
        match answer {
            Some(ip) => DnsResult::Answer(vec![ip]),
            None => DnsResult::Error(Rcode::NxDomain),
        }
    }

    /// Why a name was not found, given who asked.
    fn nx_note<'n>(&self, name: &'n str, server: Ipv4Addr) -> Note<'n>
    where
        'e: 'n,
    {
        let v = self.v;
        let known = dns::is_container_name(v, name);
        match self.origin {
            Stack::Ns(ns) if known && v.netns[ns].embedded_dns => {
                let asker = v.netns[ns].name();
                let network: &'e str = v
                    .names
                    .get(dns::norm(name).as_ref())
                    .copied()
                    .flatten()
                    .map_or("its network", |b| &v.bridges[b].net.name);
                Note::NotShared {
                    name,
                    asker,
                    network,
                    server,
                }
            }
            Stack::Ns(ns) if known => {
                let asker = v.netns[ns].name();
                Note::Text {
                    reason: cat(&[
                        "no DNS on the default bridge: containers there only know each other through /etc/hosts, and ",
                        &text::ip(server), " knows nothing about container '", name, "' (NXDOMAIN)",
                    ]),
                    hint: Some(cat(&["use a user-defined network: docker network create mynet, then docker network connect mynet ", asker, " (and the other container)"])),
                }
            }
            Stack::Host | Stack::Lan if known => Note::Text {
                reason: cat(&["'", name, "' is a container name, but this machine's resolver (", &text::ip(server), ") knows nothing about containers (NXDOMAIN)"]),
                hint: Some("use the container's IP address (docker inspect), or publish a port and use the host's address".to_string()),
            },
            _ => Note::Text { reason: cat(&[&text::ip(server), " has no address for '", name, "' (NXDOMAIN)"]), hint: Some("check the name".to_string()) },
        }
    }

    // ----- transports -------------------------------------------------------

    /// docker-proxy takes what reached a published port: its hop, and the
    /// container address it forwards to (None when the container has no
    /// interface with a gateway to forward to).
    fn proxy_hop(
        &mut self,
        r: &Reached<'e>,
        sock: &Socket<'e>,
        container: &'e Container,
        container_port: u16,
    ) -> Option<SocketAddrV4> {
        let ns = self.v.ns_of(&container.id)?;
        let to = sa(ns.ifaces[ns.gateway?].ip(), container_port);
        let mut e = ev(Place::DockerProxy, Action::Proxy, r.hdr);
        e.note = Some(Note::Proxy {
            container: &container.name,
            listen: sa(sock.addr, sock.port),
            to,
        });
        self.emit(e);
        self.t.end(Verdict::Delivered);
        Some(to)
    }

    fn tcp(
        &mut self,
        from: Stack,
        dst: Ipv4Addr,
        port: u16,
        host_name: Option<String>,
        send_iface: Option<Place<'static>>,
    ) -> Outcome {
        let r = match self.exchange(from, L4::Tcp, dst, port, Info::Syn, send_iface) {
            Ok(r) => r,
            Err(o) => return o,
        };
        let node = self.node(r.at);
        match self.listener(&r) {
            Ok(Found::Sock(sock)) => match sock.owner {
                SockOwner::Proxy { container, binding } => {
                    let Some(to) = self.proxy_hop(&r, &sock, container, binding.container_port)
                    else {
                        return Outcome::Refused;
                    };
                    if !self.reply(&r, Info::SynAck) {
                        return Outcome::TimedOut;
                    }
                    match self.tcp(Stack::Host, *to.ip(), to.port(), None, Some(Place::DockerProxy)) {
                        Outcome::Connected { mut server } => {
                            server.via_proxy = true;
                            Outcome::Connected { server }
                        }
                        Outcome::TimedOut => Outcome::TimedOut,
                        _ => Outcome::Reset,
                    }
                }
                _ => {
                    let server = self.accept(&r, sock, host_name);
                    self.deliver_note(&r, &server, Some(sock));
                    if !self.reply(&r, Info::SynAck) {
                        return Outcome::TimedOut;
                    }
                    Outcome::Connected { server }
                }
            },
            Ok(Found::Service(service)) => {
                let server = Server {
                    node: self.text(node),
                    container_id: None,
                    service,
                    local: sa(r.hdr.dst, r.hdr.dport),
                    peer: sa(r.hdr.src, r.hdr.sport),
                    via_proxy: false,
                    host_name,
                };
                self.deliver_note(&r, &server, None);
                if !self.reply(&r, Info::SynAck) {
                    return Outcome::TimedOut;
                }
                Outcome::Connected { server }
            }
            Err(note) => {
                let mut e = ev(r.iface, Action::Reject, r.hdr);
                e.verdict = Verdict::Rejected;
                e.note = Some(note);
                self.emit(e);
                self.t.end(Verdict::Rejected);
                self.reply(&r, Info::Rst);
                Outcome::Refused
            }
        }
    }

    fn udp(
        &mut self,
        from: Stack,
        dst: Ipv4Addr,
        port: u16,
        host_name: Option<String>,
        send_iface: Option<Place<'static>>,
    ) -> Outcome {
        let r = match self.exchange(from, L4::Udp, dst, port, Info::Datagram, send_iface) {
            Ok(r) => r,
            Err(o) => return o,
        };
        let node = self.node(r.at);
        match self.listener(&r) {
            Ok(Found::Sock(sock)) => match sock.owner {
                SockOwner::Proxy { container, binding } => {
                    let Some(to) = self.proxy_hop(&r, &sock, container, binding.container_port)
                    else {
                        return Outcome::TimedOut;
                    };
                    match self.udp(Stack::Host, *to.ip(), to.port(), None, Some(Place::DockerProxy)) {
                        Outcome::Connected { mut server } => {
                            server.via_proxy = true;
                            Outcome::Connected { server }
                        }
                        // The proxy hears the ICMP error; the client hears nothing.
                        _ => Outcome::TimedOut,
                    }
                }
                _ => {
                    let server = self.accept(&r, sock, host_name);
                    self.deliver_note(&r, &server, Some(sock));
                    Outcome::Connected { server }
                }
            },
            Ok(Found::Service(service)) => {
                let server = Server {
                    node: self.text(node),
                    container_id: None,
                    service,
                    local: sa(r.hdr.dst, r.hdr.dport),
                    peer: sa(r.hdr.src, r.hdr.sport),
                    via_proxy: false,
                    host_name,
                };
                self.deliver_note(&r, &server, None);
                Outcome::Connected { server }
            }
            Err(note) => {
                let mut e = ev(r.iface, Action::Reject, r.hdr);
                e.verdict = Verdict::Rejected;
                e.note = Some(note);
                self.emit(e);
                self.t.end(Verdict::Rejected);
                self.reply(&r, Info::PortUnreachable);
                Outcome::Refused
            }
        }
    }

    fn echo(&mut self, from: Stack, dst: Ipv4Addr, seq: u16) -> Outcome {
        let r = match self.exchange(from, L4::Icmp, dst, 0, Info::EchoRequest(seq), None) {
            Ok(r) => r,
            Err(o) => return o,
        };
        let node = self.node(r.at);
        let mut e = ev(r.iface, Action::Deliver, r.hdr);
        e.note = Some(Note::Echo { node });
        self.emit(e);
        self.t.end(Verdict::Delivered);
        if !self.reply(&r, Info::EchoReply(seq)) {
            return Outcome::TimedOut;
        }
        let container_id = match r.at {
            Stack::Ns(ns) if self.details => Some(self.v.netns[ns].owner.id.clone()),
            _ => None,
        };
        Outcome::Connected {
            server: Server {
                node: self.text(node),
                container_id,
                service: Service::OTHER,
                local: sa(r.hdr.dst, 0),
                peer: sa(r.hdr.src, 0),
                via_proxy: false,
                host_name: None,
            },
        }
    }

    fn accept(&self, r: &Reached<'e>, sock: Socket<'e>, host_name: Option<String>) -> Server {
        let (container_id, service) = match sock.owner {
            SockOwner::Process { container, service } => (Some(&container.id), service),
            SockOwner::Sshd => (None, Service::SSHD),
            SockOwner::Proxy { container, .. } => (Some(&container.id), Service::OTHER),
        };
        let container_id = container_id.filter(|_| self.details).cloned();
        Server {
            node: self.text(self.node(r.at)),
            container_id,
            service,
            local: sa(r.hdr.dst, r.hdr.dport),
            peer: sa(r.hdr.src, r.hdr.sport),
            via_proxy: false,
            host_name,
        }
    }

    fn deliver_note(&mut self, r: &Reached<'e>, server: &Server, sock: Option<Socket<'e>>) {
        let node = self.node(r.at);
        let mut e = ev(r.iface, Action::Deliver, r.hdr);
        let socket = sock.map(|s| sa(s.addr, s.port)).unwrap_or(server.local);
        let container = match sock.map(|s| s.owner) {
            Some(SockOwner::Process { container, .. }) => Some(container.name.as_str()),
            _ => None,
        };
        e.note = Some(Note::Listening {
            node,
            service: server.service,
            socket,
            container,
        });
        self.emit(e);
        self.t.end(Verdict::Delivered);
    }

    // ----- sockets ----------------------------------------------------------

    fn listener(&self, r: &Reached<'e>) -> Result<Found<'e>, Note<'e>> {
        let v = self.v;
        let h = &r.hdr;
        let Some(proto) = h.l4.proto() else {
            return Err(Note::Text {
                reason: "not a port protocol".into(),
                hint: None,
            });
        };
        let (dst, port) = (h.dst, h.dport);
        match r.at {
            Stack::Ns(ns) => {
                let n = &v.netns[ns];
                if dst == EMBEDDED && port == 53 && n.embedded_dns {
                    return Ok(Found::Service(Service::DNS));
                }
                if let Some(s) = n.sockets.iter().find(|s| s.accepts(proto, dst, port)) {
                    return Ok(Found::Sock(*s));
                }
                let name = n.name();
                if let Some(s) = n
                    .sockets
                    .iter()
                    .find(|s| s.proto == proto && s.port == port && s.addr.is_loopback())
                {
                    return Err(Note::Text {
                        reason: format!(
                            "the app listens on {}:{} inside the container, so only {name} itself can reach it, not via {dst}",
                            s.addr, port
                        ),
                        hint: Some("make the app listen on all addresses (0.0.0.0), e.g. python -m http.server --bind 0.0.0.0".to_string()),
                    });
                }
                if let Some(s) = n
                    .sockets
                    .iter()
                    .find(|s| s.port == port && s.proto != proto)
                {
                    return Err(Note::Text {
                        reason: format!(
                            "{name} listens on {port}/{}, not {port}/{}",
                            s.proto, proto
                        ),
                        hint: Some(format!("use {} instead", s.proto)),
                    });
                }
                let listening: Vec<String> = n
                    .sockets
                    .iter()
                    .map(|s| format!("{}/{}", s.port, s.proto))
                    .collect();
                let also = if listening.is_empty() {
                    String::new()
                } else {
                    format!(" (it listens on {})", listening.join(", "))
                };
                if let Some(note) = localhost_is_the_container(v, n, dst, port, proto) {
                    return Err(note);
                }
                let hint = if r.ct.dnat.is_some() {
                    "the published port points at a container port nothing listens on: check the CONTAINER side of -p HOST:CONTAINER".to_string()
                } else if listening.is_empty() {
                    format!("nothing listens in {name}: start a server in it, or check docker logs {name}")
                } else {
                    format!("connect to a port {name} listens on")
                };
                Err(Note::Text { reason: format!("nothing listens on port {port}/{proto} in {name}{also}: the kernel answers with a reset"), hint: Some(hint) })
            }
            Stack::Host => {
                if let Some(s) = v.host_sockets.iter().find(|s| s.accepts(proto, dst, port)) {
                    return Ok(Found::Sock(*s));
                }
                let proxies: Vec<&Socket> = v
                    .host_sockets
                    .iter()
                    .filter(|s| s.port == port && matches!(s.owner, SockOwner::Proxy { .. }))
                    .collect();
                if let Some(s) = proxies.iter().find(|s| s.proto == proto) {
                    let cport = match s.owner {
                        SockOwner::Proxy { binding, .. } => binding.container_port,
                        _ => port,
                    };
                    return Err(Note::Text {
                        reason: format!("port {port} is published on {} only: it is reachable from the host itself, not via {dst}", s.addr),
                        hint: Some(format!("publish on all addresses instead: -p {port}:{cport}")),
                    });
                }
                if let Some(s) = proxies.first() {
                    let cport = match s.owner {
                        SockOwner::Proxy { binding, .. } => binding.container_port,
                        _ => port,
                    };
                    return Err(Note::Text {
                        reason: format!(
                            "port {port}/{proto} is not published: only {port}/{} is",
                            s.proto
                        ),
                        hint: Some(format!("publish it too: -p {port}:{cport}/{proto}")),
                    });
                }
                Err(Note::Text {
                    reason: format!("nothing listens on {dst}:{port}/{proto}: no container publishes port {port} and no program on the host uses it"),
                    hint: Some(format!("publish a container port: docker run -p {port}:CONTAINERPORT …")),
                })
            }
            Stack::Lan => Err(Note::Text {
                reason: format!("nothing listens on the laptop's port {port}/{proto}"),
                hint: None,
            }),
            Stack::Router if port == 53 => Ok(Found::Service(Service::DNS)),
            Stack::Router => Err(Note::Text {
                reason: format!("the LAN router does not accept connections on {port}/{proto}"),
                hint: None,
            }),
            Stack::Internet(ip) => match internet_services(ip)
                .and_then(|s| s.iter().find(|(p, n, _)| *p == proto && *n == port))
            {
                Some((_, _, service)) => Ok(Found::Service(*service)),
                None => Err(Note::Text {
                    reason: format!("{ip} does not accept {proto} on port {port}"),
                    hint: None,
                }),
            },
        }
    }

    // ----- moving packets ---------------------------------------------------

    /// Sends the first packet of an exchange from `from` to `dst`, up to the
    /// destination stack. The caller ends the packet at the destination.
    fn exchange(
        &mut self,
        from: Stack,
        l4: L4,
        dst: Ipv4Addr,
        dport: u16,
        info: Info,
        send_iface: Option<Place<'static>>,
    ) -> Result<Reached<'e>, Outcome> {
        let v = self.v;
        let node = self.node(from);
        let sport = if l4 == L4::Icmp { 0 } else { self.eph() };
        // The sender's routing decision.
        let route: Result<(RouteTo, &'e str), NoRouteWhy> = match from {
            Stack::Ns(ns) => match route::ns_route(v, ns, dst) {
                Ok(rt) => {
                    let dev = match rt.egress {
                        Egress::Iface(i) => v.netns[ns].ifaces[i].name(),
                        _ => "lo",
                    };
                    Ok((rt, dev))
                }
                Err(_) => {
                    let n = &v.netns[ns];
                    Err(match n.ifaces.first() {
                        Some(i) => NoRouteWhy::InternalOnly {
                            network: &v.bridges[i.bridge].net.name,
                        },
                        None => NoRouteWhy::NoNetwork,
                    })
                }
            },
            Stack::Host => {
                let rt = route::host_route(v, dst);
                let dev = match rt.egress {
                    Egress::Bridge(b) => v.bridges[b].device(),
                    Egress::Eth0 => "eth0",
                    _ => "lo",
                };
                Ok((rt, dev))
            }
            Stack::Lan => {
                let host = &v.engine.host;
                if dst.is_loopback() || dst == host.lan_peer {
                    Ok((
                        RouteTo {
                            egress: Egress::Loopback,
                            src: dst,
                            via: None,
                        },
                        "lo",
                    ))
                } else if in_net(&host.eth0, dst) {
                    Ok((
                        RouteTo {
                            egress: Egress::Eth0,
                            src: host.lan_peer,
                            via: None,
                        },
                        "eth0",
                    ))
                } else {
                    Ok((
                        RouteTo {
                            egress: Egress::Eth0,
                            src: host.lan_peer,
                            via: Some(host.router),
                        },
                        "eth0",
                    ))
                }
            }
            Stack::Router => Ok((
                RouteTo {
                    egress: Egress::Eth0,
                    src: v.engine.host.router,
                    via: None,
                },
                "router",
            )),
            Stack::Internet(me) => Ok((
                RouteTo {
                    egress: Egress::Eth0,
                    src: me,
                    via: None,
                },
                "wan",
            )),
        };
        let (rt, dev) = match route {
            Ok(r) => r,
            Err(why) => {
                let h = Hdr {
                    l4,
                    src: Ipv4Addr::UNSPECIFIED,
                    sport,
                    dst,
                    dport,
                    info,
                };
                self.t.begin(&h, &self.qname);
                let mut e = ev(Place::Routing(from), Action::Reject, h);
                e.verdict = Verdict::Rejected;
                e.note = Some(Note::NoRoute { node, why });
                self.emit(e);
                self.t.end(Verdict::Rejected);
                return Err(Outcome::Unreachable(Unreachable::Network));
            }
        };
        let hdr = Hdr {
            l4,
            src: rt.src,
            sport,
            dst,
            dport,
            info,
        };
        self.t.begin(&hdr, &self.qname);
        if let Some((name, ip)) = self.pending.take() {
            let mut e = ev(Place::HostsFile(from), Action::Resolve, hdr);
            e.note = Some(Note::HostsFile {
                name: &name,
                addr: ip,
            });
            self.emit(e);
        }
        let out = match (from, rt.egress, send_iface) {
            (_, _, Some(process)) => process,
            (Stack::Host, Egress::Bridge(b), None) => Place::Bridge(b),
            (at, _, None) => Place::Iface { at, name: dev },
        };
        let mut e = ev(out, Action::Send, hdr);
        e.note = Some(Note::Route { dev, via: rt.via });
        self.emit(e);
        let mut ct = Ct::default();
        let moved = self.depart(from, rt, hdr, &mut ct, false);
        match moved {
            Moved::Arrived { at, hdr, iface } => Ok(Reached { at, hdr, iface, ct }),
            Moved::Dropped => {
                self.t.end(Verdict::Dropped);
                Err(Outcome::TimedOut)
            }
            Moved::NoHost => {
                self.t.end(Verdict::Dropped);
                Err(Outcome::Unreachable(Unreachable::Host))
            }
        }
    }

    /// The answer to a packet that reached `r.at`, back to its sender.
    /// Returns whether it arrived.
    fn reply(&mut self, r: &Reached<'e>, info: Info) -> bool {
        let l4 = match info {
            Info::PortUnreachable | Info::EchoReply(_) => L4::Icmp,
            _ => r.hdr.l4,
        };
        let (sport, dport) = if l4 == L4::Icmp {
            (0, 0)
        } else {
            (r.hdr.dport, r.hdr.sport)
        };
        let hdr = Hdr {
            l4,
            src: r.hdr.dst,
            sport,
            dst: r.hdr.src,
            dport,
            info,
        };
        self.t.begin(&hdr, &self.qname);
        self.ttl = if matches!(r.at, Stack::Internet(_)) {
            118
        } else {
            64
        };
        self.emit(ev(r.iface, Action::Send, hdr));
        let mut ct = r.ct;
        let rt = match r.at {
            Stack::Ns(ns) => match route::ns_route(self.v, ns, hdr.dst) {
                Ok(rt) => rt,
                Err(_) => {
                    self.t.end(Verdict::Dropped);
                    return false;
                }
            },
            Stack::Host => route::host_route(self.v, hdr.dst),
            _ => RouteTo {
                egress: Egress::Eth0,
                src: hdr.src,
                via: None,
            },
        };
        match self.depart(r.at, rt, hdr, &mut ct, true) {
            Moved::Arrived { hdr, iface, .. } => {
                self.emit(ev(iface, Action::Deliver, hdr));
                self.t.end(Verdict::Delivered);
                self.reply_ttl = self.ttl;
                true
            }
            _ => {
                self.t.end(Verdict::Dropped);
                false
            }
        }
    }

    /// From a sender's routing decision to the destination stack.
    fn depart(&mut self, from: Stack, rt: RouteTo, hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        match from {
            Stack::Ns(ns) => match rt.egress {
                Egress::Iface(i) => self.leave_ns(ns, i, hdr, ct, est),
                _ => Moved::Arrived {
                    at: Stack::Ns(ns),
                    hdr,
                    iface: Place::Iface {
                        at: Stack::Ns(ns),
                        name: "lo",
                    },
                },
            },
            Stack::Host => self.host_out(hdr, ct, est),
            Stack::Lan => match rt.egress {
                Egress::Loopback => Moved::Arrived {
                    at: Stack::Lan,
                    hdr,
                    iface: Place::Iface {
                        at: Stack::Lan,
                        name: "lo",
                    },
                },
                _ => self.lan_wire(Stack::Lan, hdr, ct, est),
            },
            Stack::Router => self.lan_wire(Stack::Router, hdr, ct, est),
            Stack::Internet(_) => self.router_inbound(hdr, ct, est),
        }
    }

    fn leave_ns(&mut self, ns: usize, i: usize, hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        let v = self.v;
        self.emit(ev(Place::Veth { ns, i }, Action::Forward, hdr));
        self.bridge_in(v.netns[ns].ifaces[i].bridge, hdr, ct, est)
    }

    /// A frame arriving on a bridge from one of its container ports.
    fn bridge_in(&mut self, b: usize, hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        let v = self.v;
        let br = &v.bridges[b];
        if hdr.dst != br.gateway && in_net(&br.subnet, hdr.dst) {
            // Switched to another port of the same bridge; br_netfilter still
            // runs the filter FORWARD chain with -i br -o br.
            let mut e = ev(Place::Bridge(b), Action::Forward, hdr);
            e.note = Some(Note::Bridged {
                bridge: br.device(),
            });
            self.emit(e);
            match v
                .by_ip
                .get(&hdr.dst)
                .filter(|(ns, i)| v.netns[*ns].ifaces[*i].bridge == b)
                .copied()
            {
                Some((ns, i)) => {
                    if !self.forward_filter(hdr, br.ifid, br.ifid, est) {
                        return Moved::Dropped;
                    }
                    self.enter_ns(ns, i, hdr)
                }
                None => self.no_such_host(hdr, b),
            }
        } else {
            let mut e = ev(Place::Bridge(b), Action::Route, hdr);
            e.note = Some(Note::ToHost {
                bridge: br.device(),
            });
            self.emit(e);
            self.host_in(br.ifid, hdr, ct, est)
        }
    }

    fn enter_ns(&mut self, ns: usize, i: usize, hdr: Hdr) -> Moved<'e> {
        self.emit(ev(Place::Veth { ns, i }, Action::Forward, hdr));
        Moved::Arrived {
            at: Stack::Ns(ns),
            hdr,
            iface: Place::Iface {
                at: Stack::Ns(ns),
                name: self.v.netns[ns].ifaces[i].name(),
            },
        }
    }

    fn no_such_host(&mut self, hdr: Hdr, b: usize) -> Moved<'e> {
        let mut e = ev(Place::Bridge(b), Action::Drop, hdr);
        e.verdict = Verdict::Dropped;
        e.note = Some(Note::NoSuchHost {
            addr: hdr.dst,
            bridge: self.v.bridges[b].device(),
        });
        self.emit(e);
        Moved::NoHost
    }

    /// The filter FORWARD chain; reports the decisive rule.
    fn forward_filter(&mut self, hdr: Hdr, in_if: IfId, out_if: IfId, est: bool) -> bool {
        let p = self.pkt(&hdr, Some(in_if), Some(out_if), est);
        let verdict = self.v.rules.eval(Table::Filter, Chain::Forward, &p);
        let rule = self.rule(verdict.rule);
        let accept = verdict.decision == Decision::Accept;
        let note = self.filter_note(rule, accept, &hdr, in_if == out_if);
        let mut e = ev(
            Place::Netfilter {
                table: "filter",
                chain: "FORWARD",
            },
            if accept {
                Action::Forward
            } else {
                Action::Drop
            },
            hdr,
        );
        e.rule = rule;
        e.note = Some(note);
        if !accept {
            e.verdict = Verdict::Dropped;
        }
        self.emit(e);
        accept
    }

    fn filter_note(
        &self,
        rule: Option<&Rule>,
        accept: bool,
        hdr: &Hdr,
        same_bridge: bool,
    ) -> Note<'e> {
        let v = self.v;
        let net = |b: usize| -> &'e str { &v.bridges[b].net.name };
        let Some(rule) = rule else {
            return if accept {
                Note::Allowed(Allowed::Policy)
            } else {
                Note::ForwardPolicy
            };
        };
        match rule.origin {
            Origin::Published { container, binding } => {
                let c = &v.engine.containers()[container];
                let b = &c.bindings[binding];
                Note::Allowed(Allowed::Published {
                    container: &c.name,
                    port: b.container_port,
                    proto: b.proto.into(),
                })
            }
            Origin::Egress { bridge } if same_bridge => Note::Allowed(Allowed::SameNetworkOrOut {
                network: net(bridge),
            }),
            Origin::Egress { bridge } => Note::Allowed(Allowed::Egress {
                network: net(bridge),
            }),
            Origin::Icc { bridge } if accept => Note::Allowed(Allowed::SameNetwork {
                network: net(bridge),
            }),
            Origin::Icc { bridge } => Note::IccDisabled {
                network: net(bridge),
            },
            Origin::Conntrack { .. } => Note::Allowed(Allowed::Reply),
            Origin::Internal { bridge } => Note::Internal {
                network: net(bridge),
                leaving: rule.in_if.is_some(),
            },
            Origin::DefaultDrop { bridge } => {
                let container = v.by_ip.get(&hdr.dst).map(|(ns, _)| v.netns[*ns].name());
                Note::DefaultDrop {
                    network: net(bridge),
                    container,
                    port: hdr.dport,
                    proto: hdr.l4,
                }
            }
            _ if accept => Note::Allowed(Allowed::Policy),
            _ => Note::ForwardPolicy,
        }
    }

    /// A packet entering the host's IP stack on `in_if` (PREROUTING).
    fn host_in(&mut self, in_if: IfId, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        let v = self.v;
        // raw PREROUTING.
        let p = self.pkt(&hdr, Some(in_if), None, est);
        let raw = v.rules.eval(Table::Raw, Chain::Prerouting, &p);
        if raw.decision == Decision::Drop {
            let rule = self.rule(raw.rule);
            let came_in = v.if_name(in_if);
            let note = match rule.map(|r| r.origin) {
                Some(Origin::DirectAccess { ns, iface }) => {
                    let i = &v.netns[ns].ifaces[iface];
                    let br = &v.bridges[i.bridge];
                    Note::DirectAccess {
                        container: v.netns[ns].name(),
                        network: &br.net.name,
                        bridge: br.device(),
                        came_in,
                        sender: self.sender,
                    }
                }
                _ => Note::LoopbackPublished {
                    port: hdr.dport,
                    proto: hdr.l4,
                    came_in,
                },
            };
            let mut e = ev(Place::Netfilter { table: "raw", chain: "PREROUTING" }, Action::Drop, hdr);
            e.verdict = Verdict::Dropped;
            e.rule = rule;
            e.note = Some(note);
            self.emit(e);
            return Moved::Dropped;
        }
        if est {
            self.unnat(&mut hdr, ct);
        } else {
            let nat = v.rules.eval(Table::Nat, Chain::Prerouting, &p);
            self.dnat(&mut hdr, ct, nat.decision, nat.rule, "PREROUTING");
        }
        self.route_in(Some(in_if), hdr, ct, est)
    }

    /// A host-originated packet (OUTPUT).
    fn host_out(&mut self, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        if !est {
            let p = self.pkt(&hdr, None, None, est);
            let nat = self.v.rules.eval(Table::Nat, Chain::Output, &p);
            self.dnat(&mut hdr, ct, nat.decision, nat.rule, "OUTPUT");
        }
        self.route_in(None, hdr, ct, est)
    }

    fn dnat(
        &mut self,
        hdr: &mut Hdr,
        ct: &mut Ct,
        d: Decision,
        rule: Option<RuleId>,
        hook: &'static str,
    ) {
        let Decision::Dnat(to) = d else { return };
        let before = *hdr;
        hdr.dst = *to.ip();
        hdr.dport = to.port();
        ct.dnat = Some((sa(before.dst, before.dport), to));
        let rule = self.rule(rule);
        let container = match rule.map(|r| r.origin) {
            Some(Origin::Published { container, .. }) => {
                self.v.engine.containers()[container].name.as_str()
            }
            _ => "a container",
        };
        let mut e = ev(Place::Netfilter { table: "nat", chain: hook }, Action::Dnat, before);
        e.after = *hdr;
        e.rule = rule;
        e.note = Some(Note::Dnat {
            container,
            proto: before.l4,
            host_port: before.dport,
            to,
        });
        self.emit(e);
    }

    /// conntrack undoes NAT on a reply.
    fn unnat(&mut self, hdr: &mut Hdr, ct: &mut Ct) {
        if let Some((orig, new)) = ct.snat {
            if hdr.dst == *new.ip() {
                let before = *hdr;
                hdr.dst = *orig.ip();
                if hdr.l4 != L4::Icmp {
                    hdr.dport = orig.port();
                }
                let mut e = ev(Place::Conntrack, Action::Dnat, before);
                e.after = *hdr;
                e.note = Some(Note::Unnat {
                    restored: sa(hdr.dst, hdr.dport),
                    icmp: hdr.l4 == L4::Icmp,
                });
                self.emit(e);
                ct.snat = None;
            }
        }
        if let Some((orig, new)) = ct.dnat {
            if hdr.src == *new.ip() {
                let before = *hdr;
                hdr.src = *orig.ip();
                if hdr.l4 != L4::Icmp {
                    hdr.sport = orig.port();
                }
                let mut e = ev(Place::Conntrack, Action::Snat, before);
                e.after = *hdr;
                e.note = Some(Note::Unnat {
                    restored: sa(hdr.src, hdr.sport),
                    icmp: hdr.l4 == L4::Icmp,
                });
                self.emit(e);
                ct.dnat = None;
            }
        }
    }

    /// The host's routing decision, then INPUT or FORWARD + POSTROUTING.
    fn route_in(&mut self, in_if: Option<IfId>, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        let v = self.v;
        if est && in_if.is_none() {
            // A reply the host sends for a DNAT'ed local connection.
            self.unnat(&mut hdr, ct);
        }
        let rt = route::host_route(v, hdr.dst);
        let out_if: IfId = match rt.egress {
            Egress::Loopback => {
                let iface = match in_if {
                    Some(i) => match v.bridges.iter().position(|b| b.ifid == i) {
                        Some(b) => Place::Bridge(b),
                        None => Place::Iface {
                            at: Stack::Host,
                            name: v.if_name(i),
                        },
                    },
                    None => Place::Iface {
                        at: Stack::Host,
                        name: "lo",
                    },
                };
                return Moved::Arrived {
                    at: Stack::Host,
                    hdr,
                    iface,
                };
            }
            Egress::Bridge(b) => v.bridges[b].ifid,
            _ => IF_ETH0,
        };
        if let Some(i) = in_if {
            if !self.forward_filter(hdr, i, out_if, est) {
                return Moved::Dropped;
            }
            self.ttl = self.ttl.saturating_sub(1);
        }
        if !est {
            let p = self.pkt(&hdr, in_if, Some(out_if), est);
            let post = v.rules.eval(Table::Nat, Chain::Postrouting, &p);
            if post.decision == Decision::Masquerade {
                let before = hdr;
                let to = if out_if == IF_ETH0 {
                    v.host_ip()
                } else {
                    rt.src
                };
                hdr.src = to;
                ct.snat = Some((sa(before.src, before.sport), sa(hdr.src, hdr.sport)));
                let rule = self.rule(post.rule);
                let network: &'e str = match rule.map(|r| r.origin) {
                    Some(Origin::Masquerade { bridge }) => &v.bridges[bridge].net.name,
                    _ => "the network",
                };
                let mut e = ev(Place::Netfilter { table: "nat", chain: "POSTROUTING" }, Action::Snat, before);
                e.after = hdr;
                e.rule = rule;
                e.note = Some(Note::Masquerade { network, to });
                self.emit(e);
            }
        }
        match rt.egress {
            Egress::Bridge(b) => self.bridge_out(b, hdr),
            _ => {
                self.emit(ev(HOST_ETH0, Action::Forward, hdr));
                self.lan_wire(Stack::Host, hdr, ct, est)
            }
        }
    }

    fn bridge_out(&mut self, b: usize, hdr: Hdr) -> Moved<'e> {
        let v = self.v;
        self.emit(ev(Place::Bridge(b), Action::Forward, hdr));
        match v
            .by_ip
            .get(&hdr.dst)
            .filter(|(ns, i)| v.netns[*ns].ifaces[*i].bridge == b)
            .copied()
        {
            Some((ns, i)) => self.enter_ns(ns, i, hdr),
            None => self.no_such_host(hdr, b),
        }
    }

    /// On the LAN segment (192.168.1.0/24): the host, the laptop, the router.
    fn lan_wire(&mut self, from: Stack, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        let v = self.v;
        let host = &v.engine.host;
        if hdr.dst == host.ip() && from != Stack::Host {
            self.emit(ev(HOST_ETH0, Action::Forward, hdr));
            return self.host_in(IF_ETH0, hdr, ct, est);
        }
        if hdr.dst == host.lan_peer && from != Stack::Lan {
            return Moved::Arrived {
                at: Stack::Lan,
                hdr,
                iface: Place::Iface {
                    at: Stack::Lan,
                    name: "eth0",
                },
            };
        }
        if hdr.dst == host.router {
            return Moved::Arrived {
                at: Stack::Router,
                hdr,
                iface: ROUTER,
            };
        }
        if in_net(&host.eth0, hdr.dst) {
            let mut e = ev(Place::Iface { at: Stack::Lan, name: "eth0" }, Action::Drop, hdr);
            e.verdict = Verdict::Dropped;
            e.note = Some(Note::NoSuchHost {
                addr: hdr.dst,
                bridge: "the LAN",
            });
            self.emit(e);
            return Moved::NoHost;
        }
        // Off the LAN: the router.
        if !is_public(hdr.dst) {
            let mut e = ev(ROUTER, Action::Drop, hdr);
            e.verdict = Verdict::Dropped;
            e.note = Some(Note::RouterNoRoute { dst: hdr.dst });
            self.emit(e);
            return Moved::Dropped;
        }
        let before = hdr;
        if !est {
            hdr.src = ROUTER_PUBLIC;
            ct.router = Some((sa(before.src, before.sport), sa(hdr.src, hdr.sport)));
        }
        let mut e = ev(ROUTER, Action::Snat, before);
        e.after = hdr;
        e.note = Some(Note::RouterNat);
        self.emit(e);
        self.ttl = self.ttl.saturating_sub(1);
        if internet_services(hdr.dst).is_none() && hdr.dst != INTERNET_CLIENT {
            let mut e = ev(Place::Iface { at: Stack::Internet(hdr.dst), name: "wan" }, Action::Drop, hdr);
            e.verdict = Verdict::Dropped;
            e.note = Some(Note::NoInternetHost { dst: hdr.dst });
            self.emit(e);
            return Moved::Dropped;
        }
        Moved::Arrived {
            at: Stack::Internet(hdr.dst),
            hdr,
            iface: Place::Iface {
                at: Stack::Internet(hdr.dst),
                name: "wan",
            },
        }
    }

    /// A packet from the internet reaching the router's public address.
    fn router_inbound(&mut self, mut hdr: Hdr, ct: &mut Ct, est: bool) -> Moved<'e> {
        if est {
            if let Some((orig, _)) = ct.router {
                let before = hdr;
                hdr.dst = *orig.ip();
                if hdr.l4 != L4::Icmp {
                    hdr.dport = orig.port();
                }
                let mut e = ev(ROUTER, Action::Dnat, before);
                e.after = hdr;
                e.note = Some(Note::Unnat {
                    restored: sa(hdr.dst, hdr.dport),
                    icmp: hdr.l4 == L4::Icmp,
                });
                self.emit(e);
                self.ttl = self.ttl.saturating_sub(1);
                return self.lan_wire(Stack::Router, hdr, ct, est);
            }
        }
        let mut e = ev(ROUTER, Action::Drop, hdr);
        e.verdict = Verdict::Dropped;
        e.note = Some(Note::RouterNoInbound);
        self.emit(e);
        Moved::Dropped
    }
}

enum Found<'e> {
    Sock(Socket<'e>),
    Service(Service),
}

/// A classic mistake: inside a container, `localhost:8080` while the Docker
/// host publishes 8080. Loopback in a container is the container's own
/// network namespace, so the host's published port is not there. The fix
/// depends on where the publishing container is: by name on a user-defined
/// network both share; otherwise the host, through the gateway address or
/// `host.docker.internal` with `--add-host host.docker.internal:host-gateway`
/// (docker-reference.md §6.1 (11)).
fn localhost_is_the_container<'e>(
    v: &View<'e>,
    n: &super::view::Netns<'e>,
    dst: Ipv4Addr,
    port: u16,
    proto: Proto,
) -> Option<Note<'e>> {
    if !dst.is_loopback() {
        return None;
    }
    let (publisher, binding) = v.host_sockets.iter().find_map(|s| match s.owner {
        SockOwner::Proxy { container, binding } if s.port == port && s.proto == proto => {
            Some((container, binding))
        }
        _ => None,
    })?;
    let name = n.name();
    let reason = format!(
        "nothing listens on port {port}/{proto} in {name}: inside a container, localhost is the container itself, not the Docker host, where {} publishes port {port}",
        publisher.name
    );
    let shared = v.ns_of(&publisher.id).and_then(|theirs| {
        n.ifaces.iter().find_map(|mine| {
            let net = v.bridges[mine.bridge].net;
            (net.is_user_defined()
                && theirs.ifaces.iter().any(|t| t.bridge == mine.bridge))
            .then_some(net.name.as_str())
        })
    });
    let hint = match shared {
        Some(net) => format!(
            "on their shared network {net}, use the container's name and its own port: {}:{}",
            publisher.name, binding.container_port
        ),
        None => {
            let gw = n
                .gateway
                .map(|g| v.bridges[n.ifaces[g].bridge].gateway.to_string());
            let via_gw = gw.map_or(String::new(), |g| format!("the gateway address {g}:{port}, or "));
            format!(
                "reach the host instead: {via_gw}host.docker.internal:{port} with --add-host host.docker.internal:host-gateway; or put both containers on one user-defined network and use {}:{}",
                publisher.name, binding.container_port
            )
        }
    };
    Some(Note::Text {
        reason,
        hint: Some(hint),
    })
}

//! Observers of the packet walk. The walk reports what happens to each
//! packet as [`HopEvent`]s; it never builds [`crate::trace::Hop`]s itself.
//! [`Recorder`] turns events into the `Packet`/`Hop` contract (for `--json`,
//! `--trace` and the page); [`FailureOnly`] keeps just the verdict and the
//! failing hop's reason (for the matrix, where speed matters).

use super::netfilter::{Rule, L4};
use super::text::{self, cat};
use super::view::{Stack, View};
use super::{Rcode, Service};
use crate::trace::{Action, Headers, Hop, HopAt, Packet, ResolverKind, Verdict};
use std::net::{Ipv4Addr, SocketAddrV4};

/// What a packet is, beyond its addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Info {
    Syn,
    SynAck,
    Rst,
    Datagram,
    EchoRequest(u16),
    EchoReply(u16),
    PortUnreachable,
    DnsQuery,
    DnsAnswer(Option<Ipv4Addr>),
    DnsError(Rcode),
}

/// Layer-3/4 header fields as the walk carries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hdr {
    pub l4: L4,
    pub src: Ipv4Addr,
    pub sport: u16,
    pub dst: Ipv4Addr,
    pub dport: u16,
    pub info: Info,
}

impl Hdr {
    fn ends(&self) -> (String, String) {
        if self.l4 == L4::Icmp {
            (self.src.to_string(), self.dst.to_string())
        } else {
            (
                SocketAddrV4::new(self.src, self.sport).to_string(),
                SocketAddrV4::new(self.dst, self.dport).to_string(),
            )
        }
    }

    /// The trace contract's header form.
    pub fn headers(&self, qname: &str) -> Headers {
        let (src, dst) = self.ends();
        let info = match self.info {
            Info::Syn => "SYN".to_string(),
            Info::SynAck => "SYN-ACK".to_string(),
            Info::Rst => "RST".to_string(),
            Info::Datagram => String::new(),
            Info::EchoRequest(seq) => format!("echo-request seq={seq}"),
            Info::EchoReply(seq) => format!("echo-reply seq={seq}"),
            Info::PortUnreachable => "port-unreachable".to_string(),
            Info::DnsQuery => format!("A? {qname}"),
            Info::DnsAnswer(Some(ip)) => format!("A {qname} {ip}"),
            Info::DnsAnswer(None) => format!("{qname}: no A record"),
            Info::DnsError(rc) => format!("{qname}: {}", rc.as_str()),
        };
        Headers {
            proto: self.l4.name().to_string(),
            src,
            dst,
            info,
        }
    }
}

/// Why there is no route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoRouteWhy<'a> {
    /// `--network none`: only `lo`.
    NoNetwork,
    /// Every network is `--internal`.
    InternalOnly { network: &'a str },
}

/// Why something happened at a hop, in structured form; rendered into a
/// reason and a hint only when an observer asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note<'a> {
    /// The sender's routing decision.
    Route {
        dev: &'a str,
        via: Option<Ipv4Addr>,
    },
    NoRoute {
        node: &'a str,
        why: NoRouteWhy<'a>,
    },
    /// A name found in /etc/hosts.
    HostsFile {
        name: &'a str,
        addr: Ipv4Addr,
    },
    /// Two containers on one bridge: switched straight across.
    Bridged {
        bridge: &'a str,
    },
    /// The bridge hands the packet to the host (gateway or another network).
    ToHost {
        bridge: &'a str,
    },
    /// A published port: DNAT to the container.
    Dnat {
        container: &'a str,
        proto: L4,
        host_port: u16,
        to: SocketAddrV4,
    },
    /// The filter table allowed it, for this Docker reason.
    Allowed(Allowed<'a>),
    /// MASQUERADE on the way out of a network.
    Masquerade {
        network: &'a str,
        to: Ipv4Addr,
    },
    /// A reply: conntrack undoes the NAT of the original connection.
    Unnat {
        restored: SocketAddrV4,
        icmp: bool,
    },
    /// raw PREROUTING: not from the container's own bridge.
    DirectAccess {
        container: &'a str,
        network: &'a str,
        bridge: &'a str,
        came_in: &'a str,
        sender: Option<&'a str>,
    },
    /// raw PREROUTING: a port published on 127.0.0.1 only.
    LoopbackPublished {
        port: u16,
        proto: L4,
        came_in: &'a str,
    },
    /// DOCKER-FORWARD: ICC disabled.
    IccDisabled {
        network: &'a str,
    },
    /// DOCKER-INTERNAL: `--internal` network.
    Internal {
        network: &'a str,
        leaving: bool,
    },
    /// DOCKER: only published ports enter a network from outside.
    DefaultDrop {
        network: &'a str,
        container: Option<&'a str>,
        port: u16,
        proto: L4,
    },
    /// The FORWARD policy (DROP) after no Docker rule accepted.
    ForwardPolicy,
    /// docker-proxy took the connection.
    Proxy {
        container: &'a str,
        listen: SocketAddrV4,
        to: SocketAddrV4,
    },
    /// A socket took it (`container`: a `--network host` process's container).
    Listening {
        node: &'a str,
        service: Service,
        socket: SocketAddrV4,
        container: Option<&'a str>,
    },
    /// The kernel answered an echo request.
    Echo {
        node: &'a str,
    },
    /// Nobody answers ARP for an address on a bridge.
    NoSuchHost {
        addr: Ipv4Addr,
        bridge: &'a str,
    },
    /// The laptop/router has no route to a private address.
    RouterNoRoute {
        dst: Ipv4Addr,
    },
    /// The router does not forward unsolicited traffic from the internet.
    RouterNoInbound,
    /// Nothing on the simulated internet has this address.
    NoInternetHost {
        dst: Ipv4Addr,
    },
    /// The router's NAT to the internet.
    RouterNat,
    /// Embedded DNS answered from a network's names.
    EmbeddedAnswer {
        name: &'a str,
        network: &'a str,
    },
    /// Embedded DNS forwarded a name upstream.
    EmbeddedForward {
        name: &'a str,
        upstream: Ipv4Addr,
    },
    /// A container's name, asked for by a container that shares no network
    /// with it: embedded DNS forwarded it, and `server` answered NXDOMAIN.
    /// `network` is the name's first network ("its network" if none).
    NotShared {
        name: &'a str,
        asker: &'a str,
        network: &'a str,
        server: Ipv4Addr,
    },
    /// A DNS server answered from its own data.
    DnsAnswer {
        name: &'a str,
        server: &'a str,
    },
    /// Any other explained failure or event.
    Text {
        reason: String,
        hint: Option<String>,
    },
}

/// Why the filter table accepted a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed<'a> {
    Published {
        container: &'a str,
        port: u16,
        proto: L4,
    },
    Egress {
        network: &'a str,
    },
    /// `-i br -j ACCEPT` matching traffic that stays on the bridge.
    SameNetworkOrOut {
        network: &'a str,
    },
    SameNetwork {
        network: &'a str,
    },
    Reply,
    Policy,
}

impl Note<'_> {
    /// What happened, in words a learner understands.
    pub fn reason(&self) -> String {
        match self {
            Note::Route { dev, via: Some(gw) } => format!("route: default via {gw} dev {dev}"),
            Note::Route { dev, via: None } if *dev == "lo" => "route: a local address, over lo".to_string(),
            Note::Route { dev, via: None } => format!("route: a directly connected network, out of {dev}"),
            Note::NoRoute { node, why: NoRouteWhy::NoNetwork } => {
                format!("Network is unreachable: {node} has only a loopback interface (--network none), so it has no route anywhere")
            }
            Note::NoRoute { node, why: NoRouteWhy::InternalOnly { network } } => format!(
                "Network is unreachable: {node} has no default route, because its network {network} is --internal (no way out of it)"
            ),
            Note::HostsFile { name, addr } => format!("'{name}' found in /etc/hosts: {addr}"),
            Note::Bridged { bridge } => format!("same network: {bridge} switches it straight to the other container"),
            Note::ToHost { bridge } => format!("{bridge} hands it to the host, which routes it"),
            Note::Dnat { container, proto, host_port, to } => format!(
                "port {host_port}/{} is published by {container}: the destination becomes {to} (DNAT)",
                proto.name()
            ),
            Note::Allowed(Allowed::Published { container, port, proto }) => {
                format!("allowed: {port}/{} is a published port of {container}", proto.name())
            }
            Note::Allowed(Allowed::Egress { network }) => format!("allowed: containers on {network} may send anywhere"),
            Note::Allowed(Allowed::SameNetworkOrOut { network }) => {
                format!("allowed: containers on {network} may talk to each other (and send anywhere)")
            }
            Note::Allowed(Allowed::SameNetwork { network }) => format!("allowed: containers on {network} may talk to each other"),
            Note::Allowed(Allowed::Reply) => "allowed: a reply in a connection that was already allowed (conntrack)".to_string(),
            Note::Allowed(Allowed::Policy) => "allowed by the chain's policy".to_string(),
            Note::Masquerade { network, to } => format!("leaving network {network}: the source becomes the host's address {to} (MASQUERADE)"),
            Note::Unnat { restored, icmp: true } => format!("a reply: conntrack undoes the address translation ({})", restored.ip()),
            Note::Unnat { restored, .. } => format!("a reply: conntrack undoes the address translation ({restored})"),
            Note::DirectAccess { container, network, bridge, came_in, .. } => cat(&[
                "different bridge networks are isolated: packets for ", container, " (on network ", network,
                ") must come in on its own bridge ", bridge, "; this one came in on ", came_in,
            ]),
            Note::LoopbackPublished { port, proto, came_in } => format!(
                "port {port}/{} is published on 127.0.0.1 only: packets for it that come in on {came_in} (not lo) are dropped",
                proto.name()
            ),
            Note::IccDisabled { network } => cat(&[
                "inter-container communication is disabled on ", network,
                " (enable_icc=false): traffic between its containers is dropped",
            ]),
            Note::Internal { network, leaving: true } => cat(&[network, " is --internal: nothing may leave it"]),
            Note::Internal { network, leaving: false } => cat(&[network, " is --internal: nothing from outside may enter it"]),
            Note::DefaultDrop { network, container: Some(c), port, proto } => cat(&[
                "port ", &text::num(*port), "/", proto.name(), " of ", c,
                " is not published: from outside ", network, ", only published ports are reachable",
            ]),
            Note::DefaultDrop { network, container: None, .. } => {
                cat(&["from outside ", network, ", only published ports of its containers are reachable"])
            }
            Note::ForwardPolicy => "no Docker rule accepted it, and the FORWARD chain's policy is DROP".to_string(),
            Note::Proxy { container, listen, to } => {
                format!("docker-proxy listens on {listen} for {container}: it accepts the connection and opens its own to {to}")
            }
            Note::Listening { node, service, socket, container: Some(c) } if *c != *node => {
                let whose = if *node == "host" { "the host's".to_string() } else { format!("{node}'s") };
                format!("{} in {c} (sharing {whose} network) listens on {socket}", service.label())
            }
            Note::Listening { node, service, socket, .. } => format!("{} on {node} listens on {socket}", service.label()),
            Note::Echo { node } if *node == "internet" => "the internet host answers the echo request".to_string(),
            Note::Echo { node } => format!("{node}'s kernel answers the echo request"),
            Note::NoSuchHost { addr, bridge } => cat(&["no container has the address ", &text::ip(*addr), " on ", bridge, ": nobody answers ARP"]),
            Note::RouterNoRoute { dst } => cat(&[
                &text::ip(*dst),
                " is a private address that only exists inside the Docker host: the LAN router has no route to it",
            ]),
            Note::RouterNoInbound => "the LAN router does not forward connections from the internet to the LAN (no port forwarding)".to_string(),
            Note::NoInternetHost { dst } => format!("nothing on the (simulated) internet answers at {dst}"),
            Note::RouterNat => "the LAN router sends it to the internet from its public address (NAT)".to_string(),
            Note::EmbeddedAnswer { name, network } => format!("Docker's embedded DNS server (127.0.0.11) knows '{name}' on network {network}"),
            Note::EmbeddedForward { name, upstream } => {
                format!("'{name}' is not a container name: Docker's embedded DNS server forwards the query to the host's server {upstream}")
            }
            Note::NotShared { name, asker, server, .. } => cat(&[
                "'", name, "' is a container, but not on any network ", asker,
                " is on: Docker's DNS only answers names from shared networks, so the query went on to ",
                &text::ip(*server), ", which answers NXDOMAIN",
            ]),
            Note::DnsAnswer { name, server } => format!("{server} answers for '{name}'"),
            Note::Text { reason, .. } => reason.clone(),
        }
    }

    /// How to fix it, for failures.
    pub fn hint(&self) -> Option<String> {
        match self {
            Note::NoRoute { node, why: NoRouteWhy::NoNetwork } => {
                Some(format!("attach it to a network: docker network connect bridge {node}"))
            }
            Note::NoRoute { node, why: NoRouteWhy::InternalOnly { .. } } => {
                Some(format!("to reach outside, also connect it to a non-internal network: docker network connect bridge {node}"))
            }
            Note::DirectAccess { network, sender: Some(s), .. } => Some(cat(&[
                "put both on one network (docker network connect ", network, " ", s,
                "), or publish the port (-p) and use the host's address",
            ])),
            Note::DirectAccess { .. } => Some("publish the port (-p HOST:CONTAINER) and use the host's address".to_string()),
            Note::LoopbackPublished { port, .. } => Some(format!("to reach it from other machines, publish on all addresses: -p {port}:…")),
            Note::IccDisabled { .. } => Some("reach the other container through a published port on the host's address, or use a network with ICC enabled".to_string()),
            Note::Internal { .. } => Some("connect the container to a second, non-internal network for outside access".to_string()),
            Note::DefaultDrop { port, proto, .. } => Some(cat(&[
                "publish it (-p HOSTPORT:", &text::num(*port), if *proto == L4::Udp { "/udp" } else { "" },
                ") and use the host's address, or connect both containers to one network",
            ])),
            Note::ForwardPolicy => Some("check which networks the two ends are on".to_string()),
            Note::NoSuchHost { .. } => Some("check the address: docker network inspect shows who is on the network".to_string()),
            Note::RouterNoRoute { .. } => Some("publish the port (-p 8080:80) and use the host's address instead, e.g. 192.168.1.10:8080".to_string()),
            Note::RouterNoInbound => Some("nothing on the Docker host can change that: it would take port forwarding on the router".to_string()),
            Note::NoInternetHost { .. } => Some("try a known name such as example.com or 8.8.8.8".to_string()),
            Note::NotShared { asker, network, .. } => {
                Some(cat(&["put them on one network: docker network connect ", network, " ", asker]))
            }
            Note::Text { hint, .. } => hint.clone(),
            _ => None,
        }
    }

    pub fn is_failure(&self) -> bool {
        self.hint().is_some()
    }
}

/// Where a hop happened, as the walk knows it: data (indices into the
/// [`View`]), from which both the words a learner reads ([`Place::node`],
/// [`Place::iface`]) and the [`HopAt`] views draw with are derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'e> {
    /// An interface of a network stack, by name (`lo`, a container's
    /// `eth0`, the host's `eth0`, the laptop's `eth0`, the router).
    Iface { at: Stack, name: &'e str },
    /// A stack's routing table.
    Routing(Stack),
    /// A stack's /etc/hosts.
    HostsFile(Stack),
    /// Docker's embedded DNS server in a container.
    EmbeddedDns(Stack),
    /// The host end of a container's veth pair: `netns[ns].ifaces[i]`.
    Veth { ns: usize, i: usize },
    /// A bridge, by index into [`View::bridges`].
    Bridge(usize),
    /// A netfilter table's chain on the host.
    Netfilter {
        table: &'static str,
        chain: &'static str,
    },
    /// conntrack undoing NAT on the host.
    Conntrack,
    /// The docker-proxy process on the host.
    DockerProxy,
}

impl<'e> Place<'e> {
    /// The network stack it belongs to (the host's for its bridges,
    /// veths, netfilter and docker-proxy).
    pub fn stack(&self) -> Stack {
        match *self {
            Place::Iface { at, .. }
            | Place::Routing(at)
            | Place::HostsFile(at)
            | Place::EmbeddedDns(at) => at,
            _ => Stack::Host,
        }
    }

    /// The machine it is on, as a learner reads it: "host", "lan",
    /// "internet" or a container's name.
    pub fn node(&self, view: &View<'e>) -> &'e str {
        match *self {
            Place::Iface { at, .. }
            | Place::Routing(at)
            | Place::HostsFile(at)
            | Place::EmbeddedDns(at) => view.node_name(at),
            _ => "host",
        }
    }

    /// The interface or facility, as a learner reads it.
    pub fn iface(&self, view: &View<'e>) -> std::borrow::Cow<'e, str> {
        use std::borrow::Cow;
        match *self {
            Place::Iface { name, .. } => Cow::Borrowed(name),
            Place::Routing(_) => Cow::Borrowed("routing table"),
            Place::HostsFile(_) => Cow::Borrowed("/etc/hosts"),
            Place::EmbeddedDns(_) => Cow::Borrowed("127.0.0.11 (embedded DNS)"),
            Place::Veth { ns, i } => Cow::Borrowed(view.netns[ns].ifaces[i].veth()),
            Place::Bridge(b) => Cow::Borrowed(view.bridges[b].device()),
            Place::Netfilter { table, chain } => Cow::Owned(cat(&[table, " ", chain])),
            Place::Conntrack => Cow::Borrowed("nat (conntrack)"),
            Place::DockerProxy => Cow::Borrowed("docker-proxy"),
        }
    }

    /// The place as the trace contract's [`HopAt`]. `proxy` is the port
    /// docker-proxy accepted on (its connection out is drawn there too).
    pub fn hop_at(&self, view: &View<'e>, proxy: (u16, L4)) -> HopAt {
        let node = || self.node(view).to_string();
        match *self {
            Place::Iface {
                at: Stack::Router, ..
            } => HopAt::Router,
            Place::Iface { at: Stack::Lan, .. } => HopAt::LanPeer,
            Place::Iface {
                at: Stack::Internet(_),
                ..
            } => HopAt::Internet,
            Place::Iface {
                at: Stack::Host,
                name,
            } => HopAt::HostInterface {
                name: name.to_string(),
            },
            Place::Iface {
                at: Stack::Ns(_),
                name,
            } => HopAt::ContainerInterface {
                container: node(),
                iface: name.to_string(),
            },
            Place::Routing(_) => HopAt::Routing { node: node() },
            Place::HostsFile(_) => HopAt::Resolver {
                node: node(),
                kind: ResolverKind::HostsFile,
            },
            Place::EmbeddedDns(_) => HopAt::Resolver {
                node: node(),
                kind: ResolverKind::EmbeddedDns,
            },
            Place::Veth { ns, i } => {
                let n = &view.netns[ns];
                HopAt::Veth {
                    container: n.name().to_string(),
                    iface: n.ifaces[i].name().to_string(),
                    device: n.ifaces[i].veth().to_string(),
                }
            }
            Place::Bridge(b) => HopAt::Bridge {
                network: view.bridges[b].net.name.clone(),
                device: view.bridges[b].device().to_string(),
            },
            Place::Netfilter { table, chain } => HopAt::Netfilter {
                table: table.to_string(),
                chain: chain.to_string(),
            },
            Place::Conntrack => HopAt::Conntrack,
            Place::DockerProxy => HopAt::DockerProxy {
                port: proxy.0,
                proto: proxy.1.name().to_string(),
            },
        }
    }
}

/// One thing that happened to a packet.
#[derive(Debug, Clone)]
pub struct HopEvent<'a> {
    /// Where: data; the words are [`Place::node`] and [`Place::iface`].
    pub at: Place<'a>,
    pub action: Action,
    pub before: Hdr,
    pub after: Hdr,
    pub verdict: Verdict,
    pub rule: Option<&'a Rule>,
    pub note: Option<Note<'a>>,
    /// Nothing happened here (a hook where no rule matched): observers may skip it.
    pub quiet: bool,
}

/// An observer of the packet walk.
pub trait Tracer {
    /// A new packet (request or reply) starts with these headers.
    fn begin(&mut self, first: &Hdr, qname: &str);
    fn hop(&mut self, view: &View, ev: &HopEvent);
    /// [`Tracer::hop`] with the event handed over (the walk is done with it),
    /// so an observer may keep its texts without copying them.
    fn hop_owned(&mut self, view: &View, ev: HopEvent) {
        self.hop(view, &ev);
    }
    /// The packet's final verdict.
    fn end(&mut self, verdict: Verdict);
}

/// Records packets in the trace contract.
#[derive(Debug, Default)]
pub struct Recorder {
    packets: Vec<Packet>,
    current: Option<(Packet, String)>,
    failure: Option<(String, Option<String>)>,
    /// The port docker-proxy last accepted a connection on.
    proxy: Option<(u16, L4)>,
}

impl Recorder {
    pub fn new(_view: &View) -> Recorder {
        Recorder::default()
    }

    pub fn into_packets(self) -> Vec<Packet> {
        self.packets
    }

    /// The reason and hint of the first failing hop.
    pub fn failure(&self) -> (Option<String>, Option<String>) {
        match &self.failure {
            Some((r, h)) => (Some(r.clone()), h.clone()),
            None => (None, None),
        }
    }
}

impl Tracer for Recorder {
    fn begin(&mut self, first: &Hdr, qname: &str) {
        if let Some((p, _)) = self.current.take() {
            self.packets.push(p);
        }
        let h = first.headers(qname);
        let p = Packet {
            proto: h.proto.clone(),
            src: h.src.clone(),
            dst: h.dst.clone(),
            hops: Vec::new(),
            verdict: Verdict::Delivered,
        };
        self.current = Some((p, qname.to_string()));
    }

    fn hop(&mut self, view: &View, ev: &HopEvent) {
        if ev.quiet {
            return;
        }
        let Some((p, qname)) = self.current.as_mut() else {
            return;
        };
        let note = ev.note.as_ref();
        let failing = ev.verdict != Verdict::Delivered;
        let reason = note.map(|n| n.reason());
        let hint = note.and_then(|n| n.hint());
        if failing && self.failure.is_none() {
            if let Some(r) = &reason {
                self.failure = Some((r.clone(), hint.clone()));
            }
        }
        if ev.action == Action::Proxy {
            self.proxy = Some((ev.before.dport, ev.before.l4));
        }
        // docker-proxy's own connection out is drawn where it accepted.
        let proxy = match (ev.action, self.proxy) {
            (Action::Proxy, _) | (_, None) => (ev.before.dport, ev.before.l4),
            (_, Some(p)) => p,
        };
        let at = ev.at.hop_at(view, proxy);
        p.hops.push(Hop {
            node: ev.at.node(view).to_string(),
            interface: ev.at.iface(view).into_owned(),
            action: ev.action,
            before: ev.before.headers(qname),
            after: ev.after.headers(qname),
            verdict: ev.verdict,
            rule: ev.rule.map(|r| r.spec(view)),
            reason,
            hint: if failing { hint } else { None },
            at: Some(at),
        });
    }

    fn end(&mut self, verdict: Verdict) {
        if let Some((mut p, _)) = self.current.take() {
            p.verdict = verdict;
            self.packets.push(p);
        }
    }
}

/// Keeps only the first failure's reason and hint (the matrix). Outcomes
/// sent with it carry no details (see [`Tracer::details`]).
#[derive(Debug, Default)]
pub struct FailureOnly {
    pub reason: Option<String>,
    pub hint: Option<String>,
    /// Set to also keep the first failure's note when it is one of the
    /// [`Failure`] kinds (the matrix shares those between twin senders).
    pub keep: bool,
    pub failure: Option<Failure>,
}

/// The first failure, when its note is one of the kinds whose texts name
/// the sending container only as the sender (the matrix renders those again
/// for a twin sender; see `net::reach`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// [`Note::DirectAccess`]: its reason does not name the sender; its hint does.
    DirectAccess {
        network: String,
        /// The packet dropped was for the sender itself (a reply), so the
        /// reason names the sender too.
        for_sender: bool,
    },
    /// [`Note::NotShared`]: reason and hint name the asker.
    NotShared {
        name: String,
        network: String,
        server: Ipv4Addr,
    },
}

impl Failure {
    fn of(n: &Note) -> Option<Failure> {
        match *n {
            Note::DirectAccess {
                container,
                network,
                sender,
                ..
            } => Some(Failure::DirectAccess {
                network: network.to_string(),
                for_sender: sender == Some(container),
            }),
            Note::NotShared {
                name,
                network,
                server,
                ..
            } => Some(Failure::NotShared {
                name: name.to_string(),
                network: network.to_string(),
                server,
            }),
            _ => None,
        }
    }

    /// The reason and hint for `sender`, given the reason the note gave for
    /// another sender (used as is where the sender is not in it).
    pub fn texts(&self, sender: &str, reason: &str) -> (String, Option<String>) {
        match self {
            Failure::DirectAccess { network, .. } => {
                let note = Note::DirectAccess {
                    container: "",
                    network,
                    bridge: "",
                    came_in: "",
                    sender: Some(sender),
                };
                (reason.to_string(), note.hint())
            }
            Failure::NotShared {
                name,
                network,
                server,
            } => {
                let note = Note::NotShared {
                    name,
                    asker: sender,
                    network,
                    server: *server,
                };
                (note.reason(), note.hint())
            }
        }
    }
}

impl Tracer for FailureOnly {
    fn begin(&mut self, _first: &Hdr, _qname: &str) {}

    fn hop(&mut self, _view: &View, ev: &HopEvent) {
        if ev.verdict != Verdict::Delivered && self.reason.is_none() {
            if let Some(n) = &ev.note {
                self.reason = Some(n.reason());
                self.hint = n.hint();
                if self.keep {
                    self.failure = Failure::of(n);
                }
            }
        }
    }

    fn hop_owned(&mut self, _view: &View, ev: HopEvent) {
        if ev.verdict != Verdict::Delivered && self.reason.is_none() {
            if self.keep {
                if let Some(n) = &ev.note {
                    self.failure = Failure::of(n);
                }
            }
            match ev.note {
                // The same texts as `Note::reason`/`Note::hint`, moved rather than cloned.
                Some(Note::Text { reason, hint }) => {
                    self.reason = Some(reason);
                    self.hint = hint;
                }
                Some(n) => {
                    self.reason = Some(n.reason());
                    self.hint = n.hint();
                }
                None => {}
            }
        }
    }

    fn end(&mut self, _verdict: Verdict) {}
}

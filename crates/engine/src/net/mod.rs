//! # Packets: where a packet goes, and why it stops
//!
//! This module owns every decision about traffic: given the engine's state,
//! it computes the path of a packet from a sender's socket to a receiver's
//! socket and back, hop by hop, the way a Linux host running Docker Engine
//! 29.x would. It is pure and deterministic: no clock, no randomness, no I/O.
//! The command layer turns the results into what `ping`, `curl`, `wget`,
//! `nc` and `nslookup` print; the page animates the hops.
//!
//! The layers, from the bottom up:
//!
//! - [`view`] indexes the engine state once per question: bridge networks,
//!   container network namespaces (interfaces, routes, sockets), the host's
//!   addresses and sockets (sshd, `docker-proxy`, `--network host`
//!   processes), and who owns which IP address.
//! - [`netfilter`] generates the host's iptables rules in Docker 29's chain
//!   layout (raw PREROUTING, nat DOCKER, filter DOCKER-USER / DOCKER-FORWARD /
//!   DOCKER-CT / DOCKER-INTERNAL / DOCKER-BRIDGE / DOCKER) from that state
//!   and evaluates packets against them; the command layer prints them as
//!   `iptables -S`, `-L` and `iptables-save` do. The same rule objects are
//!   printed and evaluated: there is no second rule set. [`firewall`] is
//!   what the learner (and [`ufw`]) changed, [`counting`] the counters real
//!   traffic increments.
//! - [`route`] holds routing tables (a container's `eth0…` and default route,
//!   the host's `docker0` / `br-…` / `eth0` routes) and the `ip addr` /
//!   `ip route` data.
//! - [`dns`] resolves names the way a container's libc does: `/etc/hosts`
//!   first, then the nameserver from `/etc/resolv.conf` (Docker's embedded
//!   server at 127.0.0.11 on user-defined networks, the host's servers on the
//!   default bridge).
//! - `walk` moves packets: socket → routing → veth → bridge → netfilter
//!   hooks → docker-proxy → destination socket, and the replies back.
//! - [`tracer`] is the observer: the walk reports [`tracer::HopEvent`]s to a
//!   [`Tracer`]; the [`Recorder`] turns them into [`crate::trace::Packet`]s,
//!   the matrix uses a tracer that keeps only the failure. No rule builds a
//!   hop itself.
//! - [`mod@matrix`] probes every pair of endpoints through the same
//!   [`Engine::send`] path.
//!
//! The world around the host is fixed and documented, so traces are the same
//! everywhere: the host runs sshd on 0.0.0.0:22; the LAN router 192.168.1.1
//! is the host's and the laptop's DNS server and knows the public names of
//! [`crate::host::INTERNET_HOSTS`] plus `docker-host` and `laptop`; it NATs to
//! the internet and forwards nothing inbound; 8.8.8.8, 8.8.4.4 and 1.1.1.1
//! answer DNS (UDP/TCP 53) and TCP 443, the other internet hosts TCP 80/443,
//! all answer ping; any other public address answers nothing. Hop nodes are
//! "host", "lan" (the laptop's `eth0` and the `router`), "internet" and
//! container names. Latencies and ephemeral ports are derived from the probe,
//! never from a clock or a random source.
//!
//! **Architecture Invariant:** nothing here formats terminal output or knows
//! which tool asked; outcomes are data ([`Outcome`], [`Server`], [`Lookup`]).

pub mod counting;
pub mod dns;
pub mod firewall;
pub mod netfilter;
pub mod reach;
pub mod route;
mod text;
pub mod tracer;
pub mod ufw;
pub mod view;
mod walk;

#[cfg(test)]
pub(crate) mod tests;

use crate::engine::Engine;
use crate::trace::{Packet, Verdict};
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, SocketAddrV4};

pub use reach::{matrix, probes, MatrixProbe};
pub use tracer::{Recorder, Tracer};
pub use view::View;
pub use walk::Sender;

/// Where a probe starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Node {
    /// The Docker host's own network namespace.
    Host,
    /// The other computer on the LAN ("laptop", 192.168.1.20).
    Lan,
    /// Somewhere on the internet (behind the LAN router).
    Internet,
    /// Inside a container (by ID); `--network host` containers are the host,
    /// `--network container:X` containers are X's namespace.
    Container(String),
}

/// The transport a probe uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Tcp,
    Udp,
    /// ICMP echo request.
    Icmp,
    /// A name lookup only (no traffic to the name's address).
    Dns,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
            Transport::Icmp => "icmp",
            Transport::Dns => "dns",
        }
    }
}

/// What the sender writes once connected; decides what the server answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Payload {
    /// Connect (or send an empty datagram) and nothing else.
    #[default]
    Empty,
    /// An HTTP request line (`GET /`, `HEAD /`).
    Http { method: String, path: String },
    /// A line of text (`PING` to redis, anything to an echo server).
    Line(String),
}

/// How names are resolved for a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Resolve {
    /// As libc's getaddrinfo: /etc/hosts, then the resolv.conf nameserver.
    #[default]
    System,
    /// As nslookup: straight to the nameserver, /etc/hosts is not read.
    DnsOnly,
}

/// One thing to send.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Probe {
    pub from: Node,
    pub transport: Transport,
    /// A name or an IPv4 address.
    pub dst: String,
    /// Destination port (TCP/UDP); ignored for ICMP and DNS.
    pub port: u16,
    pub payload: Payload,
    /// ICMP sequence number, or a salt that varies ephemeral ports between
    /// otherwise identical probes.
    pub seq: u16,
    pub resolve: Resolve,
    /// nslookup's explicit server argument (`nslookup web 8.8.8.8`).
    pub dns_server: Option<Ipv4Addr>,
    /// Which round of questions this is: Docker's embedded DNS server
    /// shuffles a name's addresses on every query (round-robin DNS), and
    /// the round picks the shuffle (the command layer counts them).
    #[serde(default)]
    pub round: u32,
    /// Whether whoever sends it reads the outcome's details: the server's
    /// node and container ID, the host name asked for, the addresses a
    /// lookup found. When false (the matrix), the walk leaves them empty;
    /// the outcome's variant, its verdict and the recorded hops are the
    /// same. The probe says it, not the observer, so every observer of one
    /// probe sees one outcome.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub details: bool,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

impl Probe {
    pub fn new(from: Node, transport: Transport, dst: impl Into<String>, port: u16) -> Probe {
        Probe {
            from,
            transport,
            dst: dst.into(),
            port,
            payload: Payload::Empty,
            seq: 0,
            resolve: Resolve::System,
            dns_server: None,
            round: 0,
            details: true,
        }
    }

    pub fn tcp(from: Node, dst: impl Into<String>, port: u16) -> Probe {
        Probe::new(from, Transport::Tcp, dst, port)
    }

    pub fn udp(from: Node, dst: impl Into<String>, port: u16) -> Probe {
        Probe::new(from, Transport::Udp, dst, port)
    }

    pub fn ping(from: Node, dst: impl Into<String>, seq: u16) -> Probe {
        Probe {
            seq,
            ..Probe::new(from, Transport::Icmp, dst, 0)
        }
    }

    pub fn lookup(from: Node, name: impl Into<String>) -> Probe {
        Probe::new(from, Transport::Dns, name, 53)
    }

    pub fn with_payload(mut self, payload: Payload) -> Probe {
        self.payload = payload;
        self
    }

    /// The probe in round `round` of DNS questions (see [`Probe::round`]).
    pub fn in_round(mut self, round: u32) -> Probe {
        self.round = round;
        self
    }
}

pub use crate::program::Service;

/// The socket that accepted a connection or datagram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// "host", "lan", "internet" or the container's name.
    pub node: String,
    /// The container whose process answered (also for `--network host`).
    pub container_id: Option<String>,
    pub service: Service,
    /// The address and port the server's socket saw as local.
    pub local: SocketAddrV4,
    /// The client as the server sees it (after NAT and docker-proxy): what an
    /// access log records.
    pub peer: SocketAddrV4,
    /// The connection went through docker-proxy.
    pub via_proxy: bool,
    /// For internet servers: the name the client asked for (HTTP Host).
    pub host_name: Option<String>,
}

/// Why no route exists, or a send failed locally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unreachable {
    /// ENETUNREACH: "Network is unreachable" (no route; `--internal`, `none`).
    Network,
    /// EHOSTUNREACH: "No route to host" / "Host is unreachable" (nobody
    /// answers ARP for the address on a local subnet).
    Host,
}

/// A DNS response code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rcode {
    NxDomain,
    ServFail,
}

impl Rcode {
    pub fn as_str(self) -> &'static str {
        match self {
            Rcode::NxDomain => "NXDOMAIN",
            Rcode::ServFail => "SERVFAIL",
        }
    }
}

/// Where a name's answer came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LookupSource {
    /// A line of /etc/hosts.
    HostsFile,
    /// A DNS server.
    Dns { server: Ipv4Addr },
}

/// The name resolution a probe did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    pub name: String,
    pub source: LookupSource,
    /// Empty when the name was not found.
    pub answers: Vec<Ipv4Addr>,
    pub rcode: Option<Rcode>,
    /// The nameserver could not be reached at all.
    pub no_server: Option<Unreachable>,
}

/// How a probe ended, as the sending program experiences it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// TCP handshake completed / UDP datagram reached a socket / ICMP echo
    /// answered (`server` is the node that answered).
    Connected { server: Server },
    /// A name lookup (Transport::Dns) found addresses.
    Resolved { addrs: Vec<Ipv4Addr> },
    /// RST or ICMP port unreachable: "Connection refused".
    Refused,
    /// Accepted, then reset: docker-proxy accepted but could not reach the
    /// container ("Connection reset by peer").
    Reset,
    /// Nothing came back: dropped somewhere.
    TimedOut,
    /// The sender's kernel had no way to send it.
    Unreachable(Unreachable),
    /// The name did not resolve (NXDOMAIN, SERVFAIL, or no nameserver).
    NameNotFound,
}

/// Everything one probe produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub outcome: Outcome,
    /// The destination address once the name was resolved.
    pub resolved: Option<Ipv4Addr>,
    /// The name resolution, when a name was given.
    pub lookup: Option<Lookup>,
    /// Every packet, requests and replies, with its hops.
    pub packets: Vec<Packet>,
    /// Simulated round-trip time of the exchange, in microseconds.
    pub rtt_us: u32,
    /// The TTL the answer arrived with (64 from a Linux peer, minus one per
    /// router on the way back); 0 when nothing came back.
    pub ttl: u8,
    /// For a failure: the reason at the hop where it failed.
    pub reason: Option<String>,
    /// For a failure: the learner's fix.
    pub hint: Option<String>,
    /// When a `-j REJECT` rule stopped it: the host address whose error
    /// the sender got (ping prints `From ADDR ... Destination Port Unreachable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_by: Option<Ipv4Addr>,
}

impl Delivery {
    /// The verdict of the whole exchange, as the matrix shows it: delivered
    /// (answered), dropped (timed out) or rejected (refused, unreachable,
    /// name not found).
    pub fn verdict(&self) -> Verdict {
        self.outcome.verdict()
    }
}

impl Outcome {
    pub fn verdict(&self) -> Verdict {
        match self {
            Outcome::Connected { .. } | Outcome::Resolved { .. } => Verdict::Delivered,
            Outcome::TimedOut => Verdict::Dropped,
            Outcome::Refused | Outcome::Reset | Outcome::Unreachable(_) | Outcome::NameNotFound => {
                Verdict::Rejected
            }
        }
    }
}

impl Engine {
    /// Sends one probe and records every packet: the name lookup, the
    /// request, the replies, and docker-proxy's own connection.
    pub fn send(&self, probe: &Probe) -> Delivery {
        let view = View::new(self);
        view.send(probe)
    }

    /// A command's real send: [`Engine::send`], and the rules its packets
    /// matched count them (`iptables -L -v`; the matrix's probes do not).
    pub fn send_real(&mut self, probe: &Probe, now: crate::Timestamp) -> Delivery {
        let mut count = counting::Counting::default();
        let d = View::new(self).send_counted(probe, &mut count);
        self.count(count, now);
        d
    }
}

impl<'e> View<'e> {
    /// [`Engine::send`] against an already built view (many probes, one state).
    pub fn send(&self, probe: &Probe) -> Delivery {
        let mut rec = Recorder::new(self);
        let mut result = walk::run(self, probe, &mut rec);
        let (reason, hint) = rec.failure();
        result.packets = rec.into_packets();
        result.reason = reason;
        result.hint = hint;
        result
    }

    /// A real send ([`View::send`]): the rules its packets match are told
    /// to `count` (add it to the engine with [`Engine::count`]).
    pub fn send_counted(&self, probe: &Probe, count: &mut counting::Counting) -> Delivery {
        let mut rec = Recorder::new(self);
        let mut result = walk::run_counted(self, probe, &mut rec, count);
        let (reason, hint) = rec.failure();
        result.packets = rec.into_packets();
        result.reason = reason;
        result.hint = hint;
        result
    }

    /// Sends a probe with a caller-supplied observer; returns the outcome
    /// without recording packets.
    pub fn send_traced(&self, probe: &Probe, tracer: &mut dyn Tracer) -> Delivery {
        walk::run(self, probe, tracer)
    }

    /// [`View::send_traced`] for many probes from one sender: `sender` is
    /// [`View::sender`] of `probe.from`, looked up once.
    pub fn send_traced_from(
        &self,
        probe: &Probe,
        sender: &Sender<'e>,
        tracer: &mut dyn Tracer,
    ) -> Delivery {
        walk::run_from(self, probe, tracer, sender)
    }

    /// What the walk needs to know about a sender (see [`View::send_traced_from`]).
    pub fn sender(&self, from: &Node) -> Sender<'e> {
        walk::sender(self, from)
    }
}

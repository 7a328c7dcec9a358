//! Packet traces: what the engine records about each packet a command sends.
//!
//! A [`Packet`] is one datagram or one connection attempt (TCP SYN, UDP
//! datagram, ICMP echo, DNS query) together with the path of [`Hop`]s it took
//! and its final [`Verdict`]. Replies are packets of their own. These types are
//! the contract with every consumer: `bridgeport run --json`, `--trace`, the
//! page's animation and hop inspector, and lesson checks.

use serde::{Deserialize, Serialize};

/// Where a packet ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Reached a socket (or was answered by the kernel, e.g. ICMP echo).
    Delivered,
    /// Silently discarded: the sender sees a timeout.
    Dropped,
    /// Refused: the sender sees an error (RST, ICMP unreachable).
    Rejected,
}

/// What a hop did to the packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The sender's socket emitted it.
    Send,
    /// A routing decision chose the next interface.
    Route,
    /// Crossed a link (veth pair, bridge port, LAN) unchanged.
    Forward,
    /// Destination NAT rewrote the destination.
    Dnat,
    /// Source NAT / MASQUERADE rewrote the source.
    Snat,
    /// docker-proxy accepted it and opened a new connection.
    Proxy,
    /// A socket or the kernel's ICMP handler took it.
    Deliver,
    /// Discarded.
    Drop,
    /// Refused with an error back to the sender.
    Reject,
    /// A name lookup was answered (embedded DNS, /etc/hosts, upstream).
    Resolve,
}

/// Layer-3/4 header fields, as shown before and after a hop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headers {
    /// "tcp", "udp", "icmp", "sctp"
    pub proto: String,
    /// "172.17.0.2:43512", or just an IP for ICMP
    pub src: String,
    /// "172.17.0.3:80", or just an IP for ICMP
    pub dst: String,
    /// e.g. "SYN", "SYN-ACK", "RST", "echo-request", "echo-reply", "A? db"
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub info: String,
}

/// Which kind of name lookup answered at a [`HopAt::Resolver`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolverKind {
    /// The node's own `/etc/hosts`.
    HostsFile,
    /// Docker's embedded DNS server (127.0.0.11), or dockerd forwarding for it.
    EmbeddedDns,
}

/// Where a hop happened, as data: the same place that `node` and `interface`
/// describe in words, so a consumer (the page's drawing) never has to parse
/// those strings. Serialised externally tagged, e.g. `{"bridge":{...}}` or
/// `"router"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HopAt {
    /// One of the host's own interfaces: `eth0`, `lo`.
    HostInterface { name: String },
    /// A bridge network's Linux bridge on the host (`docker0`, `br-…`).
    Bridge { network: String, device: String },
    /// The host end (`device`, `veth…`) of a container's interface `iface`.
    Veth {
        container: String,
        iface: String,
        device: String,
    },
    /// A netfilter chain on the host, e.g. `nat` `PREROUTING`, `filter` `FORWARD`.
    Netfilter { table: String, chain: String },
    /// Connection tracking undoing an earlier translation (a reply).
    Conntrack,
    /// `node`'s routing table (`host` or a container name).
    Routing { node: String },
    /// docker-proxy listening on the host's `port` (its accept and its own connection).
    DockerProxy { port: u16, proto: String },
    /// An interface inside a container's sandbox (`eth0`, `lo`, ...).
    ContainerInterface { container: String, iface: String },
    /// The LAN's router (and its DNS server).
    Router,
    /// The other computer on the LAN.
    LanPeer,
    /// The simulated internet.
    Internet,
    /// A name lookup answered on `node` (`host` or a container name).
    Resolver { node: String, kind: ResolverKind },
}

/// One step on a packet's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    /// "host", "lan", "internet", or a container name.
    pub node: String,
    /// "eth0", "lo", "docker0", "br-1a2b3c4d5e6f", "veth1234567", "nat PREROUTING", ...
    pub interface: String,
    pub action: Action,
    pub before: Headers,
    pub after: Headers,
    pub verdict: Verdict,
    /// The rule that matched, e.g. "-A DOCKER ! -i br-x -o br-x -j DROP".
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<String>,
    /// What happened, in words a learner understands.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// How to fix it (for drops and rejects).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<String>,
    /// Where it happened, as data (the engine's recorder always fills it;
    /// `None` only in traces written before it existed).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub at: Option<HopAt>,
}

/// One packet and its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packet {
    pub proto: String,
    pub src: String,
    pub dst: String,
    pub hops: Vec<Hop>,
    pub verdict: Verdict,
}

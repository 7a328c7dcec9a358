//! Packet capture: what a capture on one interface sees, derived from the
//! walk's traces ([`crate::trace::Packet`]), not from a second model.
//!
//! A hop records where it happened as data ([`HopAt`]); every hop at a host
//! interface (`eth0`, `lo`, a bridge, the host end of a veth) or at an
//! interface inside a container is a point where `tcpdump -i` would see the
//! packet, with the addresses the packet had there (`Hop::before`: on `eth0`
//! before DNAT, on `docker0` after it). Consecutive hops at one interface are
//! one frame. The direction (`In`, `Out`, or `P` for a frame addressed to
//! another host, as Linux's `PACKET_OTHERHOST`) comes from the hop before.
//!
//! The walk records the packets that decide a connection (SYN, SYN-ACK, RST,
//! datagrams, echo requests and replies, DNS questions and answers); the
//! capture adds the ACK that completes each handshake the walk completed,
//! along the SYN's path. Header fields a trace does not carry (TCP initial
//! sequence numbers, timestamps, ICMP and DNS ids) are drawn from a hash of
//! the flow and the capture's `salt`, so a replay gives the same bytes. The
//! data segments and the close of a connection are not walked, so they are
//! not captured (the command layer says so).
//!
//! [`pcap`] writes frames as a pcap file.

pub mod pcap;

use crate::image::stable_hash;
use crate::trace::{Action, Hop, HopAt, Packet, Verdict};
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, SocketAddrV4};

/// Where a capture listens: the host's or a container's network namespace,
/// and one interface there or all of them (`-i any`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tap {
    /// `None`: the host; `Some(name)`: the namespace of that container.
    pub container: Option<String>,
    /// `None`: every interface (`any`).
    pub iface: Option<String>,
}

/// Which way a frame crossed its interface (libpcap's `LINUX_SLL2` packet type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dir {
    /// Received, addressed to this host (`In`).
    In,
    /// Sent by this host (`Out`).
    Out,
    /// Received, addressed to another host (`P`: a bridge port's frame).
    Other,
}

/// TCP flag bits as on the wire.
pub mod flags {
    pub const FIN: u8 = 0x01;
    pub const SYN: u8 = 0x02;
    pub const RST: u8 = 0x04;
    pub const PSH: u8 = 0x08;
    pub const ACK: u8 = 0x10;
}

/// The DNS answer in a response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DnsAnswer {
    /// One A record.
    A(Ipv4Addr),
    /// NOERROR, no records.
    Empty,
    /// NXDOMAIN (3) or SERVFAIL (2).
    Rcode(u8),
}

/// The transport part of a frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    Tcp {
        sport: u16,
        dport: u16,
        flags: u8,
        seq: u32,
        ack: u32,
        win: u16,
        /// `Some((val, ecr))`: the timestamp option (with mss, sackOK and
        /// wscale on a SYN).
        ts: Option<(u32, u32)>,
    },
    Udp {
        sport: u16,
        dport: u16,
        /// Payload bytes (the trace does not carry a datagram's payload: 0).
        len: u16,
    },
    Dns {
        sport: u16,
        dport: u16,
        id: u16,
        name: String,
        /// `None`: a query.
        answer: Option<DnsAnswer>,
    },
    Echo {
        reply: bool,
        id: u16,
        seq: u16,
    },
    /// ICMP port unreachable about an earlier packet (REJECT's answer).
    PortUnreachable {
        /// The refused packet as the sender sent it.
        orig_src: Ipv4Addr,
        orig_dst: Ipv4Addr,
        /// 6 tcp, 17 udp, 1 icmp.
        orig_proto: u8,
        orig_sport: u16,
        orig_dport: u16,
    },
}

/// One packet as seen at one interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// When it crossed, in microseconds since the Unix epoch.
    pub time_us: u64,
    pub iface: String,
    pub dir: Dir,
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub body: Body,
    /// Index of the trace packet this frame shows (the synthesised ACK
    /// shows its SYN's).
    pub packet: usize,
    /// Index of the hop in that packet where the capture saw it.
    pub hop: usize,
}

/// A packet's end points as a hop shows them ("172.17.0.2:80" or an IP).
fn ends(h: &crate::trace::Headers) -> Option<(Ipv4Addr, u16, Ipv4Addr, u16)> {
    fn one(s: &str) -> Option<(Ipv4Addr, u16)> {
        match s.parse::<SocketAddrV4>() {
            Ok(a) => Some((*a.ip(), a.port())),
            Err(_) => s.parse::<Ipv4Addr>().ok().map(|ip| (ip, 0)),
        }
    }
    let (s, sp) = one(&h.src)?;
    let (d, dp) = one(&h.dst)?;
    Some((s, sp, d, dp))
}

/// The interface a hop is at, as the capture names it, if `tap` sees it.
fn seen_at<'h>(hop: &'h Hop, tap: &Tap) -> Option<&'h str> {
    let name = match (hop.at.as_ref()?, &tap.container) {
        (HopAt::HostInterface { name }, None) => name.as_str(),
        (HopAt::Bridge { device, .. }, None) => device.as_str(),
        (HopAt::Veth { device, .. }, None) => device.as_str(),
        (HopAt::ContainerInterface { container, iface }, Some(c)) if container == c => {
            iface.as_str()
        }
        _ => return None,
    };
    match &tap.iface {
        Some(want) if want != name => None,
        _ => Some(name),
    }
}

/// Is the hop outside the host (the laptop, the router, the internet)?
fn outside(hop: &Hop) -> bool {
    matches!(
        hop.at,
        Some(HopAt::LanPeer | HopAt::Router | HopAt::Internet)
    )
}

fn direction(prev: Option<&Hop>, hop: &Hop) -> Dir {
    match hop.at.as_ref() {
        Some(HopAt::HostInterface { name }) if name == "eth0" => match prev {
            Some(p) if outside(p) => Dir::In,
            _ => Dir::Out,
        },
        Some(HopAt::Bridge { .. }) => match prev.and_then(|p| p.at.as_ref()) {
            Some(HopAt::Veth { .. }) => Dir::In,
            _ => Dir::Out,
        },
        Some(HopAt::Veth { .. }) => match prev.and_then(|p| p.at.as_ref()) {
            Some(HopAt::ContainerInterface { .. }) => Dir::Other,
            _ => Dir::Out,
        },
        Some(HopAt::ContainerInterface { iface, .. }) if iface != "lo" => {
            if hop.action == crate::trace::Action::Send {
                Dir::Out
            } else {
                Dir::In
            }
        }
        _ => Dir::In,
    }
}

/// A number drawn from the flow and the salt.
fn draw(salt: u64, what: &str, key: (Ipv4Addr, u16, Ipv4Addr, u16)) -> u64 {
    stable_hash(&format!(
        "{salt}/{what}/{}:{}>{}:{}",
        key.0, key.1, key.2, key.3
    ))
}

/// What a trace packet is, from its first hop's headers.
enum Kind<'a> {
    Syn,
    SynAck,
    Rst,
    Datagram,
    Echo { reply: bool, seq: u16 },
    Unreachable,
    Query(&'a str),
    Answer(&'a str, DnsAnswer),
}

fn kind(p: &Packet) -> Option<Kind<'_>> {
    let h = &p.hops.first()?.before;
    let info = h.info.as_str();
    Some(match (h.proto.as_str(), info) {
        ("tcp", "SYN") => Kind::Syn,
        ("tcp", "SYN-ACK") => Kind::SynAck,
        ("tcp", "RST") => Kind::Rst,
        ("tcp", _) => return None,
        ("icmp", "port-unreachable") => Kind::Unreachable,
        ("icmp", i) => {
            let (reply, seq) = if let Some(s) = i.strip_prefix("echo-request seq=") {
                (false, s)
            } else {
                (true, i.strip_prefix("echo-reply seq=")?)
            };
            Kind::Echo {
                reply,
                seq: seq.parse().ok()?,
            }
        }
        (_, "") => Kind::Datagram,
        (_, i) => {
            if let Some(q) = i.strip_prefix("A? ") {
                Kind::Query(q)
            } else if let Some((q, rc)) = i.rsplit_once(": ") {
                let ans = match rc {
                    "NXDOMAIN" => DnsAnswer::Rcode(3),
                    "SERVFAIL" => DnsAnswer::Rcode(2),
                    _ => DnsAnswer::Empty,
                };
                Kind::Answer(q, ans)
            } else {
                let rest = i.strip_prefix("A ")?;
                let (q, ip) = rest.rsplit_once(' ')?;
                Kind::Answer(q, DnsAnswer::A(ip.parse().ok()?))
            }
        }
    })
}

/// The flow key of a TCP or DNS exchange: the client's end points as it
/// sent the first packet (a reply's are its last hop's, reversed).
fn client_key(p: &Packet, reply: bool) -> Option<(Ipv4Addr, u16, Ipv4Addr, u16)> {
    if reply {
        let (s, sp, d, dp) = ends(&p.hops.last()?.after)?;
        Some((d, dp, s, sp))
    } else {
        ends(&p.hops.first()?.before)
    }
}

/// Every frame `tap` sees of `packets` (in order), with the ICMP echo
/// sequence number the sending `ping` puts on the wire for the walk's
/// `seq` (`first_seq(node)`: 1 for iputils, 0 for busybox).
pub fn capture(
    packets: &[Packet],
    tap: &Tap,
    salt: u64,
    start: crate::Timestamp,
    first_seq: &dyn Fn(&str) -> u16,
) -> Vec<Frame> {
    let mut frames = Vec::new();
    for (i, p) in packets.iter().enumerate() {
        let Some(what) = kind(p) else { continue };
        let base = start.0.saturating_mul(1000) + i as u64 * 250;
        let offset = match what {
            Kind::Echo { seq, .. } => base + u64::from(seq) * 1_000_000,
            _ => base,
        };
        let sender = p.hops.first().map(|h| h.node.as_str()).unwrap_or("");
        // The body at a hop with the hop's end points.
        let body = |sp: u16, dp: u16| -> Option<Body> {
            Some(match &what {
                Kind::Syn => {
                    let key = client_key(p, false)?;
                    Body::Tcp {
                        sport: sp,
                        dport: dp,
                        flags: flags::SYN,
                        seq: draw(salt, "isn-c", key) as u32,
                        ack: 0,
                        win: 64240,
                        ts: Some((draw(salt, "ts-c", key) as u32, 0)),
                    }
                }
                Kind::SynAck => {
                    let key = client_key(p, true)?;
                    Body::Tcp {
                        sport: sp,
                        dport: dp,
                        flags: flags::SYN | flags::ACK,
                        seq: draw(salt, "isn-s", key) as u32,
                        ack: (draw(salt, "isn-c", key) as u32).wrapping_add(1),
                        win: 65160,
                        ts: Some((
                            draw(salt, "ts-s", key) as u32,
                            draw(salt, "ts-c", key) as u32,
                        )),
                    }
                }
                Kind::Rst => {
                    let key = client_key(p, true)?;
                    Body::Tcp {
                        sport: sp,
                        dport: dp,
                        flags: flags::RST | flags::ACK,
                        seq: 0,
                        ack: (draw(salt, "isn-c", key) as u32).wrapping_add(1),
                        win: 0,
                        ts: None,
                    }
                }
                Kind::Datagram => Body::Udp {
                    sport: sp,
                    dport: dp,
                    len: 0,
                },
                Kind::Echo { reply, seq } => {
                    let (s, _, d, _) = client_key(p, *reply)?;
                    let node = if *reply {
                        p.hops.last().map(|h| h.node.as_str()).unwrap_or("")
                    } else {
                        sender
                    };
                    Body::Echo {
                        reply: *reply,
                        id: draw(salt, "icmp-id", (s, 0, d, 0)) as u16,
                        seq: seq.wrapping_add(first_seq(node)),
                    }
                }
                Kind::Unreachable => {
                    // The refused packet: the one before this answer.
                    let orig = packets[..i].iter().rev().find_map(|q| {
                        let (s, sp, d, dp) = ends(&q.hops.first()?.before)?;
                        let proto = match q.proto.as_str() {
                            "tcp" => 6,
                            "udp" => 17,
                            _ => 1,
                        };
                        Some((s, sp, d, dp, proto))
                    })?;
                    Body::PortUnreachable {
                        orig_src: orig.0,
                        orig_sport: orig.1,
                        orig_dst: orig.2,
                        orig_dport: orig.3,
                        orig_proto: orig.4,
                    }
                }
                Kind::Query(name) => {
                    let key = client_key(p, false)?;
                    Body::Dns {
                        sport: sp,
                        dport: dp,
                        id: draw(salt, "dns-id", key) as u16,
                        name: name.to_string(),
                        answer: None,
                    }
                }
                Kind::Answer(name, ans) => {
                    let key = client_key(p, true)?;
                    Body::Dns {
                        sport: sp,
                        dport: dp,
                        id: draw(salt, "dns-id", key) as u16,
                        name: name.to_string(),
                        answer: Some(ans.clone()),
                    }
                }
            })
        };
        let mut prev: Option<&Hop> = None;
        let mut last_iface: Option<&str> = None;
        for (j, hop) in p.hops.iter().enumerate() {
            let here = seen_at(hop, tap);
            if let Some(name) = here {
                if last_iface != Some(name) {
                    if let Some((s, sp, d, dp)) = ends(&hop.before) {
                        if let Some(b) = body(sp, dp) {
                            frames.push(Frame {
                                time_us: offset + j as u64,
                                iface: name.to_string(),
                                dir: direction(prev, hop),
                                src: s,
                                dst: d,
                                body: b,
                                packet: i,
                                hop: j,
                            });
                        }
                    }
                }
            }
            last_iface = here;
            prev = Some(hop);
        }
        // A REJECT rule's answer (the walk stops at the rule): the host
        // sends it back the way the packet came, from the address the
        // packet was sent to there (conntrack restores the original).
        if let Some(last) = p.hops.last() {
            let rule = last.rule.as_deref().unwrap_or("");
            if last.action == Action::Reject && rule.contains("-j REJECT") {
                let back: Vec<(usize, &Hop)> = p.hops.iter().enumerate().rev().skip(1).collect();
                let mut last_iface: Option<&str> = None;
                for (j, hop) in back {
                    let here = seen_at(hop, tap);
                    if let (Some(name), Some((s, sp, d, dp))) = (here, ends(&hop.before)) {
                        if last_iface != Some(name) {
                            let body = if rule.contains("tcp-reset") {
                                Body::Tcp {
                                    sport: dp,
                                    dport: sp,
                                    flags: flags::RST | flags::ACK,
                                    seq: 0,
                                    ack: client_key(p, false)
                                        .map(|k| (draw(salt, "isn-c", k) as u32).wrapping_add(1))
                                        .unwrap_or(0),
                                    win: 0,
                                    ts: None,
                                }
                            } else {
                                Body::PortUnreachable {
                                    orig_src: s,
                                    orig_dst: d,
                                    orig_proto: match p.proto.as_str() {
                                        "tcp" => 6,
                                        "udp" => 17,
                                        _ => 1,
                                    },
                                    orig_sport: sp,
                                    orig_dport: dp,
                                }
                            };
                            let dir = match hop.at.as_ref() {
                                Some(HopAt::Bridge { .. } | HopAt::ContainerInterface { .. }) => {
                                    Dir::In
                                }
                                Some(HopAt::Veth { .. }) => Dir::Other,
                                _ => Dir::Out,
                            };
                            frames.push(Frame {
                                time_us: offset + 200 + (p.hops.len() - j) as u64,
                                iface: name.to_string(),
                                dir,
                                src: d,
                                dst: s,
                                body,
                                packet: i,
                                hop: j,
                            });
                        }
                    }
                    last_iface = here;
                }
            }
        }
        // The handshake's last ACK follows the SYN's path.
        if matches!(what, Kind::SynAck) && p.verdict == Verdict::Delivered {
            if let Some(key) = client_key(p, true) {
                let syn = packets[..i].iter().position(|q| {
                    matches!(kind(q), Some(Kind::Syn)) && client_key(q, false) == Some(key)
                });
                if let Some(s) = syn {
                    let mut acks =
                        capture(&packets[s..=s], tap, salt, crate::Timestamp(0), first_seq);
                    for f in &mut acks {
                        f.time_us += offset + 100;
                        f.packet = s;
                        if let Body::Tcp {
                            flags: fl,
                            seq,
                            ack,
                            win,
                            ts,
                            ..
                        } = &mut f.body
                        {
                            *fl = flags::ACK;
                            *seq = seq.wrapping_add(1);
                            *ack = (draw(salt, "isn-s", key) as u32).wrapping_add(1);
                            *win = 502;
                            *ts = Some((
                                (draw(salt, "ts-c", key) as u32).wrapping_add(1),
                                draw(salt, "ts-s", key) as u32,
                            ));
                        }
                    }
                    frames.extend(acks);
                }
            }
        }
    }
    frames
}

#[cfg(test)]
mod tests;

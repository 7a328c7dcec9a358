//! The reachability matrix: every pair of endpoints (the host, the LAN
//! computer, the internet, each running container) and every transport that
//! makes sense between them (TCP and UDP to each port something listens on,
//! directly and through each published port, ICMP echo, and a lookup of each
//! container's name), each answered by sending the probe through
//! [`View::send_traced`] — the same path real commands take.
//!
//! Only ports that something listens on or publishes are probed, and
//! containers are indexed by network, so the matrix stays proportional to
//! pairs × ports (200 containers on 20 networks: a fraction of a second).

use super::tracer::FailureOnly;
use super::view::{Stack, View};
use super::{Node, Probe, Transport};
use crate::engine::Engine;
use crate::matrix::{Matrix, MatrixCell, MatrixEndpoint, Transport as CellTransport};
use crate::model::Process;
use crate::ports::Proto;
use crate::trace::Verdict;
use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr};

/// One probe of the matrix, before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixProbe {
    /// Index into the endpoints of the sender.
    pub from: usize,
    /// Index into the endpoints of the receiver.
    pub to: usize,
    pub probe: Probe,
    pub transport: CellTransport,
}

/// The matrix for the engine's current state.
pub fn matrix(engine: &Engine) -> Matrix {
    let view = View::new(engine);
    // At least a name lookup and a ping for most ordered pairs: room for those
    // up front, so the (large) cell list is not copied while it grows.
    let n = 3 + engine
        .containers()
        .iter()
        .filter(|c| c.is_running())
        .count();
    let mut cells = Vec::with_capacity(n * (n - 1) * 2);
    // What the walk needs about the current sender, looked up once per sender.
    let mut sender = None;
    // Probes are generated and sent one at a time: no list of 100k probes in memory.
    let endpoints = probes_in(&view, |from, to, probe, transport| {
        let s = match sender {
            Some((f, s)) if f == from => s,
            _ => {
                let s = view.sender(&probe.from);
                sender = Some((from, s));
                s
            }
        };
        let mut t = FailureOnly::default();
        let d = view.send_traced_from(probe, &s, &mut t);
        let verdict = d.verdict();
        let failed = verdict != Verdict::Delivered;
        cells.push(MatrixCell {
            from,
            to,
            transport,
            verdict,
            reason: if failed {
                t.reason.or_else(|| Some(fallback_reason(&d.outcome)))
            } else {
                None
            },
            hint: if failed { t.hint } else { None },
        });
    });
    Matrix { endpoints, cells }
}

fn fallback_reason(o: &super::Outcome) -> String {
    match o {
        super::Outcome::NameNotFound => "the name does not resolve".to_string(),
        super::Outcome::TimedOut => "no answer".to_string(),
        _ => "failed".to_string(),
    }
}

/// The endpoints and the probes of the matrix, in order (cells follow this order).
pub fn probes(engine: &Engine) -> (Vec<MatrixEndpoint>, Vec<MatrixProbe>) {
    let mut all = Vec::new();
    let endpoints = probes_in(&View::new(engine), |from, to, probe, transport| {
        all.push(MatrixProbe {
            from,
            to,
            probe: probe.clone(),
            transport,
        })
    });
    (endpoints, all)
}

struct Ep<'e> {
    node: Node,
    name: &'e str,
    /// For containers: where their network stack is.
    stack: Option<Stack>,
    /// Ports its own processes listen on.
    listens: Vec<(Proto, Ipv4Addr, u16)>,
    /// Published (proto, host ip, host port, container port).
    published: Vec<(Proto, Ipv4Addr, u16, u16)>,
}

/// Calls `emit(from, to, probe, transport)` for each probe, in order. The
/// probe is one buffer per sender, rewritten in place for each destination
/// (no per-probe allocation of the sender's id or the destination string).
fn probes_in<'e>(
    view: &View<'e>,
    mut emit: impl FnMut(usize, usize, &Probe, CellTransport),
) -> Vec<MatrixEndpoint> {
    let engine = view.engine;
    let host_ip = view.host_ip();
    let mut eps: Vec<Ep<'e>> = vec![
        Ep {
            node: Node::Host,
            name: "host",
            stack: Some(Stack::Host),
            listens: vec![(Proto::Tcp, Ipv4Addr::UNSPECIFIED, 22)],
            published: vec![],
        },
        Ep {
            node: Node::Lan,
            name: "lan",
            stack: Some(Stack::Lan),
            listens: vec![],
            published: vec![],
        },
        Ep {
            node: Node::Internet,
            name: "internet",
            stack: None,
            listens: vec![
                (Proto::Tcp, Ipv4Addr::UNSPECIFIED, 443),
                (Proto::Udp, Ipv4Addr::UNSPECIFIED, 53),
            ],
            published: vec![],
        },
    ];
    for c in engine.containers().iter().filter(|c| c.is_running()) {
        let Some(stack) = view.stack_of(&c.id) else {
            continue;
        };
        let listens = match &c.process {
            Process::Server { listeners } => listeners
                .iter()
                .map(|l| (l.proto, l.addr, l.port))
                .collect(),
            _ => Vec::new(),
        };
        let published = c
            .bindings
            .iter()
            .filter_map(|b| match b.host_ip {
                IpAddr::V4(ip) => Some((b.proto, ip, b.host_port, b.container_port)),
                IpAddr::V6(_) => None,
            })
            .collect();
        eps.push(Ep {
            node: Node::Container(c.id.clone()),
            name: &c.name,
            stack: Some(stack),
            listens,
            published,
        });
    }
    let endpoints: Vec<MatrixEndpoint> = eps
        .iter()
        .map(|e| MatrixEndpoint {
            name: e.name.to_string(),
            kind: match e.node {
                Node::Host => "host",
                Node::Lan => "lan",
                Node::Internet => "internet",
                Node::Container(_) => "container",
            }
            .to_string(),
        })
        .collect();

    // Bridges each namespace is on, for "shares a network".
    let bridges_of = |s: Option<Stack>| -> Vec<usize> {
        match s {
            Some(Stack::Ns(i)) => view.netns[i].ifaces.iter().map(|f| f.bridge).collect(),
            _ => Vec::new(),
        }
    };
    let ep_bridges: Vec<Vec<usize>> = eps
        .iter()
        .map(|e| {
            if matches!(e.node, Node::Container(_)) {
                bridges_of(e.stack)
            } else {
                Vec::new()
            }
        })
        .collect();

    let internet = Ipv4Addr::new(8, 8, 8, 8);
    let host_ip_s = host_ip.to_string();
    let lan_s = engine.host.lan_peer.to_string();
    let internet_s = internet.to_string();
    for (a, from) in eps.iter().enumerate() {
        // One probe per sender, rewritten for each destination.
        let mut probe = Probe::new(from.node.clone(), Transport::Tcp, String::new(), 0);
        for (b, to) in eps.iter().enumerate() {
            if a == b {
                continue;
            }
            // `dst`: an address or a name; `Dst::Ip` writes it into the buffer.
            let mut push = |transport: Transport,
                            dst: Dst<'_>,
                            port: u16,
                            proto: &'static str,
                            cport: Option<u16>,
                            label: String| {
                probe.transport = transport;
                probe.port = port;
                probe.dst.clear();
                match dst {
                    Dst::Ip(ip) => push_ip(&mut probe.dst, ip),
                    Dst::Str(s) => probe.dst.push_str(s),
                }
                emit(
                    a,
                    b,
                    &probe,
                    CellTransport {
                        proto: Cow::Borrowed(proto),
                        port: cport,
                        label,
                    },
                );
            };
            match &to.node {
                Node::Host => {
                    let dst = if from.node == Node::Host {
                        Ipv4Addr::LOCALHOST
                    } else {
                        host_ip
                    };
                    for &(proto, _, port) in &to.listens {
                        push(
                            transport(proto),
                            Dst::Ip(dst),
                            port,
                            proto.as_str(),
                            Some(port),
                            label(&[proto.as_str(), " host:"], Some(port), &[]),
                        );
                    }
                    push(
                        Transport::Icmp,
                        Dst::Str(&host_ip_s),
                        0,
                        "icmp",
                        None,
                        "ping host".to_string(),
                    );
                }
                Node::Lan => {
                    push(
                        Transport::Icmp,
                        Dst::Str(&lan_s),
                        0,
                        "icmp",
                        None,
                        "ping lan".to_string(),
                    );
                }
                Node::Internet => {
                    for &(proto, _, port) in &to.listens {
                        push(
                            transport(proto),
                            Dst::Str(&internet_s),
                            port,
                            proto.as_str(),
                            Some(port),
                            label(&[proto.as_str(), " ", &internet_s, ":"], Some(port), &[]),
                        );
                    }
                    push(
                        Transport::Icmp,
                        Dst::Str(&internet_s),
                        0,
                        "icmp",
                        None,
                        label(&["ping ", &internet_s], None, &[]),
                    );
                }
                Node::Container(_) => {
                    let stack = to.stack;
                    // The address the sender would use: on a shared network, that one.
                    let mut ip_text = String::new();
                    let (addr, label_host): (Option<Ipv4Addr>, [&str; 2]) = match stack {
                        Some(Stack::Ns(ns)) => {
                            let shared = view.netns[ns]
                                .ifaces
                                .iter()
                                .find(|f| ep_bridges[a].contains(&f.bridge));
                            match shared {
                                Some(f) => (Some(f.ip()), [to.name, ""]),
                                None => match view.primary_ip(ns) {
                                    Some(ip) => {
                                        push_ip(&mut ip_text, ip);
                                        (Some(ip), [&ip_text, ""])
                                    }
                                    None => (None, ["", ""]),
                                },
                            }
                        }
                        Some(Stack::Host) => {
                            let ip = if from.node == Node::Host {
                                Ipv4Addr::LOCALHOST
                            } else {
                                host_ip
                            };
                            (Some(ip), [to.name, "(host network)"])
                        }
                        _ => (None, ["", ""]),
                    };
                    if let Some(addr) = addr {
                        for &(proto, _, port) in &to.listens {
                            push(
                                transport(proto),
                                Dst::Ip(addr),
                                port,
                                proto.as_str(),
                                Some(port),
                                label(
                                    &[proto.as_str(), " ", label_host[0], label_host[1], ":"],
                                    Some(port),
                                    &[],
                                ),
                            );
                        }
                    }
                    for &(proto, hip, hport, cport) in &to.published {
                        let dst = if from.node == Node::Host {
                            if hip.is_unspecified() {
                                Ipv4Addr::LOCALHOST
                            } else {
                                hip
                            }
                        } else if hip.is_unspecified() || hip.is_loopback() {
                            host_ip
                        } else {
                            hip
                        };
                        let mut dst_text = String::new();
                        push_ip(&mut dst_text, dst);
                        let mut l = label(
                            &[proto.as_str(), " ", &dst_text, ":"],
                            Some(hport),
                            &[" → ", to.name, ":"],
                        );
                        push_u16(&mut l, cport);
                        push(
                            transport(proto),
                            Dst::Ip(dst),
                            hport,
                            proto.as_str(),
                            Some(hport),
                            l,
                        );
                    }
                    if let Some(addr) = addr {
                        push(
                            Transport::Icmp,
                            Dst::Ip(addr),
                            0,
                            "icmp",
                            None,
                            label(&["ping ", label_host[0], label_host[1]], None, &[]),
                        );
                    }
                    if from.node != Node::Internet {
                        push(
                            Transport::Dns,
                            Dst::Str(to.name),
                            53,
                            "dns",
                            None,
                            label(&["lookup ", to.name], None, &[]),
                        );
                    }
                }
            }
        }
    }
    endpoints
}

/// `head`, then `port` in decimal, then `tail`, as one string of the right
/// size (the matrix makes one label per cell: no formatting machinery).
fn label(head: &[&str], port: Option<u16>, tail: &[&str]) -> String {
    let len = head.iter().chain(tail).map(|p| p.len()).sum::<usize>() + 5;
    let mut s = String::with_capacity(len);
    for p in head {
        s.push_str(p);
    }
    if let Some(port) = port {
        push_u16(&mut s, port);
    }
    for p in tail {
        s.push_str(p);
    }
    s
}

/// Appends `n` in decimal.
fn push_u16(s: &mut String, n: u16) {
    let mut buf = [0u8; 5];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// Appends `ip` in dotted decimal, as `Display` writes it.
fn push_ip(s: &mut String, ip: Ipv4Addr) {
    for (k, o) in ip.octets().into_iter().enumerate() {
        if k > 0 {
            s.push('.');
        }
        push_u16(s, u16::from(o));
    }
}

/// A probe's destination: an address (formatted into the probe's buffer) or text.
#[derive(Clone, Copy)]
enum Dst<'a> {
    Ip(Ipv4Addr),
    Str(&'a str),
}

fn transport(p: Proto) -> Transport {
    match p {
        Proto::Udp => Transport::Udp,
        _ => Transport::Tcp,
    }
}

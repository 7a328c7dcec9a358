//! Routing tables and interfaces: a container's `lo` + `eth0…` with one
//! connected route per network and a default route via its gateway
//! endpoint's network (none when every network is `--internal`), and the
//! host's `lo`, `eth0`, `docker0`, `br-…` and veths. Used by the packet walk
//! and printed by `ip addr`, `ip route` and `hostname -I`.

use super::view::{in_net, View, IF_ETH0};
use super::Unreachable;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Where a routing decision sends a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Egress {
    /// The stack's own address: `lo`.
    Loopback,
    /// Out of a container interface (index into the namespace's ifaces).
    Iface(usize),
    /// Out of a host bridge (index into `View::bridges`).
    Bridge(usize),
    /// Out of the host's eth0 (next hop: the destination itself or the router).
    Eth0,
}

/// A routing decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteTo {
    pub egress: Egress,
    /// The source address the kernel picks.
    pub src: Ipv4Addr,
    /// The gateway, for routes "via" one.
    pub via: Option<Ipv4Addr>,
}

/// A container namespace's route to `dst`.
pub fn ns_route(view: &View, ns: usize, dst: Ipv4Addr) -> Result<RouteTo, Unreachable> {
    let n = &view.netns[ns];
    if n.owns(dst) {
        let src = if dst.is_loopback() {
            Ipv4Addr::LOCALHOST
        } else {
            dst
        };
        return Ok(RouteTo {
            egress: Egress::Loopback,
            src,
            via: None,
        });
    }
    if let Some(i) = n.iface_for(view, dst) {
        return Ok(RouteTo {
            egress: Egress::Iface(i),
            src: n.ifaces[i].ip(),
            via: None,
        });
    }
    match n.gateway {
        Some(i) => Ok(RouteTo {
            egress: Egress::Iface(i),
            src: n.ifaces[i].ip(),
            via: Some(view.bridges[n.ifaces[i].bridge].gateway),
        }),
        None => Err(Unreachable::Network),
    }
}

/// The host's route to `dst`.
pub fn host_route(view: &View, dst: Ipv4Addr) -> RouteTo {
    if view.is_host_local(dst) {
        let src = if dst.is_loopback() {
            Ipv4Addr::LOCALHOST
        } else {
            dst
        };
        return RouteTo {
            egress: Egress::Loopback,
            src,
            via: None,
        };
    }
    if let Some(b) = view.bridge_for_ip(dst) {
        return RouteTo {
            egress: Egress::Bridge(b),
            src: view.bridges[b].gateway,
            via: None,
        };
    }
    let host = &view.engine.host;
    if in_net(&host.eth0, dst) {
        RouteTo {
            egress: Egress::Eth0,
            src: host.ip(),
            via: None,
        }
    } else {
        RouteTo {
            egress: Egress::Eth0,
            src: host.ip(),
            via: Some(host.router),
        }
    }
}

/// One line of `ip route`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteEntry {
    /// None: the default route.
    pub dst: Option<Ipv4Net>,
    pub via: Option<Ipv4Addr>,
    pub dev: String,
    /// "kernel" for connected routes, "static" for the host's default route.
    pub proto: Option<&'static str>,
    pub scope_link: bool,
    pub src: Option<Ipv4Addr>,
    /// The device has no carrier (a bridge with no containers).
    pub linkdown: bool,
}

/// A container's routing table (main table, as `ip route` lists it).
pub fn ns_routes(view: &View, ns: usize) -> Vec<RouteEntry> {
    let n = &view.netns[ns];
    let mut v = Vec::new();
    if let Some(g) = n.gateway {
        let i = &n.ifaces[g];
        v.push(RouteEntry {
            dst: None,
            via: Some(view.bridges[i.bridge].gateway),
            dev: i.name().to_string(),
            proto: None,
            scope_link: false,
            src: None,
            linkdown: false,
        });
    }
    let mut connected: Vec<RouteEntry> = n
        .ifaces
        .iter()
        .map(|i| {
            let b = &view.bridges[i.bridge];
            RouteEntry {
                dst: Some(b.subnet),
                via: None,
                dev: i.name().to_string(),
                proto: Some("kernel"),
                scope_link: true,
                src: Some(i.ip()),
                linkdown: false,
            }
        })
        .collect();
    // The kernel lists the main table in address order.
    crate::sort::sort_by_key(&mut connected, |r| {
        r.dst.map(|d| (u32::from(d.network()), d.prefix_len()))
    });
    v.extend(connected);
    v
}

/// The host's main routing table.
pub fn host_routes(view: &View) -> Vec<RouteEntry> {
    let host = &view.engine.host;
    let mut v = vec![RouteEntry {
        dst: None,
        via: Some(host.router),
        dev: "eth0".into(),
        proto: Some("static"),
        scope_link: false,
        src: None,
        linkdown: false,
    }];
    let mut nets: Vec<RouteEntry> = view
        .bridges
        .iter()
        .enumerate()
        .map(|(b, br)| RouteEntry {
            dst: Some(br.subnet),
            via: None,
            dev: br.device().to_string(),
            proto: Some("kernel"),
            scope_link: true,
            src: Some(br.gateway),
            linkdown: !bridge_has_ports(view, b),
        })
        .collect();
    nets.push(RouteEntry {
        dst: Some(host.eth0.trunc()),
        via: None,
        dev: "eth0".into(),
        proto: Some("kernel"),
        scope_link: true,
        src: Some(host.ip()),
        linkdown: false,
    });
    crate::sort::sort_by_key(&mut nets, |r| {
        r.dst.map(|d| (u32::from(d.network()), d.prefix_len()))
    });
    v.extend(nets);
    v
}

fn bridge_has_ports(view: &View, b: usize) -> bool {
    view.netns
        .iter()
        .any(|n| n.ifaces.iter().any(|i| i.bridge == b))
}

/// An address on an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkAddr {
    pub addr: Ipv4Addr,
    pub prefix: u8,
    pub brd: Option<Ipv4Addr>,
    /// "host" or "global".
    pub scope: &'static str,
}

/// An IPv6 address on an interface (only on `--ipv6` networks: Docker
/// turns IPv6 off on the interfaces of IPv4-only networks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link6Addr {
    pub addr: std::net::Ipv6Addr,
    pub prefix: u8,
    /// "global", "link" or "host".
    pub scope: &'static str,
    /// Address flags as iproute2 prints them ("nodad", "noprefixroute"), or "".
    pub flags: &'static str,
}

/// The kernel's link-local address for a MAC (EUI-64: the U/L bit
/// flipped, ff:fe in the middle).
pub fn link_local(mac: &str) -> std::net::Ipv6Addr {
    let b: Vec<u8> = mac
        .split(':')
        .filter_map(|x| u8::from_str_radix(x, 16).ok())
        .collect();
    let b = if b.len() == 6 { b } else { vec![0; 6] };
    let words = [
        0xfe80,
        0,
        0,
        0,
        u16::from_be_bytes([b[0] ^ 0x02, b[1]]),
        u16::from_be_bytes([b[2], 0xff]),
        u16::from_be_bytes([0xfe, b[3]]),
        u16::from_be_bytes([b[4], b[5]]),
    ];
    std::net::Ipv6Addr::new(
        words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7],
    )
}

/// The kind of interface (decides `link/…` and the flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Loopback,
    Ethernet,
    Bridge,
    /// A veth end; `peer` is the other end's ifindex.
    Veth {
        peer: u32,
    },
}

/// One interface, as `ip addr` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub index: u32,
    pub name: String,
    pub kind: LinkKind,
    /// Carrier up (LOWER_UP).
    pub carrier: bool,
    pub mtu: u32,
    pub mac: String,
    /// The bridge a host-side veth is enslaved to.
    pub master: Option<String>,
    pub addrs: Vec<LinkAddr>,
    /// IPv6 addresses, after the IPv4 ones in `ip addr`.
    pub addrs6: Vec<Link6Addr>,
    /// For host-side veths: the namespace id of the peer (`link-netnsid`).
    pub netnsid: Option<u32>,
}

fn ifindex_base(view: &View) -> u32 {
    3 + view.bridges.len() as u32
}

/// (container-side, host-side) ifindex of the k-th veth pair in the view.
fn veth_indexes(view: &View, ns: usize, iface: usize) -> (u32, u32) {
    let before: usize = view.netns[..ns].iter().map(|n| n.ifaces.len()).sum();
    let k = (before + iface) as u32;
    let c = ifindex_base(view) + 2 * k;
    (c, c + 1)
}

fn mac_from(seed: &str) -> String {
    let h = crate::image::stable_hash(seed).to_be_bytes();
    format!(
        "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        (h[0] & 0xfe) | 0x02,
        h[1],
        h[2],
        h[3],
        h[4],
        h[5]
    )
}

fn brd(net: Ipv4Net) -> Option<Ipv4Addr> {
    (net.prefix_len() < 31).then(|| net.broadcast())
}

fn loopback() -> Link {
    Link {
        index: 1,
        name: "lo".into(),
        kind: LinkKind::Loopback,
        carrier: true,
        mtu: 65536,
        mac: "00:00:00:00:00:00".into(),
        master: None,
        addrs: vec![LinkAddr {
            addr: Ipv4Addr::LOCALHOST,
            prefix: 8,
            brd: None,
            scope: "host",
        }],
        addrs6: Vec::new(),
        netnsid: None,
    }
}

/// A container's interfaces.
pub fn ns_links(view: &View, ns: usize) -> Vec<Link> {
    let n = &view.netns[ns];
    let mut v = vec![loopback()];
    for (k, i) in n.ifaces.iter().enumerate() {
        let (me, peer) = veth_indexes(view, ns, k);
        let b = &view.bridges[i.bridge];
        let net = Ipv4Net::new(i.ip(), i.endpoint.prefix_len).unwrap_or(b.subnet);
        v.push(Link {
            index: me,
            name: i.name().to_string(),
            kind: LinkKind::Veth { peer },
            carrier: true,
            mtu: 1500,
            mac: i.endpoint.mac.clone(),
            master: None,
            addrs: vec![LinkAddr {
                addr: i.ip(),
                prefix: i.endpoint.prefix_len,
                brd: brd(net),
                scope: "global",
            }],
            // An --ipv6 network: the endpoint's address (added with
            // IFA_F_NODAD, moby osl/interface_linux.go), then the kernel's
            // link-local one.
            addrs6: i
                .endpoint
                .ipv6
                .map(|(a, len, _)| {
                    vec![
                        Link6Addr {
                            addr: a,
                            prefix: len,
                            scope: "global",
                            flags: "nodad",
                        },
                        Link6Addr {
                            addr: link_local(&i.endpoint.mac),
                            prefix: 64,
                            scope: "link",
                            flags: "",
                        },
                    ]
                })
                .unwrap_or_default(),
            netnsid: None,
        });
    }
    // The namespace has IPv6 when one of its networks has: lo gets ::1.
    if n.ifaces.iter().any(|i| i.endpoint.ipv6.is_some()) {
        if let Some(lo) = v.first_mut() {
            lo.addrs6.push(Link6Addr {
                addr: std::net::Ipv6Addr::LOCALHOST,
                prefix: 128,
                scope: "host",
                flags: "noprefixroute",
            });
        }
    }
    v
}

/// The host's interfaces: lo, eth0, the bridges, then the host ends of the veths.
pub fn host_links(view: &View) -> Vec<Link> {
    let host = &view.engine.host;
    let mut v = vec![loopback()];
    v.push(Link {
        index: 2,
        name: "eth0".into(),
        kind: LinkKind::Ethernet,
        carrier: true,
        mtu: 1500,
        mac: host.eth0_mac.clone(),
        master: None,
        addrs: vec![LinkAddr {
            addr: host.ip(),
            prefix: host.eth0.prefix_len(),
            brd: brd(host.eth0),
            scope: "global",
        }],
        addrs6: Vec::new(),
        netnsid: None,
    });
    for (b, br) in view.bridges.iter().enumerate() {
        let prefix = br.subnet.prefix_len();
        v.push(Link {
            index: 3 + b as u32,
            name: br.device().to_string(),
            kind: LinkKind::Bridge,
            carrier: bridge_has_ports(view, b),
            mtu: 1500,
            mac: mac_from(&br.net.id),
            master: None,
            addrs: vec![LinkAddr {
                addr: br.gateway,
                prefix,
                brd: brd(br.subnet),
                scope: "global",
            }],
            addrs6: br
                .net
                .ipam6
                .as_ref()
                .map(|p6| {
                    vec![
                        Link6Addr {
                            addr: p6.gateway,
                            prefix: p6.subnet.prefix_len(),
                            scope: "global",
                            flags: "",
                        },
                        Link6Addr {
                            addr: link_local(&mac_from(&br.net.id)),
                            prefix: 64,
                            scope: "link",
                            flags: "",
                        },
                    ]
                })
                .unwrap_or_default(),
            netnsid: None,
        });
    }
    for (ns, n) in view.netns.iter().enumerate() {
        for (k, i) in n.ifaces.iter().enumerate() {
            let (peer, me) = veth_indexes(view, ns, k);
            v.push(Link {
                index: me,
                name: i.endpoint.veth.clone(),
                kind: LinkKind::Veth { peer },
                carrier: true,
                mtu: 1500,
                mac: mac_from(&i.endpoint.veth),
                master: Some(view.bridges[i.bridge].device().to_string()),
                addrs: Vec::new(),
                addrs6: if view.bridges[i.bridge].net.ipam6.is_some() {
                    vec![Link6Addr {
                        addr: link_local(&mac_from(&i.endpoint.veth)),
                        prefix: 64,
                        scope: "link",
                        flags: "",
                    }]
                } else {
                    Vec::new()
                },
                netnsid: Some(ns as u32),
            });
        }
    }
    v
}

/// `hostname -I` on the host: every global address, in interface order.
pub fn host_addresses(view: &View) -> Vec<Ipv4Addr> {
    let _ = IF_ETH0;
    host_links(view)
        .iter()
        .flat_map(|l| {
            l.addrs
                .iter()
                .filter(|a| a.scope == "global")
                .map(|a| a.addr)
        })
        .collect()
}

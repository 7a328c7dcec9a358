//! An indexed, read-only snapshot of the engine for packet questions: which
//! bridges exist, which network namespaces (with their interfaces, routes and
//! sockets), who owns which address, which names each network's embedded DNS
//! answers, and the host's iptables rules. Built once, then any number of
//! probes run against it (the matrix sends thousands).

use super::netfilter::Ruleset;
use super::Service;
use crate::engine::Engine;
use crate::host::INTERNET_HOSTS;
use crate::model::{Binding, Container, Driver, Endpoint, Network, NetworkMode, Process};
use crate::ports::Proto;
use ipnet::Ipv4Net;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::{IpAddr, Ipv4Addr};

/// A small, fast, deterministic hasher (FxHash's multiply-rotate) for the
/// view's lookup tables: their keys are addresses, indices and short names,
/// and every probe of the matrix looks several of them up. No code iterates
/// these maps in hash order to produce output.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// `net.contains(&ip)` as one mask comparison (ipnet's computes the network
/// and broadcast addresses on each call; the walk asks this many times per probe).
#[inline]
pub fn in_net(net: &Ipv4Net, ip: Ipv4Addr) -> bool {
    let mask = u32::MAX
        .checked_shl(32 - u32::from(net.prefix_len()))
        .unwrap_or(0);
    (u32::from(ip) ^ u32::from(net.addr())) & mask == 0
}

/// An interface index in the host's namespace, as netfilter rules name them.
pub type IfId = u16;
/// The host's loopback.
pub const IF_LO: IfId = 0;
/// The host's LAN interface.
pub const IF_ETH0: IfId = 1;

/// A Linux bridge Docker created for a network.
#[derive(Debug, Clone)]
pub struct Bridge<'e> {
    pub net: &'e Network,
    pub subnet: Ipv4Net,
    pub gateway: Ipv4Addr,
    pub ifid: IfId,
    /// Index of the network in `engine.networks()` (rule order follows creation order).
    pub order: usize,
}

impl<'e> Bridge<'e> {
    /// The Linux bridge device: docker0, br-…
    pub fn device(&self) -> &'e str {
        &self.net.bridge
    }
}

/// An interface inside a container namespace: one end of a veth pair.
#[derive(Debug, Clone)]
pub struct Iface<'e> {
    pub endpoint: &'e Endpoint,
    /// Index into [`View::bridges`].
    pub bridge: usize,
}

impl<'e> Iface<'e> {
    pub fn name(&self) -> &'e str {
        &self.endpoint.iface
    }
    pub fn veth(&self) -> &'e str {
        &self.endpoint.veth
    }
    pub fn ip(&self) -> Ipv4Addr {
        self.endpoint.ip
    }
}

/// Who owns a listening socket.
#[derive(Debug, Clone, Copy)]
pub enum SockOwner<'e> {
    /// A container's main process (in its namespace, or the host's for `--network host`).
    Process {
        container: &'e Container,
        service: Service,
    },
    /// docker-proxy for one published port.
    Proxy {
        container: &'e Container,
        binding: &'e Binding,
    },
    /// The host's OpenSSH server.
    Sshd,
}

/// A listening socket.
#[derive(Debug, Clone, Copy)]
pub struct Socket<'e> {
    pub proto: Proto,
    /// 0.0.0.0 for all addresses.
    pub addr: Ipv4Addr,
    pub port: u16,
    pub owner: SockOwner<'e>,
}

impl Socket<'_> {
    #[inline]
    pub fn accepts(&self, proto: Proto, dst: Ipv4Addr, port: u16) -> bool {
        self.proto == proto && self.port == port && (self.addr.is_unspecified() || self.addr == dst)
    }
}

/// A container's network namespace.
#[derive(Debug, Clone)]
pub struct Netns<'e> {
    /// The container that owns the namespace (others may join it).
    pub owner: &'e Container,
    pub ifaces: Vec<Iface<'e>>,
    /// The interface that carries the default route; None when every
    /// network is `--internal` (or there is none): no default route.
    pub gateway: Option<usize>,
    pub sockets: Vec<Socket<'e>>,
    /// 127.0.0.11 answers (at least one user-defined network).
    pub embedded_dns: bool,
    /// /etc/hosts after the defaults: (address, lowercase names).
    pub hosts: Vec<(Ipv4Addr, Vec<String>)>,
}

impl<'e> Netns<'e> {
    pub fn name(&self) -> &'e str {
        &self.owner.name
    }

    /// The interface whose subnet contains `ip`.
    #[inline]
    pub fn iface_for(&self, view: &View, ip: Ipv4Addr) -> Option<usize> {
        self.ifaces
            .iter()
            .position(|i| in_net(&view.bridges[i.bridge].subnet, ip))
    }

    #[inline]
    pub fn owns(&self, ip: Ipv4Addr) -> bool {
        ip.is_loopback() || self.ifaces.iter().any(|i| i.ip() == ip)
    }
}

/// A network stack a packet can start or end in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stack {
    Host,
    /// Index into [`View::netns`].
    Ns(usize),
    /// The laptop on the LAN.
    Lan,
    /// The LAN router (192.168.1.1): gateway, NAT to the internet, DNS.
    Router,
    /// A host on the internet.
    Internet(Ipv4Addr),
}

/// Who answers to one name on each bridge: (bridge, [(namespace, address)]).
pub type DnsNames = Vec<(usize, Vec<(usize, Ipv4Addr)>)>;

/// The snapshot.
pub struct View<'e> {
    pub engine: &'e Engine,
    pub bridges: Vec<Bridge<'e>>,
    pub netns: Vec<Netns<'e>>,
    /// Container IP → (namespace, interface).
    pub by_ip: FastMap<Ipv4Addr, (usize, usize)>,
    /// Running container ID → where its network stack is.
    pub stacks: FastMap<&'e str, Stack>,
    /// Container ID → container (all containers).
    pub by_id: FastMap<&'e str, &'e Container>,
    pub host_sockets: Vec<Socket<'e>>,
    /// Lowercase name → for each bridge that answers it (in the order the
    /// name was first seen), the (namespace, address) pairs on that network.
    pub dns: FastMap<String, DnsNames>,
    /// Every lowercase DNS name or container name → the first bridge that
    /// answers it (None: a container name with no embedded DNS).
    pub names: FastMap<String, Option<usize>>,
    pub rules: Ruleset,
    /// Interface names by [`IfId`].
    pub if_names: Vec<&'e str>,
}

/// Which program a container runs, for protocol-true answers (the program
/// table's row for its main process).
pub fn service_of(c: &Container) -> Service {
    crate::process::service(&c.argv(), &c.image)
}

/// The addresses the simulated internet answers on, with the services they run.
pub fn internet_services(ip: Ipv4Addr) -> Option<&'static [(Proto, u16, Service)]> {
    const RESOLVER: &[(Proto, u16, Service)] = &[
        (Proto::Udp, 53, Service::DNS),
        (Proto::Tcp, 53, Service::DNS),
        (Proto::Tcp, 443, Service::WEB_SITE),
    ];
    const WEB: &[(Proto, u16, Service)] = &[
        (Proto::Tcp, 80, Service::WEB_SITE),
        (Proto::Tcp, 443, Service::WEB_SITE),
    ];
    let resolvers = [
        Ipv4Addr::new(8, 8, 8, 8),
        Ipv4Addr::new(8, 8, 4, 4),
        Ipv4Addr::new(1, 1, 1, 1),
    ];
    if resolvers.contains(&ip) {
        Some(RESOLVER)
    } else if INTERNET_HOSTS.iter().any(|(_, a)| *a == ip) {
        Some(WEB)
    } else {
        None
    }
}

/// Is this an address the LAN router sends to the internet (not private)?
pub fn is_public(ip: Ipv4Addr) -> bool {
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.octets()[0] >= 224)
}

impl<'e> View<'e> {
    pub fn new(engine: &'e Engine) -> View<'e> {
        let mut if_names: Vec<&'e str> = vec!["lo", "eth0"];
        let mut bridges = Vec::new();
        let mut bridge_of: FastMap<&'e str, usize> = FastMap::default();
        for (order, net) in engine.networks().iter().enumerate() {
            if net.driver != Driver::Bridge {
                continue;
            }
            let (Some(subnet), Some(gateway)) = (net.subnet(), net.gateway()) else {
                continue;
            };
            bridge_of.insert(net.id.as_str(), bridges.len());
            bridges.push(Bridge {
                net,
                subnet,
                gateway,
                ifid: if_names.len() as IfId,
                order,
            });
            if_names.push(net.bridge.as_str());
        }

        let containers = engine.containers();
        let mut netns: Vec<Netns<'e>> = Vec::new();
        let mut stacks: FastMap<&'e str, Stack> = FastMap::default();
        let mut by_ip = FastMap::default();
        let mut host_sockets = vec![Socket {
            proto: Proto::Tcp,
            addr: Ipv4Addr::UNSPECIFIED,
            port: 22,
            owner: SockOwner::Sshd,
        }];

        // Namespaces owned by running containers (bridge, named and none modes).
        for c in containers.iter().filter(|c| c.is_running()) {
            match &c.network_mode {
                NetworkMode::Host => {
                    stacks.insert(c.id.as_str(), Stack::Host);
                }
                NetworkMode::Container(_) => {}
                _ => {
                    let mut ifaces: Vec<Iface<'e>> = c
                        .endpoints
                        .iter()
                        .filter_map(|ep| {
                            bridge_of.get(ep.network_id.as_str()).map(|&b| Iface {
                                endpoint: ep,
                                bridge: b,
                            })
                        })
                        .collect();
                    crate::sort::sort_by_key(&mut ifaces, |i| iface_number(&i.endpoint.iface));
                    let gateway = engine.gateway_endpoint(c).and_then(|gw| {
                        let i = ifaces
                            .iter()
                            .position(|i| i.endpoint.endpoint_id == gw.endpoint_id)?;
                        (!bridges[ifaces[i].bridge].net.internal).then_some(i)
                    });
                    let embedded_dns = ifaces
                        .iter()
                        .any(|i| bridges[i.bridge].net.is_user_defined());
                    let idx = netns.len();
                    for (k, i) in ifaces.iter().enumerate() {
                        by_ip.insert(i.ip(), (idx, k));
                    }
                    stacks.insert(c.id.as_str(), Stack::Ns(idx));
                    let hosts = crate::hostfiles::hosts_records(engine, c)
                        .into_iter()
                        .filter_map(|(ip, names)| {
                            Some((
                                ip.parse().ok()?,
                                names
                                    .split_whitespace()
                                    .map(|n| n.to_ascii_lowercase())
                                    .collect(),
                            ))
                        })
                        .collect();
                    netns.push(Netns {
                        owner: c,
                        ifaces,
                        gateway,
                        sockets: Vec::new(),
                        embedded_dns,
                        hosts,
                    });
                }
            }
        }
        // `--network container:X` joins X's namespace (transitively).
        for c in containers.iter().filter(|c| c.is_running()) {
            if let NetworkMode::Container(_) = c.network_mode {
                let mut cur = c;
                let mut hops = 0;
                while let NetworkMode::Container(target) = &cur.network_mode {
                    match containers.iter().find(|c| c.id == *target) {
                        Some(t) if hops < 16 => {
                            cur = t;
                            hops += 1;
                        }
                        _ => break,
                    }
                }
                if let Some(s) = stacks.get(cur.id.as_str()).copied() {
                    if cur.is_running() {
                        stacks.insert(c.id.as_str(), s);
                    }
                }
            }
        }
        // Sockets: each running server listens in its stack.
        for c in containers.iter().filter(|c| c.is_running()) {
            let Process::Server { listeners } = &c.process else {
                continue;
            };
            let Some(stack) = stacks.get(c.id.as_str()).copied() else {
                continue;
            };
            let service = service_of(c);
            for l in listeners {
                let s = Socket {
                    proto: l.proto,
                    addr: l.addr,
                    port: l.port,
                    owner: SockOwner::Process {
                        container: c,
                        service,
                    },
                };
                match stack {
                    Stack::Host => host_sockets.push(s),
                    Stack::Ns(i) => netns[i].sockets.push(s),
                    _ => {}
                }
            }
        }
        // docker-proxy: one listener per IPv4 binding (IPv6 ones are v6-only).
        for c in containers.iter().filter(|c| c.is_running()) {
            for b in &c.bindings {
                if let IpAddr::V4(addr) = b.host_ip {
                    host_sockets.push(Socket {
                        proto: b.proto,
                        addr,
                        port: b.host_port,
                        owner: SockOwner::Proxy {
                            container: c,
                            binding: b,
                        },
                    });
                }
            }
        }
        // Embedded DNS names, per network.
        let mut dns: FastMap<String, DnsNames> = FastMap::default();
        for (n, ns) in netns.iter().enumerate() {
            for i in &ns.ifaces {
                if !bridges[i.bridge].net.is_user_defined() {
                    continue;
                }
                for name in &i.endpoint.dns_names {
                    let per_bridge = dns.entry(name.to_ascii_lowercase()).or_default();
                    let k = match per_bridge.iter().position(|(b, _)| *b == i.bridge) {
                        Some(k) => k,
                        None => {
                            per_bridge.push((i.bridge, Vec::new()));
                            per_bridge.len() - 1
                        }
                    };
                    let e = &mut per_bridge[k].1;
                    if !e.iter().any(|(_, ip)| *ip == i.ip()) {
                        e.push((n, i.ip()));
                    }
                }
            }
        }
        // Each name's first (lowest) bridge.
        let mut names: FastMap<String, Option<usize>> = dns
            .iter()
            .map(|(n, per_bridge)| (n.clone(), per_bridge.iter().map(|(b, _)| *b).min()))
            .collect();
        for c in containers.iter().filter(|c| c.is_running()) {
            names.entry(c.name.to_ascii_lowercase()).or_insert(None);
        }
        let by_id = containers.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut view = View {
            engine,
            bridges,
            netns,
            by_ip,
            stacks,
            by_id,
            host_sockets,
            dns,
            names,
            rules: Ruleset::default(),
            if_names,
        };
        view.rules = Ruleset::generate(&view);
        view
    }

    pub fn if_name(&self, id: IfId) -> &'e str {
        self.if_names.get(id as usize).copied().unwrap_or("?")
    }

    pub fn bridge_by_if(&self, id: IfId) -> Option<usize> {
        (id as usize)
            .checked_sub(2)
            .filter(|b| *b < self.bridges.len())
    }

    pub fn bridge_for_ip(&self, ip: Ipv4Addr) -> Option<usize> {
        self.bridges.iter().position(|b| in_net(&b.subnet, ip))
    }

    #[inline]
    pub fn host_ip(&self) -> Ipv4Addr {
        self.engine.host.ip()
    }

    /// Addresses of the host itself ("dst-type LOCAL").
    #[inline]
    pub fn is_host_local(&self, ip: Ipv4Addr) -> bool {
        ip.is_loopback() || ip == self.host_ip() || self.bridges.iter().any(|b| b.gateway == ip)
    }

    /// The stack of a running container (by ID).
    pub fn stack_of(&self, container_id: &str) -> Option<Stack> {
        self.stacks.get(container_id).copied()
    }

    /// The namespace whose owner is `container_id`, or that it joined.
    pub fn ns_of(&self, container_id: &str) -> Option<&Netns<'e>> {
        match self.stack_of(container_id)? {
            Stack::Ns(i) => self.netns.get(i),
            _ => None,
        }
    }

    /// The display name of a stack's node: "host", "lan", "internet" or the container.
    #[inline]
    pub fn node_name(&self, s: Stack) -> &'e str {
        match s {
            Stack::Host => "host",
            Stack::Ns(i) => self.netns[i].name(),
            Stack::Lan | Stack::Router => "lan",
            Stack::Internet(_) => "internet",
        }
    }

    /// The first address of a container (its gateway endpoint's, else its first).
    pub fn primary_ip(&self, ns: usize) -> Option<Ipv4Addr> {
        let n = &self.netns[ns];
        n.gateway
            .or(if n.ifaces.is_empty() { None } else { Some(0) })
            .map(|i| n.ifaces[i].ip())
    }

    /// Containers (owner first) whose processes live in this stack.
    pub fn members(&self, s: Stack) -> Vec<&'e Container> {
        self.engine
            .containers()
            .iter()
            .filter(|c| self.stacks.get(c.id.as_str()) == Some(&s))
            .collect()
    }
}

fn iface_number(name: &str) -> u32 {
    name.trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(u32::MAX)
}

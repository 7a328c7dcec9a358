//! The daemon: every operation Docker Engine performs on networks and
//! containers, with Docker's own error messages. Errors are the text that
//! follows `Error response from daemon: ` (the command layer adds the prefix
//! and the CLI's framing).

use crate::host::Host;
use crate::ids::IdGen;
use crate::image::ImageRef;
use crate::ipam::{self, Pool};
use crate::model::*;
use crate::net::firewall::Firewall;
use crate::ports::{PortAllocator, PortRequest, Proto};
use crate::process::{classify, startup_logs};
use crate::Timestamp;
use bridgeport_golib::sorted_map::SortedMap;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Limits that keep a long session bounded (a class can paste anything).
pub const MAX_CONTAINERS: usize = 2000;
pub const MAX_NETWORKS: usize = 500;
const MAX_LOG_LINES: usize = 2000;

/// A request to create a network, after the CLI's own validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkCreate {
    pub name: String,
    pub driver: String,
    pub subnet: Option<Ipv4Net>,
    /// `--subnet 0.0.0.0/N` (v29): a subnet of that size from the pools.
    pub subnet_size: Option<u8>,
    pub gateway: Option<Ipv4Addr>,
    pub ip_range: Option<Ipv4Net>,
    pub aux_addresses: SortedMap<String, Ipv4Addr>,
    pub internal: bool,
    pub attachable: bool,
    pub enable_ipv6: bool,
    /// An IPv6 `--subnet` (used with `--ipv6`).
    pub subnet6: Option<ipnet::Ipv6Net>,
    /// An IPv6 `--gateway`.
    pub gateway6: Option<std::net::Ipv6Addr>,
    /// An IPv6 `--ip-range` (inside `subnet6`).
    pub ip_range6: Option<ipnet::Ipv6Net>,
    /// IPv6 `--aux-address` entries (inside `subnet6`).
    pub aux_addresses6: SortedMap<String, std::net::Ipv6Addr>,
    pub options: SortedMap<String, String>,
    pub labels: SortedMap<String, String>,
}

/// A request to create a container, after the CLI's own validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerCreate {
    pub name: Option<String>,
    pub image: ImageRef,
    pub config: ContainerConfig,
    pub network_mode: NetworkMode,
    /// Extra `--network` entries beyond the first, with their settings; the
    /// first network's settings (aliases, ip) are in `first_endpoint`.
    pub first_endpoint: EndpointConfig,
    pub extra_networks: Vec<(String, EndpointConfig)>,
}

/// What `docker create` answers: the ID and any warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub warnings: Vec<String>,
}

/// The whole simulated daemon and host. Serialisable, so a session can be
/// snapshotted for undo or sharing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Engine {
    pub host: Host,
    ids: IdGen,
    networks: Vec<Network>,
    containers: Vec<Container>,
    ports: PortAllocator,
    /// Images pulled so far ("nginx:latest").
    pulled: bridgeport_golib::sorted_set::SortedSet<String>,
    next_pid: u32,
    /// Per container ID: the next ethN index in its namespace.
    next_iface: SortedMap<String, u32>,
    /// Rounds of DNS questions asked so far (see [`crate::net::Probe::round`]).
    #[serde(default)]
    dns_rounds: u32,
    /// What the learner changed in the host's iptables rules.
    #[serde(default, skip_serializing_if = "Firewall::is_empty")]
    firewall: Firewall,
}

fn not_found_container(r: &str) -> String {
    format!("No such container: {r}")
}

impl Engine {
    /// The learner's changes to the host's iptables rules.
    pub fn firewall(&self) -> &Firewall {
        &self.firewall
    }

    /// Changes the learner's iptables state (the `iptables` tool).
    pub fn firewall_mut(&mut self) -> &mut Firewall {
        &mut self.firewall
    }

    /// A fresh daemon: the predefined networks bridge (172.17.0.0/16), host and none.
    pub fn new(seed: u64, now: Timestamp) -> Engine {
        let mut e = Engine {
            host: Host::default(),
            ids: IdGen::new(seed),
            networks: Vec::new(),
            containers: Vec::new(),
            ports: PortAllocator::default(),
            pulled: bridgeport_golib::sorted_set::SortedSet::new(),
            next_pid: 1000,
            next_iface: SortedMap::new(),
            dns_rounds: 0,
            firewall: Firewall::default(),
        };
        let subnet =
            ipam::choose_subnet(&[], &e.host.reserved_networks(), None).unwrap_or_default();
        let mut pool = Pool::new(subnet, None);
        let gateway = pool.request_any().unwrap_or(Ipv4Addr::new(172, 17, 0, 1));
        let options: SortedMap<String, String> = [
            ("com.docker.network.bridge.default_bridge", "true"),
            ("com.docker.network.bridge.enable_icc", "true"),
            ("com.docker.network.bridge.enable_ip_masquerade", "true"),
            ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
            ("com.docker.network.bridge.name", "docker0"),
            ("com.docker.network.driver.mtu", "1500"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let builtin = |e: &mut Engine,
                       name: &str,
                       driver: Driver,
                       ipam: Option<NetworkIpam>,
                       bridge: &str,
                       options| Network {
            ipam6: None,
            id: e.ids.hex_id(),
            name: name.to_string(),
            driver,
            created: now,
            bridge: bridge.to_string(),
            ipam,
            internal: false,
            attachable: false,
            enable_ipv6: false,
            options,
            labels: SortedMap::new(),
            builtin: true,
        };
        let ipam = NetworkIpam {
            pool,
            gateway,
            explicit_subnet: false,
            aux_addresses: SortedMap::new(),
            options_null: true,
        };
        let bridge = builtin(
            &mut e,
            "bridge",
            Driver::Bridge,
            Some(ipam),
            "docker0",
            options,
        );
        let host = builtin(&mut e, "host", Driver::Host, None, "", SortedMap::new());
        let none = builtin(&mut e, "none", Driver::Null, None, "", SortedMap::new());
        e.networks = vec![bridge, host, none];
        e
    }

    // ----- lookups -------------------------------------------------------

    pub fn networks(&self) -> &[Network] {
        &self.networks
    }

    /// The next round of DNS questions: the embedded DNS server shuffles a
    /// name's addresses per query, and each program run asks in a new round.
    pub fn next_dns_round(&mut self) -> u32 {
        self.dns_rounds = self.dns_rounds.wrapping_add(1);
        self.dns_rounds
    }

    pub fn containers(&self) -> &[Container] {
        &self.containers
    }

    /// Network lookup as the daemon does it: full ID, then exact name, then a
    /// unique ID prefix.
    pub fn find_network(&self, r: &str) -> Result<&Network, String> {
        if r.is_empty() {
            return Err(format!("network {r} not found"));
        }
        if let Some(n) = self.networks.iter().find(|n| n.id == r) {
            return Ok(n);
        }
        if let Some(n) = self.networks.iter().find(|n| n.name == r) {
            return Ok(n);
        }
        let matches: Vec<&Network> = self
            .networks
            .iter()
            .filter(|n| n.id.starts_with(r))
            .collect();
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(format!("network {r} not found")),
            n => Err(format!(
                "network {r} is ambiguous ({n} matches found based on ID prefix)"
            )),
        }
    }

    pub fn network_by_id(&self, id: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.id == id)
    }

    /// Container lookup: full ID, exact name, unique ID prefix.
    pub fn find_container(&self, r: &str) -> Result<&Container, String> {
        self.container_index(r).map(|i| &self.containers[i])
    }

    fn container_index(&self, r: &str) -> Result<usize, String> {
        let r0 = r.strip_prefix('/').unwrap_or(r);
        if r0.is_empty() {
            return Err(not_found_container(r));
        }
        if let Some(i) = self.containers.iter().position(|c| c.id == r0) {
            return Ok(i);
        }
        if let Some(i) = self.containers.iter().position(|c| c.name == r0) {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..self.containers.len())
            .filter(|i| self.containers[*i].id.starts_with(r0))
            .collect();
        match matches.len() {
            1 => Ok(matches[0]),
            0 => Err(not_found_container(r)),
            _ => Err(format!("Multiple IDs found with provided prefix: {r}")),
        }
    }

    pub fn container_by_id(&self, id: &str) -> Option<&Container> {
        self.containers.iter().find(|c| c.id == id)
    }

    /// Running containers attached to a network, in creation order.
    pub fn containers_on(&self, network_id: &str) -> Vec<&Container> {
        self.containers
            .iter()
            .filter(|c| c.endpoint_on(network_id).is_some())
            .collect()
    }

    pub fn port_allocator(&self) -> &PortAllocator {
        &self.ports
    }

    // ----- images ----------------------------------------------------------

    /// Whether an image is already "local" (pulled before in this session).
    pub fn has_image(&self, image: &ImageRef) -> bool {
        self.pulled.contains(&image.familiar())
    }

    /// Marks an image pulled. Errors as the registry answers for unknown
    /// names and tags; a Docker Hub repository the catalogue does not
    /// simulate gets a `[bridgeport]` line naming the closest images.
    pub fn pull(&mut self, image: &ImageRef) -> Result<(), String> {
        match image.image() {
            None => match image.elsewhere() {
                Some(closest) => Err(format!(
                    "[bridgeport] {} is on Docker Hub, but this playground does not simulate it; the closest images it has: {}",
                    image.repo,
                    closest.join(", ")
                )),
                None => {
                    let mut e = format!(
                        "pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
                        image.repo
                    );
                    if let Some(real) = image.published_as() {
                        e.push_str(&format!("\n[bridgeport] its image is published as {real}"));
                    }
                    Err(e)
                }
            },
            // A pinned digest names a manifest the registry has, whatever its tag.
            Some(_) if image.digest.is_none() && image.resolved().is_none() => {
                Err(format!("manifest for {} not found: manifest unknown: manifest unknown", image.familiar()))
            }
            Some(_) => {
                self.pulled.insert(image.familiar());
                Ok(())
            }
        }
    }

    pub fn images(&self) -> impl Iterator<Item = &String> {
        self.pulled.iter()
    }

    // ----- networks ----------------------------------------------------------

    /// `docker network create`. Returns the new network's ID.
    pub fn create_network(&mut self, req: NetworkCreate, now: Timestamp) -> Result<String, String> {
        // moby daemon/network.go createNetwork: PredefinedNetworkError names the network given.
        if ["bridge", "host", "none", "default"].contains(&req.name.as_str()) {
            return Err(format!(
                "operation is not permitted on predefined {} network ",
                req.name
            ));
        }
        if self.networks.iter().any(|n| n.name == req.name) {
            return Err(format!("network with name {} already exists", req.name));
        }
        match req.driver.as_str() {
            "bridge" => {}
            "host" | "null" => return Err(format!("only one instance of \"{}\" network is allowed", req.driver)),
            "overlay" => {
                return Err("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.".to_string())
            }
            "macvlan" | "ipvlan" => {
                return Err(format!("bridgeport: the {} driver is not simulated; use a bridge network", req.driver));
            }
            other => return Err(format!("plugin \"{other}\" not found")),
        }
        if self.networks.len() >= MAX_NETWORKS {
            return Err(format!(
                "bridgeport: too many networks (the playground allows {MAX_NETWORKS})"
            ));
        }
        for (key, value) in &req.options {
            if key.starts_with("com.docker.network.bridge.enable_")
                && value.parse::<bool>().is_err()
            {
                return Err(format!("failed to parse {key} value: invalid syntax"));
            }
        }
        if let Some(name) = req.options.get("com.docker.network.bridge.name") {
            if self.networks.iter().any(|n| &n.bridge == name) {
                return Err(format!("bridge name {name} is already in use"));
            }
        }
        let allocated: Vec<Ipv4Net> = self.networks.iter().filter_map(|n| n.subnet()).collect();
        let (subnet, explicit) = match req.subnet {
            Some(s) => {
                if s.trunc() != s {
                    return Err(format!(
                        "invalid network config:\ninvalid subnet {s}: it should be {}",
                        s.trunc()
                    ));
                }
                let overlaps = allocated
                    .iter()
                    .any(|a| a.contains(&s.network()) || s.contains(&a.network()));
                if overlaps {
                    return Err(
                        "invalid pool request: Pool overlaps with other one on this address space"
                            .to_string(),
                    );
                }
                (s, true)
            }
            None => (
                ipam::choose_subnet(&allocated, &self.host.reserved_networks(), req.subnet_size)?,
                false,
            ),
        };
        if let Some(range) = req.ip_range {
            if !subnet.contains(&range.network()) || !subnet.contains(&range.broadcast()) {
                return Err(format!("invalid network config:\ninvalid ip-range {range}: parent subnet {subnet} doesn't contain ip-range"));
            }
        }
        let mut pool = Pool::new(subnet, req.ip_range);
        let gateway = match req.gateway {
            Some(gw) => {
                if !subnet.contains(&gw) {
                    return Err(format!("invalid network config:\ninvalid gateway {gw}: parent subnet {subnet} doesn't contain this address"));
                }
                pool.request_specific(gw)?;
                gw
            }
            None => pool.request_any()?,
        };
        for ip in req.aux_addresses.values() {
            pool.request_specific(*ip)?;
        }
        let ipam6 = if req.enable_ipv6 {
            let mut pool = self.ipv6_pool(req.subnet6, req.gateway6, req.ip_range6)?;
            for ip in req.aux_addresses6.values() {
                pool.request_specific(*ip)?;
            }
            pool.aux_addresses = req.aux_addresses6;
            Some(pool)
        } else {
            // validateIpamConfig skips IPv6 subnets of a network without IPv6.
            None
        };
        let id = self.ids.hex_id();
        let bridge = req
            .options
            .get("com.docker.network.bridge.name")
            .cloned()
            .unwrap_or_else(|| format!("br-{}", &id[..12]));
        self.networks.push(Network {
            id: id.clone(),
            name: req.name,
            driver: Driver::Bridge,
            created: now,
            bridge,
            ipam: Some(NetworkIpam {
                pool,
                gateway,
                explicit_subnet: explicit,
                aux_addresses: req.aux_addresses,
                options_null: false,
            }),
            internal: req.internal,
            attachable: req.attachable,
            enable_ipv6: req.enable_ipv6,
            ipam6,
            options: req.options,
            labels: req.labels,
            builtin: false,
        });
        Ok(id)
    }

    /// The host's IPv6 ULA prefix: Docker derives `fdXX:XXXX:XXXX::/48` from
    /// the daemon's host ID (moby `daemon/daemon.go` deriveULABaseNetwork:
    /// the low 40 bits of a hash, after `fd`) and splits it into /64s.
    pub fn ula_base(&self) -> ipnet::Ipv6Net {
        let gid = crate::image::stable_hash(&format!("{}/engine-id", self.host.hostname))
            & ((1u64 << 40) - 1);
        let addr = std::net::Ipv6Addr::from((0xfdu128 << 120) | (u128::from(gid) << 80));
        ipnet::Ipv6Net::new(addr, 48).unwrap_or_default()
    }

    /// The IPv6 side of `docker network create --ipv6`: the `--subnet` given
    /// (masked, not overlapping another network's), or the first free /64 of
    /// the ULA prefix; the gateway given, or the first address after the
    /// subnet-router anycast one.
    fn ipv6_pool(
        &self,
        subnet: Option<ipnet::Ipv6Net>,
        gateway: Option<std::net::Ipv6Addr>,
        range: Option<ipnet::Ipv6Net>,
    ) -> Result<crate::model::NetworkIpam6, String> {
        let taken: Vec<ipnet::Ipv6Net> = self.networks.iter().filter_map(|n| n.subnet6()).collect();
        let overlaps = |s: &ipnet::Ipv6Net| {
            taken
                .iter()
                .any(|t| t.contains(&s.network()) || s.contains(&t.network()))
        };
        // v29: `--subnet ::/N` asks the default pool for a subnet of that size.
        let size = match subnet {
            Some(s) if s.network().is_unspecified() => Some(s.prefix_len().max(48)),
            None => Some(64),
            Some(_) => None,
        };
        let (subnet, explicit) = match subnet.filter(|_| size.is_none()) {
            Some(s) => {
                if s.trunc() != s {
                    return Err(format!(
                        "invalid network config:\ninvalid subnet {s}: it should be {}",
                        s.trunc()
                    ));
                }
                if overlaps(&s) {
                    return Err(
                        "invalid pool request: Pool overlaps with other one on this address space"
                            .to_string(),
                    );
                }
                (s, true)
            }
            None => {
                let bits = size.unwrap_or(64).min(64);
                let base = self.ula_base();
                let first = u128::from(base.network());
                let count = 1u128 << (bits - 48);
                let found = (0u128..count.min(1 << 16))
                    .filter_map(|i| {
                        let addr = std::net::Ipv6Addr::from(first + (i << (128 - u32::from(bits))));
                        ipnet::Ipv6Net::new(addr, bits).ok()
                    })
                    .find(|s| !overlaps(s));
                match found {
                    Some(s) => (s, false),
                    None => return Err(ipam::ERR_NO_MORE_SUBNETS.to_string()),
                }
            }
        };
        let mut pool = crate::model::NetworkIpam6::new(subnet);
        pool.explicit_subnet = explicit;
        pool.range = range;
        pool.gateway = match gateway {
            Some(gw) => {
                if !subnet.contains(&gw) {
                    return Err(format!("invalid network config:\ninvalid gateway {gw}: parent subnet {subnet} doesn't contain this address"));
                }
                pool.request_specific(gw)?;
                gw
            }
            None => pool.request_any().ok_or_else(|| {
                "no available IPv6 addresses on this network's address pools".to_string()
            })?,
        };
        Ok(pool)
    }

    /// `docker network rm` for one network.
    pub fn remove_network(&mut self, r: &str) -> Result<(), String> {
        let net = self.find_network(r)?;
        if net.builtin {
            return Err(format!(
                "{} is a pre-defined network and cannot be removed",
                net.name
            ));
        }
        let attached: Vec<String> = self
            .containers_on(&net.id)
            .iter()
            .map(|c| format!("name:{:?} id:{:?}", c.name, c.short_id()))
            .collect();
        if !attached.is_empty() {
            return Err(format!(
                "error while removing network: network {} has active endpoints ({})",
                net.name,
                attached.join(", ")
            ));
        }
        let id = net.id.clone();
        self.networks.retain(|n| n.id != id);
        Ok(())
    }

    /// `docker network prune`: removes unused custom networks; returns their names.
    pub fn prune_networks(&mut self) -> Vec<String> {
        let unused: Vec<(String, String)> = self
            .networks
            .iter()
            .filter(|n| !n.builtin && self.containers_on(&n.id).is_empty())
            .map(|n| (n.id.clone(), n.name.clone()))
            .collect();
        self.networks
            .retain(|n| !unused.iter().any(|(id, _)| *id == n.id));
        unused.into_iter().map(|(_, name)| name).collect()
    }

    /// `docker network connect`.
    pub fn connect(
        &mut self,
        network: &str,
        container: &str,
        cfg: EndpointConfig,
    ) -> Result<(), String> {
        let ci = self.container_index(container)?;
        let net = self.find_network(network)?.clone();
        let c = &self.containers[ci];
        match &c.network_mode {
            NetworkMode::Host | NetworkMode::Container(_) => {
                if net.driver == Driver::Host && c.network_mode == NetworkMode::Host {
                    return Err(format!("endpoint with name {} already exists in network host", c.name));
                }
                return Err("container sharing network namespace with another container or host cannot be connected to any other network".to_string());
            }
            NetworkMode::None => {
                return Err("container cannot be connected to multiple networks with one of the networks in private (none) mode".to_string())
            }
            _ => {}
        }
        match net.driver {
            Driver::Host => return Err("cannot connect container to host network - container must be created in host network mode".to_string()),
            Driver::Null => {
                return Err("container cannot be connected to multiple networks with one of the networks in private (none) mode".to_string())
            }
            Driver::Bridge => {}
        }
        if net.is_default_bridge() {
            if !cfg.aliases.is_empty() {
                return Err("network-scoped alias is supported only for containers in user defined networks".to_string());
            }
            if cfg.ipv4.is_some() || cfg.ipv6.is_some() {
                return Err(
                    "user-specified IP address is supported on user-defined networks only"
                        .to_string(),
                );
            }
        }
        // validateEndpointSettings: a static IPv6 address needs an IPv6 subnet that holds it.
        if let Some(ip) = cfg.ipv6 {
            if !net.subnet6().is_some_and(|s| s.contains(&ip)) {
                return Err(format!(
                    "invalid endpoint settings:\nno configured subnet contains IP address {ip}"
                ));
            }
        }
        if c.networks.iter().any(|(id, _)| *id == net.id) {
            return Err(format!(
                "endpoint with name {} already exists in network {}",
                c.name, net.name
            ));
        }
        if c.is_running() {
            let before = self.gateway_key(ci);
            let ep = self.attach(ci, &net.id, &cfg)?;
            self.containers[ci].endpoints.push(ep);
            if let Err(e) = self.follow_gateway(ci, before) {
                self.detach(ci, &net.id);
                let _ = self.follow_gateway(ci, None);
                return Err(e);
            }
        }
        self.containers[ci].networks.push((net.id.clone(), cfg));
        Ok(())
    }

    /// Which endpoint carries the default route now, and whether it may
    /// publish ports (it is not on an `--internal` network).
    fn gateway_key(&self, ci: usize) -> Option<(String, bool)> {
        let c = &self.containers[ci];
        let gw = self.gateway_endpoint(c)?;
        let internal = self
            .network_by_id(&gw.network_id)
            .is_none_or(|n| n.internal);
        Some((gw.endpoint_id.clone(), !internal))
    }

    /// Published ports live on the gateway endpoint (libnetwork moves the
    /// port mappings when another endpoint becomes the gateway; integration
    /// test TestPortBindingOnSandbox): when a connect or disconnect changes
    /// the gateway, the bindings are released and made again on the new one,
    /// with that network's default host address, or dropped when no
    /// endpoint may publish (only `--internal` networks left).
    fn follow_gateway(&mut self, ci: usize, before: Option<(String, bool)>) -> Result<(), String> {
        if self.gateway_key(ci) == before {
            return Ok(());
        }
        self.release_bindings(ci);
        self.publish_ports(ci)
    }

    /// `docker network disconnect [-f]`.
    pub fn disconnect(
        &mut self,
        network: &str,
        container: &str,
        force: bool,
    ) -> Result<(), String> {
        let ci = self.container_index(container)?;
        // `-f` matters for swarm networks whose state is gone; on a local
        // bridge a missing network is an error either way.
        let _ = force;
        let net = self.find_network(network)?.clone();
        let c = &self.containers[ci];
        if net.driver == Driver::Host && c.network_mode == NetworkMode::Host {
            return Err("cannot disconnect container from host network - container was created in host network mode".to_string());
        }
        if !c.networks.iter().any(|(id, _)| *id == net.id) {
            return Err(if c.is_running() {
                format!(
                    "container {} is not connected to network {}",
                    c.id, net.name
                )
            } else {
                format!(
                    "container {} is not connected to the network {}",
                    c.id, net.name
                )
            });
        }
        let before = self.gateway_key(ci);
        self.detach(ci, &net.id);
        if self.containers[ci].is_running() {
            // A port the new gateway cannot take is not mapped (the daemon logs it).
            if self.follow_gateway(ci, before).is_err() {
                self.release_bindings(ci);
            }
        }
        let c = &mut self.containers[ci];
        c.networks.retain(|(id, _)| *id != net.id);
        // Docker keeps the network mode string even when the last network is
        // gone; the container simply has no interfaces but lo.
        Ok(())
    }

    // ----- containers --------------------------------------------------------

    /// `docker create` (and the create half of `docker run`).
    pub fn create_container(
        &mut self,
        req: ContainerCreate,
        now: Timestamp,
    ) -> Result<Created, String> {
        if self.containers.len() >= MAX_CONTAINERS {
            return Err(format!("bridgeport: too many containers (the playground allows {MAX_CONTAINERS}); remove some with docker rm"));
        }
        let mut warnings = Vec::new();
        if let Some(name) = &req.name {
            // Docker stores names with a leading "/" and validates what follows
            // against ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$ (daemon/names).
            let bare = name.strip_prefix('/').unwrap_or(name);
            let valid = bare.len() >= 2
                && bare.starts_with(|c: char| c.is_ascii_alphanumeric())
                && bare
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
            if !valid {
                return Err(format!(
                    "Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
                ));
            }
            if let Some(other) = self.containers.iter().find(|c| c.name == bare) {
                return Err(format!(
                    "Conflict. The container name \"/{bare}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                    other.id
                ));
            }
        }
        // Conflicts with a shared network namespace (runconfig/hostconfig.go).
        if let NetworkMode::Container(target) = &req.network_mode {
            let cfg = &req.config;
            if cfg.hostname.is_some() {
                return Err("conflicting options: hostname and the network mode".to_string());
            }
            if !cfg.links.is_empty() {
                return Err("conflicting options: container type network can't be used with links. This would result in undefined behavior".to_string());
            }
            if !cfg.dns.is_empty() {
                return Err("conflicting options: dns and the network mode".to_string());
            }
            if !cfg.add_hosts.is_empty() {
                return Err(
                    "conflicting options: custom host-to-IP mapping and the network mode"
                        .to_string(),
                );
            }
            if !cfg.publish.is_empty() || cfg.publish_all {
                return Err(
                    "conflicting options: port publishing and the container type network mode"
                        .to_string(),
                );
            }
            if !cfg.expose.is_empty() {
                return Err(
                    "conflicting options: port exposing and the container type network mode"
                        .to_string(),
                );
            }
            self.find_container(target)?;
        }
        if req.network_mode == NetworkMode::Host {
            if !req.config.links.is_empty() {
                return Err("conflicting options: host type networking can't be used with links. This would result in undefined behavior".to_string());
            }
            if !req.config.publish.is_empty() {
                warnings
                    .push("Published ports are discarded when using host network mode".to_string());
            }
        }
        // daemon_unix.go registerLinks: the child must exist; a child sharing
        // another container's namespace is followed to its owner, and a child
        // on the host network cannot be linked to.
        for (target, _) in &req.config.links {
            let mut child = self
                .find_container(target)
                .map_err(|e| format!("could not get container for {target}: {e}"))?;
            let mut hops = 0;
            while let NetworkMode::Container(owner) = &child.network_mode {
                hops += 1;
                child = match self.container_by_id(owner) {
                    Some(c) if hops < 64 => c,
                    _ => {
                        return Err(format!(
                            "could not get container for {owner}: No such container: {owner}"
                        ))
                    }
                };
            }
            if child.network_mode == NetworkMode::Host {
                return Err("conflicting options: host type networking can't be used with links. This would result in undefined behavior".to_string());
            }
        }
        self.validate_networking_config(&req)?;
        let id = self.ids.hex_id();
        let name = match &req.name {
            Some(n) => n.strip_prefix('/').unwrap_or(n).to_string(),
            None => {
                // A scan per draw: cheaper than collecting every name (usually one draw).
                let containers = &self.containers;
                self.ids
                    .container_name(|n| containers.iter().any(|c| c.name == n))
                    .unwrap_or_else(|| id[..12].to_string())
            }
        };
        let network_mode = match &req.network_mode {
            NetworkMode::Container(target) => {
                NetworkMode::Container(self.find_container(target)?.id.clone())
            }
            other => other.clone(),
        };
        // Networks are stored by reference now and resolved at start, as Docker
        // does: a missing network fails at start and leaves the container Created.
        let mut networks = Vec::new();
        match &network_mode {
            NetworkMode::Bridge => {
                networks.push(("bridge".to_string(), req.first_endpoint.clone()))
            }
            NetworkMode::Named(n) => networks.push((n.clone(), req.first_endpoint.clone())),
            _ => {}
        }
        networks.extend(req.extra_networks.iter().cloned());
        let networks = networks
            .into_iter()
            .map(|(r, cfg)| {
                (
                    self.find_network(&r).map(|n| n.id.clone()).unwrap_or(r),
                    cfg,
                )
            })
            .collect();
        let mut c = Container {
            id: id.clone(),
            name,
            image: req.image,
            created: now,
            config: req.config,
            network_mode,
            networks,
            status: Status::Created,
            exit_code: 0,
            started_at: None,
            finished_at: None,
            pid: 0,
            restart_count: 0,
            endpoints: Vec::new(),
            bindings: Vec::new(),
            process: Process::OneShot,
            logs: Vec::new(),
            hosts_links: Vec::new(),
            health_waited: false,
        };
        c.process = classify(
            &crate::process::effective_argv(&c.argv(), &c.image),
            &c.image,
        );
        self.containers.push(c);
        Ok(Created { id, warnings })
    }

    /// Allocates an endpoint for container `ci` on network `net_id`.
    fn attach(
        &mut self,
        ci: usize,
        net_id: &str,
        cfg: &EndpointConfig,
    ) -> Result<Endpoint, String> {
        let ni = self
            .networks
            .iter()
            .position(|n| n.id == net_id)
            .ok_or_else(|| format!("network {net_id} not found"))?;
        let net = &self.networks[ni];
        let user_defined = net.is_user_defined();
        let net_name = net.name.clone();
        let Some(ipam) = self.networks[ni].ipam.as_mut() else {
            return Err(format!("network {} has no IPAM", net_id));
        };
        let ip = match cfg.ipv4 {
            Some(ip) => {
                if !user_defined {
                    return Err(
                        "invalid config for network bridge: invalid endpoint settings:\nuser-specified IP address is supported on user-defined networks only"
                            .to_string(),
                    );
                }
                ipam.pool.request_specific(ip)?;
                ip
            }
            // libnetwork endpoint.go assignAddressVersion names the network and its ID.
            None => ipam.pool.request_any().map_err(|_| {
                format!(
                    "no available IPv4 addresses on this network's address pools: {} ({})",
                    net_name, net_id
                )
            })?,
        };
        let prefix_len = ipam.pool.subnet.prefix_len();
        let gateway = ipam.gateway;
        // IPv6 on an --ipv6 network, unless the container turned it off
        // (moby daemon/network.go: CreateOptionDisableIPv6).
        let v6_off = self.containers[ci].config.ipv6_disabled();
        let ipv6 = match self.networks[ni].ipam6.as_mut() {
            Some(p6) if !v6_off => {
                let addr = match cfg.ipv6 {
                    Some(want) => p6.request_specific(want).map(|()| want),
                    None => p6.request_any().ok_or_else(|| {
                        format!(
                            "no available IPv6 addresses on this network's address pools: {net_name} ({net_id})"
                        )
                    }),
                };
                match addr {
                    Ok(a) => Some((a, p6.subnet.prefix_len(), p6.gateway)),
                    Err(e) => {
                        if let Some(ipam) = self.networks[ni].ipam.as_mut() {
                            ipam.pool.release(ip);
                        }
                        return Err(e);
                    }
                }
            }
            _ => None,
        };
        let c = &self.containers[ci];
        let mut dns_names = Vec::new();
        if user_defined {
            let mut push = |n: &str| {
                if !dns_names.iter().any(|d: &String| d == n) {
                    dns_names.push(n.to_string());
                }
            };
            push(&c.name);
            for a in &cfg.aliases {
                push(a);
            }
            push(c.short_id());
            if let Some(h) = &c.config.hostname {
                push(h);
            }
        }
        let cid = c.id.clone();
        let idx = self.next_iface.entry(cid).or_insert(0);
        let iface = format!("eth{idx}");
        *idx += 1;
        let mac = cfg.mac.clone().unwrap_or_else(|| self.ids.mac());
        Ok(Endpoint {
            network_id: net_id.to_string(),
            endpoint_id: self.ids.hex_id(),
            iface,
            veth: self.ids.veth(),
            ip,
            prefix_len,
            gateway,
            mac,
            ipv6,
            dns_names,
        })
    }

    /// Releases container `ci`'s endpoint on `net_id`, if it has one.
    fn detach(&mut self, ci: usize, net_id: &str) {
        let Some(pos) = self.containers[ci]
            .endpoints
            .iter()
            .position(|e| e.network_id == net_id)
        else {
            return;
        };
        let ep = self.containers[ci].endpoints.remove(pos);
        if let Some(net) = self.networks.iter_mut().find(|n| n.id == net_id) {
            if let Some(ipam) = net.ipam.as_mut() {
                ipam.pool.release(ep.ip);
            }
            if let (Some(p6), Some((ip6, _, _))) = (net.ipam6.as_mut(), ep.ipv6) {
                p6.release(ip6);
            }
        }
    }

    /// The endpoint that carries the default route (Docker's Endpoint.Less:
    /// non-internal first, then by network name).
    pub fn gateway_endpoint<'a>(&'a self, c: &'a Container) -> Option<&'a Endpoint> {
        c.endpoints.iter().min_by_key(|e| {
            let net = self.network_by_id(&e.network_id);
            (
                net.is_none_or(|n| n.internal),
                net.map(|n| n.name.clone()).unwrap_or_default(),
            )
        })
    }

    /// `docker start` (and the start half of `docker run`).
    pub fn start_container(&mut self, r: &str, now: Timestamp) -> Result<(), String> {
        self.start_container_with(r, now, &|_| None)
    }

    /// [`Engine::start_container`] with the runtime's look at the image:
    /// `missing` names the main program when the image does not have it (the
    /// command layer knows which programs an image ships). Then the task is
    /// never created (moby `daemon/start.go` NewTask, `errors.go`
    /// setExitCodeFromError): the container stays Created with exit code
    /// 127, or goes with `--rm`, and the error is runc's.
    pub fn start_container_with(
        &mut self,
        r: &str,
        now: Timestamp,
        missing: &dyn Fn(&Container) -> Option<String>,
    ) -> Result<(), String> {
        let ci = self.container_index(r)?;
        if self.containers[ci].is_running() {
            return Ok(());
        }
        let c = &self.containers[ci];
        self.check_links(c)?;
        if let Some(program) = missing(c) {
            let c = &mut self.containers[ci];
            c.exit_code = 127;
            if c.config.auto_remove {
                self.containers.remove(ci);
            }
            return Err(format!("failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: {program:?}: executable file not found in $PATH: unknown"));
        }
        let c = &self.containers[ci];
        if let NetworkMode::Container(target) = &c.network_mode {
            let running = self.container_by_id(target).is_some_and(|t| t.is_running());
            if !running {
                return Err(format!("failed to set up container networking: cannot join network namespace of a non running container: {target}"));
            }
        }
        self.next_iface.insert(c.id.clone(), 0);
        let wanted = c.networks.clone();
        let mut endpoints = Vec::new();
        for (net_ref, cfg) in &wanted {
            let net = match self.find_network(net_ref) {
                Ok(n) => n.clone(),
                Err(e) => {
                    self.rollback(ci, &endpoints);
                    return Err(format!("failed to set up container networking: {e}"));
                }
            };
            if cfg.ipv4.is_some() && net.is_user_defined() {
                if let Some(ip) = cfg.ipv4 {
                    if !net.subnet().is_some_and(|s| s.contains(&ip)) {
                        self.rollback(ci, &endpoints);
                        return Err(format!(
                            "invalid config for network {}: invalid endpoint settings:\nno configured subnet contains IP address {ip}",
                            net.name
                        ));
                    }
                }
            }
            match self.attach(ci, &net.id, cfg) {
                Ok(ep) => {
                    self.containers[ci].endpoints.push(ep.clone());
                    endpoints.push(ep);
                }
                Err(e) => {
                    self.rollback(ci, &endpoints);
                    let e = if e.starts_with("invalid config") {
                        e.replace("network bridge", &format!("network {}", net.name))
                    } else {
                        e
                    };
                    return Err(format!("failed to set up container networking: {e}"));
                }
            }
        }
        // Publish ports on the gateway endpoint's network.
        if let Err(e) = self.publish_ports(ci) {
            self.rollback(ci, &endpoints);
            return Err(format!("failed to set up container networking: {e}"));
        }
        self.refresh_links(ci);
        let c = &mut self.containers[ci];
        c.status = Status::Running;
        c.health_waited = false;
        c.started_at = Some(now);
        c.finished_at = None;
        c.exit_code = 0;
        self.next_pid += 7;
        c.pid = self.next_pid;
        let argv = c.argv();
        let image = c.image.clone();
        c.logs.extend(startup_logs(&argv, &image, now));
        self.settle_process(ci, now);
        Ok(())
    }

    /// After start: processes that cannot keep running exit straight away.
    fn settle_process(&mut self, ci: usize, now: Timestamp) {
        let c = &self.containers[ci];
        let exit = match &c.process {
            Process::Shell if !c.config.interactive => Some((0, None)),
            Process::Server { .. } => {
                let env: Vec<String> = c.config.env.iter().cloned().chain(c.image.env()).collect();
                crate::process::server(
                    &crate::process::effective_argv(&c.argv(), &c.image),
                    &c.image,
                )
                .filter(|p| p.refuses(&env))
                .map(|p| (1, Some(p.refusal_logs(&c.image, now))))
                .or_else(|| self.host_clash(c))
            }
            _ => None,
        };
        if let Some((code, lines)) = exit {
            if let Some(lines) = lines {
                let c = &mut self.containers[ci];
                c.logs.retain(|_| false);
                c.logs.extend(lines);
            } else if let Process::Server { listeners } = &self.containers[ci].process {
                if let Some(l) = listeners.first().copied() {
                    let ts = crate::time::nginx_error(now);
                    let line = format!("{ts} [emerg] 1#1: bind() to 0.0.0.0:{} failed (98: Address already in use)", l.port);
                    let c = &mut self.containers[ci];
                    c.logs.push(LogLine {
                        stderr: true,
                        text: line.clone(),
                    });
                    c.logs.push(LogLine { stderr: true, text: format!("nginx: [emerg] bind() to 0.0.0.0:{} failed (98: Address already in use)", l.port) });
                }
            }
            self.process_exited(ci, code, now);
        }
    }

    /// A `--network host` server whose port the host already uses exits at once.
    fn host_clash(&self, c: &Container) -> Option<(i32, Option<Vec<LogLine>>)> {
        let Process::Server { listeners } = &c.process else {
            return None;
        };
        let clash = c.network_mode == NetworkMode::Host
            && listeners
                .iter()
                .any(|l| self.host_port_in_use(l.proto, l.port, Some(&c.id)));
        clash.then_some((1, None))
    }

    /// Is a host port taken, by docker-proxy or by a host-mode process?
    pub fn host_port_in_use(&self, proto: Proto, port: u16, except: Option<&str>) -> bool {
        self.containers.iter().any(|c| {
            if Some(c.id.as_str()) == except || !c.is_running() {
                return false;
            }
            let proxy = c.bindings.iter().any(|b| b.proto == proto && b.host_port == port);
            let native = c.network_mode == NetworkMode::Host
                && matches!(&c.process, Process::Server { listeners } if listeners.iter().any(|l| l.proto == proto && l.port == port));
            proxy || native
        })
    }

    fn rollback(&mut self, ci: usize, endpoints: &[Endpoint]) {
        for ep in endpoints {
            self.detach(ci, &ep.network_id);
        }
        self.release_bindings(ci);
    }

    fn release_bindings(&mut self, ci: usize) {
        let bindings = std::mem::take(&mut self.containers[ci].bindings);
        for b in bindings {
            self.ports.release(b.host_ip, b.proto, b.host_port);
        }
    }

    /// Allocates host ports for every `-p` (and `-P`) request of container `ci`.
    fn publish_ports(&mut self, ci: usize) -> Result<(), String> {
        let c = &self.containers[ci];
        if matches!(
            c.network_mode,
            NetworkMode::Host | NetworkMode::None | NetworkMode::Container(_)
        ) {
            return Ok(());
        }
        let Some(gw) = self.gateway_endpoint(c).cloned() else {
            return Ok(());
        };
        let Some(net) = self.network_by_id(&gw.network_id).cloned() else {
            return Ok(());
        };
        if net.internal {
            return Ok(());
        }
        let mut requests: Vec<PortRequest> = c.config.publish.clone();
        if c.config.publish_all {
            for (port, proto) in c.exposed_ports() {
                if !requests
                    .iter()
                    .any(|r| r.container_port == port && r.proto == proto)
                {
                    requests.push(PortRequest {
                        container_port: port,
                        proto,
                        host_ip: None,
                        host_ports: None,
                    });
                }
            }
        }
        let endpoint_id = gw.endpoint_id.clone();
        let name = c.name.clone();
        let default_ip = net.host_binding_ip();
        let mut bindings = Vec::new();
        for req in requests {
            let result = match req.host_ip.or(default_ip) {
                Some(ip) => self
                    .ports
                    .request(ip, req.proto, req.host_ports)
                    .map(|p| vec![(ip, p)]),
                None => {
                    let v4 = IpAddr::V4(Ipv4Addr::UNSPECIFIED);
                    let v6 = IpAddr::V6(Ipv6Addr::UNSPECIFIED);
                    self.ports
                        .request_pair(v4, v6, req.proto, req.host_ports)
                        .map(|p| vec![(v4, p), (v6, p)])
                }
            };
            match result {
                Ok(pairs) => {
                    for (host_ip, host_port) in pairs {
                        bindings.push(Binding {
                            host_ip,
                            host_port,
                            container_port: req.container_port,
                            proto: req.proto,
                        });
                    }
                }
                Err(e) => {
                    for b in &bindings {
                        let b: &Binding = b;
                        self.ports.release(b.host_ip, b.proto, b.host_port);
                    }
                    return Err(format!("driver failed programming external connectivity on endpoint {name} ({endpoint_id}): {e}"));
                }
            }
        }
        self.containers[ci].bindings = bindings;
        Ok(())
    }

    /// moby `daemon/create.go` validateNetworkingConfig, at create, before a
    /// container exists: each endpoint's settings are checked
    /// (`container_operations.go` validateEndpointSettings) against the
    /// network named as the user named it ("default" is already "bridge");
    /// every problem is listed (`internal/multierror`: one error alone, or
    /// `* ` lines).
    fn validate_networking_config(&self, req: &ContainerCreate) -> Result<(), String> {
        let first = match &req.network_mode {
            NetworkMode::Bridge => Some("bridge".to_string()),
            NetworkMode::Named(n) => Some(n.clone()),
            NetworkMode::Host => Some("host".to_string()),
            NetworkMode::None => Some("none".to_string()),
            NetworkMode::Container(_) => None,
        };
        let endpoints = first
            .map(|n| (n, &req.first_endpoint))
            .into_iter()
            .chain(req.extra_networks.iter().map(|(n, c)| (n.clone(), c)));
        let mut errs = Vec::new();
        for (name, cfg) in endpoints {
            let mut ep_errs: Vec<String> = Vec::new();
            let user_defined = !matches!(name.as_str(), "bridge" | "host" | "none" | "default");
            if !user_defined && (cfg.ipv4.is_some() || cfg.ipv6.is_some()) {
                ep_errs.push(
                    "user-specified IP address is supported on user-defined networks only"
                        .to_string(),
                );
            }
            if !user_defined && !cfg.aliases.is_empty() {
                ep_errs.push(
                    "network-scoped aliases are only supported for user-defined networks"
                        .to_string(),
                );
            }
            // normalizeEndpointIPAMConfig.
            if let Some(ip) = cfg.ipv4.filter(|ip| ip.is_unspecified()) {
                ep_errs.push(format!("invalid IPv4 address: {ip}"));
            }
            if let Some(ip) = cfg.ipv6 {
                if ip.is_unspecified() || ip.to_ipv4_mapped().is_some() {
                    ep_errs.push(format!("invalid IPv6 address: {ip}"));
                }
            }
            // validateIPAMConfigIsInRange, when the network exists already.
            if let Ok(net) = self.find_network(&name) {
                if let Some(ip) = cfg.ipv4 {
                    if !net.subnet().is_some_and(|s| s.contains(&ip)) {
                        ep_errs.push(format!("no configured subnet contains IP address {ip}"));
                    }
                }
                if let Some(ip) = cfg.ipv6 {
                    if !net.subnet6().is_some_and(|s| s.contains(&ip)) {
                        ep_errs.push(format!("no configured subnet contains IP address {ip}"));
                    }
                }
            }
            if !ep_errs.is_empty() {
                errs.push(format!(
                    "invalid config for network {name}: invalid endpoint settings:\n{}",
                    multierror(&ep_errs)
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(multierror(&errs))
        }
    }

    /// Is this container attached (configured) to the default bridge?
    fn on_default_bridge(&self, c: &Container) -> bool {
        c.networks.iter().any(|(id, _)| {
            self.network_by_id(id)
                .is_some_and(|n| n.is_default_bridge())
        })
    }

    /// Legacy links are checked when the container starts, before its
    /// network is set up (moby `container_operations_unix.go`
    /// setupLinkedContainers, called while the OCI spec is built): each
    /// linked container must be running and on the default bridge. The
    /// link's name is Docker's link-index path, `/child AS /parent/alias`.
    fn check_links(&self, c: &Container) -> Result<(), String> {
        if !self.on_default_bridge(c) {
            return Ok(());
        }
        for (target, alias) in &c.config.links {
            let Ok(named) = self.find_container(target) else {
                continue;
            };
            // registerLinks linked the owner of a shared namespace.
            let child = match &named.network_mode {
                NetworkMode::Container(id) => self.container_by_id(id).unwrap_or(named),
                _ => named,
            };
            if !child.is_running() {
                return Err(format!(
                    "Cannot link to a non running container: /{} AS /{}/{alias}",
                    child.name, c.name
                ));
            }
            if !self.on_default_bridge(child) {
                return Err(format!(
                    "container {} not attached to default bridge network",
                    child.id
                ));
            }
        }
        Ok(())
    }

    /// Legacy links: remember (alias, target id) for /etc/hosts.
    fn refresh_links(&mut self, ci: usize) {
        if !self.on_default_bridge(&self.containers[ci]) {
            self.containers[ci].hosts_links.clear();
            return;
        }
        let links = self.containers[ci].config.links.clone();
        let resolved: Vec<(String, String)> = links
            .iter()
            .filter_map(|(target, alias)| {
                self.find_container(target)
                    .ok()
                    .map(|t| (alias.clone(), t.id.clone()))
            })
            .collect();
        self.containers[ci].hosts_links = resolved;
    }

    /// The main process ended with `code`: tear down networking, maybe auto-remove.
    pub fn process_exited(&mut self, ci: usize, code: i32, now: Timestamp) {
        let nets: Vec<String> = self.containers[ci]
            .endpoints
            .iter()
            .map(|e| e.network_id.clone())
            .collect();
        for n in nets {
            self.detach(ci, &n);
        }
        self.release_bindings(ci);
        let c = &mut self.containers[ci];
        c.status = Status::Exited;
        c.exit_code = code;
        c.finished_at = Some(now);
        c.pid = 0;
        if c.config.auto_remove {
            self.containers.remove(ci);
        }
    }

    /// The main process of a container exits (used by the command layer when a
    /// one-shot command or an attached shell ends).
    pub fn exit_container(&mut self, r: &str, code: i32, now: Timestamp) -> Result<(), String> {
        let ci = self.container_index(r)?;
        if self.containers[ci].is_running() {
            self.process_exited(ci, code, now);
        }
        Ok(())
    }

    /// `docker stop`.
    pub fn stop_container(&mut self, r: &str, now: Timestamp) -> Result<(), String> {
        let ci = self.container_index(r)?;
        if !self.containers[ci].is_running() {
            return Ok(());
        }
        let code = self.containers[ci].image.stop_exit_code();
        let code = match self.containers[ci].process {
            Process::Server { .. } => code,
            _ => 137,
        };
        self.process_exited(ci, code, now);
        Ok(())
    }

    /// `docker kill`.
    pub fn kill_container(&mut self, r: &str, now: Timestamp) -> Result<(), String> {
        let ci = self.container_index(r)?;
        if !self.containers[ci].is_running() {
            let c = &self.containers[ci];
            return Err(format!(
                "cannot kill container: {}: container {} is not running",
                r, c.id
            ));
        }
        self.process_exited(ci, 137, now);
        Ok(())
    }

    /// `docker restart`.
    pub fn restart_container(&mut self, r: &str, now: Timestamp) -> Result<(), String> {
        let id = self.find_container(r)?.id.clone();
        self.stop_container(&id, now)?;
        match self.container_index(&id) {
            Ok(_) => self.start_container(&id, now),
            Err(_) => Err(not_found_container(r)),
        }
    }

    /// `docker rm [-f]`.
    pub fn remove_container(&mut self, r: &str, force: bool, now: Timestamp) -> Result<(), String> {
        let ci = self.container_index(r)?;
        if self.containers[ci].is_running() {
            if !force {
                return Err(format!(
                    "cannot remove container \"{}\": container is running: stop the container before removing or force remove",
                    r.strip_prefix('/').unwrap_or(r)
                ));
            }
            self.process_exited(ci, 137, now);
            if self.container_index(r).is_err() {
                return Ok(()); // --rm already removed it
            }
        }
        let ci = self.container_index(r)?;
        let c = self.containers.remove(ci);
        self.next_iface.remove(&c.id);
        Ok(())
    }

    /// Waits for a container's first healthcheck (Compose's
    /// `service_healthy` polling): its result is known from now on.
    pub fn wait_health(&mut self, r: &str) -> Result<Option<HealthStatus>, String> {
        let ci = self.container_index(r)?;
        let c = &mut self.containers[ci];
        c.health_waited = true;
        Ok(c.health(Timestamp(u64::MAX)))
    }

    /// Appends a line to a container's log (access logs written by the packet layer).
    pub fn log(&mut self, container_id: &str, stderr: bool, text: String) {
        if let Some(c) = self.containers.iter_mut().find(|c| c.id == container_id) {
            if c.logs.len() >= MAX_LOG_LINES {
                c.logs.remove(0);
            }
            c.logs.push(LogLine { stderr, text });
        }
    }
}

/// moby `daemon/internal/multierror` Join: one error as it is, several as
/// `* ` lines with their own lines indented by a tab.
fn multierror(errs: &[String]) -> String {
    match errs {
        [one] => one.trim().to_string(),
        many => format!(
            "* {}",
            many.iter()
                .map(|e| e.replace('\n', "\n\t"))
                .collect::<Vec<_>>()
                .join("\n* ")
        ),
    }
}

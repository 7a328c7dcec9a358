//! The Container Network Model as plain data: networks, containers, their
//! sandboxes and endpoints. Operations live in [`crate::engine`]; this module
//! only says what exists.

use crate::image::ImageRef;
use crate::ipam::Pool;
use crate::ports::{PortRequest, Proto};
use crate::Timestamp;
use bridgeport_golib::sorted_map::SortedMap;
use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A network driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Driver {
    Bridge,
    Host,
    /// `none`: Docker calls this driver "null".
    Null,
}

impl Driver {
    pub fn as_str(self) -> &'static str {
        match self {
            Driver::Bridge => "bridge",
            Driver::Host => "host",
            Driver::Null => "null",
        }
    }
}

/// IPv4 address management for a bridge network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkIpam {
    pub pool: Pool,
    pub gateway: Ipv4Addr,
    /// Created with `--subnet` (as opposed to drawn from the predefined pools).
    pub explicit_subnet: bool,
    /// Given with `--gateway`: shown in inspect's Config either way.
    pub aux_addresses: SortedMap<String, Ipv4Addr>,
    /// The default bridge reports IPAM Options as `null`, created networks as `{}`.
    pub options_null: bool,
}

/// IPv6 address management for a network created with `--ipv6`: one
/// subnet, the `--subnet` given or a /64 of the host's ULA prefix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkIpam6 {
    pub subnet: Ipv6Net,
    pub gateway: Ipv6Addr,
    /// Given with `--subnet` (as opposed to drawn from the default pool).
    pub explicit_subnet: bool,
    /// Addresses in use: the subnet-router anycast address, the gateway,
    /// endpoints (defaultipam newPoolData reserves the first address).
    pub allocated: bridgeport_golib::sorted_set::SortedSet<Ipv6Addr>,
    /// `--ip-range`: where dynamic addresses come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Ipv6Net>,
    /// `--aux-address` names of this subnet (reserved, never handed out).
    #[serde(default, skip_serializing_if = "SortedMap::is_empty")]
    pub aux_addresses: SortedMap<String, Ipv6Addr>,
}

impl NetworkIpam6 {
    pub fn new(subnet: Ipv6Net) -> NetworkIpam6 {
        let mut allocated = bridgeport_golib::sorted_set::SortedSet::new();
        allocated.insert(subnet.network());
        NetworkIpam6 {
            subnet,
            gateway: Ipv6Addr::UNSPECIFIED,
            explicit_subnet: false,
            allocated,
            range: None,
            aux_addresses: SortedMap::new(),
        }
    }

    /// The lowest free address (bitmap SetAny), inside the ip-range when
    /// there is one, scanning at most 2^16 addresses.
    pub fn request_any(&mut self) -> Option<Ipv6Addr> {
        let space = self.range.unwrap_or(self.subnet);
        let base = u128::from(space.network());
        let size = 1u128 << (128 - u32::from(space.prefix_len())).min(127);
        (0..size.min(1 << 16))
            .map(|i| Ipv6Addr::from(base + i))
            .find(|ip| !self.allocated.contains(ip))
            .inspect(|ip| {
                self.allocated.insert(*ip);
            })
    }

    /// A given address (`--ip6`, `--gateway`): `Address already in use` if taken.
    pub fn request_specific(&mut self, ip: Ipv6Addr) -> Result<(), String> {
        if !self.subnet.contains(&ip) {
            return Err(format!("no configured subnet contains IP address {ip}"));
        }
        if !self.allocated.insert(ip) {
            return Err("Address already in use".to_string());
        }
        Ok(())
    }

    pub fn release(&mut self, ip: Ipv6Addr) {
        if ip != self.subnet.network() && ip != self.gateway {
            self.allocated.remove(&ip);
        }
    }
}

/// A Docker network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub driver: Driver,
    pub created: Timestamp,
    /// Linux bridge name: "docker0", "br-<id12>" or the `bridge.name` option.
    pub bridge: String,
    pub ipam: Option<NetworkIpam>,
    pub internal: bool,
    pub attachable: bool,
    pub enable_ipv6: bool,
    /// The IPv6 subnet of an `--ipv6` network.
    #[serde(default)]
    pub ipam6: Option<NetworkIpam6>,
    /// `-o` driver options as given (the default bridge's are set by the daemon).
    pub options: SortedMap<String, String>,
    pub labels: SortedMap<String, String>,
    /// bridge, host and none: cannot be removed or recreated.
    pub builtin: bool,
}

impl Network {
    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    /// The default bridge `bridge` (docker0), which has no embedded DNS.
    pub fn is_default_bridge(&self) -> bool {
        self.builtin && self.driver == Driver::Bridge
    }

    /// User-defined bridge networks get embedded DNS, aliases and `--ip`.
    pub fn is_user_defined(&self) -> bool {
        !self.builtin
    }

    fn bool_option(&self, key: &str, default: bool) -> bool {
        match self.options.get(key) {
            Some(v) => v.parse::<bool>().unwrap_or(default),
            None => default,
        }
    }

    /// Inter-container communication on this bridge (`enable_icc`).
    pub fn icc(&self) -> bool {
        self.bool_option("com.docker.network.bridge.enable_icc", true)
    }

    /// Outgoing traffic is masqueraded to the host's address (`enable_ip_masquerade`).
    pub fn masquerade(&self) -> bool {
        self.bool_option("com.docker.network.bridge.enable_ip_masquerade", true)
    }

    /// The default host address for published ports (`host_binding_ipv4`).
    /// None means "0.0.0.0 and ::".
    pub fn host_binding_ip(&self) -> Option<IpAddr> {
        let raw = self
            .options
            .get("com.docker.network.bridge.host_binding_ipv4")?;
        let ip: IpAddr = raw.parse().ok()?;
        if ip.is_unspecified() && self.builtin {
            None
        } else {
            Some(ip)
        }
    }

    pub fn subnet(&self) -> Option<Ipv4Net> {
        self.ipam.as_ref().map(|i| i.pool.subnet)
    }

    /// The IPv6 subnet of an `--ipv6` network.
    pub fn subnet6(&self) -> Option<Ipv6Net> {
        self.ipam6.as_ref().map(|i| i.subnet)
    }

    pub fn gateway6(&self) -> Option<Ipv6Addr> {
        self.ipam6.as_ref().map(|i| i.gateway)
    }

    pub fn gateway(&self) -> Option<Ipv4Addr> {
        self.ipam.as_ref().map(|i| i.gateway)
    }
}

/// How a container's network namespace is set up (`--network`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetworkMode {
    /// The default bridge, chosen implicitly ("bridge" in HostConfig.NetworkMode).
    Bridge,
    /// A named network (user-defined, or `bridge` spelled out).
    Named(String),
    Host,
    None,
    /// `container:<id>`: share another container's namespace.
    Container(String),
}

impl NetworkMode {
    /// HostConfig.NetworkMode as Docker reports it.
    pub fn as_docker_string(&self) -> String {
        match self {
            NetworkMode::Bridge => "bridge".to_string(),
            NetworkMode::Named(n) => n.clone(),
            NetworkMode::Host => "host".to_string(),
            NetworkMode::None => "none".to_string(),
            NetworkMode::Container(id) => format!("container:{id}"),
        }
    }
}

/// Per-network endpoint settings a container asks for; they persist across restarts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EndpointConfig {
    pub aliases: Vec<String>,
    /// `--ip`: re-applied on every start.
    pub ipv4: Option<Ipv4Addr>,
    /// `--ip6`: checked against the network's IPv6 subnets.
    #[serde(default)]
    pub ipv6: Option<std::net::Ipv6Addr>,
    /// `--link` on a user-defined network: `(container, alias)`.
    pub links: Vec<(String, String)>,
    pub mac: Option<String>,
}

/// A container attached to a network: exists only while the container runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub network_id: String,
    pub endpoint_id: String,
    /// Interface inside the container: eth0, eth1, ...
    pub iface: String,
    /// Host-side peer of the veth pair.
    pub veth: String,
    pub ip: Ipv4Addr,
    pub prefix_len: u8,
    pub gateway: Ipv4Addr,
    pub mac: String,
    /// The global IPv6 address on an `--ipv6` network, with its prefix
    /// length and the network's IPv6 gateway.
    #[serde(default)]
    pub ipv6: Option<(Ipv6Addr, u8, Ipv6Addr)>,
    /// Names registered in embedded DNS, in Docker's order (name, aliases, short id, hostname).
    pub dns_names: Vec<String>,
}

/// What a process listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listener {
    pub proto: Proto,
    /// 0.0.0.0 for all addresses; 127.0.0.1 for loopback only.
    pub addr: Ipv4Addr,
    pub port: u16,
}

/// The kind of main process a container runs, decided from its command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Process {
    /// A server: runs until stopped and listens on sockets.
    Server { listeners: Vec<Listener> },
    /// An interactive shell: stays up only with `-i`.
    Shell,
    /// Runs until stopped, listens on nothing (`sleep infinity`, `top`).
    Idle,
    /// Runs once and exits (`echo hi`, `ping -c 1 db`): executed by the command layer.
    OneShot,
}

/// `docker ps` STATUS states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Created,
    Running,
    Exited,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Exited => "exited",
        }
    }
}

/// A published port as bound on the host while the container runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub host_ip: IpAddr,
    pub host_port: u16,
    pub container_port: u16,
    pub proto: Proto,
}

/// One line the main process wrote (`docker logs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    pub stderr: bool,
    pub text: String,
}

/// What `docker run`/`create` asked for. Never changes after create, except
/// networks joined with `docker network connect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContainerConfig {
    pub hostname: Option<String>,
    pub domainname: String,
    /// Overrides the image's CMD when non-empty.
    pub cmd: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub env: Vec<String>,
    /// `--expose` ports (the image's EXPOSE is added on top).
    pub expose: Vec<(u16, Proto)>,
    pub publish: Vec<PortRequest>,
    pub publish_all: bool,
    pub add_hosts: Vec<(String, String)>,
    pub dns: Vec<String>,
    /// `--dns-search`: replaces the host's search domains in resolv.conf.
    #[serde(default)]
    pub dns_search: Vec<String>,
    /// `--dns-option` (hidden alias `--dns-opt`): replaces the host's options.
    #[serde(default)]
    pub dns_options: Vec<String>,
    /// `--sysctl key=value`, in flag order (a later key wins).
    #[serde(default)]
    pub sysctls: Vec<(String, String)>,
    /// `--label key[=value]` (Config.Labels).
    #[serde(default)]
    pub labels: SortedMap<String, String>,
    /// Legacy `--link name[:alias]` on the default bridge.
    pub links: Vec<(String, String)>,
    pub auto_remove: bool,
    pub interactive: bool,
    pub tty: bool,
    /// A healthcheck (Compose's `healthcheck:`; `docker run --health-cmd`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<Healthcheck>,
}

/// A container's healthcheck (moby `container.HealthConfig`), times in
/// seconds; 0 is "not set" (inspect omits it) and the daemon's default
/// applies when the check runs ([`Healthcheck::interval_secs`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Healthcheck {
    /// `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`.
    pub test: Vec<String>,
    pub interval: u64,
    pub timeout: u64,
    pub retries: u32,
    pub start_period: u64,
}

impl Healthcheck {
    /// A check with nothing else set: the daemon's defaults apply.
    pub fn new(test: Vec<String>) -> Healthcheck {
        Healthcheck {
            test,
            interval: 0,
            timeout: 0,
            retries: 0,
            start_period: 0,
        }
    }

    /// Seconds between checks: moby's default, 30 s, when not set
    /// (`daemon/health.go` defaultProbeInterval).
    pub fn interval_secs(&self) -> u64 {
        if self.interval == 0 {
            30
        } else {
            self.interval
        }
    }

    /// Failures before unhealthy: moby's default, 3, when not set
    /// (`daemon/health.go` defaultProbeRetries).
    pub fn retries_or_default(&self) -> u32 {
        if self.retries == 0 {
            3
        } else {
            self.retries
        }
    }

    /// `test: ["NONE"]` (or `disable: true`) turns the image's check off.
    pub fn disabled(&self) -> bool {
        self.test.first().is_none_or(|t| t == "NONE")
    }
}

/// `State.Health.Status` (moby `container/health.go`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthStatus {
    Starting,
    Healthy,
    Unhealthy,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Starting => "starting",
            HealthStatus::Healthy => "healthy",
            HealthStatus::Unhealthy => "unhealthy",
        }
    }
}

/// A container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Container {
    pub id: String,
    /// Without the leading "/".
    pub name: String,
    /// The image as the user typed it (`nginx`, `nginx:alpine`).
    pub image: ImageRef,
    pub created: Timestamp,
    pub config: ContainerConfig,
    pub network_mode: NetworkMode,
    /// Networks to join at start, in connection order: (network id, settings).
    pub networks: Vec<(String, EndpointConfig)>,
    pub status: Status,
    pub exit_code: i32,
    pub started_at: Option<Timestamp>,
    pub finished_at: Option<Timestamp>,
    pub pid: u32,
    pub restart_count: u32,
    /// Live network state: present only while running.
    pub endpoints: Vec<Endpoint>,
    pub bindings: Vec<Binding>,
    pub process: Process,
    pub logs: Vec<LogLine>,
    /// Legacy links written into /etc/hosts: (alias, target container id).
    pub hosts_links: Vec<(String, String)>,
    /// Someone waited for the first healthcheck of this run (`compose up`
    /// with `condition: service_healthy`): its result is known now.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub health_waited: bool,
}

impl ContainerConfig {
    /// A `--sysctl` value as the container's kernel sees it (the last one given wins).
    pub fn sysctl(&self, key: &str) -> Option<&str> {
        self.sysctls
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `--sysctl net.ipv6.conf.all.disable_ipv6=1`: the namespace has no IPv6,
    /// so Docker leaves the IPv6 lines out of /etc/hosts (moby etchosts_test.go).
    pub fn ipv6_disabled(&self) -> bool {
        self.sysctl("net.ipv6.conf.all.disable_ipv6") == Some("1")
    }
}

impl Container {
    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    pub fn is_running(&self) -> bool {
        self.status == Status::Running
    }

    /// The hostname: `--hostname`, else the short ID.
    pub fn hostname(&self, host_hostname: &str) -> String {
        if let Some(h) = &self.config.hostname {
            return h.clone();
        }
        if self.network_mode == NetworkMode::Host {
            return host_hostname.to_string();
        }
        self.short_id().to_string()
    }

    /// The full argv Docker runs: entrypoint + cmd.
    pub fn argv(&self) -> Vec<String> {
        let entrypoint: Vec<String> = match &self.config.entrypoint {
            Some(e) => e.clone(),
            None => self
                .image
                .entrypoint()
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        let cmd: Vec<String> = if !self.config.cmd.is_empty() {
            self.config.cmd.clone()
        } else {
            self.image.cmd().iter().map(|s| s.to_string()).collect()
        };
        entrypoint.into_iter().chain(cmd).collect()
    }

    /// Exposed ports: the image's EXPOSE plus `--expose`, sorted and deduplicated.
    pub fn exposed_ports(&self) -> Vec<(u16, Proto)> {
        let mut ports: Vec<(u16, Proto)> = self.image.exposed().to_vec();
        ports.extend(self.config.expose.iter().copied());
        ports.extend(
            self.config
                .publish
                .iter()
                .map(|p| (p.container_port, p.proto)),
        );
        crate::sort::sort(&mut ports);
        ports.dedup();
        ports
    }

    /// The health of a running container with a healthcheck, simulated and
    /// deterministic: `starting` until the first check is due (`interval`
    /// after the start, as moby's monitor first probes) or someone waited
    /// for it, then `healthy` when the main process is a server or keeps
    /// running idle, else `unhealthy`. The check's command is not run: a
    /// listening main process is what tutorials' checks (`pg_isready`,
    /// `curl -f localhost`) find.
    pub fn health(&self, now: Timestamp) -> Option<HealthStatus> {
        let hc = self.config.healthcheck.as_ref().filter(|h| !h.disabled())?;
        if !self.is_running() {
            return None;
        }
        let started = self.started_at.map_or(0, |t| t.0);
        if !self.health_waited
            && now.0 < started.saturating_add(hc.interval_secs().saturating_mul(1000))
        {
            return Some(HealthStatus::Starting);
        }
        Some(match self.process {
            Process::Server { .. } | Process::Idle => HealthStatus::Healthy,
            _ => HealthStatus::Unhealthy,
        })
    }

    pub fn endpoint_on(&self, network_id: &str) -> Option<&Endpoint> {
        self.endpoints.iter().find(|e| e.network_id == network_id)
    }
}

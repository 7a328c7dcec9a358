//! The typed project: what compose-go's `types.Project` holds after
//! loading, for the keys Bridgeport models (issue 12, "Networking
//! semantics"), plus the raw YAML of every other key so that `config` can
//! still print it and the CLI can say it is not modelled.
//!
//! Everything is normalised already (compose-go `loader/normalize.go`,
//! `transform/*`): ports are in long syntax, `depends_on` is a map, a
//! service without `networks:` and `network_mode:` is on `default`, network
//! names are final (`<project>_<key>`, `name:`, or the external name).
//! Maps are sorted (`golib::sorted_map::SortedMap`, a `BTreeMap` in
//! behaviour and smaller in the page) because Compose prints and iterates
//! them sorted (`config` sorts keys; reference §3.8).

use crate::yaml::{Node, Pos};
use bridgeport_golib::sorted_map::SortedMap;

/// A loaded Compose project.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    /// The project name (reference §1.1), already validated.
    pub name: String,
    /// The project directory (absolute): `--project-directory` or the
    /// directory of the first compose file.
    pub working_dir: String,
    /// The compose files, absolute, in `-f` order (the
    /// `com.docker.compose.project.config_files` label joins them with `,`).
    pub config_files: Vec<String>,
    /// The environment interpolation used: the OS environment, then the env
    /// files, then `COMPOSE_PROJECT_NAME` (compose-go `projectName`).
    pub environment: SortedMap<String, String>,
    /// Services by name (sorted, as Compose iterates them for output).
    pub services: SortedMap<String, Service>,
    /// Services whose `profiles:` none of the active profiles names
    /// (compose-go `WithProfiles`): not started, not printed by `config`;
    /// naming one in [`crate::LoadOptions::enable_services`] (`up SERVICE`)
    /// enables its profiles.
    pub disabled_services: SortedMap<String, Service>,
    /// The active profiles.
    pub profiles: Vec<String>,
    /// Top-level networks by key; only the ones some service uses unless
    /// `all_resources` was asked for (`WithoutUnnecessaryResources`).
    pub networks: SortedMap<String, Network>,
    /// `false` when loaded with `interpolate: false` (`config
    /// --no-interpolate`): `config` then prints compose-go's model map,
    /// every key sorted, with no `$` doubled (`cmd/compose/config.go`
    /// runConfigNoInterpolate).
    pub interpolated: bool,
    /// Top-level keys outside the model (`volumes`, `secrets`, `configs`,
    /// `models`, `include`) and `x-*` extensions, as written (after
    /// interpolation), sorted by key.
    pub other: SortedMap<String, Node>,
}

/// One service (compose-go `types.ServiceConfig`, the modelled part).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    /// The key under `services:`.
    pub name: String,
    /// `image:`; `None` only when the service has `build:` instead.
    pub image: Option<String>,
    /// `command:` as a list (a string is split as a shell would,
    /// `shellwords`); `None` means the image's default.
    pub command: Option<Vec<String>>,
    /// `entrypoint:` likewise.
    pub entrypoint: Option<Vec<String>>,
    /// `container_name:`.
    pub container_name: Option<String>,
    /// `hostname:`.
    pub hostname: Option<String>,
    /// `domainname:`.
    pub domainname: Option<String>,
    /// `depends_on:` as a map (a list means `service_started`, required).
    pub depends_on: SortedMap<String, Dependency>,
    /// `environment:`; `None` is a name given without a value (`- DEBUG`),
    /// which takes the value from the project environment if it has one.
    pub environment: SortedMap<String, Option<String>>,
    /// `expose:` entries as strings (`"9090"`, `"7000-7001"`, `"53/udp"`).
    pub expose: Vec<String>,
    /// `external_links:`.
    pub external_links: Vec<String>,
    /// `extra_hosts:` as (host, ip) pairs, sorted as `config` prints them.
    pub extra_hosts: Vec<(String, String)>,
    /// `dns:`.
    pub dns: Vec<String>,
    /// `dns_search:`.
    pub dns_search: Vec<String>,
    /// `dns_opt:`.
    pub dns_opt: Vec<String>,
    /// `healthcheck:`.
    pub healthcheck: Option<Healthcheck>,
    /// `labels:` (list or map).
    pub labels: SortedMap<String, String>,
    /// `links:` as written (`db` or `db:database`).
    pub links: Vec<String>,
    /// `network_mode:` (`host`, `none`, `bridge`, `service:x`,
    /// `container:x`, …).
    pub network_mode: Option<String>,
    /// The networks the service joins, by top-level key; `None` is an entry
    /// with no settings (printed `name: null`). Empty when `network_mode` is
    /// set.
    pub networks: SortedMap<String, Option<ServiceNetwork>>,
    /// `ports:` in long syntax, short entries expanded (ranges split).
    pub ports: Vec<Port>,
    /// `scale:`.
    pub scale: Option<i64>,
    /// `deploy.replicas:`.
    pub deploy_replicas: Option<i64>,
    /// `volumes:` read as compose-go's long form (accepted, not
    /// simulated: the container gets no mounts; a note says so).
    pub volumes: Vec<crate::volumes::Mount>,
    /// Sources of `secrets:` and `configs:` entries (accepted, not
    /// simulated), for the consistency checks.
    pub secrets: Vec<String>,
    /// See `secrets`.
    pub configs: Vec<String>,
    /// `restart:`.
    pub restart: Option<String>,
    /// `user:`.
    pub user: Option<String>,
    /// `working_dir:`.
    pub working_dir: Option<String>,
    /// `tty:`.
    pub tty: bool,
    /// `stdin_open:`.
    pub stdin_open: bool,
    /// `privileged:`.
    pub privileged: bool,
    /// `init:`.
    pub init: Option<bool>,
    /// `stop_signal:`.
    pub stop_signal: Option<String>,
    /// `profiles:`.
    pub profiles: Vec<String>,
    /// Keys of this service outside the model (`build`, `volumes`,
    /// `secrets`, `deploy` apart from `replicas`, `x-*`, …), as written.
    pub other: SortedMap<String, Node>,
    /// Where the service is defined (its key), for messages.
    pub pos: Pos,
}

impl Service {
    /// compose-go `HasProfile`: a service without profiles is always on;
    /// otherwise one of its profiles must be active (or `*`).
    pub fn has_profile(&self, active: &[String]) -> bool {
        self.profiles.is_empty() || active.iter().any(|p| p == "*" || self.profiles.contains(p))
    }

    /// How many containers `up` runs: `scale`, else `deploy.replicas`, else
    /// 1 (compose-go `GetScale`).
    pub fn replicas(&self) -> i64 {
        self.scale.or(self.deploy_replicas).unwrap_or(1)
    }

    /// The service's networks by `priority` descending, ties by key
    /// ascending (compose-go `NetworksByPriority`); the first one is the
    /// container's primary network (reference §1.3).
    pub fn networks_by_priority(&self) -> Vec<&str> {
        let mut keys: Vec<(&str, i64)> = self
            .networks
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_ref().map_or(0, |n| n.priority)))
            .collect();
        bridgeport_golib::sort::sort_by(&mut keys, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        keys.into_iter().map(|(k, _)| k).collect()
    }

    /// Services this one must start after: `depends_on` keys in
    /// dependency order input (sorted).
    pub fn dependencies(&self) -> impl Iterator<Item = (&str, &Dependency)> {
        self.depends_on.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// One `depends_on` entry (compose-go `types.ServiceDependency`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// `service_started`, `service_healthy` or
    /// `service_completed_successfully`.
    pub condition: String,
    /// `restart:` (links and `network_mode: service:` set it to true).
    pub restart: bool,
    /// `required:` (default true).
    pub required: bool,
}

/// A `healthcheck:` block (compose-go `types.HealthCheckConfig`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healthcheck {
    /// `test:`; a string becomes `["CMD-SHELL", s]`.
    pub test: Vec<String>,
    /// `timeout:` in nanoseconds.
    pub timeout: Option<i64>,
    /// `interval:` in nanoseconds.
    pub interval: Option<i64>,
    /// `retries:`.
    pub retries: Option<u64>,
    /// `start_period:` in nanoseconds.
    pub start_period: Option<i64>,
    /// `start_interval:` in nanoseconds.
    pub start_interval: Option<i64>,
    /// `disable: true` (or `test: ["NONE"]`).
    pub disable: bool,
}

/// One published or exposed port in long syntax (compose-go
/// `types.ServicePortConfig`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Port {
    /// `name:`.
    pub name: Option<String>,
    /// `ingress` (the default) or `host`.
    pub mode: String,
    /// `host_ip:`, empty when not given.
    pub host_ip: Option<String>,
    /// The container port.
    pub target: u32,
    /// The host port or range as a string (`"8080"`, `"8000-8010"`); `None`
    /// means a random host port.
    pub published: Option<String>,
    /// `tcp` (the default), `udp` or `sctp`.
    pub protocol: String,
    /// `app_protocol:`.
    pub app_protocol: Option<String>,
}

/// A service's settings on one network (compose-go
/// `types.ServiceNetworkConfig`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceNetwork {
    /// `aliases:`.
    pub aliases: Vec<String>,
    /// `driver_opts:`.
    pub driver_opts: SortedMap<String, String>,
    /// `gw_priority:`.
    pub gw_priority: i64,
    /// `interface_name:`.
    pub interface_name: Option<String>,
    /// `ipv4_address:`.
    pub ipv4_address: Option<String>,
    /// `ipv6_address:`.
    pub ipv6_address: Option<String>,
    /// `link_local_ips:`.
    pub link_local_ips: Vec<String>,
    /// `mac_address:`.
    pub mac_address: Option<String>,
    /// `priority:`.
    pub priority: i64,
}

/// A top-level network (compose-go `types.NetworkConfig`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// The engine name: `<project>_<key>`, `name:`, or for an external
    /// network its `name:` or key.
    pub name: String,
    /// `driver:` (the engine default `bridge` when `None`).
    pub driver: Option<String>,
    /// `driver_opts:`.
    pub driver_opts: SortedMap<String, String>,
    /// `ipam:`.
    pub ipam: Option<Ipam>,
    /// `external: true`.
    pub external: bool,
    /// `internal: true`.
    pub internal: bool,
    /// `attachable: true`.
    pub attachable: bool,
    /// `labels:` (the user's; Compose adds its own at create time).
    pub labels: SortedMap<String, String>,
    /// `enable_ipv4:`.
    pub enable_ipv4: Option<bool>,
    /// `enable_ipv6:`.
    pub enable_ipv6: Option<bool>,
    /// `x-*` keys of the network, as written.
    pub other: SortedMap<String, Node>,
}

/// A network's `ipam:` block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ipam {
    /// `driver:`.
    pub driver: Option<String>,
    /// `config:` pools.
    pub config: Vec<IpamPool>,
    /// `options:`.
    pub options: SortedMap<String, String>,
}

/// One `ipam.config` entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamPool {
    /// `subnet:`.
    pub subnet: Option<String>,
    /// `gateway:`.
    pub gateway: Option<String>,
    /// `ip_range:`.
    pub ip_range: Option<String>,
    /// `aux_addresses:`.
    pub aux_addresses: SortedMap<String, String>,
}

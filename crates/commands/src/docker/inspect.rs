//! The JSON that `docker inspect`, `docker container inspect` and
//! `docker network inspect` print, key for key in API 1.52 (Engine 29) order,
//! and `-f` templates evaluated over it.

use super::containers::port_entries;
use crate::context::Ctx;
use crate::flags::{CommandSpec, Parsed};
use crate::output::{from_daemon, Output};
use bridgeport_engine::image::{stable_digest, ImageRef};
use bridgeport_engine::model::{Container, Driver, HealthStatus, Network, NetworkMode};
use bridgeport_engine::ports::Proto;
use bridgeport_engine::time::rfc3339_nano;
use bridgeport_engine::{Engine, Timestamp};
use bridgeport_golib::sorted_map::SortedMap;
use bridgeport_golib::template;
use serde_json::{Map, Value};

/// Go's json.Indent with four spaces, as docker/cli prints inspect output.
pub fn indent_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return "[]".to_string();
    }
    String::from_utf8(buf).unwrap_or_default()
}

/// A JSON object with these fields, in this order: what `json!({...})`
/// builds, without a generic `to_value` call and an insert of its own for
/// every field (half the code of these functions in the page's wasm).
pub(crate) fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

/// What [`obj!`] builds: one copy for every size of object, and the keys a
/// static table instead of a store of each key at each site.
pub(crate) fn object_from(keys: &[&str], values: &mut [Value]) -> Value {
    let mut map = Map::new();
    for (key, value) in keys.iter().zip(values) {
        map.insert(key.to_string(), std::mem::take(value));
    }
    Value::Object(map)
}

/// `obj!([("Key", value), …])`: [`object`] written as the page needs it
/// (non-generic, keys as data), in the same order.
macro_rules! obj {
    ([$(($k:literal, $v:expr $(,)?)),* $(,)?]) => {
        $crate::docker::inspect::object_from(&[$($k),*], &mut [$($v),*])
    };
}
pub(crate) use obj;

/// A Go `map[string]string` (options, labels) as a JSON object, in key order.
fn string_map(m: &SortedMap<String, String>) -> Value {
    Value::Object(
        m.iter()
            .map(|(k, v)| (k.clone(), v.as_str().into()))
            .collect(),
    )
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

fn empty_array() -> Value {
    Value::Array(Vec::new())
}

/// One entry of IPAM.Config (moby api/types/network IPAMConfig: Subnet,
/// IPRange, Gateway, AuxiliaryAddresses, each omitted when empty).
fn ipam_config_json<N: ToString, A: ToString>(
    subnet: N,
    range: Option<N>,
    gateway: A,
    aux: &SortedMap<String, A>,
) -> Value {
    let mut cfg = Map::new();
    cfg.insert("Subnet".into(), subnet.to_string().into());
    if let Some(r) = range {
        cfg.insert("IPRange".into(), r.to_string().into());
    }
    cfg.insert("Gateway".into(), gateway.to_string().into());
    if !aux.is_empty() {
        let aux: Map<String, Value> = aux
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string().into()))
            .collect();
        cfg.insert("AuxiliaryAddresses".into(), Value::Object(aux));
    }
    Value::Object(cfg)
}

/// `docker network inspect` for one network.
pub fn network_json(engine: &Engine, n: &Network) -> Value {
    let ipam_config = match &n.ipam {
        None => Value::Null,
        Some(ipam) => {
            let mut configs = vec![ipam_config_json(
                ipam.pool.subnet,
                ipam.pool.range,
                ipam.gateway,
                &ipam.aux_addresses,
            )];
            if let Some(p6) = &n.ipam6 {
                configs.push(ipam_config_json(
                    p6.subnet,
                    p6.range,
                    p6.gateway,
                    &p6.aux_addresses,
                ));
            }
            Value::Array(configs)
        }
    };
    let ipam_options = match &n.ipam {
        Some(i) if !i.options_null => empty_object(),
        _ => Value::Null,
    };
    let endpoint = |c: &Container, id: String, mac: &str, ipv4: String, ipv6: String| {
        obj!([
            ("Name", c.name.as_str().into()),
            ("EndpointID", id.into()),
            ("MacAddress", mac.into()),
            ("IPv4Address", ipv4.into()),
            ("IPv6Address", ipv6.into()),
        ])
    };
    let mut containers = Map::new();
    let mut attached: Vec<&Container> = engine
        .containers()
        .iter()
        .filter(|c| c.is_running())
        .collect();
    bridgeport_golib::sort::sort_by(&mut attached, |a, b| a.id.cmp(&b.id));
    for c in attached {
        let entry = match n.driver {
            Driver::Bridge => c.endpoint_on(&n.id).map(|ep| {
                endpoint(
                    c,
                    ep.endpoint_id.clone(),
                    &ep.mac,
                    format!("{}/{}", ep.ip, ep.prefix_len),
                    ep.ipv6
                        .map(|(a, len, _)| format!("{a}/{len}"))
                        .unwrap_or_default(),
                )
            }),
            Driver::Host if c.network_mode == NetworkMode::Host => Some(endpoint(
                c,
                stable_digest(&format!("{}/host", c.id)),
                "",
                String::new(),
                String::new(),
            )),
            Driver::Null if c.network_mode == NetworkMode::None => Some(endpoint(
                c,
                stable_digest(&format!("{}/none", c.id)),
                "",
                String::new(),
                String::new(),
            )),
            _ => None,
        };
        if let Some(e) = entry {
            containers.insert(c.id.clone(), e);
        }
    }
    let mut v = obj!([
        ("Name", n.name.as_str().into()),
        ("Id", n.id.as_str().into()),
        ("Created", rfc3339_nano(n.created).into()),
        ("Scope", "local".into()),
        ("Driver", n.driver.as_str().into()),
        ("EnableIPv4", true.into()),
        ("EnableIPv6", n.enable_ipv6.into()),
        (
            "IPAM",
            obj!([
                ("Driver", "default".into()),
                ("Options", ipam_options),
                ("Config", ipam_config),
            ]),
        ),
        ("Internal", n.internal.into()),
        ("Attachable", n.attachable.into()),
        ("Ingress", false.into()),
        ("ConfigFrom", obj!([("Network", "".into())])),
        ("ConfigOnly", false.into()),
        ("Options", string_map(&n.options)),
        ("Labels", string_map(&n.labels)),
        ("Containers", Value::Object(containers)),
    ]);
    if let (Some(ipam), Some(obj)) = (&n.ipam, v.as_object_mut()) {
        let mut subnets = Map::new();
        subnets.insert(
            ipam.pool.subnet.to_string(),
            obj!([
                ("IPsInUse", ipam.pool.ips_in_use().into()),
                (
                    "DynamicIPsAvailable",
                    ipam.pool.dynamic_ips_available().into(),
                ),
            ]),
        );
        if let Some(p6) = &n.ipam6 {
            // allocationStatus: addresses in use, and the rest of the range
            // (saturating at 2^64-1, uint128.Uint64Sat).
            let in_use = p6.allocated.len() as u128;
            let cap = 1u128 << (128 - u32::from(p6.subnet.prefix_len())).min(127);
            let avail = u64::try_from(cap.saturating_sub(in_use)).unwrap_or(u64::MAX);
            subnets.insert(
                p6.subnet.to_string(),
                obj!([
                    ("IPsInUse", (in_use as u64).into()),
                    ("DynamicIPsAvailable", avail.into()),
                ]),
            );
            subnets.sort_keys();
        }
        obj.insert(
            "Status".into(),
            obj!([("IPAM", obj!([("Subnets", Value::Object(subnets))]))]),
        );
    }
    v
}

fn port_key(port: u16, proto: Proto) -> String {
    format!("{port}/{proto}")
}

/// Appends `entry` to the list under `key` (a port's host bindings).
fn push_binding(map: &mut Map<String, Value>, key: String, entry: Value) {
    match map.get_mut(&key) {
        Some(Value::Array(list)) => list.push(entry),
        _ => {
            map.insert(key, Value::Array(vec![entry]));
        }
    }
}

/// `docker container inspect` for one container, at `now` (its health).
pub fn container_json(engine: &Engine, c: &Container, now: Timestamp) -> Value {
    let argv = c.argv();
    let path = argv.first().cloned().unwrap_or_default();
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    let running = c.is_running();
    let zero = "0001-01-01T00:00:00Z".to_string();
    let mut exposed = Map::new();
    for (port, proto) in c.exposed_ports() {
        exposed.insert(port_key(port, proto), empty_object());
    }
    let mut bindings = Map::new();
    for req in &c.config.publish {
        let entry = obj!([
            ("HostIp", req.host_ip_string().into()),
            ("HostPort", req.host_port_string().into()),
        ]);
        push_binding(
            &mut bindings,
            port_key(req.container_port, req.proto),
            entry,
        );
    }
    let mut ports = Map::new();
    for e in port_entries(c) {
        let key = port_key(e.private_port, e.proto);
        match (e.ip, e.public_port) {
            (Some(ip), Some(pp)) => {
                let entry = obj!([
                    ("HostIp", ip.to_string().into()),
                    ("HostPort", pp.to_string().into()),
                ]);
                push_binding(&mut ports, key, entry);
            }
            _ => {
                ports.entry(key).or_insert(Value::Null);
            }
        }
    }
    let mut networks = Map::new();
    let net_entries: Vec<(String, Option<&bridgeport_engine::model::EndpointConfig>)> =
        match &c.network_mode {
            NetworkMode::Host => vec![("host".to_string(), None)],
            NetworkMode::None => vec![("none".to_string(), None)],
            NetworkMode::Container(_) => Vec::new(),
            _ => c
                .networks
                .iter()
                .map(|(id, cfg)| (id.clone(), Some(cfg)))
                .collect(),
        };
    for (id, cfg) in net_entries {
        let net = engine.find_network(&id).ok();
        let name = net.map(|n| n.name.clone()).unwrap_or(id.clone());
        let ep = net.and_then(|n| c.endpoint_on(&n.id));
        let aliases = cfg.map(|c| c.aliases.clone()).filter(|a| !a.is_empty());
        // EndpointIPAMConfig: IPv4Address and IPv6Address, each omitempty.
        let ipam_config = cfg
            .filter(|c| c.ipv4.is_some() || c.ipv6.is_some())
            .map(|c| {
                let mut m = Map::new();
                if let Some(ip) = c.ipv4 {
                    m.insert("IPv4Address".into(), ip.to_string().into());
                }
                if let Some(ip) = c.ipv6 {
                    m.insert("IPv6Address".into(), ip.to_string().into());
                }
                Value::Object(m)
            });
        let v6 = ep.and_then(|e| e.ipv6);
        let links = cfg
            .map(|c| {
                c.links
                    .iter()
                    .map(|(t, a)| format!("{t}:{a}"))
                    .collect::<Vec<_>>()
            })
            .filter(|l| !l.is_empty());
        networks.insert(
            name,
            obj!([
                ("IPAMConfig", ipam_config.into()),
                ("Links", links.into()),
                ("Aliases", aliases.into()),
                ("DriverOpts", Value::Null),
                ("GwPriority", 0.into()),
                (
                    "NetworkID",
                    net.map(|n| n.id.clone()).unwrap_or_default().into(),
                ),
                (
                    "EndpointID",
                    ep.map(|e| e.endpoint_id.clone()).unwrap_or_default().into(),
                ),
                (
                    "Gateway",
                    ep.map(|e| e.gateway.to_string()).unwrap_or_default().into(),
                ),
                (
                    "IPAddress",
                    ep.map(|e| e.ip.to_string()).unwrap_or_default().into(),
                ),
                (
                    "MacAddress",
                    ep.map(|e| e.mac.clone()).unwrap_or_default().into(),
                ),
                ("IPPrefixLen", ep.map(|e| e.prefix_len).unwrap_or(0).into()),
                (
                    "IPv6Gateway",
                    v6.map(|(_, _, g)| g.to_string()).unwrap_or_default().into(),
                ),
                (
                    "GlobalIPv6Address",
                    v6.map(|(a, _, _)| a.to_string()).unwrap_or_default().into(),
                ),
                ("GlobalIPv6PrefixLen", v6.map_or(0, |(_, l, _)| l).into()),
                (
                    "DNSNames",
                    ep.map(|e| e.dns_names.clone())
                        .filter(|d| !d.is_empty())
                        .into(),
                ),
            ]),
        );
    }
    let state = obj!([
        ("Status", c.status.as_str().into()),
        ("Running", running.into()),
        ("Paused", false.into()),
        ("Restarting", false.into()),
        ("OOMKilled", false.into()),
        ("Dead", false.into()),
        ("Pid", c.pid.into()),
        ("ExitCode", c.exit_code.into()),
        ("Error", "".into()),
        (
            "StartedAt",
            c.started_at
                .map(rfc3339_nano)
                .unwrap_or(zero.clone())
                .into(),
        ),
        (
            "FinishedAt",
            c.finished_at
                .map(rfc3339_nano)
                .unwrap_or(zero.clone())
                .into(),
        ),
    ]);
    let mut state = state;
    if let (Some(health), Value::Object(m)) = (c.health(now), &mut state) {
        m.insert("Health".to_string(), health_json(c, health));
    }
    let base = format!("/var/lib/docker/containers/{}", c.id);
    let image_id = format!("sha256:{}", stable_digest(&c.image.familiar()));
    let env: Vec<String> = c.config.env.iter().cloned().chain(c.image.env()).collect();
    let cmd: Vec<String> = if c.config.cmd.is_empty() {
        c.image.cmd().iter().map(|s| s.to_string()).collect()
    } else {
        c.config.cmd.clone()
    };
    let entrypoint: Option<Vec<String>> = match &c.config.entrypoint {
        Some(e) => Some(e.clone()),
        None => Some(
            c.image
                .entrypoint()
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        )
        .filter(|e| !e.is_empty()),
    };
    let extra_hosts: Option<Vec<String>> = Some(
        c.config
            .add_hosts
            .iter()
            .map(|(n, ip)| format!("{n}:{ip}"))
            .collect::<Vec<_>>(),
    )
    .filter(|v| !v.is_empty());
    let links: Option<Vec<String>> = Some(
        c.hosts_links
            .iter()
            .filter_map(|(alias, id)| {
                engine
                    .container_by_id(id)
                    .map(|t| format!("/{}:/{}/{}", t.name, c.name, alias))
            })
            .collect::<Vec<_>>(),
    )
    .filter(|v| !v.is_empty());
    let network_mode = match &c.network_mode {
        NetworkMode::Container(id) => format!("container:{id}"),
        other => other.as_docker_string(),
    };
    let mut host_config = obj!([
        ("Binds", Value::Null),
        ("ContainerIDFile", "".into()),
        (
            "LogConfig",
            obj!([("Type", "json-file".into()), ("Config", empty_object())]),
        ),
        ("NetworkMode", network_mode.into()),
        ("PortBindings", Value::Object(bindings)),
        (
            "RestartPolicy",
            obj!([("Name", "no".into()), ("MaximumRetryCount", 0.into())]),
        ),
        ("AutoRemove", c.config.auto_remove.into()),
        ("Dns", c.config.dns.clone().into()),
        ("DnsOptions", c.config.dns_options.clone().into()),
        ("DnsSearch", c.config.dns_search.clone().into()),
        ("ExtraHosts", extra_hosts.into()),
        ("Links", links.into()),
        ("PublishAllPorts", c.config.publish_all.into()),
    ]);
    // HostConfig.Sysctls is `omitempty`; it follows PublishAllPorts in Go's field order.
    if let Value::Object(m) = &mut host_config {
        if !c.config.sysctls.is_empty() {
            let map: SortedMap<String, String> = c.config.sysctls.iter().cloned().collect();
            m.insert("Sysctls".to_string(), string_map(&map));
        }
    }
    let config = obj!([
        ("Hostname", c.hostname(&engine.host.hostname).into()),
        ("Domainname", c.config.domainname.as_str().into()),
        ("User", "".into()),
        ("AttachStdin", c.config.interactive.into()),
        ("AttachStdout", true.into()),
        ("AttachStderr", true.into()),
        (
            "ExposedPorts",
            if exposed.is_empty() {
                Value::Null
            } else {
                Value::Object(exposed)
            },
        ),
        ("Tty", c.config.tty.into()),
        ("OpenStdin", c.config.interactive.into()),
        ("StdinOnce", c.config.interactive.into()),
        ("Env", env.into()),
        ("Cmd", cmd.into()),
        ("Healthcheck", healthcheck_json(c)),
        ("Image", c.image.display().into()),
        ("Volumes", Value::Null),
        ("WorkingDir", "".into()),
        ("Entrypoint", entrypoint.into()),
        ("OnBuild", Value::Null),
        ("Labels", string_map(&c.config.labels)),
    ]);
    let mut config = config;
    if let Value::Object(m) = &mut config {
        if m.get("Healthcheck").is_some_and(Value::is_null) {
            m.shift_remove("Healthcheck");
        }
    }
    let network_settings = obj!([
        (
            "SandboxID",
            if running {
                stable_digest(&format!("{}/sandbox", c.id))
            } else {
                String::new()
            }
            .into(),
        ),
        (
            "SandboxKey",
            if running {
                format!(
                    "/var/run/docker/netns/{}",
                    &stable_digest(&format!("{}/netns", c.id))[..12]
                )
            } else {
                String::new()
            }
            .into(),
        ),
        ("Ports", Value::Object(ports)),
        ("Networks", Value::Object(networks)),
    ]);
    obj!([
        ("Id", c.id.as_str().into()),
        ("Created", rfc3339_nano(c.created).into()),
        ("Path", path.into()),
        ("Args", args.into()),
        ("State", state),
        ("Image", image_id.into()),
        ("ResolvConfPath", format!("{base}/resolv.conf").into()),
        ("HostnamePath", format!("{base}/hostname").into()),
        ("HostsPath", format!("{base}/hosts").into()),
        ("LogPath", format!("{base}/{}-json.log", c.id).into()),
        ("Name", format!("/{}", c.name).into()),
        ("RestartCount", c.restart_count.into()),
        ("Driver", "overlayfs".into()),
        ("Platform", "linux".into()),
        ("MountLabel", "".into()),
        ("ProcessLabel", "".into()),
        ("AppArmorProfile", "docker-default".into()),
        ("ExecIDs", Value::Null),
        ("HostConfig", host_config),
        ("Mounts", empty_array()),
        ("Config", config),
        ("NetworkSettings", network_settings),
    ])
}

/// `Config.Healthcheck` (moby `container.HealthConfig`: durations in
/// nanoseconds, zero fields omitted), or null when the container has none.
fn healthcheck_json(c: &Container) -> Value {
    let Some(hc) = &c.config.healthcheck else {
        return Value::Null;
    };
    let mut m = Map::new();
    let test: Vec<Value> = hc.test.iter().map(|t| Value::from(t.as_str())).collect();
    m.insert("Test".to_string(), Value::Array(test));
    let ns = |secs: u64| Value::from(secs.saturating_mul(1_000_000_000));
    for (key, secs) in [
        ("Interval", hc.interval),
        ("Timeout", hc.timeout),
        ("StartPeriod", hc.start_period),
    ] {
        if secs > 0 {
            m.insert(key.to_string(), ns(secs));
        }
    }
    if hc.retries > 0 {
        m.insert("Retries".to_string(), hc.retries.into());
    }
    Value::Object(m)
}

/// `State.Health` (moby `container.Health`): the simulated status, a
/// failing streak of `retries` once unhealthy, and an empty log: the
/// check's command is not run ([`HEALTH_NOTE`]).
fn health_json(c: &Container, health: HealthStatus) -> Value {
    let streak = match health {
        HealthStatus::Unhealthy => c
            .config
            .healthcheck
            .as_ref()
            .map_or(0, |h| h.retries_or_default()),
        _ => 0,
    };
    obj!([
        ("Status", health.as_str().into()),
        ("FailingStreak", streak.into()),
        ("Log", empty_array()),
    ])
}

/// Said under an inspect that shows a container's health log.
const HEALTH_NOTE: &str = "[bridgeport] the healthcheck's command is not run: State.Health follows the main process (healthy while it serves or waits), and its Log stays empty";

/// Go field names of Docker's inspect types that differ from their JSON
/// keys (moby `api/types/container` InspectResponse `ID json:"Id"`,
/// HostConfig `DNS json:"Dns"`, …; `api/types/network` Inspect `ID`,
/// IPAMConfig `AuxAddress json:"AuxiliaryAddresses"`).
const CONTAINER_FIELDS: &[(&str, &str)] = &[
    ("ID", "Id"),
    ("DNS", "Dns"),
    ("DNSOptions", "DnsOptions"),
    ("DNSSearch", "DnsSearch"),
];
const NETWORK_FIELDS: &[(&str, &str)] = &[("ID", "Id"), ("AuxAddress", "AuxiliaryAddresses")];

/// docker/cli `inspect.Inspect`: the template is parsed before anything is
/// looked up; a parse error is `template parsing error: …` with exit
/// status 64 (`cli.StatusError{StatusCode: 64}`).
pub fn check_inspect_format(format: Option<&str>) -> Result<(), Output> {
    match format {
        None | Some("") | Some("json") => Ok(()),
        Some(tpl) => template::Template::parse(tpl).map(|_| ()).map_err(|e| {
            let mut o = Output::new();
            o.fail_fmt(format_args!("template parsing error: {e}"), 64);
            o
        }),
    }
}

/// Prints a list of inspected objects: JSON array, or each through `-f`,
/// executed over the typed struct first, then the raw JSON
/// (docker/cli `inspect.TemplateInspector`).
pub fn print_inspected(o: &mut Output, objects: &[Value], format: Option<&str>) {
    match format {
        None | Some("") | Some("json") => {
            o.outln(&indent_json(&Value::Array(objects.to_vec())));
        }
        Some(tpl) => {
            for obj in objects {
                let fields = if obj.get("HostConfig").is_some() {
                    CONTAINER_FIELDS
                } else {
                    NETWORK_FIELDS
                };
                match template::render_inspect(tpl, obj, fields) {
                    Ok(text) => o.outln(&text),
                    Err(e) => {
                        o.fail(&e, 1);
                        if let Some(note) = removed_field_note(&e) {
                            o.errln(&note);
                        }
                        return;
                    }
                }
            }
        }
    }
}

/// The `NetworkSettings` fields API v1.52 (Docker 29) stopped returning
/// (moby api/docs/CHANGELOG.md, "v1.52 API changes"): the ones each network
/// still has under `.NetworkSettings.Networks`, then the ones gone for good.
const MOVED_TO_NETWORKS: &[&str] = &[
    "IPAddress",
    "IPPrefixLen",
    "Gateway",
    "MacAddress",
    "EndpointID",
    "GlobalIPv6Address",
    "GlobalIPv6PrefixLen",
    "IPv6Gateway",
];
const REMOVED: &[&str] = &[
    "Bridge",
    "HairpinMode",
    "LinkLocalIPv6Address",
    "LinkLocalIPv6PrefixLen",
    "SecondaryIPAddresses",
    "SecondaryIPv6Addresses",
];

/// A template that reads a removed `NetworkSettings` field fails as in
/// Docker 29; tutorials written for older versions use them, so the error
/// gets a `[bridgeport]` line saying why and what reads it now.
fn removed_field_note(error: &str) -> Option<String> {
    let field = error
        .split("<.NetworkSettings.")
        .nth(1)?
        .split(['>', '.', ' '])
        .next()?;
    if !error.contains("map has no entry for key") {
        return None;
    }
    if MOVED_TO_NETWORKS.contains(&field) {
        Some(format!("[bridgeport] Docker 29 (API 1.52) removed .NetworkSettings.{field}, which older tutorials use; each network has its own: {{{{range .NetworkSettings.Networks}}}}{{{{.{field}}}}}{{{{end}}}}"))
    } else if REMOVED.contains(&field) {
        Some(format!("[bridgeport] Docker 29 (API 1.52) removed .NetworkSettings.{field}, deprecated since Docker 1.9"))
    } else {
        None
    }
}

/// `docker image inspect` (API ImageInspect): what the catalogue entry and
/// the tag say — the same ID and digest `docker images` and `docker pull`
/// print, the tag's ENTRYPOINT, CMD, ENV and EXPOSE, its size and layers.
pub fn image_json(engine: &Engine, familiar: &str) -> Option<Value> {
    let image = ImageRef::parse(familiar).ok()?;
    let entry = image.image()?;
    let id = format!("sha256:{}", stable_digest(familiar));
    let digest = image
        .digest
        .clone()
        .unwrap_or_else(|| format!("sha256:{}", stable_digest(familiar)));
    let tags: Vec<Value> = if image.digest.is_some() && image.tag == "latest" {
        Vec::new()
    } else {
        vec![format!("{}:{}", image.repo, image.tag).into()]
    };
    let strings = |v: &[&str]| Value::Array(v.iter().map(|s| Value::from(*s)).collect());
    let mut exposed = Map::new();
    for (port, proto) in image.exposed() {
        exposed.insert(port_key(*port, *proto), empty_object());
    }
    let entrypoint = image.entrypoint();
    // Built when `docker images` says it was.
    let created = super::images::created(engine, familiar);
    let layers: Vec<Value> = (0..entry.layers)
        .map(|i| format!("sha256:{}", stable_digest(&format!("{familiar}/rootfs{i}"))).into())
        .collect();
    Some(obj!([
        ("Id", id.into()),
        ("RepoTags", Value::Array(tags)),
        (
            "RepoDigests",
            Value::Array(vec![format!("{}@{digest}", image.repo).into()]),
        ),
        ("Parent", "".into()),
        ("Comment", "buildkit.dockerfile.v0".into()),
        (
            "Created",
            bridgeport_engine::time::rfc3339_nano(created).into(),
        ),
        ("DockerVersion", "".into()),
        ("Author", "".into()),
        (
            "Config",
            obj!([
                (
                    "Env",
                    Value::Array(image.env().into_iter().map(Value::from).collect()),
                ),
                ("Cmd", strings(image.cmd())),
                (
                    "Entrypoint",
                    if entrypoint.is_empty() {
                        Value::Null
                    } else {
                        strings(entrypoint)
                    },
                ),
                (
                    "ExposedPorts",
                    if exposed.is_empty() {
                        Value::Null
                    } else {
                        Value::Object(exposed)
                    },
                ),
            ]),
        ),
        ("Architecture", "amd64".into()),
        ("Os", "linux".into()),
        ("Size", image.size().content.into()),
        (
            "RootFS",
            obj!([("Type", "layers".into()), ("Layers", Value::Array(layers))]),
        ),
        (
            "Metadata",
            obj!([("LastTagTime", "0001-01-01T00:00:00Z".into())]),
        ),
    ]))
}

/// The pulled image `name` stands for (`nginx` is `nginx:latest`).
fn pulled_image(engine: &Engine, name: &str) -> Option<Value> {
    let image = ImageRef::parse(name).ok()?;
    engine
        .has_image(&image)
        .then(|| image_json(engine, &image.familiar()))
        .flatten()
}

pub fn inspect(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let only = match p.value("type") {
        Some("container") => Only::Containers,
        Some("network") => Only::Networks,
        Some("image") => Only::Images,
        _ => Only::Any,
    };
    inspect_objects(ctx, p, only)
}

/// `docker image inspect`.
pub fn image_inspect(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    inspect_objects(ctx, p, Only::Images)
}

/// The kinds of object an inspect looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Only {
    Any,
    Containers,
    Networks,
    Images,
}

/// `docker container inspect`.
pub fn container_inspect(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    inspect_objects(ctx, p, Only::Containers)
}

fn inspect_objects(ctx: &mut Ctx, p: &Parsed, only: Only) -> Output {
    if let Err(o) = check_inspect_format(p.value("format")) {
        return o;
    }
    let mut o = Output::new();
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut shows_health = false;
    for name in &p.positionals {
        if matches!(only, Only::Any | Only::Containers) {
            if let Ok(c) = ctx.engine.find_container(name) {
                shows_health |= c.health(ctx.now).is_some();
                found.push(container_json(ctx.engine, c, ctx.now));
                continue;
            }
        }
        if matches!(only, Only::Any | Only::Images) {
            if let Some(image) = pulled_image(ctx.engine, name) {
                found.push(image);
                continue;
            }
        }
        if matches!(only, Only::Any | Only::Networks) {
            if let Ok(n) = ctx.engine.find_network(name) {
                found.push(network_json(ctx.engine, n));
                continue;
            }
        }
        errors.push(match only {
            Only::Containers => from_daemon(format_args!("No such container: {name}")),
            // The daemon names the normalised reference (`nosuch:latest`).
            Only::Images => from_daemon(format_args!(
                "No such image: {}",
                ImageRef::parse(name).map_or(name.clone(), |r| r.familiar())
            )),
            _ => format!("Error: No such object: {name}"),
        });
    }
    let format = p.value("format");
    if !found.is_empty() || format.is_none() {
        print_inspected(&mut o, &found, format);
    }
    if shows_health
        && format.is_none_or(|f| f.contains("State.Health") && !f.contains("Health.Status"))
    {
        o.errln(HEALTH_NOTE);
    }
    for e in errors {
        o.fail(&e, 1);
    }
    o
}

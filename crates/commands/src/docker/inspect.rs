//! The JSON that `docker inspect`, `docker container inspect` and
//! `docker network inspect` print, key for key in API 1.52 (Engine 29) order,
//! and `-f` templates evaluated over it.

use super::parse_or_output;
use super::containers::port_entries;
use crate::context::Ctx;
use crate::flags::CommandSpec;
use crate::format::template;
use crate::output::Output;
use bridgeport_engine::image::stable_digest;
use bridgeport_engine::model::{Container, Driver, Network, NetworkMode};
use bridgeport_engine::ports::Proto;
use bridgeport_engine::time::rfc3339_nano;
use bridgeport_engine::Engine;
use serde_json::{json, Map, Value};

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

/// `docker network inspect` for one network.
pub fn network_json(engine: &Engine, n: &Network) -> Value {
    let ipam_config = match &n.ipam {
        None => Value::Null,
        Some(ipam) => {
            let mut cfg = Map::new();
            cfg.insert("Subnet".into(), json!(ipam.pool.subnet.to_string()));
            if let Some(r) = ipam.pool.range {
                cfg.insert("IPRange".into(), json!(r.to_string()));
            }
            cfg.insert("Gateway".into(), json!(ipam.gateway.to_string()));
            if !ipam.aux_addresses.is_empty() {
                let aux: Map<String, Value> = ipam.aux_addresses.iter().map(|(k, v)| (k.clone(), json!(v.to_string()))).collect();
                cfg.insert("AuxiliaryAddresses".into(), Value::Object(aux));
            }
            json!([cfg])
        }
    };
    let ipam_options = match &n.ipam {
        Some(i) if !i.options_null => json!({}),
        _ => Value::Null,
    };
    let mut containers = Map::new();
    let mut attached: Vec<&Container> = engine.containers().iter().filter(|c| c.is_running()).collect();
    attached.sort_by(|a, b| a.id.cmp(&b.id));
    for c in attached {
        let entry = match n.driver {
            Driver::Bridge => c.endpoint_on(&n.id).map(|ep| {
                json!({
                    "Name": c.name,
                    "EndpointID": ep.endpoint_id,
                    "MacAddress": ep.mac,
                    "IPv4Address": format!("{}/{}", ep.ip, ep.prefix_len),
                    "IPv6Address": "",
                })
            }),
            Driver::Host if c.network_mode == NetworkMode::Host => Some(json!({
                "Name": c.name, "EndpointID": stable_digest(&format!("{}/host", c.id)), "MacAddress": "", "IPv4Address": "", "IPv6Address": "",
            })),
            Driver::Null if c.network_mode == NetworkMode::None => Some(json!({
                "Name": c.name, "EndpointID": stable_digest(&format!("{}/none", c.id)), "MacAddress": "", "IPv4Address": "", "IPv6Address": "",
            })),
            _ => None,
        };
        if let Some(e) = entry {
            containers.insert(c.id.clone(), e);
        }
    }
    let mut v = json!({
        "Name": n.name,
        "Id": n.id,
        "Created": rfc3339_nano(n.created),
        "Scope": "local",
        "Driver": n.driver.as_str(),
        "EnableIPv4": true,
        "EnableIPv6": n.enable_ipv6,
        "IPAM": { "Driver": "default", "Options": ipam_options, "Config": ipam_config },
        "Internal": n.internal,
        "Attachable": n.attachable,
        "Ingress": false,
        "ConfigFrom": { "Network": "" },
        "ConfigOnly": false,
        "Options": n.options,
        "Labels": n.labels,
        "Containers": containers,
    });
    if let (Some(ipam), Some(obj)) = (&n.ipam, v.as_object_mut()) {
        let mut subnets = Map::new();
        subnets.insert(
            ipam.pool.subnet.to_string(),
            json!({ "IPsInUse": ipam.pool.ips_in_use(), "DynamicIPsAvailable": ipam.pool.dynamic_ips_available() }),
        );
        obj.insert("Status".into(), json!({ "IPAM": { "Subnets": subnets } }));
    }
    v
}

fn port_key(port: u16, proto: Proto) -> String {
    format!("{port}/{proto}")
}

/// `docker container inspect` for one container.
pub fn container_json(engine: &Engine, c: &Container) -> Value {
    let argv = c.argv();
    let path = argv.first().cloned().unwrap_or_default();
    let args: Vec<String> = argv.iter().skip(1).cloned().collect();
    let running = c.is_running();
    let zero = "0001-01-01T00:00:00Z".to_string();
    let mut exposed = Map::new();
    for (port, proto) in c.exposed_ports() {
        exposed.insert(port_key(port, proto), json!({}));
    }
    let mut bindings = Map::new();
    for req in &c.config.publish {
        let key = port_key(req.container_port, req.proto);
        let entry = json!({ "HostIp": req.host_ip_string(), "HostPort": req.host_port_string() });
        match bindings.get_mut(&key) {
            Some(Value::Array(list)) => list.push(entry),
            _ => {
                bindings.insert(key, json!([entry]));
            }
        }
    }
    let mut ports = Map::new();
    for e in port_entries(c) {
        let key = port_key(e.private_port, e.proto);
        match (e.ip, e.public_port) {
            (Some(ip), Some(pp)) => {
                let entry = json!({ "HostIp": ip.to_string(), "HostPort": pp.to_string() });
                match ports.get_mut(&key) {
                    Some(Value::Array(list)) => list.push(entry),
                    _ => {
                        ports.insert(key, json!([entry]));
                    }
                }
            }
            _ => {
                ports.entry(key).or_insert(Value::Null);
            }
        }
    }
    let mut networks = Map::new();
    let net_entries: Vec<(String, Option<&bridgeport_engine::model::EndpointConfig>)> = match &c.network_mode {
        NetworkMode::Host => vec![("host".to_string(), None)],
        NetworkMode::None => vec![("none".to_string(), None)],
        NetworkMode::Container(_) => Vec::new(),
        _ => c.networks.iter().map(|(id, cfg)| (id.clone(), Some(cfg))).collect(),
    };
    for (id, cfg) in net_entries {
        let net = engine.find_network(&id).ok();
        let name = net.map(|n| n.name.clone()).unwrap_or(id.clone());
        let ep = net.and_then(|n| c.endpoint_on(&n.id));
        let aliases = cfg.map(|c| c.aliases.clone()).filter(|a| !a.is_empty());
        let ipam_config = cfg.and_then(|c| c.ipv4).map(|ip| json!({ "IPv4Address": ip.to_string() }));
        let links = cfg.map(|c| c.links.iter().map(|(t, a)| format!("{t}:{a}")).collect::<Vec<_>>()).filter(|l| !l.is_empty());
        networks.insert(
            name,
            json!({
                "IPAMConfig": ipam_config,
                "Links": links,
                "Aliases": aliases,
                "DriverOpts": null,
                "GwPriority": 0,
                "NetworkID": net.map(|n| n.id.clone()).unwrap_or_default(),
                "EndpointID": ep.map(|e| e.endpoint_id.clone()).unwrap_or_default(),
                "Gateway": ep.map(|e| e.gateway.to_string()).unwrap_or_default(),
                "IPAddress": ep.map(|e| e.ip.to_string()).unwrap_or_default(),
                "MacAddress": ep.map(|e| e.mac.clone()).unwrap_or_default(),
                "IPPrefixLen": ep.map(|e| e.prefix_len).unwrap_or(0),
                "IPv6Gateway": "",
                "GlobalIPv6Address": "",
                "GlobalIPv6PrefixLen": 0,
                "DNSNames": ep.map(|e| e.dns_names.clone()).filter(|d| !d.is_empty()),
            }),
        );
    }
    let state = json!({
        "Status": c.status.as_str(),
        "Running": running,
        "Paused": false,
        "Restarting": false,
        "OOMKilled": false,
        "Dead": false,
        "Pid": c.pid,
        "ExitCode": c.exit_code,
        "Error": "",
        "StartedAt": c.started_at.map(rfc3339_nano).unwrap_or(zero.clone()),
        "FinishedAt": c.finished_at.map(rfc3339_nano).unwrap_or(zero.clone()),
    });
    let base = format!("/var/lib/docker/containers/{}", c.id);
    let image_id = format!("sha256:{}", stable_digest(&c.image.familiar()));
    let env: Vec<String> = c.config.env.iter().cloned().chain(c.image.image().map(|i| i.env.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap_or_default()).collect();
    let cmd: Vec<String> = if c.config.cmd.is_empty() { c.image.image().map(|i| i.cmd.iter().map(|s| s.to_string()).collect()).unwrap_or_default() } else { c.config.cmd.clone() };
    let entrypoint: Option<Vec<String>> = match &c.config.entrypoint {
        Some(e) => Some(e.clone()),
        None => c.image.image().map(|i| i.entrypoint.iter().map(|s| s.to_string()).collect::<Vec<_>>()).filter(|e| !e.is_empty()),
    };
    let extra_hosts: Option<Vec<String>> =
        Some(c.config.add_hosts.iter().map(|(n, ip)| format!("{n}:{ip}")).collect::<Vec<_>>()).filter(|v| !v.is_empty());
    let links: Option<Vec<String>> = Some(c.hosts_links.iter().filter_map(|(alias, id)| engine.container_by_id(id).map(|t| format!("/{}:/{}/{}", t.name, c.name, alias))).collect::<Vec<_>>()).filter(|v| !v.is_empty());
    let network_mode = match &c.network_mode {
        NetworkMode::Container(id) => format!("container:{id}"),
        other => other.as_docker_string(),
    };
    json!({
        "Id": c.id,
        "Created": rfc3339_nano(c.created),
        "Path": path,
        "Args": args,
        "State": state,
        "Image": image_id,
        "ResolvConfPath": format!("{base}/resolv.conf"),
        "HostnamePath": format!("{base}/hostname"),
        "HostsPath": format!("{base}/hosts"),
        "LogPath": format!("{base}/{}-json.log", c.id),
        "Name": format!("/{}", c.name),
        "RestartCount": c.restart_count,
        "Driver": "overlayfs",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "ExecIDs": null,
        "HostConfig": {
            "Binds": null,
            "ContainerIDFile": "",
            "LogConfig": { "Type": "json-file", "Config": {} },
            "NetworkMode": network_mode,
            "PortBindings": bindings,
            "RestartPolicy": { "Name": "no", "MaximumRetryCount": 0 },
            "AutoRemove": c.config.auto_remove,
            "Dns": c.config.dns,
            "DnsOptions": [],
            "DnsSearch": [],
            "ExtraHosts": extra_hosts,
            "Links": links,
            "PublishAllPorts": c.config.publish_all,
        },
        "Mounts": [],
        "Config": {
            "Hostname": c.hostname(&engine.host.hostname),
            "Domainname": c.config.domainname,
            "User": "",
            "AttachStdin": c.config.interactive,
            "AttachStdout": true,
            "AttachStderr": true,
            "ExposedPorts": if exposed.is_empty() { Value::Null } else { Value::Object(exposed) },
            "Tty": c.config.tty,
            "OpenStdin": c.config.interactive,
            "StdinOnce": c.config.interactive,
            "Env": env,
            "Cmd": cmd,
            "Image": c.image.display(),
            "Volumes": null,
            "WorkingDir": "",
            "Entrypoint": entrypoint,
            "OnBuild": null,
            "Labels": {},
        },
        "NetworkSettings": {
            "SandboxID": if running { stable_digest(&format!("{}/sandbox", c.id)) } else { String::new() },
            "SandboxKey": if running { format!("/var/run/docker/netns/{}", &stable_digest(&format!("{}/netns", c.id))[..12]) } else { String::new() },
            "Ports": ports,
            "Networks": networks,
        },
    })
}

/// Prints a list of inspected objects: JSON array, or each through `-f`.
pub fn print_inspected(o: &mut Output, objects: &[Value], format: Option<&str>) {
    match format {
        None | Some("") | Some("json") => {
            o.outln(&indent_json(&Value::Array(objects.to_vec())));
        }
        Some(tpl) => {
            for obj in objects {
                match template::render(tpl, obj) {
                    Ok(text) => o.outln(&text),
                    Err(e) => {
                        o.fail(&e, 1);
                        return;
                    }
                }
            }
        }
    }
}

/// `docker inspect` / `docker container inspect`.
pub fn inspect(ctx: &mut Ctx, spec: &CommandSpec, args: &[String]) -> Output {
    let p = match parse_or_output(spec, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let containers_only = spec.path == "docker container inspect" || p.value("type") == Some("container");
    let networks_only = p.value("type") == Some("network");
    for name in &p.positionals {
        if !networks_only {
            if let Ok(c) = ctx.engine.find_container(name) {
                found.push(container_json(ctx.engine, c));
                continue;
            }
        }
        if !containers_only {
            if let Ok(n) = ctx.engine.find_network(name) {
                found.push(network_json(ctx.engine, n));
                continue;
            }
        }
        errors.push(if containers_only { format!("Error response from daemon: No such container: {name}") } else { format!("Error: No such object: {name}") });
    }
    let format = p.value("format");
    if !found.is_empty() || format.is_none() {
        print_inspected(&mut o, &found, format);
    }
    for e in errors {
        o.fail(&e, 1);
    }
    o
}

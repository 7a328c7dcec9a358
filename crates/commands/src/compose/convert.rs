//! From the loaded project (crate `bridgeport-compose`, compose-go's
//! model) to a [`Plan`] in the engine's terms: what `pkg/compose`'s
//! `getCreateConfigs` and `createNetwork` send to the daemon.

use super::labels::config_hash;
use super::plan::{Dependency, NetMode, NetPlan, Plan, ServicePlan};
use bridgeport_compose::{Project, Service};
use bridgeport_engine::model::{ContainerConfig, EndpointConfig, Healthcheck};
use bridgeport_engine::ports::{parse_expose, parse_publish};
use bridgeport_engine::NetworkCreate;

/// Most replicas a service may ask for (the engine caps containers anyway).
pub const MAX_REPLICAS: i64 = 50;

/// The service's config hash (`com.docker.compose.config-hash`; a
/// stand-in for Compose's sha256 of the service's JSON).
pub fn service_hash(s: &Service) -> String {
    // The hash covers the service without where it is written: its `pos`
    // (the last field) printed as the default position. Patching the text
    // instead of hashing a clone keeps `Service::clone` out of the page.
    let text = format!("{s:?}");
    let kept = text
        .rfind(", pos: Pos {")
        .map_or(text.as_str(), |at| &text[..at]);
    config_hash(&format!(
        "{kept}, pos: Pos {{ line: 0, column: 0, file: 0 }} }}"
    ))
}

/// The project as `up` builds it.
pub fn plan(project: &Project) -> Result<Plan, String> {
    let mut networks = Vec::new();
    for (key, n) in &project.networks {
        networks.push(NetPlan {
            key: key.clone(),
            create: network_request(n)?,
            external: n.external,
        });
    }
    let mut services = Vec::new();
    for name in dependency_order(project) {
        let Some(s) = project.services.get(&name) else {
            continue;
        };
        services.push(service_plan(project, s)?);
    }
    Ok(Plan {
        name: project.name.clone(),
        working_dir: project.working_dir.clone(),
        config_files: project.config_files.clone(),
        env_file: None,
        networks,
        services,
        warnings: Vec::new(),
    })
}

/// Services with their dependencies first; among the ready ones, by name
/// (Compose starts independent services in parallel, in map order: the
/// reference recommends sorting, §9 item 4).
fn dependency_order(project: &Project) -> Vec<String> {
    let deps = |s: &Service| -> Vec<String> {
        let mut d: Vec<String> = s.depends_on.keys().cloned().collect();
        for l in &s.links {
            d.push(l.split(':').next().unwrap_or(l).to_string());
        }
        if let Some(svc) = s
            .network_mode
            .as_deref()
            .and_then(|m| m.strip_prefix("service:"))
        {
            d.push(svc.to_string());
        }
        d.retain(|x| project.services.contains_key(x));
        d
    };
    let mut done: Vec<String> = Vec::new();
    let names: Vec<&String> = project.services.keys().collect();
    while done.len() < names.len() {
        let before = done.len();
        for n in &names {
            if done.contains(n) {
                continue;
            }
            let ready = project
                .services
                .get(*n)
                .is_some_and(|s| deps(s).iter().all(|d| done.contains(d)));
            if ready {
                done.push((*n).clone());
                break;
            }
        }
        if done.len() == before {
            // A cycle (the loader refuses them): the rest by name.
            for n in &names {
                if !done.contains(n) {
                    done.push((*n).clone());
                }
            }
        }
    }
    done
}

fn network_request(n: &bridgeport_compose::Network) -> Result<NetworkCreate, String> {
    let mut req = NetworkCreate {
        name: n.name.clone(),
        driver: n.driver.clone().unwrap_or_else(|| "bridge".to_string()),
        internal: n.internal,
        attachable: n.attachable,
        enable_ipv6: n.enable_ipv6.unwrap_or(false),
        options: n.driver_opts.clone(),
        labels: n.labels.clone(),
        ..NetworkCreate::default()
    };
    // createNetwork parseIPAMPool.
    if let Some(ipam) = &n.ipam {
        for pool in &ipam.config {
            if let Some(subnet) = &pool.subnet {
                match subnet.parse::<ipnet::IpNet>() {
                    Ok(ipnet::IpNet::V4(v4)) => req.subnet = Some(v4),
                    Ok(ipnet::IpNet::V6(v6)) => req.subnet6 = Some(v6),
                    Err(_) => {
                        return Err(format!("invalid subnet: invalid CIDR address: {subnet}"))
                    }
                }
            }
            if let Some(range) = &pool.ip_range {
                match range.parse::<ipnet::Ipv4Net>() {
                    Ok(r) => req.ip_range = Some(r),
                    Err(_) => {
                        return Err(format!("invalid ip-range: invalid CIDR address: {range}"))
                    }
                }
            }
            if let Some(gw) = &pool.gateway {
                match gw.parse::<std::net::IpAddr>() {
                    Ok(std::net::IpAddr::V4(v4)) => req.gateway = Some(v4),
                    Ok(std::net::IpAddr::V6(v6)) => req.gateway6 = Some(v6),
                    Err(_) => return Err(format!("invalid gateway address: {gw}")),
                }
            }
            for (k, v) in &pool.aux_addresses {
                if let Ok(ip) = v.parse() {
                    req.aux_addresses.insert(k.clone(), ip);
                }
            }
        }
    }
    Ok(req)
}

/// Nanoseconds (compose-go durations) to whole seconds, at least 1.
fn seconds(ns: Option<i64>, default: u64) -> u64 {
    ns.map_or(default, |n| (n.max(0) as u64 / 1_000_000_000).max(1))
}

fn service_plan(project: &Project, s: &Service) -> Result<ServicePlan, String> {
    let image = s.image.clone().ok_or_else(|| {
        format!(
            "[bridgeport] service {:?} has no image: building images (build:) is not simulated; add an image: line",
            s.name
        )
    })?;
    let mut config = ContainerConfig {
        cmd: s.command.clone().unwrap_or_default(),
        entrypoint: s.entrypoint.clone(),
        hostname: s.hostname.clone(),
        domainname: s.domainname.clone().unwrap_or_default(),
        add_hosts: s.extra_hosts.clone(),
        dns: s.dns.clone(),
        dns_search: s.dns_search.clone(),
        dns_options: s.dns_opt.clone(),
        labels: s.labels.clone(),
        tty: s.tty,
        interactive: s.stdin_open,
        ..ContainerConfig::default()
    };
    // environment: a key without a value takes the shell's, else is left out.
    for (k, v) in &s.environment {
        match v {
            Some(v) => config.env.push(format!("{k}={v}")),
            None => {
                if let Some(v) = project.environment.get(k) {
                    config.env.push(format!("{k}={v}"));
                }
            }
        }
    }
    for e in &s.expose {
        config.expose.extend(parse_expose(e)?);
    }
    for p in &s.ports {
        let mut spec = String::new();
        if let Some(ip) = p.host_ip.as_deref().filter(|i| !i.is_empty()) {
            spec.push_str(ip);
            spec.push(':');
        }
        match &p.published {
            Some(pubd) => {
                spec.push_str(pubd);
                spec.push(':');
            }
            None if !spec.is_empty() => spec.push(':'),
            None => {}
        }
        spec.push_str(&format!("{}/{}", p.target, p.protocol));
        config.publish.extend(parse_publish(&spec)?);
    }
    if let Some(h) = &s.healthcheck {
        let test = if h.disable {
            vec!["NONE".to_string()]
        } else {
            h.test.clone()
        };
        if !test.is_empty() {
            config.healthcheck = Some(Healthcheck {
                test,
                // Unset stays 0: the API gets nothing, inspect omits it, and
                // the daemon's defaults apply when it runs.
                interval: seconds(h.interval, 0),
                timeout: seconds(h.timeout, 0),
                retries: h.retries.map_or(0, |r| r.min(u64::from(u32::MAX)) as u32),
                start_period: h
                    .start_period
                    .map_or(0, |n| n.max(0) as u64 / 1_000_000_000),
            });
        }
    }
    let net = match s.network_mode.as_deref() {
        Some("host") => NetMode::Host,
        Some("none") => NetMode::None,
        Some("bridge") => NetMode::Bridge,
        Some(m) if m.starts_with("service:") => NetMode::Service(m["service:".len()..].to_string()),
        Some(m) if m.starts_with("container:") => {
            NetMode::Container(m["container:".len()..].to_string())
        }
        Some(other) => NetMode::Container(other.to_string()),
        None => {
            let mut nets = Vec::new();
            for key in s.networks_by_priority() {
                let mut cfg = EndpointConfig::default();
                if let Some(Some(sn)) = s.networks.get(key) {
                    cfg.aliases = sn.aliases.clone();
                    if let Some(ip) = &sn.ipv4_address {
                        cfg.ipv4 = Some(
                            ip.parse()
                                .map_err(|_| format!("invalid IPv4 address: {ip}"))?,
                        );
                    }
                    if let Some(ip) = &sn.ipv6_address {
                        cfg.ipv6 = Some(
                            ip.parse()
                                .map_err(|_| format!("invalid IPv6 address: {ip}"))?,
                        );
                    }
                    cfg.mac = sn.mac_address.clone();
                }
                nets.push((key.to_string(), cfg));
            }
            NetMode::Networks(nets)
        }
    };
    let depends_on = s
        .depends_on
        .iter()
        .map(|(svc, d)| Dependency {
            service: svc.clone(),
            condition: d.condition.clone(),
            restart: d.restart,
            required: d.required,
        })
        .collect();
    let links = s
        .links
        .iter()
        .map(|l| match l.split_once(':') {
            Some((svc, alias)) => (svc.to_string(), alias.to_string()),
            None => (l.clone(), l.clone()),
        })
        .collect();
    Ok(ServicePlan {
        name: s.name.clone(),
        image,
        container_name: s.container_name.clone(),
        replicas: s.replicas().clamp(0, MAX_REPLICAS) as u32,
        config,
        net,
        depends_on,
        links,
        config_hash: service_hash(s),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_only_the_services_own_position() {
        let opts = bridgeport_compose::LoadOptions {
            files: vec![bridgeport_compose::SourceFile::new(
                "/p/compose.yaml",
                "services:\n  web:\n    image: nginx\n    x-pos: {a: 1}\n",
            )],
            working_dir: "/p".into(),
            ..Default::default()
        };
        let loaded = bridgeport_compose::load(&opts).unwrap();
        let s = &loaded.project.services["web"];
        assert_ne!(s.pos, Default::default());
        let mut unplaced = s.clone();
        unplaced.pos = Default::default();
        assert_eq!(service_hash(s), config_hash(&format!("{unplaced:?}")));
    }
}

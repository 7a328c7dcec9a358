//! `docker network create|ls|inspect|rm|connect|disconnect|prune`.

use super::containers::render_format_labeled;
use super::filters::Filters;
use super::inspect::{network_json, obj, print_inspected};
use super::{goaddr, usage_error};
use crate::context::Ctx;
use crate::flags::{CommandSpec, Parsed};
use crate::output::{from_daemon, Output};
use bridgeport_engine::model::EndpointConfig;
use bridgeport_engine::NetworkCreate;
use bridgeport_golib::natsort;
use bridgeport_golib::sorted_map::SortedMap;
use ipnet::Ipv4Net;
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr};

/// `key=value` list flags (`-o`, `--label`, `--aux-address`).
fn parse_map(values: &[&str]) -> SortedMap<String, String> {
    values
        .iter()
        .map(|v| match v.split_once('=') {
            Some((k, val)) => (k.to_string(), val.to_string()),
            None => (v.to_string(), String::new()),
        })
        .collect()
}

/// `--subnet`, `--gateway`, `--ip-range` and `--aux-address` after the CLI's checks.
struct IpamRequest {
    subnet: Option<Ipv4Net>,
    /// `--subnet 0.0.0.0/N`: a subnet of that size from the pools.
    subnet_size: Option<u8>,
    gateway: Option<Ipv4Addr>,
    ip_range: Option<Ipv4Net>,
    aux_addresses: SortedMap<String, Ipv4Addr>,
    /// An IPv6 subnet (`::/N` asks the pool for a subnet of that size).
    subnet6: Option<ipnet::Ipv6Net>,
    gateway6: Option<std::net::Ipv6Addr>,
    ip_range6: Option<ipnet::Ipv6Net>,
    aux_addresses6: SortedMap<String, std::net::Ipv6Addr>,
}

/// The CLI's IPAM validation (cli/command/network/create.go consolidateIpam).
fn ipam_request(
    subnets: &[&str],
    gateways: &[&str],
    ranges: &[&str],
    aux: &SortedMap<String, String>,
) -> Result<IpamRequest, String> {
    let mut v4_subnets: Vec<Ipv4Net> = Vec::new();
    let mut v6_subnets: Vec<ipnet::Ipv6Net> = Vec::new();
    let mut all: Vec<ipnet::IpNet> = Vec::new();
    let mut size = None;
    if subnets.len() < gateways.len() || subnets.len() < ranges.len() {
        return Err("every ip-range or gateway must have a corresponding subnet".to_string());
    }
    for (i, s) in subnets.iter().enumerate() {
        // createIPAMConfig: from the second subnet on, subnetMatches parses it
        // with net.ParseCIDR first; then netip.ParsePrefix.
        if i > 0 && goaddr::pflag_cidr("", s).is_err() {
            return Err(format!("invalid subnet: invalid CIDR address: {s}"));
        }
        let (addr, bits) = goaddr::parse_prefix(s)?;
        let net = ipnet::IpNet::new(addr, bits).map_err(|e| e.to_string())?;
        // Each subnet against those before it (of either family: they never overlap).
        if all
            .iter()
            .any(|a: &ipnet::IpNet| a.contains(&net.network()) || net.contains(&a.network()))
        {
            return Err("multiple overlapping subnet configuration is not supported".to_string());
        }
        all.push(net);
        match net {
            ipnet::IpNet::V4(n) if n.addr().is_unspecified() => size = Some(n.prefix_len()),
            ipnet::IpNet::V4(n) => v4_subnets.push(n),
            ipnet::IpNet::V6(n) => v6_subnets.push(n),
        }
    }
    for (family, count) in [("IPv4", v4_subnets.len()), ("IPv6", v6_subnets.len())] {
        if count > 1 {
            return Err(format!(
                "bridgeport: the playground simulates one {family} subnet per network"
            ));
        }
    }
    let subnet6 = v6_subnets.first().copied();
    let subnet = v4_subnets.first().copied();
    let mut gateway = None;
    let mut gateway6 = None;
    for g in gateways {
        let ip: IpAddr = g.parse().map_err(|_| format!("invalid gateway: {g}"))?;
        let ip = match ip {
            IpAddr::V4(ip) => ip,
            IpAddr::V6(ip) => {
                if !subnet6.is_some_and(|s| s.contains(&ip)) {
                    return Err(format!("no matching subnet for gateway {ip}"));
                }
                if gateway6.is_some() {
                    return Err(format!(
                        "cannot configure multiple gateways ({ip}) for the same subnet ({})",
                        subnet6.map(|s| s.to_string()).unwrap_or_default()
                    ));
                }
                gateway6 = Some(ip);
                continue;
            }
        };
        if gateway.is_some() {
            return Err(format!(
                "cannot configure multiple gateways ({ip}) for the same subnet ({})",
                subnet.map(|s| s.to_string()).unwrap_or_default()
            ));
        }
        if !subnet.is_some_and(|s| s.contains(&ip)) {
            return Err(format!("no matching subnet for gateway {ip}"));
        }
        gateway = Some(ip);
    }
    // Each range and aux address goes with the subnet of its family that
    // contains it (consolidateIpam's subnetMatches).
    let mut range = None;
    let mut range6 = None;
    for r in ranges {
        let net: ipnet::IpNet = r
            .parse()
            .map_err(|_| format!("invalid CIDR address: {r}"))?;
        // cli/command/network/create.go consolidateIpam.
        let multiple = |old: String, s: String| {
            format!("cannot configure multiple ranges ({r}, {old}) on the same subnet ({s})")
        };
        match net {
            ipnet::IpNet::V4(n) if subnet.is_some_and(|s| s.contains(&n.network())) => {
                if let Some(old) = range.replace(n) {
                    let s = subnet.map(|s| s.to_string()).unwrap_or_default();
                    return Err(multiple(old.to_string(), s));
                }
            }
            ipnet::IpNet::V6(n) if subnet6.is_some_and(|s| s.contains(&n.network())) => {
                if let Some(old) = range6.replace(n) {
                    let s = subnet6.map(|s| s.to_string()).unwrap_or_default();
                    return Err(multiple(old.to_string(), s));
                }
            }
            _ => return Err(format!("no matching subnet for range {r}")),
        }
    }
    let mut aux_ips = SortedMap::new();
    let mut aux_ips6 = SortedMap::new();
    for (name, ip) in aux {
        let parsed: IpAddr = ip
            .parse()
            .map_err(|_| format!("invalid aux-address: {ip}"))?;
        match parsed {
            IpAddr::V4(v4) if subnet.is_some_and(|s| s.contains(&v4)) => {
                aux_ips.insert(name.clone(), v4);
            }
            IpAddr::V6(v6) if subnet6.is_some_and(|s| s.contains(&v6)) => {
                aux_ips6.insert(name.clone(), v6);
            }
            _ => return Err(format!("no matching subnet for aux-address {ip}")),
        }
    }
    Ok(IpamRequest {
        subnet,
        subnet_size: size,
        gateway,
        ip_range: range,
        subnet6,
        gateway6,
        aux_addresses: aux_ips,
        ip_range6: range6,
        aux_addresses6: aux_ips6,
    })
}

/// `docker network create`.
pub fn create(ctx: &mut Ctx, spec: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    // --gateway and --ip-range are pflag IP-slice and IPNet-slice values: a
    // bad address is a flag error (docker/cli network/create.go).
    for g in p.values("gateway") {
        if let Err(e) = goaddr::pflag_ip("--gateway", g) {
            return usage_error(spec, &e);
        }
    }
    for r in p.values("ip-range") {
        if let Err(e) = goaddr::pflag_cidr("--ip-range", r) {
            return usage_error(spec, &e);
        }
    }
    let aux = parse_map(&p.values("aux-address"));
    let ipam = match ipam_request(
        &p.values("subnet"),
        &p.values("gateway"),
        &p.values("ip-range"),
        &aux,
    ) {
        Ok(v) => v,
        Err(e) => {
            o.fail(&e, 1);
            return o;
        }
    };
    let options = parse_map(&p.values("opt"));
    if let Some(mode) = options.get("com.docker.network.bridge.gateway_mode_ipv4") {
        if mode == "isolated" && !p.bool("internal") {
            o.daemon_fail("gateway mode 'isolated' can only be used for an internal network");
            return o;
        }
    }
    let req = NetworkCreate {
        name: p.positionals[0].clone(),
        driver: p.value("driver").unwrap_or("bridge").to_string(),
        subnet: ipam.subnet,
        subnet_size: ipam.subnet_size,
        gateway: ipam.gateway,
        ip_range: ipam.ip_range,
        aux_addresses: ipam.aux_addresses,
        internal: p.bool("internal"),
        attachable: p.bool("attachable"),
        enable_ipv6: p.bool("ipv6"),
        subnet6: ipam.subnet6,
        gateway6: ipam.gateway6,
        ip_range6: ipam.ip_range6,
        aux_addresses6: ipam.aux_addresses6,
        options,
        labels: parse_map(&p.values("label")),
    };
    match ctx.engine.create_network(req, ctx.now) {
        Ok(id) => o.outln(&id),
        Err(e) => o.daemon_fail(e),
    }
    o
}

/// `docker network ls`.
pub fn ls(ctx: &mut Ctx, spec: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    let mut nets: Vec<_> = ctx.engine.networks().iter().collect();
    bridgeport_golib::sort::sort_by(&mut nets, |a, b| natsort::natural_cmp(&a.name, &b.name));
    let filters = match Filters::from_flag(spec, &p.values("filter")) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let dangling = match network_filter_check(&filters) {
        Ok(d) => d,
        Err(e) => {
            o.daemon_fail(e);
            return o;
        }
    };
    // moby daemon/network/filter.go Filter.Matches.
    let engine = &*ctx.engine;
    let in_use = |n: &bridgeport_engine::model::Network| {
        engine
            .containers()
            .iter()
            .any(|c| c.endpoint_on(&n.id).is_some())
    };
    nets.retain(|n| {
        filters.exact_match("driver", n.driver.as_str())
            && filters.matches("name", &n.name)
            && filters.matches("id", &n.id)
            && filters.match_kv_list("label", &n.labels)
            && filters.exact_match("scope", "local")
            && dangling.is_none_or(|d| d == (!n.builtin && !in_use(n)))
            && filters
                .get("type")
                .first()
                .is_none_or(|t| (t == "builtin") == n.builtin)
    });
    let trunc = !p.bool("no-trunc");
    // docker/cli network/formatter.go newFormat: -q only replaces the table
    // (and raw) format; a custom --format is used as given, without a warning.
    let custom = p
        .value("format")
        .is_some_and(|f| !f.is_empty() && f != "table" && f != "raw");
    if p.bool("quiet") && !custom {
        for n in nets {
            o.outln(if trunc { n.short_id() } else { &n.id });
        }
        return o;
    }
    let rows: Vec<Value> = nets
        .iter()
        .map(|n| {
            // Sorted, as `{{json .}}` prints them (docker/cli
            // formatter.MarshalJSON: a Go map of networkContext's methods).
            obj!([
                (
                    "CreatedAt",
                    bridgeport_engine::time::go_string(n.created).into(),
                ),
                ("Driver", n.driver.as_str().into()),
                (
                    "ID",
                    if trunc {
                        n.short_id().to_string()
                    } else {
                        n.id.clone()
                    }
                    .into(),
                ),
                ("IPv4", "true".into()),
                ("IPv6", n.enable_ipv6.to_string().into()),
                ("Internal", n.internal.to_string().into()),
                (
                    "Labels",
                    n.labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(",")
                        .into(),
                ),
                ("Name", n.name.as_str().into()),
                ("Scope", "local".into()),
            ])
        })
        .collect();
    let headers = &[
        ("ID", "NETWORK ID"),
        ("Name", "NAME"),
        ("Driver", "DRIVER"),
        ("Scope", "SCOPE"),
        ("IPv4", "IPV4"),
        ("IPv6", "IPV6"),
        ("Internal", "INTERNAL"),
        ("Labels", "LABELS"),
        ("CreatedAt", "CREATED AT"),
    ];
    let format = match p.value("format") {
        None | Some("table") => "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
        Some(f) => f,
    };
    let labels: Vec<_> = nets.iter().map(|n| &n.labels).collect();
    match render_format_labeled(format, &rows, &labels, headers, "*formatter.networkContext") {
        Ok(text) => o.out(&text),
        Err(e) => o.fail(&e, 1),
    }
    o
}

/// `docker network inspect`.
pub fn inspect(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    if let Err(o) = super::inspect::check_inspect_format(p.value("format")) {
        return o;
    }
    let mut o = Output::new();
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for name in &p.positionals {
        match ctx.engine.find_network(name) {
            Ok(n) => found.push(network_json(ctx.engine, n)),
            Err(e) => errors.push(e),
        }
    }
    let format = p.value("format");
    if !found.is_empty() || format.is_none() {
        print_inspected(&mut o, &found, format);
    }
    for e in errors {
        o.daemon_fail(e);
    }
    o
}

/// `docker network rm`.
pub fn rm(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    let mut failed = false;
    for name in &p.positionals {
        match ctx.engine.remove_network(name) {
            Ok(()) => o.outln(name),
            Err(e) if p.bool("force") && e.ends_with("not found") => {}
            Err(e) => {
                o.errln(&from_daemon(e));
                failed = true;
            }
        }
    }
    if failed {
        o.fail("exit status 1", 1);
    }
    o
}

/// `docker network connect`.
pub fn connect(ctx: &mut Ctx, spec: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    let mut cfg = EndpointConfig {
        aliases: p.values("alias").iter().map(|s| s.to_string()).collect(),
        ..EndpointConfig::default()
    };
    if let Some(ip) = p.value("ip") {
        match ip.parse::<Ipv4Addr>() {
            Ok(ip) => cfg.ipv4 = Some(ip),
            Err(_) => {
                o.fail_fmt(format_args!("invalid argument \"{ip}\" for \"--ip\" flag: invalid string being converted to IP address: {ip}"), 125);
                return o;
            }
        }
    }
    if let Some(ip) = p.value("ip6") {
        match goaddr::pflag_ip("--ip6", ip) {
            Ok(IpAddr::V6(ip)) => cfg.ipv6 = Some(ip),
            Ok(IpAddr::V4(ip)) => cfg.ipv6 = Some(ip.to_ipv6_mapped()),
            Err(e) => return usage_error(spec, &e),
        }
    }
    for l in p.values("link") {
        let (t, a) = l.split_once(':').unwrap_or((l, l));
        cfg.links.push((t.to_string(), a.to_string()));
    }
    if let Err(e) = ctx
        .engine
        .connect(&p.positionals[0], &p.positionals[1], cfg)
    {
        o.daemon_fail(e);
    }
    o
}

/// `docker network disconnect`.
pub fn disconnect(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    if let Err(e) = ctx
        .engine
        .disconnect(&p.positionals[0], &p.positionals[1], p.bool("force"))
    {
        o.daemon_fail(e);
    }
    o
}

/// `docker network prune`. Without `-f` the real CLI asks; the playground
/// shows the question and answers "y" for you, saying so.
pub fn prune(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    if !p.bool("force") {
        o.out("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] y\n");
    }
    let removed = ctx.engine.prune_networks();
    if !removed.is_empty() {
        o.outln("Deleted Networks:");
        for name in removed {
            o.outln(&name);
        }
        o.outln("");
    }
    o
}

/// The daemon's checks of `docker network ls` filters (moby
/// `daemon/network/filter.go` NewFilter): known keys, `type` values, and
/// `dangling`, returned as Some(only dangling) when given.
fn network_filter_check(f: &Filters) -> Result<Option<bool>, String> {
    f.validate(&["dangling", "driver", "id", "label", "name", "scope", "type"])?;
    let dangling = match f.get("dangling") {
        [] => None,
        [v] => match v.as_str() {
            "0" | "false" => Some(false),
            "1" | "true" => Some(true),
            _ => return Err("invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")".to_string()),
        },
        _ => return Err("got more than one value for filter key \"dangling\"".to_string()),
    };
    if let Some(t) = f
        .get("type")
        .iter()
        .find(|t| *t != "builtin" && *t != "custom")
    {
        return Err(format!("invalid filter: 'type'='{t}'"));
    }
    Ok(dangling)
}

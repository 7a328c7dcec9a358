//! `docker run`, `docker create` and `docker pull`: options to a
//! [`ContainerCreate`], the pull, create and start, then what the terminal
//! shows for each kind of main process.

use super::goaddr;
use super::run_flags;
use super::{attach_main_shell, print_logs, run_one_shot, usage_error};
use crate::context::Ctx;
use crate::flags::{CommandSpec, Parsed};
use crate::output::{from_daemon, Output};
use bridgeport_engine::image::{stable_digest, ImageRef};
use bridgeport_engine::model::{ContainerConfig, EndpointConfig, NetworkMode, Process};
use bridgeport_engine::ports::{parse_expose, parse_publish};
use bridgeport_engine::ContainerCreate;
use std::fmt::Write as _;
use std::net::IpAddr;

/// The pull progress Docker prints (to stderr in `docker run`, stdout in `docker pull`).
pub fn pull_progress(image: &ImageRef) -> String {
    let path = if image.repo.contains('/') {
        image.repo.clone()
    } else {
        format!("library/{}", image.repo)
    };
    let layers = image.image().map(|i| i.layers).unwrap_or(1);
    let mut s = format!("{}: Pulling from {path}\n", image.tag_or_digest());
    for i in 0..layers {
        let digest = stable_digest(&format!("{}:{}/layer{i}", image.repo, image.tag));
        let _ = writeln!(s, "{}: Pull complete", &digest[..12]);
    }
    let _ = writeln!(s, "Digest: {}", manifest_digest(image));
    let _ = writeln!(s, "Status: Downloaded newer image for {}", image.familiar());
    s
}

/// The digest the registry answers with: the pinned one, else one derived
/// from the reference.
fn manifest_digest(image: &ImageRef) -> String {
    image
        .digest
        .clone()
        .unwrap_or_else(|| format!("sha256:{}", stable_digest(&image.familiar())))
}

/// A pull that failed: Docker's daemon error, or a `[bridgeport]` line for
/// an image that exists but is not simulated.
fn pull_failure(e: String) -> String {
    if e.starts_with("[bridgeport]") {
        e
    } else {
        from_daemon(e)
    }
}

/// `docker pull NAME`.
pub fn pull(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    let image = match ImageRef::parse(&p.positionals[0]) {
        Ok(i) => i,
        Err(e) => {
            o.fail(&e, 1);
            return o;
        }
    };
    let fresh = !ctx.engine.has_image(&image);
    if let Err(e) = ctx.engine.pull(&image) {
        o.fail(&pull_failure(e), 1);
        return o;
    }
    if p.bool("quiet") {
        o.outln_fmt(format_args!("docker.io/{}", full_path(&image)));
        return o;
    }
    if fresh {
        o.out(&pull_progress(&image));
    } else {
        o.outln_fmt(format_args!(
            "{}: Pulling from {}",
            image.tag_or_digest(),
            library_path(&image)
        ));
        o.outln_fmt(format_args!("Digest: {}", manifest_digest(&image)));
        o.outln_fmt(format_args!(
            "Status: Image is up to date for {}",
            image.familiar()
        ));
    }
    o.outln_fmt(format_args!("docker.io/{}", full_path(&image)));
    o
}

fn library_path(image: &ImageRef) -> String {
    if image.repo.contains('/') {
        image.repo.clone()
    } else {
        format!("library/{}", image.repo)
    }
}

fn full_path(image: &ImageRef) -> String {
    match &image.digest {
        Some(d) if image.tag == "latest" => format!("{}@{d}", library_path(image)),
        Some(d) => format!("{}:{}@{d}", library_path(image), image.tag),
        None => format!("{}:{}", library_path(image), image.tag),
    }
}

/// One `--network` value as docker/cli `opts.NetworkOpt.Set` reads it: a
/// plain name, or `name=x,alias=y,ip=z,…` (keys lowercased, values
/// trimmed). Errors become pflag's `invalid argument` flag error.
struct NetworkAttachment {
    name: String,
    cfg: EndpointConfig,
    /// `mac-address=` as typed; checked later, like parseNetworkAttachmentOpt.
    mac: Option<String>,
}

fn parse_network_value(raw: &str) -> Result<NetworkAttachment, String> {
    // The CLI's test for the long syntax: regexp `\w+=\w+(,\w+=\w+)*`, unanchored.
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = raw.as_bytes();
    let long =
        (1..b.len().saturating_sub(1)).any(|i| b[i] == b'=' && word(b[i - 1]) && word(b[i + 1]));
    let mut att = NetworkAttachment {
        name: raw.to_string(),
        cfg: EndpointConfig::default(),
        mac: None,
    };
    if !long {
        return Ok(att);
    }
    att.name = String::new();
    for field in raw.split(',') {
        // cli/opts/network.go: strings.ToLower(field).
        let lower = bridgeport_golib::case::go_lower_str(field);
        let Some((k, v)) = lower.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return Err(format!("invalid field {field}"));
        };
        let (k, v) = (k.trim(), v.trim());
        match k {
            "name" => att.name = v.to_string(),
            "alias" => att.cfg.aliases.push(v.to_string()),
            "ip" => match goaddr::parse_addr(v)? {
                IpAddr::V4(ip) => att.cfg.ipv4 = Some(ip),
                IpAddr::V6(ip) => {
                    return Err(format!("invalid IPv4 address: {ip}"));
                }
            },
            "ip6" => match goaddr::parse_addr(v)? {
                IpAddr::V6(ip) => att.cfg.ipv6 = Some(ip),
                IpAddr::V4(ip) => att.cfg.ipv6 = Some(ip.to_ipv6_mapped()),
            },
            "mac-address" => att.mac = Some(v.to_string()),
            "link-local-ip" => {
                goaddr::parse_addr(v)?;
            }
            "driver-opt" | "gw-priority" => {}
            other => return Err(format!("invalid field key {other}")),
        }
    }
    if att.name.is_empty() {
        return Err("network name/id is not specified".to_string());
    }
    Ok(att)
}

fn is_user_defined(mode: &str) -> bool {
    !matches!(mode, "default" | "bridge" | "host" | "none") && !mode.starts_with("container:")
}

/// `--add-host` values (opts.ValidateExtraHost): `name:ip`, `name=ip`, `name=[v6]`, `name:host-gateway`.
fn parse_add_host(raw: &str) -> Result<(String, String), String> {
    let (name, ip) = match raw.split_once('=') {
        Some(p) => p,
        None => raw
            .split_once(':')
            .ok_or_else(|| format!("bad format for add-host: {raw:?}"))?,
    };
    if name.is_empty() || ip.is_empty() {
        return Err(format!("bad format for add-host: {raw:?}"));
    }
    let ip = ip.trim_start_matches('[').trim_end_matches(']');
    if ip != "host-gateway" && ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address in add-host: {ip:?}"));
    }
    Ok((name.to_string(), ip.to_string()))
}

/// docker/cli `opts.ValidateDNSSearch`: "." (no search domains) or a domain
/// name (`validateDomain`: labels of letters, digits and inner hyphens, at
/// least one letter somewhere, an optional trailing dot).
fn validate_dns_search(raw: &str) -> Result<(), String> {
    let v = raw.trim_matches(' ');
    if v == "." {
        return Ok(());
    }
    let body = v.strip_suffix('.').unwrap_or(v);
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if v.bytes().any(|b| b.is_ascii_alphabetic())
        && body.split('.').all(label_ok)
        && body.len() < 255
    {
        Ok(())
    } else {
        Err(format!("{v} is not a valid domain"))
    }
}

/// docker/cli `opts.ValidateSysctl`: the namespaced sysctls Docker allows.
fn validate_sysctl(raw: &str) -> Result<(), String> {
    const KEYS: &[&str] = &[
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
    ];
    match raw.split_once('=') {
        Some((k, _))
            if !k.is_empty()
                && (KEYS.contains(&k) || k.starts_with("net.") || k.starts_with("fs.mqueue.")) =>
        {
            Ok(())
        }
        _ => Err(format!("sysctl '{raw}' is not allowed")),
    }
}

/// docker/cli `opts.ValidateLabel`.
fn validate_label(raw: &str) -> Result<(), String> {
    let key = raw.split_once('=').map_or(raw, |(k, _)| k);
    let key = key.trim_start_matches([' ', '\t']);
    if key.is_empty() {
        return Err(format!("invalid label '{raw}': empty name"));
    }
    if key.contains([' ', '\t']) {
        return Err(format!("label '{key}' contains whitespaces"));
    }
    Ok(())
}

/// Values of a flag that has a second spelling writing to the same list
/// (`--dns-option` and `--dns-opt`), in command-line order.
fn values_of<'a>(p: &'a Parsed, names: &[&str]) -> Vec<&'a str> {
    p.values
        .iter()
        .filter(|(l, _)| names.contains(l))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Flag values that pflag validates while parsing (ListOpts validators).
fn validate_list_flags(p: &Parsed) -> Result<(), String> {
    // One row per validated flag: its name, how pflag's error names it, the
    // check (one loop and one message instead of a copy per flag).
    type Check = fn(&str) -> Result<(), String>;
    let checks: [(&str, &str, Check); 5] = [
        ("add-host", "--add-host", |v| parse_add_host(v).map(drop)),
        ("dns", "--dns", |v| match v.parse::<IpAddr>() {
            Ok(_) => Ok(()),
            Err(_) => Err(format!("IP address is not correctly formatted: {v}")),
        }),
        ("dns-search", "--dns-search", validate_dns_search),
        ("sysctl", "--sysctl", validate_sysctl),
        ("label", "-l, --label", validate_label),
    ];
    for (name, shown, check) in checks {
        for v in p.values(name) {
            check(v).map_err(|e| format!("invalid argument \"{v}\" for \"{shown}\" flag: {e}"))?;
        }
    }
    for (flag, v) in p
        .values
        .iter()
        .filter(|(l, _)| *l == "network" || *l == "net")
    {
        parse_network_value(v)
            .map_err(|e| format!("invalid argument \"{v}\" for \"--{flag}\" flag: {e}"))?;
    }
    for &flag in &["ip", "ip6"] {
        if let Some(v) = p.value(flag) {
            goaddr::pflag_ip(&format!("--{flag}"), v)?;
        }
    }
    for v in p.values("link") {
        if v.is_empty() || v.split(':').count() > 2 {
            return Err(format!(
                "invalid argument \"{v}\" for \"--link\" flag: bad format for links: {v}"
            ));
        }
    }
    Ok(())
}

/// Turns parsed flags into a create request; errors are the CLI's own.
fn to_request(p: &Parsed) -> Result<(ContainerCreate, RunOpts), String> {
    let image = ImageRef::parse(&p.positionals[0])?;
    let cmd: Vec<String> = p.positionals[1..].to_vec();
    let mut config = ContainerConfig {
        cmd,
        ..ContainerConfig::default()
    };
    for raw in p.values("publish") {
        config.publish.extend(parse_publish(raw)?);
    }
    for raw in p.values("expose") {
        config.expose.extend(parse_expose(raw)?);
    }
    config.publish_all = p.bool("publish-all");
    config.hostname = p.value("hostname").map(str::to_string);
    config.domainname = p.value("domainname").unwrap_or("").to_string();
    config.env = p.values("env").iter().map(|s| s.to_string()).collect();
    config.entrypoint = p.value("entrypoint").map(|e| {
        if e.is_empty() {
            Vec::new()
        } else {
            vec![e.to_string()]
        }
    });
    config.add_hosts = p
        .values("add-host")
        .iter()
        .filter_map(|v| parse_add_host(v).ok())
        .collect();
    config.dns = p.values("dns").iter().map(|s| s.to_string()).collect();
    config.dns_search = p
        .values("dns-search")
        .iter()
        .map(|s| s.trim_matches(' ').to_string())
        .collect();
    config.dns_options = values_of(p, &["dns-option", "dns-opt"])
        .into_iter()
        .map(str::to_string)
        .collect();
    config.sysctls = p
        .values("sysctl")
        .iter()
        .filter_map(|v| v.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // opts.ConvertKVStringsToMap: "k" alone is the key with an empty value.
    config.labels = p
        .values("label")
        .iter()
        .map(|v| match v.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (v.to_string(), String::new()),
        })
        .collect();
    config.healthcheck = run_flags::healthcheck(p)?;
    config.auto_remove = p.bool("rm");
    config.interactive = p.bool("interactive");
    config.tty = p.bool("tty");
    let restart = p.value("restart").unwrap_or("no");
    if config.auto_remove && restart != "no" && !restart.is_empty() {
        return Err("conflicting options: cannot specify both --restart and --rm".to_string());
    }

    // Networks (opts.go parseNetworkOpts).
    // opts.go parse(): the MAC address is checked before the networks.
    let mac = match p.value("mac-address").filter(|m| !m.is_empty()) {
        Some(m) => {
            Some(goaddr::parse_mac(m).ok_or_else(|| format!("{m} is not a valid mac address"))?)
        }
        None => None,
    };
    let mut nets: Vec<NetworkAttachment> = Vec::new();
    for raw in values_of(p, &["network", "net"]) {
        let att = parse_network_value(raw)?;
        if nets.iter().any(|n| n.name == att.name) {
            return Err(format!(
                "network {:?} is specified multiple times",
                att.name
            ));
        }
        nets.push(att);
    }
    let aliases: Vec<String> = p
        .values("network-alias")
        .into_iter()
        .chain(p.values("net-alias"))
        .map(str::to_string)
        .collect();
    let first_name = nets
        .first()
        .map(|n| n.name.clone())
        .unwrap_or_else(|| "default".to_string());
    if nets.len() > 1 && nets.iter().any(|n| !is_user_defined(&n.name)) {
        return Err("conflicting options: cannot attach both user-defined and non-user-defined network-modes".to_string());
    }
    let ipv4 = p
        .value("ip")
        .and_then(goaddr::parse_ip)
        .and_then(|ip| match ip {
            IpAddr::V4(v4) => Some(v4),
            IpAddr::V6(v6) => v6.to_ipv4_mapped(),
        });
    let ipv6 = p
        .value("ip6")
        .and_then(goaddr::parse_ip)
        .map(|ip| match ip {
            IpAddr::V6(v6) => v6,
            IpAddr::V4(v4) => v4.to_ipv6_mapped(),
        });
    // applyContainerOptions: the plain flags apply to the first network and
    // must not repeat what its advanced form already says.
    let mut first = match nets.first() {
        Some(n) => {
            let c = &n.cfg;
            if !aliases.is_empty() && !c.aliases.is_empty() {
                return Err("conflicting options: cannot specify both --network-alias and per-network alias".to_string());
            }
            if ipv4.is_some() && c.ipv4.is_some() {
                return Err(
                    "conflicting options: cannot specify both --ip and per-network IPv4 address"
                        .to_string(),
                );
            }
            if ipv6.is_some() && c.ipv6.is_some() {
                return Err(
                    "conflicting options: cannot specify both --ip6 and per-network IPv6 address"
                        .to_string(),
                );
            }
            if mac.is_some() && n.mac.is_some() {
                return Err("conflicting options: cannot specify both --mac-address and per-network MAC address".to_string());
            }
            c.clone()
        }
        None => EndpointConfig::default(),
    };
    if !aliases.is_empty() && !is_user_defined(&first_name) {
        return Err(
            "network-scoped aliases are only supported for user-defined networks".to_string(),
        );
    }
    first.aliases.extend(aliases);
    first.ipv4 = first.ipv4.or(ipv4);
    first.ipv6 = first.ipv6.or(ipv6);
    // parseNetworkAttachmentOpt: per-network MAC addresses, in network order.
    let mut macs = Vec::new();
    for (i, n) in nets.iter().enumerate() {
        let m = match (&n.mac, i == 0) {
            (Some(m), _) => Some(
                goaddr::parse_mac(m).ok_or_else(|| format!("{m} is not a valid mac address"))?,
            ),
            (None, true) => mac.clone(),
            (None, false) => None,
        };
        macs.push(m);
    }
    first.mac = macs.first().cloned().flatten().or(mac);
    let mut links = Vec::new();
    for raw in p.values("link") {
        let (target, alias) = match raw.split_once(':') {
            Some((t, a)) => (t.to_string(), a.to_string()),
            None => (raw.to_string(), raw.to_string()),
        };
        links.push((target, alias));
    }
    let network_mode = match first_name.as_str() {
        "default" => NetworkMode::Bridge,
        "host" => NetworkMode::Host,
        "none" => NetworkMode::None,
        n if n.starts_with("container:") => {
            NetworkMode::Container(n["container:".len()..].to_string())
        }
        n => NetworkMode::Named(n.to_string()),
    };
    if is_user_defined(&first_name) {
        // --link on a user-defined network is a DNS alias, not a hosts entry.
        first.links = links;
    } else {
        config.links = links;
    }
    let extra_networks = nets
        .into_iter()
        .zip(macs)
        .skip(1)
        .map(|(n, m)| {
            let mut cfg = n.cfg;
            cfg.mac = m;
            (n.name, cfg)
        })
        .collect();
    let opts = RunOpts {
        // `docker create` has no --detach: it never starts the container.
        detach: p.defines("detach") && p.bool("detach"),
        pull: p.value("pull").unwrap_or("missing").to_string(),
        quiet: p.bool("quiet"),
    };
    let req = ContainerCreate {
        name: p.value("name").map(str::to_string),
        image,
        config,
        network_mode,
        first_endpoint: first,
        extra_networks,
    };
    Ok((req, opts))
}

struct RunOpts {
    detach: bool,
    pull: String,
    quiet: bool,
}

/// `docker run` / `docker create`.
pub fn run(ctx: &mut Ctx, spec: &CommandSpec, p: &Parsed) -> Output {
    let cmd = if spec.path.ends_with("create") {
        "create"
    } else {
        "run"
    };
    if let Some(e) = run_flags::windows_only(p) {
        let mut o = Output::new();
        o.fail(&e, 1);
        return o;
    }
    if let Err(e) = validate_list_flags(p).and_then(|()| run_flags::validate_health(p)) {
        return usage_error(spec, &e);
    }
    let mut o = Output::new();
    for line in run_flags::notes(p) {
        o.errln(&line);
    }
    let (req, opts) = match to_request(p) {
        Ok(r) => r,
        Err(e) => {
            o.extend(Output::run_error(cmd, &e, 125));
            return o;
        }
    };
    if !["always", "missing", "never"].contains(&opts.pull.as_str()) {
        return Output::run_error(
            cmd,
            &format!(
                "invalid pull option: '{}': must be one of \"always\", \"missing\" or \"never\"",
                opts.pull
            ),
            125,
        );
    }
    // Pull (create.go: "Unable to find image" then the progress on stderr).
    if !ctx.engine.has_image(&req.image) || opts.pull == "always" {
        if opts.pull == "never" {
            return Output::run_error(
                cmd,
                &from_daemon(format_args!("No such image: {}", req.image.familiar())),
                125,
            );
        }
        if opts.pull != "always" {
            o.errln_fmt(format_args!(
                "Unable to find image '{}' locally",
                req.image.familiar()
            ));
        }
        if let Err(e) = ctx.engine.pull(&req.image) {
            if e.starts_with("[bridgeport]") {
                o.fail(&e, 125);
            } else {
                o.extend(Output::run_error(cmd, &from_daemon(e), 125));
            }
            return o;
        }
        if !opts.quiet {
            o.err(&pull_progress(&req.image));
        }
    }
    let created = match ctx.engine.create_container(req, ctx.now) {
        Ok(c) => c,
        Err(e) => {
            o.extend(Output::run_error(cmd, &from_daemon(e), 125));
            return o;
        }
    };
    for w in &created.warnings {
        o.errln_fmt(format_args!("WARNING: {w}"));
    }
    if cmd == "create" || opts.detach {
        o.outln(&created.id);
        if cmd == "create" {
            return o;
        }
    }
    if let Err(e) = super::start_container(ctx, &created.id) {
        let e = from_daemon(e);
        o.extend(Output::run_error(cmd, &e, run_status(&e)));
        return o;
    }
    let Ok(c) = ctx.engine.find_container(&created.id).cloned() else {
        return o; // exited at once and removed (--rm)
    };
    if opts.detach {
        if c.process == Process::OneShot {
            // Runs in the background: its output goes only to the log.
            run_one_shot(ctx, &c);
        }
        return o;
    }
    // Attached: what the terminal shows depends on the main process.
    match &c.process {
        Process::Shell if c.config.interactive => attach_main_shell(ctx.place, &c),
        Process::OneShot => {
            let result = run_one_shot(ctx, &c);
            o.code = result.code;
            o.extend(result);
        }
        Process::Server { .. } | Process::Idle => {
            let after = ctx.engine.find_container(&c.id).ok().cloned();
            if let Some(a) = &after {
                print_logs(&mut o, &a.logs);
            }
            match after {
                Some(a) if a.is_running() => o.errln_fmt(format_args!(
                    "[bridgeport] {} keeps running in the foreground. A real terminal stays attached here until you press Ctrl-C; the playground gives you the prompt back. Add -d to run it in the background.",
                    a.name
                )),
                Some(a) => o.code = a.exit_code,
                None => {}
            }
        }
        Process::Shell => {
            // `docker run alpine`: sh reads EOF from a closed stdin and exits 0.
            let _ = ctx.engine.exit_container(&c.id, 0, ctx.now);
        }
    }
    o
}

/// docker/cli `container/run.go` toStatusError: the exit code of a failed
/// start, from its message (127: the program is missing; 126: it cannot be
/// run; else 125).
fn run_status(msg: &str) -> i32 {
    if [
        "executable file not found",
        "no such file or directory",
        "system cannot find the file specified",
    ]
    .iter()
    .any(|m| msg.contains(m))
    {
        127
    } else if msg.contains("permission denied") || msg.contains("is a directory") {
        126
    } else {
        125
    }
}

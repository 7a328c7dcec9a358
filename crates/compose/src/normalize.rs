//! From the validated tree to the typed [`Project`], doing what compose-go's
//! `transform.Canonical`, `loader/normalize.go` and the struct decoding do:
//! ports in long syntax (short entries expanded, [`crate::ports`]),
//! `depends_on` lists to maps (`service_started`, required), `links` and
//! `network_mode: service:x` adding a dependency with `restart: true`, a
//! service without `networks:` or `network_mode:` joining `default` (which
//! is added to the top-level networks only when used), network names
//! (`<project>_<key>`, `name:`, or the key for `external: true`),
//! `environment` entries without a value taken from the project
//! environment, `command`/`entrypoint` strings split as `shellwords` does,
//! a `healthcheck.test` string becoming `CMD-SHELL`.
//!
//! Keys outside the model are kept as written in `other` and named in a
//! note, so the CLI never ignores them silently.

use crate::model::*;
use crate::yaml::{Kind, Node, Pos};
use bridgeport_golib::sorted_map::SortedMap;

/// A normalisation error: compose-go's words and where.
pub type NormError = (String, Pos);

/// Why a key outside the model matters, for the `[bridgeport]` note; `None`
/// for keys that change nothing in a network simulation.
fn unmodelled_note(path: &str, key: &str) -> Option<String> {
    let why = match key {
        "build" => "Bridgeport builds nothing; it runs the service's `image:` from its catalogue",
        "volumes" | "volumes_from" | "tmpfs" => "the container gets no mounts",
        "secrets" | "configs" => "no files are mounted into the container",
        "env_file" => "the service's env files are not read",
        "deploy" => "only deploy.replicas is simulated",
        "develop" | "pre_start" | "post_start" | "pre_stop" => "the hook or watch never runs",
        "logging" | "cap_add" | "cap_drop" | "sysctls" | "ulimits" | "security_opt" => {
            "the setting does not change the simulated network"
        }
        "profiles" => return None,
        k if k.starts_with("x-") => return None,
        _ => "the setting is kept for `config` but not simulated",
    };
    Some(format!("{path}.{key} is accepted but not simulated: {why}"))
}

/// Go's `fmt.Sprint` of a scalar, as mapstructure turns numbers and
/// booleans into strings.
pub fn scalar_text(n: &Node) -> Option<String> {
    Some(match &n.kind {
        Kind::Str(s) => s.clone(),
        Kind::Int(i) => i.to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Float(f) => go_float(*f),
        Kind::Null => String::new(),
        _ => return None,
    })
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`), close
/// enough for the values compose files hold.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        return format!("{}", f as i64);
    }
    format!("{f}")
}

fn strings_of(n: &Node) -> Vec<String> {
    match &n.kind {
        Kind::Seq(items) => items.iter().filter_map(scalar_text).collect(),
        Kind::Null => Vec::new(),
        _ => scalar_text(n).into_iter().collect(),
    }
}

fn opt_str(n: Option<&Node>) -> Option<String> {
    n.and_then(|n| match &n.kind {
        Kind::Null => None,
        _ => scalar_text(n),
    })
}

fn bool_of(n: Option<&Node>) -> Option<bool> {
    n.and_then(|n| match n.kind {
        Kind::Bool(b) => Some(b),
        _ => scalar_text(n).and_then(|s| s.parse().ok()),
    })
}

fn int_of(n: Option<&Node>) -> Option<i64> {
    n.and_then(|n| match n.kind {
        Kind::Int(i) => Some(i),
        Kind::Float(f) if f.fract() == 0.0 => Some(f as i64),
        _ => scalar_text(n).and_then(|s| s.parse().ok()),
    })
}

/// A `list_or_dict` (`labels`, `driver_opts`, `environment`): a list of
/// `k=v` or a map; `None` values are names without a value.
fn list_or_dict(n: &Node) -> SortedMap<String, Option<String>> {
    let mut out = SortedMap::new();
    match &n.kind {
        Kind::Seq(items) => {
            for item in items {
                if let Some(s) = scalar_text(item) {
                    match s.split_once('=') {
                        Some((k, v)) => out.insert(k.to_string(), Some(v.to_string())),
                        None => out.insert(s, None),
                    };
                }
            }
        }
        Kind::Map(entries) => {
            for (k, v) in entries {
                let key = scalar_text(k).unwrap_or_default();
                let value = match v.kind {
                    Kind::Null => None,
                    _ => scalar_text(v),
                };
                out.insert(key, value);
            }
        }
        _ => {}
    }
    out
}

fn string_map(n: Option<&Node>) -> SortedMap<String, String> {
    n.map(list_or_dict)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect()
}

/// `mattn/go-shellwords` `Parse` as compose-go uses it for `command` and
/// `entrypoint` strings: blanks separate words; single quotes are literal;
/// double quotes and a backslash escape.
pub fn shell_words(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = it.next() {
                    cur.push(n);
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match it.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("invalid command line string".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match it.next() {
                        Some('"') => break,
                        Some('\\') => match it.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return Err("invalid command line string".into()),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("invalid command line string".into()),
                    }
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

fn command_of(n: Option<&Node>) -> Result<Option<Vec<String>>, String> {
    match n {
        None => Ok(None),
        Some(n) => match &n.kind {
            Kind::Null => Ok(None),
            Kind::Seq(_) => Ok(Some(strings_of(n))),
            _ => shell_words(&scalar_text(n).unwrap_or_default()).map(Some),
        },
    }
}

const MODELLED: &[&str] = &[
    "image",
    "command",
    "entrypoint",
    "container_name",
    "hostname",
    "domainname",
    "depends_on",
    "environment",
    "expose",
    "external_links",
    "extra_hosts",
    "dns",
    "dns_search",
    "dns_opt",
    "healthcheck",
    "labels",
    "links",
    "network_mode",
    "networks",
    "ports",
    "scale",
    "restart",
    "user",
    "working_dir",
    "tty",
    "stdin_open",
    "privileged",
    "init",
    "stop_signal",
    "profiles",
];

/// What [`project`] builds: services, networks, and the other top-level
/// keys.
pub type Parts = (
    SortedMap<String, Service>,
    SortedMap<String, Network>,
    SortedMap<String, Node>,
);

/// Builds the project from the merged, validated tree. `env` is the
/// project environment (for `environment:` names without a value).
pub fn project(
    root: &Node,
    name: &str,
    working_dir: &str,
    env: &SortedMap<String, String>,
    notes: &mut Vec<(String, Pos)>,
) -> Result<Parts, NormError> {
    let mut services = SortedMap::new();
    let mut other = SortedMap::new();
    if let Some(Kind::Map(entries)) = root.get("services").map(|n| &n.kind) {
        for (k, v) in entries {
            let sname = scalar_text(k).unwrap_or_default();
            let svc = service(&sname, k.pos, v, working_dir, env, notes)?;
            services.insert(sname, svc);
        }
    }
    // The default network only when some service uses it.
    let uses_default = services
        .values()
        .any(|s: &Service| s.networks.contains_key("default"));
    let mut networks = SortedMap::new();
    if let Some(Kind::Map(entries)) = root.get("networks").map(|n| &n.kind) {
        for (k, v) in entries {
            let key = scalar_text(k).unwrap_or_default();
            networks.insert(key.clone(), network(name, &key, v, notes)?);
        }
    }
    if uses_default && !networks.contains_key("default") {
        networks.insert(
            "default".to_string(),
            Network {
                name: format!("{name}_default"),
                ..Network::default()
            },
        );
    }
    if let Kind::Map(entries) = &root.kind {
        for (k, v) in entries {
            let key = scalar_text(k).unwrap_or_default();
            match key.as_str() {
                "services" | "networks" | "name" | "version" => {}
                "volumes" | "secrets" | "configs" | "models" | "include" => {
                    if !matches!(&v.kind, Kind::Map(m) if m.is_empty()) && !v.is_null() {
                        let what = match key.as_str() {
                            "include" => "include is accepted but not simulated: the included files are not loaded, so their services are missing".to_string(),
                            "models" => "models are accepted but not simulated: no model runner is started".to_string(),
                            other => format!("{other} are accepted but not simulated: none are created"),
                        };
                        notes.push((what, k.pos));
                    }
                    let mut v = v.clone();
                    if key != "include" && key != "models" {
                        name_resources(&mut v, name);
                    }
                    other.insert(key, v);
                }
                _ => {
                    other.insert(key, v.clone());
                }
            }
        }
    }
    Ok((services, networks, other))
}

fn service(
    name: &str,
    pos: Pos,
    n: &Node,
    working_dir: &str,
    env: &SortedMap<String, String>,
    notes: &mut Vec<(String, Pos)>,
) -> Result<Service, NormError> {
    let mut s = Service {
        name: name.to_string(),
        pos,
        ..Service::default()
    };
    let get = |k: &str| n.get(k);
    s.command = command_of(get("command")).map_err(|e| (e, pos))?;
    s.entrypoint = command_of(get("entrypoint")).map_err(|e| (e, pos))?;
    // Plain fields by table: one loop each instead of a call sequence per
    // field (page size).
    for (key, field) in [
        ("image", &mut s.image),
        ("container_name", &mut s.container_name),
        ("hostname", &mut s.hostname),
        ("domainname", &mut s.domainname),
        ("restart", &mut s.restart),
        ("user", &mut s.user),
        ("working_dir", &mut s.working_dir),
        ("stop_signal", &mut s.stop_signal),
        ("network_mode", &mut s.network_mode),
    ] {
        *field = opt_str(get(key));
    }
    for (key, field) in [
        ("tty", &mut s.tty),
        ("stdin_open", &mut s.stdin_open),
        ("privileged", &mut s.privileged),
    ] {
        *field = bool_of(get(key)).unwrap_or(false);
    }
    s.init = bool_of(get("init"));
    s.scale = int_of(get("scale"));
    s.deploy_replicas = int_of(get("deploy").and_then(|d| d.get("replicas")));
    for (key, field) in [
        ("profiles", &mut s.profiles),
        ("expose", &mut s.expose),
        ("links", &mut s.links),
        ("external_links", &mut s.external_links),
        ("dns", &mut s.dns),
        ("dns_search", &mut s.dns_search),
        ("dns_opt", &mut s.dns_opt),
    ] {
        *field = get(key).map(strings_of).unwrap_or_default();
    }
    // loader/omitEmpty.go: empty `dns` entries (an unset variable) go.
    s.dns.retain(|d| !d.is_empty());
    s.labels = string_map(get("labels"));
    // environment: names without a value come from the project environment
    // when it has them (loader/normalize.go resolve, keepEmpty).
    if let Some(e) = get("environment") {
        for (k, v) in list_or_dict(e) {
            let v = v.or_else(|| env.get(&k).cloned());
            s.environment.insert(k, v);
        }
    }
    if let Some(Kind::Seq(items)) = get("volumes").map(|v| &v.kind) {
        for item in items {
            let m = crate::volumes::mount(item, working_dir, env.get("HOME").map(String::as_str))?;
            s.volumes.push(m);
        }
    }
    let sources = |key: &str| -> Vec<String> {
        match get(key).map(|v| &v.kind) {
            Some(Kind::Seq(items)) => items
                .iter()
                .filter_map(|i| match &i.kind {
                    Kind::Map(_) => i.get("source").and_then(scalar_text),
                    _ => scalar_text(i),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    s.secrets = sources("secrets");
    s.configs = sources("configs");
    if let Some(h) = get("extra_hosts") {
        s.extra_hosts = extra_hosts(h).map_err(|e| (e, h.pos))?;
    }
    if let Some(h) = get("healthcheck") {
        s.healthcheck = Some(healthcheck(h));
    }
    if let Some(p) = get("ports") {
        if let Kind::Seq(items) = &p.kind {
            for item in items {
                s.ports.extend(port(name, item)?);
            }
        }
    }
    // override/uncity.go EnforceUnicity: an entry equal by its key to an
    // earlier one replaces it in place (within one file too).
    s.ports = unique_by(std::mem::take(&mut s.ports), |p| {
        format!(
            "{}:{}:{}/{}",
            p.host_ip.as_deref().unwrap_or("0.0.0.0"),
            p.published.as_deref().unwrap_or("%!s(<nil>)"),
            p.target,
            p.protocol
        )
    });
    for list in [
        &mut s.expose,
        &mut s.dns,
        &mut s.dns_opt,
        &mut s.dns_search,
        &mut s.links,
        &mut s.profiles,
    ] {
        *list = unique_by(std::mem::take(list), String::clone);
    }
    // networks: a list or a map; `networks: {}` means default.
    if let Some(nets) = get("networks") {
        match &nets.kind {
            Kind::Seq(items) => {
                for i in items {
                    if let Some(k) = scalar_text(i) {
                        s.networks.insert(k, None);
                    }
                }
            }
            Kind::Map(entries) => {
                for (k, v) in entries {
                    let key = scalar_text(k).unwrap_or_default();
                    let cfg = match &v.kind {
                        Kind::Map(_) => Some(service_network(v)),
                        _ => None,
                    };
                    s.networks.insert(key, cfg);
                }
            }
            _ => {}
        }
    }
    if s.network_mode.is_none() && s.networks.is_empty() {
        s.networks.insert("default".to_string(), None);
    }
    // depends_on, then the implicit dependencies of links and of
    // network_mode: service:x (restart: true).
    if let Some(d) = get("depends_on") {
        match &d.kind {
            Kind::Seq(items) => {
                for i in items {
                    if let Some(k) = scalar_text(i) {
                        s.depends_on.insert(
                            k,
                            Dependency {
                                condition: "service_started".into(),
                                restart: false,
                                required: true,
                            },
                        );
                    }
                }
            }
            Kind::Map(entries) => {
                for (k, v) in entries {
                    s.depends_on.insert(
                        scalar_text(k).unwrap_or_default(),
                        Dependency {
                            condition: opt_str(v.get("condition"))
                                .unwrap_or_else(|| "service_started".into()),
                            restart: bool_of(v.get("restart")).unwrap_or(false),
                            required: bool_of(v.get("required")).unwrap_or(true),
                        },
                    );
                }
            }
            _ => {}
        }
    }
    let implicit = Dependency {
        condition: "service_started".into(),
        restart: true,
        required: true,
    };
    for link in &s.links {
        let parts: Vec<&str> = link.split(':').collect();
        let target = if parts.len() == 2 {
            parts[0]
        } else {
            link.as_str()
        };
        s.depends_on
            .entry(target.to_string())
            .or_insert_with(|| implicit.clone());
    }
    if let Some(shared) = s
        .network_mode
        .as_deref()
        .and_then(|m| m.strip_prefix("service:"))
    {
        s.depends_on
            .entry(shared.to_string())
            .or_insert_with(|| implicit.clone());
    }
    // Everything else: kept, and named.
    if let Kind::Map(entries) = &n.kind {
        for (k, v) in entries {
            let key = scalar_text(k).unwrap_or_default();
            if MODELLED.contains(&key.as_str()) {
                continue;
            }
            if key == "deploy" {
                let only_replicas = matches!(&v.kind, Kind::Map(m) if m.iter().all(|(dk, _)| dk.as_str() == Some("replicas")));
                if !only_replicas {
                    notes.push((
                        unmodelled_note(&format!("services.{name}"), "deploy").unwrap_or_default(),
                        k.pos,
                    ));
                }
            } else if let Some(note) = unmodelled_note(&format!("services.{name}"), &key) {
                notes.push((note, k.pos));
            }
            s.other.insert(key, v.clone());
        }
    }
    Ok(s)
}

/// compose-go `setNameFromKey` for volumes, secrets and configs: a
/// resource without `name:` is `<project>_<key>`, or the key when external.
fn name_resources(top: &mut Node, project: &str) {
    let Kind::Map(entries) = &mut top.kind else {
        return;
    };
    for (k, v) in entries.iter_mut() {
        let key = scalar_text(k).unwrap_or_default();
        if v.is_null() {
            v.kind = Kind::Map(Vec::new());
        }
        let external = matches!(v.get("external").map(|e| &e.kind), Some(Kind::Bool(true)));
        if let Kind::Map(fields) = &mut v.kind {
            if !fields.iter().any(|(f, _)| f.as_str() == Some("name")) {
                let name = if external {
                    key
                } else {
                    format!("{project}_{key}")
                };
                fields.push((
                    Node::new(Kind::Str("name".into()), v.pos),
                    Node::new(Kind::Str(name), v.pos),
                ));
            }
        }
    }
}

/// Keeps the first position of each key with the last value given for it.
fn unique_by<T>(items: Vec<T>, key: impl Fn(&T) -> String) -> Vec<T> {
    let mut at: SortedMap<String, usize> = SortedMap::new();
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        let k = key(&item);
        match at.get(&k) {
            Some(&i) => out[i] = item,
            None => {
                at.insert(k, out.len());
                out.push(item);
            }
        }
    }
    out
}

fn extra_hosts(n: &Node) -> Result<Vec<(String, String)>, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    match &n.kind {
        Kind::Seq(items) => {
            for item in items {
                let s = scalar_text(item).unwrap_or_default();
                let split = s.split_once('=').or_else(|| s.split_once(':'));
                let Some((host, ips)) = split else {
                    return Err(format!("invalid additional host, missing IP: {s}"));
                };
                for ip in ips.split(',') {
                    pairs.push((host.to_string(), ip.to_string()));
                }
            }
        }
        Kind::Map(entries) => {
            for (k, v) in entries {
                let host = scalar_text(k).unwrap_or_default();
                match &v.kind {
                    Kind::Seq(_) => {
                        for ip in strings_of(v) {
                            pairs.push((host.clone(), ip));
                        }
                    }
                    _ => pairs.push((host, scalar_text(v).unwrap_or_default())),
                }
            }
        }
        _ => {}
    }
    for (host, ip) in pairs.iter_mut() {
        if host.is_empty() || host.contains([':', '=']) {
            return Err(format!("bad host name '{host}'"));
        }
        if ip.len() > 2 && ip.starts_with('[') && ip.ends_with(']') {
            *ip = ip[1..ip.len() - 1].to_string();
        }
    }
    // config prints them as sorted "host=ip" strings.
    bridgeport_golib::sort::sort_by(&mut pairs, |a, b| {
        format!("{}={}", a.0, a.1).cmp(&format!("{}={}", b.0, b.1))
    });
    Ok(pairs)
}

fn healthcheck(n: &Node) -> Healthcheck {
    let dur = |k: &str| opt_str(n.get(k)).and_then(|s| crate::duration::parse(&s));
    let test = match n.get("test") {
        Some(t) => match &t.kind {
            Kind::Seq(_) => strings_of(t),
            Kind::Null => Vec::new(),
            _ => vec!["CMD-SHELL".to_string(), scalar_text(t).unwrap_or_default()],
        },
        None => Vec::new(),
    };
    let disable =
        bool_of(n.get("disable")).unwrap_or(false) || test.first().is_some_and(|t| t == "NONE");
    Healthcheck {
        test,
        timeout: dur("timeout"),
        interval: dur("interval"),
        retries: int_of(n.get("retries")).and_then(|r| u64::try_from(r).ok()),
        start_period: dur("start_period"),
        start_interval: dur("start_interval"),
        disable,
    }
}

fn port(service: &str, item: &Node) -> Result<Vec<Port>, NormError> {
    match &item.kind {
        // transform/ports.go: only ints, strings and mappings are ports.
        Kind::Float(_) => Err((
            format!("services.{service}.ports: invalid type float64 for port"),
            item.pos,
        )),
        Kind::Map(_) => {
            let target = match item.get("target").map(|t| &t.kind) {
                Some(Kind::Int(i)) => u32::try_from(*i).unwrap_or(0),
                Some(Kind::Str(s)) => s.parse().map_err(|_| {
                    (
                        format!(
                            "services.ports.target: strconv.ParseUint: parsing {}: invalid syntax",
                            crate::yaml::go_quote(s)
                        ),
                        item.pos,
                    )
                })?,
                _ => 0,
            };
            Ok(vec![Port {
                name: opt_str(item.get("name")),
                mode: opt_str(item.get("mode")).unwrap_or_else(|| "ingress".into()),
                host_ip: opt_str(item.get("host_ip")).filter(|s| !s.is_empty()),
                target,
                published: opt_str(item.get("published")).filter(|s| !s.is_empty()),
                protocol: opt_str(item.get("protocol")).unwrap_or_else(|| "tcp".into()),
                app_protocol: opt_str(item.get("app_protocol")),
            }])
        }
        _ => {
            let text = scalar_text(item).unwrap_or_default();
            crate::ports::parse_short(&text).map_err(|e| (e, item.pos))
        }
    }
}

fn service_network(n: &Node) -> ServiceNetwork {
    ServiceNetwork {
        aliases: n.get("aliases").map(strings_of).unwrap_or_default(),
        driver_opts: string_map(n.get("driver_opts")),
        gw_priority: int_of(n.get("gw_priority")).unwrap_or(0),
        interface_name: opt_str(n.get("interface_name")),
        ipv4_address: opt_str(n.get("ipv4_address")),
        ipv6_address: opt_str(n.get("ipv6_address")),
        link_local_ips: n.get("link_local_ips").map(strings_of).unwrap_or_default(),
        mac_address: opt_str(n.get("mac_address")),
        priority: int_of(n.get("priority")).unwrap_or(0),
    }
}

fn network(
    project: &str,
    key: &str,
    n: &Node,
    notes: &mut Vec<(String, Pos)>,
) -> Result<Network, NormError> {
    // `external` is a boolean, or (deprecated) a mapping with `name`.
    let (external, external_name) = match n.get("external").map(|e| &e.kind) {
        Some(Kind::Bool(b)) => (*b, None),
        Some(Kind::Map(_)) => (true, n.get("external").and_then(|e| opt_str(e.get("name")))),
        Some(Kind::Str(s)) => (s.parse().unwrap_or(false), None),
        _ => (false, None),
    };
    let explicit = opt_str(n.get("name")).or(external_name);
    let name = match explicit {
        Some(x) => x,
        None if external => key.to_string(),
        None => format!("{project}_{key}"),
    };
    let ipam = n.get("ipam").map(|i| Ipam {
        driver: opt_str(i.get("driver")),
        config: match i.get("config").map(|c| &c.kind) {
            Some(Kind::Seq(pools)) => pools
                .iter()
                .map(|p| IpamPool {
                    subnet: opt_str(p.get("subnet")),
                    gateway: opt_str(p.get("gateway")),
                    ip_range: opt_str(p.get("ip_range")),
                    aux_addresses: string_map(p.get("aux_addresses")),
                })
                .collect(),
            _ => Vec::new(),
        },
        options: string_map(i.get("options")),
    });
    let mut other = SortedMap::new();
    if let Kind::Map(entries) = &n.kind {
        for (k, v) in entries {
            if let Some(x) = k.as_str().filter(|x| x.starts_with("x-")) {
                other.insert(x.to_string(), v.clone());
            }
        }
    }
    let driver = opt_str(n.get("driver"));
    if let Some(d) = driver
        .as_deref()
        .filter(|d| !matches!(*d, "bridge" | "host" | "none"))
    {
        if let Some(k) = n.get("driver") {
            notes.push((
                format!("networks.{key}.driver {d} is simulated as a bridge network"),
                k.pos,
            ));
        }
    }
    Ok(Network {
        name,
        driver,
        driver_opts: string_map(n.get("driver_opts")),
        ipam,
        external,
        internal: bool_of(n.get("internal")).unwrap_or(false),
        attachable: bool_of(n.get("attachable")).unwrap_or(false),
        labels: string_map(n.get("labels")),
        enable_ipv4: bool_of(n.get("enable_ipv4")),
        enable_ipv6: bool_of(n.get("enable_ipv6")),
        other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_split_like_go_shellwords() {
        assert_eq!(
            shell_words("sleep infinity").unwrap(),
            vec!["sleep", "infinity"]
        );
        assert_eq!(
            shell_words(r#"sh -c 'echo hi && sleep 1' "a b" c\ d"#).unwrap(),
            vec!["sh", "-c", "echo hi && sleep 1", "a b", "c d"]
        );
    }
}

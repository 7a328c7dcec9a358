//! `docker compose config`: the canonical project as YAML, as compose-go's
//! `Project.MarshalYAML` and go-yaml's encoder print it (reference §3.8):
//! two-space indent, sequences indented under their key, keys in Go struct
//! field order (not input order), maps sorted by key, strings quoted only
//! where go-yaml quotes them (`published: "8080"`), every `$` doubled
//! (`cmd/compose/config.go` runConfig). Keys outside the model print as
//! they were written, at their struct position.

use crate::model::*;
use crate::normalize::go_float;
use crate::yaml::{Kind, Node};
use bridgeport_golib::sorted_map::SortedMap;
use std::fmt::Write;

/// compose-go `types.ServiceConfig` field order (yaml names).
const SERVICE_ORDER: &[&str] = &[
    "name",
    "profiles",
    "annotations",
    "attach",
    "build",
    "develop",
    "blkio_config",
    "cap_add",
    "cap_drop",
    "cgroup_parent",
    "cgroup",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "cpus",
    "cpuset",
    "cpu_shares",
    "command",
    "configs",
    "container_name",
    "credential_spec",
    "depends_on",
    "deploy",
    "devices",
    "device_cgroup_rules",
    "dns",
    "dns_opt",
    "dns_search",
    "dockerfile",
    "domainname",
    "entrypoint",
    "provider",
    "environment",
    "env_file",
    "expose",
    "extends",
    "external_links",
    "extra_hosts",
    "group_add",
    "gpus",
    "hostname",
    "healthcheck",
    "image",
    "init",
    "ipc",
    "isolation",
    "labels",
    "label_file",
    "links",
    "logging",
    "log_driver",
    "log_opt",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "mac_address",
    "models",
    "net",
    "network_mode",
    "networks",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "pids_limit",
    "platform",
    "ports",
    "privileged",
    "pull_policy",
    "pull_refresh_after",
    "read_only",
    "restart",
    "runtime",
    "scale",
    "secrets",
    "security_opt",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "tty",
    "ulimits",
    "use_api_socket",
    "user",
    "userns_mode",
    "uts",
    "volume_driver",
    "volumes",
    "volumes_from",
    "working_dir",
    "pre_start",
    "post_start",
    "pre_stop",
];

/// A printable YAML value: the model is turned into this, then written.
enum Out {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Out>),
    Map(Vec<(String, Out)>),
}

fn from_node(n: &Node) -> Out {
    match &n.kind {
        Kind::Null => Out::Null,
        Kind::Bool(b) => Out::Bool(*b),
        Kind::Int(i) => Out::Int(*i),
        Kind::Float(f) => Out::Float(*f),
        Kind::Str(s) => Out::Str(s.clone()),
        Kind::Seq(items) => Out::Seq(items.iter().map(from_node).collect()),
        Kind::Map(entries) => {
            let mut m: Vec<(String, Out)> = entries
                .iter()
                .map(|(k, v)| {
                    (
                        crate::normalize::scalar_text(k).unwrap_or_default(),
                        from_node(v),
                    )
                })
                .collect();
            bridgeport_golib::sort::sort_by(&mut m, |a, b| a.0.cmp(&b.0));
            Out::Map(m)
        }
    }
}

fn s(v: &str) -> Out {
    Out::Str(v.to_string())
}

fn strs(v: &[String]) -> Out {
    Out::Seq(v.iter().map(|x| s(x)).collect())
}

fn smap(m: &SortedMap<String, String>) -> Out {
    Out::Map(m.iter().map(|(k, v)| (k.clone(), s(v))).collect())
}

fn push_opt(m: &mut Vec<(String, Out)>, k: &str, v: &Option<String>) {
    if let Some(v) = v {
        if !v.is_empty() {
            m.push((k.to_string(), s(v)));
        }
    }
}

fn service_out(svc: &Service) -> Out {
    let mut m: Vec<(String, Out)> = Vec::new();
    for key in SERVICE_ORDER {
        let v: Option<Out> = match *key {
            "profiles" if !svc.profiles.is_empty() => Some(strs(&svc.profiles)),
            "command" => svc.command.as_ref().map(|c| strs(c)),
            "entrypoint" => svc.entrypoint.as_ref().map(|c| strs(c)),
            "container_name" => svc.container_name.clone().map(Out::Str),
            "depends_on" if !svc.depends_on.is_empty() => Some(Out::Map(
                svc.depends_on
                    .iter()
                    .map(|(k, d)| {
                        let mut e = vec![("condition".to_string(), s(&d.condition))];
                        if d.restart {
                            e.push(("restart".into(), Out::Bool(true)));
                        }
                        e.push(("required".into(), Out::Bool(d.required)));
                        (k.clone(), Out::Map(e))
                    })
                    .collect(),
            )),
            "deploy" => {
                let mut d: Vec<(String, Out)> = match svc.other.get("deploy").map(from_node) {
                    Some(Out::Map(m)) => m.into_iter().filter(|(k, _)| k != "replicas").collect(),
                    _ => Vec::new(),
                };
                if let Some(r) = svc.deploy_replicas {
                    d.push(("replicas".into(), Out::Int(r)));
                    bridgeport_golib::sort::sort_by_key(&mut d, |(k, _)| deploy_rank(k));
                }
                (!d.is_empty()).then_some(Out::Map(d))
            }
            "dns" if !svc.dns.is_empty() => Some(strs(&svc.dns)),
            "dns_opt" if !svc.dns_opt.is_empty() => Some(strs(&svc.dns_opt)),
            "dns_search" if !svc.dns_search.is_empty() => Some(strs(&svc.dns_search)),
            "domainname" => svc.domainname.clone().map(Out::Str),
            "environment" if !svc.environment.is_empty() => Some(Out::Map(
                svc.environment
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_ref().map_or(Out::Null, |x| s(x))))
                    .collect(),
            )),
            "expose" if !svc.expose.is_empty() => Some(strs(&svc.expose)),
            "external_links" if !svc.external_links.is_empty() => Some(strs(&svc.external_links)),
            "extra_hosts" if !svc.extra_hosts.is_empty() => Some(Out::Seq(
                svc.extra_hosts
                    .iter()
                    .map(|(h, ip)| Out::Str(format!("{h}={ip}")))
                    .collect(),
            )),
            "hostname" => svc.hostname.clone().map(Out::Str),
            "healthcheck" => svc.healthcheck.as_ref().map(healthcheck_out),
            "image" => svc.image.clone().map(Out::Str),
            "init" => svc.init.map(Out::Bool),
            "labels" if !svc.labels.is_empty() => Some(smap(&svc.labels)),
            "links" if !svc.links.is_empty() => Some(strs(&svc.links)),
            "network_mode" => svc.network_mode.clone().map(Out::Str),
            "networks" if !svc.networks.is_empty() => Some(Out::Map(
                svc.networks
                    .iter()
                    .map(|(k, v)| (k.clone(), v.as_ref().map_or(Out::Null, service_network_out)))
                    .collect(),
            )),
            "ports" if !svc.ports.is_empty() => {
                Some(Out::Seq(svc.ports.iter().map(port_out).collect()))
            }
            "privileged" if svc.privileged => Some(Out::Bool(true)),
            "restart" => svc.restart.clone().map(Out::Str),
            "scale" => svc.scale.map(Out::Int),
            "stdin_open" if svc.stdin_open => Some(Out::Bool(true)),
            "stop_signal" => svc.stop_signal.clone().map(Out::Str),
            "tty" if svc.tty => Some(Out::Bool(true)),
            "user" => svc.user.clone().map(Out::Str),
            "volumes" if !svc.volumes.is_empty() => {
                let raw: &[Node] = match svc.other.get("volumes").map(|n| &n.kind) {
                    Some(Kind::Seq(items)) => items,
                    _ => &[],
                };
                Some(Out::Seq(
                    svc.volumes
                        .iter()
                        .enumerate()
                        .map(|(i, m)| volume_out(m, raw.get(i)))
                        .collect(),
                ))
            }
            "working_dir" => svc.working_dir.clone().map(Out::Str),
            other => svc.other.get(other).map(from_node),
        };
        if let Some(v) = v {
            m.push((key.to_string(), v));
        }
    }
    // x-* extensions come last, sorted.
    for (k, v) in &svc.other {
        if k.starts_with("x-") {
            m.push((k.clone(), from_node(v)));
        }
    }
    Out::Map(m)
}

/// A mount in `types.ServiceVolumeConfig` order; a short entry gets what
/// `format.ParseVolume` sets (`bind: {create_host_path: true}` or
/// `volume: {}`).
fn volume_out(m: &crate::volumes::Mount, raw: Option<&Node>) -> Out {
    let mut v = vec![("type".to_string(), s(&m.kind))];
    if !m.source.is_empty() {
        v.push(("source".into(), s(&m.source)));
    }
    v.push(("target".into(), s(&m.target)));
    if m.read_only {
        v.push(("read_only".into(), Out::Bool(true)));
    }
    match raw.map(|r| &r.kind) {
        Some(Kind::Map(_)) => {
            for key in ["consistency", "bind", "volume", "tmpfs", "image"] {
                if let Some(x) = raw.and_then(|r| r.get(key)) {
                    v.push((key.into(), from_node(x)));
                }
            }
        }
        _ if m.kind == "bind" => {
            v.push((
                "bind".into(),
                Out::Map(vec![("create_host_path".into(), Out::Bool(true))]),
            ));
        }
        _ => v.push(("volume".into(), Out::Map(Vec::new()))),
    }
    Out::Map(v)
}

/// A top-level volume, secret or config: `name` first (the struct's first
/// field), the rest in key order.
fn resource_out(n: &Node) -> Out {
    let Out::Map(mut entries) = from_node(n) else {
        return from_node(n);
    };
    for (_, v) in entries.iter_mut() {
        if let Out::Map(fields) = v {
            if let Some(i) = fields.iter().position(|(k, _)| k == "name") {
                let name = fields.remove(i);
                fields.insert(0, name);
            }
        }
    }
    Out::Map(entries)
}

fn deploy_rank(k: &str) -> usize {
    const ORDER: &[&str] = &[
        "mode",
        "replicas",
        "labels",
        "update_config",
        "rollback_config",
        "resources",
        "restart_policy",
        "placement",
        "endpoint_mode",
    ];
    ORDER.iter().position(|o| *o == k).unwrap_or(ORDER.len())
}

fn healthcheck_out(h: &Healthcheck) -> Out {
    let mut m = Vec::new();
    if !h.test.is_empty() {
        m.push(("test".into(), strs(&h.test)));
    }
    let d = |v: Option<i64>| v.map(|ns| s(&crate::duration::format(ns)));
    for (k, v) in [("timeout", h.timeout), ("interval", h.interval)] {
        if let Some(x) = d(v) {
            m.push((k.into(), x));
        }
    }
    if let Some(r) = h.retries {
        m.push((
            "retries".into(),
            Out::Int(i64::try_from(r).unwrap_or(i64::MAX)),
        ));
    }
    for (k, v) in [
        ("start_period", h.start_period),
        ("start_interval", h.start_interval),
    ] {
        if let Some(x) = d(v) {
            m.push((k.into(), x));
        }
    }
    if h.disable {
        m.push(("disable".into(), Out::Bool(true)));
    }
    Out::Map(m)
}

fn port_out(p: &Port) -> Out {
    let mut m = Vec::new();
    push_opt(&mut m, "name", &p.name);
    m.push(("mode".into(), s(&p.mode)));
    push_opt(&mut m, "host_ip", &p.host_ip);
    m.push(("target".into(), Out::Int(i64::from(p.target))));
    push_opt(&mut m, "published", &p.published);
    m.push(("protocol".into(), s(&p.protocol)));
    push_opt(&mut m, "app_protocol", &p.app_protocol);
    Out::Map(m)
}

fn service_network_out(n: &ServiceNetwork) -> Out {
    let mut m = Vec::new();
    if !n.aliases.is_empty() {
        m.push(("aliases".into(), strs(&n.aliases)));
    }
    if !n.driver_opts.is_empty() {
        m.push(("driver_opts".into(), smap(&n.driver_opts)));
    }
    if n.gw_priority != 0 {
        m.push(("gw_priority".into(), Out::Int(n.gw_priority)));
    }
    push_opt(&mut m, "interface_name", &n.interface_name);
    push_opt(&mut m, "ipv4_address", &n.ipv4_address);
    push_opt(&mut m, "ipv6_address", &n.ipv6_address);
    if !n.link_local_ips.is_empty() {
        m.push(("link_local_ips".into(), strs(&n.link_local_ips)));
    }
    push_opt(&mut m, "mac_address", &n.mac_address);
    if n.priority != 0 {
        m.push(("priority".into(), Out::Int(n.priority)));
    }
    Out::Map(m)
}

fn network_out(n: &Network) -> Out {
    let mut m = vec![("name".to_string(), s(&n.name))];
    push_opt(&mut m, "driver", &n.driver);
    if !n.driver_opts.is_empty() {
        m.push(("driver_opts".into(), smap(&n.driver_opts)));
    }
    if let Some(ipam) = &n.ipam {
        let mut i = Vec::new();
        push_opt(&mut i, "driver", &ipam.driver);
        if !ipam.config.is_empty() {
            let pools = ipam
                .config
                .iter()
                .map(|p| {
                    let mut pm = Vec::new();
                    push_opt(&mut pm, "subnet", &p.subnet);
                    push_opt(&mut pm, "gateway", &p.gateway);
                    push_opt(&mut pm, "ip_range", &p.ip_range);
                    if !p.aux_addresses.is_empty() {
                        pm.push(("aux_addresses".into(), smap(&p.aux_addresses)));
                    }
                    Out::Map(pm)
                })
                .collect();
            i.push(("config".into(), Out::Seq(pools)));
        }
        if !ipam.options.is_empty() {
            i.push(("options".into(), smap(&ipam.options)));
        }
        if !i.is_empty() {
            m.push(("ipam".into(), Out::Map(i)));
        }
    }
    if n.external {
        m.push(("external".into(), Out::Bool(true)));
    }
    if n.internal {
        m.push(("internal".into(), Out::Bool(true)));
    }
    if n.attachable {
        m.push(("attachable".into(), Out::Bool(true)));
    }
    if !n.labels.is_empty() {
        m.push(("labels".into(), smap(&n.labels)));
    }
    if let Some(b) = n.enable_ipv4 {
        m.push(("enable_ipv4".into(), Out::Bool(b)));
    }
    if let Some(b) = n.enable_ipv6 {
        m.push(("enable_ipv6".into(), Out::Bool(b)));
    }
    for (k, v) in &n.other {
        m.push((k.clone(), from_node(v)));
    }
    Out::Map(m)
}

impl Project {
    /// `docker compose config` output (stdout), ending in a newline.
    pub fn config_yaml(&self) -> String {
        let mut top: Vec<(String, Out)> = vec![("name".into(), s(&self.name))];
        if !self.services.is_empty() {
            top.push((
                "services".into(),
                Out::Map(
                    self.services
                        .iter()
                        .map(|(k, v)| (k.clone(), service_out(v)))
                        .collect(),
                ),
            ));
        }
        if !self.networks.is_empty() {
            top.push((
                "networks".into(),
                Out::Map(
                    self.networks
                        .iter()
                        .map(|(k, v)| (k.clone(), network_out(v)))
                        .collect(),
                ),
            ));
        }
        for key in ["volumes", "secrets", "configs", "models"] {
            if let Some(v) = self.other.get(key) {
                top.push((key.into(), resource_out(v)));
            }
        }
        for (k, v) in &self.other {
            if k.starts_with("x-") {
                top.push((k.clone(), from_node(v)));
            }
        }
        let mut out = String::new();
        if self.interpolated {
            write_map(&mut out, &top, 0);
            return out.replace('$', "$$");
        }
        let mut top = Out::Map(top);
        sort_keys(&mut top);
        if let Out::Map(m) = &top {
            write_map(&mut out, m, 0);
        }
        out
    }
}

/// Every mapping's keys in order, as go-yaml prints a Go map.
fn sort_keys(v: &mut Out) {
    match v {
        Out::Map(m) => {
            bridgeport_golib::sort::sort_by(m, |a, b| a.0.cmp(&b.0));
            for (_, x) in m.iter_mut() {
                sort_keys(x);
            }
        }
        Out::Seq(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

fn write_map(out: &mut String, m: &[(String, Out)], indent: usize) {
    for (k, v) in m {
        let pad = " ".repeat(indent);
        let key = scalar_str(k);
        match v {
            Out::Map(inner) if !inner.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                write_map(out, inner, indent + 2);
            }
            Out::Seq(items) if !items.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                write_seq(out, items, indent + 2);
            }
            other => {
                let _ = writeln!(out, "{pad}{key}: {}", inline(other, indent + 2));
            }
        }
    }
}

fn write_seq(out: &mut String, items: &[Out], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Out::Map(inner) if !inner.is_empty() => {
                // The first key shares the dash's line.
                let mut first = String::new();
                write_map(&mut first, inner, indent + 2);
                let body = first.get(indent + 2..).unwrap_or("");
                let _ = write!(out, "{pad}- {body}");
            }
            Out::Seq(inner) if !inner.is_empty() => {
                let mut nested = String::new();
                write_seq(&mut nested, inner, indent + 2);
                let body = nested.get(indent + 2..).unwrap_or("");
                let _ = write!(out, "{pad}- {body}");
            }
            other => {
                let _ = writeln!(out, "{pad}- {}", inline(other, indent + 2));
            }
        }
    }
}

fn inline(v: &Out, indent: usize) -> String {
    match v {
        Out::Null => "null".into(),
        Out::Bool(b) => b.to_string(),
        Out::Int(i) => i.to_string(),
        Out::Float(f) => {
            if f.is_nan() {
                ".nan".into()
            } else if f.is_infinite() {
                if *f > 0.0 {
                    ".inf".into()
                } else {
                    "-.inf".into()
                }
            } else {
                let t = go_float(*f);
                if t.contains(['.', 'e']) {
                    t
                } else {
                    format!("{t}.0").replace(".0.0", ".0")
                }
            }
        }
        Out::Str(s) if s.contains('\n') => literal(s, indent),
        Out::Str(s) => scalar_str(s),
        Out::Map(_) => "{}".into(),
        Out::Seq(_) => "[]".into(),
    }
}

fn literal(s: &str, indent: usize) -> String {
    let chomp = if s.ends_with('\n') { "" } else { "-" };
    let pad = " ".repeat(indent);
    let mut out = format!("|{chomp}");
    for line in s.trim_end_matches('\n').split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// A string as go-yaml's encoder writes it: plain when it would read back
/// as the same string, double-quoted when it would read as another type (or
/// is a YAML 1.1 bool or base-60 number), single-quoted when the emitter
/// cannot write it plain.
fn scalar_str(s: &str) -> String {
    let reads_as_other = !matches!(crate::yaml::resolve_str(s), Kind::Str(_));
    if reads_as_other || is_old_bool(s) || is_base60(s) {
        return double_quoted(s);
    }
    if s.chars().any(|c| c.is_control() && c != '\n') {
        return double_quoted(s);
    }
    if plain_allowed(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "''"))
}

fn double_quoted(s: &str) -> String {
    crate::yaml::go_quote(s)
}

fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// go-yaml `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match s.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac {
        if !f.chars().all(|c| c.is_ascii_digit() || c == '_') {
            return false;
        }
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if head.is_empty()
        || !head.starts_with(|c: char| c.is_ascii_digit())
        || !head.chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && rest.iter().all(|p| {
            let b = p.as_bytes();
            match b.len() {
                1 => b[0].is_ascii_digit(),
                2 => (b'0'..=b'5').contains(&b[0]) && b[1].is_ascii_digit(),
                _ => false,
            }
        })
}

/// libyaml's `yaml_emitter_analyze_scalar`, block context.
fn plain_allowed(s: &str) -> bool {
    if s.is_empty() || s.starts_with("---") || s.starts_with("...") {
        return false;
    }
    let chars: Vec<char> = s.chars().collect();
    let first = chars[0];
    let followed_by_blank = |i: usize| chars.get(i + 1).is_none_or(|c| *c == ' ' || *c == '\t');
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    if matches!(first, '-' | '?' | ':') && followed_by_blank(0) {
        return false;
    }
    if first == ' ' || chars.last() == Some(&' ') || first == '\t' || chars.last() == Some(&'\t') {
        return false;
    }
    for (i, c) in chars.iter().enumerate() {
        if *c == ':' && followed_by_blank(i) {
            return false;
        }
        if *c == '#' && i > 0 && (chars[i - 1] == ' ' || chars[i - 1] == '\t') {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    // go-yaml encoder quoting (encode.go stringv, emitterc.go analyze_scalar).
    #[test]
    fn strings_are_quoted_as_go_yaml_quotes_them() {
        assert_eq!(scalar_str("8080"), "\"8080\"");
        assert_eq!(scalar_str("nginx:alpine"), "nginx:alpine");
        assert_eq!(scalar_str("yes"), "\"yes\"");
        assert_eq!(scalar_str("true"), "\"true\"");
        assert_eq!(scalar_str(""), "\"\"");
        assert_eq!(scalar_str("8080:80"), "8080:80");
        assert_eq!(scalar_str("1:20"), "\"1:20\"");
        assert_eq!(scalar_str("a: b"), "'a: b'");
        assert_eq!(scalar_str("*"), "'*'");
        assert_eq!(scalar_str("- x"), "'- x'");
        assert_eq!(scalar_str("CMD-SHELL"), "CMD-SHELL");
    }
}

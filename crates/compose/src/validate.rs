//! Consistency checks on the normalised project, as compose-go's
//! `loader/validate.go` checkConsistency and `graph.CheckCycle` word them
//! (reference §4.1 E15–E21): services are visited in name order (Go's map
//! order is random; a project with two faults may name either), each
//! service's checks in compose-go's order.

use crate::model::{Network, Service};
use crate::yaml::Pos;
use bridgeport_golib::sorted_map::SortedMap;
use bridgeport_golib::sorted_set::SortedSet;

const INVALID: &str = "invalid compose project";

/// The top-level volumes, secrets and configs a service may refer to.
#[derive(Clone, Debug, Default)]
pub struct Declared {
    /// Keys under `volumes:`.
    pub volumes: Vec<String>,
    /// Keys under `secrets:`.
    pub secrets: Vec<String>,
    /// Keys under `configs:`.
    pub configs: Vec<String>,
}

/// The first inconsistency, with the position of the service it is about.
pub fn check(
    services: &SortedMap<String, Service>,
    disabled: &SortedMap<String, Service>,
    networks: &SortedMap<String, Network>,
    declared: &Declared,
    has_build: &dyn Fn(&Service) -> bool,
) -> Result<(), (String, Pos)> {
    for s in services.values() {
        let at = |m: String| Err((m, s.pos));
        if s.image.is_none() && !has_build(s) {
            return at(format!(
                "service {} has neither an image nor a build context specified: {INVALID}",
                q(&s.name)
            ));
        }
        let declared_networks = s.network_mode.is_some() && !s.networks.is_empty();
        if declared_networks {
            return at(format!(
                "service {} declares mutually exclusive `network_mode` and `networks`: {INVALID}",
                s.name
            ));
        }
        for net in s.networks.keys() {
            if !networks.contains_key(net) {
                return at(format!(
                    "service {} refers to undefined network {net}: {INVALID}",
                    q(&s.name)
                ));
            }
        }
        if let Some(h) = &s.healthcheck {
            if let Some(first) = h.test.first() {
                if !matches!(first.as_str(), "CMD" | "CMD-SHELL" | "NONE") {
                    return at(
                        r#"healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE""#
                            .to_string(),
                    );
                }
            }
        }
        for (dep, cfg) in &s.depends_on {
            if !services.contains_key(dep) {
                if disabled.contains_key(dep) && !cfg.required {
                    continue;
                }
                return at(format!(
                    "service {} depends on undefined service {}: {INVALID}",
                    q(&s.name),
                    q(dep)
                ));
            }
        }
        if let Some(shared) = s
            .network_mode
            .as_deref()
            .and_then(|m| m.strip_prefix("service:"))
        {
            if !services.contains_key(shared) {
                return at(format!(
                    "service {} not found for network_mode 'service:{shared}'",
                    q(shared)
                ));
            }
        }
        for m in &s.volumes {
            if m.kind == "volume" && !m.source.is_empty() && !declared.volumes.contains(&m.source) {
                return at(format!(
                    "service {} refers to undefined volume {}: {INVALID}",
                    q(&s.name),
                    m.source
                ));
            }
        }
        for c in &s.configs {
            if !declared.configs.contains(c) {
                return at(format!(
                    "service {} refers to undefined config {c}: {INVALID}",
                    q(&s.name)
                ));
            }
        }
        for x in &s.secrets {
            if !declared.secrets.contains(x) {
                return at(format!(
                    "service {} refers to undefined secret {x}: {INVALID}",
                    q(&s.name)
                ));
            }
        }
        if let (Some(scale), Some(replicas)) = (s.scale, s.deploy_replicas) {
            if scale != replicas {
                return at(format!(
                    "services.{}: can't set distinct values on 'scale' and 'deploy.replicas': {INVALID}",
                    s.name
                ));
            }
        }
        if s.scale.is_some_and(|n| n < 0) {
            return at(format!(
                "services.{}.scale: must be greater than or equal to 0",
                s.name
            ));
        }
        if s.deploy_replicas.is_some_and(|n| n < 0) {
            return at(format!(
                "services.{}.deploy.replicas: must be greater than or equal to 0",
                s.name
            ));
        }
        if s.replicas() > 1 && s.container_name.is_some() {
            // The arguments are swapped in compose-go; reproduced verbatim.
            let attr = if s.scale.is_none() {
                "deploy.replicas"
            } else {
                "scale"
            };
            return at(format!(
                "services.{attr}: can't set container_name and {} as container name must be unique: {INVALID}",
                s.name
            ));
        }
    }
    check_cycle(services)
}

fn q(s: &str) -> String {
    crate::yaml::go_quote(s)
}

/// compose-go `graph.checkCycle`: from each service in name order, a
/// depth-first walk of its dependencies in name order; the first service met
/// twice on the path closes the cycle. Subtrees already walked without a
/// cycle are skipped (the exhaustive walk would find nothing new there), so
/// the time is linear instead of exponential.
fn check_cycle(services: &SortedMap<String, Service>) -> Result<(), (String, Pos)> {
    let mut done: SortedSet<&str> = SortedSet::new();
    for (name, s) in services {
        if done.contains(&name.as_str()) {
            continue;
        }
        // Explicit stack of (service, next child index).
        let mut path: Vec<&str> = vec![name];
        let mut idx: Vec<usize> = vec![0];
        while let Some(&cur) = path.last() {
            let deps: Vec<&str> = services
                .get(cur)
                .map(|c| {
                    c.depends_on
                        .keys()
                        .map(String::as_str)
                        .filter(|d| services.contains_key(*d))
                        .collect()
                })
                .unwrap_or_default();
            let i = *idx.last().unwrap_or(&0);
            if i >= deps.len() {
                done.insert(cur);
                path.pop();
                idx.pop();
                continue;
            }
            if let Some(top) = idx.last_mut() {
                *top += 1;
            }
            let child = deps[i];
            if let Some(at) = path.iter().position(|p| *p == child) {
                return Err((
                    format!(
                        "dependency cycle detected: {} -> {child}",
                        path[at..].join(" -> ")
                    ),
                    s.pos,
                ));
            }
            if done.contains(&child) {
                continue;
            }
            path.push(child);
            idx.push(0);
        }
    }
    Ok(())
}

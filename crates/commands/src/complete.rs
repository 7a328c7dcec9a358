//! Tab completion: commands, subcommands, flags (from the same tables that
//! parse them), container and network names.

use crate::context::Place;
use crate::docker::specs;
use bridgeport_engine::Engine;

const TOP: &[&str] = &[
    "attach",
    "container",
    "create",
    "exec",
    "image",
    "images",
    "inspect",
    "kill",
    "logs",
    "network",
    "port",
    "ps",
    "pull",
    "restart",
    "rm",
    "run",
    "start",
    "stop",
    "version",
];
const NETWORK_SUBS: &[&str] = &[
    "connect",
    "create",
    "disconnect",
    "inspect",
    "ls",
    "prune",
    "rm",
];
const IMAGE_SUBS: &[&str] = &["ls", "pull"];
const HOST_PROGRAMS: &[&str] = &[
    "curl", "docker", "hostname", "ip", "iptables", "lan", "nc", "ping", "ss",
];
const CONTAINER_PROGRAMS: &[&str] = &[
    "cat", "curl", "exit", "hostname", "ip", "nc", "nslookup", "ping", "wget",
];

/// Candidates that replace the last (partial) word of `line`.
pub fn complete(engine: &Engine, place: &Place, line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let partial = if line.ends_with(' ') || line.is_empty() {
        ""
    } else {
        words.last().copied().unwrap_or("")
    };
    let done: Vec<&str> = if partial.is_empty() {
        words.clone()
    } else {
        words[..words.len() - 1].to_vec()
    };
    let mut pool: Vec<String> = Vec::new();
    match place {
        Place::Container(_) | Place::Lan if done.is_empty() => {
            pool.extend(CONTAINER_PROGRAMS.iter().map(|s| s.to_string()))
        }
        Place::Host if done.is_empty() => pool.extend(HOST_PROGRAMS.iter().map(|s| s.to_string())),
        Place::Host if done.first() == Some(&"docker") => {
            let path: Vec<&str> = done[1..]
                .iter()
                .copied()
                .filter(|w| !w.starts_with('-'))
                .collect();
            match path.as_slice() {
                [] => pool.extend(TOP.iter().map(|s| s.to_string())),
                ["network"] => pool.extend(NETWORK_SUBS.iter().map(|s| s.to_string())),
                ["image"] => pool.extend(IMAGE_SUBS.iter().map(|s| s.to_string())),
                _ => {
                    let full = format!(
                        "docker {}",
                        path.iter().take(2).copied().collect::<Vec<_>>().join(" ")
                    );
                    let first = format!("docker {}", path[0]);
                    let spec = specs::ALL
                        .iter()
                        .find(|s| s.path == full)
                        .or_else(|| specs::ALL.iter().find(|s| s.path == first));
                    if partial.starts_with('-') {
                        if let Some(spec) = spec {
                            pool.extend(
                                spec.flags
                                    .iter()
                                    .filter(|f| !f.help.is_empty())
                                    .map(|f| format!("--{}", f.long)),
                            );
                        }
                    } else if path[0] == "network" {
                        pool.extend(engine.networks().iter().map(|n| n.name.clone()));
                        pool.extend(engine.containers().iter().map(|c| c.name.clone()));
                    } else if path[0] == "run" || path[0] == "create" {
                        pool.extend(
                            bridgeport_engine::image::CATALOGUE
                                .iter()
                                .map(|i| i.repo.to_string()),
                        );
                        pool.extend(engine.networks().iter().map(|n| n.name.clone()));
                    } else {
                        pool.extend(engine.containers().iter().map(|c| c.name.clone()));
                    }
                }
            }
        }
        _ => {
            pool.extend(engine.containers().iter().map(|c| c.name.clone()));
        }
    }
    bridgeport_engine::sort::sort(&mut pool);
    pool.dedup();
    pool.into_iter()
        .filter(|c| c.starts_with(partial))
        .collect()
}

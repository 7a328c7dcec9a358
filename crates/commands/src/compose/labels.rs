//! The labels Compose puts on what it creates (`pkg/api/labels.go`,
//! reference §2.7) and how it finds its objects again by them: a project's
//! containers are the ones labelled with its name (getDefaultFilters),
//! never the ones merely named like it.

use bridgeport_engine::model::{Container, Network};
use bridgeport_engine::Engine;

pub const PROJECT: &str = "com.docker.compose.project";
pub const SERVICE: &str = "com.docker.compose.service";
pub const NUMBER: &str = "com.docker.compose.container-number";
pub const ONEOFF: &str = "com.docker.compose.oneoff";
pub const VERSION: &str = "com.docker.compose.version";
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
pub const DEPENDS_ON: &str = "com.docker.compose.depends_on";
pub const IMAGE: &str = "com.docker.compose.image";
pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
pub const ENVIRONMENT_FILE: &str = "com.docker.compose.project.environment_file";
pub const NETWORK: &str = "com.docker.compose.network";
pub const SLUG: &str = "com.docker.compose.slug";

fn label<'a>(c: &'a Container, key: &str) -> Option<&'a str> {
    c.config.labels.get(key).map(String::as_str)
}

/// The service a Compose container belongs to.
pub fn service_of(c: &Container) -> &str {
    label(c, SERVICE).unwrap_or("")
}

/// Its replica number (0 for one-offs).
pub fn number_of(c: &Container) -> u32 {
    label(c, NUMBER).and_then(|n| n.parse().ok()).unwrap_or(0)
}

pub fn is_oneoff(c: &Container) -> bool {
    label(c, ONEOFF) == Some("True")
}

pub fn project_of(c: &Container) -> Option<&str> {
    label(c, PROJECT)
}

/// A project's containers, sorted by name; one-offs (`compose run`) only
/// when `oneoff`.
pub fn containers<'a>(engine: &'a Engine, project: &str, oneoff: bool) -> Vec<&'a Container> {
    let mut list: Vec<&Container> = engine
        .containers()
        .iter()
        .filter(|c| project_of(c) == Some(project) && (oneoff || !is_oneoff(c)))
        .collect();
    bridgeport_golib::sort::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
    list
}

/// The containers of one service, lowest number first.
pub fn service_containers<'a>(
    engine: &'a Engine,
    project: &str,
    service: &str,
) -> Vec<&'a Container> {
    let mut list: Vec<&Container> = containers(engine, project, false)
        .into_iter()
        .filter(|c| service_of(c) == service)
        .collect();
    bridgeport_golib::sort::sort_by(&mut list, |a, b| number_of(a).cmp(&number_of(b)));
    list
}

/// A project's networks (those carrying its project label).
pub fn networks<'a>(engine: &'a Engine, project: &str) -> Vec<&'a Network> {
    engine
        .networks()
        .iter()
        .filter(|n| n.labels.get(PROJECT).map(String::as_str) == Some(project))
        .collect()
}

/// The name Compose shows in log prefixes and `compose top`: the container
/// name without `<project>-` (`getContainerNameWithoutProject`).
pub fn short_name<'a>(c: &'a Container, project: &str) -> &'a str {
    c.name
        .strip_prefix(project)
        .and_then(|r| r.strip_prefix('-'))
        .unwrap_or(&c.name)
}

/// A stand-in for Compose's sha256 config hash: 64 hex digits derived from
/// the text of what was asked, so a change of configuration changes it.
pub fn config_hash(text: &str) -> String {
    (0..4)
        .map(|i| {
            format!(
                "{:016x}",
                bridgeport_engine::image::stable_hash(&format!("{i}:{text}"))
            )
        })
        .collect()
}

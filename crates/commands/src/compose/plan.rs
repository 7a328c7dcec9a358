//! What `up` is asked to build, in the engine's terms: networks as
//! [`NetworkCreate`] requests, services as container templates with their
//! endpoints, dependencies and replica counts, in dependency order. It is
//! made from the loaded `Project` (crate `bridgeport-compose`); the
//! commands converge the engine towards it.

use bridgeport_engine::model::{ContainerConfig, EndpointConfig};
use bridgeport_engine::NetworkCreate;

/// A project as `up` builds it.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub name: String,
    pub working_dir: String,
    pub config_files: Vec<String>,
    /// `--env-file`, for the `project.environment_file` label.
    pub env_file: Option<String>,
    pub networks: Vec<NetPlan>,
    /// Dependencies before their dependents; independent services by name.
    pub services: Vec<ServicePlan>,
    /// Warnings the loader printed and `[bridgeport]` notes for keys that
    /// would change behaviour but are not modelled.
    pub warnings: Vec<String>,
}

/// A top-level network.
#[derive(Debug, Clone, Default)]
pub struct NetPlan {
    /// The key under `networks:` (`default`, `backend`).
    pub key: String,
    /// The engine request (name, driver, options, IPAM, the user's labels).
    pub create: NetworkCreate,
    pub external: bool,
}

/// How a service's containers are networked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetMode {
    /// Project networks by key, primary first (`NetworksByPriority`), with
    /// the service's aliases and addresses on each.
    Networks(Vec<(String, EndpointConfig)>),
    Host,
    None,
    Bridge,
    /// `service:<svc>`: the namespace of that service's first container.
    Service(String),
    /// `container:<name|id>`, passed through.
    Container(String),
}

/// One `depends_on` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub service: String,
    /// `service_started`, `service_healthy`, `service_completed_successfully`.
    pub condition: String,
    pub restart: bool,
    pub required: bool,
}

/// A service.
#[derive(Debug, Clone)]
pub struct ServicePlan {
    pub name: String,
    pub image: String,
    pub container_name: Option<String>,
    pub replicas: u32,
    /// The container configuration every replica gets (the service's
    /// labels included; Compose's own are added per container).
    pub config: ContainerConfig,
    pub net: NetMode,
    pub depends_on: Vec<Dependency>,
    /// `links:` as (service, alias).
    pub links: Vec<(String, String)>,
    /// Compose's config hash of the service (`com.docker.compose.config-hash`).
    pub config_hash: String,
}

impl Plan {
    pub fn service(&self, name: &str) -> Option<&ServicePlan> {
        self.services.iter().find(|s| s.name == name)
    }

    pub fn network(&self, key: &str) -> Option<&NetPlan> {
        self.networks.iter().find(|n| n.key == key)
    }
}

impl ServicePlan {
    /// `com.docker.compose.depends_on`: `svc:condition:restart` joined by `,`.
    pub fn depends_on_label(&self) -> String {
        self.depends_on
            .iter()
            .map(|d| format!("{}:{}:{}", d.service, d.condition, d.restart))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The name of replica `n`: `container_name`, or `<project>-<service>-<n>`.
    pub fn container_name(&self, project: &str, n: u32) -> String {
        match &self.container_name {
            Some(c) => c.clone(),
            None => format!("{project}-{}-{n}", self.name),
        }
    }
}

/// compose-go `NormalizeProjectName`: lowercase, keep `[a-z0-9_-]`, trim
/// leading `_` and `-`.
pub fn normalize_project_name(s: &str) -> String {
    // strings.ToLower, through golib's tables (core's add 11 KB gzipped to the page).
    let kept: String = bridgeport_golib::case::go_lower_str(s)
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

/// `-p` and `COMPOSE_PROJECT_NAME` are checked, not normalised (§1.1, E25).
pub fn check_project_name(s: &str) -> Result<(), String> {
    if s.is_empty() || normalize_project_name(s) != s {
        return Err(format!("invalid project name {s:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference §1.1 (executed with compose-go): normalisation of `name:`
    /// and directory names, validation of `-p`.
    #[test]
    fn project_names() {
        assert_eq!(normalize_project_name("My App!"), "myapp");
        assert_eq!(normalize_project_name("My_Dir.v2"), "my_dirv2");
        assert_eq!(normalize_project_name("_Leading-Dash"), "leading-dash");
        assert_eq!(normalize_project_name("ÄÖ"), "");
        assert!(check_project_name("myapp").is_ok());
        assert_eq!(check_project_name("MyApp").unwrap_err(), "invalid project name \"MyApp\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number");
        assert!(check_project_name("-web").is_err());
        assert!(check_project_name("my app").is_err());
    }
}

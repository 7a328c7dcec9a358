//! A flat, serialisable snapshot of what the host looks like right now: the
//! contract between the engine and every view (the page's SVG, the inspector
//! panels, lessons). Views read this; they never reach into engine internals.

use serde::{Deserialize, Serialize};

/// Everything a view needs to draw the host, its networks and its containers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Topology {
    pub host: HostView,
    /// Networks in creation order (bridge, host, none first).
    pub networks: Vec<NetworkView>,
    /// Containers in creation order, running or not.
    pub containers: Vec<ContainerView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct HostView {
    pub hostname: String,
    /// e.g. "192.168.1.10/24"
    pub eth0: String,
    /// The other computer on the LAN, e.g. "192.168.1.20"
    pub lan_peer: String,
    /// A public address standing for "the internet", e.g. "8.8.8.8"
    pub internet: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NetworkView {
    pub id: String,
    pub name: String,
    /// "bridge", "host" or "null"
    pub driver: String,
    /// Linux bridge device: "docker0" or "br-<id12>"; empty for host/none.
    pub bridge: String,
    /// e.g. "172.17.0.0/16"; empty for host/none.
    pub subnet: String,
    /// e.g. "172.17.0.1"; empty for host/none.
    pub gateway: String,
    pub internal: bool,
    pub icc: bool,
    /// True for the predefined bridge, host and none.
    pub builtin: bool,
    /// The Compose project it belongs to (its `com.docker.compose.project`
    /// label), empty for none: views group a project's objects in a frame.
    #[serde(default)]
    pub project: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContainerView {
    pub id: String,
    pub name: String,
    pub image: String,
    /// "created", "running", "exited"
    pub state: String,
    /// "bridge", "host", "none", "container:<name>" or a network name
    pub network_mode: String,
    pub interfaces: Vec<InterfaceView>,
    pub published: Vec<PublishedPortView>,
    /// What the main process listens on, e.g. "tcp 0.0.0.0:80".
    pub listening: Vec<String>,
    /// The Compose project (`com.docker.compose.project` label), or empty.
    #[serde(default)]
    pub project: String,
}

/// The label Docker Compose puts on the containers and networks of a
/// project (docker/compose `pkg/api/labels.go` ProjectLabel).
pub const PROJECT_LABEL: &str = "com.docker.compose.project";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct InterfaceView {
    /// In-container name: eth0, eth1, ...
    pub name: String,
    /// Host-side veth name, e.g. "veth3f2a1b7".
    pub veth: String,
    pub network: String,
    /// e.g. "172.17.0.2/16"
    pub address: String,
    pub mac: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PublishedPortView {
    /// "0.0.0.0", "::", "127.0.0.1", ...
    pub host_ip: String,
    pub host_port: u16,
    pub container_port: u16,
    /// "tcp", "udp", "sctp"
    pub proto: String,
}

impl crate::engine::Engine {
    /// The snapshot every view draws from.
    pub fn topology(&self) -> Topology {
        use crate::model::{NetworkMode, Process};
        let host = HostView {
            hostname: self.host.hostname.clone(),
            eth0: self.host.eth0.to_string(),
            lan_peer: self.host.lan_peer.to_string(),
            internet: "8.8.8.8".to_string(),
        };
        let networks = self
            .networks()
            .iter()
            .map(|n| NetworkView {
                id: n.id.clone(),
                name: n.name.clone(),
                driver: n.driver.as_str().to_string(),
                bridge: n.bridge.clone(),
                subnet: n.subnet().map(|s| s.to_string()).unwrap_or_default(),
                gateway: n.gateway().map(|g| g.to_string()).unwrap_or_default(),
                internal: n.internal,
                icc: n.icc(),
                builtin: n.builtin,
                project: n.labels.get(PROJECT_LABEL).cloned().unwrap_or_default(),
            })
            .collect();
        let containers = self
            .containers()
            .iter()
            .map(|c| ContainerView {
                id: c.id.clone(),
                name: c.name.clone(),
                image: c.image.display(),
                state: c.status.as_str().to_string(),
                network_mode: match &c.network_mode {
                    NetworkMode::Container(id) => {
                        format!(
                            "container:{}",
                            self.container_by_id(id)
                                .map(|t| t.name.as_str())
                                .unwrap_or(id)
                        )
                    }
                    other => other.as_docker_string(),
                },
                interfaces: c
                    .endpoints
                    .iter()
                    .map(|e| InterfaceView {
                        name: e.iface.clone(),
                        veth: e.veth.clone(),
                        network: self
                            .network_by_id(&e.network_id)
                            .map(|n| n.name.clone())
                            .unwrap_or_default(),
                        address: format!("{}/{}", e.ip, e.prefix_len),
                        mac: e.mac.clone(),
                    })
                    .collect(),
                published: c
                    .bindings
                    .iter()
                    .map(|b| PublishedPortView {
                        host_ip: b.host_ip.to_string(),
                        host_port: b.host_port,
                        container_port: b.container_port,
                        proto: b.proto.to_string(),
                    })
                    .collect(),
                listening: match (&c.process, c.is_running()) {
                    (Process::Server { listeners }, true) => listeners
                        .iter()
                        .map(|l| format!("{} {}:{}", l.proto, l.addr, l.port))
                        .collect(),
                    _ => Vec::new(),
                },
                project: c
                    .config
                    .labels
                    .get(PROJECT_LABEL)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect();
        Topology {
            host,
            networks,
            containers,
        }
    }
}

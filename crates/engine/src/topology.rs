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
}

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

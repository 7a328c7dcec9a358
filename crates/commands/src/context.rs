//! What a command handler may touch: the engine, the current time, the
//! packets it sends, and the terminal's attach state.

use bridgeport_engine::{Engine, Packet, Timestamp, Topology};
use serde::{Deserialize, Serialize};

/// How the terminal is connected to a container's shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttachKind {
    /// `docker run -it IMAGE sh` or `docker attach`: `exit` ends the main process.
    MainProcess,
    /// `docker exec -it C sh`: `exit` ends only this shell.
    Exec,
}

/// The terminal is inside a container's shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attached {
    pub container_id: String,
    pub kind: AttachKind,
    /// "sh", "bash", ...: decides the prompt and error style.
    pub shell: String,
}

/// Where the next command runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Place {
    /// The Docker host's shell.
    #[default]
    Host,
    /// The other computer on the LAN.
    Lan,
    /// Inside a container.
    Container(Attached),
}

/// Everything a handler gets.
pub struct Ctx<'a> {
    pub engine: &'a mut Engine,
    pub now: Timestamp,
    pub packets: &'a mut Vec<Packet>,
    /// Handlers set this to move the prompt into or out of a container.
    pub place: &'a mut Place,
    /// The host as the command's packets saw it, when what sent them is
    /// gone by the end of the command (see [`crate::Outcome::scene`]).
    pub scene: &'a mut Option<Topology>,
    /// The shells' variables, histories and files (see [`crate::shell`]).
    pub shells: &'a mut crate::shell::Shells,
    /// The capture `tcpdump` armed, waiting for the next commands' packets.
    pub capture: &'a mut Option<crate::net::tcpdump::Armed>,
}

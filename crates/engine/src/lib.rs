//! # bridgeport-engine: the simulator core
//!
//! A sans-IO model of one Linux host running Docker Engine 29.x, its LAN
//! neighbour and "the internet". Callers hand it typed requests together with
//! the current time; it answers with results, Docker's exact error messages,
//! and packet traces. It never reads a clock, never draws randomness except
//! from the seed it was built with, and knows nothing of terminals or browsers:
//! the command layer (`bridgeport-commands`) turns text into requests and
//! results into text, and the page only shows what the engine reports.
//!
//! The modules follow Docker's Container Network Model from the bottom up:
//! [`ids`] (seeded IDs, names, MACs), [`ports`] (port specs and the host port
//! allocator), [`ipam`] (address pools and allocation; both keep their
//! tables in `golib::sorted_set::SortedSet`s), [`image`] (the built-in
//! image catalogue), [`process`] (what a container's main process listens on),
//! [`host`] (the machine around Docker), [`model`] (networks, containers,
//! endpoints as data), [`engine`] (the operations a daemon performs),
//! [`hostfiles`] (/etc/hosts and /etc/resolv.conf), [`net`] (packets: routing,
//! netfilter, DNS and the hop-by-hop walk), [`trace`] (packet paths),
//! [`matrix`] (reachability as data, computed by `net::reach`; its texts
//! kept as [`cell_text::CellText`]s) and [`topology`] (the snapshot views
//! draw from).

pub mod capture;
pub mod cell_text;
pub mod engine;
pub mod host;
pub mod hostfiles;
pub mod ids;
pub mod image;
mod invariants;
pub mod ipam;
pub mod matrix;
pub mod model;
mod names;
pub mod net;
pub mod ports;
pub mod process;
pub mod program;
pub mod time;
pub mod topology;
pub mod trace;

// The one shared copy of the standard library's sort lives in the lowest
// crate, bridgeport-golib; engine code reaches it as `crate::sort`.
use bridgeport_golib::sort;

pub use engine::{ContainerCreate, Created, Engine, NetworkCreate};
pub use matrix::Matrix;
pub use topology::Topology;
pub use trace::{Action, Headers, Hop, HopAt, Packet, ResolverKind, Verdict};

/// Milliseconds since the Unix epoch. Time always comes in from the caller.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Timestamp(pub u64);

//! A terminal session: one engine plus where the prompt currently is.

use bridgeport_engine::{Matrix, Packet, Timestamp, Topology};
use serde::Serialize;

/// What one executed line produced.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The line as typed.
    pub command: String,
    /// stdout and stderr interleaved in the order written, as a terminal shows them.
    pub output: String,
    pub exit_code: i32,
    /// Packets the command sent, with their hop-by-hop paths.
    pub packets: Vec<Packet>,
}

/// One playground session. Deterministic: same seed + same lines + same times
/// give the same outcomes, byte for byte.
pub struct Session {
    seed: u64,
}

impl Session {
    pub fn new(seed: u64) -> Session {
        Session { seed }
    }

    /// Run one line as if typed at the prompt.
    pub fn execute(&mut self, line: &str, _now: Timestamp) -> Outcome {
        let _ = self.seed;
        Outcome { command: line.to_string(), output: String::new(), exit_code: 0, packets: Vec::new() }
    }

    /// The prompt shown before the next line: "$ " on the host, "/ # " inside a container shell.
    pub fn prompt(&self) -> String {
        "$ ".to_string()
    }

    /// A snapshot of the host for views.
    pub fn topology(&self) -> Topology {
        Topology::default()
    }

    /// The reachability matrix for the current state.
    pub fn matrix(&self) -> Matrix {
        Matrix::default()
    }

    /// Tab-completion candidates for a partly typed line (full replacement words for the last word).
    pub fn complete(&self, _line: &str) -> Vec<String> {
        Vec::new()
    }
}

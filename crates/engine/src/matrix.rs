//! The reachability matrix: for every pair of endpoints and every transport,
//! would a packet get through, and if not, where and why. Computed by sending
//! probe packets through the same rules as real commands (no second rule set).
//!
//! This module is the matrix as data (what views and lessons read);
//! [`crate::net::reach`] computes it.

use crate::cell_text::CellText;
use crate::trace::Verdict;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::rc::Rc;

/// One row/column of the matrix: the host, the LAN computer, the internet, or a container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixEndpoint {
    /// "host", "lan", "internet" or the container name.
    pub name: String,
    /// "host", "lan", "internet" or "container"
    pub kind: String,
}

/// What was probed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transport {
    /// "tcp", "udp", "icmp" or "dns". A `Cow` so that the matrix's cells
    /// share the static words instead of allocating one each (compare with
    /// `== "tcp"`; `"tcp".into()` builds one).
    pub proto: Cow<'static, str>,
    /// The destination port for tcp/udp (the port as the prober addresses it:
    /// a published host port when the target is reached via the host).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub port: Option<u16>,
    /// What was probed, in words: "tcp 8080 → web:80", "ping", "lookup web".
    /// Shared between the cells that probe the same way (an `Rc`, so the
    /// matrix of 200 containers does not copy it 126 000 times).
    pub label: Rc<str>,
}

/// One probe's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixCell {
    /// Index into `Matrix::endpoints` of the sender.
    pub from: usize,
    /// Index into `Matrix::endpoints` of the receiver.
    pub to: usize,
    pub transport: Transport,
    pub verdict: Verdict,
    /// For a failure: the reason at the hop where it failed (a [`CellText`]:
    /// written out when read, since most cells' texts are never read).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<CellText>,
    /// For a failure: the learner's fix.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<CellText>,
}

/// The whole matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Matrix {
    pub endpoints: Vec<MatrixEndpoint>,
    pub cells: Vec<MatrixCell>,
}

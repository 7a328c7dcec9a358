//! # bridgeport-commands: the command layer
//!
//! Turns what a learner types into typed requests for the engine, and the
//! engine's answers into exactly the text Docker, busybox and friends print.
//! Each docker command is defined once, as an entry of the command table
//! ([`docker::specs::ALL`]: names, flags, help section, handler), so
//! dispatch, parsing, `--help` and completion share it. [`Session`] is the whole
//! surface the page, the native runner and lessons use: a line in, an
//! [`Outcome`] (terminal text, exit code, packets) out.
//!
//! This crate never touches the browser or a clock: time comes in with each
//! line, as a value.

pub mod complete;
pub mod compose;
pub mod context;
pub mod docker;
pub mod flags;
pub mod net;
pub mod output;
pub mod script;
mod session;
pub mod shell;
pub mod tools;

pub use output::{Output, Segment};
pub use session::{FileProblem, Outcome, Session, MAX_LINE};

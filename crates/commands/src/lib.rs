//! # bridgeport-commands: the command layer
//!
//! Turns what a learner types into typed requests for the engine, and the
//! engine's answers into exactly the text Docker, busybox and friends print.
//! Each flag is defined once, as data, so parsing, `--help` and completion
//! share it.

pub mod format;
mod session;

pub use session::{Outcome, Session};

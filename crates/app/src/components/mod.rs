//! One small component per area of the page. Components receive data and
//! callbacks as props; only [`app`] holds state (the session reducer, the
//! packet player, the selected tab and node, the share dialog).

pub mod app;
pub mod header;
pub mod hop_inspector;
pub mod inspector;
pub mod lesson;
pub mod markdown;
pub mod matrix;
pub mod packets;
pub mod reset;
pub mod share;
pub mod tabs;
pub mod terminal;
pub mod topology;

//! One small component per area of the page. Components receive data and
//! callbacks as props; only [`app`] holds state (the session reducer, the
//! packet player, the selected tab and node, the share dialog), apart from
//! what is being typed (the terminal's line, the editor's unsaved texts).

pub mod app;
pub mod capture;
pub mod editor;
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

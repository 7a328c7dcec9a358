//! Output formatting shared by all commands: Go-style tables, templates,
//! durations and sort orders, each reproducing the Go library Docker uses.

mod case;
pub(crate) mod decimal;
pub mod humanize;
pub mod natsort;
pub mod strconv;
pub mod tabwriter;
pub mod template;
pub mod width;

mod unicode;

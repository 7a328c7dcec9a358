//! Output formatting shared by all commands: Go-style tables, templates,
//! durations and sort orders, each reproducing the Go library Docker uses.

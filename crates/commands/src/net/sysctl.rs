//! `sysctl` and the files under /proc/sys: the kernel's network settings a
//! Docker lesson looks at, read-only.
//!
//! - `net.ipv4.ip_forward` (and `net.ipv4.conf.all.forwarding`, the same
//!   knob): 1 on the host, because dockerd turns forwarding on to route
//!   between its bridges and the outside (moby `daemon/libnetwork/drivers/
//!   bridge/setup_ip_forwarding.go`). A container's namespace inherits the
//!   IPv4 settings of the host's when it is created (the kernel's
//!   `net.core.devconf_inherit_init_net` default, Documentation/networking/
//!   ip-sysctl.rst), so it reads 1 there too.
//! - `net.ipv4.ip_unprivileged_port_start`: 1024 on the host, 0 in a
//!   container with its own network namespace (Docker sets it since 20.10,
//!   so a non-root server may listen on port 80; moby `oci/defaults.go`).
//!
//! A container on `--network host` shares the host's. Other keys say they are
//! not simulated, and so does changing any: the walk has no knob for them
//! (forwarding is always on), and a container's /proc/sys is read-only, as
//! Docker mounts it.

use crate::context::Ctx;
use crate::net::Env;
use crate::output::Output;
use bridgeport_engine::model::{Container, NetworkMode};

/// The keys the playground knows: name, value on the host, value in a
/// container's own network namespace.
const KEYS: &[(&str, &str, &str)] = &[
    ("net.ipv4.ip_forward", "1", "1"),
    ("net.ipv4.conf.all.forwarding", "1", "1"),
    ("net.ipv4.ip_unprivileged_port_start", "1024", "0"),
];

/// Does this place read the container's own values (not the host's)?
fn own_namespace(container: Option<&Container>) -> bool {
    container.is_some_and(|c| c.network_mode != NetworkMode::Host)
}

/// The value of `key` (dots or slashes), here.
pub fn value(key: &str, container: Option<&Container>) -> Option<&'static str> {
    let key = key.replace('/', ".");
    let (_, host, own) = KEYS.iter().find(|(k, _, _)| *k == key)?;
    Some(if own_namespace(container) { own } else { host })
}

/// The note for a key or /proc/sys file the playground does not know.
pub fn unknown(what: &str) -> String {
    let names: Vec<&str> = KEYS.iter().map(|(k, _, _)| *k).collect();
    format!(
        "[bridgeport] {what} is not simulated; the kernel settings it knows are {}",
        names.join(", ")
    )
}

/// The file `/proc/sys/...` at `path`, or the note why not.
pub fn proc_file(path: &str, container: Option<&Container>) -> Option<Result<String, String>> {
    let key = path.strip_prefix("/proc/sys/")?;
    Some(match value(key, container) {
        Some(v) => Ok(format!("{v}\n")),
        None => Err(unknown(path)),
    })
}

/// `sysctl [-n] KEY...`, `sysctl KEY=VALUE` (procps on the host and in
/// full Debian images, the busybox applet in alpine).
pub fn run(_ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    let c = env.container.as_ref();
    let mut only_values = false;
    let mut keys = Vec::new();
    for a in args {
        match a.as_str() {
            "-n" | "--values" => only_values = true,
            "-w" | "--write" => {}
            flag if flag.starts_with('-') => {
                o.fail_fmt(
                    format_args!("[bridgeport] sysctl {flag} is not simulated; sysctl KEY and sysctl -n KEY are"),
                    1,
                );
                return o;
            }
            key => keys.push(key),
        }
    }
    if keys.is_empty() {
        o.fail("[bridgeport] sysctl without a key (or with -a) is not simulated; try sysctl net.ipv4.ip_forward", 1);
        return o;
    }
    for key in keys {
        if let Some((name, _)) = key.split_once('=') {
            let name = name.replace('/', ".");
            if own_namespace(c) {
                // Docker mounts /proc/sys read-only in a container.
                if env.busybox() {
                    o.errln_fmt(format_args!(
                        "sysctl: error setting key '{name}': Read-only file system"
                    ));
                } else {
                    o.errln_fmt(format_args!(
                        "sysctl: setting key \"{name}\", ignoring: Read-only file system"
                    ));
                }
                o.code = 1;
            } else {
                let now = value(&name, c).map_or(String::new(), |v| format!("; it stays {v}"));
                o.errln_fmt(format_args!(
                    "[bridgeport] changing kernel settings is not simulated: {name}{now}"
                ));
                o.code = 1;
            }
            continue;
        }
        let name = key.replace('/', ".");
        match value(&name, c) {
            Some(v) if only_values => o.outln(v),
            Some(v) => o.outln_fmt(format_args!("{name} = {v}")),
            None => {
                o.errln(&unknown(&format!("sysctl {name}")));
                o.code = 1;
            }
        }
    }
    o
}

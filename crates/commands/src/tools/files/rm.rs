//! `rm [-rf] FILE...`: GNU coreutils (`rm: cannot remove 'x': No such
//! file or directory`, `Is a directory` without `-r`, the `/` failsafe,
//! `refusing to remove '.' or '..'`) and busybox (`rm: can't remove 'x':
//! …`). `-f` silences a missing file and a missing operand.

use super::mkdir::{long_error, missing, usage_error};
use super::FsEnv;
use crate::output::Output;
use crate::shell::fs::{base_name, parent, Kind};

const USAGE: &str = "[-irf] FILE...";

pub fn run(env: &mut FsEnv, args: &[String]) -> Output {
    let (short, long, operands) = super::split_flags(args);
    let (mut recursive, mut force) = (false, false);
    for c in short {
        match c {
            'r' | 'R' => recursive = true,
            'f' => force = true,
            'i' | 'v' | 'd' => {}
            bad => return usage_error(env, "rm", bad, USAGE),
        }
    }
    for l in &long {
        match l.as_str() {
            "recursive" => recursive = true,
            "force" => force = true,
            "verbose" | "interactive" => {}
            _ => return long_error(env, "rm", l, USAGE),
        }
    }
    if operands.is_empty() {
        return if force {
            Output::new()
        } else {
            missing(env, "rm", USAGE)
        };
    }
    let mut o = Output::new();
    let cannot = |env: &FsEnv, op: &str, why: &str| {
        if env.busybox {
            format!("rm: can't remove '{op}': {why}")
        } else {
            format!("rm: cannot remove '{op}': {why}")
        }
    };
    for op in &operands {
        let abs = env.abs(op);
        if recursive && matches!(base_name(op.trim_end_matches('/')), "." | "..") {
            let msg = if env.busybox {
                "rm: can't remove '.' or '..'".to_string()
            } else {
                format!("rm: refusing to remove '.' or '..' directory: skipping '{op}'")
            };
            o.errln(&msg);
            o.code = 1;
            continue;
        }
        let Some(stat) = env.stat(&abs) else {
            if !force {
                o.errln(&cannot(env, op, "No such file or directory"));
                o.code = 1;
            }
            continue;
        };
        if stat.kind == Kind::Dir && !recursive {
            o.errln(&cannot(env, op, "Is a directory"));
            o.code = 1;
            continue;
        }
        if abs == "/" {
            if env.busybox {
                o.errln("rm: can't remove '/' or '.' or '..'");
            } else {
                o.errln("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe");
            }
            o.code = 1;
            continue;
        }
        if !(env.writable)(parent(&abs)) {
            o.errln(&cannot(env, op, "Permission denied"));
            o.code = 1;
            continue;
        }
        // Docker bind-mounts /etc/hosts, /etc/resolv.conf and /etc/hostname:
        // unlinking a mount point is EBUSY.
        if env.generated.contains(&abs.as_str()) {
            let busy = if env.busybox {
                "Resource busy"
            } else {
                "Device or resource busy"
            };
            o.errln(&cannot(env, op, busy));
            o.code = 1;
            continue;
        }
        let done = match stat.kind {
            Kind::Dir => env.files.remove_tree(env.place, &abs),
            Kind::File => env.files.remove_file(env.place, &abs),
        };
        if done.is_err() {
            o.errln(&cannot(env, op, "No such file or directory"));
            o.code = 1;
        }
    }
    o
}

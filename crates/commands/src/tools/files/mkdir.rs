//! `mkdir [-p] DIR...` and `touch FILE...`: GNU coreutils (`mkdir:
//! cannot create directory ‘x’: File exists`, quote() style; `touch:
//! cannot touch 'x'`, quoteaf) and busybox (`mkdir: can't create directory
//! 'x': File exists`, `touch: x: No such file or directory`).

use super::{busybox_usage, failed, split_flags, FsEnv};
use crate::output::Output;
use crate::shell::fs::{parent, Kind, Refusal};

pub fn mkdir(env: &mut FsEnv, args: &[String]) -> Output {
    let (short, long, operands) = split_flags(args);
    let mut parents = false;
    for c in short {
        match c {
            'p' => parents = true,
            'v' => {}
            bad => return usage_error(env, "mkdir", bad, "[-m MODE] [-p] DIRECTORY..."),
        }
    }
    for l in &long {
        match l.as_str() {
            "parents" => parents = true,
            "verbose" => {}
            _ => return long_error(env, "mkdir", l, "[-m MODE] [-p] DIRECTORY..."),
        }
    }
    if operands.is_empty() {
        return missing(env, "mkdir", "[-m MODE] [-p] DIRECTORY...");
    }
    let mut o = Output::new();
    for op in &operands {
        let abs = env.abs(op);
        let result = if parents {
            make_parents(env, &abs)
        } else {
            make_one(env, &abs)
        };
        if let Err(r) = result {
            let msg = match r {
                Made::Full => FsEnv::full_note(),
                Made::Denied if env.busybox => {
                    format!("mkdir: can't create directory '{op}': Permission denied")
                }
                Made::Denied => format!(
                    "mkdir: cannot create directory {}: Permission denied",
                    env.quote(op)
                ),
                Made::Refused(r) if env.busybox => {
                    format!("mkdir: can't create directory '{op}': {}", FsEnv::reason(r))
                }
                Made::Refused(r) => format!(
                    "mkdir: cannot create directory {}: {}",
                    env.quote(op),
                    FsEnv::reason(r)
                ),
            };
            o.errln(&msg);
            o.code = 1;
        }
    }
    o
}

enum Made {
    Refused(Refusal),
    Denied,
    Full,
}

fn make_one(env: &mut FsEnv, abs: &str) -> Result<(), Made> {
    if env.stat(abs).is_some() {
        return Err(Made::Refused(Refusal::Exists));
    }
    if env.stat(parent(abs)).is_some_and(|s| s.kind == Kind::Dir) && !(env.writable)(parent(abs)) {
        return Err(Made::Denied);
    }
    match env.files.mkdir(env.place, abs, env.now) {
        Ok(()) => Ok(()),
        Err(Refusal::Full) => Err(Made::Full),
        Err(r) => Err(Made::Refused(r)),
    }
}

fn make_parents(env: &mut FsEnv, abs: &str) -> Result<(), Made> {
    let mut path = String::new();
    for part in abs.split('/').filter(|p| !p.is_empty()) {
        path.push('/');
        path.push_str(part);
        match env.stat(&path) {
            Some(s) if s.kind == Kind::Dir => continue,
            Some(_) => return Err(Made::Refused(Refusal::IsDir)),
            None => make_one(env, &path)?,
        }
    }
    Ok(())
}

pub fn touch(env: &mut FsEnv, args: &[String]) -> Output {
    let (short, long, operands) = split_flags(args);
    if let Some(&bad) = short.iter().find(|c| !matches!(c, 'c' | 'a' | 'm')) {
        return usage_error(
            env,
            "touch",
            bad,
            "[-c] [-d DATE] [-t DATE] [-r FILE] FILE...",
        );
    }
    if let Some(l) = long.first() {
        return long_error(
            env,
            "touch",
            l,
            "[-c] [-d DATE] [-t DATE] [-r FILE] FILE...",
        );
    }
    if operands.is_empty() {
        return missing(env, "touch", "[-c] [-d DATE] [-t DATE] [-r FILE] FILE...");
    }
    let no_create = short.contains(&'c');
    let mut o = Output::new();
    for op in &operands {
        let abs = env.abs(op);
        let existing = env.stat(&abs);
        let reason = match existing {
            Some(s) if s.kind == Kind::Dir => None,
            _ if !(env.writable)(parent(&abs)) && env.stat(parent(&abs)).is_some() => {
                Some("Permission denied".to_string())
            }
            None if no_create => None,
            _ => match env.files.write(env.place, &abs, "", true, env.now) {
                Ok(()) => None,
                Err(Refusal::Full) => {
                    o.errln(&FsEnv::full_note());
                    o.code = 1;
                    None
                }
                Err(r) => Some(FsEnv::reason(r).to_string()),
            },
        };
        if let Some(reason) = reason {
            let reason = if reason == "Not a directory" && env.stat(parent(&abs)).is_none() {
                "No such file or directory".to_string()
            } else {
                reason
            };
            if env.busybox {
                o.errln_fmt(format_args!("touch: {op}: {reason}"));
            } else {
                o.errln_fmt(format_args!("touch: cannot touch '{op}': {reason}"));
            }
            o.code = 1;
        }
    }
    o
}

/// `X: invalid option -- 'z'` (GNU, exit 1) or busybox's banner.
pub(super) fn usage_error(env: &FsEnv, tool: &str, bad: char, usage: &str) -> Output {
    if env.busybox {
        failed(
            &format!(
                "{tool}: unrecognized option: {bad}\n{}",
                busybox_usage(tool, usage)
            ),
            1,
        )
    } else {
        failed(
            &format!("{tool}: invalid option -- '{bad}'\n{}", env.try_help(tool)),
            1,
        )
    }
}

pub(super) fn long_error(env: &FsEnv, tool: &str, l: &str, usage: &str) -> Output {
    if env.busybox {
        failed(
            &format!(
                "{tool}: unrecognized option: {l}\n{}",
                busybox_usage(tool, usage)
            ),
            1,
        )
    } else {
        failed(
            &format!(
                "{tool}: unrecognized option '--{l}'\n{}",
                env.try_help(tool)
            ),
            1,
        )
    }
}

/// No operand: GNU "missing operand", busybox its usage banner.
pub(super) fn missing(env: &FsEnv, tool: &str, usage: &str) -> Output {
    if env.busybox {
        failed(&busybox_usage(tool, usage), 1)
    } else {
        failed(
            &format!("{tool}: missing operand\n{}", env.try_help(tool)),
            1,
        )
    }
}

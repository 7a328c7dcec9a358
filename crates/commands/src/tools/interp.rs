//! Language runtimes that the official images ship (`node` in node,
//! `python`/`python3` in python, `go` in golang): they exist, so a
//! tutorial's `docker run node:20 node --version` answers as the real one
//! does, and a script that is not in the container fails with the
//! runtime's own error. Running code is not simulated: that says so in a
//! `[bridgeport]` line (the servers tutorials start, such as `python -m
//! http.server 8000`, are the program table's rows and run as servers).

use crate::context::Ctx;
use crate::net::Env;
use crate::output::Output;

/// The value of `key` in the container's image ENV (`NODE_VERSION=20.19.5`).
fn image_env(env: &Env, key: &str) -> Option<String> {
    let c = env.container.as_ref()?;
    c.image
        .env()
        .iter()
        .find_map(|e| e.strip_prefix(key)?.strip_prefix('=').map(str::to_string))
}

/// A path as the runtime opens it: relative to the working directory `/`.
fn absolute(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// Does the container hold `path` (written by the learner)?
fn has_file(ctx: &Ctx, env: &Env, path: &str) -> bool {
    env.container
        .as_ref()
        .is_some_and(|c| ctx.shells.files_ref().exists(&c.id, &absolute(path)))
}

fn not_simulated(env: &Env, name: &str, language: &str) -> Output {
    let place = if env.container.is_some() {
        "is in this image"
    } else {
        "exists on a real Ubuntu 24.04 host"
    };
    let mut o = Output::new();
    o.fail_fmt(format_args!("[bridgeport] {name} {place}, but running {language} code is not simulated; type `help` for what is"),
        1,
    );
    o
}

/// `node [--version | -v | FILE | -e CODE …]` (Node.js's `node --version`
/// prints `v` and the version; a missing FILE is `Cannot find module`).
pub(crate) fn node(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    let version = image_env(env, "NODE_VERSION").unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("--version" | "-v") => o.outln_fmt(format_args!("v{version}")),
        Some(file) if !file.starts_with('-') && !has_file(ctx, env, file) => {
            // lib/internal/modules/cjs/loader.js Module._resolveFilename.
            o.errln_fmt(format_args!(
                "Error: Cannot find module '{}'",
                absolute(file)
            ));
            o.errln("[bridgeport] node prints this inside a stack trace (node:internal/modules/cjs/loader) that the playground leaves out.");
            o.errln("");
            o.errln_fmt(format_args!("Node.js v{version}"));
            o.code = 1;
        }
        _ => return not_simulated(env, "node", "JavaScript"),
    }
    o
}

/// `python`/`python3 [--version | -V | FILE | -c CODE | -m MODULE …]`
/// (CPython's `--version` prints `Python X.Y.Z`; a missing FILE is
/// `can't open file`, exit 2, Modules/main.c pymain_run_file).
pub(crate) fn python(ctx: &mut Ctx, env: &Env, name: &str, args: &[String]) -> Output {
    let mut o = Output::new();
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            // Ubuntu 24.04's python3 on the host.
            let version = match env.container {
                Some(_) => image_env(env, "PYTHON_VERSION").unwrap_or_default(),
                None => "3.12.3".to_string(),
            };
            o.outln_fmt(format_args!("Python {version}"));
        }
        Some(file)
            if env.container.is_some() && !file.starts_with('-') && !has_file(ctx, env, file) =>
        {
            o.fail_fmt(
                format_args!(
                    "{name}: can't open file '{}': [Errno 2] No such file or directory",
                    absolute(file)
                ),
                2,
            );
        }
        _ => return not_simulated(env, name, "Python"),
    }
    o
}

/// `go version` (`go version go1.25.1 linux/amd64`, cmd/go/internal/version).
pub(crate) fn go(_: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    match args.first().map(String::as_str) {
        Some("version") if args.len() == 1 => {
            let version = image_env(env, "GOLANG_VERSION").unwrap_or_default();
            o.outln_fmt(format_args!("go version go{version} linux/amd64"));
        }
        _ => return not_simulated(env, "go", "Go"),
    }
    o
}

//! `docker compose` (Compose v5.5), a client of the same daemon operations
//! `docker run` and `docker network` use: it creates networks and
//! containers with Compose's names and labels through [`Engine`]'s
//! operations, and finds its objects again by those labels, as Compose does
//! (`pkg/compose/containers.go` getDefaultFilters). There is no second
//! model: `docker ps`, `docker network ls`, inspect, traces and the matrix
//! see what Compose made.
//!
//! This module is the entry (global flags, the subcommand table
//! [`specs::COMPOSE`], help); `plan` is what `up` is asked to build,
//! `progress` Compose's TTY/plain progress output, `labels` how objects are
//! found again, `up` the commands that change things, `view` the ones
//! that read.
//!
//! [`Engine`]: bridgeport_engine::Engine

pub mod convert;
pub mod labels;
pub mod load;
pub mod plan;
pub mod progress;
pub mod specs;
pub mod up;
pub mod view;

#[cfg(test)]
mod tests;

use crate::context::Ctx;
use crate::flags::{self, CommandSpec, Parsed};
use crate::output::Output;
use progress::Mode;

/// `docker compose version` and the `com.docker.compose.version` label.
pub const VERSION: &str = "5.5.0";

/// What the shell hands `docker compose`: where it runs and its environment.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// The shell's working directory (the project directory by default).
    pub cwd: String,
    /// The shell's environment (`COMPOSE_PROJECT_NAME`, interpolation).
    pub environ: Vec<(String, String)>,
}

/// The global options, parsed before the subcommand.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    pub project_name: Option<String>,
    pub files: Vec<String>,
    pub project_directory: Option<String>,
    pub env_files: Vec<String>,
    pub progress: Mode,
    pub env: Env,
}

/// One `docker compose` subcommand: its flags and usage as an ordinary
/// command-table entry, and its handler, which also gets the globals.
pub struct Sub {
    pub spec: CommandSpec,
    /// Cobra's `Long`, which help prints instead of `short` ("" = none).
    pub long: &'static str,
    /// Flags Compose has that the playground does not act on (refused when given).
    pub unmodelled: &'static [&'static str],
    pub run: fn(&mut Ctx, &Globals, &Parsed) -> Output,
}

/// Runs `docker compose <args>` with the calling shell's `env`.
pub fn compose(ctx: &mut Ctx, env: Env, args: &[String]) -> Output {
    let parsed = match flags::parse(&specs::ROOT, args) {
        Ok(p) => p,
        Err(e) => return crate::docker::usage_error(&specs::ROOT, &e),
    };
    if parsed.help {
        let mut o = Output::new();
        o.out(&specs::root_help());
        return o;
    }
    let progress = match parsed.value("progress") {
        None | Some("" | "auto" | "tty") => Mode::Tty,
        Some("plain") => Mode::Plain,
        Some("quiet" | "none") => Mode::Quiet,
        Some("json") => Mode::Json,
        Some(other) => {
            let mut o = Output::new();
            o.fail(&format!("unsupported --progress value {other:?}"), 1);
            return o;
        }
    };
    let globals = Globals {
        project_name: parsed.value("project-name").map(str::to_string),
        files: parsed
            .values("file")
            .iter()
            .map(|s| s.to_string())
            .collect(),
        project_directory: parsed.value("project-directory").map(str::to_string),
        env_files: parsed
            .values("env-file")
            .iter()
            .map(|s| s.to_string())
            .collect(),
        progress,
        env,
    };
    let Some(word) = parsed.positionals.first() else {
        let mut o = Output::new();
        o.out(&specs::root_help());
        return o;
    };
    let rest = &parsed.positionals[1..];
    let root_dry_run = parsed.has("dry-run");
    if specs::NOT_SIMULATED.iter().any(|(n, _)| n == word) {
        return fail(&format!(
            "[bridgeport] `docker compose {word}` exists in Compose but not in this playground, which models containers and networks: see `docker compose --help`."
        ));
    }
    let Some(sub) = specs::find(word) else {
        // compose.go RootCommand: the help, then the error (exit 1).
        let mut o = Output::new();
        o.out(&specs::root_help());
        o.fail(&format!("unknown docker command: \"compose {word}\""), 1);
        return o;
    };
    let parsed = match flags::parse(&sub.spec, rest) {
        Ok(p) => p,
        Err(e) => return crate::docker::usage_error(&sub.spec, &e),
    };
    if parsed.help {
        let mut o = Output::new();
        o.out(&specs::sub_help(sub));
        return o;
    }
    if let Err(e) = check_args(&sub.spec, &parsed.positionals) {
        return fail(&e);
    }
    let given = sub
        .unmodelled
        .iter()
        .find(|f| parsed.has(f))
        .or(root_dry_run.then_some(&"dry-run"));
    if let Some(name) = given {
        return fail(&format!(
            "[bridgeport] `docker compose {word} --{name}` is real Compose, but this playground does not simulate --{name}: run the command without it."
        ));
    }
    (sub.run)(ctx, &globals, &parsed)
}

/// Cobra's own argument checks (Compose uses them, not docker/cli's
/// `cli.RequiresMinArgs`): `MinimumNArgs`, `NoArgs`, `ExactArgs`.
fn check_args(spec: &CommandSpec, args: &[String]) -> Result<(), String> {
    let n = args.len();
    match spec.args {
        flags::Args::Min(m) if n < m => {
            Err(format!("requires at least {m} arg(s), only received {n}"))
        }
        flags::Args::None if n > 0 => {
            Err(format!("unknown command {:?} for {:?}", args[0], spec.path))
        }
        flags::Args::Exact(m) if n != m => Err(format!("accepts {m} arg(s), received {n}")),
        _ => Ok(()),
    }
}

/// An error as the compose plugin prints it: the text alone on stderr,
/// exit 1 (`cli-plugins/plugin/plugin.go` Run).
pub fn fail(text: &str) -> Output {
    let mut o = Output::new();
    o.fail(text, 1);
    o
}

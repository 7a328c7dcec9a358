//! The `docker` command: finds the command in the table ([`specs::ALL`]),
//! parses its flags from its entry, and hands them to its handler (the
//! handler modules). Help, usage errors and the note for real commands the
//! playground does not simulate are answered here, once.

pub mod containers;
pub mod filters;
pub mod goaddr;
pub mod images;
pub mod inspect;
pub mod networks;
pub mod run;
pub mod run_flags;
pub mod specs;
pub mod table;

use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::flags::{self, CommandSpec, Handler, Parsed};
use crate::output::Output;
use crate::tools;
use bridgeport_engine::model::{Container, LogLine, Process};
use table::{Table, DOCKER};

pub const CLIENT_VERSION: &str = "29.1.2";

/// Parses `args` against `spec`; on `--help` or an error returns the output
/// to print. Dispatch calls it once for every [`Handler::Flags`] command.
pub fn parse_or_output(spec: &CommandSpec, args: &[String]) -> Result<Parsed, Output> {
    let parsed = flags::parse(spec, args).map_err(|e| usage_error(spec, &e))?;
    if parsed.help {
        let mut o = Output::new();
        o.out(&flags::help_text(spec));
        return Err(o);
    }
    if let Err(e) = flags::check_args(spec, parsed.positionals.len()) {
        let mut o = Output::new();
        o.err(&e);
        o.code = 1;
        return Err(o);
    }
    Ok(parsed)
}

/// A flag error as docker/cli's FlagErrorFunc frames it: the message, the
/// usage line, the help hint (exit 125).
pub fn usage_error(spec: &CommandSpec, err: &str) -> Output {
    let mut o = Output::new();
    o.err(&flags::flag_error(spec, err));
    o.code = 125;
    o
}

/// Starts a container as the daemon does, with the runtime's refusal of a
/// main program the image does not have ([`tools::missing_main_program`]).
pub fn start_container(ctx: &mut Ctx, r: &str) -> Result<(), String> {
    ctx.engine
        .start_container_with(r, ctx.now, &tools::missing_main_program)?;
    // `sh -c "echo started; sleep 3600"`: what runs before the command
    // that keeps the container up runs once, into the log.
    if let Ok(c) = ctx.engine.find_container(r).cloned() {
        if matches!(c.process, Process::Server { .. } | Process::Idle) {
            let result = tools::place::script_prelude(ctx, &c);
            for seg in &result.segments {
                for line in seg.text.lines() {
                    ctx.engine.log(&c.id, seg.stderr, line.to_string());
                }
            }
        }
    }
    Ok(())
}

/// The container a command names, or the daemon's "No such container" (exit 1).
pub fn container_arg(ctx: &Ctx, name: &str) -> Result<Container, Output> {
    ctx.engine
        .find_container(name)
        .cloned()
        .map_err(|e| Output::daemon_error(&e))
}

/// Moves the prompt into a container's main shell (`docker run -it`,
/// `docker start -ai`, `docker attach`): `exit` there ends the container.
pub fn attach_main_shell(place: &mut Place, c: &Container) {
    let shell = c
        .argv()
        .first()
        .map(|a| a.rsplit('/').next().unwrap_or(a).to_string())
        .unwrap_or_else(|| "sh".to_string());
    *place = Place::Container(Attached {
        container_id: c.id.clone(),
        kind: AttachKind::MainProcess,
        shell,
    });
}

/// Writes log lines to the stream each came from (`docker logs`, attached `docker run`).
pub fn print_logs(o: &mut Output, lines: &[LogLine]) {
    for line in lines {
        if line.stderr {
            o.errln(&line.text);
        } else {
            o.outln(&line.text);
        }
    }
}

/// Runs a one-shot main process (`docker run alpine echo hi`): its output is
/// written to the container's log, and the container exits with its code.
pub fn run_one_shot(ctx: &mut Ctx, c: &Container) -> Output {
    let argv = bridgeport_engine::process::effective_argv(&c.argv(), &c.image);
    let shell = c.image.image().map_or("sh", |_| c.image.userland().shell());
    let result = tools::in_container(ctx, &c.id, shell, AttachKind::MainProcess, &argv);
    // Its packets left from a container that is about to stop (and, with
    // --rm, to go): keep the host as they saw it, for the page to draw.
    if !ctx.packets.is_empty() && ctx.scene.is_none() {
        *ctx.scene = Some(ctx.engine.topology());
    }
    for seg in &result.segments {
        for line in seg.text.lines() {
            ctx.engine.log(&c.id, seg.stderr, line.to_string());
        }
    }
    let _ = ctx.engine.exit_container(&c.id, result.code, ctx.now);
    result
}

/// `docker <path>` is real Docker but outside the playground.
fn not_simulated(path: &str) -> Output {
    let mut o = Output::new();
    o.err_fmt(format_args!(
        "[bridgeport] `docker {path}` exists in Docker but not in this playground, which models containers and networks: see `docker --help`.\n"
    ));
    o.code = 1;
    o
}

fn unknown_subcommand(path: &str, word: &str) -> Output {
    let mut o = Output::new();
    o.err_fmt(format_args!("docker: unknown command: {path} {word}\n\nUsage:  {path} COMMAND\n\nRun '{path} --help' for more information\n"));
    o.code = 1;
    o
}

/// `docker version` (whatever follows it).
fn version(_: &mut Ctx, _: &[String]) -> Output {
    let mut o = Output::new();
    o.out_fmt(format_args!(
        "Client: Docker Engine - Community\n Version:           {CLIENT_VERSION}\n API version:       1.52\n Go version:        go1.25.5\n Git commit:        890dcca\n Built:             Tue Oct 28 12:00:00 2026\n OS/Arch:           linux/amd64\n Context:           default\n\nServer: Docker Engine - Community\n Engine:\n  Version:          {CLIENT_VERSION}\n  API version:      1.52 (minimum version 1.44)\n  Go version:       go1.25.5\n  Git commit:       bridgeport\n  Built:            Tue Oct 28 12:00:00 2026\n  OS/Arch:          linux/amd64\n  Experimental:     false\n\nThis is Bridgeport: a simulation of Docker Engine networking. No containers really run.\n"
    ));
    o
}

/// Runs `docker <args>`: the first words name an entry of the command
/// table ([`specs::ALL`]), which runs.
pub fn docker(ctx: &mut Ctx, args: &[String]) -> Output {
    dispatch(&DOCKER, ctx, args)
}

/// Runs `docker <args>` from `table`.
pub fn dispatch(table: &Table, ctx: &mut Ctx, args: &[String]) -> Output {
    let Some(first) = args.first() else {
        let mut o = Output::new();
        o.out(&table.top_help());
        return o;
    };
    let rest = &args[1..];
    match first.as_str() {
        "--help" | "-h" | "help" => {
            let mut o = Output::new();
            o.out(&table.top_help());
            return o;
        }
        "--version" | "-v" => {
            let mut o = Output::new();
            o.outln_fmt(format_args!(
                "Docker version {CLIENT_VERSION}, build 890dcca"
            ));
            return o;
        }
        _ => {}
    }
    match table.find(&format!("docker {first}")) {
        Some(spec) => run_entry(table, ctx, spec, first, rest),
        None if first.starts_with('-') => {
            let mut o = Output::new();
            o.err_fmt(format_args!(
                "unknown flag: {first}\nSee 'docker --help'.\n"
            ));
            o.code = 125;
            o
        }
        None => {
            let mut o = Output::new();
            o.err_fmt(format_args!(
                "docker: '{first}' is not a docker command.\nSee 'docker --help'\n"
            ));
            o.code = 1;
            o
        }
    }
}

/// Runs one entry of the table; `typed` is what named it after `docker`.
fn run_entry(
    table: &Table,
    ctx: &mut Ctx,
    spec: &'static CommandSpec,
    typed: &str,
    args: &[String],
) -> Output {
    match spec.handler {
        Handler::Flags(run) => match parse_or_output(spec, args) {
            Ok(parsed) => run(ctx, spec, &parsed),
            Err(o) => o,
        },
        Handler::Words(run) => run(ctx, args),
        Handler::NotSimulated => not_simulated(typed),
        Handler::Subcommands => match args.first().map(String::as_str) {
            None | Some("--help" | "-h") => {
                let mut o = Output::new();
                o.out(&table.management_help(spec));
                o
            }
            Some(word) => match table.find(&format!("{} {word}", spec.path)) {
                Some(sub) => run_entry(table, ctx, sub, &format!("{typed} {word}"), &args[1..]),
                None => unknown_subcommand(spec.path, word),
            },
        },
    }
}

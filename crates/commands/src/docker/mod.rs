//! The `docker` command: finds the subcommand, parses its flags from the
//! tables in [`specs`], and hands typed values to the handler modules.

pub mod containers;
pub mod images;
pub mod inspect;
pub mod networks;
pub mod run;
pub mod specs;

use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::flags::{self, CommandSpec, Parsed};
use crate::output::Output;
use crate::tools;
use bridgeport_engine::model::{Container, LogLine};

pub const CLIENT_VERSION: &str = "29.1.2";

/// Parses `args` against `spec`; on `--help` or an error returns the output to print.
pub fn parse_or_output(spec: &CommandSpec, args: &[String]) -> Result<Parsed, Output> {
    let parsed = match flags::parse(spec, args) {
        Ok(p) => p,
        Err(e) => {
            let mut o = Output::new();
            o.err(&flags::flag_error(spec, &e));
            o.code = 125;
            return Err(o);
        }
    };
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
    let shell = c.image.image().map(|i| i.shell).unwrap_or("sh");
    let result = tools::in_container(ctx, &c.id, shell, &argv);
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

fn top_help() -> String {
    let mut s = String::from("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n");
    for (name, desc) in [
        ("run", "Create and run a new container from an image"),
        ("exec", "Execute a command in a running container"),
        ("ps", "List containers"),
        ("pull", "Download an image from a registry"),
        ("images", "List images"),
    ] {
        s.push_str(&format!("  {name:<11} {desc}\n"));
    }
    s.push_str("\nManagement Commands:\n");
    s.push_str("  container   Manage containers\n  image       Manage images\n  network     Manage networks\n");
    s.push_str("\nCommands:\n");
    for (name, desc) in [
        (
            "attach",
            "Attach local standard input, output, and error streams to a running container",
        ),
        ("create", "Create a new container"),
        ("inspect", "Return low-level information on Docker objects"),
        ("kill", "Kill one or more running containers"),
        ("logs", "Fetch the logs of a container"),
        (
            "port",
            "List port mappings or a specific mapping for the container",
        ),
        ("restart", "Restart one or more containers"),
        ("rm", "Remove one or more containers"),
        ("start", "Start one or more stopped containers"),
        ("stop", "Stop one or more running containers"),
        ("version", "Show the Docker version information"),
    ] {
        s.push_str(&format!("  {name:<11} {desc}\n"));
    }
    s.push_str("\nRun 'docker COMMAND --help' for more information on a command.\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/\n");
    s
}

/// Docker commands that exist but that the playground does not simulate:
/// they get an honest note instead of Docker's "is not a docker command"
/// (which would tell a learner something false about Docker).
const NOT_SIMULATED: &[&str] = &[
    "build",
    "builder",
    "buildx",
    "checkpoint",
    "commit",
    "compose",
    "config",
    "context",
    "cp",
    "diff",
    "events",
    "export",
    "history",
    "import",
    "info",
    "load",
    "login",
    "logout",
    "manifest",
    "node",
    "pause",
    "plugin",
    "push",
    "rename",
    "rmi",
    "save",
    "search",
    "secret",
    "service",
    "stack",
    "stats",
    "swarm",
    "system",
    "tag",
    "top",
    "trust",
    "unpause",
    "update",
    "volume",
    "wait",
];
const IMAGE_NOT_SIMULATED: &[&str] = &[
    "build", "history", "import", "inspect", "load", "prune", "push", "remove", "rm", "save", "tag",
];
const CONTAINER_NOT_SIMULATED: &[&str] = &[
    "commit", "cp", "diff", "export", "pause", "rename", "stats", "top", "unpause", "update",
    "wait",
];

/// `docker <path>` is real Docker but outside the playground.
fn not_simulated(path: &str) -> Output {
    let mut o = Output::new();
    o.err(&format!(
        "[bridgeport] `docker {path}` exists in Docker but not in this playground, which models containers and networks: see `docker --help`.\n"
    ));
    o.code = 1;
    o
}

/// An unknown word after a management command, or one of its commands that
/// the playground does not simulate.
fn subcommand_miss(path: &str, word: &str, not_simulated_here: &[&str]) -> Output {
    match path.strip_prefix("docker ") {
        Some(rest) if not_simulated_here.contains(&word) => {
            not_simulated(&format!("{rest} {word}"))
        }
        _ => unknown_subcommand(path, word),
    }
}

fn unknown_subcommand(path: &str, word: &str) -> Output {
    let mut o = Output::new();
    o.err(&format!("docker: unknown command: {path} {word}\n\nUsage:  {path} COMMAND\n\nRun '{path} --help' for more information\n"));
    o.code = 1;
    o
}

fn version() -> String {
    format!(
        "Client: Docker Engine - Community\n Version:           {CLIENT_VERSION}\n API version:       1.52\n Go version:        go1.25.5\n Git commit:        890dcca\n Built:             Tue Oct 28 12:00:00 2026\n OS/Arch:           linux/amd64\n Context:           default\n\nServer: Docker Engine - Community\n Engine:\n  Version:          {CLIENT_VERSION}\n  API version:      1.52 (minimum version 1.44)\n  Go version:       go1.25.5\n  Git commit:       bridgeport\n  Built:            Tue Oct 28 12:00:00 2026\n  OS/Arch:          linux/amd64\n  Experimental:     false\n\nThis is Bridgeport: a simulation of Docker Engine networking. No containers really run.\n"
    )
}

/// Runs `docker <args>`.
pub fn docker(ctx: &mut Ctx, args: &[String]) -> Output {
    let Some(first) = args.first() else {
        let mut o = Output::new();
        o.out(&top_help());
        return o;
    };
    let rest = &args[1..];
    match first.as_str() {
        "--help" | "-h" | "help" => {
            let mut o = Output::new();
            o.out(&top_help());
            o
        }
        "--version" | "-v" => {
            let mut o = Output::new();
            o.outln(&format!("Docker version {CLIENT_VERSION}, build 890dcca"));
            o
        }
        "version" => {
            let mut o = Output::new();
            o.out(&version());
            o
        }
        "run" => run::run(ctx, &specs::RUN, rest),
        "create" => run::run(ctx, &specs::CREATE, rest),
        "ps" => containers::ps(ctx, &specs::PS, rest),
        "start" => containers::start(ctx, rest),
        "stop" => containers::stop(ctx, &specs::STOP, rest),
        "restart" => containers::stop(ctx, &specs::RESTART, rest),
        "kill" => containers::stop(ctx, &specs::KILL, rest),
        "rm" => containers::rm(ctx, rest),
        "port" => containers::port(ctx, rest),
        "logs" => containers::logs(ctx, rest),
        "inspect" => inspect::inspect(ctx, &specs::INSPECT, rest),
        "exec" => containers::exec(ctx, rest),
        "attach" => containers::attach(ctx, rest),
        "images" => images::images(ctx, rest),
        "pull" => run::pull_command(ctx, rest),
        "container" => container_command(ctx, rest),
        "image" => image_command(ctx, rest),
        "network" => network_command(ctx, rest),
        other if other.starts_with('-') => {
            let mut o = Output::new();
            o.err(&format!("unknown flag: {other}\nSee 'docker --help'.\n"));
            o.code = 125;
            o
        }
        other if NOT_SIMULATED.contains(&other) => not_simulated(other),
        other => {
            let mut o = Output::new();
            o.err(&format!(
                "docker: '{other}' is not a docker command.\nSee 'docker --help'\n"
            ));
            o.code = 1;
            o
        }
    }
}

/// A management command's subcommand word and its arguments, or the
/// command's help (no word, `--help`, `-h`).
fn subcommand<'a>(
    args: &'a [String],
    path: &str,
    short: &str,
    subs: &[(&str, &str)],
) -> Result<(&'a str, &'a [String]), Output> {
    match args.first().map(String::as_str) {
        None | Some("--help" | "-h") => {
            let mut o = Output::new();
            o.out(&specs::management_help(path, short, subs));
            Err(o)
        }
        Some(sub) => Ok((sub, &args[1..])),
    }
}

fn container_command(ctx: &mut Ctx, args: &[String]) -> Output {
    let (sub, rest) = match subcommand(
        args,
        "docker container",
        "Manage containers",
        specs::CONTAINER_SUBCOMMANDS,
    ) {
        Ok(found) => found,
        Err(help) => return help,
    };
    match sub {
        "run" => run::run(ctx, &specs::RUN, rest),
        "create" => run::run(ctx, &specs::CREATE, rest),
        "ls" | "list" | "ps" => containers::ps(ctx, &specs::PS, rest),
        "start" => containers::start(ctx, rest),
        "stop" => containers::stop(ctx, &specs::STOP, rest),
        "restart" => containers::stop(ctx, &specs::RESTART, rest),
        "kill" => containers::stop(ctx, &specs::KILL, rest),
        "rm" | "remove" => containers::rm(ctx, rest),
        "prune" => containers::prune(ctx, rest),
        "port" => containers::port(ctx, rest),
        "logs" => containers::logs(ctx, rest),
        "inspect" => inspect::inspect(ctx, &specs::CONTAINER_INSPECT, rest),
        "exec" => containers::exec(ctx, rest),
        "attach" => containers::attach(ctx, rest),
        other => subcommand_miss("docker container", other, CONTAINER_NOT_SIMULATED),
    }
}

fn image_command(ctx: &mut Ctx, args: &[String]) -> Output {
    let (sub, rest) = match subcommand(
        args,
        "docker image",
        "Manage images",
        specs::IMAGE_SUBCOMMANDS,
    ) {
        Ok(found) => found,
        Err(help) => return help,
    };
    match sub {
        "ls" | "list" => images::images(ctx, rest),
        "pull" => run::pull_command(ctx, rest),
        other => subcommand_miss("docker image", other, IMAGE_NOT_SIMULATED),
    }
}

fn network_command(ctx: &mut Ctx, args: &[String]) -> Output {
    let (sub, rest) = match subcommand(
        args,
        "docker network",
        "Manage networks",
        specs::NETWORK_SUBCOMMANDS,
    ) {
        Ok(found) => found,
        Err(help) => return help,
    };
    match sub {
        "create" => networks::create(ctx, rest),
        "ls" | "list" => networks::ls(ctx, rest),
        "inspect" => networks::inspect(ctx, rest),
        "rm" | "remove" => networks::rm(ctx, rest),
        "connect" => networks::connect(ctx, rest),
        "disconnect" => networks::disconnect(ctx, rest),
        "prune" => networks::prune(ctx, rest),
        other => unknown_subcommand("docker network", other),
    }
}

//! Programs that run on the host, on the LAN computer and inside containers,
//! as one table ([`TOOLS`]): each row says where the program exists (the
//! host, Ubuntu 24.04; the LAN laptop; which image userlands ship it, plus
//! what an image adds, [`bridgeport_engine::image::Image::extra_tools`]) and
//! what runs it. Files and names (`hostname`, `cat /etc/hosts`) run here; the
//! network tools (`ping`, `curl`, `wget`, `nc`, `nslookup`, `ip`, `ss`,
//! `iptables`) send packets through the engine in [`crate::net`].
//!
//! Adding a program is one row: its names, where it exists, its kind and
//! its handler (`fn(&mut Ctx, &Env, &[String]) -> Output`).

use crate::context::{Ctx, Place};
use crate::net::{self, Env};
use crate::output::Output;
use bridgeport_engine::hostfiles;
use bridgeport_engine::image::Userland::{self, *};
use bridgeport_engine::model::Container;
use bridgeport_engine::net::Node;
use bridgeport_engine::{Engine, Matrix};

/// What runs a program.
pub(crate) type Run = fn(&mut Ctx, &Env, &[String]) -> Output;

/// What kind of program it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Sends packets; each run asks DNS questions in a new round
    /// ([`bridgeport_engine::Engine::next_dns_round`]).
    Net,
    /// Reads and writes text, names and files; sends nothing.
    Text,
    /// A shell: started by `docker run -it`/`docker exec -it`, not run as a tool.
    Shell,
}

/// One program.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// Its names (`nc`, `netcat`); a path's directory is ignored.
    pub names: &'static [&'static str],
    /// On the Docker host (Ubuntu 24.04).
    pub host: bool,
    /// On the LAN laptop.
    pub lan: bool,
    /// The image userlands that ship it.
    pub images: &'static [Userland],
    pub kind: Kind,
    /// `None`: it exists, but running it is not simulated.
    pub(crate) run: Option<Run>,
}

/// Every userland with a shell.
const SHELLS: &[Userland] = &[Busybox, DebianSlim, Debian, Ubuntu, Netshoot];
/// busybox applets and netshoot (which has them all).
const BUSYBOX_NET: &[Userland] = &[Busybox, Netshoot];

const fn tool(names: &'static [&'static str], kind: Kind, run: Option<Run>) -> Tool {
    Tool {
        names,
        host: true,
        lan: true,
        images: SHELLS,
        kind,
        run,
    }
}

impl Tool {
    const fn images(self, images: &'static [Userland]) -> Tool {
        Tool { images, ..self }
    }
    /// Only on the Docker host (not on the laptop).
    const fn host_only(self) -> Tool {
        Tool { lan: false, ..self }
    }
    const fn nowhere_outside(self) -> Tool {
        Tool {
            host: false,
            lan: false,
            ..self
        }
    }

    /// Does it exist at `place` (a container: its image)?
    pub fn exists(&self, place: Where<'_>) -> bool {
        match place {
            Where::Host => self.host,
            Where::Lan => self.lan,
            Where::Image(c) => {
                let image = c.image.image();
                self.images.contains(&c.image.userland())
                    || image.is_some_and(|i| self.names.iter().any(|n| i.extra_tools.contains(n)))
            }
        }
    }
}

/// Where a program is looked for.
#[derive(Debug, Clone, Copy)]
pub enum Where<'a> {
    Host,
    Lan,
    Image(&'a Container),
}

/// Every program Bridgeport knows, with where it exists and what runs it.
pub const TOOLS: &[Tool] = &[
    tool(&["ping"], Kind::Net, Some(net::ping::run)).images(BUSYBOX_NET),
    tool(&["curl"], Kind::Net, Some(net::curl::run)).images(&[Debian, Netshoot]),
    tool(&["wget"], Kind::Net, Some(net::wget::run)).images(&[Busybox, Debian, Netshoot]),
    tool(&["nc", "netcat"], Kind::Net, Some(net::nc::run)).images(BUSYBOX_NET),
    tool(&["nslookup"], Kind::Net, Some(net::nslookup::run)).images(BUSYBOX_NET),
    tool(&["ip"], Kind::Net, Some(net::ip::run))
        .images(BUSYBOX_NET)
        .host_only(),
    tool(&["ss"], Kind::Net, Some(|ctx, _, args| net::ss::run(ctx, args)))
        .images(&[])
        .host_only(),
    tool(&["iptables"], Kind::Net, Some(|ctx, _, args| net::iptables::run(ctx, args)))
        .images(&[])
        .host_only(),
    tool(&["hostname"], Kind::Text, Some(hostname)),
    tool(&["echo"], Kind::Text, Some(|_, _, args| echo(args))),
    tool(&["cat"], Kind::Text, Some(cat)).host_only(),
    tool(&["true", "sleep"], Kind::Text, Some(|_, _, _| Output::new())).nowhere_outside(),
    tool(&["false"], Kind::Text, Some(|_, _, _| exit_code(1)))
        .nowhere_outside(),
    tool(&["ls", "env", "id", "uname"], Kind::Text, None).nowhere_outside(),
    tool(&["sh"], Kind::Shell, None).nowhere_outside(),
    tool(&["bash"], Kind::Shell, None)
        .images(&[DebianSlim, Debian, Ubuntu, Netshoot])
        .nowhere_outside(),
    tool(&["zsh"], Kind::Shell, None)
        .images(&[Netshoot])
        .nowhere_outside(),
    tool(&["ash"], Kind::Shell, None)
        .images(&[Busybox])
        .nowhere_outside(),
];

/// The row for a program name (`/bin/ping` is `ping`).
pub fn find(program: &str) -> Option<&'static Tool> {
    let name = program.rsplit('/').next().unwrap_or(program);
    TOOLS.iter().find(|t| t.names.contains(&name))
}

/// Is `program` on this container's PATH?
pub fn has_program(c: &Container, program: &str) -> bool {
    find(program).is_some_and(|t| t.exists(Where::Image(c)))
}

/// The main program a container would exec, when Bridgeport knows the
/// image does not ship it (`docker run alpine curl …`, `docker run
/// traefik/whoami sh`). Only programs of the [`TOOLS`] table are judged: a
/// program the table does not know may well be in the image, so it is not
/// called missing. The image's own command and servers always exist.
pub fn missing_main_program(c: &Container) -> Option<String> {
    let argv = c.argv();
    let program = argv.first()?;
    let name = program.rsplit('/').next().unwrap_or(program);
    let image = c.image.image()?;
    let own = image.entrypoint.iter().chain(image.cmd.iter()).any(|w| {
        w.rsplit('/').next() == Some(name)
    }) || image.programs.iter().any(|p| p.exe.contains(&name));
    if own {
        return None;
    }
    let tool = find(program)?;
    (!tool.exists(Where::Image(c))).then(|| program.clone())
}

/// `docker exec` of a program the image does not have. The daemon writes
/// runc's error into the attached stream, on stdout (moby
/// `daemon/server/router/container/exec.go` postContainerExecStart), and the
/// exec's exit code is 127 (`daemon/errors.go` setExitCodeFromError), which
/// the CLI returns. With `-d` nothing is attached: the error is the API
/// response, framed as a daemon error (exit 1).
pub fn exec_not_found(program: &str, detach: bool) -> Output {
    let msg = format!("OCI runtime exec failed: exec failed: unable to start container process: exec: {program:?}: executable file not found in $PATH: unknown");
    let mut o = Output::new();
    if detach {
        o.daemon_fail(msg);
    } else {
        o.outln(&msg);
        o.code = 127;
    }
    o
}

/// The "not found" message: from the shell when typed at a prompt, from the
/// runtime for `docker exec` without a shell (shell = "").
fn not_found(shell: &str, program: &str) -> Output {
    let mut o = Output::new();
    match shell {
        "" => return exec_not_found(program, false),
        "bash" => o.fail(&format!("bash: {program}: command not found"), 127),
        "zsh" => o.fail(&format!("zsh: command not found: {program}"), 127),
        other => o.fail(&format!("{other}: {program}: not found"), 127),
    }
    o
}

/// Runs `argv` at `place` through the table.
fn run_at(ctx: &mut Ctx, place: Place, shell: &str, argv: &[String]) -> Output {
    let Some(program) = argv.first() else {
        return Output::new();
    };
    let container = match &place {
        Place::Container(a) => ctx.engine.container_by_id(&a.container_id).cloned(),
        _ => None,
    };
    let here = match (&place, &container) {
        (Place::Host, _) => Where::Host,
        (Place::Lan, _) => Where::Lan,
        (Place::Container(_), Some(c)) => Where::Image(c),
        (Place::Container(_), None) => {
            let mut o = Output::new();
            o.fail("bridgeport: the container is gone", 1);
            return o;
        }
    };
    let tool = find(program).filter(|t| t.exists(here));
    let mut env = net::env_for(ctx, &place);
    let Some(tool) = tool else {
        return match here {
            Where::Image(_) => not_found(shell, program),
            _ => command_not_found(&env, program),
        };
    };
    let Some(run) = tool.run.filter(|_| tool.kind != Kind::Shell) else {
        return command_not_found(&env, program);
    };
    if tool.kind == Kind::Net {
        env.round = ctx.engine.next_dns_round();
    }
    run(ctx, &env, &argv[1..])
}

/// What the shell says of a program it has no simulation for.
fn command_not_found(env: &Env, program: &str) -> Output {
    let mut o = Output::new();
    o.fail(
        &format!("{}: {}: command not found", env.shell, program),
        127,
    );
    o
}

/// A program that prints nothing and exits with `code`.
fn exit_code(code: i32) -> Output {
    let mut o = Output::new();
    o.code = code;
    o
}

fn echo(args: &[String]) -> Output {
    let mut o = Output::new();
    o.outln(&args.join(" "));
    o
}

/// `hostname`: the container's (its `--hostname` or short ID), the laptop's,
/// or the host's (`-I` lists its addresses).
fn hostname(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    match (&env.from, &env.container) {
        (Node::Container(_), Some(c)) => o.outln(&c.hostname(&ctx.engine.host.hostname)),
        (Node::Lan, _) => o.outln(&ctx.engine.host.lan_peer_name),
        _ if args.first().map(String::as_str) == Some("-I") => return net::ip::hostname(ctx, args),
        _ => o.outln(&ctx.engine.host.hostname),
    }
    o
}

/// `cat` of the files Bridgeport writes: a container's /etc/hosts,
/// /etc/resolv.conf and /etc/hostname; the host's /etc/resolv.conf.
fn cat(ctx: &mut Ctx, env: &Env, args: &[String]) -> Output {
    let mut o = Output::new();
    let Some(c) = &env.container else {
        if args.first().map(String::as_str) == Some("/etc/resolv.conf") {
            o.out(&ctx.engine.host.resolv_conf());
            return o;
        }
        return command_not_found(env, "cat");
    };
    for path in args {
        match path.as_str() {
            "/etc/hosts" => o.out(&hostfiles::etc_hosts(ctx.engine, c)),
            "/etc/resolv.conf" => o.out(&hostfiles::resolv_conf(ctx.engine, c)),
            "/etc/hostname" => o.outln(&c.hostname(&ctx.engine.host.hostname)),
            other => o.fail(
                &format!("cat: can't open '{other}': No such file or directory"),
                1,
            ),
        }
    }
    o
}

/// Runs a command inside a container (`shell`: the prompt's shell, or ""
/// for `docker exec` without one).
pub fn in_container(ctx: &mut Ctx, container_id: &str, shell: &str, argv: &[String]) -> Output {
    let place = Place::Container(crate::context::Attached {
        container_id: container_id.to_string(),
        kind: crate::context::AttachKind::Exec,
        shell: shell.to_string(),
    });
    run_at(ctx, place, shell, argv)
}

/// Runs a command in the host's shell.
pub fn on_host(ctx: &mut Ctx, argv: &[String]) -> Output {
    let mut o = Output::new();
    match argv[0].as_str() {
        "lan" | "laptop" => *ctx.place = Place::Lan,
        "exit" => o.errln("[bridgeport] this is the host's shell; there is nothing to exit. Type `reset` in the page to start over."),
        "sudo" if argv.len() > 1 => return run_at(ctx, Place::Host, "bash", &argv[1..]),
        _ => return run_at(ctx, Place::Host, "bash", argv),
    }
    o
}

/// Runs a command on the other computer on the LAN.
pub fn on_lan(ctx: &mut Ctx, argv: &[String]) -> Output {
    run_at(ctx, Place::Lan, "bash", argv)
}

/// The reachability matrix.
pub fn matrix(engine: &Engine) -> Matrix {
    crate::net::matrix(engine)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_in_one_row() {
        let mut names: Vec<&str> = TOOLS.iter().flat_map(|t| t.names.iter().copied()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a program name is in two rows");
    }

    #[test]
    fn where_programs_exist() {
        let host = |p: &str| find(p).is_some_and(|t| t.exists(Where::Host));
        let lan = |p: &str| find(p).is_some_and(|t| t.exists(Where::Lan));
        assert!(host("iptables") && host("ss") && host("ip") && host("/usr/bin/ping"));
        assert!(!lan("iptables") && !lan("ip") && lan("curl"));
        assert!(!host("sh") && find("grep-nothing").is_none());
    }
}

//! Programs that run on the host, on the LAN computer and inside containers:
//! files and names (`hostname`, `cat /etc/hosts`), and the network tools
//! (`ping`, `curl`, `wget`, `nc`, `nslookup`, `ip`, `ss`, `iptables`), which
//! send packets through the engine and print what the real tools print.

use crate::context::{Ctx, Place};
use crate::output::Output;
use bridgeport_engine::hostfiles;
use bridgeport_engine::model::Container;
use bridgeport_engine::{Engine, Matrix};

/// Is `program` on this container's PATH?
pub fn has_program(c: &Container, program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    let image = c.image.image();
    let tools = c.image.tools();
    match name {
        "sh" => image.is_some_and(|i| !i.shell.is_empty()),
        "bash" => image.is_some_and(|i| i.shell == "bash" || i.shell == "zsh"),
        "zsh" => image.is_some_and(|i| i.shell == "zsh"),
        "ash" => tools.busybox,
        "ping" => tools.ping,
        "curl" => tools.curl,
        "wget" => tools.wget,
        "nc" => tools.nc,
        "nslookup" => tools.nslookup,
        "ip" => tools.ip,
        "hostname" | "cat" | "echo" | "true" | "false" | "sleep" | "ls" | "env" | "id"
        | "uname" => image.is_some_and(|i| !i.shell.is_empty()),
        _ => false,
    }
}

/// The "not found" message: from the shell when typed at a prompt, from the
/// runtime for `docker exec` without a shell (shell = "").
fn not_found(shell: &str, program: &str) -> Output {
    let mut o = Output::new();
    match shell {
        "" => o.fail(
            &format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"),
            127,
        ),
        "bash" => o.fail(&format!("bash: {program}: command not found"), 127),
        "zsh" => o.fail(&format!("zsh: command not found: {program}"), 127),
        other => o.fail(&format!("{other}: {program}: not found"), 127),
    }
    o
}

/// Runs a command inside a container.
pub fn in_container(ctx: &mut Ctx, container_id: &str, shell: &str, argv: &[String]) -> Output {
    let Some(c) = ctx.engine.container_by_id(container_id).cloned() else {
        let mut o = Output::new();
        o.fail("bridgeport: the container is gone", 1);
        return o;
    };
    let Some(program) = argv.first() else {
        return Output::new();
    };
    if !has_program(&c, program) {
        return not_found(shell, program);
    }
    let mut o = Output::new();
    let name = program.rsplit('/').next().unwrap_or(program);
    match name {
        "hostname" => o.outln(&c.hostname(&ctx.engine.host.hostname)),
        "echo" => o.outln(&argv[1..].join(" ")),
        "true" | "sleep" => {}
        "false" => o.code = 1,
        "cat" => {
            for path in &argv[1..] {
                match path.as_str() {
                    "/etc/hosts" => o.out(&hostfiles::etc_hosts(ctx.engine, &c)),
                    "/etc/resolv.conf" => o.out(&hostfiles::resolv_conf(ctx.engine, &c)),
                    "/etc/hostname" => o.outln(&c.hostname(&ctx.engine.host.hostname)),
                    other => o.fail(
                        &format!("cat: can't open '{other}': No such file or directory"),
                        1,
                    ),
                }
            }
        }
        _ => {
            return crate::net::run(
                ctx,
                Place::Container(crate::context::Attached {
                    container_id: c.id.clone(),
                    kind: crate::context::AttachKind::Exec,
                    shell: shell.to_string(),
                }),
                argv,
            )
        }
    }
    o
}

/// Runs a command in the host's shell.
pub fn on_host(ctx: &mut Ctx, argv: &[String]) -> Output {
    let mut o = Output::new();
    match argv[0].as_str() {
        "hostname" if argv.get(1).map(String::as_str) == Some("-I") => return crate::net::run(ctx, Place::Host, argv),
        "hostname" => o.outln(&ctx.engine.host.hostname),
        "echo" => o.outln(&argv[1..].join(" ")),
        "lan" | "laptop" => *ctx.place = Place::Lan,
        "cat" if argv.get(1).map(String::as_str) == Some("/etc/resolv.conf") => o.out(&ctx.engine.host.resolv_conf()),
        "exit" => o.errln("[bridgeport] this is the host's shell; there is nothing to exit. Type `reset` in the page to start over."),
        _ => return crate::net::run(ctx, Place::Host, argv),
    }
    o
}

/// Runs a command on the other computer on the LAN.
pub fn on_lan(ctx: &mut Ctx, argv: &[String]) -> Output {
    let mut o = Output::new();
    match argv[0].as_str() {
        "hostname" => o.outln(&ctx.engine.host.lan_peer_name),
        "echo" => o.outln(&argv[1..].join(" ")),
        _ => return crate::net::run(ctx, Place::Lan, argv),
    }
    o
}

/// The reachability matrix.
pub fn matrix(engine: &Engine) -> Matrix {
    crate::net::matrix(engine)
}

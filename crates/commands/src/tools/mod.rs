//! Programs that run on the host, on the LAN computer and inside containers,
//! as one table ([`TOOLS`]): each row says where the program exists (the
//! host, Ubuntu 24.04; the LAN laptop; which image userlands ship it, plus
//! what an image adds, [`bridgeport_engine::image::Image::extra_tools`]) and
//! what runs it. Names (`hostname`) run here; the text tools (`grep`, `cat`,
//! `wc`, …, which read stdin and the place's files) in [`text`]; the
//! network tools (`ping`, `curl`, `wget`, `nc`, `nslookup`, `ip`, `ss`,
//! `iptables`) send packets through the engine in [`crate::net`]. What each
//! place's shell runs, reads and writes is [`place`]; `help` is [`help`].
//!
//! Adding a program is one row: its names, where it exists, its kind and
//! its handler (`fn(&mut Ctx, &Env, &[String]) -> Output`, or for a text
//! tool `fn(&TextEnv, &[String], Option<&str>) -> Output`).

pub mod files;
pub mod help;
pub mod interp;
pub mod place;
pub mod text;

use crate::context::{Ctx, Place};
use crate::net::{self, Env};
use crate::output::Output;
use bridgeport_engine::image::Userland::{self, *};
use bridgeport_engine::model::Container;
use bridgeport_engine::{Engine, Matrix};

/// What runs a program.
pub(crate) type Run = fn(&mut Ctx, &Env, &[String]) -> Output;
/// What runs a text tool: its environment, arguments and stdin.
pub(crate) type TextRun = fn(&text::TextEnv, &[String], Option<&str>) -> Output;
/// What runs a file tool (`ls`, `mkdir`, `rm`, `touch`): the place's tree.
pub(crate) type FsRun = fn(&mut files::FsEnv, &[String]) -> Output;

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
    /// In every image built on Alpine Linux, whatever its userland
    /// ([`bridgeport_engine::image::ImageRef::alpine`]): `apk`.
    pub alpine: bool,
    /// A package manager (`apk`, `apt-get`): it exists, but installing is
    /// not simulated, and it says so ([`place`]).
    pub package_manager: bool,
    pub kind: Kind,
    /// `None`: it exists, but running it is not simulated.
    pub(crate) run: Option<Run>,
    /// A text tool's handler (then `run` is `None`).
    pub(crate) text: Option<TextRun>,
    /// A file tool's handler (then `run` and `text` are `None`).
    pub(crate) fs: Option<FsRun>,
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
        alpine: false,
        package_manager: false,
        kind,
        run,
        text: None,
        fs: None,
    }
}

/// A text tool (coreutils and grep on the host and in Debian images, busybox
/// applets in alpine/busybox; netshoot has them too).
const fn text_tool(names: &'static [&'static str], run: TextRun) -> Tool {
    Tool {
        names,
        host: true,
        lan: true,
        images: SHELLS,
        alpine: false,
        package_manager: false,
        kind: Kind::Text,
        run: None,
        text: Some(run),
        fs: None,
    }
}

/// A file tool (coreutils on the host and in Debian images, busybox applets).
const fn fs_tool(names: &'static [&'static str], run: FsRun) -> Tool {
    Tool {
        names,
        host: true,
        lan: true,
        images: SHELLS,
        alpine: false,
        package_manager: false,
        kind: Kind::Text,
        run: None,
        text: None,
        fs: Some(run),
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
    /// In every Alpine-based image (see [`Tool::alpine`]).
    const fn alpine(self) -> Tool {
        Tool {
            alpine: true,
            ..self
        }
    }
    /// A package manager (see [`Tool::package_manager`]).
    const fn package_manager(self) -> Tool {
        Tool {
            package_manager: true,
            ..self
        }
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
                    || (self.alpine && c.image.alpine())
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
    tool(
        &["ss"],
        Kind::Net,
        Some(|ctx, _, args| net::ss::run(ctx, args)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["iptables"],
        Kind::Net,
        Some(|ctx, _, args| net::iptables::run(ctx, args)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["iptables-save"],
        Kind::Net,
        Some(|ctx, _, args| net::iptables_save::run(ctx, args)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["iptables-restore"],
        Kind::Net,
        Some(|ctx, env, args| net::iptables_restore::run(ctx, env, args, false)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["ip6tables-restore"],
        Kind::Net,
        Some(|ctx, env, args| net::iptables_restore::run(ctx, env, args, true)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["ip6tables"],
        Kind::Net,
        Some(|ctx, _, args| net::iptables::run6(ctx, args)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["nft"],
        Kind::Net,
        Some(|ctx, _, args| net::nft::run(ctx, args)),
    )
    .images(&[])
    .host_only(),
    tool(&["hostname"], Kind::Text, Some(net::hostname::run)),
    text_tool(&["echo"], |e, a, _| text::echo::run(e, a)),
    text_tool(&["printf"], text::printf::run),
    text_tool(&["cat"], text::cat::run),
    text_tool(&["grep"], |e, a, i| text::grep::run(e, "grep", a, i)),
    text_tool(&["egrep"], |e, a, i| text::grep::run(e, "egrep", a, i)),
    text_tool(&["fgrep"], |e, a, i| text::grep::run(e, "fgrep", a, i)),
    text_tool(&["head"], |e, a, i| text::headtail::run(e, true, a, i)),
    text_tool(&["tail"], |e, a, i| text::headtail::run(e, false, a, i)),
    text_tool(&["wc"], text::wc::run),
    text_tool(&["cut"], text::cut::run),
    text_tool(&["sort"], |e, a, i| text::sort::run(e, false, a, i)),
    text_tool(&["uniq"], |e, a, i| text::sort::run(e, true, a, i)),
    text_tool(&["env", "printenv"], text::env),
    text_tool(&["sleep"], text::sleep),
    text_tool(&["true"], |_, _, _| Output::new()),
    text_tool(&["false"], |_, _, _| exit_code(1)),
    text_tool(&["pwd"], text::pwd),
    fs_tool(&["ls"], files::ls::run),
    fs_tool(&["mkdir"], files::mkdir::mkdir),
    fs_tool(&["touch"], files::mkdir::touch),
    fs_tool(&["rm"], files::rm::run),
    // Everywhere with a shell (and on the host), not simulated: they say so.
    tool(&["id", "uname"], Kind::Text, None),
    // The page clears its own terminal; a script's `clear` prints nothing.
    text_tool(&["clear"], |_, _, _| Output::new()),
    // busybox's net-tools applets (netshoot has GNU net-tools); not on the
    // Ubuntu host, where command-not-found names the package.
    tool(&["ifconfig"], Kind::Text, Some(net::nettools::ifconfig))
        .images(BUSYBOX_NET)
        .nowhere_outside(),
    tool(&["route"], Kind::Text, Some(net::nettools::route))
        .images(BUSYBOX_NET)
        .nowhere_outside(),
    tool(&["netstat"], Kind::Text, Some(net::nettools::netstat))
        .images(BUSYBOX_NET)
        .nowhere_outside(),
    tool(&["arp"], Kind::Text, Some(net::nettools::arp))
        .images(BUSYBOX_NET)
        .nowhere_outside(),
    tool(&["traceroute"], Kind::Net, Some(net::nettools::traceroute))
        .images(BUSYBOX_NET)
        .nowhere_outside(),
    tool(&["httpd"], Kind::Net, None)
        .images(&[Busybox])
        .nowhere_outside(),
    // netshoot's DNS and capture tools, also on the Ubuntu host (bind9-dnsutils, tcpdump).
    tool(&["dig"], Kind::Net, Some(net::dig::dig))
        .images(&[Netshoot])
        .host_only(),
    tool(&["host"], Kind::Net, Some(net::dig::host))
        .images(&[Netshoot])
        .host_only(),
    tool(
        &["conntrack"],
        Kind::Net,
        Some(|ctx, _, args| net::conntrack::run(ctx, args)),
    )
    .images(&[])
    .host_only(),
    tool(&["ufw"], Kind::Net, Some(net::ufw::run))
        .images(&[])
        .host_only(),
    tool(&["tcpdump"], Kind::Net, Some(net::tcpdump::run))
        .images(&[Netshoot])
        .host_only(),
    // Language runtimes: in the images that ship them (the catalogue's
    // extra_tools); python3 also on the Ubuntu host.
    tool(&["node"], Kind::Text, Some(interp::node))
        .images(&[])
        .nowhere_outside(),
    tool(
        &["python3"],
        Kind::Text,
        Some(|c, e, a| interp::python(c, e, "python3", a)),
    )
    .images(&[])
    .host_only(),
    tool(
        &["python"],
        Kind::Text,
        Some(|c, e, a| interp::python(c, e, "python", a)),
    )
    .images(&[])
    .nowhere_outside(),
    tool(&["go"], Kind::Text, Some(interp::go))
        .images(&[])
        .nowhere_outside(),
    tool(
        &["npm", "npx", "yarn", "pip", "pip3", "java", "javac", "php"],
        Kind::Text,
        None,
    )
    .images(&[])
    .nowhere_outside(),
    // Package managers, where their distribution is: apk in Alpine-based
    // images, apt in Debian and Ubuntu ones and on the host. Installing
    // downloads packages, which the playground does not: they say so rather
    // than "not found", which would teach that the image cannot install.
    tool(&["apk"], Kind::Text, None)
        .images(&[])
        .alpine()
        .package_manager()
        .nowhere_outside(),
    tool(&["apt", "apt-get", "dpkg"], Kind::Text, None)
        .images(&[DebianSlim, Debian, Ubuntu])
        .package_manager()
        .host_only(),
    // Real programs that are not simulated: they say so rather than
    // "command not found", which would teach something false. Where they
    // are: coreutils, sed, mawk, findutils and debianutils in every Debian
    // and Ubuntu image (slim ones included) and on the host, the same
    // names as busybox applets in alpine and busybox images (busybox 1.37's
    // applet list), and netshoot, which has them all.
    tool(
        &[
            "cp",
            "mv",
            "chmod",
            "chown",
            "ln",
            "sed",
            "awk",
            "tr",
            "xargs",
            "find",
            "tee",
            "date",
            "whoami",
            "which",
            "kill",
            "more",
            "basename",
            "dirname",
            "seq",
            "base64",
            "md5sum",
            "sha1sum",
            "sha256sum",
            "sha512sum",
            "cksum",
            "nproc",
            "df",
            "du",
            "stat",
            "readlink",
            "realpath",
            "expr",
            "test",
            "[",
            "yes",
            "mktemp",
            "dd",
            "od",
            "nl",
            "paste",
            "fold",
            "comm",
            "tac",
            "shuf",
            "split",
            "timeout",
            "nohup",
            "truncate",
            "sync",
            "install",
        ],
        Kind::Text,
        None,
    )
    .host_only(),
    // procps: busybox applets, in full Debian images (buildpack-deps) and on
    // the host; not in slim Debian or Ubuntu images.
    tool(&["ps", "top", "free", "watch"], Kind::Text, None)
        .images(&[Busybox, Debian, Netshoot])
        .host_only(),
    tool(&["sysctl"], Kind::Text, Some(net::sysctl::run))
        .images(&[Busybox, Debian, Netshoot])
        .host_only(),
    // busybox applets and on the host.
    tool(&["vi", "less"], Kind::Text, None)
        .images(BUSYBOX_NET)
        .host_only(),
    // Only on the Ubuntu 24.04 host.
    tool(
        &[
            "systemctl",
            "journalctl",
            "snap",
            "vim",
            "nano",
            "man",
            "tracepath",
            "ssh",
            "scp",
        ],
        Kind::Text,
        None,
    )
    .images(&[])
    .host_only(),
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

/// Does the image ship `name` as one of its own programs: its ENTRYPOINT or
/// CMD (a variant's too), its servers, or what it adds to its userland
/// (`extra_tools`: nginx's curl, postgres's psql)? Such a program exists
/// even where the [`TOOLS`] table has no row for it.
pub fn image_ships(c: &Container, name: &str) -> bool {
    let Some(image) = c.image.image() else {
        return false;
    };
    let base = |w: &&str| w.rsplit('/').next() == Some(name);
    image.entrypoint.first().is_some_and(base)
        || image.cmd.first().is_some_and(base)
        || image
            .overrides
            .iter()
            .any(|o| o.cmd.first().is_some_and(base))
        || image.programs.iter().any(|p| p.exe.contains(&name))
        || image.extra_tools.contains(&name)
}

/// The main program a container would exec, when Bridgeport knows the
/// image does not ship it (`docker run alpine curl …`, `docker run
/// traefik/whoami sh`). Only programs of the [`TOOLS`] table are judged: a
/// program the table does not know may well be in the image, so it is not
/// called missing. The image's own programs always exist ([`image_ships`]).
pub fn missing_main_program(c: &Container) -> Option<String> {
    let argv = c.argv();
    let program = argv.first()?;
    let name = program.rsplit('/').next().unwrap_or(program);
    if image_ships(c, name) {
        return None;
    }
    let tool = find(program)?;
    (!tool.exists(Where::Image(c))).then(|| program.clone())
}

/// A program that exists here but is not simulated: it says so (exit 127,
/// so a `&&` chain stops there).
pub fn not_simulated(name: &str, in_container: bool) -> Output {
    let what = if in_container {
        "is in this image"
    } else {
        "exists on a real Ubuntu 24.04 host"
    };
    let mut o = Output::new();
    o.fail_fmt(
        format_args!("[bridgeport] {name} {what} but is not simulated; type `help` for what is"),
        127,
    );
    o
}

/// A package manager's answer (`apk add curl`, `apt-get update`): it is
/// there, but installing downloads packages, which the playground does not.
/// In a container it names the network tools the image already has, and
/// the real way to get the rest without installing anything: netshoot,
/// joined to the container's network namespace when the container runs on
/// after this command (`running_on`: a `docker exec`). Exit status 127, as
/// for the other programs that exist but are not simulated, so `apk add
/// curl && curl …` stops at the first.
pub fn not_installing(name: &str, container: Option<&Container>, running_on: bool) -> Output {
    let mut o = Output::new();
    let Some(c) = container else {
        o.fail_fmt(
            format_args!("[bridgeport] {name} exists on a real Ubuntu 24.04 host, but its packages are not simulated: nothing is installed or downloaded here."),
            127,
        );
        return o;
    };
    o.errln_fmt(format_args!(
        "[bridgeport] {name} is in this image, but its packages are not simulated: nothing is installed or downloaded here."
    ));
    let mut line = String::from("[bridgeport] ");
    let start = line.len();
    for t in TOOLS {
        if t.kind == Kind::Net && t.run.is_some() && t.exists(Where::Image(c)) {
            line.push_str(if line.len() == start {
                "Its network tools: "
            } else {
                " "
            });
            line.push_str(t.names[0]);
        }
    }
    if line.len() == start {
        line.push_str("It has no network tools");
    }
    line.push('.');
    if c.image.userland() != Userland::Netshoot {
        line.push_str(" nicolaka/netshoot has them all: docker run -it --rm ");
        if running_on {
            line.push_str("--network container:");
            line.push_str(&c.name);
            line.push(' ');
        }
        line.push_str("nicolaka/netshoot");
    }
    o.fail(&line, 127);
    o
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
        "bash" => o.fail_fmt(format_args!("bash: {program}: command not found"), 127),
        "zsh" => o.fail_fmt(format_args!("zsh: command not found: {program}"), 127),
        other => o.fail_fmt(format_args!("{other}: {program}: not found"), 127),
    }
    o
}

/// A program that prints nothing and exits with `code`.
fn exit_code(code: i32) -> Output {
    let mut o = Output::new();
    o.code = code;
    o
}

/// Runs a command line given as words inside a container, without a shell
/// around it (`docker exec C CMD…`, a container's main process; `shell`:
/// the prompt's shell, or "" for the runtime's own "not found"): `sh -c`
/// scripts run in the image's shell. `kind` says whether it is the main
/// process (the container ends with it) or an exec.
pub fn in_container(
    ctx: &mut Ctx,
    container_id: &str,
    shell: &str,
    kind: crate::context::AttachKind,
    argv: &[String],
) -> Output {
    let Some(c) = ctx.engine.container_by_id(container_id).cloned() else {
        let mut o = Output::new();
        o.fail("bridgeport: the container is gone", 1);
        return o;
    };
    if argv.is_empty() {
        return Output::new();
    }
    let mut state = place::container_state(ctx, &c, c.config.tty, 1);
    let name = if shell.is_empty() { "sh" } else { shell };
    let inv = crate::shell::Invocation {
        dialect: place::dialect_for(Some(&c), name),
        name: name.to_string(),
        command_string: true,
        ubuntu_host: false,
    };
    let place = Place::Container(crate::context::Attached {
        container_id: c.id.clone(),
        kind,
        shell: shell.to_string(),
    });
    let mut at = place::At {
        ctx,
        place,
        depth: 0,
    };
    match crate::shell::run::Programs::run(&mut at, &inv, &mut state, argv, None) {
        Some(o) => o,
        None => not_found(shell, &argv[0]),
    }
}

/// Runs a program from the table at `place` (not a text tool or a shell:
/// [`place::At`] runs those); `None` when it does not exist there.
pub(crate) fn run_tool(
    ctx: &mut Ctx,
    place: Place,
    argv: &[String],
    stdin: Option<&str>,
) -> Option<Output> {
    let program = argv.first()?;
    let tool = find(program)?;
    let mut env = net::env_for(ctx, &place);
    env.stdin = stdin.map(str::to_string);
    match tool.run {
        Some(run) => {
            if tool.kind == Kind::Net {
                env.round = ctx.engine.next_dns_round();
                if let Some(o) = net::v6::intercept(ctx, &env, program, run, &argv[1..]) {
                    return Some(o);
                }
            }
            Some(run(ctx, &env, &argv[1..]))
        }
        None => None,
    }
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
        assert!(host("grep") && host("wc") && find("grep").is_some_and(|t| t.text.is_some()));
    }
}

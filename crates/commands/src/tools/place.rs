//! What each place's shell can run: the [`Programs`] of the Docker host
//! (Ubuntu 24.04: docker, coreutils, grep, the network tools), the LAN
//! laptop, and a container (what its image ships). Each place also has its
//! files: the generated ones (`/etc/hosts`, `/etc/resolv.conf`,
//! `/etc/hostname`, answered from the engine) and its tree in
//! [`crate::shell::fs`] (directories, and what redirections, here-documents,
//! the file tools and the page's editor wrote). The host's user `learner`
//! may change things under its home, `/tmp` and `/var/tmp`; a container's
//! root anywhere.

use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::net::sysctl;
use crate::output::Output;
use crate::shell::fs::Refusal;
use crate::shell::run::{run_script, FileError, Programs, MAX_NESTING};
use crate::shell::{
    absolute, Dialect, Invocation, ShellState, HOST_HOME, HOST_START_DIR, HOST_USER,
};
use crate::tools::text::TextEnv;
use crate::tools::{self, Where};
use bridgeport_engine::hostfiles;
use bridgeport_engine::image::Userland;
use bridgeport_engine::model::Container;

/// A place's programs and files, for one line.
pub struct At<'c, 'a> {
    pub ctx: &'c mut Ctx<'a>,
    pub place: Place,
    /// Shells nested so far (`sh -c "sh -c …"`).
    pub depth: u32,
}

/// Directories every container has (the image's root filesystem layout).
const CONTAINER_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/media",
    "/mnt",
    "/opt",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/srv",
    "/sys",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/local",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/share",
    "/var",
    "/var/log",
    "/var/tmp",
    "/var/www",
];

/// Directories on the host a learner would cd into.
const HOST_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/etc",
    "/home",
    HOST_HOME,
    HOST_START_DIR,
    "/opt",
    "/root",
    "/srv",
    "/tmp",
    "/usr",
    "/usr/bin",
    "/usr/local",
    "/var",
    "/var/lib",
    "/var/lib/docker",
    "/var/log",
    "/var/tmp",
];

/// The host's /etc/hosts: Ubuntu 24.04's default (cloud-init template).
fn host_etc_hosts(hostname: &str) -> String {
    format!("127.0.0.1 localhost\n127.0.1.1 {hostname}\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\nfe00::0 ip6-localnet\nff00::0 ip6-mcastprefix\nff02::1 ip6-allnodes\nff02::2 ip6-allrouters\n")
}

/// The files the engine writes: the place answers them, they are not in its tree.
const GENERATED: &[&str] = &["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"];

/// The host's shell environment: user `learner` (a login as on an Ubuntu
/// 24.04 server), in the project directory `~/myapp`.
pub fn host_state() -> ShellState {
    let env: Vec<String> = [
        "SHELL=/bin/bash".to_string(),
        format!("PWD={HOST_START_DIR}"),
        format!("LOGNAME={HOST_USER}"),
        format!("HOME={HOST_HOME}"),
        "LANG=C.UTF-8".to_string(),
        "TERM=xterm-256color".to_string(),
        format!("USER={HOST_USER}"),
        "SHLVL=1".to_string(),
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin".to_string(),
    ]
    .to_vec();
    ShellState::with_env(&env, HOST_START_DIR, "bash", 2417)
}

/// Ubuntu 24.04's prompt for the host's user: `/etc/skel/.bashrc` sets
/// `PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '` (in colour for an
/// xterm-256color terminal), where `\w` shows `$HOME` as `~`.
pub fn host_prompt(hostname: &str, cwd: &str) -> String {
    let shown = match cwd.strip_prefix(HOST_HOME) {
        Some("") => "~".to_string(),
        Some(rest) if rest.starts_with('/') => format!("~{rest}"),
        _ => cwd.to_string(),
    };
    format!("{HOST_USER}@{hostname}:{shown}$ ")
}

/// Whether the host's user may change what is in directory `dir`.
fn host_writable(dir: &str) -> bool {
    ["/tmp", "/var/tmp", HOST_HOME]
        .iter()
        .any(|d| dir == *d || dir.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
}

/// A container's process environment: moby `container.CreateDaemonEnvironment`
/// (PATH, HOSTNAME, TERM=xterm with a TTY, then the image's ENV and `-e`
/// replacing or appending) and HOME=/root added by the runtime when unset.
pub fn container_state(ctx: &Ctx, c: &Container, tty: bool, pid: u32) -> ShellState {
    let mut st = ShellState::default();
    st.set(
        "PATH",
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    );
    st.set("HOSTNAME", &c.hostname(&ctx.engine.host.hostname));
    if tty {
        st.set("TERM", "xterm");
    }
    let image_env = c.image.env();
    for kv in image_env.iter().chain(c.config.env.iter()) {
        if let Some((k, v)) = kv.split_once('=') {
            st.set(k, v);
        }
    }
    if st.get("HOME").is_none() {
        st.set("HOME", "/root");
    }
    st.cwd = "/".to_string();
    st.pid = pid;
    st
}

/// The dialect of a shell program in a container: busybox images' `sh` is
/// ash; Debian and Ubuntu's `/bin/sh` is dash.
pub fn dialect_for(c: Option<&Container>, shell: &str) -> Dialect {
    let busybox = c.is_some_and(|c| c.image.userland() == Userland::Busybox);
    match shell.rsplit('/').next().unwrap_or(shell) {
        "bash" => Dialect::Bash,
        "zsh" => Dialect::Zsh,
        "ash" => Dialect::Ash,
        "dash" => Dialect::Dash,
        _ if busybox => Dialect::Ash,
        _ => Dialect::Dash,
    }
}

impl At<'_, '_> {
    /// The directories this place starts with.
    fn base_dirs(&self) -> Vec<&'static str> {
        match &self.place {
            Place::Container(_) => {
                let mut v = CONTAINER_DIRS.to_vec();
                if let Some(i) = self.container().and_then(|c| c.image.image()) {
                    v.extend_from_slice(web_root(i.repo));
                }
                v
            }
            _ => HOST_DIRS.to_vec(),
        }
    }

    /// Makes the place's tree if it has none yet.
    fn ensure_tree(&mut self) {
        let key = self.files_key();
        if !self.ctx.shells.files.has(&key) {
            let base = self.base_dirs();
            self.ctx.shells.files.ensure(&key, &base, self.ctx.now.0);
        }
    }

    /// Runs a file tool (`ls`, `mkdir`, …) on this place's tree.
    fn fs_tool(&mut self, run: crate::tools::FsRun, state: &ShellState, argv: &[String]) -> Output {
        self.ensure_tree();
        let key = self.files_key();
        let container = matches!(self.place, Place::Container(_));
        let c = self.container();
        let busybox = c
            .as_ref()
            .is_some_and(|c| c.image.userland() == Userland::Busybox);
        let generated: &[&str] = match self.place {
            Place::Lan => &["/etc/hostname"],
            _ => GENERATED,
        };
        let writable: &dyn Fn(&str) -> bool = if container { &|_| true } else { &host_writable };
        let mut env = crate::tools::files::FsEnv {
            busybox,
            utf8: state.get("LANG").is_some_and(|l| l.contains("UTF-8")),
            files: &mut self.ctx.shells.files,
            place: &key,
            generated,
            cwd: &state.cwd,
            now: self.ctx.now.0,
            tty: state.stdout_tty,
            user: if container { "root" } else { HOST_USER },
            writable,
            dialect: Dialect::Bash,
        };
        run(&mut env, &argv[1..])
    }

    fn files_key(&self) -> String {
        match &self.place {
            Place::Host => "host".to_string(),
            Place::Lan => "lan".to_string(),
            Place::Container(a) => a.container_id.clone(),
        }
    }

    fn container(&self) -> Option<Container> {
        match &self.place {
            Place::Container(a) => self.ctx.engine.container_by_id(&a.container_id).cloned(),
            _ => None,
        }
    }

    /// `sh -c SCRIPT [NAME [ARG...]]`, `sh` reading a script from stdin.
    fn nested_shell(
        &mut self,
        parent: &ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Output {
        let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
        let c = self.container();
        let dialect = match &self.place {
            Place::Container(_) => dialect_for(c.as_ref(), &name),
            _ if name == "sh" || name == "dash" => Dialect::Dash,
            _ => Dialect::Bash,
        };
        let mut o = Output::new();
        let mut script: Option<String> = None;
        let mut rest: &[String] = &[];
        let mut i = 1;
        while i < argv.len() {
            let a = &argv[i];
            if a == "-c" {
                match argv.get(i + 1) {
                    Some(s) => {
                        script = Some(s.clone());
                        rest = &argv[i + 2..];
                    }
                    None => {
                        let msg = match dialect {
                            Dialect::Bash => format!("{name}: -c: option requires an argument"),
                            Dialect::Dash => format!("{name}: 0: -c requires an argument"),
                            _ => format!("{name}: -c requires an argument"),
                        };
                        o.fail(&msg, 2);
                        return o;
                    }
                }
                break;
            } else if a.starts_with('-') || a.starts_with('+') {
                // -e, -x, -l, -i, -s: accepted, not modelled.
                i += 1;
            } else {
                // `sh script.sh`: a file of commands.
                let path = absolute(&parent.cwd, a);
                match self.read(&path) {
                    Ok(t) => {
                        script = Some(t);
                        rest = &argv[i + 1..];
                    }
                    Err(_) => {
                        let msg = match dialect {
                            Dialect::Ash => {
                                format!("{name}: can't open '{a}': No such file or directory")
                            }
                            Dialect::Dash => format!("{name}: 0: cannot open {a}: No such file"),
                            _ => format!("{name}: {a}: No such file or directory"),
                        };
                        o.fail(&msg, if dialect == Dialect::Ash { 2 } else { 127 });
                        return o;
                    }
                }
                break;
            }
        }
        let script = match script {
            Some(s) => s,
            // Reads commands from stdin: a pipe, or nothing (exits 0).
            None => stdin.unwrap_or("").to_string(),
        };
        let inv = Invocation {
            dialect,
            name: rest.first().cloned().unwrap_or_else(|| name.clone()),
            command_string: true,
            ubuntu_host: false,
        };
        let mut st = parent.clone();
        st.status = 0;
        st.line = 1;
        st.history.clear();
        st.arg0 = inv.name.clone();
        st.args = rest.iter().skip(1).cloned().collect();
        self.depth += 1;
        let (out, exit) = run_script(self, &inv, &mut st, &script, self.depth);
        self.depth -= 1;
        let mut out = out;
        out.code = exit.unwrap_or(st.status);
        out
    }

    /// Runs a program from the tools table that exists here (`None`: it
    /// does not); one that exists but is not simulated says so.
    fn table_program(
        &mut self,
        dialect: Dialect,
        state: &ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Option<Output> {
        let c = self.container();
        let here = match (&self.place, &c) {
            (Place::Container(_), Some(c)) => Where::Image(c),
            (Place::Container(_), None) => return None,
            (Place::Lan, _) => Where::Lan,
            (Place::Host, _) => Where::Host,
        };
        let tool = tools::find(&argv[0]).filter(|t| t.exists(here))?;
        if let Some(run) = tool.fs {
            return Some(self.fs_tool(run, state, argv));
        }
        if let Some(run) = tool.text {
            let this: &At = self;
            let cwd = state.cwd.clone();
            let read = |p: &str| this.read(&absolute(&cwd, p));
            let env = TextEnv {
                busybox: c
                    .as_ref()
                    .is_some_and(|c| c.image.userland() == Userland::Busybox),
                dialect,
                read: &read,
                state,
            };
            return Some(run(&env, &argv[1..], stdin));
        }
        let place = match &self.place {
            Place::Container(a) => Place::Container(Attached {
                container_id: a.container_id.clone(),
                kind: AttachKind::Exec,
                shell: if a.shell.is_empty() {
                    "sh".to_string()
                } else {
                    a.shell.clone()
                },
            }),
            p => p.clone(),
        };
        match tools::run_tool(self.ctx, place, argv, stdin) {
            Some(o) => Some(o),
            None if tool.package_manager => {
                let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
                // Another container can join this one's network only while it
                // runs after this command: in a `docker exec`.
                let running_on = matches!(
                    &self.place,
                    Place::Container(Attached {
                        kind: AttachKind::Exec,
                        ..
                    })
                );
                Some(tools::not_installing(name, c.as_ref(), running_on))
            }
            None => {
                let name = argv[0].rsplit('/').next().unwrap_or(&argv[0]);
                Some(tools::not_simulated(name, c.is_some()))
            }
        }
    }

    fn host_program(
        &mut self,
        inv: &Invocation,
        state: &mut ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Option<Output> {
        let name = argv[0].as_str();
        let lan = self.place == Place::Lan;
        match name {
            // `docker compose` reads the shell's directory and environment.
            "docker" if !lan && argv.get(1).is_some_and(|a| a == "compose") => {
                let env = crate::compose::Env {
                    cwd: state.cwd.clone(),
                    environ: state
                        .environ()
                        .iter()
                        .filter_map(|kv| kv.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                };
                return Some(crate::compose::compose(self.ctx, env, &argv[2..]));
            }
            "docker" if !lan => return Some(crate::docker::docker(self.ctx, &argv[1..])),
            "sudo" if !lan => {
                if argv.len() == 1 {
                    let mut o = Output::new();
                    o.fail("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\nusage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]\n            [-u user] [command [arg ...]]\nusage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] [VAR=value] [-i | -s] [command [arg ...]]\nusage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]\n            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]\n            [-u user] file ...", 1);
                    return Some(o);
                }
                return Some(match self.run(inv, state, &argv[1..], stdin) {
                    Some(o) => o,
                    None => {
                        let mut o = Output::new();
                        o.fail_fmt(format_args!("sudo: {}: command not found", argv[1]), 1);
                        o
                    }
                });
            }
            "help" => return Some(crate::tools::help::help()),
            "lan" | "laptop" if !lan => {
                *self.ctx.place = Place::Lan;
                return Some(Output::new());
            }
            "sh" | "bash" | "dash" => return Some(self.nested_shell(state, argv, stdin)),
            // The aliases of Ubuntu's ~/.bashrc, at the interactive prompt.
            "ll" | "la" | "l" if !inv.command_string => {
                let flags = match name {
                    "ll" => "-alF",
                    "la" => "-A",
                    _ => "-CF",
                };
                let mut words = vec!["ls".to_string(), flags.to_string()];
                words.extend_from_slice(&argv[1..]);
                return self.table_program(Dialect::Bash, state, &words, stdin);
            }
            _ => {}
        }
        self.table_program(Dialect::Bash, state, argv, stdin)
    }

    fn container_program(
        &mut self,
        inv: &Invocation,
        state: &mut ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Option<Output> {
        let c = self.container()?;
        let program = argv[0].as_str();
        let name = program.rsplit('/').next().unwrap_or(program);
        if !tools::has_program(&c, program) {
            // The image's own programs that the table has no row for
            // (`nginx -s reload`, `psql`) exist too.
            return tools::image_ships(&c, name).then(|| tools::not_simulated(name, true));
        }
        match name {
            "sh" | "bash" | "ash" | "dash" | "zsh" => {
                return Some(self.nested_shell(state, argv, stdin))
            }
            "help" => return Some(crate::tools::help::help()),
            _ => {}
        }
        self.table_program(inv.dialect, state, argv, stdin)
    }
}

impl Programs for At<'_, '_> {
    fn run(
        &mut self,
        inv: &Invocation,
        state: &mut ShellState,
        argv: &[String],
        stdin: Option<&str>,
    ) -> Option<Output> {
        if argv.is_empty() || self.depth > MAX_NESTING {
            return Some(Output::new());
        }
        // `env NAME=value… CMD ARG…`: CMD with those variables added.
        if argv[0].rsplit('/').next() == Some("env") && argv.len() > 1 {
            let here_has_env = match &self.place {
                Place::Container(_) => self
                    .container()
                    .is_some_and(|c| tools::has_program(&c, "env")),
                _ => true,
            };
            if here_has_env {
                let mut st = state.clone();
                let mut i = 1;
                while let Some((k, v)) = argv.get(i).and_then(|a| a.split_once('=')) {
                    st.set(k, v);
                    i += 1;
                }
                if i < argv.len() {
                    let out = self.run(inv, &mut st, &argv[i..], stdin);
                    return Some(out.unwrap_or_else(|| {
                        // coreutils env.c (quote() in a UTF-8 locale) / busybox
                        // env.c (bb_perror_msg "can't execute '%s'"): exit 127.
                        let busybox = self
                            .container()
                            .is_some_and(|c| c.image.userland() == Userland::Busybox);
                        let mut o = Output::new();
                        if busybox {
                            o.fail_fmt(
                                format_args!(
                                    "env: can't execute '{}': No such file or directory",
                                    argv[i]
                                ),
                                127,
                            );
                        } else {
                            o.fail_fmt(
                                format_args!("env: ‘{}’: No such file or directory", argv[i]),
                                127,
                            );
                        }
                        o
                    }));
                }
                let mut o = Output::new();
                for v in st.environ() {
                    o.outln(&v);
                }
                return Some(o);
            }
        }
        match self.place {
            Place::Container(_) => self.container_program(inv, state, argv, stdin),
            _ => self.host_program(inv, state, argv, stdin),
        }
    }

    fn read(&self, path: &str) -> Result<String, FileError> {
        let key = self.files_key();
        if let Some(t) = self.ctx.shells.files.read(&key, path) {
            return Ok(t.to_string());
        }
        if self.is_dir(path) {
            return Err(FileError::IsDir);
        }
        match &self.place {
            Place::Container(_) => {
                let Some(c) = self.container() else {
                    return Err(FileError::NotFound);
                };
                if let Some(file) = sysctl::proc_file(path, Some(&c)) {
                    return file.map_err(FileError::Refused);
                }
                match path {
                    "/etc/hosts" => Ok(hostfiles::etc_hosts(self.ctx.engine, &c)),
                    "/etc/resolv.conf" => Ok(hostfiles::resolv_conf(self.ctx.engine, &c)),
                    "/etc/hostname" => {
                        Ok(format!("{}\n", c.hostname(&self.ctx.engine.host.hostname)))
                    }
                    _ => Err(FileError::NotFound),
                }
            }
            Place::Host => match path {
                _ if path.starts_with("/proc/sys/") => match sysctl::proc_file(path, None) {
                    Some(file) => file.map_err(FileError::Refused),
                    None => Err(FileError::NotFound),
                },
                "/etc/hosts" => Ok(host_etc_hosts(&self.ctx.engine.host.hostname)),
                "/etc/resolv.conf" => Ok(self.ctx.engine.host.resolv_conf()),
                "/etc/hostname" => Ok(format!("{}\n", self.ctx.engine.host.hostname)),
                _ => Err(FileError::NotFound),
            },
            Place::Lan => match path {
                "/etc/hostname" => Ok(format!("{}\n", self.ctx.engine.host.lan_peer_name)),
                _ => Err(FileError::NotFound),
            },
        }
    }

    fn write(&mut self, path: &str, text: &str, append: bool) -> Result<(), FileError> {
        if self.is_dir(path) {
            return Err(FileError::IsDir);
        }
        let parent = crate::shell::fs::parent(path).to_string();
        if !self.is_dir(&parent) {
            return Err(FileError::NotFound);
        }
        let generated = GENERATED.contains(&path);
        match &self.place {
            Place::Container(_) if generated => {
                return Err(FileError::Refused(format!(
                    "[bridgeport] {path} is written by Docker from the container's settings; editing it is not simulated (use --add-host, --dns or --hostname)"
                )))
            }
            Place::Host | Place::Lan if !host_writable(&parent) => return Err(FileError::Denied),
            _ => {}
        }
        self.ensure_tree();
        let key = self.files_key();
        let now = self.ctx.now.0;
        match self.ctx.shells.files.write(&key, path, text, append, now) {
            Ok(()) => Ok(()),
            Err(Refusal::Full) => Err(FileError::Full),
            Err(Refusal::IsDir) => Err(FileError::IsDir),
            Err(_) => Err(FileError::NotFound),
        }
    }

    fn is_dir(&self, path: &str) -> bool {
        if let Some(d) = self.ctx.shells.files.is_dir(&self.files_key(), path) {
            return d;
        }
        match &self.place {
            Place::Container(_) => {
                let extra = self
                    .container()
                    .and_then(|c| c.image.image())
                    .map(|i| web_root(i.repo));
                CONTAINER_DIRS.contains(&path) || extra.is_some_and(|r| r.contains(&path))
            }
            _ => HOST_DIRS.contains(&path),
        }
    }
}

/// The directories an image's web server serves from.
fn web_root(repo: &str) -> &'static [&'static str] {
    match repo {
        "nginx" => &[
            "/usr/share/nginx",
            "/usr/share/nginx/html",
            "/etc/nginx",
            "/etc/nginx/conf.d",
        ],
        "httpd" => &[
            "/usr/local/apache2",
            "/usr/local/apache2/htdocs",
            "/usr/local/apache2/conf",
        ],
        _ => &[],
    }
}

/// The part of a main process's `sh -c` script that runs before the command
/// that keeps the container up (`echo started` in `sh -c "echo started;
/// sleep 3600"`): run once, its output for the log. Empty for anything else.
pub fn script_prelude(ctx: &mut Ctx, c: &Container) -> Output {
    use crate::shell::parse::{self, List, Part};
    let argv = bridgeport_engine::process::effective_argv(&c.argv(), &c.image);
    let is_shell = argv.first().is_some_and(|a| {
        matches!(
            a.rsplit('/').next().unwrap_or(a),
            "sh" | "bash" | "ash" | "dash" | "zsh"
        )
    });
    let (true, Some("-c"), Some(script)) = (is_shell, argv.get(1).map(String::as_str), argv.get(2))
    else {
        return Output::new();
    };
    // A loop or `if` after the first lines (`echo started; while true; do
    // sleep 1; done`) is not parsed: the lines before it still run.
    let list = match parse::parse(script) {
        Ok(l) => l,
        Err(_) => {
            let cut = ["while", "until", "for", "if"]
                .iter()
                .filter_map(|k| {
                    script.match_indices(k).map(|(i, _)| i).find(|&i| {
                        let before = script[..i].trim_end();
                        (before.is_empty() || before.ends_with([';', '\n', '&', '|']))
                            && script[i + k.len()..].starts_with([' ', '\t', '\n', ';'])
                    })
                })
                .min();
            match cut.and_then(|i| {
                parse::parse(script[..i].trim_end().trim_end_matches(['&', '|', ';'])).ok()
            }) {
                Some(l) => l,
                None => return Output::new(),
            }
        }
    };
    let words_of = |pl: &parse::Pipeline| -> Vec<String> {
        pl.commands
            .first()
            .map(|cmd| {
                cmd.words
                    .iter()
                    .map(|w| {
                        w.parts
                            .iter()
                            .map(|p| match p {
                                Part::Lit(t) | Part::Quoted(t) => t.as_str(),
                                _ => "",
                            })
                            .collect::<String>()
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let blocks = |pl: &parse::Pipeline| {
        matches!(
            bridgeport_engine::process::classify(&words_of(pl), &c.image),
            bridgeport_engine::model::Process::Server { .. }
                | bridgeport_engine::model::Process::Idle
        )
    };
    // Everything up to the first foreground pipeline that does not return.
    let mut before = List::default();
    'items: for item in &list.items {
        if item.background {
            before.items.push(item.clone());
            continue;
        }
        if blocks(&item.first) {
            break;
        }
        let mut kept = parse::AndOr {
            first: item.first.clone(),
            rest: Vec::new(),
            background: false,
        };
        for (conn, pl) in &item.rest {
            if blocks(pl) {
                before.items.push(kept);
                break 'items;
            }
            kept.rest.push((*conn, pl.clone()));
        }
        before.items.push(kept);
    }
    if before.items.is_empty() {
        return Output::new();
    }
    let shell = argv[0].rsplit('/').next().unwrap_or(&argv[0]).to_string();
    let mut state = container_state(ctx, c, c.config.tty, 1);
    let inv = Invocation {
        dialect: dialect_for(Some(c), &shell),
        name: shell,
        command_string: true,
        ubuntu_host: false,
    };
    let place = Place::Container(Attached {
        container_id: c.id.clone(),
        kind: AttachKind::Exec,
        shell: inv.name.clone(),
    });
    let mut at = At {
        ctx,
        place,
        depth: 0,
    };
    crate::shell::run::run_list(&mut at, &inv, &mut state, &before, 0).0
}

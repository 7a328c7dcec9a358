//! A terminal session: one engine plus where the prompt currently is. This is
//! the whole surface the page, the runner and lessons use.

use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::net::tcpdump::{self, Armed, Captured};
use crate::output::{Output, Segment};
use crate::shell::Dialect;
use crate::{shell, tools};
use bridgeport_engine::{Engine, Matrix, Packet, Timestamp, Topology};
use serde::Serialize;

/// Longest line the terminal accepts; longer input is refused, not parsed.
pub const MAX_LINE: usize = 16 * 1024;

/// What one executed line produced.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The line as typed.
    pub command: String,
    /// stdout and stderr interleaved in the order written, as a terminal shows them.
    pub output: String,
    /// The same text split by stream, for styling errors.
    pub segments: Vec<Segment>,
    pub exit_code: i32,
    /// Packets the command sent, with their hop-by-hop paths.
    pub packets: Vec<Packet>,
    /// The host as the packets saw it, when that is not how the command
    /// leaves it: a one-shot container (`docker run --rm --network app
    /// busybox ping web`) sends its packets and is gone (or stopped, off its
    /// networks) by the end. The page draws this while it plays them.
    #[serde(skip)]
    pub scene: Option<Topology>,
    /// What a running `tcpdump` printed of this command's packets (its
    /// lines, in `output` too, and the frames for a pcap file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capture: Option<Captured>,
}

/// Why a file does not load, and where (1-based), when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// One playground session. Deterministic: same seed + same lines + same times
/// give the same outcomes, byte for byte.
#[derive(Clone)]
pub struct Session {
    engine: Engine,
    place: Place,
    shells: shell::Shells,
    /// The capture `tcpdump` armed (see [`crate::net::tcpdump`]).
    capture: Option<Armed>,
}

impl Session {
    /// A fresh host. The daemon "started" at the epoch of `Timestamp(0)`
    /// unless [`Session::with_time`] says otherwise.
    pub fn new(seed: u64) -> Session {
        Session::with_time(seed, Timestamp(0))
    }

    pub fn with_time(seed: u64, now: Timestamp) -> Session {
        Session {
            engine: Engine::new(seed, now),
            place: Place::Host,
            shells: shell::Shells::default(),
            capture: None,
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn place(&self) -> &Place {
        &self.place
    }

    /// Run one line as if typed at the prompt.
    pub fn execute(&mut self, line: &str, now: Timestamp) -> Outcome {
        let mut packets = Vec::new();
        let mut scene = None;
        let armed_before = self.capture.is_some();
        let mut output = if line.len() > MAX_LINE {
            let mut o = Output::new();
            o.fail_fmt(
                format_args!(
                    "bridgeport: line too long ({} bytes; the limit is {MAX_LINE})",
                    line.len()
                ),
                2,
            );
            o
        } else {
            let mut ctx = Ctx {
                engine: &mut self.engine,
                now,
                packets: &mut packets,
                place: &mut self.place,
                scene: &mut scene,
                shells: &mut self.shells,
                capture: &mut self.capture,
            };
            run_line(&mut ctx, line)
        };
        let engine = &self.engine;
        let first_seq = |node: &str| first_echo_seq(engine, node);
        let capture = tcpdump::after_line(
            &mut self.capture,
            &packets,
            now,
            armed_before,
            &first_seq,
            &mut output,
        );
        Outcome {
            command: line.to_string(),
            output: output.text(),
            segments: output.segments,
            exit_code: output.code,
            packets,
            scene,
            capture,
        }
    }

    /// Whether a `tcpdump` capture is waiting for packets.
    pub fn capturing(&self) -> bool {
        self.capture.is_some()
    }

    /// The prompt shown before the next line: Ubuntu's `\u@\h:\w\$ ` on
    /// the host (`learner@docker-host:~/myapp$ `), the container shell's
    /// own prompt when attached (busybox ash `\w # `, dash `# `, Debian bash
    /// `root@<hostname>:\w# `).
    pub fn prompt(&self) -> String {
        match &self.place {
            Place::Host => {
                tools::place::host_prompt(&self.engine.host.hostname, self.shells.host_cwd())
            }
            Place::Lan => "laptop$ ".to_string(),
            Place::Container(a) => {
                let Some(c) = self.engine.container_by_id(&a.container_id) else {
                    return "$ ".to_string();
                };
                let cwd = self
                    .shells
                    .attached
                    .as_ref()
                    .map(|s| s.cwd.as_str())
                    .unwrap_or("/");
                let shown = match cwd.strip_prefix("/root") {
                    Some("") => "~".to_string(),
                    Some(rest) if rest.starts_with('/') => format!("~{rest}"),
                    _ => cwd.to_string(),
                };
                match tools::place::dialect_for(Some(c), &a.shell) {
                    Dialect::Ash => format!("{shown} # "),
                    Dialect::Dash => "# ".to_string(),
                    Dialect::Bash | Dialect::Zsh => {
                        format!("root@{}:{shown}# ", c.hostname(&self.engine.host.hostname))
                    }
                }
            }
        }
    }

    /// The container the terminal is attached to, if any (its full ID).
    pub fn attached_container(&self) -> Option<&str> {
        match &self.place {
            Place::Container(a) => Some(a.container_id.as_str()),
            _ => None,
        }
    }

    /// The prompt a terminal shows while a line is unfinished (bash's and
    /// busybox ash's default PS2; dash's too).
    pub const CONTINUATION_PROMPT: &'static str = "> ";

    /// Whether `text` is an unfinished line: a here-document without its
    /// delimiter, an open quote, a trailing `|` or `&&`. A terminal shows
    /// [`Session::CONTINUATION_PROMPT`] and reads on before running it.
    pub fn needs_more(text: &str) -> bool {
        shell::parse::needs_more(text)
    }

    /// The host shell's working directory.
    pub fn host_cwd(&self) -> &str {
        self.shells.host_cwd()
    }

    /// A file on the host (absolute path, or relative to the host shell's
    /// working directory), as the shell would read it.
    pub fn host_file(&self, path: &str) -> Option<&str> {
        let abs = shell::absolute(self.shells.host_cwd(), path);
        self.shells.files.read("host", &abs)
    }

    /// The regular files the learner has on the host under `dir` (absolute
    /// paths with their text), for the page's editor.
    pub fn host_files(&self, dir: &str) -> Vec<(String, String)> {
        self.shells.files.files_under("host", dir)
    }

    /// What `docker compose` would say about `text` as the compose file
    /// `path` (on the host; relative to the host shell's directory), loaded
    /// as compose-go loads it with the host shell's environment and the
    /// directory's `.env`: `None` when it loads. The page's editor marks the
    /// line and column.
    pub fn compose_problem(&self, path: &str, text: &str) -> Option<FileProblem> {
        let abs = shell::absolute(self.shells.host_cwd(), path);
        let dir = shell::fs::parent(&abs).to_string();
        let dotenv = shell::absolute(&dir, ".env");
        let env_files = self
            .shells
            .files
            .read("host", &dotenv)
            .map(|t| vec![bridgeport_compose::SourceFile::new(dotenv.clone(), t)])
            .unwrap_or_default();
        let opts = bridgeport_compose::LoadOptions {
            files: vec![bridgeport_compose::SourceFile::new(abs, text)],
            working_dir: dir,
            env: self
                .shells
                .host_vars()
                .iter()
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            env_files,
            ..bridgeport_compose::LoadOptions::default()
        };
        bridgeport_compose::load(&opts).err().map(|e| FileProblem {
            message: e.message,
            line: e.line,
            column: e.column,
        })
    }

    /// A snapshot of the host for views.
    pub fn topology(&self) -> Topology {
        self.engine.topology()
    }

    /// The reachability matrix for the current state.
    pub fn matrix(&self) -> Matrix {
        tools::matrix(&self.engine)
    }

    /// Tab-completion candidates for a partly typed line.
    pub fn complete(&self, line: &str) -> Vec<String> {
        crate::complete::complete(&self.engine, &self.place, &self.shells, line)
    }
}

/// The sequence number the first echo request of a `ping` on `node` (a
/// container's name, or `host`/`lan`) carries: busybox counts from 0,
/// iputils from 1.
fn first_echo_seq(engine: &Engine, node: &str) -> u16 {
    match engine.find_container(node) {
        Ok(c) if c.image.userland() == bridgeport_engine::image::Userland::Busybox => 0,
        _ => 1,
    }
}

/// Runs one line in the shell of the place the terminal is at.
fn run_line(ctx: &mut Ctx, line: &str) -> Output {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Output::new();
    }
    let before = ctx.place.clone();
    let out = match before.clone() {
        Place::Container(attached) => in_attached_shell(ctx, &attached, trimmed),
        Place::Lan => {
            let (out, exit) = in_ubuntu_shell(ctx, Place::Lan, trimmed);
            if exit.is_some() {
                *ctx.place = Place::Host;
            }
            out
        }
        Place::Host => {
            let (mut out, exit) = in_ubuntu_shell(ctx, Place::Host, trimmed);
            if exit.is_some() {
                out.errln("[bridgeport] this is the host's shell; there is nothing to exit. Type `reset` in the page to start over.");
            }
            out
        }
    };
    if *ctx.place != before {
        // A new attach starts a new shell; leaving one forgets it.
        ctx.shells.attached = None;
    }
    out
}

/// A line in the host's or the laptop's bash (Ubuntu 24.04): each keeps
/// its variables and history for the session. `exit` ends nothing here: the
/// caller decides (the laptop returns to the host).
fn in_ubuntu_shell(ctx: &mut Ctx, place: Place, line: &str) -> (Output, Option<i32>) {
    let lan = place == Place::Lan;
    let slot = if lan {
        &mut ctx.shells.lan
    } else {
        &mut ctx.shells.host
    };
    let mut st = slot.take().unwrap_or_else(tools::place::host_state);
    let inv = shell::Invocation {
        dialect: Dialect::Bash,
        name: "bash".to_string(),
        command_string: false,
        ubuntu_host: true,
    };
    st.remember(line);
    let (mut out, exit) = run_in(ctx, place, &inv, &mut st, line);
    if exit.is_some() {
        out.code = 0;
        st.status = 0;
    }
    let slot = if lan {
        &mut ctx.shells.lan
    } else {
        &mut ctx.shells.host
    };
    *slot = Some(st);
    (out, exit)
}

fn run_in(
    ctx: &mut Ctx,
    place: Place,
    inv: &shell::Invocation,
    st: &mut shell::ShellState,
    line: &str,
) -> (Output, Option<i32>) {
    let mut at = tools::place::At {
        ctx,
        place,
        depth: 0,
    };
    shell::run::run_script(&mut at, inv, st, line, 0)
}

/// A line typed at a container's shell prompt. `exit` ends that shell: for
/// the main process (`docker run -it`), the container stops with its code.
fn in_attached_shell(ctx: &mut Ctx, attached: &Attached, line: &str) -> Output {
    let Some(c) = ctx.engine.container_by_id(&attached.container_id).cloned() else {
        *ctx.place = Place::Host;
        let mut o = Output::new();
        o.fail("bridgeport: the container is gone", 1);
        return o;
    };
    let pid = if attached.kind == AttachKind::MainProcess {
        1
    } else {
        7
    };
    let mut st = ctx
        .shells
        .attached
        .take()
        .unwrap_or_else(|| tools::place::container_state(ctx, &c, true, pid));
    let dialect = tools::place::dialect_for(Some(&c), &attached.shell);
    let inv = shell::Invocation {
        dialect,
        name: if attached.shell.is_empty() {
            "sh".to_string()
        } else {
            attached.shell.clone()
        },
        command_string: false,
        ubuntu_host: false,
    };
    if st.arg0.is_empty() {
        st.arg0 = inv.name.clone();
    }
    if dialect != Dialect::Dash {
        st.remember(line);
    }
    let (out, exit) = run_in(ctx, Place::Container(attached.clone()), &inv, &mut st, line);
    st.line += 1;
    if let Some(code) = exit {
        if attached.kind == AttachKind::MainProcess {
            let _ = ctx
                .engine
                .exit_container(&attached.container_id, code, ctx.now);
        }
        *ctx.place = Place::Host;
        return out;
    }
    ctx.shells.attached = Some(st);
    out
}

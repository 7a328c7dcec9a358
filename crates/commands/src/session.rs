//! A terminal session: one engine plus where the prompt currently is. This is
//! the whole surface the page, the runner and lessons use.

use crate::context::{AttachKind, Ctx, Place};
use crate::output::{Output, Segment};
use crate::{docker, shell, tools};
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
}

/// One playground session. Deterministic: same seed + same lines + same times
/// give the same outcomes, byte for byte.
#[derive(Clone)]
pub struct Session {
    engine: Engine,
    place: Place,
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
        let output = if line.len() > MAX_LINE {
            let mut o = Output::new();
            o.fail(
                &format!(
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
            };
            run_line(&mut ctx, line)
        };
        Outcome {
            command: line.to_string(),
            output: output.text(),
            segments: output.segments,
            exit_code: output.code,
            packets,
            scene,
        }
    }

    /// The prompt shown before the next line.
    pub fn prompt(&self) -> String {
        match &self.place {
            Place::Host => "$ ".to_string(),
            Place::Lan => "laptop$ ".to_string(),
            Place::Container(a) => match self.engine.container_by_id(&a.container_id) {
                Some(c) if a.shell == "sh" || a.shell == "ash" => {
                    let _ = c;
                    "/ # ".to_string()
                }
                Some(c) => format!("root@{}:/# ", c.hostname(&self.engine.host.hostname)),
                None => "$ ".to_string(),
            },
        }
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
        crate::complete::complete(&self.engine, &self.place, line)
    }
}

/// Splits, dispatches and runs one line.
fn run_line(ctx: &mut Ctx, line: &str) -> Output {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Output::new();
    }
    let words = match shell::split(trimmed) {
        Ok(w) => w,
        Err(e) => {
            let mut o = Output::new();
            o.fail(&e, 2);
            return o;
        }
    };
    if words.is_empty() {
        return Output::new();
    }
    match ctx.place.clone() {
        Place::Container(attached) => {
            if words[0] == "exit" {
                let code = words
                    .get(1)
                    .and_then(|c| c.parse::<i32>().ok())
                    .unwrap_or(0);
                if attached.kind == AttachKind::MainProcess {
                    let _ = ctx
                        .engine
                        .exit_container(&attached.container_id, code, ctx.now);
                }
                *ctx.place = Place::Host;
                let mut o = Output::new();
                o.code = code;
                return o;
            }
            tools::in_container(ctx, &attached.container_id, &attached.shell, &words)
        }
        Place::Lan => {
            if words[0] == "exit" {
                *ctx.place = Place::Host;
                return Output::new();
            }
            tools::on_lan(ctx, &words)
        }
        Place::Host => match words[0].as_str() {
            "docker" => docker::docker(ctx, &words[1..]),
            "sudo" if words.get(1).map(String::as_str) == Some("docker") => {
                docker::docker(ctx, &words[2..])
            }
            _ => tools::on_host(ctx, &words),
        },
    }
}

//! Scripts: a text file of command lines run through a [`Session`] with a
//! fixed clock, rendered as the transcript a terminal shows, as JSON lines,
//! or with readable packet traces. The native runner, golden tests and
//! lessons share this, so a transcript means the same thing everywhere.

use crate::session::{Outcome, Session};
use bridgeport_engine::trace::{Hop, Packet};
use bridgeport_engine::Timestamp;
use std::fmt::Write as _;

/// 2026-01-01T12:00:00Z: scripts start here, so transcripts never depend on the real date.
pub const SCRIPT_EPOCH: Timestamp = Timestamp(1_767_268_800_000);
/// Each line "takes" one second, so `docker ps` shows "Up 2 seconds" and the like.
pub const STEP_MS: u64 = 1000;

/// One executed line together with the prompt it was typed at.
#[derive(Debug, Clone)]
pub struct Step {
    pub prompt: String,
    pub outcome: Outcome,
}

/// The entries of a script: each non-blank, non-comment line, with the
/// lines that finish it when it is unfinished (a here-document's body up to
/// its delimiter, an open quote: [`Session::needs_more`]) — one entry, as a
/// terminal reads it. Blank and `#` lines inside an entry are part of it.
pub fn entries(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<String> = None;
    for line in script.lines() {
        if let Some(mut entry) = open.take() {
            entry.push('\n');
            entry.push_str(line);
            if Session::needs_more(&entry) {
                open = Some(entry);
            } else {
                out.push(entry);
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if Session::needs_more(trimmed) {
            open = Some(trimmed.to_string());
        } else {
            out.push(trimmed.to_string());
        }
    }
    // The file ended inside an entry: the shell runs what it read.
    out.extend(open);
    out
}

/// Runs every entry of `script` ([`entries`]); returns the steps and the
/// session as the script left it.
pub fn run_script(seed: u64, script: &str) -> (Session, Vec<Step>) {
    let mut session = Session::with_time(seed, SCRIPT_EPOCH);
    let mut steps = Vec::new();
    let mut now = SCRIPT_EPOCH.0;
    for entry in entries(script) {
        now += STEP_MS;
        let prompt = session.prompt();
        let outcome = session.execute(&entry, Timestamp(now));
        steps.push(Step { prompt, outcome });
    }
    (session, steps)
}

/// The terminal transcript: prompt and command, then the output.
pub fn transcript(steps: &[Step], with_trace: bool) -> String {
    let mut s = String::new();
    for step in steps {
        s.push_str(&step.prompt);
        // Lines after the first were typed at the continuation prompt.
        s.push_str(
            &step
                .outcome
                .command
                .replace('\n', &format!("\n{}", Session::CONTINUATION_PROMPT)),
        );
        s.push('\n');
        s.push_str(&step.outcome.output);
        if with_trace && !step.outcome.packets.is_empty() {
            s.push_str(&trace_text(&step.outcome.packets));
        }
    }
    s
}

/// One JSON object per executed line.
pub fn json_lines(steps: &[Step]) -> String {
    let mut s = String::new();
    for step in steps {
        let v = serde_json::json!({
            "command": step.outcome.command,
            "output": step.outcome.output,
            "exit_code": step.outcome.exit_code,
            "packets": step.outcome.packets,
        });
        s.push_str(&v.to_string());
        s.push('\n');
    }
    s
}

fn verdict_word(v: bridgeport_engine::Verdict) -> &'static str {
    match v {
        bridgeport_engine::Verdict::Delivered => "delivered",
        bridgeport_engine::Verdict::Dropped => "dropped",
        bridgeport_engine::Verdict::Rejected => "rejected",
    }
}

fn hop_line(i: usize, hop: &Hop) -> String {
    let action = format!("{:?}", hop.action).to_ascii_lowercase();
    let mut line = format!(
        "    {:>2}. {:<10} {:<16} {:<8}",
        i + 1,
        hop.node,
        hop.interface,
        action
    );
    if hop.before != hop.after {
        let _ = write!(
            line,
            " {} → {}  ⇒  {} → {}",
            hop.before.src, hop.before.dst, hop.after.src, hop.after.dst
        );
    } else {
        let _ = write!(line, " {} → {}", hop.after.src, hop.after.dst);
    }
    if hop.verdict != bridgeport_engine::Verdict::Delivered {
        let _ = write!(line, "  [{}]", verdict_word(hop.verdict));
    }
    line.push('\n');
    if let Some(rule) = &hop.rule {
        let _ = writeln!(line, "        rule:   {rule}");
    }
    if let Some(reason) = &hop.reason {
        let _ = writeln!(line, "        reason: {reason}");
    }
    if let Some(hint) = &hop.hint {
        let _ = writeln!(line, "        hint:   {hint}");
    }
    line
}

/// Readable hops under a command (`bridgeport run --trace`).
pub fn trace_text(packets: &[Packet]) -> String {
    let mut s = String::new();
    for (n, p) in packets.iter().enumerate() {
        let info = p
            .hops
            .first()
            .map(|h| h.before.info.as_str())
            .filter(|i| !i.is_empty())
            .map(|i| format!(" ({i})"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  packet {}: {} {} → {}{info}  [{}]",
            n + 1,
            p.proto,
            p.src,
            p.dst,
            verdict_word(p.verdict)
        );
        for (i, hop) in p.hops.iter().enumerate() {
            s.push_str(&hop_line(i, hop));
        }
    }
    s
}

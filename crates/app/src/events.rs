//! What the page tells a course page: a command ran, a packet was delivered
//! or dropped, a lesson step was completed. The same [`PageEvent`]s go to
//! JS API listeners ([`crate::embed_api`]) and, in an iframe, to the
//! embedding page through `postMessage` ([`crate::bridge`]).
//!
//! Events are derived from the state after each change ([`since`]): only
//! lines run live produce them, never a replay (restore, undo, reset step).

use bridgeport_engine::{Packet, Verdict};
use serde::Serialize;

use crate::state::{EntryKind, State};

/// One event, serialised as a flat JSON object with a `type` field, e.g.
/// `{"type":"command","command":"docker ps","output":"…","exit_code":0}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum PageEvent {
    /// The playground is mounted and accepts commands.
    Ready { lesson: Option<String> },
    Command {
        command: String,
        output: String,
        exit_code: i32,
    },
    /// One packet a command sent (replies are packets too).
    Packet {
        command: String,
        verdict: Verdict,
        delivered: bool,
        proto: String,
        src: String,
        dst: String,
        summary: String,
    },
    /// A lesson step passed; `step` is 1-based.
    Step {
        lesson: String,
        step: usize,
        title: String,
        finished: bool,
    },
}

impl PageEvent {
    /// The `type` field.
    pub fn kind(&self) -> &'static str {
        match self {
            PageEvent::Ready { .. } => "ready",
            PageEvent::Command { .. } => "command",
            PageEvent::Packet { .. } => "packet",
            PageEvent::Step { .. } => "step",
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Every event kind a listener may ask for.
pub const KINDS: [&str; 4] = ["ready", "command", "packet", "step"];

/// One line about a packet: `tcp 127.0.0.1:51000 → 127.0.0.1:8080 delivered`,
/// or where and why it was dropped.
pub fn summary(p: &Packet) -> String {
    let verdict = match p.verdict {
        Verdict::Delivered => "delivered",
        Verdict::Dropped => "dropped",
        Verdict::Rejected => "rejected",
    };
    let mut s = format!("{} {} → {} {verdict}", p.proto, p.src, p.dst);
    if let Some(h) = p.hops.iter().find(|h| h.verdict != Verdict::Delivered) {
        s.push_str(&format!(" at {} {}", h.node, h.interface));
        if let Some(r) = &h.reason {
            s.push_str(": ");
            s.push_str(r);
        }
    }
    s
}

/// The events of the entries run live with an id of at least `from`, in order.
pub fn since(state: &State, from: usize) -> Vec<PageEvent> {
    let from = from.max(state.live_from);
    let mut out = Vec::new();
    for e in state
        .entries
        .iter()
        .filter(|e| e.id >= from && e.kind == EntryKind::Ran)
    {
        out.push(PageEvent::Command {
            command: e.command.clone(),
            output: e.output.clone(),
            exit_code: e.exit_code,
        });
        for p in e.packets.iter() {
            out.push(PageEvent::Packet {
                command: e.command.clone(),
                verdict: p.verdict,
                delivered: p.verdict == Verdict::Delivered,
                proto: p.proto.clone(),
                src: p.src.clone(),
                dst: p.dst.clone(),
                summary: summary(p),
            });
        }
        if let (Some(check), Some(run)) =
            (e.check.as_ref().filter(|c| c.passed), state.lesson.as_ref())
        {
            let lesson = run.lesson();
            out.push(PageEvent::Step {
                lesson: lesson.id.clone(),
                step: check.step + 1,
                title: lesson
                    .steps
                    .get(check.step)
                    .map(|s| s.title.clone())
                    .unwrap_or_default(),
                finished: check.finished,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use bridgeport_engine::Timestamp;
    use bridgeport_lessons::SavedState;

    #[test]
    fn live_commands_packets_and_steps_become_events() {
        let mut saved = SavedState::new(42, vec![]);
        saved.lesson = Some("basics".into());
        let state = State::from_saved(&saved, Timestamp(1_000_000), 0, "").unwrap();
        assert_eq!(since(&state, 0), vec![], "nothing ran live yet");
        let from = state.next_id();
        let state = state.apply(Action::Run {
            line: "docker network inspect bridge".into(),
            now: Timestamp(1_001_000),
        });
        let events = since(&state, from);
        assert_eq!(
            events.iter().map(PageEvent::kind).collect::<Vec<_>>(),
            ["command", "step"]
        );
        assert_eq!(
            events[1].to_json(),
            r#"{"type":"step","lesson":"basics","step":1,"title":"Meet the default bridge","finished":false}"#
        );
        let from = state.next_id();
        let state = state.apply(Action::Run {
            line: "curl localhost:80".into(),
            now: Timestamp(1_002_000),
        });
        let events = since(&state, from);
        let PageEvent::Command { exit_code, .. } = &events[0] else {
            panic!("{events:?}")
        };
        assert_ne!(*exit_code, 0);
        let packet = events
            .iter()
            .find(|e| e.kind() == "packet")
            .expect("curl sends packets");
        let json = packet.to_json();
        assert!(
            json.contains(r#""delivered":false"#) && json.contains("127.0.0.1:80"),
            "{json}"
        );
        // An undo replays: no events for the replayed lines.
        let from = state.next_id();
        let undone = state.apply(Action::Undo);
        assert_eq!(since(&undone, from), vec![]);
    }
}

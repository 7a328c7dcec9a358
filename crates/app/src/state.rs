//! The page's state: one [`Session`], the transcript shown in the terminal,
//! and the log of executed lines that makes undo possible.
//!
//! [`State::reduce`] is the only place the session changes. It never reads a
//! clock or the DOM: the time of each line arrives inside the [`Action`], so
//! replaying the log (undo, recovery) gives the same outcomes byte for byte.
//! Effects (focus, scrolling, storage) live in the components.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_commands::{Segment, Session};
use bridgeport_engine::{Matrix, Packet, Timestamp, Topology};
use yew::Reducible;

/// The seed every page session starts from, so that a transcript is
/// reproducible on any machine.
pub const DEFAULT_SEED: u64 = 1;

/// How many transcript entries the terminal keeps; older ones scroll away for
/// good (the undo log keeps every line, as text only).
pub const MAX_ENTRIES: usize = 1000;

/// The longest line the page hands to the command layer: a safety net for
/// huge pastes. The command layer has its own, smaller limit and message
/// (it owns all text); this one only keeps megabytes out of the transcript.
pub const MAX_LINE: usize = 64 * 1024;

/// What kind of line a transcript entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A line that was executed.
    Ran,
    /// A line abandoned with Ctrl-C (printed with `^C`, not executed).
    Abandoned,
    /// A message from the page itself (welcome, reset, undo).
    Note,
}

/// One block of the transcript: the prompt and line as typed, then the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Unique and increasing within a page load.
    pub id: usize,
    pub kind: EntryKind,
    pub prompt: String,
    pub command: String,
    pub output: String,
    /// The output split by stream (stderr is styled apart); may be empty
    /// when the output did not come from the command layer.
    pub segments: Vec<Segment>,
    pub exit_code: i32,
    pub packets: Rc<Vec<Packet>>,
}

impl Entry {
    /// True when the command failed (exit code other than 0).
    pub fn failed(&self) -> bool {
        self.kind == EntryKind::Ran && self.exit_code != 0
    }
}

/// What the page can ask of the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Run one line typed at `now`.
    Run { line: String, now: Timestamp },
    /// Run several lines (a paste), all stamped `now`.
    RunMany { lines: Vec<String>, now: Timestamp },
    /// Ctrl-C: print the line with `^C` and run nothing.
    Abandon { line: String },
    /// Ctrl-L or `clear`: hide what is on screen (history and packets stay).
    Clear,
    /// Forget the last executed line: rebuild the session from the log.
    Undo,
    /// Start again from an empty host with the same seed, booted at `now`.
    Reset { now: Timestamp },
}

/// Everything the page shows, derived from the session after each change.
pub struct State {
    pub seed: u64,
    /// When this host booted (the daemon's start time); undo replays from it.
    pub started: Timestamp,
    session: Rc<RefCell<Session>>,
    /// Every executed line with its time, oldest first: the undo log.
    pub log: Vec<(String, Timestamp)>,
    /// The transcript, oldest first (at most [`MAX_ENTRIES`]).
    pub entries: Vec<Rc<Entry>>,
    /// Entries with an id below this are hidden by Ctrl-L.
    pub cleared_before: usize,
    /// The prompt for the next line.
    pub prompt: String,
    pub topology: Rc<Topology>,
    pub matrix: Rc<Matrix>,
    next_id: usize,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.next_id == other.next_id
            && self.cleared_before == other.cleared_before
    }
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("seed", &self.seed)
            .field("log", &self.log)
            .field("entries", &self.entries.len())
            .field("prompt", &self.prompt)
            .finish_non_exhaustive()
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(DEFAULT_SEED, Timestamp(0))
    }
}

/// The note printed when the page starts.
pub const WELCOME: &str = "Welcome to Bridgeport: a simulated Linux host running Docker, all inside this page.\n\
Try:  docker run -d --name web -p 8080:80 nginx\n\
then: curl localhost:8080\n\
Tab completes, ↑/↓ recall history, Ctrl-L clears, Ctrl-C abandons a line; `undo` and `reset` work here too.";

impl State {
    /// A fresh host booted at `started`, with the welcome note.
    pub fn new(seed: u64, started: Timestamp) -> State {
        let mut state = State::empty(seed, started, 0);
        state.note(WELCOME.to_string());
        state
    }

    fn empty(seed: u64, started: Timestamp, next_id: usize) -> State {
        let session = Session::with_time(seed, started);
        let prompt = session.prompt();
        let topology = Rc::new(session.topology());
        let matrix = Rc::new(session.matrix());
        State {
            seed,
            started,
            session: Rc::new(RefCell::new(session)),
            log: Vec::new(),
            entries: Vec::new(),
            cleared_before: 0,
            prompt,
            topology,
            matrix,
            next_id,
        }
    }

    /// A fresh host that has already run `lines` (used for undo and recovery).
    pub fn replayed(
        seed: u64,
        started: Timestamp,
        lines: &[(String, Timestamp)],
        next_id: usize,
    ) -> State {
        let mut state = State::empty(seed, started, next_id);
        for (line, now) in lines {
            state.execute(line, *now);
        }
        state.refresh();
        state
    }

    /// The id the next entry will get: changes with every action but Clear.
    pub fn next_id(&self) -> usize {
        self.next_id
    }

    /// Tab-completion candidates from the command layer.
    pub fn complete(&self, line: &str) -> Vec<String> {
        match self.session.try_borrow() {
            Ok(session) => session.complete(line),
            Err(_) => Vec::new(),
        }
    }

    /// Lines typed so far, oldest first, for ↑/↓ (consecutive duplicates once).
    pub fn history(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for entry in &self.entries {
            if entry.kind == EntryKind::Ran
                && !entry.command.trim().is_empty()
                && out.last() != Some(&entry.command)
            {
                out.push(entry.command.clone());
            }
        }
        out
    }

    /// Entries not hidden by Ctrl-L.
    pub fn visible(&self) -> impl Iterator<Item = &Rc<Entry>> {
        let from = self.cleared_before;
        self.entries.iter().filter(move |e| e.id >= from)
    }

    /// The entry with this id, if it is still kept.
    pub fn entry(&self, id: usize) -> Option<&Rc<Entry>> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The newest entry that sent packets.
    pub fn last_with_packets(&self) -> Option<&Rc<Entry>> {
        self.entries.iter().rev().find(|e| !e.packets.is_empty())
    }

    /// The last executed line, for the panic panel.
    pub fn last_command(&self) -> Option<&str> {
        self.log.last().map(|(l, _)| l.as_str())
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: EntryKind,
        prompt: String,
        command: String,
        output: String,
        segments: Vec<Segment>,
        exit_code: i32,
        packets: Vec<Packet>,
    ) {
        let entry = Entry {
            id: self.next_id,
            kind,
            prompt,
            command,
            output,
            segments,
            exit_code,
            packets: Rc::new(packets),
        };
        self.next_id += 1;
        self.entries.push(Rc::new(entry));
        if self.entries.len() > MAX_ENTRIES {
            let excess = self.entries.len() - MAX_ENTRIES;
            self.entries.drain(..excess);
        }
    }

    fn note(&mut self, text: String) {
        self.push(
            EntryKind::Note,
            String::new(),
            String::new(),
            text,
            Vec::new(),
            0,
            Vec::new(),
        );
    }

    /// Run one line through the session (no snapshot refresh).
    fn execute(&mut self, line: &str, now: Timestamp) {
        let prompt = self.prompt.clone();
        if line.trim().is_empty() {
            self.push(
                EntryKind::Ran,
                prompt,
                line.to_string(),
                String::new(),
                Vec::new(),
                0,
                Vec::new(),
            );
            return;
        }
        if line.len() > MAX_LINE {
            let mut cut = MAX_LINE;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            let shown = format!("{}…", &line[..cut]);
            let msg = format!(
                "bridgeport: line too long ({} bytes, the limit is {MAX_LINE}); nothing was run\n",
                line.len()
            );
            self.push(
                EntryKind::Ran,
                prompt,
                shown,
                msg,
                Vec::new(),
                2,
                Vec::new(),
            );
            return;
        }
        crate::panic::remember_command(line);
        let outcome = {
            let mut session = self.session.borrow_mut();
            let outcome = session.execute(line, now);
            self.prompt = session.prompt();
            outcome
        };
        self.log.push((line.to_string(), now));
        self.push(
            EntryKind::Ran,
            prompt,
            outcome.command,
            outcome.output,
            outcome.segments,
            outcome.exit_code,
            outcome.packets,
        );
    }

    fn refresh(&mut self) {
        let session = self.session.borrow();
        self.prompt = session.prompt();
        self.topology = Rc::new(session.topology());
        self.matrix = Rc::new(session.matrix());
    }

    /// A copy sharing the session, for the reducer to modify.
    fn fork(&self) -> State {
        State {
            seed: self.seed,
            started: self.started,
            session: Rc::clone(&self.session),
            log: self.log.clone(),
            entries: self.entries.clone(),
            cleared_before: self.cleared_before,
            prompt: self.prompt.clone(),
            topology: Rc::clone(&self.topology),
            matrix: Rc::clone(&self.matrix),
            next_id: self.next_id,
        }
    }

    /// Apply one action (the body of [`Reducible::reduce`], usable without Rc).
    pub fn apply(&self, action: Action) -> State {
        match action {
            Action::Run { line, now } => self.run_lines(std::iter::once(line), now),
            Action::RunMany { lines, now } => self.run_lines(lines.into_iter(), now),
            Action::Abandon { line } => {
                let mut next = self.fork();
                let prompt = next.prompt.clone();
                next.push(
                    EntryKind::Abandoned,
                    prompt,
                    format!("{line}^C"),
                    String::new(),
                    Vec::new(),
                    130,
                    Vec::new(),
                );
                next
            }
            Action::Clear => {
                let mut next = self.fork();
                next.cleared_before = next.next_id;
                next
            }
            Action::Undo => {
                let mut log = self.log.clone();
                match log.pop() {
                    None => {
                        let mut next = self.fork();
                        next.note("undo: nothing to undo".to_string());
                        next
                    }
                    Some((undone, _)) => {
                        let mut next = State::replayed(self.seed, self.started, &log, self.next_id);
                        next.note(format!(
                            "undo: the session was rebuilt without its last line: {undone}"
                        ));
                        next
                    }
                }
            }
            Action::Reset { now } => {
                let mut next = State::empty(self.seed, now, self.next_id);
                next.note("reset: a fresh host, nothing running".to_string());
                next
            }
        }
    }

    fn run_lines(&self, lines: impl Iterator<Item = String>, now: Timestamp) -> State {
        let mut next = self.fork();
        let mut dirty = false;
        for line in lines {
            match page_command(&line, now) {
                Some(action) => {
                    if dirty {
                        next.refresh();
                        dirty = false;
                    }
                    next = next.apply(action);
                }
                None => {
                    next.execute(&line, now);
                    dirty = true;
                }
            }
        }
        if dirty {
            // Snapshots once per batch: a 1 000-line paste computes one matrix.
            next.refresh();
        }
        next
    }
}

/// Lines the page answers itself, because they act on the page's own log.
pub fn page_command(line: &str, now: Timestamp) -> Option<Action> {
    match line.trim() {
        "clear" => Some(Action::Clear),
        "undo" => Some(Action::Undo),
        "reset" => Some(Action::Reset { now }),
        _ => None,
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(state: &State, line: &str, t: u64) -> State {
        state.apply(Action::Run {
            line: line.to_string(),
            now: Timestamp(t),
        })
    }

    #[test]
    fn starts_with_the_welcome_note() {
        let state = State::default();
        assert_eq!(state.entries.len(), 1);
        assert_eq!(state.entries[0].kind, EntryKind::Note);
        assert_eq!(state.prompt, "$ ");
        assert!(state.log.is_empty());
    }

    #[test]
    fn run_appends_an_entry_and_logs_the_line() {
        let state = run(&State::default(), "docker ps", 10);
        let last = state.entries.last().unwrap();
        assert_eq!(last.kind, EntryKind::Ran);
        assert_eq!(last.command, "docker ps");
        assert_eq!(last.prompt, "$ ");
        assert_eq!(state.log, vec![("docker ps".to_string(), Timestamp(10))]);
        assert_eq!(state.history(), vec!["docker ps".to_string()]);
    }

    #[test]
    fn empty_line_prints_a_prompt_but_is_not_logged() {
        let state = run(&State::default(), "   ", 1);
        assert_eq!(state.entries.len(), 2);
        assert!(state.log.is_empty());
        assert!(state.history().is_empty());
    }

    #[test]
    fn abandon_prints_caret_c_and_runs_nothing() {
        let state = State::default().apply(Action::Abandon {
            line: "docker ru".into(),
        });
        let last = state.entries.last().unwrap();
        assert_eq!(last.kind, EntryKind::Abandoned);
        assert_eq!(last.command, "docker ru^C");
        assert!(state.log.is_empty());
    }

    #[test]
    fn clear_hides_earlier_entries_but_keeps_history() {
        let state = run(&State::default(), "docker ps", 1).apply(Action::Clear);
        assert_eq!(state.visible().count(), 0);
        assert_eq!(state.history(), vec!["docker ps".to_string()]);
        let state = run(&state, "docker images", 2);
        assert_eq!(state.visible().count(), 1);
    }

    #[test]
    fn typed_clear_undo_reset_are_page_commands() {
        let state = run(&State::default(), "docker ps", 1);
        let state = run(&state, "clear", 2);
        assert_eq!(state.visible().count(), 0);
        let state = run(&state, "docker network ls", 3);
        let state = run(&state, "undo", 4);
        assert_eq!(state.log, vec![("docker ps".to_string(), Timestamp(1))]);
        assert!(state
            .entries
            .last()
            .unwrap()
            .output
            .contains("docker network ls"));
        let state = run(&state, "reset", 5);
        assert!(state.log.is_empty());
        assert_eq!(state.entries.len(), 1);
    }

    #[test]
    fn undo_replays_all_but_the_last_line_with_their_times() {
        let state = run(&run(&State::default(), "a", 1), "b", 2);
        let undone = state.apply(Action::Undo);
        assert_eq!(undone.log, vec![("a".to_string(), Timestamp(1))]);
        let ran: Vec<_> = undone
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Ran)
            .map(|e| e.command.clone())
            .collect();
        assert_eq!(ran, vec!["a".to_string()]);
        let ids: Vec<_> = undone.entries.iter().map(|e| e.id).collect();
        assert!(
            ids.iter().all(|&id| id >= state.entries.last().unwrap().id),
            "ids keep increasing: {ids:?}"
        );
        let nothing = State::default().apply(Action::Undo);
        assert!(nothing
            .entries
            .last()
            .unwrap()
            .output
            .contains("nothing to undo"));
    }

    #[test]
    fn paste_runs_each_line_in_order() {
        let state = State::default().apply(Action::RunMany {
            lines: vec!["a".into(), "b".into(), "c".into()],
            now: Timestamp(7),
        });
        let ran: Vec<_> = state.log.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(ran, ["a", "b", "c"]);
    }

    #[test]
    fn very_long_lines_are_refused_with_a_message() {
        let line = "x".repeat(MAX_LINE + 10);
        let state = run(&State::default(), &line, 1);
        let last = state.entries.last().unwrap();
        assert!(last.failed());
        assert!(last.output.contains("line too long"));
        assert!(state.log.is_empty());
    }

    #[test]
    fn the_transcript_is_bounded() {
        let mut state = State::default();
        let lines: Vec<String> = (0..MAX_ENTRIES + 50).map(|i| format!("echo {i}")).collect();
        state = state.apply(Action::RunMany {
            lines,
            now: Timestamp(1),
        });
        assert_eq!(state.entries.len(), MAX_ENTRIES);
        assert_eq!(state.log.len(), MAX_ENTRIES + 50);
    }
}

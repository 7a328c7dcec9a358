//! The page's state: one [`Session`], the transcript shown in the terminal,
//! the log of executed lines that makes undo possible, and the lesson being
//! followed (a [`LessonRun`], checked after every command).
//!
//! [`State::reduce`] is the only place the session changes. It never reads a
//! clock or the DOM and writes nothing global: the time of each line arrives
//! inside the [`Action`], so replaying the log (undo, recovery) gives the
//! same outcomes byte for byte, and the line the panic panel names is noted
//! by the caller before it dispatches ([`crate::hooks`]). Effects (focus,
//! scrolling, storage) live in the components and hooks.
//!
//! **States share their [`Session`].** A simulated host is large (a
//! 200-container session is megabytes), so an action that runs lines does
//! not copy it: [`State::apply`] forks the state (`fork` shares the
//! `Rc<RefCell<Session>>`) and runs the lines on the shared session in
//! place. The state an action came from is stale afterwards: its snapshots
//! (`topology`, `prompt`, `entries`) still describe the host before the
//! action, but its session does not. That is sound because nothing keeps an
//! old state to act on: Yew's reducer hands every action the newest state
//! and keeps only the result, and going back (Undo, reset step, undoing a
//! reset) never reuses an old `State`: it rebuilds a fresh `Session` from the
//! log, the only record of the past. Actions that rebuild (Undo, Reset,
//! Load) get a session of their own; the rest share.
//!
//! A state round-trips through [`SavedState`] (seed, the learner's commands,
//! lesson and progress): [`State::to_saved`] and [`State::from_saved`].

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_commands::net::tcpdump::Captured;
use bridgeport_commands::{Segment, Session};
use bridgeport_engine::{Matrix, Packet, Timestamp, Topology};
use bridgeport_lessons::{builtin, Lesson, LessonRun, SavedState, StepResult};
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
    /// The host as the packets saw it, when the command changed it by its
    /// end (a one-shot container is gone): drawn while they play.
    pub scene: Option<Rc<Topology>>,
    /// What a running `tcpdump` captured of this command's packets.
    pub capture: Option<Rc<Captured>>,
    /// The lesson's check right after this command (lesson mode only).
    pub check: Option<Rc<StepResult>>,
    /// The container this line was typed in (its prompt is the image's,
    /// `/ # `; the terminal marks which container it is).
    pub inside: Option<String>,
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
    /// Reset the playground: a fresh host with the same seed (and the
    /// lesson's setup), booted at `now`. The transcript and the ↑/↓ history
    /// stay, a lesson keeps its progress, and [`Action::Undo`] brings the
    /// host back as it was.
    Reset { now: Timestamp },
    /// Restart the lesson: a fresh host and the lesson from step 1 (the
    /// transcript stays; undoable like a reset). Outside a lesson, a reset.
    RestartLesson { now: Timestamp },
    /// Replace everything with a saved state (a lesson chosen, a share link,
    /// `localStorage`); a state that cannot be loaded leaves a note instead.
    Load {
        saved: Box<SavedState>,
        now: Timestamp,
    },
    /// Move around the current lesson.
    Lesson(LessonNav),
}

/// The lesson panel's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LessonNav {
    Back,
    Forward,
    /// Rebuild the simulator as it was when the current step began.
    ResetStep,
    /// Go to step N (0-based): a step already reached is shown as Back and
    /// Next would; a later one is reached by running the solutions of the
    /// steps before it, as typed lines (a teacher demoing step 9).
    Go(usize),
}

/// What a reset or restart replaced, so that Undo can bring it back.
#[derive(Debug, Clone)]
pub struct BeforeReset {
    pub started: Timestamp,
    pub log: Vec<(String, Timestamp)>,
    pub lesson: Option<Rc<LessonRun>>,
}

/// Everything the page shows, derived from the session after each change.
pub struct State {
    pub seed: u64,
    /// When this host booted (the daemon's start time); undo replays from it.
    pub started: Timestamp,
    /// Shared with the state this one was forked from (see the module's
    /// doc): only the newest state's session is current.
    session: Rc<RefCell<Session>>,
    /// Every executed line with its time, oldest first: the undo log.
    pub log: Vec<(String, Timestamp)>,
    /// The transcript, oldest first (at most [`MAX_ENTRIES`]).
    pub entries: Vec<Rc<Entry>>,
    /// Entries with an id below this are hidden by Ctrl-L.
    pub cleared_before: usize,
    /// The prompt for the next line.
    pub prompt: String,
    /// The container the next line runs in (`docker exec -it web sh`), if any.
    pub inside: Option<String>,
    pub topology: Rc<Topology>,
    /// The reachability matrix, computed on first use after each change: it
    /// costs O(containers²) probes, so it is only built when someone looks.
    matrix: Rc<RefCell<Option<Rc<Matrix>>>>,
    next_id: usize,
    /// Lines run silently on every fresh host of this state (a lesson's setup).
    setup: Rc<Vec<String>>,
    /// The lesson being followed; a new `Rc` after every change.
    pub lesson: Option<Rc<LessonRun>>,
    /// The last live check of the current lesson step (None after moving).
    pub check: Option<Rc<StepResult>>,
    /// Entries below this id were replayed, not run live (no events for them).
    pub live_from: usize,
    /// The host a reset replaced, until the next line runs: Undo restores it.
    pub before_reset: Option<Rc<BeforeReset>>,
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.next_id == other.next_id
            && self.cleared_before == other.cleared_before
            && self.lesson_rev() == other.lesson_rev()
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
        let mut state = State::empty(seed, started, 0, Rc::default());
        state.note(WELCOME.to_string());
        state
    }

    fn empty(seed: u64, started: Timestamp, next_id: usize, setup: Rc<Vec<String>>) -> State {
        let mut session = Session::with_time(seed, started);
        for line in setup.iter() {
            session.execute(line, started);
        }
        let prompt = session.prompt();
        let inside = inside_of(&session);
        let topology = Rc::new(session.topology());
        let matrix = Rc::default();
        State {
            seed,
            started,
            session: Rc::new(RefCell::new(session)),
            log: Vec::new(),
            entries: Vec::new(),
            cleared_before: 0,
            prompt,
            inside,
            topology,
            matrix,
            next_id,
            setup,
            lesson: None,
            check: None,
            live_from: next_id,
            before_reset: None,
        }
    }

    /// The state a [`SavedState`] describes: a fresh host with its seed (and
    /// its lesson's setup), the commands replayed one second apart ending at
    /// `now`, the lesson's progress restored. `note` opens the transcript.
    pub fn from_saved(
        saved: &SavedState,
        now: Timestamp,
        next_id: usize,
        note: &str,
    ) -> Result<State, String> {
        let lesson = match saved.lesson.as_deref() {
            Some(id) => Some(load_lesson(id)?),
            None => None,
        };
        let n = saved.commands.len() as u64;
        let started = Timestamp(now.0.saturating_sub(n.saturating_mul(1000)));
        let setup = Rc::new(lesson.as_ref().map(|l| l.setup.clone()).unwrap_or_default());
        let mut state = State::empty(saved.seed, started, next_id, setup);
        if let (Some(lesson), Some(progress)) = (lesson, saved.progress()) {
            state.lesson = Some(Rc::new(LessonRun::restore(
                lesson,
                progress,
                saved.commands.clone(),
            )?));
        }
        state.note(note.to_string());
        for (i, line) in saved.commands.iter().enumerate() {
            state.execute(line, Timestamp(started.0 + (i as u64 + 1) * 1000), false);
        }
        state.refresh();
        state.live_from = state.next_id;
        Ok(state)
    }

    /// What [`State::from_saved`] needs to rebuild this state.
    pub fn to_saved(&self) -> SavedState {
        let mut saved =
            SavedState::new(self.seed, self.log.iter().map(|(l, _)| l.clone()).collect());
        if let Some(run) = &self.lesson {
            let p = run.progress();
            saved.lesson = Some(p.lesson_id.clone());
            saved.step = p.step;
            saved.completed = p.completed.clone();
            saved.step_starts = p.step_starts.clone();
        }
        saved
    }

    /// Changes whenever the lesson or its check changes (for memo keys).
    pub fn lesson_rev(&self) -> (usize, usize) {
        let ptr = |r: Option<*const ()>| r.map_or(0, |p| p as usize);
        (
            ptr(self.lesson.as_ref().map(|l| Rc::as_ptr(l) as *const ())),
            ptr(self.check.as_ref().map(|c| Rc::as_ptr(c) as *const ())),
        )
    }

    /// A fresh host that has already run `lines` (used for undo and recovery).
    pub fn replayed(
        seed: u64,
        started: Timestamp,
        lines: &[(String, Timestamp)],
        next_id: usize,
    ) -> State {
        State::rebuilt(seed, started, Rc::default(), lines, next_id)
    }

    fn rebuilt(
        seed: u64,
        started: Timestamp,
        setup: Rc<Vec<String>>,
        lines: &[(String, Timestamp)],
        next_id: usize,
    ) -> State {
        let mut state = State::empty(seed, started, next_id, setup);
        for (line, now) in lines {
            state.execute(line, *now, false);
        }
        state.refresh();
        state.live_from = state.next_id;
        state
    }

    /// This state's host rebuilt from `lines` (a prefix of its log), keeping
    /// the lesson as `lesson`.
    fn rebuild(&self, lines: &[(String, Timestamp)], lesson: Option<Rc<LessonRun>>) -> State {
        let mut next = State::rebuilt(
            self.seed,
            self.started,
            Rc::clone(&self.setup),
            lines,
            self.next_id,
        );
        next.lesson = lesson;
        next
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

    /// A file on the host (relative to the host shell's working directory).
    pub fn host_file(&self, path: &str) -> Option<String> {
        let session = self.session.try_borrow().ok()?;
        session.host_file(path).map(str::to_string)
    }

    /// The host's files under `dir` (absolute paths and texts), for the editor.
    pub fn host_files(&self, dir: &str) -> Vec<(String, String)> {
        match self.session.try_borrow() {
            Ok(s) => s.host_files(dir),
            Err(_) => Vec::new(),
        }
    }

    /// What `docker compose` would say about `text` as the compose file
    /// `path` (the editor's check); `None` when it loads.
    pub fn compose_problem(
        &self,
        path: &str,
        text: &str,
    ) -> Option<bridgeport_commands::FileProblem> {
        let session = self.session.try_borrow().ok()?;
        session.compose_problem(path, text)
    }

    /// The host shell's working directory.
    pub fn host_cwd(&self) -> String {
        match self.session.try_borrow() {
            Ok(s) => s.host_cwd().to_string(),
            Err(_) => String::new(),
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

    /// The host to draw with the packets of `entry` (the player's): the
    /// scene they left from while they are the last command's (a one-shot
    /// container is gone once it has run); None: the host as it is now.
    pub fn drawn_with(&self, entry: Option<usize>) -> Option<Rc<Topology>> {
        let last = self
            .entries
            .iter()
            .rev()
            .find(|e| e.kind == EntryKind::Ran)?;
        (Some(last.id) == entry)
            .then(|| last.scene.clone())
            .flatten()
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
            scene: None,
            capture: None,
            check: None,
            inside: match kind {
                EntryKind::Note => None,
                _ => self.inside.clone(),
            },
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

    /// Run one line through the session (no snapshot refresh); with `live`,
    /// the lesson records it and checks its current step.
    fn execute(&mut self, line: &str, now: Timestamp, live: bool) {
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
        let typed_in = self.inside.clone();
        let (outcome, check) = {
            let mut session = self.session.borrow_mut();
            let outcome = session.execute(line, now);
            self.prompt = session.prompt();
            self.inside = inside_of(&session);
            let check = match (&mut self.lesson, live) {
                (Some(run), true) => {
                    let mut next = LessonRun::clone(run);
                    let result = Rc::new(next.after_command(&session, &outcome));
                    *run = Rc::new(next);
                    Some(result)
                }
                _ => None,
            };
            (outcome, check)
        };
        self.log.push((line.to_string(), now));
        let after = std::mem::replace(&mut self.inside, typed_in);
        self.push(
            EntryKind::Ran,
            prompt,
            outcome.command,
            outcome.output,
            outcome.segments,
            outcome.exit_code,
            outcome.packets,
        );
        self.inside = after;
        if let (Some(scene), Some(entry)) = (outcome.scene, self.entries.last_mut()) {
            Rc::make_mut(entry).scene = Some(Rc::new(scene));
        }
        if let (Some(capture), Some(entry)) = (outcome.capture, self.entries.last_mut()) {
            Rc::make_mut(entry).capture = Some(Rc::new(capture));
        }
        if let Some(check) = check {
            if let Some(entry) = self.entries.last_mut() {
                Rc::make_mut(entry).check = Some(Rc::clone(&check));
            }
            self.check = Some(check);
        }
    }

    fn refresh(&mut self) {
        let session = self.session.borrow();
        self.prompt = session.prompt();
        self.inside = inside_of(&session);
        self.topology = Rc::new(session.topology());
        self.matrix = Rc::default();
    }

    /// The reachability matrix for the current state (computed once per change).
    pub fn matrix(&self) -> Rc<Matrix> {
        if let Some(m) = self.matrix.borrow().as_ref() {
            return Rc::clone(m);
        }
        let m = Rc::new(self.session.borrow().matrix());
        *self.matrix.borrow_mut() = Some(Rc::clone(&m));
        m
    }

    /// Running containers: what the matrix's cost grows with.
    pub fn running_containers(&self) -> usize {
        self.topology
            .containers
            .iter()
            .filter(|c| c.state == "running")
            .count()
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
            inside: self.inside.clone(),
            topology: Rc::clone(&self.topology),
            matrix: Rc::clone(&self.matrix),
            next_id: self.next_id,
            setup: Rc::clone(&self.setup),
            lesson: self.lesson.clone(),
            check: self.check.clone(),
            live_from: self.live_from,
            before_reset: self.before_reset.clone(),
        }
    }

    /// The time of the last line run (or the boot): a jump's solutions run
    /// then, so that the reducer reads no clock.
    fn last_time(&self) -> Timestamp {
        self.log.last().map_or(self.started, |(_, t)| *t)
    }

    /// Can Undo do something (a line to take back, or a reset)?
    pub fn can_undo(&self) -> bool {
        !self.log.is_empty() || self.before_reset.is_some()
    }

    /// A fresh host for a reset (`restart`: the lesson from step 1), keeping
    /// the transcript and what Undo needs to bring this host back.
    fn reset(&self, now: Timestamp, restart: bool) -> State {
        let mut next = State::empty(self.seed, now, self.next_id, Rc::clone(&self.setup));
        next.entries = self.entries.clone();
        next.cleared_before = self.cleared_before;
        next.before_reset = Some(Rc::new(BeforeReset {
            started: self.started,
            log: self.log.clone(),
            lesson: self.lesson.clone(),
        }));
        match &self.lesson {
            Some(run) if restart => {
                next.lesson = Some(Rc::new(LessonRun::new(run.shared_lesson())));
                next.note(format!(
                    "restart: a fresh host; the lesson \"{}\" starts again at step 1 (undo brings your host back)",
                    run.lesson().title
                ));
            }
            Some(run) => {
                let lesson =
                    LessonRun::restore(run.shared_lesson(), run.progress().clone(), Vec::new())
                        .map_or_else(|_| Rc::new(LessonRun::new(run.shared_lesson())), Rc::new);
                next.lesson = Some(lesson);
                next.note(
                    "reset: a fresh host as the lesson sets it up; your progress stays (undo brings your host back)"
                        .to_string(),
                );
            }
            None => next.note(
                "reset: a fresh host, nothing running (undo brings your host back)".to_string(),
            ),
        }
        next
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
            Action::Undo if self.before_reset.is_some() => {
                let Some(before) = self.before_reset.clone() else {
                    return self.fork();
                };
                let mut next = State::rebuilt(
                    self.seed,
                    before.started,
                    Rc::clone(&self.setup),
                    &before.log,
                    self.next_id,
                );
                next.lesson = before.lesson.clone();
                next.entries = self.entries.clone();
                next.cleared_before = self.cleared_before;
                next.next_id = self.next_id;
                next.note(format!(
                    "undo: the reset was undone; the host is back ({} command(s) replayed)",
                    before.log.len()
                ));
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
                        // The lesson forgets the line too (its progress stays).
                        let lesson = self.lesson.as_ref().map(|run| {
                            let lines: Vec<String> = log.iter().map(|(l, _)| l.clone()).collect();
                            LessonRun::restore(run.shared_lesson(), run.progress().clone(), lines)
                                .map_or_else(|_| Rc::clone(run), Rc::new)
                        });
                        let mut next = self.rebuild(&log, lesson);
                        next.note(format!(
                            "undo: the session was rebuilt without its last line: {undone}"
                        ));
                        next
                    }
                }
            }
            Action::Reset { now } => self.reset(now, false),
            Action::RestartLesson { now } => self.reset(now, true),
            Action::Load { saved, now } => {
                let note = match &saved.lesson {
                    Some(id) => match load_lesson(id) {
                        Ok(l) => lesson_note(&l, saved.commands.len()),
                        Err(e) => e,
                    },
                    None if saved.commands.is_empty() => WELCOME.to_string(),
                    None => format!(
                        "Restored a session: {} command(s) replayed on a fresh host.",
                        saved.commands.len()
                    ),
                };
                match State::from_saved(&saved, now, self.next_id, &note) {
                    Ok(next) => next,
                    Err(e) => {
                        let mut next = self.fork();
                        next.note(format!("bridgeport: that state could not be loaded: {e}"));
                        next
                    }
                }
            }
            Action::Lesson(LessonNav::Go(step)) => self.go_to_step(step, self.last_time()),
            Action::Lesson(nav) => self.navigate(nav),
        }
    }

    /// Step `to` of the lesson: moving among the steps reached, or running
    /// the solutions of the steps up to it (stopping at a step without one,
    /// or whose solution does not pass its check).
    fn go_to_step(&self, to: usize, now: Timestamp) -> State {
        let Some(run) = &self.lesson else {
            return self.fork();
        };
        let n = run.lesson().steps.len();
        let to = to.min(n.saturating_sub(1));
        let mut next = self.fork();
        while let Some(run) = next.lesson.clone() {
            let at = run.progress().step;
            let reached = at + 1 < run.progress().step_starts.len()
                || run.progress().completed.get(at).copied().unwrap_or(false);
            let nav = if at > to {
                LessonNav::Back
            } else if at < to && reached {
                LessonNav::Forward
            } else if at < to {
                let solution = run.solution().to_vec();
                if solution.is_empty() {
                    next.note(format!(
                        "step {}: this step has no written solution, so the jump stops here",
                        at + 1
                    ));
                    break;
                }
                next = next.run_lines(solution.into_iter(), now);
                if next.lesson.as_ref().map(|r| r.progress().step) == Some(at) {
                    next.note(format!(
                        "step {}: its solution did not pass the check, so the jump stops here",
                        at + 1
                    ));
                    break;
                }
                continue;
            } else {
                break;
            };
            next = next.navigate(nav);
        }
        next
    }

    fn navigate(&self, nav: LessonNav) -> State {
        let Some(run) = &self.lesson else {
            return self.fork();
        };
        let mut moved = LessonRun::clone(run);
        match nav {
            LessonNav::Back => {
                moved.go_back();
            }
            LessonNav::Forward => {
                moved.go_forward();
            }
            LessonNav::Go(_) => {}
            LessonNav::ResetStep => {
                if moved.reset_step().is_some() {
                    let keep = moved.commands().len().min(self.log.len());
                    let mut next = self.rebuild(&self.log[..keep], Some(Rc::new(moved)));
                    next.note(format!(
                        "reset step: the host is back where this step began ({keep} command(s) replayed)"
                    ));
                    return next;
                }
            }
        }
        let mut next = self.fork();
        next.lesson = Some(Rc::new(moved));
        next.check = None;
        next
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
                    next.before_reset = None;
                    next.execute(&line, now, true);
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

/// The name of the container the session's shell is in, if any.
fn inside_of(session: &Session) -> Option<String> {
    match session.place() {
        bridgeport_commands::context::Place::Container(a) => session
            .engine()
            .container_by_id(&a.container_id)
            .map(|c| c.name.clone()),
        _ => None,
    }
}

/// A built-in lesson by id, or why not.
pub fn load_lesson(id: &str) -> Result<Lesson, String> {
    match builtin::load(id) {
        Some(Ok(lesson)) => Ok(lesson),
        Some(Err(e)) => Err(format!("the lesson `{id}` is broken: {e}")),
        None => Err(format!(
            "there is no lesson called `{id}` (lessons: {})",
            builtin::ids().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The note that opens a lesson's transcript.
fn lesson_note(lesson: &Lesson, replayed: usize) -> String {
    let mut note = format!("Lesson: {}.", lesson.title);
    if replayed > 0 {
        note.push_str(&format!(
            " Your {replayed} command(s) so far were replayed on a fresh host."
        ));
    } else if !lesson.is_sandbox() {
        note.push_str(
            " Follow the steps in the lesson panel; click a command there to type it here.",
        );
    }
    note
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
    fn a_file_written_by_a_heredoc_is_undone_and_saved_like_a_line() {
        let line = bridgeport_commands::shell::heredoc_command("compose.yaml", "services: {}\n");
        let state = run(&State::default(), &line, 10);
        assert_eq!(
            state.host_file("compose.yaml").as_deref(),
            Some("services: {}\n")
        );
        let saved = state.to_saved();
        assert_eq!(saved.commands, std::slice::from_ref(&line));
        assert!(
            saved.to_json().is_ok(),
            "a heredoc is a valid saved command"
        );
        let again = State::from_saved(&saved, Timestamp(20_000), 0, "").unwrap();
        assert_eq!(
            again.host_file("compose.yaml").as_deref(),
            Some("services: {}\n")
        );
        let undone = state.apply(Action::Undo);
        assert_eq!(undone.host_file("compose.yaml"), None);
    }

    #[test]
    fn starts_with_the_welcome_note() {
        let state = State::default();
        assert_eq!(state.entries.len(), 1);
        assert_eq!(state.entries[0].kind, EntryKind::Note);
        assert_eq!(state.prompt, "learner@docker-host:~/myapp$ ");
        assert!(state.log.is_empty());
    }

    #[test]
    fn run_appends_an_entry_and_logs_the_line() {
        let state = run(&State::default(), "docker ps", 10);
        let last = state.entries.last().unwrap();
        assert_eq!(last.kind, EntryKind::Ran);
        assert_eq!(last.command, "docker ps");
        assert_eq!(last.prompt, "learner@docker-host:~/myapp$ ");
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
        let history = state.history();
        let state = run(&state, "reset", 5);
        assert!(state.log.is_empty());
        assert_eq!(state.history(), history, "the ↑/↓ history survives a reset");
        assert_eq!(history, ["docker ps"]);
    }

    #[test]
    fn a_reset_keeps_the_transcript_and_undo_brings_the_host_back() {
        let state = run(&State::default(), "docker run -d --name web nginx", 1_000);
        let state = run(&state, "docker network create data", 2_000);
        let before = state.entries.len();
        let reset = state.apply(Action::Reset {
            now: Timestamp(3_000),
        });
        assert!(reset.log.is_empty() && reset.topology.containers.is_empty());
        assert_eq!(reset.entries.len(), before + 1, "the transcript stays");
        assert!(reset
            .entries
            .last()
            .unwrap()
            .output
            .starts_with("reset: a fresh host"));
        assert!(reset.can_undo());
        let back = reset.apply(Action::Undo);
        assert_eq!(back.log, state.log);
        assert_eq!(back.topology.containers.len(), 1);
        assert!(back.topology.networks.iter().any(|n| n.name == "data"));
        assert!(back
            .entries
            .last()
            .unwrap()
            .output
            .starts_with("undo: the reset was undone"));
        assert!(back.entries.len() > before, "still the whole transcript");
        // Once a line runs after the reset, Undo takes back that line only.
        let moved_on = run(&reset, "docker ps", 4_000);
        assert!(moved_on.before_reset.is_none());
        let undone = moved_on.apply(Action::Undo);
        assert!(undone.log.is_empty() && undone.topology.containers.is_empty());
        assert!(!State::default().can_undo());
    }

    #[test]
    fn in_a_lesson_reset_keeps_progress_and_restart_starts_over() {
        let state = run(
            &lesson("basics"),
            "docker network inspect bridge",
            1_001_000,
        );
        assert_eq!(step(&state), 1);
        let reset = state.apply(Action::Reset {
            now: Timestamp(1_002_000),
        });
        assert_eq!(step(&reset), 1, "reset the playground: the step stays");
        assert!(reset.lesson.as_ref().unwrap().progress().completed[0]);
        let restart = state.apply(Action::RestartLesson {
            now: Timestamp(1_002_000),
        });
        assert_eq!(step(&restart), 0, "restart the lesson: step 1");
        assert!(!restart.lesson.as_ref().unwrap().progress().completed[0]);
        let back = restart.apply(Action::Undo);
        assert_eq!(step(&back), 1, "undo brings the lesson's progress back too");
        assert_eq!(back.log, state.log);
    }

    #[test]
    fn a_step_can_be_jumped_to() {
        let state = lesson("basics");
        let at4 = state.apply(Action::Lesson(LessonNav::Go(3)));
        assert_eq!(step(&at4), 3, "the solutions of steps 1–3 ran");
        assert!(!at4.log.is_empty(), "as typed lines, in the transcript");
        let p = at4.lesson.as_ref().unwrap().progress();
        assert!(p.completed[..3].iter().all(|d| *d));
        let back = at4.apply(Action::Lesson(LessonNav::Go(1)));
        assert_eq!(step(&back), 1, "back to a step already reached");
        assert_eq!(back.log, at4.log, "without changing the host");
        assert_eq!(step(&back.apply(Action::Lesson(LessonNav::Go(3)))), 3);
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

    fn lesson(id: &str) -> State {
        let mut saved = SavedState::new(load_lesson(id).unwrap().seed, vec![]);
        saved.lesson = Some(id.into());
        State::from_saved(&saved, Timestamp(1_000_000), 0, "start").unwrap()
    }

    fn step(state: &State) -> usize {
        state.lesson.as_ref().unwrap().progress().step
    }

    #[test]
    fn a_lesson_step_passes_after_the_right_command_and_explains_a_wrong_one() {
        let state = lesson("basics");
        assert_eq!(step(&state), 0);
        assert!(state.log.is_empty(), "the setup is not the learner's");
        let state = run(&state, "docker network ls", 1_001_000);
        let check = state.check.clone().unwrap();
        assert!(!check.passed);
        assert!(!check.failed_parts.is_empty());
        assert_eq!(state.entries.last().unwrap().check, Some(check));
        let state = run(&state, "docker network inspect bridge", 1_002_000);
        assert!(state.check.as_ref().unwrap().passed);
        assert_eq!(step(&state), 1);
        // Step 2 wants a running nginx called web: an alpine one is not it.
        let state = run(
            &state,
            "docker run -d --name web alpine sleep 1d",
            1_003_000,
        );
        let check = state.check.clone().unwrap();
        assert!(!check.passed);
        assert!(
            check.failed_parts.iter().any(|p| p.contains("nginx")),
            "{:?}",
            check.failed_parts
        );
    }

    #[test]
    fn a_lesson_state_round_trips_through_a_saved_state() {
        let state = run(
            &run(
                &lesson("basics"),
                "docker network inspect bridge",
                1_001_000,
            ),
            "docker run -d --name web nginx",
            1_002_000,
        );
        let saved = state.to_saved();
        assert_eq!(saved.lesson.as_deref(), Some("basics"));
        assert_eq!(
            saved.commands,
            [
                "docker network inspect bridge",
                "docker run -d --name web nginx"
            ]
        );
        assert_eq!(saved.step, 2);
        let back = State::from_saved(&saved, Timestamp(5_000_000), 7, "restored").unwrap();
        assert_eq!(back.to_saved(), saved);
        assert_eq!(back.topology.containers.len(), 1);
        assert_eq!(
            back.live_from,
            back.next_id(),
            "replayed entries are not live"
        );
        let mut bad = saved.clone();
        bad.lesson = Some("nope".into());
        assert!(State::from_saved(&bad, Timestamp(0), 0, "")
            .unwrap_err()
            .contains("no lesson called `nope`"));
        let kept = state.apply(Action::Load {
            saved: Box::new(bad),
            now: Timestamp(9),
        });
        assert_eq!(
            kept.log, state.log,
            "a state that cannot load changes nothing"
        );
        assert!(kept
            .entries
            .last()
            .unwrap()
            .output
            .contains("could not be loaded"));
    }

    #[test]
    fn undo_reset_step_back_and_forward_in_a_lesson() {
        let state = run(
            &lesson("basics"),
            "docker network inspect bridge",
            1_001_000,
        );
        let state = run(&state, "docker ps", 1_002_000);
        let undone = state.apply(Action::Undo);
        assert_eq!(
            undone.lesson.as_ref().unwrap().commands(),
            ["docker network inspect bridge"]
        );
        assert_eq!(step(&undone), 1, "progress stays");
        let state = run(&state, "docker run -d --name other nginx", 1_003_000);
        let reset = state.apply(Action::Lesson(LessonNav::ResetStep));
        assert_eq!(reset.log.len(), 1, "back to where step 2 began");
        assert_eq!(reset.topology.containers.len(), 0);
        let back = reset.apply(Action::Lesson(LessonNav::Back));
        assert_eq!(step(&back), 0);
        assert_eq!(back.check, None);
        assert_eq!(step(&back.apply(Action::Lesson(LessonNav::Forward))), 1);
        let again = back.apply(Action::RestartLesson {
            now: Timestamp(2_000_000),
        });
        assert_eq!(step(&again), 0);
        assert!(again
            .lesson
            .as_ref()
            .unwrap()
            .progress()
            .completed
            .iter()
            .all(|d| !d));
    }
}

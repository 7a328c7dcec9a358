//! A learner working through a lesson: which step is current, which are done,
//! and what happened in the current step (the commands and their packets,
//! which packet and command checks look at).
//!
//! The page owns the [`Session`]; after each command it hands the outcome to
//! [`LessonRun::after_command`], which evaluates the current step and moves on
//! when it passes. Nothing here reads a clock: a replay takes the time of its
//! last line as an argument.

use crate::check::{Event, Facts};
use crate::lesson::{Lesson, Step};
use bridgeport_commands::{Outcome, Session};
use bridgeport_engine::Timestamp;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Commands remembered per step for packet and command checks; older ones are forgotten.
pub const MAX_STEP_EVENTS: usize = 500;

/// How far a learner got in one lesson. Serialisable, so the page can keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub lesson_id: String,
    /// The current step, 0-based; equal to the number of steps once the lesson is done.
    pub step: usize,
    /// One flag per step.
    pub completed: Vec<bool>,
    /// For each step reached so far, how many of the learner's commands had
    /// run when it began: what "reset this step" replays.
    #[serde(default)]
    pub step_starts: Vec<usize>,
}

impl Progress {
    pub fn new(lesson: &Lesson) -> Progress {
        Progress {
            lesson_id: lesson.id.clone(),
            step: 0,
            completed: vec![false; lesson.steps.len()],
            step_starts: vec![0],
        }
    }
}

/// What evaluating a step found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepResult {
    /// The step that was evaluated (0-based).
    pub step: usize,
    pub passed: bool,
    /// One sentence per part of the check that is not yet true.
    pub failed_parts: Vec<String>,
    /// The lesson has no step left (after this one passed, or already before).
    pub finished: bool,
}

/// A lesson in progress.
#[derive(Debug, Clone)]
pub struct LessonRun {
    /// Shared, never changed: a copy of the run (the page's undo and
    /// snapshots) does not copy the lesson.
    lesson: Rc<Lesson>,
    progress: Progress,
    /// Every command the learner ran in this lesson (not the setup), in order.
    commands: Vec<String>,
    /// What happened in the current step.
    events: Vec<Event>,
}

/// Runs `lines` on a fresh session, one second apart, the last one at `end`.
pub fn replay(seed: u64, lines: &[String], end: Timestamp) -> Session {
    let n = lines.len() as u64;
    let back = |seconds: u64| Timestamp(end.0.saturating_sub(seconds.saturating_mul(1000)));
    let mut session = Session::with_time(seed, back(n));
    for (i, line) in lines.iter().enumerate() {
        session.execute(line, back(n - 1 - i as u64));
    }
    session
}

impl LessonRun {
    pub fn new(lesson: impl Into<Rc<Lesson>>) -> LessonRun {
        let lesson = lesson.into();
        let progress = Progress::new(&lesson);
        LessonRun {
            lesson,
            progress,
            commands: Vec::new(),
            events: Vec::new(),
        }
    }

    /// Picks up where a saved [`Progress`] left off. The commands are the
    /// learner's (as saved); out-of-range values are clamped, never trusted.
    pub fn restore(
        lesson: impl Into<Rc<Lesson>>,
        mut progress: Progress,
        commands: Vec<String>,
    ) -> Result<LessonRun, String> {
        let lesson = lesson.into();
        if progress.lesson_id != lesson.id {
            return Err(format!(
                "this progress is for the lesson `{}`, not `{}`",
                progress.lesson_id, lesson.id
            ));
        }
        let n = lesson.steps.len();
        progress.completed.resize(n, false);
        progress.step = progress.step.min(n);
        let mut last = 0;
        progress.step_starts.retain(|&s| {
            let ok = s >= last && s <= commands.len();
            if ok {
                last = s;
            }
            ok
        });
        let reached = progress.step.min(n.saturating_sub(1)) + 1;
        progress.step_starts.truncate(reached);
        if progress.step_starts.is_empty() {
            progress.step_starts.push(0);
        }
        // Unknown starts (an older save): the step began no later than now.
        while progress.step_starts.len() < reached {
            progress.step_starts.push(commands.len());
        }
        Ok(LessonRun {
            lesson,
            progress,
            commands,
            events: Vec::new(),
        })
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The lesson itself, shared, for a new run of it.
    pub fn shared_lesson(&self) -> Rc<Lesson> {
        Rc::clone(&self.lesson)
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The learner's commands so far (what a saved state keeps).
    pub fn commands(&self) -> &[String] {
        &self.commands
    }

    /// The current step, or None once the lesson is done (or for a sandbox).
    pub fn current(&self) -> Option<&Step> {
        self.lesson.steps.get(self.progress.step)
    }

    pub fn is_finished(&self) -> bool {
        self.progress.step >= self.lesson.steps.len()
    }

    /// What the page runs on a fresh `Session` with the lesson's seed to get
    /// to the current state: the setup, then the learner's commands.
    pub fn replay_lines(&self) -> Vec<String> {
        self.lesson
            .setup
            .iter()
            .chain(self.commands.iter())
            .cloned()
            .collect()
    }

    /// A session in the state this run describes, its last line at `end`.
    pub fn fresh_session(&self, end: Timestamp) -> Session {
        replay(self.lesson.seed, &self.replay_lines(), end)
    }

    /// Records a command the learner ran and evaluates the current step.
    /// When the step passes, the next one becomes current.
    pub fn after_command(&mut self, session: &Session, outcome: &Outcome) -> StepResult {
        self.commands.push(outcome.command.clone());
        if self.is_finished() {
            return self.done_result();
        }
        self.events.push(Event::from(outcome));
        if self.events.len() > MAX_STEP_EVENTS {
            self.events.remove(0);
        }
        let result = self.evaluate(session);
        if result.passed {
            let k = self.progress.step;
            self.progress.completed[k] = true;
            self.progress.step = k + 1;
            self.events.clear();
            if self.progress.step_starts.len() == k + 1 && k + 1 < self.lesson.steps.len() {
                self.progress.step_starts.push(self.commands.len());
            }
            return StepResult {
                finished: self.is_finished(),
                ..result
            };
        }
        result
    }

    /// Evaluates the current step without recording anything.
    pub fn evaluate(&self, session: &Session) -> StepResult {
        let Some(step) = self.current() else {
            return self.done_result();
        };
        let facts = Facts {
            engine: session.engine(),
            events: &self.events,
        };
        let failed_parts = step.check.failures(&facts);
        StepResult {
            step: self.progress.step,
            passed: failed_parts.is_empty(),
            failed_parts,
            finished: false,
        }
    }

    fn done_result(&self) -> StepResult {
        StepResult {
            step: self.progress.step,
            passed: false,
            failed_parts: Vec::new(),
            finished: true,
        }
    }

    pub fn hint(&self) -> Option<&str> {
        self.current().map(|s| s.hint.as_str())
    }

    /// The current step's solution commands (empty if it has none).
    pub fn solution(&self) -> &[String] {
        self.current().map(|s| s.solution.as_slice()).unwrap_or(&[])
    }

    /// Starts the current step over: forgets the commands run since it began
    /// and returns the lines to replay on a fresh session with the lesson's
    /// seed (setup included), or None when there is no current step.
    pub fn reset_step(&mut self) -> Option<Vec<String>> {
        let k = self.progress.step;
        if k >= self.lesson.steps.len() {
            return None;
        }
        let start = self
            .progress
            .step_starts
            .get(k)
            .copied()
            .unwrap_or(self.commands.len())
            .min(self.commands.len());
        self.commands.truncate(start);
        self.progress.step_starts.truncate(k + 1);
        self.progress.completed[k] = false;
        self.events.clear();
        Some(self.replay_lines())
    }

    /// Starts the current step over without touching the simulator: its
    /// packet and command history is forgotten and it is marked not done.
    pub fn mark_step_reset(&mut self) {
        if let Some(done) = self.progress.completed.get_mut(self.progress.step) {
            *done = false;
        }
        self.events.clear();
    }

    /// Makes the previous step current again (the simulator keeps its state).
    pub fn go_back(&mut self) -> bool {
        if self.progress.step == 0 {
            return false;
        }
        self.progress.step -= 1;
        self.events.clear();
        true
    }

    /// Returns to a step already reached after going back.
    pub fn go_forward(&mut self) -> bool {
        let next = self.progress.step + 1;
        let reached = next < self.progress.step_starts.len()
            || self
                .progress
                .completed
                .get(self.progress.step)
                .copied()
                .unwrap_or(false);
        if next > self.lesson.steps.len() || !reached {
            return false;
        }
        self.progress.step = next;
        self.events.clear();
        true
    }
}

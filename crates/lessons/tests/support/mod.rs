//! A learner at the keyboard: a lesson run plus the session it drives, with
//! the script clock (one second per line).

#![allow(dead_code)]

use bridgeport_commands::script::{run_script, SCRIPT_EPOCH, STEP_MS};
use bridgeport_commands::{Outcome, Session};
use bridgeport_engine::Timestamp;
use bridgeport_lessons::check::{parse_line, Facts};
use bridgeport_lessons::{builtin, Lesson, LessonRun, StepResult};

pub struct Learner {
    pub run: LessonRun,
    pub session: Session,
    now: u64,
    pub last: Option<Outcome>,
}

impl Learner {
    pub fn new(id: &str) -> Learner {
        let lesson = builtin::load(id)
            .expect("a built-in lesson")
            .expect("it parses");
        Learner::with(lesson)
    }

    pub fn with(lesson: Lesson) -> Learner {
        let run = LessonRun::new(lesson);
        let session = run.fresh_session(SCRIPT_EPOCH);
        Learner {
            run,
            session,
            now: SCRIPT_EPOCH.0,
            last: None,
        }
    }

    /// Types one line; returns the step result.
    pub fn type_line(&mut self, line: &str) -> StepResult {
        self.now += STEP_MS;
        let outcome = self.session.execute(line, Timestamp(self.now));
        let r = self.run.after_command(&self.session, &outcome);
        self.last = Some(outcome);
        r
    }

    /// Types every line; returns the last result.
    pub fn type_all(&mut self, lines: &[&str]) -> StepResult {
        let mut last = None;
        for l in lines {
            last = Some(self.type_line(l));
        }
        last.expect("at least one line")
    }

    pub fn step(&self) -> usize {
        self.run.progress().step
    }

    /// Solves steps `0..upto` with their solutions.
    pub fn solve_until(&mut self, upto: usize) {
        while self.step() < upto {
            let k = self.step();
            let solution = self.run.lesson().steps[k].solution.clone();
            for line in &solution {
                self.type_line(line);
            }
            assert_eq!(
                self.step(),
                k + 1,
                "step {} not solved by its solution: {:?}",
                k + 1,
                self.run.evaluate(&self.session).failed_parts
            );
        }
    }
}

/// Evaluates one check line against a session's state, with no events.
pub fn state_check(session: &Session, line: &str) -> Result<(), Vec<String>> {
    let clauses = parse_line(line, 1).expect("check parses");
    let facts = Facts {
        engine: session.engine(),
        events: &[],
    };
    let fails = bridgeport_lessons::Check { clauses }.failures(&facts);
    if fails.is_empty() {
        Ok(())
    } else {
        Err(fails)
    }
}

/// A session after a script (the script clock).
pub fn after(script: &str) -> Session {
    run_script(42, script).0
}

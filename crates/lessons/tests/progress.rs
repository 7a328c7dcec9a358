//! Progress through a lesson: advancing, resetting a step, going back, and
//! restoring saved progress.

mod support;

use bridgeport_commands::script::SCRIPT_EPOCH;
use bridgeport_lessons::{Lesson, LessonRun, Progress};
use support::{state_check, Learner};

fn two_step() -> Lesson {
    Lesson::parse(
        "---\ntitle: T\nid: two\nseed: 7\nsetup: docker network create setupnet\n---\n\
         ## Step 1: Look\ncheck: command docker ps ran and command docker images ran\nhint: look\nsolution:\n```\ndocker ps\ndocker images\n```\n\
         ## Step 2: Run\ncheck: container web running\nhint: run it\nsolution: docker run -d --name web nginx\n",
    )
    .unwrap()
}

#[test]
fn a_step_passes_when_every_part_holds_and_the_next_one_begins() {
    let mut l = Learner::with(two_step());
    let r = l.type_line("docker ps");
    assert_eq!((r.step, r.passed, r.finished), (0, false, false));
    assert_eq!(
        r.failed_parts,
        ["you have not run `docker images` yet in this step"]
    );
    let r = l.type_line("docker images");
    assert_eq!((r.step, r.passed, r.finished), (0, true, false));
    assert_eq!(l.step(), 1);
    assert_eq!(l.run.current().unwrap().title, "Run");
    assert_eq!(l.run.hint(), Some("run it"));
    assert_eq!(l.run.solution(), ["docker run -d --name web nginx"]);
    let r = l.type_line("docker run -d --name web nginx");
    assert_eq!((r.step, r.passed, r.finished), (1, true, true));
    assert!(l.run.is_finished());
    assert_eq!(
        l.run.progress(),
        &Progress {
            lesson_id: "two".into(),
            step: 2,
            completed: vec![true, true],
            step_starts: vec![0, 2]
        }
    );
    assert!(l.run.current().is_none() && l.run.solution().is_empty() && l.run.hint().is_none());
}

#[test]
fn reset_step_returns_what_to_replay_and_forgets_the_step() {
    let mut l = Learner::with(two_step());
    l.type_all(&["docker ps", "docker images"]);
    l.type_all(&[
        "docker run -d --name other -p 80:80 httpd",
        "docker network create junk",
    ]);
    assert_eq!(l.step(), 1);
    let replay = l.run.reset_step().unwrap();
    assert_eq!(
        replay,
        [
            "docker network create setupnet",
            "docker ps",
            "docker images"
        ]
    );
    assert_eq!(l.run.commands(), ["docker ps", "docker images"]);
    let fresh = l.run.fresh_session(SCRIPT_EPOCH);
    assert_eq!(
        state_check(
            &fresh,
            "network setupnet exists and not network junk exists and not container other exists"
        ),
        Ok(())
    );
    // The page swaps in the replayed session and carries on.
    l.session = fresh;
    let r = l.type_line("docker run -d --name web nginx");
    assert!(r.passed && r.finished);
}

#[test]
fn mark_step_reset_keeps_the_simulator_but_forgets_the_history() {
    let mut l = Learner::with(two_step());
    l.type_line("docker ps");
    l.run.mark_step_reset();
    let r = l.type_line("docker images");
    assert_eq!(
        r.failed_parts,
        ["you have not run `docker ps` yet in this step"]
    );
    assert_eq!(
        l.run.commands(),
        ["docker ps", "docker images"],
        "the simulator's history is untouched"
    );
}

#[test]
fn going_back_and_forward() {
    let mut l = Learner::with(two_step());
    assert!(!l.run.go_back(), "nothing before step 1");
    assert!(!l.run.go_forward(), "step 2 not reached yet");
    l.type_all(&["docker ps", "docker images"]);
    assert!(l.run.go_back());
    assert_eq!(l.step(), 0);
    assert!(
        l.run.progress().completed[0],
        "going back keeps what was done"
    );
    // Passing it again moves on, without moving where step 2 began.
    l.type_all(&["docker ps", "docker images"]);
    assert_eq!(l.step(), 1);
    assert_eq!(l.run.progress().step_starts, [0, 2]);
    assert!(l.run.go_back());
    assert!(l.run.go_forward());
    assert_eq!(l.step(), 1);
    assert!(!l.run.go_forward(), "step 2 is not done");
}

#[test]
fn restore_clamps_what_it_cannot_trust() {
    let lesson = two_step();
    let wild = Progress {
        lesson_id: "two".into(),
        step: 99,
        completed: vec![true; 50],
        step_starts: vec![0, 7, 3, 1000],
    };
    let run = LessonRun::restore(lesson.clone(), wild, vec!["docker ps".into(); 8]).unwrap();
    assert_eq!(
        run.progress(),
        &Progress {
            lesson_id: "two".into(),
            step: 2,
            completed: vec![true, true],
            step_starts: vec![0, 7]
        }
    );
    assert!(run.is_finished());
    let old = Progress {
        lesson_id: "two".into(),
        step: 1,
        completed: vec![true, false],
        step_starts: vec![],
    };
    let run = LessonRun::restore(
        two_step(),
        old,
        vec!["docker ps".into(), "docker images".into()],
    )
    .unwrap();
    assert_eq!(
        run.progress().step_starts,
        [0, 2],
        "missing starts are filled in with the current point"
    );
    let other = Progress {
        lesson_id: "basics".into(),
        step: 0,
        completed: vec![],
        step_starts: vec![],
    };
    assert_eq!(
        LessonRun::restore(lesson, other, vec![]).unwrap_err(),
        "this progress is for the lesson `basics`, not `two`"
    );
}

#[test]
fn progress_is_plain_json() {
    let p = Progress {
        lesson_id: "basics".into(),
        step: 3,
        completed: vec![true, true, true, false],
        step_starts: vec![0, 1, 3, 5],
    };
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(
        json,
        r#"{"lesson_id":"basics","step":3,"completed":[true,true,true,false],"step_starts":[0,1,3,5]}"#
    );
    assert_eq!(serde_json::from_str::<Progress>(&json).unwrap(), p);
    let old: Progress =
        serde_json::from_str(r#"{"lesson_id":"basics","step":1,"completed":[true,false]}"#)
            .unwrap();
    assert!(old.step_starts.is_empty());
}

#[test]
fn a_replayed_session_matches_the_one_typed() {
    let mut l = Learner::new("basics");
    l.solve_until(8);
    let replayed = l.run.fresh_session(SCRIPT_EPOCH);
    let summary = |s: &bridgeport_commands::Session| -> Vec<String> {
        s.engine()
            .containers()
            .iter()
            .map(|c| {
                format!(
                    "{} {:?} {:?}",
                    c.name,
                    c.status,
                    c.endpoints.iter().map(|e| e.ip).collect::<Vec<_>>()
                )
            })
            .collect()
    };
    assert_eq!(summary(&replayed), summary(&l.session));
}

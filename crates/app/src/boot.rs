//! How a playground starts: its [`Config`] (from the page's URL, or from the
//! JS API's options) and the state it opens with ([`start`]). Pure: stored
//! states arrive through a reader function, the time as an argument.
//!
//! What wins, in order:
//! 1. a shared state in the URL fragment (`#…`, [`SavedState::encode`]),
//!    read into [`Config::shared`] before [`start`] (the page inflates it
//!    asynchronously, `share_codec`);
//! 2. the query's scenario: `lesson=`, `seed=`, `file=`, `commands=` (a
//!    `lesson=` alone reopens that lesson's stored progress; files are
//!    written first, by the shell lines that write them, then the commands
//!    run);
//! 3. the last session in `localStorage` (the full page only);
//! 4. a fresh host.
//!
//! A state that cannot be read (damaged, from a newer build) never stops the
//! page: it starts fresh with a notice saying why.

use bridgeport_engine::Timestamp;
use bridgeport_lessons::share::{parse_query_each, Panel, ShareError};
use bridgeport_lessons::{PageOptions, SavedState, Theme};

use crate::persist::{slot_key, SESSION_KEY};
use crate::state::{load_lesson, Action, State, DEFAULT_SEED};

/// Everything a playground is told before it starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub options: PageOptions,
    /// The URL fragment without `#`.
    pub fragment: Option<String>,
    /// What `fragment` holds, once read (`share_codec::read_fragment`).
    pub shared: Option<Result<SavedState, ShareError>>,
    /// Problems found while reading the options, shown as notices.
    pub notices: Vec<String>,
    /// Read and write `localStorage`.
    pub persist: bool,
    /// The playground is the whole page (the theme goes on `<html>`, the URL
    /// fragment is read and cleared, a share link points here), rather than
    /// one mounted into a course page.
    pub page: bool,
}

impl Config {
    /// The options of a page opened at `?query#fragment`.
    pub fn from_url(query: &str, fragment: &str) -> Config {
        // Each bad option is reported and ignored; the others still apply.
        let (options, errors) = parse_query_each(query);
        let notices = errors
            .into_iter()
            .map(|e| format!("The page address has a problem, so this option was ignored: {e}."))
            .collect();
        let fragment = Some(fragment.trim_start_matches('#').to_string()).filter(|f| !f.is_empty());
        Config {
            options,
            fragment,
            shared: None,
            notices,
            persist: true,
            page: true,
        }
    }

    /// The compact layout (an iframe or a mounted playground).
    pub fn embed(&self) -> bool {
        self.options.embed
    }

    /// Is `p` shown? (Every panel, unless `panels=` chose some.)
    pub fn shows(&self, p: Panel) -> bool {
        self.options
            .panels
            .as_ref()
            .is_none_or(|ps| ps.contains(&p))
    }
}

/// The state a playground opens with.
pub struct Start {
    pub state: State,
    /// The theme the URL or the restored state asks for.
    pub theme: Option<Theme>,
    pub notices: Vec<String>,
    /// Save right away (a shared link was opened: it becomes the session).
    pub save_now: bool,
}

/// What a fresh start of `lesson` (or of the free playground) loads.
pub fn fresh_saved(lesson: Option<&str>) -> Result<SavedState, String> {
    let mut saved = SavedState::new(DEFAULT_SEED, Vec::new());
    if let Some(id) = lesson {
        saved.seed = load_lesson(id)?.seed;
        saved.lesson = Some(id.to_string());
    }
    Ok(saved)
}

/// A fresh state for `lesson` (or a free playground), with `seed` if given.
pub fn fresh(lesson: Option<&str>, seed: Option<u64>, now: Timestamp) -> Result<State, String> {
    let Some(id) = lesson else {
        return Ok(State::new(seed.unwrap_or(DEFAULT_SEED), now));
    };
    let mut saved = SavedState::new(seed.unwrap_or(load_lesson(id)?.seed), Vec::new());
    saved.lesson = Some(id.to_string());
    Ok(State::new(saved.seed, now).apply(Action::Load {
        saved: Box::new(saved),
        now,
    }))
}

/// Decides what a playground opens with; `stored` reads `localStorage`.
pub fn start(cfg: &Config, stored: impl Fn(&str) -> Option<String>, now: Timestamp) -> Start {
    let mut notices = cfg.notices.clone();
    let opts = &cfg.options;
    let done = |state: State, theme: Option<Theme>, notices: Vec<String>, save_now: bool| Start {
        state,
        theme: opts.theme.or(theme),
        notices,
        save_now,
    };
    let restore = |saved: SavedState| -> Result<(State, Option<Theme>), String> {
        let state = State::new(saved.seed, now).apply(Action::Load {
            saved: Box::new(saved.clone()),
            now,
        });
        // A state whose lesson is gone loads as a note: treat it as unreadable.
        match (&saved.lesson, &state.lesson) {
            (Some(id), None) => Err(load_lesson(id).err().unwrap_or_default()),
            _ => Ok((state, saved.theme)),
        }
    };
    let stored_state = |key: &str| {
        stored(key).map(|json| {
            SavedState::from_json(&json)
                .map_err(|e| e.to_string())
                .and_then(restore)
        })
    };

    if let Some(shared) = &cfg.shared {
        match shared.clone().map_err(|e| e.to_string()).and_then(restore) {
            Ok((state, theme)) => return done(state, theme, notices, cfg.persist),
            Err(e) => notices.push(format!(
                "The shared link could not be opened: {e}. Starting from a fresh host instead."
            )),
        }
    }

    let lesson = match opts.lesson.as_deref().map(load_lesson) {
        Some(Ok(l)) => Some(l),
        Some(Err(e)) => {
            notices.push(format!("{e}."));
            None
        }
        None => None,
    };
    if let (Some(l), true) = (
        &lesson,
        opts.commands.is_empty() && opts.files.is_empty() && opts.seed.is_none() && cfg.persist,
    ) {
        if let Some(restored) = stored_state(&slot_key(Some(&l.id))) {
            match restored {
                Ok((state, theme))
                    if state.lesson.as_ref().is_some_and(|r| r.lesson().id == l.id) =>
                {
                    return done(state, theme, notices, false)
                }
                Ok(_) => {}
                Err(e) => notices.push(format!(
                    "Your progress in this lesson could not be restored: {e}."
                )),
            }
        }
    }
    if lesson.is_some()
        || opts.seed.is_some()
        || !opts.commands.is_empty()
        || !opts.files.is_empty()
    {
        let mut state = fresh(lesson.as_ref().map(|l| l.id.as_str()), opts.seed, now)
            .unwrap_or_else(|_| State::new(DEFAULT_SEED, now));
        if !opts.commands.is_empty() || !opts.files.is_empty() {
            let lines = opts.files.iter().chain(&opts.commands).cloned().collect();
            state = state.apply(Action::RunMany { lines, now });
            state.live_from = state.next_id();
        }
        return done(state, None, notices, false);
    }

    if cfg.persist && !cfg.embed() {
        if let Some(restored) = stored_state(SESSION_KEY) {
            match restored {
                Ok((state, theme)) => return done(state, theme, notices, false),
                Err(e) => notices.push(format!(
                    "Your last session could not be restored: {e}. This page started a fresh host; the saved session is replaced once you run a command."
                )),
            }
        }
    }
    done(State::new(DEFAULT_SEED, now), None, notices, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The fragment is read with the native codec, as the page's streams
    /// would (crates/app/tests/lessons.rs opens links with those).
    fn cfg(url: &str) -> Config {
        let (q, f) = url.split_once('#').unwrap_or((url, ""));
        let mut c = Config::from_url(q, f);
        c.shared = c.fragment.as_deref().map(SavedState::decode);
        c
    }

    fn no_storage(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_query_preloads_a_scenario_a_lesson_and_options() {
        let c = cfg("?embed&lesson=user-networks&panels=terminal,topology&theme=dark&commands=docker+network+create+n1%3Bdocker+network+ls");
        assert!(c.embed());
        assert!(c.shows(Panel::Topology) && !c.shows(Panel::Matrix));
        let s = start(&c, no_storage, Timestamp(10_000));
        assert_eq!(s.theme, Some(Theme::Dark));
        assert_eq!(
            s.state.lesson.as_ref().unwrap().lesson().id,
            "user-networks"
        );
        assert_eq!(s.state.log.len(), 2);
        assert_eq!(
            s.state.live_from,
            s.state.next_id(),
            "preloaded lines send no events"
        );
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        let s = start(&cfg("?seed=7"), no_storage, Timestamp(0));
        assert_eq!(s.state.seed, 7);
        assert!(s.state.lesson.is_none());
    }

    #[test]
    fn a_preloaded_file_is_written_before_the_commands_run() {
        let s = start(
            &cfg("?embed&commands=cat+compose.yaml&file=compose.yaml:services%3A+%7B%7D"),
            no_storage,
            Timestamp(1_000),
        );
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        assert_eq!(s.state.log.len(), 2);
        let last = s.state.entries.last().unwrap();
        assert_eq!(last.command, "cat compose.yaml");
        assert_eq!(last.output, "services: {}\n");
        // It is part of the session: a share link carries it.
        let saved = s.state.to_saved();
        assert_eq!(
            saved.commands[0],
            "cat > compose.yaml <<'EOF'\nservices: {}\nEOF"
        );
        assert!(saved.encode().is_ok());
    }

    #[test]
    fn a_shared_fragment_wins_and_a_damaged_one_gives_a_notice() {
        let mut saved = SavedState::new(42, vec!["docker run -d --name web nginx".into()]);
        saved.lesson = Some("basics".into());
        saved.theme = Some(Theme::Dark);
        let url = format!("?lesson=user-networks#{}", saved.encode().unwrap());
        let s = start(&cfg(&url), no_storage, Timestamp(5_000));
        assert_eq!(s.state.to_saved().commands, saved.commands);
        assert_eq!(s.state.lesson.as_ref().unwrap().lesson().id, "basics");
        assert_eq!(s.theme, Some(Theme::Dark));
        assert!(s.save_now);
        let s = start(&cfg("#AAAA!!notbase64"), no_storage, Timestamp(5_000));
        assert!(
            s.notices[0]
                .starts_with("The shared link could not be opened: the saved state is damaged"),
            "{:?}",
            s.notices
        );
        assert!(s.state.log.is_empty());
        assert!(!s.save_now);
    }

    #[test]
    fn stored_sessions_are_restored_and_bad_ones_rejected_cleanly() {
        let mut store = HashMap::new();
        let mut saved = SavedState::new(3, vec!["docker network create n1".into()]);
        store.insert(SESSION_KEY.to_string(), saved.to_json().unwrap());
        let s = start(&cfg(""), |k: &str| store.get(k).cloned(), Timestamp(9_000));
        assert_eq!(s.state.to_saved(), saved);
        assert!(s.notices.is_empty());
        // From a newer build: refused with a notice, never a dead page.
        store.insert(
            SESSION_KEY.to_string(),
            r#"{"version":99,"seed":1,"commands":[]}"#.to_string(),
        );
        let s = start(&cfg(""), |k: &str| store.get(k).cloned(), Timestamp(9_000));
        assert!(s.notices[0].contains("newer version"), "{:?}", s.notices);
        assert!(s.state.log.is_empty());
        store.insert(SESSION_KEY.to_string(), "{not json".to_string());
        let s = start(&cfg(""), |k: &str| store.get(k).cloned(), Timestamp(9_000));
        assert!(s.notices[0].starts_with("Your last session could not be restored"));
        // A lesson's own progress comes back with `lesson=` alone.
        saved.lesson = Some("user-networks".into());
        saved.seed = 42;
        saved.step = 1;
        let steps = bridgeport_lessons::builtin::load("user-networks")
            .and_then(Result::ok)
            .expect("a built-in lesson")
            .steps
            .len();
        saved.completed = (0..steps).map(|i| i == 0).collect();
        saved.step_starts = vec![0, 1];
        store.insert(slot_key(Some("user-networks")), saved.to_json().unwrap());
        let s = start(
            &cfg("?embed&lesson=user-networks"),
            |k: &str| store.get(k).cloned(),
            Timestamp(9_000),
        );
        assert_eq!(s.state.to_saved(), saved);
        // An embedded playground never reads the page's session.
        let s = start(
            &cfg("?embed"),
            |k: &str| store.get(k).cloned(),
            Timestamp(9_000),
        );
        assert!(s.state.log.is_empty() && s.notices.is_empty());
    }

    #[test]
    fn bad_options_are_notices() {
        let c = cfg("?embed&panels=terminal,bogus");
        assert!(c.embed(), "still compact");
        // One bad option is ignored alone: the others still apply.
        let c2 = cfg("?theme=pink&lesson=basics&commands=docker+network+ls&seed=nine");
        assert_eq!(
            c2.notices,
            [
                "The page address has a problem, so this option was ignored: unknown theme `pink` (light, dark or auto).",
                "The page address has a problem, so this option was ignored: `seed=nine` is not a whole number between 0 and 18446744073709551615."
            ]
        );
        let s = start(&c2, no_storage, Timestamp(0));
        assert_eq!(s.state.lesson.as_ref().unwrap().lesson().id, "basics");
        assert_eq!(s.state.log.len(), 1, "commands= still ran");
        assert!(
            c.notices[0].contains("unknown panel `bogus`"),
            "{:?}",
            c.notices
        );
        let s = start(&cfg("?lesson=nope"), no_storage, Timestamp(0));
        assert!(
            s.notices[0].starts_with("there is no lesson called `nope`"),
            "{:?}",
            s.notices
        );
    }
}

//! The App root's effects, one hook each: what the page does besides
//! drawing. Events to the embedding page and the remote handle, saving the
//! session, share links opened in this tab, loading a command's packets into
//! the player, the animation clock, and the lesson chooser's list.
//!
//! These are the page's only side effects; the reducer ([`crate::state`])
//! has none.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::header::Choice;
use crate::components::tabs::Tab;
use crate::events::{self, PageEvent};
use crate::now;
use crate::persist;
use crate::player::{Player, PlayerAction};
use crate::remote::Remote;
use crate::state::{Action, LessonNav, State};
use crate::theme::Theme;

/// Animation timer period.
const FRAME_MS: u32 = 40;

/// Changes with every action but Clear: the key of per-command effects.
fn key(state: &State) -> (usize, usize) {
    (state.next_id(), state.cleared_before)
}

/// The URL without its fragment (a loaded share link is not loaded twice).
pub fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let href = w.location().href().unwrap_or_default();
    if let (Some((bare, _)), Ok(history)) = (href.split_once('#'), w.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(bare));
    }
}

/// What the effects below remember between renders, in one `use_mut_ref`
/// for all of them (each hook is its own copy of the hook's code in the
/// root's render function).
#[derive(Default)]
pub struct Memory {
    /// [`use_events`]: the id from which entries are still to be reported.
    emitted: Option<usize>,
    /// [`use_persist`]: the save effect has run once (the first run only
    /// saves a shared link).
    persisted_once: bool,
    /// [`use_packet_loading`]: the newest entry seen, and the packets
    /// waiting for the frame after the terminal's answer.
    seen: Option<usize>,
    load_later: Option<crate::deferred::AfterPaint>,
    /// The matrix tab's last matrix (see `MatrixGate` in the App root).
    pub matrix: Option<Rc<bridgeport_engine::Matrix>>,
}

pub type SharedMemory = Rc<RefCell<Memory>>;

#[hook]
pub fn use_memory() -> SharedMemory {
    use_mut_ref(Memory::default)
}

/// Reports what ran live since the last render to `on_event`, and lets
/// outside code (JS API, iframe messages) reach the state through `remote`.
/// The events are declared first, so that lines the remote was waiting to
/// run are reported.
#[hook]
pub fn use_events(
    state: &UseReducerHandle<State>,
    on_event: Option<Callback<PageEvent>>,
    remote: Remote,
    memory: &SharedMemory,
) {
    {
        let memory = Rc::clone(memory);
        let state = state.clone();
        let on_event = on_event.clone();
        use_effect_with(key(&state), move |_| {
            let from = memory.borrow().emitted.unwrap_or(state.next_id());
            if let Some(cb) = &on_event {
                for e in events::since(&state, from) {
                    cb.emit(e);
                }
            }
            memory.borrow_mut().emitted = Some(state.next_id());
        });
    }
    let handle = state.clone();
    let lesson = state.lesson.as_ref().map(|r| r.lesson().id.clone());
    use_effect_with((), move |_| {
        if let Some(cb) = &on_event {
            cb.emit(PageEvent::Ready { lesson });
        }
        remote.attach(handle);
        move || remote.detach()
    });
}

/// Saves the session after every change (and at once for a shared link).
#[hook]
pub fn use_persist(
    state: &UseReducerHandle<State>,
    theme: Theme,
    persist: bool,
    save_now: bool,
    embed: bool,
    memory: &SharedMemory,
) {
    let memory = Rc::clone(memory);
    let state = state.clone();
    use_effect_with(
        (key(&state), state.lesson_rev(), theme),
        move |(_, _, t)| {
            let first = !std::mem::replace(&mut memory.borrow_mut().persisted_once, true);
            let skip = first && !save_now;
            if persist && !skip {
                persist::save(&state, *t, embed);
            }
        },
    );
}

/// A share link opened in this tab changes only the fragment: load it (the
/// full page only), with a notice when it cannot be read.
#[hook]
pub fn use_shared_links(
    d: UseReducerDispatcher<State>,
    notices: UseStateHandle<Vec<String>>,
    page: bool,
    had_fragment: bool,
) {
    use_effect_with((), move |_| {
        let window = web_sys::window().filter(|_| page);
        if had_fragment {
            clear_fragment();
        }
        let listener = Closure::<dyn Fn()>::new(move || {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            let hash = hash.trim_start_matches('#');
            if hash.is_empty() {
                return;
            }
            let (d, notices, hash) = (d.clone(), notices.clone(), hash.to_string());
            clear_fragment();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::share_codec::decode(&hash).await {
                    Ok(saved) => d.dispatch(Action::Load {
                        saved: Box::new(saved),
                        now: now(),
                    }),
                    Err(e) => {
                        notices.set(vec![format!("The shared link could not be opened: {e}.")]);
                    }
                }
            });
        });
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}

/// A new command that sent packets starts playing them, after the
/// terminal's answer is painted (see deferred.rs), and shows the Packets
/// tab unless the learner is studying the matrix; an entry that disappeared
/// (reset, undo) unloads them.
#[hook]
pub fn use_packet_loading(
    state: &UseReducerHandle<State>,
    player: &UseReducerHandle<Player>,
    tab: UseStateHandle<Tab>,
    has_packets: bool,
    memory: &SharedMemory,
) {
    let memory = Rc::clone(memory);
    let dispatcher = player.dispatcher();
    let newest = state.entries.last().cloned();
    let current = player.entry;
    let state = state.clone();
    use_effect_with(key(&state), move |_| {
        let newest_id = newest.as_ref().map(|e| e.id);
        let fresh = std::mem::replace(&mut memory.borrow_mut().seen, newest_id) != newest_id;
        match newest {
            Some(e) if fresh && !e.packets.is_empty() => {
                let load = move || {
                    dispatcher.dispatch(PlayerAction::Load {
                        entry: e.id,
                        packets: Rc::clone(&e.packets),
                        autoplay: true,
                    });
                    if *tab != Tab::Matrix && has_packets {
                        tab.set(Tab::Packets);
                    }
                };
                let later = crate::deferred::after_paint(load);
                memory.borrow_mut().load_later = Some(later);
            }
            _ => {
                if current.is_some_and(|id| state.entry(id).is_none()) {
                    dispatcher.dispatch(PlayerAction::Unload);
                }
            }
        }
    });
}

/// The animation clock: real elapsed time, only while playing.
#[hook]
pub fn use_animation_clock(player: &UseReducerHandle<Player>) {
    let dispatcher = player.dispatcher();
    use_effect_with(player.playing, move |playing| {
        let timer = playing.then(|| {
            let last = Rc::new(Cell::new(js_sys::Date::now()));
            Interval::new(FRAME_MS, move || {
                let t = js_sys::Date::now();
                let dt = (t - last.replace(t)).clamp(0.0, 200.0);
                dispatcher.dispatch(PlayerAction::Tick(dt));
            })
        });
        move || drop(timer)
    });
}

/// The lesson chooser's entries, with each lesson's progress (the current
/// one's from the state, the others' from storage when the page keeps it).
#[hook]
pub fn use_lesson_choices(state: &UseReducerHandle<State>, persist: bool) -> Rc<Vec<Choice>> {
    let current = state.lesson.clone();
    use_memo(state.lesson_rev(), move |_| {
        let mut out = Vec::new();
        for (id, _) in bridgeport_lessons::builtin::SOURCES {
            let Ok(lesson) = crate::state::load_lesson(id) else {
                continue;
            };
            let progress = match &current {
                Some(run) if run.lesson().id == id => Some(run.progress().completed.clone()),
                _ => persist
                    .then(|| persist::stored_slot(Some(id)))
                    .flatten()
                    .map(|s| s.completed),
            };
            let n = lesson.steps.len();
            let done = progress.map_or(0, |c| c.iter().filter(|d| **d).count());
            out.push(Choice {
                id: id.to_string(),
                title: lesson.title,
                progress: (n > 0).then_some((done, n)),
            });
        }
        out
    })
}

/// What the terminal and the lesson panel ask of the session.
#[derive(Clone)]
pub struct SessionActions {
    pub run: Callback<String>,
    pub paste: Callback<Vec<String>>,
    pub abandon: Callback<String>,
    pub clear: Callback<()>,
    pub undo: Callback<()>,
    pub nav: Callback<LessonNav>,
    /// Opens a lesson, or the free playground (the header's chooser).
    pub lesson: Callback<Option<String>>,
}

/// The session's actions, stamped with the clock's time here (the reducer
/// reads no clock). The line about to run is noted for the panic panel
/// here too, before the dispatch: the reducer writes nothing global.
///
/// The dispatcher never changes, so these callbacks are made once, in the
/// root's one memo of fixed callbacks ([`crate::components::app`]'s
/// `use_fixed`), not one `use_callback` each.
pub fn session_actions(d: UseReducerDispatcher<State>, persist: bool) -> SessionActions {
    let run = {
        let d = d.clone();
        Callback::from(move |line: String| {
            crate::panic::remember_command(&line);
            d.dispatch(Action::Run { line, now: now() })
        })
    };
    let paste = {
        let d = d.clone();
        Callback::from(move |lines: Vec<String>| {
            crate::panic::remember_command(&lines.join("; "));
            d.dispatch(Action::RunMany { lines, now: now() })
        })
    };
    let abandon = {
        let d = d.clone();
        Callback::from(move |line: String| d.dispatch(Action::Abandon { line }))
    };
    let clear = {
        let d = d.clone();
        Callback::from(move |_: ()| d.dispatch(Action::Clear))
    };
    let undo = {
        let d = d.clone();
        Callback::from(move |_: ()| d.dispatch(Action::Undo))
    };
    let nav = {
        let d = d.clone();
        Callback::from(move |nav: LessonNav| d.dispatch(Action::Lesson(nav)))
    };
    let lesson = crate::components::app::lesson_loader(d, persist);
    SessionActions {
        run,
        paste,
        abandon,
        clear,
        undo,
        nav,
        lesson,
    }
}

/// The reset confirmation's state and answers (components/reset.rs).
pub struct ResetDialog {
    pub shown: bool,
    /// The header's Reset button: opens the dialog.
    pub open: Callback<()>,
    pub reset: Callback<()>,
    pub restart: Callback<()>,
    pub cancel: Callback<()>,
}

/// Reset asks first; either answer closes the dialog and gives the
/// keyboard focus back to the Reset button (without scrolling).
#[hook]
pub fn use_reset_dialog(state: &UseReducerHandle<State>) -> ResetDialog {
    let shown = use_state(|| false);
    let open = {
        let shown = shown.clone();
        Callback::from(move |_: ()| shown.set(true))
    };
    let answer = |action: Option<fn(bridgeport_engine::Timestamp) -> Action>| {
        let (d, shown) = (state.dispatcher(), shown.clone());
        Callback::from(move |_: ()| {
            if let Some(action) = action {
                d.dispatch(action(now()));
            }
            shown.set(false);
            if let Some(b) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("reset"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = b.focus_with_options(&options);
            }
        })
    };
    ResetDialog {
        shown: *shown,
        open,
        reset: answer(Some(|now| Action::Reset { now })),
        restart: answer(Some(|now| Action::RestartLesson { now })),
        cancel: answer(None),
    }
}

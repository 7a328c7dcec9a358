//! The root component: owns the session state and the packet player, reads
//! the clock for each typed line, runs the animation timer, and lays out the
//! header, the lesson panel, topology, terminal and the Packets / Matrix /
//! Inspect tabs (all of them, or the `panels=` chosen in a compact layout).
//!
//! Its effects are the page's only side effects: saving the session
//! ([`crate::persist`]), the theme, the URL fragment (a share link opened in
//! this tab), and reporting [`PageEvent`]s to `on_event` (JS API listeners,
//! the iframe bridge).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bridgeport_lessons::share::Panel;
use bridgeport_lessons::SavedState;
use gloo::timers::callback::Interval;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::header::{Choice, Header};
use super::inspector::Inspector;
use super::lesson::LessonPanel;
use super::matrix::MatrixView;
use super::packets::Packets;
use super::reset::ResetConfirm;
use super::share::ShareDialog;
use super::tabs::{Tab, Tabs};
use super::terminal::Terminal;
use super::topology::TopologyView;
use crate::boot::{self, Config};
use crate::events::{self, PageEvent};
use crate::now;
use crate::persist;
use crate::player::{Player, PlayerAction};
use crate::remote::Remote;
use crate::state::{Action, Entry, LessonNav, State, DEFAULT_SEED};
use crate::theme::{self, Theme};

/// Animation timer period.
const FRAME_MS: u32 = 40;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// How the playground starts; the default is a page without options
    /// that touches neither storage nor the document's theme.
    #[prop_or_default]
    pub config: Rc<Config>,
    /// Where events go (JS API listeners, the iframe bridge).
    #[prop_or_default]
    pub on_event: Option<Callback<PageEvent>>,
    /// Lets code outside Yew run lines and read the state.
    #[prop_or_default]
    pub remote: Remote,
}

/// The link that reproduces `saved` in the full page at this address.
fn share_link(saved: &SavedState) -> Result<String, String> {
    let fragment = saved
        .encode()
        .map_err(|e| format!("This session cannot be shared: {e}."))?;
    let location = web_sys::window().ok_or("no window")?.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    Ok(format!("{origin}{path}#{fragment}"))
}

/// The URL without its fragment (a loaded share link is not loaded twice).
fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let href = w.location().href().unwrap_or_default();
    if let (Some((bare, _)), Ok(history)) = (href.split_once('#'), w.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(bare));
    }
}

/// Is this page inside a frame (an iframe of a course page)?
fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| {
        w.top()
            .ok()
            .flatten()
            .is_some_and(|top| !js_sys::Object::is(&top, &w))
    })
}

/// Running containers up to which the matrix is computed without asking.
const MATRIX_AUTO_LIMIT: usize = 100;

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = Rc::clone(&props.config);
    let init = {
        let config = Rc::clone(&config);
        use_memo((), move |_| {
            let read = |k: &str| {
                if config.persist {
                    persist::read(k)
                } else {
                    None
                }
            };
            let s = boot::start(&config, read, now());
            (RefCell::new(Some(s.state)), s.theme, s.notices, s.save_now)
        })
    };
    let state = use_reducer(|| {
        init.0
            .borrow_mut()
            .take()
            .unwrap_or_else(|| State::new(DEFAULT_SEED, now()))
    });
    let player = use_reducer(Player::default);
    let (embed, page) = (config.embed(), config.page);
    let tabs: Rc<[Tab]> = Tab::ALL
        .iter()
        .copied()
        .filter(|t| config.shows(t.panel()))
        .collect();
    let show_terminal = config.shows(Panel::Terminal);
    // Inspect first: before any traffic it has the most to show (docker0 & co).
    let tab = {
        let first = tabs
            .iter()
            .copied()
            .find(|t| *t == Tab::Inspect)
            .or(tabs.first().copied())
            .unwrap_or(Tab::Inspect);
        use_state(move || first)
    };
    let theme = use_state(|| init.1.unwrap_or_else(theme::initial));
    let notices = use_state(|| init.2.clone());
    let inspect = use_state(|| None::<String>);
    // Above this many running containers the matrix waits for a click (it
    // costs O(n²) probes: 200 containers on 20 networks take 100–150 ms in wasm).
    let matrix_confirmed = use_state(|| false);
    let share = use_state(|| None::<Result<AttrValue, AttrValue>>);
    let fill = use_state(|| None::<(usize, AttrValue)>);

    {
        let t = *theme;
        use_effect_with(t, move |t| {
            if page {
                theme::apply(*t, false)
            }
        });
    }

    // Snapshots the children compare cheaply: rebuilt only when the state changes.
    // The topology is drawn one frame after the terminal shows a command's
    // output: its SVG is the costliest layout on the page.
    let topology = crate::deferred::use_deferred(Rc::clone(&state.topology));
    let matrix_cache = use_mut_ref(|| None::<Rc<bridgeport_engine::Matrix>>);
    let key = (state.next_id(), state.cleared_before);
    let visible = {
        let state = state.clone();
        use_memo(key, move |_| {
            state.visible().cloned().collect::<Vec<Rc<Entry>>>()
        })
    };
    let history = {
        let state = state.clone();
        use_memo(key, move |_| state.history())
    };
    let with_packets = {
        let state = state.clone();
        use_memo(key, move |_| {
            state
                .entries
                .iter()
                .filter(|e| !e.packets.is_empty())
                .cloned()
                .collect::<Vec<Rc<Entry>>>()
        })
    };

    // Events for what ran live since the last render (declared before the
    // remote attaches, so lines it was waiting to run are reported).
    {
        let emitted = use_mut_ref(|| None::<usize>);
        let state = state.clone();
        let on_event = props.on_event.clone();
        use_effect_with(key, move |_| {
            let from = emitted.borrow().unwrap_or(state.next_id());
            if let Some(cb) = &on_event {
                for e in events::since(&state, from) {
                    cb.emit(e);
                }
            }
            *emitted.borrow_mut() = Some(state.next_id());
        });
    }
    // Outside code (JS API, iframe messages) reaches the state from now on.
    {
        let (remote, handle, on_event) =
            (props.remote.clone(), state.clone(), props.on_event.clone());
        let lesson = state.lesson.as_ref().map(|r| r.lesson().id.clone());
        use_effect_with((), move |_| {
            if let Some(cb) = &on_event {
                cb.emit(PageEvent::Ready { lesson });
            }
            remote.attach(handle);
            move || remote.detach()
        });
    }
    // Save the session after every change (and at once for a shared link).
    {
        let first = use_mut_ref(|| true);
        let state = state.clone();
        let (persist, save_now) = (config.persist, init.3);
        use_effect_with((key, state.lesson_rev(), *theme), move |(_, _, t)| {
            let skip = std::mem::replace(&mut *first.borrow_mut(), false) && !save_now;
            if persist && !skip {
                persist::save(&state, *t, embed);
            }
        });
    }
    // A share link opened in this tab changes only the fragment: load it.
    {
        let d = state.dispatcher();
        let notices = notices.clone();
        let had_fragment = config.fragment.is_some();
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
                match SavedState::decode(hash) {
                    Ok(saved) => d.dispatch(Action::Load {
                        saved: Box::new(saved),
                        now: now(),
                    }),
                    Err(e) => {
                        notices.set(vec![format!("The shared link could not be opened: {e}.")])
                    }
                }
                clear_fragment();
            });
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
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

    // A new command that sent packets starts playing them; an entry that
    // disappeared (reset, undo) unloads them.
    let seen = use_mut_ref(|| None::<usize>);
    // The packets start after the terminal's answer is painted (see deferred.rs).
    let load_later = use_mut_ref(|| None::<crate::deferred::AfterPaint>);
    {
        let load_later = load_later.clone();
        let dispatcher = player.dispatcher();
        let newest = state.entries.last().cloned();
        let state = state.clone();
        let current = player.entry;
        let tab = tab.clone();
        let has_packets = tabs.contains(&Tab::Packets);
        use_effect_with(key, move |_| {
            let newest_id = newest.as_ref().map(|e| e.id);
            let fresh = *seen.borrow() != newest_id;
            *seen.borrow_mut() = newest_id;
            match newest {
                Some(e) if fresh && !e.packets.is_empty() => {
                    let load = move || {
                        dispatcher.dispatch(PlayerAction::Load {
                            entry: e.id,
                            packets: Rc::clone(&e.packets),
                            autoplay: true,
                        });
                        // Show the hops, unless the learner is studying the matrix.
                        if *tab != Tab::Matrix && has_packets {
                            tab.set(Tab::Packets);
                        }
                    };
                    *load_later.borrow_mut() = Some(crate::deferred::after_paint(load));
                }
                _ => {
                    if current.is_some_and(|id| state.entry(id).is_none()) {
                        dispatcher.dispatch(PlayerAction::Unload);
                    }
                }
            }
        });
    }

    // The animation clock: real elapsed time, only while playing.
    {
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

    let run = {
        let d = state.dispatcher();
        use_callback(d, |line: String, d| {
            d.dispatch(Action::Run { line, now: now() })
        })
    };
    let paste = {
        let d = state.dispatcher();
        use_callback(d, |lines: Vec<String>, d| {
            d.dispatch(Action::RunMany { lines, now: now() })
        })
    };
    let abandon = {
        let d = state.dispatcher();
        use_callback(d, |line: String, d| d.dispatch(Action::Abandon { line }))
    };
    let clear = {
        let d = state.dispatcher();
        use_callback(d, |_: (), d| d.dispatch(Action::Clear))
    };
    let undo = {
        let d = state.dispatcher();
        use_callback(d, |_: (), d| d.dispatch(Action::Undo))
    };
    // Reset asks first (components/reset.rs); both answers can be undone.
    let confirm_reset = use_state(|| false);
    let reset = {
        let confirm_reset = confirm_reset.clone();
        Callback::from(move |_: ()| confirm_reset.set(true))
    };
    let answer_reset = |restart: Option<bool>| {
        let (d, confirm_reset) = (state.dispatcher(), confirm_reset.clone());
        Callback::from(move |_: ()| {
            match restart {
                Some(false) => d.dispatch(Action::Reset { now: now() }),
                Some(true) => d.dispatch(Action::RestartLesson { now: now() }),
                None => {}
            }
            confirm_reset.set(false);
            // Focus goes back to the button that opened the dialog.
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
    let (do_reset, do_restart, cancel_reset) = (
        answer_reset(Some(false)),
        answer_reset(Some(true)),
        answer_reset(None),
    );
    let complete = {
        let state = state.clone();
        use_callback(key, move |line: String, _| state.complete(&line))
    };
    let on_player = {
        let d = player.dispatcher();
        use_callback(d, |a: PlayerAction, d| d.dispatch(a))
    };
    let show_packets = {
        let d = player.dispatcher();
        let entries = Rc::clone(&with_packets);
        let tab = tab.clone();
        let has_packets = tabs.contains(&Tab::Packets);
        use_callback((d, entries), move |id: usize, (d, entries)| {
            if let Some(e) = entries.iter().find(|e| e.id == id) {
                d.dispatch(PlayerAction::Load {
                    entry: id,
                    packets: Rc::clone(&e.packets),
                    autoplay: true,
                });
                if has_packets {
                    tab.set(Tab::Packets);
                }
            }
        })
    };
    let select_node = {
        let inspect = inspect.clone();
        let tab = tab.clone();
        let has_inspect = tabs.contains(&Tab::Inspect);
        use_callback((), move |node: String, _| {
            inspect.set(Some(node));
            if has_inspect {
                tab.set(Tab::Inspect);
            }
        })
    };
    let pick_inspect = {
        let inspect = inspect.clone();
        use_callback((), move |node: String, _| inspect.set(Some(node)))
    };
    let on_tab = {
        let tab = tab.clone();
        use_callback((), move |t: Tab, _| tab.set(t))
    };
    let toggle_theme = {
        let theme = theme.clone();
        Callback::from(move |_: ()| {
            let next = theme::other(*theme);
            if page {
                theme::apply(next, true);
            }
            theme.set(next);
        })
    };
    // A lesson's command: typed into the terminal, or run when there is none.
    let on_command = {
        let (fill, run) = (fill.clone(), run.clone());
        use_callback(show_terminal, move |cmd: String, show_terminal| {
            if *show_terminal {
                let n = fill.as_ref().map_or(0, |(n, _)| n + 1);
                fill.set(Some((n, AttrValue::from(cmd))));
            } else {
                run.emit(cmd);
            }
        })
    };
    let on_nav = {
        let d = state.dispatcher();
        use_callback(d, |nav: LessonNav, d| d.dispatch(Action::Lesson(nav)))
    };
    let on_lesson = {
        let d = state.dispatcher();
        let persist = config.persist;
        use_callback(d, move |id: Option<String>, d| {
            let stored = persist
                .then(|| persist::stored_slot(id.as_deref()))
                .flatten();
            match stored
                .map(Ok)
                .unwrap_or_else(|| boot::fresh_saved(id.as_deref()))
            {
                Ok(saved) => d.dispatch(Action::Load {
                    saved: Box::new(saved),
                    now: now(),
                }),
                Err(e) => web_sys::console::warn_1(&e.into()),
            }
        })
    };
    let on_share = {
        let (share, state, t) = (share.clone(), state.clone(), *theme);
        Callback::from(move |_: ()| {
            let link = share_link(&persist::saved(&state, t));
            share.set(Some(link.map(AttrValue::from).map_err(AttrValue::from)));
        })
    };
    let close_share = {
        let share = share.clone();
        Callback::from(move |_: ()| share.set(None))
    };
    let lesson_id = state.lesson.as_ref().map(|r| r.lesson().id.clone());
    let choices = {
        let current = state.lesson.clone();
        let persist = config.persist;
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
    };

    let selected = (*inspect).clone().map(AttrValue::from);
    let panel = match *tab {
        Tab::Packets => html! {
            <Packets entries={Rc::clone(&with_packets)} player={(*player).clone()} on_player={on_player.clone()} on_load={show_packets.clone()} />
        },
        Tab::Matrix if state.running_containers() > MATRIX_AUTO_LIMIT && !*matrix_confirmed => {
            let confirm = {
                let matrix_confirmed = matrix_confirmed.clone();
                Callback::from(move |_: MouseEvent| matrix_confirmed.set(true))
            };
            html! {
                <div class="matrix-deferred" role="status">
                    <p>{ format!(
                        "{} containers are running: the matrix probes every pair over every transport, which takes a moment at this size.",
                        state.running_containers()
                    ) }</p>
                    <button type="button" onclick={confirm}>{ "Compute the matrix" }</button>
                </div>
            }
        }
        Tab::Matrix => {
            // Like the topology, the matrix follows a command one frame
            // later: until the deferred topology catches up with the state,
            // the last matrix drawn stays (computing it can take 100 ms).
            let mut cache = matrix_cache.borrow_mut();
            let matrix = match &*cache {
                Some(m) if !Rc::ptr_eq(&topology, &state.topology) => Rc::clone(m),
                _ => Rc::clone(cache.insert(state.matrix())),
            };
            html! { <MatrixView {matrix} /> }
        }
        Tab::Inspect => html! {
            <Inspector topology={Rc::clone(&topology)} selected={selected.clone()} on_select={pick_inspect} />
        },
    };
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_: MouseEvent| notices.set(Vec::new()))
    };
    let stacked = embed || config.options.panels.is_some();
    // While the last command's packets are shown, the topology is the host
    // they left from: a one-shot container (`docker run --rm ... ping web`)
    // is gone by the time they play, and its hops would have no place.
    let scene = state.drawn_with(player.entry);
    let drawn = scene.clone().unwrap_or_else(|| Rc::clone(&topology));
    let scene = scene.is_some();

    html! {
        <div class={classes!("app", embed.then_some("embed"), stacked.then_some("stacked"))} data-theme={theme.as_str()}>
            <Header can_undo={state.can_undo()} on_undo={undo} on_reset={reset}
                dark={*theme == Theme::Dark} on_theme={toggle_theme} compact={embed}
                lessons={(!embed).then(|| Rc::clone(&choices))} lesson={lesson_id.map(AttrValue::from)} on_lesson={on_lesson.clone()}
                on_share={page.then_some(on_share)} />
            if !notices.is_empty() {
                <div class="notices" role="alert">
                    { for notices.iter().map(|n| html! { <p class="notice">{ n.clone() }</p> }) }
                    <button type="button" class="button small" id="notice-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            if *confirm_reset {
                <ResetConfirm lesson={state.lesson.as_ref().map(|r| AttrValue::from(r.lesson().title.clone()))}
                    commands={state.log.len()} on_reset={do_reset} on_restart={do_restart} on_cancel={cancel_reset} />
            }
            if let Some(link) = (*share).clone() {
                <ShareDialog {link} on_close={close_share} />
            }
            <main class={classes!("workspace", state.lesson.is_some().then_some("with-lesson"))}>
                if let Some(run) = &state.lesson {
                    <section class="pane lesson-pane" aria-labelledby="lesson-title">
                        <LessonPanel run={Rc::clone(run)} check={state.check.clone()} {on_command} {on_nav} />
                    </section>
                }
                if config.shows(Panel::Topology) {
                    <section class="pane topo-pane" aria-labelledby="topo-title">
                        if state.lesson.is_none() && state.topology.containers.is_empty() {
                            <div class="start-hint">
                                { "No containers yet. New here? " }
                                <button type="button" class="button small primary" id="start-lesson"
                                    onclick={on_lesson.reform(|_: MouseEvent| Some("basics".to_string()))}>
                                    { "Start the lesson \u{201c}Container networking basics\u{201d}" }
                                </button>
                                { " or type a command in the terminal." }
                            </div>
                        }
                        <TopologyView topology={drawn} scene={scene} player={(*player).clone()} selected={selected} on_select={select_node}
                            inside={state.inside.clone().map(AttrValue::from)} />
                    </section>
                }
                if show_terminal {
                    <section class="pane term-pane" aria-label="Terminal">
                        <Terminal entries={visible} prompt={AttrValue::from(state.prompt.clone())} history={history}
                            on_run={run} on_paste={paste} on_abandon={abandon} on_clear={clear} complete={complete}
                            on_show_packets={show_packets} playing_entry={player.entry} fill={(*fill).clone()}
                            autofocus={config.options.autofocus || (!embed && page && !in_frame())}
                            inside={state.inside.clone().map(AttrValue::from)} />
                    </section>
                }
                if !tabs.is_empty() {
                    <section class="pane side-pane">
                        <Tabs current={*tab} on_select={on_tab} tabs={Rc::clone(&tabs)} />
                        <div class="tab-panel" role="tabpanel" id={format!("panel-{}", tab.id())}
                            aria-labelledby={format!("tab-{}", tab.id())}>
                            { panel }
                        </div>
                    </section>
                }
            </main>
        </div>
    }
}

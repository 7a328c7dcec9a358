//! The root component: owns the session state and the packet player, and
//! lays out the header, the lesson panel, topology, terminal and the Packets
//! / Matrix / Inspect tabs (all of them, or the `panels=` chosen in a compact
//! layout).
//!
//! Its effects are the page's only side effects, one hook each in
//! [`crate::hooks`]: events to `on_event` (JS API listeners, the iframe
//! bridge) and the remote handle, saving the session ([`crate::persist`]),
//! share links opened in this tab, loading packets into the player, the
//! animation clock; the session's actions (stamped with the clock's time)
//! and the reset dialog are hooks there too. The theme is applied here.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_lessons::share::Panel;
use bridgeport_lessons::SavedState;
use yew::prelude::*;

use super::editor::{Editor, Save};
use super::header::Header;
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
use crate::events::PageEvent;
use crate::hooks;
use crate::now;
use crate::persist;
use crate::player::{Player, PlayerAction};
use crate::remote::Remote;
use crate::state::{Action, Entry, State, DEFAULT_SEED};
use crate::theme::{self, Theme};

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
        // A preloaded file (`file=`) opens in the editor.
        let wanted = if config.options.files.is_empty() {
            Tab::Inspect
        } else {
            Tab::Files
        };
        let first = tabs
            .iter()
            .copied()
            .find(|t| *t == wanted)
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

    hooks::use_events(&state, props.on_event.clone(), props.remote.clone());
    hooks::use_persist(&state, *theme, config.persist, init.3, embed);
    hooks::use_shared_links(
        state.dispatcher(),
        notices.clone(),
        page,
        config.fragment.is_some(),
    );
    hooks::use_packet_loading(&state, &player, tab.clone(), tabs.contains(&Tab::Packets));
    hooks::use_animation_clock(&player);

    let hooks::SessionActions {
        run,
        paste,
        abandon,
        clear,
        undo,
        complete,
        nav: on_nav,
    } = hooks::use_session_actions(&state);
    let reset_dialog = hooks::use_reset_dialog(&state);
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
    // The editor's files and checks, read from the session.
    let host_files = {
        let state = state.clone();
        use_memo(key, move |_| {
            state.host_files(bridgeport_commands::shell::HOST_HOME)
        })
    };
    let host_cwd = {
        let state = state.clone();
        use_memo(key, move |_| AttrValue::from(state.host_cwd()))
    };
    let check_compose = {
        let state = state.clone();
        use_callback(key, move |(path, text): (String, String), _| {
            state.compose_problem(&path, &text)
        })
    };
    // A save is a line of the session: `cat > compose.yaml <<'EOF' … EOF`.
    let on_save = {
        let (paste, cwd) = (paste.clone(), (*host_cwd).clone());
        use_callback((paste, cwd), move |save: Save, (paste, cwd)| {
            let path = save
                .path
                .strip_prefix(&format!("{cwd}/"))
                .map_or(save.path.clone(), str::to_string);
            let mut lines = vec![bridgeport_commands::shell::heredoc_command(
                &path, &save.text,
            )];
            if save.up {
                lines.push("docker compose up -d".to_string());
            }
            paste.emit(lines);
        })
    };
    let lesson_id = state.lesson.as_ref().map(|r| r.lesson().id.clone());
    let choices = hooks::use_lesson_choices(&state, config.persist);

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
        Tab::Files => html! {
            <Editor files={Rc::clone(&host_files)} cwd={(*host_cwd).clone()} check={check_compose} {on_save} />
        },
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
            <Header can_undo={state.can_undo()} on_undo={undo} on_reset={reset_dialog.open.clone()}
                dark={*theme == Theme::Dark} on_theme={toggle_theme} compact={embed}
                lessons={(!embed).then(|| Rc::clone(&choices))} lesson={lesson_id.map(AttrValue::from)} on_lesson={on_lesson.clone()}
                on_share={page.then_some(on_share)} />
            if !notices.is_empty() {
                <div class="notices" role="alert">
                    { for notices.iter().map(|n| html! { <p class="notice">{ n.clone() }</p> }) }
                    <button type="button" class="button small" id="notice-dismiss" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
            if reset_dialog.shown {
                <ResetConfirm lesson={state.lesson.as_ref().map(|r| AttrValue::from(r.lesson().title.clone()))}
                    commands={state.log.len()} on_reset={reset_dialog.reset} on_restart={reset_dialog.restart}
                    on_cancel={reset_dialog.cancel} />
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

//! The root component: owns the session state and the packet player, reads
//! the clock for each typed line, runs the animation timer, and lays out the
//! header, topology, terminal and the Packets / Matrix / Inspect tabs.

use std::cell::Cell;
use std::rc::Rc;

use bridgeport_engine::Timestamp;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::header::Header;
use super::inspector::Inspector;
use super::matrix::MatrixView;
use super::packets::Packets;
use super::tabs::{Tab, Tabs};
use super::terminal::Terminal;
use super::topology::TopologyView;
use crate::player::{Player, PlayerAction};
use crate::state::{Action, Entry, State, DEFAULT_SEED};
use crate::theme::{self, Theme};

/// Animation timer period.
const FRAME_MS: u32 = 40;

fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as u64)
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(DEFAULT_SEED, now()));
    let player = use_reducer(Player::default);
    // Inspect first: before any traffic it has the most to show (docker0 & co).
    let tab = use_state(|| Tab::Inspect);
    let theme = use_state(theme::initial);
    let inspect = use_state(|| None::<String>);

    {
        let t = *theme;
        use_effect_with(t, move |t| theme::apply(*t, false));
    }

    // Snapshots the children compare cheaply: rebuilt only when the state changes.
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

    // A new command that sent packets starts playing them; an entry that
    // disappeared (reset, undo) unloads them.
    let seen = use_mut_ref(|| None::<usize>);
    {
        let dispatcher = player.dispatcher();
        let newest = state.entries.last().cloned();
        let state = state.clone();
        let current = player.entry;
        let tab = tab.clone();
        use_effect_with(key, move |_| {
            let newest_id = newest.as_ref().map(|e| e.id);
            let fresh = *seen.borrow() != newest_id;
            *seen.borrow_mut() = newest_id;
            match newest {
                Some(e) if fresh && !e.packets.is_empty() => {
                    dispatcher.dispatch(PlayerAction::Load {
                        entry: e.id,
                        packets: Rc::clone(&e.packets),
                        autoplay: true,
                    });
                    // Show the hops, unless the learner is studying the matrix.
                    if *tab != Tab::Matrix {
                        tab.set(Tab::Packets);
                    }
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
    let reset = {
        let d = state.dispatcher();
        use_callback(d, |_: (), d| d.dispatch(Action::Reset { now: now() }))
    };
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
        use_callback((d, entries), move |id: usize, (d, entries)| {
            if let Some(e) = entries.iter().find(|e| e.id == id) {
                d.dispatch(PlayerAction::Load {
                    entry: id,
                    packets: Rc::clone(&e.packets),
                    autoplay: true,
                });
                tab.set(Tab::Packets);
            }
        })
    };
    let select_node = {
        let inspect = inspect.clone();
        let tab = tab.clone();
        use_callback((), move |node: String, _| {
            inspect.set(Some(node));
            tab.set(Tab::Inspect);
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
            let next = theme.other();
            theme::apply(next, true);
            theme.set(next);
        })
    };

    let selected = (*inspect).clone().map(AttrValue::from);
    let panel = match *tab {
        Tab::Packets => html! {
            <Packets entries={Rc::clone(&with_packets)} player={(*player).clone()} on_player={on_player.clone()} on_load={show_packets.clone()} />
        },
        Tab::Matrix => html! { <MatrixView matrix={Rc::clone(&state.matrix)} /> },
        Tab::Inspect => html! {
            <Inspector topology={Rc::clone(&state.topology)} selected={selected.clone()} on_select={pick_inspect} />
        },
    };

    html! {
        <div class="app">
            <Header can_undo={!state.log.is_empty()} on_undo={undo} on_reset={reset}
                dark={*theme == Theme::Dark} on_theme={toggle_theme} />
            <main class="workspace">
                <section class="pane topo-pane" aria-labelledby="topo-title">
                    <TopologyView topology={Rc::clone(&state.topology)} player={(*player).clone()} selected={selected} on_select={select_node} />
                </section>
                <section class="pane term-pane" aria-label="Terminal">
                    <Terminal entries={visible} prompt={AttrValue::from(state.prompt.clone())} history={history}
                        on_run={run} on_paste={paste} on_abandon={abandon} on_clear={clear} complete={complete}
                        on_show_packets={show_packets} playing_entry={player.entry} />
                </section>
                <section class="pane side-pane">
                    <Tabs current={*tab} on_select={on_tab} />
                    <div class="tab-panel" role="tabpanel" id={format!("panel-{}", tab.id())}
                        aria-labelledby={format!("tab-{}", tab.id())}>
                        { panel }
                    </div>
                </section>
            </main>
        </div>
    }
}

//! The root component: owns the session state and the packet player, and
//! lays out the header, the lesson panel, topology, terminal and the Packets
//! / Matrix / Inspect / Files tabs (all of them, or the `panels=` chosen in a
//! compact layout).
//!
//! Its render function only lays out. The state it owns is one hook per
//! concern in [`ui`] (the session started from the boot config, the open
//! tab, the theme, the inspected node, the share dialog, a lesson's command
//! for the terminal, the player's controls, the snapshots the children
//! compare, the editor's save, the matrix's size gate); its effects are the
//! page's only side effects, one hook each in [`crate::hooks`]: events to
//! `on_event` (JS API listeners, the iframe bridge) and the remote handle,
//! saving the session ([`crate::persist`]), share links opened in this tab,
//! loading packets into the player, the animation clock; the session's
//! actions (stamped with the clock's time) and the reset dialog are there
//! too. Small pieces of page are in [`parts`].

mod parts;
mod ui;

pub use ui::lesson_loader;

use std::rc::Rc;

use bridgeport_lessons::share::Panel;
use yew::prelude::*;

use super::editor::Editor;
use super::header::{header, HeaderProps};
use super::inspector::Inspector;
use super::lesson::LessonPanel;
use super::matrix::MatrixView;
use super::packets::Packets;
use super::reset::ResetConfirm;
use super::share::ShareDialog;
use super::tabs::{Tab, Tabs};
use super::terminal::Terminal;
use super::topology::TopologyView;
use crate::boot::Config;
use crate::events::PageEvent;
use crate::hooks;
use crate::player::Player;
use crate::remote::Remote;
use crate::theme::Theme;

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

/// Is this page inside a frame (an iframe of a course page)?
fn in_frame() -> bool {
    web_sys::window().is_some_and(|w| {
        w.top()
            .ok()
            .flatten()
            .is_some_and(|top| !js_sys::Object::is(&top, &w))
    })
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let config = Rc::clone(&props.config);
    let (embed, page) = (config.embed(), config.page);
    let started = ui::use_started(&config);
    let state = started.state;
    let player = use_reducer(Player::default);
    let tabs: Rc<[Tab]> = Tab::ALL
        .iter()
        .copied()
        .filter(|t| config.shows(t.panel()))
        .collect();
    let show_terminal = config.shows(Panel::Terminal);
    let tab = use_state(|| ui::first_tab(&config, &tabs));
    let (theme, toggle_theme) = ui::use_theme(started.theme, page);
    let notices = started.notices;
    let memory = hooks::use_memory();
    let matrix_gate = ui::use_matrix_gate(&memory);
    let share = ui::use_share(&state, *theme);

    // Snapshots the children compare cheaply: rebuilt only when the state changes.
    // The topology is drawn one frame after the terminal shows a command's
    // output: its SVG is the costliest layout on the page.
    let topology = crate::deferred::use_deferred(Rc::clone(&state.topology));

    hooks::use_events(
        &state,
        props.on_event.clone(),
        props.remote.clone(),
        &memory,
    );
    hooks::use_persist(
        &state,
        *theme,
        config.persist,
        started.save_now,
        embed,
        &memory,
    );
    hooks::use_shared_links(
        state.dispatcher(),
        notices.clone(),
        page,
        config.fragment.is_some(),
    );
    hooks::use_packet_loading(
        &state,
        &player,
        tab.clone(),
        tabs.contains(&Tab::Packets),
        &memory,
    );
    hooks::use_animation_clock(&player);

    let ui::Fixed {
        session:
            hooks::SessionActions {
                run,
                paste,
                abandon,
                clear,
                undo,
                nav: on_nav,
                lesson: on_lesson,
            },
        inspect,
        fill,
        on_command,
        on_player,
    } = ui::use_fixed(
        &state,
        config.persist,
        &tab,
        tabs.contains(&Tab::Inspect),
        show_terminal,
        &player,
    );
    let reset_dialog = hooks::use_reset_dialog(&state);
    let snap = ui::use_snapshots(&state, &paste, &player, &tab, tabs.contains(&Tab::Packets));
    let show_packets = snap.show_packets.clone();
    let choices = hooks::use_lesson_choices(&state, config.persist);

    let selected = (*inspect.node).clone().map(AttrValue::from);
    let panel = match *tab {
        Tab::Packets => html! {
            <Packets entries={Rc::clone(&snap.with_packets)} player={(*player).clone()} {on_player} on_load={show_packets.clone()} />
        },
        Tab::Matrix if matrix_gate.waits(&state) => {
            parts::matrix_waiting(state.running_containers(), matrix_gate.confirm())
        }
        Tab::Matrix => html! { <MatrixView matrix={matrix_gate.matrix(&state, &topology)} /> },
        Tab::Files => html! {
            <Editor files={Rc::clone(&snap.host_files)} cwd={(*snap.host_cwd).clone()} check={snap.check.clone()} on_save={snap.save.clone()} />
        },
        Tab::Inspect => html! {
            <Inspector topology={Rc::clone(&topology)} selected={selected.clone()} on_select={inspect.pick} />
        },
    };
    let stacked = embed || config.options.panels.is_some();
    // While the last command's packets are shown, the topology is the host
    // they left from: a one-shot container (`docker run --rm ... ping web`)
    // is gone by the time they play, and its hops would have no place.
    let scene = state.drawn_with(player.entry);
    let drawn = scene.clone().unwrap_or_else(|| Rc::clone(&topology));
    let scene = scene.is_some();
    let lesson_id = state.lesson.as_ref().map(|r| r.lesson().id.clone());
    let inside = state.inside.clone().map(AttrValue::from);

    html! {
        <div class={classes!("app", embed.then_some("embed"), stacked.then_some("stacked"))} data-theme={theme.as_str()}>
            { header(HeaderProps {
                can_undo: state.can_undo(),
                on_undo: undo,
                on_reset: reset_dialog.open.clone(),
                dark: *theme == Theme::Dark,
                on_theme: toggle_theme,
                compact: embed,
                lessons: (!embed).then(|| Rc::clone(&choices)),
                lesson: lesson_id.map(AttrValue::from),
                on_lesson: on_lesson.clone(),
                on_share: page.then_some(share.open),
            }) }
            if !notices.is_empty() {
                { parts::notices(&notices) }
            }
            if reset_dialog.shown {
                <ResetConfirm lesson={state.lesson.as_ref().map(|r| AttrValue::from(r.lesson().title.clone()))}
                    commands={state.log.len()} on_reset={reset_dialog.reset} on_restart={reset_dialog.restart}
                    on_cancel={reset_dialog.cancel} />
            }
            if let Some(link) = (*share.link).clone() {
                <ShareDialog {link} on_close={share.close} />
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
                            { parts::start_hint(&on_lesson) }
                        }
                        <TopologyView topology={drawn} {scene} player={(*player).clone()} {selected} on_select={inspect.select}
                            inside={inside.clone()} />
                    </section>
                }
                if show_terminal {
                    <section class="pane term-pane" aria-label="Terminal">
                        <Terminal entries={snap.visible} prompt={AttrValue::from(state.prompt.clone())} history={snap.history}
                            on_run={run} on_paste={paste} on_abandon={abandon} on_clear={clear} complete={snap.complete.clone()}
                            on_show_packets={show_packets} playing_entry={player.entry} {fill}
                            autofocus={config.options.autofocus || (!embed && page && !in_frame())}
                            {inside} />
                    </section>
                }
                if !tabs.is_empty() {
                    <section class="pane side-pane">
                        <Tabs current={*tab} on_select={inspect.on_tab} tabs={Rc::clone(&tabs)} />
                        <div class="tab-panel" role="tabpanel" id={tab.panel_id()}
                            aria-labelledby={tab.tab_id()}>
                            { panel }
                        </div>
                    </section>
                }
            </main>
        </div>
    }
}

//! The packet player's controls: pick a command and one of its packets,
//! play/pause, step back and forward, speed and replay, and the hop
//! timeline (the accessible form of the animation on the topology). A drop
//! ends the timeline at its hop in the failure colour, with reason and hint.

use std::rc::Rc;

use bridgeport_engine::Verdict;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::capture::Capture;
use super::hop_inspector::{verdict_label, HopInspector};
use super::topology::action_label;
use crate::player::{Player, PlayerAction, SPEEDS};
use crate::state::Entry;

#[derive(Properties, PartialEq)]
pub struct PacketsProps {
    /// Entries that sent packets, oldest first.
    pub entries: Rc<Vec<Rc<Entry>>>,
    pub player: Player,
    pub on_player: Callback<PlayerAction>,
    /// Load an entry's packets.
    pub on_load: Callback<usize>,
}

/// A 16×16 control icon (the media-control characters are missing from
/// many system fonts).
fn icon(paths: &[&'static str]) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            { for paths.iter().map(|d| html! { <path d={*d} /> }) }
        </svg>
    }
}

/// A control button with its icon: one function for the four (each button
/// written out in the markup is its own copy of the element's code).
fn control(
    class: &'static str,
    id: &'static str,
    onclick: Callback<MouseEvent>,
    label: &'static str,
    title: &'static str,
    paths: &[&'static str],
) -> Html {
    html! {
        <button type="button" class={class} {id} {onclick} aria-label={label} {title}>{ icon(paths) }</button>
    }
}

const REPLAY: &[&str] = &[
    "M8 2.5a5.5 5.5 0 1 1-5.2 3.7l1.7.6A3.7 3.7 0 1 0 8 4.3z",
    "M1.5 2.2l4.6.9-3.1 3.5z",
];
const BACK: &[&str] = &["M12.5 3v10L5.5 8z", "M3 3h2v10H3z"];
const PLAY: &[&str] = &["M4.5 2.5l9 5.5-9 5.5z"];
const PAUSE: &[&str] = &["M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"];
const FORWARD: &[&str] = &["M3.5 3v10l7-5z", "M11 3h2v10h-2z"];

#[function_component(Packets)]
pub fn packets(props: &PacketsProps) -> Html {
    let p = &props.player;
    if props.entries.is_empty() {
        return html! {
            <div class="empty-state">
                <p>{ "No packets yet." }</p>
                <p class="muted">{ "Commands that send traffic (curl, wget, ping, nslookup, nc…) show their packets here, hop by hop, and on the topology." }</p>
            </div>
        };
    }
    let act = |a: PlayerAction| props.on_player.reform(move |_: MouseEvent| a.clone());
    let on_pick_entry = {
        let on_load = props.on_load.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            {
                if let Ok(id) = sel.value().parse::<usize>() {
                    on_load.emit(id);
                }
            }
        })
    };
    let current = p.current();
    let hops = current.map_or(0, |c| c.hops.len());
    // The tcpdump lines of the loaded command, if a capture was running.
    let capture = props
        .entries
        .iter()
        .find(|e| Some(e.id) == p.entry)
        .and_then(|e| e.capture.clone());
    let on_pick_line = {
        let on_player = props.on_player.clone();
        Callback::from(move |(packet, hop): (usize, usize)| {
            on_player.emit(PlayerAction::SelectPacket(packet));
            on_player.emit(PlayerAction::PickHop(hop));
        })
    };
    let reached = p.reached();
    let (toggle, toggle_icon) = if p.playing {
        ("Pause", PAUSE)
    } else {
        ("Play", PLAY)
    };
    html! {
        <div class="packets" data-playing={p.playing.to_string()} data-finished={p.finished().to_string()}
            data-failed={p.stopped_on_failure().to_string()}>
            <div class="row">
                <label for="packet-command" class="k">{ "Command" }</label>
                <select id="packet-command" onchange={on_pick_entry}>
                    if p.entry.is_none() { <option value="" selected=true disabled=true>{ "choose a command" }</option> }
                    { for props.entries.iter().rev().map(|e| html! {
                        <option value={e.id.to_string()} selected={p.entry == Some(e.id)}>
                            { format!("{}{}  ({} packet{})", e.prompt, e.command, e.packets.len(), if e.packets.len() == 1 { "" } else { "s" }) }
                        </option>
                    }) }
                </select>
            </div>
            if p.packets.len() > 1 {
                <div class="packet-list" role="group" aria-label="Packets of this command">
                    { for p.packets.iter().enumerate().map(|(i, pk)| {
                        let (v, vc) = verdict_label(pk.verdict);
                        let label = format!("Packet {}: {} {} → {}, {v}", i + 1, pk.proto, pk.src, pk.dst);
                        html! {
                            <button type="button" class={classes!("packet-pick", vc, (i == p.packet).then_some("active"))}
                                aria-pressed={(i == p.packet).to_string()} onclick={act(PlayerAction::SelectPacket(i))}
                                title={label.clone()} aria-label={label}>
                                { format!("#{}", i + 1) }
                            </button>
                        }
                    }) }
                </div>
            }
            if let Some(pk) = current {
                <p class="packet-line">
                    <span class="mono">{ format!("{} {} → {}", pk.proto, pk.src, pk.dst) }</span>
                    <span class={classes!("verdict", verdict_label(pk.verdict).1)}>{ verdict_label(pk.verdict).0 }</span>
                </p>
            }
            <div class="controls" role="group" aria-label="Animation">
                { control("button icon", "replay", act(PlayerAction::Replay), "Replay from the first packet", "Replay", REPLAY) }
                { control("button icon", "step-back", act(PlayerAction::Step(-1)), "Step back one hop", "Step back", BACK) }
                { control("button icon primary", "play", act(PlayerAction::Toggle), toggle, toggle, toggle_icon) }
                { control("button icon", "step-forward", act(PlayerAction::Step(1)), "Step forward one hop", "Step forward", FORWARD) }
                <span class="speed" role="group" aria-label="Speed">
                    { for SPEEDS.iter().map(|&(s, label)| html! {
                        <button type="button" class={classes!("button", "small", (p.speed == s).then_some("active"))}
                            aria-pressed={(p.speed == s).to_string()} onclick={act(PlayerAction::Speed(s))}>
                            { label }
                        </button>
                    }) }
                </span>
                <span class="progress muted" aria-live="off">
                    { current.map(|_| format!("packet {}/{} · hop {}/{}", p.packet + 1, p.packets.len(), reached + 1, hops)).unwrap_or_default() }
                </span>
            </div>
            if let Some(pk) = current {
                <ol class="hops" aria-label="Hops of this packet">
                    { for pk.hops.iter().enumerate().map(|(i, h)| {
                        let bad = h.verdict != Verdict::Delivered;
                        let state = if i < reached { "passed" } else if i == reached { "current" } else { "ahead" };
                        html! {
                            <li class={classes!("hop", state, bad.then_some("bad"), (p.shown_hop() == Some(i)).then_some("shown"))}>
                                <button type="button" onclick={act(PlayerAction::PickHop(i))}
                                    aria-current={(i == reached).then_some("step")}>
                                    <span class="num">{ i + 1 }</span>
                                    <span class="where">{ format!("{} · {}", h.node, h.interface) }</span>
                                    <span class="chip-action">{ action_label(h.action) }</span>
                                    if bad { <span class="verdict bad">{ verdict_label(h.verdict).0 }</span> }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                if p.stopped_on_failure() {
                    if let Some(h) = pk.hops.last() {
                        <div class="failure" role="status">
                            <strong>{ format!("{} at hop {}", if pk.verdict == Verdict::Rejected { "Rejected" } else { "Dropped" }, pk.hops.len()) }</strong>
                            { h.reason.clone().map(|r| html! { <p>{ r }</p> }) }
                            { h.hint.clone().map(|hint| html! { <p class="hint"><span class="k">{ "try" }</span><code>{ hint }</code></p> }) }
                        </div>
                    }
                }
                if let Some(i) = p.shown_hop() {
                    <HopInspector hop={pk.hops[i].clone()} index={i} total={pk.hops.len()} />
                }
            }
            if let Some(c) = capture {
                <Capture capture={c} packet={p.packet} hop={p.shown_hop()} on_pick={on_pick_line} />
            }
        </div>
    }
}

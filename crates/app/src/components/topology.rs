//! The topology SVG: [`Graph`] draws a [`Layout`] (and only re-renders when
//! the topology changes), and [`TopologyView`] adds the packet overlay: the
//! current packet's path through the hops and a marker moving along it,
//! stopping in the failure colour on a drop.
//!
//! Every node carries a stable `data-node` attribute and a `<title>` with its
//! full description; containers are focusable and open the inspector.

use std::rc::Rc;

use bridgeport_engine::{Action, Verdict};
use yew::prelude::*;

use bridgeport_engine::Topology;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::layout::{fit, fit_to, num, ChipKind, ColumnKind, Layout, LinkKind, Pt, Rect};
use crate::player::Player;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub topology: Rc<Topology>,
    /// The drawing is the host as the shown packets saw it, not as it is
    /// now (see `State::drawn_with`): the header says so.
    #[prop_or_default]
    pub scene: bool,
    pub player: Player,
    pub selected: Option<AttrValue>,
    pub on_select: Callback<String>,
    /// The container the terminal's shell is in: marked on its box.
    #[prop_or_default]
    pub inside: Option<AttrValue>,
}

#[derive(Properties)]
pub struct GraphProps {
    pub layout: Rc<Layout>,
    pub selected: Option<AttrValue>,
    pub on_select: Callback<String>,
    #[prop_or_default]
    pub inside: Option<AttrValue>,
}

/// The layout by pointer: [`TopologyView`] keeps the same `Rc` while the
/// topology and the pane's size are equal (its memo compares those), so a
/// new `Rc` is a new drawing. A derived comparison walked every column,
/// container and chip (2.7 KB of the page) to find the rare equal one.
impl PartialEq for GraphProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.layout, &o.layout)
            && self.selected == o.selected
            && self.on_select == o.on_select
            && self.inside == o.inside
    }
}

fn n(v: f64) -> String {
    num(v)
}

/// A box of the drawing: its class (if any), place, size and corner radius.
/// One function for the drawing's nine kinds of box (each `<rect>` written
/// out in the markup is its own copy of the element's code in the page).
fn rect(class: Option<&'static str>, r: Rect, rx: &'static str) -> Html {
    html! { <rect class={class} x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} {rx} /> }
}

/// A line of text at a point (one function for the drawing's labels, as [`rect`]).
fn text(class: Option<&'static str>, x: f64, y: f64, content: AttrValue) -> Html {
    html! { <text class={class} x={n(x)} y={n(y)}>{ content }</text> }
}

/// The verb shown next to the marker for a hop's action.
pub fn action_label(a: Action) -> &'static str {
    match a {
        Action::Send => "send",
        Action::Route => "route",
        Action::Forward => "forward",
        Action::Dnat => "DNAT",
        Action::Snat => "SNAT",
        Action::Proxy => "docker-proxy",
        Action::Deliver => "deliver",
        Action::Drop => "drop",
        Action::Reject => "reject",
        Action::Resolve => "resolve",
    }
}

/// The static drawing.
#[function_component(Graph)]
pub fn graph(props: &GraphProps) -> Html {
    let l = &props.layout;
    let sel = props.selected.as_deref();
    let link_class = |k: LinkKind| match k {
        LinkKind::Lan => "link lan",
        LinkKind::Veth => "link veth",
        LinkKind::Secondary => "link secondary",
    };
    let host = l.host;
    html! {
        <g class="graph">
            <g class="host" data-node="host">
                <title>{ format!("{}: its interfaces, firewall, bridges and containers", l.host_label) }</title>
                { rect(Some("host-box"), host, "10") }
                { text(Some("host-label"), host.x + 14.0, host.y + 20.0, l.host_label.clone().into()) }
            </g>
            { for l.frames.iter().map(|f| html! {
                <g class="project-frame" data-project={f.project.clone()} role="group" aria-label={f.alt.clone()}>
                    <title>{ f.alt.clone() }</title>
                    { rect(None, f.rect, "8") }
                    { text(Some("project-label"), f.rect.x + 10.0, f.rect.y + 14.0, f.label.clone().into()) }
                </g>
            }) }
            { for l.links.iter().map(|k| html! {
                <path class={link_class(k.kind)} d={k.d.clone()} data-node={k.node.clone()}><title>{ k.alt.clone() }</title></path>
            }) }
            <g class="router" data-node="router">
                <title>{ "The LAN's router: the way to the internet, and the upstream DNS server" }</title>
                <circle cx={n(l.router.x)} cy={n(l.router.y)} r="6" />
                { text(None, l.router.x + 10.0, l.router.y - 6.0, "router".into()) }
            </g>
            { for l.columns.iter().map(|c| {
                let kind = match c.kind {
                    ColumnKind::Bridge => "bridge",
                    ColumnKind::HostNet => "hostnet",
                    ColumnKind::NoneNet => "nonenet",
                    ColumnKind::Other => "othernet",
                };
                let (onclick, onkeydown) = select_on(&props.on_select, &c.node);
                let (b, r) = (c.bar, c.rect);
                html! {
                    <g class={classes!("column", kind, (sel == Some(c.node.as_str())).then_some("selected"))} data-node={c.node.clone()}>
                        { rect(Some("column-bg"), r, "8") }
                        { for c.spines.iter().map(|(a, z)| html! {
                            <line class="link spine" x1={n(a.x)} y1={n(a.y)} x2={n(z.x)} y2={n(z.y)} />
                        }) }
                        <g class="bar" tabindex="0" role="button" aria-label={c.alt.clone()} {onclick} {onkeydown}>
                            <title>{ c.alt.clone() }</title>
                            { rect(None, b, "8") }
                            { text(Some("bar-title"), b.x + 10.0, b.y + 18.0, c.title.clone().into()) }
                            { text(Some("bar-sub mono"), b.x + 10.0, b.y + 33.0, c.subtitle.clone().into()) }
                            { text(Some("bar-sub mono"), b.x + 10.0, b.y + 47.0, c.detail.clone().into()) }
                            { for c.badges.iter().enumerate().map(|(i, badge)| {
                                let w = 8.0 + badge.len() as f64 * 6.4;
                                let x = b.right() - 8.0 - w - i as f64 * (w + 4.0);
                                html! {
                                    <g class="badge">
                                        { rect(None, Rect { x, y: b.y + 7.0, w, h: 16.0 }, "8") }
                                        <text x={n(x + w / 2.0)} y={n(b.y + 19.0)} text-anchor="middle">{ badge.clone() }</text>
                                    </g>
                                }
                            }) }
                        </g>
                        if let Some(p) = c.empty_at {
                            { text(Some("empty"), p.x, p.y, "no containers".into()) }
                        }
                    </g>
                }
            }) }
            { for l.outside.iter().chain(l.chips.iter()).map(|c| {
                let kind = match c.kind {
                    ChipKind::Outside => "outside",
                    ChipKind::Interface => "iface",
                    ChipKind::Firewall => "firewall",
                    ChipKind::Port => "port",
                };
                let r = c.rect;
                html! {
                    <g class={classes!("chip", kind)} data-node={c.node.clone()}>
                        <title>{ c.alt.clone() }</title>
                        { rect(None, r, "7") }
                        { text(Some("chip-label"), r.x + 8.0, r.y + 16.0, c.label.clone().into()) }
                        { text(Some("chip-sub mono"), r.x + 8.0, r.y + 31.0, c.sub.clone().into()) }
                    </g>
                }
            }) }
            { for l.containers.iter().map(|c| {
                let r = c.rect;
                let (onclick, onkeydown) = select_on(&props.on_select, &c.node);
                let state = match c.state.as_str() {
                    "running" => "running",
                    "created" => "created",
                    _ => "stopped",
                };
                let here = props.inside.as_deref() == Some(c.name.as_str());
                html! {
                    <g class={classes!("ctr", state, c.shared.then_some("shared"), (sel == Some(c.node.as_str())).then_some("selected"), here.then_some("inside"))}
                        data-node={c.node.clone()} tabindex="0" role="button" aria-label={c.alt.clone()} {onclick} {onkeydown}>
                        <title>{ c.alt.clone() }</title>
                        { rect(Some("ctr-box"), r, "7") }
                        <circle class="state-dot" cx={n(r.x + 12.0)} cy={n(r.y + 19.0)} r="4" />
                        { text(Some("ctr-name"), r.x + 22.0, r.y + 23.0, c.label.clone().into()) }
                        { text(Some("ctr-sub"), r.x + 8.0, r.y + 38.0, c.sub.clone().into()) }
                        { for c.rows.iter().map(|row| text(Some("ctr-row mono"), r.x + 8.0, row.y + 4.0, row.text.clone().into())) }
                        if here {
                            // On the box's top edge, right: the name is on the left.
                            <g class="here-tag" data-node="inside">
                                { rect(None, Rect { x: r.right() - 86.0, y: r.y - 8.0, w: 78.0, h: 15.0 }, "7") }
                                <text x={n(r.right() - 47.0)} y={n(r.y + 3.0)} text-anchor="middle">{ "your shell" }</text>
                            </g>
                        }
                    </g>
                }
            }) }
        </g>
    }
}

/// The point a fraction `f` (0..=1) along a polyline.
/// A selectable node's handlers: a click, or Enter or Space as on a button.
fn select_on(
    on_select: &Callback<String>,
    node: &str,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let n = node.to_string();
    let onclick = on_select.reform(move |_: MouseEvent| n.clone());
    let (n, cb) = (node.to_string(), on_select.clone());
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            cb.emit(n.clone());
        }
    });
    (onclick, onkeydown)
}

fn along(leg: &[Pt], f: f64) -> (Pt, usize) {
    let lens: Vec<f64> = leg
        .windows(2)
        .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
        .collect();
    let total: f64 = lens.iter().sum();
    if total <= 0.0 || leg.len() < 2 {
        return (leg.first().copied().unwrap_or_default(), 0);
    }
    let mut left = f.clamp(0.0, 1.0) * total;
    for (k, len) in lens.iter().enumerate() {
        if left <= *len || k == lens.len() - 1 {
            let t = if *len > 0.0 {
                (left / len).min(1.0)
            } else {
                0.0
            };
            let (a, b) = (leg[k], leg[k + 1]);
            return (
                Pt {
                    x: a.x + (b.x - a.x) * t,
                    y: a.y + (b.y - a.y) * t,
                },
                k,
            );
        }
        left -= len;
    }
    (leg[leg.len() - 1], lens.len())
}

fn path_d(ps: &[Pt]) -> String {
    ps.iter()
        .enumerate()
        .map(|(k, p)| format!("{}{} {}", if k == 0 { "M" } else { "L" }, n(p.x), n(p.y)))
        .collect()
}

/// The path and marker of the packet being played.
fn overlay(layout: &Layout, player: &Player) -> Html {
    let Some(packet) = player.current() else {
        return html! {};
    };
    if packet.hops.is_empty() {
        return html! {};
    }
    let legs = layout.route(&packet.hops);
    let mut hop_pts: Vec<Pt> = legs.iter().map(|l| l[0]).collect();
    hop_pts.push(
        legs.last()
            .and_then(|l| l.last().copied())
            .unwrap_or_else(|| layout.locate(&packet.hops[0])),
    );
    let last = hop_pts.len() - 1;
    let pos = player.pos.clamp(0.0, last as f64);
    let i = pos.floor() as usize;
    let mut all: Vec<Pt> = vec![hop_pts[0]];
    for leg in &legs {
        all.extend_from_slice(&leg[1..]);
    }
    let mut done: Vec<Pt> = vec![hop_pts[0]];
    for leg in legs.iter().take(i) {
        done.extend_from_slice(&leg[1..]);
    }
    let marker = if i >= last {
        hop_pts[last]
    } else {
        let (p, k) = along(&legs[i], pos - i as f64);
        done.extend_from_slice(&legs[i][1..=k]);
        p
    };
    done.push(marker);
    let failed = player.stopped_on_failure();
    let reached = player.reached();
    let hop = &packet.hops[reached];
    let label = format!("{} · {}", reached + 1, action_label(hop.action));
    let label_w = 10.0 + label.chars().count() as f64 * 6.6;
    // A failure's reason, in a callout below the marker (centred on it,
    // starting or ending at it), beside it, or above it: wherever it hides
    // least of the drawing.
    let callout = failed.then(|| {
        let reason = hop.reason.clone().unwrap_or_else(|| match packet.verdict {
            Verdict::Rejected => "rejected".to_string(),
            _ => "dropped".to_string(),
        });
        let shown = fit(&format!("✕ {reason}"), 380.0, 6.6);
        let w = 16.0 + shown.chars().count() as f64 * 6.6;
        let clamp = |x: f64| x.clamp(4.0, (layout.width - w - 4.0).max(4.0));
        let xs = [marker.x - w / 2.0, marker.x - 20.0, marker.x + 20.0 - w].map(clamp);
        let at = |x: f64, y: f64| Rect { x, y, w, h: 22.0 };
        let below = xs.map(|x| at(x, marker.y + 18.0));
        let beside = [marker.x + 20.0, marker.x - 20.0 - w].map(|x| at(clamp(x), marker.y - 11.0));
        let above = xs.map(|x| at(x, marker.y - 18.0 - 22.0));
        let spots: Vec<Rect> = below.into_iter().chain(beside).chain(above).collect();
        (spots[layout.clearest(&spots, &[])], reason, shown)
    });
    // The tag's offset from the marker: up and to the right, unless another
    // side hides less text (a marker on a bridge bar's edge, say) or the callout.
    let tag = {
        let (left, right) = (-14.0 - label_w, 14.0);
        let offsets = [
            (right, -26.0),
            (right, 4.0),
            (left, -26.0),
            (left, 4.0),
            (right, -9.0),
            (left, -9.0),
        ];
        let spots = offsets.map(|(dx, dy)| Rect {
            x: marker.x + dx,
            y: marker.y + dy,
            w: label_w,
            h: 18.0,
        });
        let taken: Vec<Rect> = callout.iter().map(|(r, _, _)| *r).collect();
        offsets[layout.clearest(&spots, &taken)]
    };
    let callout = callout.map(|(Rect { x, y, w, .. }, reason, label_text)| {
        html! {
            <g class="callout" data-node="drop-reason">
                <title>{ format!("{reason}{}", hop.hint.as_ref().map(|h| format!(" — try: {h}")).unwrap_or_default()) }</title>
                { rect(None, Rect { x, y, w, h: 22.0 }, "6") }
                { text(None, x + 8.0, y + 15.0, label_text.into()) }
            </g>
        }
    });
    html! {
        <g class={classes!("overlay", failed.then_some("failed"))} aria-hidden="true">
            <path class="trail-all" d={path_d(&all)} />
            <path class="trail-done" d={path_d(&done)} />
            { for hop_pts.iter().enumerate().map(|(k, p)| html! {
                <circle class={classes!("hop-dot", (k <= reached).then_some("passed"))} cx={n(p.x)} cy={n(p.y)} r="4" />
            }) }
            <g class="marker" data-node="marker" transform={format!("translate({} {})", n(marker.x), n(marker.y))}>
                <circle class="marker-halo" r="13" />
                <circle class="marker-dot" r="7" />
                if failed {
                    <path class="marker-x" d="M-3.5 -3.5L3.5 3.5M3.5 -3.5L-3.5 3.5" />
                }
                <g class="marker-tag" transform={format!("translate({} {})", n(tag.0), n(tag.1))}>
                    <rect width={n(label_w)} height="18" rx="9" />
                    <text x="5" y="13">{ label }</text>
                </g>
            </g>
            { for callout }
        </g>
    }
}

/// Measure an element's content box, rounded to 16 px so that small jitters
/// do not re-lay out the drawing.
#[hook]
fn use_size(node: NodeRef) -> (u32, u32) {
    let size = use_state(|| (0u32, 0u32));
    let last = use_mut_ref(|| (0u32, 0u32));
    {
        let size = size.clone();
        use_effect_with((), move |_| {
            let measure = {
                let node = node.clone();
                move || {
                    if let Some(el) = node.cast::<web_sys::Element>() {
                        let s = (
                            (el.client_width().max(0) as u32 / 16) * 16,
                            (el.client_height().max(0) as u32 / 16) * 16,
                        );
                        if *last.borrow() != s {
                            *last.borrow_mut() = s;
                            size.set(s);
                        }
                    }
                }
            };
            measure();
            let callback =
                Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| measure());
            let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, node.cast::<web_sys::Element>()) {
                o.observe(&el);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(callback);
            }
        });
    }
    *size
}

/// Keep the packet marker inside the scroll box `scroll` (a pane that pans
/// because the drawing is larger than it): scroll that box, and only that
/// box, by as much as the marker is out of sight (never `scrollIntoView`,
/// which would also scroll the page around an embed).
fn follow_marker(scroll: &web_sys::Element) {
    let Ok(Some(marker)) = scroll.query_selector("[data-node=\"marker\"] .marker-dot") else {
        return;
    };
    let (m, b) = (
        marker.get_bounding_client_rect(),
        scroll.get_bounding_client_rect(),
    );
    let margin = 40.0;
    let shift = |lo: f64, hi: f64, box_lo: f64, box_hi: f64| {
        if hi + margin > box_hi {
            (hi + margin - box_hi).min((lo - margin - box_lo).max(0.0))
        } else if lo - margin < box_lo {
            lo - margin - box_lo
        } else {
            0.0
        }
    };
    let dx = shift(m.left(), m.right(), b.left(), b.right());
    let dy = shift(m.top(), m.bottom(), b.top(), b.bottom());
    if dx != 0.0 {
        scroll.set_scroll_left(scroll.scroll_left() + dx.round() as i32);
    }
    if dy != 0.0 {
        scroll.set_scroll_top(scroll.scroll_top() + dy.round() as i32);
    }
}

#[function_component(TopologyView)]
pub fn topology_view(props: &TopologyProps) -> Html {
    let actual = use_state(|| false);
    let scroll_ref = use_node_ref();
    let (pw, ph) = use_size(scroll_ref.clone());
    let fitted = use_memo((Rc::clone(&props.topology), pw, ph), |(t, w, h)| {
        // The scroll box's padding (4 px a side) and a pixel for rounding.
        let f = fit_to(t, *w as f64 - 9.0, *h as f64 - 9.0);
        (Rc::new(f.layout), f.scale, f.scrolls)
    });
    let (layout, scale, scrolls) = (&fitted.0, fitted.1, fitted.2);
    let (scale, sizing) = match (*actual, scrolls) {
        (true, _) => (1.0, "actual"),
        (false, true) => (scale, "scroll"),
        (false, false) => (scale, "fit"),
    };
    // The hop being animated stays in view when the drawing pans.
    {
        let scroll_ref = scroll_ref.clone();
        let p = &props.player;
        let key = (
            p.entry,
            p.packet,
            p.reached(),
            Rc::as_ptr(layout) as usize,
            (scale * 1000.0) as i64,
        );
        use_effect_with(key, move |_| {
            if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                follow_marker(&el);
            }
        });
    }
    let toggle = {
        let actual = actual.clone();
        Callback::from(move |_: MouseEvent| actual.set(!*actual))
    };
    let (containers, networks) = (
        props.topology.containers.len(),
        props.topology.networks.len(),
    );
    let summary = format!(
        "{} container{}, {} network{}",
        containers,
        if containers == 1 { "" } else { "s" },
        networks,
        if networks == 1 { "" } else { "s" }
    );
    html! {
        <div class={classes!("topology", sizing)}>
            <div class="pane-head">
                <h2 id="topo-title">{ "Topology" }</h2>
                <span class="muted">{ summary.clone() }</span>
                if props.scene {
                    <span class="scene-note" title="The container that sent these packets ran once and is gone now (or stopped, off its networks). The drawing shows the host as it was while the packets travelled; the next command shows it as it is.">
                        { "as the packets saw it" }
                    </span>
                }
                <button type="button" class="button small ghost" onclick={toggle} aria-pressed={actual.to_string()}
                    title="Switch between fitting the drawing to the pane (text never smaller than 8 px; the pane scrolls when it cannot fit) and its actual size">
                    { if *actual { "Fit to pane" } else { "Actual size" } }
                </button>
            </div>
            <div class="svg-scroll" ref={scroll_ref}>
                <svg viewBox={format!("0 0 {} {}", n(layout.width), n(layout.height))}
                    width={n(layout.width * scale)} height={n(layout.height * scale)}
                    role="group" aria-labelledby="topo-svg-title" id="topology-svg" data-fit={sizing}
                    data-scale={format!("{}", (scale * 1000.0).round() as i64)}>
                    <title id="topo-svg-title">{ format!("Topology of the host: {summary}. The Inspect tab and the Matrix tab describe it as text.") }</title>
                    <Graph layout={Rc::clone(layout)} selected={props.selected.clone()} on_select={props.on_select.clone()} inside={props.inside.clone()} />
                    { overlay(layout, &props.player) }
                </svg>
            </div>
        </div>
    }
}

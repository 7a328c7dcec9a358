//! The transport matrix: for one transport at a time (TCP, UDP, ICMP, name
//! lookup), a grid of senders × receivers. Every cell has a title and an
//! aria-label naming the probes and, for failures, the reason and the fix.
//! The grid is one tab stop; arrow keys move between cells (roving
//! tabindex) and the focused cell's probes are spelled out below the grid.

use std::rc::Rc;

use bridgeport_engine::matrix::MatrixCell;
use bridgeport_engine::{Matrix, Verdict};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    pub matrix: Rc<Matrix>,
}

/// The transports in display order, with their names.
const TRANSPORTS: [(&str, &str); 4] = [
    ("tcp", "TCP"),
    ("udp", "UDP"),
    ("icmp", "ICMP"),
    ("dns", "Name lookup"),
];

/// How a (from, to) pair fares over one transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Myself,
    Untested,
    Yes,
    No,
    Partly,
}

impl Reach {
    pub fn symbol(self) -> &'static str {
        match self {
            Reach::Myself => "·",
            Reach::Untested => "–",
            Reach::Yes => "✓",
            Reach::No => "✗",
            Reach::Partly => "◐",
        }
    }
    fn class(self) -> &'static str {
        match self {
            Reach::Myself => "self",
            Reach::Untested => "untested",
            Reach::Yes => "yes",
            Reach::No => "no",
            Reach::Partly => "partly",
        }
    }
}

/// Summarise the probes of one cell.
pub fn reach(from: usize, to: usize, probes: &[&MatrixCell]) -> Reach {
    if probes.is_empty() {
        return if from == to {
            Reach::Myself
        } else {
            Reach::Untested
        };
    }
    let ok = probes
        .iter()
        .filter(|c| c.verdict == Verdict::Delivered)
        .count();
    match ok {
        0 => Reach::No,
        n if n == probes.len() => Reach::Yes,
        _ => Reach::Partly,
    }
}

/// The sentence a screen reader (and the tooltip) gives for a cell.
pub fn describe(from: &str, to: &str, transport: &str, r: Reach, probes: &[&MatrixCell]) -> String {
    let head = match r {
        Reach::Myself => return format!("{from} to itself"),
        Reach::Untested => return format!("{from} → {to} over {transport}: not probed"),
        Reach::Yes => "reachable",
        Reach::No => "blocked",
        Reach::Partly => "partly reachable",
    };
    let parts: Vec<String> = probes
        .iter()
        .map(|c| match c.verdict {
            Verdict::Delivered => format!("{}: ok", c.transport.label),
            v => {
                let word = if v == Verdict::Rejected {
                    "rejected"
                } else {
                    "dropped"
                };
                let reason = c
                    .reason
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                let hint = c
                    .hint
                    .as_deref()
                    .map(|h| format!(" (try: {h})"))
                    .unwrap_or_default();
                format!("{}: {word}{reason}{hint}", c.transport.label)
            }
        })
        .collect();
    format!(
        "{from} → {to} over {transport}: {head}. {}",
        parts.join("; ")
    )
}

#[function_component(MatrixView)]
pub fn matrix_view(props: &MatrixProps) -> Html {
    let m = &props.matrix;
    let present: Vec<(&str, &str)> = TRANSPORTS
        .iter()
        .copied()
        .filter(|(p, _)| m.cells.iter().any(|c| c.transport.proto == *p))
        .collect();
    let proto = use_state(|| None::<String>);
    let focus = use_state(|| None::<(usize, usize)>);
    let table_ref = use_node_ref();
    let current = proto
        .as_deref()
        .filter(|p| present.iter().any(|(q, _)| q == p))
        .or(present.first().map(|(p, _)| *p))
        .unwrap_or("tcp")
        .to_string();
    let name = TRANSPORTS
        .iter()
        .find(|(p, _)| *p == current)
        .map_or(current.clone(), |(_, n)| n.to_string());
    let n = m.endpoints.len();
    if n == 0 || m.cells.is_empty() {
        return html! {
            <div class="empty-state">
                <p>{ "No matrix yet." }</p>
                <p class="muted">{ "Start a container or two: the matrix shows who can reach whom over TCP, UDP, ICMP and name lookup, and why not." }</p>
            </div>
        };
    }
    let probes = |from: usize, to: usize| -> Vec<&MatrixCell> {
        m.cells
            .iter()
            .filter(|c| c.from == from && c.to == to && c.transport.proto == current)
            .collect()
    };
    // Until the learner moves, the first failure is in focus (it is what they came to see).
    let first_failure = m
        .cells
        .iter()
        .find(|c| c.transport.proto == current && c.verdict != Verdict::Delivered)
        .map(|c| (c.from, c.to));
    let (fr, fc) = focus.or(first_failure).unwrap_or((0, 1.min(n - 1)));
    let (fr, fc) = (fr.min(n - 1), fc.min(n - 1));

    let onkeydown = {
        let focus = focus.clone();
        let table_ref = table_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let (r, c) = (fr, fc);
            let next = match e.key().as_str() {
                "ArrowUp" => (r.saturating_sub(1), c),
                "ArrowDown" => ((r + 1).min(n - 1), c),
                "ArrowLeft" => (r, c.saturating_sub(1)),
                "ArrowRight" => (r, (c + 1).min(n - 1)),
                "Home" => (r, 0),
                "End" => (r, n - 1),
                _ => return,
            };
            e.prevent_default();
            focus.set(Some(next));
            if let Some(table) = table_ref.cast::<web_sys::Element>() {
                let sel = format!("[data-cell=\"{}-{}\"]", next.0, next.1);
                if let Ok(Some(el)) = table.query_selector(&sel) {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        })
    };

    let detail = {
        let ps = probes(fr, fc);
        let r = reach(fr, fc, &ps);
        let (from, to) = (&m.endpoints[fr].name, &m.endpoints[fc].name);
        html! {
            <div class="cell-detail" aria-live="polite">
                <strong>{ format!("{from} → {to}") }</strong>
                <span class={classes!("reach", r.class())}>{ format!(" {} ", r.symbol()) }</span>
                if ps.is_empty() {
                    <span class="muted">{ if fr == fc { "itself" } else { "not probed" } }</span>
                }
                <ul>
                    { for ps.iter().map(|c| {
                        let ok = c.verdict == Verdict::Delivered;
                        html! {
                            <li class={if ok { "ok" } else { "bad" }}>
                                <span class="mono">{ c.transport.label.clone() }</span>
                                { if ok { " — ok".to_string() } else { format!(" — {}", if c.verdict == Verdict::Rejected { "rejected" } else { "dropped" }) } }
                                { c.reason.clone().map(|r| html! { <div class="reason">{ r }</div> }) }
                                { c.hint.clone().map(|h| html! { <div class="hint"><span class="k">{ "try" }</span><code>{ h }</code></div> }) }
                            </li>
                        }
                    }) }
                </ul>
            </div>
        }
    };

    html! {
        <div class="matrix">
            <div class="transport-pick" role="group" aria-label="Transport">
                { for present.iter().map(|(p, label)| {
                    let active = *p == current;
                    let proto = proto.clone();
                    let value = p.to_string();
                    html! {
                        <button type="button" class={classes!("button", "small", active.then_some("active"))}
                            aria-pressed={active.to_string()} data-proto={*p}
                            onclick={Callback::from(move |_: MouseEvent| proto.set(Some(value.clone())))}>
                            { *label }
                        </button>
                    }
                }) }
            </div>
            <p id="matrix-caption" class="caption">{ format!("Who can reach whom over {name}: rows send, columns receive.") }</p>
            <div class="grid-scroll">
                <table class="grid" ref={table_ref} {onkeydown} aria-describedby="matrix-caption">
                    <thead>
                        <tr>
                            <th scope="col" class="corner"><span class="sr-only">{ "from \\ to" }</span><span aria-hidden="true">{ "from ╲ to" }</span></th>
                            { for m.endpoints.iter().map(|e| html! { <th scope="col" class={classes!("to", e.kind.clone())}><span>{ e.name.clone() }</span></th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for m.endpoints.iter().enumerate().map(|(r, from)| html! {
                            <tr>
                                <th scope="row" class={classes!("from", from.kind.clone())}>{ from.name.clone() }</th>
                                { for m.endpoints.iter().enumerate().map(|(c, to)| {
                                    let ps = probes(r, c);
                                    let rr = reach(r, c, &ps);
                                    let text = describe(&from.name, &to.name, &name, rr, &ps);
                                    let focus = focus.clone();
                                    html! {
                                        <td class={classes!("cell", rr.class())} data-cell={format!("{r}-{c}")}
                                            tabindex={if (r, c) == (fr, fc) { "0" } else { "-1" }}
                                            title={text.clone()} aria-label={text}
                                            onfocus={Callback::from(move |_: FocusEvent| focus.set(Some((r, c))))}>
                                            { rr.symbol() }
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="legend muted">{ "✓ reachable · ✗ blocked · ◐ some probes fail · – not probed. Focus a cell (arrow keys) to see why." }</p>
            { detail }
        </div>
    }
}

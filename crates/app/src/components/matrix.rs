//! The transport matrix: for one transport at a time (TCP, UDP, ICMP, name
//! lookup), a grid of senders × receivers. Every cell has a short aria-label
//! ("web → db over TCP: blocked"); its probes, with the reason and the fix of
//! each failure, are its tooltip (made when pointed at) and are spelled out
//! in a live region below the grid when it has focus. The grid is one tab
//! stop; arrow keys move between cells (roving tabindex).

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

/// A cell's tooltip: its short label, then every probe with the reason and
/// the fix of each failure.
pub fn describe(from: &str, to: &str, transport: &str, r: Reach, probes: &[&MatrixCell]) -> String {
    let head = short_label(from, to, transport, r);
    if matches!(r, Reach::Myself | Reach::Untested) {
        return head;
    }
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
    format!("{head}. {}", parts.join("; "))
}

#[function_component(MatrixView)]
pub fn matrix_view(props: &MatrixProps) -> Html {
    let m = &props.matrix;
    let present: Vec<(&'static str, &'static str)> = TRANSPORTS
        .iter()
        .copied()
        .filter(|(p, _)| m.cells.iter().any(|c| c.transport.proto == *p))
        .collect();
    let proto = use_state(|| None::<String>);
    let focus = use_state(|| None::<(usize, usize)>);
    let current: &'static str = proto
        .as_deref()
        .and_then(|p| present.iter().find(|(q, _)| *q == p))
        .or(present.first())
        .map_or("tcp", |(p, _)| *p);
    let name: &'static str = TRANSPORTS
        .iter()
        .find(|(p, _)| *p == current)
        .map_or("TCP", |(_, n)| *n);
    let n = m.endpoints.len();
    if n == 0 || m.cells.is_empty() {
        return html! {
            <div class="empty-state">
                <p>{ "No matrix yet." }</p>
                <p class="muted">{ "Start a container or two: the matrix shows who can reach whom over TCP, UDP, ICMP and name lookup, and why not." }</p>
            </div>
        };
    }
    // Built once per matrix and transport, not per render.
    let index = {
        let m = Rc::clone(m);
        use_memo((Rc::as_ptr(&m) as usize, current), move |_| {
            CellIndex::new(m, current)
        })
    };
    // Until the learner moves, the first failure is in focus (it is what they came to see).
    let (fr, fc) = focus.or(index.first_failure).unwrap_or((0, 1.min(n - 1)));
    let (fr, fc) = (fr.min(n - 1), fc.min(n - 1));

    let detail = {
        let ps = index.probes(fr, fc);
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
    let on_focus = {
        let focus = focus.clone();
        Callback::from(move |cell: (usize, usize)| focus.set(Some(cell)))
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
            <Grid index={index} focus={(fr, fc)} {on_focus} />
            <p class="legend muted">{ "✓ reachable · ✗ blocked · ◐ some probes fail · – not probed. Focus a cell (arrow keys) or point at it to see why." }</p>
            { detail }
        </div>
    }
}

/// The cells of one transport, grouped by (from, to): the grid looks every
/// pair up once, so a render is O(endpoints² + cells), not their product.
pub struct CellIndex {
    pub matrix: Rc<Matrix>,
    /// "tcp", "udp", "icmp" or "dns".
    pub proto: &'static str,
    /// Its display name ("Name lookup").
    pub name: &'static str,
    /// Indices into `matrix.cells` of this transport, sorted by (from, to).
    picked: Vec<u32>,
    /// For pair `from * n + to`: its range in `picked`.
    ranges: Vec<(u32, u32)>,
    pub first_failure: Option<(usize, usize)>,
}

impl CellIndex {
    pub fn new(matrix: Rc<Matrix>, proto: &'static str) -> CellIndex {
        let n = matrix.endpoints.len();
        let mut picked: Vec<u32> = (0..matrix.cells.len() as u32)
            .filter(|&i| matrix.cells[i as usize].transport.proto == proto)
            .collect();
        // Stable: within a pair, the engine's probe order is kept.
        picked.sort_by_key(|&i| {
            let c = &matrix.cells[i as usize];
            (c.from, c.to)
        });
        let mut ranges = vec![(0u32, 0u32); n * n];
        for (at, &i) in picked.iter().enumerate() {
            let c = &matrix.cells[i as usize];
            if c.from >= n || c.to >= n {
                continue;
            }
            let r = &mut ranges[c.from * n + c.to];
            if r.0 == r.1 {
                *r = (at as u32, at as u32 + 1);
            } else {
                r.1 = at as u32 + 1;
            }
        }
        let first_failure = matrix
            .cells
            .iter()
            .find(|c| c.transport.proto == proto && c.verdict != Verdict::Delivered)
            .map(|c| (c.from, c.to));
        let name = TRANSPORTS
            .iter()
            .find(|(p, _)| *p == proto)
            .map_or("TCP", |(_, n)| *n);
        CellIndex {
            matrix,
            proto,
            name,
            picked,
            ranges,
            first_failure,
        }
    }

    /// The probes from `from` to `to` over this transport, in probe order.
    pub fn probes(&self, from: usize, to: usize) -> Vec<&MatrixCell> {
        let n = self.matrix.endpoints.len();
        let Some(&(a, b)) = self.ranges.get(from * n + to) else {
            return Vec::new();
        };
        self.picked[a as usize..b as usize]
            .iter()
            .map(|&i| &self.matrix.cells[i as usize])
            .collect()
    }

    /// The sentence for a cell's tooltip: every probe, with reasons and fixes.
    pub fn describe(&self, from: usize, to: usize) -> String {
        let ps = self.probes(from, to);
        let e = &self.matrix.endpoints;
        describe(
            &e[from].name,
            &e[to].name,
            self.name,
            reach(from, to, &ps),
            &ps,
        )
    }
}

#[derive(Properties)]
struct GridProps {
    index: Rc<CellIndex>,
    focus: (usize, usize),
    on_focus: Callback<(usize, usize)>,
}

impl PartialEq for GridProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.index, &other.index) && self.focus == other.focus
    }
}

/// The cell (row, column) an event happened in, from its `data-cell`.
fn event_cell(e: &Event) -> Option<(web_sys::Element, (usize, usize))> {
    let td = e
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("td.cell")
        .ok()??;
    let at = td.get_attribute("data-cell")?;
    let (r, c) = at.split_once('-')?;
    Some((td, (r.parse().ok()?, c.parse().ok()?)))
}

/// The grid itself: re-rendered only when the transport or the focused cell
/// changes. One listener per kind on the table (not one per cell); each
/// cell's long description is made when it is pointed at (its tooltip) or
/// focused (the live detail below), so 200 containers do not build 40 000
/// sentences up front.
#[function_component(Grid)]
fn grid(props: &GridProps) -> Html {
    let index = &props.index;
    let m = &index.matrix;
    let n = m.endpoints.len();
    let (fr, fc) = props.focus;
    let table_ref = use_node_ref();
    let onkeydown = {
        let on_focus = props.on_focus.clone();
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
            on_focus.emit(next);
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
    let onfocusin = {
        let on_focus = props.on_focus.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some((_, cell)) = event_cell(&e) {
                on_focus.emit(cell);
            }
        })
    };
    let onmouseover = {
        let index = Rc::clone(index);
        Callback::from(move |e: MouseEvent| {
            if let Some((td, (r, c))) = event_cell(&e) {
                if !td.has_attribute("title") && r < n && c < n {
                    let _ = td.set_attribute("title", &index.describe(r, c));
                }
            }
        })
    };
    html! {
        <div class="grid-scroll">
            <table class="grid" ref={table_ref} {onkeydown} {onfocusin} {onmouseover} aria-describedby="matrix-caption">
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
                                let rr = reach(r, c, &index.probes(r, c));
                                html! {
                                    <td class={classes!("cell", rr.class())} data-cell={format!("{r}-{c}")}
                                        tabindex={if (r, c) == (fr, fc) { "0" } else { "-1" }}
                                        aria-label={short_label(&from.name, &to.name, index.name, rr)}>
                                        { rr.symbol() }
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// What a screen reader says on a cell; the reasons follow in the live detail.
pub fn short_label(from: &str, to: &str, transport: &str, r: Reach) -> String {
    match r {
        Reach::Myself => format!("{from} to itself"),
        Reach::Untested => format!("{from} → {to} over {transport}: not probed"),
        Reach::Yes => format!("{from} → {to} over {transport}: reachable"),
        Reach::No => format!("{from} → {to} over {transport}: blocked"),
        Reach::Partly => format!("{from} → {to} over {transport}: partly reachable"),
    }
}

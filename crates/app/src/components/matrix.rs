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
                    .as_ref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                let hint = c
                    .hint
                    .as_ref()
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
                                { c.reason.as_ref().map(|r| html! { <div class="reason">{ r.text() }</div> }) }
                                { c.hint.as_ref().map(|h| html! { <div class="hint"><span class="k">{ "try" }</span><code>{ h.text() }</code></div> }) }
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
            <p id="matrix-caption" class="caption">{ format!("Who can reach whom over {}: rows send, columns receive.", index.name) }</p>
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
        bridgeport_golib::sort::sort_by_key(&mut picked, |&i| {
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

/// Sizes of the grid in CSS pixels (style.css `table.grid` uses the same):
/// every column and row is the same size, so the rows and columns in view
/// follow from the scroll offsets alone.
const CELL_W: i32 = 34;
const CELL_H: i32 = 30;
const ROW_HEAD_W: i32 = 150;
const COL_HEAD_H: i32 = 96;
/// Rows and columns rendered beyond the visible ones on each side.
const OVERSCAN: i32 = 4;

/// The part of the grid in view: what a scroll event changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Viewport {
    top: i32,
    left: i32,
    width: i32,
    height: i32,
}

impl Viewport {
    fn of(el: &web_sys::Element) -> Viewport {
        Viewport {
            top: el.scroll_top(),
            left: el.scroll_left(),
            width: el.client_width(),
            height: el.client_height(),
        }
    }

    /// The rows (or columns) to render: those in view plus [`OVERSCAN`], as a range of `0..n`.
    fn span(offset: i32, extent: i32, head: i32, size: i32, n: usize) -> std::ops::Range<usize> {
        let first = (offset - head).max(0) / size - OVERSCAN;
        let last = (offset + extent - head).max(0) / size + 1 + OVERSCAN;
        let clamp = |x: i32| (x.max(0) as usize).min(n);
        clamp(first)..clamp(last)
    }

    fn rows(&self, n: usize) -> std::ops::Range<usize> {
        Viewport::span(self.top, self.height, COL_HEAD_H, CELL_H, n)
    }

    fn cols(&self, n: usize) -> std::ops::Range<usize> {
        Viewport::span(self.left, self.width, ROW_HEAD_W, CELL_W, n)
    }
}

/// The grid itself, drawn as a window: only the rows and columns in view
/// (and a few around them) exist in the DOM, with spacers for the rest, so
/// 200 containers cost a few hundred cells, not 40 000. Re-rendered only
/// when the transport, the focused cell or the window changes. One listener
/// per kind on the table (not one per cell). Rows and cells are keyed, so a
/// scroll keeps each cell's element (and the focus on it) while it is drawn.
/// A cell's long description is
/// made when it is pointed at (its tooltip) or focused (the live detail).
#[function_component(Grid)]
fn grid(props: &GridProps) -> Html {
    let index = &props.index;
    let m = &index.matrix;
    let n = m.endpoints.len();
    let (fr, fc) = props.focus;
    let scroll_ref = use_node_ref();
    // None until the scroll box is measured: the first render draws the
    // table's frame at its full size and no cells. (A guessed window drew
    // ~1 900 cells that the measured one then removed: at 200 containers
    // the matrix takes longer than Yew's 16 ms slice, so Yew yields and the
    // browser laid out and painted the guess first, ~80 ms.)
    let view = use_state_eq(|| None::<Viewport>);
    // The cell a key moved to, focused once the window has drawn it.
    let pending = use_mut_ref(|| None::<(usize, usize)>);
    {
        let (scroll_ref, view) = (scroll_ref.clone(), view.clone());
        use_effect_with((), move |_| {
            if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                view.set(Some(Viewport::of(&el)));
            }
        });
    }
    // Whether the focus is in the grid: a scroll can move the focused cell's
    // row (the keyed diff re-inserts it) and the browser then drops the focus.
    let inside = use_mut_ref(|| false);
    {
        let (scroll_ref, pending, inside) = (scroll_ref.clone(), pending.clone(), inside.clone());
        use_effect_with((props.focus, *view), move |&((fr, fc), _)| {
            let Some(el) = scroll_ref.cast::<web_sys::Element>() else {
                return;
            };
            let want = *pending.borrow();
            let lost = *inside.borrow()
                && !web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .is_some_and(|a| el.contains(Some(&a)));
            let cell = match want {
                Some(cell) => cell,
                None if lost => (fr, fc),
                None => return,
            };
            let sel = format!("[data-cell=\"{}-{}\"]", cell.0, cell.1);
            if let Ok(Some(td)) = el.query_selector(&sel) {
                if let Ok(td) = td.dyn_into::<web_sys::HtmlElement>() {
                    let options = web_sys::FocusOptions::new();
                    options.set_prevent_scroll(true);
                    let _ = td.focus_with_options(&options);
                    *pending.borrow_mut() = None;
                }
            }
        });
    }
    let onscroll = {
        let view = view.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                view.set(Some(Viewport::of(&el)));
            }
        })
    };
    let onkeydown = {
        let on_focus = props.on_focus.clone();
        let (scroll_ref, pending) = (scroll_ref.clone(), pending.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some((_, (r, c))) = event_cell(&e) else {
                return;
            };
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
            *pending.borrow_mut() = Some(next);
            // Scroll the new cell into view (under the sticky headers); the
            // scroll event then moves the window onto it.
            if let Some(el) = scroll_ref.cast::<web_sys::Element>() {
                let v = Viewport::of(&el);
                let (y, x) = (next.0 as i32 * CELL_H, next.1 as i32 * CELL_W);
                if y < v.top {
                    el.set_scroll_top(y);
                } else if y + CELL_H > v.top + v.height - COL_HEAD_H {
                    el.set_scroll_top(y + CELL_H - (v.height - COL_HEAD_H));
                }
                if x < v.left {
                    el.set_scroll_left(x);
                } else if x + CELL_W > v.left + v.width - ROW_HEAD_W {
                    el.set_scroll_left(x + CELL_W - (v.width - ROW_HEAD_W));
                }
            }
            on_focus.emit(next);
        })
    };
    let onfocusin = {
        let (on_focus, inside) = (props.on_focus.clone(), inside.clone());
        Callback::from(move |e: FocusEvent| {
            *inside.borrow_mut() = true;
            if let Some((_, cell)) = event_cell(&e) {
                on_focus.emit(cell);
            }
        })
    };
    let onfocusout = {
        let (inside, scroll_ref) = (inside.clone(), scroll_ref.clone());
        Callback::from(move |e: FocusEvent| {
            // Leaving for somewhere else on the page (not a node being moved).
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let within = match (to, scroll_ref.cast::<web_sys::Element>()) {
                (Some(to), Some(el)) => el.contains(Some(&to)),
                _ => false,
            };
            if !within && e.related_target().is_some() {
                *inside.borrow_mut() = false;
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
    let (rows, cols) = match *view {
        Some(v) => (v.rows(n), v.cols(n)),
        None => (0..0, 0..0),
    };
    // The one tab stop: the focused cell if it is drawn, else the first drawn cell.
    let stop = if rows.contains(&fr) && cols.contains(&fc) {
        (fr, fc)
    } else {
        (rows.start, cols.start)
    };
    let px = |k: usize, size: i32| (k as i32 * size).to_string();
    let (before, after) = (cols.start, n - cols.end);
    let pad_cols = |k: usize, head: bool| -> Html {
        match (k, head) {
            (0, _) => Html::default(),
            (k, true) => html! { <th class="pad" colspan={k.to_string()} aria-hidden="true"></th> },
            (k, false) => {
                html! { <td class="pad" colspan={k.to_string()} aria-hidden="true"></td> }
            }
        }
    };
    let pad_rows = |k: usize| -> Html {
        if k == 0 {
            return Html::default();
        }
        html! {
            <tr class="pad" aria-hidden="true"><td colspan={(n + 1).to_string()} height={px(k, CELL_H)}></td></tr>
        }
    };
    html! {
        <div class="grid-scroll" ref={scroll_ref} {onscroll}>
            <table class="grid" role="grid" aria-rowcount={(n + 1).to_string()} aria-colcount={(n + 1).to_string()}
                width={(ROW_HEAD_W + n as i32 * CELL_W).to_string()}
                {onkeydown} {onfocusin} {onfocusout} {onmouseover} aria-describedby="matrix-caption">
                <colgroup>
                    <col width={ROW_HEAD_W.to_string()} />
                    <col span={n.to_string()} width={CELL_W.to_string()} />
                </colgroup>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="corner" aria-colindex="1"><span class="sr-only">{ "from \\ to" }</span><span aria-hidden="true">{ "from ╲ to" }</span></th>
                        { pad_cols(before, true) }
                        { for cols.clone().map(|c| {
                            let e = &m.endpoints[c];
                            html! {
                                <th key={c} scope="col" class={classes!("to", e.kind.clone())} aria-colindex={(c + 2).to_string()} title={e.name.clone()}>
                                    <span>{ e.name.clone() }</span>
                                </th>
                            }
                        }) }
                        { pad_cols(after, true) }
                    </tr>
                </thead>
                <tbody>
                    { pad_rows(rows.start) }
                    { for rows.clone().map(|r| {
                        let from = &m.endpoints[r];
                        html! {
                            <tr key={r} aria-rowindex={(r + 2).to_string()}>
                                <th scope="row" class={classes!("from", from.kind.clone())} aria-colindex="1" title={from.name.clone()}>{ from.name.clone() }</th>
                                { pad_cols(before, false) }
                                { for cols.clone().map(|c| {
                                    let to = &m.endpoints[c];
                                    let rr = reach(r, c, &index.probes(r, c));
                                    html! {
                                        <td key={c} class={classes!("cell", rr.class())} data-cell={format!("{r}-{c}")}
                                            aria-colindex={(c + 2).to_string()}
                                            tabindex={if (r, c) == stop { "0" } else { "-1" }}
                                            aria-label={short_label(&from.name, &to.name, index.name, rr)}>
                                            { rr.symbol() }
                                        </td>
                                    }
                                }) }
                                { pad_cols(after, false) }
                            </tr>
                        }
                    }) }
                    { pad_rows(n - rows.end) }
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

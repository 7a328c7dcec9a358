//! Topology snapshot → SVG geometry. Pure: no DOM, no Yew, tested natively.
//!
//! The picture, top to bottom: the internet and the LAN computer outside,
//! joined by the LAN to the host's `eth0`; inside the host box a row of chips
//! (`eth0`, `lo`, iptables, then one chip per published port); below them one
//! column per bridge network, headed by its bridge bar (`docker0`, `br-…`,
//! subnet, gateway), with its containers in a grid hanging off veth "spines".
//! Containers on a second network get a dashed link to that network's bar.
//!
//! Readability from 1 to 50 containers comes from three rules: a column grows
//! sideways to at most [`MAX_SUBCOLS`] sub-columns, columns wrap into bands
//! when the host would exceed [`MAX_INNER_W`], and every label is cut to the
//! width it has (the full text stays in the node's `<title>`).
//!
//! Every node has a stable id (`host`, `host:eth0`, `net:<name>`,
//! `ctr:<name>`, `port:<ip>:<port>/<proto>`, `lan`, `internet`, …) used as
//! its `data-node` attribute, and [`Layout::locate`] maps a packet hop to a
//! point on this drawing.

use bridgeport_golib::sorted_map::SortedMap;

use bridgeport_engine::topology::{ContainerView, NetworkView};
use bridgeport_engine::{Hop, HopAt, Topology};

/// Outer margin.
const M: f64 = 16.0;
/// Padding inside the host box.
const P: f64 = 14.0;
/// Internet / LAN computer boxes.
const OUT_W: f64 = 200.0;
const OUT_H: f64 = 40.0;
/// Interface and port chips.
const CHIP_H: f64 = 38.0;
const CHIP_GAP: f64 = 10.0;
/// Network columns.
const BAR_H: f64 = 54.0;
const COL_GAP: f64 = 16.0;
const COL_MIN_W: f64 = 250.0;
/// Container boxes and the slot (spine + box) they occupy.
pub const CTR_W: f64 = 200.0;
const SPINE_IN: f64 = 14.0;
const SPINE_TO_BOX: f64 = 18.0;
const SLOT_W: f64 = SPINE_TO_BOX + CTR_W + 14.0;
const ROW_GAP: f64 = 12.0;
const LINE_H: f64 = 15.0;
/// At most this many containers side by side in one network column.
pub const MAX_SUBCOLS: usize = 4;
/// Columns wrap into a new band beyond this inner host width.
pub const MAX_INNER_W: f64 = 1000.0;
const MIN_INNER_W: f64 = 560.0;

/// Approximate advance widths, for cutting labels to fit.
const MONO_CH: f64 = 6.7;
const SANS_CH: f64 = 6.6;
const BOLD_CH: f64 = 8.0;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pt {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn center(&self) -> Pt {
        Pt {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
    /// True if the two rectangles share any area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// True if `o` lies entirely inside.
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }
    /// The area the two rectangles share.
    pub fn overlap_area(&self, o: &Rect) -> f64 {
        let w = self.right().min(o.right()) - self.x.max(o.x);
        let h = self.bottom().min(o.bottom()) - self.y.max(o.y);
        w.max(0.0) * h.max(0.0)
    }
}

/// What a chip stands for (it picks the colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipKind {
    Outside,
    Interface,
    Firewall,
    Port,
}

/// A labelled box: an interface, the firewall, a published port, or an outside machine.
#[derive(Debug, Clone, PartialEq)]
pub struct Chip {
    pub node: String,
    pub kind: ChipKind,
    pub rect: Rect,
    pub label: String,
    pub sub: String,
    /// Full text alternative, for `<title>`.
    pub alt: String,
}

/// What kind of network a column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Bridge,
    HostNet,
    NoneNet,
    Other,
}

/// One network column with its bridge bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub node: String,
    pub kind: ColumnKind,
    pub rect: Rect,
    pub bar: Rect,
    /// Bridge device or column name, e.g. "docker0".
    pub title: String,
    /// e.g. "bridge · 172.17.0.0/16"
    pub subtitle: String,
    /// e.g. "gateway 172.17.0.1"
    pub detail: String,
    pub badges: Vec<String>,
    /// Vertical veth spines, one per sub-column that has containers.
    pub spines: Vec<(Pt, Pt)>,
    /// Where to write "no containers" when the column is empty.
    pub empty_at: Option<Pt>,
    pub alt: String,
}

/// One interface line inside a container box.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub text: String,
    pub y: f64,
}

/// A container box.
#[derive(Debug, Clone, PartialEq)]
pub struct CtrBox {
    pub node: String,
    /// The container's full name.
    pub name: String,
    pub rect: Rect,
    pub label: String,
    /// "image · state", cut to fit.
    pub sub: String,
    pub state: String,
    pub rows: Vec<Row>,
    /// Shares another network stack (host mode, container mode): drawn dashed.
    pub shared: bool,
    pub alt: String,
}

/// What a link connects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// LAN cabling between the outside machines and eth0.
    Lan,
    /// A container's veth to the bridge of its own column.
    Veth,
    /// A veth to a network drawn in another column.
    Secondary,
}

/// A line or curve, as an SVG path.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub node: String,
    pub kind: LinkKind,
    pub d: String,
    pub alt: String,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub host: Rect,
    pub host_label: String,
    pub outside: Vec<Chip>,
    pub chips: Vec<Chip>,
    pub columns: Vec<Column>,
    /// Compose projects: a frame around each project's network columns
    /// (and so the containers in them), drawn under them.
    pub frames: Vec<Frame>,
    pub containers: Vec<CtrBox>,
    pub links: Vec<Link>,
    anchors: SortedMap<String, Pt>,
    /// For each veth on its own column's spine: the spine's top (on the
    /// bridge bar) and the corner where the veth leaves the spine.
    spine_of: SortedMap<String, (Pt, Pt)>,
    /// The height of the LAN line.
    lan_y: f64,
    /// The LAN's router (gateway to the internet, upstream DNS).
    pub router: Pt,
    /// Secondary links drawn so far to each column (they take turns of lane).
    secondaries: SortedMap<usize, usize>,
}

/// A Compose project's frame: its name above the columns of its networks.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub project: String,
    pub rect: Rect,
    pub label: String,
    pub alt: String,
}

/// Room above a band of columns for a project frame's name.
const FRAME_HEAD: f64 = 20.0;
/// How far a frame stands off its columns (less than half of [`COL_GAP`],
/// so neighbouring frames never touch).
const FRAME_PAD: f64 = 6.0;

/// Height of a container box above its interface rows.
fn head_h(compact: bool) -> f64 {
    if compact {
        8.0 + 17.0
    } else {
        8.0 + 17.0 + 15.0
    }
}

/// Cut `text` to at most `max_px` wide, ending with `…` when cut.
pub fn fit(text: &str, max_px: f64, char_px: f64) -> String {
    let max = (max_px / char_px).floor().max(1.0) as usize;
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// A coordinate for SVG, to one decimal, without float formatting (which
/// would pull Rust's float printing machinery into the wasm).
pub fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let (sign, t) = if tenths < 0 {
        ("-", -tenths)
    } else {
        ("", tenths)
    };
    if t % 10 == 0 {
        format!("{sign}{}", t / 10)
    } else {
        format!("{sign}{}.{}", t / 10, t % 10)
    }
}

fn fmt(v: f64) -> String {
    num(v)
}

/// An address as Docker prints it next to a port: IPv6 in brackets.
fn host_ip(ip: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]")
    } else {
        ip.to_string()
    }
}

/// Which column a container is drawn in.
fn home_network<'a>(c: &'a ContainerView, topo: &'a Topology) -> ColumnKey {
    let mode = c.network_mode.as_str();
    if mode == "host" {
        return ColumnKey::Host;
    }
    if mode == "none" {
        return ColumnKey::None;
    }
    if let Some(target) = mode.strip_prefix("container:") {
        return match topo
            .containers
            .iter()
            .find(|o| o.name == target || o.id.starts_with(target))
        {
            Some(t) if t.name != c.name && !t.network_mode.starts_with("container:") => {
                home_network(t, topo)
            }
            _ => ColumnKey::Other,
        };
    }
    let by_name = |n: &str| {
        topo.networks
            .iter()
            .position(|net| net.name == n && is_drawn_bridge(net))
    };
    if let Some(first) = c.interfaces.first() {
        if let Some(i) = by_name(&first.network) {
            return ColumnKey::Net(i);
        }
    }
    match by_name(mode) {
        Some(i) => ColumnKey::Net(i),
        None => ColumnKey::Other,
    }
}

fn is_drawn_bridge(net: &NetworkView) -> bool {
    net.driver != "host" && net.driver != "null"
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnKey {
    Net(usize),
    Host,
    None,
    Other,
}

/// How many containers sit side by side in a column of `n`, when the host
/// may be `max_inner_w` wide.
pub fn subcols(n: usize, max_inner_w: f64) -> usize {
    let wanted = match n {
        0..=3 => 1,
        4..=8 => 2,
        _ => ((n as f64 * 1.6).sqrt().ceil() as usize).min(MAX_SUBCOLS),
    };
    let room = (((max_inner_w - SPINE_IN) / SLOT_W).floor() as usize).max(1);
    wanted.min(room)
}

/// [`subcols`] for a shape: spread, a column of up to eight containers
/// puts as many side by side as it can (at most [`MAX_SUBCOLS`]).
fn subcols_for(n: usize, shape: Shape) -> usize {
    let normal = subcols(n, shape.max_inner_w);
    if !shape.spread || n > 2 * MAX_SUBCOLS {
        return normal;
    }
    let room = (((shape.max_inner_w - SPINE_IN) / SLOT_W).floor() as usize).max(1);
    n.clamp(1, MAX_SUBCOLS).min(room).max(normal)
}

/// An SVG path through `pts`.
fn polyline(pts: &[Pt]) -> String {
    pts.iter()
        .enumerate()
        .map(|(k, p)| {
            format!(
                "{}{} {}",
                if k == 0 { "M" } else { "L" },
                fmt(p.x),
                fmt(p.y)
            )
        })
        .collect()
}

/// A container's full description, for its `<title>`.
fn container_alt(c: &ContainerView) -> String {
    let ifaces: Vec<String> = c
        .interfaces
        .iter()
        .map(|i| format!("{} {} on {}", i.name, i.address, i.network))
        .collect();
    format!(
        "Container {} ({}, {}), network mode {}{}{}",
        c.name,
        c.image,
        c.state,
        c.network_mode,
        if ifaces.is_empty() {
            String::new()
        } else {
            format!(": {}", ifaces.join(", "))
        },
        if c.published.is_empty() {
            String::new()
        } else {
            let ports: Vec<String> = c
                .published
                .iter()
                .map(|p| {
                    format!(
                        "{}:{}→{}/{}",
                        host_ip(&p.host_ip),
                        p.host_port,
                        p.container_port,
                        p.proto
                    )
                })
                .collect();
            format!("; publishes {}", ports.join(", "))
        }
    )
}

/// Columns with more containers than this draw compact boxes (no image line).
pub const COMPACT_OVER: usize = 12;

/// How a layout is shown in its pane: the drawing and the scale it is drawn at.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub layout: Layout,
    /// Screen pixels per drawing unit, from [`MIN_SCALE`] to [`MAX_SCALE`].
    pub scale: f64,
    /// At this scale the drawing is larger than the pane: the pane scrolls
    /// (pans) and follows the packet being animated.
    pub scrolls: bool,
}

/// The smallest text on the drawing (interface rows, subtitles) is 11
/// units; fitting never draws it smaller than this many pixels.
pub const MIN_TEXT_PX: f64 = 8.0;
const SMALLEST_TEXT: f64 = 11.0;
/// The scale below which fitting stops shrinking and the pane scrolls.
pub const MIN_SCALE: f64 = MIN_TEXT_PX / SMALLEST_TEXT;
/// Fitting never enlarges: a small host is drawn at its actual size.
pub const MAX_SCALE: f64 = 1.0;

/// The host widths tried when fitting a pane.
const WIDTHS: [f64; 7] = [560.0, 760.0, 1000.0, 1300.0, 1600.0, 2000.0, 2400.0];

/// Up to this many containers, fitting also tries the spread shapes (small
/// columns side by side: a wide, short pane holds them larger).
const SPREAD_UP_TO: usize = 40;

/// The shape a layout is built for: how wide the host may grow, and whether
/// a column of a few containers stacks them (the default) or spreads them
/// side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    pub max_inner_w: f64,
    pub spread: bool,
}

/// Lay out `topo` for a pane of `pane_w` × `pane_h` pixels, scaled to the
/// smaller of the two ratios (both directions fit) with the shape whose
/// drawing comes out largest, at most [`MAX_SCALE`]. When even that would
/// draw text below [`MIN_TEXT_PX`], the minimum wins: the drawing is shown at
/// [`MIN_SCALE`] in the shape that scrolls least (as wide as the pane, the
/// shortest). A zero-sized (unmeasured) pane gets the default layout.
pub fn fit_to(topo: &Topology, pane_w: f64, pane_h: f64) -> Fitted {
    if pane_w < 50.0 || pane_h < 50.0 {
        return Fitted {
            layout: Layout::new(topo),
            scale: MAX_SCALE,
            scrolls: false,
        };
    }
    let spread = topo.containers.len() <= SPREAD_UP_TO;
    let layouts: Vec<Layout> = WIDTHS
        .iter()
        .flat_map(|&w| {
            [false, true].into_iter().map(move |spread| Shape {
                max_inner_w: w,
                spread,
            })
        })
        .filter(|s| spread || !s.spread)
        .map(|s| Layout::build(topo, s))
        .collect();
    let scale = |l: &Layout| (pane_w / l.width).min(pane_h / l.height).min(MAX_SCALE);
    let mut best = 0;
    for (i, l) in layouts.iter().enumerate() {
        if scale(l) > scale(&layouts[best]) + 1e-9 {
            best = i;
        }
    }
    let s = scale(&layouts[best]);
    if s >= MIN_SCALE {
        return Fitted {
            layout: layouts.into_iter().nth(best).unwrap_or_default(),
            scale: s,
            scrolls: false,
        };
    }
    // The minimum wins: scroll as little as possible, vertically only if
    // some shape is narrow enough.
    let fits_w = |l: &Layout| l.width * MIN_SCALE <= pane_w;
    let mut chosen = 0;
    for (i, l) in layouts.iter().enumerate() {
        let c = &layouts[chosen];
        let better = match (fits_w(l), fits_w(c)) {
            (true, false) => true,
            (false, true) => false,
            (true, true) => l.height < c.height - 1e-9,
            (false, false) => l.width < c.width - 1e-9,
        };
        if better {
            chosen = i;
        }
    }
    Fitted {
        layout: layouts.into_iter().nth(chosen).unwrap_or_default(),
        scale: MIN_SCALE,
        scrolls: true,
    }
}

struct Plan<'a> {
    key: ColumnKey,
    net: Option<&'a NetworkView>,
    members: Vec<usize>,
}

/// A column's size before it is placed.
struct Sized {
    w: f64,
    h: f64,
    sub: usize,
    row_h: Vec<f64>,
}

/// A container box placed in its column: (plan, container, box, compact).
type Placed = (usize, usize, Rect, bool);

fn box_h(c: &ContainerView, compact: bool) -> f64 {
    head_h(compact) + LINE_H * (c.interfaces.len().max(1) as f64) + 6.0
}

/// Step 1: which containers go in which column.
fn plan_columns(topo: &Topology) -> Vec<Plan<'_>> {
    let mut plans: Vec<Plan> = Vec::new();
    for (i, net) in topo.networks.iter().enumerate() {
        if is_drawn_bridge(net) {
            plans.push(Plan {
                key: ColumnKey::Net(i),
                net: Some(net),
                members: Vec::new(),
            });
        }
    }
    for key in [ColumnKey::Host, ColumnKey::None, ColumnKey::Other] {
        plans.push(Plan {
            key,
            net: None,
            members: Vec::new(),
        });
    }
    for (ci, c) in topo.containers.iter().enumerate() {
        let key = home_network(c, topo);
        if let Some(plan) = plans.iter_mut().find(|p| p.key == key) {
            plan.members.push(ci);
        }
    }
    plans.retain(|p| matches!(p.key, ColumnKey::Net(_)) || !p.members.is_empty());
    // A Compose project's networks side by side (after the others, projects
    // in order of their first network), so one frame holds them.
    let mut projects: Vec<&str> = Vec::new();
    for p in &plans {
        if let Some(n) = p.net.filter(|n| !n.project.is_empty()) {
            if !projects.contains(&n.project.as_str()) {
                projects.push(&n.project);
            }
        }
    }
    bridgeport_golib::sort::sort_by_key(&mut plans, |p| {
        p.net
            .and_then(|n| projects.iter().position(|q| *q == n.project))
            .map_or(0, |i| i + 1)
    });
    plans
}

/// Step 2a: a column's size (relative coordinates).
fn size_column(p: &Plan, topo: &Topology, shape: Shape) -> Sized {
    let n = p.members.len();
    let compact = n > COMPACT_OVER;
    let sub = subcols_for(n, shape);
    let rows = n.div_ceil(sub);
    let row_h: Vec<f64> = (0..rows)
        .map(|r| {
            p.members
                .iter()
                .skip(r * sub)
                .take(sub)
                .map(|&ci| box_h(&topo.containers[ci], compact))
                .fold(0.0, f64::max)
        })
        .collect();
    let body: f64 = if n == 0 {
        34.0
    } else {
        row_h.iter().sum::<f64>() + ROW_GAP * rows as f64 + 6.0
    };
    let w = (SPINE_IN + sub as f64 * SLOT_W).max(COL_MIN_W);
    Sized {
        w,
        h: BAR_H + 14.0 + body,
        sub,
        row_h,
    }
}

/// Step 2b: columns flow into bands no wider than `max_inner_w`; a Compose
/// project's columns (`group`: equal non-empty names, adjacent) start a new
/// band rather than split, when they fit in one.
fn flow_bands(sized: &[Sized], group: &[&str], max_inner_w: f64) -> Vec<Vec<usize>> {
    let mut bands: Vec<Vec<usize>> = vec![Vec::new()];
    let mut line_w = 0.0;
    for (i, s) in sized.iter().enumerate() {
        let g = group.get(i).copied().unwrap_or("");
        let starts = !g.is_empty() && (i == 0 || group.get(i - 1).copied() != Some(g));
        let run_w = if starts {
            let run: Vec<&Sized> = sized[i..]
                .iter()
                .zip(&group[i..])
                .take_while(|(_, h)| **h == g)
                .map(|(s, _)| s)
                .collect();
            run.iter().map(|s| s.w).sum::<f64>() + COL_GAP * run.len().saturating_sub(1) as f64
        } else {
            s.w
        };
        let add = if line_w == 0.0 {
            run_w
        } else {
            COL_GAP + run_w
        };
        if line_w > 0.0 && line_w + add > max_inner_w {
            bands.push(Vec::new());
            line_w = 0.0;
        }
        line_w += if line_w == 0.0 { s.w } else { COL_GAP + s.w };
        bands.last_mut().expect("one band").push(i);
    }
    bands
}

impl Layout {
    /// Lay out a snapshot with the default width.
    pub fn new(topo: &Topology) -> Layout {
        Layout::with_width(topo, MAX_INNER_W)
    }

    /// Lay out a snapshot, wrapping columns beyond `max_inner_w`.
    pub fn with_width(topo: &Topology, max_inner_w: f64) -> Layout {
        Layout::build(
            topo,
            Shape {
                max_inner_w,
                spread: false,
            },
        )
    }

    /// Lay out a snapshot in `shape`, in the six steps below.
    pub fn build(topo: &Topology, shape: Shape) -> Layout {
        let mut layout = Layout::default();
        // 1. Which containers go in which column.
        let plans = plan_columns(topo);
        // 2. Size each column, then flow them into bands.
        let sized: Vec<Sized> = plans.iter().map(|p| size_column(p, topo, shape)).collect();
        let group: Vec<&str> = plans
            .iter()
            .map(|p| p.net.map_or("", |n| n.project.as_str()))
            .collect();
        let bands = flow_bands(&sized, &group, shape.max_inner_w);
        let band_w = |b: &Vec<usize>| {
            b.iter().map(|&i| sized[i].w).sum::<f64>() + COL_GAP * b.len().saturating_sub(1) as f64
        };
        let inner_w = bands.iter().map(band_w).fold(MIN_INNER_W, f64::max);
        // 3. Outside machines and the LAN.
        let (internet, lan) = layout.place_outside(topo);
        // 4. The chip row: eth0, lo, iptables, published ports (wrapping).
        let (cols_top, port_ids) = layout.place_chips(topo, inner_w);
        layout.wire_lan(internet, lan);
        // 5. Columns, then the containers in them with their veth links.
        let (bar_of_net, placed) = layout.place_columns(topo, &plans, &sized, &bands, cols_top);
        for &p in &placed {
            layout.place_container(topo, &plans, p, &bar_of_net);
        }
        // 6. The host box around everything, and the anchors of the chips.
        layout.close_host(topo, inner_w, cols_top, &port_ids, lan);
        layout
    }

    /// Step 3: the internet and the LAN computer above the host.
    fn place_outside(&mut self, topo: &Topology) -> (Rect, Rect) {
        let out_y = M;
        self.lan_y = out_y + OUT_H + 16.0;
        let internet = Rect {
            x: M + P,
            y: out_y,
            w: OUT_W,
            h: OUT_H,
        };
        let lan = Rect {
            x: internet.right() + 24.0,
            y: out_y,
            w: OUT_W + 20.0,
            h: OUT_H,
        };
        let h = &topo.host;
        self.outside.push(Chip {
            node: "internet".into(),
            kind: ChipKind::Outside,
            rect: internet,
            label: "Internet".into(),
            sub: fit(&h.internet, OUT_W - 20.0, MONO_CH),
            alt: format!("The internet, standing in as {}", h.internet),
        });
        self.outside.push(Chip {
            node: "lan".into(),
            kind: ChipKind::Outside,
            rect: lan,
            label: "LAN computer".into(),
            sub: fit(&h.lan_peer, OUT_W, MONO_CH),
            alt: format!("Another computer on the LAN at {}", h.lan_peer),
        });
        (internet, lan)
    }

    /// The host box's top edge.
    fn host_y(&self) -> f64 {
        self.lan_y + 20.0
    }

    /// Step 4: the chip row; returns where the columns start and, for each
    /// port chip, the ids of the bindings it stands for.
    fn place_chips(&mut self, topo: &Topology, inner_w: f64) -> (f64, Vec<(String, Vec<String>)>) {
        let h = &topo.host;
        let mut chips: Vec<(String, ChipKind, f64, String, String, String)> = vec![
            (
                "host:eth0".into(),
                ChipKind::Interface,
                150.0,
                "eth0".into(),
                h.eth0.clone(),
                format!("Host interface eth0 {}", h.eth0),
            ),
            (
                "host:lo".into(),
                ChipKind::Interface,
                110.0,
                "lo".into(),
                "127.0.0.1/8".into(),
                "Host loopback lo 127.0.0.1/8".into(),
            ),
            (
                "host:nat".into(),
                ChipKind::Firewall,
                160.0,
                "iptables".into(),
                "nat · filter · proxy".into(),
                "The host firewall: iptables nat and filter tables, docker-proxy".into(),
            ),
        ];
        let mut port_ids: Vec<(String, Vec<String>)> = Vec::new();
        for c in &topo.containers {
            // One chip per published port; the IPv4 and IPv6 bindings of the
            // same port (0.0.0.0 and ::) share it.
            let mut groups: Vec<(&bridgeport_engine::topology::PublishedPortView, Vec<String>)> =
                Vec::new();
            for p in &c.published {
                let addr = format!("{}:{}", host_ip(&p.host_ip), p.host_port);
                match groups.iter_mut().find(|(q, _)| {
                    q.host_port == p.host_port
                        && q.container_port == p.container_port
                        && q.proto == p.proto
                }) {
                    Some((_, addrs)) => addrs.push(addr),
                    None => groups.push((p, vec![addr])),
                }
            }
            for (p, addrs) in groups {
                let node = format!("port:{}:{}/{}", p.host_ip, p.host_port, p.proto);
                let target = format!("{}:{}/{}", c.name, p.container_port, p.proto);
                let aliases: Vec<String> = c
                    .published
                    .iter()
                    .filter(|q| q.host_port == p.host_port && q.proto == p.proto)
                    .map(|q| format!("port:{}:{}/{}", q.host_ip, q.host_port, q.proto))
                    .collect();
                port_ids.push((node.clone(), aliases));
                chips.push((
                    node,
                    ChipKind::Port,
                    200.0,
                    addrs.join(" "),
                    format!("→ {target}"),
                    format!("Published port {} → {target}", addrs.join(" and ")),
                ));
            }
        }
        let left = M + P;
        let (mut cx, mut cy) = (left, self.host_y() + 28.0);
        for (node, kind, w, label, sub, alt) in chips {
            if cx > left && cx + w > left + inner_w {
                cx = left;
                cy += CHIP_H + CHIP_GAP;
            }
            let rect = Rect {
                x: cx,
                y: cy,
                w,
                h: CHIP_H,
            };
            self.chips.push(Chip {
                node,
                kind,
                rect,
                label: fit(&label, w - 16.0, MONO_CH),
                sub: fit(&sub, w - 16.0, MONO_CH),
                alt,
            });
            cx += w + CHIP_GAP;
        }
        (cy + CHIP_H + 16.0, port_ids)
    }

    /// LAN wiring: each outside box and eth0 drop onto one horizontal LAN
    /// line; the LAN's router sits where the internet's line meets it.
    fn wire_lan(&mut self, internet: Rect, lan: Rect) {
        let lan_y = self.lan_y;
        let eth0 = self.chips[0].rect;
        let drops = [internet.center().x, lan.center().x, eth0.center().x];
        let (l, r) = (
            drops.iter().cloned().fold(f64::MAX, f64::min),
            drops.iter().cloned().fold(f64::MIN, f64::max),
        );
        let mut d = format!("M{} {}H{}", fmt(l), fmt(lan_y), fmt(r));
        for (x, top) in [
            (internet.center().x, internet.bottom()),
            (lan.center().x, lan.bottom()),
        ] {
            d.push_str(&format!("M{} {}V{}", fmt(x), fmt(top), fmt(lan_y)));
        }
        d.push_str(&format!(
            "M{} {}V{}",
            fmt(eth0.center().x),
            fmt(lan_y),
            fmt(eth0.y)
        ));
        self.links.push(Link {
            node: "link:lan".into(),
            kind: LinkKind::Lan,
            d,
            alt: "The LAN: eth0, the LAN computer and the way to the internet".into(),
        });
        self.router = Pt {
            x: internet.center().x,
            y: lan_y,
        };
        self.anchors.insert("router".into(), self.router);
    }

    /// Step 5a: the columns with their bridge bars and spines, band by band;
    /// returns each network's column and where each container box goes.
    fn place_columns(
        &mut self,
        topo: &Topology,
        plans: &[Plan],
        sized: &[Sized],
        bands: &[Vec<usize>],
        cols_top: f64,
    ) -> (SortedMap<String, usize>, Vec<Placed>) {
        let mut bar_of_net: SortedMap<String, usize> = SortedMap::new();
        let framed = plans
            .iter()
            .any(|p| p.net.is_some_and(|n| !n.project.is_empty()));
        let head = if framed { FRAME_HEAD } else { 0.0 };
        let mut by = cols_top + head;
        let mut placed: Vec<Placed> = Vec::new();
        for band in bands {
            let mut bx = M + P;
            let band_h = band.iter().map(|&i| sized[i].h).fold(0.0, f64::max);
            for &pi in band {
                let (plan, s) = (&plans[pi], &sized[pi]);
                let rect = Rect {
                    x: bx,
                    y: by,
                    w: s.w,
                    h: band_h,
                };
                let bar = Rect {
                    x: bx,
                    y: by,
                    w: s.w,
                    h: BAR_H,
                };
                let mut column = column_header(plan, rect, bar);
                if let Some(net) = plan.net {
                    bar_of_net.insert(net.name.clone(), self.columns.len());
                    let at = Pt {
                        x: bar.center().x,
                        y: bar.bottom(),
                    };
                    self.anchors.insert(format!("net:{}", net.name), at);
                    if !net.bridge.is_empty() {
                        self.anchors.insert(format!("bridge:{}", net.bridge), at);
                    }
                }
                let mut y = bar.bottom() + 14.0;
                let mut spine_end = vec![None::<f64>; s.sub];
                let compact = plan.members.len() > COMPACT_OVER;
                for (r, chunk) in plan.members.chunks(s.sub).enumerate() {
                    for (k, &ci) in chunk.iter().enumerate() {
                        let spine_x = bx + SPINE_IN + k as f64 * SLOT_W;
                        let c = &topo.containers[ci];
                        let rect = Rect {
                            x: spine_x + SPINE_TO_BOX,
                            y,
                            w: CTR_W,
                            h: box_h(c, compact),
                        };
                        placed.push((pi, ci, rect, compact));
                        if plan.kind() == ColumnKind::Bridge && !c.interfaces.is_empty() {
                            spine_end[k] = Some(rect.y + head_h(compact) + LINE_H * 0.5);
                        }
                    }
                    y += s.row_h[r] + ROW_GAP;
                }
                for (k, end) in spine_end.iter().enumerate() {
                    if let Some(end) = end {
                        let x = bx + SPINE_IN + k as f64 * SLOT_W;
                        column
                            .spines
                            .push((Pt { x, y: bar.bottom() }, Pt { x, y: *end }));
                    }
                }
                if plan.members.is_empty() {
                    column.empty_at = Some(Pt {
                        x: bx + SPINE_IN,
                        y: bar.bottom() + 26.0,
                    });
                }
                self.columns.push(column);
                self.frame_column(plan.net.map_or("", |n| n.project.as_str()), rect);
                bx += s.w + COL_GAP;
            }
            by += band_h + COL_GAP + head;
        }
        (bar_of_net, placed)
    }

    /// Step 5a': a column of a Compose project joins the frame of the
    /// column before it when that is the same project's (in the same band),
    /// or starts one.
    fn frame_column(&mut self, project: &str, col: Rect) {
        if project.is_empty() {
            return;
        }
        let outer = Rect {
            x: col.x - FRAME_PAD,
            y: col.y - FRAME_HEAD,
            w: col.w + 2.0 * FRAME_PAD,
            h: col.h + FRAME_HEAD + FRAME_PAD,
        };
        if let Some(f) = self.frames.last_mut() {
            if f.project == project && f.rect.y == outer.y {
                f.rect.w = outer.right() - f.rect.x;
                f.rect.h = f.rect.h.max(outer.h);
                return;
            }
        }
        self.frames.push(Frame {
            project: project.to_string(),
            rect: outer,
            label: fit(project, outer.w - 16.0, BOLD_CH),
            alt: format!("Compose project {project}: its networks and the containers on them"),
        });
    }

    /// Step 5b: one container box, its interface rows, and its veth links:
    /// down its own column's spine, or, to a network drawn in another
    /// column, along lanes that cross no text (see [`Layout::secondary`]).
    fn place_container(
        &mut self,
        topo: &Topology,
        plans: &[Plan],
        (pi, ci, rect, compact): Placed,
        bar_of_net: &SortedMap<String, usize>,
    ) {
        let c = &topo.containers[ci];
        let plan = &plans[pi];
        let home_col = self
            .columns
            .iter()
            .position(|col| col.node == column_node(plan));
        let row_y = |i: usize| rect.y + head_h(compact) + LINE_H * (i as f64 + 0.5);
        let mut rows = Vec::new();
        let shared = plan.key == ColumnKey::Host || c.network_mode.starts_with("container:");
        if c.interfaces.is_empty() {
            let text = match plan.key {
                ColumnKey::Host => "shares the host's network".to_string(),
                ColumnKey::None => "lo only: no network".to_string(),
                _ if c.network_mode.starts_with("container:") => {
                    format!("netns of {}", &c.network_mode["container:".len()..])
                }
                _ => format!("no address ({})", c.state),
            };
            rows.push(Row {
                text: fit(&text, CTR_W - 16.0, SANS_CH),
                y: row_y(0),
            });
        }
        for (i, itf) in c.interfaces.iter().enumerate() {
            let y = row_y(i);
            let text = format!("{} {}", itf.name, itf.address);
            rows.push(Row {
                text: fit(&text, CTR_W - 16.0, MONO_CH),
                y,
            });
            self.anchors
                .insert(format!("ctr:{}:{}", c.name, itf.name), Pt { x: rect.x, y });
            let alt = format!(
                "{} ({} side) ↔ {} {} on {}",
                itf.veth, "host", c.name, itf.name, itf.network
            );
            let node = format!("link:{}:{}", c.name, itf.name);
            match bar_of_net.get(&itf.network).copied() {
                Some(col) if Some(col) == home_col => {
                    let spine_x = rect.x - SPINE_TO_BOX;
                    let d = format!("M{} {}H{}", fmt(spine_x), fmt(y), fmt(rect.x));
                    self.anchors.insert(
                        format!("veth:{}", itf.veth),
                        Pt {
                            x: spine_x + SPINE_TO_BOX / 2.0,
                            y,
                        },
                    );
                    let top = self.columns[col].bar.bottom();
                    self.spine_of.insert(
                        itf.veth.clone(),
                        (Pt { x: spine_x, y: top }, Pt { x: spine_x, y }),
                    );
                    self.links.push(Link {
                        node,
                        kind: LinkKind::Veth,
                        d,
                        alt,
                    });
                }
                Some(col) => {
                    let own = home_col.map_or(self.columns[col].bar, |h| self.columns[h].bar);
                    let pts = self.secondary(rect, y, own, col);
                    self.anchors.insert(format!("veth:{}", itf.veth), pts[1]);
                    self.anchors.insert(
                        format!("ctr:{}:{}", c.name, itf.name),
                        Pt { x: rect.right(), y },
                    );
                    self.links.push(Link {
                        node,
                        kind: LinkKind::Secondary,
                        d: polyline(&pts),
                        alt,
                    });
                }
                None => {}
            }
        }
        self.anchors
            .insert(format!("ctr:{}", c.name), rect.center());
        let sub = format!("{} · {}", c.image, c.state);
        self.containers.push(CtrBox {
            node: format!("ctr:{}", c.name),
            name: c.name.clone(),
            rect,
            label: fit(&c.name, CTR_W - 30.0, BOLD_CH),
            sub: if compact {
                String::new()
            } else {
                fit(&sub, CTR_W - 16.0, SANS_CH)
            },
            state: c.state.clone(),
            rows,
            shared,
            alt: container_alt(c),
        });
    }

    /// The way from a container's interface row at `y` (its box `rect`, in
    /// the column whose bar is `own`) to the bar of column `col`, through
    /// the drawing's empty lanes only: right into the gap beside the box,
    /// up to the strip under its band's bars, left to the host's margin and
    /// along it when the other network is in another band, along that
    /// band's strip, and up onto the bar. The gap, the strips and the margin
    /// hold no text, so the line crosses no label.
    fn secondary(&mut self, rect: Rect, y: f64, own: Rect, col: usize) -> Vec<Pt> {
        let target = self.columns[col].bar;
        let k = self.secondaries.entry(col).or_insert(0);
        let lane = (*k % 4) as f64;
        *k += 1;
        let gap_x = rect.right() + 7.0;
        let own_strip = own.bottom() + 4.0 + lane * 2.0;
        let strip = target.bottom() + 4.0 + lane * 2.0;
        let tx = target.right() - 10.0 - lane * 6.0;
        let mut pts = vec![
            Pt { x: rect.right(), y },
            Pt { x: gap_x, y },
            Pt {
                x: gap_x,
                y: own_strip,
            },
        ];
        if (own.y - target.y).abs() > 0.5 {
            let margin = M + P / 2.0 - lane;
            pts.push(Pt {
                x: margin,
                y: own_strip,
            });
            pts.push(Pt {
                x: margin,
                y: strip,
            });
        }
        pts.push(Pt { x: tx, y: strip });
        pts.push(Pt {
            x: tx,
            y: target.bottom(),
        });
        pts
    }

    /// Step 6: the host box around everything, the host's title, and the
    /// anchors of the chips.
    fn close_host(
        &mut self,
        topo: &Topology,
        inner_w: f64,
        cols_top: f64,
        port_ids: &[(String, Vec<String>)],
        lan: Rect,
    ) {
        let host_y = self.host_y();
        let bottom = self
            .columns
            .iter()
            .map(|c| c.rect.bottom())
            .fold(cols_top, f64::max);
        self.host = Rect {
            x: M,
            y: host_y,
            w: inner_w + 2.0 * P,
            h: bottom - host_y + P,
        };
        let host_name = if topo.host.hostname.is_empty() {
            "the host".to_string()
        } else {
            format!("{} · the host", topo.host.hostname)
        };
        self.host_label = fit(&host_name, inner_w - 200.0, BOLD_CH);
        self.anchors.insert(
            "host".into(),
            Pt {
                x: M + P + 60.0,
                y: host_y + 16.0,
            },
        );
        let chips: Vec<(String, Pt)> = self
            .outside
            .iter()
            .chain(self.chips.iter())
            .map(|c| (c.node.clone(), c.rect.center()))
            .collect();
        for (node, at) in chips {
            self.anchors.insert(node, at);
        }
        for chip in self.chips.iter().filter(|c| c.kind == ChipKind::Port) {
            if let Some(rest) = chip.node.rsplit_once(':').map(|(_, p)| p.to_string()) {
                self.anchors
                    .entry(format!("port:{rest}"))
                    .or_insert(chip.rect.center());
            }
            if let Some((_, aliases)) = port_ids.iter().find(|(id, _)| *id == chip.node) {
                for alias in aliases {
                    self.anchors
                        .entry(alias.clone())
                        .or_insert(chip.rect.center());
                }
            }
        }
        self.width = (self.host.right().max(lan.right()) + M).ceil();
        self.height = (self.host.bottom() + M).ceil();
    }

    /// The point a hop happens at on this drawing, from the hop's structured
    /// place ([`HopAt`], filled by the engine's recorder). A hop without one
    /// (an older trace) sits on its node's box; unknown places fall back to
    /// the host.
    pub fn locate(&self, hop: &Hop) -> Pt {
        let a = |k: &str| self.anchors.get(k).copied();
        let ctr =
            |c: &str, itf: &str| a(&format!("ctr:{c}:{itf}")).or_else(|| a(&format!("ctr:{c}")));
        let on = |node: &str| match node {
            "host" => a("host:nat"),
            n => ctr(n, ""),
        };
        let found = match &hop.at {
            Some(HopAt::HostInterface { name }) => a(&format!("host:{name}")),
            Some(HopAt::Bridge { device, .. }) => a(&format!("bridge:{device}")),
            Some(HopAt::Veth {
                container,
                iface,
                device,
            }) => a(&format!("veth:{device}")).or_else(|| ctr(container, iface)),
            Some(HopAt::Netfilter { .. } | HopAt::Conntrack) => a("host:nat"),
            Some(HopAt::Routing { node }) => on(node),
            Some(HopAt::Resolver { node, .. }) if node == "host" => a("host"),
            Some(HopAt::Resolver { node, .. }) => on(node),
            // The proxy sits behind the published port it listens on.
            Some(HopAt::DockerProxy { port, proto }) => {
                a(&format!("port:{port}/{proto}")).or_else(|| a("host:nat"))
            }
            Some(HopAt::ContainerInterface { container, iface }) => ctr(container, iface),
            Some(HopAt::Router) => a("router"),
            Some(HopAt::LanPeer) => a("lan"),
            Some(HopAt::Internet) => a("internet"),
            None => match hop.node.as_str() {
                "host" => None,
                "lan" | "internet" => a(&hop.node),
                name => ctr(name, ""),
            },
        };
        found.or_else(|| a("host")).unwrap_or_default()
    }

    /// The way a packet travels between its hops, along the drawn wires:
    /// one polyline per pair of consecutive hops (from hop `i` to hop `i+1`).
    /// A bridge hop next to a veth hop sits on that veth's spine, and a hop
    /// between eth0 and the outside follows the LAN line.
    pub fn route(&self, hops: &[Hop]) -> Vec<Vec<Pt>> {
        let spine = |h: &Hop| match &h.at {
            Some(HopAt::Veth { device, .. }) => self.spine_of.get(device),
            _ => None,
        };
        let is_bridge = |h: &Hop| matches!(&h.at, Some(HopAt::Bridge { device, .. }) if self.anchors.contains_key(&format!("bridge:{device}")));
        let mut pts: Vec<Pt> = hops.iter().map(|h| self.locate(h)).collect();
        for i in 0..hops.len() {
            if is_bridge(&hops[i]) {
                let near = [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| hops.get(j))
                    .find_map(spine);
                if let Some((top, _)) = near {
                    pts[i] = *top;
                }
            }
        }
        let outside =
            |h: &Hop| matches!(h.at, Some(HopAt::Router | HopAt::LanPeer | HopAt::Internet));
        let eth0 = |h: &Hop| matches!(&h.at, Some(HopAt::HostInterface { name }) if name == "eth0");
        let mut legs = Vec::new();
        for i in 0..hops.len().saturating_sub(1) {
            let (a, b) = (pts[i], pts[i + 1]);
            let mut leg = vec![a];
            // Down the spine, then along the veth (or back).
            if is_bridge(&hops[i]) {
                if let Some((_, corner)) = spine(&hops[i + 1]) {
                    leg.push(*corner);
                }
            } else if is_bridge(&hops[i + 1]) {
                if let Some((_, corner)) = spine(&hops[i]) {
                    leg.push(*corner);
                }
            }
            // Up to the LAN line, along it, and down to the other end.
            if (outside(&hops[i]) && (eth0(&hops[i + 1]) || outside(&hops[i + 1])))
                || (eth0(&hops[i]) && outside(&hops[i + 1]))
            {
                leg.push(Pt {
                    x: a.x,
                    y: self.lan_y,
                });
                leg.push(Pt {
                    x: b.x,
                    y: self.lan_y,
                });
            }
            leg.push(b);
            legs.push(leg);
        }
        legs
    }

    /// The anchor with this id, if any (tests and the overlay use it).
    pub fn anchor(&self, id: &str) -> Option<Pt> {
        self.anchors.get(id).copied()
    }

    /// Of `spots` (places a floating label could go), the index of the one
    /// that hides the least of the drawing's text: the chips, the bridge
    /// bars, the container boxes, the host's title and the router's word, whatever would fall
    /// outside the drawing, and the rectangles `taken` (labels placed
    /// before). The first of equal spots wins, so callers list their usual
    /// place first and a label moves only when it must.
    pub fn clearest(&self, spots: &[Rect], taken: &[Rect]) -> usize {
        let title = Rect {
            x: self.host.x,
            y: self.host.y,
            w: 28.0 + self.host_label.chars().count() as f64 * BOLD_CH,
            h: 28.0,
        };
        let texts: Vec<Rect> = (self.outside.iter().chain(&self.chips).map(|c| c.rect))
            .chain(self.columns.iter().map(|c| c.bar))
            .chain(self.containers.iter().map(|c| c.rect))
            .chain(std::iter::once(title))
            // The router's word, drawn beside its dot (components/topology.rs).
            .chain(std::iter::once(Rect {
                x: self.router.x + 8.0,
                y: self.router.y - 18.0,
                w: 46.0,
                h: 16.0,
            }))
            .chain(taken.iter().copied())
            .collect();
        let page = Rect {
            x: 0.0,
            y: 0.0,
            w: self.width,
            h: self.height,
        };
        let hidden = |s: &Rect| {
            let outside = s.w * s.h - s.overlap_area(&page);
            outside + texts.iter().map(|t| s.overlap_area(t)).sum::<f64>()
        };
        let mut best = (0, f64::INFINITY);
        for (i, s) in spots.iter().enumerate() {
            let h = hidden(s);
            if h < best.1 {
                best = (i, h);
            }
        }
        best.0
    }

    /// Every node id drawn, in drawing order.
    pub fn node_ids(&self) -> Vec<String> {
        let mut ids = vec!["host".to_string(), "router".to_string()];
        ids.extend(self.outside.iter().map(|c| c.node.clone()));
        ids.extend(self.chips.iter().map(|c| c.node.clone()));
        ids.extend(self.columns.iter().map(|c| c.node.clone()));
        ids.extend(self.containers.iter().map(|c| c.node.clone()));
        ids
    }
}

impl Plan<'_> {
    fn kind(&self) -> ColumnKind {
        match self.key {
            ColumnKey::Net(_) => ColumnKind::Bridge,
            ColumnKey::Host => ColumnKind::HostNet,
            ColumnKey::None => ColumnKind::NoneNet,
            ColumnKey::Other => ColumnKind::Other,
        }
    }
}

fn column_node(plan: &Plan) -> String {
    match (plan.key, plan.net) {
        (_, Some(net)) => format!("net:{}", net.name),
        (ColumnKey::Host, _) => "net:host".into(),
        (ColumnKey::None, _) => "net:none".into(),
        _ => "net:(other)".into(),
    }
}

/// A network column's bar: titled by the network's name (the name a
/// learner chose, `data`), with the bridge device (`br-…`, `docker0`) and
/// the subnet as its detail.
fn column_header(plan: &Plan, rect: Rect, bar: Rect) -> Column {
    let w = bar.w - 20.0;
    let (title, subtitle, detail, mut badges, alt) = match plan.net {
        Some(net) => {
            let device = if net.bridge.is_empty() {
                net.driver.clone()
            } else {
                net.bridge.clone()
            };
            let subtitle = if net.subnet.is_empty() {
                device
            } else {
                format!("{device} · {}", net.subnet)
            };
            let detail = if net.gateway.is_empty() {
                String::new()
            } else {
                format!("gateway {}", net.gateway)
            };
            let alt = format!(
                "Network {} (driver {}), bridge {}, subnet {}, gateway {}{}{}",
                net.name,
                net.driver,
                if net.bridge.is_empty() {
                    "none"
                } else {
                    &net.bridge
                },
                if net.subnet.is_empty() {
                    "none"
                } else {
                    &net.subnet
                },
                if net.gateway.is_empty() {
                    "none"
                } else {
                    &net.gateway
                },
                if net.internal {
                    ", internal (no way out)"
                } else {
                    ""
                },
                if net.icc {
                    ""
                } else {
                    ", inter-container traffic disabled"
                },
            );
            (net.name.clone(), subtitle, detail, Vec::new(), alt)
        }
        None => match plan.key {
            ColumnKey::Host => (
                "host network".to_string(),
                "no isolation".to_string(),
                "uses the host's interfaces".to_string(),
                Vec::new(),
                "Containers in host network mode share the host's interfaces".to_string(),
            ),
            ColumnKey::None => (
                "none".to_string(),
                "no network".to_string(),
                "loopback only".to_string(),
                Vec::new(),
                "Containers with network none have only lo".to_string(),
            ),
            _ => (
                "other".to_string(),
                "not on a drawn network".to_string(),
                String::new(),
                Vec::new(),
                "Containers not attached to a drawn network".to_string(),
            ),
        },
    };
    if let Some(net) = plan.net {
        if net.internal {
            badges.push("internal".to_string());
        }
        if !net.icc {
            badges.push("no ICC".to_string());
        }
    }
    Column {
        node: column_node(plan),
        kind: plan.kind(),
        rect,
        bar,
        title: fit(&title, w - 70.0, BOLD_CH),
        subtitle: fit(&subtitle, w, MONO_CH),
        detail: fit(&detail, w, MONO_CH),
        badges,
        spines: Vec::new(),
        empty_at: None,
        alt,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use bridgeport_engine::Action;

    fn assert_readable(l: &Layout) {
        for (i, a) in l.containers.iter().enumerate() {
            assert!(l.host.contains(&a.rect), "{} escapes the host", a.node);
            for b in &l.containers[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.node, b.node);
            }
            let col = l.columns.iter().find(|c| c.rect.contains(&a.rect));
            assert!(col.is_some(), "{} is inside a column", a.node);
            for row in &a.rows {
                assert!(
                    row.text.chars().count() as f64 * MONO_CH <= CTR_W,
                    "row fits: {}",
                    row.text
                );
            }
        }
        for (i, a) in l.columns.iter().enumerate() {
            for b in &l.columns[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.node, b.node);
            }
        }
        for (i, a) in l.chips.iter().enumerate() {
            for b in &l.chips[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.node, b.node);
            }
            for c in &l.columns {
                assert!(!a.rect.overlaps(&c.rect), "{} overlaps {}", a.node, c.node);
            }
        }
        assert!(
            l.width <= WIDTHS[WIDTHS.len() - 1] + 2.0 * (M + P) + 1.0,
            "width {} stays bounded",
            l.width
        );
        let ids = l.node_ids();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "node ids are unique");
    }

    #[test]
    fn the_fixture_draws_every_network_and_container() {
        let l = Layout::new(&fixtures::topology());
        let ids = l.node_ids();
        for id in [
            "host",
            "lan",
            "internet",
            "host:eth0",
            "host:lo",
            "host:nat",
            "net:bridge",
            "net:appnet",
            "net:backend",
            "net:host",
            "ctr:web",
            "ctr:api",
            "ctr:db",
            "ctr:cache",
            "ctr:tool",
            "port:0.0.0.0:8080/tcp",
        ] {
            assert!(ids.contains(&id.to_string()), "missing {id} in {ids:?}");
        }
        assert!(
            !ids.contains(&"net:none".to_string()),
            "empty none network is not drawn"
        );
        let docker0 = l.columns.iter().find(|c| c.node == "net:bridge").unwrap();
        assert_eq!(docker0.title, "bridge", "titled by the network's name");
        assert_eq!(docker0.subtitle, "docker0 · 172.17.0.0/16");
        assert_eq!(docker0.detail, "gateway 172.17.0.1");
        let backend = l.columns.iter().find(|c| c.node == "net:backend").unwrap();
        assert_eq!(backend.badges, vec!["internal".to_string()]);
        let port = l.chips.iter().find(|c| c.kind == ChipKind::Port).unwrap();
        assert_eq!(
            (port.label.as_str(), port.sub.as_str()),
            ("0.0.0.0:8080", "→ web:80/tcp")
        );
        assert_eq!(port.alt, "Published port 0.0.0.0:8080 → web:80/tcp");
        let mut dual = fixtures::topology();
        let mut v6 = dual.containers[0].published[0].clone();
        v6.host_ip = "::".into();
        dual.containers[0].published.push(v6);
        let l2 = Layout::new(&dual);
        let ports: Vec<_> = l2
            .chips
            .iter()
            .filter(|c| c.kind == ChipKind::Port)
            .collect();
        assert_eq!(ports.len(), 1, "IPv4 and IPv6 bindings share a chip");
        assert_eq!(ports[0].label, "0.0.0.0:8080 [::]:8080");
        assert_eq!(
            ports[0].alt,
            "Published port 0.0.0.0:8080 and [::]:8080 → web:80/tcp"
        );
        assert!(
            l2.anchor("port::::8080/tcp").is_some(),
            "the IPv6 binding is an anchor too"
        );
        let tool = l.containers.iter().find(|c| c.name == "tool").unwrap();
        assert!(tool.shared);
        assert_eq!(tool.rows[0].text, "shares the host's network");
        assert_readable(&l);
    }

    #[test]
    fn a_second_network_gets_a_secondary_link() {
        let l = Layout::new(&fixtures::topology());
        let kinds: Vec<_> = l.links.iter().map(|k| (k.node.as_str(), k.kind)).collect();
        assert!(kinds.contains(&("link:api:eth0", LinkKind::Veth)));
        assert!(kinds.contains(&("link:api:eth1", LinkKind::Secondary)));
        assert!(kinds.contains(&("link:web:eth0", LinkKind::Veth)));
        let api = l.containers.iter().find(|c| c.name == "api").unwrap();
        assert_eq!(
            api.rows.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
            ["eth0 172.18.0.2/16", "eth1 10.10.0.2/24"]
        );
    }

    #[test]
    fn stays_readable_from_1_to_50_containers() {
        for n in [1, 2, 3, 5, 8, 12, 20, 33, 50] {
            for nets in [0, 1, 4] {
                let l = Layout::new(&fixtures::many(n, nets));
                assert_eq!(l.containers.len(), n);
                assert_readable(&l);
                assert!(
                    l.width <= MAX_INNER_W + 2.0 * (M + P) + 1.0,
                    "width {} stays bounded",
                    l.width
                );
                let long = l.containers.iter().find(|c| c.name.len() > 20).unwrap();
                assert!(
                    long.label.ends_with('…'),
                    "long names are cut: {}",
                    long.label
                );
            }
        }
        let l = Layout::new(&fixtures::many(50, 0));
        assert!(
            l.height < 1400.0,
            "50 containers in one network stay compact: {}",
            l.height
        );
    }

    #[test]
    fn many_networks_wrap_into_bands() {
        let l = Layout::new(&fixtures::many(20, 19));
        let tops: std::collections::BTreeSet<i64> =
            l.columns.iter().map(|c| c.rect.y as i64).collect();
        assert!(tops.len() > 1, "columns wrapped into several bands");
        assert_readable(&l);
    }

    #[test]
    fn hops_are_located_on_the_drawing() {
        let l = Layout::new(&fixtures::topology());
        let packets = fixtures::curl_packets();
        let hops = &packets[0].hops;
        assert_eq!(l.locate(&hops[0]), l.anchor("host:lo").unwrap());
        assert_eq!(l.locate(&hops[1]), l.anchor("host:nat").unwrap());
        assert_eq!(l.locate(&hops[2]), l.anchor("bridge:docker0").unwrap());
        assert_eq!(l.locate(&hops[3]), l.anchor("veth:veth3f2a1b7").unwrap());
        assert_eq!(l.locate(&hops[4]), l.anchor("ctr:web:eth0").unwrap());
        let mut odd = hops[0].clone();
        odd.at = None;
        odd.node = "nobody".into();
        assert_eq!(l.locate(&odd), l.anchor("host").unwrap(), "an unknown node");
        odd.node = "web".into();
        assert_eq!(
            l.locate(&odd),
            l.anchor("ctr:web").unwrap(),
            "no place: the node's box"
        );
        odd.at = Some(HopAt::LanPeer);
        assert_eq!(l.locate(&odd), l.anchor("lan").unwrap());
        odd.at = Some(HopAt::Router);
        assert_eq!(
            l.locate(&odd),
            l.router,
            "the LAN's router sits on the LAN line"
        );
        // The words do not matter, only the place.
        odd.interface = "eth0".into();
        odd.node = "host".into();
        odd.at = Some(HopAt::Bridge {
            network: "appnet".into(),
            device: "br-1a2b3c4d5e6f".into(),
        });
        assert_eq!(l.locate(&odd), l.anchor("bridge:br-1a2b3c4d5e6f").unwrap());
    }

    #[test]
    fn a_floating_label_moves_off_the_text_it_would_hide() {
        let l = Layout::new(&fixtures::topology());
        let bar = l.columns[0].bar;
        let (w, h) = (90.0, 18.0);
        let at = |x: f64, y: f64| Rect { x, y, w, h };
        // A marker on the bar's bottom edge: up and to the right would sit on
        // the bar's subnet and gateway; below it is clear.
        let on_edge = Pt {
            x: bar.x + 40.0,
            y: bar.bottom(),
        };
        let spots = [
            at(on_edge.x + 14.0, on_edge.y - 26.0),
            at(on_edge.x + 14.0, on_edge.y + 2.0),
        ];
        assert!(spots[0].overlaps(&bar));
        assert_eq!(l.clearest(&spots, &[]), 1);
        assert_eq!(
            l.clearest(&spots, &[spots[1]]),
            0,
            "a spot taken by another label"
        );
        // Where nothing is hidden, the first (usual) spot stays.
        let free = Pt {
            x: l.host.right() - 10.0,
            y: l.host.bottom() - 10.0,
        };
        let clear = [
            at(free.x - 100.0, free.y - 30.0),
            at(free.x - 100.0, free.y - 60.0),
        ];
        assert_eq!(l.clearest(&clear, &[]), 0);
        // Off the drawing counts as hidden.
        assert_eq!(
            l.clearest(
                &[at(-80.0, -10.0), at(l.width - w - 2.0, l.height - h - 2.0)],
                &[]
            ),
            1
        );
    }

    #[test]
    fn docker_proxy_hops_sit_on_the_published_port() {
        let l = Layout::new(&fixtures::topology());
        let chip = l.anchor("port:0.0.0.0:8080/tcp").unwrap();
        let mut hop = fixtures::curl_packets()[0].hops[0].clone();
        hop.interface = "docker-proxy".into();
        hop.at = Some(HopAt::DockerProxy {
            port: 8080,
            proto: "tcp".into(),
        });
        hop.action = Action::Proxy;
        assert_eq!(l.locate(&hop), chip, "accepting on 127.0.0.1:8080");
        hop.action = Action::Send;
        hop.before.dst = "172.17.0.2:80".into();
        assert_eq!(l.locate(&hop), chip, "its own connection to web:80");
    }

    #[test]
    fn packets_travel_along_spines_and_the_lan() {
        let l = Layout::new(&fixtures::topology());
        let packets = fixtures::curl_packets();
        let legs = l.route(&packets[0].hops);
        assert_eq!(legs.len(), packets[0].hops.len() - 1);
        // docker0 → veth goes down web's spine: the bridge point is the spine top.
        let (top, corner) = l.spine_of["veth3f2a1b7"];
        assert_eq!(
            legs[2],
            vec![top, corner, l.anchor("veth:veth3f2a1b7").unwrap()]
        );
        assert_eq!(legs[1].last(), Some(&top));
        let mut lan = packets[0].hops[0].clone();
        lan.node = "lan".into();
        lan.at = Some(HopAt::LanPeer);
        let mut eth0 = lan.clone();
        eth0.node = "host".into();
        eth0.interface = "eth0".into();
        eth0.at = Some(HopAt::HostInterface {
            name: "eth0".into(),
        });
        let legs = l.route(&[lan, eth0]);
        assert_eq!(
            legs[0].len(),
            4,
            "up to the LAN line, along it, down: {:?}",
            legs[0]
        );
        assert!(legs[0].iter().any(|p| p.y == l.lan_y));
    }

    #[test]
    fn fitting_a_pane_keeps_text_readable() {
        for (topo, name) in [
            (fixtures::topology(), "fixture"),
            (fixtures::many(50, 0), "50 on one"),
            (fixtures::many(50, 3), "50 on four"),
            (fixtures::many(1, 0), "one"),
            (fixtures::many(3, 0), "three"),
            (fixtures::many(30, 2), "thirty"),
        ] {
            for (pw, ph) in [
                (860.0, 480.0),
                (1400.0, 900.0),
                (380.0, 420.0),
                (560.0, 300.0),
            ] {
                let f = fit_to(&topo, pw, ph);
                let (w, h) = (f.layout.width * f.scale, f.layout.height * f.scale);
                assert!(
                    (MIN_SCALE..=MAX_SCALE).contains(&f.scale),
                    "{name} in {pw}x{ph}: scale {:.2}",
                    f.scale
                );
                assert!(
                    f.scale * SMALLEST_TEXT >= MIN_TEXT_PX - 1e-9,
                    "text stays readable"
                );
                if f.scrolls {
                    assert_eq!(f.scale, MIN_SCALE, "{name}: the minimum won");
                    assert!(w > pw + 1e-9 || h > ph + 1e-9, "{name}: it does not fit");
                } else {
                    assert!(
                        w <= pw + 1e-9 && h <= ph + 1e-9,
                        "{name} in {pw}x{ph}: {w:.0}x{h:.0} fits both ways"
                    );
                }
                assert_readable(&f.layout);
            }
        }
        // Three containers in the topology pane of a 1280×720 page (about
        // 740 × 330): every box fits, at a readable size, side by side.
        let f = fit_to(&fixtures::many(3, 0), 740.0, 330.0);
        assert!(!f.scrolls && f.scale >= MIN_SCALE, "{f:?}");
        let f = fit_to(&fixtures::topology(), 860.0, 480.0);
        assert!(!f.scrolls, "a small topology fits both ways");
        let f = fit_to(&fixtures::many(50, 0), 860.0, 480.0);
        assert!(f.scrolls, "50 containers scroll");
        // Fitting never enlarges (30 containers in a huge pane: actual size).
        let f = fit_to(&fixtures::many(30, 2), 4000.0, 3000.0);
        assert_eq!(f.scale, MAX_SCALE);
        assert_eq!(
            fit_to(&fixtures::topology(), 0.0, 0.0).layout,
            Layout::new(&fixtures::topology())
        );
    }

    /// The text-bearing rectangles of a drawing, with what they belong to.
    fn texts(l: &Layout) -> Vec<(String, Rect)> {
        let mut out: Vec<(String, Rect)> = Vec::new();
        out.extend(l.chips.iter().map(|c| (c.node.clone(), c.rect)));
        out.extend(l.columns.iter().map(|c| (c.node.clone(), c.bar)));
        out.extend(l.containers.iter().map(|c| (c.node.clone(), c.rect)));
        out
    }

    /// The points of a path made of M and L commands.
    fn points(d: &str) -> Vec<Pt> {
        d.split(['M', 'L'])
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (x, y) = p.split_once(' ').unwrap();
                Pt {
                    x: x.parse().unwrap(),
                    y: y.parse().unwrap(),
                }
            })
            .collect()
    }

    #[test]
    fn lines_between_networks_cross_no_text() {
        // A container on networks drawn in another column of its band, and
        // one whose second network wrapped into another band.
        let mut topo = fixtures::many(12, 7);
        for (i, target) in [(0usize, "net6"), (3, "net1"), (9, "bridge")] {
            let mut second = topo.containers[i].interfaces[0].clone();
            second.name = "eth1".into();
            second.network = target.into();
            second.veth = format!("vethx{i}");
            topo.containers[i].interfaces.push(second);
        }
        for shape in [560.0, 1000.0, 1300.0] {
            let l = Layout::with_width(&topo, shape);
            let bands: std::collections::BTreeSet<i64> =
                l.columns.iter().map(|c| c.rect.y as i64).collect();
            let secondary: Vec<&Link> = l
                .links
                .iter()
                .filter(|k| k.kind == LinkKind::Secondary)
                .collect();
            assert_eq!(secondary.len(), 3);
            for link in secondary {
                let owner = link.node.split(':').nth(1).unwrap();
                let pts = points(&link.d);
                for w in pts.windows(2) {
                    let seg = Rect {
                        x: w[0].x.min(w[1].x) - 0.5,
                        y: w[0].y.min(w[1].y) - 0.5,
                        w: (w[0].x - w[1].x).abs() + 1.0,
                        h: (w[0].y - w[1].y).abs() + 1.0,
                    };
                    for (node, r) in texts(&l) {
                        if node == format!("ctr:{owner}") {
                            continue;
                        }
                        let inner = Rect {
                            x: r.x + 1.0,
                            y: r.y + 1.0,
                            w: r.w - 2.0,
                            h: r.h - 2.0,
                        };
                        assert!(
                            !seg.overlaps(&inner),
                            "{} crosses {node} at width {shape} ({} bands): {:?}",
                            link.node,
                            bands.len(),
                            w
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_network_is_titled_by_its_name() {
        let l = Layout::new(&fixtures::topology());
        let app = l.columns.iter().find(|c| c.node == "net:appnet").unwrap();
        assert_eq!(app.title, "appnet");
        assert!(app.subtitle.starts_with("br-"), "{}", app.subtitle);
    }

    #[test]
    fn big_columns_use_compact_boxes() {
        let l = Layout::new(&fixtures::many(20, 0));
        assert!(l.containers.iter().all(|c| c.sub.is_empty()));
        let l = Layout::new(&fixtures::topology());
        assert!(l.containers.iter().all(|c| !c.sub.is_empty()));
    }

    #[test]
    fn numbers_print_to_one_decimal() {
        assert_eq!(
            [
                num(0.0),
                num(12.0),
                num(12.34),
                num(12.35),
                num(-0.5),
                num(-3.0),
                num(1e4)
            ],
            ["0", "12", "12.3", "12.4", "-0.5", "-3", "10000"]
        );
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("short", 100.0, 10.0), "short");
        assert_eq!(fit("abcdefghijkl", 50.0, 10.0), "abcd…");
        assert_eq!(fit("ééééé", 30.0, 10.0), "éé…");
    }

    #[test]
    fn a_compose_project_is_framed_with_its_networks_and_containers() {
        use bridgeport_commands::script::run_script;
        let (session, _) = run_script(
            1,
            "docker network create other\ndocker run -d --name lone --network other nginx\ncat > compose.yaml <<'EOF'\nservices:\n  web:\n    image: nginx\n    networks: [front, back]\n  db:\n    image: redis\n    networks: [back]\nnetworks:\n  front: {}\n  back: {}\nEOF\ndocker compose up -d\n",
        );
        let topo = session.topology();
        let l = Layout::new(&topo);
        assert_eq!(l.frames.len(), 1, "{:?}", l.frames);
        let f = &l.frames[0];
        assert_eq!((f.project.as_str(), f.label.as_str()), ("myapp", "myapp"));
        let col = |name: &str| {
            l.columns
                .iter()
                .find(|c| c.title == name)
                .unwrap_or_else(|| panic!("a column {name}"))
                .rect
        };
        for net in ["myapp_front", "myapp_back"] {
            assert!(f.rect.contains(&col(net)), "{net} in the frame");
        }
        assert!(!f.rect.overlaps(&col("other")) && !f.rect.overlaps(&col("bridge")));
        for c in &l.containers {
            assert_eq!(
                f.rect.contains(&c.rect),
                c.name.starts_with("myapp-"),
                "{}",
                c.name
            );
        }
        // Nothing without a project is framed.
        assert!(Layout::new(&fixtures::topology()).frames.is_empty());
    }

    #[test]
    fn an_empty_host_still_draws_docker0() {
        let mut topo = fixtures::many(0, 0);
        topo.networks.truncate(1);
        let l = Layout::new(&topo);
        assert_eq!(l.columns.len(), 1);
        assert!(l.columns[0].empty_at.is_some());
        let nothing = Layout::new(&Topology::default());
        assert!(nothing.width > 0.0 && nothing.columns.is_empty());
    }
}

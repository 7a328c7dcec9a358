//! Browser tests of how the page behaves on real screens and course pages
//! (issue 14): an embed takes no focus and never scrolls the page around it,
//! terminal text wraps like a terminal's, the topology fits its pane and
//! follows the packet, reset asks first and can be undone, the learner sees
//! where they are, URL options fail one at a time.
//!
//! Run with the page's own stylesheet (`web/style.css`), since layout is
//! what is tested: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown -p bridgeport-app --test page`.

use std::rc::Rc;

use bridgeport_app::boot::Config;
use bridgeport_app::components::topology::{TopologyProps, TopologyView};
use bridgeport_app::layout::{MIN_SCALE, MIN_TEXT_PX};
use bridgeport_app::player::{Player, PlayerAction};
use bridgeport_app::{fixtures, App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::Callback;

mod common;
use common::{enter, mount, Mounted};

wasm_bindgen_test_configure!(run_in_browser);

/// The page's stylesheet, once per test page.
fn stylesheet() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if doc.get_element_by_id("page-css").is_some() {
        return;
    }
    let style = doc.create_element("style").unwrap();
    style.set_id("page-css");
    style.set_text_content(Some(include_str!("../../../web/style.css")));
    doc.head().unwrap().append_child(&style).unwrap();
}

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn config(query: &str) -> Rc<Config> {
    let mut c = Config::from_url(query, "");
    c.persist = false;
    Rc::new(c)
}

async fn open(query: &str) -> Mounted<App> {
    stylesheet();
    mount::<App>(AppProps {
        config: config(query),
        ..AppProps::default()
    })
    .await
}

fn active_id() -> String {
    window()
        .document()
        .unwrap()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// A tall block of course text before the playground, as on a course page
/// where the lab sits far below the fold.
fn course_text() -> Element {
    let doc = window().document().unwrap();
    let div = doc.create_element("div").unwrap();
    div.set_attribute("style", "height: 3000px").ok();
    doc.body()
        .unwrap()
        .insert_before(&div, doc.body().unwrap().first_child().as_ref())
        .unwrap();
    div
}

#[wasm_bindgen_test]
async fn an_embed_takes_no_focus_and_never_scrolls_the_page_unless_asked() {
    let spacer = course_text();
    window().scroll_to_with_x_and_y(0.0, 0.0);
    if let Some(e) = window().document().unwrap().active_element() {
        let _ = e.dyn_into::<HtmlElement>().map(|e| e.blur());
    }
    let app = open("?embed").await;
    assert_ne!(
        active_id(),
        "command",
        "an embed does not take focus on load"
    );
    assert_eq!(window().scroll_y().unwrap(), 0.0, "the page did not move");
    drop(app);
    // The author opts in: focus, still without moving the page.
    let app = open("?embed&autofocus").await;
    assert_eq!(
        active_id(),
        "command",
        "autofocus=1 focuses the command line"
    );
    assert_eq!(window().scroll_y().unwrap(), 0.0, "focus did not scroll");
    drop(app);
    spacer.remove();
    // The full page focuses the command line.
    let app = open("").await;
    assert_eq!(active_id(), "command");
    drop(app);
}

#[wasm_bindgen_test]
async fn terminal_lines_wrap_and_copy_as_the_original_line() {
    let app = open("?embed&panels=terminal").await;
    let long = format!("echo {}", "0123456789abcdef".repeat(20));
    enter(&app, &long).await;
    let out: HtmlElement = app
        .all(".term-output .entry.ran .out")
        .pop()
        .unwrap()
        .dyn_into()
        .unwrap();
    let log: HtmlElement = app.q(".term-output").dyn_into().unwrap();
    assert!(
        log.scroll_width() <= log.client_width(),
        "no sideways scrolling: {} > {}",
        log.scroll_width(),
        log.client_width()
    );
    let line_h = 20;
    assert!(
        out.offset_height() > 2 * line_h,
        "the 320-character line wraps onto several rows: {} px",
        out.offset_height()
    );
    let cmd: HtmlElement = app
        .all(".term-output .entry.ran .cmd")
        .pop()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(cmd.offset_height() > 2 * line_h, "a long command wraps too");
    // Copying the wrapped output copies the line as printed (no breaks added).
    let selection = window().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    let range = window().document().unwrap().create_range().unwrap();
    range.select_node_contents(&out).unwrap();
    selection.add_range(&range).unwrap();
    let copied: String = selection.to_string().into();
    assert_eq!(copied, "0123456789abcdef".repeat(20));
    selection.remove_all_ranges().unwrap();
}

#[wasm_bindgen_test]
async fn url_options_fail_one_at_a_time() {
    let app = open("?embed&theme=pink&lesson=basics&commands=docker+network+create+data").await;
    let notices = app.text(".notices");
    assert!(
        notices.contains("unknown theme `pink`"),
        "the bad value is reported: {notices}"
    );
    assert_eq!(
        app.text("#lesson-title"),
        "Container networking basics",
        "lesson= still applies"
    );
    assert!(
        app.text(".term-output")
            .contains("docker network create data"),
        "commands= still ran"
    );
}

/// Lets the ResizeObserver report and Yew re-render.
async fn settle() {
    let later = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 150)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(later).await.unwrap();
    yew::scheduler::flush().await;
}

/// A topology view in a pane of `w` × `h` pixels.
async fn topology_in(
    topo: bridgeport_engine::Topology,
    player: Player,
    w: u32,
    h: u32,
) -> Mounted<TopologyView> {
    stylesheet();
    let view = mount::<TopologyView>(TopologyProps {
        topology: Rc::new(topo),
        scene: false,
        player,
        selected: None,
        on_select: Callback::noop(),
        inside: None,
    })
    .await;
    view.root
        .set_attribute(
            "style",
            &format!("width: {w}px; height: {h}px; display: flex; flex-direction: column"),
        )
        .unwrap();
    settle().await;
    settle().await;
    view
}

fn inside(inner: &web_sys::DomRect, outer: &web_sys::DomRect) -> bool {
    inner.left() >= outer.left() - 0.5
        && inner.right() <= outer.right() + 0.5
        && inner.top() >= outer.top() - 0.5
        && inner.bottom() <= outer.bottom() + 0.5
}

fn scale_of(view: &Mounted<TopologyView>) -> f64 {
    let svg = view.q("#topology-svg");
    svg.get_attribute("data-scale")
        .unwrap()
        .parse::<f64>()
        .unwrap()
        / 1000.0
}

#[wasm_bindgen_test]
async fn the_topology_fits_its_pane_both_ways_at_a_readable_size() {
    // Three containers in the topology pane of a 1280×720 page.
    let view = topology_in(fixtures::many(3, 0), Player::default(), 740, 340).await;
    let pane = view.q(".svg-scroll").get_bounding_client_rect();
    let boxes = view.all("#topology-svg .ctr .ctr-box");
    assert_eq!(boxes.len(), 3);
    for b in &boxes {
        assert!(
            inside(&b.get_bounding_client_rect(), &pane),
            "a container is out of sight"
        );
    }
    assert_eq!(
        view.q("#topology-svg").get_attribute("data-fit").as_deref(),
        Some("fit")
    );
    assert!(scale_of(&view) >= MIN_SCALE);
    let scroller: HtmlElement = view.q(".svg-scroll").dyn_into().unwrap();
    assert!(scroller.scroll_height() <= scroller.client_height());
    assert!(scroller.scroll_width() <= scroller.client_width());
    drop(view);
    // Thirty containers in a big pane: fitting never enlarges the drawing.
    let view = topology_in(fixtures::many(30, 2), Player::default(), 2400, 1800).await;
    assert!(scale_of(&view) <= 1.0, "scale {}", scale_of(&view));
    drop(view);
    // A phone-sized pane: the minimum text size wins, and the pane pans.
    let view = topology_in(fixtures::topology(), Player::default(), 300, 200).await;
    assert_eq!(
        view.q("#topology-svg").get_attribute("data-fit").as_deref(),
        Some("scroll")
    );
    assert!((scale_of(&view) - MIN_SCALE).abs() < 1e-3);
    let row = view.q("#topology-svg .ctr-row").get_bounding_client_rect();
    assert!(
        row.height() >= MIN_TEXT_PX,
        "interface rows stay readable: {} px",
        row.height()
    );
}

#[wasm_bindgen_test]
async fn the_hop_being_animated_stays_in_view() {
    // web's interface is below the fold of a small pane that pans.
    let player = Player::default()
        .apply(PlayerAction::Load {
            entry: 1,
            packets: Rc::new(fixtures::curl_packets()),
            autoplay: false,
        })
        .apply(PlayerAction::PickHop(4));
    let view = topology_in(fixtures::topology(), player, 300, 200).await;
    assert_eq!(
        view.q("#topology-svg").get_attribute("data-fit").as_deref(),
        Some("scroll")
    );
    let pane = view.q(".svg-scroll").get_bounding_client_rect();
    let marker = view
        .q("[data-node=\"marker\"] .marker-dot")
        .get_bounding_client_rect();
    assert!(
        inside(&marker, &pane),
        "the marker ({}, {}) is in the pane ({}, {})–({}, {})",
        marker.left(),
        marker.top(),
        pane.left(),
        pane.top(),
        pane.right(),
        pane.bottom()
    );
    let scroller: HtmlElement = view.q(".svg-scroll").dyn_into().unwrap();
    assert!(scroller.scroll_top() > 0, "the pane scrolled to it");
    assert_eq!(window().scroll_y().unwrap(), 0.0, "the page did not");
}

#[wasm_bindgen_test]
async fn reset_asks_first_keeps_the_history_and_can_be_undone() {
    let app = open("").await;
    enter(&app, "docker run -d --name web nginx").await;
    app.click("#reset").await;
    let dialog = app.q(".reset-confirm");
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("alertdialog"));
    assert_eq!(
        active_id(),
        "reset-confirm",
        "the dialog has the keyboard focus"
    );
    // Escape cancels: nothing happened.
    common::key(&app.q("#reset-confirm"), "Escape", false);
    yew::scheduler::flush().await;
    assert!(app.find(".reset-confirm").is_none());
    assert_eq!(active_id(), "reset", "focus is back on Reset");
    assert!(!app.text(".term-output").contains("reset: a fresh host"));
    // Confirmed: a fresh host, the transcript and history stay.
    app.click("#reset").await;
    app.click("#reset-confirm").await;
    let text = app.text(".term-output");
    assert!(text.contains("reset: a fresh host"), "{text}");
    assert!(
        text.contains("docker run -d --name web nginx"),
        "the transcript stays"
    );
    let input = common::type_line(&app, "").await;
    common::key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    assert_eq!(
        input.value(),
        "docker run -d --name web nginx",
        "↑ still recalls it"
    );
    // Undo brings the host back.
    app.click("#undo").await;
    assert!(app
        .text(".term-output")
        .contains("undo: the reset was undone"));
    settle().await;
    assert!(
        app.find("#topology-svg [data-node=\"ctr:web\"]").is_some(),
        "web is back"
    );
}

#[wasm_bindgen_test]
async fn in_a_lesson_reset_and_restart_are_different_actions() {
    let app = open("?lesson=basics").await;
    enter(&app, "docker network inspect bridge").await;
    assert!(app.text("#step-title").starts_with("Step 2"));
    app.click("#reset").await;
    assert!(app.find("#restart-lesson").is_some() && app.find("#reset-confirm").is_some());
    app.click("#reset-confirm").await;
    assert!(
        app.text("#step-title").starts_with("Step 2"),
        "reset keeps the progress"
    );
    app.click("#reset").await;
    app.click("#restart-lesson").await;
    assert!(
        app.text("#step-title").starts_with("Step 1"),
        "restart starts over"
    );
}

#[wasm_bindgen_test]
async fn the_terminal_and_the_topology_mark_the_container_the_shell_is_in() {
    let app = open("").await;
    enter(&app, "docker run -dit --name web alpine").await;
    enter(&app, "docker exec -it web sh").await;
    assert_eq!(
        app.text(".term-input .prompt"),
        "/ # ",
        "the prompt is the image's"
    );
    assert_eq!(app.text(".term-input .where"), "web");
    settle().await;
    let ctr = app.q("#topology-svg [data-node=\"ctr:web\"]");
    assert!(ctr.class_list().contains("inside"));
    assert!(app.find("#topology-svg [data-node=\"inside\"]").is_some());
    enter(&app, "hostname").await;
    let last = app.all(".term-output .entry.ran").pop().unwrap();
    assert_eq!(
        last.query_selector(".where")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "web",
        "the line typed inside is marked"
    );
    enter(&app, "exit").await;
    assert!(app.find(".term-input .where").is_none());
    settle().await;
    assert!(!app
        .q("#topology-svg [data-node=\"ctr:web\"]")
        .class_list()
        .contains("inside"));
}

#[wasm_bindgen_test]
async fn the_empty_playground_points_to_the_lessons() {
    let app = open("").await;
    assert!(app.text(".start-hint").contains("New here?"));
    app.click("#start-lesson").await;
    assert_eq!(app.text("#lesson-title"), "Container networking basics");
    assert!(app.find(".start-hint").is_none());
}

#[wasm_bindgen_test]
async fn a_click_on_a_step_goes_there() {
    let app = open("?lesson=basics").await;
    app.click(".step-marks [data-step=\"4\"]").await;
    assert!(
        app.text("#step-title").starts_with("Step 4"),
        "{}",
        app.text("#step-title")
    );
    assert_eq!(
        app.all(".step-marks .mark.done").len(),
        3,
        "the solutions of steps 1–3 ran"
    );
    app.click(".step-marks [data-step=\"2\"]").await;
    assert!(app.text("#step-title").starts_with("Step 2"));
}

#[wasm_bindgen_test]
async fn the_packet_chip_of_a_failed_command_is_a_failure() {
    let app = open("").await;
    enter(&app, "curl localhost:8080").await;
    let chip = app
        .all(".term-output .show-packets")
        .pop()
        .expect("a packet chip");
    assert!(
        chip.class_list().contains("bad"),
        "failed: {:?}",
        chip.class_name()
    );
    enter(&app, "docker run -d --name web -p 8080:80 nginx").await;
    enter(&app, "curl localhost:8080").await;
    let chip = app.all(".term-output .show-packets").pop().unwrap();
    assert!(!chip.class_list().contains("bad"), "delivered");
}

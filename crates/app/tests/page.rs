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
use bridgeport_app::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

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

//! The last line of defence: a panic hook that replaces a dead page with a
//! friendly panel showing the last command and a Reset button.
//!
//! A panic in wasm aborts the instance, so the panel is built with plain DOM
//! calls (`textContent`, never `innerHTML`) and its Reset button is an
//! ordinary link back to the page: it needs no Rust code to keep running.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// The panel's element id.
pub const PANEL_ID: &str = "panic";

/// The longest command the panel quotes.
const MAX_QUOTE: usize = 500;

thread_local! {
    static LAST_COMMAND: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Note the line about to run, so that a panic can name it.
pub fn remember_command(line: &str) {
    LAST_COMMAND.with(|cell| {
        if let Ok(mut last) = cell.try_borrow_mut() {
            last.clear();
            last.extend(line.chars().take(MAX_QUOTE));
        }
    });
}

/// The line noted last, if any.
pub fn last_command() -> Option<String> {
    LAST_COMMAND
        .with(|cell| cell.try_borrow().ok().map(|s| s.clone()))
        .filter(|s| !s.is_empty())
}

/// Install the hook (once, at start-up).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("bridgeport: {message}").into());
        show_panel(&message, last_command().as_deref());
    }));
}

fn el(doc: &Document, tag: &str, class: &str, text: Option<&str>) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(text) = text {
        e.set_text_content(Some(text));
    }
    Some(e)
}

/// Show the error panel (idempotent: a second panic keeps the first panel).
/// Returns the panel element.
pub fn show_panel(message: &str, last_command: Option<&str>) -> Option<Element> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    if let Some(existing) = doc.get_element_by_id(PANEL_ID) {
        return Some(existing);
    }
    let panel = el(&doc, "div", "panic", None)?;
    panel.set_id(PANEL_ID);
    for (k, v) in [
        ("role", "alertdialog"),
        ("aria-modal", "true"),
        ("aria-labelledby", "panic-title"),
        ("aria-describedby", "panic-text"),
    ] {
        panel.set_attribute(k, v).ok()?;
    }
    let card = el(&doc, "div", "panic-card", None)?;
    let title = el(&doc, "h2", "", Some("Bridgeport stopped"))?;
    title.set_id("panic-title");
    card.append_child(&title).ok()?;
    let text = match last_command {
        Some(_) => "Something went wrong inside the simulator while it ran this command:",
        None => "Something went wrong inside the simulator.",
    };
    let p = el(&doc, "p", "", Some(text))?;
    p.set_id("panic-text");
    card.append_child(&p).ok()?;
    if let Some(cmd) = last_command {
        let pre = el(&doc, "pre", "panic-command", Some(cmd))?;
        card.append_child(&pre).ok()?;
    }
    let details = el(&doc, "details", "", None)?;
    let summary = el(&doc, "summary", "", Some("Technical details"))?;
    details.append_child(&summary).ok()?;
    let pre = el(&doc, "pre", "panic-message", Some(message))?;
    details.append_child(&pre).ok()?;
    card.append_child(&details).ok()?;
    let reset = el(&doc, "a", "button primary", Some("Reset the playground"))?;
    let href = window.location().href().unwrap_or_default();
    let href = href.split('#').next().unwrap_or_default().to_string();
    reset
        .set_attribute("href", if href.is_empty() { "./" } else { &href })
        .ok()?;
    reset.set_id("panic-reset");
    card.append_child(&reset).ok()?;
    let hint = "Reset reloads the page with a fresh host. If you can, report the command above: it found a bug.";
    let note = el(&doc, "p", "muted", Some(hint))?;
    card.append_child(&note).ok()?;
    panel.append_child(&card).ok()?;
    doc.body()?.append_child(&panel).ok()?;
    if let Some(link) = reset.dyn_ref::<web_sys::HtmlElement>() {
        let _ = link.focus();
    }
    Some(panel)
}

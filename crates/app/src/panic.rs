//! The last line of defence: a panic hook that replaces a dead page with a
//! friendly panel showing the last command and a Reset button.
//!
//! A panic in wasm aborts the instance, so the panel is built with plain DOM
//! calls (`textContent`, never `innerHTML`) and its Reset button is an
//! ordinary link back to the page: it needs no Rust code to keep running.
//!
//! The release build aborts on a panic without running any hook (`-Cpanic=
//! immediate-abort`, issue 15: the panic machinery is 49 KB gzipped), so the
//! panic surfaces in JavaScript as a `WebAssembly.RuntimeError` thrown out of
//! the event handler or promise that called into the module. A window
//! listener for those errors shows the same panel; the debug build and the
//! tests keep the hook, and whichever comes first wins (the panel is
//! idempotent).

use std::cell::RefCell;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
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

/// Install the hook and the trap listener (once, at start-up).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("bridgeport: {message}").into());
        show_panel(&message, last_command().as_deref());
    }));
    listen_for_traps();
}

/// Show the panel when a `WebAssembly.RuntimeError` reaches the window: an
/// `error` event (thrown from an event handler) or an `unhandledrejection`
/// (thrown in a future). Other errors are not the simulator's and are left
/// to the browser's console.
pub fn listen_for_traps() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if let Some(message) = trap_message(&event) {
            show_panel(&message, last_command().as_deref());
        }
    });
    for kind in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(kind, on_error.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_error.forget();
}

/// The text of the wasm trap an `error`/`unhandledrejection` event carries
/// (`RuntimeError: unreachable`), or `None` for any other error.
fn trap_message(event: &web_sys::Event) -> Option<String> {
    let error = ["error", "reason"]
        .into_iter()
        .filter_map(|key| js_sys::Reflect::get(event, &JsValue::from_str(key)).ok())
        .find(|value| !value.is_undefined())?;
    if !error.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
        return None;
    }
    Some(String::from(
        error.unchecked_into::<js_sys::Error>().to_string(),
    ))
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

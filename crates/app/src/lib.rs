//! # bridgeport-app: the playground page
//!
//! A thin Yew shell over `bridgeport-commands` (which owns the text) and
//! `bridgeport-engine` (which owns the network). The page only shows what
//! they report: it parses no command, applies no rule and invents no packet.
//!
//! **Architecture Invariant:** untrusted text (commands, container and network
//! names, engine output) reaches the DOM only as Yew text nodes, attribute
//! values or `textContent`, never as HTML. No inline `style` attributes either:
//! the page runs under a strict Content-Security-Policy (see `web/index.html`).
//!
//! Code map, in the order a reader needs it:
//! - [`state`]: the session, the transcript and the undo log; a pure reducer.
//! - [`player`]: the packet animation clock; a pure reducer.
//! - [`layout`]: topology snapshot → SVG geometry, pure and natively tested.
//! - [`line`]: line editing logic (completion, paste, history), pure.
//! - [`components`]: one small Yew component per area of the page.
//! - [`panic`]: the panic hook and its plain-DOM error panel.
//! - [`theme`]: light/dark preference, stored in `localStorage`.

pub mod components;
#[doc(hidden)]
pub mod fixtures;
pub mod layout;
pub mod line;
pub mod panic;
pub mod player;
pub mod state;
pub mod theme;

pub use components::app::App;

/// Entry point of the page: install the panic hook, hide the loading
/// indicator and mount [`App`] into `#app` (or `<body>` if it is missing).
pub fn start() {
    panic::install();
    let document = web_sys::window().and_then(|w| w.document());
    let root = document.as_ref().and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
    if let Some(doc) = document {
        if let Some(loading) = doc.get_element_by_id("loading") {
            loading.remove();
        }
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("data-ready", "true");
        }
    }
}

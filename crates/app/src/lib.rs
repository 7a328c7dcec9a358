//! # bridgeport-app: the playground page
//!
//! A thin Yew shell over `bridgeport-commands` (which owns the text),
//! `bridgeport-engine` (which owns the network) and `bridgeport-lessons`
//! (which owns lessons, their checks and the share codec). The page only
//! shows what they report: it parses no command, applies no rule, invents no
//! packet and decides no check.
//!
//! **Architecture Invariant:** untrusted text (commands, container and network
//! names, engine output, lesson text, URL parameters, messages from an
//! embedding page) reaches the DOM only as Yew text nodes, attribute values
//! or `textContent`, never as HTML. No inline `style` attributes either: the
//! page runs under a strict Content-Security-Policy (see `web/index.html`).
//!
//! Code map, in the order a reader needs it:
//! - [`state`]: the session, the transcript, the undo log and the lesson
//!   being followed; a pure reducer.
//! - [`boot`]: the options (URL or JS API) and the state a playground opens
//!   with; pure. [`persist`]: `localStorage`.
//! - [`events`]: what a course page hears (command, packet, step); pure.
//! - [`player`]: the packet animation clock; a pure reducer.
//! - [`layout`]: topology snapshot → SVG geometry, pure and natively tested.
//! - [`line`]: line editing logic (completion, paste, history), pure.
//! - [`markdown`]: the lesson Markdown subset, parsed to data; pure.
//! - [`components`]: one small Yew component per area of the page.
//! - [`remote`], [`embed_api`], [`bridge`]: embedding — the handle outside
//!   code uses, the JS API (`Bridgeport.mount`), the iframe's `postMessage`.
//! - [`panic`]: the panic hook and its plain-DOM error panel.
//! - [`theme`]: light/dark preference, stored in `localStorage`.

pub mod boot;
pub mod bridge;
pub mod components;
pub mod deferred;
pub mod embed_api;
pub mod events;
#[doc(hidden)]
pub mod fixtures;
pub mod hooks;
pub mod layout;
pub mod line;
pub mod markdown;
pub mod panic;
pub mod persist;
pub mod player;
pub mod remote;
pub mod share_codec;
pub mod state;
pub mod theme;

use std::rc::Rc;

pub use components::app::{App, AppProps};

/// The wall clock, for the times of typed lines (the state never reads it).
pub fn now() -> bridgeport_engine::Timestamp {
    bridgeport_engine::Timestamp(js_sys::Date::now() as u64)
}

/// Entry point of the page: install the panic hook and, when the document
/// has an `#app` element (`index.html`), mount [`App`] there with the
/// options of the URL, hide the loading indicator, and in an iframe connect
/// the `postMessage` bridge. Without `#app` (a course page that loaded the
/// module for the JS API) nothing is mounted until `Bridgeport.mount`.
pub fn start() {
    panic::install();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(root) = document.get_element_by_id("app") else {
        return;
    };
    let location = window.location();
    let search = location.search().unwrap_or_default();
    let config = boot::Config::from_url(&search, &location.hash().unwrap_or_default());
    let remote = remote::Remote::default();
    let on_event = if config.embed() {
        let origins: Vec<String> = web_sys::UrlSearchParams::new_with_str(&search)
            .map(|p| {
                p.get_all("origin")
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect()
            })
            .unwrap_or_default();
        bridge::install(
            bridge::allowed_origins(&origins, &document.referrer()),
            remote.clone(),
        )
    } else {
        None
    };
    let mount = move |config: boot::Config| {
        let props = AppProps {
            config: Rc::new(config),
            on_event,
            remote,
        };
        yew::Renderer::<App>::with_root_and_props(root, props).render();
        if let Some(loading) = document.get_element_by_id("loading") {
            loading.remove();
        }
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("data-ready", "true");
        }
    };
    if config.fragment.is_some() {
        // A share link: its state is inflated by the browser's streams,
        // asynchronously, before the page opens with it.
        wasm_bindgen_futures::spawn_local(async move {
            mount(share_codec::read_fragment(config).await);
        });
    } else {
        mount(config);
    }
}

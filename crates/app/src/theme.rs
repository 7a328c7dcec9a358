//! Light and dark themes. The colours are CSS variables in `web/style.css`;
//! the choice is the `data-theme` attribute on the playground's root (and on
//! `<html>` for the full page), remembered in `localStorage`. Without a
//! stored choice the system preference applies (through a CSS media query,
//! so there is no flash before wasm loads). The type is the one saved states
//! and URLs use ([`bridgeport_lessons::Theme`]).

pub use bridgeport_lessons::Theme;

const KEY: &str = "bridgeport.theme";

/// The other theme (what the toggle switches to).
pub fn other(theme: Theme) -> Theme {
    match theme {
        Theme::Light => Theme::Dark,
        Theme::Dark => Theme::Light,
    }
}

/// The stored choice, else the system preference.
pub fn initial() -> Theme {
    match crate::persist::read(KEY).as_deref() {
        Some("dark") => return Theme::Dark,
        Some("light") => return Theme::Light,
        _ => {}
    }
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// Show `theme` on the whole document, and remember it.
pub fn apply(theme: Theme, remember: bool) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-theme", theme.as_str());
    }
    if remember {
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.set_item(KEY, theme.as_str());
        }
    }
}

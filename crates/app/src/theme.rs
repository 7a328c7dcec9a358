//! Light and dark themes. The colours are CSS variables in `web/style.css`;
//! the choice is the `data-theme` attribute on `<html>`, remembered in
//! `localStorage`. Without a stored choice the system preference applies
//! (through a CSS media query, so there is no flash before wasm loads).

const KEY: &str = "bridgeport.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn other(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored choice, else the system preference.
pub fn initial() -> Theme {
    match storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .as_deref()
    {
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

/// Show `theme` and remember it.
pub fn apply(theme: Theme, remember: bool) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-theme", theme.as_str());
    }
    if remember {
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, theme.as_str());
        }
    }
}

//! The top bar: the name, Undo, Reset and the theme toggle.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub can_undo: bool,
    pub on_undo: Callback<()>,
    pub on_reset: Callback<()>,
    pub dark: bool,
    pub on_theme: Callback<()>,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let undo = props.on_undo.reform(|_: MouseEvent| ());
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    let theme = props.on_theme.reform(|_: MouseEvent| ());
    let theme_label = if props.dark {
        "Light theme"
    } else {
        "Dark theme"
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <rect x="2" y="14" width="20" height="3" rx="1.5" />
                    <rect x="5" y="5" width="5" height="5" rx="1" />
                    <rect x="14" y="5" width="5" height="5" rx="1" />
                    <path d="M7.5 10v4M16.5 10v4" />
                </svg>
                <h1>{ "Bridgeport" }</h1>
                <span class="tagline">{ "Docker networking playground" }</span>
            </div>
            <nav class="actions" aria-label="Session">
                <button type="button" id="undo" class="button" onclick={undo} disabled={!props.can_undo}
                    title="Rebuild the session without the last command (also: type undo)">{ "↶ Undo" }</button>
                <button type="button" id="reset" class="button" onclick={reset}
                    title="Start again from an empty host (also: type reset)">{ "⟲ Reset" }</button>
                <button type="button" id="theme" class="button ghost" onclick={theme}
                    aria-pressed={props.dark.to_string()} title={theme_label}>
                    { if props.dark { "☀ Light" } else { "☾ Dark" } }
                </button>
            </nav>
        </header>
    }
}

//! The top bar: the name, the lesson chooser (with each lesson's progress),
//! Share, Undo, Reset and the theme toggle. Embedded, it is a slim bar
//! without the chooser and the tagline.
//!
//! A view function the root calls, not a component: its callbacks are new
//! at every render of the root, so a component's props check never spared
//! a render, and a component costs the page ~0.5 KB gzipped.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A lesson in the chooser.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub id: String,
    pub title: String,
    /// (completed steps, steps); None for a sandbox.
    pub progress: Option<(usize, usize)>,
}

/// What the top bar shows and its buttons' actions.
pub struct HeaderProps {
    pub can_undo: bool,
    pub on_undo: Callback<()>,
    pub on_reset: Callback<()>,
    pub dark: bool,
    pub on_theme: Callback<()>,
    /// Embedded: a slim bar.
    pub compact: bool,
    /// The lesson chooser (absent when embedded).
    pub lessons: Option<Rc<Vec<Choice>>>,
    pub lesson: Option<AttrValue>,
    pub on_lesson: Callback<Option<String>>,
    /// The Share button (absent when there is no page to link to).
    pub on_share: Option<Callback<()>>,
}

pub fn header(props: HeaderProps) -> Html {
    let undo = props.on_undo.reform(|_: MouseEvent| ());
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    let theme = props.on_theme.reform(|_: MouseEvent| ());
    let theme_label = if props.dark {
        "Light theme"
    } else {
        "Dark theme"
    };
    let chooser = props.lessons.as_ref().map(|lessons| {
        let onchange = props.on_lesson.reform(|e: Event| {
            let v = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default();
            (!v.is_empty()).then_some(v)
        });
        let current = props.lesson.as_deref().unwrap_or("");
        html! {
            <div class="lesson-chooser">
                <label for="lesson-select">{ "Lesson" }</label>
                <select id="lesson-select" {onchange}>
                    <option value="" selected={current.is_empty()}>{ "None (free playground)" }</option>
                    { for lessons.iter().map(|c| {
                        let label = match c.progress {
                            Some((done, n)) => format!("{} ({done}/{n})", c.title),
                            None => c.title.clone(),
                        };
                        html! { <option value={c.id.clone()} selected={current == c.id}>{ label }</option> }
                    }) }
                </select>
            </div>
        }
    });
    html! {
        <header class={classes!("topbar", props.compact.then_some("compact"))}>
            <div class="brand">
                <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <rect x="2" y="14" width="20" height="3" rx="1.5" />
                    <rect x="5" y="5" width="5" height="5" rx="1" />
                    <rect x="14" y="5" width="5" height="5" rx="1" />
                    <path d="M7.5 10v4M16.5 10v4" />
                </svg>
                <h1>{ "Bridgeport" }</h1>
                if !props.compact {
                    <span class="tagline">{ "Docker networking playground" }</span>
                }
            </div>
            { for chooser }
            <nav class="actions" aria-label="Session">
                if let Some(on_share) = &props.on_share {
                    <button type="button" id="share" class="button" onclick={on_share.reform(|_: MouseEvent| ())}
                        title="A link that reproduces this session">{ "⇪ Share" }</button>
                }
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

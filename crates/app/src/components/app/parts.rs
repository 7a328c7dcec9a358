//! The App root's small pieces of page: the notices (with their Dismiss
//! button), the hint shown before the first container, and the matrix's
//! size gate. Plain view functions, not components: they hold no state and
//! redraw with the root (as components the three cost the page 1.6 KB
//! gzipped).

use yew::prelude::*;

/// What boot or a share link had to say (a link that did not load, a
/// storage that could not be read), until dismissed.
pub fn notices(notices: &UseStateHandle<Vec<String>>) -> Html {
    let dismiss = {
        let notices = notices.clone();
        Callback::from(move |_: MouseEvent| notices.set(Vec::new()))
    };
    html! {
        <div class="notices" role="alert">
            { for notices.iter().map(|n| html! { <p class="notice">{ n.clone() }</p> }) }
            <button type="button" class="button small" id="notice-dismiss"
                onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}

/// Over an empty topology outside a lesson: the first lesson, one click away.
pub fn start_hint(on_lesson: &Callback<Option<String>>) -> Html {
    html! {
        <div class="start-hint">
            { "No containers yet. New here? " }
            <button type="button" class="button small primary" id="start-lesson"
                onclick={on_lesson.reform(|_: MouseEvent| Some("basics".to_string()))}>
                { "Start the lesson \u{201c}Container networking basics\u{201d}" }
            </button>
            { " or type a command in the terminal." }
        </div>
    }
}

/// In the Matrix tab above the size where the matrix is computed without
/// asking: what it would cost, and the button that computes it.
pub fn matrix_waiting(running: usize, on_confirm: Callback<MouseEvent>) -> Html {
    html! {
        <div class="matrix-deferred" role="status">
            <p>{ format!(
                "{running} containers are running: the matrix probes every pair over every transport, which takes a moment at this size."
            ) }</p>
            <button type="button" onclick={on_confirm}>{ "Compute the matrix" }</button>
        </div>
    }
}

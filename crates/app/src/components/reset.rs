//! The reset confirmation: Reset never acts on one click. It opens this
//! in-page dialog (no `window.confirm`, which an embed must not raise),
//! focused on its first button, answered with Enter/Space on a button or
//! Escape to cancel. In a lesson it offers two different actions: reset the
//! playground (a fresh host, the progress stays) or restart the lesson (a
//! fresh host and step 1). Either can be undone, and the terminal keeps its
//! history.

use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResetProps {
    /// The lesson being followed, if any (its title).
    pub lesson: Option<AttrValue>,
    /// How many commands the learner has run on this host.
    pub commands: usize,
    pub on_reset: Callback<()>,
    pub on_restart: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[function_component(ResetConfirm)]
pub fn reset_confirm(props: &ResetProps) -> Html {
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(b) = first.cast::<HtmlElement>() {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = b.focus_with_options(&options);
            }
        });
    }
    let onkeydown = {
        let cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cancel.emit(());
            }
        })
    };
    let n = props.commands;
    let lost = match n {
        0 => "Nothing you typed is lost.".to_string(),
        1 => "Your 1 command is undone on the host;".to_string(),
        n => format!("Your {n} commands are undone on the host;"),
    };
    let keep = if n == 0 {
        String::new()
    } else {
        " the terminal keeps them, and Undo brings the host back.".to_string()
    };
    html! {
        <div class="reset-confirm" role="alertdialog" aria-modal="false" aria-labelledby="reset-title"
            aria-describedby="reset-text" {onkeydown}>
            <h2 id="reset-title">{ "Start again from a fresh host?" }</h2>
            <p id="reset-text">{ format!("{lost}{keep}") }</p>
            <div class="reset-actions">
                if let Some(title) = &props.lesson {
                    <button type="button" class="button" id="reset-confirm" ref={first.clone()}
                        onclick={props.on_reset.reform(|_: MouseEvent| ())}
                        title="A fresh host as the lesson sets it up; the steps you completed stay done">
                        { "Reset the playground" }</button>
                    <button type="button" class="button" id="restart-lesson"
                        onclick={props.on_restart.reform(|_: MouseEvent| ())}
                        title={format!("A fresh host and \u{201c}{title}\u{201d} from step 1")}>
                        { "Restart the lesson" }</button>
                } else {
                    <button type="button" class="button" id="reset-confirm" ref={first.clone()}
                        onclick={props.on_reset.reform(|_: MouseEvent| ())}>{ "Reset the playground" }</button>
                }
                <button type="button" class="button ghost" id="reset-cancel"
                    onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

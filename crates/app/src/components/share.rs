//! The "Share" dialog: a link that reproduces this session (seed, commands,
//! lesson and progress, theme) with the state compressed in its fragment, so
//! no server is involved. "Copy" uses `navigator.clipboard`; where that is
//! missing or refused, the link is selected for Ctrl+C instead.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The link, or why there is none.
    pub link: Result<AttrValue, AttrValue>,
    pub on_close: Callback<()>,
}

fn clipboard() -> Option<web_sys::Clipboard> {
    let navigator = web_sys::window()?.navigator();
    let c = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    (!c.is_undefined() && !c.is_null()).then(|| c.unchecked_into())
}

#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareProps) -> Html {
    let status = use_state(String::new);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let _ = i.focus();
                i.select();
            }
        });
    }
    let copy = {
        let (status, input) = (status.clone(), input.clone());
        let link = props.link.clone();
        Callback::from(move |_: MouseEvent| {
            let Ok(link) = link.clone() else { return };
            let select = {
                let (status, input) = (status.clone(), input.clone());
                move || {
                    if let Some(i) = input.cast::<HtmlInputElement>() {
                        let _ = i.focus();
                        i.select();
                    }
                    status
                        .set("The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.".into());
                }
            };
            match clipboard() {
                Some(c) => {
                    let promise = c.write_text(&link);
                    let status = status.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match wasm_bindgen_futures::JsFuture::from(promise).await {
                            Ok(_) => status.set("Copied to the clipboard.".into()),
                            Err(_) => select(),
                        }
                    });
                }
                None => select(),
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_close.emit(());
            }
        })
    };
    html! {
        <div class="share" role="dialog" aria-labelledby="share-title" {onkeydown}>
            <h2 id="share-title">{ "Share this session" }</h2>
            { match &props.link {
                Ok(link) => html! {
                    <>
                        <p class="muted">{ "Whoever opens this link gets the same host, commands and lesson progress. Nothing is uploaded: it is all in the link." }</p>
                        <div class="share-row">
                            <input id="share-url" ref={input} type="text" readonly=true value={link.clone()} aria-label="Link to this session" />
                            <button type="button" class="button primary" id="share-copy" onclick={copy}>{ "Copy" }</button>
                        </div>
                    </>
                },
                Err(why) => html! { <p class="share-error">{ why.clone() }</p> },
            } }
            <p class="share-status" role="status" aria-live="polite">{ (*status).clone() }</p>
            <button type="button" class="button small" id="share-close" onclick={close}>{ "Close" }</button>
        </div>
    }
}

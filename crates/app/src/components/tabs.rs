//! The tab strip for the side pane (Packets, Matrix, Inspect), with the
//! keyboard behaviour of the ARIA tabs pattern: ←/→, Home and End move
//! between tabs and select them.

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Packets,
    Matrix,
    Inspect,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Packets, Tab::Matrix, Tab::Inspect];

    pub fn id(self) -> &'static str {
        match self {
            Tab::Packets => "packets",
            Tab::Matrix => "matrix",
            Tab::Inspect => "inspect",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Packets => "Packets",
            Tab::Matrix => "Matrix",
            Tab::Inspect => "Inspect",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: Tab,
    pub on_select: Callback<Tab>,
}

#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let onkeydown = {
        let on_select = props.on_select.clone();
        let current = props.current;
        Callback::from(move |e: KeyboardEvent| {
            let i = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let n = Tab::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(Tab::ALL[next]);
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(el) = doc.get_element_by_id(&format!("tab-{}", Tab::ALL[next].id())) {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Views" {onkeydown}>
            { for Tab::ALL.iter().map(|&t| {
                let selected = t == props.current;
                let onclick = props.on_select.reform(move |_: MouseEvent| t);
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", t.id())}
                        class={classes!("tab", selected.then_some("active"))}
                        aria-selected={selected.to_string()} aria-controls={format!("panel-{}", t.id())}
                        tabindex={if selected { "0" } else { "-1" }} {onclick}>
                        { t.label() }
                    </button>
                }
            }) }
        </div>
    }
}

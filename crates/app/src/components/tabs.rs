//! The tab strip for the side pane (Packets, Matrix, Inspect, Files), with the
//! keyboard behaviour of the ARIA tabs pattern: ←/→, Home and End move
//! between tabs and select them.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Packets,
    Matrix,
    Inspect,
    Files,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Packets, Tab::Matrix, Tab::Inspect, Tab::Files];

    /// The tab button's element id (`tab-packets`), static: no string is
    /// built per render.
    pub fn tab_id(self) -> &'static str {
        match self {
            Tab::Packets => "tab-packets",
            Tab::Matrix => "tab-matrix",
            Tab::Inspect => "tab-inspect",
            Tab::Files => "tab-files",
        }
    }

    /// The id of the panel the tab shows (`panel-packets`).
    pub fn panel_id(self) -> &'static str {
        match self {
            Tab::Packets => "panel-packets",
            Tab::Matrix => "panel-matrix",
            Tab::Inspect => "panel-inspect",
            Tab::Files => "panel-files",
        }
    }

    /// The `panels=` name that shows this tab.
    pub fn panel(self) -> bridgeport_lessons::share::Panel {
        use bridgeport_lessons::share::Panel;
        match self {
            Tab::Packets => Panel::Packets,
            Tab::Matrix => Panel::Matrix,
            Tab::Inspect => Panel::Inspect,
            Tab::Files => Panel::Files,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Packets => "Packets",
            Tab::Matrix => "Matrix",
            Tab::Inspect => "Inspect",
            Tab::Files => "Files",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct TabsProps {
    pub current: Tab,
    pub on_select: Callback<Tab>,
    /// The tabs shown (`panels=` may leave some out).
    #[prop_or(Rc::from(Tab::ALL.as_slice()))]
    pub tabs: Rc<[Tab]>,
}

#[function_component(Tabs)]
pub fn tabs(props: &TabsProps) -> Html {
    let onkeydown = {
        let on_select = props.on_select.clone();
        let current = props.current;
        let tabs = Rc::clone(&props.tabs);
        Callback::from(move |e: KeyboardEvent| {
            let i = tabs.iter().position(|t| *t == current).unwrap_or(0);
            let n = tabs.len().max(1);
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            let Some(&next) = tabs.get(next) else { return };
            e.prevent_default();
            on_select.emit(next);
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(el) = doc.get_element_by_id(next.tab_id()) {
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Views" {onkeydown}>
            { for props.tabs.iter().map(|&t| {
                let selected = t == props.current;
                let onclick = props.on_select.reform(move |_: MouseEvent| t);
                html! {
                    <button type="button" role="tab" id={t.tab_id()}
                        class={classes!("tab", selected.then_some("active"))}
                        aria-selected={selected.to_string()} aria-controls={t.panel_id()}
                        tabindex={if selected { "0" } else { "-1" }} {onclick}>
                        { t.label() }
                    </button>
                }
            }) }
        </div>
    }
}

//! What the browser test files share: mounting a component on a fresh
//! element of the page, finding what it drew, and typing into the App's
//! terminal with real DOM events.
#![allow(dead_code)] // each test file uses its own part

use bridgeport_app::App;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};
use yew::BaseComponent;

/// A component mounted on its own element; dropping it unmounts it.
pub struct Mounted<C: BaseComponent> {
    pub root: Element,
    handle: Option<yew::AppHandle<C>>,
}

impl<C: BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

impl<C: BaseComponent> Mounted<C> {
    pub fn find(&self, sel: &str) -> Option<Element> {
        self.root.query_selector(sel).unwrap()
    }
    pub fn q(&self, sel: &str) -> Element {
        self.find(sel)
            .unwrap_or_else(|| panic!("no element matches {sel}"))
    }
    pub fn all(&self, sel: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(sel).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
            .collect()
    }
    pub fn all_text(&self, sel: &str) -> Vec<String> {
        self.all(sel)
            .iter()
            .map(|e| e.text_content().unwrap_or_default())
            .collect()
    }
    pub fn text(&self, sel: &str) -> String {
        self.q(sel).text_content().unwrap_or_default()
    }
    pub async fn click(&self, sel: &str) {
        self.q(sel).dyn_into::<HtmlElement>().unwrap().click();
        yew::scheduler::flush().await;
    }
}

/// A fresh `<div>` at the end of the page's body.
pub fn root() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

pub async fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    let root = root();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

/// A keydown of `key` (with Ctrl) on `target`, bubbling and cancelable.
pub fn key(target: &Element, key: &str, ctrl: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(ctrl);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// `line` typed into the terminal's input (not entered).
pub async fn type_line(app: &Mounted<App>, line: &str) -> HtmlInputElement {
    let input: HtmlInputElement = app.q("#command").dyn_into().unwrap();
    input.set_value(line);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    input
}

/// `line` typed and entered.
pub async fn enter(app: &Mounted<App>, line: &str) {
    let input = type_line(app, line).await;
    key(&input, "Enter", false);
    yew::scheduler::flush().await;
}

/// The id of the element that has the focus ("" when none has).
pub fn active_id() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|e| e.id())
        .unwrap_or_default()
}

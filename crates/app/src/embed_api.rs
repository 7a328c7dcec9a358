//! The JavaScript API for course pages, documented in `web/embed.md`:
//!
//! ```js
//! import { Bridgeport } from './embed.js';
//! const lab = Bridgeport.mount(document.getElementById('lab'), {
//!   lesson: 'user-networks', panels: ['terminal', 'topology'], theme: 'light',
//! });
//! lab.on('step', (e) => console.log('step', e.step, e.title));
//! const out = await lab.run('docker network ls'); // {command, output, exit_code, packets}
//! await lab.writeFile('compose.yaml', 'services:\n  web:\n    image: nginx\n');
//! lab.readFile('compose.yaml'); // the text, or null
//! lab.state();   // what a share link holds; lab.destroy();
//! ```
//!
//! These are wasm-bindgen exports of the page's own module ([`mount`] and the
//! [`Playground`] class). Trunk hashes that module's name, so `web/embed.js`
//! finds it through `index.html` and puts the API on `window.Bridgeport`.
//! Options are checked exactly like the page's URL parameters (they are
//! turned into one); a bad option throws an `Error` saying which.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_commands::MAX_LINE;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::{AppHandle, Callback};

use crate::boot::Config;
use crate::components::app::{App, AppProps};
use crate::events::{summary, PageEvent, KINDS};
use crate::remote::Remote;
use crate::state::{load_lesson, Entry};

type Listeners = Rc<RefCell<Vec<(String, js_sys::Function)>>>;

/// A playground mounted into a course page.
#[wasm_bindgen]
pub struct Playground {
    app: RefCell<Option<AppHandle<App>>>,
    remote: Remote,
    listeners: Listeners,
}

const OPTIONS: [&str; 7] = [
    "lesson",
    "files",
    "commands",
    "theme",
    "panels",
    "seed",
    "autofocus",
];

/// `files: {path: text, …}` as `&file=path:text` parameters, in key order.
fn files_query(v: &JsValue) -> Result<String, String> {
    let bad = || {
        "`files` must be an object of file names and their text, e.g. {'compose.yaml': 'services: …'}".to_string()
    };
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(bad());
    }
    let mut q = String::new();
    for entry in js_sys::Object::entries(v.unchecked_ref()).iter() {
        let pair = js_sys::Array::from(&entry);
        let (Some(path), Some(text)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            return Err(bad());
        };
        q.push_str(&format!(
            "&file={}",
            String::from(js_sys::encode_uri_component(&format!("{path}:{text}")))
        ));
    }
    Ok(q)
}

/// The options object as the page's query string (`embed&lesson=…`).
fn options_query(options: &JsValue) -> Result<String, String> {
    let mut query = String::from("embed");
    if options.is_undefined() || options.is_null() {
        return Ok(query);
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err("options must be an object, e.g. {lesson: 'basics'}".into());
    }
    let obj: &js_sys::Object = options.unchecked_ref();
    for key in js_sys::Object::keys(obj)
        .iter()
        .filter_map(|k| k.as_string())
    {
        if !OPTIONS.contains(&key.as_str()) {
            return Err(format!(
                "unknown option `{key}` (options: {})",
                OPTIONS.join(", ")
            ));
        }
    }
    for key in OPTIONS {
        let v = js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() || v.is_null() {
            continue;
        }
        if key == "files" {
            query.push_str(&files_query(&v)?);
            continue;
        }
        let value = if let Some(s) = v.as_string() {
            s
        } else if let (Some(on), "autofocus") = (v.as_bool(), key) {
            (if on { "1" } else { "0" }).to_string()
        } else if let (Some(n), "seed") = (v.as_f64(), key) {
            if n < 0.0 || n.fract() != 0.0 || n > 9_007_199_254_740_991.0 {
                return Err("`seed` must be a whole number from 0 (or a string of digits)".into());
            }
            format!("{}", n as u64)
        } else if js_sys::Array::is_array(&v) && (key == "commands" || key == "panels") {
            let items: Option<Vec<String>> = js_sys::Array::from(&v)
                .iter()
                .map(|x| x.as_string())
                .collect();
            let items = items.ok_or_else(|| format!("`{key}` must be an array of strings"))?;
            if key == "commands" && items.iter().any(|c| c.contains(['\n', '\r'])) {
                return Err("a command in `commands` contains a line break".into());
            }
            items.join(if key == "panels" { "," } else { "\n" })
        } else {
            return Err(format!("`{key}` must be a string"));
        };
        query.push_str(&format!(
            "&{key}={}",
            String::from(js_sys::encode_uri_component(&value))
        ));
    }
    Ok(query)
}

fn error(msg: impl AsRef<str>) -> JsValue {
    js_sys::Error::new(&format!("Bridgeport: {}", msg.as_ref())).into()
}

fn parse_json(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)
}

/// What `run` resolves to.
fn outcome(e: &Entry) -> JsValue {
    let packets: Vec<serde_json::Value> = e
        .packets
        .iter()
        .map(|p| serde_json::json!({ "verdict": p.verdict, "proto": p.proto, "src": p.src, "dst": p.dst, "summary": summary(p) }))
        .collect();
    parse_json(&serde_json::json!({ "command": e.command, "output": e.output, "exit_code": e.exit_code, "packets": packets }).to_string())
}

fn emit(listeners: &Listeners, event: &PageEvent) {
    let targets: Vec<js_sys::Function> = listeners
        .borrow()
        .iter()
        .filter(|(kind, _)| kind == event.kind() || kind == "*")
        .map(|(_, f)| f.clone())
        .collect();
    if targets.is_empty() {
        return;
    }
    let data = parse_json(&event.to_json());
    for f in targets {
        if let Err(e) = f.call1(&JsValue::NULL, &data) {
            web_sys::console::error_2(&"Bridgeport: an event listener threw".into(), &e);
        }
    }
}

/// Mounts a playground into `element` (an element or a CSS selector) with
/// `options` (`lesson`, `commands`, `theme`, `panels`, `seed`, `autofocus`).
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue) -> Result<Playground, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| error("no document"))?;
    let root: web_sys::Element = match element.as_string() {
        Some(selector) => document
            .query_selector(&selector)
            .map_err(|_| error(format!("`{selector}` is not a valid CSS selector")))?
            .ok_or_else(|| error(format!("no element matches `{selector}`")))?,
        None => element.dyn_into().map_err(|_| {
            error("mount(element, options): element must be an Element or a CSS selector")
        })?,
    };
    let query = options_query(&options).map_err(error)?;
    // A mounted playground is strict: the first bad option throws.
    bridgeport_lessons::share::parse_query(&query).map_err(error)?;
    let mut config = Config::from_url(&query, "");
    if let Some(id) = &config.options.lesson {
        load_lesson(id).map_err(error)?;
    }
    config.persist = false;
    config.page = false;
    let listeners = Listeners::default();
    let on_event = {
        let listeners = Rc::clone(&listeners);
        Callback::from(move |e: PageEvent| emit(&listeners, &e))
    };
    let remote = Remote::default();
    let props = AppProps {
        config: Rc::new(config),
        on_event: Some(on_event),
        remote: remote.clone(),
    };
    let app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    Ok(Playground {
        app: RefCell::new(Some(app)),
        remote,
        listeners,
    })
}

#[wasm_bindgen]
impl Playground {
    /// Runs one command line as if typed. Resolves to
    /// `{command, output, exit_code, packets: [{verdict, proto, src, dst, summary}]}`
    /// (`null` for a line the page answers itself, such as `clear`).
    pub fn run(&self, command: JsValue) -> js_sys::Promise {
        let Some(line) = command.as_string() else {
            return js_sys::Promise::reject(&error("run(command): command must be a string"));
        };
        if line.len() > MAX_LINE || line.chars().any(|c| c.is_control() && c != '\t') {
            return js_sys::Promise::reject(&error(
                "run(command): command must be one line of text",
            ));
        }
        self.run_entry(line)
    }
}

impl Playground {
    /// Runs one entry (a line, or a here-document) through the reducer.
    fn run_entry(&self, line: String) -> js_sys::Promise {
        if self.app.borrow().is_none() {
            return js_sys::Promise::reject(&error("this playground was destroyed"));
        }
        let remote = self.remote.clone();
        js_sys::Promise::new(&mut |resolve, _reject| {
            let line = line.clone();
            remote.when_ready(move |r| {
                let out = r.run(line).map_or(JsValue::NULL, |e| outcome(&e));
                let _ = resolve.call1(&JsValue::NULL, &out);
            });
        })
    }
}

#[wasm_bindgen]
impl Playground {
    /// Writes a file on the host (a relative path is in `~/myapp`), as the
    /// page's editor saves it: the shell line `cat > PATH <<'EOF' … EOF`
    /// runs as if typed, so the file is part of the session (undo, share
    /// links). Resolves like [`Playground::run`].
    #[wasm_bindgen(js_name = writeFile)]
    pub fn write_file(&self, path: JsValue, text: JsValue) -> js_sys::Promise {
        let (Some(path), Some(text)) = (path.as_string(), text.as_string()) else {
            return js_sys::Promise::reject(&error(
                "writeFile(path, text): path and text must be strings",
            ));
        };
        if path.trim().is_empty() || path.chars().any(char::is_control) {
            return js_sys::Promise::reject(&error(
                "writeFile(path, text): path must be a file name",
            ));
        }
        let line = bridgeport_commands::shell::heredoc_command(path.trim(), &text);
        if line.len() > MAX_LINE {
            return js_sys::Promise::reject(&error(format!(
                "writeFile(path, text): the file is larger than the terminal takes in one entry ({MAX_LINE} bytes)"
            )));
        }
        self.run_entry(line)
    }

    /// The text of a file on the host (a relative path is in the host
    /// shell's working directory), or `null` when there is none.
    #[wasm_bindgen(js_name = readFile)]
    pub fn read_file(&self, path: JsValue) -> JsValue {
        path.as_string()
            .and_then(|p| self.remote.read_file(&p))
            .map_or(JsValue::NULL, |t| JsValue::from_str(&t))
    }

    /// Calls `callback(event)` for every event of this kind: `command`,
    /// `packet`, `step`, `ready`, or `*` for all.
    pub fn on(&self, event: String, callback: js_sys::Function) -> Result<(), JsValue> {
        if event != "*" && !KINDS.contains(&event.as_str()) {
            return Err(error(format!(
                "unknown event `{event}` (events: {}, *)",
                KINDS.join(", ")
            )));
        }
        self.listeners.borrow_mut().push((event, callback));
        Ok(())
    }

    /// The session as a share link holds it: `{version, seed, commands,
    /// lesson, step, completed, …}`, plus `fragment`, the text after `#` of a
    /// link that opens it in the full page (`null` before the first render).
    /// This call answers at once, so `fragment` is not compressed (stored
    /// deflate blocks); [`Playground::share_fragment`] gives the short one.
    pub fn state(&self) -> JsValue {
        let Some(saved) = self.remote.saved() else {
            return JsValue::NULL;
        };
        let obj = parse_json(&serde_json::to_string(&saved).unwrap_or_default());
        if let Ok(fragment) = saved.encode_stored() {
            let _ = js_sys::Reflect::set(&obj, &"fragment".into(), &fragment.into());
        }
        obj
    }

    /// Resolves to the fragment of the share dialog's link (compressed, as
    /// `state().fragment` is not), or `null` before the first render;
    /// rejects when the session is too large to share.
    #[wasm_bindgen(js_name = shareFragment)]
    pub fn share_fragment(&self) -> js_sys::Promise {
        let saved = self.remote.saved();
        wasm_bindgen_futures::future_to_promise(async move {
            let Some(saved) = saved else {
                return Ok(JsValue::NULL);
            };
            crate::share_codec::encode(&saved)
                .await
                .map(JsValue::from)
                .map_err(|e| error(format!("this session cannot be shared: {e}")))
        })
    }

    /// Unmounts the playground and forgets its listeners.
    pub fn destroy(&self) {
        self.remote.detach();
        self.listeners.borrow_mut().clear();
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
    }
}

//! The iframe side of embedding. A page opened as
//! `index.html?embed&origin=https://course.example` inside an iframe sends
//! its [`PageEvent`]s to the embedding page with
//! `window.parent.postMessage(msg, origin)` — only to the allowed origins —
//! and runs `{type: "run", command: "…"}` messages, accepted only from those
//! same origins and from the parent window.
//!
//! The allowed origins are the `origin=` parameters (repeated, or separated
//! by commas), else the origin of `document.referrer`. Nothing is sent and
//! nothing is accepted when there is none. Incoming data is validated as a
//! plain object with string fields; a command is one line of text.

use bridgeport_commands::MAX_LINE;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

use crate::events::PageEvent;
use crate::remote::Remote;

/// The `scheme://host[:port]` of an absolute http(s) URL, as browsers write
/// origins (lowercase, default port left out).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let ok = |c: char| c.is_ascii_alphanumeric() || ".-:[]".contains(c);
    if host.is_empty() || host.starts_with(':') || !host.chars().all(ok) {
        return None;
    }
    Some(format!(
        "{scheme}://{}",
        host.strip_suffix(default_port).unwrap_or(&host)
    ))
}

/// An origin as given in `origin=`: nothing but scheme, host and port.
fn origin_param(value: &str) -> Option<String> {
    let v = value.trim();
    let o = origin_of(v)?;
    let rest = &v[v.find("://")? + 3..];
    (!rest.trim_end_matches('/').contains(['/', '?', '#'])).then_some(o)
}

/// The origins events may go to and commands may come from.
pub fn allowed_origins(params: &[String], referrer: &str) -> Vec<String> {
    if params.is_empty() {
        return origin_of(referrer).into_iter().collect();
    }
    let mut out: Vec<String> = Vec::new();
    for o in params
        .iter()
        .flat_map(|p| p.split(','))
        .filter_map(origin_param)
    {
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

/// What an embedding page may ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Run(String),
}

/// Validates a message's data: `{type: "run", command: "docker ps"}`, with
/// `command` a string of one line. Anything else is refused, with why.
pub fn parse_incoming(data: &JsValue) -> Result<Incoming, String> {
    if !data.is_object() || js_sys::Array::is_array(data) {
        return Err("the message is not an object".into());
    }
    let field = |name: &str| {
        js_sys::Reflect::get(data, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    match field("type").as_deref() {
        Some("run") => {}
        _ => return Err("the message's type is not \"run\"".into()),
    }
    let command = field("command").ok_or("the command is not a string")?;
    if command.len() > MAX_LINE || command.chars().any(|c| c.is_control() && c != '\t') {
        return Err("the command is not one line of text".into());
    }
    Ok(Incoming::Run(command))
}

/// A message for the embedding page: the event's fields plus `source: "bridgeport"`.
pub fn message(event: &PageEvent) -> JsValue {
    let obj =
        js_sys::JSON::parse(&event.to_json()).unwrap_or_else(|_| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&obj, &"source".into(), &"bridgeport".into());
    obj
}

/// Inside an iframe with allowed origins: listens for messages (for the
/// life of the page) and returns where events go.
pub fn install(origins: Vec<String>, remote: Remote) -> Option<Callback<PageEvent>> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if origins.is_empty() || js_sys::Object::is(&parent, &window) {
        return None;
    }
    let allowed = origins.clone();
    let from_parent = parent.clone();
    let listener =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let from_parent = e
                .source()
                .is_some_and(|s| js_sys::Object::is(&s, &from_parent));
            if !from_parent || !allowed.contains(&e.origin()) {
                return;
            }
            match parse_incoming(&e.data()) {
                Ok(Incoming::Run(line)) => remote.when_ready(move |r| {
                    r.run(line);
                }),
                Err(why) => web_sys::console::warn_1(
                    &format!("bridgeport: a message was ignored: {why}").into(),
                ),
            }
        });
    let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    listener.forget();
    Some(Callback::from(move |event: PageEvent| {
        let msg = message(&event);
        for origin in &origins {
            let _ = parent.post_message(&msg, origin);
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_come_from_the_parameter_else_the_referrer() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            allowed_origins(&[], "https://Course.Example/unit/6?x#y"),
            ["https://course.example"]
        );
        assert_eq!(
            allowed_origins(&[], "http://127.0.0.1:8080/page"),
            ["http://127.0.0.1:8080"]
        );
        assert_eq!(allowed_origins(&[], ""), Vec::<String>::new());
        assert_eq!(
            allowed_origins(&[], "file:///tmp/x.html"),
            Vec::<String>::new()
        );
        assert_eq!(
            allowed_origins(
                &s(&[
                    "https://a.example,https://b.example:8443/",
                    "https://a.example:443"
                ]),
                "https://ignored.example/"
            ),
            ["https://a.example", "https://b.example:8443"]
        );
        // Not origins: paths, other schemes, wildcards, userinfo, script.
        for bad in [
            "https://a.example/path",
            "*",
            "null",
            "javascript:alert(1)",
            "https://u@a.example",
            "https://a.example\"><script>",
            "ftp://a.example",
        ] {
            assert_eq!(
                allowed_origins(&s(&[bad]), "https://ref.example/"),
                Vec::<String>::new(),
                "{bad}"
            );
        }
    }
}

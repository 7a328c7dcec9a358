//! Browser tests of lessons, sharing, persistence and embedding, in headless
//! Chromium: `cargo test --target wasm32-unknown-unknown -p bridgeport-app`.
//!
//! The App is mounted with the options a URL or the JS API would give it and
//! driven with real DOM events; untrusted text (lesson Markdown, URL
//! parameters, messages from an embedding page) must come out as text.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_app::boot::Config;
use bridgeport_app::bridge::{parse_incoming, Incoming};
use bridgeport_app::components::lesson::{LessonPanel, LessonProps};
use bridgeport_app::persist::SESSION_KEY;
use bridgeport_app::remote::Remote;
use bridgeport_app::{embed_api, share_codec, App, AppProps};
use bridgeport_lessons::share::{fragment_text, ShareError, MAX_DECODED};
use bridgeport_lessons::{Lesson, LessonRun, SavedState};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};
use yew::Callback;

mod common;
use common::{enter, mount, root, Mounted};

wasm_bindgen_test_configure!(run_in_browser);

/// The basics lesson's number of steps, from the lesson itself (so adding a
/// step breaks no test).
fn basics_steps() -> usize {
    bridgeport_lessons::builtin::load("basics")
        .and_then(Result::ok)
        .map_or(0, |l| l.steps.len())
}

/// The App as a page opened at `url` would start (storage off unless `persist`).
async fn open(url: &str, persist: bool, remote: Remote) -> Mounted<App> {
    let (q, f) = url.split_once('#').unwrap_or((url, ""));
    // A link's fragment is inflated by the browser's streams, as the page does.
    let mut config = share_codec::read_fragment(Config::from_url(q, f)).await;
    config.persist = persist;
    config.page = false;
    mount::<App>(AppProps {
        config: Rc::new(config),
        on_event: None,
        remote,
    })
    .await
}

#[wasm_bindgen_test]
async fn a_step_passes_after_the_right_command_and_a_wrong_one_lists_what_is_missing() {
    let app = open("?lesson=basics", false, Remote::default()).await;
    assert_eq!(app.text("#lesson-title"), "Container networking basics");
    assert!(
        app.text("#step-title")
            .starts_with(&format!("Step 1 of {}", basics_steps())),
        "{}",
        app.text("#step-title")
    );
    assert_eq!(
        app.text(".lesson-progress"),
        format!("0 of {} steps done", basics_steps())
    );
    // Wrong: listing networks is not inspecting the bridge.
    enter(&app, "docker network ls").await;
    let missing = app.all_text(".check.failed .checklist li");
    assert!(!missing.is_empty(), "the failed parts are listed");
    assert!(
        missing[0].contains("docker network inspect bridge"),
        "{missing:?}"
    );
    // Right.
    enter(&app, "docker network inspect bridge").await;
    assert!(app.find(".check.failed").is_none());
    assert!(
        app.text(".check.passed").starts_with("✓ Step 1 done."),
        "{}",
        app.text(".check.passed")
    );
    assert!(app
        .text("#step-title")
        .starts_with(&format!("Step 2 of {}", basics_steps())));
    assert_eq!(
        app.text(".lesson-progress"),
        format!("1 of {} steps done", basics_steps())
    );
    assert_eq!(app.all_text(".step-marks .mark.done"), ["✓"]);
    // Step 2 wants nginx: an alpine `web` says so.
    enter(&app, "docker run -d --name web alpine sleep 1d").await;
    let missing = app.all_text(".check.failed .checklist li");
    assert!(missing.iter().any(|m| m.contains("nginx")), "{missing:?}");
    // Back and Next move between reached steps; the host stays as it is.
    app.click("#lesson-back").await;
    assert!(app
        .text("#step-title")
        .starts_with(&format!("Step 1 of {}", basics_steps())));
    app.click("#lesson-next").await;
    assert!(app
        .text("#step-title")
        .starts_with(&format!("Step 2 of {}", basics_steps())));
    // Reset step takes the alpine web away again.
    app.click("#lesson-reset-step").await;
    assert!(app.text(".term-output").contains("reset step"));
    enter(&app, "docker run -d --name web nginx").await;
    assert!(
        app.text("#step-title")
            .starts_with(&format!("Step 3 of {}", basics_steps())),
        "{}",
        app.text("#step-title")
    );
}

#[wasm_bindgen_test]
async fn clicking_a_command_types_it_and_the_hint_and_solution_open() {
    let app = open("?lesson=user-networks", false, Remote::default()).await;
    let input: HtmlInputElement = app.q("#command").dyn_into().unwrap();
    app.click(".step .run-cmd").await;
    assert_eq!(
        input.value(),
        "docker network create appnet",
        "typed in, not run"
    );
    assert!(!app
        .text(".term-output")
        .contains("docker network create appnet"));
    assert!(app.find(".lesson-hint").is_none());
    app.click("#lesson-hint").await;
    assert_eq!(
        app.text(".lesson-hint"),
        "Run docker network create appnet."
    );
    assert_eq!(
        app.q(".lesson-hint code").text_content().unwrap(),
        "docker network create appnet"
    );
    app.click("#lesson-solution").await;
    assert_eq!(
        app.all_text(".lesson-solution .run-cmd"),
        ["$ docker network create appnet"]
    );
    // Without a terminal panel a click runs the command.
    let app = open(
        "?embed&lesson=user-networks&panels=topology",
        false,
        Remote::default(),
    )
    .await;
    assert!(app.find("#command").is_none());
    app.click(".step .run-cmd").await;
    assert!(app.text(".check.passed").starts_with("✓ Step 1 done."));
}

#[wasm_bindgen_test]
async fn a_share_link_reopens_the_same_state() {
    let remote = Remote::default();
    let app = open("?lesson=basics", false, remote.clone()).await;
    enter(&app, "docker network inspect bridge").await;
    enter(&app, "docker run -d --name web -p 8080:80 nginx").await;
    let saved = remote.saved().unwrap();
    assert_eq!(saved.step, 2);
    let fragment = saved.encode().unwrap();
    drop(app);
    // The link's fragment wins over the query.
    let other = Remote::default();
    let again = open(
        &format!("?lesson=user-networks#{fragment}"),
        false,
        other.clone(),
    )
    .await;
    assert_eq!(other.saved().unwrap(), saved);
    assert_eq!(again.text("#lesson-title"), "Container networking basics");
    assert!(again
        .text("#step-title")
        .starts_with(&format!("Step 3 of {}", basics_steps())));
    assert!(again
        .text(".term-output")
        .contains("docker run -d --name web -p 8080:80 nginx"));
    assert!(
        again.find("[data-node='ctr:web']").is_some(),
        "the container is drawn"
    );
    assert!(again.find(".notices").is_none());
}

#[wasm_bindgen_test]
async fn damaged_or_newer_states_give_a_notice_never_a_dead_page() {
    let app = open(
        "#eJzLSM3JyVcozy_KSQEAGgQEXQ-cut-off",
        false,
        Remote::default(),
    )
    .await;
    assert!(
        app.text(".notices")
            .contains("The shared link could not be opened"),
        "{}",
        app.text(".notices")
    );
    enter(&app, "docker ps").await;
    assert!(
        app.text(".term-output").contains("CONTAINER ID"),
        "the page works"
    );
    app.click("#notice-dismiss").await;
    assert!(app.find(".notices").is_none());
    // localStorage: restored on reload; a newer version is refused with a notice.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = SavedState::new(9, vec!["docker network create kept".into()]);
    storage
        .set_item(SESSION_KEY, &saved.to_json().unwrap())
        .unwrap();
    let remote = Remote::default();
    let app = open("", true, remote.clone()).await;
    assert_eq!(remote.saved().unwrap(), saved);
    assert!(app
        .text(".term-output")
        .contains("docker network create kept"));
    drop(app);
    let newer = r#"{"version":7,"seed":1,"commands":["docker ps"],"hologram":true}"#;
    storage.set_item(SESSION_KEY, newer).unwrap();
    let app = open("", true, Remote::default()).await;
    assert!(
        app.text(".notices").contains("newer version of Bridgeport"),
        "{}",
        app.text(".notices")
    );
    assert_eq!(
        storage.get_item(SESSION_KEY).unwrap().as_deref(),
        Some(newer),
        "kept until the learner acts"
    );
    enter(&app, "docker network ls").await;
    let now = SavedState::from_json(&storage.get_item(SESSION_KEY).unwrap().unwrap()).unwrap();
    assert_eq!(now.commands, ["docker network ls"]);
    drop(app);
    storage.remove_item(SESSION_KEY).unwrap();
}

const EVIL_LESSON: &str = r#"---
title: <img src=x onerror=alert(1)>
id: evil
---

Intro with <script>alert(1)</script>, a [link](javascript:alert(1)) and **<b>bold</b>**.

## Step 1: <svg onload=alert(1)>

```run
echo "<img src=x onerror=alert(2)>"
```

check: command echo ran
hint: Try `<b>` tags and [this](https://example.com/<script>).
"#;

#[wasm_bindgen_test]
async fn lesson_text_url_parameters_and_messages_stay_text() {
    // Lesson Markdown.
    let lesson = Lesson::parse(EVIL_LESSON).unwrap();
    let panel = mount::<LessonPanel>(LessonProps {
        run: Rc::new(LessonRun::new(lesson)),
        check: None,
        on_command: Callback::noop(),
        on_nav: Callback::noop(),
    })
    .await;
    panel.click("#lesson-hint").await;
    assert!(
        panel.find("img, script, svg, b").is_none(),
        "{}",
        panel.root.inner_html()
    );
    // Only the http(s) link is a link, and it cannot reach back to the page.
    let links = panel.root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1);
    let a: Element = links.item(0).unwrap().dyn_into().unwrap();
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("https://example.com/<script>")
    );
    assert_eq!(
        a.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(panel.text("#lesson-title"), "<img src=x onerror=alert(1)>");
    assert!(panel
        .text(".lesson-intro")
        .contains("<script>alert(1)</script>, a link and <b>bold</b>."));
    assert_eq!(panel.text("strong"), "<b>bold</b>");
    assert_eq!(
        panel.text(".run-cmd"),
        "$ echo \"<img src=x onerror=alert(2)>\""
    );
    assert_eq!(panel.text(".lesson-hint"), "Try <b> tags and this.");
    // URL parameters.
    let app = open(
        "?commands=echo+%3Cimg+src%3Dx+onerror%3Dalert(3)%3E",
        false,
        Remote::default(),
    )
    .await;
    assert!(app.find(".term-output img").is_none());
    assert!(app
        .text(".term-output")
        .contains("echo <img src=x onerror=alert(3)>"));
    let app = open(
        "?lesson=%3Cscript%3Ealert(1)%3C/script%3E",
        false,
        Remote::default(),
    )
    .await;
    assert!(app.find(".notices script").is_none());
    assert!(
        app.text(".notices")
            .contains("`<script>alert(1)</script>` is not a lesson id"),
        "{}",
        app.text(".notices")
    );
    // Messages from an embedding page: plain strings only.
    let obj = |pairs: &[(&str, JsValue)]| {
        let o = js_sys::Object::new();
        for (k, v) in pairs {
            js_sys::Reflect::set(&o, &(*k).into(), v).unwrap();
        }
        JsValue::from(o)
    };
    let img = JsValue::from_str("<img src=x onerror=alert(4)>");
    assert_eq!(
        parse_incoming(&obj(&[("type", "run".into()), ("command", img.clone())])),
        Ok(Incoming::Run("<img src=x onerror=alert(4)>".into()))
    );
    for bad in [
        JsValue::from_str("docker ps"),
        js_sys::Array::of2(&"run".into(), &"docker ps".into()).into(),
        obj(&[("type", "run".into())]),
        obj(&[("type", "run".into()), ("command", 7.into())]),
        obj(&[
            ("type", "run".into()),
            ("command", obj(&[("toString", "x".into())])),
        ]),
        obj(&[
            ("type", "run".into()),
            ("command", "docker ps\ndocker rm -f web".into()),
        ]),
        obj(&[("type", "eval".into()), ("command", "docker ps".into())]),
        JsValue::NULL,
    ] {
        assert!(parse_incoming(&bad).is_err(), "{bad:?}");
    }
    // And a run message's command shows up as text too.
    let remote = Remote::default();
    let app = open("?embed", false, remote.clone()).await;
    remote.run("echo <img src=x onerror=alert(5)>".into());
    yew::scheduler::flush().await;
    assert!(app.find(".term-output img").is_none());
    assert!(app
        .text(".term-output")
        .contains("<img src=x onerror=alert(5)>"));
}

#[wasm_bindgen_test]
async fn embedded_panels_show_only_what_was_asked() {
    let app = open("?embed&panels=terminal,matrix", false, Remote::default()).await;
    assert!(app.q(".app").class_list().contains("embed"));
    assert!(
        app.find("#lesson-select").is_none(),
        "no lesson chooser in an iframe"
    );
    assert!(app.find(".topo-pane").is_none());
    assert!(app.find(".term-pane").is_some());
    assert_eq!(app.all_text(".tabs .tab"), ["Matrix"]);
    let full = open("", false, Remote::default()).await;
    assert_eq!(
        full.all_text("#lesson-select option").len(),
        bridgeport_lessons::builtin::SOURCES.len() + 1,
        "none + every built-in lesson"
    );
    assert!(full.find(".lesson-pane").is_none());
}

/// A JS function, what it was called with (as JSON), and the closure to keep alive.
type Recorder = (
    js_sys::Function,
    Rc<RefCell<Vec<String>>>,
    Closure<dyn FnMut(JsValue)>,
);

/// A JS function that records what it is called with, as JSON.
fn recorder() -> Recorder {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = Rc::clone(&seen);
    let c = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| {
        s.borrow_mut()
            .push(String::from(js_sys::JSON::stringify(&v).unwrap()));
    });
    (
        c.as_ref().unchecked_ref::<js_sys::Function>().clone(),
        seen,
        c,
    )
}

#[wasm_bindgen_test]
async fn the_js_api_mounts_runs_and_reports_events() {
    let el = root();
    let options = js_sys::JSON::parse(
        r#"{"lesson":"user-networks","panels":["terminal","topology"],"theme":"dark","seed":42}"#,
    )
    .unwrap();
    let lab = embed_api::mount(el.clone().into(), options).unwrap();
    let (all, seen, _keep) = recorder();
    lab.on("*".into(), all).unwrap();
    // run() before the first render waits for it.
    let promise = lab.run("docker network create appnet".into());
    yew::scheduler::flush().await;
    let out = wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    let field = |k: &str| js_sys::Reflect::get(&out, &k.into()).unwrap();
    assert_eq!(field("exit_code").as_f64(), Some(0.0));
    assert_eq!(
        field("command").as_string().as_deref(),
        Some("docker network create appnet")
    );
    yew::scheduler::flush().await;
    let events = seen.borrow().clone();
    assert!(
        events[0].starts_with(r#"{"type":"ready","lesson":"user-networks"}"#),
        "{events:?}"
    );
    assert!(events.iter().any(|e| e.starts_with(r#"{"type":"command","command":"docker network create appnet""#)), "{events:?}");
    assert!(events.iter().any(|e| e == r#"{"type":"step","lesson":"user-networks","step":1,"title":"Create a network","finished":false}"#), "{events:?}");
    assert_eq!(
        el.query_selector(".app")
            .unwrap()
            .unwrap()
            .get_attribute("data-theme")
            .as_deref(),
        Some("dark")
    );
    // Packets come as events too (a ping between containers on one network).
    for line in [
        "docker run -d --name db --network appnet redis",
        "docker run -dit --name api --network appnet alpine",
    ] {
        wasm_bindgen_futures::JsFuture::from(lab.run(line.into()))
            .await
            .unwrap();
    }
    let out = wasm_bindgen_futures::JsFuture::from(lab.run("docker exec api ping -c 1 db".into()))
        .await
        .unwrap();
    let packets = js_sys::Reflect::get(&out, &"packets".into()).unwrap();
    assert!(js_sys::Array::from(&packets).length() > 0);
    yew::scheduler::flush().await;
    assert!(
        seen.borrow()
            .iter()
            .any(|e| e.starts_with(r#"{"type":"packet""#) && e.contains(r#""delivered":true"#)),
        "{:?}",
        seen.borrow()
    );
    let state = lab.state();
    assert_eq!(
        js_sys::Reflect::get(&state, &"step".into())
            .unwrap()
            .as_f64(),
        Some(3.0),
        "steps 1-3 done"
    );
    let fragment = js_sys::Reflect::get(&state, &"fragment".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(SavedState::decode(&fragment).unwrap().commands.len(), 4);
    // The short form, deflated by the browser, reads as the same state.
    let short = wasm_bindgen_futures::JsFuture::from(lab.share_fragment())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    assert!(short.len() < fragment.len(), "{short} / {fragment}");
    assert_eq!(SavedState::decode(&short), SavedState::decode(&fragment));
    // Bad input is refused with a clear error, never run.
    assert!(lab
        .on("bogus".into(), js_sys::Function::new_no_args(""))
        .is_err());
    assert!(
        wasm_bindgen_futures::JsFuture::from(lab.run(JsValue::from(5)))
            .await
            .is_err()
    );
    for bad in [
        r#"{"lesson":5}"#,
        r#"{"bogus":1}"#,
        r#"{"lesson":"nope"}"#,
        r#"{"panels":["terminal","x"]}"#,
        r#"{"seed":-1}"#,
    ] {
        let err = embed_api::mount(root().into(), js_sys::JSON::parse(bad).unwrap()).err();
        assert!(err.is_some(), "{bad}");
    }
    lab.destroy();
    yew::scheduler::flush().await;
    assert!(el.query_selector(".app").unwrap().is_none());
    assert!(
        wasm_bindgen_futures::JsFuture::from(lab.run("docker ps".into()))
            .await
            .is_err()
    );
    el.remove();
}

/// The page's codec (the browser's deflate-raw streams) and the native one
/// (miniz_oxide, which wrote the links of earlier builds) read each other's
/// links; a link that inflates past the limit is refused.
#[wasm_bindgen_test]
async fn links_are_the_same_format_in_the_browser_and_natively() {
    let mut saved = SavedState::new(7, vec!["docker network create shop".into(); 30]);
    saved.lesson = Some("basics".into());
    let browser = share_codec::encode(&saved).await.unwrap();
    assert_eq!(SavedState::decode(&browser), Ok(saved.clone()));
    assert!(
        browser.len() < saved.encode_stored().unwrap().len() / 3,
        "compressed"
    );
    let native = saved.encode().unwrap();
    assert_eq!(share_codec::decode(&native).await, Ok(saved.clone()));
    assert_eq!(
        share_codec::decode(&format!("#{native}")).await,
        Ok(saved.clone())
    );
    assert_eq!(
        share_codec::decode(&saved.encode_stored().unwrap()).await,
        Ok(saved)
    );
    let bomb = inflates_past_the_limit();
    assert!(bomb.len() < 2000);
    assert_eq!(SavedState::decode(&bomb), Err(ShareError::TooLarge));
    assert_eq!(share_codec::decode(&bomb).await, Err(ShareError::TooLarge));
    assert_eq!(
        share_codec::decode(&native[..native.len() / 2]).await,
        Err(ShareError::NotCompressed)
    );
    assert_eq!(share_codec::decode("#").await, Err(ShareError::Empty));
    assert_eq!(share_codec::decode("a*b").await, Err(ShareError::NotBase64));
}

/// A fragment of raw deflate (a few hundred bytes) that inflates to four
/// times the limit.
fn inflates_past_the_limit() -> String {
    let spaces = vec![b' '; 4 * MAX_DECODED];
    fragment_text(&miniz_oxide::deflate::compress_to_vec(&spaces, 9)).unwrap()
}

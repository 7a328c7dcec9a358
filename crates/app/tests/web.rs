//! Browser tests of the page's components, in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p bridgeport-app`.
//!
//! The App is driven with real DOM events (typing, Enter, arrows, Ctrl-C,
//! paste); the views are rendered from the hand-made fixtures in
//! `bridgeport_app::fixtures`, so they are checked independently of the engine.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_app::components::inspector::{Inspector, InspectorProps};
use bridgeport_app::components::matrix::{MatrixProps, MatrixView};
use bridgeport_app::components::packets::{Packets, PacketsProps};
use bridgeport_app::components::topology::{TopologyProps, TopologyView};
use bridgeport_app::player::{Player, PlayerAction};
use bridgeport_app::state::{Entry, EntryKind};
use bridgeport_app::{fixtures, panic, App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::{AttrValue, Callback};

mod common;
use common::{enter, key, mount, type_line};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn typing_a_command_and_enter_echoes_it_in_the_terminal() {
    let app = mount::<App>(AppProps::default()).await;
    assert!(app.text(".term-output").contains("Welcome to Bridgeport"));
    assert_eq!(
        app.text(".term-input .prompt"),
        "learner@docker-host:~/myapp$ "
    );
    enter(&app, "docker ps").await;
    let last = app.all(".term-output .entry.ran").pop().expect("an entry");
    assert_eq!(
        last.query_selector(".prompt")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "learner@docker-host:~/myapp$ "
    );
    assert_eq!(
        last.query_selector(".cmd")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "docker ps"
    );
    let input: HtmlInputElement = app.q("#command").dyn_into().unwrap();
    assert_eq!(input.value(), "", "the input is emptied");
    let log = app.q(".term-output");
    assert_eq!(log.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(log.get_attribute("aria-live").as_deref(), Some("polite"));
}

#[wasm_bindgen_test]
async fn history_ctrl_c_and_ctrl_l() {
    let app = mount::<App>(AppProps::default()).await;
    enter(&app, "docker network ls").await;
    enter(&app, "docker ps -a").await;
    let input = type_line(&app, "draft").await;
    key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "docker ps -a");
    key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "docker network ls");
    key(&input, "ArrowDown", false);
    key(&input, "ArrowDown", false);
    yew::scheduler::flush().await;
    assert_eq!(
        input.value(),
        "draft",
        "↓ past the newest line restores the draft"
    );

    let input = type_line(&app, "docker ru").await;
    key(&input, "c", true);
    yew::scheduler::flush().await;
    let last = app.all(".term-output .entry").pop().unwrap();
    assert!(last.class_list().contains("abandoned"));
    assert!(last.text_content().unwrap().contains("docker ru^C"));
    assert_eq!(input.value(), "");

    key(&input, "l", true);
    yew::scheduler::flush().await;
    assert!(
        app.all(".term-output .entry").is_empty(),
        "Ctrl-L clears the screen"
    );
}

#[wasm_bindgen_test]
async fn a_multi_line_paste_runs_each_line() {
    let app = mount::<App>(AppProps::default()).await;
    let input = type_line(&app, "echo ").await;
    input.set_selection_range(5, 5).unwrap();
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text", "a\necho b\npartial").unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    input
        .dispatch_event(&web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    let cmds: Vec<String> = app
        .all(".term-output .entry.ran .cmd")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    assert_eq!(cmds, ["echo a", "echo b"]);
    assert_eq!(
        input.value(),
        "partial",
        "the incomplete last line stays in the input"
    );
}

#[wasm_bindgen_test]
async fn undo_and_reset_buttons() {
    let app = mount::<App>(AppProps::default()).await;
    assert!(app
        .q("#undo")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .has_attribute("disabled"));
    enter(&app, "docker network create mynet").await;
    let undo: HtmlElement = app.q("#undo").dyn_into().unwrap();
    assert!(!undo.has_attribute("disabled"));
    undo.click();
    yew::scheduler::flush().await;
    let notes = app.text(".term-output");
    assert!(
        notes.contains(
            "undo: the session was rebuilt without its last line: docker network create mynet"
        ),
        "{notes}"
    );
    app.q("#reset").dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
    // Reset asks first (page.rs tests the dialog).
    app.click("#reset-confirm").await;
    assert!(app.text(".term-output").contains("reset: a fresh host"));
}

/// A one-shot container's packets play on the host they left from: by the
/// time they are shown the container is gone (`--rm`), so the topology draws
/// the host as they saw it, says so, and is the live host again after the
/// next command.
#[wasm_bindgen_test]
async fn a_one_shot_containers_packets_play_where_it_was() {
    let app = mount::<App>(AppProps::default()).await;
    // The topology follows a command one frame later (deferred views).
    let settle = || async {
        let later = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 120)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(later).await.unwrap();
        yew::scheduler::flush().await;
    };
    enter(&app, "docker network create app").await;
    enter(&app, "docker run -d --name web --network app nginx").await;
    enter(
        &app,
        "docker run --rm --name probe --network app busybox wget -qO- web",
    )
    .await;
    settle().await;
    assert!(
        app.find("#topology-svg [data-node=\"ctr:probe\"]")
            .is_some(),
        "the one-shot container is drawn while its packets play"
    );
    assert!(app
        .text(".topology .pane-head")
        .contains("as the packets saw it"));
    enter(&app, "docker ps").await;
    settle().await;
    assert!(app
        .find("#topology-svg [data-node=\"ctr:probe\"]")
        .is_none());
    assert!(app.find(".scene-note").is_none());
    assert!(app.find("#topology-svg [data-node=\"ctr:web\"]").is_some());
}

#[wasm_bindgen_test]
async fn untrusted_text_stays_text() {
    let app = mount::<App>(AppProps::default()).await;
    enter(
        &app,
        "docker run --name \"<img src=x onerror=alert(1)>\" nginx",
    )
    .await;
    assert!(app
        .text(".term-output")
        .contains("<img src=x onerror=alert(1)>"));
    assert!(
        app.all("img").is_empty(),
        "no element was created from the text"
    );
}

fn topo_props(player: Player, selected: Option<&str>) -> TopologyProps {
    TopologyProps {
        topology: Rc::new(fixtures::topology()),
        scene: false,
        player,
        selected: selected.map(|s| AttrValue::from(s.to_string())),
        on_select: Callback::noop(),
        inside: None,
    }
}

#[wasm_bindgen_test]
async fn the_topology_draws_nodes_with_stable_ids_and_titles() {
    let view = mount::<TopologyView>(topo_props(Player::default(), Some("ctr:api"))).await;
    for node in [
        "host",
        "host:eth0",
        "host:lo",
        "lan",
        "internet",
        "net:bridge",
        "net:appnet",
        "net:backend",
        "ctr:web",
        "ctr:api",
        "ctr:db",
        "ctr:cache",
        "ctr:tool",
        "port:0.0.0.0:8080/tcp",
    ] {
        assert_eq!(
            view.all(&format!("[data-node=\"{node}\"]")).len(),
            1,
            "{node}"
        );
    }
    let svg = view.q("svg#topology-svg");
    assert_eq!(
        svg.namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(
        view.q("[data-node=\"ctr:web\"]").namespace_uri().as_deref(),
        Some("http://www.w3.org/2000/svg"),
        "components inside the svg are svg elements"
    );
    let web_title = view.text("[data-node=\"ctr:web\"] > title");
    assert!(
        web_title.contains("Container web (nginx, running)")
            && web_title.contains("172.17.0.2/16")
            && web_title.contains("0.0.0.0:8080→80/tcp"),
        "{web_title}"
    );
    let port = view.text("[data-node=\"port:0.0.0.0:8080/tcp\"]");
    assert!(
        port.contains("0.0.0.0:8080") && port.contains("→ web:80/tcp"),
        "{port}"
    );
    let docker0 = view.text("[data-node=\"net:bridge\"]");
    assert!(
        docker0.contains("docker0")
            && docker0.contains("172.17.0.0/16")
            && docker0.contains("gateway 172.17.0.1"),
        "{docker0}"
    );
    assert!(view
        .q("[data-node=\"ctr:api\"]")
        .class_list()
        .contains("selected"));
    assert_eq!(
        view.q("[data-node=\"ctr:api\"]")
            .get_attribute("tabindex")
            .as_deref(),
        Some("0")
    );
    assert!(
        view.all("[data-node=\"marker\"]").is_empty(),
        "no marker without packets"
    );
}

#[wasm_bindgen_test]
async fn the_packet_marker_moves_and_a_drop_shows_its_reason() {
    let playing = Player::default().apply(PlayerAction::Load {
        entry: 1,
        packets: Rc::new(fixtures::curl_packets()),
        autoplay: true,
    });
    let view = mount::<TopologyView>(topo_props(playing, None)).await;
    let marker = view.q("[data-node=\"marker\"]");
    assert!(marker
        .get_attribute("transform")
        .unwrap()
        .starts_with("translate("));
    assert!(view.text("[data-node=\"marker\"]").contains("1 · send"));
    drop(view);

    let dropped = Player::default()
        .apply(PlayerAction::Load {
            entry: 1,
            packets: Rc::new(fixtures::dropped_packets()),
            autoplay: true,
        })
        .apply(PlayerAction::Tick(1e9));
    let view = mount::<TopologyView>(topo_props(dropped, None)).await;
    assert!(view.q(".overlay").class_list().contains("failed"));
    let callout = view.text("[data-node=\"drop-reason\"]");
    assert!(callout.contains("Docker isolates them"), "{callout}");
    assert!(
        callout.contains("docker network connect bridge api"),
        "the hint is in the title: {callout}"
    );
}

fn entry(packets: Vec<bridgeport_engine::Packet>) -> Rc<Vec<Rc<Entry>>> {
    Rc::new(vec![Rc::new(Entry {
        id: 1,
        kind: EntryKind::Ran,
        prompt: "learner@docker-host:~/myapp$ ".into(),
        command: "ping".into(),
        output: String::new(),
        segments: Vec::new(),
        exit_code: 0,
        packets: Rc::new(packets),
        scene: None,
        capture: None,
        check: None,
        inside: None,
    })])
}

/// A command a `tcpdump -i any` captured: its lines sit under the player,
/// the current packet's marked, with the pcap download.
#[wasm_bindgen_test]
async fn captured_lines_sit_next_to_their_packets_with_a_pcap_download() {
    let packets = fixtures::curl_packets();
    let tap = bridgeport_engine::capture::Tap {
        container: None,
        iface: None,
    };
    let frames = bridgeport_engine::capture::capture(
        &packets,
        &tap,
        1,
        bridgeport_engine::Timestamp(0),
        &|_| 1,
    );
    assert!(!frames.is_empty());
    let capture = bridgeport_commands::net::tcpdump::Captured {
        lines: frames
            .iter()
            .map(|f| format!("line of packet {}", f.packet))
            .collect(),
        frames,
        any: true,
    };
    let entries = entry(packets.clone());
    let mut one = (*entries[0]).clone();
    one.capture = Some(Rc::new(capture));
    let player = Player::default().apply(PlayerAction::Load {
        entry: 1,
        packets: Rc::new(packets),
        autoplay: false,
    });
    let view = mount::<Packets>(PacketsProps {
        entries: Rc::new(vec![Rc::new(one)]),
        player,
        on_player: Callback::noop(),
        on_load: Callback::noop(),
    })
    .await;
    let lines = view.all(".capture-lines li");
    assert!(!lines.is_empty());
    let mine = view.all(".capture-lines li.mine");
    assert!(
        !mine.is_empty() && mine.len() < lines.len(),
        "packet 1's lines stand out"
    );
    assert!(view
        .text(".capture-lines li.mine")
        .contains("line of packet 0"));
    assert!(view
        .q("#capture-pcap")
        .text_content()
        .unwrap()
        .contains(".pcap"));
}

#[wasm_bindgen_test]
async fn the_packets_panel_lists_hops_and_inspects_them() {
    let player = Player::default()
        .apply(PlayerAction::Load {
            entry: 1,
            packets: Rc::new(fixtures::curl_packets()),
            autoplay: false,
        })
        .apply(PlayerAction::PickHop(1));
    let view = mount::<Packets>(PacketsProps {
        entries: entry(fixtures::curl_packets()),
        player,
        on_player: Callback::noop(),
        on_load: Callback::noop(),
    })
    .await;
    assert_eq!(view.all(".hops .hop").len(), 5);
    assert_eq!(view.all(".packet-pick").len(), 2);
    let inspector = view.text(".hop-inspector");
    assert!(
        inspector.contains("Hop 2 of 5") && inspector.contains("DNAT"),
        "{inspector}"
    );
    let changed: Vec<String> = view
        .all(".hop-inspector tr.changed th")
        .iter()
        .map(|e| e.text_content().unwrap())
        .collect();
    assert_eq!(
        changed,
        ["src", "dst"],
        "DNAT rewrote the destination (and the source for the local client)"
    );
    assert!(view
        .text(".hop-inspector .rule")
        .contains("-j DNAT --to-destination 172.17.0.2:80"));
    for id in ["#replay", "#step-back", "#play", "#step-forward"] {
        assert!(
            view.q(id).get_attribute("aria-label").is_some(),
            "{id} has a label"
        );
    }
}

#[wasm_bindgen_test]
async fn a_dropped_packet_ends_in_the_failure_colour_with_reason_and_hint() {
    let player = Player::default()
        .apply(PlayerAction::Load {
            entry: 1,
            packets: Rc::new(fixtures::dropped_packets()),
            autoplay: true,
        })
        .apply(PlayerAction::Tick(1e9));
    let view = mount::<Packets>(PacketsProps {
        entries: entry(fixtures::dropped_packets()),
        player,
        on_player: Callback::noop(),
        on_load: Callback::noop(),
    })
    .await;
    assert_eq!(
        view.q(".packets").get_attribute("data-failed").as_deref(),
        Some("true")
    );
    let failure = view.text(".failure");
    assert!(
        failure.contains("Dropped at hop 4")
            && failure.contains("Docker isolates them")
            && failure.contains("docker network connect bridge api"),
        "{failure}"
    );
    assert!(view
        .all(".hops .hop")
        .last()
        .unwrap()
        .class_list()
        .contains("bad"));
}

#[wasm_bindgen_test]
async fn matrix_cells_name_their_reasons_and_move_with_arrows() {
    let view = mount::<MatrixView>(MatrixProps {
        matrix: Rc::new(fixtures::matrix()),
    })
    .await;
    let cells = view.all("td.cell");
    assert_eq!(cells.len(), 25, "5 × 5 endpoints");
    let blocked: Vec<Element> = cells
        .iter()
        .filter(|c| c.class_list().contains("no"))
        .cloned()
        .collect();
    assert!(!blocked.is_empty());
    for cell in &blocked {
        let label = cell.get_attribute("aria-label").unwrap();
        assert!(
            label.contains(" → ") && label.ends_with(": blocked"),
            "{label}"
        );
        // The tooltip, with every probe's reason and fix, is made on hover.
        assert_eq!(cell.get_attribute("title"), None);
        let over = web_sys::MouseEventInit::new();
        over.set_bubbles(true);
        let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseover", &over).unwrap();
        cell.dispatch_event(&ev).unwrap();
        let title = cell.get_attribute("title").unwrap();
        assert!(
            title.starts_with(&label)
                && title.contains("DOCKER-ISOLATION")
                && title.contains("try: docker network connect"),
            "{title}"
        );
    }
    let focusable: Vec<Element> = cells
        .iter()
        .filter(|c| c.get_attribute("tabindex").as_deref() == Some("0"))
        .cloned()
        .collect();
    assert_eq!(focusable.len(), 1, "one tab stop");
    assert!(
        focusable[0].class_list().contains("no"),
        "the first failure is focused first"
    );
    let start = focusable[0].get_attribute("data-cell").unwrap();
    key(&focusable[0], "ArrowRight", false);
    yew::scheduler::flush().await;
    let now: Vec<String> = view
        .all("td.cell[tabindex=\"0\"]")
        .iter()
        .map(|c| c.get_attribute("data-cell").unwrap())
        .collect();
    assert_eq!(now.len(), 1);
    assert_ne!(now[0], start, "the arrow moved the tab stop");
    assert!(view.text(".cell-detail").contains("→"));
    // Focusing a blocked cell spells out its reason and fix in the live region.
    blocked[0]
        .clone()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    yew::scheduler::flush().await;
    let detail = view.text(".cell-detail");
    assert!(
        detail.contains("DOCKER-ISOLATION") && detail.contains("docker network connect"),
        "{detail}"
    );
    // Another transport.
    view.q("[data-proto=\"icmp\"]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
    assert!(view.text("#matrix-caption").contains("ICMP"));
}

/// A synthetic matrix of `n` containers: a ping between every pair, which
/// gets through when both numbers have the same parity.
fn parity_matrix(n: usize) -> bridgeport_engine::Matrix {
    use bridgeport_engine::matrix::{MatrixCell, MatrixEndpoint, Transport};
    let endpoints = (0..n)
        .map(|i| MatrixEndpoint {
            name: format!("c{i}"),
            kind: "container".to_string(),
        })
        .collect();
    let mut cells = Vec::new();
    for from in 0..n {
        for to in (0..n).filter(|&to| to != from) {
            let ok = from % 2 == to % 2;
            cells.push(MatrixCell {
                from,
                to,
                transport: Transport {
                    proto: "icmp".into(),
                    port: None,
                    label: format!("ping c{to}").into(),
                },
                verdict: if ok {
                    bridgeport_engine::Verdict::Delivered
                } else {
                    bridgeport_engine::Verdict::Dropped
                },
                reason: (!ok).then(|| "odd and even do not meet".into()),
                hint: None,
            });
        }
    }
    bridgeport_engine::Matrix { endpoints, cells }
}

/// The grid's first render draws no cells until its scroll box is measured:
/// a guessed window (it was 1 600 × 1 200 px, ~1 900 cells) is laid out and
/// painted before the measured one when the matrix took longer than Yew's
/// time slice, so at 200 containers it cost ~80 ms of layout and paint.
#[wasm_bindgen_test]
async fn a_large_matrix_never_draws_more_than_its_measured_window() {
    use wasm_bindgen::closure::Closure;
    let doc = web_sys::window().unwrap().document().unwrap();
    let css = doc.create_element("style").unwrap();
    css.set_text_content(Some(
        ".small-box .grid-scroll { width: 500px; height: 400px; overflow: auto; }",
    ));
    doc.head().unwrap().append_child(&css).unwrap();
    let root = common::root();
    root.set_class_name("small-box");
    // Every cell ever added over the whole mount, by its coordinates (a
    // keyed diff that moves a row re-adds the same cells).
    let added = Rc::new(RefCell::new(std::collections::HashSet::<String>::new()));
    let count = {
        let added = Rc::clone(&added);
        Closure::<dyn FnMut(js_sys::Array)>::new(move |records: js_sys::Array| {
            for r in records.iter() {
                let nodes = r.unchecked_into::<web_sys::MutationRecord>().added_nodes();
                for el in
                    (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<Element>().ok())
                {
                    let inner = el.query_selector_all("td.cell").unwrap();
                    let cells = (0..inner.length())
                        .filter_map(|i| inner.item(i)?.dyn_into::<Element>().ok());
                    for cell in
                        cells.chain(el.matches("td.cell").unwrap_or(false).then_some(el.clone()))
                    {
                        added
                            .borrow_mut()
                            .insert(cell.get_attribute("data-cell").unwrap_or_default());
                    }
                }
            }
        })
    };
    let observer = web_sys::MutationObserver::new(count.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    observer.observe_with_options(&root, &init).unwrap();
    let handle = yew::Renderer::<MatrixView>::with_root_and_props(
        root.clone(),
        MatrixProps {
            matrix: Rc::new(parity_matrix(150)),
        },
    )
    .render();
    yew::scheduler::flush().await;
    // Mutation records are delivered in a microtask after the changes.
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL))
        .await
        .unwrap();
    let drawn = root.query_selector_all("td.cell").unwrap().length() as usize;
    observer.disconnect();
    assert!(
        (50..=400).contains(&drawn),
        "{drawn} cells drawn for a 500×400 view"
    );
    let ever = added.borrow().len();
    assert!(
        ever <= 400,
        "{ever} cells were drawn while mounting (in the end: {drawn})"
    );
    handle.destroy();
    css.remove();
}

#[wasm_bindgen_test]
async fn a_large_matrix_draws_only_the_window_in_view_and_follows_the_keys() {
    let n = 150;
    let view = mount::<MatrixView>(MatrixProps {
        matrix: Rc::new(parity_matrix(n)),
    })
    .await;
    let scroller: HtmlElement = view.q(".grid-scroll").dyn_into().unwrap();
    // The page's stylesheet is not loaded here: give the grid a viewport.
    let style = scroller.style();
    style.set_property("width", "500px").unwrap();
    style.set_property("height", "400px").unwrap();
    style.set_property("overflow", "auto").unwrap();
    let scrolled = |top: i32, left: i32| {
        scroller.set_scroll_top(top);
        scroller.set_scroll_left(left);
        scroller
            .dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
    };
    scrolled(0, 0);
    yew::scheduler::flush().await;
    let table = view.q("table.grid");
    assert_eq!(table.get_attribute("aria-rowcount"), Some("151".into()));
    assert_eq!(table.get_attribute("aria-colcount"), Some("151".into()));
    let drawn = view.all("td.cell").len();
    assert!(
        (50..=600).contains(&drawn),
        "{drawn} cells drawn for a 500×400 view of 150 × 150"
    );
    assert_eq!(view.all("td.cell[tabindex=\"0\"]").len(), 1, "one tab stop");
    // Scrolled to the middle: the window moves there, still small.
    scrolled(30 * 80, 34 * 70);
    yew::scheduler::flush().await;
    let cells = view.all("td.cell");
    assert!(cells.len() <= 600);
    let first = cells[0].get_attribute("data-cell").unwrap();
    let (r, c) = first.split_once('-').unwrap();
    let (r, c): (usize, usize) = (r.parse().unwrap(), c.parse().unwrap());
    assert!(
        (70..=80).contains(&r) && (60..=70).contains(&c),
        "first drawn cell {first}"
    );
    let row = cells[0].closest("tr").unwrap().unwrap();
    assert_eq!(
        row.get_attribute("aria-rowindex"),
        Some((r + 2).to_string())
    );
    assert_eq!(view.all("td.cell[tabindex=\"0\"]").len(), 1, "one tab stop");
    // A cell's label is short; its reason is in the tooltip and the detail.
    let odd = view.q(&format!(
        "[data-cell=\"{r}-{}\"]",
        c + usize::from(r % 2 == c % 2)
    ));
    assert!(odd
        .get_attribute("aria-label")
        .unwrap()
        .ends_with(": blocked"));
    // Keys move the focus cell by cell, and past the window's edge it follows.
    let start: HtmlElement = view.q("td.cell[tabindex=\"0\"]").dyn_into().unwrap();
    let at = |e: &Element| e.get_attribute("data-cell").unwrap();
    let begin = at(&start);
    start.focus().unwrap();
    yew::scheduler::flush().await;
    let active = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
            .unwrap()
    };
    for _ in 0..25 {
        key(&active(), "ArrowDown", false);
        yew::scheduler::flush().await;
        // The scroll event of the key's scrolling, as the browser would send it.
        scroller
            .dispatch_event(&web_sys::Event::new("scroll").unwrap())
            .unwrap();
        yew::scheduler::flush().await;
    }
    let focused = active();
    let (br, bc) = begin.split_once('-').unwrap();
    let want = format!("{}-{bc}", br.parse::<usize>().unwrap() + 25);
    assert_eq!(at(&focused), want, "25 × ArrowDown from {begin}");
    assert!(view
        .text(".cell-detail")
        .contains(&format!("c{}", br.parse::<usize>().unwrap() + 25)));
}

#[wasm_bindgen_test]
async fn the_inspector_shows_a_container_readably() {
    let view = mount::<Inspector>(InspectorProps {
        topology: Rc::new(fixtures::topology()),
        selected: Some("ctr:api".into()),
        on_select: Callback::noop(),
    })
    .await;
    let details = view.text(".details");
    assert!(
        details.contains("Container api")
            && details.contains("python:3.12")
            && details.contains("10.10.0.2/24")
            && details.contains("veth0b1c2d3"),
        "{details}"
    );
    drop(view);
    let view = mount::<Inspector>(InspectorProps {
        topology: Rc::new(fixtures::topology()),
        selected: Some("net:backend".into()),
        on_select: Callback::noop(),
    })
    .await;
    let details = view.text(".details");
    assert!(
        details.contains("Network backend")
            && details.contains("br-9f8e7d6c5b4a")
            && details.contains("no route out of the host"),
        "{details}"
    );
}

#[wasm_bindgen_test]
fn the_panic_panel_is_plain_text_with_a_reset_link() {
    let panel = panic::show_panel(
        "boom <b>bold</b>",
        Some("docker run --name '<img src=x>' nginx"),
    )
    .expect("a panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alertdialog"));
    let text = panel.text_content().unwrap();
    assert!(text.contains("Bridgeport stopped"));
    assert!(
        text.contains("docker run --name '<img src=x>' nginx"),
        "the last command, as text"
    );
    assert!(text.contains("boom <b>bold</b>"));
    assert_eq!(
        panel.query_selector_all("img, b").unwrap().length(),
        0,
        "nothing became HTML"
    );
    let reset = panel.query_selector("#panic-reset").unwrap().unwrap();
    assert_eq!(reset.tag_name().to_lowercase(), "a");
    let href = reset.get_attribute("href").unwrap();
    assert!(!href.is_empty() && !href.contains('#'), "{href}");
    let again = panic::show_panel("second", None).unwrap();
    assert_eq!(again, panel, "a second panic keeps the first panel");
    panel.remove();
}

/// The release build aborts on a panic without a hook (`-Cpanic=immediate-abort`,
/// scripts/release-env.sh), so the panel must also come from the trap that
/// reaches the window as a `WebAssembly.RuntimeError`; other errors do not
/// show it.
#[wasm_bindgen_test]
fn a_wasm_trap_reaching_the_window_shows_the_panic_panel() {
    let doc = web_sys::window().unwrap().document().unwrap();
    if let Some(old) = doc.get_element_by_id(panic::PANEL_ID) {
        old.remove();
    }
    panic::listen_for_traps();
    panic::remember_command("docker compose up -d");
    let window = web_sys::window().unwrap();
    let raise = |error: wasm_bindgen::JsValue| {
        let init = web_sys::ErrorEventInit::new();
        init.set_error(&error);
        let event = web_sys::ErrorEvent::new_with_event_init_dict("error", &init).unwrap();
        window.dispatch_event(&event).unwrap();
    };
    raise(js_sys::Error::new("not ours").into());
    assert!(
        doc.get_element_by_id(panic::PANEL_ID).is_none(),
        "a page script's error is not a trap"
    );
    raise(js_sys::WebAssembly::RuntimeError::new("unreachable").into());
    let panel = doc
        .get_element_by_id(panic::PANEL_ID)
        .expect("the trap shows the panel");
    let text = panel.text_content().unwrap();
    assert!(text.contains("docker compose up -d"), "{text}");
    assert!(text.contains("RuntimeError: unreachable"), "{text}");
    panel.remove();
}

#[wasm_bindgen_test]
fn the_panic_hook_remembers_the_last_command() {
    panic::remember_command("curl localhost:8080");
    assert_eq!(
        panic::last_command().as_deref(),
        Some("curl localhost:8080")
    );
}

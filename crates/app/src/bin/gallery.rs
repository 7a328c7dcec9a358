//! A component gallery for visual checks (not shipped in `dist/`): the views
//! rendered from hand-made fixtures, independently of the engine. Build and
//! look at it with `scripts/gallery.sh` (screenshots in target/gallery-*.png).

use std::rc::Rc;

use bridgeport_app::components::inspector::Inspector;
use bridgeport_app::components::matrix::MatrixView;
use bridgeport_app::components::packets::Packets;
use bridgeport_app::components::topology::TopologyView;
use bridgeport_app::fixtures;
use bridgeport_app::player::{Player, PlayerAction};
use bridgeport_app::state::{Entry, EntryKind};
use yew::prelude::*;

fn player(packets: Vec<bridgeport_engine::Packet>, ticks: f64) -> Player {
    Player::default()
        .apply(PlayerAction::Load {
            entry: 1,
            packets: Rc::new(packets),
            autoplay: true,
        })
        .apply(PlayerAction::Tick(ticks))
}

#[function_component(Gallery)]
fn gallery() -> Html {
    let topo = Rc::new(fixtures::topology());
    let big = Rc::new(fixtures::many(50, 3));
    let curl = player(fixtures::curl_packets(), 1700.0);
    let drop = player(fixtures::dropped_packets(), 1e9);
    let entry = |id: usize, cmd: &str, packets: Vec<bridgeport_engine::Packet>| {
        Rc::new(Entry {
            id,
            kind: EntryKind::Ran,
            prompt: "learner@docker-host:~/myapp$ ".into(),
            command: cmd.into(),
            output: String::new(),
            segments: Vec::new(),
            exit_code: 0,
            packets: Rc::new(packets),
            scene: None,
            capture: None,
            check: None,
            inside: None,
        })
    };
    let entries = Rc::new(vec![entry(
        1,
        "curl localhost:8080",
        fixtures::curl_packets(),
    )]);
    let drop_entries = Rc::new(vec![entry(
        1,
        "docker exec api ping -c1 172.17.0.2",
        fixtures::dropped_packets(),
    )]);
    let noop = Callback::noop();
    html! {
        <div class="gallery">
            <section id="g-topology" class="pane g-wide">
                <TopologyView topology={Rc::clone(&topo)} player={curl.clone()} selected={Some(AttrValue::from("ctr:api"))} on_select={noop.clone()} />
            </section>
            <section id="g-drop" class="pane g-wide">
                <TopologyView topology={Rc::clone(&topo)} player={drop.clone()} selected={None::<AttrValue>} on_select={noop.clone()} />
            </section>
            <section id="g-packets" class="pane g-side"><div class="tab-panel">
                <Packets entries={entries} player={curl} on_player={Callback::noop()} on_load={Callback::noop()} />
            </div></section>
            <section id="g-packets-drop" class="pane g-side"><div class="tab-panel">
                <Packets entries={drop_entries} player={drop} on_player={Callback::noop()} on_load={Callback::noop()} />
            </div></section>
            <section id="g-matrix" class="pane g-side"><div class="tab-panel">
                <MatrixView matrix={Rc::new(fixtures::matrix())} />
            </div></section>
            <section id="g-inspect" class="pane g-side"><div class="tab-panel">
                <Inspector topology={Rc::clone(&topo)} selected={Some(AttrValue::from("ctr:api"))} on_select={noop.clone()} />
            </div></section>
            <section id="g-big" class="pane g-big">
                <TopologyView topology={big} player={Player::default()} selected={None::<AttrValue>} on_select={noop} />
            </section>
        </div>
    }
}

fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => yew::Renderer::<Gallery>::with_root(root).render(),
        None => yew::Renderer::<Gallery>::new().render(),
    };
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-ready", "true");
    }
}

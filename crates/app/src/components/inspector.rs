//! Inspector panels: what `docker network inspect` and `docker inspect` would
//! show, but readable. A list of networks and containers on the left; the
//! selected one's details on the right. Clicking a node on the topology
//! selects it here.

use std::rc::Rc;

use bridgeport_engine::topology::{ContainerView, NetworkView};
use bridgeport_engine::Topology;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub topology: Rc<Topology>,
    /// A node id: `net:<name>` or `ctr:<name>`.
    pub selected: Option<AttrValue>,
    pub on_select: Callback<String>,
}

fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

/// One `<dt>`/`<dd>` pair of a details list; `mono` sets the value in
/// monospace. One function instead of the markup written out for each
/// pair: every copy of an element in `html!` is its own code in the wasm.
#[inline(never)]
fn pair(term: &'static str, mono: bool, value: Html) -> Html {
    html! { <><dt>{ term }</dt><dd class={mono.then_some("mono")}>{ value }</dd></> }
}

/// A table cell (`class` is `mono`, `muted`, or none).
#[inline(never)]
fn cell(class: Option<&'static str>, text: String) -> Html {
    html! { <td {class}>{ text }</td> }
}

/// A table's header row.
#[inline(never)]
fn head(columns: &[&'static str]) -> Html {
    html! { <thead><tr>{ for columns.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr></thead> }
}

const MONO: Option<&str> = Some("mono");

fn network_view(net: &NetworkView, topo: &Topology) -> Html {
    let members: Vec<(&ContainerView, &bridgeport_engine::topology::InterfaceView)> = topo
        .containers
        .iter()
        .flat_map(|c| {
            c.interfaces
                .iter()
                .filter(|i| i.network == net.name)
                .map(move |i| (c, i))
        })
        .collect();
    let mode_only: Vec<&ContainerView> = topo
        .containers
        .iter()
        .filter(|c| c.interfaces.is_empty() && c.network_mode == net.name)
        .collect();
    html! {
        <article class="details" data-inspect={format!("net:{}", net.name)}>
            <h3>{ format!("Network {}", net.name) }</h3>
            <dl>
                { pair("ID", true, html! { { short(&net.id) } }) }
                { pair("Driver", false, html! { <>{ net.driver.clone() }{ if net.builtin { " (predefined)" } else { "" } }</> }) }
                { pair("Bridge device", true, html! { { or_dash(&net.bridge) } }) }
                { pair("Subnet", true, html! { { or_dash(&net.subnet) } }) }
                { pair("Gateway", true, html! { { or_dash(&net.gateway) } }) }
                { pair("Internal", false, html! { <>{ yes_no(net.internal) }{ if net.internal { " — no route out of the host" } else { "" } }</> }) }
                { pair("Inter-container traffic", false, html! { { if net.icc { "allowed" } else { "blocked (icc=false)" } } }) }
                { pair("Name resolution", false, html! { { if net.driver == "bridge" && !net.builtin { "embedded DNS at 127.0.0.11: containers find each other by name" } else if net.driver == "bridge" { "none by name on the default bridge (only /etc/hosts)" } else { "—" } } }) }
            </dl>
            <h4>{ "Containers" }</h4>
            if members.is_empty() && mode_only.is_empty() {
                <p class="muted">{ "none attached" }</p>
            } else {
                <div class="table-scroll"><table class="kv">
                    { head(&["container", "interface", "address", "MAC"]) }
                    <tbody>
                        { for members.iter().map(|(c, i)| html! {
                            <tr>{ cell(None, c.name.clone()) }{ cell(MONO, i.name.clone()) }{ cell(MONO, i.address.clone()) }{ cell(MONO, i.mac.clone()) }</tr>
                        }) }
                        { for mode_only.iter().map(|c| html! {
                            <tr><td>{ c.name.clone() }</td><td colspan="3" class="muted">{ format!("not connected ({})", c.state) }</td></tr>
                        }) }
                    </tbody>
                </table></div>
            }
        </article>
    }
}

fn container_view(c: &ContainerView) -> Html {
    html! {
        <article class="details" data-inspect={format!("ctr:{}", c.name)}>
            <h3>{ format!("Container {}", c.name) }</h3>
            <dl>
                { pair("ID", true, html! { { short(&c.id) } }) }
                { pair("Image", true, html! { { c.image.clone() } }) }
                { pair("State", false, html! { { c.state.clone() } }) }
                { pair("Network mode", true, html! { { c.network_mode.clone() } }) }
                { pair("Listening", true, html! { { if c.listening.is_empty() { "—".to_string() } else { c.listening.join(", ") } } }) }
            </dl>
            <h4>{ "Interfaces" }</h4>
            if c.interfaces.is_empty() {
                <p class="muted">{ match c.network_mode.as_str() { "host" => "Uses the host's interfaces directly.", "none" => "Only lo: no network.", _ => "No interfaces." } }</p>
            } else {
                <div class="table-scroll"><table class="kv">
                    { head(&["name", "network", "address", "host-side veth", "MAC"]) }
                    <tbody>
                        { for c.interfaces.iter().map(|i| html! {
                            <tr>{ cell(MONO, i.name.clone()) }{ cell(None, i.network.clone()) }{ cell(MONO, i.address.clone()) }{ cell(MONO, i.veth.clone()) }{ cell(MONO, i.mac.clone()) }</tr>
                        }) }
                    </tbody>
                </table></div>
            }
            <h4>{ "Published ports" }</h4>
            if c.published.is_empty() {
                <p class="muted">{ "none: reachable from the host and the LAN only through its networks" }</p>
            } else {
                <ul class="ports">
                    { for c.published.iter().map(|p| html! {
                        <li class="mono">{ format!("{}:{} → {}:{}/{}", if p.host_ip.contains(':') { format!("[{}]", p.host_ip) } else { p.host_ip.clone() }, p.host_port, c.name, p.container_port, p.proto) }</li>
                    }) }
                </ul>
            }
        </article>
    }
}

#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let t = &props.topology;
    if t.networks.is_empty() && t.containers.is_empty() {
        return html! { <div class="empty-state"><p>{ "Nothing to inspect yet." }</p></div> };
    }
    let default = t
        .networks
        .first()
        .map(|n| format!("net:{}", n.name))
        .unwrap_or_default();
    let selected = props.selected.as_deref().filter(|s| {
        s.strip_prefix("net:")
            .is_some_and(|n| t.networks.iter().any(|x| x.name == n))
            || s.strip_prefix("ctr:")
                .is_some_and(|n| t.containers.iter().any(|x| x.name == n))
    });
    let selected = selected.map(str::to_string).unwrap_or(default);
    let item = |node: String, label: String, sub: String| {
        let active = node == selected;
        let onclick = {
            let node = node.clone();
            props.on_select.reform(move |_: MouseEvent| node.clone())
        };
        html! {
            <li>
                <button type="button" class={classes!("item", active.then_some("active"))} aria-current={active.then_some("true")} {onclick} data-item={node}>
                    <span>{ label }</span><span class="muted mono">{ sub }</span>
                </button>
            </li>
        }
    };
    let details = if let Some(name) = selected.strip_prefix("net:") {
        t.networks
            .iter()
            .find(|n| n.name == name)
            .map(|n| network_view(n, t))
    } else if let Some(name) = selected.strip_prefix("ctr:") {
        t.containers
            .iter()
            .find(|c| c.name == name)
            .map(container_view)
    } else {
        None
    };
    html! {
        <div class="inspector">
            <nav class="inspect-list" aria-label="Networks and containers">
                <h3 class="k">{ "Networks" }</h3>
                <ul>{ for t.networks.iter().map(|n| item(format!("net:{}", n.name), n.name.clone(), if n.subnet.is_empty() { n.driver.clone() } else { n.subnet.clone() })) }</ul>
                <h3 class="k">{ "Containers" }</h3>
                if t.containers.is_empty() {
                    <p class="muted">{ "none yet" }</p>
                }
                <ul>{ for t.containers.iter().map(|c| item(format!("ctr:{}", c.name), c.name.clone(), c.state.clone())) }</ul>
            </nav>
            { for details }
        </div>
    }
}

//! The hop inspector, in the spirit of Packet Tracer's PDU view: where the
//! hop happened, the headers before and after it (changed fields marked),
//! the rule that matched, the verdict, and for a failure the reason and fix.

use bridgeport_engine::{Headers, Hop, Verdict};
use yew::prelude::*;

use super::topology::action_label;

#[derive(Properties, PartialEq)]
pub struct HopInspectorProps {
    pub hop: Hop,
    /// 0-based index of the hop in its packet.
    pub index: usize,
    pub total: usize,
}

/// The word and CSS class for a verdict.
pub fn verdict_label(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Delivered => ("passed", "ok"),
        Verdict::Dropped => ("dropped", "bad"),
        Verdict::Rejected => ("rejected", "bad"),
    }
}

fn fields(h: &Headers) -> [(&'static str, String); 4] {
    [
        ("proto", h.proto.clone()),
        ("src", h.src.clone()),
        ("dst", h.dst.clone()),
        ("info", h.info.clone()),
    ]
}

#[function_component(HopInspector)]
pub fn hop_inspector(props: &HopInspectorProps) -> Html {
    let hop = &props.hop;
    let (verdict, vclass) = verdict_label(hop.verdict);
    let before = fields(&hop.before);
    let after = fields(&hop.after);
    html! {
        <section class="hop-inspector" aria-labelledby="hop-title" data-hop={props.index.to_string()}>
            <h3 id="hop-title">
                { format!("Hop {} of {}", props.index + 1, props.total) }
                <span class="hop-where">{ format!("{} · {}", hop.node, hop.interface) }</span>
                <span class="chip-action">{ action_label(hop.action) }</span>
                <span class={classes!("verdict", vclass)}>{ verdict }</span>
            </h3>
            <table class="headers">
                <caption class="sr-only">{ "Packet headers before and after this hop" }</caption>
                <thead><tr><th scope="col">{ "field" }</th><th scope="col">{ "before" }</th><th scope="col">{ "after" }</th></tr></thead>
                <tbody>
                    { for before.iter().zip(after.iter()).filter(|((_, b), (_, a))| !(b.is_empty() && a.is_empty())).map(|((name, b), (_, a))| {
                        let changed = a != b;
                        html! {
                            <tr class={classes!(changed.then_some("changed"))}>
                                <th scope="row">{ *name }</th>
                                <td class="mono">{ b.clone() }</td>
                                <td class="mono">
                                    { a.clone() }
                                    if changed { <span class="sr-only">{ " (changed)" }</span> }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if let Some(rule) = &hop.rule {
                <p class="rule"><span class="k">{ "rule" }</span><code>{ rule.clone() }</code></p>
            }
            if let Some(reason) = &hop.reason {
                <p class={classes!("reason", (hop.verdict != Verdict::Delivered).then_some("bad"))}>{ reason.clone() }</p>
            }
            if let Some(hint) = &hop.hint {
                <p class="hint"><span class="k">{ "try" }</span><code>{ hint.clone() }</code></p>
            }
        </section>
    }
}

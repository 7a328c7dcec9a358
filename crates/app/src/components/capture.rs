//! What a running `tcpdump` printed of a command's packets, next to the
//! packet player: one line per frame, marked with the packet and hop that
//! produced it (the current packet's lines stand out; a click shows that
//! hop), and a download of the capture as a pcap file, built in the page
//! from the captured frames (`capture::pcap`; a Blob URL, no request).

use std::rc::Rc;

use bridgeport_commands::net::tcpdump::Captured;
use bridgeport_engine::capture::pcap;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CaptureProps {
    pub capture: Rc<Captured>,
    /// The packet the player shows.
    pub packet: usize,
    /// The hop the player shows, if any.
    pub hop: Option<usize>,
    /// Show this (packet, hop).
    pub on_pick: Callback<(usize, usize)>,
}

/// Saves `bytes` as a file named `name` through a Blob URL.
fn download(bytes: &[u8], name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/vnd.tcpdump.pcap");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let doc = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

#[function_component(Capture)]
pub fn capture(props: &CaptureProps) -> Html {
    let c = &props.capture;
    let on_download = {
        let c = Rc::clone(c);
        Callback::from(move |_: MouseEvent| {
            let bytes = pcap::file(&c.frames, c.any);
            let _ = download(&bytes, "capture.pcap");
        })
    };
    let n = c.lines.len();
    html! {
        <section class="capture" aria-label="tcpdump capture">
            <div class="row">
                <h3 class="k">{ "tcpdump" }</h3>
                <span class="muted">{ format!("{n} line{} captured", if n == 1 { "" } else { "s" }) }</span>
                <button type="button" class="button small" id="capture-pcap" onclick={on_download}
                    title="Download these packets as a pcap file (opens in Wireshark)">{ "Download .pcap" }</button>
            </div>
            <ol class="capture-lines">
                { for c.lines.iter().zip(c.frames.iter()).map(|(line, f)| {
                    let mine = f.packet == props.packet;
                    let here = mine && props.hop == Some(f.hop);
                    let (packet, hop) = (f.packet, f.hop);
                    let pick = props.on_pick.reform(move |_: MouseEvent| (packet, hop));
                    html! {
                        <li class={classes!(mine.then_some("mine"), here.then_some("here"))}>
                            <button type="button" onclick={pick}
                                title={format!("packet {} at hop {}", packet + 1, hop + 1)}>
                                <span class="at">{ format!("#{}·{}", packet + 1, hop + 1) }</span>
                                <span class="mono">{ line }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

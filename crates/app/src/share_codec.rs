//! The share link's codec in the page: the same format as
//! `SavedState::encode`/`decode` (JSON → raw deflate → base64url), with the
//! deflate done by the browser's `CompressionStream('deflate-raw')` and
//! `DecompressionStream('deflate-raw')` instead of a compressor compiled
//! into the wasm (12.6 KB gzipped of the page, docs/benchmarks.md). Old links
//! keep working: the bytes are raw deflate either way.
//!
//! The streams are asynchronous, so both directions are `async`: the page
//! reads a link's fragment before it mounts (`lib.rs`) or when the fragment
//! changes (`hooks::use_shared_links`), and the share dialog writes its link
//! when it opens. Inflating stops at `MAX_DECODED` bytes, so a small link
//! cannot expand into megabytes.

use bridgeport_lessons::share::{fragment_bytes, fragment_text, ShareError, MAX_DECODED};
use bridgeport_lessons::SavedState;

use crate::boot::Config;
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStreamDefaultReader, ReadableWritablePair};

#[wasm_bindgen]
extern "C" {
    /// `CompressionStream`: a transform stream with `readable` and `writable`.
    #[wasm_bindgen(js_name = CompressionStream)]
    type Compressor;
    #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
    fn new(format: &str) -> Result<Compressor, JsValue>;

    /// `DecompressionStream`, its inverse.
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompressor;
    #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
    fn new(format: &str) -> Result<Decompressor, JsValue>;
}

/// The raw deflate format, RFC 1951 (no zlib or gzip wrapper).
const FORMAT: &str = "deflate-raw";

/// Why a stream stopped: the data is not what the transform reads, or there
/// is more than the limit.
enum Stop {
    Broken,
    OverLimit,
}

/// `bytes` through a transform stream, read chunk by chunk up to `limit`.
async fn transform(
    bytes: &[u8],
    pair: &ReadableWritablePair,
    limit: usize,
) -> Result<Vec<u8>, Stop> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(|_| Stop::Broken)?;
    let reader: ReadableStreamDefaultReader = blob
        .stream()
        .pipe_through(pair)
        .get_reader()
        .unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| Stop::Broken)?;
        if Reflect::get(&chunk, &"done".into()).is_ok_and(|d| d.is_truthy()) {
            return Ok(out);
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())
            .map_err(|_| Stop::Broken)?
            .unchecked_into();
        if out.len() + value.length() as usize > limit {
            // Stop the inflater: nothing more is read.
            let _ = reader.cancel();
            return Err(Stop::OverLimit);
        }
        let start = out.len();
        out.resize(start + value.length() as usize, 0);
        value.copy_to(&mut out[start..]);
    }
}

/// The fragment of a link that reproduces `saved` (`SavedState::encode`).
pub async fn encode(saved: &SavedState) -> Result<String, ShareError> {
    let json = saved.to_json()?;
    let deflate = Compressor::new(FORMAT).map_err(|_| ShareError::Unsupported)?;
    // Deflate never grows data by more than a few bytes per 16 KiB block.
    let packed = transform(json.as_bytes(), deflate.unchecked_ref(), 2 * MAX_DECODED)
        .await
        .map_err(|stop| match stop {
            Stop::OverLimit => ShareError::TooLarge,
            Stop::Broken => ShareError::Unsupported,
        })?;
    fragment_text(&packed)
}

/// Reads a link's fragment (a leading `#` is allowed), as
/// `SavedState::decode` does.
pub async fn decode(fragment: &str) -> Result<SavedState, ShareError> {
    let packed = fragment_bytes(fragment)?;
    let inflate = Decompressor::new(FORMAT).map_err(|_| ShareError::Unsupported)?;
    let json = transform(&packed, inflate.unchecked_ref(), MAX_DECODED)
        .await
        .map_err(|stop| match stop {
            Stop::OverLimit => ShareError::TooLarge,
            Stop::Broken => ShareError::NotCompressed,
        })?;
    SavedState::from_inflated(json)
}

/// Reads the fragment's state into `config.shared` (nothing to do without
/// a fragment), before `boot::start` decides what the page opens with.
pub async fn read_fragment(mut config: Config) -> Config {
    if let Some(fragment) = &config.fragment {
        config.shared = Some(decode(fragment).await);
    }
    config
}

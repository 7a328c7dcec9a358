//! Sharing and persistence: a [`SavedState`] (seed, commands, lesson, step)
//! as a compact string for a URL fragment or `localStorage`, and the page's
//! query parameters ([`parse_query`]).
//!
//! The fragment is JSON → raw deflate → base64url without padding. Native
//! builds deflate with `miniz_oxide` (feature `deflate`, on by default:
//! [`SavedState::encode`] and [`SavedState::decode`]); the page leaves it
//! out and runs the same format through the browser's compression streams
//! around [`fragment_bytes`], [`fragment_text`] and
//! [`SavedState::from_inflated`]. Decoding trusts nothing: the text, the inflated size, the JSON
//! and every field are checked against fixed limits, and garbage gives a
//! [`ShareError`], never a panic. Every state carries a `version`; this build
//! writes [`STATE_VERSION`] and reads every version up to it, and refuses a
//! newer one with a message that says so.

mod query;

pub use query::{parse_query, parse_query_each, PageOptions, Panel, MAX_QUERY};

use crate::lesson::{valid_id, MAX_STEPS};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use bridgeport_commands::MAX_LINE;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The state format this build writes.
pub const STATE_VERSION: u32 = 1;
/// The largest state, as JSON, that is written or read.
pub const MAX_DECODED: usize = 64 * 1024;
/// The most commands a state holds.
pub const MAX_COMMANDS: usize = 2000;
/// The longest fragment looked at (base64 of at most this many bytes of deflate).
pub const MAX_FRAGMENT: usize = 128 * 1024;

/// The page's colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Everything needed to rebuild a playground: a fresh session with `seed`,
/// the lesson's setup (if any), then `commands` in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedState {
    pub version: u32,
    pub seed: u64,
    /// What the learner typed, one line each (not the lesson's setup).
    pub commands: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// The current step of `lesson`, 0-based.
    #[serde(default)]
    pub step: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Theme>,
    /// Which steps of `lesson` are done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completed: Vec<bool>,
    /// Where each step reached began, as a count of `commands` (see [`crate::Progress`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub step_starts: Vec<usize>,
}

/// Why a state could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    Empty,
    /// The fragment is longer than [`MAX_FRAGMENT`].
    TooLong(usize),
    NotBase64,
    /// Not raw deflate data.
    NotCompressed,
    /// More than [`MAX_DECODED`] bytes once inflated (or to write).
    TooLarge,
    NotJson(String),
    /// Written by a newer Bridgeport.
    NewerVersion(u64),
    /// A value is out of range or malformed.
    Invalid(String),
    /// The browser has no compression streams to write or read a link with.
    Unsupported,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => write!(f, "the link holds no saved state"),
            ShareError::TooLong(n) => write!(f, "the saved state is too long ({n} characters; the limit is {MAX_FRAGMENT})"),
            ShareError::NotBase64 => write!(f, "the saved state is damaged (not base64url text); was the link cut off?"),
            ShareError::NotCompressed => write!(f, "the saved state is damaged (it does not decompress); was the link cut off?"),
            ShareError::TooLarge => write!(f, "the saved state is too large (over {} KiB)", MAX_DECODED / 1024),
            ShareError::NotJson(e) => write!(f, "the saved state is damaged ({e})"),
            ShareError::NewerVersion(v) => write!(
                f,
                "this state was saved by a newer version of Bridgeport (format {v}; this page reads up to {STATE_VERSION}): reload the page to get the newest version"
            ),
            ShareError::Invalid(m) => write!(f, "the saved state is not valid: {m}"),
            ShareError::Unsupported => write!(
                f,
                "this browser cannot compress or decompress a link (it has no CompressionStream; Chrome 103, Firefox 113 and Safari 16.4 have)"
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// Checks one command line from outside (a state or a URL).
pub(crate) fn check_command(i: usize, c: &str) -> Result<(), String> {
    if c.len() > MAX_LINE {
        return Err(format!("command {} is longer than {MAX_LINE} bytes", i + 1));
    }
    // A line break belongs to a multi-line entry (a here-document that
    // writes a file); a lone `\r` or other control characters never.
    if c.chars()
        .any(|ch| ch.is_control() && ch != '\t' && ch != '\n')
    {
        return Err(format!("command {} contains a control character", i + 1));
    }
    Ok(())
}

impl SavedState {
    /// A state of the current version.
    pub fn new(seed: u64, commands: Vec<String>) -> SavedState {
        SavedState {
            version: STATE_VERSION,
            seed,
            commands,
            lesson: None,
            step: 0,
            theme: None,
            completed: Vec::new(),
            step_starts: Vec::new(),
        }
    }

    /// The progress part, for [`crate::LessonRun::restore`].
    pub fn progress(&self) -> Option<crate::Progress> {
        let lesson_id = self.lesson.clone()?;
        Some(crate::Progress {
            lesson_id,
            step: self.step,
            completed: self.completed.clone(),
            step_starts: self.step_starts.clone(),
        })
    }

    /// Every field within its limits.
    pub fn validate(&self) -> Result<(), ShareError> {
        let invalid = |m: String| Err(ShareError::Invalid(m));
        if self.version != STATE_VERSION {
            return invalid(format!(
                "version {} cannot be written by this build",
                self.version
            ));
        }
        if self.commands.len() > MAX_COMMANDS {
            return invalid(format!(
                "{} commands (the limit is {MAX_COMMANDS})",
                self.commands.len()
            ));
        }
        for (i, c) in self.commands.iter().enumerate() {
            check_command(i, c).map_err(ShareError::Invalid)?;
        }
        if let Some(l) = &self.lesson {
            if !valid_id(l) {
                return invalid("the lesson id is not valid".to_string());
            }
        }
        if self.step > MAX_STEPS
            || self.completed.len() > MAX_STEPS
            || self.step_starts.len() > MAX_STEPS + 1
        {
            return invalid(format!("more than {MAX_STEPS} steps"));
        }
        if self.lesson.is_none()
            && (self.step != 0 || !self.completed.is_empty() || !self.step_starts.is_empty())
        {
            return invalid("lesson progress without a lesson".to_string());
        }
        if self.step_starts.windows(2).any(|w| w[0] > w[1])
            || self.step_starts.iter().any(|&s| s > self.commands.len())
        {
            return invalid("step starts out of order".to_string());
        }
        Ok(())
    }

    /// The state as JSON (for `localStorage`), checked against the limits.
    pub fn to_json(&self) -> Result<String, ShareError> {
        self.validate()?;
        let json = serde_json::to_string(self).map_err(|e| ShareError::NotJson(e.to_string()))?;
        if json.len() > MAX_DECODED {
            return Err(ShareError::TooLarge);
        }
        Ok(json)
    }

    /// Reads JSON written by this or an older build.
    pub fn from_json(json: &str) -> Result<SavedState, ShareError> {
        if json.trim().is_empty() {
            return Err(ShareError::Empty);
        }
        if json.len() > MAX_DECODED {
            return Err(ShareError::TooLarge);
        }
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| ShareError::NotJson(e.to_string()))?;
        let version = match value.get("version") {
            Some(v) => v
                .as_u64()
                .ok_or_else(|| ShareError::Invalid("the version is not a number".to_string()))?,
            None => return Err(ShareError::Invalid("it has no version".to_string())),
        };
        let state = match version {
            // Older formats are migrated here, one arm each, into the current one.
            1 => serde_json::from_value::<SavedState>(value)
                .map_err(|e| ShareError::NotJson(e.to_string()))?,
            v if v > u64::from(STATE_VERSION) => return Err(ShareError::NewerVersion(v)),
            v => return Err(ShareError::Invalid(format!("unknown version {v}"))),
        };
        state.validate()?;
        Ok(state)
    }

    /// The compact form for a URL fragment: JSON, deflated, base64url.
    /// Native builds only: the page deflates with the browser's
    /// `CompressionStream` instead (crates/app/src/share_codec.rs), which
    /// keeps a deflate compressor out of the wasm.
    #[cfg(feature = "deflate")]
    pub fn encode(&self) -> Result<String, ShareError> {
        let json = self.to_json()?;
        fragment_text(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
    }

    /// The same link as [`SavedState::encode`] without compressing: the
    /// JSON in stored deflate blocks, which every inflater reads. For the
    /// page's synchronous JS API (`state().fragment`); a link about three
    /// times as long.
    pub fn encode_stored(&self) -> Result<String, ShareError> {
        let json = self.to_json()?;
        fragment_text(&deflate_stored(json.as_bytes()))
    }

    /// Reads what [`SavedState::encode`] wrote (a leading `#` is allowed).
    #[cfg(feature = "deflate")]
    pub fn decode(fragment: &str) -> Result<SavedState, ShareError> {
        let packed = fragment_bytes(fragment)?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED)
            .map_err(|e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
                _ => ShareError::NotCompressed,
            })?;
        SavedState::from_inflated(json)
    }

    /// Reads the inflated bytes of a fragment (see [`fragment_bytes`]).
    pub fn from_inflated(json: Vec<u8>) -> Result<SavedState, ShareError> {
        if json.len() > MAX_DECODED {
            return Err(ShareError::TooLarge);
        }
        let json = String::from_utf8(json)
            .map_err(|_| ShareError::NotJson("not UTF-8 text".to_string()))?;
        SavedState::from_json(&json)
    }
}

/// The raw deflate data a fragment holds (a leading `#` is allowed), still
/// to be inflated, to at most [`MAX_DECODED`] bytes, and read with
/// [`SavedState::from_inflated`].
pub fn fragment_bytes(fragment: &str) -> Result<Vec<u8>, ShareError> {
    let text = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if text.is_empty() {
        return Err(ShareError::Empty);
    }
    if text.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong(text.len()));
    }
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| ShareError::NotBase64)
}

/// The fragment for raw deflate data: base64url without padding, refused
/// past [`MAX_FRAGMENT`].
pub fn fragment_text(deflated: &[u8]) -> Result<String, ShareError> {
    let text = URL_SAFE_NO_PAD.encode(deflated);
    if text.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLarge);
    }
    Ok(text)
}

/// `data` as raw deflate (RFC 1951) in stored blocks, uncompressed: each
/// block is a header byte (BFINAL on the last, BTYPE 00), LEN and its
/// one's complement NLEN (little-endian), then up to 65 535 bytes.
pub fn deflate_stored(data: &[u8]) -> Vec<u8> {
    const MAX_BLOCK: usize = 0xffff;
    let mut out = Vec::with_capacity(data.len() + 5 * (data.len() / MAX_BLOCK + 1));
    let mut blocks = data.chunks(MAX_BLOCK).peekable();
    if blocks.peek().is_none() {
        // An empty input is still one (final, empty) block.
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        // A block is at most MAX_BLOCK bytes, so its length fits in 16 bits.
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validate_names_the_problem() {
        let mut s = SavedState::new(1, vec!["docker ps".into(), "echo\rhi".into()]);
        assert_eq!(
            s.validate(),
            Err(ShareError::Invalid(
                "command 2 contains a control character".into()
            ))
        );
        // A here-document is one command of several lines.
        s.commands = vec!["cat > compose.yaml <<'EOF'\nservices: {}\nEOF".into()];
        assert_eq!(s.validate(), Ok(()));
        s.commands = vec!["x".repeat(MAX_LINE + 1)];
        assert_eq!(
            s.validate(),
            Err(ShareError::Invalid(format!(
                "command 1 is longer than {MAX_LINE} bytes"
            )))
        );
        s.commands = vec!["ls".into(); MAX_COMMANDS + 1];
        assert_eq!(
            s.validate(),
            Err(ShareError::Invalid(format!(
                "{} commands (the limit is {MAX_COMMANDS})",
                MAX_COMMANDS + 1
            )))
        );
        s.commands = vec![];
        s.lesson = Some("../etc".into());
        assert_eq!(
            s.validate(),
            Err(ShareError::Invalid("the lesson id is not valid".into()))
        );
        s.lesson = None;
        s.step = 2;
        assert_eq!(
            s.validate(),
            Err(ShareError::Invalid(
                "lesson progress without a lesson".into()
            ))
        );
    }

    #[test]
    #[cfg(feature = "deflate")]
    fn an_unencodably_large_state_is_refused_when_writing() {
        let s = SavedState::new(1, vec!["y".repeat(MAX_LINE); 5]);
        assert_eq!(s.encode(), Err(ShareError::TooLarge));
    }

    /// Stored blocks are raw deflate any inflater reads: here miniz_oxide's,
    /// in the page the browser's `DecompressionStream` (crates/app/tests).
    #[test]
    #[cfg(feature = "deflate")]
    fn stored_blocks_inflate_to_the_same_bytes() {
        for len in [0usize, 1, 300, 65_535, 65_536, 140_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let packed = deflate_stored(&data);
            assert_eq!(packed.len(), len + 5 * len.div_ceil(65_535).max(1), "{len}");
            let back = miniz_oxide::inflate::decompress_to_vec(&packed).unwrap();
            assert_eq!(back, data, "{len}");
        }
        let s = SavedState::new(9, vec!["docker run -d nginx".into(); 40]);
        let stored = s.encode_stored().unwrap();
        assert_eq!(SavedState::decode(&stored), Ok(s.clone()));
        assert!(stored.len() > 2 * s.encode().unwrap().len(), "uncompressed");
    }
}

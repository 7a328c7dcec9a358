//! A matrix cell's reason or hint, written out only when it is read. (Not
//! to be confused with `net::tracer::Note`, the structured *why* of a hop
//! that such texts are rendered from.)
//!
//! In a large matrix most failure texts are one text with the sender's name
//! in different places: "web3 and db are on different networks" for web3,
//! web4, web5... Writing each one out costs more than the walks they come
//! from (200 containers on 20 networks: ~110 000 failed cells, ~29 MB of
//! text), while the page reads only the cells a learner points at. So a
//! [`CellText`] keeps the shared [`Template`] and the sender's name, and is
//! rendered on [`Display`](fmt::Display) (and into JSON as the plain string,
//! so nothing outside the engine sees the difference).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::rc::Rc;

/// Stands for the sender in a template: no container or network name can
/// hold it (names are `[a-zA-Z0-9][a-zA-Z0-9_.-]*`).
pub(crate) const SENDER: char = '\u{1}';

/// The most marks a template holds (a text names its sender at most twice).
const MARKS: usize = 4;

/// A text with [`SENDER`] marks, split once at the marks.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    text: String,
    /// Where the marks are (byte offsets), for up to [`MARKS`] of them.
    marks: [u32; MARKS],
    count: usize,
}

impl Template {
    pub(crate) fn new(text: String) -> Template {
        let mut marks = [0u32; MARKS];
        let mut count = 0;
        for (i, _) in text.match_indices(SENDER) {
            if let Some(m) = marks.get_mut(count) {
                *m = i as u32;
            }
            count += 1;
        }
        Template { text, marks, count }
    }

    /// The text between the marks (all of it, for more marks than kept).
    fn parts(&self) -> impl Iterator<Item = &str> {
        let mark = SENDER.len_utf8();
        let kept = if self.count > MARKS { 0 } else { self.count };
        let ends = self.marks[..kept]
            .iter()
            .map(|&m| m as usize)
            .chain(std::iter::once(self.text.len()));
        let mut start = 0;
        ends.map(move |end| {
            let part = self.text.get(start..end).unwrap_or_default();
            start = end + mark;
            part
        })
    }

    /// Writes the text with `sender` at the marks.
    fn write_to(&self, sender: &str, f: &mut impl fmt::Write) -> fmt::Result {
        for (i, part) in self.parts().enumerate() {
            if i > 0 {
                f.write_str(sender)?;
            }
            f.write_str(part)?;
        }
        Ok(())
    }

    /// Whether filled in with `sender` it is `text`.
    pub(crate) fn gives(&self, sender: &str, text: &str) -> bool {
        if self.count > MARKS {
            return false;
        }
        let mut rest = text;
        for (i, part) in self.parts().enumerate() {
            if i > 0 {
                match rest.strip_prefix(sender) {
                    Some(r) => rest = r,
                    None => return false,
                }
            }
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

/// A reason or hint: a shared template filled in with a sender's name when
/// read. Cheap to clone (two reference counts). Compares, prints and
/// serializes as its text.
#[derive(Clone)]
pub struct CellText {
    template: Rc<Template>,
    /// The sender's name for the marks (None for a text without marks).
    sender: Option<Rc<str>>,
}

impl CellText {
    /// `template` filled in with `sender`.
    pub(crate) fn filled(template: &Rc<Template>, sender: &Rc<str>) -> CellText {
        CellText {
            template: Rc::clone(template),
            sender: (template.count > 0).then(|| Rc::clone(sender)),
        }
    }

    /// The text, written out.
    pub fn text(&self) -> String {
        self.to_string()
    }
}

impl From<String> for CellText {
    /// A plain text (with no sender: a mark in it is written as nothing).
    fn from(text: String) -> CellText {
        CellText {
            template: Rc::new(Template::new(text)),
            sender: None,
        }
    }
}

impl From<&str> for CellText {
    fn from(text: &str) -> CellText {
        CellText::from(text.to_string())
    }
}

impl fmt::Display for CellText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.template
            .write_to(self.sender.as_deref().unwrap_or_default(), f)
    }
}

impl fmt::Debug for CellText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text(), f)
    }
}

impl PartialEq for CellText {
    fn eq(&self, other: &CellText) -> bool {
        (Rc::ptr_eq(&self.template, &other.template) && self.sender == other.sender)
            || self.text() == other.text()
    }
}

impl Eq for CellText {}

impl Serialize for CellText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CellText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CellText, D::Error> {
        String::deserialize(d).map(CellText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> Rc<Template> {
        Rc::new(Template::new(text.replace('@', &SENDER.to_string())))
    }

    #[test]
    fn a_note_is_its_template_filled_in_with_the_sender() {
        let t = template("@ and db are on different networks (from @)");
        let web: Rc<str> = "web3".into();
        let n = CellText::filled(&t, &web);
        assert_eq!(
            n.to_string(),
            "web3 and db are on different networks (from web3)"
        );
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            "\"web3 and db are on different networks (from web3)\""
        );
        let back: CellText = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
        assert_eq!(back, n);
        assert_ne!(n, CellText::filled(&t, &"web4".into()));
    }

    #[test]
    fn a_plain_note_is_its_text() {
        let n = CellText::from("port 8080 is not published");
        assert_eq!(format!("{n:?}"), "\"port 8080 is not published\"");
        assert_eq!(n, CellText::from("port 8080 is not published".to_string()));
        assert!(Template::new("no marks".into()).gives("anyone", "no marks"));
    }
}

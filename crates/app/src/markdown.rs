//! The Markdown subset lessons are written in, parsed to plain data that
//! [`crate::components::markdown`] turns into Yew nodes. Pure and natively
//! tested; nothing here produces HTML, so lesson text can never become markup.
//!
//! Blocks: paragraphs (lines joined, a blank line ends one), `-`/`*` and `1.`
//! lists (indented lines continue an item), ```` ``` ```` fenced code, and `#`
//! headings. Inline: `` `code` ``, `**bold**`, `*em*`/`_em_`, `\` escapes, and
//! `[text](url)` links — only `http:`/`https:` targets become links, anything
//! else (`javascript:`, relative paths) stays plain text.

/// A run of inline text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Em(Vec<Inline>),
    /// `href` is `None` when the target was not an absolute http(s) URL.
    Link {
        text: Vec<Inline>,
        href: Option<String>,
    },
}

/// A block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(Vec<Inline>),
    Heading(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    Code(String),
}

/// `- item`, `* item` or `12. item`: the item's text.
fn list_item(line: &str) -> Option<(bool, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some((false, rest));
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        if let Some(rest) = t[digits..].strip_prefix(". ") {
            return Some((true, rest));
        }
    }
    None
}

/// Parses a piece of lesson text into blocks.
pub fn parse(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    // (ordered, items as raw text)
    let mut list: Option<(bool, Vec<String>)> = None;
    let flush =
        |out: &mut Vec<Block>, para: &mut Vec<&str>, list: &mut Option<(bool, Vec<String>)>| {
            if !para.is_empty() {
                out.push(Block::Para(inline(&para.join(" "))));
                para.clear();
            }
            if let Some((ordered, items)) = list.take() {
                out.push(Block::List {
                    ordered,
                    items: items.iter().map(|i| inline(i)).collect(),
                });
            }
        };
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut out, &mut para, &mut list);
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim() == "```" {
                    break;
                }
                code.push(l);
            }
            out.push(Block::Code(code.join("\n")));
        } else if t.is_empty() {
            flush(&mut out, &mut para, &mut list);
        } else if let Some((ordered, item)) = list_item(line) {
            if !para.is_empty() || list.as_ref().is_some_and(|(o, _)| *o != ordered) {
                flush(&mut out, &mut para, &mut list);
            }
            list.get_or_insert_with(|| (ordered, Vec::new()))
                .1
                .push(item.trim().to_string());
        } else if let (Some((_, items)), true) = (list.as_mut(), line.starts_with(' ')) {
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(t);
            }
        } else if t.starts_with('#') {
            flush(&mut out, &mut para, &mut list);
            out.push(Block::Heading(inline(t.trim_start_matches('#').trim())));
        } else {
            if list.is_some() {
                flush(&mut out, &mut para, &mut list);
            }
            para.push(t);
        }
    }
    flush(&mut out, &mut para, &mut list);
    out
}

/// Parses inline markup; unmatched markers stay as they were typed.
pub fn inline(s: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut text = String::new();
    let push_text = |out: &mut Vec<Inline>, text: &mut String| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    let mut i = 0;
    while i < s.len() {
        let start = i;
        let rest = &s[i..];
        let prev = s[..i].chars().next_back();
        if let Some(r) = rest.strip_prefix('\\') {
            if let Some(c) = r.chars().next().filter(|c| c.is_ascii_punctuation()) {
                text.push(c);
                i += 1 + c.len_utf8();
                continue;
            }
        }
        if let Some(r) = rest.strip_prefix('`') {
            if let Some(end) = r.find('`') {
                push_text(&mut out, &mut text);
                out.push(Inline::Code(r[..end].to_string()));
                i += end + 2;
                continue;
            }
        }
        if let Some(r) = rest.strip_prefix("**") {
            if let Some(end) = r.find("**").filter(|&e| e > 0) {
                push_text(&mut out, &mut text);
                out.push(Inline::Strong(inline(&r[..end])));
                i += end + 4;
                continue;
            }
        }
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        for m in ['*', '_'] {
            if rest.starts_with(m) && !(m == '_' && word(prev)) {
                let r = &rest[1..];
                let closes = r.char_indices().find(|&(k, c)| {
                    c == m
                        && k > 0
                        && !r[..k].ends_with(' ')
                        && !(m == '_' && word(r[k + 1..].chars().next()))
                });
                if let (Some((end, _)), false) = (closes, r.starts_with(' ')) {
                    push_text(&mut out, &mut text);
                    out.push(Inline::Em(inline(&r[..end])));
                    i += end + 2;
                    break;
                }
            }
        }
        if i != start {
            continue;
        }
        if let Some(r) = rest.strip_prefix('[') {
            if let Some((label, after)) = r.split_once("](") {
                // The closing `)`, past balanced pairs inside the target.
                let mut depth = 0usize;
                let end = after.char_indices().find_map(|(k, c)| match c {
                    '(' => {
                        depth += 1;
                        None
                    }
                    ')' if depth == 0 => Some(k),
                    ')' => {
                        depth -= 1;
                        None
                    }
                    _ => None,
                });
                if let Some(end) = end {
                    if !label.contains('[') {
                        let url = after[..end].trim();
                        let ok = (url.starts_with("https://") || url.starts_with("http://"))
                            && !url.chars().any(|c| c.is_whitespace() || c.is_control());
                        push_text(&mut out, &mut text);
                        out.push(Inline::Link {
                            text: inline(label),
                            href: ok.then(|| url.to_string()),
                        });
                        i += 1 + label.len() + 2 + end + 1;
                        continue;
                    }
                }
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        text.push(c);
        i += c.len_utf8();
    }
    push_text(&mut out, &mut text);
    out
}

/// The text without markup (for titles and attributes).
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.clone(),
            Inline::Strong(x) | Inline::Em(x) | Inline::Link { text: x, .. } => plain(x),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Inline::*;

    fn t(s: &str) -> Inline {
        Text(s.into())
    }

    #[test]
    fn inline_markup() {
        let cases: &[(&str, Vec<Inline>)] = &[
            ("plain", vec![t("plain")]),
            (
                "run `docker ps` now",
                vec![t("run "), Code("docker ps".into()), t(" now")],
            ),
            (
                "a **bold** word",
                vec![t("a "), Strong(vec![t("bold")]), t(" word")],
            ),
            (
                "an *em* and _em_",
                vec![t("an "), Em(vec![t("em")]), t(" and "), Em(vec![t("em")])],
            ),
            ("snake_case_name stays", vec![t("snake_case_name stays")]),
            ("2 * 3 * 4", vec![t("2 * 3 * 4")]),
            ("`unclosed", vec![t("`unclosed")]),
            (r"\*not em\*", vec![t("*not em*")]),
            (
                "**`-p` first**",
                vec![Strong(vec![Code("-p".into()), t(" first")])],
            ),
            (
                "see [the docs](https://docs.docker.com/network/) here",
                vec![
                    t("see "),
                    Link {
                        text: vec![t("the docs")],
                        href: Some("https://docs.docker.com/network/".into()),
                    },
                    t(" here"),
                ],
            ),
            (
                "[x](javascript:alert(1)) y",
                vec![
                    Link {
                        text: vec![t("x")],
                        href: None,
                    },
                    t(" y"),
                ],
            ),
            (
                "[w](https://en.wikipedia.org/wiki/Bridge_(networking))",
                vec![Link {
                    text: vec![t("w")],
                    href: Some("https://en.wikipedia.org/wiki/Bridge_(networking)".into()),
                }],
            ),
            (
                "[rel](../x)",
                vec![Link {
                    text: vec![t("rel")],
                    href: None,
                }],
            ),
            ("a [b] c", vec![t("a [b] c")]),
            (
                "<script>alert(1)</script>",
                vec![t("<script>alert(1)</script>")],
            ),
            (
                "é *ü* `ß`",
                vec![t("é "), Em(vec![t("ü")]), t(" "), Code("ß".into())],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(&inline(input), want, "{input}");
        }
    }

    #[test]
    fn blocks() {
        let md = "First line\nsecond line.\n\n- one\n  continued\n- **two**\n\n1. a\n2. b\nAfter.\n\n```\n$ docker ps\n<b>\n```\n## Heading";
        assert_eq!(
            parse(md),
            vec![
                Block::Para(vec![t("First line second line.")]),
                Block::List {
                    ordered: false,
                    items: vec![vec![t("one continued")], vec![Strong(vec![t("two")])]]
                },
                Block::List {
                    ordered: true,
                    items: vec![vec![t("a")], vec![t("b")]]
                },
                Block::Para(vec![t("After.")]),
                Block::Code("$ docker ps\n<b>".into()),
                Block::Heading(vec![t("Heading")]),
            ]
        );
        assert_eq!(parse(""), vec![]);
        assert_eq!(
            parse("```\nnever closed"),
            vec![Block::Code("never closed".into())]
        );
    }

    #[test]
    fn every_builtin_lesson_parses_without_stray_markers() {
        for lesson in bridgeport_lessons::builtin::all() {
            let blocks = lesson
                .intro
                .iter()
                .chain(lesson.steps.iter().flat_map(|s| s.body.iter()));
            for b in blocks {
                if let bridgeport_lessons::Block::Text(text) = b {
                    for block in parse(text) {
                        let shown = match &block {
                            Block::Para(x) | Block::Heading(x) => plain(x),
                            Block::List { items, .. } => items.iter().map(|i| plain(i)).collect(),
                            Block::Code(_) => continue,
                        };
                        assert!(!shown.contains("**"), "{}: {shown}", lesson.id);
                    }
                }
            }
        }
    }
}

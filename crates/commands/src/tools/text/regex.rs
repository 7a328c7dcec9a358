//! A small backtracking regular-expression matcher for `grep`: literals,
//! `.`, bracket expressions (ranges, negation, `[:alpha:]` classes), `^`,
//! `$`, `\b`, `\B`, `\w`, `\s`, `\d` (and their negations), groups with `|`,
//! and `*`, `+`, `?`, `{m,n}`, optionally case-insensitive. The syntax read
//! is extended (ERE); `grep.rs` rewrites basic patterns into it.
//!
//! Why not the `regex` crates: `regex-lite` alone added ~25 KB gzipped to a
//! page over its budget, and grep over a terminal's worth of text needs none
//! of their guarantees. Repeats of one character loop instead of recursing,
//! so a long line cannot overflow the stack; a step budget ends patterns
//! that would backtrack for ever (the line then does not match).

use bridgeport_golib::case::{simple_lower, simple_upper};
use std::cell::Cell;

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class {
        items: Vec<(char, char)>,
        negated: bool,
    },
    Start,
    End,
    WordBoundary(bool),
    Group(Vec<Vec<Node>>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: u32,
    },
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Regex {
    alts: Vec<Vec<Node>>,
    icase: bool,
}

/// Most steps one match attempt may take.
const MAX_STEPS: u32 = 200_000;
/// Deepest recursion (one level per atom matched in sequence, per group).
/// 1 000 levels overflowed a 1 MiB stack in a debug build (CI, 2026-12-05):
/// 400 keeps room under the page's 1 MiB wasm stack too.
const MAX_DEPTH: u32 = 400;

fn class(name: &str) -> Option<Vec<(char, char)>> {
    Some(match name {
        "alpha" => vec![('a', 'z'), ('A', 'Z')],
        "digit" => vec![('0', '9')],
        "alnum" => vec![('a', 'z'), ('A', 'Z'), ('0', '9')],
        "upper" => vec![('A', 'Z')],
        "lower" => vec![('a', 'z')],
        "space" => vec![(' ', ' '), ('\t', '\r')],
        "blank" => vec![(' ', ' '), ('\t', '\t')],
        "punct" => vec![('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "xdigit" => vec![('0', '9'), ('a', 'f'), ('A', 'F')],
        "word" => vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')],
        _ => return None,
    })
}

struct Parser {
    c: Vec<char>,
    i: usize,
    depth: u32,
}

impl Parser {
    fn alts(&mut self) -> Result<Vec<Vec<Node>>, String> {
        self.depth += 1;
        if self.depth > 200 {
            return Err("Regular expression too big".into());
        }
        let mut alts = vec![Vec::new()];
        while let Some(&ch) = self.c.get(self.i) {
            match ch {
                '|' => {
                    self.i += 1;
                    alts.push(Vec::new());
                }
                ')' => break,
                _ => {
                    let atom = self.atom()?;
                    let atom = self.quantified(atom)?;
                    if let Some(seq) = alts.last_mut() {
                        seq.push(atom);
                    }
                }
            }
        }
        self.depth -= 1;
        Ok(alts)
    }

    fn quantified(&mut self, mut atom: Node) -> Result<Node, String> {
        loop {
            let (min, max) = match self.c.get(self.i) {
                Some('*') => (0, u32::MAX),
                Some('+') => (1, u32::MAX),
                Some('?') => (0, 1),
                Some('{') => {
                    let close = (self.i..self.c.len())
                        .find(|&k| self.c[k] == '}')
                        .ok_or("Unmatched \\{")?;
                    let body: String = self.c[self.i + 1..close].iter().collect();
                    let (a, b) = match body.split_once(',') {
                        Some((a, b)) => (a.to_string(), Some(b.to_string())),
                        None => (body.clone(), None),
                    };
                    let min: u32 = if a.is_empty() {
                        0
                    } else {
                        a.parse().map_err(|_| "Invalid content of \\{\\}")?
                    };
                    let max: u32 = match b {
                        None => min,
                        Some(b) if b.is_empty() => u32::MAX,
                        Some(b) => b.parse().map_err(|_| "Invalid content of \\{\\}")?,
                    };
                    if max < min || min > 1000 {
                        return Err("Invalid content of \\{\\}".into());
                    }
                    self.i = close;
                    (min, max)
                }
                _ => return Ok(atom),
            };
            self.i += 1;
            if matches!(atom, Node::Start | Node::End | Node::WordBoundary(_)) {
                return Err("Invalid preceding regular expression".into());
            }
            atom = Node::Repeat {
                node: Box::new(atom),
                min,
                max,
            };
        }
    }

    fn atom(&mut self) -> Result<Node, String> {
        let ch = self.c[self.i];
        self.i += 1;
        Ok(match ch {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '*' | '+' | '?' => return Err("Invalid preceding regular expression".into()),
            '(' => {
                if self.c.get(self.i) == Some(&'?') && self.c.get(self.i + 1) == Some(&':') {
                    self.i += 2;
                }
                let alts = self.alts()?;
                if self.c.get(self.i) != Some(&')') {
                    return Err("Unmatched ( or \\(".into());
                }
                self.i += 1;
                Node::Group(alts)
            }
            '[' => self.bracket()?,
            '\\' => {
                let Some(&e) = self.c.get(self.i) else {
                    return Err("Trailing backslash".into());
                };
                self.i += 1;
                let cls = |name: &str, negated| Node::Class {
                    items: class(name).unwrap_or_default(),
                    negated,
                };
                match e {
                    'b' => Node::WordBoundary(true),
                    'B' => Node::WordBoundary(false),
                    'w' => cls("word", false),
                    'W' => cls("word", true),
                    's' => cls("space", false),
                    'S' => cls("space", true),
                    'd' => cls("digit", false),
                    'D' => cls("digit", true),
                    'n' => Node::Char('\n'),
                    't' => Node::Char('\t'),
                    other => Node::Char(other),
                }
            }
            other => Node::Char(other),
        })
    }

    fn bracket(&mut self) -> Result<Node, String> {
        let unmatched = || "Unmatched [, [^, [:, [., or [=".to_string();
        let mut negated = false;
        if self.c.get(self.i) == Some(&'^') {
            negated = true;
            self.i += 1;
        }
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let Some(&ch) = self.c.get(self.i) else {
                return Err(unmatched());
            };
            self.i += 1;
            match ch {
                ']' if !first => break,
                '[' if self.c.get(self.i) == Some(&':') => {
                    let end = (self.i + 1..self.c.len().saturating_sub(1))
                        .find(|&k| self.c[k] == ':' && self.c[k + 1] == ']')
                        .ok_or_else(unmatched)?;
                    let name: String = self.c[self.i + 1..end].iter().collect();
                    items.extend(class(&name).ok_or("Invalid character class name")?);
                    self.i = end + 2;
                }
                '\\' if self.c.get(self.i) == Some(&']') => {
                    items.push((']', ']'));
                    self.i += 1;
                }
                lo => {
                    if self.c.get(self.i) == Some(&'-')
                        && self.c.get(self.i + 1).is_some_and(|&h| h != ']')
                    {
                        let hi = self.c[self.i + 1];
                        if hi < lo {
                            return Err("Invalid range end".into());
                        }
                        items.push((lo, hi));
                        self.i += 2;
                    } else {
                        items.push((lo, lo));
                    }
                }
            }
            first = false;
        }
        Ok(Node::Class { items, negated })
    }
}

impl Regex {
    /// Compiles an extended pattern; the error is GNU grep's wording.
    pub fn new(pattern: &str, icase: bool) -> Result<Regex, String> {
        let mut p = Parser {
            c: pattern.chars().collect(),
            i: 0,
            depth: 0,
        };
        let alts = p.alts()?;
        if p.i < p.c.len() {
            return Err("Unmatched ) or \\)".into());
        }
        Ok(Regex { alts, icase })
    }

    /// The first match in `line` as a (start, end) char range.
    pub fn find_at(&self, line: &[char], from: usize) -> Option<(usize, usize)> {
        let m = Matcher {
            text: line,
            icase: self.icase,
            steps: Cell::new(0),
            depth: Cell::new(0),
        };
        for start in from..=line.len() {
            let group = [Node::Group(self.alts.clone())];
            if let Some(end) = m.seq(&group, start, &mut |e| Some(e)) {
                return Some((start, end));
            }
            if m.steps.get() > MAX_STEPS {
                return None;
            }
        }
        None
    }

    pub fn is_match(&self, line: &str) -> bool {
        let chars: Vec<char> = line.chars().collect();
        self.find_at(&chars, 0).is_some()
    }

    /// Every non-overlapping match, as strings (`grep -o`).
    pub fn find_all(&self, line: &str) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        let mut out = Vec::new();
        let mut at = 0;
        while at <= chars.len() {
            let Some((s, e)) = self.find_at(&chars, at) else {
                break;
            };
            if e > s {
                out.push(chars[s..e].iter().collect());
                at = e;
            } else {
                at = s + 1;
            }
        }
        out
    }
}

struct Matcher<'t> {
    text: &'t [char],
    icase: bool,
    steps: Cell<u32>,
    depth: Cell<u32>,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Matcher<'_> {
    /// Does the one-character node match at `pos`?
    fn one(&self, node: &Node, pos: usize) -> bool {
        let Some(&c) = self.text.get(pos) else {
            return false;
        };
        match node {
            Node::Any => c != '\n',
            Node::Char(x) => *x == c || self.icase && simple_lower(*x) == simple_lower(c),
            Node::Class { items, negated } => {
                let hit = |c: char| items.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                let found = hit(c) || self.icase && (hit(simple_lower(c)) || hit(simple_upper(c)));
                found != *negated
            }
            _ => false,
        }
    }

    /// Matches `seq` at `pos`, then the continuation. Each call nests (the
    /// continuation is a closure), so the depth is counted: a pattern of
    /// thousands of atoms gives up (no match) rather than overflow the
    /// page's 1 MiB stack.
    fn seq(
        &self,
        seq: &[Node],
        pos: usize,
        k: &mut dyn FnMut(usize) -> Option<usize>,
    ) -> Option<usize> {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MAX_STEPS || self.depth.get() > MAX_DEPTH {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let r = self.seq_at(seq, pos, k);
        self.depth.set(self.depth.get() - 1);
        r
    }

    fn seq_at(
        &self,
        seq: &[Node],
        pos: usize,
        k: &mut dyn FnMut(usize) -> Option<usize>,
    ) -> Option<usize> {
        let Some((node, rest)) = seq.split_first() else {
            return k(pos);
        };
        match node {
            Node::Char(_) | Node::Any | Node::Class { .. } => {
                if self.one(node, pos) {
                    self.seq(rest, pos + 1, k)
                } else {
                    None
                }
            }
            Node::Start => (pos == 0)
                .then_some(())
                .and_then(|_| self.seq(rest, pos, k)),
            Node::End => (pos == self.text.len())
                .then_some(())
                .and_then(|_| self.seq(rest, pos, k)),
            Node::WordBoundary(want) => {
                let before = pos > 0 && is_word(self.text[pos - 1]);
                let after = self.text.get(pos).is_some_and(|&c| is_word(c));
                ((before != after) == *want)
                    .then_some(())
                    .and_then(|_| self.seq(rest, pos, k))
            }
            Node::Group(alts) => {
                self.depth.set(self.depth.get() + 1);
                let mut found = None;
                for alt in alts {
                    if let Some(e) = self.seq(alt, pos, &mut |p| self.seq(rest, p, k)) {
                        found = Some(e);
                        break;
                    }
                }
                self.depth.set(self.depth.get() - 1);
                found
            }
            Node::Repeat { node, min, max } => {
                if matches!(**node, Node::Char(_) | Node::Any | Node::Class { .. }) {
                    // One character at a time: count, then give back greedily.
                    let mut n = 0usize;
                    while (n as u64) < u64::from(*max) && self.one(node, pos + n) {
                        n += 1;
                    }
                    let min = *min as usize;
                    if n < min {
                        return None;
                    }
                    for take in (min..=n).rev() {
                        if let Some(e) = self.seq(rest, pos + take, k) {
                            return Some(e);
                        }
                    }
                    None
                } else {
                    self.depth.set(self.depth.get() + 1);
                    let r = self.repeat(node, *min, *max, 0, pos, rest, k);
                    self.depth.set(self.depth.get() - 1);
                    r
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        node: &Node,
        min: u32,
        max: u32,
        count: u32,
        pos: usize,
        rest: &[Node],
        k: &mut dyn FnMut(usize) -> Option<usize>,
    ) -> Option<usize> {
        if count < max {
            let one = std::slice::from_ref(node);
            let r = self.seq(one, pos, &mut |p| {
                if p == pos && count >= min {
                    None
                } else {
                    self.repeat(node, min, max, count + 1, p, rest, k)
                }
            });
            if r.is_some() {
                return r;
            }
        }
        if count >= min {
            self.seq(rest, pos, k)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;

    #[test]
    fn matches_as_an_extended_regular_expression() {
        let cases: &[(&str, &str, bool)] = &[
            ("web", "a web b", true),
            ("^web", "a web", false),
            ("web$", "a web", true),
            ("w.b", "wxb", true),
            ("a+b", "caab", true),
            ("a{2,3}b", "ab", false),
            ("a{2,3}b", "aaab", true),
            ("(ab)+c", "ababc", true),
            ("web|db", "the db", true),
            ("[0-9]+\\.[0-9]+", "v1.29", true),
            ("[^a-z]", "abc", false),
            ("[[:digit:]]", "x1", true),
            ("\\bwe\\b", "web", false),
            ("colou?r", "color", true),
            ("(a*)*b", &"a".repeat(40), false),
            (".*x", &"y".repeat(100_000), false),
        ];
        for (p, line, want) in cases {
            assert_eq!(
                Regex::new(p, false).unwrap().is_match(line),
                *want,
                "{p} ~ {}",
                &line[..line.len().min(20)]
            );
        }
        assert!(Regex::new("WEB", true).unwrap().is_match("web"));
        // A 15 000-atom pattern on a thread with the page's 1 MiB stack: no overflow.
        let long = "a".repeat(15_000);
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || Regex::new(&long, false).unwrap().is_match(&long))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert_eq!(
            Regex::new("[0-9.]+", false)
                .unwrap()
                .find_all("ip 172.17.0.2 up 1"),
            vec!["172.17.0.2", "1"]
        );
        for bad in ["(", "[a", "*a", "a{2", ")"] {
            assert!(Regex::new(bad, false).is_err(), "{bad}");
        }
    }
}

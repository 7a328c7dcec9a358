//! The template lexer: a port of Go's `text/template/parse/lex.go` with the
//! default `{{ }}` delimiters, trim markers (`{{- `, ` -}}`), comments, and
//! `break`/`continue` as keywords (Docker defines no functions of those names).
//!
//! Go runs the lexer as a goroutine feeding the parser; the item stream does
//! not depend on the parser, so here the whole input is lexed up front. Like
//! Go, lexing stops at the first error item.

use crate::strconv;
use crate::unicode::{is_digit, is_print};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ItemType {
    Error,
    Bool,
    Char,
    CharConstant,
    Assign,
    Declare,
    Complex,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords (Go orders them after `itemKeyword`).
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl ItemType {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Self::Block
                | Self::Break
                | Self::Continue
                | Self::Dot
                | Self::Define
                | Self::Else
                | Self::End
                | Self::If
                | Self::Nil
                | Self::Range
                | Self::Template
                | Self::With
        )
    }
}

#[derive(Clone, Debug)]
pub(super) struct Item {
    pub typ: ItemType,
    /// Byte offset of the item in the input.
    pub pos: usize,
    /// The item text (the message, for an error item).
    pub val: String,
    /// Line number of the item's start (1-based; 0 for the empty item Go's
    /// parser reads from a closed lexer).
    pub line: usize,
}

impl Item {
    /// What Go's parser reads after the lexer has stopped: the zero item.
    pub fn zero() -> Self {
        Item {
            typ: ItemType::Error,
            pos: 0,
            val: String::new(),
            line: 0,
        }
    }
}

/// Go's `item.String()`, used in parse errors.
impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.typ {
            ItemType::Eof => f.write_str("EOF"),
            ItemType::Error => f.write_str(&self.val),
            t if t.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                // `%.10q...`: the precision truncates to ten runes before quoting.
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", strconv::quote(head.as_bytes()))
            }
            _ => f.write_str(&strconv::quote(self.val.as_bytes())),
        }
    }
}

const LEFT_DELIM: &str = "{{";
const RIGHT_DELIM: &str = "}}";
const LEFT_COMMENT: &str = "/*";
const RIGHT_COMMENT: &str = "*/";
const TRIM_MARKER_LEN: usize = 2;

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    at_eof: bool,
    paren_depth: i64,
    items: Vec<Item>,
    /// Newlines counted up to `line_pos`, so line numbers cost O(n) overall.
    line_pos: usize,
    line: usize,
}

/// Go's `isSpace` inside actions.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Go's `isAlphaNumeric`. Go's `unicode.IsLetter` is general category L;
/// Rust's `is_alphabetic` also admits letter numbers and some marks, a
/// difference only identifiers made of such characters can see.
fn is_alpha_numeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || is_digit(c)
}

fn has_left_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(char::from(b[1]))
}

fn has_right_trim_marker(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(char::from(b[0])) && b[1] == b'-'
}

fn right_trim_length(s: &str) -> usize {
    s.len() - s.trim_end_matches(is_space).len()
}

fn left_trim_length(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

/// Go's `%#U`: `U+0041 'A'`, without the quoted character if unprintable.
pub(super) fn sharp_u(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{}'", u32::from(c), c)
    } else {
        format!("U+{:04X}", u32::from(c))
    }
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or_default()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.rest().chars().next();
        match c {
            None => self.at_eof = true,
            Some(c) => self.pos += c.len_utf8(),
        }
        c
    }

    /// Steps back one rune; like Go, a no-op once the end has been reached.
    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            if let Some(c) = self
                .input
                .get(..self.pos)
                .and_then(|s| s.chars().next_back())
            {
                self.pos -= c.len_utf8();
            }
        }
    }

    fn peek(&mut self) -> Option<char> {
        let c = self.next();
        self.backup();
        c
    }

    fn line_at(&mut self, pos: usize) -> usize {
        if pos >= self.line_pos {
            let chunk = self.input.get(self.line_pos..pos).unwrap_or_default();
            self.line += chunk.bytes().filter(|&b| b == b'\n').count();
            self.line_pos = pos;
        }
        self.line
    }

    fn emit(&mut self, typ: ItemType) {
        let line = self.line_at(self.start);
        let val = self
            .input
            .get(self.start..self.pos)
            .unwrap_or_default()
            .to_owned();
        self.items.push(Item {
            typ,
            pos: self.start,
            val,
            line,
        });
        self.start = self.pos;
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn errorf(&mut self, msg: String) -> Option<State> {
        let line = self.line_at(self.start);
        self.items.push(Item {
            typ: ItemType::Error,
            pos: self.start,
            val: msg,
            line,
        });
        None
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.next() {
            Some(c) if valid.contains(c) => true,
            _ => {
                self.backup();
                false
            }
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while matches!(self.next(), Some(c) if valid.contains(c)) {}
        self.backup();
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim_marker(rest) && rest[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            return (true, true);
        }
        (rest.starts_with(RIGHT_DELIM), false)
    }

    /// Go's `atTerminator`: can an identifier end here?
    fn at_terminator(&mut self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            Some(_) => self.rest().starts_with(RIGHT_DELIM),
        }
    }

    fn step(&mut self, state: State) -> Option<State> {
        match state {
            State::Text => self.lex_text(),
            State::LeftDelim => self.lex_left_delim(),
            State::Comment => self.lex_comment(),
            State::RightDelim => self.lex_right_delim(),
            State::InsideAction => self.lex_inside_action(),
            State::Space => self.lex_space(),
            State::Identifier => self.lex_identifier(),
            State::Field => self.lex_field_or_variable(ItemType::Field),
            State::Variable => {
                if self.at_terminator() {
                    self.emit(ItemType::Variable);
                    return Some(State::InsideAction);
                }
                self.lex_field_or_variable(ItemType::Variable)
            }
            State::Char => self.lex_char(),
            State::Number => self.lex_number(),
            State::Quote => self.lex_quote(),
            State::RawQuote => self.lex_raw_quote(),
        }
    }

    fn lex_text(&mut self) -> Option<State> {
        if let Some(x) = self.rest().find(LEFT_DELIM) {
            self.pos += x;
            let mut trim = 0;
            if has_left_trim_marker(
                self.input
                    .get(self.pos + LEFT_DELIM.len()..)
                    .unwrap_or_default(),
            ) {
                trim = right_trim_length(self.input.get(self.start..self.pos).unwrap_or_default());
            }
            self.pos -= trim;
            if self.pos > self.start {
                self.emit(ItemType::Text);
            }
            self.pos += trim;
            self.ignore();
            return Some(State::LeftDelim);
        }
        self.pos = self.input.len();
        if self.pos > self.start {
            self.emit(ItemType::Text);
        }
        self.emit(ItemType::Eof);
        None
    }

    fn lex_left_delim(&mut self) -> Option<State> {
        self.pos += LEFT_DELIM.len();
        let trim = has_left_trim_marker(self.rest());
        let after = if trim { TRIM_MARKER_LEN } else { 0 };
        if self
            .input
            .get(self.pos + after..)
            .unwrap_or_default()
            .starts_with(LEFT_COMMENT)
        {
            self.pos += after;
            self.ignore();
            return Some(State::Comment);
        }
        self.emit(ItemType::LeftDelim);
        self.pos += after;
        self.ignore();
        self.paren_depth = 0;
        Some(State::InsideAction)
    }

    fn lex_comment(&mut self) -> Option<State> {
        self.pos += LEFT_COMMENT.len();
        let Some(i) = self.rest().find(RIGHT_COMMENT) else {
            return self.errorf("unclosed comment".to_owned());
        };
        self.pos += i + RIGHT_COMMENT.len();
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.errorf("comment ends before closing delimiter".to_owned());
        }
        if trim {
            self.pos += TRIM_MARKER_LEN;
        }
        self.pos += RIGHT_DELIM.len();
        if trim {
            self.pos += left_trim_length(self.rest());
        }
        self.ignore();
        Some(State::Text)
    }

    fn lex_right_delim(&mut self) -> Option<State> {
        let trim = has_right_trim_marker(self.rest());
        if trim {
            self.pos += TRIM_MARKER_LEN;
            self.ignore();
        }
        self.pos += RIGHT_DELIM.len();
        self.emit(ItemType::RightDelim);
        if trim {
            self.pos += left_trim_length(self.rest());
            self.ignore();
        }
        Some(State::Text)
    }

    fn lex_inside_action(&mut self) -> Option<State> {
        let (delim, _) = self.at_right_delim();
        if delim {
            if self.paren_depth == 0 {
                return Some(State::RightDelim);
            }
            return self.errorf("unclosed left paren".to_owned());
        }
        let Some(r) = self.next() else {
            return self.errorf("unclosed action".to_owned());
        };
        match r {
            _ if is_space(r) => {
                // Put the space back in case we have " -}}".
                self.backup();
                return Some(State::Space);
            }
            '=' => self.emit(ItemType::Assign),
            ':' => {
                if self.next() != Some('=') {
                    return self.errorf("expected :=".to_owned());
                }
                self.emit(ItemType::Declare);
            }
            '|' => self.emit(ItemType::Pipe),
            '"' => return Some(State::Quote),
            '`' => return Some(State::RawQuote),
            '$' => return Some(State::Variable),
            '\'' => return Some(State::Char),
            '.' => {
                // ".field", unless a digit follows: then '.' starts a number.
                match self.rest().as_bytes().first() {
                    Some(b) if !b.is_ascii_digit() => return Some(State::Field),
                    _ => {
                        self.backup();
                        return Some(State::Number);
                    }
                }
            }
            '+' | '-' | '0'..='9' => {
                self.backup();
                return Some(State::Number);
            }
            _ if is_alpha_numeric(r) => {
                self.backup();
                return Some(State::Identifier);
            }
            '(' => {
                self.emit(ItemType::LeftParen);
                self.paren_depth += 1;
            }
            ')' => {
                self.emit(ItemType::RightParen);
                self.paren_depth -= 1;
                if self.paren_depth < 0 {
                    return self.errorf(format!("unexpected right paren {}", sharp_u(r)));
                }
            }
            _ if r.is_ascii() && is_print(r) => self.emit(ItemType::Char),
            _ => return self.errorf(format!("unrecognized character in action: {}", sharp_u(r))),
        }
        Some(State::InsideAction)
    }

    fn lex_space(&mut self) -> Option<State> {
        let mut num_spaces = 0;
        while matches!(self.peek(), Some(c) if is_space(c)) {
            self.next();
            num_spaces += 1;
        }
        // A trim-marked closing delimiter starts with a space: leave it.
        let before = self
            .input
            .get(self.pos.saturating_sub(1)..)
            .unwrap_or_default();
        if has_right_trim_marker(before) && before[TRIM_MARKER_LEN..].starts_with(RIGHT_DELIM) {
            self.backup();
            if num_spaces == 1 {
                return Some(State::RightDelim);
            }
        }
        self.emit(ItemType::Space);
        Some(State::InsideAction)
    }

    fn lex_identifier(&mut self) -> Option<State> {
        loop {
            let r = self.next();
            if matches!(r, Some(c) if is_alpha_numeric(c)) {
                continue;
            }
            self.backup();
            if !self.at_terminator() {
                return self.errorf(format!(
                    "bad character {}",
                    sharp_u(r.unwrap_or(char::REPLACEMENT_CHARACTER))
                ));
            }
            let word = self.input.get(self.start..self.pos).unwrap_or_default();
            let typ = match word {
                "block" => ItemType::Block,
                "break" => ItemType::Break,
                "continue" => ItemType::Continue,
                "define" => ItemType::Define,
                "else" => ItemType::Else,
                "end" => ItemType::End,
                "if" => ItemType::If,
                "nil" => ItemType::Nil,
                "range" => ItemType::Range,
                "template" => ItemType::Template,
                "with" => ItemType::With,
                "true" | "false" => ItemType::Bool,
                _ => ItemType::Identifier,
            };
            self.emit(typ);
            return Some(State::InsideAction);
        }
    }

    fn lex_field_or_variable(&mut self, typ: ItemType) -> Option<State> {
        if self.at_terminator() {
            // Nothing interesting follows: "." or "$".
            self.emit(if typ == ItemType::Variable {
                ItemType::Variable
            } else {
                ItemType::Dot
            });
            return Some(State::InsideAction);
        }
        let mut r;
        loop {
            r = self.next();
            if !matches!(r, Some(c) if is_alpha_numeric(c)) {
                self.backup();
                break;
            }
        }
        if !self.at_terminator() {
            return self.errorf(format!(
                "bad character {}",
                sharp_u(r.unwrap_or(char::REPLACEMENT_CHARACTER))
            ));
        }
        self.emit(typ);
        Some(State::InsideAction)
    }

    fn lex_char(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some('\\') => {
                    if !matches!(self.next(), None | Some('\n')) {
                        continue;
                    }
                    return self.errorf("unterminated character constant".to_owned());
                }
                None | Some('\n') => {
                    return self.errorf("unterminated character constant".to_owned())
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemType::CharConstant);
        Some(State::InsideAction)
    }

    fn lex_number(&mut self) -> Option<State> {
        if !self.scan_number() {
            let text = self.input.get(self.start..self.pos).unwrap_or_default();
            return self.errorf(format!(
                "bad number syntax: {}",
                strconv::quote(text.as_bytes())
            ));
        }
        if matches!(self.peek(), Some('+' | '-')) {
            // Complex: 1+2i. No spaces, must end in 'i'.
            if !self.scan_number()
                || !self
                    .input
                    .get(..self.pos)
                    .unwrap_or_default()
                    .ends_with('i')
            {
                let text = self.input.get(self.start..self.pos).unwrap_or_default();
                return self.errorf(format!(
                    "bad number syntax: {}",
                    strconv::quote(text.as_bytes())
                ));
            }
            self.emit(ItemType::Complex);
        } else {
            self.emit(ItemType::Number);
        }
        Some(State::InsideAction)
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            // A leading 0 does not mean octal in floats.
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        // The next thing mustn't be alphanumeric.
        if matches!(self.peek(), Some(c) if is_alpha_numeric(c)) {
            self.next();
            return false;
        }
        true
    }

    fn lex_quote(&mut self) -> Option<State> {
        loop {
            match self.next() {
                Some('\\') => {
                    if !matches!(self.next(), None | Some('\n')) {
                        continue;
                    }
                    return self.errorf("unterminated quoted string".to_owned());
                }
                None | Some('\n') => return self.errorf("unterminated quoted string".to_owned()),
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemType::String);
        Some(State::InsideAction)
    }

    fn lex_raw_quote(&mut self) -> Option<State> {
        loop {
            match self.next() {
                None => return self.errorf("unterminated raw quoted string".to_owned()),
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(ItemType::RawString);
        Some(State::InsideAction)
    }
}

/// Lexes the whole input. The last item is always EOF or an error.
pub(super) fn lex(input: &str) -> Vec<Item> {
    let mut l = Lexer {
        input,
        pos: 0,
        start: 0,
        at_eof: false,
        paren_depth: 0,
        items: Vec::new(),
        line_pos: 0,
        line: 1,
    };
    let mut state = Some(State::Text);
    while let Some(s) = state {
        state = l.step(s);
    }
    l.items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(ItemType, String)> {
        lex(input).into_iter().map(|i| (i.typ, i.val)).collect()
    }

    #[test]
    fn items() {
        use ItemType::*;
        let t = |k, v: &str| (k, v.to_owned());
        assert_eq!(
            kinds("a{{.A.B}}"),
            [
                t(Text, "a"),
                t(LeftDelim, "{{"),
                t(Field, ".A"),
                t(Field, ".B"),
                t(RightDelim, "}}"),
                t(Eof, "")
            ]
        );
        assert_eq!(
            kinds("{{$x := 1}}"),
            [
                t(LeftDelim, "{{"),
                t(Variable, "$x"),
                t(Space, " "),
                t(Declare, ":="),
                t(Space, " "),
                t(Number, "1"),
                t(RightDelim, "}}"),
                t(Eof, "")
            ]
        );
        assert_eq!(
            kinds("a  {{- 3 -}}  b"),
            [
                t(Text, "a"),
                t(LeftDelim, "{{"),
                t(Number, "3"),
                t(RightDelim, "}}"),
                t(Text, "b"),
                t(Eof, "")
            ]
        );
        assert_eq!(
            kinds("{{-3}}"),
            [
                t(LeftDelim, "{{"),
                t(Number, "-3"),
                t(RightDelim, "}}"),
                t(Eof, "")
            ]
        );
        assert_eq!(
            kinds("x {{- /* c */ -}} y"),
            [t(Text, "x"), t(Text, "y"), t(Eof, "")]
        );
        assert_eq!(
            kinds("{{.Foo}"),
            [t(LeftDelim, "{{"), t(Error, "bad character U+007D '}'")]
        );
        assert_eq!(
            kinds("{{"),
            [t(LeftDelim, "{{"), t(Error, "unclosed action")]
        );
        assert_eq!(
            kinds("{{3k}}"),
            [t(LeftDelim, "{{"), t(Error, "bad number syntax: \"3k\"")]
        );
        assert_eq!(
            kinds("{{\"a}}"),
            [t(LeftDelim, "{{"), t(Error, "unterminated quoted string")]
        );
        assert_eq!(
            kinds("{{€}}"),
            [
                t(LeftDelim, "{{"),
                t(Error, "unrecognized character in action: U+20AC '€'")
            ]
        );
        assert_eq!(
            kinds("{{1+2i}}"),
            [
                t(LeftDelim, "{{"),
                t(Complex, "1+2i"),
                t(RightDelim, "}}"),
                t(Eof, "")
            ]
        );
        assert_eq!(kinds("{{/* x"), [t(Error, "unclosed comment")]);
    }

    #[test]
    fn item_strings() {
        let item = |typ, val: &str| Item {
            typ,
            pos: 0,
            val: val.to_owned(),
            line: 1,
        };
        assert_eq!(item(ItemType::Eof, "").to_string(), "EOF");
        assert_eq!(item(ItemType::End, "end").to_string(), "<end>");
        assert_eq!(item(ItemType::Dot, ".").to_string(), "<.>");
        assert_eq!(item(ItemType::Char, "}").to_string(), "\"}\"");
        assert_eq!(
            item(ItemType::Text, "abcdefghijklm").to_string(),
            "\"abcdefghij\"..."
        );
    }

    #[test]
    fn lines() {
        let items = lex("a\nb{{.X\n}}\n{{.Y}}");
        let lines: Vec<usize> = items.iter().map(|i| i.line).collect();
        // Text, {{, .X, the newline space, }}, text, {{, .Y, }}, EOF.
        assert_eq!(lines, [1, 2, 2, 2, 3, 3, 4, 4, 4, 4]);
    }
}

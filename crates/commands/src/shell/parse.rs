//! The grammar of a command line, as POSIX sh (and busybox ash, dash and
//! bash) read it: lists (`;`, `&`, newlines), and-or lists (`&&`, `||`),
//! pipelines (`|`, `!`), simple commands with assignments (`A=1 cmd`),
//! redirections (`>`, `>>`, `<`, `2>&1`, `>&2`, `&>`), here-documents
//! (`<<WORD`, `<<-WORD`, `<<'WORD'`: the body is read after the newline that
//! ends the line, as POSIX says, and expands `$…` unless the word was
//! quoted) and here-strings (`<<<`), quoting (`'…'`, `"…"`, `\`),
//! parameters (`$VAR`, `${VAR}`, `$?`, `$1`) and command substitution
//! (`$(…)`, `` `…` ``).
//!
//! Compound commands (`if`, `for`, `while`, `case`, `( … )`, `{ …; }`) and
//! functions are not parsed: [`ParseError::Unsupported`] names the keyword so
//! the caller can say so in a `[bridgeport]` line instead of a shell error
//! that would teach something false. Nothing here panics: errors are values.

/// One piece of a word, before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Unquoted text (tilde expansion applies at the start of a word).
    Lit(String),
    /// Text inside quotes or after a backslash: taken as is.
    Quoted(String),
    /// `$NAME`, `${NAME}`, `$?`, `$1`; `quoted` when inside `"…"` (no field splitting).
    Param { name: String, quoted: bool },
    /// `$(…)` or `` `…` ``.
    Subst { list: List, quoted: bool },
}

/// A word: parts that expand to zero or more fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Vec<Part>,
}

impl Word {
    /// The word as plain text when it has no expansions (keywords, names).
    pub fn literal(&self) -> Option<String> {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Lit(t) => s.push_str(t),
                _ => return None,
            }
        }
        Some(s)
    }
}

/// What a redirection does with its file descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirOp {
    /// `>` (truncate)
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `>&N` / `N>&M`: a copy of descriptor N.
    Dup(u32),
    /// `&>` / `>&` with a file (bash): stdout and stderr to the file.
    Both,
    /// `<<WORD` / `<<-WORD`: stdin is the body (the redirection's target,
    /// already in expandable parts; all quoted when WORD was).
    Here { strip_tabs: bool },
    /// `<<< word`: stdin is the word and a newline.
    HereString,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redir {
    pub fd: u32,
    pub op: RedirOp,
    /// The file (empty for [`RedirOp::Dup`]).
    pub target: Word,
}

/// A simple command: `A=1 B=2 prog arg… >file`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Command {
    pub assigns: Vec<(String, Word)>,
    pub words: Vec<Word>,
    pub redirs: Vec<Redir>,
}

/// `[!] cmd | cmd | …`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pipeline {
    pub negate: bool,
    pub commands: Vec<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    And,
    Or,
}

/// `pipeline && pipeline || …`, optionally run in the background (`&`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Connector, Pipeline)>,
    pub background: bool,
}

/// A whole line (or `-c` script): and-or lists in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct List {
    pub items: Vec<AndOr>,
}

/// Why a line could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// A token where it cannot be (`| foo`, `a ;; b`, `echo >`): the token, or
    /// `None` for the end of the input.
    Unexpected(Option<String>),
    /// A quote (`'`, `"`, `` ` ``) or `$(`/`${` that is never closed.
    Unterminated(char),
    /// A compound command or function the playground does not run.
    Unsupported(String),
}

/// Deepest `$(…)` nesting read (each level is a recursive parse).
const MAX_DEPTH: usize = 16;

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "function", "select", "{", "}", "[[",
];

/// Parses a line.
pub fn parse(src: &str) -> Result<List, ParseError> {
    parse_full(src).map(|(list, _)| list)
}

/// Parses a line; the second value is the delimiter of a here-document
/// the input ended inside (bash warns, then runs it with the lines read).
pub fn parse_full(src: &str) -> Result<(List, Option<String>), ParseError> {
    let mut p = Parser::new(src, 0);
    let mut list = p.list(None)?;
    if p.pos < p.chars.len() {
        return Err(ParseError::Unexpected(Some(p.peek_op_text())));
    }
    // `cat <<EOF` with no newline after it: the body is empty, unfinished.
    if let Some(h) = p.pending.first() {
        p.unfinished.get_or_insert_with(|| h.delim.clone());
        let n = p.pending.len();
        p.bodies.extend((0..n).map(|_| Word::default()));
    }
    let mut bodies = std::mem::take(&mut p.bodies).into_iter();
    fill_bodies(&mut list, &mut bodies);
    Ok((list, p.unfinished))
}

/// Whether a terminal would ask for more lines before running `src` (bash's
/// `> ` prompt): a here-document without its delimiter line, an open quote
/// or `$(`, a line ending in `|`, `&&`, `||` or a backslash.
pub fn needs_more(src: &str) -> bool {
    match parse_full(src) {
        Ok((_, unfinished)) => unfinished.is_some() || src.ends_with('\\'),
        Err(ParseError::Unterminated(_)) => true,
        Err(ParseError::Unexpected(None)) => {
            let t = src.trim_end();
            t.ends_with('|') || t.ends_with("&&")
        }
        Err(_) => false,
    }
}

/// A here-document whose body is still to be read.
struct Pending {
    delim: String,
    strip_tabs: bool,
    expand: bool,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    /// Here-documents opened on the current line, in order.
    pending: Vec<Pending>,
    /// Bodies read, in the order their operators appear.
    bodies: Vec<Word>,
    /// The delimiter of a body the input ended inside.
    unfinished: Option<String>,
}

/// Gives each here-document redirection its body, in source order.
fn fill_bodies(list: &mut List, bodies: &mut impl Iterator<Item = Word>) {
    for ao in &mut list.items {
        let pls = std::iter::once(&mut ao.first).chain(ao.rest.iter_mut().map(|(_, p)| p));
        for pl in pls {
            for cmd in &mut pl.commands {
                for w in cmd
                    .words
                    .iter_mut()
                    .chain(cmd.assigns.iter_mut().map(|(_, w)| w))
                {
                    for part in &mut w.parts {
                        if let Part::Subst { list, .. } = part {
                            fill_bodies(list, bodies);
                        }
                    }
                }
                for r in &mut cmd.redirs {
                    if matches!(r.op, RedirOp::Here { .. }) {
                        r.target = bodies.next().unwrap_or_default();
                    }
                }
            }
        }
    }
}

/// A token between words.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Semi,
    Amp,
    AndIf,
    OrIf,
    Pipe,
    Newline,
    /// `)` closing a `$(…)`.
    Close,
}

impl Parser {
    fn new(src: &str, depth: usize) -> Parser {
        Parser {
            chars: src.chars().collect(),
            pos: 0,
            depth,
            pending: Vec::new(),
            bodies: Vec::new(),
            unfinished: None,
        }
    }

    /// Consumes a newline token, then the bodies of the here-documents
    /// the line opened.
    fn newline(&mut self) {
        self.pos += 1;
        self.read_bodies();
    }

    fn read_bodies(&mut self) {
        for h in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            let mut done = false;
            while self.pos < self.chars.len() {
                let end = self.chars[self.pos..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(self.chars.len(), |i| self.pos + i);
                let mut line: String = self.chars[self.pos..end].iter().collect();
                self.pos = (end + 1).min(self.chars.len());
                if h.strip_tabs {
                    line = line.trim_start_matches('\t').to_string();
                }
                if line == h.delim {
                    done = true;
                    break;
                }
                body.push_str(&line);
                body.push('\n');
            }
            if !done {
                self.unfinished.get_or_insert_with(|| h.delim.clone());
            }
            let word = if h.expand {
                let mut sub = Parser::new(&body, self.depth);
                let mut parts = Vec::new();
                // An expansion the body cannot hold (an unclosed `$(`) is left as text.
                match sub.quoted_text(&mut parts, None) {
                    Ok(()) => Word { parts },
                    Err(_) => Word {
                        parts: vec![Part::Quoted(body)],
                    },
                }
            } else {
                Word {
                    parts: vec![Part::Quoted(body)],
                }
            };
            self.bodies.push(word);
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn skip_blanks(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\r' {
                self.pos += 1;
            } else if c == '\\' && self.peek_at(1) == Some('\n') {
                self.pos += 2;
            } else if c == '#' {
                while let Some(c) = self.peek() {
                    if c == '\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The text of the operator at the cursor, for error messages.
    fn peek_op_text(&self) -> String {
        let rest: String = self.chars[self.pos..].iter().take(2).collect();
        for &op in &["&&", "||", ";;", ">>", "<<"] {
            if rest.starts_with(op) {
                return op.to_string();
            }
        }
        match self.peek() {
            Some('\n') => "newline".to_string(),
            Some(c) => c.to_string(),
            None => String::new(),
        }
    }

    fn op(&mut self) -> Option<Op> {
        self.skip_blanks();
        let c = self.peek()?;
        let n = self.peek_at(1);
        let (op, len) = match (c, n) {
            ('&', Some('&')) => (Op::AndIf, 2),
            ('|', Some('|')) => (Op::OrIf, 2),
            (';', Some(';')) => return None,
            (';', _) => (Op::Semi, 1),
            ('&', Some('>')) => return None,
            ('&', _) => (Op::Amp, 1),
            ('|', _) => (Op::Pipe, 1),
            ('\n', _) => (Op::Newline, 1),
            (')', _) if self.depth > 0 => (Op::Close, 1),
            _ => return None,
        };
        self.pos += len;
        Some(op)
    }

    fn at_end(&mut self, close: Option<char>) -> bool {
        self.skip_blanks();
        match self.peek() {
            None => true,
            Some(c) => Some(c) == close,
        }
    }

    /// list := and_or ((';' | '&' | '\n') and_or)* [';' | '&']
    fn list(&mut self, close: Option<char>) -> Result<List, ParseError> {
        let mut items = Vec::new();
        loop {
            // Blank lines and leading newlines.
            loop {
                self.skip_blanks();
                if self.peek() == Some('\n') {
                    self.newline();
                } else {
                    break;
                }
            }
            if self.at_end(close) {
                break;
            }
            let mut item = self.and_or()?;
            let save = self.pos;
            match self.op() {
                Some(Op::Semi) => items.push(item),
                // Callers above may peek at a newline and step back: the
                // bodies are read only where the newline is taken.
                Some(Op::Newline) => {
                    self.read_bodies();
                    items.push(item);
                }
                Some(Op::Amp) => {
                    item.background = true;
                    items.push(item);
                }
                Some(Op::Close) | None => {
                    self.pos = save;
                    items.push(item);
                    break;
                }
                Some(_) => {
                    self.pos = save;
                    self.skip_blanks();
                    return Err(ParseError::Unexpected(Some(self.peek_op_text())));
                }
            }
        }
        Ok(List { items })
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let save = self.pos;
            let conn = match self.op() {
                Some(Op::AndIf) => Connector::And,
                Some(Op::OrIf) => Connector::Or,
                _ => {
                    self.pos = save;
                    break;
                }
            };
            // A newline may follow && or ||.
            loop {
                self.skip_blanks();
                if self.peek() == Some('\n') {
                    self.newline();
                } else {
                    break;
                }
            }
            rest.push((conn, self.pipeline()?));
        }
        Ok(AndOr {
            first,
            rest,
            background: false,
        })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        self.skip_blanks();
        let mut negate = false;
        if self.peek() == Some('!') && matches!(self.peek_at(1), Some(' ') | Some('\t')) {
            negate = true;
            self.pos += 1;
        }
        let mut commands = vec![self.command()?];
        loop {
            let save = self.pos;
            match self.op() {
                Some(Op::Pipe) => {
                    loop {
                        self.skip_blanks();
                        if self.peek() == Some('\n') {
                            self.newline();
                        } else {
                            break;
                        }
                    }
                    commands.push(self.command()?);
                }
                _ => {
                    self.pos = save;
                    break;
                }
            }
        }
        Ok(Pipeline { negate, commands })
    }

    fn command(&mut self) -> Result<Command, ParseError> {
        let mut cmd = Command::default();
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else { break };
            if let Some(redir) = self.redirection()? {
                cmd.redirs.push(redir);
                continue;
            }
            match c {
                ';' | '&' | '|' | '\n' => break,
                ')' if self.depth > 0 => break,
                '(' | ')' => {
                    return Err(if cmd.words.is_empty() && c == '(' {
                        ParseError::Unsupported("( … )".to_string())
                    } else {
                        ParseError::Unexpected(Some(c.to_string()))
                    })
                }
                _ => {}
            }
            let word = self.word()?;
            if cmd.words.is_empty() {
                if let Some(text) = word.literal() {
                    if KEYWORDS.contains(&text.as_str()) {
                        return Err(ParseError::Unsupported(text));
                    }
                    if let Some((name, value)) = assignment(&word) {
                        cmd.assigns.push((name, value));
                        continue;
                    }
                } else if let Some((name, value)) = assignment(&word) {
                    cmd.assigns.push((name, value));
                    continue;
                }
                // `name() { …; }`: a function definition.
                self.skip_blanks();
                if self.peek() == Some('(') && self.peek_at(1) == Some(')') {
                    return Err(ParseError::Unsupported("function".to_string()));
                }
            }
            cmd.words.push(word);
        }
        if cmd.words.is_empty() && cmd.assigns.is_empty() && cmd.redirs.is_empty() {
            self.skip_blanks();
            return Err(ParseError::Unexpected(
                self.peek().map(|_| self.peek_op_text()),
            ));
        }
        Ok(cmd)
    }

    /// The digits of a file descriptor number (at most four), consumed.
    fn fd_digits(&mut self) -> String {
        let mut digits = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_digit() && digits.len() < 4)
        {
            digits.push(c);
            self.pos += 1;
        }
        digits
    }

    /// `[N]>`, `[N]>>`, `[N]<`, `[N]>&M`, `&>`, `>&file`.
    fn redirection(&mut self) -> Result<Option<Redir>, ParseError> {
        let start = self.pos;
        let mut fd: Option<u32> = None;
        let digits = self.fd_digits();
        if !digits.is_empty() {
            if matches!(self.peek(), Some('>') | Some('<')) {
                fd = digits.parse().ok();
            } else {
                self.pos = start;
                return Ok(None);
            }
        }
        let op = match (self.peek(), self.peek_at(1)) {
            (Some('&'), Some('>')) if fd.is_none() => {
                self.pos += 2;
                if self.peek() == Some('>') {
                    self.pos += 1;
                }
                RedirOp::Both
            }
            (Some('>'), Some('>')) => {
                self.pos += 2;
                RedirOp::Append
            }
            (Some('>'), Some('&')) => {
                self.pos += 2;
                if let Ok(m) = self.fd_digits().parse::<u32>() {
                    return Ok(Some(Redir {
                        fd: fd.unwrap_or(1),
                        op: RedirOp::Dup(m),
                        target: Word::default(),
                    }));
                }
                if fd.is_some() {
                    return Err(ParseError::Unexpected(Some(self.peek_op_text())));
                }
                RedirOp::Both
            }
            (Some('>'), Some('|')) => {
                self.pos += 2;
                RedirOp::Out
            }
            (Some('>'), _) => {
                self.pos += 1;
                RedirOp::Out
            }
            (Some('<'), Some('<')) if self.peek_at(2) == Some('<') => {
                self.pos += 3;
                RedirOp::HereString
            }
            (Some('<'), Some('<')) => {
                self.pos += 2;
                let strip_tabs = self.peek() == Some('-');
                if strip_tabs {
                    self.pos += 1;
                }
                self.target_start()?;
                let word = self.word()?;
                let expand = word.parts.iter().all(|p| matches!(p, Part::Lit(_)));
                let delim = word_source(&word);
                self.pending.push(Pending {
                    delim,
                    strip_tabs,
                    expand,
                });
                return Ok(Some(Redir {
                    fd: fd.unwrap_or(0),
                    op: RedirOp::Here { strip_tabs },
                    target: Word::default(),
                }));
            }
            (Some('<'), _) => {
                self.pos += 1;
                RedirOp::In
            }
            _ => {
                self.pos = start;
                return Ok(None);
            }
        };
        let default_fd = if matches!(op, RedirOp::In | RedirOp::HereString) {
            0
        } else {
            1
        };
        self.target_start()?;
        let target = self.word()?;
        Ok(Some(Redir {
            fd: fd.unwrap_or(default_fd),
            op,
            target,
        }))
    }

    /// After a redirection operator: a word must follow.
    fn target_start(&mut self) -> Result<(), ParseError> {
        self.skip_blanks();
        match self.peek() {
            None => Err(ParseError::Unexpected(None)),
            Some(';' | '&' | '|' | '\n' | '<' | '>' | '(' | ')') => {
                Err(ParseError::Unexpected(Some(self.peek_op_text())))
            }
            _ => Ok(()),
        }
    }

    /// Reads one word up to an unquoted blank or operator.
    fn word(&mut self) -> Result<Word, ParseError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut lit = String::new();
        fn flush(parts: &mut Vec<Part>, lit: &mut String) {
            if !lit.is_empty() {
                parts.push(Part::Lit(std::mem::take(lit)));
            }
        }
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' => break,
                ')' => break,
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(n) => {
                            flush(&mut parts, &mut lit);
                            parts.push(Part::Quoted(n.to_string()));
                            self.pos += 1;
                        }
                        None => lit.push('\\'),
                    }
                }
                '\'' => {
                    self.pos += 1;
                    let s = self.until('\'', '\'')?;
                    flush(&mut parts, &mut lit);
                    parts.push(Part::Quoted(s));
                }
                '"' => {
                    self.pos += 1;
                    flush(&mut parts, &mut lit);
                    self.double_quoted(&mut parts)?;
                }
                '$' => {
                    flush(&mut parts, &mut lit);
                    self.dollar(&mut parts, false)?;
                }
                '`' => {
                    flush(&mut parts, &mut lit);
                    let list = self.backquoted()?;
                    parts.push(Part::Subst {
                        list,
                        quoted: false,
                    });
                }
                _ => {
                    lit.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut parts, &mut lit);
        Ok(Word { parts })
    }

    /// The text up to `close` (consumed), taken as is; `what` names the
    /// unterminated construct.
    fn until(&mut self, close: char, what: char) -> Result<String, ParseError> {
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Unterminated(what)),
                Some(c) => {
                    self.pos += 1;
                    if c == close {
                        return Ok(s);
                    }
                    s.push(c);
                }
            }
        }
    }

    /// After the opening `"`: text, `$…`, `` `…` `` and `\` before `$ ` " \ newline`.
    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), ParseError> {
        self.quoted_text(parts, Some('"'))
    }

    /// Text as inside double quotes up to `close` (consumed), or to the end
    /// of the input (a here-document's body, where `"` is just a character).
    fn quoted_text(
        &mut self,
        parts: &mut Vec<Part>,
        close: Option<char>,
    ) -> Result<(), ParseError> {
        let mut s = String::new();
        // `""` is an empty field, not nothing.
        let mut any = false;
        loop {
            match self.peek() {
                None if close.is_none() => break,
                None => return Err(ParseError::Unterminated('"')),
                Some(c) if Some(c) == close => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some('"') if close.is_none() => s.push('\\'),
                        Some(n @ ('$' | '`' | '"' | '\\')) => {
                            s.push(n);
                            self.pos += 1;
                        }
                        Some('\n') => self.pos += 1,
                        _ => s.push('\\'),
                    }
                }
                Some('$') => {
                    if !s.is_empty() || !any {
                        parts.push(Part::Quoted(std::mem::take(&mut s)));
                        any = true;
                    }
                    self.dollar(parts, true)?;
                }
                Some('`') => {
                    if !s.is_empty() || !any {
                        parts.push(Part::Quoted(std::mem::take(&mut s)));
                        any = true;
                    }
                    let list = self.backquoted()?;
                    parts.push(Part::Subst { list, quoted: true });
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
        if !s.is_empty() || !any {
            parts.push(Part::Quoted(s));
        }
        Ok(())
    }

    /// At a `$`: a parameter, `${…}`, `$(…)`, or a lone `$`.
    fn dollar(&mut self, parts: &mut Vec<Part>, quoted: bool) -> Result<(), ParseError> {
        self.pos += 1; // '$'
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                let name = self.until('}', '}')?;
                parts.push(Part::Param { name, quoted });
            }
            Some('(') => {
                if self.peek_at(1) == Some('(') {
                    return Err(ParseError::Unsupported("$((…))".to_string()));
                }
                self.pos += 1;
                if self.depth >= MAX_DEPTH {
                    return Err(ParseError::Unsupported("$(…) nested this deep".to_string()));
                }
                self.depth += 1;
                let list = self.list(Some(')'));
                self.depth -= 1;
                let list = list?;
                self.skip_blanks();
                if self.peek() != Some(')') {
                    return Err(ParseError::Unterminated('('));
                }
                self.pos += 1;
                parts.push(Part::Subst { list, quoted });
            }
            Some(c)
                if c == '?'
                    || c == '$'
                    || c == '#'
                    || c == '@'
                    || c == '*'
                    || c == '!'
                    || c == '-'
                    || c.is_ascii_digit() =>
            {
                self.pos += 1;
                parts.push(Part::Param {
                    name: c.to_string(),
                    quoted,
                });
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let mut name = String::new();
                while let Some(c) = self.peek() {
                    if c == '_' || c.is_ascii_alphanumeric() {
                        name.push(c);
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                parts.push(Part::Param { name, quoted });
            }
            _ => parts.push(if quoted {
                Part::Quoted("$".to_string())
            } else {
                Part::Lit("$".to_string())
            }),
        }
        Ok(())
    }

    /// `` `…` ``: the text up to the closing backquote, parsed on its own.
    fn backquoted(&mut self) -> Result<List, ParseError> {
        self.pos += 1;
        let mut inner = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::Unterminated('`')),
                Some('`') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') if matches!(self.peek_at(1), Some('`' | '\\' | '$')) => {
                    inner.push(self.peek_at(1).unwrap_or('\\'));
                    self.pos += 2;
                }
                Some(c) => {
                    inner.push(c);
                    self.pos += 1;
                }
            }
        }
        if self.depth >= MAX_DEPTH {
            return Err(ParseError::Unsupported("`…` nested this deep".to_string()));
        }
        let mut sub = Parser::new(&inner, self.depth + 1);
        let list = sub.list(None)?;
        if sub.pos < sub.chars.len() {
            return Err(ParseError::Unexpected(Some(sub.peek_op_text())));
        }
        Ok(list)
    }
}

/// A word as typed, its quotes removed: a here-document's delimiter as the
/// shell compares it (`'EOF'`, `"EOF"`, `\EOF` are `EOF`, `$X` as typed),
/// and the word of an "ambiguous redirect".
pub fn word_source(w: &Word) -> String {
    let mut s = String::new();
    for p in &w.parts {
        match p {
            Part::Lit(t) | Part::Quoted(t) => s.push_str(t),
            Part::Param { name, .. } => {
                s.push('$');
                s.push_str(name);
            }
            Part::Subst { .. } => s.push_str("$(…)"),
        }
    }
    s
}

/// `NAME=value` at the start of a command (the name unquoted and valid).
fn assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Part::Lit(first)) = word.parts.first() else {
        return None;
    };
    let (name, rest) = first.split_once('=')?;
    let valid = !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
    if !valid {
        return None;
    }
    let mut parts = Vec::new();
    if !rest.is_empty() {
        parts.push(Part::Lit(rest.to_string()));
    }
    parts.extend(word.parts[1..].iter().cloned());
    Some((name.to_string(), Word { parts }))
}

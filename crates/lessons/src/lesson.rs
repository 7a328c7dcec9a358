//! A lesson as data, and the parser that reads it from Markdown.
//!
//! The parser is line-based and strict: anything it does not understand is an
//! error that names the line, so a course author finds a typo before a learner
//! does. See the crate documentation for the format.

use crate::check::{self, Check};
use bridgeport_commands::MAX_LINE;
use std::fmt;

/// The most steps a lesson may have.
pub const MAX_STEPS: usize = 200;
/// The most commands in one `setup`, `run` or `solution` block.
pub const MAX_BLOCK_COMMANDS: usize = 200;

/// Why a lesson could not be loaded: the 1-based line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    pub line: usize,
    pub message: String,
}

impl LessonError {
    pub fn new(line: usize, message: impl Into<String>) -> LessonError {
        LessonError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for LessonError {}

/// A piece of teaching text: Markdown prose, or commands the learner can click
/// to type them into the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Markdown, as written (trimmed of blank lines at both ends).
    Text(String),
    /// One clickable command per entry, from a ```` ```run ```` block.
    Run(Vec<String>),
}

/// One step: what to read, what to do, and how the simulator decides it is done.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1-based, as in the heading `## Step N: title`.
    pub number: usize,
    pub title: String,
    pub body: Vec<Block>,
    pub check: Check,
    /// Shown when the check fails.
    pub hint: String,
    /// Commands that solve the step (shown on request), in order.
    pub solution: Vec<String>,
    /// Shown once the step passes.
    pub success: Option<String>,
    /// The line of the step's heading.
    pub line: usize,
}

impl Step {
    /// Every clickable command in the step's text, in order.
    pub fn commands(&self) -> Vec<&str> {
        blocks_commands(&self.body)
    }
}

fn blocks_commands(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::Run(cmds) => cmds.iter().map(String::as_str).collect(),
            Block::Text(_) => Vec::new(),
        })
        .collect()
}

/// A whole lesson. A lesson without steps is a free sandbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// Lowercase letters, digits and `-`: used in URLs (`?lesson=basics`).
    pub id: String,
    pub title: String,
    /// One line for a list of lessons.
    pub summary: Option<String>,
    /// The simulator's seed, so IDs and MACs are the same for every learner.
    pub seed: u64,
    /// Commands run silently before the lesson starts.
    pub setup: Vec<String>,
    pub intro: Vec<Block>,
    pub steps: Vec<Step>,
}

impl Lesson {
    /// Parses and validates a lesson.
    pub fn parse(text: &str) -> Result<Lesson, LessonError> {
        Parser::new(text).lesson()
    }

    /// True for a lesson without steps (nothing is checked).
    pub fn is_sandbox(&self) -> bool {
        self.steps.is_empty()
    }

    /// Clickable commands in the introduction.
    pub fn intro_commands(&self) -> Vec<&str> {
        blocks_commands(&self.intro)
    }
}

/// Is `id` usable as a lesson id (and so safe in a URL)?
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

const FRONT_MATTER_KEYS: &str = "title, id, seed, summary, setup";

struct Line<'a> {
    no: usize,
    text: &'a str,
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

/// A step while it is being read.
struct Draft {
    number: usize,
    title: String,
    line: usize,
    body: Vec<Block>,
    text: Vec<String>,
    check: Option<Check>,
    hint: Option<String>,
    solution: Option<Vec<String>>,
    success: Option<String>,
}

impl Draft {
    fn flush_text(&mut self) {
        flush_text(&mut self.text, &mut self.body);
    }
}

fn flush_text(text: &mut Vec<String>, body: &mut Vec<Block>) {
    let joined = text.join("\n");
    let trimmed = joined.trim_matches('\n');
    if !trimmed.trim().is_empty() {
        body.push(Block::Text(trimmed.to_string()));
    }
    text.clear();
}

fn fence_info(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("```").map(str::trim)
}

fn is_fence_close(line: &str) -> bool {
    line.trim() == "```"
}

/// A directive line inside a step: `check:`, `hint:`, `solution:`, `success:`.
fn directive(line: &str) -> Option<(&'static str, &str)> {
    for key in ["check", "hint", "solution", "success"] {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            return Some((key, rest.trim()));
        }
    }
    None
}

fn check_command(no: usize, cmd: &str, what: &str) -> Result<(), LessonError> {
    if cmd.len() > MAX_LINE {
        return Err(LessonError::new(
            no,
            format!("this {what} command is longer than {MAX_LINE} bytes"),
        ));
    }
    if cmd
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
    {
        return Err(LessonError::new(
            no,
            format!("this {what} command contains a control character"),
        ));
    }
    Ok(())
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        let lines = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.strip_suffix('\r').unwrap_or(t),
            })
            .collect();
        Parser { lines, pos: 0 }
    }

    fn peek(&self) -> Option<&Line<'a>> {
        self.lines.get(self.pos)
    }

    fn lesson(mut self) -> Result<Lesson, LessonError> {
        let mut lesson = self.front_matter()?;
        let mut intro_text = Vec::new();
        let mut intro = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        let mut draft: Option<Draft> = None;
        while let Some(line) = self.peek() {
            let (no, text) = (line.no, line.text);
            self.pos += 1;
            if let Some(heading) = text.strip_prefix("## ") {
                if let Some(number_title) = step_heading(heading) {
                    let (number, title) = number_title.map_err(|m| LessonError::new(no, m))?;
                    if let Some(d) = draft.take() {
                        steps.push(finish(d)?);
                    }
                    let expected = steps.len() + 1;
                    if number != expected {
                        return Err(LessonError::new(
                            no,
                            format!("this is step {number}, but step {expected} was expected here (steps are numbered 1, 2, 3, ...)"),
                        ));
                    }
                    if number > MAX_STEPS {
                        return Err(LessonError::new(
                            no,
                            format!("a lesson has at most {MAX_STEPS} steps"),
                        ));
                    }
                    draft = Some(Draft {
                        number,
                        title,
                        line: no,
                        body: Vec::new(),
                        text: Vec::new(),
                        check: None,
                        hint: None,
                        solution: None,
                        success: None,
                    });
                    continue;
                }
            }
            if let Some(info) = fence_info(text) {
                let open_idx = self.pos - 1;
                let content = self.fenced(no)?;
                if info == "run" {
                    if content.is_empty() {
                        return Err(LessonError::new(
                            no,
                            "this run block is empty: put one command per line in it",
                        ));
                    }
                    if content.len() > MAX_BLOCK_COMMANDS {
                        return Err(LessonError::new(
                            no,
                            format!("a run block holds at most {MAX_BLOCK_COMMANDS} commands"),
                        ));
                    }
                    for (cno, c) in &content {
                        check_command(*cno, c, "run")?;
                    }
                    let cmds = content.into_iter().map(|(_, c)| c).collect();
                    match draft.as_mut() {
                        Some(d) => {
                            d.flush_text();
                            d.body.push(Block::Run(cmds));
                        }
                        None => {
                            flush_text(&mut intro_text, &mut intro);
                            intro.push(Block::Run(cmds));
                        }
                    }
                } else {
                    // Any other fenced block is text, kept verbatim.
                    let target = match draft.as_mut() {
                        Some(d) => &mut d.text,
                        None => &mut intro_text,
                    };
                    target.extend(
                        self.lines[open_idx..self.pos]
                            .iter()
                            .map(|l| l.text.to_string()),
                    );
                }
                continue;
            }
            if let Some((key, rest)) = directive(text) {
                let Some(d) = draft.as_mut() else {
                    return Err(LessonError::new(no, format!("`{key}:` belongs inside a step; start a step with `## Step 1: Title` first")));
                };
                self.directive(d, key, rest, no)?;
                continue;
            }
            match draft.as_mut() {
                Some(d) => d.text.push(text.to_string()),
                None => intro_text.push(text.to_string()),
            }
        }
        if let Some(d) = draft.take() {
            steps.push(finish(d)?);
        }
        flush_text(&mut intro_text, &mut intro);
        lesson.intro = intro;
        lesson.steps = steps;
        Ok(lesson)
    }

    /// Reads a fenced block's lines after its opening line (already consumed).
    /// Returns the non-blank lines, trimmed, with their line numbers.
    fn fenced(&mut self, open: usize) -> Result<Vec<(usize, String)>, LessonError> {
        let mut out = Vec::new();
        while let Some(line) = self.peek() {
            let (no, text) = (line.no, line.text);
            self.pos += 1;
            if is_fence_close(text) {
                return Ok(out);
            }
            // A here-document is one command with its lines as written
            // (`cat > compose.yaml <<'EOF'` … `EOF`), as the runner reads it.
            if let Some((_, open_cmd)) = out
                .last_mut()
                .filter(|(_, c): &&mut (usize, String)| bridgeport_commands::Session::needs_more(c))
            {
                open_cmd.push('\n');
                open_cmd.push_str(text);
                continue;
            }
            if !text.trim().is_empty() {
                out.push((no, text.trim().to_string()));
            }
        }
        Err(LessonError::new(
            open,
            "this ``` block is never closed: add a line ``` after it",
        ))
    }

    fn directive(
        &mut self,
        d: &mut Draft,
        key: &str,
        rest: &str,
        no: usize,
    ) -> Result<(), LessonError> {
        match key {
            "check" => {
                if d.check.is_some() {
                    return Err(LessonError::new(
                        no,
                        format!(
                            "step {} already has a check: put every condition in one check block",
                            d.number
                        ),
                    ));
                }
                let lines = if rest.is_empty() {
                    self.directive_block(no, "check")?
                } else {
                    vec![(no, rest.to_string())]
                };
                let mut clauses = Vec::new();
                for (lno, l) in lines {
                    clauses.extend(check::parse_line(&l, lno)?);
                }
                if clauses.is_empty() {
                    return Err(LessonError::new(
                        no,
                        "this check block is empty: write one condition per line",
                    ));
                }
                d.check = Some(Check { clauses });
            }
            "hint" => {
                if d.hint.is_some() {
                    return Err(LessonError::new(
                        no,
                        format!("step {} already has a hint", d.number),
                    ));
                }
                if rest.is_empty() {
                    return Err(LessonError::new(
                        no,
                        "`hint:` needs its text on the same line",
                    ));
                }
                d.hint = Some(rest.to_string());
            }
            "success" => {
                if d.success.is_some() {
                    return Err(LessonError::new(
                        no,
                        format!("step {} already has a success line", d.number),
                    ));
                }
                if rest.is_empty() {
                    return Err(LessonError::new(
                        no,
                        "`success:` needs its text on the same line",
                    ));
                }
                d.success = Some(rest.to_string());
            }
            _ => {
                if d.solution.is_some() {
                    return Err(LessonError::new(
                        no,
                        format!("step {} already has a solution", d.number),
                    ));
                }
                let lines = if rest.is_empty() {
                    self.directive_block(no, "solution")?
                } else {
                    vec![(no, rest.to_string())]
                };
                if lines.is_empty() {
                    return Err(LessonError::new(
                        no,
                        "this solution block is empty: write one command per line",
                    ));
                }
                if lines.len() > MAX_BLOCK_COMMANDS {
                    return Err(LessonError::new(
                        no,
                        format!("a solution holds at most {MAX_BLOCK_COMMANDS} commands"),
                    ));
                }
                for (cno, c) in &lines {
                    check_command(*cno, c, "solution")?;
                }
                d.solution = Some(lines.into_iter().map(|(_, c)| c).collect());
            }
        }
        Ok(())
    }

    /// The fenced block that must follow a bare `check:` or `solution:`.
    fn directive_block(
        &mut self,
        no: usize,
        key: &str,
    ) -> Result<Vec<(usize, String)>, LessonError> {
        while self.peek().is_some_and(|l| l.text.trim().is_empty()) {
            self.pos += 1;
        }
        match self.peek() {
            Some(l) if fence_info(l.text).is_some() => {
                let open = l.no;
                self.pos += 1;
                self.fenced(open)
            }
            _ => Err(LessonError::new(no, format!("`{key}:` is empty: write it on the same line (`{key}: ...`) or put a ``` block right after it"))),
        }
    }

    fn front_matter(&mut self) -> Result<Lesson, LessonError> {
        match self.peek() {
            Some(l) if l.text.trim_end() == "---" => self.pos += 1,
            Some(l) => return Err(LessonError::new(l.no, "a lesson starts with front matter: a line `---`, then `title:`, `id:` ..., then `---`")),
            None => return Err(LessonError::new(1, "the lesson is empty: it needs front matter (`---`, `title:`, `id:`, `---`)")),
        }
        // The opening `---` is line 1: errors about the whole block point there.
        let start = 1;
        let mut title = None;
        let mut id = None;
        let mut seed = None;
        let mut summary = None;
        let mut setup: Option<Vec<String>> = None;
        loop {
            let Some(line) = self.peek() else {
                return Err(LessonError::new(
                    start,
                    "the front matter is never closed: add a line `---` after it",
                ));
            };
            let (no, text) = (line.no, line.text);
            self.pos += 1;
            if text.trim_end() == "---" {
                break;
            }
            if text.trim().is_empty() || text.trim_start().starts_with('#') {
                continue;
            }
            let Some((key, value)) = text.split_once(':') else {
                return Err(LessonError::new(
                    no,
                    format!(
                        "expected `key: value` in the front matter (keys: {FRONT_MATTER_KEYS})"
                    ),
                ));
            };
            let (key, value) = (key.trim(), value.trim());
            let seen = match key {
                "title" => title.is_some(),
                "id" => id.is_some(),
                "seed" => seed.is_some(),
                "summary" => summary.is_some(),
                "setup" => setup.is_some(),
                _ => {
                    return Err(LessonError::new(
                        no,
                        format!("unknown front matter key `{key}` (keys: {FRONT_MATTER_KEYS})"),
                    ))
                }
            };
            if seen {
                return Err(LessonError::new(
                    no,
                    format!("`{key}` is given twice in the front matter"),
                ));
            }
            match key {
                "title" => {
                    if value.is_empty() {
                        return Err(LessonError::new(no, "`title` is empty"));
                    }
                    title = Some(value.to_string());
                }
                "id" => {
                    if !valid_id(value) {
                        return Err(LessonError::new(
                            no,
                            format!("`id: {value}` is not a valid lesson id: use lowercase letters, digits and `-` (at most 64)"),
                        ));
                    }
                    id = Some(value.to_string());
                }
                "seed" => match value.parse::<u64>() {
                    Ok(s) => seed = Some(s),
                    Err(_) => {
                        return Err(LessonError::new(
                            no,
                            format!(
                                "`seed: {value}` is not a whole number between 0 and {}",
                                u64::MAX
                            ),
                        ))
                    }
                },
                "summary" => summary = Some(value.to_string()),
                _ => {
                    let cmds = if value == "|" {
                        let mut cmds = Vec::new();
                        while let Some(l) = self.peek() {
                            if !(l.text.starts_with(' ')
                                || l.text.starts_with('\t')
                                || l.text.trim().is_empty())
                            {
                                break;
                            }
                            if !l.text.trim().is_empty() {
                                check_command(l.no, l.text.trim(), "setup")?;
                                cmds.push(l.text.trim().to_string());
                            }
                            self.pos += 1;
                        }
                        cmds
                    } else if value.is_empty() {
                        return Err(LessonError::new(no, "`setup:` needs commands: `setup: docker pull nginx`, or `setup: |` followed by indented lines"));
                    } else {
                        check_command(no, value, "setup")?;
                        vec![value.to_string()]
                    };
                    if cmds.len() > MAX_BLOCK_COMMANDS {
                        return Err(LessonError::new(
                            no,
                            format!("setup holds at most {MAX_BLOCK_COMMANDS} commands"),
                        ));
                    }
                    setup = Some(cmds);
                }
            }
        }
        let Some(title) = title else {
            return Err(LessonError::new(start, "the front matter has no `title:`"));
        };
        let Some(id) = id else {
            return Err(LessonError::new(start, "the front matter has no `id:`"));
        };
        Ok(Lesson {
            id,
            title,
            summary,
            seed: seed.unwrap_or(1),
            setup: setup.unwrap_or_default(),
            intro: Vec::new(),
            steps: Vec::new(),
        })
    }
}

/// `Step 3: Publish a port` → Some(Ok((3, "Publish a port"))). Headings that
/// start with "Step" but do not follow the pattern are errors; any other
/// `##` heading is ordinary text.
fn step_heading(heading: &str) -> Option<Result<(usize, String), String>> {
    let rest = heading.trim().strip_prefix("Step")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let usage = "a step heading is `## Step N: Title`, e.g. `## Step 2: Publish a port`";
    let Some((num, title)) = rest.split_once(':') else {
        return Some(Err(format!(
            "{usage} (the `:` after the number is missing)"
        )));
    };
    let Ok(n) = num.trim().parse::<usize>() else {
        return Some(Err(format!("{usage} (`{}` is not a number)", num.trim())));
    };
    if title.trim().is_empty() {
        return Some(Err(format!("{usage} (the title is missing)")));
    }
    Some(Ok((n, title.trim().to_string())))
}

fn finish(mut d: Draft) -> Result<Step, LessonError> {
    d.flush_text();
    let Some(check) = d.check else {
        return Err(LessonError::new(
            d.line,
            format!(
                "step {} (\"{}\") has no check: add a `check:` line saying what must be true",
                d.number, d.title
            ),
        ));
    };
    let Some(hint) = d.hint else {
        return Err(LessonError::new(
            d.line,
            format!(
                "step {} (\"{}\") has no hint: add a `hint:` line for a learner who is stuck",
                d.number, d.title
            ),
        ));
    };
    Ok(Step {
        number: d.number,
        title: d.title,
        body: d.body,
        check,
        hint,
        solution: d.solution.unwrap_or_default(),
        success: d.success,
        line: d.line,
    })
}

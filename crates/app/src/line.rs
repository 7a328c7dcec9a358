//! Line editing, the pure half of the terminal: Tab completion from the
//! command layer's candidates, splitting a multi-line paste, and walking the
//! history with ↑/↓. The terminal component only wires these to key events.

/// Byte index where the last word of `line` starts.
pub fn last_word_start(line: &str) -> usize {
    line.rfind(char::is_whitespace).map_or(0, |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The result of pressing Tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The line after completion.
    pub line: String,
    /// Candidates to list under the prompt (when Tab could not decide).
    pub shown: Vec<String>,
}

fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

/// Complete the last word of `line` from `candidates` (full replacement words,
/// as `Session::complete` returns them): one candidate is taken with a space
/// after it; several extend the word to their common prefix, and are listed
/// when that does not add anything.
pub fn complete(line: &str, candidates: &[String]) -> Completion {
    let start = last_word_start(line);
    let word = &line[start..];
    let mut cands: Vec<String> = candidates.to_vec();
    cands.dedup();
    match cands.len() {
        0 => Completion {
            line: line.to_string(),
            shown: Vec::new(),
        },
        1 => {
            let c = &cands[0];
            let space = if c.ends_with('/') || c.ends_with('=') || c.ends_with(':') {
                ""
            } else {
                " "
            };
            Completion {
                line: format!("{}{c}{space}", &line[..start]),
                shown: Vec::new(),
            }
        }
        _ => {
            let prefix = common_prefix(&cands);
            if prefix.len() > word.len() && prefix.starts_with(word) {
                Completion {
                    line: format!("{}{prefix}", &line[..start]),
                    shown: Vec::new(),
                }
            } else {
                Completion {
                    line: line.to_string(),
                    shown: cands,
                }
            }
        }
    }
}

/// A paste that contains line breaks: the complete lines to run now, and
/// what stays in the input afterwards. `before` and `after` are the input's
/// text around the selection the paste replaces. `None` when the paste is a
/// single line (the browser inserts it as usual).
pub fn split_paste(before: &str, pasted: &str, after: &str) -> Option<(Vec<String>, String)> {
    let pasted = pasted.replace("\r\n", "\n").replace('\r', "\n");
    if !pasted.contains('\n') {
        return None;
    }
    let text = format!("{before}{pasted}{after}");
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let rest = lines.pop().unwrap_or_default();
    Some((lines, rest))
}

/// Lines typed or pasted, gathered into entries as a shell reads them: a
/// line that leaves a here-document (or a quote) open waits for the lines
/// that finish it (bash's `> ` prompt), and they run as one entry.
/// `pending` are the lines already waiting; returns the entries finished,
/// in order, and what still waits.
pub fn gather(
    pending: &[String],
    lines: impl IntoIterator<Item = String>,
) -> (Vec<String>, Vec<String>) {
    let mut open: Vec<String> = pending.to_vec();
    let mut done = Vec::new();
    for line in lines {
        open.push(line);
        let text = open.join("\n");
        if !bridgeport_commands::Session::needs_more(&text) {
            done.push(text);
            open.clear();
        }
    }
    (done, open)
}

/// A history entry as the terminal shows it when ↑/↓ recall it: the lines
/// that wait above the `> ` prompt (none for a one-line entry) and the
/// last line, which goes in the input.
pub fn split_last(entry: &str) -> (Vec<String>, String) {
    match entry.rsplit_once('\n') {
        Some((above, last)) => (
            above.split('\n').map(str::to_string).collect(),
            last.to_string(),
        ),
        None => (Vec::new(), entry.to_string()),
    }
}

/// Where ↑/↓ are in the history, and the line being typed before the walk started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryWalk {
    pos: Option<usize>,
    draft: String,
}

impl HistoryWalk {
    /// ↑: an older line, or `None` at the oldest.
    pub fn up(&mut self, history: &[String], current: &str) -> Option<String> {
        if history.is_empty() {
            return None;
        }
        let pos = match self.pos {
            None => {
                self.draft = current.to_string();
                history.len() - 1
            }
            Some(0) => return None,
            Some(p) => p.min(history.len()) - 1,
        };
        self.pos = Some(pos);
        Some(history[pos].clone())
    }

    /// ↓: a newer line, or the draft after the newest.
    pub fn down(&mut self, history: &[String]) -> Option<String> {
        let pos = self.pos?;
        if pos + 1 < history.len() {
            self.pos = Some(pos + 1);
            Some(history[pos + 1].clone())
        } else {
            self.pos = None;
            Some(std::mem::take(&mut self.draft))
        }
    }

    /// Forget the walk (after running or abandoning a line).
    pub fn reset(&mut self) {
        *self = HistoryWalk::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn completes_a_single_candidate_with_a_space() {
        assert_eq!(complete("docker ru", &s(&["run"])).line, "docker run ");
        assert_eq!(
            complete("docker run --net", &s(&["--network="])).line,
            "docker run --network="
        );
        assert_eq!(complete("", &s(&["docker"])).line, "docker ");
    }

    #[test]
    fn extends_to_the_common_prefix_then_lists() {
        let c = complete("docker network c", &s(&["connect", "create"]));
        assert_eq!(
            c,
            Completion {
                line: "docker network c".into(),
                shown: s(&["connect", "create"])
            }
        );
        let c = complete(
            "docker network d",
            &s(&["disconnect", "disconnected-thing"]),
        );
        assert_eq!(c.line, "docker network disconnect");
        assert!(c.shown.is_empty());
        assert_eq!(complete("docker x", &[]).line, "docker x");
    }

    #[test]
    fn last_word_handles_unicode_and_trailing_space() {
        assert_eq!(last_word_start("echo héllo wörld"), "echo héllo ".len());
        assert_eq!(last_word_start("docker "), 7);
        assert_eq!(last_word_start("docker"), 0);
        assert_eq!(complete("docker ", &s(&["ps"])).line, "docker ps ");
    }

    #[test]
    fn paste_splits_lines_and_keeps_the_rest() {
        assert_eq!(split_paste("", "docker ps", ""), None);
        let (lines, rest) = split_paste("echo ", "a\r\nb\nc", "!").unwrap();
        assert_eq!(lines, s(&["echo a", "b"]));
        assert_eq!(rest, "c!");
        let (lines, rest) = split_paste("", "x\ny\n", "").unwrap();
        assert_eq!((lines, rest.as_str()), (s(&["x", "y"]), ""));
    }

    #[test]
    fn a_heredoc_waits_for_its_delimiter_and_runs_as_one_entry() {
        let (done, open) = gather(&[], s(&["cat > compose.yaml <<'EOF'", "services:"]));
        assert!(done.is_empty());
        assert_eq!(open, s(&["cat > compose.yaml <<'EOF'", "services:"]));
        let (done, open) = gather(&open, s(&["  web: {}", "EOF", "docker compose up -d"]));
        assert_eq!(
            done,
            s(&[
                "cat > compose.yaml <<'EOF'\nservices:\n  web: {}\nEOF",
                "docker compose up -d"
            ])
        );
        assert!(open.is_empty());
        let (done, open) = gather(&[], s(&["echo 'a", "b'"]));
        assert_eq!((done, open), (s(&["echo 'a\nb'"]), vec![]));
    }

    #[test]
    fn a_recalled_entry_splits_into_waiting_lines_and_its_last_line() {
        assert_eq!(split_last("docker ps"), (vec![], "docker ps".to_string()));
        let (above, last) = split_last("cat > f <<'EOF'\na\n\nEOF");
        assert_eq!(above, ["cat > f <<'EOF'", "a", ""]);
        assert_eq!(last, "EOF");
    }

    #[test]
    fn history_walks_up_and_back_to_the_draft() {
        let h = s(&["one", "two", "three"]);
        let mut w = HistoryWalk::default();
        assert_eq!(w.up(&h, "dra").as_deref(), Some("three"));
        assert_eq!(w.up(&h, "three").as_deref(), Some("two"));
        assert_eq!(w.up(&h, "two").as_deref(), Some("one"));
        assert_eq!(w.up(&h, "one"), None);
        assert_eq!(w.down(&h).as_deref(), Some("two"));
        assert_eq!(w.down(&h).as_deref(), Some("three"));
        assert_eq!(w.down(&h).as_deref(), Some("dra"));
        assert_eq!(w.down(&h), None);
        assert_eq!(HistoryWalk::default().up(&[], "x"), None);
    }
}

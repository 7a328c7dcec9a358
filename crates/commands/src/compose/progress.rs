//! Compose's progress output (`cmd/display`): what `up`, `down`, `start`,
//! `stop`… write to stderr. The page's terminal is a TTY, 80 columns wide,
//! so the default is the TTY writer's final frame (`tty.go`: `[+] <op>
//! done/total`, then one line per resource with its spinner, ID, status
//! and timer, the timer ending at the last column, `applyPadding`); `--progress plain` prints one
//! line per event (`plain.go`: `Fprintln("", id, text, details)`, hence
//! the leading and trailing space), `quiet` nothing. Timers are simulated:
//! every step takes 0.1s.

/// The `--progress` renderer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Tty,
    Plain,
    Quiet,
    Json,
}

/// `api.EventStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Working,
    Done,
    Warning,
    Error,
}

#[derive(Debug, Clone)]
struct Task {
    id: String,
    state: State,
    text: String,
    details: String,
    /// Tenths of a second the task took.
    tenths: u32,
}

/// The events of one operation, rendered when it ends.
#[derive(Debug, Clone)]
pub struct Progress {
    mode: Mode,
    op: &'static str,
    tasks: Vec<Task>,
    plain: String,
}

const WIDTH: usize = 80;

impl Progress {
    pub fn new(mode: Mode, op: &'static str) -> Progress {
        Progress {
            mode,
            op,
            tasks: Vec::new(),
            plain: String::new(),
        }
    }

    /// One event on the task `id` ("Container myapp-web-1").
    pub fn event(&mut self, id: &str, state: State, text: &str) {
        self.event_details(id, state, text, "");
    }

    pub fn event_details(&mut self, id: &str, state: State, text: &str, details: &str) {
        match self.mode {
            Mode::Plain => self.plain.push_str(&format!(" {id} {text} {details}\n")),
            Mode::Json => self.plain.push_str(&format!(
                "{{\"id\":{},\"status\":{},\"text\":{}{}}}\n",
                json(id),
                json(match state {
                    State::Working => "Working",
                    State::Done => "Done",
                    State::Warning => "Warning",
                    State::Error => "Error",
                }),
                json(text),
                if details.is_empty() {
                    String::new()
                } else {
                    format!(",\"details\":{}", json(details))
                }
            )),
            _ => {}
        }
        match self.tasks.iter_mut().find(|t| t.id == id) {
            Some(t) => {
                t.state = state;
                t.text = text.to_string();
                t.details = details.to_string();
            }
            None => self.tasks.push(Task {
                id: id.to_string(),
                state,
                text: text.to_string(),
                details: details.to_string(),
                tenths: 1,
            }),
        }
    }

    /// Adds simulated waiting time to a task (a healthcheck's interval).
    pub fn wait(&mut self, id: &str, seconds: u64) {
        if let Some(t) = self.tasks.iter_mut().find(|t| t.id == id) {
            t.tenths = t
                .tenths
                .saturating_add(u32::try_from(seconds.saturating_mul(10)).unwrap_or(u32::MAX));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// What the operation left on stderr.
    pub fn render(&self) -> String {
        match self.mode {
            Mode::Quiet => String::new(),
            Mode::Plain | Mode::Json => self.plain.clone(),
            Mode::Tty => self.frame(),
        }
    }

    /// The TTY writer's last frame.
    fn frame(&self) -> String {
        if self.tasks.is_empty() {
            return String::new();
        }
        let done = self
            .tasks
            .iter()
            .filter(|t| t.state != State::Working)
            .count();
        let mut s = format!("[+] {} {}/{}\n", self.op, done, self.tasks.len());
        let timers: Vec<String> = self
            .tasks
            .iter()
            .map(|t| format!("{}.{}s", t.tenths / 10, t.tenths % 10))
            .collect();
        let timer_len = timers.iter().map(|t| t.len()).max().unwrap_or(0);
        let id_len = self
            .tasks
            .iter()
            .map(|t| t.id.chars().count())
            .max()
            .unwrap_or(0);
        for (t, timer) in self.tasks.iter().zip(&timers) {
            let spinner = match t.state {
                State::Working => "⠋",
                State::Done => "✔",
                State::Warning => "!",
                State::Error => "✘",
            };
            let mut line = format!(" {spinner} {:<id_len$} {}", t.id, t.text);
            let before = 3 + id_len + 1 + t.text.chars().count();
            if !t.details.is_empty() {
                // truncateDetails: cut the details to fit, marked with "...".
                let room = WIDTH.saturating_sub(before + 1 + timer_len + 1);
                let details: String = if t.details.chars().count() > room {
                    let keep = room.saturating_sub(3);
                    format!("{}...", t.details.chars().take(keep).collect::<String>())
                } else {
                    t.details.clone()
                };
                line.push(' ');
                line.push_str(&details);
            }
            let len = line.chars().count();
            let pad = WIDTH.saturating_sub(len + timer_len).max(1);
            line.push_str(&" ".repeat(pad));
            line.push_str(&format!("{timer:>timer_len$}"));
            s.push_str(&line);
            s.push('\n');
        }
        s
    }
}

fn json(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The v5 frame of reference §3.1 (executed copy of cmd/display/tty.go):
    /// the status column after the longest ID and one space, the timer
    /// ending at column 80.
    #[test]
    fn tty_frame_matches_compose_v5() {
        let mut p = Progress::new(Mode::Tty, "up");
        p.event("Network myapp_default", State::Working, "Creating");
        p.event("Network myapp_default", State::Done, "Created");
        p.event("Container myapp-db-1", State::Done, "Started");
        p.event("Container myapp-web-1", State::Done, "Started");
        let want = "[+] up 3/3\n ✔ Network myapp_default Created                                            0.1s\n ✔ Container myapp-db-1  Started                                            0.1s\n ✔ Container myapp-web-1 Started                                            0.1s\n";
        assert_eq!(p.render(), want);
        for line in want.lines().skip(1) {
            assert_eq!(line.chars().count(), 80);
        }
    }

    #[test]
    fn plain_lines_have_a_leading_and_trailing_space() {
        let mut p = Progress::new(Mode::Plain, "up");
        p.event("Container myapp-web-1", State::Working, "Creating");
        assert_eq!(p.render(), " Container myapp-web-1 Creating \n");
        assert_eq!(Progress::new(Mode::Quiet, "up").render(), "");
    }
}

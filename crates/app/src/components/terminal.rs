//! The terminal: the transcript (selectable text, an ARIA live region,
//! failed commands styled as errors) and the input line with its prompt.
//!
//! Keys: Enter runs, Tab completes (candidates from `Session::complete`),
//! ↑/↓ walk the history (a multi-line entry comes back whole: its first
//! lines wait above the `> ` prompt and its last line is in the input, so
//! Enter runs it again as one entry), Ctrl-L clears, Ctrl-C abandons the line (unless
//! text is selected in the input, which it then copies as usual). A paste
//! with line breaks runs each complete line. A line that leaves a
//! here-document or a quote open (`cat > compose.yaml <<'EOF'`) waits: the
//! input shows bash's `> ` continuation prompt under the lines typed so far,
//! and the whole entry runs once it is finished ([`line::gather`]).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use crate::line::{self, HistoryWalk};
use crate::state::{Entry, EntryKind};

#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// The entries on screen, oldest first.
    pub entries: Rc<Vec<Rc<Entry>>>,
    pub prompt: AttrValue,
    pub history: Rc<Vec<String>>,
    pub on_run: Callback<String>,
    pub on_paste: Callback<Vec<String>>,
    pub on_abandon: Callback<String>,
    pub on_clear: Callback<()>,
    pub complete: Callback<String, Vec<String>>,
    /// Show an entry's packets in the player.
    pub on_show_packets: Callback<usize>,
    pub playing_entry: Option<usize>,
    /// Text to put on the command line and focus (a lesson's command was
    /// clicked); the number changes with every request.
    #[prop_or_default]
    pub fill: Option<(usize, AttrValue)>,
    /// Focus the command line when the terminal first appears. Off in an
    /// embedded playground (focusing would scroll the course page to it)
    /// unless its author opted in.
    #[prop_or_default]
    pub autofocus: bool,
    /// The container the next line runs in: marked before the prompt,
    /// which stays what the image prints (`/ # `).
    #[prop_or_default]
    pub inside: Option<AttrValue>,
}

/// The mark of the container a line is typed in. Not part of the text: a
/// copy of the line copies the prompt and the command only.
fn where_mark(inside: Option<&str>) -> Html {
    match inside {
        Some(name) => html! {
            <span class="where" title={format!("This shell runs inside the container {name}; exit leaves it")}
                aria-label={format!("inside container {name}:")}>{ name.to_string() }</span>
        },
        None => html! {},
    }
}

/// Focus without scrolling any ancestor (or the page around an iframe)
/// into view: the page never moves under the learner.
fn focus_quietly(input: &HtmlInputElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = input.focus_with_options(&options);
}

/// The output text, with stderr segments marked (the text is the same
/// either way; only the styling differs).
fn output_view(entry: &Entry, trimmed: String) -> Html {
    if !entry.segments.iter().any(|s| s.stderr) {
        return html! { { trimmed } };
    }
    let mut left = trimmed.len();
    html! {
        { for entry.segments.iter().filter_map(|seg| {
            if left == 0 {
                return None;
            }
            let text: String = seg.text.chars().scan(0usize, |n, c| { *n += c.len_utf8(); Some((*n, c)) }).take_while(|(n, _)| *n <= left).map(|(_, c)| c).collect();
            left -= text.len();
            Some(if seg.stderr { html! { <span class="stderr">{ text }</span> } } else { html! { { text } } })
        }) }
    }
}

/// A command as typed: lines after the first were typed at the `> `
/// continuation prompt (a here-document's body).
fn command_view(command: &str) -> Html {
    let mut lines = command.split('\n');
    let first = lines.next().unwrap_or_default().to_string();
    html! {
        <>
            { first }
            { for lines.map(|l| html! { <>{ "\n" }<span class="prompt" aria-hidden="true">{ CONTINUATION }</span>{ l.to_string() }</> }) }
        </>
    }
}

const CONTINUATION: &str = bridgeport_commands::Session::CONTINUATION_PROMPT;

fn entry_view(entry: &Entry, playing: bool, on_show: &Callback<usize>) -> Html {
    let kind = match entry.kind {
        EntryKind::Ran => "ran",
        EntryKind::Abandoned => "abandoned",
        EntryKind::Note => "note",
    };
    let output = entry
        .output
        .strip_suffix('\n')
        .unwrap_or(&entry.output)
        .to_string();
    let packets = (!entry.packets.is_empty()).then(|| {
        let id = entry.id;
        let n = entry.packets.len();
        // The chip of a failed command (or of one whose packets did not all
        // arrive) is in the failure colour, like the command's exit status.
        let bad = entry.failed()
            || entry
                .packets
                .iter()
                .any(|p| p.verdict != bridgeport_engine::Verdict::Delivered);
        let label = format!(
            "Show the {n} packet{} of this command{}",
            if n == 1 { "" } else { "s" },
            if bad { " (not all were delivered)" } else { "" }
        );
        html! {
            <button type="button" class={classes!("show-packets", playing.then_some("playing"), bad.then_some("bad"))}
                aria-label={label.clone()} title={label} onclick={on_show.reform(move |_: MouseEvent| id)}>
                { format!("▶ {n} packet{}", if n == 1 { "" } else { "s" }) }
            </button>
        }
    });
    html! {
        <div class={classes!("entry", kind, entry.failed().then_some("failed"), entry.segments.iter().any(|s| s.stderr).then_some("has-segments"))} key={entry.id} data-entry={entry.id.to_string()}>
            if entry.kind != EntryKind::Note {
                <div class="cmdline">
                    { where_mark(entry.inside.as_deref()) }
                    <span class="prompt" aria-hidden="true">{ entry.prompt.clone() }</span>
                    <span class="cmd">{ command_view(&entry.command) }</span>
                    if entry.failed() {
                        <span class="exit" title="exit status">{ format!("exit {}", entry.exit_code) }</span>
                    }
                    { for packets }
                </div>
            }
            if !output.is_empty() {
                <pre class="out">{ output_view(entry, output) }</pre>
            }
        </div>
    }
}

#[function_component(Terminal)]
pub fn terminal(props: &TerminalProps) -> Html {
    let value = use_state(String::new);
    // Lines of an unfinished entry (a here-document being typed).
    let pending = use_state(Vec::<String>::new);
    let suggestions = use_state(Vec::<String>::new);
    let walk = use_mut_ref(HistoryWalk::default);
    // Whether `pending` holds a multi-line entry ↑/↓ recalled (then ↑/↓ go
    // on through the whole history) rather than lines the learner typed.
    let recalled = use_mut_ref(|| false);
    let escaped = use_mut_ref(|| false);
    let input_ref = use_node_ref();
    let output_ref = use_node_ref();

    // Keep the newest output in view.
    {
        let output_ref = output_ref.clone();
        let last = props.entries.last().map(|e| e.id);
        use_effect_with((last, props.entries.len()), move |_| {
            if let Some(el) = output_ref.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    // A lesson command typed in for the learner.
    {
        let (input_ref, value, walk) = (input_ref.clone(), value.clone(), walk.clone());
        use_effect_with(props.fill.clone(), move |fill| {
            if let (Some((_, text)), Some(input)) = (fill, input_ref.cast::<HtmlInputElement>()) {
                walk.borrow_mut().reset();
                input.set_value(text);
                value.set(text.to_string());
                focus_quietly(&input);
            }
        });
    }
    // Focus the input once, when the page is ready (unless embedded).
    {
        let input_ref = input_ref.clone();
        let autofocus = props.autofocus;
        use_effect_with((), move |_| {
            if let (true, Some(input)) = (autofocus, input_ref.cast::<HtmlInputElement>()) {
                focus_quietly(&input);
            }
        });
    }

    let oninput = {
        let value = value.clone();
        let suggestions = suggestions.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                value.set(input.value());
            }
            if !suggestions.is_empty() {
                suggestions.set(Vec::new());
            }
        })
    };

    let onkeydown = {
        let value = value.clone();
        let pending = pending.clone();
        let suggestions = suggestions.clone();
        let walk = walk.clone();
        let escaped = escaped.clone();
        let recalled = recalled.clone();
        let history = props.history.clone();
        // Inside a here-document the learner is typing, ↑/↓ recall one
        // line into it: one-line entries only.
        let one_line: Rc<Vec<String>> = Rc::new(
            props
                .history
                .iter()
                .filter(|l| !l.contains('\n'))
                .cloned()
                .collect(),
        );
        let (on_run, on_abandon, on_clear, complete) = (
            props.on_run.clone(),
            props.on_abandon.clone(),
            props.on_clear.clone(),
            props.complete.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let input = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
            let current = input
                .as_ref()
                .map(|i| i.value())
                .unwrap_or_else(|| (*value).clone());
            let key = e.key();
            let ctrl = e.ctrl_key() || e.meta_key();
            // The line's text, in the element and in the state.
            let set_line = |text: String| {
                if let Some(i) = &input {
                    i.set_value(&text);
                }
                value.set(text);
            };
            // An empty line, out of the history walk, no suggestions.
            let clear_line = || {
                walk.borrow_mut().reset();
                *recalled.borrow_mut() = false;
                suggestions.set(Vec::new());
                set_line(String::new());
            };
            match key.as_str() {
                "Enter" => {
                    e.prevent_default();
                    clear_line();
                    let (done, open) = line::gather(&pending, [current]);
                    pending.set(open);
                    for entry in done {
                        on_run.emit(entry);
                    }
                }
                // Tab stays a way out of the input for keyboard users: on an
                // empty line, and right after Escape.
                "Tab" if !e.shift_key() && !current.trim().is_empty() && !*escaped.borrow() => {
                    e.prevent_default();
                    let done = line::complete(&current, &complete.emit(current.clone()));
                    set_line(done.line);
                    suggestions.set(done.shown);
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let typing = !pending.is_empty() && !*recalled.borrow();
                    let list = if typing { &one_line } else { &history };
                    let next = if key == "ArrowUp" {
                        walk.borrow_mut().up(list, &current)
                    } else {
                        walk.borrow_mut().down(list)
                    };
                    if let Some(next) = next {
                        let last = if typing {
                            next
                        } else {
                            let (above, last) = line::split_last(&next);
                            *recalled.borrow_mut() = !above.is_empty();
                            pending.set(above);
                            last
                        };
                        set_line(last);
                    }
                }
                "l" | "L" if ctrl => {
                    e.prevent_default();
                    suggestions.set(Vec::new());
                    on_clear.emit(());
                }
                "c" | "C" if e.ctrl_key() => {
                    let selected = input.as_ref().is_some_and(|i| {
                        matches!((i.selection_start(), i.selection_end()), (Ok(Some(a)), Ok(Some(b))) if a != b)
                    });
                    if !selected {
                        e.prevent_default();
                        clear_line();
                        let mut lines = (*pending).clone();
                        lines.push(current);
                        pending.set(Vec::new());
                        on_abandon.emit(lines.join("\n"));
                    }
                }
                "Escape" => {
                    suggestions.set(Vec::new());
                    *escaped.borrow_mut() = true;
                    return;
                }
                _ => {}
            }
            *escaped.borrow_mut() = false;
        })
    };

    let onpaste = {
        let value = value.clone();
        let pending = pending.clone();
        let on_paste = props.on_paste.clone();
        let walk = walk.clone();
        Callback::from(move |e: Event| {
            let Some(ce) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let Some(text) = ce.clipboard_data().and_then(|d| d.get_data("text").ok()) else {
                return;
            };
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let current = input.value();
            let utf16: Vec<u16> = current.encode_utf16().collect();
            let start = input
                .selection_start()
                .ok()
                .flatten()
                .unwrap_or(utf16.len() as u32) as usize;
            let end = input.selection_end().ok().flatten().unwrap_or(start as u32) as usize;
            let (start, end) = (
                start.min(utf16.len()),
                end.min(utf16.len()).max(start.min(utf16.len())),
            );
            let before = String::from_utf16_lossy(&utf16[..start]);
            let after = String::from_utf16_lossy(&utf16[end..]);
            if let Some((lines, rest)) = line::split_paste(&before, &text, &after) {
                e.prevent_default();
                walk.borrow_mut().reset();
                input.set_value(&rest);
                value.set(rest);
                let (done, open) = line::gather(&pending, lines);
                pending.set(open);
                if !done.is_empty() {
                    on_paste.emit(done);
                }
            }
        })
    };

    // A click in the transcript focuses the input, unless text is being selected.
    let onmouseup = {
        let input_ref = input_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let collapsed = web_sys::window()
                .and_then(|w| w.get_selection().ok().flatten())
                .is_none_or(|s| s.is_collapsed());
            if collapsed {
                if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        })
    };

    html! {
        <div class="terminal">
            <div class="term-output" role="log" aria-live="polite" aria-label="Terminal output"
                tabindex="0" ref={output_ref} {onmouseup}>
                { for props.entries.iter().map(|e| entry_view(e, props.playing_entry == Some(e.id), &props.on_show_packets)) }
            </div>
            if !suggestions.is_empty() {
                <ul class="suggestions" aria-label="Completions">
                    { for suggestions.iter().map(|s| html! { <li>{ s.clone() }</li> }) }
                </ul>
            }
            if !pending.is_empty() {
                <pre class="term-pending" aria-label="Lines typed so far">
                    <span class="prompt" aria-hidden="true">{ props.prompt.clone() }</span>
                    { command_view(&pending.join("\n")) }
                </pre>
            }
            <div class="term-input">
                { where_mark(props.inside.as_deref().filter(|_| pending.is_empty())) }
                <label for="command" class="prompt">{ if pending.is_empty() { props.prompt.clone() } else { AttrValue::from(CONTINUATION) } }</label>
                <input id="command" ref={input_ref} type="text" value={(*value).clone()}
                    autocomplete="off" autocapitalize="off" spellcheck="false"
                    aria-label={match &props.inside {
                        _ if !pending.is_empty() => "Continuation line: the command above is not finished (a here-document waits for its end line, or a quote is open); Control C abandons it".to_string(),
                        Some(c) => format!("Command line inside container {c}, prompt {}", props.prompt.trim()),
                        None => format!("Command line, prompt {}", props.prompt.trim()),
                    }}
                    aria-describedby="term-help" {oninput} {onkeydown} {onpaste} />
            </div>
            <p id="term-help" class="sr-only">
                { "Enter runs the line. Tab completes, up and down arrows recall history, Control L clears the screen, Control C abandons the line. Press Escape, then Tab, to leave the command line." }
            </p>
        </div>
    }
}

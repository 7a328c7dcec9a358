//! Browser tests of the host's files in the page (issue 12): a
//! here-document typed line by line waits at bash's `> ` prompt and runs as
//! one entry; the Files tab edits `compose.yaml` with line numbers, marks a
//! load error's line and column, saves with Ctrl+S and saves-and-runs
//! `docker compose up -d` with Ctrl+Enter, through the same shell line a
//! learner could type; a `file=` parameter preloads a file into it.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown -p bridgeport-app --test files`.

use std::rc::Rc;

use bridgeport_app::boot::Config;
use bridgeport_app::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

mod common;
use common::{enter, mount, Mounted};

wasm_bindgen_test_configure!(run_in_browser);

async fn open(query: &str) -> Mounted<App> {
    let mut c = Config::from_url(query, "");
    c.persist = false;
    mount::<App>(AppProps {
        config: Rc::new(c),
        ..AppProps::default()
    })
    .await
}

fn ran(app: &Mounted<App>) -> Vec<String> {
    app.all_text(".term-output .entry.ran .cmd")
}

#[wasm_bindgen_test]
async fn a_heredoc_waits_at_the_continuation_prompt_and_runs_once() {
    let app = open("").await;
    assert_eq!(
        app.text(".term-input .prompt"),
        "learner@docker-host:~/myapp$ "
    );
    enter(&app, "cat > notes.txt <<'EOF'").await;
    assert_eq!(app.text(".term-input .prompt"), "> ", "bash's PS2");
    assert!(app
        .text(".term-pending")
        .contains("cat > notes.txt <<'EOF'"));
    assert!(ran(&app).is_empty(), "nothing runs before the end line");
    enter(&app, "hello $USER").await;
    enter(&app, "EOF").await;
    assert_eq!(
        app.text(".term-input .prompt"),
        "learner@docker-host:~/myapp$ "
    );
    assert!(app.find(".term-pending").is_none());
    assert_eq!(ran(&app), ["cat > notes.txt <<'EOF'\n> hello $USER\n> EOF"]);
    enter(&app, "cat notes.txt").await;
    let out = app.all_text(".term-output .entry.ran .out");
    assert_eq!(out.last().map(String::as_str), Some("hello $USER"));
    // Ctrl+C abandons the whole unfinished entry.
    enter(&app, "cat <<EOF").await;
    let input = app.q("#command");
    common::key(&input, "c", true);
    yew::scheduler::flush().await;
    assert!(app.find(".term-pending").is_none());
    assert_eq!(ran(&app).len(), 2);
}

/// ↑ recalls a here-document as one entry, as bash's history does (with
/// `cmdhist`, a multi-line command is one history entry): its first lines
/// wait above the `> ` prompt, the end line is in the input, and Enter runs
/// the whole entry once more; ↓ back past it restores the draft and the
/// normal prompt.
#[wasm_bindgen_test]
async fn a_heredoc_comes_back_whole_from_the_history() {
    let app = open("").await;
    enter(&app, "cat > notes.txt <<'EOF'").await;
    enter(&app, "hello").await;
    enter(&app, "EOF").await;
    enter(&app, "docker ps").await;
    let input = common::type_line(&app, "ech").await;
    common::key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "docker ps");
    assert!(app.find(".term-pending").is_none());
    common::key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    assert_eq!(
        input.value(),
        "EOF",
        "the entry's last line is in the input"
    );
    assert_eq!(app.text(".term-input .prompt"), "> ");
    let above = app.text(".term-pending");
    assert!(above.contains("cat > notes.txt <<'EOF'"), "{above}");
    assert!(above.contains("hello"), "{above}");
    // ↓ twice: past the newest entry, the draft and the normal prompt again.
    common::key(&input, "ArrowDown", false);
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "docker ps");
    assert!(app.find(".term-pending").is_none());
    common::key(&input, "ArrowDown", false);
    yew::scheduler::flush().await;
    assert_eq!(input.value(), "ech");
    // ↑↑ and Enter: the here-document runs again, as one entry.
    common::key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    common::key(&input, "ArrowUp", false);
    yew::scheduler::flush().await;
    common::key(&input, "Enter", false);
    yew::scheduler::flush().await;
    let heredoc = "cat > notes.txt <<'EOF'\n> hello\n> EOF";
    assert_eq!(ran(&app), [heredoc, "docker ps", heredoc]);
    assert!(app.find(".term-pending").is_none());
    assert_eq!(
        app.text(".term-input .prompt"),
        "learner@docker-host:~/myapp$ "
    );
}

async fn type_text(app: &Mounted<App>, text: &str) -> HtmlTextAreaElement {
    let area: HtmlTextAreaElement = app.q("#editor-text").dyn_into().unwrap();
    area.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    area
}

#[wasm_bindgen_test]
async fn the_editor_marks_the_error_saves_and_runs_compose_up() {
    // A preloaded file opens in the Files tab.
    let app = open(
        "?file=compose.yaml:services%3A%0A++web%3A%0A++++image%3A+nginx%0A++++prots%3A+%5B80%5D%0A",
    )
    .await;
    assert!(
        app.find("#tab-files[aria-selected=\"true\"]").is_some(),
        "the Files tab is open"
    );
    let area: HtmlTextAreaElement = app.q("#editor-text").dyn_into().unwrap();
    assert!(area.value().starts_with("services:\n  web:"));
    assert_eq!(app.all(".editor-gutter .ln").len(), 5, "a number per line");
    // compose-go's schema error, on the key's line and column.
    assert_eq!(app.all_text(".editor-gutter .ln.err"), ["4"]);
    let status = app.text("#editor-status");
    assert!(status.contains("Line 4, column 5:"), "{status}");
    assert!(
        status.contains("additional properties 'prots' not allowed"),
        "{status}"
    );
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    app.click("#editor-goto").await;
    let line4 = "services:\n  web:\n    image: nginx\n"
        .encode_utf16()
        .count() as u32
        + 4;
    assert_eq!(area.selection_start().unwrap(), Some(line4));

    // Fixed and saved with Ctrl+S: the save is a line of the session.
    let fixed = "services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n";
    let area = type_text(&app, fixed).await;
    assert!(app.find(".editor-gutter .ln.err").is_none());
    assert!(app.text("#editor-status").starts_with("Unsaved changes"));
    common::key(&area, "s", true);
    yew::scheduler::flush().await;
    let cmds = ran(&app);
    assert_eq!(
        cmds.last().map(String::as_str),
        Some("cat > compose.yaml <<'EOF'\n> services:\n>   web:\n>     image: nginx\n>     ports: [\"8080:80\"]\n> EOF")
    );
    assert!(app
        .text("#editor-status")
        .starts_with("Saved in ~/myapp/compose.yaml"));
    enter(&app, "cat compose.yaml").await;
    let out = app.all_text(".term-output .entry.ran .out");
    assert_eq!(
        out.last().map(|s| format!("{s}\n")),
        Some(fixed.to_string())
    );

    // Ctrl+Enter saves and runs docker compose up -d.
    let area = type_text(
        &app,
        "services:\n  web:\n    image: nginx\n  db:\n    image: redis\n",
    )
    .await;
    common::key(&area, "Enter", true);
    yew::scheduler::flush().await;
    let cmds = ran(&app);
    assert_eq!(
        cmds.last().map(String::as_str),
        Some("docker compose up -d")
    );
    assert!(cmds[cmds.len() - 2].starts_with("cat > compose.yaml <<'EOF'"));
    let out = app.all_text(".term-output .entry.ran .out");
    assert!(
        out.last().unwrap().contains("Container myapp-db-1"),
        "{out:?}"
    );
    // The button does what the key does.
    assert!(app.find("#editor-up").is_some() && app.find("#editor-save").is_some());
}

/// "+ New file" asks for a name and opens an empty file of that name with
/// the cursor in it, all from the keyboard (Enter creates, Escape goes
/// back to the button); a bad name is refused with the reason; a save
/// makes the file on the host, where `cat` reads it.
#[wasm_bindgen_test]
async fn a_new_file_is_named_opened_and_saved_from_the_keyboard() {
    let app = open("").await;
    app.click("#tab-files").await;
    assert!(app.find("#editor-new-form").is_none());
    app.click("#editor-new").await;
    let name: HtmlInputElement = app.q("#editor-new-name").dyn_into().unwrap();
    assert_eq!(
        common::active_id(),
        "editor-new-name",
        "the form takes the focus"
    );
    // Escape: the form closes and the focus goes back to the button.
    common::key(&name, "Escape", false);
    yew::scheduler::flush().await;
    assert!(app.find("#editor-new-form").is_none());
    assert_eq!(common::active_id(), "editor-new");

    app.click("#editor-new").await;
    let name: HtmlInputElement = app.q("#editor-new-name").dyn_into().unwrap();
    name.set_value("conf/");
    common::key(&name, "Enter", false);
    yew::scheduler::flush().await;
    assert!(app.text("#editor-new-error").contains("names a directory"));
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));

    name.set_value("web.env");
    common::key(&name, "Enter", false);
    yew::scheduler::flush().await;
    assert!(app.find("#editor-new-form").is_none());
    assert_eq!(
        common::active_id(),
        "editor-text",
        "the cursor is in the new file"
    );
    let select: HtmlSelectElement = app.q("#editor-file").dyn_into().unwrap();
    assert_eq!(select.value(), "/home/learner/myapp/web.env");
    assert!(app
        .text("#editor-status")
        .contains("~/myapp/web.env does not exist yet"));
    assert!(app.find("#editor-up").is_none(), "not a compose file");

    let area = type_text(&app, "GREETING=hello\n").await;
    common::key(&area, "s", true);
    yew::scheduler::flush().await;
    assert_eq!(
        ran(&app).last().map(String::as_str),
        Some("cat > web.env <<'EOF'\n> GREETING=hello\n> EOF")
    );
    assert!(app
        .text("#editor-status")
        .starts_with("Saved in ~/myapp/web.env"));
    enter(&app, "cat web.env").await;
    let out = app.all_text(".term-output .entry.ran .out");
    assert_eq!(out.last().map(String::as_str), Some("GREETING=hello"));
}

//! The file editor (the Files tab): the host's files under the learner's
//! home, `compose.yaml` in the shell's directory first. Line numbers beside
//! the text; a compose file is loaded as `docker compose` would load it on
//! every change, and the error's line is marked in the gutter with its
//! message, line and column (and a button that puts the cursor there).
//!
//! Saving goes through the same files as the shell: the editor hands the
//! page the line `cat > compose.yaml <<'EOF' … EOF`, which runs like a typed
//! line, so a save is in the transcript, undo, the saved session and share
//! links. Keys: Ctrl+S (⌘S) saves, Ctrl+Enter saves and runs `docker
//! compose up -d`; Tab leaves the text as usual (keyboard users are never
//! trapped), and the buttons do the same as the keys.
//!
//! "New file" asks for a name (relative to the shell's directory, `~/…` or
//! absolute); Enter opens an empty file of that name (or the file, if it
//! exists) with the cursor in it, Escape goes back. Like a file opened in
//! an editor, it exists on the host once it is saved.

use bridgeport_golib::sorted_map::SortedMap;
use std::rc::Rc;

use bridgeport_commands::FileProblem;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The file names `docker compose` looks for, in its order.
pub const COMPOSE_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// What a save asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Save {
    /// Absolute path.
    pub path: String,
    pub text: String,
    /// Then run `docker compose up -d`.
    pub up: bool,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The host's files under the home directory: absolute paths and texts.
    pub files: Rc<Vec<(String, String)>>,
    /// The host shell's working directory (where `compose.yaml` is looked for).
    pub cwd: AttrValue,
    /// Loads a text as a compose file at a path: `None` when it loads.
    pub check: Callback<(String, String), Option<FileProblem>>,
    pub on_save: Callback<Save>,
}

/// `~/myapp/compose.yaml` for `/home/learner/myapp/compose.yaml`.
fn shown(path: &str) -> String {
    match path.strip_prefix(bridgeport_commands::shell::HOST_HOME) {
        Some(rest) if rest.starts_with('/') => format!("~{rest}"),
        _ => path.to_string(),
    }
}

fn is_compose(path: &str) -> bool {
    COMPOSE_FILES.contains(&path.rsplit('/').next().unwrap_or(path))
}

/// The absolute path a name typed for a new file stands for (relative to
/// `cwd`, `~` the home directory), or why it cannot name a file.
pub fn new_file_path(cwd: &str, name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Type a name for the new file, for example .env or web.env.");
    }
    if name.ends_with('/') || name.ends_with("/.") || name.ends_with("..") || name == "." {
        return Err("That names a directory: a file name does not end with / . or ..");
    }
    if name.len() > 255 || name.contains('\0') {
        return Err("That name is too long for a file (255 bytes at most).");
    }
    let home = bridgeport_commands::shell::HOST_HOME;
    let name = match name.strip_prefix('~') {
        Some("") => return Err("That names a directory: a file name does not end with / . or .."),
        Some(rest) if rest.starts_with('/') => format!("{home}{rest}"),
        _ => name.to_string(),
    };
    Ok(bridgeport_commands::shell::absolute(cwd, &name))
}

/// The byte offset of 1-based (line, column) in `text`, in UTF-16 units
/// (what a textarea's selection counts).
fn utf16_offset(text: &str, line: u32, column: u32) -> u32 {
    let mut offset = 0u32;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let col: u32 = l
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(|c| c.len_utf16() as u32)
                .sum();
            return offset + col;
        }
        offset += l.encode_utf16().count() as u32 + 1;
    }
    offset
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let default_path = {
        let cwd = props.cwd.to_string();
        let files = Rc::clone(&props.files);
        move || {
            COMPOSE_FILES
                .iter()
                .map(|n| format!("{cwd}/{n}"))
                .find(|p| files.iter().any(|(f, _)| f == p))
                .unwrap_or_else(|| format!("{cwd}/compose.yaml"))
        }
    };
    let path = use_state(default_path);
    // Unsaved texts by path: switching files loses nothing.
    let drafts = use_state(SortedMap::<String, String>::new);
    let text_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    // The "New file" form: open, and the reason its last name was refused.
    let naming = use_state(|| false);
    let naming_error = use_state(|| None::<&'static str>);
    let name_ref = use_node_ref();
    let new_ref = use_node_ref();
    // The form takes the focus when it opens.
    {
        let name_ref = name_ref.clone();
        use_effect_with(*naming, move |open| {
            if let (true, Some(i)) = (*open, name_ref.cast::<HtmlInputElement>()) {
                let _ = i.focus();
            }
        });
    }

    let saved = props
        .files
        .iter()
        .find(|(p, _)| *p == *path)
        .map(|(_, t)| t.clone());
    let text = drafts
        .get(&*path)
        .cloned()
        .or_else(|| saved.clone())
        .unwrap_or_default();
    // A new file with nothing typed yet is not "unsaved changes".
    let dirty = saved.as_deref() != Some(text.as_str()) && !(saved.is_none() && text.is_empty());
    let problem = {
        let check = props.check.clone();
        let key = ((*path).clone(), text.clone());
        use_memo(key, move |(p, t)| {
            if is_compose(p) && !t.is_empty() {
                check.emit((p.clone(), t.clone()))
            } else {
                None
            }
        })
    };

    let oninput = {
        let (drafts, path) = (drafts.clone(), path.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                let mut d = (*drafts).clone();
                d.insert((*path).clone(), t.value());
                drafts.set(d);
            }
        })
    };
    let save = {
        let (drafts, path, on_save) = (drafts.clone(), path.clone(), props.on_save.clone());
        let text = text.clone();
        Callback::from(move |up: bool| {
            on_save.emit(Save {
                path: (*path).clone(),
                text: text.clone(),
                up,
            });
            let mut d = (*drafts).clone();
            d.remove(&*path);
            drafts.set(d);
        })
    };
    let onkeydown = {
        let save = save.clone();
        Callback::from(move |e: KeyboardEvent| {
            let ctrl = e.ctrl_key() || e.meta_key();
            match e.key().as_str() {
                "s" | "S" if ctrl => {
                    e.prevent_default();
                    save.emit(false);
                }
                "Enter" if ctrl => {
                    e.prevent_default();
                    save.emit(true);
                }
                _ => {}
            }
        })
    };
    let onscroll = {
        let (text_ref, gutter_ref) = (text_ref.clone(), gutter_ref.clone());
        Callback::from(move |_: Event| {
            if let (Some(t), Some(g)) = (
                text_ref.cast::<HtmlElement>(),
                gutter_ref.cast::<HtmlElement>(),
            ) {
                g.set_scroll_top(t.scroll_top());
            }
        })
    };
    let onchange_file = {
        let path = path.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                path.set(s.value());
            }
        })
    };
    let open_naming = {
        let (naming, naming_error) = (naming.clone(), naming_error.clone());
        Callback::from(move |_: MouseEvent| {
            naming_error.set(None);
            naming.set(true);
        })
    };
    let close_naming = {
        let (naming, naming_error, new_ref) =
            (naming.clone(), naming_error.clone(), new_ref.clone());
        Callback::from(move |()| {
            naming.set(false);
            naming_error.set(None);
            if let Some(b) = new_ref.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let create = {
        let (naming, naming_error, name_ref) =
            (naming.clone(), naming_error.clone(), name_ref.clone());
        let (path, drafts, text_ref) = (path.clone(), drafts.clone(), text_ref.clone());
        let cwd = props.cwd.to_string();
        let files = Rc::clone(&props.files);
        Callback::from(move |()| {
            let name = name_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            match new_file_path(&cwd, &name) {
                Err(why) => naming_error.set(Some(why)),
                Ok(p) => {
                    // A new name starts as an empty draft, listed until it is saved.
                    if !files.iter().any(|(f, _)| *f == p) && !drafts.contains_key(&p) {
                        let mut d = (*drafts).clone();
                        d.insert(p.clone(), String::new());
                        drafts.set(d);
                    }
                    path.set(p);
                    naming.set(false);
                    naming_error.set(None);
                    if let Some(t) = text_ref.cast::<HtmlTextAreaElement>() {
                        let _ = t.focus();
                    }
                }
            }
        })
    };
    let onkeydown_name = {
        let (create, close_naming) = (create.clone(), close_naming.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                create.emit(());
            }
            "Escape" => {
                e.prevent_default();
                close_naming.emit(());
            }
            _ => {}
        })
    };
    let go_to = {
        let (text_ref, text) = (text_ref.clone(), text.clone());
        let at = problem
            .as_ref()
            .as_ref()
            .and_then(|p| Some((p.line?, p.column.unwrap_or(1))));
        Callback::from(move |_: MouseEvent| {
            if let (Some((line, col)), Some(t)) = (at, text_ref.cast::<HtmlTextAreaElement>()) {
                let off = utf16_offset(&text, line, col);
                let _ = t.focus();
                let _ = t.set_selection_range(off, off);
            }
        })
    };

    let mut names: Vec<String> = props.files.iter().map(|(p, _)| p.clone()).collect();
    // New files not saved yet stay in the list (their drafts are kept).
    for p in drafts.keys() {
        if !names.contains(p) {
            names.push(p.clone());
        }
    }
    if !names.contains(&*path) {
        names.insert(0, (*path).clone());
    }
    let lines = text.split('\n').count().max(1);
    let err_line = problem.as_ref().as_ref().and_then(|p| p.line);
    let name = shown(&path);
    let status = match (problem.as_ref(), dirty, saved.is_some()) {
        (Some(p), _, _) => {
            let at = match (p.line, p.column) {
                (Some(l), Some(c)) => format!("Line {l}, column {c}: "),
                (Some(l), None) => format!("Line {l}: "),
                _ => String::new(),
            };
            html! {
                <p id="editor-status" class="editor-status bad" role="status">
                    <span class="editor-where">{ at }</span>{ p.message.clone() }
                    if p.line.is_some() {
                        { " " }<button type="button" class="button small" id="editor-goto" onclick={go_to}>{ "Go to the error" }</button>
                    }
                </p>
            }
        }
        (None, true, _) => {
            html! { <p id="editor-status" class="editor-status" role="status">{ "Unsaved changes. Ctrl+S saves; Ctrl+Enter saves and runs docker compose up -d." }</p> }
        }
        (None, false, true) => {
            html! { <p id="editor-status" class="editor-status" role="status">{ format!("Saved in {name}.") }</p> }
        }
        (None, false, false) => {
            html! { <p id="editor-status" class="editor-status" role="status">{ format!("{name} does not exist yet: type it here and save.") }</p> }
        }
    };
    html! {
        <div class="editor">
            <div class="editor-bar">
                <label for="editor-file">{ "File" }</label>
                <select id="editor-file" onchange={onchange_file}>
                    { for names.iter().map(|p| html! { <option value={p.clone()} selected={*p == *path}>{ shown(p) }</option> }) }
                </select>
                <button type="button" class="button small" id="editor-save" title="Save (Ctrl+S)"
                    onclick={save.reform(|_: MouseEvent| false)}>{ "Save" }</button>
                <button type="button" class="button small" id="editor-new" ref={new_ref}
                    aria-expanded={if *naming { "true" } else { "false" }} aria-controls="editor-new-form"
                    onclick={open_naming}>{ "+ New file" }</button>
                if is_compose(&path) {
                    <button type="button" class="button small primary" id="editor-up" title="Save, then run docker compose up -d (Ctrl+Enter)"
                        onclick={save.reform(|_: MouseEvent| true)}>{ "Save and run " }<code>{ "docker compose up -d" }</code></button>
                }
            </div>
            if *naming {
                <div class="editor-new" id="editor-new-form" role="group" aria-label="New file">
                    <label for="editor-new-name">{ format!("Name (in {})", shown(&props.cwd)) }</label>
                    <input id="editor-new-name" ref={name_ref} type="text" spellcheck="false" autocomplete="off"
                        autocapitalize="off" placeholder="web.env"
                        aria-invalid={naming_error.is_some().then_some("true")}
                        aria-describedby={naming_error.is_some().then_some("editor-new-error")}
                        onkeydown={onkeydown_name} />
                    <button type="button" class="button small primary" id="editor-new-create"
                        onclick={create.reform(|_: MouseEvent| ())}>{ "Create" }</button>
                    <button type="button" class="button small" id="editor-new-cancel"
                        onclick={close_naming.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                    if let Some(why) = *naming_error {
                        <p id="editor-new-error" class="editor-status bad" role="alert">{ why }</p>
                    }
                </div>
            }
            <div class="editor-body">
                <div class="editor-gutter" aria-hidden="true" ref={gutter_ref}>
                    { for (1..=lines).map(|n| {
                        let bad = err_line == Some(n as u32);
                        html! { <div class={classes!("ln", bad.then_some("err"))}>{ n }</div> }
                    }) }
                </div>
                <textarea id="editor-text" ref={text_ref} value={text} spellcheck="false" autocomplete="off"
                    autocapitalize="off" wrap="off" aria-label={format!("Text of {name}")}
                    aria-describedby="editor-status" aria-invalid={problem.is_some().then_some("true")}
                    {oninput} {onkeydown} {onscroll} />
            </div>
            { status }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_utf16_units() {
        let t = "a: 1\nbé: x\nc";
        assert_eq!(utf16_offset(t, 1, 1), 0);
        assert_eq!(utf16_offset(t, 2, 3), 7);
        assert_eq!(utf16_offset(t, 3, 1), 11);
        assert_eq!(utf16_offset("😀x\ny", 1, 2), 2);
        assert_eq!(utf16_offset(t, 9, 1), 13);
    }

    #[test]
    fn new_file_names_resolve_against_the_shell_directory() {
        let cwd = "/home/learner/myapp";
        assert_eq!(
            new_file_path(cwd, "web.env"),
            Ok("/home/learner/myapp/web.env".into())
        );
        assert_eq!(
            new_file_path(cwd, " conf/a.env "),
            Ok("/home/learner/myapp/conf/a.env".into())
        );
        assert_eq!(
            new_file_path(cwd, "~/notes"),
            Ok("/home/learner/notes".into())
        );
        assert_eq!(new_file_path(cwd, "../x"), Ok("/home/learner/x".into()));
        assert_eq!(new_file_path(cwd, "/tmp/y"), Ok("/tmp/y".into()));
        for bad in ["", "  ", "dir/", ".", "..", "a/..", "~"] {
            assert!(new_file_path(cwd, bad).is_err(), "{bad:?}");
        }
        assert!(new_file_path(cwd, &"a".repeat(300)).is_err());
    }

    #[test]
    fn names_and_kinds() {
        assert_eq!(
            shown("/home/learner/myapp/compose.yaml"),
            "~/myapp/compose.yaml"
        );
        assert!(is_compose("/x/docker-compose.yml") && !is_compose("/x/.env"));
    }
}

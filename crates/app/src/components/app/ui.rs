//! The App root's own state, one hook per concern, so that its render
//! function only lays out: how the page starts (the session from the boot
//! config), the open tab, the theme, the node being inspected, the share
//! dialog, a lesson's command waiting in the terminal, the player's
//! controls, the snapshots the children compare cheaply, the editor's
//! save, and the matrix behind its size gate. The callbacks that never
//! change (the session's actions, the inspector's, a lesson's command, the
//! player's controls) are made once, in one memo ([`use_fixed`]), and the
//! effects' memory between renders is one `use_mut_ref`: each hook is its
//! own copy of the hook's code in the root's render function.
//!
//! The effects that reach outside the page (events, storage, share links
//! opened here, the clock) are in [`crate::hooks`]; the only effect here
//! applies the theme to the document.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_engine::{Matrix, Topology};
use yew::prelude::*;

use crate::boot::{self, Config};
use crate::components::editor::Save;
use crate::components::tabs::Tab;
use crate::hooks::{SessionActions, SharedMemory};
use crate::now;
use crate::persist;
use crate::player::{Player, PlayerAction};
use crate::state::{Action, Entry, State, DEFAULT_SEED};
use crate::theme::{self, Theme};

/// Changes with every action but Clear: the key of the snapshots.
fn key(state: &State) -> (usize, usize) {
    (state.next_id(), state.cleared_before)
}

/// How the page starts: the session and what boot found besides it.
pub struct Started {
    pub state: UseReducerHandle<State>,
    /// The theme the URL or the restored state asks for.
    pub theme: Option<Theme>,
    /// What boot had to say, until dismissed.
    pub notices: UseStateHandle<Vec<String>>,
    /// Save right away (a shared link was opened: it becomes the session).
    pub save_now: bool,
}

/// The session, started once from the boot config (storage is read only
/// when the config persists).
#[hook]
pub fn use_started(config: &Rc<Config>) -> Started {
    let init = {
        let config = Rc::clone(config);
        use_memo((), move |_| {
            let read = |k: &str| {
                if config.persist {
                    persist::read(k)
                } else {
                    None
                }
            };
            let s = boot::start(&config, read, now());
            (RefCell::new(Some(s.state)), s.theme, s.notices, s.save_now)
        })
    };
    let state = use_reducer(|| {
        init.0
            .borrow_mut()
            .take()
            .unwrap_or_else(|| State::new(DEFAULT_SEED, now()))
    });
    Started {
        state,
        theme: init.1,
        notices: use_state(|| init.2.clone()),
        save_now: init.3,
    }
}

/// The tab open at first: Inspect (before any traffic it has the most to
/// show: docker0 & co), or Files when a file was preloaded (`file=`); the
/// first shown tab when that one is not.
pub fn first_tab(config: &Config, tabs: &[Tab]) -> Tab {
    let wanted = if config.options.files.is_empty() {
        Tab::Inspect
    } else {
        Tab::Files
    };
    tabs.iter()
        .copied()
        .find(|t| *t == wanted)
        .or(tabs.first().copied())
        .unwrap_or(Tab::Inspect)
}

/// The theme, applied to the document of a full page, and the header's
/// toggle (which also remembers the choice in the document).
#[hook]
pub fn use_theme(asked: Option<Theme>, page: bool) -> (UseStateHandle<Theme>, Callback<()>) {
    let theme = use_state(|| asked.unwrap_or_else(theme::initial));
    use_effect_with(*theme, move |t| {
        if page {
            theme::apply(*t, false)
        }
    });
    let toggle = {
        let theme = theme.clone();
        Callback::from(move |_: ()| {
            let next = theme::other(*theme);
            if page {
                theme::apply(next, true);
            }
            theme.set(next);
        })
    };
    (theme, toggle)
}

/// The node the Inspect tab shows and the two ways to choose it, and the
/// tab bar's choice.
pub struct Inspect {
    pub node: UseStateHandle<Option<String>>,
    /// From the topology: also opens the Inspect tab (when it is shown).
    pub select: Callback<String>,
    /// From the inspector's own list: the tab is open already.
    pub pick: Callback<String>,
    /// From the tab bar.
    pub on_tab: Callback<Tab>,
}

/// The inspector's three callbacks (they never change: made once in
/// [`use_fixed`]'s memo).
fn inspect_callbacks(
    node: UseStateHandle<Option<String>>,
    tab: UseStateHandle<Tab>,
    has_inspect: bool,
) -> (Callback<String>, Callback<String>, Callback<Tab>) {
    let select = {
        let (node, tab) = (node.clone(), tab.clone());
        Callback::from(move |n: String| {
            node.set(Some(n));
            if has_inspect {
                tab.set(Tab::Inspect);
            }
        })
    };
    let pick = Callback::from(move |n: String| node.set(Some(n)));
    let on_tab = Callback::from(move |t: Tab| tab.set(t));
    (select, pick, on_tab)
}

/// The share dialog: the link (or why there is none) while it is open.
pub struct Share {
    pub link: UseStateHandle<Option<Result<AttrValue, AttrValue>>>,
    pub open: Callback<()>,
    pub close: Callback<()>,
}

#[hook]
pub fn use_share(state: &UseReducerHandle<State>, theme: Theme) -> Share {
    let shown = use_state(|| None::<Result<AttrValue, AttrValue>>);
    let open = {
        let (shown, state) = (shown.clone(), state.clone());
        Callback::from(move |_: ()| {
            // The link is deflated by the browser's streams: the dialog opens
            // once it is written, a few milliseconds later.
            let (shown, saved) = (shown.clone(), persist::saved(&state, theme));
            wasm_bindgen_futures::spawn_local(async move {
                let link = share_link(&saved).await;
                shown.set(Some(link.map(AttrValue::from).map_err(AttrValue::from)));
            });
        })
    };
    let close = {
        let shown = shown.clone();
        Callback::from(move |_: ()| shown.set(None))
    };
    Share {
        link: shown,
        open,
        close,
    }
}

/// The link that reproduces `saved` in the full page at this address.
async fn share_link(saved: &bridgeport_lessons::SavedState) -> Result<String, String> {
    let fragment = crate::share_codec::encode(saved)
        .await
        .map_err(|e| format!("This session cannot be shared: {e}."))?;
    let location = web_sys::window().ok_or("no window")?.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    Ok(format!("{origin}{path}#{fragment}"))
}

/// A lesson's command: typed into the terminal (`fill`, numbered so that
/// the same command twice fills twice), or run when there is no terminal.
/// Also the player's controls (`on_player`). Both never change: made once
/// in [`use_fixed`]'s memo.
fn lesson_command_callbacks(
    fill: UseStateHandle<Option<(usize, AttrValue)>>,
    run: Callback<String>,
    show_terminal: bool,
    d: UseReducerDispatcher<Player>,
) -> (Callback<String>, Callback<PlayerAction>) {
    let on_command = Callback::from(move |cmd: String| {
        if show_terminal {
            let n = fill.as_ref().map_or(0, |(n, _)| n + 1);
            fill.set(Some((n, AttrValue::from(cmd))));
        } else {
            run.emit(cmd);
        }
    });
    let on_player = Callback::from(move |a: PlayerAction| d.dispatch(a));
    (on_command, on_player)
}

/// The root's callbacks that never change: the session's actions, the
/// inspector's, a lesson's command and the player's controls. One memo
/// makes them all once (each `use_memo` or `use_callback` is a copy of the
/// hook's code in the root's render function).
pub struct Fixed {
    pub session: SessionActions,
    pub inspect: Inspect,
    /// A lesson's command waiting in the terminal's input.
    pub fill: Option<(usize, AttrValue)>,
    pub on_command: Callback<String>,
    pub on_player: Callback<PlayerAction>,
}

#[hook]
pub fn use_fixed(
    state: &UseReducerHandle<State>,
    persist: bool,
    tab: &UseStateHandle<Tab>,
    has_inspect: bool,
    show_terminal: bool,
    player: &UseReducerHandle<Player>,
) -> Fixed {
    let node = use_state(|| None::<String>);
    let fill = use_state(|| None::<(usize, AttrValue)>);
    let fixed = {
        let (d, pd) = (state.dispatcher(), player.dispatcher());
        let (node, tab, fill) = (node.clone(), tab.clone(), fill.clone());
        use_memo((), move |_| {
            let session = crate::hooks::session_actions(d, persist);
            let (select, pick, on_tab) = inspect_callbacks(node, tab, has_inspect);
            let (on_command, on_player) =
                lesson_command_callbacks(fill, session.run.clone(), show_terminal, pd);
            (session, select, pick, on_tab, on_command, on_player)
        })
    };
    let (session, select, pick, on_tab, on_command, on_player) = (*fixed).clone();
    Fixed {
        session,
        inspect: Inspect {
            node,
            select,
            pick,
            on_tab,
        },
        fill: (*fill).clone(),
        on_command,
        on_player,
    }
}

/// Opens a lesson (or the free playground): its stored session when the
/// page persists and has one, else a fresh start. It only dispatches: made
/// once, with the session's actions ([`crate::hooks::session_actions`]).
pub fn lesson_loader(d: UseReducerDispatcher<State>, persist: bool) -> Callback<Option<String>> {
    Callback::from(move |id: Option<String>| {
        let stored = persist
            .then(|| persist::stored_slot(id.as_deref()))
            .flatten();
        match stored
            .map(Ok)
            .unwrap_or_else(|| boot::fresh_saved(id.as_deref()))
        {
            Ok(saved) => d.dispatch(Action::Load {
                saved: Box::new(saved),
                now: now(),
            }),
            Err(e) => web_sys::console::warn_1(&e.into()),
        }
    })
}

/// What the children get from the session, rebuilt only when it changes.
#[derive(Clone)]
pub struct Snapshots {
    /// The terminal's entries (after the last `clear`).
    pub visible: Rc<Vec<Rc<Entry>>>,
    pub history: Rc<Vec<String>>,
    /// The entries that sent packets (the Packets tab).
    pub with_packets: Rc<Vec<Rc<Entry>>>,
    /// The editor's files in the host's home, and the shell's directory.
    pub host_files: Rc<Vec<(String, String)>>,
    pub host_cwd: Rc<AttrValue>,
    /// Tab completion: candidates for a line.
    pub complete: Callback<String, Vec<String>>,
    /// The editor's check: loads a text as a compose file at a path
    /// (`None` when it loads).
    pub check: Callback<(String, String), Option<bridgeport_commands::FileProblem>>,
    /// A command's packets loaded into the player (and the Packets tab
    /// opened, when it is shown): finds them in `with_packets`.
    pub show_packets: Callback<usize>,
    /// The editor's save: a line of the session, `cat > compose.yaml <<'EOF'
    /// … EOF` (then `docker compose up -d` for Ctrl+Enter), the path
    /// relative to the shell's directory.
    pub save: Callback<Save>,
}

/// One memo for all of them (each `use_memo` or `use_callback` is a copy
/// of the hook's code in the root's render function). The two callbacks
/// that read a snapshot are made with it.
#[hook]
pub fn use_snapshots(
    state: &UseReducerHandle<State>,
    paste: &Callback<Vec<String>>,
    player: &UseReducerHandle<Player>,
    tab: &UseStateHandle<Tab>,
    has_packets: bool,
) -> Snapshots {
    let key = key(state);
    let state = state.clone();
    let (paste, d, tab) = (paste.clone(), player.dispatcher(), tab.clone());
    let snap = use_memo(key, move |_| {
        let with_packets: Rc<Vec<Rc<Entry>>> = Rc::new(
            state
                .entries
                .iter()
                .filter(|e| !e.packets.is_empty())
                .cloned()
                .collect(),
        );
        let host_cwd = Rc::new(AttrValue::from(state.host_cwd()));
        Snapshots {
            visible: Rc::new(state.visible().cloned().collect()),
            history: Rc::new(state.history()),
            with_packets: Rc::clone(&with_packets),
            host_files: Rc::new(state.host_files(bridgeport_commands::shell::HOST_HOME)),
            host_cwd: Rc::clone(&host_cwd),
            complete: {
                let state = state.clone();
                Callback::from(move |line: String| state.complete(&line))
            },
            check: {
                let state = state.clone();
                Callback::from(move |(path, text): (String, String)| {
                    state.compose_problem(&path, &text)
                })
            },
            show_packets: Callback::from(move |id: usize| {
                if let Some(e) = with_packets.iter().find(|e| e.id == id) {
                    d.dispatch(PlayerAction::Load {
                        entry: id,
                        packets: Rc::clone(&e.packets),
                        autoplay: true,
                    });
                    if has_packets {
                        tab.set(Tab::Packets);
                    }
                }
            }),
            save: Callback::from(move |save: Save| {
                let path = save
                    .path
                    .strip_prefix(&format!("{host_cwd}/"))
                    .map_or(save.path.clone(), str::to_string);
                let mut lines = vec![bridgeport_commands::shell::heredoc_command(
                    &path, &save.text,
                )];
                if save.up {
                    lines.push("docker compose up -d".to_string());
                }
                paste.emit(lines);
            }),
        }
    });
    Snapshots::clone(&snap)
}

/// Running containers up to which the matrix is computed without asking.
const MATRIX_AUTO_LIMIT: usize = 100;

/// The matrix tab's gate and cache. Above [`MATRIX_AUTO_LIMIT`] running
/// containers the matrix waits for a click (it costs O(n²) probes: 200
/// containers on 20 networks take 100–150 ms in wasm); once confirmed it
/// stays so.
pub struct MatrixGate {
    confirmed: UseStateHandle<bool>,
    /// The last matrix drawn is kept in the root's memory.
    memory: SharedMemory,
}

impl MatrixGate {
    /// Does the matrix wait for a click?
    pub fn waits(&self, state: &State) -> bool {
        state.running_containers() > MATRIX_AUTO_LIMIT && !*self.confirmed
    }

    /// The gate's button: compute the matrix from now on.
    pub fn confirm(&self) -> Callback<MouseEvent> {
        let confirmed = self.confirmed.clone();
        Callback::from(move |_: MouseEvent| confirmed.set(true))
    }

    /// The matrix to draw. Like the topology, it follows a command one
    /// frame later: until the deferred `topology` catches up with the
    /// state, the last matrix drawn stays (computing it can take 100 ms).
    pub fn matrix(&self, state: &State, topology: &Rc<Topology>) -> Rc<Matrix> {
        let mut memory = self.memory.borrow_mut();
        match &memory.matrix {
            Some(m) if !Rc::ptr_eq(topology, &state.topology) => Rc::clone(m),
            _ => Rc::clone(memory.matrix.insert(state.matrix())),
        }
    }
}

#[hook]
pub fn use_matrix_gate(memory: &SharedMemory) -> MatrixGate {
    MatrixGate {
        confirmed: use_state(|| false),
        memory: Rc::clone(memory),
    }
}

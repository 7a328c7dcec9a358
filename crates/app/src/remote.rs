//! A mounted playground's state, reachable from outside Yew: the JS API
//! ([`crate::embed_api`]) and the iframe bridge ([`crate::bridge`]) run lines
//! and read the state through a [`Remote`]. The [`crate::App`] attaches its
//! reducer once it is mounted; work asked for before that waits for it.
//!
//! Lines go through the same reducer action as typed ones, so the lesson
//! checks them and they appear in the terminal.

use std::cell::RefCell;
use std::rc::Rc;

use bridgeport_lessons::SavedState;
use yew::UseReducerHandle;

use crate::state::{Action, Entry, EntryKind, State};

type Waiting = Vec<Box<dyn FnOnce(&Remote)>>;

#[derive(Default)]
struct Inner {
    handle: Option<UseReducerHandle<State>>,
    waiting: Waiting,
}

/// Shared handle; clones refer to the same playground.
#[derive(Clone, Default)]
pub struct Remote(Rc<RefCell<Inner>>);

impl PartialEq for Remote {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Remote {
    /// Called by the App once mounted: runs what was waiting.
    pub fn attach(&self, handle: UseReducerHandle<State>) {
        let waiting = {
            let mut inner = self.0.borrow_mut();
            inner.handle = Some(handle);
            std::mem::take(&mut inner.waiting)
        };
        for f in waiting {
            f(self);
        }
    }

    /// Called when the App goes away; nothing runs after this.
    pub fn detach(&self) {
        let mut inner = self.0.borrow_mut();
        inner.handle = None;
        inner.waiting.clear();
    }

    fn handle(&self) -> Option<UseReducerHandle<State>> {
        self.0.borrow().handle.clone()
    }

    /// Runs `f` now if the App is mounted, else once it is.
    pub fn when_ready(&self, f: impl FnOnce(&Remote) + 'static) {
        if self.handle().is_some() {
            f(self);
        } else {
            self.0.borrow_mut().waiting.push(Box::new(f));
        }
    }

    /// Runs one line as if typed; returns its transcript entry (None when
    /// not mounted, or for a line the page answers itself, such as `clear`).
    pub fn run(&self, line: String) -> Option<Rc<Entry>> {
        let handle = self.handle()?;
        let before = handle.next_id();
        crate::panic::remember_command(&line);
        handle.dispatch(Action::Run {
            line,
            now: crate::now(),
        });
        // The dispatch has already reduced: the handle reads the new state.
        let state: &State = &handle;
        state
            .entries
            .iter()
            .rev()
            .find(|e| e.id >= before && e.kind == EntryKind::Ran)
            .cloned()
    }

    /// A file on the host, as the shell reads it (None when there is none,
    /// or before mounting).
    pub fn read_file(&self, path: &str) -> Option<String> {
        self.handle().and_then(|h| h.host_file(path))
    }

    /// The state as it would be saved or shared (None before mounting).
    pub fn saved(&self) -> Option<SavedState> {
        self.handle().map(|h| h.to_saved())
    }
}

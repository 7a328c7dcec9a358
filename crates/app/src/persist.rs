//! Sessions in `localStorage`, as versioned [`SavedState`] JSON:
//! `bridgeport.session` is the page's last session, and
//! `bridgeport.lesson.<id>` / `bridgeport.free` keep each lesson's progress
//! (and the free playground's) so switching lessons and back loses nothing.
//! Storage that is full, disabled or missing is ignored: the page works
//! without it. Reading happens in [`crate::boot`]; this module only does I/O.

use bridgeport_lessons::{SavedState, Theme};

use crate::state::State;

/// The page's last session.
pub const SESSION_KEY: &str = "bridgeport.session";

/// Where a lesson's (or the free playground's) own progress is kept.
pub fn slot_key(lesson: Option<&str>) -> String {
    match lesson {
        Some(id) => format!("bridgeport.lesson.{id}"),
        None => "bridgeport.free".to_string(),
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a key (None when absent or when storage is unavailable).
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// The state as it is saved and shared, with the theme shown.
pub fn saved(state: &State, theme: Theme) -> SavedState {
    let mut saved = state.to_saved();
    saved.theme = Some(theme);
    saved
}

/// Saves the session: the page's session key (unless `embedded`) and the
/// lesson's own slot (an embedded free playground keeps nothing).
pub fn save(state: &State, theme: Theme, embedded: bool) {
    let saved = saved(state, theme);
    let Some(store) = storage() else { return };
    match saved.to_json() {
        Ok(json) => {
            if !embedded {
                let _ = store.set_item(SESSION_KEY, &json);
            }
            if !embedded || saved.lesson.is_some() {
                let _ = store.set_item(&slot_key(saved.lesson.as_deref()), &json);
            }
        }
        Err(e) => {
            web_sys::console::warn_1(&format!("bridgeport: the session was not saved: {e}").into())
        }
    }
}

/// The saved progress of a lesson (for the lesson chooser and switching).
pub fn stored_slot(lesson: Option<&str>) -> Option<SavedState> {
    SavedState::from_json(&read(&slot_key(lesson))?)
        .ok()
        .filter(|s| s.lesson.as_deref() == lesson)
}

//! `use_deferred` and `after_paint`: what follows a command one frame later.
//!
//! The terminal answers a command in the frame after Enter; the views that
//! are costly to lay out (the topology's SVG takes ~4 ms of layout per
//! change on a 2-core laptop, the inspector, the packets starting to play)
//! take the new state in the frame after that.
//! The same idea as React's `useDeferredValue`: input first, then the rest.
//! Several changes within one frame (a paste) are drawn once.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

/// An `Rc` compared by address: the dependency of the effect below.
#[derive(Clone)]
struct ByPtr<T>(Rc<T>);

impl<T> PartialEq for ByPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A callback waiting for the frame after the next one. It is only held:
/// dropping it cancels the frame request.
pub struct AfterPaint(#[allow(dead_code)] Rc<RefCell<Option<AnimationFrame>>>);

/// Runs `f` at the start of the frame after the next one: the next frame
/// paints what is already in the DOM (the terminal's answer), then `f`'s
/// changes are laid out and painted with the frame after it.
pub fn after_paint(f: impl FnOnce() + 'static) -> AfterPaint {
    let slot = Rc::new(RefCell::new(None));
    let later = Rc::clone(&slot);
    let first = request_animation_frame(move |_| {
        let next = request_animation_frame(move |_| f());
        *later.borrow_mut() = Some(next);
    });
    *slot.borrow_mut() = Some(first);
    AfterPaint(slot)
}

/// `value` as it was one painted frame ago (immediately on first render).
/// A newer value cancels the update still pending for an older one.
#[hook]
pub fn use_deferred<T: 'static>(value: Rc<T>) -> Rc<T> {
    let shown = use_state(|| Rc::clone(&value));
    let pending = use_mut_ref(|| None::<AfterPaint>);
    {
        let (shown, pending) = (shown.clone(), pending.clone());
        use_effect_with(ByPtr(value), move |v| {
            if !Rc::ptr_eq(&v.0, &*shown) {
                let v = Rc::clone(&v.0);
                *pending.borrow_mut() = Some(after_paint(move || shown.set(v)));
            }
        });
    }
    Rc::clone(&shown)
}

//! `use_deferred`: a value that follows another one frame later.
//!
//! The terminal answers a command in the frame after Enter; the views that
//! are costly to lay out (the topology's SVG takes ~4 ms of layout per
//! change on a 2-core laptop) take the new state in the frame after that.
//! The same idea as React's `useDeferredValue`: input first, then the rest.
//! Several changes within one frame (a paste) are drawn once.

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

/// `value` as it was one painted frame ago (immediately on first render).
/// A newer value cancels the update still pending for an older one.
#[hook]
pub fn use_deferred<T: 'static>(value: Rc<T>) -> Rc<T> {
    let shown = use_state(|| Rc::clone(&value));
    // The animation frame still to come (dropping it cancels it).
    let pending = use_mut_ref(|| None::<AnimationFrame>);
    {
        let (shown, pending) = (shown.clone(), pending.clone());
        use_effect_with(ByPtr(value), move |v| {
            if !Rc::ptr_eq(&v.0, &*shown) {
                let v = Rc::clone(&v.0);
                let later = Rc::clone(&pending);
                // The first frame paints the terminal; the value changes
                // at the start of the one after it, before its layout.
                let frame = request_animation_frame(move |_| {
                    let next = request_animation_frame(move |_| shown.set(v));
                    *later.borrow_mut() = Some(next);
                });
                *pending.borrow_mut() = Some(frame);
            }
        });
    }
    Rc::clone(&shown)
}

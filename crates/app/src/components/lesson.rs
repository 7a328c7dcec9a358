//! The lesson panel: the lesson's title and progress (one marker per step,
//! a click goes to that step), its introduction, the current step's text
//! with clickable commands, and, in a footer that never scrolls away, the
//! live check after every command (what is not yet true, as a checklist),
//! Back, Hint, Solution, "Reset step" and Next.
//!
//! A click on a command types it into the terminal's command line and
//! focuses it, so the learner reads it and presses Enter (a playground
//! without a terminal panel runs it at once). Lesson text is rendered by
//! [`super::markdown`], never as HTML.

use std::rc::Rc;

use bridgeport_lessons::{Block, LessonRun, StepResult};
use yew::prelude::*;

use super::markdown;
use crate::state::LessonNav;

#[derive(Properties)]
pub struct LessonProps {
    pub run: Rc<LessonRun>,
    /// The last check of the current step, if one ran since it began.
    pub check: Option<Rc<StepResult>>,
    /// A command was clicked.
    pub on_command: Callback<String>,
    pub on_nav: Callback<LessonNav>,
}

impl PartialEq for LessonProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.run, &o.run)
            && self.check == o.check
            && self.on_command == o.on_command
            && self.on_nav == o.on_nav
    }
}

fn commands(cmds: &[String], on_command: &Callback<String>) -> Html {
    html! {
        <ul class="run-cmds">
            { for cmds.iter().map(|c| {
                let cmd = c.clone();
                let onclick = on_command.reform(move |_: MouseEvent| cmd.clone());
                html! {
                    <li><button type="button" class="run-cmd" title="Type this command into the terminal" {onclick}>
                        <span class="prompt" aria-hidden="true">{ "$ " }</span>{ c.clone() }
                    </button></li>
                }
            }) }
        </ul>
    }
}

fn blocks(body: &[Block], on_command: &Callback<String>) -> Html {
    html! {
        { for body.iter().map(|b| match b {
            Block::Text(t) => markdown::text(t),
            Block::Run(cmds) => commands(cmds, on_command),
        }) }
    }
}

#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let run = &props.run;
    let lesson = run.lesson();
    let p = run.progress();
    let n = lesson.steps.len();
    let done = p.completed.iter().filter(|d| **d).count();
    let show_hint = use_state(|| false);
    let show_solution = use_state(|| false);
    {
        let (h, s) = (show_hint.clone(), show_solution.clone());
        use_effect_with((lesson.id.clone(), p.step), move |_| {
            h.set(false);
            s.set(false);
        });
    }
    let nav = |n: LessonNav| props.on_nav.reform(move |_: MouseEvent| n);
    let toggle = |s: &UseStateHandle<bool>| {
        let s = s.clone();
        Callback::from(move |_: MouseEvent| s.set(!*s))
    };
    let check = props.check.as_deref();
    // The step that just passed (the current one is the next).
    let passed = check
        .filter(|c| c.passed && c.step + 1 == p.step)
        .and_then(|c| lesson.steps.get(c.step));
    let failed = check.filter(|c| !c.passed && !c.finished && c.step == p.step);
    let can_forward = p.step < n
        && (p.step + 1 < p.step_starts.len() || p.completed.get(p.step).copied().unwrap_or(false));
    let intro = blocks(&lesson.intro, &props.on_command);

    html! {
        <div class="lesson">
            <div class="pane-head">
                <h2 id="lesson-title">{ lesson.title.clone() }</h2>
                if n > 0 {
                    <span class="muted lesson-progress">{ format!("{done} of {n} steps done") }</span>
                }
            </div>
            <div class="lesson-body">
                if n > 0 {
                    <ol class="step-marks" aria-label="Steps (a click goes to the step)">
                        { for lesson.steps.iter().enumerate().map(|(i, s)| {
                            let is_done = p.completed.get(i).copied().unwrap_or(false);
                            let state = if is_done { "done" } else if i == p.step { "current" } else { "todo" };
                            let reached = i < p.step_starts.len() || is_done;
                            let how = if i == p.step || reached { "" } else { "; a click runs the solutions of the steps before it" };
                            html! {
                                <li>
                                    <button type="button" class={classes!("mark", state)} data-step={(i + 1).to_string()}
                                        title={format!("Step {}: {} ({state}){how}", i + 1, s.title)}
                                        aria-label={format!("Step {}: {} ({state})", i + 1, s.title)}
                                        aria-current={(i == p.step).then_some("step")}
                                        onclick={props.on_nav.reform(move |_: MouseEvent| LessonNav::Go(i))}>
                                        { if is_done { "✓".to_string() } else { (i + 1).to_string() } }
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                }
                if n == 0 || (p.step == 0 && done == 0) {
                    <div class="lesson-intro">{ intro }</div>
                } else {
                    <details class="lesson-intro"><summary>{ "Introduction" }</summary>{ intro }</details>
                }
                if n == 0 {
                    <p class="muted">{ "A free sandbox: nothing is checked." }</p>
                } else if let Some(step) = run.current() {
                    <article class="step" aria-labelledby="step-title">
                        <h3 id="step-title">{ format!("Step {} of {n}: {}", step.number, step.title) }</h3>
                        { blocks(&step.body, &props.on_command) }
                    </article>
                    if *show_hint {
                        <p class="lesson-hint">{ markdown::line(&step.hint) }</p>
                    }
                    if *show_solution {
                        <div class="lesson-solution">
                            if step.solution.is_empty() {
                                <p class="muted">{ "This step has no written solution: the hint says what to do." }</p>
                            } else {
                                { commands(&step.solution, &props.on_command) }
                            }
                        </div>
                    }
                } else {
                    <div class="check passed lesson-done" role="status">
                        <strong>{ format!("Lesson complete: all {n} steps done.") }</strong>
                        { " Keep experimenting, or choose another lesson." }
                    </div>
                }
            </div>
            // What the learner needs after every command stays in sight: the
            // check's result, Hint, Back and Next, below the scrolling text.
            <div class="lesson-foot">
                if let Some(step) = passed {
                    <div class="check passed" role="status">
                        <strong>{ format!("✓ Step {} done.", step.number) }</strong>
                        { " " }
                        { step.success.as_deref().map(markdown::line).unwrap_or_default() }
                    </div>
                }
                if let Some(c) = failed {
                    <div class="check failed" role="status">
                        <p>{ "Not yet — what is still missing:" }</p>
                        <ul class="checklist">
                            { for c.failed_parts.iter().map(|part| html! { <li>{ part.clone() }</li> }) }
                        </ul>
                    </div>
                }
                if n > 0 {
                    <div class="lesson-nav">
                        <button type="button" class="button small" id="lesson-back" onclick={nav(LessonNav::Back)}
                            disabled={p.step == 0}>{ "← Back" }</button>
                        if run.current().is_some() {
                            <button type="button" class="button small" id="lesson-hint" aria-expanded={show_hint.to_string()}
                                onclick={toggle(&show_hint)}>{ "Hint" }</button>
                            <button type="button" class="button small" id="lesson-solution" aria-expanded={show_solution.to_string()}
                                onclick={toggle(&show_solution)}>{ if *show_solution { "Hide solution" } else { "Solution" } }</button>
                            <button type="button" class="button small" id="lesson-reset-step" onclick={nav(LessonNav::ResetStep)}
                                title="Put the host back as it was when this step began">{ "Reset step" }</button>
                        }
                        <button type="button" class="button small" id="lesson-next" onclick={nav(LessonNav::Forward)}
                            disabled={!can_forward}>{ "Next →" }</button>
                    </div>
                }
            </div>
        </div>
    }
}

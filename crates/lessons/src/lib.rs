//! # bridgeport-lessons: guided lessons, progress, and sharing
//!
//! A lesson is a Markdown file that a course author writes without Rust. The
//! learner types into the playground as usual; after every command the
//! current step's *check* is evaluated against the simulator's state and the
//! packets and commands of this step, so any correct solution passes, and a
//! failing check says which part is not yet true. This crate is pure: no
//! browser, no clock, no storage. The page calls it (see "For the page").
//!
//! ## The lesson format
//!
//! ````markdown
//! ---
//! title: Publishing a port
//! id: publish
//! seed: 42
//! summary: Make a web server reachable from outside its container.
//! setup: |
//!   docker pull nginx
//! ---
//!
//! Containers live in their own network namespace. This text is the intro.
//!
//! ## Step 1: Run a web server
//!
//! Start nginx with its port 80 published on the host's port 9000:
//!
//! ```run
//! docker run -d --name web -p 9000:80 nginx
//! ```
//!
//! check:
//! ```
//! container web running and container web image nginx
//! container web publishes 80/tcp on 9000
//! ```
//! hint: `-p` takes HOST:CONTAINER, so host port 9000 comes first.
//! solution:
//! ```
//! docker run -d --name web -p 9000:80 nginx
//! ```
//! success: nginx now answers on every address of the host, port 9000.
//!
//! ## Step 2: Ask it for a page
//!
//! check: packet tcp from host to web:80 answered
//! hint: Try `curl localhost:9000`.
//! ````
//!
//! - **Front matter** between two `---` lines: `title:` and `id:` (lowercase
//!   letters, digits, `-`) are required; `seed:` (default 1), `summary:` and
//!   `setup:` are optional. `setup: |` takes indented command lines below it
//!   (or one command on the same line); they run silently before the lesson.
//! - **Intro**: any Markdown before the first step.
//! - **Steps**: `## Step N: Title`, numbered 1, 2, 3... Inside a step:
//!   - Markdown text; ```` ```run ```` blocks are clickable commands, one per
//!     line (the page types them into the terminal). Other fenced blocks are text.
//!   - `check:` (required) — one condition on the same line, or a fenced
//!     block right below with one or more conditions per line.
//!   - `hint:` (required) — one line, shown when the check fails.
//!   - `solution:` (optional) — one command on the same line, or a fenced
//!     block of commands; shown on request.
//!   - `success:` (optional) — one line, shown when the step passes.
//! - A lesson without steps is a free sandbox.
//!
//! Lessons are validated when loaded: [`Lesson::parse`] returns a
//! [`LessonError`] with the line (`line 14: step 2 ("Publish") has no check`).
//!
//! ## The check language
//!
//! Every line of a check, and every part joined with `and`, must hold; `not`
//! before a condition negates it; `"quoted text"` is one word. PORT is `80`
//! or `80/udp` (tcp by default). NODE is `host` (or `localhost`), `lan`,
//! `internet` or a container name. State conditions:
//!
//! | condition | true when |
//! |---|---|
//! | `container NAME exists` / `running` / `stopped` | |
//! | `container NAME image nginx` (or `nginx:alpine`) | any tag unless one is given |
//! | `container NAME publishes PORT` | it is running and binds PORT on some host port |
//! | `container NAME publishes PORT on 9000` (or `on 127.0.0.1:9000`) | ... on that host port (and address) |
//! | `container NAME exposes PORT` | image EXPOSE, `--expose` or published |
//! | `container NAME on network NET` | attached (`host`/`none` name those modes) |
//! | `container NAME address in 172.17.0.0/16` | running with an address there |
//! | `containers A B share a network` | both on one bridge network |
//! | `network NET exists` / `internal` / `driver bridge` / `subnet CIDR` | |
//! | `host port 8000 published [to 80]` | a running container binds it |
//! | `host ports 8000 8001 published [to 80] [by different containers]` | |
//! | `at least N containers running` | |
//!
//! Conditions about what happened *in the current step* (since it began):
//!
//! | condition | true when |
//! |---|---|
//! | `packet [tcp\|udp\|icmp] from NODE to TARGET[:PORT] delivered` | a packet from NODE reached TARGET (a node or an IPv4 address) |
//! | `... answered` (also `reply`) | ... and the reply came back |
//! | `... dropped` / `rejected` / `failed` | a packet towards TARGET was dropped / refused / either |
//! | `ping from A to B [by name] succeeded` / `failed` | an echo request was answered (after a name lookup) / was not, or the name did not resolve |
//! | `lookup NAME from A succeeded` / `failed` | A resolved NAME (DNS or /etc/hosts) / could not |
//! | `command WORDS ran` / `succeeded` / `failed` `[with "TEXT"]` | a command containing these words, in order, ran / exited 0 / did not (and printed TEXT) |
//!
//! A failing condition explains itself: "web is running, but it publishes
//! 80/tcp on 8080, not 9000"; "the tcp packet from host to web:80 did not get
//! there: it was dropped at host (filter FORWARD): ...".
//!
//! ## For the page
//!
//! - Start: [`builtin::load`]`(id)` or [`Lesson::parse`]; [`LessonRun::new`];
//!   [`LessonRun::fresh_session`] (seed + setup).
//! - After each command: [`LessonRun::after_command`]`(&session, &outcome)`
//!   gives a [`StepResult`]; show `failed_parts` and the hint when it fails.
//! - Buttons: [`LessonRun::solution`], [`LessonRun::reset_step`] (lines to
//!   replay on a fresh session) or [`LessonRun::mark_step_reset`],
//!   [`LessonRun::go_back`] / [`LessonRun::go_forward`].
//! - Save and share: [`SavedState`] ([`SavedState::to_json`] for
//!   `localStorage`, [`SavedState::encode`] for the URL fragment,
//!   [`SavedState::decode`] / [`SavedState::from_json`] to restore, then
//!   [`LessonRun::restore`] with [`SavedState::progress`]).
//! - Query parameters: [`share::parse_query`].

pub mod builtin;
pub mod check;
pub mod lesson;
pub mod progress;
pub mod share;

pub use check::{Check, Clause, Event, Facts, Pred};
pub use lesson::{Block, Lesson, LessonError, Step};
pub use progress::{replay, LessonRun, Progress, StepResult};
pub use share::{PageOptions, SavedState, ShareError, Theme};

//! The lessons that ship with Bridgeport, as Markdown files compiled into the
//! binary. Tests load every one of them and run their solutions, so a lesson
//! that fails to parse or cannot be solved never ships.

use crate::lesson::{Lesson, LessonError};

/// `(id, source)` for every built-in lesson, in the order a menu lists them.
pub const SOURCES: [(&str, &str); 5] = [
    ("basics", include_str!("../lessons/basics.md")),
    ("user-networks", include_str!("../lessons/user-networks.md")),
    (
        "compose-networking",
        include_str!("../lessons/compose-networking.md"),
    ),
    ("host-firewall", include_str!("../lessons/host-firewall.md")),
    ("sandbox", include_str!("../lessons/sandbox.md")),
];

/// The ids of the built-in lessons.
pub fn ids() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(id, _)| *id)
}

/// Loads a built-in lesson by id.
pub fn load(id: &str) -> Option<Result<Lesson, LessonError>> {
    SOURCES
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, src)| Lesson::parse(src))
}

/// Every built-in lesson that parses (all of them: a test makes sure).
pub fn all() -> Vec<Lesson> {
    SOURCES
        .iter()
        .filter_map(|(_, src)| Lesson::parse(src).ok())
        .collect()
}

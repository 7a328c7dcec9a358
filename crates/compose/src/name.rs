//! The project name (reference §1.1; compose-go `loader.projectName`,
//! `NormalizeProjectName`, `cli/options.go` withNamePrecedenceLoad):
//! `-p`, then `COMPOSE_PROJECT_NAME`, then the top-level `name:` of the last
//! file that has one (interpolated, then normalised silently), then the
//! project directory's base name (normalised). `-p` and
//! `COMPOSE_PROJECT_NAME` are validated instead: a name normalisation would
//! change is an error.

/// compose-go `NormalizeProjectName`: lowercase, keep `[a-z0-9_-]`, trim
/// leading `_` and `-`.
pub fn normalize(s: &str) -> String {
    // Go's strings.ToLower maps every rune, but only the result's ASCII
    // survives the filter, and the only non-ASCII runes whose lowercase is
    // ASCII are KELVIN SIGN (k) and LATIN CAPITAL I WITH DOT (i); the page
    // is spared the Unicode case tables.
    let kept: String = s
        .chars()
        .map(|c| match c {
            '\u{212A}' => 'k',
            '\u{130}' => 'i',
            c => c.to_ascii_lowercase(),
        })
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

/// compose-go `InvalidProjectNameErr`.
pub fn invalid(name: &str) -> String {
    format!(
        "invalid project name {}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
        crate::yaml::go_quote(name)
    )
}

/// Where the name came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `-p` or `COMPOSE_PROJECT_NAME`: validated, not normalised.
    Imperative,
    /// A file's `name:`.
    File,
    /// The project directory.
    Directory,
}

/// The base name of a path (Go `filepath.Base`).
pub fn base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference §1.1 (executed cases).
    #[test]
    fn normalisation_matches_compose_go() {
        assert_eq!(normalize("My App!"), "myapp");
        assert_eq!(normalize("My_Dir.v2"), "my_dirv2");
        assert_eq!(normalize("_Leading-Dash"), "leading-dash");
        assert_eq!(normalize("ÄÖ"), "");
        assert_eq!(normalize("\u{212A}\u{130}x"), "kix");
        assert_eq!(base("/home/learner/myapp"), "myapp");
        assert_eq!(base("/home/learner/myapp/"), "myapp");
    }
}

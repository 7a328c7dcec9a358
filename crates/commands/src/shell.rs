//! Splitting a command line into words the way a POSIX shell does for simple
//! commands: quotes, escapes, and a clear error for an unterminated quote.

/// Splits a line into words. Pipes, redirections and `&&` are not interpreted
/// (the playground runs one simple command per line).
pub fn split(line: &str) -> Result<Vec<String>, String> {
    match shlex::split(line) {
        Some(words) => Ok(words),
        None => Err(
            "bridgeport: unterminated quote or trailing backslash in the command line".to_string(),
        ),
    }
}

/// Quotes a word for display, only when needed.
pub fn quote(word: &str) -> String {
    shlex::try_quote(word)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| word.to_string())
}

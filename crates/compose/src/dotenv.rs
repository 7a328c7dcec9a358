//! `.env` and `--env-file` files, parsed as compose-go's `dotenv` package
//! parses them (`dotenv/parser.go`): `KEY=value`, `KEY: value`, `export
//! KEY=value`, comments, ` #` ending an unquoted value, single quotes
//! (literal) and double quotes (escapes and `${VAR}` expanded), a bare
//! `KEY` inheriting from the environment, and its error texts (`line 3:
//! unexpected character "!" in variable name "KEY!=x"`).

use bridgeport_golib::sorted_map::SortedMap;

/// Parses `src`, adding its variables to `out`. `lookup` gives the values
/// that win over the file's (the OS environment) and is asked first when
/// the file expands `${VAR}`, then the file's own earlier variables.
pub fn parse(
    src: &str,
    out: &mut SortedMap<String, String>,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut line = 1usize;
    let mut rest = src;
    loop {
        rest = statement_start(rest, &mut line);
        if rest.is_empty() {
            return Ok(());
        }
        let (key, left, inherited) = key_name(rest, &mut line)?;
        if key.contains(' ') {
            return Err(format!("line {line}: key cannot contain a space"));
        }
        if inherited {
            if let Some(v) = lookup(&key) {
                out.insert(key, v);
            }
            rest = left;
            continue;
        }
        let (value, left) = value(left, out, lookup, &mut line)?;
        out.insert(key, value);
        rest = left;
    }
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

fn statement_start<'a>(mut src: &'a str, line: &mut usize) -> &'a str {
    loop {
        let Some(pos) = src.find(|c: char| {
            if c == '\n' {
                *line += 1;
            }
            !c.is_whitespace()
        }) else {
            return "";
        };
        src = &src[pos..];
        if !src.starts_with('#') {
            return src;
        }
        match src.find('\n') {
            None => return "",
            Some(p) => src = &src[p..],
        }
    }
}

fn key_name<'a>(src: &'a str, line: &mut usize) -> Result<(String, &'a str, bool), String> {
    let mut src = src;
    if let Some(after) = src.strip_prefix("export") {
        if after.starts_with(is_space) {
            src = after.trim_start_matches(is_space);
        }
    }
    let mut key = None;
    let mut offset = 0;
    let mut inherited = false;
    for (i, c) in src.char_indices() {
        if is_space(c) {
            continue;
        }
        match c {
            '=' | ':' | '\n' => {
                key = Some(&src[..i]);
                offset = i + 1;
                inherited = c == '\n';
                break;
            }
            '_' | '.' | '-' | '[' | ']' => {}
            c if c.is_alphanumeric() => {}
            c => {
                return Err(format!(
                    "line {line}: unexpected character {} in variable name {}",
                    crate::yaml::go_quote(&c.to_string()),
                    crate::yaml::go_quote(src.split('\n').next().unwrap_or(""))
                ))
            }
        }
    }
    // A last line without `=` is a bare (inherited) key too.
    let key = match key {
        Some(k) => k,
        None => {
            inherited = true;
            offset = src.len();
            src
        }
    };
    if inherited && !key.contains(' ') {
        *line += 1;
    }
    let key = key.trim_end().to_string();
    let rest = src[offset..].trim_start_matches(is_space);
    Ok((key, rest, inherited))
}

fn value<'a>(
    src: &'a str,
    vars: &SortedMap<String, String>,
    lookup: &dyn Fn(&str) -> Option<String>,
    line: &mut usize,
) -> Result<(String, &'a str), String> {
    let expand = |v: &str| -> Result<String, String> {
        let mut unset = Vec::new();
        crate::interpolate::substitute(
            v,
            &|k: &str| lookup(k).or_else(|| vars.get(k).cloned()),
            &mut unset,
        )
        .map_err(|e| e.text())
    };
    let quote = match src.as_bytes().first() {
        Some(b'"') => b'"',
        Some(b'\'') => b'\'',
        _ => {
            let (v, rest) = src.split_once('\n').unwrap_or((src, ""));
            *line += 1;
            let v = v.split(" #").next().unwrap_or("").trim_end();
            return Ok((expand(v)?, rest));
        }
    };
    let bytes = src.as_bytes();
    let mut chars: Vec<u8> = Vec::new();
    let mut escape = false;
    for (i, &c) in bytes.iter().enumerate().skip(1) {
        if c == b'\n' {
            *line += 1;
        }
        if c != quote {
            if !escape && c == b'\\' {
                escape = true;
                continue;
            }
            if escape {
                escape = false;
                chars.push(b'\\');
            }
            chars.push(c);
            continue;
        }
        if escape {
            escape = false;
            chars.push(c);
            continue;
        }
        let v = String::from_utf8_lossy(&chars).into_owned();
        let v = if quote == b'"' {
            expand(&escapes(&v))?
        } else {
            v
        };
        return Ok((v, &src[i + 1..]));
    }
    let end = src.find('\n').unwrap_or(src.len());
    Err(format!(
        "line {line}: unterminated quoted value {}",
        &src[..end]
    ))
}

/// compose-go `expandEscapes`: `\n`, `\t`, … and `\$` (kept as `$$` for
/// the interpolation that follows).
fn escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.peek().copied() {
            Some('$') => {
                it.next();
                out.push_str("$$");
            }
            Some('c') => out.push('\\'),
            Some(e @ ('a' | 'b' | 'f' | 'n' | 'r' | 't' | 'v' | '"' | '\\')) => {
                it.next();
                out.push(match e {
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\u{b}',
                    '"' => '"',
                    _ => '\\',
                });
            }
            _ => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<SortedMap<String, String>, String> {
        let mut out = SortedMap::new();
        parse(src, &mut out, &|k| {
            (k == "HOME").then(|| "/home/learner".to_string())
        })?;
        Ok(out)
    }

    // compose-go dotenv/fixtures (plain.env, quoted.env, exported.env).
    #[test]
    fn forms_follow_compose_go_dotenv() {
        let m = load("# c\nA=1\nexport B=2\nC: 3\nD='x $HOME'\nE=\"a\\nb ${HOME}\"\nF=v # comment\nG=\nHOME\n").unwrap();
        assert_eq!(m["A"], "1");
        assert_eq!(m["B"], "2");
        assert_eq!(m["C"], "3");
        assert_eq!(m["D"], "x $HOME");
        assert_eq!(m["E"], "a\nb /home/learner");
        assert_eq!(m["F"], "v");
        assert_eq!(m["G"], "");
        assert_eq!(m["HOME"], "/home/learner");
    }

    #[test]
    fn errors_follow_compose_go_dotenv() {
        assert_eq!(
            load("A=1\nB!=2\n").unwrap_err(),
            "line 2: unexpected character \"!\" in variable name \"B!=2\""
        );
        assert_eq!(
            load("A=\"open\n").unwrap_err(),
            "line 2: unterminated quoted value \"open"
        );
    }
}

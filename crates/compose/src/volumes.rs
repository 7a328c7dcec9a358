//! Service `volumes:` entries, which Bridgeport accepts but does not
//! simulate, read far enough to be checked and printed as Compose does:
//! the short syntax parsed as compose-go's `format.ParseVolume` (`data:/x`
//! a named volume, `./html:/x` or `/srv:/x` a bind mount, `/x` alone an
//! anonymous volume, `:ro`), relative bind sources resolved against the
//! project directory (`paths.ResolveRelativePaths`), and the long form
//! printed in `types.ServiceVolumeConfig` field order by `config`.

use crate::yaml::{Kind, Node, Pos};

/// One mount in compose-go's long form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mount {
    /// `volume`, `bind`, `tmpfs`, `npipe`, `cluster`, `image`.
    pub kind: String,
    /// The volume name or host path (absolute for binds); empty for an
    /// anonymous volume.
    pub source: String,
    /// The path in the container.
    pub target: String,
    /// `:ro` / `read_only: true`.
    pub read_only: bool,
}

/// compose-go `isFilePath`.
fn is_file_path(s: &str) -> bool {
    match s.as_bytes().first() {
        None => false,
        Some(b'.' | b'/' | b'~') => true,
        _ => {
            s.starts_with("\\\\")
                || (s.len() >= 2
                    && s.as_bytes()[0].is_ascii_alphabetic()
                    && s.as_bytes()[1] == b':')
        }
    }
}

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            x => parts.push(x),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// compose-go `format.ParseVolume` (without Windows drive letters in the
/// middle of a spec, which a Linux host never sees).
pub fn parse_short(spec: &str) -> Result<Mount, String> {
    if spec.is_empty() {
        return Err("invalid empty volume spec".into());
    }
    if spec.chars().count() <= 2 {
        return Ok(Mount {
            kind: "volume".into(),
            target: spec.into(),
            ..Mount::default()
        });
    }
    // Split at colons outside `${…}`, keeping a drive letter's colon.
    let mut fields: Vec<String> = Vec::new();
    let mut buf = String::new();
    let mut depth = 0usize;
    let chars: Vec<char> = spec.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '$' && chars.get(i + 1) == Some(&'{') {
            depth += 1;
        } else if c == '}' && depth > 0 {
            depth -= 1;
        } else if c == ':'
            && depth == 0
            && !(buf.chars().count() == 1 && buf.chars().all(char::is_alphabetic))
        {
            fields.push(std::mem::take(&mut buf));
            continue;
        }
        buf.push(c);
    }
    fields.push(buf);
    let bad = |why: &str| Err(format!("invalid spec: {spec}: {why}"));
    if fields.iter().any(String::is_empty) {
        return bad("empty section between colons");
    }
    if fields.len() > 3 {
        return bad("too many colons");
    }
    let mut m = Mount::default();
    match fields.len() {
        1 => m.target = fields[0].clone(),
        _ => {
            m.source = fields[0].clone();
            m.target = fields[1].clone();
        }
    }
    if let Some(opts) = fields.get(2) {
        for o in opts.split(',') {
            match o {
                "ro" => m.read_only = true,
                "rw" => m.read_only = false,
                _ => {}
            }
        }
    }
    m.kind = if is_file_path(&m.source) {
        "bind"
    } else {
        "volume"
    }
    .into();
    Ok(m)
}

/// Reads one `volumes:` entry (short or long) into a mount, resolving a
/// relative bind source against `working_dir` and `~` against `home`.
pub fn mount(entry: &Node, working_dir: &str, home: Option<&str>) -> Result<Mount, (String, Pos)> {
    let mut m = match &entry.kind {
        Kind::Str(s) => parse_short(s).map_err(|e| (e, entry.pos))?,
        Kind::Map(_) => {
            let get = |k: &str| entry.get(k).and_then(crate::normalize::scalar_text);
            Mount {
                kind: get("type").unwrap_or_default(),
                source: get("source").unwrap_or_default(),
                target: get("target").unwrap_or_default(),
                read_only: matches!(
                    entry.get("read_only").map(|n| &n.kind),
                    Some(Kind::Bool(true))
                ),
            }
        }
        _ => return Ok(Mount::default()),
    };
    if !m.target.is_empty() {
        m.target = clean(&m.target);
    }
    if m.kind == "bind" {
        if let (Some(rest), Some(h)) = (m.source.strip_prefix('~'), home) {
            m.source = format!("{h}{rest}");
        }
        if !m.source.starts_with('/') {
            m.source = clean(&format!("{working_dir}/{}", m.source));
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    // compose-go format/volume_test.go cases.
    #[test]
    fn short_syntax_as_compose_go() {
        let m = parse_short("data:/var/lib/data").unwrap();
        assert_eq!(
            (m.kind.as_str(), m.source.as_str(), m.target.as_str()),
            ("volume", "data", "/var/lib/data")
        );
        let m = parse_short("./html:/usr/share/nginx/html:ro").unwrap();
        assert_eq!((m.kind.as_str(), m.read_only), ("bind", true));
        let m = parse_short("/tmp").unwrap();
        assert_eq!(
            (m.kind.as_str(), m.source.as_str(), m.target.as_str()),
            ("volume", "", "/tmp")
        );
        assert_eq!(
            parse_short("ab::c").unwrap_err(),
            "invalid spec: ab::c: empty section between colons"
        );
        assert_eq!(
            parse_short("ab:cd:ef:gh").unwrap_err(),
            "invalid spec: ab:cd:ef:gh: too many colons"
        );
        assert_eq!(clean("/a/./b/../c/"), "/a/c");
        let n = Node::new(Kind::Str("./html:/x".into()), Pos::default());
        assert_eq!(
            mount(&n, "/home/learner/myapp", None).unwrap().source,
            "/home/learner/myapp/html"
        );
    }
}

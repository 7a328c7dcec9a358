//! `docker images` (and `docker image ls`): Docker 29's default view, the
//! collapsed image tree of docker/cli#6566, or the table of
//! cli/command/formatter/image.go when `--format`, `--digests` or
//! `--no-trunc` asks for its columns; `-q` lists IDs.

use super::containers::render_format;
use crate::context::Ctx;
use crate::flags::{CommandSpec, Parsed};
use crate::output::Output;
use bridgeport_engine::image::ImageRef;
use bridgeport_engine::Engine;
use bridgeport_golib::humanize;
use serde_json::Value;
use std::fmt::Write as _;

/// `docker images`.
pub fn images(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    // `docker images REPOSITORY[:TAG]`: Docker's "reference" filter. Without
    // a tag it matches every tag of the repository.
    let wanted = p.positionals.first().map(|r| match ImageRef::parse(r) {
        Ok(r) if r.tag == "latest" && !p.positionals[0].contains(':') => (r.repo, None),
        Ok(r) => (r.repo, Some(r.tag)),
        Err(_) => (r.clone(), None),
    });
    let listed = ctx.engine.images().filter(|familiar| match &wanted {
        None => true,
        Some((repo, tag)) => {
            let (r, t) = repo_tag(familiar);
            r == *repo && tag.as_deref().is_none_or(|tag| tag == t)
        }
    });
    let trunc = !p.bool("no-trunc");
    if p.bool("quiet") {
        for familiar in listed {
            o.outln(&image_id(familiar, trunc));
        }
        return o;
    }
    // Docker 29 shows its new view unless a flag asks for the table's
    // columns (docker/cli#6566).
    if p.value("format").is_some() || p.bool("digests") || !trunc {
        // A digest shows when asked for, or when the format names it.
        let need_digest =
            p.bool("digests") || p.value("format").is_some_and(|f| f.contains("{{.Digest}}"));
        let rows: Vec<Value> = listed
            .map(|familiar| image_fields(ctx.engine, familiar, ctx.now.0, trunc, need_digest))
            .collect();
        match render_format(
            &image_format(p.value("format"), p.bool("digests")),
            &rows,
            IMAGE_HEADERS,
            "*formatter.imageContext",
        ) {
            Ok(text) => o.out(&text),
            Err(e) => o.fail(&e, 1),
        }
        return o;
    }
    let rows: Vec<ImageRow> = listed
        .map(|familiar| {
            let image = ImageRef::parse(familiar).ok();
            let size = image.as_ref().map(ImageRef::size);
            ImageRow {
                name: familiar.clone(),
                id: image_id(familiar, true),
                disk: size.map_or(0, |s| s.disk),
                content: size.map_or(0, |s| s.content),
                in_use: ctx
                    .engine
                    .containers()
                    .iter()
                    .any(|c| &c.image.familiar() == familiar),
            }
        })
        .collect();
    o.out(&image_view(&rows));
    o
}

/// REPOSITORY and TAG of a pulled reference; one pulled by digest alone
/// has no tag (`<none>`).
fn repo_tag(familiar: &str) -> (String, String) {
    match ImageRef::parse(familiar) {
        Ok(r) if r.digest.is_some() && r.tag == "latest" && !familiar.contains(":latest") => {
            (r.repo, "<none>".to_string())
        }
        Ok(r) => (r.repo, r.tag),
        Err(_) => (familiar.to_string(), "latest".to_string()),
    }
}

/// An image's ID: its digest (the containerd store's image ID), 12 hex
/// digits or in full with `sha256:`.
fn image_id(familiar: &str, trunc: bool) -> String {
    let digest = bridgeport_engine::image::stable_digest(familiar);
    if trunc {
        digest[..12].to_string()
    } else {
        format!("sha256:{digest}")
    }
}

/// The table's columns (cli/command/formatter/image.go): `--digests` adds
/// DIGEST, also to a custom table that lacks it.
fn image_format(format: Option<&str>, digests: bool) -> String {
    const DEFAULT: &str = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    const WITH_DIGEST: &str = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    match format {
        None | Some("table") if digests => WITH_DIGEST.to_string(),
        None | Some("table") => DEFAULT.to_string(),
        Some(f) if digests && f.starts_with("table") && !f.contains("{{.Digest}}") => {
            format!("{f}\t{{{{.Digest}}}}")
        }
        Some(f) => f.to_string(),
    }
}

const IMAGE_HEADERS: &[(&str, &str)] = &[
    ("ID", "IMAGE ID"),
    ("Repository", "REPOSITORY"),
    ("Tag", "TAG"),
    ("Digest", "DIGEST"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("Size", "SIZE"),
    ("Containers", "CONTAINERS"),
    ("VirtualSize", "SIZE"),
    ("SharedSize", "SHARED SIZE"),
    ("UniqueSize", "UNIQUE SIZE"),
];

/// When an image was built: 9 to 28 days before the daemon started (by its
/// name, so it stays put).
pub(crate) fn created(engine: &Engine, familiar: &str) -> bridgeport_engine::Timestamp {
    let started = engine
        .networks()
        .iter()
        .find(|n| n.name == "bridge")
        .map_or(0, |n| n.created.0);
    let days = 9 + bridgeport_engine::image::stable_hash(familiar) % 20;
    bridgeport_engine::Timestamp((started.saturating_sub(days * 86_400_000)) / 1000 * 1000)
}

/// The fields of one image for `--format` (imageContext). The image was
/// built 9 to 28 days before the daemon started (by its name, so it stays
/// put); its digest shows only when asked for, as in docker/cli.
fn image_fields(engine: &Engine, familiar: &str, now: u64, trunc: bool, digests: bool) -> Value {
    let (repo, tag) = repo_tag(familiar);
    let pinned = ImageRef::parse(familiar).ok().and_then(|r| r.digest);
    let created = created(engine, familiar);
    let size = ImageRef::parse(familiar).map_or(0, |r| r.size().disk) as f64;
    let digest = if let Some(pinned) = pinned {
        pinned
    } else if digests {
        format!(
            "sha256:{}",
            bridgeport_engine::image::stable_digest(familiar)
        )
    } else {
        "<none>".to_string()
    };
    super::inspect::obj!([
        ("Containers", "N/A".into()),
        (
            "CreatedAt",
            bridgeport_engine::time::go_string_seconds(created).into(),
        ),
        (
            "CreatedSince",
            format!(
                "{} ago",
                humanize::human_duration(now.saturating_sub(created.0))
            )
            .into(),
        ),
        ("Digest", digest.into()),
        ("ID", image_id(familiar, trunc).into()),
        ("Repository", repo.into()),
        ("SharedSize", "N/A".into()),
        ("Size", humanize::human_size(size, 3).into()),
        ("Tag", tag.into()),
        ("UniqueSize", "N/A".into()),
        ("VirtualSize", humanize::human_size(size, 4).into()),
    ])
}

/// One image in [`image_view`].
struct ImageRow {
    /// "nginx:latest"
    name: String,
    /// The image's digest, 12 hex digits (the containerd store's image ID).
    id: String,
    disk: u64,
    content: u64,
    /// Some container, in any state, was created from it.
    in_use: bool,
}

/// The terminal width the playground prints for (Docker's own default when
/// it cannot ask the terminal).
const TERMINAL_WIDTH: usize = 80;

/// Docker 29's default `docker images` view (docker/cli#6566: the `--tree`
/// view, collapsed): the legend right-aligned on the terminal's width, then
/// IMAGE (as wide as the longest name, at most what the other columns leave
/// of the width; a longer name gets a line of its own), ID, DISK USAGE and
/// CONTENT SIZE (go-units, 3 significant digits, right-aligned) and EXTRA
/// ("U": in use by a container), three spaces apart. Sorted by name.
fn image_view(rows: &[ImageRow]) -> String {
    const SEP: &str = "   ";
    // ID 12, DISK USAGE 10, CONTENT SIZE 12, EXTRA 5, each after SEP.
    let others = 12 + 10 + 12 + 5 + 4 * SEP.len();
    let widest = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let name_w = widest.max("IMAGE".len()).min(TERMINAL_WIDTH - others);
    let mut s = format!("{:>w$}\n", "i Info →   U  In Use", w = TERMINAL_WIDTH - 1);
    let _ = writeln!(
        s,
        "{:<name_w$}{SEP}{:<12}{SEP}{:>10}{SEP}{:>12}{SEP}EXTRA",
        "IMAGE", "ID", "DISK USAGE", "CONTENT SIZE"
    );
    for r in rows {
        if r.name.chars().count() > name_w {
            let _ = write!(s, "{}\n{:name_w$}", r.name, "");
        } else {
            let _ = write!(s, "{:<name_w$}", r.name);
        }
        let _ = writeln!(
            s,
            "{SEP}{:<12}{SEP}{:>10}{SEP}{:>12}{SEP}{}",
            r.id,
            humanize::human_size(r.disk as f64, 3),
            humanize::human_size(r.content as f64, 3),
            if r.in_use { " U   " } else { "     " }
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{image_view, ImageRow};

    fn row(name: &str, in_use: bool) -> ImageRow {
        ImageRow {
            name: name.into(),
            id: "963cfe6e75d1".into(),
            disk: 238_000_000,
            content: 63_100_000,
            in_use,
        }
    }

    /// The layout of a real Docker 29 `docker images` on an 80-column
    /// terminal: a name longer than the 29 columns left for IMAGE gets a
    /// line of its own, and the others pad to those 29.
    #[test]
    fn a_long_image_name_gets_a_line_of_its_own() {
        let view = image_view(&[
            row("192.168.10.100:5000/httpd:latest", false),
            row("ubunweb:1.0", true),
        ]);
        let lines: Vec<&str> = view.lines().collect();
        assert_eq!(lines[0], format!("{}i Info →   U  In Use", " ".repeat(59)));
        assert_eq!(
            lines[1],
            format!(
                "IMAGE{}ID             DISK USAGE   CONTENT SIZE   EXTRA",
                " ".repeat(27)
            )
        );
        assert_eq!(lines[2], "192.168.10.100:5000/httpd:latest");
        assert_eq!(
            lines[3],
            format!(
                "{}963cfe6e75d1        238MB         63.1MB        ",
                " ".repeat(32)
            )
        );
        assert_eq!(
            lines[4],
            format!(
                "ubunweb:1.0{}963cfe6e75d1        238MB         63.1MB    U   ",
                " ".repeat(21)
            )
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 80));
    }
}

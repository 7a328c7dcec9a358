//! Container commands other than run/create: ps, start, stop, restart, kill,
//! rm, port, logs, exec, attach, images.

use super::inspect::object;
use super::specs;
use super::{attach_main_shell, container_arg, parse_or_output, print_logs, run_one_shot};
use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::flags::CommandSpec;
use crate::format::{humanize, tabwriter, template};
use crate::output::Output;
use crate::tools;
use bridgeport_engine::image::ImageRef;
use bridgeport_engine::model::{Container, NetworkMode, Process, Status};
use bridgeport_engine::ports::{displayable_ports, port_lookup, port_mappings, PortEntry};
use bridgeport_engine::Engine;
use serde_json::Value;

/// The daemon's port list for a container (view.go): bindings plus exposed-only ports;
/// empty when stopped or when the namespace is the host's or none.
pub fn port_entries(c: &Container) -> Vec<PortEntry> {
    if !c.is_running()
        || matches!(
            c.network_mode,
            NetworkMode::Host | NetworkMode::None | NetworkMode::Container(_)
        )
    {
        return Vec::new();
    }
    let mut entries: Vec<PortEntry> = c
        .bindings
        .iter()
        .map(|b| PortEntry::published(b.host_ip, b.container_port, b.host_port, b.proto))
        .collect();
    for (port, proto) in c.exposed_ports() {
        if !c
            .bindings
            .iter()
            .any(|b| b.container_port == port && b.proto == proto)
        {
            entries.push(PortEntry::exposed(port, proto));
        }
    }
    entries
}

/// `docker ps` STATUS (daemon/container/state.go String).
pub fn status_text(c: &Container, now: u64) -> String {
    match c.status {
        Status::Created => "Created".to_string(),
        Status::Running => {
            let since = c.started_at.map(|t| now.saturating_sub(t.0)).unwrap_or(0);
            format!("Up {}", humanize::human_duration(since))
        }
        Status::Exited => {
            let since = c.finished_at.map(|t| now.saturating_sub(t.0)).unwrap_or(0);
            format!(
                "Exited ({}) {} ago",
                c.exit_code,
                humanize::human_duration(since)
            )
        }
    }
}

/// Path + args joined, as the list API's Command field.
fn command_line(c: &Container) -> String {
    c.argv().join(" ")
}

/// The fields `docker ps --format` templates see.
fn ps_fields(engine: &Engine, c: &Container, now: u64, trunc: bool) -> Value {
    let cmd = command_line(c);
    let command = if trunc {
        humanize::quote(&humanize::ellipsis(&cmd, 20))
    } else {
        humanize::quote(&cmd)
    };
    let networks: Vec<String> = c
        .networks
        .iter()
        .map(|(id, _)| {
            engine
                .network_by_id(id)
                .map(|n| n.name.clone())
                .unwrap_or(id.clone())
        })
        .collect();
    let networks = match &c.network_mode {
        NetworkMode::Host => "host".to_string(),
        NetworkMode::None => "none".to_string(),
        _ => networks.join(","),
    };
    object([
        (
            "ID",
            if trunc {
                c.short_id().to_string()
            } else {
                c.id.clone()
            }
            .into(),
        ),
        ("Image", c.image.display().into()),
        ("Command", command.into()),
        (
            "CreatedAt",
            bridgeport_engine::time::go_string_seconds(c.created).into(),
        ),
        (
            "RunningFor",
            format!(
                "{} ago",
                humanize::human_duration(now.saturating_sub(c.created.0))
            )
            .into(),
        ),
        ("Ports", displayable_ports(&port_entries(c)).into()),
        ("State", c.status.as_str().into()),
        ("Status", status_text(c, now).into()),
        ("Size", "0B".into()),
        ("Names", c.name.as_str().into()),
        ("Labels", "".into()),
        ("Mounts", "".into()),
        ("Networks", networks.into()),
    ])
}

const PS_HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Names", "NAMES"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("Networks", "NETWORKS"),
];

/// Renders rows through a `--format` value the way docker/cli's formatter
/// does (`Context.preFormat`, `postFormat`): `table …` gets a header row
/// rendered with the header functions and tabwriter columns; a bare
/// template prints one line per row; `json` is `{{json .}}`.
pub fn render_format(
    format: &str,
    rows: &[Value],
    headers: &[(&str, &str)],
    root_type: &str,
) -> Result<String, String> {
    let (table, tpl) = template::prepare_format(format);
    let options = template::ExecOptions {
        root_type,
        ..template::ExecOptions::default()
    };
    let mut text = String::new();
    if table {
        let titles: serde_json::Map<String, Value> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        text.push_str(&template::render_header(&tpl, &Value::Object(titles)));
        text.push('\n');
    }
    for row in rows {
        text.push_str(&template::render_with(&tpl, row, &options)?);
        text.push('\n');
    }
    Ok(if table {
        tabwriter::tabwrite(&text, 10, 1, 3)
    } else {
        text
    })
}

fn matches_filter(engine: &Engine, c: &Container, filter: &str) -> Result<bool, String> {
    let Some((key, value)) = filter.split_once('=') else {
        return Err("bad format of filter (expected name=value)".to_string());
    };
    Ok(match key {
        "name" => c.name.contains(value),
        "id" => c.id.starts_with(value),
        "status" => c.status.as_str() == value,
        "ancestor" => {
            c.image.display() == value || c.image.repo == value || c.image.familiar() == value
        }
        "network" => c.networks.iter().any(|(id, _)| {
            engine
                .network_by_id(id)
                .is_some_and(|n| n.name == value || n.id.starts_with(value))
        }),
        "publish" => c
            .bindings
            .iter()
            .any(|b| value.split('/').next() == Some(&b.host_port.to_string())),
        "expose" => c
            .exposed_ports()
            .iter()
            .any(|(p, _)| value.split('/').next() == Some(&p.to_string())),
        "label" | "before" | "since" | "volume" | "health" | "isolation" | "is-task" | "exited" => {
            true
        }
        other => return Err(format!("invalid filter '{other}'")),
    })
}

/// `docker ps`.
pub fn ps(ctx: &mut Ctx, spec: &CommandSpec, args: &[String]) -> Output {
    let p = match parse_or_output(spec, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let now = ctx.now.0;
    let mut list: Vec<&Container> = ctx.engine.containers().iter().rev().collect();
    let last: i64 = p.value("last").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let all = p.bool("all") || last > 0 || p.bool("latest");
    if !all {
        list.retain(|c| c.is_running());
    }
    for f in p.values("filter") {
        let mut kept = Vec::new();
        for c in list {
            match matches_filter(ctx.engine, c, f) {
                Ok(true) => kept.push(c),
                Ok(false) => {}
                Err(e) => {
                    o.fail(&format!("Error response from daemon: {e}"), 1);
                    return o;
                }
            }
        }
        list = kept;
    }
    if p.bool("latest") {
        list.truncate(1);
    } else if last > 0 {
        list.truncate(last as usize);
    }
    let trunc = !p.bool("no-trunc");
    if p.bool("quiet") {
        for c in list {
            o.outln(if trunc { c.short_id() } else { &c.id });
        }
        return o;
    }
    let rows: Vec<Value> = list
        .iter()
        .map(|c| ps_fields(ctx.engine, c, now, trunc))
        .collect();
    let format = p.value("format").unwrap_or("table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}");
    let format = if format == "table" {
        "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
    } else {
        format
    };
    match render_format(format, &rows, PS_HEADERS, "*formatter.ContainerContext") {
        Ok(text) => o.out(&text),
        Err(e) => o.fail(&e, 1),
    }
    o
}

/// `docker start`.
pub fn start(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::START, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let mut failed = Vec::new();
    let attach = p.bool("attach") || p.bool("interactive");
    for name in &p.positionals {
        match ctx.engine.start_container(name, ctx.now) {
            Ok(()) => {
                let c = ctx.engine.find_container(name).ok().cloned();
                match c {
                    Some(c)
                        if attach
                            && c.process == Process::Shell
                            && p.bool("interactive")
                            && c.is_running() =>
                    {
                        attach_main_shell(ctx.place, &c);
                    }
                    // A one-shot main process runs now (`docker create alpine echo hi`);
                    // with -a its output comes to the terminal.
                    Some(c) if c.process == Process::OneShot && c.is_running() => {
                        let result = run_one_shot(ctx, &c);
                        if attach {
                            o.code = result.code;
                            o.extend(result);
                        } else {
                            o.outln(name);
                        }
                    }
                    _ if attach => {}
                    _ => o.outln(name),
                }
            }
            Err(e) => {
                o.errln(&format!("Error response from daemon: {e}"));
                failed.push(name.clone());
            }
        }
    }
    if !failed.is_empty() {
        o.fail(
            &format!("failed to start containers: {}", failed.join(", ")),
            1,
        );
    }
    o
}

/// `docker stop`, `docker restart`, `docker kill`: echo each name, report each failure.
pub fn stop(ctx: &mut Ctx, spec: &CommandSpec, args: &[String]) -> Output {
    let p = match parse_or_output(spec, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut o = Output::new();
    for name in &p.positionals {
        let result = match spec.path {
            "docker restart" => ctx.engine.restart_container(name, ctx.now),
            "docker kill" => ctx.engine.kill_container(name, ctx.now),
            _ => ctx.engine.stop_container(name, ctx.now),
        };
        if result.is_ok() && spec.path == "docker restart" {
            // A one-shot main process runs again and exits (its output
            // goes to the logs, as with a detached `docker start`).
            if let Some(c) = ctx.engine.find_container(name).ok().cloned() {
                if c.process == Process::OneShot && c.is_running() {
                    run_one_shot(ctx, &c);
                }
            }
        }
        match result {
            Ok(()) => o.outln(name),
            Err(e) => o.fail(&format!("Error response from daemon: {e}"), 1),
        }
    }
    o
}

/// `docker rm [-f]`.
pub fn rm(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::RM, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut o = Output::new();
    for name in &p.positionals {
        match ctx.engine.remove_container(name, p.bool("force"), ctx.now) {
            Ok(()) => o.outln(name),
            Err(e) => o.fail(&format!("Error response from daemon: {e}"), 1),
        }
    }
    o
}

/// `docker container prune`: removes every container that is not running
/// (cli/command/container/prune.go). Without `-f` the real CLI asks; the
/// playground shows the question and answers "y", as for `network prune`.
/// A simulated container writes nothing to its layer: 0B reclaimed.
pub fn prune(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::CONTAINER_PRUNE, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mut o = Output::new();
    if !p.bool("force") {
        o.out("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] y\n");
    }
    let stopped: Vec<String> = ctx
        .engine
        .containers()
        .iter()
        .filter(|c| !c.is_running())
        .map(|c| c.id.clone())
        .collect();
    let mut deleted = Vec::new();
    for id in stopped {
        match ctx.engine.remove_container(&id, false, ctx.now) {
            Ok(()) => deleted.push(id),
            Err(e) => o.fail(&format!("Error response from daemon: {e}"), 1),
        }
    }
    if !deleted.is_empty() {
        o.outln("Deleted Containers:");
        for id in &deleted {
            o.outln(id);
        }
        o.outln("");
    }
    o.outln("Total reclaimed space: 0B");
    o
}

/// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`.
pub fn port(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::PORT, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let c = match container_arg(ctx, &p.positionals[0]) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let entries = port_entries(&c);
    match p.positionals.get(1) {
        None => {
            for line in port_mappings(&entries) {
                o.outln(&line);
            }
        }
        Some(q) => match port_lookup(&entries, q, &p.positionals[0]) {
            Ok(lines) => {
                for line in lines {
                    o.outln(&line);
                }
            }
            Err(e) => o.fail(&e, 1),
        },
    }
    o
}

/// `docker logs [-n N]`.
pub fn logs(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::LOGS, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let c = match container_arg(ctx, &p.positionals[0]) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let tail = p.value("tail").unwrap_or("all");
    let skip = match tail.parse::<usize>() {
        Ok(n) => c.logs.len().saturating_sub(n),
        Err(_) => 0,
    };
    print_logs(&mut o, &c.logs[skip..]);
    o
}

fn is_shell(program: &str) -> bool {
    matches!(
        program.rsplit('/').next().unwrap_or(program),
        "sh" | "bash" | "ash" | "zsh" | "dash"
    )
}

/// `docker exec [-it] CONTAINER COMMAND [ARG...]`.
pub fn exec(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::EXEC, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let c = match container_arg(ctx, &p.positionals[0]) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let mut o = Output::new();
    if !c.is_running() {
        o.fail(
            &format!(
                "Error response from daemon: container {} is not running",
                c.id
            ),
            1,
        );
        return o;
    }
    let argv = p.positionals[1..].to_vec();
    let program = argv[0].clone();
    if is_shell(&program) && argv.len() == 1 {
        if !tools::has_program(&c, &program) {
            o.fail(&format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"), 127);
            return o;
        }
        if p.bool("interactive") {
            let shell = program.rsplit('/').next().unwrap_or(&program).to_string();
            *ctx.place = Place::Container(Attached {
                container_id: c.id.clone(),
                kind: AttachKind::Exec,
                shell,
            });
        }
        return o;
    }
    let result = tools::in_container(ctx, &c.id, "", &argv);
    if p.bool("detach") {
        // `exec -d` runs in the background: nothing comes to the terminal.
        return o;
    }
    result
}

/// `docker attach CONTAINER`.
pub fn attach(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::ATTACH, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let c = match container_arg(ctx, &p.positionals[0]) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let mut o = Output::new();
    if !c.is_running() {
        o.fail(
            "You cannot attach to a stopped container, start it first",
            1,
        );
        return o;
    }
    match c.process {
        Process::Shell => {
            attach_main_shell(ctx.place, &c);
        }
        _ => o.errln(&format!(
            "[bridgeport] attached to {}'s output; a real terminal stays here until you press Ctrl-C (which stops the container) or Ctrl-P Ctrl-Q (which detaches). The playground gives you the prompt back.",
            c.name
        )),
    }
    o
}

/// `docker images`.
pub fn images(ctx: &mut Ctx, args: &[String]) -> Output {
    let p = match parse_or_output(&specs::IMAGES, args) {
        Ok(p) => p,
        Err(o) => return o,
    };
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
            let (r, t) = familiar.rsplit_once(':').unwrap_or((familiar, "latest"));
            r == repo && tag.as_deref().is_none_or(|tag| tag == t)
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
                id: bridgeport_engine::image::stable_digest(familiar)[..12].to_string(),
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

/// The fields of one image for `--format` (imageContext). The image was
/// built 9 to 28 days before the daemon started (by its name, so it stays
/// put); its digest shows only when asked for, as in docker/cli.
fn image_fields(engine: &Engine, familiar: &str, now: u64, trunc: bool, digests: bool) -> Value {
    let (repo, tag) = familiar.rsplit_once(':').unwrap_or((familiar, "latest"));
    let started = engine
        .networks()
        .iter()
        .find(|n| n.name == "bridge")
        .map_or(0, |n| n.created.0);
    let days = 9 + bridgeport_engine::image::stable_hash(familiar) % 20;
    let created =
        bridgeport_engine::Timestamp((started.saturating_sub(days * 86_400_000)) / 1000 * 1000);
    let size = ImageRef::parse(familiar).map_or(0, |r| r.size().disk) as f64;
    let digest = if digests {
        format!(
            "sha256:{}",
            bridgeport_engine::image::stable_digest(familiar)
        )
    } else {
        "<none>".to_string()
    };
    let fields: [(&str, Value); 11] = [
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
    ];
    Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
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
    s.push_str(&format!(
        "{:<name_w$}{SEP}{:<12}{SEP}{:>10}{SEP}{:>12}{SEP}EXTRA\n",
        "IMAGE", "ID", "DISK USAGE", "CONTENT SIZE"
    ));
    for r in rows {
        if r.name.chars().count() > name_w {
            s.push_str(&format!("{}\n{:name_w$}", r.name, ""));
        } else {
            s.push_str(&format!("{:<name_w$}", r.name));
        }
        s.push_str(&format!(
            "{SEP}{:<12}{SEP}{:>10}{SEP}{:>12}{SEP}{}\n",
            r.id,
            humanize::human_size(r.disk as f64, 3),
            humanize::human_size(r.content as f64, 3),
            if r.in_use { " U   " } else { "     " }
        ));
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

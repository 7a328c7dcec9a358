//! The commands that read: `ps`, `ls`, `logs`, `port`, `images`, `top`,
//! `exec` and `version`. They find the project's containers by label
//! (reference §2.7) and print Compose's formats (`cmd/formatter`).

use super::labels::{self as l};
use super::{fail, load, Globals};
use crate::context::Ctx;
use crate::docker::containers::{port_entries, render_format, status_text};
use crate::flags::Parsed;
use crate::output::Output;
use bridgeport_engine::model::{Container, HealthStatus};
use bridgeport_engine::ports::displayable_ports;
use bridgeport_golib::{humanize, tabwriter};
use serde_json::Value;

fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    crate::docker::inspect::object(pairs)
}

/// Compose's container context (`cmd/formatter/container.go`): the
/// fields `--format` templates see, `{{json .}}` with sorted keys.
fn ps_fields(c: &Container, project: &str, now: u64, trunc: bool) -> Value {
    let cmd = c.argv().join(" ");
    let command = if trunc {
        humanize::quote(&humanize::ellipsis(&cmd, 20))
    } else {
        humanize::quote(&cmd)
    };
    let entries = port_entries(c);
    let publishers: Vec<Value> = entries
        .iter()
        .map(|e| {
            object([
                (
                    "URL",
                    e.ip.map(|ip| ip.to_string()).unwrap_or_default().into(),
                ),
                ("TargetPort", e.private_port.into()),
                ("PublishedPort", e.public_port.unwrap_or(0).into()),
                ("Protocol", e.proto.as_str().into()),
            ])
        })
        .collect();
    let health = c
        .health(bridgeport_engine::Timestamp(now))
        .map_or("", HealthStatus::as_str);
    object([
        ("Command", command.into()),
        (
            "CreatedAt",
            bridgeport_engine::time::go_string_seconds(c.created).into(),
        ),
        ("ExitCode", c.exit_code.into()),
        ("Health", health.into()),
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
        (
            "Labels",
            crate::docker::containers::joined_labels(&c.config.labels).into(),
        ),
        ("LocalVolumes", "0".into()),
        ("Mounts", "".into()),
        ("Name", c.name.as_str().into()),
        ("Names", c.name.as_str().into()),
        ("Networks", "".into()),
        ("Ports", displayable_ports(&entries).into()),
        ("Project", project.into()),
        ("Publishers", Value::Array(publishers)),
        (
            "RunningFor",
            format!(
                "{} ago",
                humanize::human_duration(now.saturating_sub(c.created.0))
            )
            .into(),
        ),
        ("Service", l::service_of(c).into()),
        ("Size", "0B".into()),
        ("State", c.status.as_str().into()),
        ("Status", status_text(c, now).into()),
    ])
}

const PS_TABLE: &str =
    "table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}";

/// `docker compose ps`: the project's containers by name, running ones
/// unless `-a` or `--status` (`cmd/compose/ps.go`).
pub fn ps(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (project, plan) = match load::project_services(ctx, g, &p.positionals) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let status = p.values("status");
    const STATES: &[&str] = &[
        "paused",
        "restarting",
        "removing",
        "running",
        "dead",
        "created",
        "exited",
    ];
    if let Some(bad) = status.iter().find(|s| !STATES.contains(s)) {
        return fail(&format!("invalid filter 'status={bad}'"));
    }
    let all = p.bool("all") || !status.is_empty();
    let now = ctx.now.0;
    let list: Vec<&Container> = l::containers(ctx.engine, &project, true)
        .into_iter()
        .filter(|c| all || c.is_running())
        .filter(|c| p.positionals.is_empty() || p.positionals.iter().any(|s| s == l::service_of(c)))
        .filter(|c| status.is_empty() || status.contains(&c.status.as_str()))
        .filter(|c| {
            p.bool("orphans")
                || plan
                    .as_ref()
                    .is_none_or(|pl| pl.service(l::service_of(c)).is_some())
        })
        .collect();
    let mut o = Output::new();
    if p.bool("quiet") {
        for c in &list {
            o.outln(&c.id);
        }
        return o;
    }
    if p.bool("services") {
        let mut seen: Vec<&str> = Vec::new();
        for c in &list {
            let s = l::service_of(c);
            if !seen.contains(&s) {
                seen.push(s);
            }
        }
        o.outln(&seen.join("\n"));
        return o;
    }
    let trunc = !p.bool("no-trunc");
    let rows: Vec<Value> = list
        .iter()
        .map(|c| ps_fields(c, &project, now, trunc))
        .collect();
    let format = match p.value("format").unwrap_or("") {
        "" | "table" => PS_TABLE,
        f => f,
    };
    let headers = [
        ("Name", "NAME"),
        ("Image", "IMAGE"),
        ("Command", "COMMAND"),
        ("Service", "SERVICE"),
        ("RunningFor", "CREATED"),
        ("Status", "STATUS"),
        ("Ports", "PORTS"),
        ("ID", "CONTAINER ID"),
        ("State", "STATE"),
        ("Health", "HEALTH"),
        ("ExitCode", "EXIT CODE"),
        ("Project", "PROJECT"),
        ("Publishers", "PUBLISHERS"),
    ];
    match render_format(format, &rows, &headers, "formatter.ContainerContext") {
        Ok(text) => o.out(&text),
        Err(e) => o.fail(&e, 1),
    }
    o
}

/// `docker compose ls`: projects with at least one container carrying the
/// project label; running ones unless `-a` (`pkg/compose/ls.go`).
pub fn ls(ctx: &mut Ctx, _: &Globals, p: &Parsed) -> Output {
    let mut name_filter: Option<String> = None;
    for f in p.values("filter") {
        let (k, v) = f.split_once('=').unwrap_or((f, ""));
        if k != "name" {
            return fail(&format!("invalid filter '{k}'"));
        }
        name_filter = Some(v.to_string());
    }
    // (name, [(state, count)], config files)
    type Row = (String, Vec<(String, usize)>, String);
    let mut projects: Vec<Row> = Vec::new();
    for c in ctx.engine.containers() {
        let Some(name) = l::project_of(c) else {
            continue;
        };
        if !p.bool("all") && !c.is_running() {
            continue;
        }
        if name_filter
            .as_ref()
            .is_some_and(|f| !name.contains(f.as_str()))
        {
            continue;
        }
        let files = c
            .config
            .labels
            .get(l::CONFIG_FILES)
            .cloned()
            .unwrap_or_default();
        let entry = match projects.iter_mut().find(|(n, _, _)| n == name) {
            Some(e) => e,
            None => {
                projects.push((name.to_string(), Vec::new(), files));
                let last = projects.len() - 1;
                &mut projects[last]
            }
        };
        let state = c.status.as_str().to_string();
        match entry.1.iter_mut().find(|(s, _)| *s == state) {
            Some((_, n)) => *n += 1,
            None => entry.1.push((state, 1)),
        }
    }
    bridgeport_golib::sort::sort_by(&mut projects, |a, b| a.0.cmp(&b.0));
    let mut o = Output::new();
    if p.bool("quiet") {
        for (name, _, _) in &projects {
            o.outln(name);
        }
        return o;
    }
    let status = |states: &Vec<(String, usize)>| {
        let mut s = states.clone();
        bridgeport_golib::sort::sort_by(&mut s, |a, b| a.0.cmp(&b.0));
        s.iter()
            .map(|(st, n)| format!("{st}({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if p.value("format") == Some("json") {
        let list: Vec<Value> = projects
            .iter()
            .map(|(n, st, f)| {
                object([
                    ("Name", n.as_str().into()),
                    ("Status", status(st).into()),
                    ("ConfigFiles", f.as_str().into()),
                ])
            })
            .collect();
        o.outln(&Value::Array(list).to_string());
        return o;
    }
    let mut text = String::from("NAME\tSTATUS\tCONFIG FILES\n");
    for (name, states, files) in &projects {
        text.push_str(&format!("{name}\t{}\t{files}\n", status(states)));
    }
    o.out(&tabwriter::tabwrite(&text, 20, 1, 3));
    o
}

/// `docker compose logs [SERVICE…]`: each container's log with the
/// `name | ` prefix (`cmd/formatter/logs.go`, width of the longest name
/// plus one), containers in the order they started.
pub fn logs(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (project, _) = match load::project_services(ctx, g, &p.positionals) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let index: u32 = p.value("index").and_then(|v| v.parse().ok()).unwrap_or(0);
    if index > 0 && p.positionals.len() != 1 {
        return fail("--index requires one service to be selected");
    }
    let mut list: Vec<&Container> = l::containers(ctx.engine, &project, true)
        .into_iter()
        .filter(|c| p.positionals.is_empty() || p.positionals.iter().any(|s| s == l::service_of(c)))
        .filter(|c| index == 0 || l::number_of(c) == index)
        .collect();
    bridgeport_golib::sort::sort_by(&mut list, |a, b| {
        a.started_at
            .map(|t| t.0)
            .cmp(&b.started_at.map(|t| t.0))
            .then(a.name.cmp(&b.name))
    });
    let width = list
        .iter()
        .map(|c| l::short_name(c, &project).chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let tail: Option<usize> = p
        .value("tail")
        .filter(|t| *t != "all")
        .and_then(|t| t.parse().ok());
    let mut o = Output::new();
    for c in &list {
        let name = l::short_name(c, &project);
        let lines = &c.logs;
        let skip = tail.map_or(0, |n| lines.len().saturating_sub(n));
        for line in &lines[skip..] {
            let text = if p.bool("no-log-prefix") {
                line.text.clone()
            } else {
                format!("{name:<width$} | {}", line.text)
            };
            if line.stderr {
                o.errln(&text);
            } else {
                o.outln(&text);
            }
        }
    }
    if p.bool("follow") {
        o.errln("[bridgeport] -f follows the logs until Ctrl-C on a real terminal; the playground prints what there is and gives you the prompt back.");
    }
    o
}

/// The container `exec`, `port` and `top` act on: the service's running
/// container with `--index`, else the lowest-numbered one
/// (`containers.go` getSpecifiedContainer).
fn service_container(
    ctx: &Ctx,
    project: &str,
    service: &str,
    index: u32,
) -> Result<Container, Output> {
    let list: Vec<&Container> = l::service_containers(ctx.engine, project, service)
        .into_iter()
        .filter(|c| c.is_running())
        .collect();
    let found = if index > 0 {
        list.into_iter().find(|c| l::number_of(c) == index)
    } else {
        list.into_iter().next()
    };
    found.cloned().ok_or_else(|| {
        fail(&if index > 0 {
            format!("service {service:?} is not running container #{index}")
        } else {
            format!("service {service:?} is not running")
        })
    })
}

/// `docker compose exec SERVICE CMD…`: `docker exec` (with `-it` unless
/// `-T`) on the service's container; the command's exit code is Compose's.
pub fn exec(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let project = match exec_project(ctx, g) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let index: u32 = p.value("index").and_then(|v| v.parse().ok()).unwrap_or(0);
    let c = match service_container(ctx, &project, &p.positionals[0], index) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let mut args: Vec<String> = vec!["exec".to_string()];
    if p.bool("detach") {
        args.push("-d".to_string());
    } else {
        args.push("-i".to_string());
        if !p.bool("no-tty") {
            args.push("-t".to_string());
        }
    }
    for e in p.values("env") {
        args.push("-e".to_string());
        args.push(e.to_string());
    }
    args.push(c.id.clone());
    args.extend(p.positionals[1..].iter().cloned());
    crate::docker::docker(ctx, &args)
}

/// `exec` and `port` need only the project's name (toProjectName): `-p`,
/// else the file's, else the directory's.
fn exec_project(ctx: &mut Ctx, g: &Globals) -> Result<String, Output> {
    load::project(ctx, g).map(|(n, _)| n)
}

/// `docker compose port SERVICE PRIVATE_PORT` (`pkg/compose/port.go`).
pub fn port(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let project = match exec_project(ctx, g) {
        Ok(n) => n,
        Err(o) => return o,
    };
    let raw = &p.positionals[1];
    let Ok(want) = raw.parse::<u16>() else {
        return fail(&format!(
            "strconv.ParseUint: parsing {raw:?}: invalid syntax"
        ));
    };
    let proto = p.value("protocol").unwrap_or("tcp");
    let index: u32 = p.value("index").and_then(|v| v.parse().ok()).unwrap_or(0);
    let c = match service_container(ctx, &project, &p.positionals[0], index) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let entries = port_entries(&c);
    let mut o = Output::new();
    // The first IPv4 binding of that port (reference §3.5).
    let hit = entries.iter().find(|e| {
        e.private_port == want
            && e.proto.as_str() == proto
            && e.public_port.is_some()
            && e.ip.is_some_and(|ip| ip.is_ipv4())
    });
    match hit {
        Some(e) => o.outln(&format!(
            "{}:{}",
            e.ip.map(|ip| ip.to_string()).unwrap_or_default(),
            e.public_port.unwrap_or(0)
        )),
        None => {
            let all: Vec<String> = entries
                .iter()
                .map(|e| format!("{}/{}", e.private_port, e.proto.as_str()))
                .collect();
            o.fail(
                &format!(
                    "no port {want}/{proto} for container {}: {}",
                    c.name,
                    all.join(", ")
                ),
                1,
            );
        }
    }
    o
}

/// `docker compose images`: the images of the project's containers
/// (`cmd/compose/images.go`: CONTAINER REPOSITORY TAG PLATFORM IMAGE ID SIZE CREATED).
pub fn images(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (project, _) = match load::project(ctx, g) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let list: Vec<Container> = l::containers(ctx.engine, &project, false)
        .into_iter()
        .filter(|c| p.positionals.is_empty() || p.positionals.iter().any(|s| s == l::service_of(c)))
        .cloned()
        .collect();
    let mut o = Output::new();
    let id_of = |c: &Container| {
        c.config
            .labels
            .get(l::IMAGE)
            .map(|i| i.trim_start_matches("sha256:").to_string())
            .unwrap_or_default()
    };
    if p.bool("quiet") {
        for c in &list {
            o.outln(&id_of(c));
        }
        return o;
    }
    let mut text = String::from("CONTAINER\tREPOSITORY\tTAG\tPLATFORM\tIMAGE ID\tSIZE\tCREATED\n");
    for c in &list {
        let id = id_of(c);
        text.push_str(&format!(
            "{}\t{}\t{}\tlinux/amd64\t{}\t{}\t{} ago\n",
            c.name,
            c.image.repo,
            c.image.tag,
            id.get(..12).unwrap_or(&id),
            humanize::human_size(c.image.size().disk as f64, 3),
            humanize::human_duration(ctx.now.0.saturating_sub(c.created.0)),
        ));
    }
    o.out(&tabwriter::tabwrite(&text, 10, 1, 3));
    o
}

/// `docker compose top`: each running container's main process
/// (`cmd/compose/top.go`: the name, then a ps table).
pub fn top(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (project, _) = match load::project(ctx, g) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let list: Vec<Container> = l::containers(ctx.engine, &project, false)
        .into_iter()
        .filter(|c| c.is_running())
        .filter(|c| p.positionals.is_empty() || p.positionals.iter().any(|s| s == l::service_of(c)))
        .cloned()
        .collect();
    let mut o = Output::new();
    for c in &list {
        let text = format!(
            "UID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\nroot\t{}\t{}\t0\t{}\t?\t00:00:00\t{}\n",
            c.pid,
            c.pid.saturating_sub(23),
            {
                let t =
                    bridgeport_engine::time::go_string_seconds(c.started_at.unwrap_or(c.created));
                t.get(11..16).unwrap_or("").to_string()
            },
            c.argv().join(" ")
        );
        o.outln(&c.name);
        o.out(&tabwriter::tabwrite(&text, 10, 1, 3));
        o.outln("");
    }
    o
}

/// `docker compose version` (`cmd/compose/version.go`).
pub fn version(_: &mut Ctx, _: &Globals, p: &Parsed) -> Output {
    let mut o = Output::new();
    if p.bool("short") {
        o.outln(super::VERSION);
    } else if p.value("format") == Some("json") {
        o.outln(&format!("{{\"version\":\"v{}\"}}", super::VERSION));
    } else {
        o.outln(&format!("Docker Compose version v{}", super::VERSION));
    }
    o
}

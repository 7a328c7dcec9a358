//! Container commands other than run/create: ps, start, stop, restart, kill,
//! rm, port, logs, exec, attach, images.

use super::inspect::object;
use super::{attach_main_shell, container_arg, print_logs, run_one_shot};
use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::flags::{CommandSpec, Parsed};
use crate::format::{humanize, tabwriter, template};
use crate::output::{from_daemon, Output};
use crate::tools;
use bridgeport_engine::model::{Container, NetworkMode, Process, Status};
use bridgeport_engine::ports::{displayable_ports, port_lookup, port_mappings, PortEntry};
use bridgeport_engine::{Engine, Timestamp};
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
pub fn ps(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
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
                    o.daemon_fail(e);
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
pub fn start(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
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
                o.errln(&from_daemon(e));
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

/// `docker stop`.
pub fn stop(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    each_container(ctx, p, Engine::stop_container, false)
}

/// `docker restart`.
pub fn restart(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    each_container(ctx, p, Engine::restart_container, true)
}

/// `docker kill`.
pub fn kill(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    each_container(ctx, p, Engine::kill_container, false)
}

/// `docker stop`, `docker restart`, `docker kill`: echo each name, report
/// each failure. `started` says the operation starts the container again.
fn each_container(
    ctx: &mut Ctx,
    p: &Parsed,
    op: fn(&mut Engine, &str, Timestamp) -> Result<(), String>,
    started: bool,
) -> Output {
    let mut o = Output::new();
    for name in &p.positionals {
        let result = op(ctx.engine, name, ctx.now);
        if result.is_ok() && started {
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
            Err(e) => o.daemon_fail(e),
        }
    }
    o
}

/// `docker rm [-f]`.
pub fn rm(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    for name in &p.positionals {
        match ctx.engine.remove_container(name, p.bool("force"), ctx.now) {
            Ok(()) => o.outln(name),
            Err(e) => o.daemon_fail(e),
        }
    }
    o
}

/// `docker container prune`: removes every container that is not running
/// (cli/command/container/prune.go). Without `-f` the real CLI asks; the
/// playground shows the question and answers "y", as for `network prune`.
/// A simulated container writes nothing to its layer: 0B reclaimed.
pub fn prune(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
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
            Err(e) => o.daemon_fail(e),
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
pub fn port(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
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
pub fn logs(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
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
pub fn exec(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let c = match container_arg(ctx, &p.positionals[0]) {
        Ok(c) => c,
        Err(o) => return o,
    };
    let mut o = Output::new();
    if !c.is_running() {
        o.daemon_fail(format_args!("container {} is not running", c.id));
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
pub fn attach(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
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

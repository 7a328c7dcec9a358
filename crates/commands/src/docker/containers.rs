//! Container commands other than run/create: ps, start, stop, restart, kill,
//! rm, port, logs, exec, attach, images.

use super::filters::Filters;
use super::inspect::obj;
use super::{attach_main_shell, container_arg, print_logs, run_one_shot};
use crate::context::{AttachKind, Attached, Ctx, Place};
use crate::flags::{CommandSpec, Parsed};
use crate::output::{from_daemon, Output};
use crate::tools;
use bridgeport_engine::model::{Container, HealthStatus, NetworkMode, Process, Status};
use bridgeport_engine::ports::{displayable_ports, port_lookup, port_mappings, PortEntry};
use bridgeport_engine::{Engine, Timestamp};
use bridgeport_golib::sorted_map::SortedMap;
use bridgeport_golib::{humanize, tabwriter, template};
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
            // state.go String: the health after the uptime.
            let health = match c.health(Timestamp(now)) {
                None => "",
                Some(HealthStatus::Starting) => " (health: starting)",
                Some(HealthStatus::Healthy) => " (healthy)",
                Some(HealthStatus::Unhealthy) => " (unhealthy)",
            };
            format!("Up {}{health}", humanize::human_duration(since))
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
    // docker/cli formatter.MarshalJSON: `{{json .}}` is a Go map of the
    // context's methods, so its keys come out sorted (container_test.go
    // TestContainerContextWriteJSON); the fields are in that order here.
    obj!([
        ("Command", command.into()),
        (
            "CreatedAt",
            bridgeport_engine::time::go_string_seconds(c.created).into(),
        ),
        ("HealthStatus", "".into()),
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
        ("Labels", joined_labels(&c.config.labels).into()),
        ("LocalVolumes", "0".into()),
        ("Mounts", "".into()),
        ("Names", c.name.as_str().into()),
        ("Networks", networks.into()),
        (
            "Platform",
            obj!([("architecture", "amd64".into()), ("os", "linux".into())]),
        ),
        ("Ports", displayable_ports(&port_entries(c)).into()),
        (
            "RunningFor",
            format!(
                "{} ago",
                humanize::human_duration(now.saturating_sub(c.created.0))
            )
            .into(),
        ),
        ("Size", "0B".into()),
        ("State", c.status.as_str().into()),
        ("Status", status_text(c, now).into()),
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
    render_format_labeled(format, rows, &[], headers, root_type)
}

/// [`render_format`] for rows that have labels: each row's context has the
/// method `Label(name string) string` (docker/cli `ContainerContext.Label`,
/// `networkContext.Label`), an empty string for a label it does not have.
pub fn render_format_labeled(
    format: &str,
    rows: &[Value],
    labels: &[&SortedMap<String, String>],
    headers: &[(&str, &str)],
    root_type: &str,
) -> Result<String, String> {
    let (table, tpl) = template::prepare_format(format);
    let mut text = String::new();
    if table {
        let titles: serde_json::Map<String, Value> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        text.push_str(&template::render_header(&tpl, &Value::Object(titles)));
        text.push('\n');
    }
    for (i, row) in rows.iter().enumerate() {
        let label = |args: &[&str]| -> Result<String, String> {
            Ok(labels
                .get(i)
                .and_then(|l| l.get(args.first().copied().unwrap_or_default()))
                .cloned()
                .unwrap_or_default())
        };
        let methods = [template::Method {
            name: "Label",
            arity: 1,
            call: &label,
        }];
        let options = template::ExecOptions {
            root_type,
            methods: if labels.is_empty() { &[] } else { &methods },
            ..template::ExecOptions::default()
        };
        text.push_str(&template::render_with(&tpl, row, &options)?);
        text.push('\n');
    }
    Ok(if table {
        tabwriter::tabwrite(&text, 10, 1, 3)
    } else {
        text
    })
}

/// docker/cli `ContainerContext.Labels`: `k=v` pairs sorted, joined with commas.
pub fn joined_labels(labels: &SortedMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The filter keys `docker ps` accepts (moby `daemon/list.go` acceptedPsFilterTags).
const PS_FILTERS: &[&str] = &[
    "ancestor",
    "before",
    "exited",
    "id",
    "isolation",
    "label",
    "name",
    "status",
    "health",
    "since",
    "volume",
    "network",
    "is-task",
    "publish",
    "expose",
];

/// Values the daemon checks before listing (`foldFilter`): exit codes,
/// states and port ranges; returns the ports asked for as "80/tcp" strings.
fn fold_filters(f: &Filters) -> Result<(Vec<String>, Vec<String>), String> {
    for v in f.get("exited") {
        if v.parse::<i64>().is_err() {
            return Err(format!(
                "invalid filter 'exited={v}': strconv.Atoi: parsing {v:?}: invalid syntax"
            ));
        }
    }
    const HEALTHS: &[&str] = &["none", "starting", "healthy", "unhealthy"];
    for v in f.get("health") {
        if !HEALTHS.contains(&v.as_str()) {
            return Err(format!(
                "invalid filter 'health={v}': invalid value for health ({v}): must be one of {}",
                HEALTHS.join(", ")
            ));
        }
    }
    // Args.GetBoolOrDefault: exactly one of true/1 or false/0.
    let task = f.get("is-task");
    if !task.is_empty() {
        let t = task.iter().any(|v| v == "true" || v == "1");
        let fl = task.iter().any(|v| v == "false" || v == "0");
        if t == fl {
            return Err(format!("invalid filter 'is-task=[{}]'", task.join(" ")));
        }
    }
    const STATES: &[&str] = &[
        "created",
        "running",
        "paused",
        "restarting",
        "removing",
        "exited",
        "dead",
    ];
    for v in f.get("status") {
        if !STATES.contains(&v.as_str()) {
            return Err(format!(
                "invalid filter 'status={v}': invalid value for state ({v}): must be one of {}",
                STATES.join(", ")
            ));
        }
    }
    let ports = |key: &str| -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for v in f.get(key) {
            if v.contains(':') {
                return Err(format!("filter for '{key}' should not contain ':': {v}"));
            }
            let (range, proto) = v.split_once('/').unwrap_or((v, "tcp"));
            let (lo, hi) = range.split_once('-').unwrap_or((range, range));
            match (lo.parse::<u16>(), hi.parse::<u16>()) {
                (Ok(lo), Ok(hi)) if lo <= hi => {
                    out.extend((lo..=hi).map(|p| format!("{p}/{}", proto.to_ascii_lowercase())))
                }
                _ => {
                    return Err(format!(
                        "error while looking up for {key} {v}: invalid start port '{lo}': invalid syntax"
                    ))
                }
            }
        }
        Ok(out)
    };
    Ok((ports("publish")?, ports("expose")?))
}

/// `includeContainerInList`: each key narrows the list; the values of one key are alternatives.
fn keep_container(
    engine: &Engine,
    c: &Container,
    f: &Filters,
    publish: &[String],
    expose: &[String],
    now: Timestamp,
) -> bool {
    if !f.matches("name", &c.name) && !f.matches("name", &format!("/{}", c.name)) {
        return false;
    }
    if !f.matches("id", &c.id) || !f.match_kv_list("label", &c.config.labels) {
        return false;
    }
    if f.contains("exited") {
        let exited = !c.is_running() && c.started_at.is_some();
        if !(exited && f.get("exited").iter().any(|v| v.parse() == Ok(c.exit_code))) {
            return false;
        }
    }
    if !f.matches("status", c.status.as_str()) {
        return false;
    }
    // Health.Status(): "none" without a healthcheck. No container has a
    // mount or a swarm task; isolation does not filter on Linux
    // (daemon/list_unix.go).
    let health = c.health(now).map_or("none", HealthStatus::as_str);
    if !f.exact_match("health", health) || f.contains("volume") {
        return false;
    }
    if f.get("is-task").iter().any(|v| v == "true" || v == "1") {
        return false;
    }
    if f.contains("ancestor")
        && !f
            .get("ancestor")
            .iter()
            .any(|v| c.image.display() == *v || c.image.repo == *v || c.image.familiar() == *v)
    {
        return false;
    }
    if f.contains("network")
        && !f.get("network").iter().any(|v| {
            c.networks.iter().any(|(id, _)| {
                engine
                    .network_by_id(id)
                    .is_some_and(|n| n.name == *v || n.id.starts_with(v.as_str()))
            })
        })
    {
        return false;
    }
    if !publish.is_empty() || !expose.is_empty() {
        let hit = c.bindings.iter().any(|b| {
            publish.contains(&format!("{}/{}", b.host_port, b.proto.as_str()))
                || expose.contains(&format!("{}/{}", b.container_port, b.proto.as_str()))
        }) || c.exposed_ports().iter().any(|(p, proto)| {
            c.is_running() && expose.contains(&format!("{p}/{}", proto.as_str()))
        });
        if !hit {
            return false;
        }
    }
    true
}

/// `docker ps`.
pub fn ps(ctx: &mut Ctx, spec: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    let now = ctx.now.0;
    let mut list: Vec<&Container> = ctx.engine.containers().iter().rev().collect();
    let last: i64 = p.value("last").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let all = p.bool("all") || last > 0 || p.bool("latest");
    if !all {
        list.retain(|c| c.is_running());
    }
    let filters = match Filters::from_flag(spec, &p.values("filter")) {
        Ok(f) => f,
        Err(o) => return o,
    };
    let folded = filters
        .validate(PS_FILTERS)
        .and_then(|()| fold_filters(&filters));
    let (publish, expose) = match folded {
        Ok(v) => v,
        Err(e) => {
            o.daemon_fail(e);
            return o;
        }
    };
    if filters.contains("status") {
        // foldFilter: a status filter lists stopped containers too.
        list = ctx.engine.containers().iter().rev().collect();
    }
    list.retain(|c| keep_container(ctx.engine, c, &filters, &publish, &expose, ctx.now));
    // before= / since=: only containers created before (after) the one named
    // (includeContainerInList walks newest first: skip until it, stop at it).
    let all = ctx.engine.containers();
    for &(key, keep_older) in &[("before", true), ("since", false)] {
        for v in filters.get(key) {
            let Some(at) = all
                .iter()
                .position(|c| c.id.starts_with(v.as_str()) || c.name == v.trim_start_matches('/'))
            else {
                o.daemon_fail(format_args!("No such container: {v}"));
                return o;
            };
            list.retain(|c| {
                let i = all.iter().position(|x| x.id == c.id).unwrap_or(at);
                if keep_older {
                    i < at
                } else {
                    i > at
                }
            });
        }
    }
    if p.bool("latest") {
        list.truncate(1);
    } else if last > 0 {
        list.truncate(last as usize);
    }
    let trunc = !p.bool("no-trunc");
    if p.bool("quiet") {
        if p.value("format").is_some_and(|f| !f.is_empty()) {
            // docker/cli container/list.go runPs: -q wins over --format, with a warning.
            o.errln("WARNING: Ignoring custom format, because both --format and --quiet are set.");
        }
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
    let labels: Vec<_> = list.iter().map(|c| &c.config.labels).collect();
    match render_format_labeled(
        format,
        &rows,
        &labels,
        PS_HEADERS,
        "*formatter.ContainerContext",
    ) {
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
        match super::start_container(ctx, name) {
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
        o.fail_fmt(
            format_args!("failed to start containers: {}", failed.join(", ")),
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
            return tools::exec_not_found(&program, p.bool("detach"));
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
    if p.bool("detach") && tools::find(&program).is_some_and(|t| !t.exists(tools::Where::Image(&c)))
    {
        return tools::exec_not_found(&program, true);
    }
    let result = tools::in_container(ctx, &c.id, "", AttachKind::Exec, &argv);
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
        _ => o.errln_fmt(format_args!(
            "[bridgeport] attached to {}'s output; a real terminal stays here until you press Ctrl-C (which stops the container) or Ctrl-P Ctrl-Q (which detaches). The playground gives you the prompt back.",
            c.name
        )),
    }
    o
}

/// `docker wait`: each container's exit code (cli/command/container/wait.go).
/// A running one would block the terminal until it stops; the playground says so.
pub fn wait(ctx: &mut Ctx, _: &CommandSpec, p: &Parsed) -> Output {
    let mut o = Output::new();
    for name in &p.positionals {
        match ctx.engine.find_container(name) {
            Ok(c) if c.is_running() => o.errln_fmt(format_args!(
                "[bridgeport] {} is running: a real terminal waits here until it stops.",
                c.name
            )),
            Ok(c) => o.outln(&c.exit_code.to_string()),
            Err(e) => o.daemon_fail(e),
        }
    }
    o
}

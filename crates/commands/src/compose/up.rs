//! The commands that change things: `up`, `create`, `start`, `stop`,
//! `restart`, `rm`, `down`, `pull`, `run`, and `config`. Each is a client
//! of the daemon's operations (`create_network`, `create_container`,
//! `start_container`, …) as `pkg/compose` is: names and labels are
//! Compose's, the work is the engine's, and daemon errors come back in
//! the daemon's words.

use super::labels::{self as l};
use super::plan::{NetMode, Plan, ServicePlan};
use super::progress::{Progress, State};
use super::{fail, load, Globals};
use crate::context::Ctx;
use crate::flags::Parsed;
use crate::output::{from_daemon, Output};
use bridgeport_engine::image::ImageRef;
use bridgeport_engine::model::{Container, EndpointConfig, HealthStatus, NetworkMode, Process};
use bridgeport_engine::ContainerCreate;
use bridgeport_golib::sorted_map::SortedMap;

/// What `up`/`create` do beyond building the plan.
#[derive(Debug, Clone, Default)]
pub struct UpOptions {
    pub start: bool,
    pub force_recreate: bool,
    pub no_recreate: bool,
    pub remove_orphans: bool,
    pub no_deps: bool,
    pub scale: SortedMap<String, u32>,
    pub services: Vec<String>,
}

/// `--scale SERVICE=NUM` entries (`cmd/compose/up.go` applyScaleOpts).
fn parse_scale(values: &[&str]) -> Result<SortedMap<String, u32>, String> {
    let mut out = SortedMap::new();
    for v in values {
        let (svc, n) = v.split_once('=').unwrap_or((v, ""));
        let n: u32 = n
            .parse()
            .map_err(|_| format!("strconv.Atoi: parsing {n:?}: invalid syntax"))?;
        out.insert(svc.to_string(), n);
    }
    Ok(out)
}

/// `docker compose up`.
pub fn up(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let mut o = Output::new();
    if !p.bool("detach") && !p.bool("wait") {
        // Attached mode streams logs until Ctrl-C: the playground runs
        // detached and says so (a real terminal would stay attached).
        o.errln("[bridgeport] `docker compose up` without -d stays attached to the containers' logs until you press Ctrl-C; the playground starts them in the background as with -d. See them with `docker compose logs`.");
    }
    up_or_create(ctx, g, p, true, o)
}

/// `docker compose create`.
pub fn create(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    up_or_create(ctx, g, p, false, Output::new())
}

fn up_or_create(ctx: &mut Ctx, g: &Globals, p: &Parsed, start: bool, mut o: Output) -> Output {
    let scale = match parse_scale(&p.values("scale")) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let plan = match load::plan(ctx, g) {
        Ok(plan) => plan,
        Err(e) => {
            o.extend(e);
            return o;
        }
    };
    for w in &plan.warnings {
        o.errln(w);
    }
    let opts = UpOptions {
        start: start && !(p.defines("no-start") && p.bool("no-start")),
        force_recreate: p.bool("force-recreate"),
        no_recreate: p.bool("no-recreate"),
        remove_orphans: p.bool("remove-orphans"),
        no_deps: p.defines("no-deps") && p.bool("no-deps"),
        scale,
        services: p.positionals.clone(),
    };
    let op = if opts.start { "up" } else { "create" };
    let mut progress = Progress::new(g.progress, op);
    let result = converge(ctx, &plan, &opts, &mut progress, &mut o);
    o.err(&progress.render());
    if let Err(e) = result {
        o.fail(&e, 1);
    }
    o
}

/// The services to act on: those named (or all), plus what they depend on
/// unless `--no-deps`, in the plan's dependency order.
fn selected<'a>(
    plan: &'a Plan,
    names: &[String],
    no_deps: bool,
) -> Result<Vec<&'a ServicePlan>, String> {
    if names.is_empty() {
        return Ok(plan.services.iter().collect());
    }
    let mut want: Vec<String> = Vec::new();
    for n in names {
        if plan.service(n).is_none() {
            return Err(format!("no such service: {n}"));
        }
        want.push(n.clone());
    }
    if !no_deps {
        let mut i = 0;
        while i < want.len() {
            if let Some(s) = plan.service(&want[i]) {
                for d in &s.depends_on {
                    if !want.contains(&d.service) {
                        want.push(d.service.clone());
                    }
                }
                for (svc, _) in &s.links {
                    if !want.contains(svc) {
                        want.push(svc.clone());
                    }
                }
            }
            i += 1;
        }
    }
    Ok(plan
        .services
        .iter()
        .filter(|s| want.contains(&s.name))
        .collect())
}

/// Makes the engine hold what the plan says (`pkg/compose/create.go`,
/// `convergence.go`, `start.go`): external networks checked first, project
/// networks created, then every container created, then started in
/// dependency order, waiting for the conditions of `depends_on`.
pub fn converge(
    ctx: &mut Ctx,
    plan: &Plan,
    opts: &UpOptions,
    progress: &mut Progress,
    o: &mut Output,
) -> Result<(), String> {
    let services = selected(plan, &opts.services, opts.no_deps)?;
    // Orphans: containers of the project whose service is gone.
    let orphans: Vec<String> = l::containers(ctx.engine, &plan.name, false)
        .iter()
        .filter(|c| plan.service(l::service_of(c)).is_none())
        .map(|c| c.name.clone())
        .collect();
    if !orphans.is_empty() {
        if opts.remove_orphans {
            for name in &orphans {
                remove_container(ctx, progress, name);
            }
        } else {
            o.errln(&format!("WARN[0000] Found orphan containers ({}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.", orphans.join(", ")));
        }
    }
    // Networks the selected services use.
    let mut used: Vec<&str> = Vec::new();
    for s in &services {
        if let NetMode::Networks(nets) = &s.net {
            for (key, _) in nets {
                if !used.contains(&key.as_str()) {
                    used.push(key);
                }
            }
        }
    }
    check_external(ctx, plan, &used)?;
    // Images (pull what is missing).
    for s in &services {
        ensure_image(ctx, progress, &s.image)?;
    }
    create_networks(ctx, plan, &used, progress, o)?;
    // Create (or keep, or recreate) every container, then start them.
    let mut to_start: Vec<(String, String)> = Vec::new(); // (service, container name)
    for s in &services {
        let replicas = opts.scale.get(&s.name).copied().unwrap_or(s.replicas);
        let existing: Vec<Container> = l::service_containers(ctx.engine, &plan.name, &s.name)
            .into_iter()
            .cloned()
            .collect();
        // Scale down: the highest numbers go first.
        for c in existing.iter().filter(|c| l::number_of(c) > replicas) {
            stop_container(ctx, progress, &c.name);
            remove_container(ctx, progress, &c.name);
        }
        for n in 1..=replicas {
            let name = s.container_name(&plan.name, n);
            let id = format!("Container {name}");
            let current = existing
                .iter()
                .find(|c| l::number_of(c) == n || (s.container_name.is_some() && c.name == name));
            match current {
                Some(c) => {
                    let same = c.config.labels.get(l::CONFIG_HASH) == Some(&s.config_hash);
                    if (same && !opts.force_recreate) || opts.no_recreate {
                        if c.is_running() {
                            progress.event(&id, State::Done, "Running");
                        } else {
                            to_start.push((s.name.clone(), c.name.clone()));
                        }
                        continue;
                    }
                    progress.event(&id, State::Working, "Recreate");
                    let _ = ctx.engine.remove_container(&c.id, true, ctx.now);
                    create_replica(ctx, plan, s, n, &name, progress)?;
                    progress.event(&id, State::Done, "Recreated");
                }
                None => {
                    progress.event(&id, State::Working, "Creating");
                    create_replica(ctx, plan, s, n, &name, progress)?;
                    progress.event(&id, State::Done, "Created");
                }
            }
            to_start.push((s.name.clone(), name));
        }
    }
    if !opts.start {
        return Ok(());
    }
    for s in &services {
        wait_dependencies(ctx, plan, s, progress)?;
        for (_, name) in to_start.iter().filter(|(svc, _)| *svc == s.name) {
            start_one(ctx, progress, name)?;
        }
    }
    Ok(())
}

/// resolveExternalNetwork: every external network the services use must
/// exist, checked before anything is created (R1).
fn check_external(ctx: &Ctx, plan: &Plan, used: &[&str]) -> Result<(), String> {
    // resolveExternalNetwork: before anything is created.
    for key in used {
        let Some(net) = plan.network(key) else {
            continue;
        };
        if net.external && ctx.engine.find_network(&net.create.name).is_err() {
            return Err(format!(
                "network {} declared as external, but could not be found",
                net.create.name
            ));
        }
    }
    Ok(())
}

/// Creates the project networks the services use that do not exist yet
/// (`create.go` createNetwork, with Compose's labels).
fn create_networks(
    ctx: &mut Ctx,
    plan: &Plan,
    used: &[&str],
    progress: &mut Progress,
    o: &mut Output,
) -> Result<(), String> {
    for key in used {
        let Some(net) = plan.network(key) else {
            continue;
        };
        if net.external {
            continue;
        }
        let name = net.create.name.clone();
        let id = format!("Network {name}");
        match ctx.engine.find_network(&name) {
            Ok(existing) => {
                if existing.labels.get(l::PROJECT).map(String::as_str) != Some(plan.name.as_str()) {
                    // v5 warnUnmanagedNetworks: a warning, then the network is reused.
                    o.errln(&format!("WARN[0000] a network with name {name} exists but was not created by compose.\nSet `external: true` to use an existing network"));
                }
            }
            Err(_) => {
                let mut req = net.create.clone();
                req.labels.insert(l::NETWORK.to_string(), net.key.clone());
                req.labels.insert(l::PROJECT.to_string(), plan.name.clone());
                req.labels
                    .insert(l::VERSION.to_string(), super::VERSION.to_string());
                req.labels.insert(
                    l::CONFIG_HASH.to_string(),
                    l::config_hash(&format!("{:?}", net.create)),
                );
                // v5.2+: the plan executor and createNetwork both emit these.
                progress.event(&id, State::Working, "Creating");
                progress.event(&id, State::Working, "Creating");
                if let Err(e) = ctx.engine.create_network(req, ctx.now) {
                    progress.event_details(&id, State::Error, "Error", &e);
                    return Err(from_daemon(e));
                }
                progress.event(&id, State::Done, "Created");
                progress.event(&id, State::Done, "Created");
            }
        }
    }
    Ok(())
}

/// The image of a service, pulled when missing (` ✔ Image x Pulled`).
fn ensure_image(ctx: &mut Ctx, progress: &mut Progress, image: &str) -> Result<(), String> {
    let r = ImageRef::parse(image)?;
    if ctx.engine.has_image(&r) {
        return Ok(());
    }
    let id = format!("Image {image}");
    progress.event(&id, State::Working, "Pulling");
    match ctx.engine.pull(&r) {
        Ok(()) => {
            progress.event(&id, State::Done, "Pulled");
            Ok(())
        }
        Err(e) => {
            progress.event_details(&id, State::Error, "Error", &e);
            Err(if e.starts_with("[bridgeport]") {
                e
            } else {
                from_daemon(e)
            })
        }
    }
}

/// Creates replica `n` of `s` (`getCreateConfigs`): Compose's labels on
/// the service's configuration, the primary network as the network mode,
/// aliases `[container name, service, aliases…]` on every network.
fn create_replica(
    ctx: &mut Ctx,
    plan: &Plan,
    s: &ServicePlan,
    n: u32,
    name: &str,
    progress: &mut Progress,
) -> Result<(), String> {
    let image = ImageRef::parse(&s.image)?;
    let mut config = s.config.clone();
    let put = |config: &mut bridgeport_engine::model::ContainerConfig, k: &str, v: String| {
        config.labels.insert(k.to_string(), v);
    };
    put(&mut config, l::PROJECT, plan.name.clone());
    put(&mut config, l::SERVICE, s.name.clone());
    put(&mut config, l::NUMBER, n.to_string());
    put(&mut config, l::ONEOFF, "False".to_string());
    put(&mut config, l::VERSION, super::VERSION.to_string());
    put(&mut config, l::CONFIG_HASH, s.config_hash.clone());
    put(&mut config, l::DEPENDS_ON, s.depends_on_label());
    put(
        &mut config,
        l::IMAGE,
        format!("sha256:{}", l::config_hash(&image.display())),
    );
    put(&mut config, l::WORKING_DIR, plan.working_dir.clone());
    put(&mut config, l::CONFIG_FILES, plan.config_files.join(","));
    if let Some(f) = &plan.env_file {
        put(&mut config, l::ENVIRONMENT_FILE, f.clone());
    }
    let req = container_request(ctx, plan, s, name, image, config, true)?;
    match ctx.engine.create_container(req, ctx.now) {
        Ok(created) => {
            for w in created.warnings {
                progress.event(&s.name, State::Warning, &w);
            }
            Ok(())
        }
        Err(e) => {
            progress.event_details(&format!("Container {name}"), State::Error, "Error", &e);
            Err(from_daemon(e))
        }
    }
}

/// The create request of a service's container.
fn container_request(
    ctx: &Ctx,
    plan: &Plan,
    s: &ServicePlan,
    name: &str,
    image: ImageRef,
    mut config: bridgeport_engine::model::ContainerConfig,
    use_aliases: bool,
) -> Result<ContainerCreate, String> {
    let (network_mode, first, extra) = match &s.net {
        NetMode::Networks(nets) => {
            let mut resolved: Vec<(String, EndpointConfig)> = Vec::new();
            for (key, cfg) in nets {
                let net_name = plan
                    .network(key)
                    .map(|n| n.create.name.clone())
                    .unwrap_or_else(|| format!("{}_{key}", plan.name));
                let mut cfg = cfg.clone();
                if use_aliases {
                    let mut aliases = vec![name.to_string(), s.name.clone()];
                    aliases.extend(cfg.aliases.iter().cloned());
                    cfg.aliases = aliases;
                } else {
                    cfg.aliases.clear();
                }
                // links on a user-defined network: container-local aliases.
                cfg.links = s
                    .links
                    .iter()
                    .filter_map(|(svc, alias)| {
                        let target = l::service_containers(ctx.engine, &plan.name, svc)
                            .first()
                            .map(|c| c.name.clone())?;
                        Some((target, alias.clone()))
                    })
                    .collect();
                resolved.push((net_name, cfg));
            }
            let mut it = resolved.into_iter();
            match it.next() {
                Some((n, cfg)) => (NetworkMode::Named(n), cfg, it.collect()),
                None => (NetworkMode::None, EndpointConfig::default(), Vec::new()),
            }
        }
        NetMode::Host => (NetworkMode::Host, EndpointConfig::default(), Vec::new()),
        NetMode::None => (NetworkMode::None, EndpointConfig::default(), Vec::new()),
        NetMode::Bridge => (NetworkMode::Bridge, EndpointConfig::default(), Vec::new()),
        NetMode::Container(c) => (
            NetworkMode::Container(c.clone()),
            EndpointConfig::default(),
            Vec::new(),
        ),
        NetMode::Service(svc) => {
            // resolveSharedNamespaces: the first container of that service.
            let target = l::service_containers(ctx.engine, &plan.name, svc)
                .first()
                .map(|c| c.id.clone())
                .ok_or_else(|| format!("service {svc} is not running"))?;
            (
                NetworkMode::Container(target),
                EndpointConfig::default(),
                Vec::new(),
            )
        }
    };
    if matches!(network_mode, NetworkMode::Container(_)) {
        config.hostname = None;
    }
    Ok(ContainerCreate {
        name: Some(name.to_string()),
        image,
        config,
        network_mode,
        first_endpoint: first,
        extra_networks: extra,
    })
}

/// Waits for `s`'s dependencies as `depends_on` says
/// (`convergence.go` waitDependency): `service_healthy` waits for the
/// first healthcheck, `service_completed_successfully` for the exit.
fn wait_dependencies(
    ctx: &mut Ctx,
    plan: &Plan,
    s: &ServicePlan,
    progress: &mut Progress,
) -> Result<(), String> {
    for d in &s.depends_on {
        let deps: Vec<Container> = l::service_containers(ctx.engine, &plan.name, &d.service)
            .into_iter()
            .cloned()
            .collect();
        for c in deps {
            let id = format!("Container {}", c.name);
            // The dependency's line turns to Error; `up` fails unless the
            // dependency is optional (`required: false`).
            let failed = |progress: &mut Progress, why: &str| {
                let details = format!("dependency {} failed to start", d.service);
                progress.event_details(&id, State::Error, "Error", &details);
                let e = format!("dependency failed to start: container {} {why}", c.name);
                dependency_failed(d.required, e)
            };
            match d.condition.as_str() {
                "service_healthy" => {
                    progress.event(&id, State::Working, "Waiting");
                    let interval = c
                        .config
                        .healthcheck
                        .as_ref()
                        .filter(|h| !h.disabled())
                        .map(|h| h.interval_secs());
                    let Some(interval) = interval else {
                        return failed(progress, "has no healthcheck configured");
                    };
                    progress.wait(&id, interval);
                    let health = ctx.engine.wait_health(&c.id).ok().flatten();
                    match health {
                        Some(HealthStatus::Healthy) => progress.event(&id, State::Done, "Healthy"),
                        Some(_) => return failed(progress, "is unhealthy"),
                        None => {
                            let code = ctx
                                .engine
                                .find_container(&c.id)
                                .map(|c| c.exit_code)
                                .unwrap_or(0);
                            return failed(progress, &format!("exited ({code})"));
                        }
                    }
                }
                "service_completed_successfully" => {
                    let after = ctx.engine.find_container(&c.id).cloned();
                    match after {
                        Ok(a) if !a.is_running() => {
                            progress.event(&id, State::Done, "Exited");
                            if a.exit_code != 0 {
                                return Err(format!(
                                    "service {:?} didn't complete successfully: exit {}",
                                    d.service, a.exit_code
                                ));
                            }
                        }
                        Ok(_) => {
                            return Err(format!(
                                "[bridgeport] {} keeps running: Compose would wait here for it to exit (service_completed_successfully)",
                                c.name
                            ))
                        }
                        Err(_) => {}
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn dependency_failed(required: bool, e: String) -> Result<(), String> {
    if required {
        Err(e)
    } else {
        Ok(())
    }
}

/// Starts one container (Starting → Started), running a one-shot main
/// process to its end as `docker start` would.
fn start_one(ctx: &mut Ctx, progress: &mut Progress, name: &str) -> Result<(), String> {
    let id = format!("Container {name}");
    let Ok(c) = ctx.engine.find_container(name).cloned() else {
        return Ok(());
    };
    if c.is_running() {
        progress.event(&id, State::Done, "Running");
        return Ok(());
    }
    progress.event(&id, State::Working, "Starting");
    // startServiceContainer returns the error with no error event: the
    // task stays Working and the error follows the frame.
    crate::docker::start_container(ctx, &c.id).map_err(from_daemon)?;
    progress.event(&id, State::Done, "Started");
    if let Ok(after) = ctx.engine.find_container(&c.id).cloned() {
        if after.is_running() && after.process == Process::OneShot {
            crate::docker::run_one_shot(ctx, &after);
        }
    }
    Ok(())
}

fn stop_container(ctx: &mut Ctx, progress: &mut Progress, name: &str) {
    let id = format!("Container {name}");
    progress.event(&id, State::Working, "Stopping");
    let _ = ctx.engine.stop_container(name, ctx.now);
    progress.event(&id, State::Done, "Stopped");
}

fn remove_container(ctx: &mut Ctx, progress: &mut Progress, name: &str) {
    let id = format!("Container {name}");
    progress.event(&id, State::Working, "Removing");
    let _ = ctx.engine.remove_container(name, true, ctx.now);
    progress.event(&id, State::Done, "Removed");
}

/// A project's containers of the named services (all when none named).
fn of_services(ctx: &Ctx, project: &str, names: &[String]) -> Vec<Container> {
    l::containers(ctx.engine, project, false)
        .into_iter()
        .filter(|c| names.is_empty() || names.iter().any(|n| n == l::service_of(c)))
        .cloned()
        .collect()
}

/// The project's plan and its containers of the services named on the
/// command line (`stop`, `start`, `restart`, `rm`).
fn named_containers(
    ctx: &mut Ctx,
    g: &Globals,
    p: &Parsed,
) -> Result<(Option<Plan>, Vec<Container>), Output> {
    let (project, plan) = load::project_services(ctx, g, &p.positionals)?;
    let list = of_services(ctx, &project, &p.positionals);
    Ok((plan, list))
}

/// Dependents before their dependencies (`down`, `stop`): the reverse of
/// the plan's order, else of the `depends_on` labels.
fn reverse_dependency_order(plan: Option<&Plan>, mut list: Vec<Container>) -> Vec<Container> {
    let rank = |c: &Container| -> usize {
        match plan {
            Some(p) => p
                .services
                .iter()
                .position(|s| s.name == l::service_of(c))
                .unwrap_or(usize::MAX),
            None => 0,
        }
    };
    if plan.is_none() {
        // Without a file: a container others depend on goes after them.
        let depended: Vec<String> = list
            .iter()
            .flat_map(|c| {
                c.config
                    .labels
                    .get(l::DEPENDS_ON)
                    .map(|d| {
                        d.split(',')
                            .filter_map(|e| e.split(':').next())
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
            .collect();
        bridgeport_golib::sort::sort_by(&mut list, |a, b| {
            let da = depended.iter().any(|d| d == l::service_of(a));
            let db = depended.iter().any(|d| d == l::service_of(b));
            da.cmp(&db).then(b.name.cmp(&a.name))
        });
        return list;
    }
    bridgeport_golib::sort::sort_by(&mut list, |a, b| {
        rank(b).cmp(&rank(a)).then(b.name.cmp(&a.name))
    });
    list
}

/// `docker compose down`: containers in reverse dependency order, then the
/// project's networks (`pkg/compose/down.go`); external ones stay.
pub fn down(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (project, plan) = match load::project(ctx, g) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let mut progress = Progress::new(g.progress, "down");
    let all: Vec<Container> = l::containers(ctx.engine, &project, true)
        .into_iter()
        .cloned()
        .collect();
    let (mine, orphans): (Vec<Container>, Vec<Container>) = all.into_iter().partition(|c| {
        plan.as_ref()
            .is_none_or(|pl| pl.service(l::service_of(c)).is_some() || l::is_oneoff(c))
    });
    if !orphans.is_empty() && !p.bool("remove-orphans") {
        let names: Vec<&str> = orphans.iter().map(|c| c.name.as_str()).collect();
        o.errln(&format!("WARN[0000] Found orphan containers ({}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.", names.join(", ")));
    }
    let mut gone = reverse_dependency_order(plan.as_ref(), mine);
    if p.bool("remove-orphans") {
        gone.extend(orphans);
    }
    for c in &gone {
        let id = format!("Container {}", c.name);
        if c.is_running() {
            progress.event(&id, State::Working, "Stopping");
            let _ = ctx.engine.stop_container(&c.id, ctx.now);
            progress.event(&id, State::Done, "Stopped");
        }
        progress.event(&id, State::Working, "Removing");
        let _ = ctx.engine.remove_container(&c.id, true, ctx.now);
        ctx.shells.files.forget(&c.id);
        progress.event(&id, State::Done, "Removed");
    }
    let nets: Vec<(String, String)> = l::networks(ctx.engine, &project)
        .iter()
        .map(|n| (n.id.clone(), n.name.clone()))
        .collect();
    for (nid, name) in nets {
        let id = format!("Network {name}");
        progress.event(&id, State::Working, "Removing");
        match ctx.engine.remove_network(&nid) {
            Ok(()) => progress.event(&id, State::Done, "Removed"),
            Err(_) => progress.event(&id, State::Warning, "Resource is still in use"),
        }
    }
    if progress.is_empty() {
        o.errln(&format!(
            "WARN[0000] Warning: No resource found to remove for project {project:?}."
        ));
    }
    o.err(&progress.render());
    o
}

/// `docker compose stop`.
pub fn stop(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (plan, list) = match named_containers(ctx, g, p) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut progress = Progress::new(g.progress, "stop");
    for c in reverse_dependency_order(plan.as_ref(), list) {
        if c.is_running() {
            stop_container(ctx, &mut progress, &c.name);
        } else {
            progress.event(&format!("Container {}", c.name), State::Done, "Stopped");
        }
    }
    let mut o = Output::new();
    o.err(&progress.render());
    o
}

/// `docker compose start`: existing containers, dependencies first.
pub fn start(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (plan, list) = match named_containers(ctx, g, p) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut o = Output::new();
    if list.is_empty() {
        o.fail("no containers to start", 1);
        return o;
    }
    let mut progress = Progress::new(g.progress, "start");
    let mut ordered = reverse_dependency_order(plan.as_ref(), list);
    ordered.reverse();
    let mut result = Ok(());
    for c in ordered {
        if let Some(pl) = &plan {
            if let Some(s) = pl.service(l::service_of(&c)) {
                if let Err(e) = wait_dependencies(ctx, pl, s, &mut progress) {
                    result = Err(e);
                    break;
                }
            }
        }
        if let Err(e) = start_one(ctx, &mut progress, &c.name) {
            result = Err(e);
            break;
        }
    }
    o.err(&progress.render());
    if let Err(e) = result {
        o.fail(&e, 1);
    }
    o
}

/// `docker compose restart`.
pub fn restart(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (plan, list) = match named_containers(ctx, g, p) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut progress = Progress::new(g.progress, "restart");
    let mut o = Output::new();
    let mut ordered = reverse_dependency_order(plan.as_ref(), list);
    ordered.reverse();
    for c in ordered {
        let id = format!("Container {}", c.name);
        progress.event(&id, State::Working, "Restarting");
        let _ = ctx.engine.stop_container(&c.id, ctx.now);
        match crate::docker::start_container(ctx, &c.id) {
            Ok(()) => progress.event(&id, State::Done, "Started"),
            Err(e) => {
                o.err(&progress.render());
                o.fail(&from_daemon(e), 1);
                return o;
            }
        }
    }
    o.err(&progress.render());
    o
}

/// `docker compose rm`: stopped containers (with `-s`, stopped first).
/// The confirmation prompt is answered as with `-f`.
pub fn rm(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (_, list) = match named_containers(ctx, g, p) {
        Ok(t) => t,
        Err(o) => return o,
    };
    let mut o = Output::new();
    let mut progress = Progress::new(g.progress, "rm");
    if p.bool("stop") {
        for c in list.iter().filter(|c| c.is_running()) {
            stop_container(ctx, &mut progress, &c.name);
        }
    }
    let stopped: Vec<Container> = list
        .into_iter()
        .filter(|c| {
            ctx.engine
                .find_container(&c.id)
                .is_ok_and(|c| !c.is_running())
        })
        .collect();
    if stopped.is_empty() {
        o.errln("No stopped containers");
        return o;
    }
    if !p.bool("force") {
        let names: Vec<&str> = stopped.iter().map(|c| c.name.as_str()).collect();
        o.errln(&format!("Going to remove {}", names.join(", ")));
        o.errln("[bridgeport] Compose asks `Are you sure? [yN]` here; the playground answers y (use -f to skip the question).");
    }
    for c in &stopped {
        remove_container(ctx, &mut progress, &c.name);
        ctx.shells.files.forget(&c.id);
    }
    o.err(&progress.render());
    o
}

/// `docker compose pull`.
pub fn pull(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let plan = match load::plan(ctx, g) {
        Ok(pl) => pl,
        Err(o) => return o,
    };
    let services = match selected(&plan, &p.positionals, true) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    let mode = if p.bool("quiet") {
        super::progress::Mode::Quiet
    } else {
        g.progress
    };
    let mut progress = Progress::new(mode, "pull");
    let mut o = Output::new();
    for s in services {
        let id = format!("Image {}", s.image);
        let Ok(r) = ImageRef::parse(&s.image) else {
            continue;
        };
        progress.event(&id, State::Working, "Pulling");
        match ctx.engine.pull(&r) {
            Ok(()) => progress.event(&id, State::Done, "Pulled"),
            Err(e) => {
                progress.event_details(&id, State::Error, "Error", &e);
                o.err(&progress.render());
                o.fail(&from_daemon(e), 1);
                return o;
            }
        }
    }
    o.err(&progress.render());
    o
}

/// `docker compose run [--rm] SERVICE [COMMAND…]`: a one-off container
/// (`<project>-<service>-run-<slug>`, `oneoff=True`, no published ports
/// unless `-P`, no aliases unless `--use-aliases`), dependencies started first.
pub fn run(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let plan = match load::plan(ctx, g) {
        Ok(pl) => pl,
        Err(o) => return o,
    };
    let svc_name = &p.positionals[0];
    let Some(s) = plan.service(svc_name).cloned() else {
        return fail(&format!("no such service: {svc_name}"));
    };
    let mut o = Output::new();
    let mut progress = Progress::new(g.progress, "run");
    if !p.bool("no-deps") && !s.depends_on.is_empty() {
        let deps: Vec<String> = s.depends_on.iter().map(|d| d.service.clone()).collect();
        let opts = UpOptions {
            start: true,
            services: deps,
            ..UpOptions::default()
        };
        if let Err(e) = converge(ctx, &plan, &opts, &mut progress, &mut o) {
            o.err(&progress.render());
            o.fail(&e, 1);
            return o;
        }
    } else if let Err(e) = ensure_networks(ctx, &plan, &s, &mut progress, &mut o) {
        o.err(&progress.render());
        o.fail(&e, 1);
        return o;
    }
    if let Err(e) = ensure_image(ctx, &mut progress, &s.image) {
        o.err(&progress.render());
        o.fail(&e, 1);
        return o;
    }
    o.err(&progress.render());
    let slug = &l::config_hash(&format!("{}{}", ctx.now.0, ctx.engine.containers().len()))[..12];
    let name = p
        .value("name")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}-{}-run-{slug}", plan.name, s.name));
    let mut config = s.config.clone();
    if p.positionals.len() > 1 {
        config.cmd = p.positionals[1..].to_vec();
    }
    if let Some(e) = p.value("entrypoint") {
        config.entrypoint = Some(crate::shell::split(e).unwrap_or_default());
    }
    config
        .env
        .extend(p.values("env").iter().map(|s| s.to_string()));
    if !p.bool("service-ports") {
        config.publish.clear();
    }
    for raw in p.values("publish") {
        match bridgeport_engine::ports::parse_publish(raw) {
            Ok(ports) => config.publish.extend(ports),
            Err(e) => return fail(&e),
        }
    }
    config.auto_remove = p.bool("rm");
    config.interactive = true;
    config.tty = !p.bool("no-tty");
    for (k, v) in [
        (l::PROJECT, plan.name.clone()),
        (l::SERVICE, s.name.clone()),
        (l::ONEOFF, "True".to_string()),
        (l::SLUG, slug.to_string()),
        (l::VERSION, super::VERSION.to_string()),
        (l::CONFIG_HASH, s.config_hash.clone()),
        (l::DEPENDS_ON, s.depends_on_label()),
        (l::WORKING_DIR, plan.working_dir.clone()),
        (l::CONFIG_FILES, plan.config_files.join(",")),
    ] {
        config.labels.insert(k.to_string(), v);
    }
    for kv in p.values("label") {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        config.labels.insert(k.to_string(), v.to_string());
    }
    let image = match ImageRef::parse(&s.image) {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let req = match container_request(ctx, &plan, &s, &name, image, config, p.bool("use-aliases")) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let created = match ctx.engine.create_container(req, ctx.now) {
        Ok(c) => c,
        Err(e) => {
            o.fail(&from_daemon(e), 1);
            return o;
        }
    };
    if p.bool("detach") {
        o.outln(&name);
    }
    if let Err(e) = crate::docker::start_container(ctx, &created.id) {
        o.fail(&from_daemon(e), 1);
        return o;
    }
    let Ok(c) = ctx.engine.find_container(&created.id).cloned() else {
        return o;
    };
    if p.bool("detach") {
        if c.process == Process::OneShot {
            crate::docker::run_one_shot(ctx, &c);
        }
        return o;
    }
    match &c.process {
        Process::Shell if c.config.interactive => crate::docker::attach_main_shell(ctx.place, &c),
        Process::OneShot => {
            let result = crate::docker::run_one_shot(ctx, &c);
            let code = result.code;
            o.extend(result);
            o.code = code;
        }
        _ => {
            crate::docker::print_logs(&mut o, &c.logs);
            o.errln(&format!("[bridgeport] {} keeps running in the foreground. A real terminal stays attached here until you press Ctrl-C; the playground gives you the prompt back.", c.name));
        }
    }
    o
}

/// The project networks one service needs (`run --no-deps`).
fn ensure_networks(
    ctx: &mut Ctx,
    plan: &Plan,
    s: &ServicePlan,
    progress: &mut Progress,
    o: &mut Output,
) -> Result<(), String> {
    let used: Vec<&str> = match &s.net {
        NetMode::Networks(nets) => nets.iter().map(|(k, _)| k.as_str()).collect(),
        _ => Vec::new(),
    };
    check_external(ctx, plan, &used)?;
    create_networks(ctx, plan, &used, progress, o)
}

/// `docker compose config`: printed by the compose crate.
pub fn config(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    load::config(ctx, g, p)
}

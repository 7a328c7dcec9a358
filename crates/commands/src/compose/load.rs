//! Finding and loading the project a command acts on (reference §1.1):
//! the compose file is looked up from the shell's working directory
//! upwards (`compose.yaml`, `compose.yml`, `docker-compose.yml`,
//! `docker-compose.yaml`), read from the host's files, loaded by the
//! compose crate and turned into a [`Plan`].

use super::plan::{check_project_name, normalize_project_name, Plan};
use super::{fail, Globals};
use crate::context::Ctx;
use crate::flags::Parsed;
use crate::output::Output;
use crate::shell::{absolute, Files};

/// Compose's default file names, in its order (`cli/options.go`).
pub const DEFAULT_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The host's files are kept per place; the host's place key.
const HOST: &str = "host";

/// The compose files a command reads: `-f` as given (relative to the
/// working directory), else the first default name found in the working
/// directory or a parent. `Err` is E1.
pub fn find_files(ctx: &Ctx, g: &Globals) -> Result<Vec<String>, String> {
    find_files_in(&ctx.shells.files, g)
}

/// [`find_files`] in a file store (completion reads it without a [`Ctx`]).
fn find_files_in(files: &Files, g: &Globals) -> Result<Vec<String>, String> {
    let cwd = base_dir(g);
    if !g.files.is_empty() {
        return Ok(g.files.iter().map(|f| absolute(&cwd, f)).collect());
    }
    let mut dir = cwd;
    loop {
        let found: Vec<&str> = DEFAULT_FILES
            .iter()
            .copied()
            .filter(|f| files.exists(HOST, &absolute(&dir, f)))
            .collect();
        if let Some(first) = found.first() {
            return Ok(vec![absolute(&dir, first)]);
        }
        if dir == "/" || dir.is_empty() {
            return Err("no configuration file provided: not found".to_string());
        }
        dir = absolute(&dir, "..");
    }
}

fn base_dir(g: &Globals) -> String {
    match &g.project_directory {
        Some(d) => absolute(&g.env.cwd, d),
        None => g.env.cwd.clone(),
    }
}

fn env_var<'a>(g: &'a Globals, name: &str) -> Option<&'a str> {
    g.env
        .environ
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The project name alone, when `-p` (or `COMPOSE_PROJECT_NAME`) gives it
/// and the command works from labels (`ps`, `logs`, `down`, `stop`, …):
/// then the file is not read (`cmd/compose/compose.go` projectOrName).
/// Otherwise the file is loaded and its plan comes along.
pub fn project(ctx: &mut Ctx, g: &Globals) -> Result<(String, Option<Plan>), Output> {
    if let Some(name) = &g.project_name {
        check_project_name(name).map_err(|e| fail(&e))?;
        return Ok((name.clone(), None));
    }
    if find_files(ctx, g).is_err() {
        if let Some(name) = env_var(g, "COMPOSE_PROJECT_NAME") {
            check_project_name(name).map_err(|e| fail(&e))?;
            return Ok((name.to_string(), None));
        }
    }
    let plan = plan(ctx, g)?;
    Ok((plan.name.clone(), Some(plan)))
}

/// [`project`], and `no such service` for a service named on the command
/// line that the file does not have (`ps`, `logs`, `stop`, `rm`, …; without
/// a file, from labels, any name is taken).
pub fn project_services(
    ctx: &mut Ctx,
    g: &Globals,
    names: &[String],
) -> Result<(String, Option<Plan>), Output> {
    let (project, plan) = project(ctx, g)?;
    if let Some(plan) = &plan {
        if let Some(n) = names.iter().find(|n| plan.service(n).is_none()) {
            return Err(fail(&format!("no such service: {n}")));
        }
    }
    Ok((project, plan))
}

/// The project name from the directory when there is nothing better.
pub fn directory_name(g: &Globals) -> String {
    let dir = base_dir(g);
    normalize_project_name(dir.rsplit('/').next().unwrap_or(""))
}

/// What the loader was given and said, for `config`.
pub struct LoadedProject {
    pub loaded: bridgeport_compose::Loaded,
}

/// Reads the files and env files and runs the compose crate's loader
/// (compose-go's pipeline). Its warnings come back as logrus prints them
/// on a TTY (`WARN[0000] …`), its notes as `[bridgeport]` lines.
pub fn load_project(
    ctx: &mut Ctx,
    g: &Globals,
    interpolate: bool,
) -> Result<(bridgeport_compose::Loaded, Vec<String>), Output> {
    load_in(&ctx.shells.files, g, interpolate)
}

/// The services of the project `g` names (enabled and disabled by
/// profiles), for completion: Compose's `completeServiceNames` loads the
/// project the same way and offers nothing when that fails.
pub fn service_names(store: &Files, g: &Globals) -> Vec<String> {
    match load_in(store, g, true) {
        Ok((loaded, _)) => loaded
            .project
            .services
            .keys()
            .chain(loaded.project.disabled_services.keys())
            .cloned()
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn load_in(
    store: &Files,
    g: &Globals,
    interpolate: bool,
) -> Result<(bridgeport_compose::Loaded, Vec<String>), Output> {
    let files = find_files_in(store, g).map_err(|e| fail(&e))?;
    let mut sources = Vec::new();
    for f in &files {
        match store.read(HOST, f) {
            Some(text) => sources.push(bridgeport_compose::SourceFile::new(f.clone(), text)),
            None => return Err(fail(&format!("open {f}: no such file or directory"))),
        }
    }
    let working_dir = match &g.project_directory {
        Some(_) => base_dir(g),
        None => {
            let first = &files[0];
            match first.rsplit_once('/') {
                Some(("", _)) => "/".to_string(),
                Some((dir, _)) => dir.to_string(),
                None => base_dir(g),
            }
        }
    };
    // compose-go WithEnvFiles: each --env-file, else the project's .env.
    let mut env_files = Vec::new();
    if g.env_files.is_empty() {
        let dotenv = absolute(&working_dir, ".env");
        if let Some(text) = store.read(HOST, &dotenv) {
            env_files.push(bridgeport_compose::SourceFile::new(dotenv, text));
        }
    } else {
        for f in &g.env_files {
            let path = absolute(&g.env.cwd, f);
            match store.read(HOST, &path) {
                Some(text) => env_files.push(bridgeport_compose::SourceFile::new(path, text)),
                None => return Err(fail(&format!("couldn't find env file: {path}"))),
            }
        }
    }
    let opts = bridgeport_compose::LoadOptions {
        files: sources,
        working_dir,
        env: g.env.environ.iter().cloned().collect(),
        env_files,
        project_name: g.project_name.clone(),
        interpolate,
        all_resources: false,
        // profiles, enable_services: compose-load added them (defaults
        // until --profile and the SERVICE arguments are passed).
        ..bridgeport_compose::LoadOptions::default()
    };
    let loaded = bridgeport_compose::load(&opts).map_err(|e| fail(&e.message))?;
    let mut lines: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| format!("WARN[0000] {w}"))
        .collect();
    lines.extend(
        loaded
            .notes
            .iter()
            .map(|n| format!("[bridgeport] {}", n.message)),
    );
    Ok((loaded, lines))
}

/// Loads the project's file into a [`Plan`].
pub fn plan(ctx: &mut Ctx, g: &Globals) -> Result<Plan, Output> {
    let (loaded, lines) = load_project(ctx, g, true)?;
    let mut plan = super::convert::plan(&loaded.project).map_err(|e| fail(&e))?;
    plan.env_file = g.env_files.first().map(|f| absolute(&g.env.cwd, f));
    plan.warnings = lines;
    Ok(plan)
}

/// `docker compose config` (`cmd/compose/config.go`): the canonical YAML
/// from the compose crate, or one list of names.
pub fn config(ctx: &mut Ctx, g: &Globals, p: &Parsed) -> Output {
    let (loaded, lines) = match load_project(ctx, g, !p.bool("no-interpolate")) {
        Ok(l) => l,
        Err(o) => return o,
    };
    let mut o = Output::new();
    for l in &lines {
        o.errln(l);
    }
    let project = &loaded.project;
    if p.bool("quiet") {
        return o;
    }
    if p.bool("services") {
        match super::convert::plan(project) {
            Ok(plan) => {
                for s in &plan.services {
                    o.outln(&s.name);
                }
            }
            Err(_) => {
                for name in project.services.keys() {
                    o.outln(name);
                }
            }
        }
        return o;
    }
    if p.bool("networks") {
        for key in project.networks.keys() {
            o.outln(key);
        }
        return o;
    }
    if p.bool("images") {
        for s in project.services.values() {
            o.outln(
                &s.image
                    .clone()
                    .unwrap_or_else(|| format!("{}-{}", project.name, s.name)),
            );
        }
        return o;
    }
    if p.bool("volumes") {
        return o;
    }
    if let Some(svc) = p.value("hash") {
        for s in project.services.values() {
            if svc == "*" || svc.split(',').any(|n| n == s.name) {
                o.outln(&format!("{} {}", s.name, super::convert::service_hash(s)));
            }
        }
        return o;
    }
    match p.value("format") {
        None | Some("" | "yaml") => o.out(&project.config_yaml()),
        Some(other) => o.fail(
            &format!("[bridgeport] config --format {other} is not simulated; the YAML form is"),
            1,
        ),
    }
    o
}

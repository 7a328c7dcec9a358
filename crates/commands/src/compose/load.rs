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
use crate::shell::absolute;

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
    let cwd = base_dir(g);
    if !g.files.is_empty() {
        return Ok(g.files.iter().map(|f| absolute(&cwd, f)).collect());
    }
    let mut dir = cwd;
    loop {
        let found: Vec<&str> = DEFAULT_FILES
            .iter()
            .copied()
            .filter(|f| ctx.shells.files.exists(HOST, &absolute(&dir, f)))
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

/// The project name from the directory when there is nothing better.
pub fn directory_name(g: &Globals) -> String {
    let dir = base_dir(g);
    normalize_project_name(dir.rsplit('/').next().unwrap_or(""))
}

/// Loads the project's file into a [`Plan`].
pub fn plan(ctx: &mut Ctx, g: &Globals) -> Result<Plan, Output> {
    let files = find_files(ctx, g).map_err(|e| fail(&e))?;
    for f in &files {
        if !ctx.shells.files.exists(HOST, f) {
            return Err(fail(&format!("open {f}: no such file or directory")));
        }
    }
    Err(fail(
        "[bridgeport] loading compose files is not in this build yet",
    ))
}

/// `docker compose config`.
pub fn config(ctx: &mut Ctx, g: &Globals, _p: &Parsed) -> Output {
    match plan(ctx, g) {
        Ok(_) => Output::new(),
        Err(o) => o,
    }
}

//! # bridgeport-compose: Compose files loaded as compose-go loads them
//!
//! `docker compose` reads its files with compose-go (`compose-spec/
//! compose-go`, about v2.14 for Compose v5.5). This crate reproduces that
//! loader for the keys Bridgeport models, with compose-go's error texts, and
//! gives the command layer a typed [`Project`]. It knows nothing about the
//! engine: the `docker compose` commands (crates/commands, `compose/`) turn a
//! `Project` into daemon operations, and the host's file system hands the
//! files in as text.
//!
//! ## The pipeline ([`load`]), in compose-go's order (reference §4.1)
//!
//! 1. **Pre-pass for the name** (only without `-p`): every file is parsed
//!    for its top-level `name:`; a YAML syntax error surfaces here, bare
//!    (`go-yaml load error in parser … did not find expected key`).
//! 2. **Project name** ([`name`]): `-p`, else `COMPOSE_PROJECT_NAME` (OS
//!    environment or env file), else `name:` (interpolated, normalised),
//!    else the project directory's base name, normalised.
//! 3. **Parse** ([`yaml`]) each file into a tree with positions: anchors,
//!    `<<` merge keys, duplicate keys (`failed to parse <file>: yaml:
//!    construct errors: …`), YAML 1.2 core-schema scalars as go-yaml.
//! 4. **Interpolate** ([`interpolate`]) `${VAR}`, `${VAR:-x}`, `${VAR?err}`,
//!    `$$` from the environment (OS environment over the env files), with
//!    compose-go's casts (`scale: "${N}"` becomes a number).
//! 5. **Merge** the files in order (later files override, lists of ports
//!    and the like append) and **validate** against compose-go's own JSON
//!    schema ([`schema`]): `validating <file>: services.web additional
//!    properties 'prots' not allowed`, `… must be a array`, ….
//! 6. **Normalise** ([`normalize`]) into the model: ports to long syntax,
//!    `depends_on` to a map, the `default` network, network names, scale.
//! 7. **Consistency checks** ([`validate`]): undefined networks and
//!    services, `network_mode` with `networks`, `container_name` with scale,
//!    cycles, each in Compose's words with `: invalid compose project`.
//!
//! The result carries logrus-style warnings (the obsolete `version`, unset
//! variables), and notes: every key outside the model that changes what a
//! real Compose would do, worded for a `[bridgeport]` line, never silently
//! ignored. [`Project::config_yaml`] prints `docker compose config`.
//!
//! ## Errors and positions
//!
//! A [`ComposeError`]'s `message` is exactly what Compose prints (the CLI
//! adds nothing but the newline and exit status 1). `file`, `line` and
//! `column` (1-based), when known, let the page's editor mark the spot;
//! schema and consistency errors point at the offending key.
//!
//! ## Limits
//!
//! A file over 1 MiB ([`yaml::MAX_FILE_BYTES`]), nesting deeper than 64
//! ([`yaml::MAX_DEPTH`]), more than 200 000 nodes once aliases and merge
//! keys are expanded ([`yaml::MAX_NODES`]: alias and merge bombs), or
//! interpolation nested deeper than 32 are refused with a `bridgeport:`
//! message; nothing here recurses on the input's shape without a bound, and
//! the fuzz target `compose` (fuzz/) checks that no input panics.

pub mod config;
pub mod dotenv;
pub mod duration;
pub mod interpolate;
mod load;
pub mod model;
pub mod name;
pub mod normalize;
pub mod ports;
pub mod schema;
pub mod validate;
pub mod volumes;
pub mod yaml;

pub use load::load;
pub use model::{
    Dependency, Healthcheck, Ipam, IpamPool, Network, Port, Project, Service, ServiceNetwork,
};

use bridgeport_golib::sorted_map::SortedMap;
use std::fmt;

/// A file handed to the loader: its absolute path and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceFile {
    /// Absolute path, as Compose prints it in messages
    /// (`/home/learner/myapp/compose.yaml`).
    pub path: String,
    /// The file's contents.
    pub text: String,
}

impl SourceFile {
    /// A file from a path and its text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// What `docker compose` hands the loader. The CLI finds the files (`-f`,
/// or `compose.yaml` … searched upwards) and reads them; this crate never
/// touches a file system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// The compose files in order (`-f a -f b`, or the default file and its
    /// override). Must not be empty.
    pub files: Vec<SourceFile>,
    /// The project directory (absolute): `--project-directory`, else the
    /// directory of the first file. Its base name is the default project
    /// name.
    pub working_dir: String,
    /// The OS environment of the shell running `docker compose`.
    pub env: SortedMap<String, String>,
    /// The env files for interpolation: each `--env-file` in order, else the
    /// project directory's `.env` if it exists (compose-go `WithEnvFiles`).
    /// OS variables win over them (`WithDotEnv` merges without
    /// overriding).
    pub env_files: Vec<SourceFile>,
    /// `-p`/`--project-name`.
    pub project_name: Option<String>,
    /// `--profile` flags; when empty, `COMPOSE_PROFILES` (comma-separated,
    /// from the environment or the env files) is used, as compose-go's
    /// `WithDefaultProfiles` does. `*` activates every profile.
    pub profiles: Vec<String>,
    /// Services named on the command line (`up web`): one disabled by its
    /// profiles is enabled with them (compose-go `WithServicesEnabled`).
    pub enable_services: Vec<String>,
    /// `false` for `config --no-interpolate`.
    pub interpolate: bool,
    /// `true` keeps top-level networks no service uses (`config
    /// --all-resources`); Compose drops them otherwise.
    pub all_resources: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            files: Vec::new(),
            working_dir: String::new(),
            env: SortedMap::new(),
            env_files: Vec::new(),
            project_name: None,
            profiles: Vec::new(),
            enable_services: Vec::new(),
            interpolate: true,
            all_resources: false,
        }
    }
}

/// A successful load.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The normalised project.
    pub project: Project,
    /// Compose's warnings, in order, without the `WARN[0000] ` prefix (the
    /// CLI formats them as logrus does), e.g. ``/home/learner/myapp/compose.yaml:
    /// the attribute `version` is obsolete, it will be ignored, please remove
    /// it to avoid potential confusion``.
    pub warnings: Vec<String>,
    /// What Bridgeport accepts but does not model, one line each without the
    /// `[bridgeport] ` prefix, e.g. `services.web.volumes is accepted but not
    /// simulated: the container gets no volume`.
    pub notes: Vec<Note>,
}

/// A `[bridgeport]` note about a key outside the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The sentence, without the `[bridgeport] ` prefix.
    pub message: String,
    /// The file the key is in.
    pub file: String,
    /// 1-based line of the key.
    pub line: u32,
    /// 1-based column of the key.
    pub column: u32,
}

/// A load error: Compose's exact text and, when known, where it points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposeError {
    /// What Compose prints (one line, sometimes more for interpolation).
    pub message: String,
    /// The file the error is in, when it is about one file.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
}

impl ComposeError {
    /// An error with no position.
    pub fn new(message: impl Into<String>) -> ComposeError {
        ComposeError {
            message: message.into(),
            file: None,
            line: None,
            column: None,
        }
    }

    /// An error pointing at `pos` in the file `pos.file` of `files`.
    pub fn in_files(
        message: impl Into<String>,
        files: &[SourceFile],
        pos: yaml::Pos,
    ) -> ComposeError {
        match files.get(usize::from(pos.file)) {
            Some(f) => ComposeError::at(message, &f.path, pos),
            None => ComposeError::new(message),
        }
    }

    /// An error pointing at `pos` in `file` (a zero position is dropped).
    pub fn at(message: impl Into<String>, file: &str, pos: yaml::Pos) -> ComposeError {
        let known = pos.line > 0;
        ComposeError {
            message: message.into(),
            file: Some(file.to_string()),
            line: known.then_some(pos.line),
            column: known.then_some(pos.column),
        }
    }
}

impl fmt::Display for ComposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ComposeError {}

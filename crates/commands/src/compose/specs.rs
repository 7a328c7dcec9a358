//! The `docker compose` command table: the global options ([`ROOT`]) and
//! one entry per subcommand ([`COMPOSE`]) with its usage line, description
//! and flags as docker/compose v5.5 defines them (`cmd/compose/*.go`,
//! `docs/reference/compose_*.md`), and its handler. Dispatch, every
//! `--help` and `docker compose --help` read it.

use super::{up, view, Sub};
use crate::flags::{flag, flag_default, Args, CommandSpec, FlagSpec, Group, Handler, Kind};

const B: Kind = Kind::Bool;
const S: Kind = Kind::Value("string");
const A: Kind = Kind::Value("stringArray");
const I: Kind = Kind::Value("int");

/// `docker compose`'s own (persistent) options, `cmd/compose/compose.go`.
pub static ROOT: CommandSpec = CommandSpec {
    path: "docker compose",
    usage: "[OPTIONS] COMMAND",
    short: "Define and run multi-container applications with Docker",
    aliases: &[],
    flags: &[
        flag("all-resources", None, B, "Include all resources, even those not used by services"),
        flag_default("ansi", None, S, "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\")", "auto"),
        flag("compatibility", None, B, "Run compose in backward compatibility mode"),
        flag("dry-run", None, B, "Execute command in dry run mode"),
        flag("env-file", None, A, "Specify an alternate environment file"),
        flag("file", Some('f'), A, "Compose configuration files"),
        flag_default("parallel", None, I, "Control max parallelism, -1 for unlimited", "-1"),
        flag("profile", None, A, "Specify a profile to enable"),
        flag("progress", None, S, "Set type of progress output (auto, tty, plain, json, quiet)"),
        flag("project-directory", None, S, "Specify an alternate working directory\n(default: the path of the, first specified, Compose file)"),
        flag("project-name", Some('p'), S, "Project name"),
    ],
    args: Args::Any,
    interspersed: false,
    group: Group::Management,
    handler: Handler::NotSimulated,
};

const fn sub(
    path: &'static str,
    usage: &'static str,
    short: &'static str,
    flags: &'static [FlagSpec],
    args: Args,
    run: fn(
        &mut crate::context::Ctx,
        &super::Globals,
        &crate::flags::Parsed,
    ) -> crate::output::Output,
) -> Sub {
    Sub {
        spec: CommandSpec {
            path,
            usage,
            short,
            aliases: &[],
            flags,
            args,
            interspersed: true,
            group: Group::Unlisted,
            // Compose's handlers also get the globals: `run` below is called.
            handler: Handler::NotSimulated,
        },
        long: "",
        unmodelled: &[],
        run,
    }
}

const fn interspersed_off(mut s: Sub) -> Sub {
    s.spec.interspersed = false;
    s
}

/// A subcommand whose help shows a `Long` text instead of its `Short`.
const fn long(mut s: Sub, text: &'static str) -> Sub {
    s.long = text;
    s
}

/// Flags of the subcommand that Compose has and the playground does not
/// act on: its help lists them, and a line that gives one is refused with
/// a `[bridgeport]` line instead of being run without it.
const fn unmodelled(mut s: Sub, names: &'static [&'static str]) -> Sub {
    s.unmodelled = names;
    s
}

/// `--dry-run`, the one persistent flag of `docker compose`
/// (`cmd/compose/compose.go`: `c.PersistentFlags().BoolVar(&dryRun, …)`):
/// cobra merges it into every subcommand's flags, so each `--help` lists it.
const DRY_RUN: FlagSpec = flag("dry-run", None, B, "Execute command in dry run mode");

/// Every subcommand the playground runs, by name, with every flag of
/// Compose v5.5 (`cmd/compose/<name>.go` at v5.5.0; flags without help text
/// are the ones it marks hidden).
pub static COMPOSE: &[Sub] = &[
    unmodelled(sub("docker compose config", "[OPTIONS] [SERVICE...]", "Parse, resolve and render compose file in canonical format", &[
        DRY_RUN,
        flag("environment", None, B, "Print environment used for interpolation."),
        flag("format", None, S, "Format the output. Values: [yaml | json]"),
        flag("hash", None, S, "Print the service config hash, one per line."),
        flag("images", None, B, "Print the image names, one per line."),
        flag("lock-image-digests", None, B, "Produces an override file with image digests"),
        flag("models", None, B, "Print the model names, one per line."),
        flag("networks", None, B, "Print the network names, one per line."),
        flag("no-consistency", None, B, "Don't check model consistency - warning: may produce invalid Compose output"),
        flag("no-env-resolution", None, B, "Don't resolve service env files"),
        flag("no-interpolate", None, B, "Don't interpolate environment variables"),
        flag("no-normalize", None, B, "Don't normalize compose model"),
        flag("no-path-resolution", None, B, "Don't resolve file paths"),
        flag("output", Some('o'), S, "Save to file (default to stdout)"),
        flag("profiles", None, B, "Print the profile names, one per line."),
        flag("quiet", Some('q'), B, "Only validate the configuration, don't print anything"),
        flag("resolve-image-digests", None, B, "Pin image tags to digests"),
        flag("services", None, B, "Print the service names, one per line."),
        flag("variables", None, B, "Print model variables and default values."),
        flag("volumes", None, B, "Print the volume names, one per line."),
    ], Args::Any, up::config), &["dry-run", "environment", "lock-image-digests", "models", "no-consistency", "no-env-resolution", "no-normalize", "no-path-resolution", "output", "profiles", "resolve-image-digests", "variables"]),
    unmodelled(sub("docker compose create", "[OPTIONS] [SERVICE...]", "Creates containers for a service", &[
        DRY_RUN,
        flag("build", None, B, "Build images before starting containers"),
        flag("force-recreate", None, B, "Recreate containers even if their configuration and image haven't changed"),
        flag("no-build", None, B, "Don't build an image, even if it's policy"),
        flag("no-recreate", None, B, "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
        flag_default("pull", None, S, "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\")", "policy"),
        flag("quiet-pull", None, B, "Pull without printing progress information"),
        flag("remove-orphans", None, B, "Remove containers for services not defined in the Compose file"),
        flag("scale", None, A, "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present."),
        flag("yes", Some('y'), B, "Assume \"yes\" as answer to all prompts and run non-interactively"),
    ], Args::Any, up::create), &["dry-run", "build", "no-build"]),
    unmodelled(sub("docker compose down", "[OPTIONS] [SERVICES]", "Stop and remove containers, networks", &[
        DRY_RUN,
        flag("remove-orphans", None, B, "Remove containers for services not defined in the Compose file"),
        flag("rmi", None, S, "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")"),
        flag("timeout", Some('t'), I, "Specify a shutdown timeout in seconds"),
        flag("volumes", Some('v'), B, "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers"),
    ], Args::Any, up::down), &["dry-run"]),
    unmodelled(interspersed_off(sub("docker compose exec", "[OPTIONS] SERVICE COMMAND [ARGS...]", "Execute a command in a running container", &[
        DRY_RUN,
        flag("detach", Some('d'), B, "Detached mode: Run command in the background"),
        flag("env", Some('e'), A, "Set environment variables"),
        flag("index", None, I, "Index of the container if service has multiple replicas"),
        flag_default("interactive", Some('i'), B, "", "true"),
        // Default `!dockerCli.Out().IsTerminal()`: false on the playground's TTY.
        flag("no-tty", Some('T'), B, "Disable pseudo-TTY allocation. By default 'docker compose exec' allocates a TTY."),
        flag("privileged", None, B, "Give extended privileges to the process"),
        flag_default("tty", Some('t'), B, "", "true"),
        flag("user", Some('u'), S, "Run the command as this user"),
        flag("workdir", Some('w'), S, "Path to workdir directory for this command"),
    ], Args::Min(2), view::exec)), &["dry-run"]),
    unmodelled(sub("docker compose images", "[OPTIONS] [SERVICE...]", "List images used by the created containers", &[
        DRY_RUN,
        flag_default("format", None, S, "Format the output. Values: [table | json]", "table"),
        flag("quiet", Some('q'), B, "Only display IDs"),
    ], Args::Any, view::images), &["dry-run"]),
    unmodelled(sub("docker compose logs", "[OPTIONS] [SERVICE...]", "View output from containers", &[
        DRY_RUN,
        flag("follow", Some('f'), B, "Follow log output"),
        flag("index", None, I, "index of the container if service has multiple replicas"),
        flag("no-color", None, B, "Produce monochrome output"),
        flag("no-log-prefix", None, B, "Don't print prefix in logs"),
        flag("since", None, S, "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"),
        flag_default("tail", Some('n'), S, "Number of lines to show from the end of the logs for each container", "all"),
        flag("timestamps", Some('t'), B, "Show timestamps"),
        flag("until", None, S, "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"),
    ], Args::Any, view::logs), &["dry-run"]),
    unmodelled(sub("docker compose ls", "[OPTIONS]", "List running compose projects", &[
        DRY_RUN,
        flag("all", Some('a'), B, "Show all stopped Compose projects"),
        flag("filter", None, Kind::Value("filter"), "Filter output based on conditions provided"),
        flag_default("format", None, S, "Format the output. Values: [table | json]", "table"),
        flag("quiet", Some('q'), B, "Only display project names"),
    ], Args::None, view::ls), &["dry-run"]),
    unmodelled(sub("docker compose port", "[OPTIONS] SERVICE PRIVATE_PORT", "Print the public port for a port binding", &[
        DRY_RUN,
        flag("index", None, I, "Index of the container if service has multiple replicas"),
        flag_default("protocol", None, S, "tcp or udp", "tcp"),
    ], Args::Min(2), view::port), &["dry-run"]),
    unmodelled(sub("docker compose ps", "[OPTIONS] [SERVICE...]", "List containers", &[
        DRY_RUN,
        flag("all", Some('a'), B, "Show all stopped containers (including those created by the run command)"),
        flag("filter", None, S, "Filter services by a property (supported filters: status)"),
        // docker/cli `cli/flags/options.go` FormatHelp.
        flag_default("format", None, S, "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates", "table"),
        flag("no-trunc", None, B, "Don't truncate output"),
        flag_default("orphans", None, B, "Include orphaned services (not declared by project)", "true"),
        flag("quiet", Some('q'), B, "Only display IDs"),
        flag("services", None, B, "Display services"),
        flag("status", None, A, "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]"),
    ], Args::Any, view::ps), &["dry-run"]),
    unmodelled(sub("docker compose pull", "[OPTIONS] [SERVICE...]", "Pull service images", &[
        DRY_RUN,
        flag("ignore-buildable", None, B, "Ignore images that can be built"),
        flag("ignore-pull-failures", None, B, "Pull what it can and ignores images with pull failures"),
        flag("include-deps", None, B, "Also pull services declared as dependencies"),
        flag_default("no-parallel", None, B, "", "true"),
        flag_default("parallel", None, B, "", "true"),
        flag("policy", None, S, "Apply pull policy (\"missing\"|\"always\")"),
        flag("quiet", Some('q'), B, "Pull without printing progress information"),
    ], Args::Any, up::pull), &["dry-run"]),
    unmodelled(sub("docker compose restart", "[OPTIONS] [SERVICE...]", "Restart service containers", &[
        DRY_RUN,
        flag("no-deps", None, B, "Don't restart dependent services"),
        flag("timeout", Some('t'), I, "Specify a shutdown timeout in seconds"),
    ], Args::Any, up::restart), &["dry-run"]),
    unmodelled(long(sub("docker compose rm", "[OPTIONS] [SERVICE...]", "Removes stopped service containers", &[
        DRY_RUN,
        // "Deprecated - no effect", hidden.
        flag("all", Some('a'), B, ""),
        flag("force", Some('f'), B, "Don't ask to confirm removal"),
        flag("stop", Some('s'), B, "Stop the containers, if required, before removing"),
        flag("volumes", Some('v'), B, "Remove any anonymous volumes attached to containers"),
    ], Args::Any, up::rm), "Removes stopped service containers\n\nBy default, anonymous volumes attached to containers will not be removed. You\ncan override this with -v. To list all volumes, use \"docker volume ls\".\n\nAny data which is not in a volume will be lost."), &["dry-run"]),
    unmodelled(interspersed_off(sub("docker compose run", "[OPTIONS] SERVICE [COMMAND] [ARGS...]", "Run a one-off command on a service", &[
        DRY_RUN,
        flag("build", None, B, "Build image before starting container"),
        flag("cap-add", None, Kind::Value("list"), "Add Linux capabilities"),
        flag("cap-drop", None, Kind::Value("list"), "Drop Linux capabilities"),
        flag("detach", Some('d'), B, "Run container in background and print container ID"),
        flag("entrypoint", None, S, "Override the entrypoint of the image"),
        flag("env", Some('e'), A, "Set environment variables"),
        flag("env-from-file", None, A, "Set environment variables from file"),
        flag_default("interactive", Some('i'), B, "Keep STDIN open even if not attached", "true"),
        flag("label", Some('l'), A, "Add or override a label"),
        flag("name", None, S, "Assign a name to the container"),
        flag("no-deps", None, B, "Don't start linked services"),
        // Default `!dockerCli.Out().IsTerminal()`: false on the playground's TTY.
        flag("no-tty", Some('T'), B, "Disable pseudo-TTY allocation (default: auto-detected)"),
        flag("publish", Some('p'), A, "Publish a container's port(s) to the host"),
        flag_default("pull", None, S, "Pull image before running (\"always\"|\"missing\"|\"never\")", "policy"),
        flag("quiet", Some('q'), B, "Don't print anything to STDOUT"),
        flag("quiet-build", None, B, "Suppress progress output from the build process"),
        flag("quiet-pull", None, B, "Pull without printing progress information"),
        flag("remove-orphans", None, B, "Remove containers for services not defined in the Compose file"),
        flag("rm", None, B, "Automatically remove the container when it exits"),
        flag("service-ports", Some('P'), B, "Run command with all service's ports enabled and mapped to the host"),
        flag_default("tty", Some('t'), B, "", "true"),
        flag("use-aliases", None, B, "Use the service's network useAliases in the network(s) the container connects to"),
        flag("user", Some('u'), S, "Run as specified username or uid"),
        flag("volume", Some('v'), A, "Bind mount a volume"),
        flag("workdir", Some('w'), S, "Working directory inside the container"),
    ], Args::Min(1), up::run)), &["dry-run", "build", "cap-add", "cap-drop", "env-from-file", "pull", "quiet-build", "volume"]),
    unmodelled(sub("docker compose start", "[SERVICE...]", "Start services", &[
        DRY_RUN,
        flag("wait", None, B, "Wait for services to be running|healthy. Implies detached mode."),
        flag("wait-timeout", None, I, "Maximum duration in seconds to wait for the project to be running|healthy"),
    ], Args::Any, up::start), &["dry-run"]),
    unmodelled(sub("docker compose stop", "[OPTIONS] [SERVICE...]", "Stop services", &[
        DRY_RUN,
        flag("timeout", Some('t'), I, "Specify a shutdown timeout in seconds"),
    ], Args::Any, up::stop), &["dry-run"]),
    unmodelled(sub("docker compose top", "[SERVICES...]", "Display the running processes", &[DRY_RUN], Args::Any, view::top), &["dry-run"]),
    unmodelled(sub("docker compose up", "[OPTIONS] [SERVICE...]", "Create and start containers", &[
        DRY_RUN,
        flag("abort-on-container-exit", None, B, "Stops all containers if any container was stopped. Incompatible with -d"),
        flag("abort-on-container-failure", None, B, "Stops all containers if any container exited with failure. Incompatible with -d"),
        flag("always-recreate-deps", None, B, "Recreate dependent containers. Incompatible with --no-recreate."),
        flag("attach", None, A, "Restrict attaching to the specified services. Incompatible with --attach-dependencies."),
        flag("attach-dependencies", None, B, "Automatically attach to log output of dependent services"),
        flag("build", None, B, "Build images before starting containers"),
        flag("detach", Some('d'), B, "Detached mode: Run containers in the background"),
        flag("exit-code-from", None, S, "Return the exit code of the selected service container. Implies --abort-on-container-exit"),
        flag("force-recreate", None, B, "Recreate containers even if their configuration and image haven't changed"),
        flag("menu", None, B, "Enable interactive shortcuts when running attached. Incompatible with --detach. Can also be enable/disable by setting COMPOSE_MENU environment var."),
        flag("no-attach", None, A, "Do not attach (stream logs) to the specified services"),
        flag("no-build", None, B, "Don't build an image, even if it's policy"),
        flag("no-color", None, B, "Produce monochrome output"),
        flag("no-deps", None, B, "Don't start linked services"),
        flag("no-log-prefix", None, B, "Don't print prefix in logs"),
        flag("no-recreate", None, B, "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
        flag("no-start", None, B, "Don't start the services after creating them"),
        flag_default("pull", None, S, "Pull image before running (\"always\"|\"missing\"|\"never\")", "policy"),
        flag("quiet-build", None, B, "Suppress the build output"),
        flag("quiet-pull", None, B, "Pull without printing progress information"),
        flag("remove-orphans", None, B, "Remove containers for services not defined in the Compose file"),
        flag("renew-anon-volumes", Some('V'), B, "Recreate anonymous volumes instead of retrieving data from the previous containers"),
        flag("scale", None, A, "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present."),
        flag("timeout", Some('t'), I, "Use this timeout in seconds for container shutdown when attached or when containers are already running"),
        flag("timestamps", None, B, "Show timestamps"),
        flag("wait", None, B, "Wait for services to be running|healthy. Implies detached mode."),
        flag("wait-timeout", None, I, "Maximum duration in seconds to wait for the project to be running|healthy"),
        flag("watch", Some('w'), B, "Watch source code and rebuild/refresh containers when files are updated."),
        flag("yes", Some('y'), B, "Assume \"yes\" as answer to all prompts and run non-interactively"),
    ], Args::Any, up::up), &["dry-run", "abort-on-container-failure", "always-recreate-deps", "attach", "attach-dependencies", "exit-code-from", "menu", "no-attach", "quiet-build", "renew-anon-volumes", "timestamps", "watch"]),
    unmodelled(sub("docker compose version", "[OPTIONS]", "Show the Docker Compose version information", &[
        DRY_RUN,
        flag("format", Some('f'), S, "Format the output. Values: [pretty | json]. (Default: pretty)"),
        flag("short", None, B, "Shows only Compose's version number"),
    ], Args::None, view::version), &["dry-run"]),
];

/// The subcommand a word names.
pub fn find(word: &str) -> Option<&'static Sub> {
    COMPOSE
        .iter()
        .find(|s| s.spec.path.rsplit(' ').next() == Some(word))
}

/// Real Compose subcommands the playground does not run (they answer with
/// a `[bridgeport]` note, not "unknown docker command").
pub const NOT_SIMULATED: &[(&str, &str)] = &[
    (
        "attach",
        "Attach local standard input, output, and error streams to a service's running container",
    ),
    ("bridge", "Convert compose files into another model"),
    ("build", "Build or rebuild services"),
    (
        "commit",
        "Create a new image from a service container's changes",
    ),
    (
        "cp",
        "Copy files/folders between a service container and the local filesystem",
    ),
    ("events", "Receive real time events from containers"),
    (
        "export",
        "Export a service container's filesystem as a tar archive",
    ),
    ("kill", "Force stop service containers"),
    ("pause", "Pause services"),
    ("publish", "Publish compose application"),
    ("push", "Push service images"),
    ("scale", "Scale services"),
    (
        "stats",
        "Display a live stream of container(s) resource usage statistics",
    ),
    ("unpause", "Unpause services"),
    ("volumes", "List volumes"),
    (
        "wait",
        "Block until containers of all (or specified) services stop.",
    ),
    (
        "watch",
        "Watch build context for service and rebuild/refresh containers when files are updated",
    ),
];

/// `docker compose SUBCOMMAND --help`: docker/cli's usage template
/// (`cli/cobra.go` usageTemplate) for a command without subcommands:
/// the use line, `Long` or else `Short`, then Options, which hold the
/// subcommand's flags and the persistent `--dry-run` cobra merged in. It
/// has no "Global Options" section: the template prints that only for a
/// command without a parent, and `compose` is a child of the plugin's
/// `docker` root (`cli-plugins/plugin/plugin.go` newPluginCommand).
pub fn sub_help(sub: &Sub) -> String {
    let text = if sub.long.is_empty() {
        sub.spec.short
    } else {
        sub.long
    };
    format!(
        "\nUsage:  {}\n\n{text}\n\nOptions:\n{}",
        sub.spec.use_line(),
        crate::flags::flag_usages(sub.spec.flags)
    )
}

/// `docker compose --help`: docker/cli's usage template (Options, then Commands).
pub fn root_help() -> String {
    let mut s = format!(
        "\nUsage:  {}\n\n{}\n\nOptions:\n",
        ROOT.use_line(),
        ROOT.short
    );
    s.push_str(&crate::flags::flag_usages(ROOT.flags));
    s.push_str("\nCommands:\n");
    let mut all: Vec<(&str, &str)> = COMPOSE
        .iter()
        .map(|c| (c.spec.path.rsplit(' ').next().unwrap_or(""), c.spec.short))
        .chain(NOT_SIMULATED.iter().copied())
        .collect();
    bridgeport_golib::sort::sort_by(&mut all, |a, b| a.0.cmp(b.0));
    for (name, short) in all {
        s.push_str(&format!("  {name:<11} {short}\n"));
    }
    s.push_str("\nRun 'docker compose COMMAND --help' for more information on a command.\n");
    s
}

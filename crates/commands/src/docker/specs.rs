//! The command table ([`ALL`]): every docker command Bridgeport runs, as
//! data (path, usage line, description, aliases, flags and argument count,
//! copied from docker/cli 29; its `docker --help` section; its handler),
//! the management commands, and the real commands the playground does not
//! simulate. Dispatch, parsing, every `--help` and completion read it;
//! nothing else lists commands.

use super::{containers, images, inspect, networks, run};
use crate::flags::{flag, flag_default, Args, CommandSpec, FlagSpec, Group, Handler, Kind};

const B: Kind = Kind::Bool;
const S: Kind = Kind::Value("string");
const L: Kind = Kind::Value("list");

const FORMAT_HELP: &str = "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";
const INSPECT_FORMAT_HELP: &str = "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates";

/// Flags shared by `docker run` and `docker create`.
macro_rules! container_create_flags {
    ($($extra:expr),* $(,)?) => {
        &[
            $($extra,)*
            flag("add-host", None, L, "Add a custom host-to-IP mapping (host:ip)"),
            flag("attach", Some('a'), L, "Attach to STDIN, STDOUT or STDERR"),
            flag("cpus", None, Kind::Value("decimal"), "Number of CPUs"),
            flag("dns", None, L, "Set custom DNS servers"),
            // opts.go: "--dns-opt" is the hidden older spelling of "--dns-option".
            flag("dns-opt", None, L, ""),
            flag("dns-option", None, L, "Set DNS options"),
            flag("dns-search", None, L, "Set custom DNS search domains"),
            flag("domainname", None, S, "Container NIS domain name"),
            flag("entrypoint", None, S, "Overwrite the default ENTRYPOINT of the image"),
            flag("env", Some('e'), L, "Set environment variables"),
            flag("env-file", None, L, "Read in a file of environment variables"),
            flag("expose", None, L, "Expose a port or a range of ports"),
            flag("hostname", Some('h'), S, "Container host name"),
            flag("init", None, B, "Run an init inside the container that forwards signals and reaps processes"),
            flag("interactive", Some('i'), B, "Keep STDIN open even if not attached"),
            flag("ip", None, S, "IPv4 address (e.g., 172.30.100.104)"),
            flag("ip6", None, S, "IPv6 address (e.g., 2001:db8::33)"),
            flag("label", Some('l'), L, "Set meta data on a container"),
            flag("link", None, L, "Add link to another container"),
            flag("mac-address", None, S, "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
            flag("memory", Some('m'), Kind::Value("bytes"), "Memory limit"),
            flag("name", None, S, "Assign a name to the container"),
            flag("net", None, Kind::Value("network"), ""),
            flag("net-alias", None, L, ""),
            flag("network", None, Kind::Value("network"), "Connect a container to a network"),
            flag("network-alias", None, L, "Add network-scoped alias for the container"),
            flag("platform", None, S, "Set platform if server is multi-platform capable"),
            flag("privileged", None, B, "Give extended privileges to this container"),
            flag("publish", Some('p'), L, "Publish a container's port(s) to the host"),
            flag("publish-all", Some('P'), B, "Publish all exposed ports to random ports"),
            flag_default("pull", None, S, "Pull image before running (\"always\", \"missing\", \"never\")", "missing"),
            flag("quiet", Some('q'), B, "Suppress the pull output"),
            flag_default("restart", None, S, "Restart policy to apply when a container exits", "no"),
            flag("rm", None, B, "Automatically remove the container and its associated anonymous volumes when it exits"),
            flag("sysctl", None, Kind::Value("map"), "Sysctl options"),
            flag("tty", Some('t'), B, "Allocate a pseudo-TTY"),
            flag("user", Some('u'), S, "Username or UID (format: <name|uid>[:<group|gid>])"),
            flag("volume", Some('v'), L, "Bind mount a volume"),
            flag("workdir", Some('w'), S, "Working directory inside the container"),
        ]
    };
}

pub const RUN_FLAGS: &[FlagSpec] = container_create_flags!(
    flag(
        "detach",
        Some('d'),
        B,
        "Run container in background and print container ID"
    ),
    flag(
        "detach-keys",
        None,
        S,
        "Override the key sequence for detaching a container"
    ),
    flag_default(
        "sig-proxy",
        None,
        B,
        "Proxy received signals to the process",
        "true"
    ),
);
pub const CREATE_FLAGS: &[FlagSpec] = container_create_flags!();

/// The flags of `docker stop` and `docker restart`.
const STOP_FLAGS: &[FlagSpec] = &[
    flag("signal", Some('s'), S, "Signal to send to the container"),
    flag(
        "timeout",
        Some('t'),
        Kind::Value("int"),
        "Seconds to wait before killing the container",
    ),
];

/// The flags of every `prune`.
const PRUNE_FLAGS: &[FlagSpec] = &[
    flag(
        "filter",
        None,
        Kind::Value("filter"),
        "Provide filter values (e.g. \"until=<timestamp>\")",
    ),
    flag("force", Some('f'), B, "Do not prompt for confirmation"),
];

/// The command table: every `docker` command, management command and
/// subcommand the playground runs, and every real one it does not. Dispatch,
/// `docker --help`, the management commands' help and completion read it.
/// Adding a command is one entry here plus its handler.
pub static ALL: &[CommandSpec] = &[
    management("docker container", "Manage containers"),
    management("docker image", "Manage images"),
    management("docker network", "Manage networks"),
    CommandSpec {
        path: "docker run",
        usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create and run a new container from an image",
        aliases: &["docker container run", "docker run"],
        flags: RUN_FLAGS,
        args: Args::Min(1),
        interspersed: false,
        group: Group::Common(1),
        handler: Handler::Flags(run::run),
    },
    CommandSpec {
        path: "docker create",
        usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        short: "Create a new container",
        aliases: &["docker container create", "docker create"],
        flags: CREATE_FLAGS,
        args: Args::Min(1),
        interspersed: false,
        group: Group::Other,
        handler: Handler::Flags(run::run),
    },
    CommandSpec {
        path: "docker ps",
        usage: "[OPTIONS]",
        short: "List containers",
        aliases: &["docker container ls", "docker container list", "docker container ps", "docker ps"],
        flags: &[
            flag(
                "all",
                Some('a'),
                B,
                "Show all containers (default shows just running)",
            ),
            flag(
                "filter",
                Some('f'),
                Kind::Value("filter"),
                "Filter output based on conditions provided",
            ),
            flag("format", None, S, FORMAT_HELP),
            flag_default(
                "last",
                Some('n'),
                Kind::Value("int"),
                "Show n last created containers (includes all states)",
                "-1",
            ),
            flag(
                "latest",
                Some('l'),
                B,
                "Show the latest created container (includes all states)",
            ),
            flag("no-trunc", None, B, "Don't truncate output"),
            flag("quiet", Some('q'), B, "Only display container IDs"),
            flag("size", Some('s'), B, "Display total file sizes"),
        ],
        args: Args::None,
        interspersed: true,
        group: Group::Common(3),
        handler: Handler::Flags(containers::ps),
    },
    CommandSpec {
        path: "docker start",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Start one or more stopped containers",
        aliases: &["docker container start", "docker start"],
        flags: &[
            flag(
                "attach",
                Some('a'),
                B,
                "Attach STDOUT/STDERR and forward signals",
            ),
            flag(
                "detach-keys",
                None,
                S,
                "Override the key sequence for detaching a container",
            ),
            flag("interactive", Some('i'), B, "Attach container's STDIN"),
        ],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::start),
    },
    CommandSpec {
        path: "docker stop",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Stop one or more running containers",
        aliases: &["docker container stop", "docker stop"],
        flags: STOP_FLAGS,
        args: Args::Min(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::stop),
    },
    CommandSpec {
        path: "docker restart",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Restart one or more containers",
        aliases: &["docker container restart", "docker restart"],
        flags: STOP_FLAGS,
        args: Args::Min(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::restart),
    },
    CommandSpec {
        path: "docker kill",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Kill one or more running containers",
        aliases: &["docker container kill", "docker kill"],
        flags: &[flag(
            "signal",
            Some('s'),
            S,
            "Signal to send to the container",
        )],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::kill),
    },
    CommandSpec {
        path: "docker rm",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Remove one or more containers",
        aliases: &["docker container rm", "docker container remove", "docker rm"],
        flags: &[
            flag(
                "force",
                Some('f'),
                B,
                "Force the removal of a running container (uses SIGKILL)",
            ),
            flag("link", Some('l'), B, "Remove the specified link"),
            flag(
                "volumes",
                Some('v'),
                B,
                "Remove anonymous volumes associated with the container",
            ),
        ],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::rm),
    },
    CommandSpec {
        path: "docker port",
        usage: "CONTAINER [PRIVATE_PORT[/PROTO]]",
        short: "List port mappings or a specific mapping for the container",
        aliases: &["docker container port", "docker port"],
        flags: &[],
        args: Args::Range(1, 2),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::port),
    },
    CommandSpec {
        path: "docker logs",
        usage: "[OPTIONS] CONTAINER",
        short: "Fetch the logs of a container",
        aliases: &["docker container logs", "docker logs"],
        flags: &[
            flag("details", None, B, "Show extra details provided to logs"),
            flag("follow", Some('f'), B, "Follow log output"),
            flag("since", None, S, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
            flag_default("tail", Some('n'), S, "Number of lines to show from the end of the logs", "all"),
            flag("timestamps", Some('t'), B, "Show timestamps"),
            flag("until", None, S, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        ],
        args: Args::Exact(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::logs),
    },
    CommandSpec {
        path: "docker inspect",
        usage: "[OPTIONS] NAME|ID [NAME|ID...]",
        short: "Return low-level information on Docker objects",
        aliases: &[],
        flags: &[
            flag("format", Some('f'), S, INSPECT_FORMAT_HELP),
            flag(
                "size",
                Some('s'),
                B,
                "Display total file sizes if the type is container",
            ),
            flag("type", None, S, "Only inspect objects of the given type"),
        ],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(inspect::inspect),
    },
    CommandSpec {
        path: "docker container inspect",
        usage: "[OPTIONS] CONTAINER [CONTAINER...]",
        short: "Display detailed information on one or more containers",
        aliases: &[],
        flags: &[
            flag("format", Some('f'), S, INSPECT_FORMAT_HELP),
            flag("size", Some('s'), B, "Display total file sizes"),
        ],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(inspect::container_inspect),
    },
    CommandSpec {
        path: "docker exec",
        usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
        short: "Execute a command in a running container",
        aliases: &["docker container exec", "docker exec"],
        flags: &[
            flag(
                "detach",
                Some('d'),
                B,
                "Detached mode: run command in the background",
            ),
            flag(
                "detach-keys",
                None,
                S,
                "Override the key sequence for detaching a container",
            ),
            flag("env", Some('e'), L, "Set environment variables"),
            flag(
                "interactive",
                Some('i'),
                B,
                "Keep STDIN open even if not attached",
            ),
            flag(
                "privileged",
                None,
                B,
                "Give extended privileges to the command",
            ),
            flag("tty", Some('t'), B, "Allocate a pseudo-TTY"),
            flag(
                "user",
                Some('u'),
                S,
                "Username or UID (format: \"<name|uid>[:<group|gid>]\")",
            ),
            flag(
                "workdir",
                Some('w'),
                S,
                "Working directory inside the container",
            ),
        ],
        args: Args::Min(2),
        interspersed: false,
        group: Group::Common(2),
        handler: Handler::Flags(containers::exec),
    },
    CommandSpec {
        path: "docker attach",
        usage: "[OPTIONS] CONTAINER",
        short: "Attach local standard input, output, and error streams to a running container",
        aliases: &["docker container attach", "docker attach"],
        flags: &[
            flag(
                "detach-keys",
                None,
                S,
                "Override the key sequence for detaching a container",
            ),
            flag("no-stdin", None, B, "Do not attach STDIN"),
            flag_default(
                "sig-proxy",
                None,
                B,
                "Proxy all received signals to the process",
                "true",
            ),
        ],
        args: Args::Exact(1),
        interspersed: true,
        group: Group::Other,
        handler: Handler::Flags(containers::attach),
    },
    CommandSpec {
        path: "docker images",
        usage: "[OPTIONS] [REPOSITORY[:TAG]]",
        short: "List images",
        aliases: &["docker image ls", "docker image list", "docker images"],
        flags: &[
            flag(
                "all",
                Some('a'),
                B,
                "Show all images (default hides intermediate images)",
            ),
            flag("digests", None, B, "Show digests"),
            flag("format", None, S, FORMAT_HELP),
            flag("no-trunc", None, B, "Don't truncate output"),
            flag("quiet", Some('q'), B, "Only show image IDs"),
        ],
        args: Args::Range(0, 1),
        interspersed: true,
        group: Group::Common(7),
        handler: Handler::Flags(images::images),
    },
    CommandSpec {
        path: "docker pull",
        usage: "[OPTIONS] NAME[:TAG|@DIGEST]",
        short: "Download an image from a registry",
        aliases: &["docker image pull", "docker pull"],
        flags: &[
            flag(
                "all-tags",
                Some('a'),
                B,
                "Download all tagged images in the repository",
            ),
            flag("quiet", Some('q'), B, "Suppress verbose output"),
        ],
        args: Args::Exact(1),
        interspersed: true,
        group: Group::Common(5),
        handler: Handler::Flags(run::pull),
    },
    CommandSpec {
        path: "docker network create",
        usage: "[OPTIONS] NETWORK",
        short: "Create a network",
        aliases: &[],
        flags: &[
            flag("attachable", None, B, "Enable manual container attachment"),
            flag_default(
                "aux-address",
                None,
                Kind::Value("map"),
                "Auxiliary IPv4 or IPv6 addresses used by Network driver",
                "map[]",
            ),
            flag(
                "config-from",
                None,
                S,
                "The network from which to copy the configuration",
            ),
            flag(
                "config-only",
                None,
                B,
                "Create a configuration only network",
            ),
            flag_default(
                "driver",
                Some('d'),
                S,
                "Driver to manage the Network",
                "bridge",
            ),
            flag(
                "gateway",
                None,
                Kind::Value("strings"),
                "IPv4 or IPv6 Gateway for the master subnet",
            ),
            flag("ingress", None, B, "Create swarm routing-mesh network"),
            flag(
                "internal",
                None,
                B,
                "Restrict external access to the network",
            ),
            flag(
                "ip-range",
                None,
                Kind::Value("strings"),
                "Allocate container ip from a sub-range",
            ),
            flag_default(
                "ipam-driver",
                None,
                S,
                "IP Address Management Driver",
                "default",
            ),
            flag_default(
                "ipam-opt",
                None,
                Kind::Value("map"),
                "Set IPAM driver specific options",
                "map[]",
            ),
            flag_default(
                "ipv4",
                None,
                B,
                "Enable or disable IPv4 address assignment",
                "true",
            ),
            flag("ipv6", None, B, "Enable or disable IPv6 address assignment"),
            flag("label", None, L, "Set metadata on a network"),
            flag_default(
                "opt",
                Some('o'),
                Kind::Value("map"),
                "Set driver specific options",
                "map[]",
            ),
            flag("scope", None, S, "Control the network's scope"),
            flag(
                "subnet",
                None,
                Kind::Value("strings"),
                "Subnet in CIDR format that represents a network segment",
            ),
        ],
        args: Args::Exact(1),
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::create),
    },
    CommandSpec {
        path: "docker network ls",
        usage: "[OPTIONS]",
        short: "List networks",
        aliases: &["docker network ls", "docker network list"],
        flags: &[
            flag(
                "filter",
                Some('f'),
                Kind::Value("filter"),
                "Provide filter values (e.g. \"driver=bridge\")",
            ),
            flag("format", None, S, FORMAT_HELP),
            flag("no-trunc", None, B, "Do not truncate the output"),
            flag("quiet", Some('q'), B, "Only display network IDs"),
        ],
        args: Args::None,
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::ls),
    },
    CommandSpec {
        path: "docker network inspect",
        usage: "[OPTIONS] NETWORK [NETWORK...]",
        short: "Display detailed information on one or more networks",
        aliases: &[],
        flags: &[
            flag("format", Some('f'), S, INSPECT_FORMAT_HELP),
            flag("verbose", Some('v'), B, "Verbose output for diagnostics"),
        ],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::inspect),
    },
    CommandSpec {
        path: "docker network rm",
        usage: "NETWORK [NETWORK...]",
        short: "Remove one or more networks",
        aliases: &["docker network rm", "docker network remove"],
        flags: &[flag(
            "force",
            Some('f'),
            B,
            "Do not error if the network does not exist",
        )],
        args: Args::Min(1),
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::rm),
    },
    CommandSpec {
        path: "docker network connect",
        usage: "[OPTIONS] NETWORK CONTAINER",
        short: "Connect a container to a network",
        aliases: &[],
        flags: &[
            flag("alias", None, Kind::Value("strings"), "Add network-scoped alias for the container"),
            flag("driver-opt", None, Kind::Value("strings"), "driver options for the network"),
            flag("gw-priority", None, Kind::Value("int"), "Highest gw-priority provides the default gateway. Accepts positive and negative values."),
            flag("ip", None, S, "IPv4 address (e.g., \"172.30.100.104\")"),
            flag("ip6", None, S, "IPv6 address (e.g., \"2001:db8::33\")"),
            flag("link", None, L, "Add link to another container"),
            flag("link-local-ip", None, Kind::Value("strings"), "Add a link-local address for the container"),
        ],
        args: Args::Exact(2),
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::connect),
    },
    CommandSpec {
        path: "docker network disconnect",
        usage: "[OPTIONS] NETWORK CONTAINER",
        short: "Disconnect a container from a network",
        aliases: &[],
        flags: &[flag(
            "force",
            Some('f'),
            B,
            "Force the container to disconnect from a network",
        )],
        args: Args::Exact(2),
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::disconnect),
    },
    CommandSpec {
        path: "docker network prune",
        usage: "[OPTIONS]",
        short: "Remove all unused networks",
        aliases: &[],
        flags: PRUNE_FLAGS,
        args: Args::None,
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(networks::prune),
    },
    CommandSpec {
        path: "docker container prune",
        usage: "[OPTIONS]",
        short: "Remove all stopped containers",
        aliases: &[],
        flags: PRUNE_FLAGS,
        args: Args::None,
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::Flags(containers::prune),
    },
    CommandSpec {
        path: "docker version",
        usage: "[OPTIONS]",
        short: "Show the Docker version information",
        aliases: &[],
        flags: &[],
        args: Args::Any,
        interspersed: true,
        group: Group::Other,
        handler: Handler::Words(super::version),
    },
    // Real Docker commands the playground does not model: a `[bridgeport]`
    // note instead of "is not a docker command", which would be false.
    not_simulated("docker build"),
    not_simulated("docker builder"),
    not_simulated("docker buildx"),
    not_simulated("docker checkpoint"),
    not_simulated("docker commit"),
    not_simulated("docker compose"),
    not_simulated("docker config"),
    not_simulated("docker context"),
    not_simulated("docker cp"),
    not_simulated("docker diff"),
    not_simulated("docker events"),
    not_simulated("docker export"),
    not_simulated("docker history"),
    not_simulated("docker import"),
    not_simulated("docker info"),
    not_simulated("docker load"),
    not_simulated("docker login"),
    not_simulated("docker logout"),
    not_simulated("docker manifest"),
    not_simulated("docker node"),
    not_simulated("docker pause"),
    not_simulated("docker plugin"),
    not_simulated("docker push"),
    not_simulated("docker rename"),
    not_simulated("docker rmi"),
    not_simulated("docker save"),
    not_simulated("docker search"),
    not_simulated("docker secret"),
    not_simulated("docker service"),
    not_simulated("docker stack"),
    not_simulated("docker stats"),
    not_simulated("docker swarm"),
    not_simulated("docker system"),
    not_simulated("docker tag"),
    not_simulated("docker top"),
    not_simulated("docker trust"),
    not_simulated("docker unpause"),
    not_simulated("docker update"),
    not_simulated("docker volume"),
    not_simulated("docker wait"),
    not_simulated("docker container commit"),
    not_simulated("docker container cp"),
    not_simulated("docker container diff"),
    not_simulated("docker container export"),
    not_simulated("docker container pause"),
    not_simulated("docker container rename"),
    not_simulated("docker container stats"),
    not_simulated("docker container top"),
    not_simulated("docker container unpause"),
    not_simulated("docker container update"),
    not_simulated("docker container wait"),
    not_simulated("docker image build"),
    not_simulated("docker image history"),
    not_simulated("docker image import"),
    not_simulated("docker image inspect"),
    not_simulated("docker image load"),
    not_simulated("docker image prune"),
    not_simulated("docker image push"),
    not_simulated("docker image remove"),
    not_simulated("docker image rm"),
    not_simulated("docker image save"),
    not_simulated("docker image tag"),
];

/// A management command (`docker network`): its subcommands are the
/// entries whose names start with its path.
const fn management(path: &'static str, short: &'static str) -> CommandSpec {
    CommandSpec {
        path,
        usage: "COMMAND",
        short,
        aliases: &[],
        flags: &[],
        args: Args::Any,
        interspersed: true,
        group: Group::Management,
        handler: Handler::Subcommands,
    }
}

/// A real Docker command outside the playground.
const fn not_simulated(path: &'static str) -> CommandSpec {
    CommandSpec {
        path,
        usage: "",
        short: "",
        aliases: &[],
        flags: &[],
        args: Args::Any,
        interspersed: true,
        group: Group::Unlisted,
        handler: Handler::NotSimulated,
    }
}
/// The entry a full path names ("docker container ls"), by its path or an alias.
pub fn find(path: &str) -> Option<&'static CommandSpec> {
    ALL.iter().find(|s| s.names().any(|n| n == path))
}

/// The word that names `spec` right under `parent` ("docker container" →
/// "ls" for `docker ps`): its first name there.
fn name_under(parent: &str, spec: &CommandSpec) -> Option<&'static str> {
    spec.names().find_map(|n| {
        n.strip_prefix(parent)?
            .strip_prefix(' ')
            .filter(|w| !w.contains(' '))
    })
}

/// The simulated commands right under `parent` ("docker" or a management
/// command), each once under its first name there, sorted by name.
pub fn children(parent: &str) -> Vec<(&'static str, &'static CommandSpec)> {
    let mut found: Vec<(&'static str, &'static CommandSpec)> = ALL
        .iter()
        .filter(|s| s.simulated())
        .filter_map(|s| name_under(parent, s).map(|w| (w, s)))
        .collect();
    bridgeport_engine::sort::sort_by(&mut found, |a, b| a.0.cmp(b.0));
    found
}

/// One section of `docker --help`: common commands by their rank, the
/// others by name.
pub fn section(wanted: fn(Group) -> bool) -> Vec<(&'static str, &'static CommandSpec)> {
    let mut found: Vec<_> = children("docker")
        .into_iter()
        .filter(|(_, s)| wanted(s.group))
        .collect();
    let rank = |s: &CommandSpec| match s.group {
        Group::Common(r) => r,
        _ => 0,
    };
    bridgeport_engine::sort::sort_by(&mut found, |a, b| rank(a.1).cmp(&rank(b.1)));
    found
}

/// `docker --help`: docker/cli's help template, its sections from the table.
pub fn top_help() -> String {
    let mut s = String::from(
        "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n",
    );
    let sections: [(&str, fn(Group) -> bool); 3] = [
        ("Common Commands", |g| matches!(g, Group::Common(_))),
        ("Management Commands", |g| g == Group::Management),
        ("Commands", |g| g == Group::Other),
    ];
    for (title, wanted) in sections {
        s.push_str(&format!("\n{title}:\n"));
        for (name, spec) in section(wanted) {
            s.push_str(&format!("  {name:<11} {}\n", spec.short));
        }
    }
    s.push_str("\nRun 'docker COMMAND --help' for more information on a command.\n\nFor more help on how to use Docker, head to https://docs.docker.com/go/guides/\n");
    s
}

/// `docker network --help`, `docker container --help`: its subcommands from the table.
pub fn management_help(spec: &CommandSpec) -> String {
    let subs = children(spec.path);
    let width = subs.iter().map(|(n, _)| n.len()).max().unwrap_or(0).max(11);
    let path = spec.path;
    let mut s = format!("\nUsage:  {path} COMMAND\n\n{}\n\nCommands:\n", spec.short);
    for (name, sub) in subs {
        s.push_str(&format!("  {name:<width$} {}\n", sub.short));
    }
    s.push_str(&format!(
        "\nRun '{path} COMMAND --help' for more information on a command.\n"
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each full path names one entry: two entries claiming a name would
    /// make dispatch depend on their order.
    #[test]
    fn every_name_is_claimed_once() {
        let mut seen = std::collections::BTreeMap::new();
        for spec in ALL {
            for name in spec.names() {
                assert!(
                    seen.insert(name, spec.path).is_none(),
                    "{name} is claimed by {} and {}",
                    seen[name],
                    spec.path
                );
                assert!(std::ptr::eq(find(name).unwrap(), spec), "{name}");
            }
        }
    }

    /// The groups agree with the handlers and the names: a management
    /// command has subcommands; a command reachable as `docker X` is in a
    /// section of `docker --help`, one that is not, in none; every
    /// `docker X Y` hangs under a management command `docker X`.
    #[test]
    fn groups_agree_with_handlers_and_names() {
        for spec in ALL {
            let top = spec.names().any(|n| n.matches(' ').count() == 1);
            match spec.group {
                Group::Management => assert!(matches!(spec.handler, Handler::Subcommands)),
                Group::Common(_) | Group::Other => {
                    assert!(top && spec.simulated(), "{}", spec.path)
                }
                Group::Unlisted => {
                    assert!(!top || !spec.simulated(), "{} is in no section", spec.path)
                }
            }
            if matches!(spec.handler, Handler::Subcommands) {
                assert_eq!(spec.group, Group::Management, "{}", spec.path);
            }
            for name in spec.names() {
                if let Some((parent, _)) = name.rsplit_once(' ').filter(|(p, _)| *p != "docker") {
                    let parent = find(parent).unwrap_or_else(|| panic!("{name}: no {parent}"));
                    assert!(matches!(parent.handler, Handler::Subcommands), "{name}");
                }
            }
        }
    }

    /// docker/cli's help lists subcommands as cobra sorts them, by name
    /// (spf13/cobra `EnableCommandSorting`): `port` before `prune`.
    #[test]
    fn management_help_lists_subcommands_sorted_from_the_table() {
        let help = management_help(find("docker container").unwrap());
        let names: Vec<&str> = help
            .lines()
            .skip_while(|l| *l != "Commands:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "attach", "create", "exec", "inspect", "kill", "logs", "ls", "port", "prune",
                "restart", "rm", "run", "start", "stop"
            ]
        );
        assert!(help
            .contains("\n  inspect     Display detailed information on one or more containers\n"));
    }
}

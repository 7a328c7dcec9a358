//! Every docker command Bridgeport understands, as data: path, usage line,
//! description, aliases, flags and argument count, copied from docker/cli 29.
//! Parsing, `--help` and completion all read these tables.

use crate::flags::{flag, flag_default, Args, CommandSpec, FlagSpec, Kind};

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

pub const RUN: CommandSpec = CommandSpec {
    path: "docker run",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    short: "Create and run a new container from an image",
    aliases: &["docker container run, docker run"],
    flags: RUN_FLAGS,
    args: Args::Min(1),
    interspersed: false,
};

pub const CREATE: CommandSpec = CommandSpec {
    path: "docker create",
    usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
    short: "Create a new container",
    aliases: &["docker container create, docker create"],
    flags: CREATE_FLAGS,
    args: Args::Min(1),
    interspersed: false,
};

pub const PS: CommandSpec = CommandSpec {
    path: "docker ps",
    usage: "[OPTIONS]",
    short: "List containers",
    aliases: &["docker container ls, docker container list, docker container ps, docker ps"],
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
};

pub const START: CommandSpec = CommandSpec {
    path: "docker start",
    usage: "[OPTIONS] CONTAINER [CONTAINER...]",
    short: "Start one or more stopped containers",
    aliases: &["docker container start, docker start"],
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
};

pub const STOP: CommandSpec = CommandSpec {
    path: "docker stop",
    usage: "[OPTIONS] CONTAINER [CONTAINER...]",
    short: "Stop one or more running containers",
    aliases: &["docker container stop, docker stop"],
    flags: &[
        flag("signal", Some('s'), S, "Signal to send to the container"),
        flag(
            "timeout",
            Some('t'),
            Kind::Value("int"),
            "Seconds to wait before killing the container",
        ),
    ],
    args: Args::Min(1),
    interspersed: true,
};

pub const RESTART: CommandSpec = CommandSpec {
    path: "docker restart",
    usage: "[OPTIONS] CONTAINER [CONTAINER...]",
    short: "Restart one or more containers",
    aliases: &["docker container restart, docker restart"],
    flags: &[
        flag("signal", Some('s'), S, "Signal to send to the container"),
        flag(
            "timeout",
            Some('t'),
            Kind::Value("int"),
            "Seconds to wait before killing the container",
        ),
    ],
    args: Args::Min(1),
    interspersed: true,
};

pub const KILL: CommandSpec = CommandSpec {
    path: "docker kill",
    usage: "[OPTIONS] CONTAINER [CONTAINER...]",
    short: "Kill one or more running containers",
    aliases: &["docker container kill, docker kill"],
    flags: &[flag(
        "signal",
        Some('s'),
        S,
        "Signal to send to the container",
    )],
    args: Args::Min(1),
    interspersed: true,
};

pub const RM: CommandSpec = CommandSpec {
    path: "docker rm",
    usage: "[OPTIONS] CONTAINER [CONTAINER...]",
    short: "Remove one or more containers",
    aliases: &["docker container rm, docker container remove, docker rm"],
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
};

pub const PORT: CommandSpec = CommandSpec {
    path: "docker port",
    usage: "CONTAINER [PRIVATE_PORT[/PROTO]]",
    short: "List port mappings or a specific mapping for the container",
    aliases: &["docker container port, docker port"],
    flags: &[],
    args: Args::Range(1, 2),
    interspersed: true,
};

pub const LOGS: CommandSpec = CommandSpec {
    path: "docker logs",
    usage: "[OPTIONS] CONTAINER",
    short: "Fetch the logs of a container",
    aliases: &["docker container logs, docker logs"],
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
};

pub const INSPECT: CommandSpec = CommandSpec {
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
};

pub const CONTAINER_INSPECT: CommandSpec = CommandSpec {
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
};

pub const EXEC: CommandSpec = CommandSpec {
    path: "docker exec",
    usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
    short: "Execute a command in a running container",
    aliases: &["docker container exec, docker exec"],
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
};

pub const ATTACH: CommandSpec = CommandSpec {
    path: "docker attach",
    usage: "[OPTIONS] CONTAINER",
    short: "Attach local standard input, output, and error streams to a running container",
    aliases: &["docker container attach, docker attach"],
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
};

pub const IMAGES: CommandSpec = CommandSpec {
    path: "docker images",
    usage: "[OPTIONS] [REPOSITORY[:TAG]]",
    short: "List images",
    aliases: &["docker image ls, docker image list, docker images"],
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
};

pub const PULL: CommandSpec = CommandSpec {
    path: "docker pull",
    usage: "[OPTIONS] NAME[:TAG|@DIGEST]",
    short: "Download an image from a registry",
    aliases: &["docker image pull, docker pull"],
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
};

pub const NETWORK_CREATE: CommandSpec = CommandSpec {
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
};

pub const NETWORK_LS: CommandSpec = CommandSpec {
    path: "docker network ls",
    usage: "[OPTIONS]",
    short: "List networks",
    aliases: &["docker network ls, docker network list"],
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
};

pub const NETWORK_INSPECT: CommandSpec = CommandSpec {
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
};

pub const NETWORK_RM: CommandSpec = CommandSpec {
    path: "docker network rm",
    usage: "NETWORK [NETWORK...]",
    short: "Remove one or more networks",
    aliases: &["docker network rm, docker network remove"],
    flags: &[flag(
        "force",
        Some('f'),
        B,
        "Do not error if the network does not exist",
    )],
    args: Args::Min(1),
    interspersed: true,
};

pub const NETWORK_CONNECT: CommandSpec = CommandSpec {
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
};

pub const NETWORK_DISCONNECT: CommandSpec = CommandSpec {
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
};

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

pub const NETWORK_PRUNE: CommandSpec = CommandSpec {
    path: "docker network prune",
    usage: "[OPTIONS]",
    short: "Remove all unused networks",
    aliases: &[],
    flags: PRUNE_FLAGS,
    args: Args::None,
    interspersed: true,
};

pub const CONTAINER_PRUNE: CommandSpec = CommandSpec {
    path: "docker container prune",
    usage: "[OPTIONS]",
    short: "Remove all stopped containers",
    aliases: &[],
    flags: PRUNE_FLAGS,
    args: Args::None,
    interspersed: true,
};

/// Management commands and the subcommands they list in `--help`.
pub const NETWORK_SUBCOMMANDS: &[(&str, &str)] = &[
    ("connect", "Connect a container to a network"),
    ("create", "Create a network"),
    ("disconnect", "Disconnect a container from a network"),
    (
        "inspect",
        "Display detailed information on one or more networks",
    ),
    ("ls", "List networks"),
    ("prune", "Remove all unused networks"),
    ("rm", "Remove one or more networks"),
];

pub const IMAGE_SUBCOMMANDS: &[(&str, &str)] = &[
    ("ls", "List images"),
    ("pull", "Download an image from a registry"),
];

pub const CONTAINER_SUBCOMMANDS: &[(&str, &str)] = &[
    (
        "attach",
        "Attach local standard input, output, and error streams to a running container",
    ),
    ("create", "Create a new container"),
    ("exec", "Execute a command in a running container"),
    (
        "inspect",
        "Display detailed information on one or more containers",
    ),
    ("kill", "Kill one or more running containers"),
    ("logs", "Fetch the logs of a container"),
    ("ls", "List containers"),
    ("prune", "Remove all stopped containers"),
    (
        "port",
        "List port mappings or a specific mapping for the container",
    ),
    ("restart", "Restart one or more containers"),
    ("rm", "Remove one or more containers"),
    ("run", "Create and run a new container from an image"),
    ("start", "Start one or more stopped containers"),
    ("stop", "Stop one or more running containers"),
];

/// Every leaf command, for completion and the help test.
pub const ALL: &[&CommandSpec] = &[
    &RUN,
    &CREATE,
    &PS,
    &START,
    &STOP,
    &RESTART,
    &KILL,
    &RM,
    &PORT,
    &LOGS,
    &INSPECT,
    &CONTAINER_INSPECT,
    &EXEC,
    &ATTACH,
    &IMAGES,
    &PULL,
    &NETWORK_CREATE,
    &NETWORK_LS,
    &NETWORK_INSPECT,
    &NETWORK_RM,
    &NETWORK_CONNECT,
    &NETWORK_DISCONNECT,
    &NETWORK_PRUNE,
    &CONTAINER_PRUNE,
];

/// `docker network --help`, `docker container --help`.
pub fn management_help(path: &str, short: &str, subs: &[(&str, &str)]) -> String {
    let width = subs.iter().map(|(n, _)| n.len()).max().unwrap_or(0).max(11);
    let mut s = format!("\nUsage:  {path} COMMAND\n\n{short}\n\nCommands:\n");
    for (name, desc) in subs {
        s.push_str(&format!("  {name:<width$} {desc}\n"));
    }
    s.push_str(&format!(
        "\nRun '{path} COMMAND --help' for more information on a command.\n"
    ));
    s
}

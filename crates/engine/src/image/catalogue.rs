//! The catalogue: one entry per image, holding everything Bridgeport knows
//! of it (tag scheme, command, EXPOSE, userland, the servers it runs with
//! their ports and startup logs). Entrypoints, commands and EXPOSE follow
//! the images' Dockerfiles as docker-library/repo-info records them
//! (`repos/<name>/remote/latest.md`: "Entrypoint", "Default Command",
//! `EXPOSE`); versions are the releases current at the end of 2025. Sizes
//! are plausible linux/amd64 figures (a simulation pulls nothing).
//!
//! Adding an image is one entry here; a server it brings is a
//! [`Program`] in its `programs` (see [`crate::program`]).

use super::{Image, ImageSize, Override, Tags, Userland};
use crate::ports::Proto::{Tcp, Udp};
use crate::program::{err, out, Http, Log, Program, Service};

const PATH_ENV: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The fields most entries share; an entry names what differs.
const BASE: Image = Image {
    repo: "",
    tags: Tags {
        versions: &[],
        variants: &[],
        aliases: &[],
    },
    entrypoint: &[],
    cmd: &[],
    exposed: &[],
    userland: Userland::DebianSlim,
    extra_tools: &[],
    alpine: false,
    curl: "",
    programs: &[],
    overrides: &[],
    stop_exit_code: 137,
    env: &[PATH_ENV],
    layers: 1,
    size: ImageSize {
        disk: 100_000_000,
        content: 30_000_000,
    },
};

/// nginx 1.29's entrypoint scripts and its notices at start.
const NGINX_LOGS: &[Log] = &[
    out("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"),
    out("/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"),
    out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"),
    out("10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"),
    out("10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"),
    out("/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"),
    out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"),
    out("/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"),
    out("/docker-entrypoint.sh: Configuration complete; ready for start up"),
    err("{ts} [notice] 1#1: using the \"epoll\" event method"),
    err("{ts} [notice] 1#1: nginx/{version}"),
    err("{ts} [notice] 1#1: {gcc}"),
    err("{ts} [notice] 1#1: OS: Linux 6.8.0-bridgeport"),
    err("{ts} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
    err("{ts} [notice] 1#1: start worker processes"),
    err("{ts} [notice] 1#1: start worker process 29"),
    err("{ts} [notice] 1#1: start worker process 30"),
];

/// Apache httpd 2.4 in the foreground (the httpd image).
const APACHE: Program = Program::server(&["httpd-foreground"], Service::HTTPD, &[80], &[])
    .shown_as("httpd", "httpd")
    .answers_http(Http::Answers)
    .logging(&[
        err("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message"),
        err("[{ts}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations"),
    ]);

/// Debian's Apache with mod_php (php:*-apache, wordpress).
const APACHE_PHP: Program = Program::server(&["apache2-foreground"], Service::from_static("apache2"), &[80], &[])
    .shown_as("apache2", "apache2")
    .answers_http(Http::Unsimulated)
    .logging(&[
        err("AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message"),
        err("[{ts}] [mpm_prefork:notice] [pid 1:tid 1] AH00163: Apache/2.4.65 (Debian) PHP/{php} configured -- resuming normal operations"),
        err("[{ts}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'apache2 -D FOREGROUND'"),
    ]);

/// PHP-FPM: FastCGI on 9000, not HTTP.
const PHP_FPM: Program =
    Program::server(&["php-fpm"], Service::from_static("php-fpm"), &[9000], &[]).logging(&[
        err("[{date}] NOTICE: fpm is running, pid 1"),
        err("[{date}] NOTICE: ready to handle connections"),
    ]);

/// The images whose `docker-entrypoint.sh` refuses an uninitialised
/// database without a root password (mysql's and mariadb's `docker_verify_minimum_env`).
const MYSQL_ENV: &[&str] = &[
    "MYSQL_ROOT_PASSWORD",
    "MYSQL_ALLOW_EMPTY_PASSWORD",
    "MYSQL_RANDOM_ROOT_PASSWORD",
];

/// Every image Bridgeport knows.
pub const CATALOGUE: &[Image] = &[
    Image {
        repo: "nginx",
        tags: Tags {
            versions: &["1.29.1", "1.28.0", "1.27.5", "1.26.3", "1.25.5"],
            variants: &["alpine", "alpine-slim", "alpine-perl", "alpine-otel", "perl", "otel", "bookworm", "bookworm-perl", "trixie", "alpine3.22"],
            aliases: &[("latest", "1.29.1"), ("mainline", "1.29.1"), ("stable", "1.28.0")],
        },
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed: &[(80, Tcp)],
        extra_tools: &["curl"],
        curl: "7.88.1",
        programs: &[Program::server(&["nginx"], Service::NGINX, &[80], &[])
            .answers_http(Http::Answers)
            .logging(NGINX_LOGS)],
        stop_exit_code: 0,
        env: &[PATH_ENV, "NGINX_VERSION={version}", "NJS_VERSION=0.9.1", "PKG_RELEASE=1~bookworm"],
        layers: 7,
        size: ImageSize { disk: 240_689_000, content: 65_995_000 },
        ..BASE
    },
    Image {
        repo: "httpd",
        tags: Tags {
            versions: &["2.4.65"],
            variants: &["alpine", "bookworm", "trixie", "alpine3.22"],
            aliases: &[("latest", "2.4.65")],
        },
        cmd: &["httpd-foreground"],
        exposed: &[(80, Tcp)],
        programs: &[APACHE],
        stop_exit_code: 0,
        env: &["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HTTPD_PREFIX=/usr/local/apache2"],
        layers: 6,
        size: ImageSize { disk: 191_432_000, content: 58_830_000 },
        extra_tools: &["apachectl"],
        ..BASE
    },
    Image {
        repo: "caddy",
        tags: Tags {
            versions: &["2.10.2", "2.9.1", "2.8.4"],
            variants: &["alpine", "builder", "builder-alpine"],
            aliases: &[("latest", "2.10.2")],
        },
        cmd: &["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"],
        exposed: &[(80, Tcp), (443, Tcp), (443, Udp), (2019, Tcp)],
        userland: Userland::Busybox,
        alpine: true,
        extra_tools: &["curl"],
        programs: &[Program::server(&["caddy"], Service::from_static("caddy"), &[80], &[])
            .answers_http(Http::Unsimulated)],
        stop_exit_code: 0,
        env: &[PATH_ENV, "CADDY_VERSION=v{version}", "XDG_CONFIG_HOME=/config", "XDG_DATA_HOME=/data"],
        layers: 5,
        size: ImageSize { disk: 79_436_000, content: 23_907_000 },
        ..BASE
    },
    Image {
        repo: "haproxy",
        tags: Tags {
            versions: &["3.2.4", "3.1.8", "3.0.11", "2.8.15"],
            variants: &["alpine", "bookworm", "trixie", "alpine3.22"],
            aliases: &[("latest", "3.2.4"), ("lts", "3.2.4")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"],
        // The image ships no haproxy.cfg: it has to be mounted, which the
        // playground cannot do, so haproxy stops as it does without one.
        programs: &[Program::server(&["haproxy"], Service::from_static("haproxy"), &[80], &[])
            .refusing(&[], &[err("[ALERT]    (1) : Cannot open configuration file/directory /usr/local/etc/haproxy/haproxy.cfg : No such file or directory")])],
        stop_exit_code: 0,
        env: &[PATH_ENV, "HAPROXY_VERSION={version}"],
        layers: 6,
        size: ImageSize { disk: 163_112_000, content: 47_167_000 },
        ..BASE
    },
    Image {
        repo: "traefik",
        tags: Tags {
            versions: &["3.5.3", "3.4.5", "2.11.29"],
            variants: &[],
            aliases: &[("latest", "3.5.3")],
        },
        entrypoint: &["/entrypoint.sh"],
        cmd: &["traefik"],
        exposed: &[(80, Tcp)],
        userland: Userland::Busybox,
        alpine: true,
        // With no configuration, Traefik's default entry point is :80 and,
        // with no routers, every request gets Go's "404 page not found".
        programs: &[Program::server(&["traefik"], Service::from_static("traefik"), &[80], &[])
            .answers_http(Http::NotFound)],
        stop_exit_code: 0,
        layers: 4,
        size: ImageSize { disk: 190_512_000, content: 55_209_000 },
        ..BASE
    },
    Image {
        repo: "traefik/whoami",
        tags: Tags {
            versions: &["1.11.0", "1.10.4"],
            variants: &[],
            aliases: &[("latest", "1.11.0")],
        },
        entrypoint: &["/whoami"],
        userland: Userland::Scratch,
        exposed: &[(80, Tcp)],
        programs: &[Program::server(&["whoami"], Service::WHOAMI, &[80], &["--port", "-port"])
            .answers_http(Http::Answers)],
        stop_exit_code: 0,
        env: &[],
        layers: 3,
        size: ImageSize { disk: 9_948_000, content: 3_106_000 },
        ..BASE
    },
    Image {
        repo: "node",
        tags: Tags {
            versions: &["24.8.0", "22.19.0", "20.19.5", "18.20.8"],
            variants: &["slim", "alpine", "bookworm", "bookworm-slim", "bullseye", "bullseye-slim", "trixie", "trixie-slim", "alpine3.22", "alpine3.21"],
            aliases: &[("latest", "24.8.0"), ("current", "24.8.0"), ("lts", "22.19.0"), ("jod", "22.19.0"), ("iron", "20.19.5"), ("hydrogen", "18.20.8")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["node"],
        userland: Userland::Debian,
        extra_tools: &["node", "npm", "npx", "yarn"],
        curl: "7.88.1",
        env: &[PATH_ENV, "NODE_VERSION={version}", "YARN_VERSION=1.22.22"],
        layers: 8,
        size: ImageSize { disk: 1_620_000_000, content: 399_000_000 },
        ..BASE
    },
    Image {
        repo: "python",
        tags: Tags {
            versions: &["3.13.7", "3.14.0", "3.12.11", "3.11.13", "3.10.18", "3.9.23"],
            variants: &["slim", "alpine", "bookworm", "slim-bookworm", "trixie", "slim-trixie", "bullseye", "slim-bullseye", "alpine3.22", "alpine3.21"],
            aliases: &[("latest", "3.13.7")],
        },
        cmd: &["python3"],
        userland: Userland::Debian,
        extra_tools: &["python", "python3", "pip", "pip3"],
        curl: "8.14.1",
        env: &[PATH_ENV, "LANG=C.UTF-8", "PYTHON_VERSION={version}"],
        layers: 7,
        size: ImageSize { disk: 1_623_400_000, content: 412_380_000 },
        ..BASE
    },
    Image {
        repo: "golang",
        tags: Tags {
            versions: &["1.25.1", "1.24.7"],
            variants: &["alpine", "bookworm", "trixie", "alpine3.22", "alpine3.21"],
            aliases: &[("latest", "1.25.1")],
        },
        // No CMD of its own: buildpack-deps' (debian's) `bash`.
        cmd: &["bash"],
        userland: Userland::Debian,
        extra_tools: &["go"],
        curl: "8.14.1",
        env: &["PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GOLANG_VERSION={version}", "GOTOOLCHAIN=local", "GOPATH=/go"],
        layers: 7,
        size: ImageSize { disk: 1_210_000_000, content: 297_000_000 },
        ..BASE
    },
    Image {
        repo: "eclipse-temurin",
        tags: Tags {
            versions: &["21.0.8", "25.0.0", "17.0.16", "11.0.28", "8"],
            variants: &["jdk", "jre", "noble", "jdk-noble", "jre-noble", "jammy", "jdk-jammy", "jre-jammy", "alpine", "jdk-alpine", "jre-alpine"],
            aliases: &[("latest", "21.0.8")],
        },
        entrypoint: &["/__cacert_entrypoint.sh"],
        cmd: &["jshell"],
        userland: Userland::Ubuntu,
        extra_tools: &["java", "javac"],
        env: &["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME=/opt/java/openjdk", "LANG=en_US.UTF-8", "JAVA_VERSION=jdk-{version}"],
        layers: 6,
        size: ImageSize { disk: 662_000_000, content: 198_000_000 },
        ..BASE
    },
    Image {
        repo: "php",
        tags: Tags {
            versions: &["8.4.12", "8.3.25", "8.2.29", "8.1.33"],
            variants: &["cli", "apache", "fpm", "zts", "alpine", "cli-alpine", "fpm-alpine", "zts-alpine", "bookworm", "trixie", "cli-bookworm", "apache-bookworm", "fpm-bookworm", "cli-trixie", "apache-trixie", "fpm-trixie"],
            aliases: &[("latest", "8.4.12")],
        },
        entrypoint: &["docker-php-entrypoint"],
        cmd: &["php", "-a"],
        extra_tools: &["curl", "php"],
        curl: "8.14.1",
        overrides: &[
            Override { variant: "apache", cmd: &["apache2-foreground"], exposed: &[(80, Tcp)], stop_exit_code: 0 },
            Override { variant: "fpm", cmd: &["php-fpm"], exposed: &[(9000, Tcp)], stop_exit_code: 0 },
        ],
        programs: &[APACHE_PHP, PHP_FPM],
        env: &[PATH_ENV, "PHP_INI_DIR=/usr/local/etc/php", "PHP_VERSION={version}"],
        layers: 11,
        size: ImageSize { disk: 584_000_000, content: 176_000_000 },
        ..BASE
    },
    Image {
        repo: "redis",
        tags: Tags {
            versions: &["8.2.1", "8.0.3", "7.4.5", "7.2.10", "6.2.19"],
            variants: &["alpine", "bookworm", "trixie", "alpine3.22"],
            aliases: &[("latest", "8.2.1")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        exposed: &[(6379, Tcp)],
        programs: &[Program::server(&["redis-server"], Service::REDIS, &[6379], &["--port"]).logging(&[
            out("1:C 27 Nov 2026 00:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
            out("1:C 27 Nov 2026 00:00:00.000 * Redis version={version}, bits=64, commit=00000000, modified=1, pid=1, just started"),
            out("1:M 27 Nov 2026 00:00:00.000 * Running mode=standalone, port=6379."),
            out("1:M 27 Nov 2026 00:00:00.000 * Server initialized"),
            out("1:M 27 Nov 2026 00:00:00.000 * Ready to accept connections tcp"),
        ])],
        stop_exit_code: 0,
        env: &[PATH_ENV, "REDIS_VERSION={version}"],
        layers: 8,
        size: ImageSize { disk: 200_317_000, content: 52_613_000 },
        extra_tools: &["redis-cli", "redis-benchmark"],
        ..BASE
    },
    Image {
        repo: "memcached",
        tags: Tags {
            versions: &["1.6.39"],
            variants: &["alpine", "bookworm", "trixie", "alpine3.22"],
            aliases: &[("latest", "1.6.39")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["memcached"],
        exposed: &[(11211, Tcp)],
        // memcached answers "ERROR" to an HTTP request line.
        programs: &[Program::server(&["memcached"], Service::from_static("memcached"), &[11211], &["-p", "--port"])
            .answers_http(Http::NotHttp)],
        stop_exit_code: 0,
        env: &[PATH_ENV, "MEMCACHED_VERSION={version}"],
        layers: 6,
        size: ImageSize { disk: 112_000_000, content: 32_216_000 },
        ..BASE
    },
    Image {
        repo: "postgres",
        tags: Tags {
            versions: &["17.6", "18.0", "16.10", "15.14", "14.19", "13.22"],
            variants: &["alpine", "bookworm", "trixie", "alpine3.22", "alpine3.21"],
            aliases: &[("latest", "17.6")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        exposed: &[(5432, Tcp)],
        programs: &[Program::server(&["postgres"], Service::POSTGRES, &[5432], &["-p"])
            .logging(&[
                out("PostgreSQL init process complete; ready for start up."),
                err("{ts} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432"),
                err("{ts} UTC [1] LOG:  database system is ready to accept connections"),
            ])
            .refusing(&["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"], &[
                err("Error: Database is uninitialized and superuser password is not specified."),
                err("       You must specify POSTGRES_PASSWORD to a non-empty value for the"),
                err("       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\"."),
            ])],
        stop_exit_code: 0,
        env: &["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/{major}/bin", "PGDATA=/var/lib/postgresql/data"],
        layers: 14,
        size: ImageSize { disk: 633_978_000, content: 161_370_000 },
        extra_tools: &["psql", "pg_isready", "pg_dump", "createdb", "createuser"],
        ..BASE
    },
    Image {
        repo: "mysql",
        tags: Tags {
            versions: &["9.4.0", "8.4.6", "8.0.43"],
            variants: &["oracle", "oraclelinux9", "bookworm", "debian"],
            aliases: &[("latest", "9.4.0"), ("innovation", "9.4.0"), ("lts", "8.4.6")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mysqld"],
        exposed: &[(3306, Tcp), (33060, Tcp)],
        // MySQL greets first (its handshake), which curl reads as HTTP/0.9.
        programs: &[Program::server(&["mysqld"], Service::from_static("mysql"), &[3306, 33060], &["--port", "-P"])
            .answers_http(Http::NotHttp)
            .logging(&[
                out("{rfc3339} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started."),
                out("{rfc3339} [Note] [Entrypoint]: Initializing database files"),
                out("{rfc3339} [Note] [Entrypoint]: MySQL init process done. Ready for start up."),
                err("{rfc3339}Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."),
            ])
            .refusing(MYSQL_ENV, &[
                out("{rfc3339} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started."),
                err("{rfc3339} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"),
                err("    You need to specify one of the following as an environment variable:"),
                err("    - MYSQL_ROOT_PASSWORD"),
                err("    - MYSQL_ALLOW_EMPTY_PASSWORD"),
                err("    - MYSQL_RANDOM_ROOT_PASSWORD"),
            ])],
        stop_exit_code: 0,
        env: &[PATH_ENV, "GOSU_VERSION=1.17", "MYSQL_MAJOR={major}", "MYSQL_VERSION={version}-1.el9"],
        layers: 11,
        size: ImageSize { disk: 1_080_000_000, content: 248_000_000 },
        extra_tools: &["mysql", "mysqladmin", "mysqldump"],
        ..BASE
    },
    Image {
        repo: "mariadb",
        tags: Tags {
            versions: &["12.0.2", "11.8.3", "11.4.8", "10.11.14", "10.6.23"],
            variants: &["noble", "jammy", "ubi", "ubi9"],
            aliases: &[("latest", "12.0.2"), ("lts", "11.8.3")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mariadbd"],
        exposed: &[(3306, Tcp)],
        userland: Userland::Ubuntu,
        programs: &[Program::server(&["mariadbd", "mysqld"], Service::from_static("mariadb"), &[3306], &["--port", "-P"])
            .answers_http(Http::NotHttp)
            .logging(&[
                out("{rfc3339} [Note] [Entrypoint]: Entrypoint script for MariaDB Server 1:{version}+maria~ubu2404 started."),
                out("{rfc3339} [Note] [Entrypoint]: MariaDB init process done. Ready for start up."),
                err("{ts} 0 [Note] mariadbd: ready for connections."),
                err("Version: '{version}-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  mariadb.org binary distribution"),
            ])
            .refusing(&["MARIADB_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_HASH", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "MARIADB_RANDOM_ROOT_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"], &[
                out("{rfc3339} [Note] [Entrypoint]: Entrypoint script for MariaDB Server 1:{version}+maria~ubu2404 started."),
                err("{rfc3339} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"),
                err("\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD"),
            ])],
        stop_exit_code: 0,
        env: &[PATH_ENV, "GOSU_VERSION=1.17", "LANG=C.UTF-8", "MARIADB_VERSION=1:{version}+maria~ubu2404"],
        layers: 10,
        size: ImageSize { disk: 451_000_000, content: 112_000_000 },
        extra_tools: &["mariadb", "mariadb-admin", "mariadb-dump"],
        ..BASE
    },
    Image {
        repo: "mongo",
        tags: Tags {
            versions: &["8.0.13", "7.0.24", "6.0.26"],
            variants: &["noble", "jammy"],
            aliases: &[("latest", "8.0.13")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mongod"],
        exposed: &[(27017, Tcp)],
        userland: Userland::Ubuntu,
        programs: &[Program::server(&["mongod"], Service::from_static("mongo"), &[27017], &["--port"])
            .answers_http(Http::Answers)],
        stop_exit_code: 0,
        env: &[PATH_ENV, "GOSU_VERSION=1.17", "JSYAML_VERSION=3.13.1", "MONGO_PACKAGE=mongodb-org", "MONGO_REPO=repo.mongodb.org", "MONGO_MAJOR={minor}", "MONGO_VERSION={version}", "HOME=/data/db"],
        layers: 8,
        size: ImageSize { disk: 910_000_000, content: 302_698_000 },
        extra_tools: &["mongosh"],
        ..BASE
    },
    Image {
        repo: "rabbitmq",
        tags: Tags {
            versions: &["4.1.4", "4.0.9", "3.13.7"],
            variants: &["management", "alpine", "management-alpine"],
            aliases: &[("latest", "4.1.4")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["rabbitmq-server"],
        exposed: &[(4369, Tcp), (5671, Tcp), (5672, Tcp), (15691, Tcp), (15692, Tcp), (25672, Tcp)],
        userland: Userland::Ubuntu,
        overrides: &[Override {
            variant: "management",
            cmd: &["rabbitmq-server"],
            exposed: &[(4369, Tcp), (5671, Tcp), (5672, Tcp), (15671, Tcp), (15672, Tcp), (15691, Tcp), (15692, Tcp), (25672, Tcp)],
            stop_exit_code: 0,
        }],
        programs: &[Program::server(&["rabbitmq-server"], Service::from_static("rabbitmq"), &[5672, 15692, 25672], &[])
            .logging(&[err("{ts}.000000+00:00 [info] <0.9.0> Server startup complete; 5 plugins started.")])],
        stop_exit_code: 0,
        env: &[PATH_ENV, "RABBITMQ_DATA_DIR=/var/lib/rabbitmq", "RABBITMQ_VERSION={version}", "HOME=/var/lib/rabbitmq", "LANG=C.UTF-8"],
        layers: 10,
        size: ImageSize { disk: 420_000_000, content: 106_000_000 },
        extra_tools: &["rabbitmqctl", "rabbitmq-plugins", "rabbitmq-diagnostics"],
        ..BASE
    },
    Image {
        repo: "wordpress",
        tags: Tags {
            versions: &["6.8.2"],
            variants: &["apache", "fpm", "fpm-alpine", "php8.4", "php8.3", "php8.2", "php8.4-apache", "php8.3-apache", "php8.2-apache", "php8.4-fpm", "php8.3-fpm", "php8.4-fpm-alpine"],
            aliases: &[("latest", "6.8.2")],
        },
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["apache2-foreground"],
        exposed: &[(80, Tcp)],
        extra_tools: &["curl"],
        curl: "8.14.1",
        overrides: &[Override { variant: "fpm", cmd: &["php-fpm"], exposed: &[(9000, Tcp)], stop_exit_code: 0 }],
        programs: &[APACHE_PHP, PHP_FPM],
        stop_exit_code: 0,
        env: &[PATH_ENV, "PHP_INI_DIR=/usr/local/etc/php", "PHP_VERSION=8.3.25", "WORDPRESS_VERSION={version}"],
        layers: 21,
        size: ImageSize { disk: 702_000_000, content: 212_000_000 },
        ..BASE
    },
    Image {
        repo: "adminer",
        tags: Tags {
            versions: &["5.3.0", "4.17.1"],
            variants: &["standalone", "fastcgi"],
            aliases: &[("latest", "5.3.0")],
        },
        entrypoint: &["entrypoint.sh", "docker-php-entrypoint"],
        cmd: &["php", "-S", "[::]:8080", "-t", "/var/www/html"],
        exposed: &[(8080, Tcp)],
        userland: Userland::Busybox,
        alpine: true,
        stop_exit_code: 0,
        env: &[PATH_ENV, "PHP_INI_DIR=/usr/local/etc/php", "PHP_VERSION=8.4.12", "ADMINER_VERSION={version}"],
        layers: 13,
        size: ImageSize { disk: 386_000_000, content: 38_500_000 },
        ..BASE
    },
    Image {
        repo: "grafana/grafana",
        tags: Tags {
            versions: &["12.1.1", "11.6.5"],
            variants: &["ubuntu", "oss", "oss-ubuntu"],
            aliases: &[("latest", "12.1.1"), ("main", "12.1.1")],
        },
        entrypoint: &["/run.sh"],
        exposed: &[(3000, Tcp)],
        userland: Userland::Busybox,
        alpine: true,
        programs: &[Program::server(&["run.sh", "grafana", "grafana-server"], Service::from_static("grafana"), &[3000], &[])
            .shown_as("grafana", "grafana")
            .answers_http(Http::Redirect("/login"))
            .logging(&[out("logger=http.server t={rfc3339z} level=info msg=\"HTTP Server Listen\" address=[::]:3000 protocol=http subUrl= socket=")])],
        stop_exit_code: 0,
        env: &["PATH=/usr/share/grafana/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GF_PATHS_CONFIG=/etc/grafana/grafana.ini", "GF_PATHS_DATA=/var/lib/grafana", "GF_PATHS_HOME=/usr/share/grafana"],
        layers: 12,
        size: ImageSize { disk: 733_000_000, content: 197_000_000 },
        ..BASE
    },
    Image {
        repo: "prom/prometheus",
        tags: Tags {
            versions: &["3.5.0", "3.4.2", "2.53.5"],
            variants: &[],
            aliases: &[("latest", "3.5.0"), ("main", "3.5.0")],
        },
        entrypoint: &["/bin/prometheus"],
        cmd: &["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"],
        exposed: &[(9090, Tcp)],
        userland: Userland::Busybox,
        programs: &[Program::server(&["prometheus"], Service::from_static("prometheus"), &[9090], &[])
            .answers_http(Http::Redirect("/query"))
            .logging(&[err("time={rfc3339z} level=INFO source=main.go:1255 msg=\"Server is ready to receive web requests.\"")])],
        stop_exit_code: 0,
        env: &[PATH_ENV],
        layers: 9,
        size: ImageSize { disk: 313_000_000, content: 118_000_000 },
        ..BASE
    },
    Image {
        repo: "nats",
        tags: Tags {
            versions: &["2.11.9", "2.10.29"],
            variants: &["alpine", "scratch", "linux", "alpine3.22"],
            aliases: &[("latest", "2.11.9")],
        },
        entrypoint: &["/nats-server"],
        cmd: &["--config", "nats-server.conf"],
        exposed: &[(4222, Tcp), (6222, Tcp), (8222, Tcp)],
        userland: Userland::Scratch,
        // Clients on 4222, cluster routes on 6222, HTTP monitoring on 8222.
        programs: &[Program::server(&["nats-server"], Service::from_static("nats"), &[4222, 6222, 8222], &["-p", "--port"])
            .answers_http(Http::Unsimulated)],
        stop_exit_code: 0,
        env: &[PATH_ENV],
        layers: 2,
        size: ImageSize { disk: 19_500_000, content: 6_925_000 },
        ..BASE
    },
    Image {
        repo: "alpine",
        tags: Tags {
            versions: &["3.22.1", "3.21.4", "3.20.7", "3.19.8"],
            variants: &[],
            aliases: &[("latest", "3.22.1"), ("edge", "edge")],
        },
        cmd: &["/bin/sh"],
        userland: Userland::Busybox,
        alpine: true,
        layers: 1,
        size: ImageSize { disk: 12_794_000, content: 4_092_000 },
        ..BASE
    },
    Image {
        repo: "busybox",
        tags: Tags {
            versions: &["1.37.0", "1.36.1"],
            variants: &["musl", "glibc", "uclibc"],
            aliases: &[("latest", "1.37.0"), ("stable", "1.37.0")],
        },
        cmd: &["sh"],
        userland: Userland::Busybox,
        layers: 1,
        size: ImageSize { disk: 6_156_000, content: 2_213_000 },
        ..BASE
    },
    Image {
        repo: "debian",
        tags: Tags {
            versions: &["13.1", "12.12", "11.11"],
            variants: &["slim", "backports"],
            aliases: &[("latest", "13.1"), ("stable", "13.1"), ("trixie", "13.1"), ("oldstable", "12.12"), ("bookworm", "12.12"), ("bullseye", "11.11")],
        },
        cmd: &["bash"],
        layers: 1,
        size: ImageSize { disk: 120_000_000, content: 49_300_000 },
        ..BASE
    },
    Image {
        repo: "ubuntu",
        tags: Tags {
            versions: &["24.04", "22.04", "20.04", "25.04"],
            variants: &[],
            aliases: &[("latest", "24.04"), ("noble", "24.04"), ("jammy", "22.04"), ("focal", "20.04"), ("plucky", "25.04"), ("rolling", "25.04")],
        },
        cmd: &["/bin/bash"],
        userland: Userland::Ubuntu,
        layers: 1,
        size: ImageSize { disk: 117_253_000, content: 29_747_000 },
        ..BASE
    },
    Image {
        repo: "curlimages/curl",
        tags: Tags {
            versions: &["8.16.0", "8.15.0"],
            variants: &[],
            aliases: &[("latest", "8.16.0")],
        },
        entrypoint: &["/entrypoint.sh"],
        cmd: &["curl"],
        userland: Userland::Busybox,
        alpine: true,
        extra_tools: &["curl"],
        curl: "8.16.0",
        env: &[PATH_ENV, "CURL_VERSION={version}"],
        layers: 9,
        size: ImageSize { disk: 33_716_000, content: 9_863_000 },
        ..BASE
    },
    Image {
        repo: "nicolaka/netshoot",
        tags: Tags {
            versions: &["0.14", "0.13"],
            variants: &[],
            aliases: &[("latest", "0.14")],
        },
        cmd: &["zsh"],
        userland: Userland::Netshoot,
        alpine: true,
        curl: "8.14.1",
        layers: 12,
        size: ImageSize { disk: 642_561_000, content: 196_447_000 },
        ..BASE
    },
];

/// Repositories on Docker Hub that the catalogue does not simulate, with
/// the catalogue images closest to each (what to try instead).
pub const ELSEWHERE: &[(&str, &[&str])] = &[
    ("hello-world", &["busybox", "alpine"]),
    ("openjdk", &["eclipse-temurin"]),
    ("amazoncorretto", &["eclipse-temurin"]),
    ("tomcat", &["eclipse-temurin", "httpd"]),
    ("jenkins/jenkins", &["eclipse-temurin"]),
    ("ruby", &["python", "node"]),
    ("rust", &["golang"]),
    ("perl", &["debian"]),
    ("gcc", &["debian"]),
    ("centos", &["ubuntu", "debian"]),
    ("fedora", &["ubuntu", "debian"]),
    ("rockylinux", &["ubuntu", "debian"]),
    ("amazonlinux", &["ubuntu", "debian"]),
    ("archlinux", &["ubuntu", "debian"]),
    ("elasticsearch", &["mongo", "postgres"]),
    ("kibana", &["grafana/grafana"]),
    ("influxdb", &["prom/prometheus"]),
    ("cassandra", &["mongo"]),
    ("couchdb", &["mongo"]),
    ("neo4j", &["postgres"]),
    ("mongo-express", &["adminer"]),
    ("phpmyadmin", &["adminer"]),
    ("drupal", &["wordpress", "php"]),
    ("ghost", &["wordpress", "node"]),
    ("nextcloud", &["wordpress"]),
    ("registry", &["nginx"]),
    ("consul", &["traefik"]),
    ("vault", &["traefik"]),
    ("eclipse-mosquitto", &["rabbitmq"]),
    ("zookeeper", &["redis"]),
    ("apache/kafka", &["rabbitmq"]),
    ("envoyproxy/envoy", &["traefik", "haproxy", "nginx"]),
    ("portainer/portainer-ce", &["traefik/whoami"]),
    ("nginxinc/nginx-unprivileged", &["nginx"]),
    ("bitnami/redis", &["redis"]),
    ("bitnami/postgresql", &["postgres"]),
    ("bitnami/mysql", &["mysql"]),
    ("containous/whoami", &["traefik/whoami"]),
];

/// Names that do not exist on Docker Hub but that people type for an image
/// the catalogue has under its publisher's name: the registry's error
/// stands, and a `[bridgeport]` line names the image.
pub const PUBLISHED_AS: &[(&str, &str)] = &[
    ("grafana", "grafana/grafana"),
    ("prometheus", "prom/prometheus"),
    ("whoami", "traefik/whoami"),
    ("netshoot", "nicolaka/netshoot"),
    ("curl", "curlimages/curl"),
];

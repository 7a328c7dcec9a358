//! The built-in image catalogue: what each image runs, exposes, listens on and
//! ships. Bridgeport never pulls anything; an image outside this list fails
//! the way `docker run` fails when the registry has no such repository.

use crate::ports::Proto;
use crate::program::{err, out, Http, Log, Program, Service};
use serde::{Deserialize, Serialize};

/// The userland an image is built on: it decides the shell and which tools
/// are there (the command layer's tool table reads it). A tag's variant
/// picks it (`-alpine`: busybox, `-slim`: minimal Debian), else the image's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Userland {
    /// Alpine or busybox: busybox applets (`wget`, `ping`, `nc`, …), `sh` (ash).
    Busybox,
    /// A minimal Debian (`debian:*-slim` and the images built on it): bash,
    /// coreutils, no network tools.
    DebianSlim,
    /// Full Debian (`buildpack-deps`): adds curl and wget.
    Debian,
    /// Ubuntu: bash, coreutils, no network tools.
    Ubuntu,
    /// nicolaka/netshoot: every network tool (GNU style), zsh.
    Netshoot,
    /// No shell and no tools: one static binary.
    Scratch,
}

impl Userland {
    /// The login shell `docker exec -it X sh` finds, "" when there is none.
    pub fn shell(self) -> &'static str {
        match self {
            Userland::Busybox => "sh",
            Userland::DebianSlim | Userland::Debian | Userland::Ubuntu => "bash",
            Userland::Netshoot => "zsh",
            Userland::Scratch => "",
        }
    }
}

/// One image, as the catalogue knows it: one entry holds everything about it.
#[derive(Debug, Clone, Copy)]
pub struct Image {
    /// Repository name as typed, without tag: "nginx", "curlimages/curl".
    pub repo: &'static str,
    /// Tags that exist; the first is what `latest` stands for in sizes and layers.
    pub tags: &'static [&'static str],
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// EXPOSE in the Dockerfile.
    pub exposed: &'static [(u16, Proto)],
    /// What the plain tag is built on.
    pub userland: Userland,
    /// Programs the image adds to its userland's (nginx's curl).
    pub extra_tools: &'static [&'static str],
    /// The curl it ships, when it ships one (its distribution's package).
    pub curl: &'static str,
    /// The servers it brings (see [`crate::program`]).
    pub programs: &'static [Program],
    /// Exit code when `docker stop` sends SIGTERM: 0 for servers that handle it,
    /// 137 for a shell or sleep as PID 1 that ignores it and is killed after 10 s.
    pub stop_exit_code: i32,
    /// Environment variables the image sets (shown by `docker inspect`).
    pub env: &'static [&'static str],
    /// Number of layers the pull progress shows.
    pub layers: usize,
    /// Sizes of the first tag on linux/amd64 (see [`ImageSize`]).
    pub size: ImageSize,
}

/// What `docker images` shows of an image's size with the containerd image
/// store (Docker 29's default): DISK USAGE is the unpacked snapshots plus
/// the content blobs, CONTENT SIZE the compressed blobs alone. Made-up but
/// plausible figures for linux/amd64 (a simulation pulls nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageSize {
    pub disk: u64,
    pub content: u64,
}

const PATH_ENV: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// Alpine 3.22's curl (also Debian trixie's).
const CURL_ALPINE: &str = "8.14.1";

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
    err("{ts} [notice] 1#1: nginx/1.29.1"),
    err("{ts} [notice] 1#1: {gcc}"),
    err("{ts} [notice] 1#1: OS: Linux 6.8.0-bridgeport"),
    err("{ts} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
    err("{ts} [notice] 1#1: start worker processes"),
    err("{ts} [notice] 1#1: start worker process 29"),
    err("{ts} [notice] 1#1: start worker process 30"),
];

/// Apache httpd 2.4 in the foreground.
const APACHE: Program = Program::server(&["httpd-foreground"], Service::HTTPD, &[80], &[])
    .shown_as("httpd", "httpd")
    .answers_http(Http::Answers)
    .logging(&[
        err("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message"),
        err("[{ts}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations"),
    ]);

/// Every image Bridgeport knows.
pub const CATALOGUE: &[Image] = &[
    Image {
        repo: "nginx",
        tags: &["latest", "alpine", "1.29", "1.29-alpine", "stable", "mainline"],
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed: &[(80, Proto::Tcp)],
        userland: Userland::DebianSlim,
        extra_tools: &["curl"],
        curl: "7.88.1",
        programs: &[Program::server(&["nginx"], Service::NGINX, &[80], &[])
            .answers_http(Http::Answers)
            .logging(NGINX_LOGS)],
        stop_exit_code: 0,
        env: &[PATH_ENV, "NGINX_VERSION=1.29.1", "NJS_VERSION=0.9.1", "PKG_RELEASE=1~bookworm"],
        layers: 7,
        size: ImageSize { disk: 240_689_000, content: 65_995_000 },
    },
    Image {
        repo: "httpd",
        tags: &["latest", "alpine", "2.4", "2.4-alpine"],
        entrypoint: &[],
        cmd: &["httpd-foreground"],
        exposed: &[(80, Proto::Tcp)],
        userland: Userland::DebianSlim,
        extra_tools: &[],
        curl: "",
        programs: &[APACHE],
        stop_exit_code: 0,
        env: &["PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HTTPD_PREFIX=/usr/local/apache2"],
        layers: 6,
        size: ImageSize { disk: 191_432_000, content: 58_830_000 },
    },
    Image {
        repo: "redis",
        tags: &["latest", "alpine", "8", "7", "8-alpine"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        exposed: &[(6379, Proto::Tcp)],
        userland: Userland::DebianSlim,
        extra_tools: &[],
        curl: "",
        programs: &[Program::server(&["redis-server"], Service::REDIS, &[6379], &["--port"]).logging(&[
            out("1:C 27 Nov 2026 00:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
            out("1:C 27 Nov 2026 00:00:00.000 * Redis version=8.2.1, bits=64, commit=00000000, modified=1, pid=1, just started"),
            out("1:M 27 Nov 2026 00:00:00.000 * Running mode=standalone, port=6379."),
            out("1:M 27 Nov 2026 00:00:00.000 * Server initialized"),
            out("1:M 27 Nov 2026 00:00:00.000 * Ready to accept connections tcp"),
        ])],
        stop_exit_code: 0,
        env: &[PATH_ENV, "REDIS_VERSION=8.2.1"],
        layers: 8,
        size: ImageSize { disk: 200_317_000, content: 52_613_000 },
    },
    Image {
        repo: "postgres",
        tags: &["latest", "alpine", "17", "16", "17-alpine"],
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        exposed: &[(5432, Proto::Tcp)],
        userland: Userland::DebianSlim,
        extra_tools: &[],
        curl: "",
        programs: &[Program::server(&["postgres"], Service::POSTGRES, &[5432], &["-p"]).logging(&[
            out("PostgreSQL init process complete; ready for start up."),
            err("{ts} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432"),
            err("{ts} UTC [1] LOG:  database system is ready to accept connections"),
        ])],
        stop_exit_code: 0,
        env: &["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/17/bin", "PGDATA=/var/lib/postgresql/data"],
        layers: 14,
        size: ImageSize { disk: 633_978_000, content: 161_370_000 },
    },
    Image {
        repo: "alpine",
        tags: &["latest", "3", "3.22", "3.21", "edge"],
        entrypoint: &[],
        cmd: &["/bin/sh"],
        exposed: &[],
        userland: Userland::Busybox,
        extra_tools: &[],
        curl: "",
        programs: &[],
        stop_exit_code: 137,
        env: &[PATH_ENV],
        layers: 1,
        size: ImageSize { disk: 12_794_000, content: 4_092_000 },
    },
    Image {
        repo: "busybox",
        tags: &["latest", "1", "1.37", "musl", "glibc"],
        entrypoint: &[],
        cmd: &["sh"],
        exposed: &[],
        userland: Userland::Busybox,
        extra_tools: &[],
        curl: "",
        programs: &[],
        stop_exit_code: 137,
        env: &["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        layers: 1,
        size: ImageSize { disk: 6_156_000, content: 2_213_000 },
    },
    Image {
        repo: "ubuntu",
        tags: &["latest", "24.04", "22.04", "noble", "jammy"],
        entrypoint: &[],
        cmd: &["/bin/bash"],
        exposed: &[],
        userland: Userland::Ubuntu,
        extra_tools: &[],
        curl: "",
        programs: &[],
        stop_exit_code: 137,
        env: &[PATH_ENV],
        layers: 1,
        size: ImageSize { disk: 117_253_000, content: 29_747_000 },
    },
    Image {
        repo: "python",
        tags: &["latest", "3", "3.13", "3.13-slim", "slim", "alpine"],
        entrypoint: &[],
        cmd: &["python3"],
        exposed: &[],
        userland: Userland::Debian,
        extra_tools: &[],
        curl: "8.14.1",
        programs: &[],
        stop_exit_code: 137,
        env: &[PATH_ENV, "LANG=C.UTF-8", "PYTHON_VERSION=3.13.7"],
        layers: 7,
        size: ImageSize { disk: 1_623_400_000, content: 412_380_000 },
    },
    Image {
        repo: "curlimages/curl",
        tags: &["latest", "8.16.0"],
        entrypoint: &["/entrypoint.sh"],
        cmd: &["curl"],
        exposed: &[],
        userland: Userland::Busybox,
        extra_tools: &["curl"],
        curl: "8.16.0",
        programs: &[],
        stop_exit_code: 137,
        env: &[PATH_ENV, "CURL_VERSION=8.16.0"],
        layers: 9,
        size: ImageSize { disk: 33_716_000, content: 9_863_000 },
    },
    Image {
        repo: "traefik/whoami",
        tags: &["latest", "v1.11"],
        entrypoint: &["/whoami"],
        cmd: &[],
        exposed: &[(80, Proto::Tcp)],
        userland: Userland::Scratch,
        extra_tools: &[],
        curl: "",
        programs: &[Program::server(&["whoami"], Service::WHOAMI, &[80], &["--port", "-port"])
            .answers_http(Http::Answers)],
        stop_exit_code: 0,
        env: &[],
        layers: 3,
        size: ImageSize { disk: 9_948_000, content: 3_106_000 },
    },
    Image {
        repo: "nicolaka/netshoot",
        tags: &["latest", "v0.14"],
        entrypoint: &[],
        cmd: &["zsh"],
        exposed: &[],
        userland: Userland::Netshoot,
        extra_tools: &[],
        curl: "8.14.1",
        programs: &[],
        stop_exit_code: 137,
        env: &[PATH_ENV],
        layers: 12,
        size: ImageSize { disk: 642_561_000, content: 196_447_000 },
    },
];

/// A parsed image reference: `nginx`, `nginx:alpine`, `docker.io/library/nginx:latest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    /// Repository without registry and `library/`: "nginx", "curlimages/curl".
    pub repo: String,
    pub tag: String,
}

impl ImageRef {
    /// Normalises the way Docker's reference parser does for Docker Hub names.
    /// Returns the error Docker prints for a malformed reference.
    pub fn parse(raw: &str) -> Result<ImageRef, String> {
        // Docker names the normalised path in this message: "library/Nginx".
        let invalid = |name: &str| {
            let path = if name.contains('/') {
                name.to_string()
            } else {
                format!("library/{name}")
            };
            format!("invalid reference format: repository name ({path}) must be lowercase")
        };
        if raw.is_empty() || raw.len() > 255 {
            return Err("invalid reference format".to_string());
        }
        let (name, tag) = match raw.rsplit_once(':') {
            Some((n, t)) if !t.contains('/') => (n, t.to_string()),
            _ => (raw, "latest".to_string()),
        };
        let name = name.split('@').next().unwrap_or(name);
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(invalid(name));
        }
        let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c);
        if name.is_empty()
            || !name.chars().all(valid)
            || name.starts_with(['.', '-', '/'])
            || name.ends_with(['.', '-', '/'])
        {
            return Err("invalid reference format".to_string());
        }
        if tag.is_empty()
            || !tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err("invalid reference format".to_string());
        }
        let repo = name.strip_prefix("docker.io/").unwrap_or(name);
        let repo = repo.strip_prefix("library/").unwrap_or(repo);
        Ok(ImageRef {
            repo: repo.to_string(),
            tag,
        })
    }

    /// "nginx:latest" — how Docker names it in pull messages.
    pub fn familiar(&self) -> String {
        format!("{}:{}", self.repo, self.tag)
    }

    /// What `docker ps` shows in IMAGE: the reference as the user gave it, minus `:latest`.
    pub fn display(&self) -> String {
        if self.tag == "latest" {
            self.repo.clone()
        } else {
            self.familiar()
        }
    }

    /// The catalogue entry, if the repository exists.
    pub fn image(&self) -> Option<&'static Image> {
        CATALOGUE.iter().find(|i| i.repo == self.repo)
    }

    /// The image's sizes: the catalogue's for its first tag; an Alpine or
    /// slim variant is smaller, and other tags differ a little, by name.
    pub fn size(&self) -> ImageSize {
        let Some(image) = self.image() else {
            return ImageSize {
                disk: 0,
                content: 0,
            };
        };
        let base = image.size;
        let (num, den) = if self.tag == image.tags[0] || self.tag == "latest" {
            (100, 100)
        } else if self.tag.contains("alpine") && image.repo != "alpine" {
            (27, 100)
        } else if self.tag.contains("slim") {
            (43, 100)
        } else {
            (92 + stable_hash(&self.familiar()) % 16, 100)
        };
        ImageSize {
            disk: base.disk / den * num,
            content: base.content / den * num,
        }
    }

    /// What the tag is built on: `-alpine` tags on busybox, `-slim` tags on
    /// a minimal Debian, the rest on what the image's plain tag is built on.
    pub fn userland(&self) -> Userland {
        let base = self.image().map_or(Userland::DebianSlim, |i| i.userland);
        if self.tag.contains("alpine") {
            Userland::Busybox
        } else {
            base
        }
    }

    /// The curl this tag ships (if its userland or the image has one).
    pub fn curl(&self) -> &'static str {
        match self.image() {
            // An Alpine variant of an image built on something else has Alpine's.
            Some(i) if self.userland() != i.userland => CURL_ALPINE,
            Some(i) if !i.curl.is_empty() => i.curl,
            _ => CURL_ALPINE,
        }
    }

    /// The software version the tag stands for ("" when unknown).
    pub fn version(&self) -> String {
        String::new()
    }
}

/// FNV-1a, used to derive stable fake digests from image names (real digests
/// do not change between sessions, so they must not come from the seed).
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // SplitMix64's finaliser spreads FNV's low-entropy differences over all bits,
    // so digests of similar labels do not look alike.
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// A stable 64-hex digest for a label.
pub fn stable_digest(label: &str) -> String {
    (0..4)
        .map(|i| format!("{:016x}", stable_hash(&format!("{label}#{i}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise_like_docker_hub() {
        let cases = [
            ("nginx", "nginx", "latest"),
            ("nginx:alpine", "nginx", "alpine"),
            ("docker.io/library/nginx:1.29", "nginx", "1.29"),
            ("curlimages/curl", "curlimages/curl", "latest"),
        ];
        for (raw, repo, tag) in cases {
            let r = ImageRef::parse(raw).unwrap();
            assert_eq!((r.repo.as_str(), r.tag.as_str()), (repo, tag), "{raw}");
        }
        assert_eq!(
            ImageRef::parse("Nginx").unwrap_err(),
            "invalid reference format: repository name (library/Nginx) must be lowercase"
        );
        assert_eq!(
            ImageRef::parse("ng inx").unwrap_err(),
            "invalid reference format"
        );
    }

    #[test]
    fn alpine_tags_are_built_on_busybox() {
        let userland = |r: &str| ImageRef::parse(r).unwrap().userland();
        assert_eq!(userland("nginx:alpine"), Userland::Busybox);
        assert_eq!(userland("nginx"), Userland::DebianSlim);
        assert_eq!(userland("alpine"), Userland::Busybox);
        assert_eq!(Userland::Busybox.shell(), "sh");
    }
}

//! Images: references as Docker parses them (`nginx`, `python:3.12-slim`,
//! `name@sha256:…`), each repository's tag scheme (which tags exist, what
//! variant and version a tag names), and the catalogue ([`CATALOGUE`], one
//! entry per image). Bridgeport never pulls anything: a repository outside
//! the catalogue fails as the registry answers for a name that does not
//! exist, or, when it exists on Docker Hub ([`catalogue::ELSEWHERE`]), with
//! a `[bridgeport]` line naming the closest catalogue images.

use crate::ports::Proto;
use crate::program::Program;
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
    /// The tag scheme: which tags exist.
    pub tags: Tags,
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// EXPOSE in the Dockerfile.
    pub exposed: &'static [(u16, Proto)],
    /// What the plain tag is built on.
    pub userland: Userland,
    /// Programs the image adds to its userland's (nginx's curl).
    pub extra_tools: &'static [&'static str],
    /// Built on Alpine Linux, so its package manager, `apk`, is there
    /// (caddy, traefik, netshoot); every `-alpine` tag is too
    /// ([`ImageRef::alpine`]). busybox and prom/prometheus are not.
    pub alpine: bool,
    /// The curl it ships, when it ships one (its distribution's package).
    pub curl: &'static str,
    /// The servers it brings (see [`crate::program`]).
    pub programs: &'static [Program],
    /// Variants that run something else (`php:*-apache` runs Apache).
    pub overrides: &'static [Override],
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

/// A repository's tags: `[VERSION][-VARIANT]`, a variant alone, or an alias
/// (`latest`, `stable`, `noble`), optionally followed by `-VARIANT`.
#[derive(Debug, Clone, Copy)]
pub struct Tags {
    /// The newest release of each line, the `latest` line first. A version
    /// tag names a line (`3`, `3.12`) or one of its releases up to the
    /// newest (`3.12.4`, `16.4`); a leading `v` is allowed (`v3.5`).
    pub versions: &'static [&'static str],
    /// Variant suffixes: `alpine`, `slim`, `bookworm`, `slim-bookworm`, …
    pub variants: &'static [&'static str],
    /// Other names and the release they stand for.
    pub aliases: &'static [(&'static str, &'static str)],
}

/// What a variant changes: tags whose variant contains `variant` run `cmd`
/// and EXPOSE `exposed` instead.
#[derive(Debug, Clone, Copy)]
pub struct Override {
    pub variant: &'static str,
    pub cmd: &'static [&'static str],
    pub exposed: &'static [(u16, Proto)],
    pub stop_exit_code: i32,
}

/// What a tag stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The release: "3.12.11" for `3.12-slim`, "16.4" for `16.4`.
    pub version: String,
    /// The variant suffix, "" for none: "slim", "alpine", "bookworm".
    pub variant: &'static str,
}

impl Tags {
    /// What `tag` names, or None when the repository has no such tag.
    pub fn resolve(&self, tag: &str) -> Option<Resolved> {
        let plain = |head: &str| -> Option<String> {
            if let Some((_, v)) = self.aliases.iter().find(|(a, _)| *a == head) {
                return Some(v.to_string());
            }
            self.version(head)
        };
        if let Some(version) = plain(tag) {
            return Some(Resolved {
                version,
                variant: "",
            });
        }
        let newest = self.aliases.first().map(|(_, v)| v.to_string())?;
        // The longest variant first: `slim-bookworm` before `bookworm`.
        let mut variants: Vec<&'static str> = self.variants.to_vec();
        bridgeport_golib::sort::sort_by_key(&mut variants, |v| std::cmp::Reverse(v.len()));
        for v in variants {
            if tag == v {
                return Some(Resolved {
                    version: newest,
                    variant: v,
                });
            }
            if let Some(head) = tag.strip_suffix(v).and_then(|h| h.strip_suffix('-')) {
                if let Some(version) = plain(head) {
                    return Some(Resolved {
                        version,
                        variant: v,
                    });
                }
            }
        }
        None
    }

    /// The release a version tag names (`3.12` → the newest 3.12 release).
    fn version(&self, tag: &str) -> Option<String> {
        let tag = tag.strip_prefix('v').unwrap_or(tag);
        // eclipse-temurin's `21.0.8_9`: the build number after `_`.
        let tag = match tag.split_once('_') {
            Some((v, build)) if !build.is_empty() && build.bytes().all(|b| b.is_ascii_digit()) => v,
            _ => tag,
        };
        let parts: Vec<u32> = tag
            .split('.')
            .map(|p| {
                if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    p.parse().ok()
                }
            })
            .collect::<Option<_>>()?;
        for line in self.versions {
            let newest: Vec<u32> = line.split('.').filter_map(|p| p.parse().ok()).collect();
            if parts.len() > newest.len() {
                continue;
            }
            let last = parts.len() - 1;
            let fits = parts.iter().zip(&newest).enumerate().all(|(i, (p, n))| {
                if i < last || parts.len() < newest.len() {
                    p == n
                } else {
                    p <= n
                }
            });
            if fits {
                return Some(if parts.len() == newest.len() {
                    parts
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(".")
                } else {
                    line.to_string()
                });
            }
        }
        None
    }
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

mod catalogue;

pub use catalogue::{CATALOGUE, ELSEWHERE, PUBLISHED_AS};

/// Alpine 3.22's curl (also Debian trixie's).
const CURL_ALPINE: &str = "8.14.1";

/// A parsed image reference: `nginx`, `nginx:alpine`,
/// `docker.io/library/nginx:latest`, `nginx@sha256:…`, `nginx:1.27@sha256:…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageRef {
    /// Repository without registry and `library/`: "nginx", "curlimages/curl".
    pub repo: String,
    /// The tag ("latest" when none was given).
    pub tag: String,
    /// `sha256:<64 hex>` when the reference pins a digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
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
        let malformed = || "invalid reference format".to_string();
        if raw.is_empty() || raw.len() > 255 {
            return Err(malformed());
        }
        // distribution/reference: `name[:tag][@algorithm:hex]`; sha256 is 64 lowercase hex.
        let (rest, digest) = match raw.split_once('@') {
            Some((rest, d)) => {
                let hex = d.strip_prefix("sha256:").ok_or_else(malformed)?;
                if hex.len() != 64
                    || !hex
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                {
                    return Err(malformed());
                }
                (rest, Some(d.to_string()))
            }
            None => (raw, None),
        };
        let (name, tag) = match rest.rsplit_once(':') {
            Some((n, t)) if !t.contains('/') => (n, t.to_string()),
            _ => (rest, "latest".to_string()),
        };
        if name.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(invalid(name));
        }
        let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c);
        if name.is_empty()
            || !name.chars().all(valid)
            || name.starts_with(['.', '-', '/'])
            || name.ends_with(['.', '-', '/'])
        {
            return Err(malformed());
        }
        if tag.is_empty()
            || tag.len() > 128
            || !tag
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err(malformed());
        }
        let repo = name.strip_prefix("docker.io/").unwrap_or(name);
        let repo = repo.strip_prefix("library/").unwrap_or(repo);
        Ok(ImageRef {
            repo: repo.to_string(),
            tag,
            digest,
        })
    }

    /// "nginx:latest" — how Docker names it in pull messages; a pinned
    /// digest follows (`nginx@sha256:…` when no tag was given).
    pub fn familiar(&self) -> String {
        match &self.digest {
            Some(d) if self.tag == "latest" => format!("{}@{d}", self.repo),
            Some(d) => format!("{}:{}@{d}", self.repo, self.tag),
            None => format!("{}:{}", self.repo, self.tag),
        }
    }

    /// What `docker ps` shows in IMAGE: the reference as the user gave it, minus `:latest`.
    pub fn display(&self) -> String {
        if self.tag == "latest" && self.digest.is_none() {
            self.repo.clone()
        } else {
            self.familiar()
        }
    }

    /// The tag, or the digest for a reference that pins one: what the pull's
    /// "Pulling from" line starts with.
    pub fn tag_or_digest(&self) -> &str {
        match &self.digest {
            Some(d) if self.tag == "latest" => d,
            _ => &self.tag,
        }
    }

    /// The catalogue entry, if the repository exists.
    pub fn image(&self) -> Option<&'static Image> {
        CATALOGUE.iter().find(|i| i.repo == self.repo)
    }

    /// What the tag stands for, if the repository has it.
    pub fn resolved(&self) -> Option<Resolved> {
        self.image()?.tags.resolve(&self.tag)
    }

    /// The catalogue images closest to a Docker Hub repository the
    /// catalogue does not simulate; None when Docker Hub has no such name.
    pub fn elsewhere(&self) -> Option<&'static [&'static str]> {
        catalogue::ELSEWHERE
            .iter()
            .find(|(name, _)| *name == self.repo)
            .map(|(_, closest)| *closest)
    }

    /// The catalogue image a name that does not exist stands for
    /// (`grafana` → `grafana/grafana`).
    pub fn published_as(&self) -> Option<&'static str> {
        catalogue::PUBLISHED_AS
            .iter()
            .find(|(name, _)| *name == self.repo)
            .map(|(_, image)| *image)
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
        let (num, den) = if self.tag == "latest" {
            (100, 100)
        } else if self.tag.contains("alpine") && image.userland != Userland::Busybox {
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

    /// Built on Alpine Linux: an Alpine image, or an `-alpine` tag of any
    /// (`nginx:alpine`, `postgres:16-alpine`).
    pub fn alpine(&self) -> bool {
        self.tag.contains("alpine") || self.image().is_some_and(|i| i.alpine)
    }

    /// What the tag is built on: `-alpine` tags on busybox, `-slim` tags on
    /// a minimal Debian, the rest on what the image's plain tag is built on.
    pub fn userland(&self) -> Userland {
        let base = self.image().map_or(Userland::DebianSlim, |i| i.userland);
        if self.tag.contains("alpine") {
            Userland::Busybox
        } else if self.tag.contains("slim") && base == Userland::Debian {
            Userland::DebianSlim
        } else {
            base
        }
    }

    /// The curl this tag ships (if its userland or the image has one).
    pub fn curl(&self) -> &'static str {
        match self.image() {
            // An Alpine variant of an image built on something else has Alpine's.
            Some(i) if self.userland() != i.userland && self.userland() == Userland::Busybox => {
                CURL_ALPINE
            }
            Some(i) if !i.curl.is_empty() => i.curl,
            _ => CURL_ALPINE,
        }
    }

    /// The software version the tag stands for ("" when unknown).
    pub fn version(&self) -> String {
        self.resolved().map(|r| r.version).unwrap_or_default()
    }

    /// The variant's override, if it has one.
    fn variant(&self) -> Option<&'static Override> {
        let variant = self.resolved()?.variant;
        self.image()?
            .overrides
            .iter()
            .find(|o| variant.contains(o.variant))
    }

    /// ENTRYPOINT of this tag.
    pub fn entrypoint(&self) -> &'static [&'static str] {
        self.image().map_or(&[], |i| i.entrypoint)
    }

    /// CMD of this tag.
    pub fn cmd(&self) -> &'static [&'static str] {
        match (self.variant(), self.image()) {
            (Some(o), _) => o.cmd,
            (None, Some(i)) => i.cmd,
            _ => &[],
        }
    }

    /// EXPOSE of this tag.
    pub fn exposed(&self) -> &'static [(u16, Proto)] {
        match (self.variant(), self.image()) {
            (Some(o), _) => o.exposed,
            (None, Some(i)) => i.exposed,
            _ => &[],
        }
    }

    /// The exit code `docker stop` leaves.
    pub fn stop_exit_code(&self) -> i32 {
        match (self.variant(), self.image()) {
            (Some(o), _) => o.stop_exit_code,
            (None, Some(i)) => i.stop_exit_code,
            _ => 137,
        }
    }

    /// ENV of this tag, its version filled in.
    pub fn env(&self) -> Vec<String> {
        let Some(image) = self.image() else {
            return Vec::new();
        };
        image.env.iter().map(|e| self.fill(e)).collect()
    }

    /// `{version}`, `{major}` (`16`), `{minor}` (`8.0`) of this tag in `text`.
    pub fn fill(&self, text: &str) -> String {
        if !text.contains('{') {
            return text.to_string();
        }
        let version = self.version();
        let mut parts = version.split('.');
        let major = parts.next().unwrap_or("").to_string();
        let minor = match parts.next() {
            Some(m) => format!("{major}.{m}"),
            None => major.clone(),
        };
        text.replace("{version}", &version)
            .replace("{major}", &major)
            .replace("{minor}", &minor)
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

#[cfg(test)]
mod tag_tests {
    use super::*;

    fn resolve(r: &str) -> Option<(String, &'static str)> {
        ImageRef::parse(r)
            .ok()?
            .resolved()
            .map(|r| (r.version, r.variant))
    }

    #[test]
    fn tags_follow_each_repository_scheme() {
        let some = |v: &str, var: &'static str| Some((v.to_string(), var));
        assert_eq!(resolve("python:3.12-slim"), some("3.12.11", "slim"));
        assert_eq!(resolve("python:3.11-alpine"), some("3.11.13", "alpine"));
        assert_eq!(
            resolve("python:3.12.4-slim-bookworm"),
            some("3.12.4", "slim-bookworm")
        );
        assert_eq!(resolve("nginx:1.27-alpine"), some("1.27.5", "alpine"));
        assert_eq!(resolve("nginx:stable-alpine"), some("1.28.0", "alpine"));
        assert_eq!(resolve("postgres:16.4"), some("16.4", ""));
        assert_eq!(resolve("redis:7.2-alpine"), some("7.2.10", "alpine"));
        assert_eq!(resolve("node:20-slim"), some("20.19.5", "slim"));
        assert_eq!(resolve("node:lts-alpine"), some("22.19.0", "alpine"));
        assert_eq!(resolve("ubuntu:noble"), some("24.04", ""));
        assert_eq!(resolve("traefik:v3.5"), some("3.5.3", ""));
        assert_eq!(
            resolve("eclipse-temurin:21.0.8_9-jdk"),
            some("21.0.8", "jdk")
        );
        assert_eq!(resolve("nginx"), some("1.29.1", ""));
        // Releases past a line's newest, lines that do not exist, unknown variants.
        for missing in [
            "python:3.12.99",
            "python:3.99",
            "postgres:16.11",
            "nginx:1.27-slim",
            "node:20-",
            "redis:x",
        ] {
            assert_eq!(resolve(missing), None, "{missing}");
        }
    }

    #[test]
    fn digests_parse_and_keep_their_tag() {
        let hex = "0123456789abcdef".repeat(4);
        let r = ImageRef::parse(&format!("nginx@sha256:{hex}")).unwrap();
        assert_eq!(
            (r.tag.as_str(), r.familiar()),
            ("latest", format!("nginx@sha256:{hex}"))
        );
        let r = ImageRef::parse(&format!("redis:7.2@sha256:{hex}")).unwrap();
        assert_eq!(r.familiar(), format!("redis:7.2@sha256:{hex}"));
        for bad in [
            "nginx@sha256:12",
            "nginx@md5:00",
            &format!("nginx@sha256:{}", hex.to_uppercase()),
        ] {
            assert_eq!(
                ImageRef::parse(bad).unwrap_err(),
                "invalid reference format",
                "{bad}"
            );
        }
    }

    #[test]
    fn the_variant_decides_the_userland_and_the_command() {
        let r = |s: &str| ImageRef::parse(s).unwrap();
        assert_eq!(r("python:3.12").userland(), Userland::Debian);
        assert_eq!(r("python:3.12-slim").userland(), Userland::DebianSlim);
        assert_eq!(r("python:3.11-alpine").userland(), Userland::Busybox);
        assert_eq!(r("php:8.3").cmd(), &["php", "-a"]);
        assert_eq!(r("php:8.3-apache").cmd(), &["apache2-foreground"]);
        assert_eq!(r("php:8.3-apache").exposed(), &[(80, Proto::Tcp)]);
    }

    #[test]
    fn every_entry_is_whole() {
        let mut repos: Vec<&str> = CATALOGUE.iter().map(|i| i.repo).collect();
        repos.sort_unstable();
        repos.dedup();
        assert_eq!(repos.len(), CATALOGUE.len(), "one entry per image");
        for i in CATALOGUE {
            assert_eq!(
                i.tags.aliases.first().map(|a| a.0),
                Some("latest"),
                "{}",
                i.repo
            );
            assert!(
                !i.tags.versions.is_empty() && (!i.cmd.is_empty() || !i.entrypoint.is_empty()),
                "{}",
                i.repo
            );
            assert!(
                ImageRef::parse(i.repo).unwrap().resolved().is_some(),
                "{}",
                i.repo
            );
        }
        for (name, image) in PUBLISHED_AS {
            assert!(
                CATALOGUE.iter().any(|i| i.repo == *image)
                    && ELSEWHERE.iter().all(|e| e.0 != *name),
                "{name}"
            );
        }
        for (name, closest) in ELSEWHERE {
            assert!(
                CATALOGUE.iter().all(|i| i.repo != *name),
                "{name} is in the catalogue"
            );
            for c in *closest {
                assert!(
                    CATALOGUE.iter().any(|i| i.repo == *c),
                    "{name}: {c} is not in the catalogue"
                );
            }
        }
    }
}

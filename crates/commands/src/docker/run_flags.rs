//! What `docker run` and `docker create` do with the flags the playground
//! does not model, and the healthcheck flags it does.
//!
//! Every flag of docker/cli 29 is in the table (`specs::container_create_flags`),
//! so none is called unknown. Of the rest:
//! - Windows-only flags are refused as the CLI refuses them against a Linux
//!   daemon (docker/cli `cmd/docker/docker.go` areFlagsSupported);
//! - deprecated ones print pflag's deprecation line and do nothing, as in
//!   Docker;
//! - the ones that change nothing the playground shows (resources,
//!   security, mounts, logging) are accepted and named in one `[bridgeport]`
//!   line, never silently ignored.

use crate::flags::Parsed;
use bridgeport_engine::model::Healthcheck;

/// The flags `run::to_request` and `run::run` act on.
const MODELLED: &[&str] = &[
    "add-host",
    "detach",
    "dns",
    "dns-opt",
    "dns-option",
    "dns-search",
    "domainname",
    "entrypoint",
    "env",
    "expose",
    "health-cmd",
    "health-interval",
    "health-retries",
    "health-start-period",
    "health-timeout",
    "hostname",
    "interactive",
    "ip",
    "ip6",
    "label",
    "link",
    "mac-address",
    "name",
    "net",
    "net-alias",
    "network",
    "network-alias",
    "no-healthcheck",
    "publish",
    "publish-all",
    "pull",
    "quiet",
    "restart",
    "rm",
    "sysctl",
    "tty",
];

/// Flags with an `ostype: windows` annotation (opts.go).
const WINDOWS_ONLY: &[&str] = &["cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops"];

/// pflag's MarkDeprecated messages (opts.go, run.go, create.go).
const DEPRECATED: &[(&str, &str)] = &[
    ("kernel-memory", "and no longer supported by the kernel"),
    (
        "disable-content-trust",
        "support for docker content trust was removed",
    ),
];

/// The CLI's refusal of a Windows-only flag, if one was given.
pub fn windows_only(p: &Parsed) -> Option<String> {
    let flag = p.values.iter().find(|(l, _)| WINDOWS_ONLY.contains(l))?.0;
    Some(format!("\"--{flag}\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux"))
}

/// What is said on stderr before the command runs: pflag's deprecation
/// lines, then one `[bridgeport]` line naming the flags given that the
/// playground does not model.
pub fn notes(p: &Parsed) -> Vec<String> {
    let mut lines = Vec::new();
    let mut unmodelled: Vec<&str> = Vec::new();
    for (flag, value) in &p.values {
        if let Some((_, why)) = DEPRECATED.iter().find(|(d, _)| d == flag) {
            lines.push(format!("Flag --{flag} has been deprecated, {why}"));
        } else if MODELLED.contains(flag)
            // The playground's images are linux/amd64, and a default is no change.
            || (*flag == "platform" && value == "linux/amd64")
            || (*flag == "sig-proxy" && value == "true")
        {
        } else if !unmodelled.contains(flag) {
            unmodelled.push(flag);
        }
    }
    if !unmodelled.is_empty() {
        let names: Vec<String> = unmodelled.iter().map(|f| format!("--{f}")).collect();
        let verb = if names.len() == 1 { "is" } else { "are" };
        lines.push(format!(
            "[bridgeport] {} {verb} accepted but not simulated: the container runs as if {} not given",
            names.join(", "),
            if names.len() == 1 { "it were" } else { "they were" }
        ));
    }
    lines
}

/// pflag's parse errors for the healthcheck flags' values.
pub fn validate_health(p: &Parsed) -> Result<(), String> {
    for flag in [
        "health-interval",
        "health-timeout",
        "health-start-period",
        "health-start-interval",
    ] {
        if let Some(v) = p.value(flag) {
            if bridgeport_compose::duration::parse(v).is_none() {
                return Err(format!(
                    "invalid argument \"{v}\" for \"--{flag}\" flag: time: invalid duration \"{v}\""
                ));
            }
        }
    }
    if let Some(v) = p.value("health-retries") {
        if v.parse::<i64>().is_err() {
            return Err(format!("invalid argument \"{v}\" for \"--health-retries\" flag: strconv.ParseInt: parsing \"{v}\": invalid syntax"));
        }
    }
    Ok(())
}

/// The healthcheck the flags ask for (opts.go parse): `--no-healthcheck`
/// turns it off, `--health-cmd` runs a shell command, and what is not set
/// stays 0 (the daemon's defaults, 30 s and 3 retries, apply when it runs). Without a command there is
/// none to run (the catalogue's images have no HEALTHCHECK).
pub fn healthcheck(p: &Parsed) -> Result<Option<Healthcheck>, String> {
    let ns = |flag: &str| {
        p.value(flag)
            .and_then(bridgeport_compose::duration::parse)
            .unwrap_or(0)
    };
    let (interval, timeout, start_period, start_interval) = (
        ns("health-interval"),
        ns("health-timeout"),
        ns("health-start-period"),
        ns("health-start-interval"),
    );
    let retries: i64 = p
        .value("health-retries")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let cmd = p.value("health-cmd").unwrap_or("");
    let any = !cmd.is_empty()
        || interval != 0
        || timeout != 0
        || start_period != 0
        || retries != 0
        || start_interval != 0;
    if p.bool("no-healthcheck") {
        if any {
            return Err("--no-healthcheck conflicts with --health-* options".to_string());
        }
        return Ok(Some(Healthcheck::new(vec!["NONE".to_string()])));
    }
    for (flag, v) in [
        ("interval", interval),
        ("timeout", timeout),
        ("retries", retries),
        ("start-period", start_period),
        ("start-interval", start_interval),
    ] {
        if v < 0 {
            return Err(format!("--health-{flag} cannot be negative"));
        }
    }
    if cmd.is_empty() {
        return Ok(None);
    }
    // Seconds; a set value under a second still counts (moby keeps ns).
    let secs = |v: i64| {
        if v == 0 {
            0
        } else {
            (v as u64 / 1_000_000_000).max(1)
        }
    };
    let mut hc = Healthcheck::new(vec!["CMD-SHELL".to_string(), cmd.to_string()]);
    hc.interval = secs(interval);
    hc.timeout = secs(timeout);
    hc.start_period = secs(start_period);
    hc.retries = u32::try_from(retries).unwrap_or(u32::MAX);
    Ok(Some(hc))
}

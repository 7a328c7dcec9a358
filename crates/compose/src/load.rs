//! The loading pipeline ([`load`]) in compose-go's order; see the crate
//! documentation for the steps and `loader/loader.go` (loadYamlFile,
//! projectName, load, ModelToProject) and `cli/options.go` for the source.

use crate::yaml::{self, Kind, Node, Pos, YamlErrorKind};
use crate::{dotenv, interpolate, name, normalize, schema, validate};
use crate::{ComposeError, LoadOptions, Loaded, Note, Project};
use bridgeport_golib::sorted_map::SortedMap;

/// Loads a project as `docker compose` does before any command runs.
pub fn load(opts: &LoadOptions) -> Result<Loaded, ComposeError> {
    let Some(first) = opts.files.first() else {
        return Err(ComposeError::new(
            "no configuration file provided: not found",
        ));
    };
    let mut warnings: Vec<String> = Vec::new();

    // The environment: the OS's, then the env files' (cli.WithDotEnv merges
    // without overriding, and a file's `${X}` sees the OS first).
    let mut from_files: SortedMap<String, String> = SortedMap::new();
    for f in &opts.env_files {
        let snapshot = from_files.clone();
        let lookup = |k: &str| {
            opts.env
                .get(k)
                .cloned()
                .or_else(|| snapshot.get(k).cloned())
        };
        dotenv::parse(&f.text, &mut from_files, &lookup)
            .map_err(|e| ComposeError::new(format!("failed to read {}: {e}", f.path)))?;
    }
    let mut env = opts.env.clone();
    for (k, v) in from_files {
        env.entry(k).or_insert(v);
    }

    // Parse every file once; the pre-pass (without -p) and the main pass
    // read the same tree and differ only in how errors are worded.
    let imperative = opts
        .project_name
        .as_deref()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .or_else(|| {
            env.get("COMPOSE_PROJECT_NAME")
                .filter(|n| !n.is_empty())
                .cloned()
        });
    let prepass = opts.project_name.as_deref().is_none_or(str::is_empty);
    let mut docs: Vec<(usize, Node)> = Vec::new();
    for (i, f) in opts.files.iter().enumerate() {
        match yaml::parse(&f.text) {
            Ok(parsed) => {
                for mut d in parsed {
                    d.set_file(u16::try_from(i).unwrap_or(u16::MAX));
                    // The pre-pass decodes each document into a struct
                    // (`cli.named`); go-yaml refuses anything else.
                    let refused = match &d.kind {
                        Kind::Seq(_) => Some("!!seq".to_string()),
                        Kind::Str(s) => Some(format!("!!str `{s}`")),
                        Kind::Int(i) => Some(format!("!!int `{i}`")),
                        Kind::Bool(b) => Some(format!("!!bool `{b}`")),
                        Kind::Float(x) => Some(format!("!!float `{}`", normalize::go_float(*x))),
                        _ => None,
                    };
                    if let (true, Some(what)) = (prepass, refused) {
                        return Err(ComposeError::at(
                            format!("yaml: construct errors: line {}: cannot construct {what} into cli.named", d.pos.line),
                            &f.path,
                            d.pos,
                        ));
                    }
                    docs.push((i, d));
                }
            }
            Err(mut e) => {
                e.pos.file = u16::try_from(i).unwrap_or(u16::MAX);
                let message = match e.kind {
                    YamlErrorKind::Syntax if prepass => e.message,
                    YamlErrorKind::Syntax => format!("failed to parse {}: {}", f.path, e.message),
                    YamlErrorKind::Construct => {
                        format!(
                            "failed to parse {}: yaml: construct errors: line 1: {}",
                            f.path, e.message
                        )
                    }
                    YamlErrorKind::Limit => e.message,
                };
                return Err(ComposeError::at(message, &f.path, e.pos));
            }
        }
    }

    // The project name (loader.projectName, withNamePrecedenceLoad).
    let project_name = match imperative {
        Some(n) => {
            if name::normalize(&n) != n {
                return Err(ComposeError::new(name::invalid(&n)));
            }
            n
        }
        None => {
            let mut from_file = String::new();
            for (_, d) in &docs {
                if let Some(n) = d.get("name").and_then(normalize::scalar_text) {
                    if !n.is_empty() {
                        from_file = n;
                    }
                }
            }
            let mut from_file_value = from_file.clone();
            if opts.interpolate {
                let mut unset = Vec::new();
                from_file_value = interpolate::substitute(&from_file, &|k| env.get(k).cloned(), &mut unset)
                    .map_err(|e| match e {
                        interpolate::TemplateError::Invalid(t) => ComposeError::new(format!(
                            "invalid interpolation format for name.\nYou may need to escape any $ with another $.\n{t}"
                        )),
                        other => ComposeError::new(format!("error while interpolating name: {}", other.text())),
                    })?;
                for v in unset {
                    warnings.push(unset_warning(&v));
                }
            }
            let normalized = name::normalize(&from_file_value);
            if normalized.is_empty() {
                name::normalize(name::base(&opts.working_dir))
            } else {
                normalized
            }
        }
    };
    env.insert("COMPOSE_PROJECT_NAME".to_string(), project_name.clone());

    // Per file: keys, interpolation, extends, merge, schema, `version`.
    let mut raw_notes_early: Vec<(String, Pos)> = Vec::new();
    let mut root = Node::new(Kind::Map(Vec::new()), Pos::default());
    for (i, mut doc) in docs {
        let path = &opts.files[i].path;
        if doc.is_null() {
            continue;
        }
        if !matches!(doc.kind, Kind::Map(_)) {
            return Err(ComposeError::at(
                "top-level object must be a mapping",
                path,
                doc.pos,
            ));
        }
        if let Some((m, pos)) = non_string_key(&doc) {
            return Err(ComposeError::at(m, path, pos));
        }
        let lookup = |k: &str| env.get(k).cloned();
        interpolate::interpolate_tree(&mut doc, &lookup, &mut warnings, opts.interpolate)
            .map_err(|(m, pos)| ComposeError::at(m, path, pos))?;
        apply_extends(&mut doc, path, &mut raw_notes_early)
            .map_err(|(m, pos)| ComposeError::in_files(m, &opts.files, pos))?;
        merge(&mut root, doc);
        schema::validate(&root).map_err(|v| {
            ComposeError::in_files(
                format!("validating {path}: {}", v.message),
                &opts.files,
                v.pos,
            )
        })?;
        if let Kind::Map(entries) = &mut root.kind {
            if let Some(at) = entries
                .iter()
                .position(|(k, _)| k.as_str() == Some("version"))
            {
                warnings.push(format!(
                    "{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
                ));
                entries.remove(at);
            }
        }
    }
    // compose-go validation.Validate, over the merged model.
    if let Some((m, pos)) = checks(&root) {
        return Err(ComposeError::in_files(m, &opts.files, pos));
    }
    if matches!(&root.kind, Kind::Map(m) if m.is_empty()) {
        return Err(ComposeError::new("empty compose file"));
    }
    if project_name.is_empty() {
        return Err(ComposeError::new("project name must not be empty"));
    }

    let mut raw_notes: Vec<(String, Pos)> = raw_notes_early;
    let (mut services, mut networks, mut other) = normalize::project(
        &root,
        &project_name,
        &opts.working_dir,
        &env,
        &mut raw_notes,
    )
    .map_err(|(m, pos)| {
        // Port-spec errors are printed bare by Compose; the position is
        // still the editor's.
        ComposeError::in_files(m, &opts.files, pos)
    })?;
    // Profiles (compose-go WithProfiles, before checkConsistency).
    let mut profiles: Vec<String> = if opts.profiles.is_empty() {
        env.get("COMPOSE_PROFILES")
            .map(|v| {
                v.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        opts.profiles.clone()
    };
    for name in &opts.enable_services {
        if let Some(svc) = services.get(name) {
            if !svc.has_profile(&profiles) {
                profiles.extend(svc.profiles.iter().cloned());
            }
        }
    }
    let mut disabled_services = SortedMap::new();
    for (name, svc) in std::mem::take(&mut services) {
        if svc.has_profile(&profiles) {
            services.insert(name, svc);
        } else {
            disabled_services.insert(name, svc);
        }
    }
    let declared = |key: &str| -> Vec<String> {
        match other.get(key).map(|n| &n.kind) {
            Some(Kind::Map(m)) => m
                .iter()
                .filter_map(|(k, _)| normalize::scalar_text(k))
                .collect(),
            _ => Vec::new(),
        }
    };
    let resources = validate::Declared {
        volumes: declared("volumes"),
        secrets: declared("secrets"),
        configs: declared("configs"),
    };
    validate::check(&services, &disabled_services, &networks, &resources, &|s| {
        s.other.contains_key("build") || s.other.contains_key("provider")
    })
    .map_err(|(m, pos)| ComposeError::in_files(m, &opts.files, pos))?;
    if !opts.all_resources {
        // WithoutUnnecessaryResources: what no active service uses goes.
        networks.retain(|key, _| services.values().any(|s| s.networks.contains_key(key)));
        let used = |key: &str, k: &str| {
            services.values().any(|s| match key {
                "volumes" => s
                    .volumes
                    .iter()
                    .any(|m| m.kind == "volume" && m.source == k),
                "secrets" => s.secrets.iter().any(|x| x == k),
                _ => s.configs.iter().any(|x| x == k),
            })
        };
        for key in ["volumes", "secrets", "configs"] {
            if let Some(Kind::Map(entries)) = other.get_mut(key).map(|n| &mut n.kind) {
                entries.retain(|(k, _)| used(key, k.as_str().unwrap_or("")));
                if entries.is_empty() {
                    other.remove(key);
                }
            }
        }
    }
    let project = Project {
        name: project_name,
        working_dir: opts.working_dir.clone(),
        config_files: opts.files.iter().map(|f| f.path.clone()).collect(),
        environment: env,
        interpolated: opts.interpolate,
        services,
        disabled_services,
        profiles,
        networks,
        other,
    };
    let notes = raw_notes
        .into_iter()
        .map(|(message, pos)| Note {
            message,
            file: opts
                .files
                .get(usize::from(pos.file))
                .map_or_else(|| first.path.clone(), |f| f.path.clone()),
            line: pos.line,
            column: pos.column,
        })
        .collect();
    Ok(Loaded {
        project,
        warnings,
        notes,
    })
}

/// compose-go `loader/extends.go` for `extends` within the same file: the
/// base service (itself extended first) under the service's own keys, as a
/// later file overrides an earlier one; cycles and unknown services in
/// compose-go's words. `extends.file` would need another file: it is noted
/// and left unapplied. Chains are followed with an explicit list, not
/// recursion.
fn apply_extends(
    doc: &mut Node,
    path: &str,
    notes: &mut Vec<(String, Pos)>,
) -> Result<(), (String, Pos)> {
    let Some(Kind::Map(services)) = doc.get_mut("services").map(|n| &mut n.kind) else {
        return Ok(());
    };
    let names: Vec<String> = services
        .iter()
        .filter_map(|(k, _)| k.as_str().map(str::to_string))
        .collect();
    let index = |name: &str, services: &Vec<(Node, Node)>| {
        services.iter().position(|(k, _)| k.as_str() == Some(name))
    };
    let mut resolved: Vec<bool> = vec![false; services.len()];
    for name in &names {
        // The chain name → base → base's base …, up to a resolved service
        // or one without `extends`.
        let mut chain: Vec<(usize, Option<usize>)> = Vec::new();
        let mut cur = match index(name, services) {
            Some(i) => i,
            None => continue,
        };
        loop {
            if resolved[cur] {
                break;
            }
            let svc = &services[cur].1;
            let Some(ext) = svc.get("extends") else {
                break;
            };
            let svc_name = services[cur].0.as_str().unwrap_or("").to_string();
            let (base, file) = match &ext.kind {
                Kind::Str(b) => (Some(b.clone()), None),
                Kind::Map(_) => (
                    ext.get("service")
                        .and_then(|n| n.as_str())
                        .map(str::to_string),
                    ext.get("file").and_then(normalize::scalar_text),
                ),
                _ => (None, None),
            };
            let Some(base) = base else {
                return Err((format!("extends.{svc_name}.service is required"), ext.pos));
            };
            if let Some(f) = file {
                notes.push((
                    format!("services.{svc_name}.extends reads {f}, which Bridgeport does not load: the service is used without its base"),
                    ext.pos,
                ));
                chain.push((cur, None));
                break;
            }
            let Some(b) = index(&base, services) else {
                return Err((
                    format!(
                        "cannot extend service {} in {path}: service {} not found",
                        yaml::go_quote(&svc_name),
                        yaml::go_quote(&base)
                    ),
                    ext.pos,
                ));
            };
            if b == cur || chain.iter().any(|(i, _)| *i == b) {
                // compose-go's tracker lists the whole walk from the first
                // service, then the one met again.
                let mut lines = vec!["Circular reference:".to_string()];
                let seq: Vec<usize> = chain.iter().map(|(i, _)| *i).chain([cur, b]).collect();
                let first = services[seq[0]].0.as_str().unwrap_or("");
                lines.push(format!("  {first} in {path}"));
                for i in &seq[1..] {
                    lines.push(format!(
                        "  extends {} in {path}",
                        services[*i].0.as_str().unwrap_or("")
                    ));
                }
                return Err((lines.join("\n"), ext.pos));
            }
            chain.push((cur, Some(b)));
            cur = b;
        }
        // Resolve from the deepest link up.
        for (i, base) in chain.into_iter().rev() {
            if let Some(b) = base {
                let mut merged = services[b].1.clone();
                let own = services[i].1.clone();
                merge(&mut merged, own);
                if let Kind::Map(fields) = &mut merged.kind {
                    fields.retain(not_extends);
                }
                merged.pos = services[i].1.pos;
                services[i].1 = merged;
            } else if let Kind::Map(fields) = &mut services[i].1.kind {
                fields.retain(not_extends);
            }
            resolved[i] = true;
        }
    }
    Ok(())
}

/// Keeps a mapping entry unless it is `extends` (one function for both
/// `retain`s, so one copy of `Vec::retain`).
fn not_extends(entry: &(Node, Node)) -> bool {
    entry.0.as_str() != Some("extends")
}

/// compose-go `validation/validation.go`: `host_ip` of long-syntax ports,
/// `external` resources with other settings, secrets and configs with
/// exactly one source.
fn checks(root: &Node) -> Option<(String, Pos)> {
    if let Some(Kind::Map(services)) = root.get("services").map(|n| &n.kind) {
        for (k, svc) in services {
            let name = k.as_str().unwrap_or("");
            if let Some(Kind::Seq(ports)) = svc.get("ports").map(|n| &n.kind) {
                for p in ports {
                    if let Some(ip) = p.get("host_ip").and_then(normalize::scalar_text) {
                        if ip.parse::<std::net::IpAddr>().is_err() {
                            return Some((
                                format!("services.{name}.ports.[]: invalid ip address: {ip}"),
                                p.pos,
                            ));
                        }
                    }
                }
            }
        }
    }
    for top in ["networks", "volumes"] {
        if let Some(Kind::Map(entries)) = root.get(top).map(|n| &n.kind) {
            for (k, v) in entries {
                if !matches!(v.get("external").map(|e| &e.kind), Some(Kind::Bool(true))) {
                    continue;
                }
                if let Kind::Map(fields) = &v.kind {
                    for (f, _) in fields {
                        let f = f.as_str().unwrap_or("");
                        if !matches!(f, "name" | "external") && !f.starts_with("x-") {
                            return Some((
                                format!(
                                    "{top}.{}: conflicting parameters \"external\" and {} specified",
                                    k.as_str().unwrap_or(""),
                                    yaml::go_quote(f)
                                ),
                                v.pos,
                            ));
                        }
                    }
                }
            }
        }
    }
    for (top, keys) in [
        ("configs", &["file", "environment", "content"][..]),
        ("secrets", &["file", "environment"][..]),
    ] {
        if let Some(Kind::Map(entries)) = root.get(top).map(|n| &n.kind) {
            for (k, v) in entries {
                let path = format!("{top}.{}", k.as_str().unwrap_or(""));
                let count = keys.iter().filter(|key| v.get(key).is_some()).count();
                if count > 1 {
                    return Some((
                        format!(
                            "{path}: {} attributes are mutually exclusive",
                            keys.join("|")
                        ),
                        v.pos,
                    ));
                }
                if count == 0 && v.get("driver").is_none() && v.get("external").is_none() {
                    return Some((
                        format!("{path}: one of {} must be set", keys.join("|")),
                        v.pos,
                    ));
                }
            }
        }
    }
    None
}

fn unset_warning(var: &str) -> String {
    format!(
        "The {} variable is not set. Defaulting to a blank string.",
        yaml::go_quote(var)
    )
}

/// compose-go `convertToStringKeysRecursive`: every mapping key must be a
/// string (`non-string key in services: 80`).
fn non_string_key(root: &Node) -> Option<(String, Pos)> {
    let mut todo: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((n, prefix)) = todo.pop() {
        match &n.kind {
            Kind::Map(entries) => {
                for (k, v) in entries {
                    let Some(key) = k.as_str() else {
                        let location = if prefix.is_empty() {
                            "at top level".to_string()
                        } else {
                            format!("in {prefix}")
                        };
                        let shown = match &k.kind {
                            Kind::Null => "<nil>".to_string(),
                            _ => normalize::scalar_text(k).unwrap_or_else(|| "map[]".into()),
                        };
                        return Some((format!("non-string key {location}: {shown}"), k.pos));
                    };
                    let p = if prefix.is_empty() {
                        key.to_string()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    todo.push((v, p));
                }
            }
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    todo.push((item, format!("{prefix}[{i}]")));
                }
            }
            _ => {}
        }
    }
    None
}

/// Keys whose lists are appended when a later file overrides an earlier
/// one (compose-go `override/merge.go`: ports, expose, dns, … merge; a
/// command or healthcheck test is replaced).
const APPENDED: &[&str] = &[
    "ports",
    "expose",
    "external_links",
    "dns",
    "dns_search",
    "dns_opt",
    "links",
    "volumes",
    "volumes_from",
    "secrets",
    "configs",
    "cap_add",
    "cap_drop",
    "devices",
    "security_opt",
    "tmpfs",
    "profiles",
    "extra_hosts",
];

/// `list_or_dict` keys, merged entry by entry.
const KEYED: &[&str] = &[
    "environment",
    "labels",
    "annotations",
    "sysctls",
    "driver_opts",
];

/// Merges `over` into `base` (a later `-f` file over an earlier one).
fn merge(base: &mut Node, over: Node) {
    merge_at(base, over, "");
}

fn merge_at(base: &mut Node, over: Node, key: &str) {
    match (&mut base.kind, over.kind) {
        (Kind::Map(b), Kind::Map(o)) => {
            for (k, v) in o {
                let name = k.as_str().unwrap_or("").to_string();
                match b
                    .iter_mut()
                    .find(|(bk, _)| bk.as_str() == k.as_str() && k.as_str().is_some())
                {
                    Some((_, bv)) => merge_at(bv, v, &name),
                    None => b.push((k, v)),
                }
            }
        }
        (Kind::Seq(b), Kind::Seq(o)) if APPENDED.contains(&key) => b.extend(o),
        (b, o) if KEYED.contains(&key) => {
            let mut merged: Vec<(Node, Node)> = as_keyed(b, base.pos);
            for (k, v) in as_keyed(&o, over.pos) {
                match merged.iter_mut().find(|(mk, _)| mk.as_str() == k.as_str()) {
                    Some(entry) => entry.1 = v,
                    None => merged.push((k, v)),
                }
            }
            base.kind = Kind::Map(merged);
            base.pos = over.pos;
        }
        (_, o) => {
            base.kind = o;
            base.pos = over.pos;
        }
    }
}

fn as_keyed(k: &Kind, pos: Pos) -> Vec<(Node, Node)> {
    match k {
        Kind::Map(m) => m.clone(),
        Kind::Seq(items) => items
            .iter()
            .filter_map(|i| {
                let s = normalize::scalar_text(i)?;
                let (key, value) = match s.split_once('=') {
                    Some((a, b)) => (a.to_string(), Kind::Str(b.to_string())),
                    None => (s, Kind::Null),
                };
                Some((Node::new(Kind::Str(key), i.pos), Node::new(value, i.pos)))
            })
            .collect(),
        _ => {
            let _ = pos;
            Vec::new()
        }
    }
}

impl Project {
    /// compose-go `CheckContainerNameUnicity`, which `up`, `create` and
    /// `config` run after loading (reference §4.1 E22); the message is
    /// reproduced verbatim, stray quote included.
    pub fn check_container_names(&self) -> Result<(), ComposeError> {
        let mut seen: SortedMap<&str, &str> = SortedMap::new();
        for (name, s) in &self.services {
            if let Some(c) = s.container_name.as_deref() {
                if seen.contains_key(c) {
                    return Err(ComposeError::new(format!(
                        "services.{name}: container name {} is already in use by service {{}}\"",
                        yaml::go_quote(c)
                    )));
                }
                seen.insert(c, name);
            }
        }
        Ok(())
    }

    /// Services in the order `up` starts them: dependencies first, then by
    /// name (`config --services` prints this; Compose's order between
    /// independent services is Go map order, so sorted here).
    pub fn services_in_dependency_order(&self) -> Vec<&str> {
        // Kahn's algorithm by rounds: each round is every service whose
        // dependencies all came in earlier rounds, in name order.
        let names: Vec<&str> = self.services.keys().map(String::as_str).collect();
        let index = |n: &str| names.binary_search(&n).ok();
        let mut waiting: Vec<usize> = vec![0; names.len()];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        for (i, s) in self.services.values().enumerate() {
            for d in s.depends_on.keys() {
                if let Some(j) = index(d) {
                    waiting[i] += 1;
                    dependents[j].push(i);
                }
            }
        }
        let mut round: Vec<usize> = (0..names.len()).filter(|&i| waiting[i] == 0).collect();
        let mut placed = vec![false; names.len()];
        let mut order: Vec<&str> = Vec::with_capacity(names.len());
        while !round.is_empty() {
            let mut next = Vec::new();
            for &i in &round {
                placed[i] = true;
                order.push(names[i]);
                for &d in &dependents[i] {
                    waiting[d] -= 1;
                    if waiting[d] == 0 {
                        next.push(d);
                    }
                }
            }
            bridgeport_golib::sort::sort(&mut next);
            round = next;
        }
        // A cycle (rejected at load): the rest in name order.
        order.extend((0..names.len()).filter(|&i| !placed[i]).map(|i| names[i]));
        order
    }

    /// The engine name of the network under `key` (`myapp_default`).
    pub fn network_name(&self, key: &str) -> Option<&str> {
        self.networks.get(key).map(|n| n.name.as_str())
    }
}

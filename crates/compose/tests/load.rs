//! The loader end to end: one test per error, warning and normalisation
//! rule, each citing the reference section (../shared/compose-reference.md)
//! or the compose-go source it reproduces.

use bridgeport_compose::{load, ComposeError, LoadOptions, Loaded, SourceFile};
use bridgeport_golib::sorted_map::SortedMap;

const FILE: &str = "/home/learner/myapp/compose.yaml";

fn opts(text: &str) -> LoadOptions {
    LoadOptions {
        files: vec![SourceFile::new(FILE, text)],
        working_dir: "/home/learner/myapp".into(),
        ..LoadOptions::default()
    }
}

fn ok(text: &str) -> Loaded {
    match load(&opts(text)) {
        Ok(l) => l,
        Err(e) => panic!("load failed: {}", e.message),
    }
}

fn err(text: &str) -> ComposeError {
    load(&opts(text)).expect_err("load should fail")
}

fn err_with(o: LoadOptions) -> String {
    load(&o).expect_err("load should fail").message
}

const TUTORIAL: &str = "services:
  web:
    image: nginx:alpine
    ports:
      - \"8080:80\"
    depends_on:
      - db
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: example
";

// Reference §3.8, the executed `myapp` golden (same shape as the e2e TestConfig golden).
#[test]
fn config_prints_the_canonical_project() {
    let l = ok(TUTORIAL);
    assert_eq!(
        l.project.config_yaml(),
        "name: myapp
services:
  db:
    environment:
      POSTGRES_PASSWORD: example
    image: postgres:16
    networks:
      default: null
  web:
    depends_on:
      db:
        condition: service_started
        required: true
    image: nginx:alpine
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: \"8080\"
        protocol: tcp
networks:
  default:
    name: myapp_default
"
    );
    assert!(l.warnings.is_empty());
    assert!(l.notes.is_empty());
}

// §1.1: the directory base name, normalised.
#[test]
fn project_name_defaults_to_the_directory() {
    assert_eq!(ok(TUTORIAL).project.name, "myapp");
    let mut o = opts(TUTORIAL);
    o.working_dir = "/home/learner/My_Dir.v2".into();
    assert_eq!(load(&o).unwrap().project.name, "my_dirv2");
}

// §1.1: precedence -p > COMPOSE_PROJECT_NAME (OS or .env) > name: > directory.
#[test]
fn project_name_precedence() {
    let text = "name: \"My App!\"\nservices:\n  web:\n    image: nginx\n";
    assert_eq!(ok(text).project.name, "myapp");
    let mut o = opts(text);
    o.env_files = vec![SourceFile::new(
        "/home/learner/myapp/.env",
        "COMPOSE_PROJECT_NAME=fromdotenv\n",
    )];
    assert_eq!(load(&o).unwrap().project.name, "fromdotenv");
    o.env.insert("COMPOSE_PROJECT_NAME".into(), "fromos".into());
    assert_eq!(load(&o).unwrap().project.name, "fromos");
    o.project_name = Some("fromflag".into());
    assert_eq!(load(&o).unwrap().project.name, "fromflag");
}

// §4.1 E25.
#[test]
fn imperative_names_are_validated_not_normalised() {
    let mut o = opts(TUTORIAL);
    o.project_name = Some("MyApp".into());
    assert_eq!(
        err_with(o),
        "invalid project name \"MyApp\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"
    );
    let mut o = opts(TUTORIAL);
    o.env.insert("COMPOSE_PROJECT_NAME".into(), "-web".into());
    assert!(err_with(o).starts_with("invalid project name \"-web\""));
}

// §4.1 E26.
#[test]
fn a_directory_that_normalises_to_nothing_is_an_error() {
    let mut o = opts(TUTORIAL);
    o.working_dir = "/home/ÄÖ".into();
    assert_eq!(err_with(o), "project name must not be empty");
}

// §4.1 E1, E2.
#[test]
fn no_file_and_empty_file() {
    assert_eq!(
        err_with(LoadOptions::default()),
        "no configuration file provided: not found"
    );
    assert_eq!(err("").message, "empty compose file");
    assert_eq!(err("# only a comment\n").message, "empty compose file");
}

// §4.1 E3: bare in the pre-pass, prefixed with -p.
#[test]
fn yaml_syntax_errors_with_and_without_p() {
    let text = "services:\n  web:\n    image: nginx\n   ports:\n";
    let e = err(text);
    assert_eq!(
        e.message,
        "go-yaml load error in parser (while parsing a block mapping) at L2.C3-L4.C4: did not find expected key"
    );
    assert_eq!((e.line, e.column), (Some(4), Some(4)));
    let mut o = opts(text);
    o.project_name = Some("p".into());
    assert_eq!(
        err_with(o),
        format!("failed to parse {FILE}: go-yaml load error in parser (while parsing a block mapping) at L2.C3-L4.C4: did not find expected key")
    );
}

// §4.1 E6: always prefixed.
#[test]
fn duplicate_keys() {
    let e = err("services:\n  web:\n    image: a\n    image: b\n");
    assert_eq!(
        e.message,
        format!("failed to parse {FILE}: yaml: construct errors: line 1: line 4: mapping key \"image\" already defined at line 3")
    );
    assert_eq!(e.line, Some(4));
}

// §4.1 E7.
#[test]
fn top_level_must_be_a_mapping() {
    assert_eq!(
        err("- services\n").message,
        "yaml: construct errors: line 1: cannot construct !!seq into cli.named"
    );
    let mut o = opts("- services\n");
    o.project_name = Some("p".into());
    assert_eq!(err_with(o), "top-level object must be a mapping");
}

// §4.1 E8–E14: schema errors with the file prefix and a position.
#[test]
fn schema_errors_are_prefixed_and_positioned() {
    let e = err("services:\n  web:\n    image: nginx\n    prots:\n      - 80\n");
    assert_eq!(
        e.message,
        format!("validating {FILE}: services.web additional properties 'prots' not allowed")
    );
    assert_eq!((e.line, e.column), (Some(4), Some(5)));
    assert_eq!(
        err("service:\n  web:\n    image: nginx\n").message,
        format!("validating {FILE}:  additional properties 'service' not allowed")
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    ports: \"8080:80\"\n").message,
        format!("validating {FILE}: services.web.ports must be a array")
    );
}

// §4.1 E15–E21 (compose-go loader/validate.go checkConsistency, graph/cycle.go).
#[test]
fn consistency_errors() {
    assert_eq!(
        err("services:\n  web:\n    ports: [\"80\"]\n").message,
        "service \"web\" has neither an image nor a build context specified: invalid compose project"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    networks: [frontend]\n").message,
        "service \"web\" refers to undefined network frontend: invalid compose project"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    depends_on: [database]\n").message,
        "service \"web\" depends on undefined service \"database\": invalid compose project"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    network_mode: host\n    networks: [default]\n").message,
        "service web declares mutually exclusive `network_mode` and `networks`: invalid compose project"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    container_name: webc\n    deploy:\n      replicas: 2\n").message,
        "services.deploy.replicas: can't set container_name and web as container name must be unique: invalid compose project"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    container_name: webc\n    scale: 2\n").message,
        "services.scale: can't set container_name and web as container name must be unique: invalid compose project"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    scale: 2\n    deploy:\n      replicas: 3\n").message,
        "services.web: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project"
    );
    assert_eq!(
        err("services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n").message,
        "dependency cycle detected: a -> b -> a"
    );
}

// §4.1 E23: bare go-connections text.
#[test]
fn bad_port_specs() {
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    ports: [\"8080:80:90\"]\n").message,
        "invalid IP address: 8080"
    );
}

// §2.3 interpolation cases and §4.1 E24, W2.
#[test]
fn interpolation_in_ports() {
    let text =
        "services:\n  web:\n    image: nginx\n    ports:\n      - \"${WEB_PORT:-8080}:80\"\n";
    let l = ok(text);
    assert_eq!(
        l.project.services["web"].ports[0].published.as_deref(),
        Some("8080")
    );
    let l = ok("services:\n  web:\n    image: nginx\n    ports:\n      - \"${WEB_PORT}:80\"\n");
    assert_eq!(l.project.services["web"].ports[0].published, None);
    assert_eq!(
        l.warnings,
        vec!["The \"WEB_PORT\" variable is not set. Defaulting to a blank string.".to_string()]
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    ports:\n      - \"${WEB_PORT:?set WEB_PORT first}:80\"\n").message,
        "error while interpolating services.web.ports.[]: required variable WEB_PORT is missing a value: set WEB_PORT first"
    );
}

// .env feeds interpolation; the OS environment wins over it (cli.WithDotEnv).
#[test]
fn env_files_and_os_environment() {
    let text = "services:\n  web:\n    image: \"nginx:${TAG}\"\n";
    let mut o = opts(text);
    o.env_files = vec![SourceFile::new("/home/learner/myapp/.env", "TAG=alpine\n")];
    assert_eq!(
        load(&o).unwrap().project.services["web"].image.as_deref(),
        Some("nginx:alpine")
    );
    o.env = SortedMap::from([("TAG".to_string(), "latest".to_string())]);
    assert_eq!(
        load(&o).unwrap().project.services["web"].image.as_deref(),
        Some("nginx:latest")
    );
}

// §4.1 W1.
#[test]
fn version_is_obsolete() {
    let l = ok("version: \"3.8\"\nservices:\n  web:\n    image: nginx\n");
    assert_eq!(
        l.warnings,
        vec![format!(
            "{FILE}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
        )]
    );
}

// §1.3: unused networks pruned, `default` only when used, names.
#[test]
fn network_names_and_pruning() {
    let l = ok("services:
  web:
    image: nginx
    networks: [front]
  db:
    image: postgres
    network_mode: none
networks:
  front: {}
  unused: {}
  shared:
    external: true
  custom:
    name: my-custom-net
");
    let nets = &l.project.networks;
    assert_eq!(nets.keys().collect::<Vec<_>>(), vec!["front"]);
    assert_eq!(nets["front"].name, "myapp_front");
    let mut o = opts("services:\n  web:\n    image: nginx\nnetworks:\n  shared:\n    external: true\n  custom:\n    name: my-custom-net\n");
    o.all_resources = true;
    let l = load(&o).unwrap();
    assert_eq!(l.project.networks["shared"].name, "shared");
    assert_eq!(l.project.networks["custom"].name, "my-custom-net");
    assert_eq!(l.project.networks["default"].name, "myapp_default");
}

// §2.1/§2.2: links and network_mode service: add restart dependencies.
#[test]
fn implicit_dependencies() {
    let l = ok("services:
  web:
    image: nginx
    links: [\"db:database\"]
  side:
    image: busybox
    network_mode: service:web
  db:
    image: postgres
");
    let dep = &l.project.services["web"].depends_on["db"];
    assert!(dep.restart && dep.required);
    assert!(l.project.services["side"].depends_on["web"].restart);
    assert!(l.project.services["side"].networks.is_empty());
}

// Keys outside the model are accepted and named, never dropped silently.
#[test]
fn unmodelled_keys_give_notes() {
    let l = ok(
        "services:\n  web:\n    image: nginx\n    volumes:\n      - ./html:/usr/share/nginx/html\n",
    );
    assert_eq!(l.notes.len(), 1);
    assert!(l.notes[0]
        .message
        .starts_with("services.web.volumes is accepted but not simulated"));
    assert_eq!((l.notes[0].line, l.notes[0].column), (4, 5));
    assert!(l
        .project
        .config_yaml()
        .contains("    volumes:\n      - type: bind\n        source: /home/learner/myapp/html\n"));
    let l = ok("services:\n  web:\n    image: nginx\n    cap_add: [NET_ADMIN]\n");
    assert_eq!(
        l.notes[0].message,
        "services.web.cap_add is accepted but not simulated: the setting does not change the simulated network"
    );
    assert!(l
        .project
        .config_yaml()
        .contains("    cap_add:\n      - NET_ADMIN\n"));
}

// `config --services` order (§3.8): dependencies before dependents, then name order.
#[test]
fn services_in_dependency_order() {
    let l = ok("services:
  web:
    image: nginx
    depends_on: [api]
  api:
    image: python
    depends_on: [db, cache]
  db:
    image: postgres
  cache:
    image: redis
  admin:
    image: nginx
");
    assert_eq!(
        l.project.services_in_dependency_order(),
        vec!["admin", "cache", "db", "api", "web"]
    );
}

// docs/benchmarks.md "Limits": a file near the 1 MiB limit with many services
// loads (no quadratic step), and a larger one is refused with the limit's words.
#[test]
fn big_files_load_and_huge_files_are_refused() {
    let mut text = String::from("services:\n");
    let mut i = 0;
    while text.len() < 900_000 {
        text += &format!("  s{i}:\n    image: nginx\n    depends_on: [s{}]\n", i / 2);
        i += 1;
    }
    text = text.replacen("    depends_on: [s0]\n", "", 1);
    let l = ok(&text);
    assert_eq!(l.project.services.len(), i);
    assert_eq!(l.project.services_in_dependency_order()[0], "s0");
    text += &"#".repeat(200_000);
    assert_eq!(
        err(&text).message,
        format!(
            "bridgeport: compose file too large ({} bytes; the limit is 1048576)",
            text.len()
        )
    );
}

// cmd/compose/config.go runConfig: `$` doubled when interpolated; with
// --no-interpolate the model map is printed (keys sorted) and `${X}` kept.
#[test]
fn config_dollar_escaping_and_no_interpolate() {
    let text = "services:\n  web:\n    image: nginx\n    command: echo $$HOME ${TAG:-x}\n";
    let out = ok(text).project.config_yaml();
    assert!(out.contains("      - $$HOME\n      - x\n"), "{out}");
    let mut o = opts(text);
    o.interpolate = false;
    let out = load(&o).unwrap().project.config_yaml();
    assert!(out.contains("      - ${TAG:-x}\n"), "{out}");
    assert!(out.starts_with("name: myapp\nnetworks:\n"), "{out}");
}

// compose-go types/project.go WithProfiles / HasProfile, cli WithDefaultProfiles.
#[test]
fn profiles_disable_services() {
    let text = "services:\n  web:\n    image: nginx\n  debug:\n    image: busybox\n    profiles: [tools]\n    networks: [dbg]\nnetworks:\n  dbg: {}\n";
    let l = ok(text);
    assert_eq!(l.project.services.keys().collect::<Vec<_>>(), vec!["web"]);
    assert!(l.project.disabled_services.contains_key("debug"));
    assert!(!l.project.networks.contains_key("dbg"));
    assert!(!l.project.config_yaml().contains("debug"));
    let mut o = opts(text);
    o.env.insert("COMPOSE_PROFILES".into(), "tools".into());
    assert!(load(&o).unwrap().project.services.contains_key("debug"));
    let mut o = opts(text);
    o.enable_services = vec!["debug".into()];
    let l = load(&o).unwrap();
    assert!(l.project.services.contains_key("debug"));
    assert!(l.project.networks.contains_key("dbg"));
    // A required dependency on a disabled service is an undefined service.
    let e = err("services:\n  web:\n    image: nginx\n    depends_on: [debug]\n  debug:\n    image: busybox\n    profiles: [tools]\n");
    assert_eq!(
        e.message,
        "service \"web\" depends on undefined service \"debug\": invalid compose project"
    );
    ok("services:\n  web:\n    image: nginx\n    depends_on:\n      debug:\n        condition: service_started\n        required: false\n  debug:\n    image: busybox\n    profiles: [tools]\n");
}

// compose-go format.ParseVolume, paths.ResolveRelativePaths, setNameFromKey,
// loader/validate.go "refers to undefined volume", WithoutUnnecessaryResources.
#[test]
fn volumes_are_checked_and_printed_in_long_form() {
    assert_eq!(
        err("services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/postgresql/data\n").message,
        "service \"db\" refers to undefined volume data: invalid compose project"
    );
    let l = ok("services:
  db:
    image: postgres
    volumes:
      - data:/var/lib/postgresql/data
      - ./init:/docker-entrypoint-initdb.d:ro
volumes:
  data:
  unused: {}
");
    let out = l.project.config_yaml();
    assert!(
        out.contains(
            "    volumes:
      - type: volume
        source: data
        target: /var/lib/postgresql/data
        volume: {}
      - type: bind
        source: /home/learner/myapp/init
        target: /docker-entrypoint-initdb.d
        read_only: true
        bind:
          create_host_path: true
"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("volumes:\n  data:\n    name: myapp_data\n"),
        "{out}"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    secrets: [token]\n").message,
        "service \"web\" refers to undefined secret token: invalid compose project"
    );
}

// compose-go validation/validation.go (checkIPAddress, checkExternal, checkFileObject).
#[test]
fn merged_model_checks() {
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    ports:\n      - target: 80\n        host_ip: localhost\n").message,
        "services.web.ports.[]: invalid ip address: localhost"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\nnetworks:\n  shared:\n    external: true\n    driver: bridge\n").message,
        "networks.shared: conflicting parameters \"external\" and \"driver\" specified"
    );
    assert_eq!(
        err("services:\n  web:\n    image: nginx\nsecrets:\n  token: {}\n").message,
        "secrets.token: one of file|environment must be set"
    );
}

// The name pre-pass decodes into a struct (§4.1 E7 and its scalar form).
#[test]
fn a_scalar_document_is_refused_by_the_pre_pass() {
    assert_eq!(
        err("hello\n").message,
        "yaml: construct errors: line 1: cannot construct !!str `hello` into cli.named"
    );
}

// Several -f files: later files override (ports append, image replaces) and
// an error in the override points into the override (for the editor).
#[test]
fn override_files_merge_and_errors_point_into_them() {
    let mut o = opts("services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n");
    o.files.push(SourceFile::new(
        "/home/learner/myapp/compose.override.yaml",
        "services:\n  web:\n    image: nginx:alpine\n    ports: [\"8443:443\"]\n",
    ));
    let l = load(&o).unwrap();
    let web = &l.project.services["web"];
    assert_eq!(web.image.as_deref(), Some("nginx:alpine"));
    assert_eq!(web.ports.len(), 2);
    assert_eq!(l.project.config_files.len(), 2);
    o.files[1].text = "services:\n  web:\n    networks: [nosuch]\n".into();
    let e = load(&o).unwrap_err();
    assert_eq!(
        e.message,
        "service \"web\" refers to undefined network nosuch: invalid compose project"
    );
    o.files[1].text = "services:\n  web:\n    prots: []\n".into();
    let e = load(&o).unwrap_err();
    assert_eq!(
        e.message,
        "validating /home/learner/myapp/compose.override.yaml: services.web additional properties 'prots' not allowed"
    );
    assert_eq!(
        e.file.as_deref(),
        Some("/home/learner/myapp/compose.override.yaml")
    );
    assert_eq!((e.line, e.column), (Some(3), Some(5)));
}

// compose-go loader/extends.go (same file): base first, own keys win, lists
// appended; unknown base and cycles in compose-go's words.
#[test]
fn extends_in_the_same_file() {
    let l = ok("services:
  base:
    image: nginx
    environment: [A=1, B=1]
    ports: [\"80\"]
  web:
    extends: base
    environment: [B=2]
    ports: [\"443\"]
  api:
    extends:
      service: web
    image: nginx:alpine
");
    let web = &l.project.services["web"];
    assert_eq!(web.image.as_deref(), Some("nginx"));
    assert_eq!(web.environment["A"].as_deref(), Some("1"));
    assert_eq!(web.environment["B"].as_deref(), Some("2"));
    assert_eq!(web.ports.len(), 2);
    let api = &l.project.services["api"];
    assert_eq!(api.image.as_deref(), Some("nginx:alpine"));
    assert_eq!(api.ports.len(), 2);
    assert!(!l.project.config_yaml().contains("extends"));
    assert_eq!(
        err("services:\n  web:\n    extends: nosuch\n").message,
        format!("cannot extend service \"web\" in {FILE}: service \"nosuch\" not found")
    );
    assert_eq!(
        err("services:\n  a:\n    image: x\n    extends: b\n  b:\n    image: x\n    extends: c\n  c:\n    image: x\n    extends: b\n").message,
        format!("Circular reference:\n  a in {FILE}\n  extends b in {FILE}\n  extends c in {FILE}\n  extends b in {FILE}")
    );
    let l = ok("services:\n  web:\n    image: x\n    extends:\n      file: common.yml\n      service: base\n");
    assert!(
        l.notes[0].message.contains("extends reads common.yml"),
        "{:?}",
        l.notes
    );
}

// docs/benchmarks.md "Limits": a merge-key and alias fan-out (each level
// merging and aliasing the previous one ten times) is refused by the node
// limit, not expanded.
#[test]
fn merge_key_bombs_are_refused() {
    let mut text =
        String::from("x-l0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n");
    for i in 1..9 {
        let p = i - 1;
        text += &format!(
            "x-l{i}: &l{i}\n  <<: *l{p}\n  k0: *l{p}\n  k1: *l{p}\n  k2: *l{p}\n  k3: *l{p}\n  k4: *l{p}\n  k5: *l{p}\n  k6: *l{p}\n  k7: *l{p}\n  k8: *l{p}\n"
        );
    }
    text += "services:\n  web:\n    image: nginx\n";
    let e = err(&text);
    assert!(
        e.message
            .starts_with("bridgeport: compose file expands to more than 200000 YAML nodes"),
        "{}",
        e.message
    );
}

// Top-level keys outside the model are named in notes.
#[test]
fn top_level_unmodelled_keys_are_noted() {
    let l = ok("services:\n  web:\n    image: nginx\ninclude:\n  - other.yaml\n");
    assert_eq!(
        l.notes[0].message,
        "include is accepted but not simulated: the included files are not loaded, so their services are missing"
    );
}

// compose-go transform/ports.go: a YAML float is not a port.
#[test]
fn a_float_port_is_refused() {
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    ports: [80.5]\n").message,
        "services.web.ports: invalid type float64 for port"
    );
}

// compose-go override/uncity.go EnforceUnicity (ports by host:published:target/proto,
// expose by value): entries the schema's uniqueItems lets through (a string
// and a number) collapse after the short syntax is expanded.
#[test]
fn duplicate_list_entries_collapse() {
    let l = ok("services:\n  web:\n    image: nginx\n    ports: [\"80\", 80, \"8080:81\", {target: 81, published: \"8080\"}]\n    expose: [\"90\", 90]\n");
    let web = &l.project.services["web"];
    assert_eq!(web.ports.len(), 2, "{:?}", web.ports);
    assert_eq!(web.expose, vec!["90".to_string()]);
    // Exact duplicates are the schema's (uniqueItems).
    assert_eq!(
        err("services:\n  web:\n    image: nginx\n    ports: [\"8080:80\", \"8080:80\"]\n").message,
        format!("validating {FILE}: services.web.ports items at 0 and 1 are equal")
    );
}

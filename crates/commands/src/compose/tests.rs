//! `up`, `ps`, `logs`, `exec` and `down` on a plan built by hand (the
//! loader's output, without the loader): what Compose prints and what the
//! engine holds afterwards.

use super::plan::{Dependency, NetMode, NetPlan, Plan, ServicePlan};
use super::progress::{Mode, Progress};
use super::up::{converge, UpOptions};
use super::{compose, Env};
use crate::context::{Ctx, Place};
use crate::output::Output;
use crate::shell::Shells;
use bridgeport_engine::model::{ContainerConfig, EndpointConfig, Healthcheck};
use bridgeport_engine::{Engine, NetworkCreate, Timestamp};

/// The tutorial stack: web (nginx:alpine, 8080:80) depends on db (postgres:16).
pub fn tutorial_plan(db_condition: &str, db_health: bool) -> Plan {
    let on_default = || NetMode::Networks(vec![("default".to_string(), EndpointConfig::default())]);
    let mut db_cfg = ContainerConfig {
        env: vec!["POSTGRES_PASSWORD=example".to_string()],
        ..ContainerConfig::default()
    };
    if db_health {
        let mut hc = Healthcheck::new(vec!["CMD-SHELL".into(), "pg_isready".into()]);
        hc.interval = 5;
        db_cfg.healthcheck = Some(hc);
    }
    let web_cfg = ContainerConfig {
        publish: bridgeport_engine::ports::parse_publish("8080:80").unwrap_or_default(),
        ..ContainerConfig::default()
    };
    Plan {
        name: "myapp".into(),
        working_dir: "/home/learner/myapp".into(),
        config_files: vec!["/home/learner/myapp/compose.yaml".into()],
        networks: vec![NetPlan {
            key: "default".into(),
            create: NetworkCreate {
                name: "myapp_default".into(),
                driver: "bridge".into(),
                ..NetworkCreate::default()
            },
            external: false,
        }],
        services: vec![
            ServicePlan {
                name: "db".into(),
                image: "postgres:16".into(),
                container_name: None,
                replicas: 1,
                config: db_cfg,
                net: on_default(),
                depends_on: vec![],
                links: vec![],
                config_hash: "db".into(),
            },
            ServicePlan {
                name: "web".into(),
                image: "nginx:alpine".into(),
                container_name: None,
                replicas: 1,
                config: web_cfg,
                net: on_default(),
                depends_on: vec![Dependency {
                    service: "db".into(),
                    condition: db_condition.into(),
                    restart: false,
                    required: true,
                }],
                links: vec![],
                config_hash: "web".into(),
            },
        ],
        ..Plan::default()
    }
}

struct World {
    engine: Engine,
    packets: Vec<bridgeport_engine::Packet>,
    place: Place,
    scene: Option<bridgeport_engine::Topology>,
    shells: Shells,
    capture: Option<crate::net::tcpdump::Armed>,
    now: u64,
}

impl World {
    fn new() -> World {
        let mut engine = Engine::new(7, Timestamp(1_767_268_800_000));
        for image in ["postgres:16", "nginx:alpine"] {
            let _ = engine.pull(&bridgeport_engine::image::ImageRef::parse(image).unwrap());
        }
        World {
            engine,
            packets: Vec::new(),
            place: Place::Host,
            scene: None,
            shells: Shells::default(),
            capture: None,
            now: 1_767_268_800_000,
        }
    }

    fn ctx(&mut self) -> Ctx<'_> {
        self.now += 1000;
        Ctx {
            engine: &mut self.engine,
            now: Timestamp(self.now),
            packets: &mut self.packets,
            place: &mut self.place,
            scene: &mut self.scene,
            shells: &mut self.shells,
            capture: &mut self.capture,
        }
    }

    fn up(&mut self, plan: &Plan, opts: &UpOptions) -> Output {
        let mut o = Output::new();
        let mut progress = Progress::new(Mode::Tty, "up");
        let mut ctx = self.ctx();
        let r = converge(&mut ctx, plan, opts, &mut progress, &mut o);
        o.err(&progress.render());
        if let Err(e) = r {
            o.fail(&e, 1);
        }
        o
    }

    fn compose(&mut self, line: &str) -> Output {
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let env = Env {
            cwd: "/home/learner/myapp".into(),
            environ: vec![],
        };
        let mut ctx = self.ctx();
        compose(&mut ctx, env, &args)
    }
}

fn start() -> UpOptions {
    UpOptions {
        start: true,
        ..UpOptions::default()
    }
}

/// Reference §3.1: a fresh project's `up -d` frame; §2.1/§2.7: names,
/// aliases, DNS names and labels on what the engine holds.
#[test]
fn up_creates_the_network_and_containers_with_compose_names_and_labels() {
    let mut w = World::new();
    let o = w.up(&tutorial_plan("service_started", false), &start());
    assert_eq!(o.code, 0, "{}", o.text());
    assert_eq!(o.text(), "[+] up 3/3\n ✔ Network myapp_default Created                                            0.1s\n ✔ Container myapp-db-1  Started                                            0.1s\n ✔ Container myapp-web-1 Started                                            0.1s\n");
    let net = w.engine.find_network("myapp_default").unwrap().clone();
    assert_eq!(
        net.labels.get("com.docker.compose.network").unwrap(),
        "default"
    );
    assert_eq!(
        net.labels.get("com.docker.compose.project").unwrap(),
        "myapp"
    );
    let web = w.engine.find_container("myapp-web-1").unwrap().clone();
    assert!(web.is_running());
    assert_eq!(
        web.config.labels.get("com.docker.compose.service").unwrap(),
        "web"
    );
    assert_eq!(
        web.config
            .labels
            .get("com.docker.compose.depends_on")
            .unwrap(),
        "db:service_started:false"
    );
    let ep = web.endpoint_on(&net.id).unwrap();
    assert_eq!(
        &ep.dns_names[..2],
        &["myapp-web-1".to_string(), "web".to_string()]
    );
    assert!(
        !ep.dns_names.iter().any(|n| n == "web-1"),
        "web-1 is not a DNS name"
    );
    // A second up changes nothing.
    let again = w.up(&tutorial_plan("service_started", false), &start());
    assert!(
        again
            .text()
            .starts_with("[+] up 2/2\n ✔ Container myapp-db-1  Running"),
        "{}",
        again.text()
    );
}

#[test]
fn ps_logs_port_and_down_find_the_project_by_its_labels() {
    let mut w = World::new();
    w.up(&tutorial_plan("service_started", false), &start());
    let ps = w.compose("-p myapp ps").text();
    assert!(ps.starts_with("NAME          IMAGE          COMMAND                  SERVICE   CREATED        STATUS        PORTS\n"), "{ps}");
    assert!(
        ps.contains("myapp-web-1   nginx:alpine   \"/docker-entrypoint.…\"   web"),
        "{ps}"
    );
    assert!(
        ps.contains("0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"),
        "{ps}"
    );
    assert_eq!(w.compose("-p myapp port web 80").text(), "0.0.0.0:8080\n");
    let logs = w.compose("-p myapp logs web").text();
    assert!(logs.starts_with("web-1  | "), "{logs}");
    let ls = w.compose("ls").text();
    assert_eq!(ls, "NAME                STATUS              CONFIG FILES\nmyapp               running(2)          /home/learner/myapp/compose.yaml\n");
    let down = w.compose("-p myapp down");
    assert_eq!(down.text(), "[+] down 3/3\n ✔ Container myapp-web-1 Removed                                            0.1s\n ✔ Container myapp-db-1  Removed                                            0.1s\n ✔ Network myapp_default Removed                                            0.1s\n");
    assert!(w.engine.find_network("myapp_default").is_err());
    let again = w.compose("-p myapp down").text();
    assert_eq!(
        again,
        "WARN[0000] Warning: No resource found to remove for project \"myapp\".\n"
    );
}

/// Reference §2.8: `service_healthy` waits for the first healthcheck
/// (Waiting → Healthy on db's line); without a healthcheck it fails (R9).
#[test]
fn service_healthy_waits_for_the_healthcheck() {
    let mut w = World::new();
    let o = w.up(&tutorial_plan("service_healthy", true), &start());
    assert!(
        o.text().contains(" ✔ Container myapp-db-1  Healthy "),
        "{}",
        o.text()
    );
    let db = w.engine.find_container("myapp-db-1").unwrap().clone();
    assert_eq!(
        db.health(Timestamp(w.now)),
        Some(bridgeport_engine::model::HealthStatus::Healthy)
    );
    let mut w = World::new();
    let o = w.up(&tutorial_plan("service_healthy", false), &start());
    assert_eq!(o.code, 1);
    assert!(
        o.text().ends_with(
            "dependency failed to start: container myapp-db-1 has no healthcheck configured\n"
        ),
        "{}",
        o.text()
    );
    assert!(
        o.text()
            .contains(" ✘ Container myapp-db-1  Error dependency db failed to start"),
        "{}",
        o.text()
    );
}

/// Scale: replicas numbered 1…N all answer to the service name (DNS round robin).
#[test]
fn scale_registers_every_replica_under_the_service_name() {
    let mut w = World::new();
    let mut plan = tutorial_plan("service_started", false);
    plan.services[1].config.publish.clear();
    let mut opts = start();
    opts.scale.insert("web".into(), 3);
    let o = w.up(&plan, &opts);
    assert_eq!(o.code, 0, "{}", o.text());
    let net = w.engine.find_network("myapp_default").unwrap().id.clone();
    let named_web = w
        .engine
        .containers_on(&net)
        .iter()
        .filter(|c| {
            c.endpoint_on(&net)
                .is_some_and(|e| e.dns_names.iter().any(|n| n == "web"))
        })
        .count();
    assert_eq!(named_web, 3);
    assert!(w.engine.find_container("myapp-web-3").is_ok());
    // Scaling down removes the highest numbers.
    let mut opts = start();
    opts.scale.insert("web".into(), 1);
    w.up(&plan, &opts);
    assert!(w.engine.find_container("myapp-web-2").is_err());
    assert!(w.engine.find_container("myapp-web-1").is_ok());
}

#[test]
fn external_network_must_exist() {
    let mut w = World::new();
    let mut plan = tutorial_plan("service_started", false);
    plan.networks[0].external = true;
    plan.networks[0].create.name = "shared".into();
    let o = w.up(&plan, &start());
    assert_eq!(
        o.text(),
        "network shared declared as external, but could not be found\n"
    );
    assert!(w.engine.containers().is_empty());
}

#[test]
fn unknown_subcommand_and_version() {
    let mut w = World::new();
    assert_eq!(
        w.compose("version").text(),
        "Docker Compose version v5.5.0\n"
    );
    let o = w.compose("nosuch");
    assert_eq!(o.code, 1);
    assert!(o
        .text()
        .ends_with("unknown docker command: \"compose nosuch\"\n"));
    assert!(w
        .compose("--help")
        .text()
        .contains("  up          Create and start containers\n"));
}

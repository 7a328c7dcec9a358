//! Snapshots of `docker compose config` (reference §3.8: Go struct field
//! order, maps sorted, ports in long syntax, `$` doubled) for the shapes of
//! file learners write. The `tutorial` snapshot is the reference's executed
//! golden; the others follow the same rules from compose-go's
//! `types/types.go` field order (ServiceConfig, ServicePortConfig,
//! ServiceNetworkConfig, NetworkConfig, IPAMPool, HealthCheckConfig,
//! ServiceDependency, ServiceVolumeConfig).

use bridgeport_compose::{load, LoadOptions, SourceFile};

fn config(text: &str) -> String {
    let opts = LoadOptions {
        files: vec![SourceFile::new("/home/learner/myapp/compose.yaml", text)],
        working_dir: "/home/learner/myapp".into(),
        env: [("WEB_PORT".to_string(), "9090".to_string())]
            .into_iter()
            .collect(),
        ..LoadOptions::default()
    };
    match load(&opts) {
        Ok(l) => l.project.config_yaml(),
        Err(e) => panic!("{}", e.message),
    }
}

#[test]
fn tutorial() {
    insta::assert_snapshot!(config(
        "services:
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
"
    ));
}

#[test]
fn frontend_backend_split() {
    insta::assert_snapshot!(config(
        "name: shop
services:
  proxy:
    image: nginx:alpine
    ports:
      - target: 80
        published: ${WEB_PORT}
        host_ip: 127.0.0.1
      - 8443-8444:443-444/tcp
    networks: [frontend]
  api:
    image: python:3.12
    command: python -m http.server 8000
    expose: [8000]
    hostname: api-host
    networks:
      frontend:
        aliases: [backend-api]
      backend:
        ipv4_address: 10.10.0.10
        priority: 100
  db:
    image: postgres:16
    networks: [backend]
networks:
  frontend: {}
  backend:
    internal: true
    driver_opts:
      com.docker.network.bridge.name: br-backend
    ipam:
      config:
        - subnet: 10.10.0.0/24
          gateway: 10.10.0.1
          ip_range: 10.10.0.128/25
  shared:
    external: true
"
    ));
}

#[test]
fn healthcheck_and_conditions() {
    insta::assert_snapshot!(config(
        "x-common: &common
  restart: unless-stopped
  labels:
    - team=web
services:
  web:
    <<: *common
    image: nginx
    entrypoint: [\"/docker-entrypoint.sh\"]
    command: [\"nginx\", \"-g\", \"daemon off;\"]
    depends_on:
      db:
        condition: service_healthy
        restart: true
      migrate:
        condition: service_completed_successfully
    extra_hosts:
      - \"host.docker.internal:host-gateway\"
      - api=10.0.0.5
    dns: [1.1.1.1]
    environment:
      - DEBUG
      - PRICE=$$5
  db:
    <<: *common
    image: postgres:16
    healthcheck:
      test: pg_isready -U postgres
      interval: 5s
      timeout: 1m30s
      retries: 5
      start_period: 500ms
  migrate:
    image: busybox
    command: sh -c 'echo migrated'
    scale: 1
"
    ));
}

#[test]
fn host_mode_and_shared_namespace() {
    insta::assert_snapshot!(config(
        "services:
  monitor:
    image: busybox
    network_mode: host
    ports: [\"9100:9100\"]
  sidecar:
    image: busybox
    network_mode: service:app
  app:
    image: nginx
    links: [\"monitor:mon\"]
    deploy:
      replicas: 3
  off:
    image: busybox
    network_mode: none
"
    ));
}

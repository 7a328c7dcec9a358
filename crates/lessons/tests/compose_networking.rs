//! The lesson "Compose networking" (issue 12): `docker compose` builds
//! ordinary networks and containers, and the checks read that state and
//! the packets, never the printed text. Sources: Docker's docs
//! `compose/how-tos/networking.md` (service names, the frontend/backend
//! split, external networks, CONTAINER_PORT between services) and
//! `startup-order.md` (depends_on orders starts only); compose-reference.md
//! §1.3, §2.1–2.4, §2.8, §7.2 (M1–M8).

mod support;

use support::Learner;

fn lines(block: &str) -> Vec<String> {
    bridgeport_commands::script::entries(block)
}

#[test]
fn the_solutions_solve_the_lesson_and_compose_made_ordinary_objects() {
    let mut l = Learner::new("compose-networking");
    let n = l.run.lesson().steps.len();
    l.solve_until(n);
    let e = l.session.engine();
    // Compose's objects are the daemon's: labels on them, found by docker commands too.
    let web = e.find_container("myapp-web-1").expect("web");
    assert_eq!(
        web.config
            .labels
            .get("com.docker.compose.project")
            .map(String::as_str),
        Some("myapp")
    );
    assert!(e.find_network("myapp_frontend").is_ok());
    assert!(
        e.find_network("shop_default").is_err(),
        "shop uses only the external network"
    );
}

#[test]
fn localhost_is_not_the_database() {
    let mut l = Learner::new("compose-networking");
    l.solve_until(1);
    // Step 2 asks for the database by name: localhost does not pass it.
    let r = l.type_line("docker compose exec web nc -zv localhost 5432");
    assert_eq!(l.step(), 1, "{r:?}");
    l.type_line("docker compose exec web nslookup db");
    l.type_line("docker compose exec web nc -zv db 5432");
    assert_eq!(l.step(), 2);
}

#[test]
fn one_network_for_everything_does_not_split_the_stack() {
    let mut l = Learner::new("compose-networking");
    l.solve_until(4);
    // Both networks declared, but db on frontend too: web still reaches it.
    let file = "cat > compose.yaml <<'EOF'\nservices:\n  web:\n    image: nginx:alpine\n    ports:\n      - \"8080:80\"\n    networks: [frontend]\n  api:\n    image: nginx:alpine\n    networks: [frontend, backend]\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n    networks: [frontend, backend]\nnetworks:\n  frontend:\n  backend:\nEOF";
    l.type_line(file);
    l.type_line("docker compose up -d");
    assert_eq!(l.step(), 4);
    let failed = l.run.evaluate(&l.session).failed_parts;
    assert!(
        failed.iter().any(|f| f.contains("myapp-db-1")),
        "{failed:?}"
    );
}

#[test]
fn depends_on_alone_does_not_make_the_database_ready() {
    let mut l = Learner::new("compose-networking");
    l.solve_until(6);
    for line in lines("mkdir -p ~/ready\ncd ~/ready\ncat > compose.yaml <<'EOF'\nservices:\n  app:\n    image: alpine\n    command: sleep infinity\n    depends_on: [db]\n  db:\n    image: postgres:16\nEOF\ndocker compose up -d\ndocker compose exec app nc -zv -w 2 db 5432") {
        l.type_line(&line);
    }
    assert_eq!(l.step(), 6, "a dead database must not pass");
    // The app runs; the database exited: the up said Started for both.
    let e = l.session.engine();
    assert!(e.find_container("ready-app-1").unwrap().is_running());
    assert!(!e.find_container("ready-db-1").unwrap().is_running());
    // service_healthy without the password: Compose refuses to start app.
    for line in lines("docker compose down\ncat > compose.yaml <<'EOF'\nservices:\n  app:\n    image: alpine\n    command: sleep infinity\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready\"]\n      interval: 5s\nEOF") {
        l.type_line(&line);
    }
    l.type_line("docker compose up -d");
    let out = l.last.as_ref().unwrap();
    assert_eq!(out.exit_code, 1);
    assert!(
        out.output
            .ends_with("dependency failed to start: container ready-db-1 exited (1)\n"),
        "{}",
        out.output
    );
    assert!(!l
        .session
        .engine()
        .find_container("ready-app-1")
        .unwrap()
        .is_running());
}

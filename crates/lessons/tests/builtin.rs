//! The built-in lessons: they parse, their solutions solve them, other correct
//! solutions pass too, and wrong ones fail with the sentence a learner needs.

mod support;

use bridgeport_lessons::{builtin, Lesson};
use support::{after, state_check, Learner};

#[test]
fn every_builtin_lesson_parses_and_has_the_expected_shape() {
    for (id, src) in builtin::SOURCES {
        let lesson = Lesson::parse(src).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(lesson.id, id);
        for step in &lesson.steps {
            assert!(
                !step.solution.is_empty(),
                "{id} step {} has no solution",
                step.number
            );
            assert!(
                !step.body.is_empty(),
                "{id} step {} has no text",
                step.number
            );
        }
    }
    // The steps are the source's `## Step N:` headings, numbered from 1 (the
    // counts come from the lessons, so adding a step changes no test); every
    // lesson but the sandbox has some.
    let ids: Vec<&str> = builtin::SOURCES.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        [
            "basics",
            "user-networks",
            "compose-networking",
            "host-firewall",
            "sandbox"
        ]
    );
    for (id, src) in builtin::SOURCES {
        let headings = src.lines().filter(|l| l.starts_with("## Step ")).count();
        let lesson = Lesson::parse(src).expect("a built-in lesson parses");
        let numbers: Vec<usize> = lesson.steps.iter().map(|s| s.number).collect();
        assert_eq!(numbers, (1..=headings).collect::<Vec<_>>(), "{id}");
        assert_eq!(lesson.steps.is_empty(), id == "sandbox", "{id}");
    }
    assert!(builtin::load("nope").is_none());
}

#[test]
fn the_setup_runs_cleanly() {
    for lesson in builtin::all() {
        let (_, steps) =
            bridgeport_commands::script::run_script(lesson.seed, &lesson.setup.join("\n"));
        for s in steps {
            assert_eq!(
                s.outcome.exit_code, 0,
                "{}: setup `{}` failed: {}",
                lesson.id, s.outcome.command, s.outcome.output
            );
        }
    }
}

#[test]
fn each_solution_solves_its_step_from_start_to_finish() {
    for id in [
        "basics",
        "user-networks",
        "compose-networking",
        "host-firewall",
    ] {
        let mut l = Learner::new(id);
        let n = l.run.lesson().steps.len();
        l.solve_until(n);
        assert!(l.run.is_finished(), "{id} not finished");
        assert!(
            l.run.progress().completed.iter().all(|c| *c),
            "{id}: {:?}",
            l.run.progress().completed
        );
    }
}

#[test]
fn a_check_is_not_met_before_the_work_is_done() {
    // After the previous step's solution, no step is already satisfied.
    for id in [
        "basics",
        "user-networks",
        "compose-networking",
        "host-firewall",
    ] {
        let mut l = Learner::new(id);
        let n = l.run.lesson().steps.len();
        for k in 0..n {
            l.solve_until(k);
            let r = l.run.evaluate(&l.session);
            assert!(
                !r.passed,
                "{id} step {} passes before anything was done",
                k + 1
            );
            assert!(!r.failed_parts.is_empty());
        }
    }
}

// ----- basics, step by step -------------------------------------------------

const PUBLISH_9000: &str = "container web running and container web publishes 80/tcp on 9000";

#[test]
fn basics_publish_accepts_every_spelling_of_9000_to_80() {
    for run in [
        "docker run -d --name web -p 9000:80 nginx",
        "docker run -d --name web -p 0.0.0.0:9000:80 nginx",
        "docker run -d --name web --publish published=9000,target=80 nginx",
        "docker run -d --name web -p 9000:80/tcp nginx",
        "docker run -d --name web --publish=9000:80 nginx:alpine",
        "docker run -d --name web -p 127.0.0.1:9000:80 nginx",
        "docker create --name web -p 9000:80 nginx\ndocker start web",
        "docker run -d --name web -p 9000:80 -p 9443:443 nginx",
    ] {
        assert_eq!(state_check(&after(run), PUBLISH_9000), Ok(()), "{run}");
    }
}

#[test]
fn basics_publish_explains_what_is_wrong() {
    let cases = [
        (
            "docker run -d --name web -p 80:9000 nginx",
            "web is running, but it publishes container port 9000/tcp on host port 80: the wrong way round. -p takes HOST:CONTAINER, so this needs -p 9000:80",
        ),
        ("docker run -d --name web -p 8080:80 nginx", "web is running, but it publishes 80/tcp on 8080, not 9000"),
        (
            "docker run -d --name web nginx",
            "web is running, but it publishes no ports (ports are published with -p HOST:CONTAINER when the container is created)",
        ),
        ("docker run -d --name web -p 9000:8080 nginx", "web is running, but it does not publish 80/tcp; it publishes 8080/tcp on 9000"),
        (
            "docker run -d --name web -p 9000:80/udp nginx",
            "web is running, but it publishes no ports (ports are published with -p HOST:CONTAINER when the container is created)",
        ),
        ("docker run -d --name webby -p 9000:80 nginx", "there is no container named web yet"),
        ("docker run -d --name web -p 9000:80 nginx\ndocker stop web", "web exists but has exited (code 0); start it with docker start web"),
        (
            "docker run -d --name web --network host nginx",
            "web uses --network host: it has no published ports, its processes listen on the host's ports directly",
        ),
    ];
    for (script, want) in cases {
        let got =
            state_check(&after(script), "container web publishes 80/tcp on 9000").unwrap_err();
        let want = if script.contains("stop web") {
            format!("{want}; published ports exist only while a container runs")
        } else {
            want.to_string()
        };
        assert_eq!(got, [want], "{script}");
    }
    assert_eq!(
        state_check(
            &after("docker run -d --name web -p 127.0.0.1:9000:80 nginx"),
            "container web publishes 80 on 0.0.0.0:9000"
        ),
        Err(vec![
            "web is running, but it publishes 80/tcp on 127.0.0.1:9000, not on 0.0.0.0:9000"
                .to_string()
        ])
    );
}

#[test]
fn basics_a_failed_start_leaves_a_created_container_and_says_so() {
    let s = after(
        "docker run -d --name web -p 9000:80 nginx\ndocker run -d --name web3 -p 9000:80 nginx",
    );
    assert_eq!(
        state_check(&s, "container web3 running"),
        Err(vec![
            "web3 was created but is not running: its start probably failed (docker ps -a shows it as Created); remove it with docker rm web3 and run it again"
                .to_string()
        ])
    );
}

#[test]
fn basics_first_container_checks() {
    let check = "container web running and container web image nginx and container web on network bridge and container web address in 172.17.0.0/16";
    for ok in [
        "docker run -d --name web nginx",
        "docker run -d --name web --network bridge nginx:alpine",
        "docker run -d --net=bridge --name=web nginx",
    ] {
        assert_eq!(state_check(&after(ok), check), Ok(()), "{ok}");
    }
    assert_eq!(
        state_check(&after("docker run -d --name web httpd"), check),
        Err(vec![
            "web runs the image httpd:latest, not nginx".to_string()
        ])
    );
    assert_eq!(
        state_check(
            &after("docker network create app\ndocker run -d --name web --network app nginx"),
            check
        ),
        Err(vec![
            "web is on app, not on bridge".to_string(),
            "web's address is 172.18.0.2, not in 172.17.0.0/16".to_string()
        ])
    );
    assert_eq!(
        state_check(&after("docker create --name web nginx"), check),
        Err(vec![
            "web was created but is not running: its start probably failed (docker ps -a shows it as Created); remove it with docker rm web and run it again"
                .to_string(),
            "web is not running, so it has no address yet".to_string(),
        ])
    );
}

#[test]
fn basics_one_container_per_host_port() {
    let check = "host ports 8000 8001 8002 published to 80 by different containers";
    for ok in [
        "docker run -d --name site1 -p 8000:80 nginx\ndocker run -d --name site2 -p 8001:80 nginx\ndocker run -d --name site3 -p 8002:80 nginx",
        "docker run -d -p 8002:80 nginx\ndocker run -d -p 8001:80 nginx:alpine\ndocker run -d -p 127.0.0.1:8000:80 nginx",
    ] {
        assert_eq!(state_check(&after(ok), check), Ok(()), "{ok}");
    }
    let one = after("docker run -d --name all -p 8000:80 -p 8001:80 -p 8002:80 nginx");
    assert_eq!(state_check(&one, check), Err(vec!["all publishes more than one of these ports: this step wants one container per host port".to_string()]));
    let missing = after("docker run -d --name site1 -p 8000:80 nginx\ndocker run -d --name site2 -p 8001:8080 nginx");
    assert_eq!(
        state_check(&missing, check),
        Err(vec!["host port 8001 goes to port 8080 of site2, not to 80; nothing publishes host port 8002/tcp yet".to_string()])
    );
}

#[test]
fn basics_port_conflict_step_wants_the_failure() {
    let mut l = Learner::new("basics");
    l.solve_until(6);
    let r = l.type_line("docker run -d --name web3 -p 9001:80 nginx");
    assert_eq!(r.failed_parts, ["`docker run -d --name web3 -p 9001:80 nginx` succeeded; this step wants to see it fail"]);
    let r = l.type_line("docker run -d --name web -p 9000:80 nginx");
    assert!(
        !r.passed,
        "a name conflict is a failure, but not the one this step is about"
    );
    assert_eq!(
        r.failed_parts,
        [
            r#"`docker run -d --name web -p 9000:80 nginx` failed, but its output does not say "port is already allocated""#
        ]
    );
    let r = l.type_line("docker run -d --name other -p 9000:80 nginx");
    assert!(r.passed, "{:?}", r.failed_parts);
    assert_eq!(l.step(), 7);
}

#[test]
fn basics_network_inspect_step_accepts_flags_and_sudo() {
    for line in [
        "docker network inspect bridge",
        "sudo docker network inspect bridge",
        "docker network inspect --format '{{json .IPAM}}' bridge",
    ] {
        let mut l = Learner::new("basics");
        assert_eq!(
            l.type_line("docker network ls").failed_parts,
            ["you have not run `docker network inspect bridge` yet in this step"]
        );
        let r = l.type_line(line);
        assert!(r.passed, "{line}: {:?}", r.failed_parts);
    }
    let mut l = Learner::new("basics");
    let r = l.type_line("docker network inspect bridgee");
    assert_eq!(
        r.failed_parts,
        ["you have not run `docker network inspect bridge` yet in this step"]
    );
}

#[test]
fn basics_traffic_steps_with_the_real_tools() {
    // Step 3: curl the unpublished port.
    let mut l = Learner::new("basics");
    l.solve_until(2);
    let r = l.type_line("curl localhost:9999");
    assert!(!r.passed);
    let r = l.type_line("curl http://localhost/");
    assert!(r.passed, "{:?}", r.failed_parts);

    // Step 4: publishing without asking for a page is not enough; any way of asking is.
    for ask in [
        "curl localhost:9000",
        "curl http://127.0.0.1:9000/",
        "wget -qO- localhost:9000",
        "curl 192.168.1.10:9000",
    ] {
        let mut l = Learner::new("basics");
        l.solve_until(3);
        let r = l.type_all(&[
            "docker rm -f web",
            "docker run -d --name web -p 9000:80 nginx",
        ]);
        assert_eq!(r.failed_parts.len(), 1, "{:?}", r.failed_parts);
        let r = l.type_line(ask);
        assert!(r.passed, "{ask}: {:?}", r.failed_parts);
    }

    // Step 6, the wrong way round again: the curl to 8080 fails and says why.
    let mut l = Learner::new("basics");
    l.solve_until(5);
    let r = l.type_all(&[
        "docker rm -f web2",
        "docker run -d --name web2 -p 80:8080 nginx",
        "curl localhost:8080",
    ]);
    assert!(!r.passed);
    assert!(
        r.failed_parts
            .iter()
            .any(|p| p.contains("the wrong way round")),
        "{:?}",
        r.failed_parts
    );

    // Step 10: any way of sharing a user-defined network works.
    for fix in [
        &[
            "docker network create app",
            "docker network connect app web",
            "docker network connect app client",
            "docker exec client ping -c 1 web",
        ][..],
        &[
            "docker network create app",
            "docker network connect app web",
            "docker rm -f client",
            "docker run -dit --name client --network app alpine",
            "docker exec client ping -c 1 web",
        ][..],
        &[
            "docker network create front",
            "docker network connect front client",
            "docker network connect front web",
            "docker exec -it client sh",
            "ping -c 2 web",
            "exit",
        ][..],
    ] {
        let mut l = Learner::new("basics");
        l.solve_until(9);
        let r = l.type_all(fix);
        assert!(l.step() == 10, "{fix:?}: {r:?}");
    }
    // ... but pinging the address is not resolving the name.
    let mut l = Learner::new("basics");
    l.solve_until(9);
    let ip = l
        .session
        .engine()
        .containers()
        .iter()
        .find(|c| c.name == "web")
        .unwrap()
        .endpoints[0]
        .ip;
    let r = l.type_line(&format!("docker exec client ping -c 1 {ip}"));
    assert_eq!(
        r.failed_parts,
        ["client pinged web by its IP address; this step wants it by name (ping web)"]
    );
}

// ----- user-defined networks -------------------------------------------------

#[test]
fn user_networks_create_accepts_any_bridge_flavour() {
    for ok in [
        "docker network create appnet",
        "docker network create -d bridge appnet",
        "docker network create --driver=bridge --subnet 10.10.0.0/24 appnet",
        "docker network create --internal appnet",
    ] {
        assert_eq!(
            state_check(
                &after(ok),
                "network appnet exists and network appnet driver bridge"
            ),
            Ok(()),
            "{ok}"
        );
    }
    assert_eq!(
        state_check(
            &after("docker network create app-net"),
            "network appnet exists and network appnet driver bridge"
        ),
        Err(vec!["there is no network named appnet yet".to_string()])
    );
}

#[test]
fn user_networks_containers_may_join_at_run_or_later() {
    let check = "container db running and container db on network appnet and container api running and container api on network appnet";
    for ok in [
        "docker network create appnet\ndocker run -d --name db --network appnet redis\ndocker run -dit --name api --network appnet alpine",
        "docker network create appnet\ndocker run -d --name db redis\ndocker network connect appnet db\ndocker run -dit --name api --net appnet alpine",
        "docker network create appnet\ndocker create --name db --network appnet redis\ndocker start db\ndocker run -dit --name api --network=appnet alpine sh",
    ] {
        assert_eq!(state_check(&after(ok), check), Ok(()), "{ok}");
    }
    assert_eq!(
        state_check(&after("docker network create appnet\ndocker run -d --name db --network appnet redis\ndocker run -dit --name api alpine"), check),
        Err(vec!["api is on bridge, not on appnet".to_string()])
    );
    assert_eq!(
        state_check(&after("docker run -d --name db --network appnet redis\ndocker run -dit --name api alpine"), check),
        Err(vec![
            "db was created but is not running: its start probably failed (docker ps -a shows it as Created); remove it with docker rm db and run it again"
                .to_string(),
            "there is no network named appnet yet (create it with docker network create appnet)".to_string(),
        ])
    );
}

#[test]
fn user_networks_isolation_needs_separate_networks() {
    let base = "docker network create appnet\ndocker run -d --name db --network appnet redis\ndocker network create othernet\ndocker run -dit --name outsider --network othernet alpine";
    assert_eq!(
        state_check(&after(base), "not containers outsider db share a network"),
        Ok(())
    );
    let joined = format!("{base}\ndocker network connect appnet outsider");
    assert_eq!(
        state_check(
            &after(&joined),
            "not containers outsider db share a network"
        ),
        Err(vec![
            "it is still true that outsider and db share a network, and it should not be"
                .to_string()
        ])
    );
    assert_eq!(
        state_check(&after(base), "containers outsider db share a network"),
        Err(vec![
            "outsider and db share no network: outsider is on othernet, db is on appnet"
                .to_string()
        ])
    );
}

#[test]
fn user_networks_two_networks_for_one_container() {
    let s = after(
        "docker network create appnet\ndocker network create othernet\ndocker run -dit --name api --network appnet alpine\ndocker network connect othernet api",
    );
    assert_eq!(
        state_check(
            &s,
            "container api on network appnet and container api on network othernet"
        ),
        Ok(())
    );
    assert_eq!(
        state_check(
            &s,
            "container api address in 172.19.0.0/16 and container api address in 172.18.0.0/16"
        ),
        Ok(())
    );
    let one = after("docker network create appnet\ndocker network create othernet\ndocker run -dit --name api --network appnet alpine");
    assert_eq!(
        state_check(&one, "container api on network othernet"),
        Err(vec!["api is on appnet, not on othernet".to_string()])
    );
}

#[test]
fn user_networks_traffic_steps_with_the_real_tools() {
    // Step 5: by name or by address, either failure counts.
    for attempt in [
        "docker exec outsider ping -c 1 db",
        "docker exec outsider ping -c 1 -W 1 172.18.0.2",
    ] {
        let mut l = Learner::new("user-networks");
        l.solve_until(4);
        let r = l.type_all(&[
            "docker network create othernet",
            "docker run -dit --name outsider --network othernet alpine",
            attempt,
        ]);
        assert!(r.passed, "{attempt}: {:?}", r.failed_parts);
    }
    // Step 3: an nslookup is a lookup, not a ping.
    let mut l = Learner::new("user-networks");
    l.solve_until(2);
    let r = l.type_line("docker exec api nslookup db");
    assert_eq!(
        r.failed_parts,
        ["api has not pinged db by name yet in this step"]
    );
}

#[test]
fn the_sandbox_checks_nothing() {
    let mut l = Learner::new("sandbox");
    assert!(l.run.lesson().is_sandbox());
    assert!(l.run.is_finished());
    let r = l.type_line("docker run -d nginx");
    assert!(r.finished && !r.passed && r.failed_parts.is_empty());
    assert_eq!(l.run.commands(), ["docker run -d nginx"]);
}

#[test]
fn user_networks_round_robin_needs_the_shared_name_and_a_lookup() {
    // Right: the alias given at run or by `network connect --alias`; any lookup of it.
    let ways: [&[&str]; 2] = [
        &[
            "docker run -d --name cache1 --network appnet --network-alias cache redis",
            "docker run -d --name cache2 --network appnet --network-alias cache redis",
            "docker exec api nslookup cache",
        ],
        &[
            "docker run -d --name cache1 redis",
            "docker network connect --alias cache appnet cache1",
            "docker run -d --name cache2 --network appnet --network-alias cache redis",
            "docker exec api ping -c 1 cache",
        ],
    ];
    for lines in ways {
        let mut l = Learner::new("user-networks");
        l.solve_until(7);
        let r = l.type_all(lines);
        assert!(r.passed, "{lines:?}: {:?}", r.failed_parts);
    }
    // Wrong: without the alias the name does not resolve.
    let mut l = Learner::new("user-networks");
    l.solve_until(7);
    let r = l.type_all(&[
        "docker run -d --name cache1 --network appnet redis",
        "docker run -d --name cache2 --network appnet redis",
        "docker exec api nslookup cache",
    ]);
    assert!(!r.passed);
    assert_eq!(
        r.failed_parts,
        ["looking up cache from api failed: 192.168.1.1 has no address for 'cache' (NXDOMAIN)"]
    );
}

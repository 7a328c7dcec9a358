//! The lesson "Docker and the host firewall" (issue 13): its probes read
//! the rules through the walk, so every correct fix passes and the usual
//! wrong ones fail with the sentence that explains them. Sources: Docker's
//! docs `packet-filtering-firewalls.md` ("Docker and ufw") and
//! `firewall-iptables.md` (DOCKER-USER, `--ctorigdstport`, the
//! `! -s` recipe and the RELATED,ESTABLISHED rule above it);
//! firewall-reference.md §1.2–1.5.

mod support;

use support::{after, state_check, Learner};

const SERVICES: &str =
    "docker run -d --name web -p 8080:80 nginx\ndocker run -d --name status -p 9090:80 nginx\n";

fn step6(fix: &str) -> Result<(), Vec<String>> {
    let s = after(&format!("{SERVICES}{fix}"));
    let mut fails = Vec::new();
    for line in [
        "probe tcp from lan to 192.168.1.10:8080 failed",
        "probe tcp from lan to 192.168.1.10:9090 answered",
        "probe tcp from host to 127.0.0.1:8080 answered",
    ] {
        if let Err(e) = state_check(&s, line) {
            fails.extend(e);
        }
    }
    if fails.is_empty() {
        Ok(())
    } else {
        Err(fails)
    }
}

#[test]
fn an_input_rule_does_not_close_a_published_port() {
    // ufw deny 8080 writes an INPUT rule (ufw-user-input); the DNAT'd packet
    // is forwarded, so it never meets it.
    let s = after(&format!(
        "{SERVICES}iptables -I INPUT -i eth0 -p tcp --dport 8080 -j DROP"
    ));
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:8080 answered"),
        Ok(())
    );
    // ufw deny 8080 (ufw-user-input, under INPUT): the same, for the real reason.
    let s = after(&format!(
        "{SERVICES}ufw allow 22/tcp\nufw enable\nufw deny 8080"
    ));
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:8080 answered"),
        Ok(())
    );
    // ufw does close a port the host itself serves.
    let s = after("ufw enable\nufw deny 22");
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:22 failed"),
        Ok(())
    );
    // The same rule does close a port the host itself serves (sshd on 22).
    let s = after("iptables -I INPUT -p tcp --dport 22 -j DROP");
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:22 dropped"),
        Ok(())
    );
}

#[test]
fn the_conntrack_rule_closes_only_the_original_port() {
    assert_eq!(
        step6("iptables -I DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 8080 -j DROP"),
        Ok(())
    );
    // REJECT works too (the learner picks how it fails).
    assert_eq!(
        step6("iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 8080 -j REJECT"),
        Ok(())
    );
}

#[test]
fn the_usual_wrong_rules_fail_with_what_happened() {
    // After DNAT the port is 80: --dport 8080 never matches.
    let e = step6("iptables -I DOCKER-USER -p tcp --dport 8080 -j DROP").unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("tcp from lan to 192.168.1.10:8080 is answered by web"),
        "{e:?}"
    );
    assert!(e[0].ends_with("; it should not get through"), "{e:?}");
    // --dport 80 closes status too, and the sentence names the rule.
    let e = step6("iptables -I DOCKER-USER -p tcp --dport 80 -j DROP").unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("tcp from lan to 192.168.1.10:9090 is dropped"),
        "{e:?}"
    );
    assert!(
        e[0].contains("-A DOCKER-USER -p tcp -m tcp --dport 80 -j DROP"),
        "{e:?}"
    );
}

#[test]
fn limiting_the_source_needs_the_established_rule_for_egress() {
    let base = format!(
        "{SERVICES}docker run -d --name box nicolaka/netshoot sleep infinity\niptables -I DOCKER-USER -i eth0 ! -s 192.168.1.1 -j DROP"
    );
    let s = after(&base);
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:9090 failed"),
        Ok(())
    );
    let e = state_check(&s, "probe icmp from box to 8.8.8.8 answered").unwrap_err();
    assert!(
        e[0].starts_with("icmp from box to 8.8.8.8 is dropped"),
        "{e:?}"
    );
    let s = after(&format!(
        "{base}\niptables -I DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
    ));
    assert_eq!(
        state_check(&s, "probe icmp from box to 8.8.8.8 answered"),
        Ok(())
    );
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:8080 failed"),
        Ok(())
    );
    // Below the DROP it comes too late.
    let s = after(&format!(
        "{base}\niptables -A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
    ));
    assert!(state_check(&s, "probe icmp from box to 8.8.8.8 answered").is_err());
}

#[test]
fn publishing_on_loopback_keeps_the_lan_out() {
    let s = after("docker run -d --name web -p 127.0.0.1:8080:80 nginx");
    assert_eq!(
        state_check(&s, "probe tcp from host to 127.0.0.1:8080 answered"),
        Ok(())
    );
    assert_eq!(
        state_check(&s, "probe tcp from lan to 192.168.1.10:8080 failed"),
        Ok(())
    );
}

#[test]
fn the_lesson_runs_end_to_end_and_shows_the_rewrite() {
    let mut l = Learner::new("host-firewall");
    l.solve_until(3);
    // Step 4's capture: eth0 before DNAT, docker0 after.
    l.type_line("tcpdump -n -i eth0 -c 3");
    l.type_line("lan");
    l.type_line("curl -s -o /dev/null http://192.168.1.10:8080/");
    let eth0 = l
        .last
        .as_ref()
        .and_then(|o| o.capture.clone())
        .expect("captured");
    assert!(
        eth0.lines[0].contains("192.168.1.20.37888 > 192.168.1.10.8080: Flags [S]"),
        "{:?}",
        eth0.lines
    );
    l.type_line("exit");
    l.type_line("tcpdump -n -i docker0 -c 3");
    l.type_line("lan");
    l.type_line("curl -s -o /dev/null http://192.168.1.10:8080/");
    let docker0 = l
        .last
        .as_ref()
        .and_then(|o| o.capture.clone())
        .expect("captured");
    assert!(
        docker0.lines[0].contains("192.168.1.20.37888 > 172.17.0.2.80: Flags [S]"),
        "{:?}",
        docker0.lines
    );
    l.type_line("exit");
    assert_eq!(l.step(), 4);
    let n = l.run.lesson().steps.len();
    l.solve_until(n);
    assert!(l.run.is_finished());
}

#[test]
fn probe_checks_parse_and_refuse_what_they_cannot_send() {
    use bridgeport_lessons::check::parse_line;
    assert!(parse_line("probe tcp from lan to 192.168.1.10:8080 answered", 1).is_ok());
    assert!(parse_line("probe icmp from box to 8.8.8.8 answered", 1).is_ok());
    assert!(parse_line("probe tcp from lan to 192.168.1.10 answered", 1).is_err());
    assert!(parse_line("probe from lan to web:80 answered", 1).is_err());
    let s = after("");
    assert_eq!(
        state_check(&s, "probe tcp from nobody to 192.168.1.10:22 answered")
            .unwrap_err()
            .len(),
        1
    );
}

/// The matrix's LAN row is the lesson's grid: a learner's DOCKER-USER rule
/// and a ufw rule show there with the rule that decided (the same walk).
#[test]
fn the_matrix_lan_row_shows_the_learners_rules() {
    let s = after(&format!(
        "{SERVICES}ufw enable\nufw deny 22\niptables -I DOCKER-USER -i eth0 -p tcp -m conntrack --ctorigdstport 8080 -j DROP"
    ));
    let m = s.matrix();
    let lan = m
        .endpoints
        .iter()
        .position(|e| e.name == "lan")
        .expect("lan row");
    let cell = |label: &str| {
        m.cells
            .iter()
            .find(|c| c.from == lan && c.transport.label.contains(label))
            .unwrap_or_else(|| panic!("no lan cell {label}"))
    };
    let web = cell("192.168.1.10:8080");
    assert_eq!(web.verdict, bridgeport_engine::Verdict::Dropped);
    assert!(web
        .reason
        .as_ref()
        .unwrap()
        .text()
        .contains("-A DOCKER-USER -i eth0"));
    assert_eq!(
        cell("192.168.1.10:9090").verdict,
        bridgeport_engine::Verdict::Delivered
    );
    let ssh = cell("host:22");
    assert_eq!(ssh.verdict, bridgeport_engine::Verdict::Dropped);
    assert!(ssh
        .reason
        .as_ref()
        .unwrap()
        .text()
        .contains("ufw rule 'deny 22'"));
}

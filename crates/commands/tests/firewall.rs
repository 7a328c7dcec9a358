//! The learner's iptables rules as engine state: any sequence of rule
//! changes (mixed with container and network changes) keeps the ruleset
//! printable (`iptables -S` and `-L` answer for every chain, and every rule
//! `-S` prints is accepted again by iptables itself: `-C` finds it), and
//! every packet walk ends. Loops between chains are refused as iptables-nft
//! refuses them (the kernel's ELOOP, nf_tables_check_loops), and the walk's
//! depth bound holds even so. A `-S` dump replayed into a fresh host gives
//! the same dump (what sharing and undo rely on: they replay the lines).

use bridgeport_commands::Session;
use bridgeport_engine::net::{Node, Probe};
use bridgeport_engine::Timestamp;
use proptest::prelude::*;

fn rule_change() -> impl Strategy<Value = String> {
    let chain = prop::sample::select(vec![
        "DOCKER-USER",
        "FORWARD",
        "INPUT",
        "a",
        "b",
        "DOCKER",
        "OUTPUT",
    ]);
    let target = prop::sample::select(vec![
        "ACCEPT",
        "DROP",
        "REJECT",
        "RETURN",
        "LOG",
        "a",
        "b",
        "DOCKER-USER",
        "DENY",
    ]);
    let matches = prop::sample::select(vec![
        "",
        "-p tcp --dport 80",
        "-p tcp --dport 8080",
        "-i eth0 ! -s 192.168.1.1",
        "-s 192.168.1.20/24",
        "-p tcp -m conntrack --ctorigdstport 8080",
        "-m conntrack --ctstate ESTABLISHED,RELATED",
        "-p udp -m multiport --dports 53,5353",
        "-p icmp",
        "-o docker0 -m comment --comment \"a b\"",
        "-i br-+",
        "--dport 1",
    ]);
    let num = 0u8..5;
    prop_oneof![
        (chain.clone(), matches.clone(), target.clone())
            .prop_map(|(c, m, t)| format!("iptables -A {c} {m} -j {t}")),
        (chain.clone(), num.clone(), matches.clone(), target.clone())
            .prop_map(|(c, n, m, t)| format!("iptables -I {c} {n} {m} -j {t}")),
        (chain.clone(), num.clone(), matches.clone(), target.clone())
            .prop_map(|(c, n, m, t)| format!("iptables -R {c} {n} {m} -j {t}")),
        (chain.clone(), num.clone()).prop_map(|(c, n)| format!("iptables -D {c} {n}")),
        (chain.clone(), matches.clone(), target.clone())
            .prop_map(|(c, m, t)| format!("iptables -D {c} {m} -j {t}")),
        chain.clone().prop_map(|c| format!("iptables -F {c}")),
        chain.clone().prop_map(|c| format!("iptables -N {c}")),
        chain.clone().prop_map(|c| format!("iptables -X {c}")),
        chain.clone().prop_map(|c| format!("iptables -Z {c}")),
        prop::sample::select(vec!["INPUT", "FORWARD", "DOCKER-USER"])
            .prop_map(|c| format!("iptables -P {c} DROP")),
        Just("iptables -P FORWARD DROP".to_string()),
        Just("iptables -P INPUT ACCEPT".to_string()),
        Just("docker run -d --name web -p 8080:80 nginx".to_string()),
        Just("docker run -d --name c2 --network n1 -p 8081:80 nginx".to_string()),
        Just("docker network create n1".to_string()),
        Just("docker rm -f web".to_string()),
        // ufw writes its chains into the same ruleset (issue 13).
        prop::sample::select(vec![
            "ufw enable",
            "ufw disable",
            "ufw reload",
            "ufw deny 8080",
            "ufw allow 22/tcp",
            "ufw limit ssh",
            "ufw reject 80/tcp",
            "ufw insert 1 deny from 192.168.1.20",
            "ufw route allow in on eth0 out on docker0 to any port 80 proto tcp",
            "ufw default allow incoming",
            "ufw default reject routed",
            "ufw default deny outgoing",
            "ufw --force delete 1",
            "ufw delete deny 8080",
            "ufw --force reset",
        ])
        .prop_map(str::to_string),
        // Real traffic: counters.
        Just("curl -s -m 1 localhost:8080".to_string()),
        Just("ping -c 1 172.17.0.2".to_string()),
    ]
}

fn run(s: &mut Session, line: &str, t: &mut u64) -> (String, i32) {
    *t += 1;
    let o = s.execute(line, Timestamp(1_000 * *t));
    (o.output, o.exit_code)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_rule_changes_keep_the_ruleset_printable_and_walks_ending(
        cmds in prop::collection::vec(rule_change(), 1..30)
    ) {
        let mut s = Session::new(7);
        let mut t = 0;
        for cmd in &cmds {
            run(&mut s, cmd, &mut t);
        }
        let (dump, code) = run(&mut s, "iptables -S", &mut t);
        prop_assert_eq!(code, 0, "iptables -S failed: {}", dump);
        let (list, code) = run(&mut s, "iptables -L -n -v --line-numbers", &mut t);
        prop_assert_eq!(code, 0, "iptables -L failed: {}", list);
        let (save, code) = run(&mut s, "iptables-save -c", &mut t);
        prop_assert_eq!(code, 0, "iptables-save failed: {}", save);
        let (status, code) = run(&mut s, "ufw status numbered", &mut t);
        prop_assert_eq!(code, 0, "ufw status failed: {}", status);
        // Every printed rule is found again by iptables -C (its own syntax).
        for line in dump.lines().filter(|l| l.starts_with("-A ")) {
            let (out, code) = run(&mut s, &format!("iptables -C {}", &line[3..]), &mut t);
            prop_assert_eq!(code, 0, "-C {} failed: {}", line, out);
        }
        // Walks end, from every kind of sender.
        for from in [Node::Lan, Node::Host, Node::Internet] {
            let _ = s.engine().send(&Probe::tcp(from.clone(), "192.168.1.10", 8080));
            let _ = s.engine().send(&Probe::ping(from, "172.17.0.2", 1));
        }
        let _ = s.matrix();
    }
}

#[test]
fn a_dump_replayed_into_a_fresh_host_gives_the_same_dump() {
    let lines = [
        "docker run -d --name web -p 8080:80 nginx",
        "iptables -N LOGDROP",
        "iptables -A LOGDROP -j LOG --log-prefix \"dropped: \"",
        "iptables -A LOGDROP -j DROP",
        "iptables -I DOCKER-USER -i eth0 ! -s 192.168.1.1 -j LOGDROP",
        "iptables -I DOCKER-USER -p tcp -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
        "iptables -A DOCKER-USER -p udp -m multiport --dports 53,5353 -m comment --comment \"dns only\" -j REJECT",
        "iptables -P INPUT DROP",
    ];
    let mut a = Session::new(3);
    let mut t = 0;
    for l in lines {
        let (out, code) = run(&mut a, l, &mut t);
        assert_eq!(code, 0, "{l}: {out}");
    }
    let (dump, _) = run(&mut a, "iptables -S", &mut t);
    // Replay the learner's part of the dump, as `iptables-restore` would take it.
    let mut b = Session::new(3);
    let mut u = 0;
    run(&mut b, lines[0], &mut u);
    for l in dump.lines() {
        let chain = l.split_whitespace().nth(1).unwrap_or("");
        let mine = chain == "LOGDROP" || chain == "DOCKER-USER" || l == "-P INPUT DROP";
        if mine && !l.starts_with("-N DOCKER-USER") {
            let (out, code) = run(&mut b, &format!("iptables {l}"), &mut u);
            assert_eq!(code, 0, "{l}: {out}");
        }
    }
    let (again, _) = run(&mut b, "iptables -S", &mut u);
    assert_eq!(dump, again);
}

#[test]
fn the_engine_state_carries_the_rules_through_serialisation() {
    let mut a = Session::new(5);
    let mut t = 0;
    run(&mut a, "docker run -d --name web -p 8080:80 nginx", &mut t);
    run(
        &mut a,
        "iptables -I DOCKER-USER -p tcp --dport 80 -j DROP",
        &mut t,
    );
    let json = serde_json::to_string(a.engine()).unwrap();
    let back: bridgeport_engine::Engine = serde_json::from_str(&json).unwrap();
    assert_eq!(back.firewall(), a.engine().firewall());
    assert_eq!(back.firewall().edits.len(), 1);
    // The restored engine's walk meets the rule.
    let d = back.send(&Probe::tcp(Node::Lan, "192.168.1.10", 8080));
    assert_eq!(d.outcome, bridgeport_engine::net::Outcome::TimedOut);
    let hop = d
        .packets
        .iter()
        .flat_map(|p| p.hops.iter())
        .find(|h| h.rule.is_some() && h.verdict == bridgeport_engine::trace::Verdict::Dropped);
    assert_eq!(
        hop.and_then(|h| h.rule.clone()).as_deref(),
        Some("-A DOCKER-USER -p tcp -m tcp --dport 80 -j DROP")
    );
}

#[test]
fn the_matrix_shows_a_learner_drop() {
    let mut a = Session::new(5);
    let mut t = 0;
    run(&mut a, "docker run -d --name a1 alpine sleep 1d", &mut t);
    run(&mut a, "docker run -d --name a2 nginx", &mut t);
    let before = serde_json::to_string(&a.matrix()).unwrap();
    run(
        &mut a,
        "iptables -I DOCKER-USER -p tcp --dport 80 -j DROP",
        &mut t,
    );
    let after = serde_json::to_string(&a.matrix()).unwrap();
    assert_ne!(before, after);
    assert!(
        after.contains("-A DOCKER-USER -p tcp -m tcp --dport 80 -j DROP"),
        "{after}"
    );
}

/// ip6tables is a separate rule set (iptables-nft keeps `ip filter` and
/// `ip6 filter` apart): the learner's IPv4 rules and chains do not appear in
/// its listing, and changing it says it is not simulated instead of editing
/// the IPv4 rules.
#[test]
fn ip6tables_does_not_show_or_change_the_learners_ipv4_rules() {
    let mut s = Session::new(1);
    let mut out = |line: &str| s.execute(line, Timestamp(0)).output;
    out("docker network create --ipv6 v6net");
    out("iptables -I DOCKER-USER -p tcp --dport 80 -j DROP");
    out("iptables -N MINE");
    assert_eq!(out("ip6tables -S DOCKER-USER"), "-N DOCKER-USER\n");
    assert!(out("ip6tables -L MINE").contains("No chain/target/match by that name"));
    let refused = out("ip6tables -A DOCKER-USER -j ACCEPT");
    assert!(
        refused.starts_with("[bridgeport] changing ip6tables rules is not simulated"),
        "{refused}"
    );
    assert_eq!(
        out("iptables -S DOCKER-USER"),
        "-N DOCKER-USER\n-A DOCKER-USER -p tcp -m tcp --dport 80 -j DROP\n"
    );
}

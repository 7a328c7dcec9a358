//! The share codec and the page's query parameters: round trips, a state
//! written by version 1 and read by this build, clean refusals of damaged,
//! oversized and future states, and URL values that stay plain data.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use bridgeport_lessons::share::{parse_query, Panel, MAX_COMMANDS, MAX_DECODED, MAX_FRAGMENT};
use bridgeport_lessons::{LessonRun, PageOptions, SavedState, ShareError, Theme};
use proptest::prelude::*;

fn sample() -> SavedState {
    let mut s = SavedState::new(
        42,
        vec![
            "docker run -d --name web -p 9000:80 nginx".into(),
            "curl localhost:9000".into(),
            "docker exec web sh -c \"echo 'hi; there'\"".into(),
        ],
    );
    s.lesson = Some("basics".into());
    s.step = 4;
    s.theme = Some(Theme::Dark);
    s.completed = vec![true, true, true, true, false];
    s.step_starts = vec![0, 0, 1, 1, 2];
    s
}

/// Written by the first version of the format; every later build must read it.
const V1_FRAGMENT: &str = "XY9BbgIxDEWvYnnDJpEC6qJNjwKjKiS_zYhMMoozBQlxdzLAClnywt_Per7yP6qMJbPdKhYgsP3YKfZlmlwOwnbPofgTKtUlkw6kdXYT6Iwj6Zm-jDH201D-G_OFO7fURKl4l2KRZte4T18XcIF_gBJJezowfCy0ieM3tYiKzYF5UJwgsgrx0cnopfPSMHcvxX1tQk-Cqyd-WM4JbZXet7pAvbVflwTDk_-R5mpbHzLKqG2v3XC7Aw";
const V1_JSON: &str = r#"{"version":1,"seed":42,"commands":["docker run -d --name web -p 9000:80 nginx","curl localhost:9000","docker exec web sh -c \"echo 'hi; there'\""],"lesson":"basics","step":4,"theme":"dark","completed":[true,true,true,true,false],"step_starts":[0,0,1,1,2]}"#;

fn pack(json: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
}

#[test]
fn a_state_survives_the_round_trip_through_a_url() {
    let s = sample();
    let fragment = s.encode().unwrap();
    assert!(
        fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "URL-safe, no padding: {fragment}"
    );
    assert_eq!(SavedState::decode(&fragment).unwrap(), s);
    assert_eq!(SavedState::decode(&format!("#{fragment}")).unwrap(), s);
    assert_eq!(SavedState::from_json(&s.to_json().unwrap()).unwrap(), s);
    let bare = SavedState::new(0, vec![]);
    assert_eq!(SavedState::decode(&bare.encode().unwrap()).unwrap(), bare);
    assert_eq!(
        bare.to_json().unwrap(),
        r#"{"version":1,"seed":0,"commands":[],"step":0}"#
    );
}

#[test]
fn a_typical_session_makes_a_short_link() {
    let mut cmds = Vec::new();
    for i in 0..40 {
        cmds.push(format!(
            "docker run -d --name web{i} -p {}:80 nginx",
            8000 + i
        ));
        cmds.push(format!("curl localhost:{}", 8000 + i));
    }
    let fragment = SavedState::new(42, cmds).encode().unwrap();
    assert!(fragment.len() < 700, "{} characters", fragment.len());
}

#[test]
fn a_version_1_state_is_read_by_this_build() {
    assert_eq!(SavedState::decode(V1_FRAGMENT).unwrap(), sample());
    assert_eq!(SavedState::from_json(V1_JSON).unwrap(), sample());
    // Fields added later in version 1 are optional: the oldest form still reads.
    let minimal =
        SavedState::from_json(r#"{"version":1,"seed":7,"commands":["docker ps"]}"#).unwrap();
    assert_eq!(minimal, SavedState::new(7, vec!["docker ps".into()]));
}

#[test]
fn a_restored_state_resumes_the_lesson() {
    let s = SavedState::decode(V1_FRAGMENT).unwrap();
    let lesson = bridgeport_lessons::builtin::load(s.lesson.as_deref().unwrap())
        .unwrap()
        .unwrap();
    let run = LessonRun::restore(lesson, s.progress().unwrap(), s.commands.clone()).unwrap();
    assert_eq!(run.progress().step, 4);
    assert_eq!(
        run.current().unwrap().title,
        "Mistake 2, the wrong way round"
    );
    assert!(SavedState::new(1, vec![]).progress().is_none());
}

#[test]
fn a_state_from_a_newer_version_is_refused_with_a_reason() {
    let future = pack(r#"{"version":2,"seed":1,"commands":[],"panes":"new"}"#);
    let e = SavedState::decode(&future).unwrap_err();
    assert_eq!(e, ShareError::NewerVersion(2));
    assert_eq!(
        e.to_string(),
        "this state was saved by a newer version of Bridgeport (format 2; this page reads up to 1): reload the page to get the newest version"
    );
    assert_eq!(
        SavedState::from_json(r#"{"version":99}"#).unwrap_err(),
        ShareError::NewerVersion(99)
    );
}

#[test]
fn damaged_and_hostile_states_are_refused_cleanly() {
    let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
        &vec![b' '; 4 * MAX_DECODED],
        9,
    ));
    assert!(
        bomb.len() < 2000,
        "a small link that inflates past the limit"
    );
    let many = format!(
        r#"{{"version":1,"seed":1,"commands":[{}]}}"#,
        vec!["\"ls\""; MAX_COMMANDS + 1].join(",")
    );
    let cases: Vec<(String, ShareError)> = vec![
        (String::new(), ShareError::Empty),
        ("#".into(), ShareError::Empty),
        ("not base64!".into(), ShareError::NotBase64),
        ("QQ==".into(), ShareError::NotBase64),
        ("QR".into(), ShareError::NotBase64),
        ("AAAA".into(), ShareError::NotCompressed),
        ("A".repeat(MAX_FRAGMENT + 1), ShareError::TooLong(MAX_FRAGMENT + 1)),
        (bomb, ShareError::TooLarge),
        (pack("<script>alert(1)</script>"), ShareError::NotJson("expected value at line 1 column 1".into())),
        (pack(r#"{"seed":1,"commands":[]}"#), ShareError::Invalid("it has no version".into())),
        (pack(r#"{"version":"1","seed":1,"commands":[]}"#), ShareError::Invalid("the version is not a number".into())),
        (pack(r#"{"version":0,"seed":1,"commands":[]}"#), ShareError::Invalid("unknown version 0".into())),
        (
            pack(r#"{"version":1,"seed":1,"commands":[],"script":"alert(1)"}"#),
            ShareError::NotJson(
                "unknown field `script`, expected one of `version`, `seed`, `commands`, `lesson`, `step`, `theme`, `completed`, `step_starts`".into(),
            ),
        ),
        (pack(r#"{"version":1,"seed":-1,"commands":[]}"#), ShareError::NotJson("invalid value: integer `-1`, expected u64".into())),
        (pack(r#"{"version":1,"seed":1,"commands":["ls\rrm"]}"#), ShareError::Invalid("command 1 contains a control character".into())),
        (pack(&many), ShareError::Invalid(format!("{} commands (the limit is {MAX_COMMANDS})", MAX_COMMANDS + 1))),
        (pack(r#"{"version":1,"seed":1,"commands":[],"lesson":"<img src=x>"}"#), ShareError::Invalid("the lesson id is not valid".into())),
        (
            pack(r#"{"version":1,"seed":1,"commands":[],"theme":"javascript:alert(1)"}"#),
            ShareError::NotJson("unknown variant `javascript:alert(1)`, expected `light` or `dark`".into()),
        ),
        (pack(r#"{"version":1,"seed":1,"commands":["a"],"lesson":"basics","step_starts":[0,5]}"#), ShareError::Invalid("step starts out of order".into())),
        (pack(&format!("[{}1{}]", "[".repeat(500), "]".repeat(500))), ShareError::NotJson("recursion limit exceeded at line 1 column 128".into())),
    ];
    for (fragment, want) in cases {
        let got = SavedState::decode(&fragment);
        assert_eq!(
            got.as_ref().err(),
            Some(&want),
            "for {}",
            fragment.chars().take(60).collect::<String>()
        );
    }
    // A line just over the limit, in JSON small enough to pass the size check.
    let long = format!(
        r#"{{"version":1,"seed":1,"commands":["{}"]}}"#,
        "x".repeat(bridgeport_commands::MAX_LINE + 1)
    );
    assert_eq!(
        SavedState::from_json(&long).unwrap_err(),
        ShareError::Invalid(format!(
            "command 1 is longer than {} bytes",
            bridgeport_commands::MAX_LINE
        ))
    );
}

#[test]
fn error_messages_read_well() {
    assert_eq!(
        ShareError::NotBase64.to_string(),
        "the saved state is damaged (not base64url text); was the link cut off?"
    );
    assert_eq!(
        ShareError::TooLarge.to_string(),
        "the saved state is too large (over 64 KiB)"
    );
    assert_eq!(
        ShareError::Invalid("x".into()).to_string(),
        "the saved state is not valid: x"
    );
}

// ----- query parameters ------------------------------------------------------

#[test]
fn the_embed_example_from_the_issue() {
    let o = parse_query("?embed&lesson=basics&commands=docker%20run%20-d%20--name%20web%20nginx%0Adocker%20ps&theme=dark&panels=terminal,topology").unwrap();
    assert_eq!(
        o,
        PageOptions {
            files: vec![],
            commands: vec!["docker run -d --name web nginx".into(), "docker ps".into()],
            lesson: Some("basics".into()),
            theme: Some(Theme::Dark),
            panels: Some(vec![Panel::Terminal, Panel::Topology]),
            embed: true,
            seed: None,
            autofocus: false,
        }
    );
}

#[test]
fn query_values() {
    let q = |s: &str| parse_query(s).unwrap();
    assert_eq!(q(""), PageOptions::default());
    assert_eq!(q("?"), PageOptions::default());
    assert_eq!(
        q("commands=docker+ps;docker+network+ls").commands,
        ["docker ps", "docker network ls"]
    );
    assert_eq!(
        q("commands=docker%20ps%0D%0Adocker%20images%3B%20").commands,
        ["docker ps", "docker images"]
    );
    assert_eq!(q("commands=echo+%22a%3Bb%22").commands, [r#"echo "a;b""#]);
    assert_eq!(
        q("commands=docker+ps&commands=docker+images").commands,
        ["docker ps", "docker images"]
    );
    assert_eq!(q("seed=18446744073709551615").seed, Some(u64::MAX));
    assert!(!q("embed=0").embed);
    assert!(q("embed=1").embed);
    assert_eq!(q("theme=auto").theme, None);
    assert_eq!(q("theme=light").theme, Some(Theme::Light));
    assert_eq!(
        q("panels=matrix,packets,matrix,inspect").panels,
        Some(vec![Panel::Matrix, Panel::Packets, Panel::Inspect])
    );
    assert_eq!(
        q("utm_source=course&x=%zz&lesson=sandbox")
            .lesson
            .as_deref(),
        Some("sandbox"),
        "unknown parameters are ignored, even malformed ones' names"
    );
}

#[test]
fn bad_query_values_are_errors() {
    let cases = [
        (
            "seed=abc",
            "`seed=abc` is not a whole number between 0 and 18446744073709551615",
        ),
        (
            "seed=18446744073709551616",
            "`seed=18446744073709551616` is not a whole number between 0 and 18446744073709551615",
        ),
        ("theme=blue", "unknown theme `blue` (light, dark or auto)"),
        (
            "panels=terminal,chart",
            "unknown panel `chart` (panels: terminal, topology, packets, matrix, inspect, files)",
        ),
        (
            "panels=",
            "`panels=` needs at least one panel, e.g. panels=terminal,topology",
        ),
        (
            "embed=maybe",
            "`embed=maybe`: use embed, embed=1 or embed=0",
        ),
        (
            "lesson=Basics",
            "`Basics` is not a lesson id (lowercase letters, digits and -)",
        ),
        ("lesson=a&lesson=b", "`lesson` is given twice"),
        ("commands=100%", "`100%` has a broken %-escape"),
        ("commands=%C3%28", "`%C3%28` is not UTF-8 text once decoded"),
        (
            "commands=echo%07bell",
            "command 1 contains a control character",
        ),
    ];
    for (query, want) in cases {
        assert_eq!(parse_query(query).unwrap_err(), want, "{query}");
    }
    let many = format!("commands={}", vec!["ls"; MAX_COMMANDS + 1].join("%0A"));
    assert_eq!(
        parse_query(&many).unwrap_err(),
        format!(
            "too many commands ({}; the limit is {MAX_COMMANDS})",
            MAX_COMMANDS + 1
        )
    );
    let long = format!("commands={}", "x".repeat(bridgeport_commands::MAX_LINE + 1));
    assert_eq!(
        parse_query(&long).unwrap_err(),
        format!(
            "command 1 is longer than {} bytes",
            bridgeport_commands::MAX_LINE
        )
    );
}

#[test]
fn script_injection_attempts_stay_plain_text() {
    let o = parse_query("commands=%3Cscript%3Ealert(1)%3C%2Fscript%3E%0Adocker+run+--name+%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E%22+nginx%0Ajavascript%3Aalert(document.cookie)").unwrap();
    assert_eq!(
        o.commands,
        [
            "<script>alert(1)</script>",
            r#"docker run --name "><img src=x onerror=alert(1)>" nginx"#,
            "javascript:alert(document.cookie)"
        ]
    );
    // They are only ever commands for the terminal, where they fail like any typo.
    let (_, steps) = bridgeport_commands::script::run_script(1, &o.commands.join("\n"));
    assert!(steps.iter().all(|s| s.outcome.exit_code != 0));
    assert_eq!(
        parse_query("lesson=%3Cscript%3E").unwrap_err(),
        "`<script>` is not a lesson id (lowercase letters, digits and -)"
    );
    assert_eq!(
        parse_query("theme=%22%3E%3Cscript%3E").unwrap_err(),
        "unknown theme `\"><script>` (light, dark or auto)"
    );
    assert_eq!(
        parse_query("panels=terminal,%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E").unwrap_err(),
        "unknown panel `<img src=x onerror=alert(1)>` (panels: terminal, topology, packets, matrix, inspect, files)"
    );
    assert_eq!(
        parse_query(&format!("theme={}", "A".repeat(100))).unwrap_err(),
        format!("unknown theme `{}…` (light, dark or auto)", "A".repeat(40)),
        "errors quote at most 40 characters"
    );
}

// ----- nothing panics ----------------------------------------------------------

fn state_strategy() -> impl Strategy<Value = SavedState> {
    let command = "[ -~]{0,60}";
    (
        any::<u64>(),
        prop::collection::vec(command, 0..30),
        prop::option::of("[a-z0-9][a-z0-9-]{0,20}"),
        0usize..20,
        prop::option::of(prop_oneof![Just(Theme::Light), Just(Theme::Dark)]),
    )
        .prop_map(|(seed, commands, lesson, step, theme)| {
            let mut s = SavedState::new(seed, commands);
            s.theme = theme;
            if lesson.is_some() {
                s.completed = vec![true; step];
                s.step_starts = (0..=step.min(s.commands.len())).collect();
                s.step = step;
            }
            s.lesson = lesson;
            s
        })
}

proptest! {
    #[test]
    fn valid_states_round_trip(s in state_strategy()) {
        let fragment = s.encode().unwrap();
        prop_assert_eq!(SavedState::decode(&fragment).unwrap(), s.clone());
        prop_assert_eq!(SavedState::from_json(&s.to_json().unwrap()).unwrap(), s);
    }

    #[test]
    fn any_text_as_a_fragment_is_refused_or_read(text in ".{0,400}") {
        let _ = SavedState::decode(&text);
        let _ = SavedState::from_json(&text);
    }

    #[test]
    fn any_bytes_behind_base64_are_refused_or_read(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = SavedState::decode(&URL_SAFE_NO_PAD.encode(&bytes));
    }

    #[test]
    fn any_deflated_bytes_are_refused_or_read(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let fragment = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bytes, 6));
        prop_assert!(SavedState::decode(&fragment).is_err());
    }

    #[test]
    fn damaged_links_are_refused_or_read(cut in 0usize..200, flip in 0usize..200) {
        let mut bytes = sample().encode().unwrap().into_bytes();
        if !bytes.is_empty() {
            let i = flip % bytes.len();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        }
        bytes.truncate(cut);
        let _ = SavedState::decode(&String::from_utf8(bytes).unwrap());
    }

    #[test]
    fn any_query_is_parsed_or_refused(q in ".{0,300}") {
        let _ = parse_query(&q);
    }

    #[test]
    fn commands_in_a_query_come_back_as_typed(cmds in prop::collection::vec("[a-z0-9 ./:=-]{1,30}", 1..10)) {
        let encoded: Vec<String> = cmds.iter().map(|c| c.bytes().map(|b| format!("%{b:02X}")).collect()).collect();
        let o = parse_query(&format!("commands={}", encoded.join("%0A"))).unwrap();
        let want: Vec<String> = cmds.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        prop_assert_eq!(o.commands, want);
    }
}

/// The learner's iptables rules are engine state that a share link carries:
/// the link holds the lines, and replaying them rebuilds the same ruleset
/// (and the same drop in the walk) on the other side.
#[test]
fn a_share_link_carries_the_firewall_rules() {
    use bridgeport_commands::Session;
    use bridgeport_engine::Timestamp;
    let lines: Vec<String> = vec![
        "docker run -d --name web -p 8080:80 nginx".into(),
        "iptables -N LOGDROP".into(),
        "iptables -A LOGDROP -j DROP".into(),
        "iptables -I DOCKER-USER -p tcp -m conntrack --ctorigdstport 8080 -j LOGDROP".into(),
        "iptables -P INPUT DROP".into(),
        // ufw's state and chains, and counters real traffic incremented.
        "ufw allow 22/tcp".into(),
        "ufw enable".into(),
        "ufw deny 8080".into(),
        "lan".into(),
        "curl -s -m 1 http://192.168.1.10:8080/".into(),
        "exit".into(),
    ];
    let play = |cmds: &[String]| {
        let mut s = Session::new(9);
        for (i, c) in cmds.iter().enumerate() {
            s.execute(c, Timestamp(1_000 * (i as u64 + 1)));
        }
        let dump = s.execute("iptables -S -v", Timestamp(1_000_000)).output
            + &s.execute("ufw status numbered", Timestamp(1_000_000))
                .output;
        let lan = s.engine().send(&bridgeport_engine::net::Probe::tcp(
            bridgeport_engine::net::Node::Lan,
            "192.168.1.10",
            8080,
        ));
        (dump, lan.outcome, s.engine().firewall().clone())
    };
    let fragment = SavedState::new(9, lines.clone()).encode().unwrap();
    let back = SavedState::decode(&fragment).unwrap();
    let (dump, outcome, fw) = play(&lines);
    let (dump2, outcome2, fw2) = play(&back.commands);
    assert!(
        dump.contains("-A DOCKER-USER -p tcp -m conntrack --ctorigdstport 8080 -c 1 60 -j LOGDROP"),
        "{dump}"
    );
    assert!(dump.contains("-P INPUT DROP"), "{dump}");
    assert!(
        dump.contains("-A ufw-user-input -p tcp -m tcp --dport 8080 -c 0 0 -j DROP"),
        "{dump}"
    );
    assert!(
        dump.contains("[ 2] 8080                       DENY IN"),
        "{dump}"
    );
    // The LAN SYN is counted on the DOCKER-USER rule it met (and dropped in LOGDROP).
    assert!(fw.ufw.enabled && !fw.counters.is_empty());
    assert_eq!(dump, dump2);
    assert_eq!(outcome, bridgeport_engine::net::Outcome::TimedOut);
    assert_eq!(outcome, outcome2);
    assert_eq!(fw, fw2);
}

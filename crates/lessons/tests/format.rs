//! The lesson file format: what a well-formed lesson turns into, and the exact
//! error (with its line) for each way of getting it wrong.

use bridgeport_lessons::{Block, Lesson};

/// The example in the crate documentation, so the docs cannot go stale.
fn doc_example() -> String {
    let lib = include_str!("../src/lib.rs");
    let mut out = Vec::new();
    let mut inside = false;
    for line in lib.lines() {
        let l = line
            .strip_prefix("//!")
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .unwrap_or("");
        if l.starts_with("````markdown") {
            inside = true;
        } else if l.starts_with("````") && inside {
            break;
        } else if inside {
            out.push(l.to_string());
        }
    }
    out.join("\n")
}

#[test]
fn the_documented_example_parses_into_steps_with_checks() {
    let lesson = Lesson::parse(&doc_example()).unwrap();
    assert_eq!(lesson.id, "publish");
    assert_eq!(lesson.title, "Publishing a port");
    assert_eq!(lesson.seed, 42);
    assert_eq!(lesson.setup, ["docker pull nginx"]);
    assert_eq!(
        lesson.summary.as_deref(),
        Some("Make a web server reachable from outside its container.")
    );
    assert_eq!(
        lesson.intro,
        [Block::Text(
            "Containers live in their own network namespace. This text is the intro.".into()
        )]
    );
    assert_eq!(lesson.steps.len(), 2);
    let s1 = &lesson.steps[0];
    assert_eq!(
        (s1.number, s1.title.as_str(), s1.line),
        (1, "Run a web server", 12)
    );
    assert_eq!(
        s1.body,
        [
            Block::Text("Start nginx with its port 80 published on the host's port 9000:".into()),
            Block::Run(vec!["docker run -d --name web -p 9000:80 nginx".into()]),
        ]
    );
    assert_eq!(s1.commands(), ["docker run -d --name web -p 9000:80 nginx"]);
    let sources: Vec<&str> = s1.check.clauses.iter().map(|c| c.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "container web running",
            "container web image nginx",
            "container web publishes 80/tcp on 9000"
        ]
    );
    assert_eq!(
        s1.check.clauses.iter().map(|c| c.line).collect::<Vec<_>>(),
        [22, 22, 23]
    );
    assert_eq!(
        s1.hint,
        "`-p` takes HOST:CONTAINER, so host port 9000 comes first."
    );
    assert_eq!(s1.solution, ["docker run -d --name web -p 9000:80 nginx"]);
    assert_eq!(
        s1.success.as_deref(),
        Some("nginx now answers on every address of the host, port 9000.")
    );
    let s2 = &lesson.steps[1];
    assert!(s2.body.is_empty() && s2.solution.is_empty() && s2.success.is_none());
    assert_eq!(
        s2.check.clauses[0].source,
        "packet tcp from host to web:80 answered"
    );
}

#[test]
fn other_fenced_blocks_stay_text_and_headings_may_be_used() {
    let src = "---\ntitle: T\nid: t\n---\nIntro.\n\n```run\ndocker ps\n```\n\n## Background\n\nMore intro.\n\n## Step 1: Look\n\n```json\n{\"check:\": 1}\n```\n\ncheck: command docker ps ran\nhint: h\n";
    let lesson = Lesson::parse(src).unwrap();
    assert_eq!(
        lesson.intro,
        [
            Block::Text("Intro.".into()),
            Block::Run(vec!["docker ps".into()]),
            Block::Text("## Background\n\nMore intro.".into())
        ]
    );
    assert_eq!(lesson.intro_commands(), ["docker ps"]);
    assert_eq!(
        lesson.steps[0].body,
        [Block::Text("```json\n{\"check:\": 1}\n```".into())]
    );
    assert_eq!(lesson.seed, 1, "the default seed");
}

#[test]
fn crlf_line_endings_are_fine() {
    let src = "---\r\ntitle: T\r\nid: t\r\nsetup: |\r\n  docker pull nginx\r\n---\r\n## Step 1: A\r\ncheck: network bridge exists\r\nhint: h\r\n";
    let lesson = Lesson::parse(src).unwrap();
    assert_eq!(lesson.setup, ["docker pull nginx"]);
    assert_eq!(lesson.steps[0].hint, "h");
}

/// Parses `src` (front matter added unless it starts with `---` or `!`) and returns the error.
fn error(src: &str) -> String {
    let text = if src.starts_with("---") {
        src.to_string()
    } else if let Some(raw) = src.strip_prefix('!') {
        raw.to_string()
    } else {
        format!("---\ntitle: T\nid: t\n---\n{src}")
    };
    match Lesson::parse(&text) {
        Ok(_) => "parsed".to_string(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_lessons_name_the_line() {
    let cases: &[(&str, &str)] = &[
        // The check language.
        (
            "## Step 1: A\ntext\ncheck: container web runing\nhint: h\n",
            "line 7: unknown container check `runing`: expected `container NAME exists`, `running`, `stopped`, `image IMAGE`, `publishes PORT[/PROTO] [on [IP:]HOSTPORT]`, `exposes PORT[/PROTO]`, `on network NET` or `address in CIDR` (in `container web runing`)",
        ),
        (
            "## Step 1: A\ncheck:\n```\ncontainer web running\nweb is up\n```\nhint: h\n",
            "line 9: unknown check `web`: a check starts with one of container, containers, network, host port(s), at least, packet, probe, ping, lookup, command (in `web is up`)",
        ),
        ("## Step 1: A\ncheck:\n```\n```\nhint: h\n", "line 6: this check block is empty: write one condition per line"),
        ("## Step 1: A\ncheck:\nhint: h\n", "line 6: `check:` is empty: write it on the same line (`check: ...`) or put a ``` block right after it"),
        ("## Step 1: A\ncheck:\n```\ncontainer web running\n", "line 7: this ``` block is never closed: add a line ``` after it"),
        // Steps.
        ("## Step 1: Publish\nDo it.\nhint: h\n", "line 5: step 1 (\"Publish\") has no check: add a `check:` line saying what must be true"),
        ("## Step 1: A\ncheck: network bridge exists\n", "line 5: step 1 (\"A\") has no hint: add a `hint:` line for a learner who is stuck"),
        (
            "## Step 1: A\ncheck: network bridge exists\nhint: h\n## Step 3: C\ncheck: network bridge exists\nhint: h\n",
            "line 8: this is step 3, but step 2 was expected here (steps are numbered 1, 2, 3, ...)",
        ),
        ("## Step two: B\n", "line 5: a step heading is `## Step N: Title`, e.g. `## Step 2: Publish a port` (`two` is not a number)"),
        ("## Step 1 Publish\n", "line 5: a step heading is `## Step N: Title`, e.g. `## Step 2: Publish a port` (the `:` after the number is missing)"),
        ("## Step 1:\n", "line 5: a step heading is `## Step N: Title`, e.g. `## Step 2: Publish a port` (the title is missing)"),
        ("Intro\ncheck: network bridge exists\n", "line 6: `check:` belongs inside a step; start a step with `## Step 1: Title` first"),
        (
            "## Step 1: A\ncheck: network bridge exists\ncheck: network host exists\nhint: h\n",
            "line 7: step 1 already has a check: put every condition in one check block",
        ),
        ("## Step 1: A\ncheck: network bridge exists\nhint:\n", "line 7: `hint:` needs its text on the same line"),
        ("## Step 1: A\ncheck: network bridge exists\nhint: h\nsolution:\n```\n```\n", "line 8: this solution block is empty: write one command per line"),
        ("```run\n```\n", "line 5: this run block is empty: put one command per line in it"),
        ("## Step 1: A\n```run\ndocker ps\n", "line 6: this ``` block is never closed: add a line ``` after it"),
        // Front matter.
        ("!title: T\n", "line 1: a lesson starts with front matter: a line `---`, then `title:`, `id:` ..., then `---`"),
        ("!", "line 1: the lesson is empty: it needs front matter (`---`, `title:`, `id:`, `---`)"),
        ("---\ntitle: T\nid: t\n", "line 1: the front matter is never closed: add a line `---` after it"),
        ("---\ntitle: T\n---\n", "line 1: the front matter has no `id:`"),
        ("---\nid: t\n---\n", "line 1: the front matter has no `title:`"),
        ("---\ntitle: T\nid: t\nauthor: me\n---\n", "line 4: unknown front matter key `author` (keys: title, id, seed, summary, setup)"),
        ("---\ntitle: T\nid: My Lesson\n---\n", "line 3: `id: My Lesson` is not a valid lesson id: use lowercase letters, digits and `-` (at most 64)"),
        ("---\ntitle: T\nid: t\nseed: -1\n---\n", "line 4: `seed: -1` is not a whole number between 0 and 18446744073709551615"),
        ("---\ntitle: T\ntitle: U\n---\n", "line 3: `title` is given twice in the front matter"),
        ("---\ntitle: T\nid: t\njust words\n---\n", "line 4: expected `key: value` in the front matter (keys: title, id, seed, summary, setup)"),
        ("---\ntitle: T\nid: t\nsetup:\n---\n", "line 4: `setup:` needs commands: `setup: docker pull nginx`, or `setup: |` followed by indented lines"),
    ];
    for (src, want) in cases {
        assert_eq!(error(src), *want, "for:\n{src}");
    }
}

#[test]
fn a_lesson_without_steps_is_a_sandbox() {
    let lesson = Lesson::parse("---\ntitle: Free\nid: free\n---\nPlay.\n").unwrap();
    assert!(lesson.is_sandbox());
}

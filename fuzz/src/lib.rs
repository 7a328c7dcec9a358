//! Shared pieces of the fuzz targets: a grammar of docker command lines built
//! from `arbitrary` input (pools of meaningful tokens plus raw random ones),
//! and the invariants every session must keep whatever is typed.

use arbitrary::{Arbitrary, Result, Unstructured};
use bridgeport_commands::{Outcome, Session};
use bridgeport_engine::Engine;

pub const NAMES: &[&str] = &[
    "web", "db", "a", "b", "client", "c1", "web2", "my_app", "x.y-z",
];
pub const NETS: &[&str] = &[
    "bridge",
    "host",
    "none",
    "n1",
    "n2",
    "front",
    "back",
    "nosuch",
    "container:web",
];
pub const IMAGES: &[&str] = &[
    "nginx",
    "alpine",
    "redis",
    "busybox",
    "postgres",
    "python",
    "curlimages/curl",
    "nginx:alpine",
    "nosuch",
    "ubuntu",
    "traefik/whoami",
    "alpine:3.20",
    "library/nginx:latest",
];
pub const PORTS: &[&str] = &[
    "8080:80",
    "80",
    "127.0.0.1:8080:80",
    "8080:80/udp",
    "9000-9001:80",
    "9090-9092:80",
    "[::1]:8081:80",
    "0:80",
    "8000-8002:8000-8002",
    "53:53/udp",
    "published=7070,target=80",
    "::80",
    "0.0.0.0:443:443/tcp",
    "65535:1",
    "1-65535:80",
    "8080:80/sctp",
    "bad",
    "",
];
pub const SUBNETS: &[&str] = &[
    "10.5.0.0/30",
    "10.5.0.0/24",
    "172.30.0.0/16",
    "192.168.0.0/24",
    "10.0.0.0/8",
    "0.0.0.0/0",
    "10.9.9.9/31",
    "fd00::/64",
    "172.17.0.0/16",
    "10.1.0.0/32",
    "300.1.1.1/24",
];
pub const IPS: &[&str] = &[
    "10.5.0.2",
    "10.5.0.1",
    "172.30.0.10",
    "172.17.0.5",
    "10.5.0.3",
    "fd00::5",
    "999.1.1.1",
    "10.5.0.255",
];
pub const TEMPLATES: &[&str] = &[
    "{{.Name}}",
    "{{json .}}",
    "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
    "{{.Names}}\\t{{.Ports}}",
    "table {{.ID}}\\t{{.Status}}",
    "{{index .Config.Labels \"x\"}}",
    "{{range $k, $v := .Containers}}{{$v.Name}}={{$v.IPv4Address}} {{end}}",
    "{{printf \"%q %v %x\" .Name .Id .Driver}}",
    "{{if .Internal}}internal{{else}}{{.Scope}}{{end}}",
    "{{define \"t\"}}{{template \"t\" .}}{{end}}{{template \"t\" .}}",
    "{{range .}}{{range .}}{{.}}{{end}}{{end}}",
    "{{.Label \"com.example\"}}",
    "{{",
];
pub const PROGRAMS: &[&str] = &[
    "ping -c 1 web",
    "curl -s http://web",
    "curl -s localhost:8080",
    "wget -qO- http://db",
    "nslookup web",
    "cat /etc/hosts",
    "cat /etc/resolv.conf",
    "ip addr",
    "hostname",
    "sh",
    "bash",
    "ping -c 2 -W 1 8.8.8.8",
    "nc -zv db 6379",
    "curl -m 1 http://172.17.0.1:8080",
    "exit 3",
    "echo hi",
];

/// A token from `pool` most of the time, otherwise a short raw string.
pub fn tok(u: &mut Unstructured, pool: &[&str]) -> Result<String> {
    if u.ratio(7, 8)? {
        Ok(u.choose(pool)?.to_string())
    } else {
        let s: String = u.arbitrary()?;
        Ok(s.chars().take(24).collect())
    }
}

/// Shell-quotes a token the way a learner would (single quotes).
pub fn q(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@[],%+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn opt(u: &mut Unstructured, line: &mut String, flag: &str, pool: &[&str]) -> Result<()> {
    if u.ratio(1, 3)? {
        line.push_str(&format!(" {flag} {}", q(&tok(u, pool)?)));
    }
    Ok(())
}

fn sw(u: &mut Unstructured, line: &mut String, flag: &str) -> Result<()> {
    if u.ratio(1, 4)? {
        line.push(' ');
        line.push_str(flag);
    }
    Ok(())
}

/// One command line from the grammar.
pub fn line(u: &mut Unstructured) -> Result<String> {
    let mut l = String::new();
    match u.int_in_range(0..=27u8)? {
        0..=5 => {
            l.push_str(if u.ratio(1, 8)? {
                "docker create"
            } else {
                "docker run"
            });
            l.push_str(u.choose(&[
                " -d",
                " -dit",
                " -d --rm",
                " -it",
                "",
                " -d --restart always",
            ])?);
            opt(u, &mut l, "--name", NAMES)?;
            for _ in 0..u.int_in_range(0..=2u8)? {
                opt(u, &mut l, "--network", NETS)?;
            }
            for _ in 0..u.int_in_range(0..=3u8)? {
                opt(u, &mut l, "-p", PORTS)?;
            }
            sw(u, &mut l, "-P")?;
            opt(
                u,
                &mut l,
                "--expose",
                &["80", "80-82", "53/udp", "8080:80", "0", "x"],
            )?;
            opt(u, &mut l, "--ip", IPS)?;
            opt(u, &mut l, "--network-alias", NAMES)?;
            opt(u, &mut l, "--hostname", NAMES)?;
            opt(
                u,
                &mut l,
                "--add-host",
                &["db:10.0.0.5", "x:host-gateway", "bad"],
            )?;
            opt(u, &mut l, "--dns", &["8.8.8.8", "1.1.1.1", "nope"])?;
            opt(u, &mut l, "--link", &["web", "db:database", "nosuch"])?;
            l.push(' ');
            l.push_str(&q(&tok(u, IMAGES)?));
            if u.ratio(1, 3)? {
                l.push(' ');
                l.push_str(u.choose(&[
                    "sleep infinity",
                    "sh",
                    "echo hi",
                    "false",
                    "nginx -g 'daemon off;'",
                    "redis-server",
                ])?);
            }
        }
        6 | 7 => {
            l.push_str("docker network create");
            opt(
                u,
                &mut l,
                "--driver",
                &["bridge", "overlay", "macvlan", "host", "nosuch"],
            )?;
            for _ in 0..u.int_in_range(0..=2u8)? {
                opt(u, &mut l, "--subnet", SUBNETS)?;
            }
            opt(u, &mut l, "--gateway", IPS)?;
            opt(u, &mut l, "--ip-range", SUBNETS)?;
            sw(u, &mut l, "--internal")?;
            sw(u, &mut l, "--ipv6")?;
            sw(u, &mut l, "--attachable")?;
            opt(
                u,
                &mut l,
                "-o",
                &[
                    "com.docker.network.bridge.enable_icc=false",
                    "com.docker.network.bridge.name=br-x",
                    "com.docker.network.bridge.enable_ip_masquerade=false",
                    "com.docker.network.driver.mtu=1400",
                    "com.docker.network.bridge.gateway_mode_ipv4=routed",
                ],
            )?;
            opt(u, &mut l, "--label", &["a=b", "x", "="])?;
            l.push(' ');
            l.push_str(&q(&tok(u, NETS)?));
        }
        8 | 9 => {
            l.push_str(u.choose(&[
                "docker network connect",
                "docker network disconnect",
                "docker network disconnect -f",
            ])?);
            opt(u, &mut l, "--ip", IPS)?;
            opt(u, &mut l, "--alias", NAMES)?;
            l.push_str(&format!(" {} {}", q(&tok(u, NETS)?), q(&tok(u, NAMES)?)));
        }
        10 => {
            l.push_str(u.choose(&[
                "docker network rm",
                "docker network inspect",
                "docker network ls",
                "docker network prune -f",
            ])?);
            for _ in 0..u.int_in_range(0..=2u8)? {
                l.push(' ');
                l.push_str(&q(&tok(u, NETS)?));
            }
            opt(u, &mut l, "--format", TEMPLATES)?;
            opt(
                u,
                &mut l,
                "--filter",
                &[
                    "name=n",
                    "driver=bridge",
                    "type=custom",
                    "dangling=true",
                    "bogus=1",
                ],
            )?;
        }
        11..=13 => {
            l.push_str(u.choose(&[
                "docker start",
                "docker stop",
                "docker restart",
                "docker kill",
                "docker rm",
                "docker rm -f",
                "docker port",
                "docker logs",
                "docker attach",
                "docker stop -t 0",
                "docker container rm -f",
                "docker logs --tail 2",
            ])?);
            for _ in 0..u.int_in_range(1..=2u8)? {
                l.push(' ');
                l.push_str(&q(&tok(u, NAMES)?));
            }
        }
        14 | 15 => {
            l.push_str(u.choose(&[
                "docker ps",
                "docker ps -a",
                "docker ps -q",
                "docker ps -a --no-trunc",
                "docker container ls -a",
            ])?);
            opt(u, &mut l, "--format", TEMPLATES)?;
            opt(
                u,
                &mut l,
                "--filter",
                &[
                    "name=web",
                    "status=exited",
                    "network=n1",
                    "publish=8080",
                    "label=x",
                    "bogus",
                ],
            )?;
        }
        16 | 17 => {
            l.push_str(u.choose(&[
                "docker inspect",
                "docker container inspect",
                "docker inspect --type network",
            ])?);
            opt(u, &mut l, "-f", TEMPLATES)?;
            l.push(' ');
            l.push_str(&q(&tok(u, NAMES)?));
        }
        18..=20 => {
            l.push_str(u.choose(&["docker exec", "docker exec -it", "docker exec -d"])?);
            l.push_str(&format!(" {} {}", q(&tok(u, NAMES)?), tok(u, PROGRAMS)?));
        }
        21 | 22 => {
            l.push_str(&tok(u, PROGRAMS)?);
        }
        23 => {
            l.push_str(u.choose(&[
                "exit",
                "lan",
                "laptop",
                "hostname -I",
                "docker images",
                "docker pull alpine",
                "docker --help",
            ])?);
        }
        24 => {
            l.push_str(u.choose(&[
                "docker run --help",
                "docker network create --help",
                "docker ps -h",
                "docker network",
            ])?);
        }
        _ => {
            // A raw line, or a grammar line with a random token spliced in.
            let raw: String = u.arbitrary()?;
            l.push_str(&raw.chars().take(200).collect::<String>());
        }
    }
    Ok(l)
}

/// A sequence of lines with a seed, as the `command_sequence` target runs it.
#[derive(Debug)]
pub struct Sequence {
    pub seed: u64,
    pub lines: Vec<String>,
}

impl<'a> Arbitrary<'a> for Sequence {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let seed = u.int_in_range(0..=3u64)?;
        let mut lines = Vec::new();
        let n = u.int_in_range(1..=48usize)?;
        for _ in 0..n {
            if u.is_empty() {
                break;
            }
            lines.push(line(u)?);
        }
        Ok(Sequence { seed, lines })
    }
}

/// The engine's invariants (one definition, shared with the property tests).
pub fn check_invariants(engine: &Engine) -> std::result::Result<(), String> {
    engine.check_invariants()
}

/// What every outcome must satisfy, whatever the line.
pub fn check_outcome(o: &Outcome) {
    assert!(
        o.output.len() <= 4 << 20,
        "output of {} bytes for {:?}",
        o.output.len(),
        o.command
    );
    let joined: String = o.segments.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(joined, o.output, "segments do not add up to the output");
    assert!(
        o.packets.len() <= 10_000,
        "{} packets for {:?}",
        o.packets.len(),
        o.command
    );
}

/// The matrix and the topology can be built in any state, and the matrix
/// only refers to endpoints it lists.
pub fn check_views(s: &Session) {
    let m = s.matrix();
    for cell in &m.cells {
        assert!(
            cell.from < m.endpoints.len() && cell.to < m.endpoints.len(),
            "matrix cell out of range"
        );
    }
    let _ = serde_json::to_string(&s.topology()).expect("topology serializes");
}

/// iptables options and values a learner types (issue 13's matches and targets).
pub const IPT_TOKENS: &[&str] = &[
    "-A", "-I", "-D", "-R", "-C", "-F", "-Z", "-N", "-X", "-P", "-L", "-S", "-E", "-t", "nat",
    "raw", "mangle", "filter", "DOCKER-USER", "DOCKER", "FORWARD", "INPUT", "OUTPUT", "MYCHAIN",
    "ufw-user-input", "1", "2", "0", "-s", "-d", "192.168.1.1", "10.0.0.0/8", "172.17.0.2",
    "!", "-i", "-o", "eth0", "docker0", "br-+", "-p", "tcp", "udp", "icmp", "all", "--dport",
    "--sport", "80", "8080", "1:1024", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED",
    "NEW", "--ctorigdst", "--ctorigdstport", "multiport", "--dports", "53,5353", "comment",
    "--comment", "x y", "addrtype", "--dst-type", "LOCAL", "MULTICAST", "limit", "--limit",
    "3/min", "--limit-burst", "10", "recent", "--set", "--update", "--seconds", "30",
    "--hitcount", "6", "--icmp-type", "echo-request", "-j", "-g", "ACCEPT", "DROP", "REJECT",
    "--reject-with", "tcp-reset", "icmp-host-unreachable", "RETURN", "LOG", "--log-prefix",
    "DU: ", "-n", "-v", "-x", "--line-numbers", "-c",
];

/// ufw words a learner types.
pub const UFW_TOKENS: &[&str] = &[
    "enable", "disable", "reload", "reset", "--force", "status", "verbose", "numbered",
    "default", "allow", "deny", "reject", "limit", "incoming", "outgoing", "routed", "route",
    "insert", "prepend", "delete", "1", "2", "9", "in", "out", "on", "eth0", "docker0", "log",
    "log-all", "proto", "tcp", "udp", "from", "to", "any", "port", "22", "80", "8080",
    "8000:8010", "80,443", "22/tcp", "ssh", "http", "192.168.1.20", "192.168.1.0/24",
    "2001:db8::1", "comment", "note", "version",
];

/// One iptables, ip6tables, iptables-save or ufw line (or a piped ufw answer).
/// `nft` words (issue 13): listing commands, families, table and chain
/// names (right, misspelt, unknown), options before and after commands.
const NFT_TOKENS: &[&str] = &[
    "list", "ruleset", "tables", "table", "chain", "chains", "sets", "ip", "ip6", "inet",
    "filter", "nat", "raw", "filtr", "DOCKER-USER", "DOCKER-USR", "FORWARD", "INPUT", "add",
    "rule", "flush", "-a", "-s", "-n", "-y", "-p", "-j", "-f", "-D", "-v", "-h", "--handle",
    "--stateless", "--nope", ";", "{", "", "x",
];

pub fn firewall_line(u: &mut Unstructured) -> Result<String> {
    let (head, pool): (&str, &[&str]) = match u.int_in_range(0..=6)? {
        0 | 1 => ("iptables", IPT_TOKENS),
        2 => ("ip6tables", IPT_TOKENS),
        3 => ("iptables-save", &["-c", "-t", "nat", "filter", "mangle", "x"]),
        4 => ("ufw", UFW_TOKENS),
        5 => ("nft", NFT_TOKENS),
        _ => ("echo y | ufw", UFW_TOKENS),
    };
    let n = u.int_in_range(0..=9)?;
    let mut words = vec![head.to_string()];
    for _ in 0..n {
        words.push(q(&tok(u, pool)?));
    }
    Ok(words.join(" "))
}

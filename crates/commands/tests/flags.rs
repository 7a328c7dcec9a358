//! One data-driven case per flag: each row runs a short script and checks
//! what the flag changed. `every_flag_has_a_case` fails when a flag is added
//! to a command table without a case here.

use bridgeport_commands::docker::specs;
use bridgeport_commands::script::run_script;

/// (command path, flag, script, expectation for the last command's output).
/// Scripts separate lines with `;`. An expectation is text the output must
/// contain, `=TEXT` for the exact output (`=` alone: prints nothing), or
/// `#ids12` / `#ids64` for one or more lines that are each a hex ID of that length.
const CASES: &[(&str, &str, &str, &str)] = &[
    // docker run / docker create
    ("docker run", "add-host", "docker run --add-host db.local:10.0.0.9 alpine cat /etc/hosts", "10.0.0.9\tdb.local"),
    ("docker run", "attach", "docker run -a stdout alpine echo hi", "hi"),
    ("docker run", "cpus", "docker run -d --cpus 1.5 --name c1 nginx", "[bridgeport] --cpus is accepted but not simulated"),
    ("docker run", "detach", "docker pull -q nginx;docker run -d nginx", "#ids64"),
    ("docker run", "detach-keys", "docker run -d --detach-keys ctrl-x --name dk nginx", "[bridgeport] --detach-keys is accepted but not simulated"),
    ("docker run", "dns", "docker run --dns 9.9.9.9 alpine cat /etc/resolv.conf", "nameserver 9.9.9.9"),
    ("docker run", "dns-option", "docker run --dns-option ndots:2 alpine cat /etc/resolv.conf", "options ndots:2\n"),
    ("docker run", "dns-search", "docker run --dns-search example.org alpine cat /etc/resolv.conf", "search example.org\n"),
    ("docker run", "domainname", "docker run --hostname web --domainname example.org alpine cat /etc/hosts", "web.example.org web"),
    ("docker run", "entrypoint", "docker run --entrypoint echo alpine hi there", "hi there"),
    ("docker run", "env", "docker run -d -e POSTGRES_PASSWORD=x --name pg postgres;docker ps --format '{{.Names}} {{.Status}}'", "pg Up"),
    ("docker run", "env-file", "docker run -d --env-file vars.env --name ef nginx", "[bridgeport] --env-file is accepted but not simulated"),
    ("docker run", "expose", "docker run -d --expose 7000 --name ex alpine sleep 1d;docker ps --format '{{.Ports}}'", "7000/tcp"),
    ("docker run", "hostname", "docker run -h myhost alpine hostname", "myhost"),
    ("docker run", "init", "docker run -d --init --name in nginx", "[bridgeport] --init is accepted but not simulated"),
    ("docker run", "interactive", "docker run -i --name ia alpine;exit 3;docker ps -a --format '{{.Status}}'", "Exited (3)"),
    ("docker run", "ip", "docker network create --subnet 10.9.0.0/24 n9;docker run -d --network n9 --ip 10.9.0.77 nginx;docker network inspect -f '{{range .Containers}}{{.IPv4Address}}{{end}}' n9", "10.9.0.77/24"),
    // moby daemon/container_operations.go validateEndpointSettings: a static address needs a user-defined network.
    ("docker run", "ip6", "docker run -d --ip6 2001:db8::33 --name v6 nginx", "invalid config for network bridge: invalid endpoint settings:\n* user-specified IP address is supported on user-defined networks only\n* no configured subnet contains IP address 2001:db8::33"),
    ("docker run", "label", "docker run -d -l team=a --name lb nginx;docker ps --format '{{.Names}}'", "lb"),
    ("docker run", "link", "docker run -d --name db redis;docker run --link db:database alpine cat /etc/hosts", "database"),
    ("docker run", "mac-address", "docker run -d --mac-address 92:d0:c6:0a:29:33 --name mac nginx;docker inspect -f '{{range .NetworkSettings.Networks}}{{.MacAddress}}{{end}}' mac", "92:d0:c6:0a:29:33"),
    ("docker run", "memory", "docker run -d -m 64m --name mem nginx", "[bridgeport] --memory is accepted but not simulated"),
    ("docker run", "name", "docker run -d --name named nginx;docker ps --format '{{.Names}}'", "named"),
    ("docker run", "network", "docker network create appnet;docker run -d --network appnet --name n1 nginx;docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' n1", "appnet"),
    ("docker run", "network-alias", "docker network create appnet;docker run -d --network appnet --network-alias api --name n2 nginx;docker inspect -f '{{json .NetworkSettings.Networks.appnet.DNSNames}}' n2", "\"api\""),
    ("docker run", "platform", "docker run -d --platform linux/amd64 --name pf nginx;docker ps --format '{{.Names}}'", "pf"),
    ("docker run", "privileged", "docker run -d --privileged --name pr nginx", "[bridgeport] --privileged is accepted but not simulated"),
    ("docker run", "publish", "docker run -d -p 8080:80 nginx;docker ps --format '{{.Ports}}'", "0.0.0.0:8080->80/tcp"),
    ("docker run", "publish-all", "docker run -d -P nginx;docker ps --format '{{.Ports}}'", "0.0.0.0:32768->80/tcp"),
    ("docker run", "pull", "docker run -d --pull never nginx", "No such image: nginx:latest"),
    ("docker run", "quiet", "docker run -q alpine echo quiet", "quiet"),
    ("docker run", "restart", "docker run --rm --restart always nginx", "cannot specify both --restart and --rm"),
    ("docker run", "rm", "docker run --rm --name gone alpine echo x;docker ps -a --format '{{.Names}}'", "="),
    ("docker run", "sig-proxy", "docker run -d --sig-proxy=false --name sp nginx", "[bridgeport] --sig-proxy is accepted but not simulated"),
    ("docker run", "sysctl", "docker run --sysctl net.ipv6.conf.all.disable_ipv6=1 -h c alpine cat /etc/hosts", "127.0.0.1\tlocalhost\n172.17.0.2\tc\n"),
    ("docker run", "tty", "docker run -dit --name tt alpine;docker inspect -f '{{.Config.Tty}}' tt", "true"),
    ("docker run", "user", "docker run -d -u 1000 --name us nginx", "[bridgeport] --user is accepted but not simulated"),
    ("docker run", "volume", "docker run -d -v data:/data --name vo nginx", "[bridgeport] --volume is accepted but not simulated"),
    ("docker run", "workdir", "docker run -d -w /srv --name wd nginx", "[bridgeport] --workdir is accepted but not simulated"),
    // Real docker run flags the playground does not model: accepted, and named (run_flags::notes).
    ("docker run", "annotation", "docker run -d --annotation k=v nginx", "[bridgeport] --annotation is accepted but not simulated"),
    ("docker run", "blkio-weight", "docker run -d --blkio-weight 500 nginx", "[bridgeport] --blkio-weight is accepted but not simulated"),
    ("docker run", "blkio-weight-device", "docker run -d --blkio-weight-device /dev/sda:200 nginx", "[bridgeport] --blkio-weight-device is accepted but not simulated"),
    ("docker run", "cap-add", "docker run -d --cap-add NET_ADMIN nginx", "[bridgeport] --cap-add is accepted but not simulated"),
    ("docker run", "cap-drop", "docker run -d --cap-drop ALL nginx", "[bridgeport] --cap-drop is accepted but not simulated"),
    ("docker run", "cgroup-parent", "docker run -d --cgroup-parent /custom nginx", "[bridgeport] --cgroup-parent is accepted but not simulated"),
    ("docker run", "cgroupns", "docker run -d --cgroupns host nginx", "[bridgeport] --cgroupns is accepted but not simulated"),
    ("docker run", "cidfile", "docker run -d --cidfile /tmp/cid nginx", "[bridgeport] --cidfile is accepted but not simulated"),
    ("docker run", "cpu-period", "docker run -d --cpu-period 100000 nginx", "[bridgeport] --cpu-period is accepted but not simulated"),
    ("docker run", "cpu-quota", "docker run -d --cpu-quota 50000 nginx", "[bridgeport] --cpu-quota is accepted but not simulated"),
    ("docker run", "cpu-rt-period", "docker run -d --cpu-rt-period 1000 nginx", "[bridgeport] --cpu-rt-period is accepted but not simulated"),
    ("docker run", "cpu-rt-runtime", "docker run -d --cpu-rt-runtime 950 nginx", "[bridgeport] --cpu-rt-runtime is accepted but not simulated"),
    ("docker run", "cpu-shares", "docker run -d --cpu-shares 512 nginx", "[bridgeport] --cpu-shares is accepted but not simulated"),
    ("docker run", "cpuset-cpus", "docker run -d --cpuset-cpus 0 nginx", "[bridgeport] --cpuset-cpus is accepted but not simulated"),
    ("docker run", "cpuset-mems", "docker run -d --cpuset-mems 0 nginx", "[bridgeport] --cpuset-mems is accepted but not simulated"),
    ("docker run", "device", "docker run -d --device /dev/null nginx", "[bridgeport] --device is accepted but not simulated"),
    ("docker run", "device-cgroup-rule", "docker run -d --device-cgroup-rule 'c 1:3 mr' nginx", "[bridgeport] --device-cgroup-rule is accepted but not simulated"),
    ("docker run", "device-read-bps", "docker run -d --device-read-bps /dev/sda:1mb nginx", "[bridgeport] --device-read-bps is accepted but not simulated"),
    ("docker run", "device-read-iops", "docker run -d --device-read-iops /dev/sda:1000 nginx", "[bridgeport] --device-read-iops is accepted but not simulated"),
    ("docker run", "device-write-bps", "docker run -d --device-write-bps /dev/sda:1mb nginx", "[bridgeport] --device-write-bps is accepted but not simulated"),
    ("docker run", "device-write-iops", "docker run -d --device-write-iops /dev/sda:1000 nginx", "[bridgeport] --device-write-iops is accepted but not simulated"),
    ("docker run", "gpus", "docker run -d --gpus all nginx", "[bridgeport] --gpus is accepted but not simulated"),
    ("docker run", "group-add", "docker run -d --group-add 10 nginx", "[bridgeport] --group-add is accepted but not simulated"),
    ("docker run", "health-start-interval", "docker run -d --health-start-interval 1s nginx", "[bridgeport] --health-start-interval is accepted but not simulated"),
    ("docker run", "ipc", "docker run -d --ipc host nginx", "[bridgeport] --ipc is accepted but not simulated"),
    ("docker run", "isolation", "docker run -d --isolation default nginx", "[bridgeport] --isolation is accepted but not simulated"),
    ("docker run", "label-file", "docker run -d --label-file labels.txt nginx", "[bridgeport] --label-file is accepted but not simulated"),
    ("docker run", "link-local-ip", "docker run -d --link-local-ip 169.254.1.1 nginx", "[bridgeport] --link-local-ip is accepted but not simulated"),
    ("docker run", "log-driver", "docker run -d --log-driver none nginx", "[bridgeport] --log-driver is accepted but not simulated"),
    ("docker run", "log-opt", "docker run -d --log-opt max-size=1m nginx", "[bridgeport] --log-opt is accepted but not simulated"),
    ("docker run", "memory-reservation", "docker run -d --memory-reservation 32m nginx", "[bridgeport] --memory-reservation is accepted but not simulated"),
    ("docker run", "memory-swap", "docker run -d --memory-swap 128m nginx", "[bridgeport] --memory-swap is accepted but not simulated"),
    ("docker run", "memory-swappiness", "docker run -d --memory-swappiness 10 nginx", "[bridgeport] --memory-swappiness is accepted but not simulated"),
    ("docker run", "mount", "docker run -d --mount type=tmpfs,target=/x nginx", "[bridgeport] --mount is accepted but not simulated"),
    ("docker run", "oom-kill-disable", "docker run -d --oom-kill-disable nginx", "[bridgeport] --oom-kill-disable is accepted but not simulated"),
    ("docker run", "oom-score-adj", "docker run -d --oom-score-adj 100 nginx", "[bridgeport] --oom-score-adj is accepted but not simulated"),
    ("docker run", "pid", "docker run -d --pid host nginx", "[bridgeport] --pid is accepted but not simulated"),
    ("docker run", "pids-limit", "docker run -d --pids-limit 100 nginx", "[bridgeport] --pids-limit is accepted but not simulated"),
    ("docker run", "read-only", "docker run -d --read-only nginx", "[bridgeport] --read-only is accepted but not simulated"),
    ("docker run", "runtime", "docker run -d --runtime runc nginx", "[bridgeport] --runtime is accepted but not simulated"),
    ("docker run", "security-opt", "docker run -d --security-opt no-new-privileges nginx", "[bridgeport] --security-opt is accepted but not simulated"),
    ("docker run", "shm-size", "docker run -d --shm-size 128m nginx", "[bridgeport] --shm-size is accepted but not simulated"),
    ("docker run", "stop-signal", "docker run -d --stop-signal SIGINT nginx", "[bridgeport] --stop-signal is accepted but not simulated"),
    ("docker run", "stop-timeout", "docker run -d --stop-timeout 5 nginx", "[bridgeport] --stop-timeout is accepted but not simulated"),
    ("docker run", "storage-opt", "docker run -d --storage-opt size=1G nginx", "[bridgeport] --storage-opt is accepted but not simulated"),
    ("docker run", "tmpfs", "docker run -d --tmpfs /run nginx", "[bridgeport] --tmpfs is accepted but not simulated"),
    ("docker run", "ulimit", "docker run -d --ulimit nofile=1024 nginx", "[bridgeport] --ulimit is accepted but not simulated"),
    ("docker run", "use-api-socket", "docker run -d --use-api-socket nginx", "[bridgeport] --use-api-socket is accepted but not simulated"),
    ("docker run", "userns", "docker run -d --userns host nginx", "[bridgeport] --userns is accepted but not simulated"),
    ("docker run", "uts", "docker run -d --uts host nginx", "[bridgeport] --uts is accepted but not simulated"),
    ("docker run", "volume-driver", "docker run -d --volume-driver local nginx", "[bridgeport] --volume-driver is accepted but not simulated"),
    ("docker run", "volumes-from", "docker run -d --volumes-from other nginx", "[bridgeport] --volumes-from is accepted but not simulated"),
    // The healthcheck flags build Config.Healthcheck (docker/cli opts.go parse).
    ("docker run", "health-cmd", "docker run -d --health-cmd 'curl -f localhost' --name hc nginx;docker inspect -f '{{json .Config.Healthcheck.Test}}' hc", "=[\"CMD-SHELL\",\"curl -f localhost\"]\n"),
    ("docker run", "health-interval", "docker run -d --health-cmd true --health-interval 5s --name hc nginx;docker inspect -f '{{.Config.Healthcheck.Interval}}' hc", "=5000000000\n"),
    ("docker run", "health-timeout", "docker run -d --health-cmd true --health-timeout 2s --name hc nginx;docker inspect -f '{{.Config.Healthcheck.Timeout}}' hc", "=2000000000\n"),
    ("docker run", "health-retries", "docker run -d --health-cmd true --health-retries 7 --name hc nginx;docker inspect -f '{{.Config.Healthcheck.Retries}}' hc", "=7\n"),
    ("docker run", "health-start-period", "docker run -d --health-cmd true --health-start-period 10s --name hc nginx;docker inspect -f '{{.Config.Healthcheck.StartPeriod}}' hc", "=10000000000\n"),
    ("docker run", "no-healthcheck", "docker run -d --no-healthcheck --name hc nginx;docker inspect -f '{{json .Config.Healthcheck.Test}}' hc", "=[\"NONE\"]\n"),
    // docker ps
    ("docker ps", "all", "docker create --name made nginx;docker ps -a --format '{{.Names}} {{.Status}}'", "made Created"),
    ("docker ps", "filter", "docker run -d --name one nginx;docker run -d --name two nginx;docker ps -f name=two --format '{{.Names}}'", "two"),
    ("docker ps", "format", "docker run -d --name fmt nginx;docker ps --format '{{.Names}}:{{.Image}}'", "fmt:nginx"),
    ("docker ps", "last", "docker create --name a1 nginx;docker create --name a2 nginx;docker ps -n 1 --format '{{.Names}}'", "a2"),
    ("docker ps", "latest", "docker create --name b1 nginx;docker create --name b2 nginx;docker ps -l --format '{{.Names}}'", "b2"),
    ("docker ps", "no-trunc", "docker run -d --name nt nginx;docker ps --no-trunc --format '{{.Command}}'", "\"/docker-entrypoint.sh nginx -g daemon off;\""),
    ("docker ps", "quiet", "docker run -d nginx;docker ps -q", "#ids12"),
    ("docker ps", "size", "docker run -d --name sz nginx;docker ps -s --format '{{.Names}}'", "sz"),
    // docker start / stop / restart / kill / rm
    ("docker start", "attach", "docker create --name sa alpine echo hi;docker start -a sa", "=hi\n"),
    ("docker start", "detach-keys", "docker create --name sk nginx;docker start --detach-keys ctrl-x sk", "sk"),
    ("docker start", "interactive", "docker create -it --name si alpine;docker start -ai si;hostname", "#ids12"),
    ("docker stop", "signal", "docker run -d --name st nginx;docker stop -s SIGKILL st", "st"),
    ("docker stop", "timeout", "docker run -d --name st nginx;docker stop -t 1 st", "st"),
    ("docker restart", "signal", "docker run -d --name rs nginx;docker restart -s SIGTERM rs", "rs"),
    ("docker restart", "timeout", "docker run -d --name rs nginx;docker restart -t 0 rs", "rs"),
    ("docker kill", "signal", "docker run -d --name kl nginx;docker kill -s KILL kl", "kl"),
    ("docker rm", "force", "docker run -d --name rf nginx;docker rm -f rf", "rf"),
    ("docker rm", "link", "docker run -d --name rl nginx;docker rm -l rl", "rl"),
    ("docker rm", "volumes", "docker create --name rv nginx;docker rm -v rv", "rv"),
    // docker logs / inspect / exec / attach / images / pull
    ("docker logs", "details", "docker run -d --name lg nginx;docker logs --details lg", "Configuration complete"),
    ("docker logs", "follow", "docker run -d --name lg nginx;docker logs -f lg", "Configuration complete"),
    ("docker logs", "since", "docker run -d --name lg nginx;docker logs --since 1m lg", "Configuration complete"),
    ("docker logs", "tail", "docker run -d --name lg nginx;docker logs -n 1 lg", "start worker process 30"),
    ("docker logs", "timestamps", "docker run -d --name lg nginx;docker logs -t lg", "Configuration complete"),
    ("docker logs", "until", "docker run -d --name lg nginx;docker logs --until 1m lg", "Configuration complete"),
    ("docker inspect", "format", "docker run -d --name fi nginx;docker inspect -f '{{.State.Status}}' fi", "running"),
    ("docker inspect", "size", "docker run -d --name fs nginx;docker inspect -s -f '{{.Name}}' fs", "/fs"),
    ("docker inspect", "type", "docker network create same;docker inspect --type network -f '{{.Driver}}' same", "bridge"),
    ("docker container inspect", "format", "docker run -d --name ci nginx;docker container inspect -f '{{.Name}}' ci", "/ci"),
    ("docker image inspect", "format", "docker pull redis:7.2-alpine;docker image inspect -f '{{.RepoTags}}' redis:7.2-alpine", "[redis:7.2-alpine]"),
    ("docker container inspect", "size", "docker run -d --name cs nginx;docker container inspect -s -f '{{.Name}}' cs", "/cs"),
    ("docker exec", "detach", "docker run -dit --name ed alpine;docker exec -d ed hostname", "="),
    ("docker exec", "detach-keys", "docker run -dit --name ek alpine;docker exec --detach-keys ctrl-x ek echo ok", "ok"),
    ("docker exec", "env", "docker run -dit --name ee alpine;docker exec -e A=1 ee echo ok", "ok"),
    ("docker exec", "interactive", "docker run -dit --name ei alpine;docker exec -i ei sh;hostname", "#ids12"),
    ("docker exec", "privileged", "docker run -dit --name ep alpine;docker exec --privileged ep echo ok", "ok"),
    ("docker exec", "tty", "docker run -dit --name et alpine;docker exec -t et echo ok", "ok"),
    ("docker exec", "user", "docker run -dit --name eu alpine;docker exec -u root eu echo ok", "ok"),
    ("docker exec", "workdir", "docker run -dit --name ew alpine;docker exec -w /tmp ew echo ok", "ok"),
    ("docker attach", "detach-keys", "docker run -dit --name at alpine;docker attach --detach-keys ctrl-x at;hostname", "#ids12"),
    ("docker attach", "no-stdin", "docker run -dit --name an alpine;docker attach --no-stdin an;hostname", "#ids12"),
    ("docker attach", "sig-proxy", "docker run -dit --name ap alpine;docker attach --sig-proxy=false ap;hostname", "#ids12"),
    ("docker images", "all", "docker pull alpine;docker images -a", "alpine"),
    ("docker images", "quiet", "docker pull alpine;docker images -q", "#ids12"),
    ("docker images", "digests", "docker pull alpine;docker images --digests", "REPOSITORY   TAG       DIGEST"),
    ("docker images", "format", "docker pull alpine;docker images --format '{{.Repository}}:{{.Tag}}'", "=alpine:latest\n"),
    ("docker images", "no-trunc", "docker pull alpine;docker images --no-trunc", "alpine       latest    sha256:"),
    ("docker pull", "all-tags", "docker pull -a alpine", "docker.io/library/alpine"),
    ("docker pull", "quiet", "docker pull -q nginx", "docker.io/library/nginx:latest"),
    // docker network ...
    ("docker network create", "attachable", "docker network create --attachable at;docker network inspect -f '{{.Attachable}}' at", "true"),
    ("docker network create", "aux-address", "docker network create --subnet 10.7.0.0/24 --aux-address router=10.7.0.2 ax;docker run -d --network ax --name ww nginx;docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' ww", "10.7.0.3"),
    ("docker network create", "config-from", "docker network create --config-from x cf", "#ids64"),
    ("docker network create", "config-only", "docker network create --config-only co", "#ids64"),
    ("docker network create", "driver", "docker network create -d overlay ov", "This node is not a swarm manager."),
    ("docker network create", "gateway", "docker network create --subnet 10.6.0.0/24 --gateway 10.6.0.254 gw;docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' gw", "10.6.0.254"),
    ("docker network create", "ingress", "docker network create --ingress ig", "#ids64"),
    ("docker network create", "internal", "docker network create --internal in;docker network inspect -f '{{.Internal}}' in", "true"),
    ("docker network create", "ip-range", "docker network create --subnet 10.5.0.0/16 --ip-range 10.5.9.0/24 ir;docker run -d --network ir --name ww nginx;docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' ww", "10.5.9.1"),
    ("docker network create", "ipam-driver", "docker network create --ipam-driver default id", "#ids64"),
    ("docker network create", "ipam-opt", "docker network create --ipam-opt a=b io", "#ids64"),
    ("docker network create", "ipv4", "docker network create --ipv4=true v4;docker network inspect -f '{{.EnableIPv4}}' v4", "true"),
    ("docker network create", "ipv6", "docker network create --ipv6 v6;docker network inspect -f '{{.EnableIPv6}}' v6", "true"),
    ("docker network create", "label", "docker network create --label team=a lb;docker network inspect -f '{{.Labels.team}}' lb", "a"),
    ("docker network create", "opt", "docker network create -o com.docker.network.bridge.name=mybr op;docker network inspect -f '{{index .Options \"com.docker.network.bridge.name\"}}' op", "mybr"),
    ("docker network create", "scope", "docker network create --scope local sc", "#ids64"),
    ("docker network create", "subnet", "docker network create --subnet 10.4.0.0/24 sn;docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' sn", "10.4.0.0/24"),
    ("docker network ls", "filter", "docker network create zed;docker network ls -f name=zed --format '{{.Name}}'", "zed"),
    ("docker network ls", "format", "docker network ls --format '{{.Name}}/{{.Driver}}'", "none/null"),
    ("docker network ls", "no-trunc", "docker network ls --no-trunc -q", "#ids64"),
    ("docker network ls", "quiet", "docker network ls -q", "#ids12"),
    ("docker network inspect", "format", "docker network inspect -f '{{.Name}}' bridge", "bridge"),
    ("docker network inspect", "verbose", "docker network inspect -v -f '{{.Driver}}' host", "host"),
    ("docker network rm", "force", "docker network rm -f nosuch", "="),
    ("docker network connect", "alias", "docker network create an;docker run -d --name ww nginx;docker network connect --alias api an ww;docker inspect -f '{{json .NetworkSettings.Networks.an.Aliases}}' ww", "[\"api\"]"),
    ("docker network connect", "driver-opt", "docker network create dn;docker run -d --name ww nginx;docker network connect --driver-opt a=b dn ww", "="),
    ("docker network connect", "gw-priority", "docker network create gp;docker run -d --name ww nginx;docker network connect --gw-priority 1 gp ww", "="),
    ("docker network connect", "ip", "docker network create --subnet 10.3.0.0/24 cn;docker run -d --name ww nginx;docker network connect --ip 10.3.0.9 cn ww;docker inspect -f '{{.NetworkSettings.Networks.cn.IPAddress}}' ww", "10.3.0.9"),
    ("docker network connect", "ip6", "docker network create --ipv6 --subnet 2001:db8::/64 c6;docker run -d --name ww nginx;docker network connect --ip6 2001:db8::9 c6 ww;docker inspect -f '{{.NetworkSettings.Networks.c6.GlobalIPv6Address}}' ww", "2001:db8::9"),
    ("docker network connect", "link", "docker network create cl;docker run -d --name db redis;docker run -d --name ww nginx;docker network connect --link db:database cl ww;docker inspect -f '{{json .NetworkSettings.Networks.cl.Links}}' ww", "db:database"),
    ("docker network connect", "link-local-ip", "docker network create ll;docker run -d --name ww nginx;docker network connect --link-local-ip 169.254.1.1 ll ww", "="),
    ("docker network disconnect", "force", "docker network create df;docker run -d --network df --name ww nginx;docker network disconnect -f df ww;docker inspect -f '{{len .NetworkSettings.Networks}}' ww", "0"),
    ("docker network prune", "filter", "docker network create pf;docker network prune -f --filter until=1h", "pf"),
    ("docker network prune", "force", "docker network create pr;docker network prune -f", "Deleted Networks:\npr"),
    ("docker container prune", "filter", "docker create --name pf nginx;docker container prune -f --filter until=1h", "Total reclaimed space: 0B"),
    ("docker container prune", "force", "docker run --name pr alpine true;docker container prune -f", "Deleted Containers:\n"),
];

fn last_output(script: &str) -> String {
    let lines = script.replace(';', "\n");
    let (_, steps) = run_script(1, &lines);
    steps
        .last()
        .map(|s| s.outcome.output.clone())
        .unwrap_or_default()
}

fn meets(got: &str, want: &str) -> bool {
    if let Some(exact) = want.strip_prefix('=') {
        return got == exact;
    }
    if let Some(len) = want
        .strip_prefix("#ids")
        .and_then(|n| n.parse::<usize>().ok())
    {
        return !got.is_empty()
            && got.ends_with('\n')
            && got
                .lines()
                .all(|l| l.len() == len && l.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    got.contains(want)
}

#[test]
fn each_flag_does_what_it_says() {
    let mut failures = Vec::new();
    for (cmd, flag, script, want) in CASES {
        let got = last_output(script);
        if !meets(&got, want) {
            failures.push(format!(
                "{cmd} --{flag}: `{script}`\n  wanted to contain {want:?}\n  got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} flag cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_flag_has_a_case() {
    let mut missing = Vec::new();
    for spec in specs::ALL {
        // docker create shares docker run's flags and their cases.
        let path = if spec.path == "docker create" {
            "docker run"
        } else {
            spec.path
        };
        for f in spec.flags.iter().filter(|f| !f.help.is_empty()) {
            if !CASES
                .iter()
                .any(|(c, fl, _, _)| *c == path && *fl == f.long)
            {
                missing.push(format!("{} --{}", spec.path, f.long));
            }
        }
    }
    assert!(missing.is_empty(), "flags without a case: {missing:?}");
}

//! `help`: what the playground simulates, with examples to type. (bash's
//! own `help` lists its builtins; here the question a learner has is what
//! this terminal can do, so the answer is a `[bridgeport]` overview.)

use crate::output::Output;

const HELP: &str = "\
[bridgeport] A simulated Docker host (Ubuntu 24.04, Docker Engine 29). What you can type:

  docker run|create|start|stop|restart|kill|rm|ps|logs|exec|attach|inspect|port
  docker network ls|create|inspect|connect|disconnect|rm|prune
  docker images|pull, docker container prune        (each with --help)

  Shell: ;  &&  ||  |  >  >>  2>&1  <<EOF  'quotes'  $VAR  $?  $(...)  history
  Files: ls mkdir rm touch cd pwd cat; cat > compose.yaml <<'EOF' ... EOF
  Text:  echo printf cat grep head tail wc cut sort uniq env
  Network: ping curl wget nc nslookup dig host ip ss hostname -I tcpdump
  Firewall: iptables iptables-save ufw conntrack sysctl net.ipv4.ip_forward
  busybox: ifconfig route netstat httpd

  Inside containers: docker exec -it web sh, docker run -it alpine sh, then
  `exit`; each image has its own tools (alpine: busybox, no curl).
  lan   switches to another computer on the LAN (exit to come back).

Examples:
  docker run -d --name web -p 8080:80 nginx
  curl localhost:8080
  docker network create app && docker run -d --name db --network app redis
  docker run --rm --network app busybox sh -c 'ping -c 2 db && nslookup db'
  docker ps | grep web
  docker inspect web | grep IPAddress

  docker compose up -d && docker compose ps && docker compose down

Not simulated: compound shell commands (if, for, while), volumes and
builds; they say so when typed.
";

pub fn help() -> Output {
    let mut o = Output::new();
    o.out(HELP);
    o
}

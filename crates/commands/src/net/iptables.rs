//! `iptables` on the host (1.8.10, nf_tables backend, as on Ubuntu 24.04):
//! `-L [CHAIN]` with `-n`, `-v`, `--line-numbers`, `-S [CHAIN]`, `-t
//! raw|nat|filter|mangle`. The rules are the engine's (`net::netfilter`),
//! the very objects the packet walk evaluates. Changing rules is not simulated.

use super::{Arg, Args};
use crate::context::Ctx;
use crate::output::Output;
use bridgeport_engine::net::netfilter::{Chain, ListOptions, Table};
use bridgeport_engine::net::View;

const VERSION: &str = "iptables v1.8.10 (nf_tables)";

enum Cmd {
    List,
    Save,
}

pub fn run(ctx: &mut Ctx, args: &[String]) -> Output {
    let mut out = Output::new();
    let mut table = "filter".to_string();
    let mut cmd: Option<Cmd> = None;
    let mut chain: Option<String> = None;
    let mut opts = ListOptions::default();
    let mut a = Args::new(args);
    while let Some(arg) = a.next() {
        match arg {
            Arg::Flag('t') | Arg::Long("table") => table = a.value().unwrap_or_default(),
            Arg::Flag('L') | Arg::Long("list") => cmd = Some(Cmd::List),
            Arg::Flag('S') | Arg::Long("list-rules") => cmd = Some(Cmd::Save),
            Arg::Flag('n') | Arg::Long("numeric") => opts.numeric = true,
            Arg::Flag('v') | Arg::Long("verbose") => opts.verbose = true,
            Arg::Flag('x') | Arg::Long("exact") | Arg::Flag('w') | Arg::Long("wait") => {}
            Arg::Long("line-numbers") => opts.line_numbers = true,
            Arg::Long(l) if l.starts_with("table=") => table = l["table=".len()..].to_string(),
            Arg::Flag(c) if "AIDRFZNXPE".contains(c) => {
                out.fail("[bridgeport] changing the host's firewall is not simulated: iptables here shows the rules Docker installed (-L, -S)", 1);
                return out;
            }
            Arg::Flag(c) => {
                out.fail(&format!("{VERSION}: unknown option \"-{c}\"\nTry `iptables -h' or 'iptables --help' for more information."), 2);
                return out;
            }
            Arg::Long(l) => {
                out.fail(&format!("{VERSION}: unknown option \"--{l}\"\nTry `iptables -h' or 'iptables --help' for more information."), 2);
                return out;
            }
            Arg::Word(w) => chain = Some(w.to_string()),
        }
    }
    let Some(cmd) = cmd else {
        out.fail(&format!("{VERSION}: no command specified\nTry `iptables -h' or 'iptables --help' for more information."), 2);
        return out;
    };
    if table == "mangle" {
        return mangle(cmd, chain, opts);
    }
    let Some(t) = Table::parse(&table) else {
        out.fail(&format!("{VERSION}: can't initialize iptables table `{table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded."), 3);
        return out;
    };
    let only = match &chain {
        Some(name) => match Chain::parse(name)
            .filter(|c| t.builtins().contains(c) || t.user_chains().contains(c))
        {
            Some(c) => Some(c),
            None => {
                out.fail("iptables: No chain/target/match by that name.", 1);
                return out;
            }
        },
        None => None,
    };
    let view = View::new(ctx.engine);
    match cmd {
        Cmd::List => out.out(&view.rules.list(&view, t, only, opts)),
        Cmd::Save => out.out(&view.rules.save(&view, t, only)),
    }
    out
}

/// Docker adds nothing to the mangle table: empty built-in chains.
fn mangle(cmd: Cmd, chain: Option<String>, opts: ListOptions) -> Output {
    let mut out = Output::new();
    let chains = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"];
    let chosen: Vec<&str> = match &chain {
        Some(c) if chains.contains(&c.as_str()) => {
            vec![chains.iter().copied().find(|x| x == c).unwrap_or("INPUT")]
        }
        Some(_) => {
            out.fail("iptables: No chain/target/match by that name.", 1);
            return out;
        }
        None => chains.to_vec(),
    };
    let mut s = String::new();
    match cmd {
        Cmd::Save => {
            for c in &chosen {
                s.push_str(&format!("-P {c} ACCEPT\n"));
            }
        }
        Cmd::List => {
            for (i, c) in chosen.iter().enumerate() {
                if i > 0 {
                    s.push('\n');
                }
                if opts.verbose {
                    s.push_str(&format!("Chain {c} (policy ACCEPT 0 packets, 0 bytes)\n"));
                } else {
                    s.push_str(&format!("Chain {c} (policy ACCEPT)\n"));
                }
                if opts.line_numbers {
                    s.push_str(&format!("{:<4} ", "num"));
                }
                if opts.verbose {
                    s.push_str(&format!("{:>5} {:>5} ", "pkts", "bytes"));
                }
                s.push_str(&format!("{:<9}  prot opt", "target"));
                if opts.verbose {
                    s.push_str(&format!(" {:<6} {:<6} ", "in", "out"));
                }
                s.push_str(&format!(" {:<19}  {:<19} \n", "source", "destination"));
            }
        }
    }
    out.out(&s);
    out
}

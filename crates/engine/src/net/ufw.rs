//! ufw's own state (ufw 0.36.2 as Ubuntu 24.04 ships it): whether it is
//! enabled, its default policies and the rules a learner added — what
//! `/etc/ufw/ufw.conf`, `/etc/default/ufw` and `user.rules` hold on a real
//! host. The iptables rules ufw installs from it are ordinary chains of the
//! one ruleset ([`super::firewall`]; `commands::net::ufw` writes them as
//! ufw-init and ufw's backend do); this state is what `ufw status` lists and
//! what lets a trace name the ufw rule behind an iptables rule.

use serde::{Deserialize, Serialize};

/// ufw's configuration and rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ufw {
    /// `ENABLED` in ufw.conf.
    pub enabled: bool,
    /// `DEFAULT_INPUT_POLICY`, `…_OUTPUT_…`, `…_FORWARD_…` as ufw words
    /// them: "deny", "allow" or "reject".
    pub incoming: String,
    pub outgoing: String,
    pub routed: String,
    /// The rules, IPv4 first then IPv6, each list in ufw's order.
    pub rules: Vec<UfwRule>,
}

impl Default for Ufw {
    /// `conf/ufw.defaults`, `conf/ufw.conf`: inactive; deny incoming,
    /// allow outgoing, deny routed.
    fn default() -> Ufw {
        Ufw {
            enabled: false,
            incoming: "deny".to_string(),
            outgoing: "allow".to_string(),
            routed: "deny".to_string(),
            rules: Vec::new(),
        }
    }
}

impl Ufw {
    pub fn is_default(&self) -> bool {
        *self == Ufw::default()
    }

    /// The rule whose installed iptables rules include `spec` (an `-S` line).
    pub fn rule_of(&self, spec: &str) -> Option<&UfwRule> {
        self.rules
            .iter()
            .find(|r| !r.v6 && r.installed.iter().any(|s| s == spec))
    }
}

/// One ufw rule, with ufw's field values (`ufw.common.UFWRule`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UfwRule {
    /// "allow", "deny", "reject" or "limit".
    pub action: String,
    /// "any", "tcp", "udp", …
    pub protocol: String,
    pub dport: String,
    pub dst: String,
    pub sport: String,
    pub src: String,
    /// "in" or "out".
    pub direction: String,
    /// A `route` rule (ufw-user-forward).
    pub forward: bool,
    pub iface_in: String,
    pub iface_out: String,
    /// "", "log" or "log-all".
    pub logtype: String,
    pub comment: String,
    pub v6: bool,
    /// The rule as `ufw delete` would name it (`deny 8080`).
    pub command: String,
    /// The `-S` lines ufw installed for it (empty while ufw is disabled).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed: Vec<String>,
}

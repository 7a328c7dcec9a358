//! Seeded generation of everything Docker draws at random: 64-hex IDs,
//! container names, MAC addresses and veth names. All of it comes from one
//! seeded generator owned by the engine, so a session replays byte for byte.

use crate::names::{LEFT, RIGHT};
use serde::{Deserialize, Serialize};

/// The engine's only source of randomness.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdGen {
    /// SplitMix64 state. Stored as plain data so a whole engine serialises.
    state: u64,
}

impl IdGen {
    pub fn new(seed: u64) -> IdGen {
        IdGen { state: seed }
    }

    /// SplitMix64: tiny, well studied, and its state is one serialisable u64
    /// (a crate RNG would not let us snapshot and restore an engine).
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A 64-character lowercase hex ID from 32 random bytes. Like moby's
    /// stringid.GenerateRandomID, an ID whose 12-character prefix is all digits
    /// is drawn again, so that a short ID never looks like a number.
    pub fn hex_id(&mut self) -> String {
        loop {
            let mut s = String::with_capacity(64);
            for _ in 0..4 {
                s.push_str(&format!("{:016x}", self.next_u64()));
            }
            if !s[..12].bytes().all(|b| b.is_ascii_digit()) {
                return s;
            }
        }
    }

    /// A random, locally administered unicast MAC (E ≥ 28: `hw[0] &= 0xfe; hw[0] |= 0x02`).
    pub fn mac(&mut self) -> String {
        let v = self.next_u64().to_be_bytes();
        let first = (v[0] & 0xfe) | 0x02;
        format!(
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            first, v[1], v[2], v[3], v[4], v[5]
        )
    }

    /// Host-side veth name: "veth" + 7 hex characters.
    pub fn veth(&mut self) -> String {
        format!("veth{:07x}", self.next_u64() & 0x0fff_ffff)
    }

    /// A generated container name as moby's namesgenerator makes it:
    /// `left_right`, never `boring_wozniak`; retries 1–5 append one random digit;
    /// after 6 attempts the caller falls back to the short ID (returns None).
    pub fn container_name(&mut self, mut taken: impl FnMut(&str) -> bool) -> Option<String> {
        for attempt in 0..6 {
            let name = loop {
                let n = format!(
                    "{}_{}",
                    LEFT[self.below(LEFT.len())],
                    RIGHT[self.below(RIGHT.len())]
                );
                if n != "boring_wozniak" {
                    break n;
                }
            };
            let name = if attempt > 0 {
                format!("{}{}", name, self.below(10))
            } else {
                name
            };
            if !taken(&name) {
                return Some(name);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_ids() {
        let mut a = IdGen::new(7);
        let mut b = IdGen::new(7);
        assert_eq!(a.hex_id(), b.hex_id());
        assert_eq!(a.mac(), b.mac());
        assert_ne!(IdGen::new(7).hex_id(), IdGen::new(8).hex_id());
    }

    #[test]
    fn ids_are_64_hex_with_a_non_numeric_prefix() {
        let mut g = IdGen::new(1);
        for _ in 0..500 {
            let id = g.hex_id();
            assert_eq!(id.len(), 64);
            assert!(id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            assert!(!id[..12].bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn macs_are_locally_administered_unicast() {
        let mut g = IdGen::new(3);
        for _ in 0..200 {
            let mac = g.mac();
            let first = u8::from_str_radix(&mac[..2], 16).unwrap();
            assert_eq!(first & 0x01, 0, "{mac} is multicast");
            assert_eq!(first & 0x02, 0x02, "{mac} is not locally administered");
        }
    }

    #[test]
    fn generated_names_retry_with_a_digit_then_give_up() {
        let mut g = IdGen::new(5);
        let first = g.container_name(|_| false).unwrap();
        assert!(first.contains('_') && !first.ends_with(|c: char| c.is_ascii_digit()));
        let mut g = IdGen::new(5);
        let mut calls = 0;
        let second = g
            .container_name(|_| {
                calls += 1;
                calls == 1
            })
            .unwrap();
        assert!(second.ends_with(|c: char| c.is_ascii_digit()), "{second}");
        assert_eq!(IdGen::new(5).container_name(|_| true), None);
    }
}

//! The reachability matrix in wasm, for `e2e/wasm-bench.mjs`: the page's
//! release profile (opt-level "z", LTO), timed from JavaScript because the
//! core reads no clock.
//!
//! `setup(containers, networks)` builds the spread host ([`spread_lines`],
//! which the native `matrix/<C>c_<N>n` criterion bench runs too): C
//! containers round-robin over N user-defined networks, every 10th
//! publishes a port, every 7th is also on the next network. Then
//! `matrix_cells()` computes the matrix once and returns its cell count, and
//! `matrix_digest()` returns a hash of its JSON, to check that two builds give
//! the same results.

use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// 2026-01-01T12:00:00Z, like scripts.
const EPOCH: u64 = 1_767_268_800_000;

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// The setup lines of the spread host, the scenario of the native
/// `matrix/<C>c_<N>n` criterion bench too (crates/commands/benches/engine.rs
/// runs them): C containers round-robin over N user-defined networks, every
/// 10th publishes a host port, every 7th is also connected to the next
/// network (when there is one).
pub fn spread_lines(containers: usize, networks: usize) -> Vec<String> {
    let networks = networks.max(1);
    let mut lines: Vec<String> = (0..networks)
        .map(|k| format!("docker network create net{k}"))
        .collect();
    for i in 0..containers {
        let net = i % networks;
        let publish = if i % 10 == 0 {
            format!(" -p {}:80", 10_000 + i)
        } else {
            String::new()
        };
        lines.push(format!(
            "docker run -d --name c{i} --network net{net}{publish} nginx"
        ));
        if networks > 1 && i % 7 == 0 {
            lines.push(format!(
                "docker network connect net{} c{i}",
                (net + 1) % networks
            ));
        }
    }
    lines
}

/// The session of [`spread_lines`], one second per line from `EPOCH`, or
/// an error naming the setup line that failed.
pub fn spread_session(containers: usize, networks: usize) -> Result<Session, String> {
    let mut s = Session::with_time(7, Timestamp(EPOCH));
    for (i, line) in spread_lines(containers, networks).iter().enumerate() {
        let o = s.execute(line, Timestamp(EPOCH + 1000 * (i as u64 + 1)));
        if o.exit_code != 0 {
            return Err(format!("setup line failed: {line}\n{}", o.output));
        }
    }
    Ok(s)
}

/// Builds the scenario; returns the matrix's endpoint count.
#[wasm_bindgen]
pub fn setup(containers: u32, networks: u32) -> Result<u32, JsError> {
    let s = spread_session(containers as usize, networks as usize).map_err(|e| JsError::new(&e))?;
    let endpoints = s.matrix().endpoints.len() as u32;
    SESSION.with(|c| *c.borrow_mut() = Some(s));
    Ok(endpoints)
}

/// Computes the matrix of the scenario; returns its cell count.
#[wasm_bindgen]
pub fn matrix_cells() -> u32 {
    SESSION.with(|c| {
        c.borrow()
            .as_ref()
            .map_or(0, |s| s.matrix().cells.len() as u32)
    })
}

/// FNV-1a (64-bit, hex) of the matrix as JSON: equal digests, equal matrices.
#[wasm_bindgen]
pub fn matrix_digest() -> String {
    SESSION.with(|c| {
        let json = c
            .borrow()
            .as_ref()
            .map(|s| serde_json::to_string(&s.matrix()).unwrap_or_default())
            .unwrap_or_default();
        format!("{:016x}", fnv1a(json.as_bytes()))
    })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

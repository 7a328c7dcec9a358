//! Computes one spread host's matrix repeatedly, for a profiler:
//!   cargo run --profile bench -p bridgeport-wasm-bench --example matrix_loop -- 200 20 20
use bridgeport_wasm_bench::spread_session;

fn main() {
    let a: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let (c, n, reps) = (
        a.first().copied().unwrap_or(200),
        a.get(1).copied().unwrap_or(20),
        a.get(2).copied().unwrap_or(20),
    );
    let s = spread_session(c, n).expect("spread host");
    let t0 = std::time::Instant::now();
    let mut cells = 0;
    for _ in 0..reps {
        cells += s.matrix().cells.len();
    }
    eprintln!(
        "{c}c_{n}n: {cells} cells, {:.1?} per matrix",
        t0.elapsed() / reps as u32
    );
}

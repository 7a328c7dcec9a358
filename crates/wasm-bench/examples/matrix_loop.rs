//! Computes one spread host's matrix repeatedly, for a profiler or a quick
//! native timing (min and median):
//!   cargo run --profile bench -p bridgeport-wasm-bench --example matrix_loop -- 200 20 20
use bridgeport_wasm_bench::spread_session;

fn main() {
    let a: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let arg = |i: usize, d: usize| a.get(i).copied().unwrap_or(d);
    let (c, n, reps) = (arg(0, 200), arg(1, 20), arg(2, 20).max(1));
    let s = spread_session(c, n).expect("spread host");
    let mut times = Vec::new();
    let mut cells = 0;
    for _ in 0..reps {
        let t0 = std::time::Instant::now();
        cells = s.matrix().cells.len();
        times.push(t0.elapsed());
    }
    times.sort();
    eprintln!(
        "{c}c_{n}n: {cells} cells, min {:.1?}, median {:.1?}",
        times[0],
        times[times.len() / 2]
    );
}

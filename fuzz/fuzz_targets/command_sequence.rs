//! Random sequences of docker (and network tool) lines from a grammar with
//! random tokens mixed in. After every line the engine's invariants must
//! hold; at the end the matrix and topology must build; and the same
//! sequence replayed gives the same outputs (determinism).
#![no_main]

use bridgeport_commands::Session;
use bridgeport_engine::Timestamp;
use bridgeport_fuzz::{check_invariants, check_outcome, check_views, Sequence};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|seq: Sequence| {
    let mut s = Session::new(seq.seed);
    let mut outputs = Vec::with_capacity(seq.lines.len());
    for (i, line) in seq.lines.iter().enumerate() {
        let o = s.execute(line, Timestamp(1000 * (i as u64 + 1)));
        check_outcome(&o);
        if let Err(e) = check_invariants(s.engine()) {
            panic!("after line {i} {line:?}: {e}\nlines: {:#?}", seq.lines);
        }
        outputs.push((o.exit_code, o.output, o.packets.len()));
    }
    check_views(&s);
    let mut again = Session::new(seq.seed);
    for (i, line) in seq.lines.iter().enumerate() {
        let o = again.execute(line, Timestamp(1000 * (i as u64 + 1)));
        assert_eq!(
            (o.exit_code, &o.output, o.packets.len()),
            (outputs[i].0, &outputs[i].1, outputs[i].2),
            "not deterministic at line {i} {line:?}"
        );
    }
});

//! The `app` binary that Trunk builds to wasm: everything lives in the library.

fn main() {
    bridgeport_app::start();
}

//! Network tools: placeholder until the packet engine lands.

use crate::context::{Ctx, Place};
use crate::output::Output;
use bridgeport_engine::{Engine, Matrix};

/// Runs a network tool at `place`.
pub fn run(_ctx: &mut Ctx, place: Place, argv: &[String]) -> Output {
    let mut o = Output::new();
    let shell = match &place {
        Place::Container(a) if !a.shell.is_empty() => a.shell.clone(),
        _ => "bash".to_string(),
    };
    o.fail(&format!("{shell}: {}: command not found", argv[0]), 127);
    o
}

pub fn matrix(_engine: &Engine) -> Matrix {
    Matrix::default()
}

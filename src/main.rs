//! The `pinflow` binary: arguments in, exit code out.

use std::process::ExitCode;

use clap::Parser;
use pinflow::{cli::Cli, env::Env};

fn main() -> ExitCode {
    Env::drop_empty_pinflow_vars();
    let cli = Cli::parse();
    pinflow::run(cli, Env::from_process())
}

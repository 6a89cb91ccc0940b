//! The `pinflow` binary: parse arguments, start logging, run the library, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use pinflow::{cli::Cli, env::Env, run};

fn main() -> ExitCode {
    Env::drop_empty_pinflow_vars();
    let cli = Cli::parse();
    let env = Env::from_process();
    pinflow::log::init(&env);
    match run(cli, env) {
        Ok(code) => code,
        Err(err) => {
            tracing::error!("{err}");
            err.exit_code()
        }
    }
}

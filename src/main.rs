//! The `pinflow` binary: arguments in, exit code out.

use std::process::ExitCode;

use pinflow::{cli::Cli, env::Env};

fn main() -> ExitCode {
    Env::drop_empty_pinflow_vars();
    let env = Env::from_process();
    let cli = Cli::parse_or_exit(&env);
    pinflow::run(cli, env)
}

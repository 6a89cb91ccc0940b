//! The `pinflow` binary: arguments in, exit code out.

use std::process::ExitCode;

use pinflow::{cli::Cli, env::Env, secret::Secrets};

fn main() -> ExitCode {
    Env::drop_empty_pinflow_vars();
    let env = Env::from_process();
    // What the command line's parsing (and a panic before the run starts) must not show.
    let early = Secrets::default();
    early.learn_env(&env);
    early.learn_named(&env);
    pinflow::log::panic_hook(early.clone());
    let cli = Cli::parse_or_exit(&env, &early);
    pinflow::run(cli, env)
}

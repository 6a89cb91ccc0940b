//! What the argument parser prints — usage errors, `--help`, `--version` — made as inert and
//! secret-free as everything else pinflow prints.
//!
//! clap repeats what it rejects (a `PINFLOW_*` value, a stray argument) and shows the values of
//! `PINFLOW_*` variables in `--help`. Those values come from CI inputs, which a pull request
//! may write, and may be secrets mapped to the wrong input. So: `--help` shows variables'
//! names only, a rejected value is never repeated (it reads `***`), every known secret is
//! redacted, and every line passes [`crate::escape::text`] so that no runner reads a command
//! in it.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::secret::{Secrets, MIN_LEN, REDACTED};

/// `command` and its subcommands with every argument's `[env: NAME=value]` in the help
/// shortened to `[env: NAME]`.
pub(crate) fn hide_env_values(command: clap::Command) -> clap::Command {
    command
        .mut_args(|a| a.hide_env_values(true))
        .mut_subcommands(hide_env_values)
}

/// What a parser error (or `--help`, `--version`) prints, and whether it goes to stderr:
/// `note` appended, rejected values hidden, `secrets` redacted, every line inert.
pub(crate) fn render(e: &clap::Error, note: Option<&str>, secrets: &Secrets) -> (String, bool) {
    let mut message = e.render().to_string();
    for value in rejected_values(e) {
        message = hide(&message, &value);
    }
    if let Some(note) = note {
        message.push_str(note);
        message.push('\n');
    }
    let shown = crate::escape::text(&secrets.redact(&message));
    (shown, e.use_stderr())
}

/// The texts of `e` that came from the user rather than from pinflow's definitions: a rejected
/// value, an unknown subcommand, a stray positional argument, an unknown flag's `=value`.
fn rejected_values(e: &clap::Error) -> Vec<String> {
    let mut values = Vec::new();
    for kind in [ContextKind::InvalidValue, ContextKind::InvalidSubcommand] {
        match e.get(kind) {
            Some(ContextValue::String(v)) => values.push(v.clone()),
            Some(ContextValue::Strings(vs)) => values.extend(vs.iter().cloned()),
            _ => {}
        }
    }
    if e.kind() == ErrorKind::UnknownArgument {
        if let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) {
            match arg.split_once('=') {
                Some((flag, value)) if flag.starts_with('-') => values.push(value.to_owned()),
                _ if arg.starts_with('-') => {}
                _ => values.push(arg.clone()),
            }
        }
    }
    values.retain(|v| !v.is_empty());
    values
}

/// `message` with `value` hidden: wherever it is quoted, and anywhere at all once it is long
/// enough to be a secret.
fn hide(message: &str, value: &str) -> String {
    let quoted = message.replace(&format!("'{value}'"), &format!("'{REDACTED}'"));
    if value.len() >= MIN_LEN {
        quoted.replace(value, REDACTED)
    } else {
        quoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn error(args: &[&str]) -> clap::Error {
        let command = hide_env_values(<crate::cli::Cli as clap::CommandFactory>::command());
        command.try_get_matches_from(args).unwrap_err()
    }

    #[test]
    fn rejected_values_are_hidden_and_inert() {
        let secrets = Secrets::default();
        secrets.learn("pnu_known_canary");
        for args in [
            &[
                "pinflow",
                "deploy",
                "--pin-commit",
                "::error::pwned1\n::warning::pwned2",
            ][..],
            &[
                "pinflow",
                "deploy",
                "--concurrency",
                "##vso[task.setvariable variable=a]b",
            ],
            &["pinflow", "versions", "a/b", "unknown-canary-value"],
            &["pinflow", "::stop-commands::x"],
            &["pinflow", "deploy", "--no-such-flag=flag-canary-value"],
            &["pinflow", "deploy", "--pin-commit", "pnu_known_canary"],
        ] {
            let (shown, to_stderr) = render(&error(args), Some("note: ::x"), &secrets);
            assert!(to_stderr, "{args:?}");
            for line in shown.lines() {
                assert!(!line.trim_start().starts_with("::"), "{args:?}: {shown}");
                assert!(!line.contains("##vso["), "{args:?}: {shown}");
            }
            for canary in ["canary", "pwned", "##vso", "stop-commands"] {
                assert!(!shown.contains(canary), "{args:?}: {shown}");
            }
            let echoed = error(args).render().to_string();
            assert_eq!(
                shown.contains(REDACTED),
                ["canary", "pwned", "::", "##vso"]
                    .iter()
                    .any(|c| echoed.contains(c)),
                "{args:?}: {shown}"
            );
        }
    }

    #[test]
    fn help_and_version_go_to_stdout_with_no_variable_values() {
        let (help, to_stderr) = render(
            &error(&["pinflow", "deploy", "--help"]),
            None,
            &Secrets::default(),
        );
        assert!(!to_stderr);
        assert!(help.contains("[env: PINFLOW_VERSION]"), "{help}");
        let (version, _) = render(&error(&["pinflow", "--version"]), None, &Secrets::default());
        assert_eq!(version, format!("pinflow {}\n", env!("CARGO_PKG_VERSION")));
        assert!(crate::cli::Cli::try_parse_from(["pinflow", "check"]).is_ok());
    }
}

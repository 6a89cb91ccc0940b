//! Build and push steps. `run_shell_script` runs natively; any other step is a Python
//! function that pinflow cannot run, and is refused before anything is written.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Map, Value};

use crate::env::Env;
use crate::error::{Error, Result};
use crate::template::{self, References};

const SHELL_STEPS: [&str; 2] = [
    "prefect.deployments.steps.run_shell_script",
    "prefect.deployments.steps.utility.run_shell_script",
];

/// The function name and arguments of a step (`{fn: {args}}`, checked by the project loader).
pub(super) fn parts(step: &Value) -> (&str, Map<String, Value>) {
    let (name, args) = step
        .as_object()
        .and_then(|m| m.iter().next())
        .expect("steps are checked on load");
    (name.as_str(), args.as_object().cloned().unwrap_or_default())
}

/// Refuses any build or push step that pinflow cannot run.
pub(super) fn check(section: &str, steps: &[Value], deployment: &str) -> Result<()> {
    for step in steps {
        let (name, _) = parts(step);
        if !SHELL_STEPS.contains(&name) {
            return Err(Error::project(format!(
                "deployment {deployment:?}: {section} step `{name}` is a Python step, and pinflow runs \
                 no Python; only prefect.deployments.steps.run_shell_script runs here. Build and push \
                 images in CI (for example docker/build-push-action), then pin the result with \
                 `image: \"repo@{{{{ $IMAGE_DIGEST }}}}\"` in job_variables"
            )));
        }
    }
    Ok(())
}

/// `env` without what pinflow holds as credentials: the variables it learns as secrets
/// ([`crate::secret::CREDENTIAL_VARS`], every name that says secret). For a preview's steps
/// (`--preview-steps`), which are the pull request's own commands.
pub(super) fn without_credentials(env: &Env) -> Env {
    let kept = env
        .vars()
        .iter()
        .filter(|(name, _)| !crate::secret::names_credential(name));
    Env::from_pairs(kept.map(|(k, v)| (k.clone(), v.clone())))
}

/// Runs `steps` in order, each templated with the outputs so far; returns all outputs, each
/// under its `id` and flat, as Prefect merges them.
/// `env_values` is `env` as a values tree (built once by the caller).
pub(super) fn run(
    steps: &[Value],
    env: &Env,
    env_values: &Value,
    refs: &References,
    dir: &Path,
) -> Result<Value> {
    let mut outputs = Value::Object(Map::new());
    for step in steps {
        let (name, mut args) = parts(step);
        let id = args
            .remove("id")
            .and_then(|v| v.as_str().map(str::to_owned));
        args.remove("requires");
        // Everything known so far, in one pass; what is still missing is blanked.
        let src = template::Sources {
            refs: Some(refs),
            env: env_values,
            outputs: &outputs,
        };
        let all = template::Options {
            remove_notset: true,
            skip_prefixes: &[],
        };
        let args = template::render(&Value::Object(args), &src, all)?.unwrap_or_default();
        let out = run_shell_script(name, &args, env, dir)?;
        if let (Value::Object(all), Value::Object(new)) = (&mut outputs, &out) {
            if let Some(id) = id {
                all.insert(id, out.clone());
            }
            all.extend(new.clone());
        }
    }
    Ok(outputs)
}

/// Prefect's `run_shell_script`: each line is one command, split like a shell would but not
/// run by one (no pipes), with `env` added and `$VARS` expanded when `expand_env_vars` is set.
fn run_shell_script(step: &str, args: &Value, env: &Env, dir: &Path) -> Result<Value> {
    let script = args
        .get("script")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::project(format!("step `{step}` needs a `script` string")))?;
    let workdir = args
        .get("directory")
        .and_then(Value::as_str)
        .map_or_else(|| dir.to_owned(), |d| dir.join(d));
    let extra: Vec<(String, String)> = args
        .get("env")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), template::python_str(v)))
                .collect()
        })
        .unwrap_or_default();
    let expand = args
        .get("expand_env_vars")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let child_env = env.clone();
    let child_env = extra.iter().fold(child_env, |e, (k, v)| e.with(k, v));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = if expand {
            expand_vars(line, &child_env)
        } else {
            line.to_owned()
        };
        let words = shlex::split(&line)
            .filter(|w| !w.is_empty())
            .ok_or_else(|| {
                Error::project(format!(
                    "step `{step}`: cannot split the command {line:?} (unbalanced quotes?)"
                ))
            })?;
        tracing::info!("running {line:?}");
        let out = Command::new(&words[0])
            .args(&words[1..])
            .current_dir(&workdir)
            .env_clear()
            .envs(child_env.vars())
            .env_remove(super::PLAN_KEY_VAR)
            .output()
            .map_err(|e| {
                Error::service(format!("step `{step}`: cannot run {:?}: {e}", words[0]))
            })?;
        let text = |b: &[u8]| String::from_utf8_lossy(b).trim().to_owned();
        if !out.status.success() {
            return Err(Error::service(format!(
                "step `{step}`: {line:?} failed with {}: {}",
                out.status,
                text(&out.stderr)
            )));
        }
        stdout.push(text(&out.stdout));
        stderr.push(text(&out.stderr));
    }
    let join = |v: Vec<String>| {
        v.into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(json!({"stdout": join(stdout), "stderr": join(stderr)}))
}

static VAR: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\$\{(\w+)\}|\$(\w+)").expect("valid regex"));

fn expand_vars(line: &str, env: &Env) -> String {
    VAR.replace_all(line, |c: &regex::Captures<'_>| {
        let name = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
        env.raw(name).map_or_else(|| c[0].to_owned(), str::to_owned)
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(script: &str, id: &str) -> Value {
        json!({"prefect.deployments.steps.run_shell_script": {"id": id, "script": script}})
    }

    #[test]
    fn shell_steps_chain_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env::from_pairs([("PATH", "/usr/bin:/bin"), ("TAG", "v1")]);
        let steps = [
            step("echo hello\necho 'two words'", "first"),
            step("echo '{{ first.stderr }}{{ $TAG }}'", "second"),
            step("echo {{ second.stdout }}-x", "third"),
        ];
        let out = run(
            &steps,
            &env,
            &template::env_values(env.vars()),
            &References::default(),
            dir.path(),
        )
        .unwrap();
        assert_eq!(out["first"]["stdout"], "hello\ntwo words");
        assert_eq!(out["second"]["stdout"], "v1");
        assert_eq!(out["third"]["stdout"], "v1-x");
        assert_eq!(out["stdout"], "v1-x", "outputs are also merged flat");
    }

    #[test]
    fn failing_commands_and_python_steps_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env::from_pairs([("PATH", "/usr/bin:/bin")]);
        let err = run(
            &[step("false", "x")],
            &env,
            &template::env_values(env.vars()),
            &References::default(),
            dir.path(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("\"false\" failed"), "{err}");
        let docker =
            json!({"prefect_docker.deployments.steps.build_docker_image": {"image_name": "x"}});
        let err = check("build", &[docker], "etl").unwrap_err();
        assert!(err.to_string().contains("build_docker_image"), "{err}");
        assert!(err.to_string().contains("IMAGE_DIGEST"), "{err}");
    }
}

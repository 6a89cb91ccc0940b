// The Azure Pipelines task: reads the task's inputs (INPUT_<NAME>, as the agent sets them),
// runs the bundled pinflow binary with the values as PINFLOW_* environment variables (never
// on the command line), and reports failure the agent's way. No npm dependencies: the
// task library would scrub INPUT_* from the environment, and nothing else is needed.
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] || "").trim();
const vso = (line) => process.stdout.write(`${line}\n`);
// Azure's escaping for logging-command values.
const escape = (s) => s.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/]/g, "%5D").replace(/;/g, "%3B");

function fail(message) {
  vso(`##vso[task.logissue type=error]${escape(message)}`);
  vso(`##vso[task.complete result=Failed;]${escape(message)}`);
  process.exitCode = 1;
}

function binary() {
  if (process.env.PINFLOW_BINARY) return process.env.PINFLOW_BINARY;
  const os = { linux: "linux", darwin: "macos" }[process.platform];
  const arch = { x64: "x86_64", arm64: "aarch64" }[process.arch];
  if (!os || !arch) return null;
  return path.join(__dirname, "bin", `${os}-${arch}`, "pinflow");
}

function main() {
  const command = input("command") || "deploy";
  if (!["deploy", "rollback", "promote", "versions"].includes(command)) {
    return fail(`pinflow: command must be deploy, rollback, promote or versions, not ${command}`);
  }
  const exe = binary();
  if (!exe) return fail(`pinflow: ${process.platform}/${process.arch} agents are not supported (Linux and macOS are)`);
  const apiKey = input("prefectApiKey");
  if (apiKey) vso(`##vso[task.setsecret]${apiKey}`);
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("INPUT_")) delete env[name];
  // Task input -> environment variable for pinflow; empty inputs are left out.
  const mapping = {
    prefectApiUrl: "PREFECT_API_URL", prefectApiKey: "PREFECT_API_KEY",
    deployments: "PINFLOW_DEPLOYMENTS", all: "PINFLOW_ALL", prefectFile: "PINFLOW_PREFECT_FILE",
    version: "PINFLOW_VERSION", versionType: "PINFLOW_VERSION_TYPE", pinCommit: "PINFLOW_PIN_COMMIT",
    imageDigest: "PINFLOW_IMAGE_DIGEST", resolveImage: "PINFLOW_RESOLVE_IMAGE", dryRun: "PINFLOW_DRY_RUN",
    force: "PINFLOW_FORCE", deployment: "PINFLOW_DEPLOYMENT", to: "PINFLOW_TO",
  };
  for (const [name, variable] of Object.entries(mapping)) {
    const value = input(name);
    if (value) env[variable] = value;
  }
  const cwd = input("workingDirectory") || process.env.BUILD_SOURCESDIRECTORY || process.cwd();
  // pinflow writes its ##vso commands to stderr; the agent reads them from stdout.
  const run = spawnSync(exe, [command], { cwd, env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  if (run.error) return fail(`pinflow: cannot run ${exe}: ${run.error.message}`);
  process.stdout.write(run.stdout);
  process.stdout.write(run.stderr);
  if (run.status !== 0) fail(`pinflow ${command} failed with exit code ${run.status}`);
}

main();

// The Azure Pipelines task: reads the task's inputs (INPUT_<NAME>, as the agent sets them),
// runs the bundled pinflow binary with the values as PINFLOW_* environment variables (never
// on the command line), streams its output line by line as it comes, and reports failure the
// agent's way. No npm dependencies: the task library would scrub INPUT_* from the
// environment, and nothing else is needed.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const readline = require("readline");

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] || "").trim();
const vso = (line) => process.stdout.write(`${line}\n`);
// Azure's escaping for logging-command values.
const escape = (s) => s.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/]/g, "%5D").replace(/;/g, "%3B");

function fail(message) {
  vso(`##vso[task.logissue type=error]${escape(message)}`);
  vso(`##vso[task.complete result=Failed;]${escape(message)}`);
  process.exitCode = 1;
}

// The binary for this agent, from the folders scripts/release.sh bundles into the VSIX.
function binary() {
  if (process.env.PINFLOW_BINARY) return process.env.PINFLOW_BINARY;
  const os = { linux: "linux", darwin: "macos", win32: "windows" }[process.platform];
  const arch = { x64: "x86_64", arm64: "aarch64" }[process.arch];
  if (!os || !arch) return null;
  const exe = path.join(__dirname, "bin", `${os}-${arch}`, os === "windows" ? "pinflow.exe" : "pinflow");
  return fs.existsSync(exe) ? exe : null;
}

// The agent unpacks tasks from a zip, which keeps no permissions: the binary arrives without
// its executable bit.
function makeExecutable(exe) {
  if (process.platform === "win32") return;
  const mode = fs.statSync(exe).mode;
  if ((mode & 0o111) !== 0o111) fs.chmodSync(exe, mode | 0o755);
}

function main() {
  const command = input("command") || "deploy";
  if (!["deploy", "plan", "preview-cleanup", "rollback", "promote", "versions"].includes(command)) {
    return fail(`pinflow: command must be deploy, plan, preview-cleanup, rollback, promote or versions, not ${command}`);
  }
  const exe = binary();
  if (!exe) return fail(`pinflow: no pinflow binary for ${process.platform}/${process.arch} agents in this task (Linux, macOS and Windows on x64 or arm64 are bundled)`);
  const apiKey = input("prefectApiKey");
  if (apiKey) vso(`##vso[task.setsecret]${apiKey}`);
  try {
    makeExecutable(exe);
  } catch (error) {
    return fail(`pinflow: cannot make ${exe} executable: ${error.message}`);
  }
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("INPUT_")) delete env[name];
  // Task input -> environment variable for pinflow; empty inputs are left out.
  const mapping = {
    prefectApiUrl: "PREFECT_API_URL", prefectApiKey: "PREFECT_API_KEY",
    deployments: "PINFLOW_DEPLOYMENTS", all: "PINFLOW_ALL",
    version: "PINFLOW_VERSION", versionType: "PINFLOW_VERSION_TYPE", pinCommit: "PINFLOW_PIN_COMMIT",
    imageDigest: "PINFLOW_IMAGE_DIGEST", resolveImage: "PINFLOW_RESOLVE_IMAGE", dryRun: "PINFLOW_DRY_RUN",
    force: "PINFLOW_FORCE", deployment: "PINFLOW_DEPLOYMENT", to: "PINFLOW_TO",
    preview: "PINFLOW_PREVIEW", previewName: "PINFLOW_PREVIEW_NAME", olderThan: "PINFLOW_OLDER_THAN",
    comment: "PINFLOW_COMMENT",
  };
  for (const [name, variable] of Object.entries(mapping)) {
    const value = input(name);
    if (value) env[variable] = value;
  }
  const sources = process.env.BUILD_SOURCESDIRECTORY || process.cwd();
  const cwd = path.resolve(sources, input("workingDirectory") || ".");
  // The project file is relative to the working directory, as on the command line.
  const prefectFile = input("prefectFile");
  if (prefectFile) env.PINFLOW_PREFECT_FILE = path.resolve(cwd, prefectFile);

  const child = spawn(exe, [command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  // pinflow writes its ##vso commands to stderr; the agent reads them from stdout. Whole lines
  // only, so a command is never split by the other stream's output.
  const streams = [child.stdout, child.stderr].map((stream) => new Promise((resolve) => {
    readline.createInterface({ input: stream, crlfDelay: Infinity })
      .on("line", (line) => process.stdout.write(`${line}\n`))
      .on("close", resolve);
  }));
  const exit = new Promise((resolve) => {
    child.on("error", (error) => resolve(`pinflow: cannot run ${exe}: ${error.message}`));
    // A plan with changes exits 6: a result (the `changes` output), not a failure.
    const ok = (code) => code === 0 || (command === "plan" && code === 6);
    child.on("close", (code, signal) => resolve(
      ok(code) ? null : `pinflow ${command} failed with ${code === null ? `signal ${signal}` : `exit code ${code}`}`));
  });
  Promise.all([exit, ...streams]).then(([problem]) => { if (problem) fail(problem); });
}

main();

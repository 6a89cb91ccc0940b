// The Azure Pipelines task: reads the task's inputs (INPUT_<NAME>, as the agent sets them),
// runs the bundled pinflow binary with the values as PINFLOW_* environment variables (never
// on the command line), streams its output line by line as it comes, and reports failure the
// agent's way. No npm dependencies: the task library would scrub INPUT_* from the
// environment, and nothing else is needed.
//
// The bundled binary sits in the agent's task cache (_work/_tasks), which outlives jobs on a
// self-hosted agent: it runs only if its sha256 is the one scripts/release.sh wrote into
// bin/SHA256SUMS, and then as a private copy of the verified bytes, never in place.
"use strict";
const { spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const readline = require("readline");

const input = (name) => (process.env[`INPUT_${name.toUpperCase()}`] || "").trim();
const vso = (line) => process.stdout.write(`${line}\n`);
// A value inside a logging command, escaped as the agent unescapes it, with any command marker
// in it broken (the agent looks for ##vso[ anywhere on a line): pinflow's escape::azure_property.
const escape = (s) => s.replace(/%/g, "%AZP25").replace(/;/g, "%3B").replace(/\r/g, "%0D")
  .replace(/\n/g, "%0A").replace(/]/g, "%5D")
  .replace(/##vso\[/g, "#\u200b#vso[").replace(/##\[/g, "#\u200b#[");
// The shortest line that is masked, in UTF-8 bytes, as in pinflow (secret::MIN_LEN).
const MIN_SECRET = 4;

// Masks a secret the way pinflow does (secret::Mask): one setsecret per line of it (the agent
// masks line by line), each escaped.
function mask(value) {
  for (const line of value.split(/[\r\n]/).map((l) => l.trim())) {
    if (Buffer.byteLength(line) >= MIN_SECRET) vso(`##vso[task.setsecret]${escape(line)}`);
  }
}

function fail(message) {
  vso(`##vso[task.logissue type=error]${escape(message)}`);
  vso(`##vso[task.complete result=Failed;]${escape(message)}`);
  process.exitCode = 1;
}

// The binary for this agent as [path, its path under bin/], from the folders scripts/release.sh
// bundles into the VSIX; or PINFLOW_BINARY, a binary the pipeline chose itself.
function binary() {
  if (process.env.PINFLOW_BINARY) return [process.env.PINFLOW_BINARY, null];
  const system = { linux: "linux", darwin: "macos", win32: "windows" }[process.platform];
  const arch = { x64: "x86_64", arm64: "aarch64" }[process.arch];
  if (!system || !arch) return null;
  const name = `${system}-${arch}/${system === "windows" ? "pinflow.exe" : "pinflow"}`;
  const exe = path.join(__dirname, "bin", ...name.split("/"));
  return fs.existsSync(exe) || isLink(exe) ? [exe, name] : null;
}

function isLink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

// The sha256 bin/SHA256SUMS pins for `name` ("linux-x86_64/pinflow"), or null.
function pinnedSum(name) {
  let sums;
  try {
    sums = fs.readFileSync(path.join(__dirname, "bin", "SHA256SUMS"), "utf8");
  } catch {
    return null;
  }
  for (const line of sums.split("\n")) {
    const [sum, file] = line.trim().split(/\s+\*?/);
    if (file === name && /^[0-9a-f]{64}$/.test(sum)) return sum;
  }
  return null;
}

// A private copy of bundled binary `exe` (bin/`name`), made from bytes whose sha256 is the
// pinned one; throws, saying what is wrong, when it is not a plain file or does not match. The
// agent unpacks tasks from a zip, which keeps no permissions: the copy is made executable, the
// task folder is left alone.
function verifiedCopy(exe, name) {
  const stat = fs.lstatSync(exe);
  if (!stat.isFile() || stat.nlink !== 1) {
    throw new Error(`${exe} is not a regular file (a link, a hard link or a device); refusing to run it`);
  }
  const want = pinnedSum(name);
  if (!want) throw new Error(`bin/SHA256SUMS of this task pins no sha256 for bin/${name}; refusing to run it`);
  const bytes = fs.readFileSync(exe);
  const got = crypto.createHash("sha256").update(bytes).digest("hex");
  if (got !== want) {
    throw new Error(`${exe} does not match its sha256 in bin/SHA256SUMS (expected ${want}, got ${got}): the task folder was changed; refusing to run it (delete the agent's _work/_tasks/Pinflow_* folder to fetch the task again)`);
  }
  const dir = fs.mkdtempSync(path.join(process.env.AGENT_TEMPDIRECTORY || os.tmpdir(), "pinflow-"));
  const copy = path.join(dir, path.basename(exe));
  fs.writeFileSync(copy, bytes, { mode: 0o755, flag: "wx" });
  return [copy, dir];
}

function main() {
  // The keys are masked before anything else is written.
  for (const secret of ["prefectApiKey", "planKey"]) {
    const value = input(secret);
    if (value) mask(value);
  }
  const command = input("command") || "deploy";
  if (!["deploy", "plan", "apply", "preview-cleanup", "rollback", "promote", "versions"].includes(command)) {
    return fail(`pinflow: command must be deploy, plan, apply, preview-cleanup, rollback, promote or versions, not ${command}`);
  }
  const found = binary();
  if (!found) return fail(`pinflow: no pinflow binary for ${process.platform}/${process.arch} agents in this task (Linux, macOS and Windows on x64 or arm64 are bundled)`);
  let [exe, bundled] = found;
  let privateDir = null;
  if (bundled) {
    try {
      [exe, privateDir] = verifiedCopy(exe, bundled);
    } catch (error) {
      return fail(`pinflow: ${error.message}`);
    }
  }
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("INPUT_")) delete env[name];
  // Task input -> environment variable for pinflow; empty inputs are left out.
  const mapping = {
    prefectApiUrl: "PREFECT_API_URL", prefectApiKey: "PREFECT_API_KEY",
    deployments: "PINFLOW_DEPLOYMENTS", all: "PINFLOW_ALL",
    version: "PINFLOW_VERSION", versionType: "PINFLOW_VERSION_TYPE", pinCommit: "PINFLOW_PIN_COMMIT",
    imageDigest: "PINFLOW_IMAGE_DIGEST", resolveImage: "PINFLOW_RESOLVE_IMAGE", dryRun: "PINFLOW_DRY_RUN",
    force: "PINFLOW_FORCE", keepPaused: "PINFLOW_KEEP_PAUSED", prune: "PINFLOW_PRUNE", planFile: "PINFLOW_PLAN_FILE", planKey: "PINFLOW_PLAN_KEY", deployment: "PINFLOW_DEPLOYMENT", to: "PINFLOW_TO",
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
  Promise.all([exit, ...streams]).then(([problem]) => {
    if (privateDir) fs.rmSync(privateDir, { recursive: true, force: true });
    if (problem) fail(problem);
  });
}

main();

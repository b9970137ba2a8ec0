// Runs the committed bundle exactly as the GitHub runner does: INPUT_* variables (with action.yml's
// defaults for inputs not given), the file commands, then the post step with STATE_* variables.
import type { ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseManifest } from "../../src/inputs/manifest.js";
import { REPO, runStep, type TimedStepResult } from "./step.js";

export { REPO, reportedTimes, type StepResult } from "./step.js";

/**
 * Node binaries to run the bundle with: the one running the tests (the machine's 20) and the
 * runner's 24, which scripts/testbed-install.sh fetches and scripts/test.sh names in RBK_NODE24.
 */
export function nodeBinaries(): Readonly<Record<string, string>> {
  const node24 = process.env["RBK_NODE24"];
  if (!node24) throw new Error("RBK_NODE24 is not set: run the tests through scripts/test.sh");
  return { [`node${process.versions.node.split(".")[0]}`]: process.execPath, node24 };
}

export interface ActionRun {
  readonly main: TimedStepResult;
  readonly post: TimedStepResult;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  readonly summary: string;
  readonly runnerTemp: string;
  /** Every file the runner's file commands received, for leak checks. */
  readonly files: string;
}

/** Parses a GitHub file command file: `name=value` lines and `name<<DELIM` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = "", delimiter = ""] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      result[name] = value.join("\n");
    } else if (line.includes("=")) {
      const at = line.indexOf("=");
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

export interface RunOptions {
  readonly inputs: Readonly<Record<string, string>>;
  readonly node?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Called once the main step is running, to look at it, cancel it or kill it. */
  readonly duringMain?: (child: ChildProcess, runnerTemp: string) => Promise<void> | void;
  readonly workDir?: string;
  /** Another bundle to run than the repository's dist/ (a bench comparing two), with action.yml beside it. */
  readonly dist?: string;
}

/** The runner evaluates expressions in action.yml's defaults; this is the one the action uses. */
export const GITHUB_TOKEN = "ghs_runnerEvaluatedTokenForTests0000";

async function inputEnv(inputs: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  const manifest = parseManifest(await readFile(join(REPO, "action.yml"), "utf8"));
  const env: Record<string, string> = {};
  for (const spec of manifest.inputs.values()) {
    env[`INPUT_${spec.name.replace(/ /g, "_").toUpperCase()}`] = spec.default.replace("${{ github.token }}", GITHUB_TOKEN);
  }
  for (const [name, value] of Object.entries(inputs)) {
    if (!manifest.inputs.has(name)) throw new Error(`the test passes ${name}, which action.yml does not declare`);
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return env;
}

/** Runner roots runAction made itself: a test reads their files after the run, so they go when its process exits. */
const madeRoots = new Set<string>();

async function makeRoot(): Promise<string> {
  const root = await mkdtemp(join(process.env["TMPDIR"] ?? "/tmp", "rbk-runner-"));
  if (madeRoots.size === 0) {
    process.once("exit", () => madeRoots.forEach((r) => {
      try {
        rmSync(r, { recursive: true, force: true });
      } catch {
        // A tidy-up: a file it cannot remove must not fail the tests that passed.
      }
    }));
  }
  madeRoots.add(root);
  return root;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const node = options.node ?? process.execPath;
  const dist = options.dist ?? join(REPO, "dist");
  const root = options.workDir ?? (await makeRoot());
  const runnerTemp = join(root, "_temp");
  const files = join(root, "_files");
  await mkdir(runnerTemp, { recursive: true });
  await mkdir(files, { recursive: true });
  const commandFiles = {
    GITHUB_OUTPUT: join(files, "output"),
    GITHUB_STATE: join(files, "state"),
    GITHUB_STEP_SUMMARY: join(files, "summary"),
    GITHUB_ENV: join(files, "env"),
    GITHUB_PATH: join(files, "path"),
  };
  for (const f of Object.values(commandFiles)) await writeFile(f, "");
  const base: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    HOME: process.env["HOME"],
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_REPOSITORY: "acme/app",
    GITHUB_WORKSPACE: root,
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: join(root, "_tool"),
    ...commandFiles,
    ...options.env,
  };
  const main = await runStep({
    node, script: "main.js", dist, env: { ...base, ...(await inputEnv(options.inputs)) }, cwd: options.env?.["GITHUB_WORKSPACE"] ?? root,
    during: options.duringMain && ((child) => options.duringMain?.(child, runnerTemp)),
  });
  const state = parseFileCommands(await readFile(commandFiles.GITHUB_STATE, "utf8"));
  const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
  const post = await runStep({ node, script: "post.js", dist, env: { ...base, ...(await inputEnv(options.inputs)), ...stateEnv }, cwd: root });
  const read = async (f: string): Promise<string> => (existsSync(f) ? readFile(f, "utf8") : "");
  const fileText = (await Promise.all(Object.values(commandFiles).map(read))).join("\n");
  return {
    main,
    post,
    outputs: parseFileCommands(await read(commandFiles.GITHUB_OUTPUT)),
    state,
    summary: await read(commandFiles.GITHUB_STEP_SUMMARY),
    runnerTemp,
    files: fileText,
  };
}

/** What a person would see: the step's output without the masking commands the runner consumes. */
export function visibleOutput(output: string): string {
  return output.split("\n").filter((l) => !l.startsWith("::add-mask::")).join("\n");
}

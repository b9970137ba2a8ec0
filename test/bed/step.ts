// One way to run a step of the bundle, shared by the GitHub runner and GitLab job harnesses: a
// Node process on dist/SCRIPT with the environment the CI gives it, its output as the log shows it.
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "../../..");

export interface StepResult {
  readonly code: number | null;
  /** Everything the step printed, stdout and stderr interleaved. */
  readonly output: string;
  /** Process start to exit, as the harness saw it: Node's start included. */
  readonly ms: number;
}

export interface TimedStepResult extends StepResult {
  /** The output, each line led by the seconds since the step started (a bench's log: where the time went). */
  readonly timed: string;
}

export interface StepOptions {
  /** The Node binary to run it with. */
  readonly node: string;
  /** main.js or post.js, by name. */
  readonly script: string;
  /** The bundle's directory, with action.yml beside it: the repository's dist/ unless a bench compares another. */
  readonly dist: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Called once the step is running, to look at it, cancel it or kill it. */
  readonly during?: ((child: ChildProcess) => Promise<void> | void) | undefined;
}

export function runStep(options: StepOptions): Promise<TimedStepResult> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(options.node, [join(options.dist, options.script)], { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let timed = "";
    const take = (chunk: string): void => {
      const at = `[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}] `;
      timed += (output === "" || output.endsWith("\n") ? at : "") + chunk.replace(/\n(?=.)/g, `\n${at}`);
      output += chunk;
    };
    child.stdout.setEncoding("utf8").on("data", take);
    child.stderr.setEncoding("utf8").on("data", take);
    child.once("error", reject);
    child.once("close", (code) => resolvePromise({ code, output, timed, ms: Math.round(performance.now() - started) }));
    if (options.during) Promise.resolve(options.during(child)).catch(reject);
  });
}

/**
 * The times the step itself reports at the end of its log (`remote-buildkit: build failed in 1.2 s
 * on ...`, `  time: connect 0.3 s, ...`), measured inside the step: without Node's start, which a
 * busy machine stretches. Undefined when the step ended before it reports (a mistake in the inputs).
 */
export function reportedTimes(output: string): { readonly totalMs: number; readonly connectMs: number | undefined } | undefined {
  const total = /^remote-buildkit: build \w+ in (\d+(?:\.\d+)?) s /m.exec(output);
  if (!total) return undefined;
  const connect = /^ {2}time: connect (\d+(?:\.\d+)?) s/m.exec(output);
  return { totalMs: Number(total[1]) * 1000, connectMs: connect ? Number(connect[1]) * 1000 : undefined };
}

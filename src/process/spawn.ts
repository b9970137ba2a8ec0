import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import type { Readable } from "node:stream";

export interface SpawnOptions {
  /** The whole environment of the command: the host's, from the context, and what the call adds. */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Killed (SIGKILL) once this many milliseconds have passed. */
  readonly timeoutMs?: number;
  /** On abort the child gets SIGINT, so buildx cancels its build; SIGKILL follows after graceMs. */
  readonly signal?: AbortSignal;
  readonly graceMs?: number;
  /**
   * Runs it at the lowest CPU priority: for work beside a build that must not slow it (a runner
   * has few cores). Where priorities cannot be set, it runs as usual.
   */
  readonly background?: boolean;
  /** Called with each chunk as it arrives, for live logs. */
  readonly onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  /** The command's standard input, destroyed when the command ends; none: it reads an empty input. */
  readonly stdin?: Readable;
}

export interface SpawnResult {
  readonly code: number | null;
  readonly stdout: string;
  /** The last part of stderr, kept for error messages. */
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly aborted: boolean;
}

const KEEP_STDERR = 64 * 1024;

/**
 * How long output may still come once the command has exited. A process it started and left
 * running (a daemon) inherits its pipes and can hold them open for as long as it lives: past this,
 * the pipes are closed and the command's result returned.
 */
export const OUTPUT_AFTER_EXIT_MS = 2_000;

/** Runs a command without a shell; never rejects for a non-zero exit, only when it cannot start. */
export function runCommand(command: string, args: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    // A command that ends before reading all of its input closes the pipe: not an error of ours.
    child.stdin.on("error", () => undefined);
    if (options.stdin) options.stdin.on("error", () => child.stdin.destroy()).pipe(child.stdin);
    else child.stdin.end();
    if (options.background && child.pid !== undefined) {
      try {
        setPriority(child.pid, 19);
      } catch {
        // Not allowed here (some containers): it only runs at the usual priority.
      }
    }
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let aborted = false;
    const timers: NodeJS.Timeout[] = [];
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk, "stdout");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-KEEP_STDERR);
      options.onOutput?.(chunk, "stderr");
    });
    if (options.timeoutMs !== undefined) {
      timers.push(setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, options.timeoutMs));
    }
    const onAbort = (): void => {
      // Too late to cancel what has ended.
      if (child.exitCode !== null || child.signalCode !== null) return;
      aborted = true;
      child.kill("SIGINT");
      timers.push(setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? 10_000));
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener("abort", onAbort, { once: true });
    child.once("error", (err) => {
      timers.forEach(clearTimeout);
      options.stdin?.destroy();
      reject(err);
    });
    let settled = false;
    const finish = (code: number | null): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      options.signal?.removeEventListener("abort", onAbort);
      options.stdin?.destroy();
      resolve({ code, stdout, stderr, timedOut, aborted });
    };
    child.once("exit", (code) => {
      // A command we stopped is waited for to the end: `docker buildx` may leave its plugin
      // running for a moment, still writing, and a stopped build must be over when this returns.
      if (aborted) return;
      timers.push(setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, OUTPUT_AFTER_EXIT_MS));
    });
    child.once("close", (code) => finish(code));
  });
}

/** Starts a command that may outlive the step: detached, its output dropped, never waited for. */
export function startDetached(command: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(command, args, { env, stdio: "ignore", detached: true });
  // Not starting is no error: what it was for is a tidy-up.
  child.once("error", () => undefined);
  child.unref();
}

/** The last lines of a command's output, where its error is: for messages and for telling failures apart. */
export function lastLines(output: string, count: number): string[] {
  return output.trimEnd().split("\n").slice(-count);
}

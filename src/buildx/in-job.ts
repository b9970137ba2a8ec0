import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { bootBuilder, callBuildx, type BuildxEnv } from "./builder.js";
import type { LocalBuilder } from "./local.js";
import type { BuildxCommand } from "./locate.js";
import { runCommand } from "../process/spawn.js";

/** The daemon's record in the job's workspace, so that whichever step cleans up can stop it. */
const RECORD = "in-job-buildkitd.json";
/** Starting is quick (under 2 s here), but a busy runner or a first overlay check can take longer. */
const START_MS = 60_000;
const STOP_MS = 10_000;
/** Where rootlesskit finds `rm`, in any image. */
const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

interface DaemonRecord {
  readonly pid: number;
  readonly dir: string;
  readonly rootlesskit: string | undefined;
}

export interface InJobDaemon {
  readonly buildkitd: string;
  /** Set when the job is not root: buildkitd then runs rootless in rootlesskit's user namespace. */
  readonly rootlesskit: string | undefined;
  /** BUILDKITD_FLAGS, added after the project's own. */
  readonly extraFlags: readonly string[];
  /** For the daemon's socket and state: short, since a unix socket's path has at most 107 bytes. */
  readonly tmpDir: string;
  readonly env: NodeJS.ProcessEnv;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The end of the daemon's log without Go's stack frames, which would push the error itself out of view. */
async function logTail(dir: string): Promise<string> {
  const log = await readFile(join(dir, "buildkitd.log"), "utf8").catch(() => "");
  const lines = log.trim().split("\n").filter((l) => !/^\t|\.go:\d+|^goroutine |^[\w./*()-]+$/.test(l));
  return lines.slice(-8).join("\n");
}

/**
 * Starts buildkitd inside the job, daemonless as BuildKit's buildctl-daemonless.sh does (the way
 * GitLab documents rootless builds without a privileged runner), and makes it a buildx builder
 * through the remote driver on its unix socket. It lives until the job's clean-up stops it.
 */
export async function startInJobBuilder(buildx: BuildxCommand, where: BuildxEnv, workspaceDir: string, name: string, daemon: InJobDaemon): Promise<LocalBuilder> {
  const dir = await mkdtemp(join(daemon.tmpDir, "rbk-buildkitd-"));
  const socket = join(dir, "buildkitd.sock");
  const flags = [
    "--root", join(dir, "root"), "--addr", `unix://${socket}`,
    // Its tracing socket too, which would otherwise go where a job's user may not write (/run/buildkit).
    "--otel-socket-path", join(dir, "otel-grpc.sock"),
    // It lives for one job: its default collection would prune large cache mounts between their copy in and the build.
    "--oci-worker-gc=false",
    // No PID namespace of its own: an unprivileged container cannot mount a new /proc (GitLab's docs ask for this flag).
    ...(daemon.rootlesskit ? ["--oci-worker-no-process-sandbox"] : []),
    ...daemon.extraFlags,
  ];
  const [command, args] = daemon.rootlesskit
    ? [daemon.rootlesskit, ["--state-dir", join(dir, "rootlesskit"), daemon.buildkitd, ...flags]]
    : [daemon.buildkitd, flags];
  const log = openSync(join(dir, "buildkitd.log"), "a");
  // buildkitd and rootlesskit keep their runtime files there.
  const env = { ...daemon.env, XDG_RUNTIME_DIR: join(dir, "run") };
  await mkdir(join(dir, "run"), { mode: 0o700 });
  const child = spawn(command, args, { env, detached: true, stdio: ["ignore", log, log] });
  closeSync(log);
  const started = new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", reject);
  });
  await started.catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  child.unref();
  const pid = child.pid ?? 0;
  const record: DaemonRecord = { pid, dir, rootlesskit: daemon.rootlesskit };
  await writeFile(join(workspaceDir, RECORD), JSON.stringify(record), { mode: 0o600 });

  const deadline = Date.now() + START_MS;
  while (!existsSync(socket)) {
    if (!alive(pid)) throw new Error(`buildkitd exited as it started: ${await logTail(dir)}`);
    if (Date.now() > deadline) throw new Error(`buildkitd did not listen within ${START_MS / 1000} s: ${await logTail(dir)}`);
    await sleep(100);
  }
  const created = await callBuildx(buildx, where, ["create", "--name", name, "--driver", "remote", `unix://${socket}`], { timeoutMs: 30_000 });
  if (created.code !== 0) throw new Error(`buildx create --driver remote failed: ${created.stderr.trim().split("\n").slice(-3).join(" ")}`);
  const [node] = await bootBuilder(buildx, where, name, Math.max(5_000, deadline - Date.now())).catch(async (err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; buildkitd's log: ${await logTail(dir)}`);
  });
  return { name, where, buildkitVersion: node?.buildkitVersion ?? "", owned: true };
}

/** Stops the in-job buildkitd this workspace started, if any, and removes its state. Idempotent. */
export async function stopInJobDaemon(workspaceDir: string, log: (message: string) => void): Promise<void> {
  const text = await readFile(join(workspaceDir, RECORD), "utf8").catch(() => "");
  if (text === "") return;
  const record = JSON.parse(text) as DaemonRecord;
  if (record.pid > 0 && alive(record.pid)) {
    process.kill(record.pid, "SIGTERM");
    const deadline = Date.now() + STOP_MS;
    while (alive(record.pid) && Date.now() < deadline) await sleep(100);
    if (alive(record.pid)) process.kill(record.pid, "SIGKILL");
    log("Stopped the job's buildkitd");
  }
  // Rootless, the snapshots hold files of the namespace's other users (subordinate ids), which
  // only the namespace's root may delete.
  if (record.rootlesskit) await runCommand(record.rootlesskit, ["--state-dir", join(record.dir, "rm-state"), "rm", "-rf", join(record.dir, "root")], { timeoutMs: 60_000, env: { PATH: SYSTEM_PATH } }).catch(() => undefined);
  await rm(record.dir, { recursive: true, force: true }).catch((err: unknown) => log(`Could not remove the job's buildkitd state ${record.dir}: ${String(err)}`));
  await rm(join(workspaceDir, RECORD), { force: true });
}

// The fast way between the runner and the job's own BuildKit container. buildx's session moves
// about 55 MB/s here (a Go module cache of 0.6 GB: 12 s in, 15 s out); the engine's exec stream
// and `docker cp` move it in 1 to 4 s. A RUN step cannot reach the container's files, but shares
// its network namespace (buildkitd's default network is the host's, here the container's), so the
// copy's RUN steps meet busybox nc, started in the container with `docker exec`, on its loopback.
// Each stream starts with a one-time token, so a stranger who connects first can neither fill a
// cache mount nor have his data saved as one.
import { randomBytes, randomInt } from "node:crypto";
import { createReadStream } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { lastLines, runCommand, type SpawnResult } from "../process/spawn.js";
import { listensOn } from "./loopback.js";
import type { ContainerTools } from "./tools.js";

/** A fresh token for one copy. */
export function streamToken(): string {
  return randomBytes(16).toString("hex");
}

/** Ports for the streams of one copy, distinct, away from the well-known and the ephemeral ranges. */
export function streamPorts(count: number): number[] {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(randomInt(20_000, 32_000));
  return [...ports];
}

interface ExecOptions {
  readonly stdin?: Readable;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

function exec(tools: ContainerTools, args: readonly string[], options: ExecOptions = {}): Promise<SpawnResult> {
  return runCommand("docker", ["exec", ...args], {
    env: { ...tools.env, ...options.env }, timeoutMs: options.timeoutMs ?? 30_000, graceMs: 1_000,
    ...(options.stdin ? { stdin: options.stdin } : {}), ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The container's table of TCP sockets (listensOn reads it); fails when the container cannot be reached. */
async function listening(tools: ContainerTools): Promise<string> {
  const result = await exec(tools, [tools.container, "/bin/busybox", "cat", "/proc/net/tcp", "/proc/net/tcp6"]);
  if (result.code !== 0) throw new Error(`docker exec in ${tools.container} failed: ${lastLines(result.stderr, 1).join("")}`);
  return result.stdout;
}

/**
 * Fails when something in the container already listens on one of the ports, which would get the
 * data; and, before a build waits for it, when the container cannot be reached.
 */
export async function ensurePortsFree(tools: ContainerTools, ports: readonly number[]): Promise<void> {
  const table = await listening(tools);
  const taken = ports.filter((p) => listensOn(table, p));
  if (taken.length > 0) throw new Error(`port ${taken.join(", ")} of the builder's container is taken`);
}

function tokenThen(token: string, file: string): Readable {
  return Readable.from((async function* () {
    yield Buffer.from(`${token}\n`);
    yield* createReadStream(file);
  })());
}

/**
 * Sends the token and the file to the copy's RUN step listening on the port, trying again until
 * it listens, or until `ended` (the copy's build is over). Whether the RUN unpacked it is the
 * build's to say.
 */
export async function sendFile(tools: ContainerTools, file: string, port: number, token: string, ended: () => boolean): Promise<void> {
  while (!ended()) {
    const result = await exec(tools, ["-i", tools.container, "/bin/busybox", "nc", "127.0.0.1", String(port)], { stdin: tokenThen(token, file), timeoutMs: 15 * 60_000 }).catch(() => undefined);
    if (result?.code === 0) return;
    await delay(200);
  }
}

/** A listener in the container that writes what follows the token into `file` there. */
export interface Receiver {
  /** Its exit: 0 once a stream with the token is written. */
  readonly done: Promise<SpawnResult | undefined>;
  /** The file in the container. */
  readonly file: string;
  /** Stops waiting for it (the `docker exec`; nc in the container gives up after its -w). */
  readonly stop: () => void;
}

/**
 * Starts a listener on the port (busybox nc; its input held open, since nc ends the connection when
 * its input ends) and waits until it listens. The token goes by the environment, not the command line.
 */
export async function startReceiver(tools: ContainerTools, port: number, token: string): Promise<Receiver> {
  const file = `/tmp/rbk-mount-${port}.tar`;
  const script = `/bin/busybox nc -l -p ${port} -w 120 | { read -r t && [ "$t" = "$RBK_TOKEN" ] && /bin/busybox cat > ${file}; }`;
  const abort = new AbortController();
  const done = exec(tools, ["-i", "-e", "RBK_TOKEN", tools.container, "/bin/busybox", "sh", "-c", script],
    { stdin: new PassThrough(), env: { RBK_TOKEN: token }, timeoutMs: 15 * 60_000, signal: abort.signal }).catch(() => undefined);
  const stop = (): void => abort.abort();
  let exited = false;
  void done.then(() => (exited = true));
  for (let tries = 0; tries < 50 && !exited; tries++) {
    if (listensOn(await listening(tools).catch(() => ""), port)) return { done, file, stop };
    await delay(100);
  }
  stop();
  await done;
  throw new Error(`the builder's container did not listen on port ${port}`);
}

/** Copies a file out of the container to the runner (the engine's archive API, no session). */
export async function fetchFile(tools: ContainerTools, from: string, to: string): Promise<void> {
  const result = await runCommand("docker", ["cp", `${tools.container}:${from}`, to], { env: tools.env, timeoutMs: 15 * 60_000 });
  if (result.code !== 0) throw new Error(`docker cp ${from} failed: ${result.stderr.trim().split("\n").slice(-1)[0] ?? ""}`);
}

/** Removes files from the container; what is left goes with it at the end of the job. */
export async function removeFiles(tools: ContainerTools, files: readonly string[]): Promise<void> {
  await exec(tools, [tools.container, "/bin/busybox", "rm", "-f", ...files]).catch(() => undefined);
}

// The fast way between the runner and the job's own BuildKit container. buildx's session moves
// about 55 MB/s here (a Go module cache of 0.6 GB: 12 s in, 15 s out); the engine's exec stream
// and `docker cp` move it in 2 to 4 s. A RUN step cannot reach the container's files, but shares
// its network namespace (buildkitd's default network is the host's, here the container's), so the
// copy's RUN steps meet busybox nc, started in the container with `docker exec`, on its loopback.
// Each stream starts with a one-time token, so a stranger who connects first can neither fill a
// cache mount nor have his data saved as one.
import { randomBytes, randomInt } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import { lastLines, runCommand, type SpawnResult } from "../process/spawn.js";
import { listensOn } from "./loopback.js";
import { receiverScript } from "./stream-scripts.js";
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
}

function exec(tools: ContainerTools, args: readonly string[], options: ExecOptions = {}): Promise<SpawnResult> {
  return runCommand("docker", ["exec", ...args], {
    env: { ...tools.env, ...options.env }, timeoutMs: options.timeoutMs ?? 30_000, ...(options.stdin ? { stdin: options.stdin } : {}),
  });
}

function shell(tools: ContainerTools, script: string, options: ExecOptions = {}): Promise<SpawnResult> {
  return exec(tools, [tools.container, "/bin/busybox", "sh", "-c", script], options);
}

/** The container's TCP sockets (listensOn reads them; tcp6 is missing where IPv6 is off); fails when the container cannot be reached. */
async function listening(tools: ContainerTools): Promise<string> {
  const result = await shell(tools, "/bin/busybox cat /proc/net/tcp && { /bin/busybox cat /proc/net/tcp6 2>/dev/null; true; }");
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

/** The token line, then the file; `whole` once the file was read to its end. */
function tokenThen(token: string, file: string): { readonly stream: Readable; readonly whole: () => boolean } {
  let whole = false;
  const stream = Readable.from((async function* () {
    yield Buffer.from(`${token}\n`);
    yield* createReadStream(file);
    whole = true;
  })());
  return { stream, whole: () => whole };
}

/**
 * Sends the token and the file to the copy's RUN step listening on the port, trying again until
 * it listens, or until `ended` (the copy's build is over). True once all of it went through.
 */
export async function sendFile(tools: ContainerTools, file: string, port: number, token: string, ended: () => boolean): Promise<boolean> {
  while (!ended()) {
    const input = tokenThen(token, file);
    const result = await exec(tools, ["-i", tools.container, "/bin/busybox", "nc", "127.0.0.1", String(port)], { stdin: input.stream, timeoutMs: 15 * 60_000 }).catch(() => undefined);
    if (result?.code === 0 && !result.timedOut) return input.whole();
    await delay(200);
  }
  return false;
}

/** The runner's listener in the container for one mount's copy out. */
export interface Receiver {
  readonly port: number;
  /** Where the mount's archive appears in the container once whole. */
  readonly file: string;
  /** Kills the listener and removes what it wrote. */
  readonly stop: () => Promise<void>;
}

/** How long the listener waits for a connection before it gives up on its own: a job killed before stopping it leaves it no longer. */
const RECEIVER_WAIT_S = 600;

/**
 * Starts a listener on the port (receiverScript; the token goes by the environment, not the
 * command line) and waits until it listens.
 */
export async function startReceiver(tools: ContainerTools, port: number, token: string): Promise<Receiver> {
  const file = `/tmp/rbk-mount-${port}.tar`;
  const pidFile = `/tmp/rbk-mount-${port}.pid`;
  const running = exec(tools, ["-e", "RBK_TOKEN", tools.container, "/bin/busybox", "sh", "-c", receiverScript(port, file, pidFile, RECEIVER_WAIT_S)],
    { env: { RBK_TOKEN: token }, timeoutMs: 15 * 60_000 }).catch(() => undefined);
  const stop = async (): Promise<void> => {
    await shell(tools, `/bin/busybox kill $(/bin/busybox cat ${pidFile}); /bin/busybox rm -f ${pidFile} ${file} ${file}.part`).catch(() => undefined);
    await running;
  };
  let exited = false;
  void running.then(() => (exited = true));
  for (let tries = 0; tries < 50 && !exited; tries++) {
    if (listensOn(await listening(tools).catch(() => ""), port)) return { port, file, stop };
    await delay(100);
  }
  await stop();
  throw new Error(`the builder's container did not listen on port ${port}`);
}

/** Waits for the receiver's archive to be whole: the sender is done before the receiver has written the last of it. */
export async function receivedFile(tools: ContainerTools, receiver: Receiver): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if ((await shell(tools, `/bin/busybox test -e ${receiver.file}`).catch(() => undefined))?.code === 0) return;
    await delay(100);
  }
  throw new Error(`nothing whole came to port ${receiver.port} of the builder's container`);
}

/** Copies a file out of the container to the runner (the engine's archive API, no session). */
export async function fetchFile(tools: ContainerTools, from: string, to: string): Promise<void> {
  const result = await runCommand("docker", ["cp", `${tools.container}:${from}`, to], { env: tools.env, timeoutMs: 15 * 60_000 });
  if (result.code !== 0) throw new Error(`docker cp ${from} failed: ${lastLines(result.stderr, 1).join("")}`);
}

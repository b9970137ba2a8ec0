// `docker buildx` as a user calls it by hand: a remote-driver builder in a private buildx config (so
// that the benchmark never touches ~/.docker/buildx), and timed builds whose rawjson progress is
// kept for the analysis of where the time went.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";

export interface BuildxResult {
  readonly code: number | null;
  readonly ms: number;
}

/** A build that hangs is cancelled (SIGINT, as buildx expects), then killed. */
export const BUILD_TIMEOUT_MS = 20 * 60_000;

/** Runs `docker buildx ARGS` with BUILDX_CONFIG (and `env`) set, output appended to a log file; times it. */
export function buildx(config: string, args: readonly string[], logFile: string, timeoutMs = BUILD_TIMEOUT_MS, env: Readonly<Record<string, string>> = {}): Promise<BuildxResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: "a" });
    const child = spawn("docker", ["buildx", ...args], { env: { ...process.env, ...env, BUILDX_CONFIG: config }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const cancel = setTimeout(() => {
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    }, timeoutMs);
    child.once("error", (err) => {
      clearTimeout(cancel);
      reject(err);
    });
    child.once("close", (code) => {
      const ms = performance.now() - started;
      clearTimeout(cancel);
      log.end(() => resolve({ code, ms }));
    });
  });
}

export async function lastLines(file: string, count = 15): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

async function mustSucceed(config: string, args: readonly string[], logFile: string): Promise<void> {
  const result = await buildx(config, args, logFile);
  if (result.code !== 0) throw new Error(`docker buildx ${args[0] ?? ""} failed (${result.code}):\n${await lastLines(logFile)}`);
}

export interface RemoteBuilder {
  readonly name: string;
  /** tcp://host:port with mutual TLS, or unix:///path for a local daemon. */
  readonly endpoint: string;
  readonly tls?: { readonly ca: string; readonly cert: string; readonly key: string };
}

/** `docker buildx create --driver remote` then `inspect --bootstrap`, as the seeds do by hand. */
export async function createBuilder(config: string, builder: RemoteBuilder, logFile: string): Promise<void> {
  const opts = builder.tls ? ["--driver-opt", `cacert=${builder.tls.ca},cert=${builder.tls.cert},key=${builder.tls.key}`] : [];
  await mustSucceed(config, ["create", "--name", builder.name, "--driver", "remote", ...opts, builder.endpoint], logFile);
  await mustSucceed(config, ["inspect", "--bootstrap", "--builder", builder.name], logFile);
}

export async function removeBuilder(config: string, name: string, logFile: string, env: Readonly<Record<string, string>> = {}): Promise<void> {
  await buildx(config, ["rm", "--force", name], logFile, BUILD_TIMEOUT_MS, env).catch(() => undefined);
}

export interface BuildSpec {
  readonly builder: string;
  readonly context: string;
  readonly tag: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** id to file, as `--secret id=ID,src=FILE`. */
  readonly secretFiles: Readonly<Record<string, string>>;
  /** `--cache-from` and `--cache-to` values. */
  readonly cache?: { readonly cacheFrom: readonly string[]; readonly cacheTo: readonly string[] };
}

/** The `docker buildx build ... --push` a user types, with rawjson progress for the analysis. */
export function buildArgs(spec: BuildSpec): string[] {
  return [
    "build", "--builder", spec.builder, "--progress=rawjson", "--push", "--tag", spec.tag,
    ...Object.entries(spec.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
    ...Object.entries(spec.secretFiles).flatMap(([id, src]) => ["--secret", `id=${id},src=${src}`]),
    ...(spec.cache?.cacheFrom ?? []).flatMap((c) => ["--cache-from", c]),
    ...(spec.cache?.cacheTo ?? []).flatMap((c) => ["--cache-to", c]),
    spec.context,
  ];
}

/** A step's name without what varies between builds or only adds noise: mount options, digests. */
export function shortStepName(name: string): string {
  const short = name.replace(/--mount=\S+\s*/g, "").replace(/@sha256:[0-9a-f]+/g, "").replace(/\s+/g, " ").trim();
  return short.length > 100 ? `${short.slice(0, 99)}…` : short;
}


import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { pluginCandidates } from "../../src/buildx/locate.js";

/**
 * A stand-in for docker's buildx plugin that records the exact argv of every call, one JSON array
 * a line, then execs the real buildx with it. The log the action prints joins arguments with
 * spaces; this shows what buildx itself received.
 */
export interface RecordingBuildx {
  /** DOCKER_CONFIG for the job: the action finds the stand-in first, in its cli-plugins. */
  readonly dockerConfig: string;
  /** Every call so far, in order. */
  calls(): Promise<string[][]>;
  /** The `buildx build` calls. */
  builds(): Promise<string[][]>;
}

/** dir: private to one job (each run gets its own log). */
export async function recordingBuildx(dir: string): Promise<RecordingBuildx> {
  // The runner's real plugin, found as the action finds it without the job's DOCKER_CONFIG.
  const real = pluginCandidates(process.env, homedir()).find((p) => existsSync(p));
  if (!real) throw new Error("no docker-buildx plugin on this machine: run scripts/testbed-install.sh");
  const dockerConfig = join(dir, "docker-config");
  const plugins = join(dockerConfig, "cli-plugins");
  await mkdir(plugins, { recursive: true });
  const log = join(dir, "buildx-calls.jsonl");
  await writeFile(log, "");
  // A script file, not `node -e`: node would read a first argument `inspect` as its debugger.
  const record = join(dir, "record-argv.cjs");
  await writeFile(record, `require("fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + "\\n");\n`);
  const script = [
    "#!/bin/sh",
    "# Records this call's arguments as one JSON line, then runs the real buildx with them.",
    `${shellQuote(process.execPath)} ${shellQuote(record)} "$@" || exit 99`,
    `exec ${shellQuote(real)} "$@"`,
    "",
  ].join("\n");
  const plugin = join(plugins, "docker-buildx");
  await writeFile(plugin, script);
  await chmod(plugin, 0o755);
  const calls = async (): Promise<string[][]> =>
    (await readFile(log, "utf8")).split("\n").filter(Boolean).map((line) => JSON.parse(line) as string[]);
  return { dockerConfig, calls, builds: async () => (await calls()).filter((argv) => argv[0] === "build") };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

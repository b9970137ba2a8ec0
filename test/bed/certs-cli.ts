import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./runner.js";

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bundled command as users do: node dist/cli.js certs ... */
export function cli(node: string, cwd: string, args: readonly string[]): CliResult {
  const result = spawnSync(node, [join(REPO, "dist", "cli.js"), ...args], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The three values the command printed for CI (with --print-secrets), as a user copies them into secrets. */
export function printedValues(output: string): { "ca-cert": string; "client-cert": string; "client-key": string } {
  const lines = output.split("\n");
  const value = (name: string): string => {
    const at = lines.findIndex((l) => l.startsWith(`${name}  (`));
    assert.notEqual(at, -1, `${name} is not printed`);
    return lines[at + 1] ?? "";
  };
  return { "ca-cert": value("BUILDKIT_CA"), "client-cert": value("BUILDKIT_CERT"), "client-key": value("BUILDKIT_KEY") };
}

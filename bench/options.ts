// The command line of `npm run bench`.
import { join } from "node:path";
import { REPO } from "../test/bed/runner.js";
import { WORKLOADS, type Workload } from "./workloads.js";

export interface Options {
  readonly runs: number;
  readonly workloads: readonly Workload[];
  /** Mode ids to measure; empty: all. */
  readonly modes: readonly string[];
  readonly out: string;
  /** Where to keep every build's log; undefined: they go with the build's scratch directory. */
  readonly logs: string | undefined;
  /** True when every workload runs at least 3 times: only then are the committed results replaced. */
  readonly complete: boolean;
  readonly command: string;
}

export const USAGE = `npm run bench [-- --runs N] [--workloads ${WORKLOADS.map((w) => w.name).join(",")}] [--out DIR] [--logs DIR]

  --runs N        measured builds per mode and scenario (default 3; medians want 3 or more)
  --workloads L   comma-separated subset (default: all)
  --modes L       comma-separated subset of ephemeral,ephemeral-fallback,docker-gha,action,buildx
                  (default: all)
  --out DIR       where to write remote-builds.{json,md,svg}; default bench/results for a full
                  run, build/bench/results for a partial one (fewer runs or workloads), so that a
                  quick try never replaces the committed figures
  --logs DIR      keep every build's log there (buildx progress, or the action's two steps with
                  each line led by the seconds since its step started, then its step summary)
`;

export function parseOptions(argv: readonly string[]): Options {
  let runs = 3;
  let names = WORKLOADS.map((w) => w.name);
  let out: string | undefined;
  let modes: string[] = [];
  let logs: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [flag = "", inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--runs":
        runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of at least 1\n\n${USAGE}`);
        break;
      case "--workloads":
        names = value().split(",").map((n) => n.trim()).filter(Boolean);
        break;
      case "--modes":
        modes = value().split(",").map((n) => n.trim()).filter(Boolean);
        break;
      case "--out":
        out = value();
        break;
      case "--logs":
        logs = value();
        break;
      default:
        throw new Error(`unknown argument ${arg}\n\n${USAGE}`);
    }
  }
  const workloads = names.map((n) => {
    const w = WORKLOADS.find((x) => x.name === n);
    if (!w) throw new Error(`unknown workload ${n}; there are ${WORKLOADS.map((x) => x.name).join(", ")}`);
    return w;
  });
  const complete = runs >= 3 && workloads.length === WORKLOADS.length && modes.length === 0;
  const args = [...(runs !== 3 ? ["--runs", String(runs)] : []), ...(workloads.length !== WORKLOADS.length ? ["--workloads", names.join(",")] : []),
    ...(modes.length > 0 ? ["--modes", modes.join(",")] : [])];
  return {
    runs,
    workloads,
    modes,
    out: out ?? join(REPO, complete ? "bench/results" : "build/bench/results"),
    logs,
    complete,
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`,
  };
}

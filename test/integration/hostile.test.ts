import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { freePort } from "../bed/ports.js";
import { recordingBuildx } from "../bed/recording-buildx.js";
import { runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/** What one hostile run left: the runner's view, and the exact argv of every buildx call. */
interface Seen {
  readonly run: ActionRun;
  readonly calls: readonly string[][];
  readonly builds: readonly string[][];
  /** The `::error::` line, as the runner shows it (its %0A are line breaks). */
  readonly error: string;
  readonly dir: string;
}

interface Case {
  readonly what: string;
  readonly inputs: (dir: string) => Record<string, string> | Promise<Record<string, string>>;
  readonly env?: (dir: string) => Record<string, string> | Promise<Record<string, string>>;
  /** undefined: the step succeeds. */
  readonly error: RegExp | undefined;
  /** How many `buildx build` calls buildx received. */
  readonly builds: number;
  readonly check?: (seen: Seen) => void | Promise<void>;
}

/** The build's argv: nothing after `--` but the context, and no user value before it as a flag of its own. */
function assertContextLast(argv: readonly string[], context: string): void {
  assert.deepEqual(argv.slice(-2), ["--", context], argv.join(" "));
  assert.equal(argv.indexOf("--"), argv.length - 2);
  assert.equal(argv.indexOf(context), argv.length - 1, `${context} must appear only as the context`);
}

const STEPS = 50;
const LINES = 2000;

/** 50 stages that run at once, each printing 2,000 lines of varied length through awk (which buffers: chunks cut mid-line). */
function chattyDockerfile(): string {
  const stages = Array.from({ length: STEPS }, (_, s) =>
    `FROM base AS s${s}\nRUN awk 'BEGIN { for (i = 0; i < ${LINES}; i++) { x = ""; for (j = 0; j < (i * 7 + ${s}) % 97; j++) x = x "x"; print "step ${s} line " i " " x } }' && echo ok > /ok\n`);
  return [
    "FROM scratch AS base\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n",
    ...stages,
    "FROM base\n",
    ...Array.from({ length: STEPS }, (_, s) => `COPY --from=s${s} /ok /ok-${s}\n`),
  ].join("");
}

describe("hostile inputs and faults, each run as the runner runs the bundle, with the argv buildx received", () => {
  let bed: Bed;
  let context: string;
  let chatty: string;
  let closedPort: number;
  /** Directories made immutable for a case, made mutable again whatever the case's outcome. */
  const immutable: string[] = [];
  before(async () => {
    bed = await startBed();
    context = join(bed.dir, "context");
    await mkdir(context, { recursive: true });
    await writeFile(join(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    await writeFile(join(context, "hello.txt"), "hello\n");
    chatty = join(bed.dir, "chatty");
    await mkdir(chatty, { recursive: true });
    await writeFile(join(chatty, "Dockerfile"), chattyDockerfile());
    execFileSync("cp", ["/bin/busybox", join(chatty, "busybox")]);
    closedPort = await freePort();
  });
  after(async () => {
    for (const dir of immutable) execFileSync("chattr", ["-i", dir]);
    await bed.stop();
  });

  const cases: Case[] = [
    {
      what: "a context that is a buildx flag (--no-cache)",
      inputs: () => ({ context: "--no-cache" }),
      error: /buildx build failed/,
      builds: 1,
      check: ({ builds, run }) => {
        assertContextLast(builds[0] ?? [], "--no-cache");
        assert.match(run.main.output, /--no-cache.*(not found|no such file)/i);
      },
    },
    {
      what: "a context of --help, which would exit 0 as a flag",
      inputs: () => ({ context: "--help" }),
      error: /buildx build failed/,
      builds: 1,
      check: ({ builds }) => assertContextLast(builds[0] ?? [], "--help"),
    },
    {
      what: "a context that is an --output flag",
      inputs: (dir) => ({ context: `--output=type=local,dest=${join(dir, "escaped")}` }),
      error: /buildx build failed/,
      builds: 1,
      check: ({ builds, dir }) => {
        assertContextLast(builds[0] ?? [], `--output=type=local,dest=${join(dir, "escaped")}`);
        assert.ok(!existsSync(join(dir, "escaped")), "nothing may be exported where the context pointed");
      },
    },
    {
      what: "a context of - (standard input)",
      inputs: () => ({ context: "-" }),
      error: /^::error::context: "-" reads the build context from standard input/,
      builds: 0,
    },
    {
      what: "a tag that is a buildx flag",
      inputs: () => ({ tags: "--no-cache" }),
      error: /buildx build failed/,
      builds: 1,
      check: ({ builds }) => {
        const argv = builds[0] ?? [];
        assert.equal(argv[argv.indexOf("--no-cache") - 1], "--tag", "the value follows its own flag");
        assert.equal(argv.filter((a) => a === "--no-cache").length, 1);
      },
    },
    {
      what: "platforms: --load",
      inputs: () => ({ platforms: "--load" }),
      error: /^::error::platforms: "--load" is not a platform\. Fix: /,
      builds: 0,
    },
    {
      what: "outputs that are a flag",
      inputs: () => ({ outputs: "--push" }),
      error: /^::error::outputs: "--push": the destination looks like a command-line flag/,
      builds: 0,
    },
    {
      what: "outputs of an unknown type",
      inputs: () => ({ outputs: "type=zip,dest=out.zip" }),
      error: /^::error::outputs: "type=zip,dest=out.zip": type "zip" is not one of/,
      builds: 0,
    },
    {
      what: "provenance: --push",
      inputs: () => ({ provenance: "--push" }),
      error: /^::error::provenance: "--push" is not true, false or key=value/,
      builds: 0,
    },
    {
      what: "a provenance mode buildx does not have",
      inputs: () => ({ provenance: "mode=maximum" }),
      error: /^::error::provenance: mode="maximum" is not min or max/,
      builds: 0,
    },
    {
      what: "sbom that is not key=value",
      inputs: () => ({ sbom: "generator" }),
      error: /^::error::sbom: "generator" is not true, false or key=value/,
      builds: 0,
    },
    {
      what: "connect-timeout: 0.0001",
      inputs: () => ({ "connect-timeout": "0.0001" }),
      error: /^::error::connect-timeout: "0.0001" seconds is too short to reach any daemon; the shortest is 1 second/,
      builds: 0,
      check: ({ calls }) => assert.deepEqual(calls, [], "refused before buildx is even looked for"),
    },
    {
      what: "a 120 kB endpoint",
      inputs: () => ({ endpoint: `tcp://${"b".repeat(120_000)}:1234` }),
      error: /^::error::endpoint: "tcp:\/\/b{74}"… \(120011 characters\) names a host longer than 253 characters\. Fix: /,
      builds: 0,
      check: ({ error, run }) => {
        assert.ok(error.length < 400, `${error.length} characters`);
        assert.ok(run.main.output.length < 5000, `the step printed ${run.main.output.length} characters`);
      },
    },
    {
      what: "a push to an unreachable registry",
      inputs: () => ({ tags: `127.0.0.1:${closedPort}/hostile/app:1`, push: "true" }),
      error: /^::error::The registry 127\.0\.0\.1:\d+ failed the build \(.*connection refused\); the builder itself is fine, so the build does not fall back/,
      builds: 1,
      check: ({ run }) => {
        assert.doesNotMatch(run.main.output, /fallback builder|remote-failed/);
        assert.equal(run.outputs["builder-mode"], undefined, "a failed step sets no outputs");
        assert.match(run.summary, /^### remote-buildkit: build failed/);
        assert.match(run.summary, new RegExp(`> The registry 127\\.0\\.0\\.1:${closedPort} failed the build`));
      },
    },
    {
      what: "a RUNNER_TEMP that cannot be written",
      inputs: () => ({}),
      env: async (dir) => {
        const temp = join(dir, "immutable-temp");
        await mkdir(temp);
        // Root writes anywhere else: an immutable directory refuses even root.
        execFileSync("chattr", ["+i", temp]);
        immutable.push(temp);
        return { RUNNER_TEMP: temp };
      },
      error: /^::error::RUNNER_TEMP: the job's scratch directory ".*immutable-temp" cannot be written \(EPERM\)\. Fix: point RUNNER_TEMP at a directory/,
      builds: 0,
      check: ({ run }) => {
        assert.match(run.summary, /^### remote-buildkit: build failed/);
        assert.match(run.summary, /^> RUNNER_TEMP: the job's scratch directory/m);
        assert.doesNotMatch(run.main.output, /mkdtemp|    at /, "no raw system error, no stack trace");
      },
    },
    {
      what: "a GITHUB_OUTPUT file that is missing",
      inputs: () => ({}),
      env: (dir) => ({ GITHUB_OUTPUT: join(dir, "no-such-dir", "output") }),
      error: /^::error::The build succeeded, but the step's outputs could not be written: .*no-such-dir\/output/,
      builds: 1,
      check: ({ run }) => {
        assert.doesNotMatch(run.summary, /^### remote-buildkit: build succeeded/m);
        assert.match(run.summary, /^### remote-buildkit: build failed/);
        assert.match(run.summary, /^> The build succeeded, but the step's outputs could not be written/m);
      },
    },
    {
      what: "50 parallel steps printing 100,000 lines in chunks",
      inputs: () => ({ context: chatty }),
      error: undefined,
      builds: 1,
      check: ({ run }) => {
        const printed = run.main.output.split("\n").filter((l) => /step \d+ line|^#\d+ .*x{3}/.test(l) && !l.includes("awk"));
        const broken = printed.filter((l) => !/^#\d+ step (\d+) line (\d+) x*$/.test(l));
        assert.deepEqual(broken.slice(0, 5), [], `${broken.length} lines broken in two`);
        assert.equal(printed.length, STEPS * LINES);
        for (const line of printed) {
          const [, step = "", n = "", xs = ""] = /^#\d+ step (\d+) line (\d+) (x*)$/.exec(line) ?? [];
          assert.equal(xs.length, (Number(n) * 7 + Number(step)) % 97, `a line lost part of itself: ${line.slice(0, 40)}`);
        }
      },
    },
  ];

  for (const c of cases) {
    it(c.what, async () => {
      const dir = await mkdtemp(join(bed.dir, "job-"));
      const buildx = await recordingBuildx(dir);
      const env = { ...(await c.env?.(dir)), DOCKER_CONFIG: buildx.dockerConfig };
      const run = await runAction({ inputs: { ...bed.connection(), context, ...(await c.inputs(dir)) }, env });
      const calls = await buildx.calls();
      const seen: Seen = {
        run, calls, builds: calls.filter((a) => a[0] === "build"), dir,
        error: run.main.output.split("\n").find((l) => l.startsWith("::error::"))?.replace(/%0A/g, "\n") ?? "",
      };
      if (c.error) {
        assert.equal(run.main.code, 1, visibleOutput(run.main.output).slice(-3000));
        assert.match(seen.error, c.error);
        assert.doesNotMatch(run.main.output, /^\s+at .*\(.*\.js:\d+:\d+\)$/m, "no stack trace");
      } else {
        assert.equal(run.main.code, 0, visibleOutput(run.main.output).slice(-3000));
      }
      assert.equal(seen.builds.length, c.builds, JSON.stringify(seen.builds));
      for (const argv of calls) assert.ok(!argv.some((a) => a.includes("${{")), JSON.stringify(argv));
      assert.equal(run.post.code, 0, visibleOutput(run.post.output));
      await c.check?.(seen);
    });
  }
});

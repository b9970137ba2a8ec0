// Two bundles' warm no-change overhead, side by side: on one persistent buildkitd with mutual TLS,
// an unchanged context is built and pushed by bundle A (the action's two steps, as the runner runs
// them under Node 24), by bundle B, and by a hand-made `docker buildx build` on a builder created
// once; the order turns each run, so that neither bundle always follows the other. Reports the
// medians, and each bundle's overhead over raw buildx taken run by run.
//
//   npm run -s compile && node build/bench/compare-overhead.js --a DIR --b DIR [--runs N]
//
// A DIR is a bundle with action.yml beside it: `git archive main dist action.yml | tar -x -C DIR`
// gives main's. The test bed's tools must be installed (scripts/testbed-install.sh). The context is a
// Git checkout, as in CI, so that a bundle that compares each build with the last one does so here.
// With --out FILE, the report is also written there.
import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { startBed } from "../test/bed/bed.js";
import { fixtureContext } from "../test/bed/fixture.js";
import { runAction } from "../test/bed/runner.js";
import { node24 } from "./base-images.js";
import { buildArgs, buildx, createBuilder, removeBuilder } from "./buildx.js";
import { median } from "./stats.js";

function option(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`--${name} is required: node build/bench/compare-overhead.js --a DIR --b DIR [--runs N]`);
  return value;
}

async function main(): Promise<void> {
  const bundles = { A: resolve(option("a"), "dist"), B: resolve(option("b"), "dist") };
  const runs = Number(option("runs", "10"));
  const bed = await startBed();
  try {
    const context = await fixtureContext(bed.dir, "app");
    const git = (...args: string[]): void => void execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...args], { cwd: context });
    git("init", "-q");
    git("remote", "add", "origin", "https://github.com/acme/overhead.git");
    git("add", "-A");
    git("commit", "-qm", "bench");
    const tag = `${bed.registry.host}/bench/app:1`;
    const secret = join(bed.dir, "token");
    await writeFile(secret, "bench-token");
    const inputs = { ...bed.connection(), context, tags: tag, push: "true", secrets: "token=bench-token" };
    // Raw buildx: a remote builder created once, by hand, with the same certificates.
    const certs = join(bed.dir, "raw-certs");
    await mkdir(certs, { recursive: true });
    const tls = { ca: join(certs, "ca.pem"), cert: join(certs, "cert.pem"), key: join(certs, "key.pem") };
    await writeFile(tls.ca, bed.certs.ca.cert);
    await writeFile(tls.cert, bed.certs.client.cert);
    await writeFile(tls.key, bed.certs.client.key, { mode: 0o600 });
    const config = join(bed.dir, "raw-buildx");
    const log = join(bed.dir, "raw.log");
    await createBuilder(config, { name: "raw", endpoint: bed.daemon.endpoint, tls }, log);
    const raw = async (): Promise<number> => {
      const result = await buildx(config, buildArgs({ builder: "raw", context, tag, buildArgs: {}, secretFiles: { token: secret } }), log);
      if (result.code !== 0) throw new Error(`raw buildx failed (${result.code}); see ${log}`);
      return result.ms;
    };
    const action = async (dist: string): Promise<number> => {
      const run = await runAction({ inputs, node: node24(), dist, env: { GITHUB_REPOSITORY: "acme/overhead" } });
      if (run.main.code !== 0 || run.post.code !== 0) throw new Error(`the bundle in ${dist} failed:\n${run.main.output}`);
      return run.main.ms + run.post.ms;
    };
    // Warm-up: the first build fills the daemon's cache; none after it changes anything.
    await action(bundles.A);
    await action(bundles.B);
    await raw();
    const samples: Record<"A" | "B" | "raw", number[]> = { A: [], B: [], raw: [] };
    const order: Array<"A" | "B" | "raw"> = ["A", "B", "raw"];
    for (let i = 0; i < runs; i++) {
      const turn = [...order.slice(i % 3), ...order.slice(0, i % 3)];
      for (const who of turn) samples[who].push(who === "raw" ? await raw() : await action(bundles[who]));
    }
    await removeBuilder(config, "raw", log);
    const ms = (v: number | undefined): string => (v === undefined ? "–" : `${Math.round(v)} ms`);
    const over = (who: "A" | "B"): number | undefined => median(samples[who].map((v, i) => v - (samples.raw[i] ?? 0)));
    const report = [
      `${runs} runs, no change, on one persistent buildkitd (medians; overhead over raw buildx taken run by run)`,
      `A ${bundles.A}: ${ms(median(samples.A))}, overhead ${ms(over("A"))}`,
      `B ${bundles.B}: ${ms(median(samples.B))}, overhead ${ms(over("B"))}`,
      `raw buildx: ${ms(median(samples.raw))}`,
      `B - A, run by run: ${ms(median(samples.B.map((v, i) => v - (samples.A[i] ?? 0))))}`,
      `samples: ${JSON.stringify(Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, v.map(Math.round)])))}`,
      "",
    ].join("\n");
    process.stdout.write(report);
    const out = process.argv.indexOf("--out");
    if (out >= 0 && process.argv[out + 1]) await writeFile(process.argv[out + 1] ?? "", report);
  } finally {
    await bed.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});

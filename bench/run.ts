// npm run bench — how much faster builds are on a persistent remote builder than on an ephemeral
// one, on real workloads, every mode on the same workload in the same run. Not a test: it writes
// remote-builds.{json,md,svg} (see bench/README.md). Everything it starts is stopped on any exit.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startBuildkitd, type DaemonTls } from "../test/bed/buildkitd.js";
import { makeCertSet } from "../test/bed/certs.js";
import { startDocker } from "../test/bed/docker.js";
import { startGhaCache } from "../test/bed/gha-cache.js";
import { startRegistry } from "../test/bed/registry.js";
import { pushBaseImages } from "./base-images.js";
import { createBuilder, removeBuilder, shortStepName } from "./buildx.js";
import { renderChart } from "./chart.js";
import { Cleanup } from "./cleanup.js";
import { bundleDigest, describeMachine, describeVersions, foreignBuildkitds } from "./machine.js";
import { renderMarkdown } from "./markdown.js";
import { MODES, type BenchBed, type Mode } from "./modes.js";
import { measureOverheadParts } from "./overhead.js";
import { parseOptions, USAGE, type Options } from "./options.js";
import { deriveFigures, judgeTargets, seconds, type Results, type WorkloadResult } from "./report.js";
import { median, type Sample } from "./stats.js";
import { prepareContext, WARM_SCENARIOS, type Scenario, type Workload } from "./workloads.js";

/** The host's CA bundle, which the TLS-inspecting proxy's CA is in: handed to builds as a secret. */
const CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

const started = Date.now();
function log(line: string): void {
  const t = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`[bench ${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}] ${line}\n`);
}

async function startBench(dir: string, cleanup: Cleanup, options: Options): Promise<BenchBed> {
  const certs = await makeCertSet();
  const tls: DaemonTls = { ca: certs.ca.cert, cert: certs.server.cert, key: certs.server.key, requireClientCert: true };
  const registry = await startRegistry(join(dir, "registry"));
  cleanup.defer("the registry", () => registry.stop());

  log("making the base images (debootstrap once, then from ~/.cache/remote-buildkit/base-images)");
  const setupDir = join(dir, "setup");
  const setup = await startBuildkitd({ dir: setupDir, tls, insecureRegistries: [registry.host] });
  const stopSetup = cleanup.defer("the setup buildkitd", async () => {
    await setup.stop();
    await rm(setupDir, { recursive: true, force: true });
  });
  await pushBaseImages(setup.socket, registry.host, new Set(options.workloads.map((w) => w.base)), log);
  await stopSetup();

  const remote = await startBuildkitd({ dir: join(dir, "remote"), tls, insecureRegistries: [registry.host] });
  cleanup.defer("the persistent buildkitd", () => remote.stop());
  const clientDir = join(dir, "client");
  await mkdir(clientDir, { mode: 0o700 });
  const files = { ca: join(clientDir, "ca.pem"), cert: join(clientDir, "cert.pem"), key: join(clientDir, "key.pem") };
  await writeFile(files.ca, certs.ca.cert);
  await writeFile(files.cert, certs.client.cert);
  await writeFile(files.key, certs.client.key, { mode: 0o600 });
  const buildxConfig = join(dir, "buildx");
  const remoteBuilder = "bench-persistent";
  await createBuilder(buildxConfig, { name: remoteBuilder, endpoint: remote.endpoint, tls: files }, join(dir, "buildx-create.log"));
  cleanup.defer(`buildx builder ${remoteBuilder}`, () => removeBuilder(buildxConfig, remoteBuilder, join(dir, "buildx-rm.log")));
  const gha = await startGhaCache(join(dir, "gha"));
  cleanup.defer("the GitHub Actions cache stand-in", () => gha.stop());
  const docker = await startDocker(join(dir, "docker"));
  cleanup.defer("the Docker engine", () => docker.stop());
  return { dir, certs, registry, remote, clientFiles: files, buildxConfig, remoteBuilder, gha, docker, cleanup };
}

/** One build of one mode; a failure is tried once more (the network can fail), then it is the workload's. */
/** `warmingUp`: a build of the unchanged workload that fills the scenario's state, not counted. */
async function measure(bed: BenchBed, options: Options, workload: Workload, mode: Mode, scenario: Scenario, run: number, warmingUp = false): Promise<Sample> {
  const build = mode.build;
  if (!build) throw new Error(`${mode.id} cannot build`);
  // Each mode takes its own extra dependencies, so that none is in the persistent builder's cache.
  const n = run * MODES.length + MODES.indexOf(mode);
  for (let attempt = 1; ; attempt++) {
    const work = await mkdtemp(join(bed.dir, "build-"));
    try {
      const change = await prepareContext(workload, warmingUp ? "no-change" : scenario, n, `${mode.id}-run${run + 1}`, join(work, "context"));
      const loadBefore = loadavg()[0] ?? 0;
      const otherBuildkitds = await foreignBuildkitds(bed.remote.child.pid === undefined ? [] : [bed.remote.child.pid]);
      log(`${workload.name} ${warmingUp ? `warm-up for ${scenario}` : `run ${run + 1}/${options.runs}, ${scenario}`}, ${mode.label}: ${change}`);
      const m = await build(bed, {
        cacheScope: `bench-${workload.name}-${scenario}`,
        context: join(work, "context"),
        tag: `${bed.registry.host}/bench/${workload.name}:${mode.id}-${scenario}-${run + 1}`,
        buildArgs: { REGISTRY: bed.registry.host },
        secretFiles: { cacert: CA_BUNDLE },
        work,
        logFile: join(work, "build.log"),
      });
      const extra = Object.entries(m.parts).map(([k, v]) => `${k.replace(/Ms$/, "")} ${seconds(v)}`).join(", ");
      log(`  ${seconds(m.ms)}${extra ? ` (${extra})` : ""}`);
      const steps = m.analysis?.steps.map((s) => ({ name: shortStepName(s.name), ms: s.durationMs, cached: s.cached }));
      const counted = m.analysis ? { cached: m.analysis.cachedSteps, total: m.analysis.buildSteps } : m.steps;
      return {
        mode: mode.id, scenario: warmingUp ? "no-change" : scenario, run, ...(warmingUp ? { warmUpFor: scenario } : {}), ms: m.ms, parts: m.parts, change, loadBefore, otherBuildkitds, retried: attempt > 1,
        ...(counted ? { cachedSteps: counted.cached, buildSteps: counted.total } : {}),
        ...(steps ? { steps } : {}),
      };
    } catch (err: unknown) {
      if (attempt >= 2) throw err;
      log(`  failed, trying once more: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    } finally {
      if (options.logs) await cp(join(work, "build.log"), join(options.logs, `${workload.name}-${warmingUp ? "warm-up" : `run${run + 1}`}-${mode.id}-${scenario}-try${attempt}.log`)).catch(() => undefined);
      await rm(work, { recursive: true, force: true });
    }
  }
}

async function measureWorkload(bed: BenchBed, options: Options, workload: Workload): Promise<WorkloadResult> {
  const samples: Sample[] = [];
  const measured = MODES.filter((m) => m.build !== undefined && (options.modes.length === 0 || options.modes.includes(m.id)));
  // Each first build of this workload that fills a state: it pulls the base image and fills the caches.
  const warmUps: Sample[] = [];
  for (const mode of measured) {
    const fills = mode.warmUp === "once" ? ["no-change" as const] : mode.warmUp === "each-scenario" ? mode.scenarios : [];
    for (const scenario of fills) warmUps.push(await measure(bed, options, workload, mode, scenario, -1, true));
  }
  const cold = measured.filter((m) => m.scenarios.includes("cold"));
  const warm = measured.filter((m) => !m.scenarios.includes("cold"));
  for (let run = 0; run < options.runs; run++) {
    for (const mode of cold) samples.push(await measure(bed, options, workload, mode, "cold", run));
    // Alternating who goes first, so that neither always builds right after the other's change.
    const order = run % 2 === 0 ? warm : [...warm].reverse();
    for (const scenario of WARM_SCENARIOS) {
      for (const mode of order) if (mode.scenarios.includes(scenario)) samples.push(await measure(bed, options, workload, mode, scenario, run));
    }
  }
  return { name: workload.name, label: workload.label, summary: workload.summary, status: "measured", warmUps, samples };
}

function describeNoise(workloads: readonly WorkloadResult[], cores: number, bundleChanged: boolean): string {
  const samples = workloads.flatMap((w) => w.samples);
  if (samples.length === 0) return "no builds measured";
  const loads = samples.map((s) => s.loadBefore);
  const busy = samples.filter((s) => s.otherBuildkitds > 0).length;
  const retried = samples.filter((s) => s.retried).length;
  return "the machine is shared: another developer may run the integration tests (which start their own buildkitd) at the same time. " +
    `Someone else's buildkitd was running at the start of ${busy} of ${samples.length} measured builds; ` +
    `the 1-minute load average at build start had a median of ${median(loads)?.toFixed(2)} and a maximum of ${Math.max(...loads).toFixed(2)} on ${cores} cores.` +
    (retried > 0 ? ` ${retried} build(s) failed once and were retried.` : "") +
    (bundleChanged ? " The action's bundle (dist/) changed while the benchmark ran: the action's figures mix two versions." : "");
}

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(USAGE);
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const unknown = options.modes.filter((id) => !MODES.some((m) => m.id === id));
  if (unknown.length > 0) throw new Error(`unknown mode ${unknown.join(", ")}; there are ${MODES.map((m) => m.id).join(", ")}`);
  const cleanup = new Cleanup();
  const stop = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping everything the benchmark started`);
    void cleanup.runAll(log).finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const dir = await mkdtemp(join(tmpdir(), "rbk-bench-"));
  cleanup.defer("the benchmark's directory", () => rm(dir, { recursive: true, force: true }));
  try {
    log(`${options.command}: ${options.runs} run(s) of ${options.workloads.map((w) => w.name).join(", ")}; results to ${options.out}`);
    const [machine, versions] = [await describeMachine(), await describeVersions()];
    if (options.logs) await mkdir(options.logs, { recursive: true });
    const bed = await startBench(dir, cleanup, options);
    const workloads: WorkloadResult[] = [];
    for (const workload of options.workloads) {
      try {
        workloads.push(await measureWorkload(bed, options, workload));
      } catch (err: unknown) {
        const error = err instanceof Error ? err.message : String(err);
        log(`${workload.name}: dropped: ${error}`);
        workloads.push({ name: workload.name, label: workload.label, summary: workload.summary, status: "dropped", error, samples: [] });
      }
    }
    const figures = workloads.filter((w) => w.status === "measured").map(deriveFigures);
    log("timing the commands behind the action's overhead");
    const overheadParts = await measureOverheadParts(bed, Math.max(options.runs, 3));
    const results: Results = {
      command: options.command,
      startedAt: new Date(started).toISOString(),
      minutes: (Date.now() - started) / 60_000,
      runs: options.runs,
      machine,
      versions,
      noise: describeNoise(workloads, machine.cores, (await bundleDigest()) !== versions.actionBundle),
      modes: MODES.map((m) => ({ id: m.id, label: m.label, description: m.description, measured: m.build !== undefined, ...(m.notMeasured ? { note: m.notMeasured } : {}) })),
      workloads,
      figures,
      overheadParts,
      targets: judgeTargets(workloads, figures, overheadParts),
    };
    await mkdir(options.out, { recursive: true });
    await writeFile(join(options.out, "remote-builds.json"), `${JSON.stringify(results, null, 2)}\n`);
    const markdown = renderMarkdown(results);
    await writeFile(join(options.out, "remote-builds.md"), markdown);
    await writeFile(join(options.out, "remote-builds.svg"), renderChart(results));
    process.stdout.write(`${markdown}\nwritten: ${join(options.out, "remote-builds.{json,md,svg}")}\n`);
  } finally {
    await cleanup.runAll(log);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

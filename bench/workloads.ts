// The benchmark's workloads, modelled on the seeds: their fixtures live in bench/workloads/<name>/,
// and each knows how to make the two changes a build is measured after (a dependency added, a
// source file edited). Every change is new to the builder, so that it cannot come from its cache.
import { appendFile, cp, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { REPO } from "../test/bed/runner.js";
import type { BaseImage } from "./base-images.js";

export type Scenario = "cold" | "no-change" | "dependency-change" | "source-change";

/** What a builder that keeps its state is measured on; an ephemeral one only ever builds cold. */
export const WARM_SCENARIOS: readonly Scenario[] = ["no-change", "dependency-change", "source-change"];

export interface Workload {
  readonly name: string;
  /** A few words, for the README paragraph. */
  readonly label: string;
  /** One line for the results. */
  readonly summary: string;
  readonly base: BaseImage;
  readonly fixture: string;
  /** Adds the n-th extra dependency to a copy of the fixture; returns what it added. */
  addDependency(context: string, n: number): Promise<string>;
  /** Rewrites the constant the application reads, as an edit to its code would. */
  changeSource(context: string, stamp: string): Promise<void>;
}

const FIXTURES = join(REPO, "bench", "workloads");

/** The lines of a fixture's extra-*.txt list, comments left out, each split into fields. */
async function extras(workload: string, file: string): Promise<string[][]> {
  const text = await readFile(join(FIXTURES, workload, file), "utf8");
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(/\s+/));
}

async function extra(workload: string, file: string, n: number): Promise<string[]> {
  const all = await extras(workload, file);
  const fields = all[n];
  if (!fields) throw new Error(`bench/workloads/${workload}/${file} has ${all.length} entries; this run needs entry ${n + 1}: add more, or use fewer --runs`);
  return fields;
}

function field(fields: readonly string[], i: number): string {
  const value = fields[i];
  if (value === undefined) throw new Error(`malformed extra entry: ${fields.join(" ")}`);
  return value;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("package.json or package-lock.json is not what the npm workload expects");
  return value as Json;
}

const apt: Workload = {
  name: "apt",
  label: "a C tool built with gcc and friends from apt",
  summary: "gcc, make, zlib and OpenSSL headers from Debian's mirror (apt cache mounts), then a C build",
  base: "debian",
  fixture: join(FIXTURES, "apt"),
  async addDependency(context, n) {
    const [pkg = ""] = await extra("apt", "extra-packages.txt", n);
    await appendFile(join(context, "packages.txt"), `${pkg}\n`);
    return `apt package ${pkg}`;
  },
  async changeSource(context, stamp) {
    await writeFile(join(context, "src", "change.h"), `/* The benchmark's source change rewrites this constant. */\n#define CHANGE "${stamp}"\n`);
  },
};

const npm: Workload = {
  name: "npm",
  label: "a Node service, `npm ci` of 489 packages",
  summary: "npm ci of a real lockfile (489 packages: express, pg, ioredis, pino, jest, eslint, typescript, ...), a TypeScript build, a production stage",
  base: "node",
  fixture: join(FIXTURES, "npm"),
  async addDependency(context, n) {
    const fields = await extra("npm", "extra-packages.txt", n);
    const [name, version, resolved, integrity] = [field(fields, 0), field(fields, 1), field(fields, 2), field(fields, 3)];
    const manifestFile = join(context, "package.json");
    const manifest = object(JSON.parse(await readFile(manifestFile, "utf8")));
    manifest["dependencies"] = { ...object(manifest["dependencies"]), [name]: version };
    await writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    // What `npm install NAME@VERSION` writes for a package without dependencies.
    const lockFile = join(context, "package-lock.json");
    const lock = object(JSON.parse(await readFile(lockFile, "utf8")));
    const packages = object(lock["packages"]);
    const root = object(packages[""]);
    root["dependencies"] = { ...object(root["dependencies"]), [name]: version };
    packages[`node_modules/${name}`] = { version, resolved, integrity };
    await writeFile(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
    return `npm package ${name}@${version}`;
  },
  async changeSource(context, stamp) {
    await writeFile(join(context, "src", "change.ts"), `// The benchmark's source change rewrites this constant.\nexport const change = "${stamp}";\n`);
  },
};

const go: Workload = {
  name: "go",
  label: "a Go service, modules and build",
  summary: "go mod download and go build of a service on gin, pgx, go-redis, prometheus, zap, cobra (module and build caches as cache mounts)",
  base: "golang",
  fixture: join(FIXTURES, "go"),
  async addDependency(context, n) {
    const fields = await extra("go", "extra-modules.txt", n);
    const [module, version, sum, modSum] = [field(fields, 0), field(fields, 1), field(fields, 2), field(fields, 3)];
    await appendFile(join(context, "go.mod"), `\nrequire ${module} ${version}\n`);
    await appendFile(join(context, "go.sum"), `${module} ${version} ${sum}\n${module} ${version}/go.mod ${modSum}\n`);
    // Imported, so that the build compiles it, as a real new dependency would be.
    await writeFile(join(context, "dependency.go"), `package main\n\nimport _ "${module}"\n`);
    return `Go module ${module}@${version}`;
  },
  async changeSource(context, stamp) {
    await writeFile(join(context, "change.go"), `package main\n\n// The benchmark's source change rewrites this constant.\nconst change = "${stamp}"\n`);
  },
};

const pip: Workload = {
  name: "pip",
  label: "a Python service, `pip install` of 40 wheels",
  summary: "pip install of pinned requirements (40 wheels: Django, celery, boto3, pandas, numpy, SQLAlchemy, ...) into a venv (pip cache mount)",
  base: "python",
  fixture: join(FIXTURES, "pip"),
  async addDependency(context, n) {
    const [requirement = ""] = await extra("pip", "extra-requirements.txt", n);
    await appendFile(join(context, "requirements.txt"), `${requirement}\n`);
    return `Python package ${requirement}`;
  },
  async changeSource(context, stamp) {
    await writeFile(join(context, "app", "change.py"), `# The benchmark's source change rewrites this constant.\nCHANGE = "${stamp}"\n`);
  },
};

export const WORKLOADS: readonly Workload[] = [apt, npm, go, pip];

/**
 * A build context for one build: the fixture without its lists of extras, with the scenario's
 * change. `n` picks the extra dependency; `stamp` is unique to the build.
 */
export async function prepareContext(workload: Workload, scenario: Scenario, n: number, stamp: string, dir: string): Promise<string> {
  await cp(workload.fixture, dir, { recursive: true, filter: (source) => !basename(source).startsWith("extra-") });
  switch (scenario) {
    case "no-change":
      return "nothing changed since the last build";
    case "cold":
    case "dependency-change":
      return `added ${await workload.addDependency(dir, n)}`;
    case "source-change":
      await workload.changeSource(dir, stamp);
      return "edited one source file";
  }
}

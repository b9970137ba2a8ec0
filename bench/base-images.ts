// The workloads' base images, in place of debian, golang, node and python from Docker Hub: Debian
// from a cached debootstrap, the Go and Node toolchains copied from this machine, Python from
// Debian. Pushed to the benchmark's registry once per run, before anything is measured.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BOOKWORM, buildAndPush, placeFile, pushRootfsImage, type RootfsSpec } from "../test/bed/base-image.js";

const run = promisify(execFile);

export type BaseImage = "debian" | "golang" | "node" | "python";

const PYTHON: RootfsSpec = { name: "bookworm-minbase-python3", suite: "bookworm", include: ["python3", "python3-venv"] };
const GO_ROOT = "/usr/local/go";
const NPM_DIR = "/usr/lib/node_modules/npm";

/** GitHub's node24 runtime as scripts/testbed-install.sh fetches it; also the Node put into the image. */
export function node24(): string {
  const fromEnv = process.env["RBK_NODE24"];
  if (fromEnv) return fromEnv;
  const cached = join(homedir(), ".cache", "remote-buildkit", "tools", "node-24.21.0", "bin", "node");
  if (!existsSync(cached)) throw new Error(`Node 24 not found at ${cached}: run bash scripts/testbed-install.sh`);
  return cached;
}

export function baseImageRef(registry: string, image: BaseImage): string {
  const tags: Record<BaseImage, string> = { debian: "debian:bookworm", golang: "golang:1.26-bookworm", node: "node:24-bookworm", python: "python:3.11-bookworm" };
  return `${registry}/bench/${tags[image]}`;
}

async function version(file: string, args: readonly string[]): Promise<string> {
  return (await run(file, [...args])).stdout.trim();
}

/** What is inside the base images, for the results. */
export async function toolchainVersions(): Promise<Record<string, string>> {
  return {
    go: (await version(join(GO_ROOT, "bin", "go"), ["version"])).replace(/^go version /, ""),
    node: await version(node24(), ["--version"]),
    npm: /"version":\s*"([^"]+)"/.exec(await readFile(join(NPM_DIR, "package.json"), "utf8"))?.[1] ?? "unknown",
    debian: "bookworm (debootstrap --variant=minbase), Python from its python3 package",
  };
}

/** Builds and pushes the base images the chosen workloads need; setup, not measured. */
export async function pushBaseImages(socket: string, registry: string, needed: ReadonlySet<BaseImage>, log: (line: string) => void): Promise<void> {
  const debian = baseImageRef(registry, "debian");
  await pushRootfsImage(socket, BOOKWORM, debian, log);
  if (needed.has("python")) await pushRootfsImage(socket, PYTHON, baseImageRef(registry, "python"), log);
  if (needed.has("golang")) {
    await buildAndPush({
      socket, ref: baseImageRef(registry, "golang"), context: GO_ROOT,
      dockerfile: `FROM ${debian}\nCOPY . /usr/local/go\nENV PATH=/root/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin GOTOOLCHAIN=local\n`,
    });
  }
  if (needed.has("node")) {
    const context = await mkdtemp(join(tmpdir(), "rbk-node-context-"));
    try {
      await mkdir(join(context, "bin"));
      await placeFile(node24(), join(context, "bin", "node"));
      await buildAndPush({
        socket, ref: baseImageRef(registry, "node"), context, namedContexts: { npm: NPM_DIR },
        dockerfile: [
          `FROM ${debian}`,
          "COPY bin/node /usr/local/bin/node",
          "COPY --from=npm . /usr/local/lib/node_modules/npm",
          "RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx",
          "",
        ].join("\n"),
      });
    } finally {
      await rm(context, { recursive: true, force: true });
    }
  }
}

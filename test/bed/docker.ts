// A real Docker engine for one test file: Debian's dockerd, unpacked by scripts/testbed-install.sh,
// on a private socket, data root and exec root, so it clashes with nothing; with the runtime
// wrapper that drops the capabilities this machine cannot grant (buildx's docker-container driver
// starts its BuildKit container privileged) and the locally made BuildKit image under the driver's
// default name.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { releaseMounts } from "./mounts.js";
import { waitFor } from "./ports.js";
import { startService } from "./processes.js";
import { REPO } from "./runner.js";

const run = promisify(execFile);

/** Kept in step with scripts/testbed-install.sh. */
const BUILDKIT_VERSION = "v0.34.2";
/** The image docker-container builders run when no image= driver option is given. */
export const DEFAULT_BUILDKIT_IMAGE = "moby/buildkit:buildx-stable-1";

function tools(): string {
  return process.env["RBK_TOOLS"] ?? join(homedir(), ".cache", "remote-buildkit", "tools");
}

/**
 * The busybox of the test bed's BuildKit image: built by scripts/testbed-install.sh with busybox's
 * defaults, as Alpine builds the one moby/buildkit ships (its nc is netcat 1.10's, unlike Debian's).
 */
export function imageBusybox(): string {
  return join(tools(), "busybox-1.35.0", "busybox");
}

export interface DockerEngine {
  readonly dir: string;
  /** unix:///.../docker.sock */
  readonly host: string;
  /** The environment that points the Docker CLI and buildx at this engine. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs the Docker CLI against this engine; its stdout, trimmed. */
  docker(args: readonly string[]): Promise<string>;
  /** Names of the containers the engine has, running or not. */
  containers(): Promise<string[]>;
  stop(): Promise<void>;
}

/** GET on the engine's socket: whether it answers /_ping. */
function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: "/_ping", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

/** The processes whose command line names dir (this engine's own), by pid. */
async function pidsNaming(dir: string): Promise<number[]> {
  const out = await run("pgrep", ["-f", dir]).then((r) => r.stdout, () => "");
  return out.split("\n").filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
}

/**
 * Starts a dockerd in dir (which must be short: unix socket paths are limited to 108 bytes) and
 * imports the BuildKit image into it.
 */
export async function startDocker(dir: string): Promise<DockerEngine> {
  const engine = join(tools(), "docker-engine");
  const dockerd = join(engine, "usr", "sbin", "dockerd");
  const image = join(tools(), `buildkit-image-${BUILDKIT_VERSION}.tar`);
  if (!existsSync(dockerd) || !existsSync(image)) throw new Error(`no Docker engine or BuildKit image in ${tools()}: run scripts/testbed-install.sh`);
  await mkdir(dir, { recursive: true });
  const socket = join(dir, "docker.sock");
  const host = `unix://${socket}`;
  const service = startService(dockerd, [
    "-H", host,
    "--data-root", join(dir, "data"),
    "--exec-root", join(dir, "exec"),
    "--pidfile", join(dir, "docker.pid"),
    "--iptables=false", "--ip-masq=false", "--ip6tables=false", "--bridge=none", "--userland-proxy=false",
    "--add-runtime", `rbk-runc=${join(REPO, "scripts", "testbed", "runc-capbnd")}`,
    "--default-runtime", "rbk-runc",
    "--init-path", join(engine, "usr", "bin", "tini-static"),
    // Well within startService's 10 s before SIGKILL, which would leave containerd and its shims running.
    "--shutdown-timeout", "4",
  ], join(dir, "dockerd.log"), { PATH: `${join(engine, "usr", "bin")}:${join(engine, "usr", "sbin")}:${process.env["PATH"] ?? ""}` });
  const env = { DOCKER_HOST: host };
  const docker = async (args: readonly string[]): Promise<string> =>
    (await run("docker", [...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  const stop = async (): Promise<void> => {
    // dockerd stops its containers and its containerd on SIGTERM; what a killed one left mounted goes too.
    await service.stop();
    // Should dockerd have been killed: its containerd and shims name this directory on their command lines.
    for (const pid of await pidsNaming(dir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
    }
    releaseMounts(dir);
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitFor("dockerd", async () => {
      if (service.child.exitCode !== null) throw new Error(`dockerd exited: ${(await readFile(join(dir, "dockerd.log"), "utf8")).slice(-2000)}`);
      return ping(socket);
    }, 60_000);
    await run("sh", ["-c", 'docker import -c \'ENTRYPOINT ["buildkitd"]\' "$1" "$2" >/dev/null', "sh", image, DEFAULT_BUILDKIT_IMAGE],
      { env: { ...process.env, ...env } });
  } catch (err: unknown) {
    await stop();
    throw err;
  }
  return {
    dir,
    host,
    env,
    docker,
    containers: async () => (await docker(["ps", "-a", "--format", "{{.Names}}"])).split("\n").filter(Boolean),
    stop,
  };
}

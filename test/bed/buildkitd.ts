import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, waitFor } from "./ports.js";
import { startService, type Service } from "./processes.js";

const run = promisify(execFile);

export interface DaemonTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** false: started without --tlscacert, so it serves clients that send no certificate. */
  readonly requireClientCert: boolean;
}

export interface Daemon extends Service {
  readonly port: number;
  readonly endpoint: string;
  /** The unix socket, for buildctl checks that bypass TLS. */
  readonly socket: string;
  readonly root: string;
}

export interface DaemonOptions {
  readonly dir: string;
  readonly tls: DaemonTls;
  /** Registries on loopback reached over plain HTTP. */
  readonly insecureRegistries?: readonly string[];
  /** Reuse a state directory (a persistent builder) instead of a fresh one. */
  readonly root?: string;
  readonly port?: number;
  /** Another buildkitd binary than the test bed's. */
  readonly binary?: string;
}

/** A real buildkitd with (mutual) TLS on loopback, as the seeds deploy it. */
export async function startBuildkitd(options: DaemonOptions): Promise<Daemon> {
  const { dir, tls } = options;
  const port = options.port ?? (await freePort());
  const root = options.root ?? join(dir, "root");
  await mkdir(join(dir, "tls"), { recursive: true });
  await mkdir(root, { recursive: true });
  const file = (name: string): string => join(dir, "tls", name);
  await writeFile(file("ca.pem"), tls.ca);
  await writeFile(file("cert.pem"), tls.cert);
  await writeFile(file("key.pem"), tls.key, { mode: 0o600 });
  const config = join(dir, "buildkitd.toml");
  await writeFile(config, (options.insecureRegistries ?? [])
    .map((r) => `[registry."${r}"]\n  http = true\n  insecure = true\n`).join("\n"));
  const socket = join(dir, "buildkitd.sock");
  const args = [
    "--root", root,
    "--config", config,
    "--addr", `tcp://127.0.0.1:${port}`,
    "--addr", `unix://${socket}`,
    "--tlscert", file("cert.pem"),
    "--tlskey", file("key.pem"),
    ...(tls.requireClientCert ? ["--tlscacert", file("ca.pem")] : []),
  ];
  const service = startService(options.binary ?? "buildkitd", args, join(dir, "buildkitd.log"));
  await waitFor("buildkitd", async () => {
    if (service.child.exitCode !== null) throw new Error("buildkitd exited; see its log");
    await run("buildctl", ["--addr", `unix://${socket}`, "debug", "workers"], { timeout: 5000 });
    return true;
  }, 60_000);
  return { ...service, port, endpoint: `tcp://127.0.0.1:${port}`, socket, root };
}

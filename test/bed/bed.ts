import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBuildkitd, type Daemon } from "./buildkitd.js";
import { base64, makeCertSet, type CertSet } from "./certs.js";
import { releaseMounts } from "./mounts.js";
import { startRegistry, type Registry } from "./registry.js";

/** One test file's test bed: fresh certificates, a registry and a buildkitd with mutual TLS. */
export interface Bed {
  readonly dir: string;
  readonly certs: CertSet;
  readonly registry: Registry;
  readonly daemon: Daemon;
  /** The connection inputs for the good client, as users store them (base64). */
  connection(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startBed(): Promise<Bed> {
  const dir = await mkdtemp(join(tmpdir(), "rbk-bed-"));
  const certs = await makeCertSet();
  const registry = await startRegistry(join(dir, "registry"));
  const daemon = await startBuildkitd({
    dir: join(dir, "buildkitd"),
    tls: { ca: certs.ca.cert, cert: certs.server.cert, key: certs.server.key, requireClientCert: true },
    insecureRegistries: [registry.host],
  });
  return {
    dir,
    certs,
    registry,
    daemon,
    connection: () => ({
      endpoint: daemon.endpoint,
      "ca-cert": base64(certs.ca.cert),
      "client-cert": base64(certs.client.cert),
      "client-key": base64(certs.client.key),
    }),
    async stop() {
      await daemon.stop();
      await registry.stop();
      releaseMounts(dir);
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

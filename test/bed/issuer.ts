// The issuer as users run it: `node dist/cli.js issuer ...`, trusting the test CA for the OIDC
// provider through NODE_EXTRA_CA_CERTS, as one would for a self-hosted GitLab.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { issue, type Authority } from "./certs.js";
import { freePort, waitFor } from "./ports.js";
import { REPO } from "./runner.js";

export interface IssuerProcess {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** Everything it printed so far. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export async function startIssuerProcess(dir: string, ca: Authority, policy: string): Promise<IssuerProcess> {
  await mkdir(join(dir, "ca"), { recursive: true, mode: 0o700 });
  const tls = await issue(ca, { name: "issuer", usage: "server", hosts: ["127.0.0.1"] });
  await writeFile(join(dir, "ca", "ca.pem"), ca.cert);
  await writeFile(join(dir, "ca", "ca-key.pem"), ca.key, { mode: 0o600 });
  await writeFile(join(dir, "policy.yaml"), policy);
  await writeFile(join(dir, "tls-cert.pem"), tls.cert);
  await writeFile(join(dir, "tls-key.pem"), tls.key, { mode: 0o600 });
  const port = await freePort();
  const logFile = join(dir, "issuer.log");
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(REPO, "dist", "cli.js"), "issuer", "--listen", `127.0.0.1:${port}`, "--ca", join(dir, "ca"),
    "--policy", join(dir, "policy.yaml"), "--tls-cert", join(dir, "tls-cert.pem"), "--tls-key", join(dir, "tls-key.pem")], {
    env: { PATH: process.env["PATH"], NODE_EXTRA_CA_CERTS: join(dir, "ca", "ca.pem") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const text = (): Promise<string> => readFile(logFile, "utf8");
  await waitFor("the issuer", async () => {
    if (child.exitCode !== null) throw new Error(`the issuer exited: ${await text()}`);
    return (await text()).includes("listening on");
  }, 15_000);
  return {
    url: `https://127.0.0.1:${port}`,
    log: text,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

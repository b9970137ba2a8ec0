import type { Server } from "node:https";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { loadAuthority } from "../cli/authority.js";
import { CA_FILES } from "../cli/layout.js";
import type { IssuerCommand } from "./args.js";
import { exchange } from "./exchange.js";
import { discoveredKeys } from "./keys.js";
import { parsePolicy } from "./policy.js";
import { certificateServer, PATH } from "./server.js";

export interface IssuerContext {
  readonly cwd: string;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}

/**
 * Reads the CA, the policy and the TLS pair (any mistake stops it here, before it listens), then
 * serves until the server is closed.
 */
export async function startIssuer(command: IssuerCommand, context: IssuerContext): Promise<Server> {
  const path = (p: string): string => resolve(context.cwd, p);
  const policyPath = path(command.policy);
  const policy = parsePolicy(await readInput("--policy", policyPath), policyPath);
  const caCertPath = join(path(command.caDir), CA_FILES.cert);
  const caKeyPath = join(path(command.caDir), CA_FILES.key);
  const caPem = await readInput("--ca", caCertPath);
  const authority = await loadAuthority(caPem, await readInput("--ca", caKeyPath), { certOption: "--ca", certPath: caCertPath, keyOption: "--ca", keyPath: caKeyPath }, context.now());
  const setup = { policy, authority, caPem, keysFor: discoveredKeys() };
  const server = certificateServer({
    cert: await readInput("--tls-cert", path(command.tlsCert)),
    key: await readInput("--tls-key", path(command.tlsKey)),
    handle: (body) => exchange(setup, body, context.now()),
    log: (line) => context.log(`${context.now().toISOString()} ${line}`),
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(new UserError("--listen", `cannot listen on ${command.host}:${command.port} (${err.code ?? err.message})`, "choose a free port and an address of this machine")));
    server.listen(command.port, command.host, () => resolvePromise());
  });
  for (const p of policy.issuers) {
    context.log(`accepting tokens from ${p.issuer} for audience ${p.audience}, ${p.allow.length} rule(s), certificates for ${p.lifetimeSeconds} s`);
  }
  context.log(`listening on https://${command.host.includes(":") ? `[${command.host}]` : command.host}:${command.port}${PATH}`);
  return server;
}

async function readInput(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err: unknown) {
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
    throw new UserError(`${option} (${path})`, code === "ENOENT" ? "does not exist" : `cannot be read (${code || "unknown error"})`, "check the path and its permissions");
  }
}

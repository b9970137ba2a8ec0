import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../errors.js";
import type { CaFiles, CliCommand } from "./args.js";
import { loadAuthority } from "./authority.js";
import { existingFiles, writeFiles, type OutputFile } from "./files.js";
import { issueLeaf, makeAuthority, validityFor, type Authority, type Issued, type Validity } from "./issue.js";
import { CA_FILES, SERVER_FILES, clientFiles } from "./layout.js";
import { describeSubjectName, type SubjectName } from "./names.js";
import { reportText, type FileLine } from "./report.js";

export type CertsCommand = Exclude<CliCommand, { kind: "help" }>;

export interface CertsContext {
  readonly now: Date;
  /** Relative --out, --ca-cert and --ca-key paths are read from here. */
  readonly cwd: string;
}

const DEFAULT_CLIENT_NAME = "ci";
const KEEP_CA_KEY = "Keep it offline; it is needed only to issue more certificates";
const KEEP_SERVER_KEY = "Only the daemon reads it";
const KEEP_CLIENT_KEY = "It lets whoever holds it run builds on the daemon";

/** Makes the certificates a command asks for, writes them, and returns what to print. */
export async function runCertsCommand(command: CertsCommand, context: CertsContext): Promise<string> {
  const dir = resolve(context.cwd, command.out);
  switch (command.kind) {
    case "init":
      return init(command, dir, context.now);
    case "server":
      return server(command, dir, context);
    case "client":
      return client(command, dir, context);
  }
}

async function init(command: Extract<CertsCommand, { kind: "init" }>, dir: string, now: Date): Promise<string> {
  const client = clientFiles(command.name);
  const names = [CA_FILES.cert, CA_FILES.key, SERVER_FILES.cert, SERVER_FILES.key, client.cert, client.key];
  const existing = await refuseExisting(dir, names, command.force, "pass --force to replace them (every certificate the old CA issued stops working), or choose another --out directory");
  const { authority, issued: ca } = await makeAuthority(`remote-buildkit CA ${now.toISOString().slice(0, 10)}`, validityFor(now, command.caDays));
  const leafValidity = validityFor(now, command.days);
  const serverCert = await issueServer(authority, command.hosts, leafValidity);
  const clientCert = await issueLeaf(authority, { usage: "client", commonName: command.name ?? DEFAULT_CLIENT_NAME }, leafValidity);
  await writeFiles(dir, [
    ...pair(CA_FILES, ca),
    ...pair(SERVER_FILES, serverCert),
    ...pair(client, clientCert),
  ], command.force);
  return reportText({
    dir,
    files: [
      { name: CA_FILES.cert, what: `the CA certificate, valid until ${day(ca.notAfter)}` },
      { name: CA_FILES.key, what: "the CA private key", secret: KEEP_CA_KEY },
      ...serverLines(command.hosts, serverCert),
      ...clientLines(command.name, clientCert),
    ],
    notes: [],
    daemon: { ca: CA_FILES.cert, cert: SERVER_FILES.cert, key: SERVER_FILES.key, replacing: existing.length > 0 },
    ci: { ca: ca.certPem, cert: clientCert.certPem, key: clientCert.keyPem },
  });
}

async function server(command: Extract<CertsCommand, { kind: "server" }>, dir: string, context: CertsContext): Promise<string> {
  const { authority } = await readAuthority(command.ca, context);
  const existing = await refuseExisting(dir, [SERVER_FILES.cert, SERVER_FILES.key], command.force,
    "pass --force to replace them, then hand the new files to the daemon");
  const { validity, notes } = withinCa(authority, validityFor(context.now, command.days));
  const serverCert = await issueServer(authority, command.hosts, validity);
  await writeFiles(dir, pair(SERVER_FILES, serverCert), command.force);
  const caPath = resolve(context.cwd, command.ca.caCert);
  return reportText({
    dir,
    files: serverLines(command.hosts, serverCert),
    notes,
    // The CA file is named by its path when it is not the directory's own ca.pem.
    daemon: { ca: caPath === resolve(dir, CA_FILES.cert) ? CA_FILES.cert : caPath, cert: SERVER_FILES.cert, key: SERVER_FILES.key, replacing: existing.length > 0 },
  });
}

async function client(command: Extract<CertsCommand, { kind: "client" }>, dir: string, context: CertsContext): Promise<string> {
  const { authority, caPem } = await readAuthority(command.ca, context);
  const files = clientFiles(command.name);
  await refuseExisting(dir, [files.cert, files.key], command.force,
    command.name === undefined
      ? "pass --name NAME to issue another client certificate beside it, or --force to replace it"
      : "pass another --name, or --force to replace it");
  const { validity, notes } = withinCa(authority, validityFor(context.now, command.days));
  const clientCert = await issueLeaf(authority, { usage: "client", commonName: command.name ?? DEFAULT_CLIENT_NAME }, validity);
  await writeFiles(dir, pair(files, clientCert), command.force);
  return reportText({
    dir,
    files: clientLines(command.name, clientCert),
    notes: [...notes, "The daemon needs no change: it trusts every client certificate its CA issued."],
    ci: { ca: caPem, cert: clientCert.certPem, key: clientCert.keyPem },
  });
}

async function issueServer(authority: Authority, hosts: readonly SubjectName[], validity: Validity): Promise<Issued> {
  return issueLeaf(authority, { usage: "server", commonName: hosts[0]?.value ?? "buildkitd", names: hosts }, validity);
}

async function readAuthority(ca: CaFiles, context: CertsContext): Promise<{ authority: Authority; caPem: string }> {
  const certPath = resolve(context.cwd, ca.caCert);
  const keyPath = resolve(context.cwd, ca.caKey);
  const caPem = await readInput("--ca-cert", certPath);
  const keyPem = await readInput("--ca-key", keyPath);
  const authority = await loadAuthority(caPem, keyPem, { certOption: "--ca-cert", certPath, keyOption: "--ca-key", keyPath }, context.now);
  return { authority, caPem };
}

async function readInput(option: string, path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err: unknown) {
    const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
    if (code === "ENOENT") {
      throw new UserError(`${option} (${path})`, "does not exist", "run remote-buildkit certs init first, or point --ca-cert and --ca-key at the CA's files (or --out at their directory)");
    }
    throw new UserError(`${option} (${path})`, `cannot be read (${code || "unknown error"})`, "check the path and its permissions");
  }
}

/** Stops before any key is made when a file would be overwritten without --force. */
async function refuseExisting(dir: string, names: readonly string[], force: boolean, fix: string): Promise<string[]> {
  const existing = await existingFiles(dir, names);
  if (existing.length > 0 && !force) {
    throw new UserError("--out", `${dir} already holds ${existing.join(", ")}`, fix);
  }
  return existing;
}

/** A certificate cannot usefully outlive its CA: clients stop trusting it when the CA expires. */
function withinCa(authority: Authority, validity: Validity): { validity: Validity; notes: string[] } {
  const caEnd = authority.cert.notAfter;
  if (validity.notAfter.getTime() <= caEnd.getTime()) return { validity, notes: [] };
  return {
    validity: { notBefore: validity.notBefore, notAfter: caEnd },
    notes: [`The CA expires on ${day(caEnd)}, before the --days asked for, so the certificate ends then too.`],
  };
}

function pair(names: { readonly cert: string; readonly key: string }, issued: Issued): OutputFile[] {
  return [
    { name: names.cert, content: issued.certPem, secret: false },
    { name: names.key, content: issued.keyPem, secret: true },
  ];
}

function serverLines(hosts: readonly SubjectName[], issued: Issued): FileLine[] {
  return [
    { name: SERVER_FILES.cert, what: `the daemon's certificate for ${hosts.map(describeSubjectName).join(", ")}, valid until ${day(issued.notAfter)}` },
    { name: SERVER_FILES.key, what: "the daemon's private key", secret: KEEP_SERVER_KEY },
  ];
}

function clientLines(name: string | undefined, issued: Issued): FileLine[] {
  const files = clientFiles(name);
  return [
    { name: files.cert, what: `the client certificate "${name ?? DEFAULT_CLIENT_NAME}", valid until ${day(issued.notAfter)}` },
    { name: files.key, what: "the client private key", secret: KEEP_CLIENT_KEY },
  ];
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

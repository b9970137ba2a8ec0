import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { freePort, waitFor } from "./ports.js";
import { startService, type Service } from "./processes.js";

export interface Registry extends Service {
  /** host:port, as used in image references. */
  readonly host: string;
  /** The Authorization header for a registry that requires a login, else empty. */
  readonly authorization: string;
}

export interface RegistryUser {
  readonly username: string;
  readonly password: string;
}

/** A real OCI registry (Debian's docker-registry) on loopback, plain HTTP, with logins if a user is given. */
export async function startRegistry(dir: string, user?: RegistryUser): Promise<Registry> {
  const port = await freePort();
  await mkdir(join(dir, "data"), { recursive: true });
  const config = join(dir, "config.yml");
  const htpasswd = join(dir, "htpasswd");
  if (user) await writeFile(htpasswd, execFileSync("htpasswd", ["-Bbn", user.username, user.password]));
  await writeFile(config, [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${join(dir, "data")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    ...(user ? ["auth:", "  htpasswd:", "    realm: test-bed", `    path: ${htpasswd}`] : []),
    "",
  ].join("\n"));
  const service = startService("docker-registry", ["serve", config], join(dir, "registry.log"));
  const host = `127.0.0.1:${port}`;
  const authorization = user ? `Basic ${Buffer.from(`${user.username}:${user.password}`).toString("base64")}` : "";
  await waitFor("the registry", async () => (await fetch(`http://${host}/v2/`, { headers: authorization ? { Authorization: authorization } : {} })).ok, 20_000);
  return { ...service, host, authorization };
}

const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** The digest the registry serves for a reference, from its Docker-Content-Digest header. */
export async function manifestDigest(host: string, repository: string, reference: string, authorization = ""): Promise<string> {
  const headers: Record<string, string> = { Accept: MANIFEST_TYPES, ...(authorization ? { Authorization: authorization } : {}) };
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { method: "HEAD", headers });
  if (!response.ok) throw new Error(`registry: ${repository}:${reference} answered ${response.status}`);
  return response.headers.get("docker-content-digest") ?? "";
}

export async function fetchJson(url: string, accept = MANIFEST_TYPES): Promise<unknown> {
  const response = await fetch(url, { headers: { Accept: accept } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

interface Descriptor {
  readonly digest: string;
  readonly mediaType?: string;
  readonly platform?: { readonly os?: string; readonly architecture?: string };
}

function descriptors(value: unknown, key: "manifests" | "layers"): Descriptor[] {
  const list = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? (list as Descriptor[]) : [];
}

/** The layers of a pushed image (its Linux one, for an index), by digest. */
export async function imageLayers(host: string, repository: string, reference: string): Promise<string[]> {
  let manifest = await fetchJson(`http://${host}/v2/${repository}/manifests/${reference}`);
  const image = descriptors(manifest, "manifests").find((m) => m.platform?.os === "linux");
  if (image) manifest = await fetchJson(`http://${host}/v2/${repository}/manifests/${image.digest}`);
  return descriptors(manifest, "layers").map((l) => l.digest);
}

/** Reads one file of a pushed image's filesystem, from its layers, newest first. */
export async function readImageFile(host: string, repository: string, reference: string, path: string): Promise<string> {
  let manifest = await fetchJson(`http://${host}/v2/${repository}/manifests/${reference}`);
  const image = descriptors(manifest, "manifests").find((m) => m.platform?.os === "linux");
  if (image) manifest = await fetchJson(`http://${host}/v2/${repository}/manifests/${image.digest}`);
  for (const layer of descriptors(manifest, "layers").reverse()) {
    const blob = Buffer.from(await (await fetch(`http://${host}/v2/${repository}/blobs/${layer.digest}`)).arrayBuffer());
    try {
      return execFileSync("tar", ["-xzOf", "-", path], { input: blob, stdio: ["pipe", "pipe", "ignore"] }).toString();
    } catch {
      // not in this layer
    }
  }
  throw new Error(`${path} is in no layer of ${repository}:${reference}`);
}

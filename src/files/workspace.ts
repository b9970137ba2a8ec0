import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { errorMessage, quoted, UserError } from "../errors.js";

/** Where one job keeps its private files: certificates, secrets, buildx state, metadata. */
export interface Workspace {
  readonly dir: string;
  readonly caCertFile: string;
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** BUILDX_CONFIG for every buildx call: the job's builders never touch the runner's own. */
  readonly buildxConfig: string;
  /** DOCKER_CONFIG with the platform's registry logins, when it gives any. */
  readonly dockerConfig: string;
  readonly secretsDir: string;
  readonly metadataFile: string;
  readonly imageIdFile: string;
}

export const WORKSPACE_PREFIX = "remote-buildkit-";

export function workspacePaths(dir: string): Workspace {
  return {
    dir,
    caCertFile: join(dir, "certs", "ca.pem"),
    clientCertFile: join(dir, "certs", "cert.pem"),
    clientKeyFile: join(dir, "certs", "key.pem"),
    buildxConfig: join(dir, "buildx"),
    dockerConfig: join(dir, "docker"),
    secretsDir: join(dir, "secrets"),
    metadataFile: join(dir, "metadata.json"),
    imageIdFile: join(dir, "image-id"),
  };
}

/**
 * A new directory under parent, readable by its owner only. variable names what set parent (the
 * job's scratch directory), for the error when it cannot be written.
 */
export async function createWorkspace(parent: string, variable: string): Promise<Workspace> {
  let dir: string;
  try {
    await mkdir(parent, { recursive: true });
    dir = await mkdtemp(join(parent, WORKSPACE_PREFIX));
  } catch (err: unknown) {
    const code = err instanceof Error && "code" in err ? String(err.code) : errorMessage(err);
    throw new UserError(variable, `the job's scratch directory ${quoted(parent)} cannot be written (${code})`,
      `point ${variable} at a directory the job can write to: it holds the job's certificates and build files`);
  }
  await chmod(dir, 0o700);
  const paths = workspacePaths(dir);
  for (const sub of [join(dir, "certs"), paths.buildxConfig, paths.secretsDir]) await mkdir(sub, { mode: 0o700 });
  return paths;
}

/** Writes a new file that only its owner can read; never overwrites. */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600, flag: "wx" });
}

export async function removeWorkspace(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

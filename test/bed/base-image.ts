// Base images for realistic builds, made here since none can be pulled: a Debian root filesystem
// from debootstrap, kept as a tarball so that later runs skip the slow part, then pushed to the
// test bed's registry as `FROM scratch` + `ADD rootfs.tar /`.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, link, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const ROOTFS_CACHE = join(homedir(), ".cache", "remote-buildkit", "base-images");
const MIRROR = "http://deb.debian.org/debian";

export interface RootfsSpec {
  /** Names the cached tarball; change it when the contents change. */
  readonly name: string;
  readonly suite: string;
  /** Packages beyond debootstrap's minbase variant. */
  readonly include: readonly string[];
}

export const BOOKWORM: RootfsSpec = { name: "bookworm-minbase", suite: "bookworm", include: [] };

async function ensureDebootstrap(log: (line: string) => void): Promise<void> {
  if (existsSync("/usr/sbin/debootstrap")) return;
  log("installing debootstrap (apt-get)");
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "debootstrap"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, maxBuffer: 16 * 1024 * 1024,
  });
}

/** The tarball of a debootstrapped root filesystem: from the cache, or made (about 30 s) and cached. */
export async function rootfsTarball(spec: RootfsSpec, log: (line: string) => void = () => {}): Promise<string> {
  const tarball = join(ROOTFS_CACHE, `${spec.name}.tar`);
  if (existsSync(tarball)) return tarball;
  await ensureDebootstrap(log);
  await mkdir(ROOTFS_CACHE, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), "rbk-rootfs-"));
  try {
    const root = join(work, "root");
    log(`debootstrap --variant=minbase ${spec.suite}${spec.include.length > 0 ? ` + ${spec.include.join(", ")}` : ""} (cached afterwards in ${ROOTFS_CACHE})`);
    await run("debootstrap", [
      "--variant=minbase",
      ...(spec.include.length > 0 ? [`--include=${spec.include.join(",")}`] : []),
      spec.suite, root, MIRROR,
    ], { maxBuffer: 64 * 1024 * 1024 });
    // What a published image leaves out: downloaded packages and package lists.
    await run("sh", ["-c", 'rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/* "$1"/tmp/*', "sh", root]);
    const partial = `${tarball}.${process.pid}.tmp`;
    await run("tar", ["--numeric-owner", "-C", root, "-cf", partial, "."]);
    await rename(partial, tarball);
    return tarball;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Puts a large file into a build context without copying it when the filesystem allows. */
export async function placeFile(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
  }
}

export interface ImagePush {
  /** The unix socket of a buildkitd that can push to the registry. */
  readonly socket: string;
  /** Full reference, registry host included. */
  readonly ref: string;
  readonly dockerfile: string;
  /** The build context directory. */
  readonly context: string;
  /** Named contexts (`COPY --from=NAME`), name to directory. */
  readonly namedContexts?: Readonly<Record<string, string>>;
}

/** Builds a Dockerfile with buildctl and pushes the image: setup work, outside any measurement. */
export async function buildAndPush(push: ImagePush): Promise<void> {
  const dockerfileDir = await mkdtemp(join(tmpdir(), "rbk-dockerfile-"));
  try {
    await writeFile(join(dockerfileDir, "Dockerfile"), push.dockerfile);
    const named = Object.entries(push.namedContexts ?? {});
    await run("buildctl", [
      "--addr", `unix://${push.socket}`, "build", "--progress=plain",
      "--frontend", "dockerfile.v0",
      "--local", `context=${push.context}`, "--local", `dockerfile=${dockerfileDir}`,
      ...named.flatMap(([name, dir]) => ["--local", `${name}=${dir}`, "--opt", `context:${name}=local:${name}`]),
      "--output", `type=image,name=${push.ref},push=true`,
    ], { maxBuffer: 64 * 1024 * 1024 });
  } finally {
    await rm(dockerfileDir, { recursive: true, force: true });
  }
}

/** A Debian image from a cached root filesystem, pushed as `ref`. */
export async function pushRootfsImage(socket: string, spec: RootfsSpec, ref: string, log: (line: string) => void = () => {}): Promise<void> {
  const tarball = await rootfsTarball(spec, log);
  const context = await mkdtemp(join(tmpdir(), "rbk-rootfs-context-"));
  try {
    await placeFile(tarball, join(context, "rootfs.tar"));
    await buildAndPush({ socket, ref, context, dockerfile: 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' });
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

import { freemem, homedir, totalmem } from "node:os";
import type { Host } from "../process/host.js";

/** The one place that reads the process's surroundings; the entries pass the result down. */
export function processHost(): Host {
  return { env: process.env, cwd: process.cwd(), home: homedir(), os: process.platform, arch: process.arch, uid: process.getuid?.(), freeMemoryBytes: freemem(), totalMemoryBytes: totalmem() };
}

/** The wall clock, for the entries to pass down. */
export const systemClock = (): Date => new Date();

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hostBuildx } from "./buildx/locate.js";
import { errorMessage } from "./errors.js";
import { parseManifest } from "./inputs/manifest.js";
import { processHost, systemClock } from "./platform/host.js";
import { selectPlatform } from "./platform/select.js";
import { runMain } from "./run/main.js";

/** Entry of the main step on every platform: dist/main.js. */
async function main(): Promise<void> {
  const host = processHost();
  const platform = selectPlatform(host.env, systemClock);
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    platform.io.warning(`Received ${signal}: cancelling the build`);
    cancel.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // action.yml sits beside dist/ in the action and in the runner image.
    const manifest = parseManifest(readFileSync(fileURLToPath(new URL("../action.yml", import.meta.url)), "utf8"));
    await runMain({ platform, manifest, signal: cancel.signal, now: systemClock, host, buildx: hostBuildx(host) });
  } catch (err: unknown) {
    platform.io.fail(errorMessage(err));
  }
}

/**
 * Ends the step once its output is written (pipes are asynchronous on macOS), with what it left
 * running: a download of cache mounts that no step turned out to need goes on otherwise, for
 * seconds with a large Go build cache, and the step would wait for it.
 */
function exitWhenWritten(): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}

main().catch((err: unknown) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}\n`);
  process.exitCode = 1;
}).finally(exitWhenWritten);

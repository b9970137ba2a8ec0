import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { errorMessage } from "./errors.js";
import { parseManifest } from "./inputs/manifest.js";
import { selectPlatform } from "./platform/select.js";
import { runMain } from "./run/main.js";

/** Entry of the main step on every platform: dist/main.js. */
async function main(): Promise<void> {
  const platform = selectPlatform(process.env);
  const cancel = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    platform.warning(`Received ${signal}: cancelling the build`);
    cancel.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    // action.yml sits beside dist/ in the action and in the runner image.
    const manifest = parseManifest(readFileSync(fileURLToPath(new URL("../action.yml", import.meta.url)), "utf8"));
    await runMain({ platform, manifest, signal: cancel.signal, now: () => new Date(), env: process.env });
  } catch (err: unknown) {
    platform.fail(errorMessage(err));
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}\n`);
  process.exitCode = 1;
});

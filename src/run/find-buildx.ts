import { chooseBuildx, describeBuildx, type BuildxCommand, type BuildxSource } from "../buildx/locate.js";
import type { StepIO } from "./port.js";
import { STATE } from "./state.js";

/**
 * Looks for the runner's buildx at once (a process or two, while the daemons are checked) and
 * returns how to wait for it. A release is installed only once someone waits: a step that fails
 * before it needs buildx never downloads one. The buildx found is kept for the post step.
 */
export function findBuildx(io: StepIO, source: BuildxSource, wanted: string): () => Promise<BuildxCommand> {
  const onRunner = source.runners();
  // Awaited below; until then a failure must not count as unhandled.
  onRunner.catch(() => undefined);
  let waited: Promise<BuildxCommand> | undefined;
  return () => (waited ??= io.group("Finding buildx", async () => {
    const choice = chooseBuildx(await onRunner, wanted);
    io.info(choice.log);
    const buildx = "use" in choice ? choice.use : await source.install(choice.install);
    io.saveState(STATE.buildx, describeBuildx(buildx));
    return buildx;
  }));
}

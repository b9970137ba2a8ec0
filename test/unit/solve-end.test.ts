import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StepReport } from "../../src/progress/analysis.js";
import type { SolveStatus, Vertex } from "../../src/progress/events.js";
import { SolveEndWatch } from "../../src/progress/solve-end.js";

type State = { readonly started?: number; readonly completed?: number; readonly cached?: boolean };
const vertex = (name: string, state: State, digest = name): Vertex => ({ digest, name, inputs: [], cached: state.cached ?? false, error: "", ...state });
const status = (...vertexes: Vertex[]): SolveStatus => ({ vertexes, statuses: [], logs: [] });

function watching(): { readonly watch: SolveEndWatch; readonly ends: Array<readonly StepReport[]> } {
  const ends: Array<readonly StepReport[]> = [];
  return { watch: new SolveEndWatch((steps) => ends.push(steps)), ends };
}

const npmCi = "[deps 4/4] RUN --mount=type=cache,target=/root/.npm npm ci";
const tsc = "[build 3/3] RUN npm run build";

describe("SolveEndWatch", () => {
  it("ends once, at the first exporter, with the steps as they ran", () => {
    const { watch, ends } = watching();
    watch.add(status(vertex("[internal] load build context", { started: 1000, completed: 1010 })));
    watch.add(status(vertex(npmCi, { started: 1010 }), vertex(tsc, { started: 1010, completed: 1020, cached: true })));
    watch.add(status(vertex(npmCi, { started: 1010, completed: 6000 })));
    assert.equal(ends.length, 0, "no exporter yet");
    watch.add(status(vertex("exporting to image", { started: 6010 })));
    watch.add(status(vertex("exporting to GitHub Actions Cache", { started: 6020 }), vertex("exporting to image", { started: 6010, completed: 7000 })));
    assert.equal(ends.length, 1);
    const steps = ends[0] ?? [];
    const ran = steps.find((s) => s.name === npmCi);
    assert.deepEqual([ran?.durationMs, ran?.cached], [4990, false]);
    assert.equal(steps.find((s) => s.name === tsc)?.cached, true);
  });

  it("waits for a step still running when an exporter shows, and knows a vertex by its digest when an update has no name", () => {
    const { watch, ends } = watching();
    watch.add(status(vertex(npmCi, { started: 1000 }, "sha256:a")));
    watch.add(status(vertex("exporting to image", { started: 2000 }, "sha256:e")));
    assert.equal(ends.length, 0, "a step still runs");
    watch.add(status(vertex("", { started: 1000, completed: 3000 }, "sha256:a")));
    assert.equal(ends.length, 0, "nothing exports after it yet");
    watch.add(status(vertex("", { started: 2000, completed: 3500 }, "sha256:e")));
    assert.equal(ends.length, 1);
  });

  it("never ends a build that exports nothing", () => {
    const { watch, ends } = watching();
    watch.add(status(vertex(npmCi, { started: 1000, completed: 2000 })));
    watch.add(status(vertex("[internal] load metadata for docker.io/library/node:24", { started: 1000, completed: 1100 })));
    assert.equal(ends.length, 0);
  });
});

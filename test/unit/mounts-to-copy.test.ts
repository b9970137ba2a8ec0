import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FetchOutcome, MountPlan } from "../../src/cachemounts/keep.js";
import { mountsToCopy, type MountsInFlight } from "../../src/run/mounts.js";

const gomod = { id: "gomod", target: "/go/pkg/mod", base: "golang:1.24", ownership: "" };
const gobuild = { id: "gobuild", target: "/root/.cache/go-build", base: "golang:1.24", ownership: "" };
const plan: MountPlan = { mounts: [gomod, gobuild], dir: "/tmp/unused", key: "mounts-lock1-7-1-ab", restoreKeys: ["mounts-lock1-", "mounts-"] };
// gobuild cost more to carry than it saved its steps: the skip rule leaves it out.
const record = { version: 1, mounts: [{ id: gomod.id, carryMs: 1000, warmMs: 2000, coldMs: 30_000 }, { id: gobuild.id, carryMs: 9000, warmMs: 5000, coldMs: 6000 }] } as const;
const fetchedFrom = (entry: string): FetchOutcome => ({ fetched: { entry, mounts: [gomod, gobuild], ms: 3000, record } });

/** Mounts in flight whose download ends when `finish` is called. */
function inFlight(matched: string | undefined, outcome: FetchOutcome): { readonly mounts: MountsInFlight; readonly finish: () => void } {
  let finish = (): void => undefined;
  const fetching = new Promise<FetchOutcome>((resolve) => {
    finish = () => resolve(outcome);
  });
  return { mounts: { plan, store: { restore: async () => undefined, lookup: async () => matched, save: async () => undefined }, fetching, matched: Promise.resolve(matched) }, finish };
}

/** Whether the promise settles before the download ends. */
async function settlesFirst<T>(p: Promise<T>): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 50))]);
}

describe("which cache mounts a fallback build waits for", () => {
  it("once the download has ended, copies only the mounts that pay", async () => {
    const { mounts, finish } = inFlight("mounts-lock1-6-1-cd", fetchedFrom("mounts-lock1-6-1-cd"));
    finish();
    await mounts.fetching;
    const answer = await mountsToCopy(mounts);
    assert.deepEqual(answer.copy.map((m) => m.id), ["gomod"]);
    assert.equal(answer.newLockfiles, false);
  });

  it("does not wait for a download with the same lockfiles: every planned mount may be copied in once a step needs it", async () => {
    const { mounts, finish } = inFlight("mounts-lock1-6-1-cd", fetchedFrom("mounts-lock1-6-1-cd"));
    const answer = mountsToCopy(mounts);
    assert.ok(await settlesFirst(answer), "answered while the download runs");
    assert.deepEqual((await answer).copy.map((m) => m.id), ["gomod", "gobuild"]);
    assert.equal((await answer).newLockfiles, false);
    finish();
  });

  it("waits for a download saved with other lockfiles: the mounts go in before the build", async () => {
    const { mounts, finish } = inFlight("mounts-lock0-6-1-cd", fetchedFrom("mounts-lock0-6-1-cd"));
    const answer = mountsToCopy(mounts);
    assert.equal(await settlesFirst(answer), false, "waited for the download");
    finish();
    assert.deepEqual(await answer, { copy: [gomod], newLockfiles: true });
  });

  it("waits for the fetch when the lookup found nothing or failed: the fetch's own answer is the sure one", async () => {
    const { mounts, finish } = inFlight(undefined, fetchedFrom("mounts-lock1-6-1-cd"));
    const answer = mountsToCopy(mounts);
    assert.equal(await settlesFirst(answer), false);
    finish();
    assert.deepEqual((await answer).copy.map((m) => m.id), ["gomod"]);
  });
});

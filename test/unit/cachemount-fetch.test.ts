import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fetchCacheMounts, type CacheStore, type MountPlan } from "../../src/cachemounts/keep.js";
import { RECORD_FILE } from "../../src/cachemounts/payoff.js";
import { mountArchiveName } from "../../src/cachemounts/scan.js";

const work = mkdtempSync(join(tmpdir(), "rbk-fetch-"));
after(() => rmSync(work, { recursive: true, force: true }));

const apt = { id: "/var/cache/apt", target: "/var/cache/apt", base: "debian:12", ownership: "" };
const lists = { id: "/var/lib/apt/lists", target: "/var/lib/apt/lists", base: "debian:12", ownership: "" };
const record = { version: 1, mounts: [{ id: apt.id, carryMs: 8400, warmMs: 17_100, coldMs: 16_700 }] };

/** A store whose one entry holds these files. */
function storeWith(files: Readonly<Record<string, string>>): CacheStore {
  return {
    restore: (path) => {
      mkdirSync(path, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
      return Promise.resolve("entry-1");
    },
    lookup: () => Promise.resolve("entry-1"),
    save: () => Promise.resolve(),
  };
}

function plan(name: string): MountPlan {
  return { mounts: [apt, lists], dir: join(work, name), key: "k-2", restoreKeys: ["k-"] };
}

describe("fetching the saved cache mounts", () => {
  it("keeps the figures of an entry that holds no archive, for the skip rule", async () => {
    const outcome = await fetchCacheMounts(plan("figures-only"), storeWith({ [RECORD_FILE]: JSON.stringify(record) }), () => new Date());
    assert.ok(outcome.fetched, "an entry with figures is no empty entry");
    assert.deepEqual(outcome.fetched.mounts, []);
    assert.deepEqual(outcome.fetched.record, record);
  });

  it("says an entry with neither archives nor figures holds none of the mounts", async () => {
    const outcome = await fetchCacheMounts(plan("empty"), storeWith({ "other.txt": "x" }), () => new Date());
    assert.equal(outcome.fetched, undefined);
    assert.ok(!outcome.fetched && /The cache entry entry-1 holds none of \/var\/cache\/apt, \/var\/lib\/apt\/lists/.test(outcome.note));
  });

  it("lists the mounts whose archives the entry holds", async () => {
    const outcome = await fetchCacheMounts(plan("one"), storeWith({ [mountArchiveName(lists.id)]: "tar" }), () => new Date());
    assert.deepEqual(outcome.fetched?.mounts.map((m) => m.id), [lists.id]);
    assert.equal(outcome.fetched?.record, undefined);
  });
});

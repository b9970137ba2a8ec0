import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeRouting, type CandidateCheck } from "../../src/routing/choice.js";
import { defaultRoutingKey, rankEndpoints } from "../../src/routing/rendezvous.js";

const daemons = (n: number): Array<{ url: string }> => Array.from({ length: n }, (_, i) => ({ url: `tcp://buildkit-${i}.buildkit:1234` }));
const keys = Array.from({ length: 2000 }, (_, i) => `acme/service-${i}:Dockerfile`);
const first = (key: string, endpoints: Array<{ url: string }>): string => rankEndpoints(key, endpoints)[0]?.url ?? "";

describe("rendezvous routing", () => {
  it("ranks the same way every time, whatever order the endpoints are listed in", () => {
    const three = daemons(3);
    for (const key of keys.slice(0, 50)) assert.deepEqual(rankEndpoints(key, three), rankEndpoints(key, [...three].reverse()));
  });
  it("spreads keys evenly", () => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(first(key, daemons(3)), (counts.get(first(key, daemons(3))) ?? 0) + 1);
    assert.equal(counts.size, 3);
    for (const n of counts.values()) assert.ok(n > 2000 / 3 * 0.85 && n < 2000 / 3 * 1.15, `${n} of 2000 keys`);
  });
  it("moves only a removed daemon's keys, each to its next-ranked daemon", () => {
    const three = daemons(3);
    const two = three.slice(1);
    for (const key of keys) {
      const before = rankEndpoints(key, three);
      const after = first(key, two);
      if (before[0]?.url !== three[0]?.url) assert.equal(after, before[0]?.url);
      else assert.equal(after, before[1]?.url);
    }
  });
  it("moves about a quarter of the keys to a fourth daemon, and no others", () => {
    const three = daemons(3);
    const four = daemons(4);
    let moved = 0;
    for (const key of keys) {
      const after = first(key, four);
      if (after !== first(key, three)) {
        moved++;
        assert.equal(after, four[3]?.url, "a key moves only to the new daemon");
      }
    }
    assert.ok(moved > 2000 * 0.2 && moved < 2000 * 0.3, `${moved} of 2000 keys moved`);
  });
  it("keys a project by repository and Dockerfile", () => {
    assert.equal(defaultRoutingKey("acme/app", ""), "acme/app:Dockerfile");
    assert.equal(defaultRoutingKey("acme/app", "api/Dockerfile"), "acme/app:api/Dockerfile");
  });
});

describe("how the routing choice is described", () => {
  const checks: CandidateCheck[] = [
    { url: "tcp://a:1", state: "failed", reason: "unreachable" },
    { url: "tcp://b:1", state: "healthy" },
    { url: "tcp://c:1", state: "pending" },
    { url: "tcp://d:1", state: "healthy" },
  ];
  it("names each candidate: skipped with its reason, chosen with its rank, not checked, or healthy below", () => {
    assert.deepEqual(describeRouting(checks, 1, "acme/app:Dockerfile"), [
      "tcp://a:1: skipped (unreachable)",
      'tcp://b:1: chosen (rank 2 of 4 for routing key "acme/app:Dockerfile")',
      "tcp://c:1: not checked (a daemon ranked above it was chosen first)",
      "tcp://d:1: healthy, ranked below the one chosen",
    ]);
  });
  it("says nothing for a single daemon", () => {
    assert.deepEqual(describeRouting([{ url: "tcp://a:1", state: "healthy" }], 0, "k"), []);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extractDockerfile, injectDockerfile } from "../../src/cachemounts/dockerfiles.js";
import { copyStepLabel, slowestCopySteps } from "../../src/summary/mounts.js";
import { buildArgMap, cacheMountKeys, expandFrom, findCacheMounts, mountArchiveName, ranWithCacheMounts } from "../../src/cachemounts/scan.js";
import { savedWithOtherLockfiles } from "../../src/cachemounts/keep.js";
import { defaultCacheScope } from "../../src/policy/cache-scope.js";
import { githubActionsCache } from "../../src/platform/github.js";
import { registryCache } from "../../src/platform/gitlab.js";
import { decideFallback, failureFromDiagnosis, lostConnection, type RemoteFailure } from "../../src/policy/fallback.js";
import type { StepReport } from "../../src/progress/analysis.js";
import type { SolveStatus, Vertex } from "../../src/progress/events.js";
import { MountNeedWatch, RUNNING_AFTER_MS } from "../../src/run/mount-need.js";

const unreachable: RemoteFailure = { reason: "unreachable", message: "m", misconfigured: false };
const misconfigured: RemoteFailure = { reason: "tls-error", message: "m", misconfigured: true };

describe("decideFallback", () => {
  const cases: Array<["auto" | "always" | "never", RemoteFailure, string]> = [
    ["auto", unreachable, "fall-back"],
    ["auto", misconfigured, "fail"],
    ["always", unreachable, "fall-back"],
    ["always", misconfigured, "fall-back-and-warn"],
    ["never", unreachable, "fail"],
    ["never", misconfigured, "fail"],
  ];
  for (const [policy, failure, expected] of cases) {
    it(`${policy}, ${failure.reason}: ${expected}`, () => assert.equal(decideFallback(policy, failure), expected));
  }
  it("takes a timeout for a timeout, other unreachable daemons for unreachable, TLS mistakes for misconfigurations", () => {
    assert.equal(failureFromDiagnosis({ kind: "unreachable", reason: "timeout", message: "a", fix: "b" }).reason, "timeout");
    assert.equal(failureFromDiagnosis({ kind: "unreachable", reason: "refused", message: "a", fix: "b" }).reason, "unreachable");
    const tls = failureFromDiagnosis({ kind: "misconfigured", reason: "server-untrusted", message: "a", fix: "b" });
    assert.deepEqual([tls.reason, tls.misconfigured, tls.message], ["tls-error", true, "a. Fix: b"]);
  });
});

describe("lostConnection", () => {
  it("knows a daemon that went away from a build that failed", () => {
    assert.ok(lostConnection("ERROR: failed to solve: rpc error: code = Unavailable desc = error reading from server: EOF"));
    assert.ok(!lostConnection("ERROR: failed to solve: process \"/bin/sh -c make\" did not complete successfully: exit code: 2"));
  });
});

describe("the fallback cache", () => {
  it("derives a scope from the repository, Dockerfile and target", () => {
    assert.equal(defaultCacheScope("Acme/App", "docker/Dockerfile.api", "runtime"), "acme-app-docker-dockerfile.api-runtime");
    assert.equal(defaultCacheScope("acme/app", "", ""), "acme-app-dockerfile");
  });
  it("uses the GitHub Actions cache with mode=max, the token only as ghtoken", () => {
    assert.deepEqual(githubActionsCache("s", "acme/app", "ghs_x"), {
      cacheFrom: ["type=gha,scope=s,repository=acme/app,ghtoken=ghs_x"],
      cacheTo: ["type=gha,scope=s,mode=max,repository=acme/app,ghtoken=ghs_x"],
    });
    assert.deepEqual(githubActionsCache("s", "acme/app", ""), { cacheFrom: ["type=gha,scope=s"], cacheTo: ["type=gha,scope=s,mode=max"] });
  });
  it("uses the project's registry on GitLab", () => {
    assert.deepEqual(registryCache("registry.gitlab.com/acme/app", "acme-app-dockerfile"), {
      cacheFrom: ["type=registry,ref=registry.gitlab.com/acme/app/cache:acme-app-dockerfile"],
      cacheTo: ["type=registry,ref=registry.gitlab.com/acme/app/cache:acme-app-dockerfile,mode=max"],
    });
  });
});

describe("findCacheMounts", () => {
  const dockerfile = [
    "# syntax=docker/dockerfile:1",
    "FROM golang:1.26 AS build",
    "RUN --mount=type=cache,target=/go/pkg/mod \\",
    "    --mount=type=cache,id=gobuild,target=/root/.cache/go-build,uid=0,sharing=locked \\",
    "    --mount=type=bind,target=/src go build ./...",
    "FROM build AS test",
    "RUN --mount=type=cache,target=/go/pkg/mod go test ./...",
    "FROM scratch AS empty",
    "RUN --mount=type=cache,target=/nowhere true",
    "ARG NODE=node:24",
    "FROM ${NODE}",
    "RUN --mount=type=cache,target=/root/.npm npm ci",
  ].join("\n");
  it("finds each mount once, by id, with the external image its stage runs on", () => {
    assert.deepEqual(findCacheMounts(dockerfile), [
      { id: "/go/pkg/mod", target: "/go/pkg/mod", base: "golang:1.26", ownership: "" },
      { id: "gobuild", target: "/root/.cache/go-build", base: "golang:1.26", ownership: ",uid=0" },
      { id: "/nowhere", target: "/nowhere", base: "", ownership: "" },
      { id: "/root/.npm", target: "/root/.npm", base: "", ownership: "" },
    ]);
  });
  it("puts the global ARGs into FROM, with --build-arg over their defaults, as BuildKit does", () => {
    const withArgs = [
      "ARG REGISTRY=docker.io",
      "ARG GO_VERSION",
      "ARG VARIANT=\"bookworm\"",
      "FROM ${REGISTRY}/library/golang:${GO_VERSION:-1.26}-$VARIANT AS build",
      "RUN --mount=type=cache,target=/go/pkg/mod go mod download",
      "FROM ${BASE} AS runtime",
      "RUN --mount=type=cache,target=/var/cache/apt apt-get update",
    ].join("\n");
    assert.deepEqual(findCacheMounts(withArgs).map((m) => m.base), ["docker.io/library/golang:1.26-bookworm", ""]);
    const given = buildArgMap(["REGISTRY=127.0.0.1:5000", "GO_VERSION=1.25", "BASE=debian:bookworm", "FROM_ENV"]);
    assert.deepEqual(findCacheMounts(withArgs, given).map((m) => m.base), ["127.0.0.1:5000/library/golang:1.25-bookworm", ""],
      "an ARG first declared inside a stage is not global: BASE stays without a value");
  });
  it("expands ${NAME:+word} and leaves an image with an unknown ARG without a value", () => {
    assert.equal(expandFrom("node${SLIM:+-slim}", new Map([["SLIM", "1"]])), "node-slim");
    assert.equal(expandFrom("node${SLIM:+-slim}", new Map()), "node");
    assert.equal(expandFrom("${IMAGE}", new Map()), undefined);
  });
  it("sees whether a step that uses one of the mounts ran, or came from the layer cache", () => {
    const mounts = findCacheMounts(dockerfile).slice(0, 2);
    const step = (name: string, cached: boolean): { name: string; cached: boolean } => ({ name, cached });
    const goBuild = "[build 2/2] RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,id=gobuild,target=/root/.cache/go-build,uid=0 go build ./...";
    assert.equal(ranWithCacheMounts([step(goBuild, true), step("[build 1/2] COPY . .", false)], mounts), false);
    assert.equal(ranWithCacheMounts([step(goBuild, false)], mounts), true);
    assert.equal(ranWithCacheMounts([step("[x 1/1] RUN --mount=type=cache,target=/elsewhere true", false)], mounts), false, "a mount not carried");
    assert.equal(ranWithCacheMounts([step("[x 1/1] RUN --mount=type=cache,id=gobuild,target=/tmp/b true", false)], mounts), true, "the same id elsewhere");
  });
  it("stops a build held without its mounts at the first step that runs with one, never at one from the layer cache", (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const mounts = findCacheMounts(dockerfile).slice(0, 2);
    const goBuild = "[build 2/2] RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,id=gobuild,target=/root/.cache/go-build,uid=0 go build ./...";
    const vertex = (name: string, state: { started?: boolean; cached?: boolean; completed?: boolean }): Vertex => ({
      digest: name, name, inputs: [], ...(state.started ? { started: 1 } : {}), ...(state.completed ? { completed: 2 } : {}), cached: state.cached ?? false, error: "",
    });
    const status = (vertexes: Vertex[], more: Partial<SolveStatus> = {}): SolveStatus => ({ vertexes, statuses: [], logs: [], ...more });
    const watching = (): { watch: MountNeedWatch; needed: string[] } => {
      const needed: string[] = [];
      return { watch: new MountNeedWatch(mounts, (step) => needed.push(step)), needed };
    };

    // BuildKit shows a step from the cache as started while it fetches its inputs, then as cached.
    const cached = watching();
    cached.watch.add(status([vertex(goBuild, { started: true })]));
    t.mock.timers.tick(RUNNING_AFTER_MS - 100);
    cached.watch.add(status([vertex(goBuild, { started: true, cached: true, completed: true })]));
    t.mock.timers.tick(10_000);
    assert.deepEqual(cached.needed, []);

    // Fetching and extracting layers for a long while shows progress of its own: still not running,
    // however long one item takes; the clock starts again when the last one ends.
    const fetching = watching();
    fetching.watch.add(status([vertex(goBuild, { started: true })]));
    t.mock.timers.tick(RUNNING_AFTER_MS - 100);
    fetching.watch.add(status([], { statuses: [{ id: "extracting sha256:layer", vertex: goBuild, current: 0, total: 0, started: 1 }] }));
    t.mock.timers.tick(30_000);
    assert.deepEqual(fetching.needed, [], "a 30 s extraction");
    fetching.watch.add(status([], { statuses: [{ id: "extracting sha256:layer", vertex: goBuild, current: 0, total: 0, started: 1, completed: 2 }] }));
    t.mock.timers.tick(RUNNING_AFTER_MS - 100);
    fetching.watch.add(status([vertex(goBuild, { started: true, cached: true, completed: true })]));
    t.mock.timers.tick(10_000);
    assert.deepEqual(fetching.needed, []);

    // A silent step (go build prints nothing) counts as running after RUNNING_AFTER_MS; once.
    const silent = watching();
    silent.watch.add(status([vertex("[build 1/2] COPY . .", { started: true }), vertex(goBuild, { started: true })]));
    t.mock.timers.tick(RUNNING_AFTER_MS);
    t.mock.timers.tick(RUNNING_AFTER_MS);
    assert.deepEqual(silent.needed, [goBuild]);
    assert.equal(silent.watch.step, goBuild);

    // Its first output line says it runs, at once.
    const talking = watching();
    talking.watch.add(status([vertex(goBuild, { started: true })]));
    talking.watch.add(status([], { logs: [{ vertex: goBuild, stream: 1, data: "go: downloading" }] }));
    assert.deepEqual(talking.needed, [goBuild]);

    // A mount that is not held back, or a step not started yet, is no reason to stop.
    const other = watching();
    other.watch.add(status([vertex("[x 1/1] RUN --mount=type=cache,target=/elsewhere true", { started: true }), vertex(goBuild, {})]));
    t.mock.timers.tick(10_000);
    assert.deepEqual(other.needed, []);
  });
  it("names archives safely and keys them by lockfile and run", () => {
    assert.equal(mountArchiveName("/root/.cache/go-build"), "root_.cache_go-build.tar");
    assert.equal(mountArchiveName("a/../b c"), "a_.._b_c.tar", "no path separator or space survives");
    assert.deepEqual(cacheMountKeys("s", "abc", "7-1", "0a1b"), {
      key: "remote-buildkit-cache-mounts-s-abc-7-1-0a1b",
      restoreKeys: ["remote-buildkit-cache-mounts-s-abc-", "remote-buildkit-cache-mounts-s-"],
    });
  });
  it("tells an entry saved with other lockfiles from one saved with these", () => {
    const plan = cacheMountKeys("s", "abc", "8-1", "ffff");
    assert.equal(savedWithOtherLockfiles(plan, "remote-buildkit-cache-mounts-s-abc-7-1-0a1b"), false);
    assert.equal(savedWithOtherLockfiles(plan, "remote-buildkit-cache-mounts-s-abd-7-1-0a1b"), true, "new dependencies: the install steps run again");
  });
  it("copies in and out with the same mount id, target and owner", () => {
    const [mount] = findCacheMounts(dockerfile).slice(1, 2);
    assert.ok(mount);
    const inject = injectDockerfile([mount]);
    assert.match(inject, /^FROM golang:1\.26 AS mount0$/m);
    assert.match(inject, /--mount=type=cache,id=gobuild,target=\/root\/\.cache\/go-build,uid=0 --mount=type=bind,from=restored,source=gobuild\.tar,target=\/rbk-restored\.tar sh -c 'tar -xf \/rbk-restored\.tar -C "\/root\/\.cache\/go-build"/);
    const extract = extractDockerfile([mount]);
    assert.match(extract, /--mount=type=cache,id=gobuild,target=\/root\/\.cache\/go-build,uid=0 sh -c 'mkdir -p \/rbk-out && tar -cf "\/rbk-out\/gobuild\.tar" -C "\/root\/\.cache\/go-build" \. /);
    assert.match(extract, /^COPY --from=mount0 \/rbk-out\/ \/$/m);
  });
});

describe("copyStepLabel", () => {
  const mount = { id: "gobuild", target: "/root/.cache/go-build", base: "127.0.0.1:5000/bench/golang:1.26", ownership: "" };
  // BuildKit names a step by its stage and the Dockerfile line's arguments.
  const runLine = (dockerfile: string): string => `[mount0 2/2] RUN ${dockerfile.split("\n").find((l) => l.startsWith("RUN "))?.slice(4) ?? ""}`;
  const cases: Array<[string, string]> = [
    [runLine(injectDockerfile([mount])), "unpacking into /root/.cache/go-build"],
    [runLine(extractDockerfile([mount])), "packing /root/.cache/go-build"],
    ["[mount0 1/2] FROM 127.0.0.1:5000/bench/golang:1.26@sha256:486171f7a99e", "pulling 127.0.0.1:5000/bench/golang:1.26"],
    ["[context restored] load from client", "sending the archives"],
    ["[stage-1 2/2] COPY --from=mount1 /rbk-out/ /", "collecting the archives"],
    ["exporting to client directory", "sending them to the runner"],
    ["[internal] load metadata for 127.0.0.1:5000/bench/golang:1.26-bookworm-and-a-long-tail", "[internal] load metadata for 127.0.0.1:5000/bench…"],
  ];
  for (const [name, label] of cases) it(`says "${label}"`, () => assert.equal(copyStepLabel(name), label));

  it("names the three slowest steps that took a tenth of a second or more", () => {
    const step = (name: string, durationMs: number): StepReport => ({ name, stage: "", startMs: 0, durationMs, cached: false, error: "", phase: "solve", critical: false });
    assert.equal(slowestCopySteps([step("[context restored] load from client", 3_500), step(runLine(injectDockerfile([mount])), 5_600),
      step("[mount0 1/2] FROM r/golang:1.26", 2_700), step("[stage-1 1/1] COPY --from=mount0 /rbk-done-0 /", 1_000), step("quick", 50)]),
    " (slowest: unpacking into /root/.cache/go-build 5.6 s, sending the archives 3.5 s, pulling r/golang:1.26 2.7 s)");
    assert.equal(slowestCopySteps([step("quick", 50)]), "");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detachedDockerEnv, memoryVolumeArgs } from "../../src/buildx/container.js";
import { UserError } from "../../src/errors.js";
import { parseStateChoice } from "../../src/inputs/builder-state.js";
import { chooseStateStore, describeStateStore, type StateFacts } from "../../src/policy/builder-state.js";
import type { SolveStatus } from "../../src/progress/events.js";
import { NoSpaceWatch } from "../../src/progress/no-space.js";

const GIB = 1024 ** 3;

describe("fallback-state", () => {
  it("takes auto, disk, memory and memory with a cap in docker's units", () => {
    assert.deepEqual(parseStateChoice("auto"), { kind: "auto" });
    assert.deepEqual(parseStateChoice("disk"), { kind: "disk" });
    assert.deepEqual(parseStateChoice("memory"), { kind: "memory", sizeBytes: undefined });
    assert.deepEqual(parseStateChoice("memory:6g"), { kind: "memory", sizeBytes: 6 * GIB });
    assert.deepEqual(parseStateChoice("memory:1.5G"), { kind: "memory", sizeBytes: 1.5 * GIB });
    assert.deepEqual(parseStateChoice("memory:512mb"), { kind: "memory", sizeBytes: 512 * 1024 ** 2 });
  });

  it("refuses anything else, naming the input and the fix", () => {
    for (const raw of ["ram", "memory:", "memory:6t", "tmpfs", "memory:10m", "Memory"]) {
      assert.throws(() => parseStateChoice(raw), (err: unknown) => {
        assert.ok(err instanceof UserError, raw);
        assert.match(err.message, /fallback-state/);
        assert.match(err.message, /memory:6g/);
        return true;
      });
    }
    assert.throws(() => parseStateChoice("memory:10m"), /is under 64m/);
  });
});

describe("where the fallback builder keeps its state", () => {
  const facts = (over: Partial<StateFacts>): StateFacts => ({
    choice: { kind: "auto" }, freeBytes: 14 * GIB, totalBytes: 16 * GIB, engine: "unix:///var/run/docker.sock", driverOpts: [], ...over,
  });

  it("auto: in memory on the local engine, capped to leave a quarter of the machine to the build, and at half of it", () => {
    assert.deepEqual(chooseStateStore(facts({ freeBytes: 11 * GIB })), { where: "memory", sizeBytes: 7 * GIB });
    assert.deepEqual(chooseStateStore(facts({})), { where: "memory", sizeBytes: 8 * GIB }, "half of 16 GiB");
    assert.deepEqual(chooseStateStore(facts({ engine: "unix:///run/user/1001/docker.sock", freeBytes: 5.5 * GIB, totalBytes: 7 * GIB })), { where: "memory", sizeBytes: 3.5 * GIB });
    assert.deepEqual(chooseStateStore(facts({ engine: "" })), { where: "memory", sizeBytes: 8 * GIB }, "no endpoint known: the default socket");
  });

  it("auto: on disk where memory is short, the engine is elsewhere, or the builder has a memory limit", () => {
    const disk = (over: Partial<StateFacts>): string => {
      const store = chooseStateStore(facts(over));
      assert.equal(store.where, "disk");
      return store.where === "disk" ? store.why : "";
    };
    assert.equal(disk({ freeBytes: 6.5 * GIB }), "6.5 GiB of 16.0 GiB is free: too little for a state in memory of at least 3.0 GiB beside the build");
    assert.match(disk({ engine: "tcp://docker:2376" }), /not on this machine \(tcp:\/\/docker:2376\)/);
    assert.match(disk({ engine: "ssh://me@builder" }), /not on this machine/);
    assert.match(disk({ driverOpts: ["network=host", "memory=4g"] }), /a limit \(fallback-driver-opts memory=\)/);
    assert.match(disk({ driverOpts: ["cgroup-parent=/ci"] }), /a limit \(fallback-driver-opts cgroup-parent=\)/);
    assert.equal(disk({ choice: { kind: "disk" } }), "fallback-state is disk");
  });

  it("memory: as asked, with the cap given, or sized from the free memory, or tmpfs's own default on a remote engine", () => {
    assert.deepEqual(chooseStateStore(facts({ choice: { kind: "memory", sizeBytes: 64 * 1024 ** 2 } })), { where: "memory", sizeBytes: 64 * 1024 ** 2 });
    assert.deepEqual(chooseStateStore(facts({ choice: { kind: "memory", sizeBytes: undefined }, freeBytes: 2 * GIB })), { where: "memory", sizeBytes: 1 * GIB });
    assert.deepEqual(chooseStateStore(facts({ choice: { kind: "memory", sizeBytes: undefined }, freeBytes: 10 * GIB })), { where: "memory", sizeBytes: 6 * GIB });
    assert.deepEqual(chooseStateStore(facts({ choice: { kind: "memory", sizeBytes: undefined }, engine: "tcp://docker:2376" })), { where: "memory", sizeBytes: undefined });
  });

  it("is told in the log's words, and made as a tmpfs volume of buildx's name for the state", () => {
    assert.equal(describeStateStore({ where: "memory", sizeBytes: 12 * GIB }), "in memory (a tmpfs of up to 12.0 GiB)");
    assert.equal(describeStateStore({ where: "memory", sizeBytes: 64 * 1024 ** 2 }), "in memory (a tmpfs of up to 64 MiB)");
    assert.equal(describeStateStore({ where: "memory", sizeBytes: undefined }), "in memory (a tmpfs)");
    assert.equal(describeStateStore({ where: "disk", why: "fallback-state is disk" }), "on disk (fallback-state is disk)");
    assert.deepEqual(memoryVolumeArgs("fb", 1024), ["volume", "create", "--driver", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=mode=0711,size=1024", "buildx_buildkit_fb0_state"]);
    assert.deepEqual(memoryVolumeArgs("fb", undefined).slice(-2), ["o=mode=0711", "buildx_buildkit_fb0_state"]);
  });
});

describe("NoSpaceWatch", () => {
  const logs = (...data: string[]): SolveStatus => ({ vertexes: [], statuses: [], logs: data.map((d) => ({ vertex: "sha256:a", stream: 2, data: d })) });

  it("sees a step's own words, also when its output cuts them in two", () => {
    const watch = new NoSpaceWatch();
    watch.add(logs("head: write error: No space le"));
    assert.equal(watch.seen, false);
    watch.add(logs("ft on device\n"));
    assert.equal(watch.seen, true);
  });

  it("sees BuildKit's error on a step, and buildx's last words; not other failures", () => {
    const onVertex = new NoSpaceWatch();
    onVertex.add({ vertexes: [{ digest: "sha256:b", name: "[2/3] RUN x", inputs: [], cached: false, error: "failed to extract layer: write /x: no space left on device" }], statuses: [], logs: [] });
    assert.equal(onVertex.seen, true);
    const quiet = new NoSpaceWatch();
    quiet.add(logs("npm ERR! code ENOTFOUND\n"));
    assert.equal(quiet.seen, false);
    assert.equal(quiet.seenIn("ERROR: failed to solve: exit code: 1"), false);
    assert.equal(quiet.seenIn("ERROR: failed to solve: mkdir /var/lib/buildkit/x: no space left on device"), true);
  });
});

describe("detachedDockerEnv", () => {
  it("keeps what finds and reaches the Docker engine, not the runner's tracking id or the step's inputs", () => {
    const env = {
      PATH: "/usr/bin", HOME: "/home/runner", XDG_RUNTIME_DIR: "/run/user/1001", DOCKER_HOST: "unix:///run/user/1001/docker.sock", DOCKER_CONFIG: "/tmp/job/docker",
      RUNNER_TRACKING_ID: "github_0a1b", INPUT_CLIENT_KEY: "LS0tLS1CRUdJTi", ACTIONS_RUNTIME_TOKEN: "ey.x.y",
    };
    assert.deepEqual(detachedDockerEnv(env), {
      PATH: "/usr/bin", HOME: "/home/runner", XDG_RUNTIME_DIR: "/run/user/1001", DOCKER_HOST: "unix:///run/user/1001/docker.sock", DOCKER_CONFIG: "/tmp/job/docker",
    });
  });
});

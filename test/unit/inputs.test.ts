import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../../src/errors.js";
import { parseInputs, type Inputs } from "../../src/inputs/inputs.js";
import { parseList } from "../../src/inputs/lists.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();
const CREDENTIALS = { endpoint: "tcp://buildkit.example.com:1234", "ca-cert": "CA", "client-cert": "CERT", "client-key": "KEY" };

function parse(raw: Record<string, string>): Inputs {
  return parseInputs(manifest, (name) => raw[name] ?? "").inputs;
}

function rejects(raw: Record<string, string>, input: string, mentions: RegExp): UserError {
  let caught: unknown;
  try {
    parse(raw);
  } catch (err: unknown) {
    caught = err;
  }
  assert.ok(caught instanceof UserError, `expected a UserError, got ${String(caught)}`);
  assert.equal(caught.subject, input);
  assert.match(caught.message, mentions);
  assert.match(caught.message, /Fix: /);
  return caught;
}

describe("parseInputs", () => {
  it("takes action.yml's defaults for inputs that are not set", () => {
    const inputs = parse(CREDENTIALS);
    assert.equal(inputs.context, ".");
    assert.equal(inputs.connectTimeoutMs, 10_000);
    assert.equal(inputs.push, false);
    assert.deepEqual(inputs.tags, []);
    assert.ok(Object.isFrozen(inputs));
    assert.ok(Object.isFrozen(inputs.tags));
  });

  it("reads every input that action.yml declares, and only those", () => {
    const read = new Set<string>();
    parseInputs(manifest, (name) => {
      read.add(name);
      return CREDENTIALS[name as keyof typeof CREDENTIALS] ?? "";
    });
    assert.deepEqual([...read].sort(), [...manifest.inputs.keys()].sort());
  });

  const endpoints: Array<[string, { host: string; port: number; url: string }]> = [
    ["tcp://buildkit.example.com:1234", { host: "buildkit.example.com", port: 1234, url: "tcp://buildkit.example.com:1234" }],
    ["tcp://10.0.0.5:443/", { host: "10.0.0.5", port: 443, url: "tcp://10.0.0.5:443" }],
    ["tcp://[fd00::1]:1234", { host: "fd00::1", port: 1234, url: "tcp://[fd00::1]:1234" }],
  ];
  for (const [raw, expected] of endpoints) {
    it(`parses endpoint ${raw}`, () => {
      const endpoint = parse({ ...CREDENTIALS, endpoint: raw }).remote?.endpoints[0];
      assert.deepEqual({ ...endpoint }, expected);
    });
  }

  const bad: Array<[string, Record<string, string>, string, RegExp]> = [
    ["no endpoint", { endpoint: "" }, "endpoint", /is required/],
    ["an https endpoint", { endpoint: "https://buildkit:1234" }, "endpoint", /https:\/\/ is not supported/],
    ["a unix endpoint", { endpoint: "unix:///run/buildkit.sock" }, "endpoint", /unix:\/\/ is not supported/],
    ["an endpoint without port", { endpoint: "tcp://buildkit" }, "endpoint", /is not tcp:\/\/host:port/],
    ["a port out of range", { endpoint: "tcp://buildkit:70000" }, "endpoint", /out of range/],
    ["an unknown boolean", { push: "yes please" }, "push", /expected true or false, got "yes please"/],
    ["a timeout that is not a number", { "connect-timeout": "10s" }, "connect-timeout", /"10s"/],
    ["a zero timeout", { "connect-timeout": "0" }, "connect-timeout", /between 1 and 600/],
    ["buildx-version latest", { "buildx-version": "latest" }, "buildx-version", /not a release version/],
    ["push without tags", { push: "true" }, "tags", /push is true but no image name/],
    ["a missing client key", { "client-key": "" }, "client-key", /required/],
    ["a secret-files item without a path", { "secret-files": "npmrc" }, "secret-files", /"npmrc" is not id=path/],
  ];
  for (const [what, raw, input, mentions] of bad) {
    it(`rejects ${what}, naming ${input}`, () => {
      rejects({ ...CREDENTIALS, ...raw }, input, mentions);
    });
  }

  it("never quotes a secret that is malformed", () => {
    const err = rejects({ ...CREDENTIALS, secrets: "token=ok\nhunter2-no-equals-sign" }, "secrets", /item 2 is not id=value/);
    assert.doesNotMatch(err.message, /hunter2/);
  });

  it("has no remote when no credentials are given, as in a fork's pull request", () => {
    assert.equal(parse({ endpoint: "tcp://bk:1234" }).remote, undefined);
    assert.equal(parse({}).remote, undefined);
  });

  it("requires the credentials when fallback is never", () => {
    rejects({ endpoint: "tcp://bk:1234", fallback: "never" }, "ca-cert, client-cert, client-key", /required when fallback is never/);
  });

  it("requires an endpoint when certificates are given", () => {
    rejects({ ...CREDENTIALS, endpoint: "" }, "endpoint", /is required when certificates are given/);
  });

  it("rejects an unknown fallback", () => {
    rejects({ ...CREDENTIALS, fallback: "sometimes" }, "fallback", /"sometimes" is not one of auto, always, never/);
  });

  const mounts: Array<[string, unknown]> = [
    ["auto", { mode: "auto" }],
    ["off", { mode: "off" }],
    ["/root/.cache/go-build\nid=gomod,target=/go/pkg/mod", { mode: "list", mounts: [{ id: "/root/.cache/go-build", target: "/root/.cache/go-build" }, { id: "gomod", target: "/go/pkg/mod" }] }],
  ];
  for (const [raw, expected] of mounts) {
    it(`reads cache-mounts ${JSON.stringify(raw)}`, () => {
      assert.deepEqual(JSON.parse(JSON.stringify(parse({ ...CREDENTIALS, "cache-mounts": raw.replace(/\\n/g, "\n") }).cacheMounts)), expected);
    });
  }

  it("rejects a cache mount without an absolute target", () => {
    rejects({ ...CREDENTIALS, "cache-mounts": "id=x,sharing=locked" }, "cache-mounts", /names no absolute target/);
  });

  it("accepts push with a named output instead of tags", () => {
    assert.equal(parse({ ...CREDENTIALS, push: "true", outputs: "type=image,name=reg/app:1,push=true" }).push, true);
  });

  it("normalises buildx-version to a v-prefixed release", () => {
    assert.equal(parse({ ...CREDENTIALS, "buildx-version": "0.36.1" }).buildxVersion, "v0.36.1");
  });

  it("splits secrets at the first = only", () => {
    assert.deepEqual(parse({ ...CREDENTIALS, secrets: "token=a=b=c" }).secrets.map((s) => ({ ...s })), [{ key: "token", value: "a=b=c" }]);
  });
});

describe("parseList", () => {
  const cases: Array<[string, boolean, string[]]> = [
    ["a,b\nc", true, ["a", "b", "c"]],
    ["  a  \n\n# comment\n b ", true, ["a", "b"]],
    ['"x,y",z', true, ["x,y", "z"]],
    ["type=registry,ref=r/app:cache\ntype=gha", false, ["type=registry,ref=r/app:cache", "type=gha"]],
    ["A=1\r\nB=2", false, ["A=1", "B=2"]],
    ["", true, []],
  ];
  for (const [raw, commas, expected] of cases) {
    it(`reads ${JSON.stringify(raw)} ${commas ? "with" : "without"} commas`, () => {
      assert.deepEqual(parseList(raw, { commas }), expected);
    });
  }
});

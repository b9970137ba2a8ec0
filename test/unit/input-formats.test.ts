import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { quoted, UserError } from "../../src/errors.js";
import { csvFields, parseOutput, producesImageId } from "../../src/inputs/formats.js";
import { parseInputs, type Inputs } from "../../src/inputs/inputs.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();
const CREDENTIALS = { endpoint: "tcp://buildkit.example.com:1234", "ca-cert": "CA", "client-cert": "CERT", "client-key": "KEY" };

function parse(raw: Record<string, string>): Inputs {
  return parseInputs(manifest, (name) => ({ ...CREDENTIALS, ...raw })[name] ?? "").inputs;
}

function refusal(raw: Record<string, string>): UserError {
  try {
    parse(raw);
  } catch (err: unknown) {
    if (err instanceof UserError) return err;
    throw err;
  }
  assert.fail(`${JSON.stringify(raw)} was accepted`);
}

describe("input defaults", () => {
  it("never hands on a GitHub expression: an empty value means none", () => {
    const expressions = [...manifest.inputs.values()].filter((s) => s.default.includes("${{"));
    assert.deepEqual(expressions.map((s) => s.name), ["github-token"], "the inputs whose default the runner evaluates");
    const inputs = parse({});
    assert.equal(inputs.githubToken, "");
    assert.ok(!JSON.stringify(inputs).includes("${{"), JSON.stringify(inputs));
  });
});

describe("the formats buildx would refuse without naming the input", () => {
  const refused: Array<[string, Record<string, string>, string, RegExp]> = [
    ["a platform that is a flag", { platforms: "--load" }, "platforms", /"--load" is not a platform/],
    ["a platform with a space", { platforms: "linux/amd64 linux/arm64" }, "platforms", /is not a platform/],
    ["a platform with four parts", { platforms: "linux/arm/v7/x" }, "platforms", /is not a platform/],
    ["an output that is a flag", { outputs: "--push" }, "outputs", /looks like a command-line flag/],
    ["an output to standard output", { outputs: "-" }, "outputs", /standard output, which is this step's log/],
    ["a tar output to standard output", { outputs: "type=tar,dest=-" }, "outputs", /standard output/],
    ["an output without a type", { outputs: "dest=out" }, "outputs", /names no type/],
    ["an output of an unknown type", { outputs: "type=zip,dest=x" }, "outputs", /type "zip" is not one of local, tar, oci, docker, image, registry, cacheonly/],
    ["an output field without =", { outputs: "type=local,out" }, "outputs", /"out" is not key=value/],
    ["a local output without dest", { outputs: "type=local" }, "outputs", /type=local needs dest=PATH/],
    ["an oci output without dest", { outputs: "type=oci" }, "outputs", /type=oci needs dest=PATH/],
    ["an unclosed quote", { outputs: 'type=local,"dest=out' }, "outputs", /quote that is not closed/],
    ["provenance that is a flag", { provenance: "--push" }, "provenance", /"--push" is not true, false or key=value/],
    ["a provenance mode that does not exist", { provenance: "mode=maximum" }, "provenance", /mode="maximum" is not min or max/],
    ["sbom disabled=maybe", { sbom: "disabled=maybe" }, "sbom", /disabled="maybe" is not true or false/],
    ["an attestation without a type", { attests: "generator=image" }, "attests", /"generator=image" names no type/],
    ["an attestation that is a flag", { attests: "--push" }, "attests", /"--push" is not key=value/],
    ["a context on standard input", { context: "-" }, "context", /standard input/],
    ["a timeout of 0.0001 s", { "connect-timeout": "0.0001" }, "connect-timeout", /too short to reach any daemon; the shortest is 1 second/],
  ];
  for (const [what, raw, input, message] of refused) {
    it(`refuses ${what}, naming ${input}`, () => {
      const err = refusal(raw);
      assert.equal(err.subject, input);
      assert.match(err.message, message);
      assert.match(err.message, /Fix: /);
    });
  }

  const accepted: Array<[string, Record<string, string>]> = [
    ["platforms as users write them", { platforms: "linux/amd64,linux/arm64/v8\nlinux/arm/v7\nlocal\nwindows(10.0.17763)/amd64" }],
    ["every output kind", { outputs: "type=local,dest=out\nout-dir\ntype=tar,dest=x.tar\ntype=oci,dest=x.tar\ntype=docker\ntype=image,name=r/a,push=true\ntype=registry\ntype=cacheonly" }],
    ["a quoted output field", { outputs: 'type=image,"name=r/a:1,r/a:2",push=false' }],
    ["provenance and sbom as buildx takes them", { provenance: "mode=max,builder-id=https://ci.example/run", sbom: "generator=r/scanner:1,disabled=false" }],
    ["boolean attestations", { provenance: "false", sbom: "1" }],
    ["attests as buildx takes them", { attests: "type=sbom,generator=image\ntype=provenance,mode=max,disabled=false" }],
    ["a context that starts with a dash, which goes after --", { context: "--no-cache" }],
    ["a timeout of a second", { "connect-timeout": "1" }],
  ];
  for (const [what, raw] of accepted) {
    it(`accepts ${what}`, () => {
      parse(raw);
    });
  }

  it("reads outputs as buildx does, and knows which make an image ID", () => {
    assert.deepEqual(parseOutput("out"), { type: "local", dest: "out" });
    assert.deepEqual(parseOutput("type=tar,dest=x.tar"), { type: "tar", dest: "x.tar" });
    assert.equal(producesImageId(["type=registry", "type=cacheonly", "type=oci,dest=x"].map(parseOutput)), true);
    assert.equal(producesImageId(["type=registry", "type=local,dest=x"].map(parseOutput)), false);
  });

  it("splits CSV as encoding/csv does", () => {
    assert.deepEqual(csvFields('a=1,"b=2,3",c=""""'), ["a=1", "b=2,3", 'c=""""']);
    assert.deepEqual(csvFields('"x=""y"""'), ['x="y"']);
    assert.equal(csvFields('"open'), undefined);
  });
});

describe("errors about huge values", () => {
  it("quote a bounded prefix of a 120 kB endpoint", () => {
    const endpoint = `tcp://${"a".repeat(120_000)}`;
    const err = refusal({ endpoint });
    assert.equal(err.subject, "endpoint");
    assert.ok(err.message.length < 400, `${err.message.length} characters`);
    assert.match(err.message, /"tcp:\/\/a+"… \(120006 characters\) is not tcp:\/\/host:port/);
  });

  it("refuse a 120 kB host that has the form of tcp://host:port, quoting a bounded prefix", () => {
    const err = refusal({ endpoint: `tcp://${"b".repeat(120_000)}:1234` });
    assert.equal(err.subject, "endpoint");
    assert.ok(err.message.length < 400, `${err.message.length} characters`);
    assert.match(err.message, /names a host longer than 253 characters/);
  });

  it("quote short values whole, with control characters escaped", () => {
    assert.equal(quoted("a\nb"), '"a\\nb"');
    assert.equal(quoted("x".repeat(90)), `"${"x".repeat(80)}"… (90 characters)`);
  });
});

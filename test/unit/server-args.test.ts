import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UserError } from "../../src/errors.js";
import { parseCommandLine, type CliCommand } from "../../src/cli/args.js";
import { helpText } from "../../src/cli/help.js";
import { parseSubjectNames } from "../../src/cli/names.js";

function words(line: string): string[] {
  return line === "" ? [] : line.split(" ");
}

describe("parseCommandLine", () => {
  const good: Array<[string, CliCommand]> = [
    ["", { kind: "help", topic: "main" }],
    ["--help", { kind: "help", topic: "main" }],
    ["certs", { kind: "help", topic: "certs" }],
    ["certs init --host h --help", { kind: "help", topic: "init" }],
    ["certs client -h", { kind: "help", topic: "client" }],
    ["certs init --host buildkit.example.com", {
      kind: "init", out: "buildkit-certs", hosts: [{ type: "dns", value: "buildkit.example.com" }], name: undefined, days: 365, caDays: 3650, force: false,
    }],
    ["certs init --host=a.example,10.0.0.1 --host A.example --host [::1] --out=/srv/certs --name gitlab --days 30 --ca-days 90 --force", {
      kind: "init",
      out: "/srv/certs",
      hosts: [{ type: "dns", value: "a.example" }, { type: "ip", value: "10.0.0.1" }, { type: "ip", value: "::1" }],
      name: "gitlab",
      days: 30,
      caDays: 90,
      force: true,
    }],
    ["certs server --host h.example --out d --days 10", {
      kind: "server", out: "d", hosts: [{ type: "dns", value: "h.example" }], days: 10, ca: { caCert: "d/ca.pem", caKey: "d/ca-key.pem" }, force: false,
    }],
    ["certs client", { kind: "client", out: "buildkit-certs", name: undefined, days: 365, ca: { caCert: "buildkit-certs/ca.pem", caKey: "buildkit-certs/ca-key.pem" }, force: false }],
    ["certs client --name team-a --ca-cert /ca/ca.pem --ca-key /vault/ca-key.pem", {
      kind: "client", out: "buildkit-certs", name: "team-a", days: 365, ca: { caCert: "/ca/ca.pem", caKey: "/vault/ca-key.pem" }, force: false,
    }],
  ];
  for (const [line, expected] of good) {
    it(`reads "${line}"`, () => assert.deepEqual(parseCommandLine(words(line)), expected));
  }

  // Each mistake names the option (or word) at fault, and the fix.
  const bad: Array<[string, string, RegExp]> = [
    ["build", '"build"', /is not a command\. Fix: run remote-buildkit certs init --host NAME/],
    ["certs make", '"certs make"', /is not a command\. Fix: use certs init, certs server or certs client/],
    ["certs init", "--host", /is missing: the server certificate needs at least one name/],
    ["certs init --hots h", "--hots", /is not an option of certs init\. Fix: did you mean --host\? The options are --host, --out/],
    ["certs client --host h", "--host", /is not an option of certs client\. Fix: The options are --name, --out/],
    ["certs client --ca-crt x", "--ca-crt", /Fix: did you mean --ca-cert\?/],
    ["certs init --host h --froce", "--froce", /Fix: did you mean --force\?/],
    ["certs init buildkit.example.com", '"buildkit.example.com"', /is not an option of certs init\. Fix: name what it is, as in --host buildkit\.example\.com/],
    ["certs init --host", "--host", /needs a value\. Fix: write --host buildkit\.example\.com/],
    ["certs init --out --host h", "--out", /needs a value\. Fix: write --out DIR/],
    ["certs init --host h --out a --out b", "--out", /is given twice/],
    ["certs init --host h --force=yes", "--force", /takes no value/],
    ["certs init --host h --days 0", "--days", /"0" is not a whole number of days from 1 to 36500/],
    ["certs init --host h --days 1.5", "--days", /"1\.5" is not a whole number/],
    ["certs init --host h --days 400 --ca-days 300", "--days", /\(400\) outlasts the CA \(--ca-days 300\)/],
    ["certs init --host tcp://buildkit.example.com:1234", "--host", /"tcp:\/\/buildkit\.example\.com:1234" is an address, not a host\. Fix: pass the host alone/],
    ["certs init --host buildkit.example.com:1234", "--host", /is an address, not a host/],
    ["certs init --host bad_name.example", "--host", /"bad_name\.example" is neither a DNS name nor an IP address/],
    ["certs init --host a..b", "--host", /neither a DNS name nor an IP address/],
    ["certs init --host ,", "--host", /is missing/],
    ["certs client --name ../x", "--name", /"\.\.\/x" is not a usable name/],
    ["certs client --name=", "--name", /is empty/],
  ];
  for (const [line, subject, problem] of bad) {
    it(`refuses "${line}"`, () => {
      assert.throws(() => parseCommandLine(words(line)), (err: unknown) => {
        assert.ok(err instanceof UserError, String(err));
        assert.equal(err.subject, subject);
        assert.match(err.message, problem);
        return true;
      });
    });
  }
});

describe("parseSubjectNames", () => {
  it("keeps names in order, lower-cased, without duplicates or a trailing dot", () => {
    assert.deepEqual(parseSubjectNames("--host", ["B.example.", "b.example", "127.0.0.1", "*.x.example"]), [
      { type: "dns", value: "b.example" }, { type: "ip", value: "127.0.0.1" }, { type: "dns", value: "*.x.example" },
    ]);
  });
  it("allows a wildcard only as the whole first label", () => {
    assert.throws(() => parseSubjectNames("--host", ["a*.example"]), /neither a DNS name/);
    assert.throws(() => parseSubjectNames("--host", ["x.*.example"]), /neither a DNS name/);
  });
});

describe("the help", () => {
  it("documents every option that the parser accepts", () => {
    for (const [topic, options] of [["init", ["--host", "--out", "--name", "--days", "--ca-days", "--force"]],
      ["server", ["--host", "--out", "--ca-cert", "--ca-key", "--days", "--force"]],
      ["client", ["--name", "--out", "--ca-cert", "--ca-key", "--days", "--force"]]] as const) {
      const text = helpText(topic);
      for (const option of options) assert.match(text, new RegExp(`^ {2}${option} `, "m"), `${topic} --help lacks ${option}`);
      assert.equal(text.match(/^ {2}--[a-z-]+/gm)?.length, options.length, `${topic} --help lists an option the parser refuses`);
    }
  });
});

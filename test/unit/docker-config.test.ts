import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loginsFromDockerConfig } from "../../src/platform/gitlab-auth.js";
import { dockerConfigWithLogins } from "../../src/registry/auth.js";

const LOGIN = { registry: "registry.example.com", username: "ci", password: "s3cret" };
const AUTH = Buffer.from("ci:s3cret").toString("base64");

function withLogins(existing: string, logins: readonly typeof LOGIN[]): unknown {
  return JSON.parse(dockerConfigWithLogins(existing, logins));
}

describe("dockerConfigWithLogins", () => {
  // existing: the user's config.json as an object, or its raw text.
  const cases: { name: string; existing: object | string; logins?: typeof LOGIN[]; want: object }[] = [
    { name: "no config yet", existing: "", want: { auths: { "registry.example.com": { auth: AUTH } } } },
    {
      name: "keeps the user's other settings and logins",
      existing: { auths: { "other.example.com": { auth: "b3RoZXI6eA==" } }, proxies: { default: { httpProxy: "http://p:3128" } } },
      want: { auths: { "other.example.com": { auth: "b3RoZXI6eA==" }, "registry.example.com": { auth: AUTH } }, proxies: { default: { httpProxy: "http://p:3128" } } },
    },
    {
      name: "replaces the user's login for the same registry",
      existing: { auths: { "registry.example.com": { auth: "b2xkOng=" } } },
      want: { auths: { "registry.example.com": { auth: AUTH } } },
    },
    {
      name: "a credsStore would shadow auths: the login's registry gets an empty helper",
      existing: { credsStore: "ecr-login" },
      want: { credsStore: "ecr-login", auths: { "registry.example.com": { auth: AUTH } }, credHelpers: { "registry.example.com": "" } },
    },
    {
      name: "a credHelpers entry for the same registry gives way; the others stay",
      existing: { credHelpers: { "registry.example.com": "gcloud", "gcr.io": "gcloud" } },
      want: { auths: { "registry.example.com": { auth: AUTH } }, credHelpers: { "registry.example.com": "", "gcr.io": "gcloud" } },
    },
    {
      name: "Docker Hub's helper key is its index URL; a scheme or path is dropped",
      existing: { credsStore: "desktop" },
      logins: [{ ...LOGIN, registry: "docker.io" }, { ...LOGIN, registry: "https://registry.example.com/v2/" }],
      want: {
        credsStore: "desktop",
        auths: { "docker.io": { auth: AUTH }, "https://registry.example.com/v2/": { auth: AUTH } },
        credHelpers: { "https://index.docker.io/v1/": "", "registry.example.com": "" },
      },
    },
    { name: "an unreadable config is replaced", existing: "{not json", want: { auths: { "registry.example.com": { auth: AUTH } } } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const existing = typeof c.existing === "string" ? c.existing : JSON.stringify(c.existing);
      assert.deepEqual(withLogins(existing, c.logins ?? [LOGIN]), c.want);
    });
  }
});

describe("loginsFromDockerConfig", () => {
  it("reads auth and username/password entries and skips the rest", () => {
    const json = JSON.stringify({
      auths: {
        "a.example.com": { auth: AUTH },
        "b.example.com": { username: "u", password: "p:with:colons" },
        "c.example.com": { identitytoken: "t" },
      },
    });
    assert.deepEqual(loginsFromDockerConfig(json), [
      { registry: "a.example.com", username: "ci", password: "s3cret" },
      { registry: "b.example.com", username: "u", password: "p:with:colons" },
    ]);
  });
  it("names DOCKER_AUTH_CONFIG when it is not JSON", () => {
    assert.throws(() => loginsFromDockerConfig("{"), /DOCKER_AUTH_CONFIG is not valid JSON/);
  });
});

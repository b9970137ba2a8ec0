import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv, type ValidateFunction } from "ajv";
import { loadAll } from "js-yaml";
import { DEFAULT_BUILDX_VERSION } from "../../src/buildx/release.js";
import { GITLAB_FILES, gitlabVariable } from "../../src/platform/gitlab-names.js";
import { gitlabDefault, gitlabType, renderGitlabTemplate, IMAGE_APP_DIR } from "../../tools/gitlab-template.js";
import { GITLAB_TEMPLATE_PATH, packageVersion } from "../../tools/paths.js";
import { REPO } from "../bed/runner.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();
const text = readFileSync(join(REPO, GITLAB_TEMPLATE_PATH), "utf8");
const version = packageVersion(readFileSync(join(REPO, "package.json"), "utf8"));

interface SpecInput {
  readonly description?: string;
  readonly default?: unknown;
  readonly type?: string;
}

function documents(source: string): [Record<string, unknown>, Record<string, unknown>] {
  const docs = loadAll(source);
  assert.equal(docs.length, 2, "a header document and a job document");
  return [docs[0] as Record<string, unknown>, docs[1] as Record<string, unknown>];
}

function specInputs(): Record<string, SpecInput> {
  const [header] = documents(text);
  return ((header["spec"] as Record<string, unknown>)["inputs"] ?? {}) as Record<string, SpecInput>;
}

/** Substitutes each `$[[ inputs.x ]]` with a value, as GitLab does when the component is included. */
function interpolate(source: string, values: (name: string) => string): string {
  return source.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, name: string) => values(name));
}

function gitlabSchema(): ValidateFunction {
  const schema: unknown = JSON.parse(readFileSync(join(REPO, "test", "schemas", "gitlab-ci.json"), "utf8"));
  const ajv = new Ajv({ strictTypes: false, strictTuples: false, allowMatchingProperties: true, strict: false });
  ajv.addKeyword("markdownDescription");
  return ajv.compile(schema as object);
}

describe("the GitLab component template", () => {
  it("is what `npm run docs` generates from action.yml", () => {
    assert.equal(renderGitlabTemplate(manifest, version), text);
  });

  it("declares every action input with the same description, default and a matching type", () => {
    const inputs = specInputs();
    for (const spec of manifest.inputs.values()) {
      const input = inputs[spec.name];
      assert.ok(input, `${spec.name} is not a spec input`);
      assert.equal(input.description, spec.description);
      assert.equal(input.default, gitlabDefault(spec));
      assert.equal(input.type ?? "string", gitlabType(spec));
    }
    assert.deepEqual(Object.keys(inputs).filter((n) => !manifest.inputs.has(n)).sort(), ["image", "job-name", "stage"]);
  });

  it("uses every declared input, and declares every input it uses", () => {
    const [, jobDoc] = text.split(/^---$/m);
    const used = new Set([...(jobDoc ?? "").matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), Object.keys(specInputs()).sort());
  });

  it("hands each input to the entry in the variable the GitLab platform reads", () => {
    const [, job] = documents(interpolate(text, (name) => (name === "job-name" ? "build-image" : `<${name}>`)));
    const variables = ((job["build-image"] as Record<string, unknown>)["variables"] ?? {}) as Record<string, string>;
    for (const name of manifest.inputs.keys()) assert.equal(variables[gitlabVariable(name)], `<${name}>`);
  });

  it("validates against GitLab's CI schema: the header, and the job once inputs are substituted", () => {
    const validate = gitlabSchema();
    const [header] = documents(text);
    assert.ok(validate(header), "header");
    const inputs = specInputs();
    const withDefaults = interpolate(text, (name) => String(inputs[name]?.default ?? ""));
    const [, job] = documents(withDefaults);
    assert.ok(validate(job), JSON.stringify(validate.errors));
    const [, custom] = documents(interpolate(text, (name) => ({ "job-name": "build-image", stage: "deploy", tags: "r/app:1" })[name] ?? "x"));
    assert.ok(validate(custom), JSON.stringify(validate.errors));
  });

  it("runs the bundle's main and post from the runner image, and keeps the reports", () => {
    const [, job] = documents(interpolate(text, (name) => (name === "job-name" ? "j" : "v")));
    const body = job["j"] as Record<string, unknown>;
    assert.deepEqual(body["script"], [`node ${IMAGE_APP_DIR}/dist/main.js`]);
    assert.deepEqual(body["after_script"], [`node ${IMAGE_APP_DIR}/dist/post.js`]);
    const artifacts = body["artifacts"] as Record<string, unknown>;
    assert.equal(artifacts["when"], "always");
    assert.deepEqual(artifacts["reports"], { dotenv: GITLAB_FILES.dotenv });
    assert.ok((artifacts["paths"] as string[]).includes(GITLAB_FILES.summary));
  });

  it("defaults to the runner image of this version", () => {
    assert.match(String(specInputs()["image"]?.default), new RegExp(`:${version.replace(/\./g, "\\.")}$`));
  });
});

describe("the runner image's Dockerfile (gitlab/image/Dockerfile)", () => {
  const dockerfile = readFileSync(join(REPO, "gitlab", "image", "Dockerfile"), "utf8");
  it("puts the bundle and action.yml where the template runs them from", () => {
    assert.match(dockerfile, new RegExp(`^WORKDIR ${IMAGE_APP_DIR}$`, "m"));
    assert.match(dockerfile, /^COPY action\.yml package\.json \.\/$/m);
    assert.match(dockerfile, /^COPY dist \.\/dist$/m);
  });
  it("installs the buildx release the action installs when a runner has none", () => {
    assert.match(dockerfile, new RegExp(`^ARG BUILDX_VERSION=${DEFAULT_BUILDX_VERSION.slice(1).replace(/\./g, "\\.")}$`, "m"));
    assert.match(dockerfile, /^COPY --from=buildx \/buildx \/usr\/local\/lib\/docker\/cli-plugins\/docker-buildx$/m);
  });
  it("runs Node 24, as GitHub runs the action", () => {
    assert.match(dockerfile, /^ARG NODE_VERSION=24$/m);
  });
});

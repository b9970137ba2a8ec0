import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Ajv, type ValidateFunction } from "ajv";
import { loadAll } from "js-yaml";
import { DEFAULT_BUILDX_VERSION } from "../../src/buildx/release.js";
import { GITLAB_FILES, gitlabVariable } from "../../src/platform/gitlab-names.js";
import { parseInputs } from "../../src/inputs/inputs.js";
import { GITLAB_OPTIONS, GITLAB_REGEX } from "../../tools/gitlab-conventions.js";
import { gitlabDefault, gitlabType, renderGitlabTemplate, IMAGE_APP_DIR, IMAGE_REPOSITORY } from "../../tools/gitlab-template.js";
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
  readonly options?: readonly string[];
  readonly regex?: string;
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
    assert.deepEqual(Object.keys(inputs).filter((n) => !manifest.inputs.has(n)).sort(), ["entry-dir", "image", "job-name", "stage"]);
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

  it("runs the bundle's main and post from the entry-dir input, the runner image's directory by default, and keeps the reports", () => {
    assert.equal(specInputs()["entry-dir"]?.default, IMAGE_APP_DIR);
    const [, job] = documents(interpolate(text, (name) => ({ "job-name": "j", "entry-dir": "$CI_PROJECT_DIR/vendor/rbk" })[name] ?? "v"));
    const body = job["j"] as Record<string, unknown>;
    assert.deepEqual(body["script"], ['node "$CI_PROJECT_DIR/vendor/rbk/dist/main.js"']);
    assert.deepEqual(body["after_script"], ['node "$CI_PROJECT_DIR/vendor/rbk/dist/post.js"']);
    const artifacts = body["artifacts"] as Record<string, unknown>;
    assert.equal(artifacts["when"], "always");
    assert.deepEqual(artifacts["reports"], { dotenv: GITLAB_FILES.dotenv });
    assert.ok((artifacts["paths"] as string[]).includes(GITLAB_FILES.summary));
  });

  it("defaults to the runner image of this version", () => {
    assert.match(String(specInputs()["image"]?.default), new RegExp(`:${version.replace(/\./g, "\\.")}$`));
  });
});

/** Parses action inputs as the entry does, with certificates given so that the endpoints are parsed too. */
function parseWith(values: Readonly<Record<string, string>>): void {
  const given: Record<string, string> = { "ca-cert": "x", "client-cert": "x", "client-key": "x", endpoint: "tcp://b:1", ...values };
  parseInputs(manifest, (name) => given[name] ?? manifest.inputs.get(name)?.default ?? "");
}

describe("GitLab's conventions in the template's spec:inputs", () => {
  it("types booleans and numbers, and only those whose default says so", () => {
    const inputs = specInputs();
    assert.equal(inputs["push"]?.type, "boolean");
    assert.equal(inputs["connect-timeout"]?.type, "number");
    assert.equal(inputs["tags"]?.type, undefined);
  });

  it("offers fallback's values as options, each of which the entry accepts, and nothing else", () => {
    assert.deepEqual(specInputs()["fallback"]?.options, ["auto", "always", "never"]);
    for (const option of GITLAB_OPTIONS["fallback"] ?? []) parseWith({ fallback: option });
    assert.throws(() => parseWith({ fallback: "sometimes" }), /fallback/);
    for (const [name, options] of Object.entries(GITLAB_OPTIONS)) assert.ok(options.includes(String(specInputs()[name]?.default)), `${name}'s default is an option`);
  });

  it("checks endpoint's format with a regex that accepts what the entry parses and refuses what it refuses", () => {
    const regex = specInputs()["endpoint"]?.regex;
    assert.equal(regex, GITLAB_REGEX["endpoint"]);
    const re = new RegExp(regex ?? "");
    const good = ["tcp://buildkit.example.com:1234", "tcp://10.0.0.1:1234/", "tcp://[fd00::1]:1234", "tcp://a:1,tcp://b:2", "tcp://a:1\ntcp://b:2\n", " tcp://a:1 ,  tcp://b:2 "];
    for (const value of good) {
      assert.ok(re.test(value), `the regex refuses ${JSON.stringify(value)}`);
      parseWith({ endpoint: value });
    }
    const bad = ["buildkit.example.com:1234", "https://a:1", "tcp://a", "tcp://a:1 tcp://b:2", "unix:///run/buildkit.sock"];
    for (const value of bad) {
      assert.ok(!re.test(value), `the regex accepts ${JSON.stringify(value)}`);
      assert.throws(() => parseWith({ endpoint: value }), /endpoint/);
    }
    // A CI/CD variable is expanded only when the job runs, after GitLab checked the regex.
    for (const value of ["", "$BUILDKIT_ENDPOINT", "${BUILDKIT_ENDPOINT}"]) assert.ok(re.test(value), value);
  });

  it("checks buildx-version's format with a regex that accepts what the entry parses", () => {
    const re = new RegExp(specInputs()["buildx-version"]?.regex ?? "");
    for (const value of ["", "v0.38.2", "0.38.2", "v0.39.0-rc1"]) {
      assert.ok(re.test(value), value);
      parseWith({ "buildx-version": value });
    }
    for (const value of ["latest", "v0.38", "v0.38.2.1"]) {
      assert.ok(!re.test(value), value);
      assert.throws(() => parseWith({ "buildx-version": value }), /buildx-version/);
    }
  });

  it("puts options and regexes only on string inputs, and every default satisfies them", () => {
    for (const [name, input] of Object.entries(specInputs())) {
      if (input.options || input.regex) assert.equal(input.type ?? "string", "string", name);
      if (input.regex) assert.match(String(input.default), new RegExp(input.regex), name);
    }
  });
});

describe("the catalog project's pipeline (.gitlab-ci.yml)", () => {
  const pipeline = loadAll(readFileSync(join(REPO, ".gitlab-ci.yml"), "utf8"))[0] as Record<string, Record<string, unknown>>;
  const onTagOnly = (job: Record<string, unknown> | undefined): boolean =>
    JSON.stringify(job?.["rules"]) === JSON.stringify([{ if: "$CI_COMMIT_TAG" }]);

  it("validates against GitLab's CI schema", () => {
    const validate = gitlabSchema();
    assert.ok(validate(pipeline), JSON.stringify(validate.errors));
  });

  it("runs the project's CI script on every pipeline", () => {
    assert.deepEqual(pipeline["test"]?.["script"], ["bash .ci/run"]);
    assert.equal(pipeline["test"]?.["rules"], undefined);
  });

  it("on a tag, checks the tag is the version, and builds and pushes the runner image with it, from gitlab/image", () => {
    assert.ok(onTagOnly(pipeline["version"]));
    assert.ok(onTagOnly(pipeline["runner-image"]));
    const build = JSON.stringify(pipeline["runner-image"]?.["script"]);
    assert.match(build, /--local dockerfile=gitlab\/image/);
    assert.ok(build.includes("name=$CI_REGISTRY_IMAGE:$CI_COMMIT_TAG,push=true"));
    assert.equal(IMAGE_REPOSITORY, "registry.gitlab.com/remote-buildkit/remote-buildkit", "the template's default image is what gitlab.com's registry names this project");
  });

  it("makes the release the CI/CD Catalog publishes, after the image exists", () => {
    const release = pipeline["release"];
    assert.ok(onTagOnly(release));
    assert.deepEqual(release?.["needs"], ["version", "runner-image"]);
    assert.equal((release?.["release"] as Record<string, unknown>)["tag_name"], "$CI_COMMIT_TAG");
  });

  it("keeps the component where the Catalog looks for components: templates/ at the project's root", () => {
    assert.equal(GITLAB_TEMPLATE_PATH, "templates/remote-buildkit.yml");
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
  it("carries the rootless buildkitd of the release the test bed builds, rootlesskit, and BuildKit's runc", () => {
    const pinned = /^BUILDKIT_VERSION=(v[\d.]+)$/m.exec(readFileSync(join(REPO, "scripts", "testbed-install.sh"), "utf8"))?.[1];
    assert.match(dockerfile, new RegExp(`^ARG BUILDKIT_VERSION=${(pinned ?? "none").replace(/\./g, "\\.")}$`, "m"));
    assert.match(dockerfile, /^FROM moby\/buildkit:\$\{BUILDKIT_VERSION\}-rootless AS buildkit$/m);
    assert.match(dockerfile, /^COPY --from=buildkit \/usr\/bin\/buildkitd \/usr\/bin\/buildctl \/usr\/bin\/rootlesskit \/usr\/bin\/buildkit-runc \/usr\/local\/bin\/$/m);
    assert.match(dockerfile, /^USER 1000:1000$/m, "jobs run as a user, so buildkitd runs rootless");
  });
  it("runs Node 24, as GitHub runs the action", () => {
    assert.match(dockerfile, /^ARG NODE_VERSION=24$/m);
  });
});

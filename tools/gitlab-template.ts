import { dump } from "js-yaml";
import { literalDefault, type InputSpec, type Manifest } from "../src/inputs/manifest.js";
import { GITLAB_ID_TOKEN_VARIABLE } from "../src/keyless/id-token.js";
import { GITLAB_CACHE_DIR, GITLAB_FILES, gitlabVariable } from "../src/platform/gitlab-names.js";
import { GITLAB_OPTIONS, GITLAB_REGEX } from "./gitlab-conventions.js";

/** Where the runner image keeps the bundle; action.yml sits beside dist/, as in the action. */
export const IMAGE_APP_DIR = "/opt/remote-buildkit";
/** The job's script lines: the entry, from the directory the `entry-dir` input names. */
export const ENTRY_SCRIPT = 'node "$[[ inputs.entry-dir ]]/dist/main.js"';
export const ENTRY_AFTER_SCRIPT = 'node "$[[ inputs.entry-dir ]]/dist/post.js"';
export const IMAGE_REPOSITORY = "registry.gitlab.com/remote-buildkit/remote-buildkit";

type GitlabType = "string" | "boolean" | "number";

/** GitHub inputs are strings; GitLab's are typed. The type follows from action.yml's default. */
export function gitlabType(spec: InputSpec): GitlabType {
  if (spec.default === "true" || spec.default === "false") return "boolean";
  if (/^\d+(\.\d+)?$/.test(spec.default)) return "number";
  return "string";
}

/** action.yml's default for GitLab; a GitHub expression (`${{ github.token }}`) means nothing there. */
export function gitlabDefault(spec: InputSpec): string | boolean | number {
  const value = literalDefault(spec);
  const type = gitlabType(spec);
  if (type === "boolean") return value === "true";
  if (type === "number") return Number(value);
  return value;
}

/** The inputs only the GitLab job has: where and how it runs. */
function jobInputs(version: string): Record<string, Record<string, unknown>> {
  return {
    "job-name": { description: "Name of the job this component adds.", default: "remote-buildkit" },
    stage: { description: "Stage the job runs in.", default: "build" },
    image: { description: "Runner image with Node, the Docker CLI, buildx and this component's entry.", default: `${IMAGE_REPOSITORY}:${version}` },
    "entry-dir": {
      description: `Directory holding the component's entry (dist/ with action.yml beside it). The runner image has it at ${IMAGE_APP_DIR}; on a shell or custom executor, which ignores \`image\`, where you installed it (a checkout of this project at a release tag); it may name a variable, such as \`$CI_PROJECT_DIR/vendor/remote-buildkit\`.`,
      default: IMAGE_APP_DIR,
    },
  };
}

const HEADER = [
  "# Generated from action.yml by `npm run docs`: edit action.yml or tools/gitlab-template.ts, not this file.",
  "# The job runs the same entry as the GitHub Action (dist/main.js, then dist/post.js) from the runner image.",
].join("\n");

/** The component's template: spec inputs from action.yml, and one job that runs the entry. */
export function renderGitlabTemplate(manifest: Manifest, version: string): string {
  const inputs: Record<string, Record<string, unknown>> = { ...jobInputs(version) };
  const variables: Record<string, string> = {};
  for (const spec of manifest.inputs.values()) {
    const type = gitlabType(spec);
    const options = GITLAB_OPTIONS[spec.name];
    const regex = GITLAB_REGEX[spec.name];
    inputs[spec.name] = {
      description: spec.description,
      ...(type === "string" ? {} : { type }),
      default: gitlabDefault(spec),
      ...(options ? { options: [...options] } : {}),
      ...(regex ? { regex } : {}),
    };
    variables[gitlabVariable(spec.name)] = `$[[ inputs.${spec.name} ]]`;
  }
  const job = {
    "$[[ inputs.job-name ]]": {
      stage: "$[[ inputs.stage ]]",
      image: { name: "$[[ inputs.image ]]", entrypoint: [""] },
      variables,
      // The job's OIDC identity for the keyless path (input issuer); unused without it.
      id_tokens: { [GITLAB_ID_TOKEN_VARIABLE]: { aud: "$[[ inputs.issuer-audience ]]" } },
      script: [ENTRY_SCRIPT],
      // Runs after failures and, on current runners, after cancellation: removes what main left.
      after_script: [ENTRY_AFTER_SCRIPT],
      // The fallback builder's cache mounts (src/platform/gitlab-cache.ts): per job and branch,
      // falling back to the default branch's, as GitHub scopes its cache; the entry keys the
      // contents by the lockfiles inside.
      cache: [{
        key: "remote-buildkit-mounts-$CI_JOB_NAME_SLUG-$CI_COMMIT_REF_SLUG",
        fallback_keys: ["remote-buildkit-mounts-$CI_JOB_NAME_SLUG-$CI_DEFAULT_BRANCH"],
        paths: [`${GITLAB_CACHE_DIR}/`],
      }],
      artifacts: {
        when: "always",
        expire_in: "1 week",
        paths: [GITLAB_FILES.summary, GITLAB_FILES.output("metadata"), `${GITLAB_FILES.records}/`],
        reports: { dotenv: GITLAB_FILES.dotenv },
      },
    },
  };
  const options = { lineWidth: -1, noRefs: true, quoteStyle: "double" } as const;
  // Quoted, so that an input interpolated as the empty string stays a string, never null.
  return `${HEADER}\n${dump({ spec: { inputs } }, options)}---\n${dump(job, { ...options, forceQuotes: true })}`;
}

import { dump } from "js-yaml";
import { literalDefault, type InputSpec, type Manifest } from "../src/inputs/manifest.js";
import { GITLAB_FILES, gitlabVariable } from "../src/platform/gitlab-names.js";

/** Where the runner image keeps the bundle; action.yml sits beside dist/, as in the action. */
export const IMAGE_APP_DIR = "/opt/remote-buildkit";
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
    inputs[spec.name] = { description: spec.description, ...(type === "string" ? {} : { type }), default: gitlabDefault(spec) };
    variables[gitlabVariable(spec.name)] = `$[[ inputs.${spec.name} ]]`;
  }
  const job = {
    "$[[ inputs.job-name ]]": {
      stage: "$[[ inputs.stage ]]",
      image: { name: "$[[ inputs.image ]]", entrypoint: [""] },
      variables,
      script: [`node ${IMAGE_APP_DIR}/dist/main.js`],
      // Runs after failures and, on current runners, after cancellation: removes what main left.
      after_script: [`node ${IMAGE_APP_DIR}/dist/post.js`],
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

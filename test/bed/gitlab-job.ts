// Runs the bundle as a GitLab job built from the component's template runs it: the inputs arrive as
// the template's REMOTE_BUILDKIT_* job variables, `script` runs dist/main.js, and `after_script`,
// a new shell that shares only the builds directory, runs dist/post.js.
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseManifest } from "../../src/inputs/manifest.js";
import { gitlabVariable } from "../../src/platform/gitlab-names.js";
import { REPO, runStep, type StepResult } from "./step.js";

export interface GitlabJob {
  readonly script: StepResult;
  readonly afterScript: StepResult;
  readonly buildsDir: string;
  readonly projectDir: string;
}

export interface GitlabJobOptions {
  /** Component inputs; the others take their spec defaults, which are action.yml's. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Predefined and CI/CD variables of the job (CI_REGISTRY_*, File-type variables...). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Prepares the project directory (the checked-out repository) before the job runs. */
  readonly checkout?: (projectDir: string) => Promise<void>;
}

export async function runGitlabJob(options: GitlabJobOptions): Promise<GitlabJob> {
  const buildsDir = await mkdtemp(join(process.env["TMPDIR"] ?? "/tmp", "rbk-gitlab-"));
  const projectDir = join(buildsDir, "acme", "app");
  await mkdir(projectDir, { recursive: true });
  await options.checkout?.(projectDir);
  const manifest = parseManifest(await readFile(join(REPO, "action.yml"), "utf8"));
  const inputVariables: Record<string, string> = {};
  for (const spec of manifest.inputs.values()) inputVariables[gitlabVariable(spec.name)] = options.inputs[spec.name] ?? spec.default;
  for (const name of Object.keys(options.inputs)) {
    if (!manifest.inputs.has(name)) throw new Error(`the test passes ${name}, which the component does not declare`);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"],
    HOME: process.env["HOME"],
    CI: "true",
    GITLAB_CI: "true",
    CI_JOB_ID: String(Math.floor(Math.random() * 1e9)),
    CI_PROJECT_DIR: projectDir,
    CI_BUILDS_DIR: buildsDir,
    CI_PROJECT_PATH: "acme/app",
    ...options.variables,
    ...inputVariables,
  };
  const script = await runStep({ node: process.execPath, script: "main.js", dist: join(REPO, "dist"), env, cwd: projectDir });
  const afterScript = await runStep({ node: process.execPath, script: "post.js", dist: join(REPO, "dist"), env, cwd: projectDir });
  return { script, afterScript, buildsDir, projectDir };
}

// Runs a GitLab job as the component's template defines it: the template's spec inputs are
// interpolated (the given ones, else their defaults), its `variables:` become the job's
// environment, `script` runs in one shell, and `after_script`, a new shell that shares only the
// builds directory, runs after it. The entry is found through the `entry-dir` input, as on a shell
// executor: this checkout, not /opt/remote-buildkit.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadAll } from "js-yaml";
import { GITLAB_TEMPLATE_PATH } from "../../tools/paths.js";
import { REPO, type StepResult } from "./step.js";

export interface GitlabJob {
  readonly script: StepResult;
  readonly afterScript: StepResult;
  readonly buildsDir: string;
  readonly projectDir: string;
}

function step(lines: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<StepResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // As GitLab's shells do: every line in one shell, stopping at the first that fails.
    const child = spawn("sh", ["-e", "-c", lines.join("\n")], { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/** Replaces `$[[ inputs.x ]]` in every string of the loaded YAML, as GitLab interpolates a component's inputs. */
function interpolate(node: Yaml, value: (name: string) => string): Yaml {
  if (typeof node === "string") return node.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, name: string) => value(name));
  if (Array.isArray(node)) return node.map((n) => interpolate(n, value));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [interpolate(k, value) as string, interpolate(v, value)]));
  }
  return node;
}

interface TemplateJob {
  readonly variables: Record<string, string>;
  readonly script: string[];
  readonly afterScript: string[];
}

/** The template's job with the inputs substituted; an input the template does not declare is a test mistake. */
export async function templateJob(inputs: Readonly<Record<string, string>>): Promise<TemplateJob> {
  const [header, job] = loadAll(await readFile(join(REPO, GITLAB_TEMPLATE_PATH), "utf8")) as [Record<string, Yaml>, Record<string, Yaml>];
  const spec = (header["spec"] as Record<string, Record<string, Record<string, Yaml>>>)["inputs"] ?? {};
  for (const name of Object.keys(inputs)) {
    if (!(name in spec)) throw new Error(`the test passes ${name}, which the component does not declare`);
  }
  const value = (name: string): string => inputs[name] ?? String(spec[name]?.["default"] ?? "");
  const [body] = Object.values(interpolate(job, value) as Record<string, Record<string, Yaml>>);
  if (!body) throw new Error("the template has no job");
  return {
    variables: body["variables"] as Record<string, string>,
    script: body["script"] as string[],
    afterScript: body["after_script"] as string[],
  };
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
  const job = await templateJob({ "entry-dir": REPO, ...options.inputs });
  const env: NodeJS.ProcessEnv = {
    // The shell runner's `node`: the one running the tests.
    PATH: `${dirname(process.execPath)}:${process.env["PATH"] ?? ""}`,
    HOME: process.env["HOME"],
    CI: "true",
    GITLAB_CI: "true",
    CI_JOB_ID: String(Math.floor(Math.random() * 1e9)),
    CI_PROJECT_DIR: projectDir,
    CI_BUILDS_DIR: buildsDir,
    CI_PROJECT_PATH: "acme/app",
    ...options.variables,
    ...job.variables,
  };
  const script = await step(job.script, env, projectDir);
  const afterScript = await step(job.afterScript, env, projectDir);
  return { script, afterScript, buildsDir, projectDir };
}

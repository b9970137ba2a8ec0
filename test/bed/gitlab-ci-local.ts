// gitlab-ci-local (npm gitlab-ci-local, fetched by scripts/testbed-install.sh): a third-party
// runner of .gitlab-ci.yml files, run here with its shell executor against the test bed.
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { dump } from "js-yaml";
import { GITLAB_TEMPLATE_PATH } from "../../tools/paths.js";
import { nodeBinaries, REPO, type StepResult } from "./runner.js";

const run = promisify(execFile);
const VERSION = "4.75.1";

/** Where scripts/testbed-install.sh put it. */
function gitlabCiLocalScript(): string {
  const tools = process.env["RBK_TOOLS"] ?? join(homedir(), ".cache", "remote-buildkit", "tools");
  return join(tools, `gitlab-ci-local-${VERSION}`, "dist", "index.js");
}

/**
 * A project as a user has it: a git repository with the component's template (byte for byte, at
 * the path the Catalog serves it from) and the pipeline that includes it.
 */
export async function gitlabProject(dir: string, pipeline: Record<string, unknown>, files: (projectDir: string) => Promise<void>): Promise<string> {
  await mkdir(dir, { recursive: true });
  await files(dir);
  await mkdir(join(dir, dirname(GITLAB_TEMPLATE_PATH)), { recursive: true });
  await cp(join(REPO, GITLAB_TEMPLATE_PATH), join(dir, GITLAB_TEMPLATE_PATH));
  await writeFile(join(dir, ".gitlab-ci.yml"), dump(pipeline, { lineWidth: -1 }));
  // gitlab-ci-local reads the commit, the branch and the remote from git.
  const git = (...args: string[]): Promise<unknown> => run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir });
  await git("init", "-q", "-b", "main");
  await git("remote", "add", "origin", "https://gitlab.example.com/acme/app.git");
  await git("add", "-A");
  await git("commit", "-q", "-m", "app");
  return dir;
}

export interface PipelineRun extends StepResult {
  readonly command: string;
}

/**
 * Runs jobs of the project's pipeline with gitlab-ci-local's shell executor, under Node 24 (it
 * needs 22 or later); the jobs' own `node` is Node 24 too, as in the runner image.
 */
export async function runGitlabCiLocal(projectDir: string, options: { jobs: readonly string[]; variables: Readonly<Record<string, string>>; shellIsolation: boolean; env?: NodeJS.ProcessEnv }): Promise<PipelineRun> {
  const node24 = nodeBinaries()["node24"] ?? "";
  const args = [
    // It runs the project of its working directory (--cwd takes only relative paths).
    gitlabCiLocalScript(), "--force-shell-executor", "--no-color",
    ...(options.shellIsolation ? ["--shell-isolation"] : []),
    // It sets GITLAB_CI=false on purpose; a GitLab runner sets true.
    "--variable", "GITLAB_CI=true",
    ...Object.entries(options.variables).flatMap(([k, v]) => ["--variable", `${k}=${v}`]),
    ...options.jobs,
  ];
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), PATH: `${dirname(node24)}:${options.env?.["PATH"] ?? process.env["PATH"] ?? ""}` };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(node24, args, { cwd: projectDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output, ms: Date.now() - started, command: `gitlab-ci-local ${options.jobs.join(" ")}` }));
  });
}

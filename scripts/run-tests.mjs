// Runs the compiled tests with Node's own test runner: `unit`, `integration`, or both (default).
// The integration tests run the bundle, so it is rebuilt from the sources first: a local run never
// tests a stale dist/ (CI then checks that the committed dist/ is that build).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const suites = process.argv[2] ? [process.argv[2]] : ["unit", "integration"];
if (suites.includes("integration")) {
  const bundle = spawnSync(process.execPath, [join("scripts", "bundle.mjs")], { stdio: "inherit" });
  if (bundle.status !== 0) process.exit(bundle.status ?? 1);
}
const files = suites.flatMap((suite) => {
  const dir = join("build", "test", suite);
  return readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort().map((f) => join(dir, f));
});
// One file at a time: the integration tests start daemons, and the machine has two cores.
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);

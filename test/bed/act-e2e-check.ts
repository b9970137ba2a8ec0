// Checks act's --json log of .github/workflows/e2e.yml (scripts/e2e-act.sh runs it): every job
// succeeded, the pushed digest is the registry's, the second job fell back, and no job's log or
// output shows key material. Writes the human log (the messages, as act shows them) beside it.
// Usage: node build/test/bed/act-e2e-check.js LOG.json
import { readFileSync, writeFileSync } from "node:fs";
import { jobResults, keyMaterial, leaks, parseActLog, stepOutput } from "./act-log.js";

const file = process.argv[2];
if (!file) throw new Error("usage: act-e2e-check.js LOG.json");
const entries = parseActLog(readFileSync(file, "utf8"));
const human = file.replace(/\.json$/, "") + ".txt";
writeFileSync(human, entries.map((e) => `${e.jobID ? `[${e.jobID}] ` : ""}${e.msg}`).join("\n") + "\n");

const problems: string[] = [];
const expect = (what: string, actual: unknown, wanted: unknown): void => {
  const ok = JSON.stringify(actual) === JSON.stringify(wanted);
  console.log(`${ok ? "ok" : "FAIL"}: ${what}: ${JSON.stringify(actual)}${ok ? "" : `, expected ${JSON.stringify(wanted)}`}`);
  if (!ok) problems.push(what);
};

const results = jobResults(entries);
expect("job results", Object.keys(results).sort().map((job) => `${job}: ${results[job] ?? ""}`), ["check: success", "fallback: success", "remote: success"]);

const digest = stepOutput(entries, "remote", "build", "digest") ?? "";
expect("the remote build's digest is a digest", /^sha256:[0-9a-f]{64}$/.test(digest), true);
expect("the registry serves the pushed digest", stepOutput(entries, "remote", "registry", "digest"), digest);
expect("the remote job's builder-mode", stepOutput(entries, "remote", "build", "builder-mode"), "remote");
expect("the fallback job's builder-mode", stepOutput(entries, "fallback", "build", "builder-mode"), "fallback");
expect("the fallback job's fallback-reason", stepOutput(entries, "fallback", "build", "fallback-reason"), "no-credentials");
// The default path: the action made its own docker-container builder, on the engine the job has.
expect("the fallback builder is the action's own", /^remote-buildkit-fallback-[0-9a-f]{8}$/.test(stepOutput(entries, "fallback", "build", "builder") ?? ""), true);
// The reader job compared the same values from the jobs' outputs.
const said = ["ok: remote builder-mode = remote", `ok: the registry's digest = ${digest}`, "ok: fallback builder-mode = fallback", "ok: fallback builder = remote-buildkit-fallback"];
for (const line of said) {
  expect(`the check job says "${line}"`, entries.some((e) => e.jobID === "check" && e.msg.includes(line)), true);
}

// The values the jobs masked tell what the key is; act keeps them in clear only in its records of
// ::add-mask:: and of GITHUB_ENV, whose messages (the human log) show them masked.
const masked = entries.filter((e) => e.command === "add-mask").map((e) => e.arg);
const material = keyMaterial(masked);
expect("the remote job masked its client key (so the leak check knows it)", material.length > 0, true);
const found = leaks(entries, material);
expect(`no key material in ${entries.length} log entries and step outputs`, found, []);

console.log(`human log: ${human}`);
if (problems.length > 0) {
  console.error(`e2e.yml under act: ${problems.length} check(s) failed: ${problems.join("; ")}`);
  process.exit(1);
}

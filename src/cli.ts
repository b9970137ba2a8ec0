#!/usr/bin/env node
// Entry of the `remote-buildkit` command (dist/cli.js): the server side's certificates.
// reflect-metadata comes first: @peculiar/x509 checks for it as soon as it is loaded.
import "reflect-metadata";
import { UserError, errorMessage } from "./errors.js";
import { parseCommandLine } from "./cli/args.js";
import { runCertsCommand } from "./cli/command.js";
import { helpText } from "./cli/help.js";

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.kind === "help") {
    process.stdout.write(helpText(command.topic));
    return;
  }
  process.stdout.write(await runCertsCommand(command, { now: new Date(), cwd: process.cwd() }));
}

main().catch((err: unknown) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}\n`);
  // 2 for a mistake in the command line or the files it names, as most command-line tools do.
  process.exitCode = err instanceof UserError ? 2 : 1;
});

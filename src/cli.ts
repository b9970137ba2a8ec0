#!/usr/bin/env node
// Entry of the `remote-buildkit` command (dist/cli.js): the server side's certificates and issuer.
// reflect-metadata comes first: @peculiar/x509 checks for it as soon as it is loaded.
import "reflect-metadata";
import { UserError, errorMessage } from "./errors.js";
import { parseCommandLine } from "./cli/args.js";
import { runCertsCommand } from "./cli/command.js";
import { helpText } from "./cli/help.js";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "issuer") return issuer(argv.slice(1));
  const command = parseCommandLine(argv);
  if (command.kind === "help") {
    process.stdout.write(helpText(command.topic));
    return;
  }
  process.stdout.write(await runCertsCommand(command, { now: new Date(), cwd: process.cwd() }));
}

/** The issuer loads jose and the server only when it is run. */
async function issuer(args: readonly string[]): Promise<void> {
  const { parseIssuerArgs, ISSUER_HELP } = await import("./issuer/args.js");
  const command = parseIssuerArgs(args);
  if (command === "help") {
    process.stdout.write(ISSUER_HELP);
    return;
  }
  const { startIssuer } = await import("./issuer/command.js");
  const server = await startIssuer(command, { cwd: process.cwd(), now: () => new Date(), log: (line) => process.stdout.write(`${line}\n`) });
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`remote-buildkit: ${errorMessage(err)}\n`);
  // 2 for a mistake in the command line or the files it names, as most command-line tools do.
  process.exitCode = err instanceof UserError ? 2 : 1;
});

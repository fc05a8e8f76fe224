#!/usr/bin/env node
/**
 * `vck`: the one entry point of the CLI and of the runtime image. Each subcommand lives in its own module, loaded only
 * when that subcommand is called (all of them for the help), so `vck template` never loads the storage drivers and
 * `vck storage` never loads cdk8s. The runtime's packages are loaded further down still, by the subcommands' actions.
 */
import { Command } from 'commander';

/* eslint-disable @typescript-eslint/no-require-imports */
const SUBCOMMANDS: Record<string, () => Command> = {
  template: () => (require('./template') as typeof import('./template')).templateCommand(),
  storage: () => (require('./storage') as typeof import('./storage')).storageCommand(),
  etcd: () => (require('./etcd') as typeof import('./etcd')).etcdCommand(),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The program for `argv` (node, script, subcommand, ...): the called subcommand's module only, or every one. */
export function buildProgram(argv: readonly string[] = process.argv): Command {
  const program = new Command('vck')
    .description('vCluster-compatible control planes: render manifests, serve the store, manage embedded etcd')
    .showHelpAfterError()
    // A subcommand's own subcommands (`vck storage restore`) take options of the same names as their parent's.
    .enablePositionalOptions();
  const called = argv[2];
  const names = called !== undefined && Object.hasOwn(SUBCOMMANDS, called) ? [called] : Object.keys(SUBCOMMANDS);
  for (const name of names) program.addCommand(SUBCOMMANDS[name]());
  return program;
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: unknown) => {
    process.stderr.write(`vck: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

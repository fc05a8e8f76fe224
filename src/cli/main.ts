#!/usr/bin/env node
/**
 * `vck`: the one entry point of the CLI and of the runtime image. Each subcommand lives in its own module and is
 * loaded only when called, so `vck template` never loads the storage drivers and `vck storage` never loads cdk8s.
 */
import { Command } from 'commander';

export function buildProgram(): Command {
  const program = new Command('vck')
    .description('vCluster-compatible control planes: render manifests, serve the store, manage embedded etcd')
    .showHelpAfterError();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  program.addCommand(require('./template').templateCommand());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  program.addCommand(require('./storage').storageCommand());
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  program.addCommand(require('./etcd').etcdCommand());
  return program;
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((err: unknown) => {
    process.stderr.write(`vck: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

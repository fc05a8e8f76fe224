import { Command } from 'commander';

/** `vck storage`: not implemented yet. */
export function storageCommand(): Command {
  return new Command('storage').description('(not implemented yet)').action(() => {
    throw new Error('vck storage is not implemented yet');
  });
}

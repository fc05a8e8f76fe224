import { Command } from 'commander';

/** `vck template`: not implemented yet. */
export function templateCommand(): Command {
  return new Command('template').description('(not implemented yet)').action(() => {
    throw new Error('vck template is not implemented yet');
  });
}

import { Command } from 'commander';

/** `vck etcd`: not implemented yet. */
export function etcdCommand(): Command {
  return new Command('etcd').description('(not implemented yet)').action(() => {
    throw new Error('vck etcd is not implemented yet');
  });
}

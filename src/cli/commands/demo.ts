import { Option } from 'commander';
import type { RegisterCommand } from './types.js';

/** `credcanary demo`: every verdict against the built-in loopback forge, in one command. */
export const registerDemo: RegisterCommand = (program, setExit) => {
  program
    .command('demo')
    .description('run check against a built-in loopback Gitea, GitHub or GitLab with seeded bots and tokens: one healthy credential and every failure class')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json', 'junit', 'markdown', 'github', 'plain']).default('table'))
    .addOption(new Option('--forge <forge>', 'which forge the simulator imitates').choices(['gitea', 'github', 'gitlab']).default('gitea'))
    .option('--no-color', 'never colour the output')
    .option('--keep', 'keep the temporary folder with the inventory it wrote (for reading; the simulator stops at the end)')
    .addHelpText('after', '\nExit code 0 when every verdict came out as designed (the report itself says FAIL: most credentials are broken on purpose).\n\nExamples:\n  npx credcanary demo\n  npx credcanary demo --forge github')
    .action(async (opts: { format: string; color?: boolean; keep?: boolean; forge?: string }) => {
      const { runDemo } = await import('../../demo/run-demo.js');
      setExit(await runDemo(opts));
    });
};

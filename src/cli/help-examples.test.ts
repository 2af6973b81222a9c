import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from './main.js';

// The README promises an example in every --help; the root help is the first one a newcomer reads.
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

describe('--help', () => {
  const program = buildProgram(() => undefined);
  it.each(everyCommand(program).map((c) => [c.name(), c] as const))('%s --help shows an example that runs credcanary', (_name, command) => {
    expect(helpOf(command)).toMatch(/\nExamples?\b[^\n]*:\n[\s\S]*\bcredcanary(\.mjs)? [a-z]/);
  });
});

import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { loadInventory } from '../inventory/load.js';
import { locateInventory } from '../inventory/locate.js';
import { validateSources } from '../inventory/validate.js';
import { redact } from '../secrets/redact.js';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Runs `validate`: an invalid inventory throws (exit 2); an unreadable source is exit 1. */
export async function runValidateCommand(opts: { config?: string; sources: boolean }, env: NodeJS.ProcessEnv, write: (text: string) => void): Promise<ExitCode> {
  const loaded = await loadInventory(locateInventory({ ...(opts.config ? { config: opts.config } : {}), env }));
  const inv = loaded.inventory;
  const sizes = [
    count(Object.keys(inv.forges).length, 'forge'),
    count(Object.keys(inv.personas).length, 'persona'),
    count(Object.keys(inv.credentials).length, 'credential'),
    count(Object.keys(inv.consumers).length, 'consumer'),
  ];
  const lines = [`${loaded.file}: schema and references valid (${sizes.join(', ')})`];
  if (!opts.sources) {
    write(`${lines.join('\n')}\nsources not checked (--no-sources)\n`);
    return EXIT.ok;
  }
  const findings = await validateSources(loaded, env);
  for (const f of findings) lines.push(`  ${f.status.padEnd(4)}  ${f.subject}: ${f.message}`);
  const failed = findings.filter((f) => f.status === 'fail').length;
  const warned = findings.filter((f) => f.status === 'warn').length;
  lines.push(
    failed > 0
      ? `invalid here: ${failed === 1 ? 'one source or local copy cannot' : `${failed} sources or local copies cannot`} be read on this machine (exit 1)`
      : `valid: every source and local copy can be read here${warned > 0 ? ` (${count(warned, 'warning')})` : ''}; no forge was contacted`,
  );
  write(redact(`${lines.join('\n')}\n`));
  return failed > 0 ? EXIT.fail : EXIT.ok;
}

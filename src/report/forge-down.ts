import type { CredentialReport } from './model.js';

// Once a forge is found unreachable, the run stops sending it requests: its remaining credentials are
// inconclusive at once, each for the same reason. People-readable formats show them as one line per
// forge instead of a block of identical "not sent" rows each.

/** Credentials that were not checked because their forge was already unreachable in this run. */
export interface ForgeDownGroup {
  forge: string;
  names: string[];
  /** Why, from the first of them (the same for all). */
  reason: string;
}

function notChecked(c: CredentialReport): string | null {
  if (c.status !== 'inconclusive') return null;
  const v = c.probes.find((p) => p.evidence['forgeDown'] === true);
  return v ? v.summary : null;
}

/** Splits credentials into those shown in full and one group per unreachable forge, order kept. */
export function splitForgeDown(credentials: readonly CredentialReport[]): { shown: CredentialReport[]; groups: ForgeDownGroup[] } {
  const shown: CredentialReport[] = [];
  const groups = new Map<string, ForgeDownGroup>();
  for (const c of credentials) {
    const reason = notChecked(c);
    if (reason === null) {
      shown.push(c);
      continue;
    }
    const group = groups.get(c.forge) ?? { forge: c.forge, names: [], reason };
    group.names.push(c.name);
    groups.set(c.forge, group);
  }
  return { shown, groups: [...groups.values()] };
}

/** The one line for a group: `INCONCLUSIVE 11 credentials on forge core not checked: A, B, … — why`. */
export function forgeDownLine(g: ForgeDownGroup): string {
  const n = g.names.length;
  const why = g.reason.replace(/^.*? was not sent: /, '');
  return `INCONCLUSIVE ${n} credential${n === 1 ? '' : 's'} on forge ${g.forge} not checked: ${g.names.join(', ')} — ${why}`;
}

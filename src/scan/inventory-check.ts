// The scan against the inventory: what consumers read that nobody declared, what is declared that
// nothing reads, automation running on a human's token, and schedules that could seed heartbeats.

import { relative, resolve, sep } from 'node:path';
import type { CredentialSpec, LoadedInventory } from '../inventory/schema.js';
import type { Consumer, InventoryCrossCheck } from './model.js';

/** The names a credential answers to: its key and the env var or env-file key it is read from. */
function namesOf(name: string, spec: CredentialSpec): string[] {
  const out = [name.toUpperCase()];
  const source = spec.source as Record<string, unknown>;
  if (typeof source['env'] === 'string') out.push(source['env'].toUpperCase());
  if (typeof source['key'] === 'string') out.push(source['key'].toUpperCase());
  return out;
}

/** Cross-checks discovered consumers (paths relative to `root`) against a loaded inventory. */
export function crossCheck(consumers: readonly Consumer[], loaded: LoadedInventory, root: string): InventoryCrossCheck {
  const inv = loaded.inventory;
  const byName = new Map<string, string>();
  for (const [name, spec] of Object.entries(inv.credentials)) for (const n of namesOf(name, spec)) byName.set(n, name);

  const usedBy = new Map<string, Set<string>>();
  for (const c of consumers) {
    for (const s of c.secrets) {
      if (s.automatic || s.name === '*') continue;
      const set = usedBy.get(s.name.toUpperCase()) ?? new Set<string>();
      set.add(c.id);
      usedBy.set(s.name.toUpperCase(), set);
    }
  }
  // Secrets the inventory marks as not forge tokens are neither credentials nor undeclared.
  const ignored = new Set((inv.scan?.ignoreSecrets ?? []).map((n) => n.toUpperCase()));
  const undeclared = [...usedBy.entries()]
    .filter(([name]) => !byName.has(name) && !ignored.has(name))
    .map(([name, set]) => ({ name, consumers: [...set].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const usedCredentials = new Set([...usedBy.keys()].map((n) => byName.get(n)).filter((n): n is string => n !== undefined));
  const unused = Object.keys(inv.credentials).filter((n) => !usedCredentials.has(n)).sort();

  const humanPersona: InventoryCrossCheck['humanPersona'] = [];
  for (const [name, set] of usedBy) {
    const credential = byName.get(name);
    if (!credential) continue;
    const persona = inv.credentials[credential]?.persona ?? '';
    if (inv.personas[persona]?.kind !== 'human') continue;
    for (const consumer of [...set].sort()) humanPersona.push({ consumer, credential, persona });
  }

  // Inventory paths are relative to the inventory's folder; the scan's to its root.
  const fromRoot = (p: string): string => relative(root, resolve(loaded.dir, p)).split(sep).join('/');
  const declaredHeartbeats = new Set(Object.values(inv.consumers).flatMap((c) => (c.heartbeat && c.path ? [fromRoot(c.path)] : [])));
  const heartbeatSeeds = consumers.flatMap((c) =>
    c.triggers
      .filter((t) => t.event === 'schedule' && t.cron && !t.cron.includes('='))
      .map((t) => ({ consumer: c.id, schedule: t.cron ?? '', declared: declaredHeartbeats.has(c.path) })),
  );
  return { inventory: loaded.file, undeclared, unused, humanPersona, heartbeatSeeds };
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { judgeControl, judgeUnexpected, verdict } from '../core/judging.js';
import { MAX_BODY_BYTES } from '../http/client.js';
import type { Judgement } from '../core/verdict.js';
import type { FileRequirement } from '../inventory/schema.js';
import { ANONYMOUS, type ApiCall } from '../providers/types.js';
import { judgeCommonRejection } from './api-rejections.js';
import { ask, defineProbe, type IdentityProof, type JudgeFacts } from './types.js';

/** The local copy as read from disk: its hash and line count, or why it could not be read. */
export type LocalCopy = { ok: true; sha256: string; lines: string[] } | { ok: false; message: string };

/** The remote file with the token, without it, the local copy, and what identity proved. */
export interface FileDriftObservation {
  authed: ApiCall;
  control: ApiCall;
  local: LocalCopy;
  identity: IdentityProof | null;
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** How many lines differ, counted as an LCS-free approximation: lines only one side has. */
export function lineDelta(a: readonly string[], b: readonly string[]): { added: number; removed: number } {
  const count = (lines: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let added = 0;
  let removed = 0;
  for (const [line, n] of cb) added += Math.max(0, n - (ca.get(line) ?? 0));
  for (const [line, n] of ca) removed += Math.max(0, n - (cb.get(line) ?? 0));
  return { added, removed };
}

function remoteBytes(call: ApiCall): Buffer | null {
  return call.outcome.kind === 'response' && call.outcome.status === 200 ? call.outcome.bytes : null;
}

function lines(n: number): string {
  return `${n} line${n === 1 ? '' : 's'}`;
}

/** The difference in words, leaving out a side that has nothing the other lacks. */
export function driftWords(delta: { added: number; removed: number }): string {
  const parts: string[] = [];
  if (delta.added > 0) parts.push(`${lines(delta.added)} only in the remote copy`);
  if (delta.removed > 0) parts.push(`${lines(delta.removed)} only in the local copy`);
  // Same lines, different bytes: order, line endings or a final newline.
  return parts.length > 0 ? parts.join(', ') : 'the same lines, in a different order or with different line endings';
}

/** Judges a file-drift observation. */
export function judgeFileDrift(obs: FileDriftObservation, facts: JudgeFacts, f: FileRequirement): Judgement {
  const at = `${f.repo}:${f.path}${f.ref ? `@${f.ref}` : ''}`;
  if (!obs.local.ok) {
    return verdict('file-drift', at, 'inconclusive', 'source-error', `Cannot compare: the local copy ${f.local} could not be read (${obs.local.message}).`,
      'Likely cause: the inventory points at a file that is not in this checkout. Remedy: fix `local:` (a relative path is relative to the folder of the inventory file, not the current folder) or check out the file there.', {});
  }
  if (f.sha256 && obs.local.sha256 !== f.sha256) {
    return verdict('file-drift', at, 'fail', 'drift', `Drift: the local copy ${f.local} (sha256 ${obs.local.sha256.slice(0, 12)}…) no longer matches its pin ${f.sha256.slice(0, 12)}….`,
      'Likely cause: the local canonical file was edited without updating the pin. Remedy: review the change, then update `sha256:` in the inventory (or revert the file).',
      { localSha256: obs.local.sha256, pinnedSha256: f.sha256 });
  }
  const common = judgeCommonRejection('file-drift', at, obs.authed, facts);
  if (common) return common;
  const status = obs.authed.outcome.kind === 'response' ? obs.authed.outcome.status : 0;
  if (status === 404) {
    return verdict('file-drift', at, 'fail', 'drift', `Drift: ${f.path} does not exist in ${f.repo} at ${f.ref ?? 'the default branch'} (${obs.authed.request} returned 404).`,
      'Likely cause: the file was moved or deleted remotely, the ref was renamed, or access to the repository was lost (see repo-access). Remedy: restore the file or fix the inventory.',
      { httpStatus: 404 });
  }
  if (obs.authed.outcome.kind === 'response' && obs.authed.outcome.truncated) {
    // Only the first MiB was read (the client's body cap): comparing a part would report a false drift.
    return verdict('file-drift', at, 'inconclusive', 'unexpected-response', `Cannot compare: ${obs.authed.request} answered with more than ${MAX_BODY_BYTES} bytes, over credcanary's response limit; the rest was not read.`,
      'Likely cause: the file is larger than a canonical config file usually is, or a proxy answered with something else. Remedy: pin a smaller file, or check this one by other means.', { bodyLimitBytes: MAX_BODY_BYTES });
  }
  const bytes = remoteBytes(obs.authed);
  if (!bytes) return judgeUnexpected('file-drift', at, obs.authed);
  const remoteSha = sha256(bytes);
  if (remoteSha !== obs.local.sha256) {
    const delta = lineDelta(obs.local.lines, bytes.toString('utf8').split('\n'));
    return verdict('file-drift', at, 'fail', 'drift',
      `Drift: ${f.path} in ${f.repo} differs from ${f.local} (${driftWords(delta)}).`,
      'Likely cause: someone changed the canonical file on one side only. Remedy: decide which copy is right, then sync the other (and the pin, if any).',
      { httpStatus: 200, remoteSha256: remoteSha, localSha256: obs.local.sha256, linesAdded: delta.added, linesRemoved: delta.removed });
  }
  if (!obs.identity?.authenticated) {
    const controlBytes = remoteBytes(obs.control);
    const same = controlBytes !== null && sha256(controlBytes) === remoteSha;
    const gate = judgeControl('file-drift', at, obs.control, same, `reading ${f.path}`, { remoteSha256: remoteSha });
    if (gate) return gate;
  }
  return verdict('file-drift', at, 'pass', null, `${f.path} in ${f.repo} matches ${f.local} (sha256 ${remoteSha.slice(0, 12)}…).`, null,
    { httpStatus: 200, sha256: remoteSha });
}

/** `file-drift`: the remote file at ref equals the local copy (sha256), and the optional pin. */
export const fileDriftProbe = defineProbe<FileRequirement, FileDriftObservation>({
  id: 'file-drift',
  phase: 'main',
  network: 'api',
  needsIdentity: true,
  targets: (facts) => facts.spec.files ?? [],
  targetName: (f) => `${f.repo}:${f.path}${f.ref ? `@${f.ref}` : ''}`,
  async observe(env, f) {
    const token = env.shared.token ?? '';
    const localRead = readFile(resolve(env.dir, f.local)).then(
      (buf): LocalCopy => ({ ok: true, sha256: sha256(buf), lines: buf.toString('utf8').split('\n') }),
      (err: NodeJS.ErrnoException): LocalCopy => ({ ok: false, message: err.code === 'ENOENT' ? 'no such file' : (err.code ?? 'unreadable') }),
    );
    const [authed, control, local] = await Promise.all([
      ask(env.api, 'rawFile')({ kind: 'token', token }, f.repo, f.path, f.ref),
      ask(env.api, 'rawFile')(ANONYMOUS, f.repo, f.path, f.ref),
      localRead,
    ]);
    return { authed, control, local, identity: env.shared.identity };
  },
  judge: judgeFileDrift,
});

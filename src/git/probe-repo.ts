import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** Branch of the probe repository's one commit. */
export const PROBE_BRANCH = 'credcanary-probe';

async function writeLooseObject(gitDir: string, type: string, body: Buffer): Promise<string> {
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const sha = createHash('sha1').update(raw).digest('hex');
  await mkdir(join(gitDir, 'objects', sha.slice(0, 2)), { recursive: true });
  await writeFile(join(gitDir, 'objects', sha.slice(0, 2), sha.slice(2)), deflateSync(raw));
  return sha;
}

/**
 * Writes a bare repository holding one empty commit, in the on-disk format git itself writes
 * (loose zlib objects, a ref, HEAD). Doing it by hand saves spawning `git init` and `git commit`
 * on every run: the probe's cost is then the push alone. The commit is never sent (--dry-run).
 */
export async function writeProbeRepository(gitDir: string): Promise<string> {
  await mkdir(join(gitDir, 'refs', 'heads'), { recursive: true });
  await mkdir(join(gitDir, 'refs', 'tags'), { recursive: true });
  await writeFile(join(gitDir, 'HEAD'), `ref: refs/heads/${PROBE_BRANCH}\n`);
  await writeFile(join(gitDir, 'config'), '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n');
  const tree = await writeLooseObject(gitDir, 'tree', Buffer.alloc(0));
  const who = 'credcanary <credcanary@localhost> 0 +0000';
  const commit = await writeLooseObject(gitDir, 'commit', Buffer.from(`tree ${tree}\nauthor ${who}\ncommitter ${who}\n\ncredcanary probe (never pushed: --dry-run)\n`));
  await writeFile(join(gitDir, 'refs', 'heads', PROBE_BRANCH), `${commit}\n`);
  return commit;
}

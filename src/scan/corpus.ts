// The shared corpus of real consumer files (../shared/corpus/workflows) stores each file flat, named
// `owner__repo__path` with MANIFEST.tsv giving repo and path. Scanning needs the real layout (the
// folder decides what a file is and which forge reads it), so this rebuilds it.

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One corpus file: its flat name and where it lives in its repository. */
export interface CorpusEntry {
  file: string;
  repo: string;
  path: string;
}

/** The corpus folder: `$CREDCANARY_CORPUS`, else `../shared/corpus/workflows` beside the work tree. */
export function corpusDir(): string {
  const fromEnv = process.env['CREDCANARY_CORPUS'];
  if (fromEnv) return resolve(fromEnv);
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../../../shared/corpus/workflows');
}

/** Reads MANIFEST.tsv (header: file, repo, path, …). */
export async function readManifest(dir: string): Promise<CorpusEntry[]> {
  const text = await readFile(join(dir, 'MANIFEST.tsv'), 'utf8');
  const [header, ...rows] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = (header ?? '').split('\t');
  const at = (name: string): number => cols.indexOf(name);
  return rows.map((row) => {
    const f = row.split('\t');
    return { file: f[at('file')] ?? '', repo: f[at('repo')] ?? '', path: f[at('path')] ?? '' };
  });
}

/**
 * Copies the corpus into `dest` as `repo/path` trees, `copies` times (`copy-N/` prefixes when > 1).
 * With `distinct`, every copy after the first ends in its own comment line (`# copy N`: a comment in
 * YAML, shell, cron and unit files alike), so no two files share content and nothing can be analysed once
 * for many files; the findings stay those of the original file.
 */
export async function materializeCorpus(dir: string, dest: string, copies = 1, distinct = false): Promise<number> {
  const entries = await readManifest(dir);
  const texts = distinct ? await Promise.all(entries.map((e) => readFile(join(dir, e.file), 'utf8'))) : [];
  let n = 0;
  for (let c = 0; c < copies; c++) {
    const base = copies > 1 ? join(dest, `copy-${c}`) : dest;
    const made = new Set<string>();
    for (const [i, e] of entries.entries()) {
      const target = join(base, e.repo, e.path);
      const parent = dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      const text = texts[i];
      if (text === undefined || c === 0) await copyFile(join(dir, e.file), target);
      else await writeFile(target, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}# copy ${c}\n`);
      n++;
    }
  }
  return n;
}

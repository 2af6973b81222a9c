import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { forgesFor } from '../scan/discover.js';
import type { WorkflowForge } from './workflow.js';

// Where `init workflow` writes. Gitea runs only the first workflow folder that exists (.gitea/workflows,
// then .github/workflows) and Forgejo .forgejo, .gitea, then .github (gitea-api-facts.md §8): writing a
// new .gitea/workflows into a repository whose CI lives in .github/workflows would silently switch all of
// it off on Gitea. So the file goes where the forge reads today, by the scanner's own rule (forgesFor).

const FOLDERS = { github: '.github/workflows', gitea: '.gitea/workflows', forgejo: '.forgejo/workflows' } as const;
type Folder = keyof typeof FOLDERS;

/** The file name written in the chosen folder. */
export const WORKFLOW_FILE = 'credcanary.yml';

/** The chosen path, relative to `cwd`, and why it was chosen (for the user). */
export interface WorkflowTarget {
  path: string;
  why: string;
}

/** Picks the workflow file for `forge` in the repository at `cwd`; `dir` (from `--dir`) overrides. */
export function workflowTarget(forge: WorkflowForge, cwd: string, dir?: string): WorkflowTarget {
  if (forge === 'gitlab') {
    if (dir !== undefined) throw new UserError('--dir is for Actions workflow folders', ['for GitLab, pass --output FILE (then include: it from .gitlab-ci.yml)']);
    return { path: '.gitlab-ci.yml', why: 'GitLab reads .gitlab-ci.yml' };
  }
  if (dir !== undefined) return { path: join(dir, WORKFLOW_FILE), why: `--dir ${dir}` };
  if (forge === 'github') return { path: join(FOLDERS.github, WORKFLOW_FILE), why: 'GitHub reads .github/workflows' };
  const existing = new Set((Object.keys(FOLDERS) as Folder[]).filter((f) => isFolder(resolve(cwd, FOLDERS[f]))));
  // In the order the forge looks: the first existing folder it reads is the one it runs.
  const order: Folder[] = forge === 'forgejo' ? ['forgejo', 'gitea', 'github'] : ['gitea', 'github'];
  const name = forge === 'forgejo' ? 'Forgejo' : 'Gitea';
  const read = order.find((f) => existing.has(f) && forgesFor(f, existing).forges.includes(forge));
  if (!read) return { path: join(FOLDERS[forge], WORKFLOW_FILE), why: `no workflow folder ${name} reads exists yet; ${name} reads ${FOLDERS[forge]}` };
  const shadowed = order.slice(order.indexOf(read) + 1).filter((f) => existing.has(f));
  const why =
    read === forge
      ? `${name} reads ${FOLDERS[read]} in this repository`
      : `${name} reads ${FOLDERS[read]} in this repository (${order
          .slice(0, order.indexOf(read))
          .map((f) => FOLDERS[f])
          .join(', ')} does not exist; creating it would make ${name} ignore every workflow in ${FOLDERS[read]}). Pass --dir to write elsewhere`;
  return { path: join(FOLDERS[read], WORKFLOW_FILE), why: shadowed.length > 0 ? `${why}; it ignores ${shadowed.map((f) => FOLDERS[f]).join(', ')}` : why };
}

// A folder counts when it exists: the forges check for the folder, not for files in it.
function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

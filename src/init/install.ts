import { UserError } from '../core/errors.js';

// How a generated workflow runs credcanary. By default the single-file bundle is vendored into the
// repository and pinned by its SHA-256, like an action pinned by commit: the job needs no network and no
// install step, and runs exactly the bytes that were reviewed and committed. `--install` switches to a
// package: a release from the npm registry, or a git commit / tarball the user controls.

/** Where the bundle is vendored, relative to the repository root (the job's working folder). */
export const VENDORED_BUNDLE = '.credcanary/credcanary.mjs';

/** How the workflow gets credcanary. */
export type Install =
  | { kind: 'vendored'; sha256: string }
  | { kind: 'npm'; version: string }
  | { kind: 'spec'; spec: string };

const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
// A git URL pinned to a full commit: the content, not a moving branch or tag.
const GIT_AT_COMMIT = /^(git\+https|git\+ssh|git):\/\/[A-Za-z0-9@._~:/-]+#[0-9a-f]{40}$|^github:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+#[0-9a-f]{40}$/;
// A local tarball must start with ./, ../ or /: npm reads `dir/file.tgz` as a GitHub `owner/repo`.
const TARBALL = /^(https:\/\/[A-Za-z0-9._~:/%@+-]+|(\.{1,2})?\/[A-Za-z0-9._/+-]+)\.(tgz|tar\.gz)$/;

const USAGE = 'expected npm, npm@VERSION, a git URL at a full commit (git+https://host/owner/repo.git#<40-hex commit>) or a tarball (an https .tgz URL, or a path starting with ./, ../ or /)';

/** Parses `--install VALUE` (`version` is the running credcanary's, used by plain `npm`). */
export function parseInstall(value: string, version: string): Exclude<Install, { kind: 'vendored' }> {
  if (value === 'npm') return { kind: 'npm', version };
  if (value.startsWith('npm@')) {
    const v = value.slice(4);
    if (!VERSION.test(v)) throw new UserError(`--install ${value}: "${v}" is not a release version`, ['expected npm@X.Y.Z (a published credcanary version)']);
    return { kind: 'npm', version: v };
  }
  if (/^(git\+|git:|github:)/.test(value) && !GIT_AT_COMMIT.test(value)) {
    throw new UserError(`--install ${value}: a git source must name a full commit`, [
      'append #<40-hex commit>: a branch or tag can move, and the job runs with your bot tokens',
    ]);
  }
  if (GIT_AT_COMMIT.test(value) || TARBALL.test(value)) return { kind: 'spec', spec: value };
  throw new UserError(`--install ${value}: not an install source`, [USAGE]);
}

/** The command a step runs credcanary with. */
export function credcanaryCommand(install: Install): string {
  switch (install.kind) {
    case 'vendored':
      return `node ${VENDORED_BUNDLE}`;
    case 'npm':
      return `npx --yes credcanary@${install.version}`;
    case 'spec':
      return `npx --yes --package=${install.spec} credcanary`;
  }
}

/** Shell lines that must pass before the bundle runs: its SHA-256 against the pinned one (coreutils or busybox sha256sum). */
export function verifyLines(install: Install): string[] {
  if (install.kind !== 'vendored') return [];
  return [
    `echo "${install.sha256}  ${VENDORED_BUNDLE}" | sha256sum -c ||` +
      ` { echo "credcanary: ${VENDORED_BUNDLE} is not the file this workflow pins; not running it (re-run credcanary init workflow --force to update both)" >&2; exit 1; }`,
  ];
}

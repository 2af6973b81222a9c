import type { Probe } from './types.js';
import { presenceProbe } from './presence.js';
import { identityProbe } from './identity.js';
import { scopesProbe } from './scopes.js';
import { repoAccessProbe } from './repo-access.js';
import { branchPushProbe } from './branch-push.js';
import { gitAuthProbe } from './git-auth.js';
import { fileDriftProbe } from './file-drift.js';
import { expiryProbe } from './expiry.js';

/** Every probe, one line each, in report order. */
export const PROBES: readonly Probe[] = [
  presenceProbe,
  identityProbe,
  scopesProbe,
  repoAccessProbe,
  branchPushProbe,
  gitAuthProbe,
  fileDriftProbe,
  expiryProbe,
];

import type { ForgeSpec } from '../inventory/schema.js';
import type { Provider } from './types.js';
import { giteaProvider } from './gitea.js';
import { githubProvider } from './github.js';
import { gitlabProvider } from './gitlab.js';
import { httpVerifyProvider } from './http-verify.js';

/** Providers by forge type, one line each. */
export const PROVIDERS: Record<ForgeSpec['type'], Provider> = {
  gitea: giteaProvider,
  forgejo: giteaProvider,
  github: githubProvider,
  gitlab: gitlabProvider,
  http: httpVerifyProvider,
};

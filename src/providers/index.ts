import type { ForgeSpec } from '../inventory/schema.js';
import type { Provider } from './types.js';
import { giteaProvider } from './gitea.js';

/** Providers by forge type, one line each; a type without a line is not checkable yet. */
export const PROVIDERS: Partial<Record<ForgeSpec['type'], Provider>> = {
  gitea: giteaProvider,
  forgejo: giteaProvider,
};

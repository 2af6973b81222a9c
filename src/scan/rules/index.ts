import type { Rule } from '../rule.js';
import { failOpenMissingSecret } from './fail-open-missing-secret.js';
import { tokenInUrl } from './token-in-url.js';
import { lsRemoteTokenCheck } from './ls-remote-token-check.js';
import { curlNoFail } from './curl-no-fail.js';
import { continueOnErrorWithSecret } from './continue-on-error-with-secret.js';
import { secretsInherit } from './secrets-inherit.js';
import { prtCheckoutPrHead } from './prt-checkout-pr-head.js';

/** Every lint rule, one line each (a test checks each has its file, test and docs/rules page). */
export const RULES: readonly Rule[] = [
  failOpenMissingSecret,
  tokenInUrl,
  lsRemoteTokenCheck,
  curlNoFail,
  continueOnErrorWithSecret,
  secretsInherit,
  prtCheckoutPrHead,
];

import { spawn } from 'node:child_process';
import { gitEnvironment } from '../git/runner.js';

/**
 * What a naive canary does: `git ls-remote` with the token offered through a credential helper.
 * git only offers credentials after a 401, and a public repository never sends one, so this exits 0
 * whatever the token is. The token travels in the environment, as everywhere in credcanary.
 */
export function naiveLsRemote(url: string, token: string, home: string, timeoutMs: number): Promise<number | null> {
  const env = gitEnvironment(home, null);
  const n = Number(env['GIT_CONFIG_COUNT']);
  env[`GIT_CONFIG_KEY_${n}`] = 'credential.helper';
  env[`GIT_CONFIG_VALUE_${n}`] = '!f() { echo username=canary; echo "password=$NAIVE_CANARY_TOKEN"; }; f';
  env['GIT_CONFIG_COUNT'] = String(n + 1);
  env['NAIVE_CANARY_TOKEN'] = token;
  return new Promise((resolve) => {
    const child = spawn('git', ['ls-remote', '--heads', url], { env, stdio: 'ignore', timeout: timeoutMs });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
}

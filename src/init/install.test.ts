import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { credcanaryCommand, parseInstall, verifyLines } from './install.js';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

describe('--install', () => {
  it.each([
    ['npm', { kind: 'npm', version: '0.9.0' }],
    ['npm@1.2.3', { kind: 'npm', version: '1.2.3' }],
    ['npm@2.0.0-rc.1', { kind: 'npm', version: '2.0.0-rc.1' }],
    [`git+https://git.example.com/ops/credcanary.git#${COMMIT}`, { kind: 'spec', spec: `git+https://git.example.com/ops/credcanary.git#${COMMIT}` }],
    [`git+ssh://git@git.example.com/ops/credcanary.git#${COMMIT}`, { kind: 'spec', spec: `git+ssh://git@git.example.com/ops/credcanary.git#${COMMIT}` }],
    [`github:acme/credcanary#${COMMIT}`, { kind: 'spec', spec: `github:acme/credcanary#${COMMIT}` }],
    ['https://files.example.com/credcanary-0.1.0.tgz', { kind: 'spec', spec: 'https://files.example.com/credcanary-0.1.0.tgz' }],
    ['./vendor/credcanary-0.1.0.tgz', { kind: 'spec', spec: './vendor/credcanary-0.1.0.tgz' }],
    ['/opt/credcanary-0.1.0.tar.gz', { kind: 'spec', spec: '/opt/credcanary-0.1.0.tar.gz' }],
  ])('%s', (value, expected) => {
    expect(parseInstall(value, '0.9.0')).toEqual(expected);
  });

  it.each([
    ['npm@latest', 'is not a release version'],
    ['git+https://git.example.com/ops/credcanary.git#main', 'must name a full commit'],
    ['git+https://git.example.com/ops/credcanary.git', 'must name a full commit'],
    ['credcanary', 'not an install source'],
    ['https://x.example.com/a.tgz; curl evil', 'not an install source'],
    ["./vendor/it's.tgz", 'not an install source'],
    ['vendor/credcanary-0.1.0.tgz', 'not an install source'], // npm would read it as GitHub owner/repo
  ])('%j is a usage error: %s', (value, message) => {
    expect(() => parseInstall(value, '0.9.0')).toThrow(UserError);
    expect(() => parseInstall(value, '0.9.0')).toThrow(message);
  });

  it('commands: the vendored bundle by path after its hash check; packages through npx, pinned', () => {
    expect(credcanaryCommand({ kind: 'vendored', sha256: 'a'.repeat(64) })).toBe('node .credcanary/credcanary.mjs');
    expect(verifyLines({ kind: 'vendored', sha256: 'a'.repeat(64) })[0]).toMatch(/^echo "a{64}  \.credcanary\/credcanary\.mjs" \| sha256sum -c \|\| /);
    expect(credcanaryCommand({ kind: 'npm', version: '1.0.0' })).toBe('npx --yes credcanary@1.0.0');
    expect(credcanaryCommand({ kind: 'spec', spec: './vendor/c.tgz' })).toBe('npx --yes --package=./vendor/c.tgz credcanary');
    expect(verifyLines({ kind: 'npm', version: '1.0.0' })).toEqual([]);
  });
});

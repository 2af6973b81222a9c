import { describe, expect, it } from 'vitest';
import { credential, report, sampleReport, verdict } from './fixtures.js';
import { formatJunit, xmlAttr, xmlText } from './junit.js';

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const REF = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;

function decode(raw: string, where: string): string {
  // Every & must start a well-formed reference, and no character XML 1.0 forbids may appear.
  for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', i + 1)) {
    REF.lastIndex = i;
    if (!REF.test(raw)) throw new Error(`bad reference in ${where}: ${raw.slice(i, i + 10)}`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(raw)) throw new Error(`forbidden character in ${where}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e] !== undefined) return named[e];
    return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** A strict little XML parser: declaration, balanced tags, quoted unique attributes, valid references, one root. */
function parseXml(xml: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/.exec(xml);
  if (!decl) throw new Error('missing XML declaration');
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`, 'y');
  const attr = new RegExp(`(${NAME})="([^"<]*)"`, 'g');
  const root: XmlNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  let i = decl[0].length;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.includes('>')) throw new Error(`raw > in text at ${i}`);
    const top = stack[stack.length - 1]!;
    if (top === root && text.trim() !== '') throw new Error('text outside the root element');
    top.text += decode(text, `text at ${i}`);
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
    const [whole, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (open?.name !== name || stack.length === 0) throw new Error(`</${name}> does not close <${open?.name}>`);
    } else {
      const node: XmlNode = { name: name!, attrs: {}, children: [], text: '' };
      for (const [, k, v] of attrText!.matchAll(attr)) {
        if (k! in node.attrs) throw new Error(`duplicate attribute ${k}`);
        node.attrs[k!] = decode(v!, `attribute ${k}`);
      }
      if (top === root && root.children.length > 0) throw new Error('more than one root element');
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
    i = lt + whole!.length;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  return root.children[0]!;
}

describe('the test XML parser', () => {
  it.each([
    ['<a><b></a></b>', /does not close/],
    ['<a x="1" x="2"/>', /duplicate/],
    ['<a>1 & 2</a>', /bad reference/],
    ['<a>\u001b</a>', /forbidden/],
    ['<a></a><b/>', /more than one root/],
    ['<a>', /unclosed/],
    ['<a x=1/>', /malformed/],
  ])('rejects %s', (body, error) => {
    expect(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`)).toThrow(error);
  });
});

describe('formatJunit', () => {
  const xml = formatJunit(sampleReport(), { color: false });
  const suites = parseXml(xml);

  it('is well-formed XML with one testsuite per credential and totals on the root', () => {
    expect(suites.name).toBe('testsuites');
    expect(suites.attrs).toMatchObject({ name: 'credcanary', tests: '8', failures: '1', errors: '1', skipped: '2', time: '0.412' });
    expect(suites.children.map((s) => s.attrs['name'])).toEqual(['AUTO_SYNC_TOKEN', 'OPS_CRON_TOKEN']);
    const [first, second] = suites.children;
    expect(first!.attrs).toMatchObject({ tests: '4', failures: '1', errors: '1', skipped: '1', time: '3.015', timestamp: '2026-11-23T13:00:00.000Z' });
    expect(second!.attrs).toMatchObject({ tests: '4', failures: '0', errors: '0', skipped: '1', time: '0.030' });
  });

  it('records forge, persona, last8 and status as suite properties', () => {
    const props = suites.children[0]!.children.find((c) => c.name === 'properties')!;
    expect(Object.fromEntries(props.children.map((p) => [p.attrs['name'], p.attrs['value']]))).toEqual({
      forge: 'core',
      persona: 'devops-engineer',
      last8: '687797fc',
      status: 'fail',
    });
  });

  it('maps fail → failure, inconclusive → error, skipped → skipped, warn and pass → passing cases', () => {
    const cases = suites.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase'));
    const byName = Object.fromEntries(cases.map((c) => [`${c.attrs['classname']} ${c.attrs['name']}`, c]));
    const identity = byName['AUTO_SYNC_TOKEN identity']!;
    expect(identity.attrs['time']).toBe('0.011');
    const failure = identity.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs['type']).toBe('revoked');
    expect(failure.attrs['message']).toBe('Token rotation suspected: GET /api/v1/user returned 401 at 100% certainty, a <b>&amp; | c');
    expect(failure.text).toContain('\n\nRemedy: Likely cause: the token was rotated or revoked.\nRemedy: mint a new token');
    const error = byName['AUTO_SYNC_TOKEN branch-push acme/core@staging']!.children[0]!;
    expect(error).toMatchObject({ name: 'error', attrs: { type: 'unreachable' } });
    expect(byName['AUTO_SYNC_TOKEN scopes']!.children[0]!.name).toBe('skipped');
    expect(byName['OPS_CRON_TOKEN expiry']!.children[0]!.attrs['message']).toBe('Gitea tokens do not expire');
    const warn = byName['OPS_CRON_TOKEN scopes']!.children;
    expect(warn.map((c) => c.name)).toEqual(['system-out']);
    expect(warn[0]!.text).toBe('WARNING (scope-excess): Extra scopes: write:admin, write:org\n\nRemedy: Least privilege: mint a token with only read:user, read:repository.');
    expect(byName['OPS_CRON_TOKEN identity']!.children[0]!.text).toBe('Authenticated as ops-bot (bot) — ünïcödé ✓ 日本語');
    expect(xml).toContain('<testcase name="file-drift internal/providers/providers.yaml" classname="OPS_CRON_TOKEN" time="0.014">');
  });

  it('escapes markup, quotes, newlines and control characters so the text survives a parser', () => {
    const nasty = 'a<b>&c "q" \'s\'\nline2\ttab\u0000nul\u001besc\r\nend ]]> 日本';
    const r = report([credential('N<&>"', [verdict({ id: 'identity', status: 'fail', class: 'revoked', target: 'o/r"x', summary: nasty, remedy: nasty })])]);
    const text = formatJunit(r, { color: false });
    const suite = parseXml(text).children[0]!;
    expect(suite.attrs['name']).toBe('N<&>"');
    const tc = suite.children[1]!;
    expect(tc.attrs['name']).toBe('identity o/r"x');
    const failure = tc.children[0]!;
    // Attributes keep newline and tab as references; controls become visible escapes.
    expect(failure.attrs['message']).toBe('a<b>&c "q" \'s\'\nline2\ttab\\x00nul\\x1besc\nend ]]> 日本');
    expect(failure.text.startsWith('a<b>&c "q" \'s\'\nline2\ttab\\x00nul\\x1besc\nend ]]> 日本\n\nRemedy: a<b>')).toBe(true);
    expect(text).not.toContain(']]>');
  });

  it('escape helpers', () => {
    expect(xmlText('<&>\u0007')).toBe('&lt;&amp;&gt;\\x07');
    expect(xmlAttr('"\'\n\t')).toBe('&quot;&apos;&#10;&#9;');
  });

  it('writes an empty but valid document for an empty report', () => {
    const empty = parseXml(formatJunit(report([]), { color: false }));
    expect(empty.attrs).toMatchObject({ tests: '0', failures: '0', errors: '0', skipped: '0' });
    expect(empty.children).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { EnvFileSyntaxError, parseEnvFile } from './env-file.js';

function syntaxError(text: string): { line: number; message: string } {
  try {
    parseEnvFile(text);
  } catch (err) {
    expect(err).toBeInstanceOf(EnvFileSyntaxError);
    return { line: (err as EnvFileSyntaxError).line, message: (err as Error).message };
  }
  throw new Error('expected a syntax error');
}

describe('parseEnvFile', () => {
  it('reads plain assignments, blank lines, comments and export', () => {
    const values = parseEnvFile('# a comment\n\n  A=1\nexport B=two\nexport\tC=3 # trailing comment\nD=x#not-a-comment\n   # indented comment\n');
    expect(Object.fromEntries(values)).toEqual({ A: '1', B: 'two', C: '3', D: 'x#not-a-comment' });
  });

  it('treats single quotes literally', () => {
    expect(parseEnvFile(`A='a "b" \\n $HOME # not comment'\n`).get('A')).toBe('a "b" \\n $HOME # not comment');
    expect(parseEnvFile(`A='two\nlines'\nB=after\n`)).toEqual(new Map([['A', 'two\nlines'], ['B', 'after']]));
  });

  it('handles the escapes of double quotes and keeps unknown ones', () => {
    expect(parseEnvFile('A="q\\"uote back\\\\slash dollar\\$ nl\\n tick\\` other\\x"\n').get('A')).toBe('q"uote back\\slash dollar$ nl\n tick` other\\x');
    expect(parseEnvFile('A="# not a comment"  # a comment\n').get('A')).toBe('# not a comment');
    expect(parseEnvFile('A="con\\\ntinued"\n').get('A')).toBe('continued');
  });

  it('joins quoted and unquoted parts of one word, and unquoted backslash escapes', () => {
    expect(parseEnvFile(`A=ab'c d'"e f"g\n`).get('A')).toBe('abc de fg');
    expect(parseEnvFile('A=a\\ b\\#c\n').get('A')).toBe('a b#c');
  });

  it('reads empty values, CRLF endings, a missing final newline, and lets a later assignment win', () => {
    const values = parseEnvFile('A=\r\nB=""\r\nC=\'\'\r\nD=x\r\nD=y');
    expect(Object.fromEntries(values)).toEqual({ A: '', B: '', C: '', D: 'y' });
  });

  it('leaves $ and backticks unexpanded', () => {
    expect(parseEnvFile('A=$HOME/`id`\n').get('A')).toBe('$HOME/`id`');
  });

  it('accepts `export NAME` without a value as assigning nothing', () => {
    expect(Object.fromEntries(parseEnvFile('export A\nexport B # note\nB=1\n'))).toEqual({ B: '1' });
  });

  it('names the line of each syntax error without quoting the text', () => {
    expect(syntaxError('A=1\nB = 2\n')).toEqual({ line: 2, message: 'no space is allowed before "=" after B (shell syntax)' });
    expect(syntaxError('A=1\n\nB=two words\n')).toEqual({ line: 3, message: 'unexpected text after the value of B (quote a value that contains spaces)' });
    expect(syntaxError('A=1\nB="open\nC=2\n')).toEqual({ line: 2, message: 'unterminated double quote in the value of B' });
    expect(syntaxError("A='x\n\n")).toEqual({ line: 1, message: 'unterminated single quote in the value of A' });
    expect(syntaxError('A="multi\nline"\n1BAD=x\n')).toEqual({ line: 3, message: 'expected KEY=VALUE, where KEY is letters, digits and "_" (not starting with a digit)' });
    expect(syntaxError('JUSTAWORD\n')).toEqual({ line: 1, message: 'expected "=" after JUSTAWORD' });
    expect(syntaxError('A= value\n').line).toBe(1);
  });
});

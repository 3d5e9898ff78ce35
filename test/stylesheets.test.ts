// Every stylesheet the app serves parses as nested blocks: one missing brace makes a browser read
// every later rule as part of the block it left open (a section of a module's rules ended up
// inside `@media print`, unstyled on screen), and nothing else would notice.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function stylesheets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : stylesheets(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

describe('stylesheets', () => {
  const files = stylesheets(join(import.meta.dirname, '..', 'src'));

  it('finds the kernel’s and the modules’ stylesheets', () => {
    expect(files.some((f) => f.includes('platform'))).toBe(true);
  });

  it.each(files.map((f) => [f.slice(f.indexOf('src/'))]))('%s closes every block it opens, and starts each section at the top level', (file) => {
    const text = readFileSync(join(import.meta.dirname, '..', file), 'utf8').replace(/\/\*(?![ ]?-{3,}|[ ]?={3,})[\s\S]*?\*\//g, '');
    let depth = 0;
    text.split('\n').forEach((line, index) => {
      if (/^\/\*\s?[-=]{3,}/.test(line)) expect(depth, `${file}:${index + 1} starts a section inside a block`).toBe(0);
      for (const ch of line) {
        if (ch === '{') depth += 1;
        if (ch === '}') depth -= 1;
        expect(depth, `${file}:${index + 1} closes a block it never opened`).toBeGreaterThanOrEqual(0);
      }
    });
    expect(depth, `${file} leaves ${depth} block(s) open`).toBe(0);
  });
});

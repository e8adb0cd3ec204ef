import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DOMAIN = new URL('../../../src/domain/', import.meta.url);
/** What the pure core may import besides itself: the standard library and a date library. */
const ALLOWED = new Set(['luxon']);

describe('when the domain core’s imports are read', () => {
  const files = readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'));

  it.each(files)('should find %s importing only the domain, the standard library and luxon', (file) => {
    const source = readFileSync(new URL(file, DOMAIN), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
      (m) => m[1] ?? '',
    );
    const outside = specifiers.filter(
      (s) => !s.startsWith('./') && !s.startsWith('node:') && !ALLOWED.has(s),
    );
    expect(outside).toEqual([]);
    expect(source).not.toMatch(/Date\.now\(\)|new Date\(\)/);
    expect(source).not.toMatch(/process\.env/);
  });
});

/**
 * The observability check judged on the labelled corpus (test/fixtures/commitment-corpus.ts): how often
 * it says what a manager would, overall, on the held-out part the rules were not written against, and
 * per label. Agreement is on the question the check answers — can this be checked or not — and the
 * exact verdict (what is missing) is reported beside it.
 */
import { describe, expect, it } from 'vitest';
import { judgeObservability } from '../../../src/domain/observable.js';
import { COMMITMENT_CORPUS, type CorpusItem } from '../../fixtures/commitment-corpus.js';

const judged = COMMITMENT_CORPUS.map((item) => {
  const verdict = judgeObservability(item.text);
  return { item, verdict, agrees: verdict.observable === (item.label === 'observable') };
});
type Judged = (typeof judged)[number];

const percent = (part: number, whole: number) => (whole === 0 ? 100 : (100 * part) / whole);
const agreement = (rows: readonly Judged[]) => percent(rows.filter((r) => r.agrees).length, rows.length);
const exact = (rows: readonly Judged[]) =>
  percent(rows.filter((r) => r.verdict.verdict === r.item.label).length, rows.length);
const line = (name: string, rows: readonly Judged[]) =>
  `${name.padEnd(22)} ${String(rows.length).padStart(4)}  agreement ${agreement(rows).toFixed(1).padStart(5)}%  exact verdict ${exact(rows).toFixed(1).padStart(5)}%`;
const where = (f: (item: CorpusItem) => boolean) => judged.filter((r) => f(r.item));

describe('when the labelled corpus is judged', () => {
  it('should print its agreement overall, per split and per label, and what it misjudged', () => {
    const labels = ['observable', 'needs-target', 'needs-baseline', 'vague'] as const;
    const report = [
      line('overall', judged),
      line(
        'dev',
        where((i) => i.split === 'dev'),
      ),
      line(
        'held-out',
        where((i) => i.split === 'held-out'),
      ),
      line(
        'blind',
        where((i) => i.split === 'blind'),
      ),
      ...labels.map((label) =>
        line(
          `label ${label}`,
          where((i) => i.label === label),
        ),
      ),
      ...labels.map((label) =>
        line(
          `held-out ${label}`,
          where((i) => i.split === 'held-out' && i.label === label),
        ),
      ),
      'misjudged:',
      ...judged
        .filter((r) => !r.agrees)
        .map((r) => `  [${r.item.split}] ${r.item.label} judged ${r.verdict.verdict}: ${r.item.text}`),
    ];
    console.log(report.join('\n'));
    expect(judged.length).toBeGreaterThanOrEqual(240);
  });

  it('should hold half observable and half not in each split', () => {
    for (const split of ['dev', 'held-out', 'blind'] as const) {
      const rows = where((i) => i.split === split);
      const observable = rows.filter((r) => r.item.label === 'observable').length;
      expect(Math.abs(observable / rows.length - 0.5)).toBeLessThan(0.05);
    }
  });

  it('should agree with the labels on at least 95% overall', () => {
    expect(agreement(judged)).toBeGreaterThanOrEqual(95);
  });

  it('should agree with the labels on at least 95% of the held-out part', () => {
    expect(agreement(where((i) => i.split === 'held-out'))).toBeGreaterThanOrEqual(95);
  });

  it('should agree with the labels on at least 95% of the part written blind by a second hand', () => {
    expect(agreement(where((i) => i.split === 'blind'))).toBeGreaterThanOrEqual(95);
  });

  it('should flag none of the method’s example commitments', () => {
    const method = where((i) => i.from === 'method' && i.label === 'observable');
    expect(method.length).toBeGreaterThanOrEqual(17);
    expect(method.filter((r) => !r.verdict.observable).map((r) => r.item.text)).toEqual([]);
  });

  it('should judge every sentence quoted in issue 10 as labelled', () => {
    const quoted = where((i) => i.from === 'issue');
    expect(quoted.filter((r) => !r.agrees).map((r) => r.item.text)).toEqual([]);
  });
});

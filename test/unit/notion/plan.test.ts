/**
 * The plan, as a table: given this snapshot (what Notion showed) and this page (what the domain
 * wants), exactly these operations. No Redis, no HTTP, no clock.
 */
import { describe, expect, it } from 'vitest';
import { quarterById } from '../../../src/domain/calendar.js';
import type { QuarterPage } from '../../../src/domain/page-model.js';
import type { QuarterReadback } from '../../../src/domain/ports.js';
import { buildQuarterPage } from '../../../src/domain/quarter-page.js';
import type { ShippedChange } from '../../../src/domain/types.js';
import {
  type BlockRequest,
  bullet,
  hashOf,
  paragraph,
  requestKey,
  table,
} from '../../../src/notion/blocks.js';
import { diffLists } from '../../../src/notion/list-diff.js';
import type { SectionState } from '../../../src/notion/page-body.js';
import { type Operation, planQuarterPage, planSection } from '../../../src/notion/plan.js';
import { computedKey, SECTIONS, sectionBlocks } from '../../../src/notion/render-page.js';
import { rowKey } from '../../../src/notion/render-week.js';
import type { QuarterSnapshot } from '../../../src/notion/snapshot.js';
import { BEN, SETTINGS, shipped } from '../../fixtures/team.js';

const TZ = SETTINGS.timezone;
const q4 = quarterById('2026-Q4', SETTINGS);
const NOW = '2026-10-21T12:00:00Z';

const readback = (overrides: Partial<QuarterReadback> = {}): QuarterReadback => ({
  exists: true,
  commitments: [],
  commitmentEdits: [],
  comments: [],
  excusedWeeks: [],
  ...overrides,
});

function pageOf(changes: ShippedChange[], now = NOW): QuarterPage {
  return buildQuarterPage({
    engineer: BEN,
    quarter: q4,
    settings: SETTINGS,
    now: new Date(now),
    shipped: changes,
    readback: readback(),
  });
}

const blocksState = (blocks: BlockRequest[], prefix: string): SectionState['blocks'] =>
  blocks.map((block, i) => ({ id: `${prefix}-${i}`, type: block.type, key: hashOf(requestKey(block)) }));

/** The snapshot of a page that shows exactly `page`: what commitline left after writing it. */
function snapshotShowing(page: QuarterPage): QuarterSnapshot {
  const sections: QuarterSnapshot['sections'] = {};
  for (const name of SECTIONS) {
    sections[name] = { headingId: `h-${name}`, blocks: blocksState(sectionBlocks(page, name, TZ), name) };
  }
  return {
    kind: 'notion-quarter-snapshot',
    engineerId: page.engineer.id,
    quarterId: page.quarter.id,
    page: { id: 'page-1', propsKey: hashOf(computedKey(page)) },
    sections,
    rows: Object.fromEntries(
      page.weeks.map((row) => [
        row.week,
        { id: `row-${row.week}`, key: hashOf(rowKey(row)), excused: false },
      ]),
    ),
    notices: { posted: page.notices.map((n) => n.key), pending: [] },
    readback: readback(),
    requests: 0,
  };
}

const summary = (operations: Operation[]) =>
  operations.map((op) => {
    switch (op.kind) {
      case 'update-row':
      case 'create-row':
        return `${op.kind} ${op.week}`;
      case 'delete-block':
        return `${op.kind} ${op.blockId}`;
      case 'update-block':
        return `${op.kind} ${op.blockId}`;
      case 'append-blocks':
        return `${op.kind} ${op.section} after ${op.after} ×${op.blocks.length}`;
      case 'post-notice':
        return `${op.kind} ${op.notice.key}${op.recheck ? ' (recheck)' : ''}`;
      default:
        return op.kind;
    }
  });

describe('when the lists are diffed', () => {
  const cases: { have: string; want: string; edits: string }[] = [
    { have: 'abc', want: 'abc', edits: '=a =b =c' },
    { have: 'abcdefghij', want: 'abcdfghij', edits: '=a =b =c =d -e =f =g =h =i =j' },
    { have: 'abcd', want: 'abxcd', edits: '=a =b +x =c =d' },
    { have: '', want: 'ab', edits: '+a +b' },
    { have: 'ab', want: '', edits: '-a -b' },
    { have: 'abc', want: 'axc', edits: '=a +x -b =c' },
  ];
  it.each(cases)('should take $have to $want as $edits', ({ have, want, edits }) => {
    const script = diffLists([...have], [...want]).map((e) =>
      e.kind === 'keep' ? `=${have[e.from]}` : e.kind === 'remove' ? `-${have[e.from]}` : `+${want[e.to]}`,
    );
    expect(script.join(' ')).toBe(edits);
  });
});

describe('when a section is planned', () => {
  const items = (names: string) => [...names].map((n) => bullet([{ type: 'text', text: { content: n } }]));
  const section = (names: string): SectionState => ({
    headingId: 'heading',
    blocks: blocksState(items(names), 'b'),
  });
  const cases: { name: string; have: string; want: string; plan: string[] }[] = [
    { name: 'nothing changed', have: 'abcdefghij', want: 'abcdefghij', plan: [] },
    { name: 'one removed in the middle', have: 'abcdefghij', want: 'abcdfghij', plan: ['delete-block b-4'] },
    {
      name: 'one inserted in the middle',
      have: 'abcdefghij',
      want: 'abcdxefghij',
      plan: ['append-blocks evidence after b-3 ×1'],
    },
    {
      name: 'one inserted first',
      have: 'abc',
      want: 'xabc',
      plan: ['append-blocks evidence after heading ×1'],
    },
    {
      name: 'one appended at the end',
      have: 'abc',
      want: 'abcd',
      plan: ['append-blocks evidence after b-2 ×1'],
    },
    { name: 'one replaced by another of its type', have: 'abc', want: 'axc', plan: ['update-block b-1'] },
    { name: 'all removed', have: 'ab', want: '', plan: ['delete-block b-0', 'delete-block b-1'] },
  ];
  it.each(cases)('should plan exactly what it takes when $name', ({ have, want, plan }) => {
    expect(summary(planSection('evidence', section(have), items(want)))).toEqual(plan);
  });

  it('should replace a table by deleting it and appending the new one: its rows are children', () => {
    const before = [
      table([
        ['#', 'Commitment'],
        ['1', 'old'],
      ]),
    ];
    const after = [
      table([
        ['#', 'Commitment'],
        ['1', 'new'],
      ]),
    ];
    const current = { headingId: 'heading', blocks: blocksState(before, 't') };
    expect(summary(planSection('grading', current, after))).toEqual([
      'delete-block t-0',
      'append-blocks grading after heading ×1',
    ]);
  });

  it('should delete a paragraph and append a table when the type changes', () => {
    const current = { headingId: 'heading', blocks: blocksState([paragraph('Graded in week 13')], 'p') };
    expect(summary(planSection('grading', current, [table([['#'], ['1']])]))).toEqual([
      'delete-block p-0',
      'append-blocks grading after heading ×1',
    ]);
  });
});

describe('when a quarter page is planned', () => {
  const first = shipped(BEN, '2026-10-06T10:00:00Z', 'Passkeys on web');
  const second = shipped(BEN, '2026-10-20T09:00:00Z', 'Device list');

  it('should plan nothing when Notion already shows the page', () => {
    const page = pageOf([first]);
    expect(planQuarterPage(snapshotShowing(page), page, { timezone: TZ })).toEqual([]);
  });

  it('should plan at most 2 writes for a new ship in the open week: its row and one append', () => {
    const snapshot = snapshotShowing(pageOf([first]));
    const plan = planQuarterPage(snapshot, pageOf([first, second]), { timezone: TZ });
    expect(summary(plan)).toEqual(['update-row 2026-W43', 'append-blocks evidence after evidence-0 ×1']);
  });

  it('should create the page with its whole body, then its rows, then its notices', () => {
    const page = pageOf([first], '2026-10-17T12:00:00Z');
    const empty: QuarterSnapshot = {
      ...snapshotShowing(page),
      page: undefined,
      sections: {},
      rows: {},
      notices: { posted: [], pending: [] },
    };
    const plan = planQuarterPage(empty, page, { timezone: TZ });
    expect(summary(plan)).toEqual([
      'create-page',
      ...page.weeks.map((w) => `create-row ${w.week}`),
      ...page.notices.map((n) => `post-notice ${n.key}`),
    ]);
    expect(page.notices.length).toBeGreaterThan(0);
  });

  it('should re-check a notice whose post began but was never recorded, and skip one recorded', () => {
    const page = pageOf([], '2026-10-17T12:00:00Z');
    const [notice] = page.notices;
    if (!notice) throw new Error('expected a notice');
    const pending = { ...snapshotShowing(page), notices: { posted: [], pending: [notice.key] } };
    expect(summary(planQuarterPage(pending, page, { timezone: TZ }))).toContain(
      `post-notice ${notice.key} (recheck)`,
    );
    expect(planQuarterPage(snapshotShowing(page), page, { timezone: TZ })).toEqual([]);
  });

  it('should leave alone a section whose heading a person deleted', () => {
    const page = pageOf([first]);
    const { evidence: _gone, ...rest } = snapshotShowing(page).sections;
    const snapshot = { ...snapshotShowing(page), sections: rest };
    expect(planQuarterPage(snapshot, pageOf([first, second]), { timezone: TZ }).map((op) => op.kind)).toEqual(
      ['update-row'],
    );
  });
});

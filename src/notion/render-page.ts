/** A quarter page as Notion properties and body blocks. Pure: QuarterPage in, request shapes out. */

import type { Grade, QuarterPage, QuarterStatus, ShippedChange } from '../domain/index.js';
import { dayOf } from '../domain/index.js';
import {
  type BlockRequest,
  bullet,
  callout,
  divider,
  heading,
  numbered,
  paragraph,
  table,
} from './blocks.js';
import { richText } from './limits.js';
import { QUARTER_PROPS } from './schema.js';
import { formatSigningRecord } from './signing-record.js';

/** The sections commitline owns on the page, in page order, each under its own heading. */
export const SECTIONS = ['signing', 'guidance', 'evidence', 'checkpoint', 'grading'] as const;
export type SectionName = (typeof SECTIONS)[number];

const STATUS_NAME: Record<QuarterStatus, string> = {
  draft: 'Draft',
  signed: 'Signed',
  checked: 'Checked',
  graded: 'Graded',
};
const GRADE_MARK = {
  hit: 'hit ✅',
  missed: 'missed ❌',
  partial: 'partial 🟡',
  disagree: 'differ ⚠️',
  pending: '…',
} as const;

/** A grade as the table shows it; one given before grading opened is shown as early. */
function gradeCell(grade: Grade | undefined, early: Grade | undefined): string {
  if (grade) return GRADE_MARK[grade];
  return early ? `${GRADE_MARK[early]} (early)` : '…';
}

export function pageTitle(page: QuarterPage): string {
  return `${page.engineer.name} · ${page.quarter.id}`;
}

/** What identifies the page; written once, at creation. */
export function identityProperties(page: QuarterPage) {
  return {
    [QUARTER_PROPS.name]: { title: richText(pageTitle(page)) },
    [QUARTER_PROPS.engineer]: { people: [{ object: 'user' as const, id: page.engineer.notionUserId }] },
    [QUARTER_PROPS.engineerKey]: { rich_text: richText(page.engineer.id) },
    [QUARTER_PROPS.quarter]: { select: { name: page.quarter.id } },
  };
}

/** What commitline recomputes; compared and rewritten as one unit. */
export function computedProperties(page: QuarterPage) {
  const p = page.properties;
  return {
    [QUARTER_PROPS.status]: { select: { name: STATUS_NAME[p.status] } },
    [QUARTER_PROPS.weeksShipped]: { number: p.weeksShipped },
    [QUARTER_PROPS.weeksMissed]: { number: p.weeksMissed },
    [QUARTER_PROPS.missStreak]: { number: p.missStreak },
    [QUARTER_PROPS.commitments]: { number: p.commitments },
    [QUARTER_PROPS.hit]: { number: p.hit },
    [QUARTER_PROPS.partial]: { number: p.partial },
    [QUARTER_PROPS.missed]: { number: p.missed },
    [QUARTER_PROPS.flags]: { multi_select: p.flags.map((name) => ({ name })) },
  };
}

const NUMBERS = [
  QUARTER_PROPS.weeksShipped,
  QUARTER_PROPS.weeksMissed,
  QUARTER_PROPS.missStreak,
  QUARTER_PROPS.commitments,
  QUARTER_PROPS.hit,
  QUARTER_PROPS.partial,
  QUARTER_PROPS.missed,
] as const;

/** The computed values, normalised for comparison with what Notion shows (see computedKeyOf). */
export function computedKey(page: QuarterPage): string {
  const p = page.properties;
  const numbers = [p.weeksShipped, p.weeksMissed, p.missStreak, p.commitments, p.hit, p.partial, p.missed];
  return JSON.stringify([STATUS_NAME[p.status], ...numbers, [...p.flags].sort()]);
}

export function computedKeyOf(properties: Record<string, unknown>): string {
  const p = properties as Record<
    string,
    { number?: number | null; select?: { name: string } | null; multi_select?: { name: string }[] }
  >;
  return JSON.stringify([
    p[QUARTER_PROPS.status]?.select?.name ?? '',
    ...NUMBERS.map((name) => p[name]?.number ?? 0),
    (p[QUARTER_PROPS.flags]?.multi_select ?? []).map((o) => o.name).sort(),
  ]);
}

export function sectionHeading(page: QuarterPage, section: SectionName): string {
  switch (section) {
    case 'signing':
      return 'Before you sign';
    case 'guidance':
      return 'Guidance';
    case 'evidence':
      return 'Evidence';
    case 'checkpoint':
      return `Mid-quarter checkpoint (${page.checkpoint.week})`;
    case 'grading':
      return 'Grading';
  }
}

/** Headings are matched by their start: the checkpoint's names its week. */
export function sectionOfHeading(text: string): SectionName | undefined {
  if (text === 'Before you sign') return 'signing';
  if (text === 'Guidance') return 'guidance';
  if (text === 'Evidence') return 'evidence';
  if (text.startsWith('Mid-quarter checkpoint')) return 'checkpoint';
  if (text === 'Grading') return 'grading';
  return undefined;
}

function evidenceItem(change: ShippedChange, timezone: string): BlockRequest {
  return bullet([
    ...richText(`${change.identifier} ${change.title}`, change.url),
    ...richText(` · ${dayOf(change.completedAt, timezone)}`),
  ]);
}

export function sectionBlocks(page: QuarterPage, section: SectionName, timezone: string): BlockRequest[] {
  switch (section) {
    case 'signing':
      return [
        ...(page.signing.findings.length === 0
          ? [paragraph('Nothing to look at: each commitment names something checkable.')]
          : page.signing.findings.map((line) => bullet(richText(line)))),
        ...page.signing.status.map((line) => paragraph(line)),
        paragraph(richText(formatSigningRecord(page.signing.record), undefined, { italic: true })),
      ];
    case 'guidance':
      return [callout(page.guidance.lines.join('\n'), '🧭')];
    case 'evidence':
      // The record first (last quarter, off weeks), then the ships oldest first, so a newly
      // shipped change is appended at the end: one request. A ship's day as it was where the
      // engineer is: the day it counted in.
      return [
        ...(page.previousQuarter ? [paragraph(page.previousQuarter.line)] : []),
        ...page.offWeeks.map((line) => paragraph(`🟡 ${line}`)),
        ...page.evidence.map((change) => evidenceItem(change, page.engineer.timezone ?? timezone)),
      ];
    case 'checkpoint':
      return page.checkpoint.lines.map((line) => paragraph(line));
    case 'grading':
      return page.grading.length === 0
        ? [
            paragraph(
              'Graded in the quarter’s last two weeks: each of you comments a grade for every commitment, e.g. “1 hit, 2 partial, 3 missed”.',
            ),
          ]
        : [
            table([
              ['#', 'Commitment', 'Engineer', 'Manager', 'Final'],
              ...page.grading.map((row) => [
                String(row.index),
                row.text,
                gradeCell(row.engineer, row.early?.engineer),
                gradeCell(row.manager, row.early?.manager),
                GRADE_MARK[row.final],
              ]),
            ]),
          ];
  }
}

/** The whole body at creation: the engineer's part first, then commitline's sections. */
export function initialBody(page: QuarterPage, timezone: string): BlockRequest[] {
  const blocks: BlockRequest[] = [
    paragraph(richText(page.heading, undefined, { bold: true })),
    numbered(''),
    divider(),
  ];
  for (const section of SECTIONS) {
    blocks.push(heading(sectionHeading(page, section)), ...sectionBlocks(page, section, timezone));
  }
  return blocks;
}

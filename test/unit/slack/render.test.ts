import { describe, expect, it } from 'vitest';
import type { DigestLine, WeekDigest } from '../../../src/domain/index.js';
import {
  digestBlocks,
  digestFallback,
  escapeMrkdwn,
  lineMrkdwn,
  MAX_BLOCKS,
  MAX_HEADER_TEXT,
  MAX_SECTION_TEXT,
} from '../../../src/slack/render.js';

function line(id: string, overrides: Partial<DigestLine> = {}): DigestLine {
  return {
    engineerId: id,
    name: `Engineer ${id}`,
    status: 'hit',
    beforeCommitline: false,
    shipped: [{ identifier: 'ENG-1', title: 'Passkeys on web', url: 'https://linear.app/acme/issue/ENG-1' }],
    pageUrl: `https://www.notion.so/${id}`,
    ...overrides,
  };
}

function digest(groups: { manager: string; lines: DigestLine[] }[]): WeekDigest {
  return {
    weekId: '2026-W42',
    quarterId: '2026-Q4',
    dates: '12–18 Oct 2026',
    groups: groups.map((g) => ({
      manager: { id: g.manager.toLowerCase(), name: g.manager },
      lines: g.lines,
    })),
    counts: { hit: 1, missed: 1, excused: 1, open: 0 },
    gridUrl: 'https://www.notion.so/grid',
  };
}

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const texts = (blocks: readonly unknown[]) =>
  (blocks as Block[]).flatMap((b) => [
    ...(b.text ? [b.text.text] : []),
    ...(b.elements ?? []).map((e) => e.text),
  ]);

const STREAK = {
  key: 'ana:2026-W41',
  missed: ['2026-W41', '2026-W42'],
  question:
    '2 weeks missed in a row (W41, W42). Not a verdict, a question for your next 1:1: what got in the way?',
  message: 'Ana has had no production-visible change since 2026-W41 …',
};

describe('when a week’s digest is rendered for Slack', () => {
  const small = digest([
    {
      manager: 'Maya Okafor',
      lines: [
        line('ben', {
          shipped: [{ identifier: 'ENG-7', title: 'Sign-in <beta> & more', url: 'https://l/7' }],
        }),
        line('ana', { status: 'missed', shipped: [], streak: STREAK }),
        line('chen', { status: 'excused', shipped: [], excusedBecause: 'Company offsite' }),
      ],
    },
  ]);
  const blocks = digestBlocks(small) as Block[];

  it('should open with the week and its dates, then the counts', () => {
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Week 2026-W42 · 12–18 Oct 2026', emoji: true },
    });
    expect(texts([blocks[1]])[0]).toBe('✅ 1 shipped  ❌ 1 missed  🟡 1 excused');
  });

  it('should give each engineer a section: the mark, the name linked to the page, the issues linked', () => {
    const lines = texts(blocks).filter((t) => t.startsWith('✅') || t.startsWith('❌') || t.startsWith('🟡'));
    expect(lines).toContain(
      '✅ *<https://www.notion.so/ben|Engineer ben>*\n<https://l/7|ENG-7 Sign-in &lt;beta&gt; &amp; more>',
    );
    expect(lines).toContain(
      `❌ *<https://www.notion.so/ana|Engineer ana>*\nno production-visible change\n❓ _${STREAK.question}_`,
    );
    expect(lines).toContain('🟡 *<https://www.notion.so/chen|Engineer chen>*\nexcused: Company offsite');
  });

  it('should end with the team grid linked, and have no manager titles for one manager', () => {
    expect(texts(blocks).at(-1)).toBe('<https://www.notion.so/grid|Team baseline 2026-Q4> in Notion');
    expect(texts(blocks).some((t) => t.includes('’s team'))).toBe(false);
  });

  it('should say the week in the notification text, the streak included', () => {
    expect(digestFallback(small)).toBe(
      'Week 2026-W42 (12–18 Oct 2026): 1 shipped, 1 missed, 1 excused, 1 streak to talk about',
    );
  });

  it('should title each manager’s group when there are several', () => {
    const two = digestBlocks(
      digest([
        { manager: 'Lee Adams', lines: [line('a')] },
        { manager: 'Maya Okafor', lines: [line('b')] },
      ]),
    );
    expect(texts(two).filter((t) => t.endsWith('’s team*'))).toEqual([
      '*Lee Adams’s team*',
      '*Maya Okafor’s team*',
    ]);
  });
});

describe('when the team or a week is too large for one section each', () => {
  it('should keep 150 engineers under 50 blocks, every one of them shown', () => {
    const lines = Array.from({ length: 150 }, (_, i) => line(`e${i}`));
    const blocks = digestBlocks(
      digest([
        { manager: 'Lee Adams', lines: lines.slice(0, 75) },
        { manager: 'Maya Okafor', lines: lines.slice(75) },
      ]),
    );
    expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const t of texts(blocks)) expect(t.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    const all = texts(blocks).join('\n');
    for (let i = 0; i < 150; i++) expect(all).toContain(`|Engineer e${i}>`);
  });

  it('should say what did not fit when even packed sections are too many', () => {
    const long = (i: number) =>
      line(`e${i}`, {
        shipped: Array.from({ length: 12 }, (_, k) => ({
          identifier: `ENG-${k}`,
          title: 'A rather long title of a change that users notice '.repeat(2),
          url: `https://linear.app/acme/issue/ENG-${i}-${k}`,
        })),
      });
    const blocks = digestBlocks(
      digest([{ manager: 'Maya', lines: Array.from({ length: 400 }, (_, i) => long(i)) }]),
    );
    expect(blocks).toHaveLength(MAX_BLOCKS);
    expect(texts(blocks).join('\n')).toMatch(
      /more sections than a Slack message holds: the team grid in Notion has every line/,
    );
  });

  it('should cut a long list of ships at a whole link and count the rest', () => {
    const many = line('x', {
      shipped: Array.from({ length: 80 }, (_, k) => ({
        identifier: `ENG-${k}`,
        title: 'Something users will notice on the settings page',
        url: `https://linear.app/acme/issue/ENG-${k}`,
      })),
    });
    const text = lineMrkdwn(many);
    expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(text).toMatch(/\n…and \d+ more$/);
    expect(
      text
        .split('\n')
        .slice(1, -1)
        .every((l) => /^<https:[^|]+\|ENG-\d+ [^>]+>$/.test(l)),
    ).toBe(true);
  });

  it('should keep the header within Slack’s 150 characters', () => {
    const d = { ...digest([{ manager: 'M', lines: [line('a')] }]), dates: 'x'.repeat(300) };
    const header = (digestBlocks(d)[0] as Block).text?.text ?? '';
    expect(header.length).toBe(MAX_HEADER_TEXT);
  });
});

describe('when text goes into mrkdwn', () => {
  it('should escape only Slack’s control characters', () => {
    expect(escapeMrkdwn('a < b && c > d *bold*')).toBe('a &lt; b &amp;&amp; c &gt; d *bold*');
  });
});

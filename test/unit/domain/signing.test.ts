import { describe, expect, it } from 'vitest';
import { signatureIn, signaturesOf } from '../../../src/domain/signing.js';
import type { PageComment } from '../../../src/domain/types.js';

const ENGINEER = 'notion-ana';
const MANAGER = 'notion-maya';
let n = 0;
const comment = (authorId: string, at: string, text: string): PageComment => ({
  id: `c${++n}`,
  authorId,
  createdAt: new Date(at),
  text,
});

describe('when a comment is read as a signature', () => {
  it.each([
    ['I commit to these as of 1 April', '1 April'],
    ['i commit to these as of April 1st.', 'April 1st'],
    ['I commit to these, as of 2026-10-01', '2026-10-01'],
    ['I COMMIT TO THESE, AS OF 2026-10-01!', '2026-10-01'],
    ['I commit to these: as of 5 Oct', '5 Oct'],
    ['I commit to these as of 1.10.2026', '1.10.2026'],
    ['Looks good.\nI commit to these as of 5 October', '5 October'],
    ['I commit to these as of 5 October. Looking forward to it!', '5 October'],
    ['I commit to this as of today', 'today'],
    ['I commit to these as of 5 October', '5 October'],
  ])('should read “%s” as signed as of %s', (text, date) => {
    expect(signatureIn(text)).toEqual({ date });
  });

  it.each([
    'I will commit to these soon',
    'Can we talk about these?',
    'I commit',
    'I commit to these',
    'Do you commit to these as of Monday?',
  ])('should not read “%s” as a signature', (text) => {
    expect(signatureIn(text)).toBeUndefined();
  });
});

describe('when the signatures of a page are read', () => {
  it.each([
    {
      case: 'someone else signs',
      comments: [comment('notion-someone', '2026-09-29T08:00:00Z', 'I commit to these as of 29 September')],
      engineer: undefined,
      manager: undefined,
    },
    {
      case: 'both sign',
      comments: [
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
        comment(MANAGER, '2026-09-30T09:00:00Z', 'I commit to these as of 30 September'),
      ],
      engineer: '29 September',
      manager: '30 September',
    },
    {
      case: 'the engineer signs again after the checkpoint',
      comments: [
        comment(ENGINEER, '2026-11-10T09:00:00Z', 'I commit to these as of 10 November'),
        comment(ENGINEER, '2026-09-29T09:00:00Z', 'I commit to these as of 29 September'),
        comment(ENGINEER, '2026-11-11T09:00:00Z', 'Thanks, see you Friday'),
      ],
      engineer: '10 November',
      manager: undefined,
    },
    {
      case: 'the manager only comments',
      comments: [comment(MANAGER, '2026-09-30T09:00:00Z', 'Item 3 needs a number')],
      engineer: undefined,
      manager: undefined,
    },
  ])('should find the latest of each when $case', ({ comments, engineer, manager }) => {
    const signatures = signaturesOf({ engineerNotionId: ENGINEER, managerNotionId: MANAGER, comments });
    expect(signatures.engineer && signatureIn(signatures.engineer.text)?.date).toBe(engineer);
    expect(signatures.manager && signatureIn(signatures.manager.text)?.date).toBe(manager);
  });
});

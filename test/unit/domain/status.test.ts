import { describe, expect, it } from 'vitest';
import { checkpointHeld, quarterStatus } from '../../../src/domain/status.js';
import type { PageComment } from '../../../src/domain/types.js';

const MANAGER = 'notion-maya';
const ENGINEER = 'notion-ana';
const comment = (authorId: string, text: string): PageComment => ({
  id: `${authorId}:${text}`,
  authorId,
  createdAt: new Date('2026-11-10T09:00:00Z'),
  text,
});

describe('when a quarter page moves through its life', () => {
  // Columns: engineer signed, manager signed, checkpoint held, engineer graded, manager graded.
  it.each([
    [[false, false, false, false, false], 'draft'],
    [[true, false, false, false, false], 'draft'],
    [[false, true, true, false, false], 'draft'],
    [[true, true, false, false, false], 'signed'],
    [[true, true, false, true, false], 'signed'],
    [[true, true, true, false, false], 'checked'],
    [[true, true, true, true, false], 'checked'],
    [[true, true, true, false, true], 'checked'],
    [[true, true, true, true, true], 'graded'],
    [[true, true, false, true, true], 'graded'],
  ] as const)(
    'should be %j → %s',
    ([engineerSigned, managerSigned, held, engineerGraded, managerGraded], status) => {
      expect(
        quarterStatus({ engineerSigned, managerSigned, checkpointHeld: held, engineerGraded, managerGraded }),
      ).toBe(status);
    },
  );
});

describe('when the checkpoint is recorded', () => {
  it.each([
    { comments: [comment(MANAGER, 'Checkpoint held')], held: true },
    { comments: [comment(MANAGER, 'checkpoint held — re-scoped item 3')], held: true },
    { comments: [comment(MANAGER, 'CHECKPOINT HELD.')], held: true },
    { comments: [comment(MANAGER, '**Checkpoint held** on Tuesday')], held: true },
    { comments: [comment(ENGINEER, 'Checkpoint held')], held: false },
    { comments: [comment(MANAGER, 'When is the checkpoint held?')], held: false },
    { comments: [comment(MANAGER, 'No checkpoint held yet')], held: false },
    { comments: [], held: false },
  ])('should read $comments.0.text as held: $held', ({ comments, held }) => {
    expect(checkpointHeld(comments, MANAGER)).toBe(held);
  });
});

import { describe, expect, it } from 'vitest';
import { formatSigningRecord, parseSigningRecord } from '../../../src/notion/signing-record.js';

describe('when commitline records its signatures on the page', () => {
  const record = {
    lastRead: '10279f21',
    signatures: { '8f14e45fceea': '10279f21', '00c1a2b3c4d5': '811c9dc5' },
  };

  it('should read back exactly what it wrote, as one line people can see', () => {
    const line = formatSigningRecord(record);
    expect(line).toBe(
      'Signature record (kept by commitline): read v10279f21 · 00c1a2b3c4d5→v811c9dc5 · 8f14e45fceea→v10279f21',
    );
    expect(parseSigningRecord(line)).toEqual(record);
  });

  it('should read a record whose signatures are named by their first eight digits', () => {
    expect(
      parseSigningRecord('Signature record (kept by commitline): read v10279f21 · 8f14e45f→v811c9dc5'),
    ).toEqual({
      lastRead: '10279f21',
      signatures: { '8f14e45f': '811c9dc5' },
    });
  });

  it('should take no other line for its record', () => {
    expect(parseSigningRecord('Signed: read v10279f21')).toBeUndefined();
  });
});

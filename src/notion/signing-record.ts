/**
 * commitline's record of signatures, as one line of its own on the page (under "Before you
 * sign"): the version of the commitments it last read, and the version each signature covers.
 * Kept in Notion so it survives a lost Redis; written and read back only here.
 */
import type { SigningRecord } from '../domain/index.js';

const PREFIX = 'Signature record (kept by commitline):';

export function formatSigningRecord(record: SigningRecord): string {
  const parts = [
    `read v${record.lastRead ?? '-'}`,
    ...Object.entries(record.signatures)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ref, version]) => `${ref}→v${version}`),
  ];
  return `${PREFIX} ${parts.join(' · ')}`;
}

/** The record in a line of text, or undefined when the line is not commitline's record. */
export function parseSigningRecord(text: string): SigningRecord | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const lastRead = /read v([0-9a-f]{8})/.exec(text)?.[1];
  const signatures: Record<string, string> = {};
  for (const match of text.matchAll(/(?<![0-9a-f])([0-9a-f]{12}|[0-9a-f]{8})→v([0-9a-f]{8})/g)) {
    if (match[1] && match[2]) signatures[match[1]] = match[2];
  }
  return { ...(lastRead ? { lastRead } : {}), signatures };
}

/** A Notion page given as a URL or an id, as its dashed UUID. */
export function parseNotionId(input: string): string {
  const trimmed = input.trim();
  const path = /^https?:\/\//.test(trimmed) ? new URL(trimmed).pathname : trimmed;
  const hex = /([0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})(?![0-9a-f])/i.exec(
    path,
  )?.[1];
  if (!hex) {
    throw new Error(
      `"${input}" is not a Notion page URL or id (expected 32 hex characters, e.g. from the page's “Copy link”)`,
    );
  }
  const h = hex.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

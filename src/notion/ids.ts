/**
 * A Notion page given as a URL or an id, as its dashed UUID. Accepted:
 * - a page URL, with or without a title slug and query: https://www.notion.so/acme/Team-goals-<32 hex>?pvs=4
 * - a page opened as a peek from a database view: …/<database id>?v=<view id>&p=<page id>
 * - 32 hex characters, or the dashed UUID.
 */
const HEX32 = /^[0-9a-f]{32}$/i;
const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id that ends a path segment: after the slug's last dash, or the whole segment. */
const SEGMENT_ID = /(?:^|-)([0-9a-f]{32})$/i;

function dashed(hex: string): string {
  const h = hex.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function fromUrl(url: URL): string | undefined {
  const peeked = url.searchParams.get('p');
  if (peeked && HEX32.test(peeked)) return peeked;
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const last = segments.at(-1);
  if (!last) return undefined;
  if (DASHED.test(last)) return last;
  return SEGMENT_ID.exec(last)?.[1];
}

export function parseNotionId(input: string): string {
  const trimmed = input.trim();
  let found: string | undefined;
  if (HEX32.test(trimmed) || DASHED.test(trimmed)) found = trimmed;
  else if (/^https?:\/\//i.test(trimmed)) {
    try {
      found = fromUrl(new URL(trimmed));
    } catch {
      found = undefined;
    }
  }
  if (!found) {
    throw new Error(
      `"${input}" is not a Notion page URL or id: expected a link from the page's "Copy link", ` +
        '32 hexadecimal characters, or a UUID',
    );
  }
  return dashed(found);
}

/** The address of a Notion page for people: notion.so redirects it to the workspace's page. */
export function notionPageUrl(pageId: string): string {
  return `https://www.notion.so/${pageId.replace(/-/g, '')}`;
}

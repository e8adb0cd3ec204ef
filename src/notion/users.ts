import type { Client } from '@notionhq/client';

/**
 * Notion user ids for the given emails (lower-cased keys). Reads the workspace's users once,
 * page by page; emails are present only with the "read user information including email"
 * capability, so an integration without it resolves nobody.
 */
export async function listUsersByEmail(
  client: Client,
  emails: readonly string[],
): Promise<Map<string, string>> {
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  const found = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await client.users.list({ page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
    for (const user of page.results) {
      if (user.type !== 'person' || !('person' in user)) continue;
      const email = user.person.email?.toLowerCase();
      if (email && wanted.has(email)) found.set(email, user.id);
    }
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor && found.size < wanted.size);
  return found;
}

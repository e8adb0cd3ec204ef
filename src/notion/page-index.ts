/**
 * Finding a quarter page and its weekly rows by their properties, and creating a page exactly
 * once even when two workers race: a Redis lock (held by the writer), then find again, then create.
 */

import type { Client } from '@notionhq/client';
import { type NotionTargets, QUARTER_PROPS, WEEK_PROPS } from './schema.js';

export type NotionPage = {
  object: 'page';
  id: string;
  properties: Record<string, unknown>;
  last_edited_by?: { id: string };
};

const byOwner = (engineerKey: string, quarter: string, props: typeof QUARTER_PROPS | typeof WEEK_PROPS) => ({
  and: [
    { property: props.engineerKey, rich_text: { equals: engineerKey } },
    { property: props.quarter, select: { equals: quarter } },
  ],
});

export async function findQuarterPage(
  client: Client,
  targets: NotionTargets,
  engineerKey: string,
  quarter: string,
): Promise<NotionPage | undefined> {
  const result = await client.dataSources.query({
    data_source_id: targets.quarterDataSourceId,
    filter: byOwner(engineerKey, quarter, QUARTER_PROPS) as never,
    sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
    page_size: 10,
  });
  // Oldest first if a person duplicated the page by hand: the original is the one to keep.
  return (result.results as unknown as NotionPage[]).filter((r) => r.object === 'page')[0];
}

export async function findWeekRows(
  client: Client,
  targets: NotionTargets,
  engineerKey: string,
  quarter: string,
): Promise<NotionPage[]> {
  const rows: NotionPage[] = [];
  let cursor: string | undefined;
  do {
    const result = await client.dataSources.query({
      data_source_id: targets.weekDataSourceId,
      filter: byOwner(engineerKey, quarter, WEEK_PROPS) as never,
      page_size: 100,
      ...(cursor ? { start_cursor: cursor } : {}),
    });
    rows.push(...(result.results as unknown as NotionPage[]).filter((r) => r.object === 'page'));
    cursor = result.has_more ? (result.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return rows;
}

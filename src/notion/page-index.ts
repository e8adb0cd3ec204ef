/**
 * Finding a quarter page and its weekly rows by their properties (`Engineer key` and `Quarter`),
 * one data-source query each.
 */
import {
  type Client,
  collectPaginatedAPI,
  isFullPage,
  type PageObjectResponse,
  type QueryDataSourceParameters,
} from '@notionhq/client';
import { type NotionTargets, QUARTER_PROPS, WEEK_PROPS } from './schema.js';

export type NotionPage = PageObjectResponse;
export type PageProperties = PageObjectResponse['properties'];

const byOwner = (
  engineerKey: string,
  quarter: string,
  props: typeof QUARTER_PROPS | typeof WEEK_PROPS,
): NonNullable<QueryDataSourceParameters['filter']> => ({
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
    filter: byOwner(engineerKey, quarter, QUARTER_PROPS),
    sorts: [{ timestamp: 'created_time', direction: 'ascending' }],
    page_size: 10,
  });
  // Oldest first if a person duplicated the page by hand: the original is the one to keep.
  return result.results.filter(isFullPage)[0];
}

export async function findWeekRows(
  client: Client,
  targets: NotionTargets,
  engineerKey: string,
  quarter: string,
): Promise<NotionPage[]> {
  const rows = await collectPaginatedAPI(client.dataSources.query, {
    data_source_id: targets.weekDataSourceId,
    filter: byOwner(engineerKey, quarter, WEEK_PROPS),
    page_size: 100,
  });
  return rows.filter(isFullPage);
}

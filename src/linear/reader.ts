import type { LinearReader, ShippedChange, ShippedQuery } from '../domain/index.js';
import type { LinearApi } from './client.js';
import { SHIPPED_ISSUES } from './documents.js';

interface ShippedPage {
  issues: {
    nodes: {
      id: string;
      identifier: string;
      title: string;
      url: string;
      completedAt: string | null;
      assignee: { id: string } | null;
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** A guard against a cursor that never ends: 50 pages of 100 is far beyond a quarter. */
const MAX_PAGES = 50;

/** The shipped production-visible changes of one engineer, every page of them, in one query each. */
export function createLinearReader(api: LinearApi): LinearReader {
  return {
    async shippedChanges(query: ShippedQuery): Promise<ShippedChange[]> {
      const changes: ShippedChange[] = [];
      let after: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const data: ShippedPage = await api.request<ShippedPage>('shippedIssues', SHIPPED_ISSUES, {
          assigneeId: query.assigneeId,
          label: query.label,
          from: query.from.toISOString(),
          to: query.to.toISOString(),
          after,
        });
        for (const node of data.issues.nodes) {
          if (!node.completedAt || !node.assignee) continue;
          changes.push({
            issueId: node.id,
            identifier: node.identifier,
            title: node.title,
            url: node.url,
            assigneeId: node.assignee.id,
            completedAt: new Date(node.completedAt),
          });
        }
        if (!data.issues.pageInfo.hasNextPage || !data.issues.pageInfo.endCursor) return changes;
        after = data.issues.pageInfo.endCursor;
      }
      throw new Error(
        `more than ${MAX_PAGES} pages of shipped issues for ${query.assigneeId}; refusing to continue`,
      );
    },
  };
}

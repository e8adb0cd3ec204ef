import { describe, expect, it } from 'vitest';
import { countRequest, metered, RequestMeter } from '../../../src/notion/meter.js';

describe('when Notion requests are counted', () => {
  it('should count reads and writes, a query being a read', async () => {
    const meter = new RequestMeter();
    await metered(meter, async () => {
      countRequest('GET', '/v1/blocks/abc/children');
      countRequest('POST', '/v1/data_sources/abc/query');
      countRequest('PATCH', '/v1/pages/abc');
      countRequest('POST', '/v1/comments');
    });
    expect({ requests: meter.requests, writes: meter.writes }).toEqual({ requests: 4, writes: 2 });
  });

  it('should count a write inside a backfill for both, and keep work side by side apart', async () => {
    const backfill = new RequestMeter();
    const page = new RequestMeter();
    const other = new RequestMeter();
    await metered(backfill, () =>
      Promise.all([
        metered(page, async () => countRequest('PATCH', '/v1/pages/abc')),
        metered(other, async () => countRequest('GET', '/v1/users/me')),
      ]),
    );
    expect([backfill.requests, backfill.writes]).toEqual([2, 1]);
    expect([page.requests, page.writes]).toEqual([1, 1]);
    expect([other.requests, other.writes]).toEqual([1, 0]);
  });

  it('should count nothing outside any metered work', () => {
    const meter = new RequestMeter();
    countRequest('PATCH', '/v1/pages/abc');
    expect(meter.requests).toBe(0);
  });
});

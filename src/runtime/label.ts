/**
 * The production-visible label, as the webhook route knows it: its name from the team file and
 * its ids, looked up once at start. Knowing the id, the route recognises the label's removal
 * before any delivery has named it; without it, every label removal counts as possibly relevant.
 */
import { withTimeout } from '../http/timeout.js';
import { createLinearApi, createLinearDirectory } from '../linear/index.js';
import type { ProcessContext } from './context.js';

const LOOKUP_TIMEOUT_MS = 5_000;

export async function productionVisibleLabel(
  context: Pick<ProcessContext, 'env' | 'team' | 'logger' | 'metrics'>,
): Promise<{ name: string; ids: Set<string> }> {
  const { env, team, logger, metrics } = context;
  const label = { name: team.label, ids: new Set<string>() };
  if (!env.linearApiKey) return label;
  try {
    // One try: the process starts either way, and deliveries teach the id too.
    const api = createLinearApi({
      apiKey: env.linearApiKey,
      apiUrl: env.linearApiUrl,
      metrics,
      retry: false,
    });
    const found = await withTimeout(createLinearDirectory(api).labelByName(team.label), LOOKUP_TIMEOUT_MS);
    if (found) label.ids.add(found.id);
    else
      logger.warn(
        { label: team.label },
        'the production-visible label is not in Linear; run `commitline setup`',
      );
  } catch (error) {
    logger.warn(
      { err: error, label: team.label },
      'could not look the label up in Linear; deliveries will name it',
    );
  }
  return label;
}

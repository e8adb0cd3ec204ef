/**
 * `commitline doctor`'s Slack lines, only when the digest is configured: the token (`auth.test`),
 * the channel (`conversations.info`, a name looked up first), the bot's membership, and whether
 * each manager can be found by email for a streak's direct message.
 */
import type { SlackSettings } from '../config/env.js';
import type { TeamConfig } from '../config/team.js';
import type { Logger } from '../observability/logger.js';
import { createSlackApi, isChannelId, SLACK_FIXES, toSlackApiError } from '../slack/index.js';
import { managerEmails } from './digest.js';
import { type CheckResult, fail, pass, warn } from './doctor-check.js';

export async function checkSlack(
  slack: SlackSettings,
  team: TeamConfig | undefined,
  logger: Logger,
): Promise<CheckResult[]> {
  // One try each: doctor reports what it finds now, it does not wait out a rate limit for minutes.
  const api = createSlackApi({
    token: slack.token,
    apiUrl: slack.apiUrl,
    logger,
    retry: { retries: 1, minTimeoutMs: 500, maxTimeoutMs: 500 },
    timeoutMs: 10_000,
  });
  const results: CheckResult[] = [];
  try {
    const who = await api.authTest();
    results.push(pass(`Slack token valid (bot ${who.userId} in ${who.team})`));
  } catch (raw) {
    const error = toSlackApiError(raw);
    results.push(fail(`Slack refused SLACK_BOT_TOKEN (${error.message})`, SLACK_FIXES[error.code]));
    return results;
  }
  const named = isChannelId(slack.channel) ? slack.channel : `#${slack.channel}`;
  try {
    const id = isChannelId(slack.channel) ? slack.channel : await api.channelIdByName(slack.channel);
    if (!id) {
      results.push(fail(`Slack channel ${named} not found`, SLACK_FIXES['channel-not-found']));
      return results;
    }
    const channel = await api.channelInfo(id);
    const shown = `#${channel.name} (${channel.id})`;
    if (channel.isArchived)
      results.push(fail(`Slack channel ${shown} is archived`, SLACK_FIXES['channel-archived']));
    else results.push(pass(`Slack channel ${shown} found`));
    results.push(
      channel.isMember
        ? pass(`the Slack app is a member of ${shown}: the digest can be posted`)
        : fail(
            `the Slack app is not a member of ${shown}: the digest cannot be posted`,
            SLACK_FIXES['not-in-channel'],
          ),
    );
  } catch (raw) {
    const error = toSlackApiError(raw);
    results.push(
      fail(`Slack channel ${named} could not be checked (${error.message})`, SLACK_FIXES[error.code]),
    );
    return results;
  }
  if (team) {
    const managers = new Set(team.roster.map((e) => e.managerId));
    const emails = managerEmails(team);
    const unreachable: string[] = [];
    try {
      for (const id of managers) {
        const email = emails.get(id);
        if (!email || !(await api.userIdByEmail(email))) unreachable.push(id);
      }
      results.push(
        unreachable.length === 0
          ? pass(`every manager has a Slack user by email: a two-miss streak reaches them directly`)
          : warn(
              `no Slack user found by email for ${unreachable.join(', ')}: their streaks are said in the channel instead of a DM`,
              'give them, in the team file, the email of their Slack account (notion: <email>)',
            ),
      );
    } catch (raw) {
      const error = toSlackApiError(raw);
      results.push(
        warn(`Slack users could not be looked up by email (${error.message})`, SLACK_FIXES[error.code]),
      );
    }
  }
  return results;
}

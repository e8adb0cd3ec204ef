/**
 * What a command's failure means for the person who ran it: one line, and the fix where one is
 * known. Decided by the typed errors' `code`, never by their message.
 */
import { isNotionClientError } from '@notionhq/client';
import { LinearApiError } from '../linear/index.js';
import { NOTION_INTEGRATIONS_URL, NotionApiError, toNotionApiError } from '../notion/index.js';
import { SLACK_FIXES, SlackApiError } from '../slack/index.js';

export interface Explained {
  /** What went wrong, one line. */
  problem: string;
  /** What to do about it, when known. */
  fix?: string;
}

function firstLine(message: string): string {
  return (message.split('\n').find((l) => l.trim() !== '') ?? message).trim();
}

function linear(error: LinearApiError): Explained {
  const said = firstLine(error.message);
  switch (error.code) {
    case 'authentication':
      return {
        problem: `Linear refused the API key (${said})`,
        fix: 'check LINEAR_API_KEY: a personal API key from Linear → Settings → Security & access',
      };
    case 'network':
      return {
        problem: `Linear could not be reached (${said})`,
        fix: 'check the network, and LINEAR_API_URL if it is set',
      };
    case 'rate-limited':
      return {
        problem: `Linear is rate limiting commitline (${said})`,
        fix: 'wait a few minutes, then run the command again',
      };
    case 'server':
      return {
        problem: `Linear answered with a server error (${said})`,
        fix: 'try again later; https://linearstatus.com shows incidents',
      };
    default:
      return { problem: `Linear refused a request (${error.code}: ${said})` };
  }
}

function notion(error: NotionApiError): Explained {
  const said = firstLine(error.message);
  switch (error.code) {
    case 'unauthorized':
      return {
        problem: `Notion refused the token (${said})`,
        fix: `check NOTION_TOKEN (the internal integration secret, ${NOTION_INTEGRATIONS_URL}) and share the parent page with the integration (page ••• → Connections)`,
      };
    case 'restricted':
      return {
        problem: `Notion refused: the integration lacks a capability (${said})`,
        fix: `turn on Read content, Update content, Insert content, Read comments, Insert comments and Read user information including email addresses at ${NOTION_INTEGRATIONS_URL} → your integration → Capabilities`,
      };
    case 'not-found':
      return {
        problem: `Notion could not find a page or database (${said})`,
        fix: 'share the parent page with the integration (page ••• → Connections); if a database was deleted, run `commitline setup --parent <Notion page URL>` again',
      };
    case 'network':
      return {
        problem: `Notion could not be reached (${said})`,
        fix: 'check the network, and NOTION_API_URL if it is set',
      };
    case 'rate-limited':
      return {
        problem: `Notion is rate limiting commitline (${said})`,
        fix: 'wait a minute and run the command again; lower NOTION_RATE_LIMIT if it is above 3',
      };
    case 'server':
    case 'conflict':
      return {
        problem: `Notion answered with a temporary error (${said})`,
        fix: 'try again later; https://www.notion-status.com shows incidents',
      };
    default:
      return { problem: `Notion refused a request (${error.code}: ${said})` };
  }
}

/** The Notion SDK's raw errors as NotionApiError; anything else as it is. */
export function asNotionError(error: unknown): unknown {
  // The SDK's own type guard, not the error's name: commitline's adapter may hand some back untranslated.
  return isNotionClientError(error) ? toNotionApiError(error) : error;
}

/**
 * Explains a failure: Linear and Notion errors by code, other typed errors (an Error with a
 * string `code`: commitline's own, Node's system errors) by their message. Undefined for an
 * error that says nothing typed about itself: the caller shows its message and offers the stack.
 */
export function explainFailure(raw: unknown): Explained | undefined {
  const error = asNotionError(raw);
  if (error instanceof LinearApiError) return linear(error);
  if (error instanceof NotionApiError) return notion(error);
  if (error instanceof SlackApiError) {
    return {
      problem: `Slack refused (${error.code}: ${firstLine(error.message)})`,
      fix: SLACK_FIXES[error.code],
    };
  }
  if (error instanceof Error && typeof (error as { code?: unknown }).code === 'string') {
    return { problem: firstLine(error.message) };
  }
  return undefined;
}

/** One line for the terminal: the problem, then the fix. */
export function failureLine(explained: Explained): string {
  return explained.fix ? `${explained.problem}: ${explained.fix}` : explained.problem;
}

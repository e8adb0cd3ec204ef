/**
 * Parsers for option values, given to commander's `argParser`: a bad value is an
 * InvalidArgumentError, which commander reports naming the option, and runProgram exits 2.
 */
import { InvalidArgumentError } from 'commander';

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  }
  return port;
}

/** A finite number above zero, e.g. requests per second. */
export function parsePositiveNumber(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('expected a number above 0, e.g. 3 or 0.5.');
  }
  return n;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The public URL of commitline's Linear webhook route: https, ending in /webhooks/linear. Plain
 * http only for this machine (the sandbox and tests): Linear sends issue data and signatures.
 */
export function parseWebhookUrl(value: string): string {
  const example = 'e.g. https://commitline.example.com/webhooks/linear';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`expected the public URL of the route, ${example}.`);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new InvalidArgumentError(
      `expected an https:// URL, ${example} (http:// only for localhost or 127.0.0.1).`,
    );
  }
  if (!/\/webhooks\/linear$/.test(url.pathname) || url.search || url.hash) {
    throw new InvalidArgumentError(`expected the URL of the route …/webhooks/linear, ${example}.`);
  }
  return value;
}

/**
 * Before a process opens Redis or starts a worker: can it listen where it is told to? A port in
 * use is said in one line naming the variable to change, instead of a bare EADDRINUSE once the
 * workers already run.
 */
import { createServer } from 'node:net';

export interface PortToCheck {
  port: number;
  host: string;
  /** The variable that sets it, e.g. `PORT`. */
  variable: string;
  /** How the port is chosen when the variable is unset, when that is not obvious: `PORT + 1`. */
  defaultsTo?: string;
  /** What listens there, for the message: "the HTTP server". */
  purpose: string;
}

/** The port cannot be listened on; `code` is Node's (EADDRINUSE, EACCES, EADDRNOTAVAIL). */
export class PortUnavailableError extends Error {
  readonly code = 'port-unavailable';
  constructor(
    message: string,
    readonly port: number,
    readonly variable: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'PortUnavailableError';
  }
}

function explain(check: PortToCheck, reason: string): string {
  const where = `${check.host}:${check.port}`;
  const named = check.defaultsTo ? `${check.variable}, default ${check.defaultsTo}` : check.variable;
  switch (reason) {
    case 'EADDRINUSE':
      return `port ${check.port} (${named}) is already in use on ${check.host}, so ${check.purpose} cannot listen: stop what uses it, or set ${check.variable} to a free port`;
    case 'EACCES':
      return `port ${check.port} (${named}) needs privileges to listen on ${where}: set ${check.variable} to a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `${check.host} is not an address of this machine, so ${check.purpose} cannot listen on port ${check.port}: set HOST to one of its addresses, or 0.0.0.0`;
    default:
      return `${check.purpose} cannot listen on ${where} (${reason}): check ${check.variable} and HOST`;
  }
}

function tryListen(check: PortToCheck): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port: check.port, host: check.host, exclusive: true }, () => {
      server.close(() => resolve(undefined));
    });
  });
}

/**
 * Listens on each port for a moment and lets go. Throws one PortUnavailableError for the first
 * that is refused. Port 0 (any free port) always passes.
 */
export async function assertPortsAvailable(checks: readonly PortToCheck[]): Promise<void> {
  for (const check of checks) {
    if (check.port === 0) continue;
    const reason = await tryListen(check);
    if (reason) throw new PortUnavailableError(explain(check, reason), check.port, check.variable, reason);
  }
}

/** Where `api` and `serve` answer readiness and metrics, apart from the webhook port. */
export function opsPortUse(env: { opsPort: number; host: string }): PortToCheck {
  return {
    port: env.opsPort,
    host: env.host,
    variable: 'OPS_PORT',
    defaultsTo: 'PORT + 2',
    purpose: 'readiness and metrics',
  };
}

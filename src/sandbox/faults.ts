/**
 * Faults the sandbox injects on request: a status for the next N requests (optionally only those
 * of one method and path), or added latency. `after`: the request is carried out and then its
 * answer is lost, replaced by the status, as when a proxy times out on a write that succeeded.
 */
export interface Fault {
  service: 'notion' | 'linear' | 'slack';
  status?: number;
  count?: number;
  latencyMs?: number;
  method?: string;
  /** A part of the path, e.g. "/v1/comments". */
  path?: string;
  after?: boolean;
}

export class FaultQueue {
  readonly #faults: Fault[] = [];

  inject(fault: Fault): void {
    this.#faults.push({ ...fault, count: fault.count ?? 1 });
  }

  /** The fault for this request, if any; waits out its latency first. */
  async take(
    service: Fault['service'],
    request: { method?: string | undefined; path?: string | undefined } = {},
  ): Promise<Fault | undefined> {
    const fault = this.#faults.find(
      (f) =>
        f.service === service &&
        (!f.method || f.method.toUpperCase() === request.method?.toUpperCase()) &&
        (!f.path || (request.path ?? '').includes(f.path)),
    );
    if (!fault) return undefined;
    fault.count = (fault.count ?? 1) - 1;
    if (fault.count <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    return fault;
  }
}

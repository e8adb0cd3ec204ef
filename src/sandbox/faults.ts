/** Faults the sandbox injects on request: a status for the next N requests, or added latency. */
export interface Fault {
  service: 'notion' | 'linear';
  status?: number;
  count?: number;
  latencyMs?: number;
}

export class FaultQueue {
  readonly #faults: Fault[] = [];

  inject(fault: Fault): void {
    this.#faults.push({ ...fault, count: fault.count ?? 1 });
  }

  /** The fault for this request, if any; waits out its latency first. */
  async take(service: Fault['service']): Promise<Fault | undefined> {
    const fault = this.#faults.find((f) => f.service === service);
    if (!fault) return undefined;
    fault.count = (fault.count ?? 1) - 1;
    if (fault.count <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
    return fault;
  }
}

import { variablePrefix } from '@gatehouse/shared';
import { subgraphRegistry } from '../../src/registry';

/**
 * Ports for one run of real processes: the gateway at `base`, then each registered subgraph in the
 * registry's order, so a new subgraph gets one without an edit here. `span` ports in all.
 */
export class ProcessPorts {
  static readonly span = subgraphRegistry.length + 1;
  readonly base: number;

  constructor(from: number, slots: number) {
    this.base = from + Math.floor(Math.random() * slots) * ProcessPorts.span;
  }

  /** `gateway` or a subgraph's name. */
  portOf(service: string): number {
    if (service === 'gateway') return this.base;
    const index = subgraphRegistry.findIndex((s) => s.name === service);
    if (index < 0) throw new Error(`no subgraph ${service} in the registry`);
    return this.base + 1 + index;
  }

  urlOf(service: string): string {
    return `http://127.0.0.1:${this.portOf(service)}/graphql`;
  }

  /** GATEWAY_PORT and every <NAME>_PORT. */
  environment(): Record<string, string> {
    return { GATEWAY_PORT: String(this.base), ...Object.fromEntries(subgraphRegistry.map((s) => [`${variablePrefix(s.name)}_PORT`, String(this.portOf(s.name))])) };
  }
}

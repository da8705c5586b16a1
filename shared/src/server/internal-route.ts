import { z } from 'zod';
import { SigningService } from '../config/service-keys';
import { Viewer } from './viewer';

/**
 * One internal endpoint between Gatehouse services, declared once by the service that serves it
 * (in its contracts package) and imported by its callers: the callee validates the input with it,
 * the caller the output, so neither side reads an untyped body.
 */
export interface InternalRouteContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** The service that serves the route: callers sign for it as the audience. */
  service: string;
  /** The route's path under `/internal/`. */
  name: string;
  /** Who may call it, by their signing key; anyone else gets 403. */
  callers: readonly SigningService[];
  input: I;
  output: O;
}

export function defineInternalRoute<I extends z.ZodType, O extends z.ZodType>(contract: InternalRouteContract<I, O>): InternalRouteContract<I, O> {
  return Object.freeze({ ...contract, callers: Object.freeze([...contract.callers]) });
}

/** What a caller sends and what it gets back, as typed by the contract. */
export type RouteInput<C extends InternalRouteContract> = z.input<C['input']>;
export type RouteOutput<C extends InternalRouteContract> = z.output<C['output']>;

/** The outcome of one call on the callee's side: the handler's answer, or why the body was refused (the handler did not run). */
export type RouteRun = { ok: true; output: unknown } | { ok: false; message: string };

/** A route a service serves: its contract and the handler behind it, typed by the contract. */
export interface ImplementedRoute {
  readonly contract: InternalRouteContract;
  /** Validates the body against the contract's input, then runs the handler on the parsed input. */
  run(body: unknown, viewer: Viewer): Promise<RouteRun>;
}

/** Longest validation message sent back: enough to name the fields, not an echo of a huge body. */
const maxMessageLength = 500;

export function implementRoute<I extends z.ZodType, O extends z.ZodType>(contract: InternalRouteContract<I, O>, handler: (input: z.output<I>, viewer: Viewer) => Promise<z.input<O>>): ImplementedRoute {
  return {
    contract,
    run: async (body, viewer) => {
      const parsed = contract.input.safeParse(body);
      if (!parsed.success) return { ok: false, message: `Invalid body for ${contract.name}: ${z.prettifyError(parsed.error)}`.slice(0, maxMessageLength) };
      return { ok: true, output: await handler(parsed.data, viewer) };
    },
  };
}

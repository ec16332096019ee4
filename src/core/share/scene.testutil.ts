/** Test helper: the trace-level overview drawing the scene and the Mermaid tests share. */
import type { TraceId } from '../ids';
import type { OverviewDrawing } from './scene';

/** A full-length trace id of one repeated character: `repeatedTraceId('a')` is 32 `a`s. */
export function repeatedTraceId(c: string): TraceId {
  return c.repeat(32) as TraceId;
}

const T = repeatedTraceId;

/**
 * Traces a (web, 12 spans), b (payments, 1 span, 2 problems) and the missing trace c, placed from
 * x 100; links a -> b (3), c -> b (1, broken), and a -> d, whose trace is not drawn.
 */
export const OVERVIEW: OverviewDrawing = {
  nodes: [
    { traceId: T('a'), title: 'POST /checkout', service: 'web', spanCount: 12, problemCount: 0, placeholder: false, x: 100, y: 50, width: 240, height: 64 },
    { traceId: T('b'), title: 'process orders', service: 'payments', spanCount: 1, problemCount: 2, placeholder: false, x: 500, y: 50, width: 240, height: 64 },
    { traceId: T('c'), title: 'missing trace', service: '', spanCount: 0, problemCount: 0, placeholder: true, x: 500, y: 200, width: 240, height: 64 },
  ],
  edges: [
    { from: T('a'), to: T('b'), count: 3, broken: 0 },
    { from: T('c'), to: T('b'), count: 1, broken: 1 },
    { from: T('a'), to: T('d'), count: 1, broken: 1 },
  ],
};

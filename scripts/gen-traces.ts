/**
 * Seeded trace generator: synthetic traces with span links, for the benchmark and for trying the
 * app on large inputs. The same options and seed always give the same bytes.
 *
 * Two halves, so more formats can be added without touching the generator:
 * - `generateModel(opts)` builds a format-neutral model (traces, spans, links);
 * - a writer per format turns it into text (`WRITERS`: OTLP JSON, OTLP JSON Lines).
 *
 * Usage:
 *   npx tsx scripts/gen-traces.ts --spans 100000 --links 20000 --out bench/out/x.json
 *   options: --traces N | --spans-per-trace N (default 20) | --missing 0.05 | --seed 1
 *            --format otlp-json|otlp-jsonl
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GenOptions {
  /** Number of traces. */
  readonly traces: number;
  readonly spansPerTrace: number;
  /** Total link records, spread over random spans. */
  readonly links: number;
  /** Share of links whose target is not generated (half missing trace, half missing span). */
  readonly missingRatio: number;
  readonly seed: number;
}

export interface GenLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly type: 'producer' | 'retry' | 'batch';
}

export interface GenSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly service: string;
  /** OTLP span kind, 1 internal … 5 consumer. */
  readonly kind: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly error: boolean;
  readonly links: GenLink[];
  /** More string attributes, written after `app.generated` (scripts/gen-scenarios.ts sizes files with them). */
  readonly attributes?: readonly (readonly [string, string])[];
}

export interface GenTrace {
  readonly traceId: string;
  readonly spans: GenSpan[];
}

/** mulberry32: small, fast, good enough for test data, and identical on every platform. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  'web-frontend', 'order-service', 'payment-service', 'inventory-service', 'shipping-service',
  'notification-service', 'email-worker', 'analytics-service', 'refund-service', 'cart-service',
  'customer-service', 'pricing-service',
];
const OPERATIONS = ['GET /orders/{id}', 'POST /orders', 'SELECT stock', 'UPDATE payments', 'publish orders',
  'process orders', 'render template', 'smtp send', 'compute price', 'validate cart', 'INSERT events', 'fraud check'];
const BASE_NS = 1748943667000000000n; // 2025-06-03T09:41:07Z

export function generateModel(opts: GenOptions): GenTrace[] {
  const rand = prng(opts.seed);
  const int = (n: number) => Math.floor(rand() * n);
  const hex = (chars: number) => {
    let out = '';
    while (out.length < chars) out += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, chars);
  };
  const traces: GenTrace[] = [];
  for (let t = 0; t < opts.traces; t++) {
    const traceId = hex(32);
    const start = BASE_NS + BigInt(t) * 50_000_000n + BigInt(int(40_000_000));
    const spans: GenSpan[] = [];
    const service0 = SERVICES[int(SERVICES.length)]!;
    for (let i = 0; i < opts.spansPerTrace; i++) {
      // Parents are recent spans, which gives trees a few levels deep rather than stars.
      const parent = i === 0 ? undefined : spans[Math.max(0, i - 1 - int(4))]!;
      const service = i === 0 || rand() < 0.6 ? (parent?.service ?? service0) : SERVICES[int(SERVICES.length)]!;
      const s = (parent?.startNs ?? start) + BigInt(int(2_000_000));
      spans.push({
        traceId,
        spanId: hex(16),
        ...(parent ? { parentSpanId: parent.spanId } : {}),
        name: OPERATIONS[int(OPERATIONS.length)]!,
        service,
        kind: i === 0 ? 5 : 1 + int(4),
        startNs: s,
        endNs: s + BigInt(100_000 + int(20_000_000)),
        error: rand() < 0.02,
        links: [],
      });
    }
    traces.push({ traceId, spans });
  }
  // Links: a random holder span links to a span of an earlier trace (causal, as a consumer links
  // its producer), or, for `missingRatio` of them, to a target that does not exist.
  for (let l = 0; l < opts.links && opts.traces > 1; l++) {
    const ti = 1 + int(opts.traces - 1);
    const holder = traces[ti]!.spans[int(opts.spansPerTrace)]!;
    const type = rand() < 0.8 ? 'producer' : rand() < 0.5 ? 'retry' : 'batch';
    if (rand() < opts.missingRatio) {
      const target = rand() < 0.5 ? hex(32) : traces[int(ti)]!.traceId;
      holder.links.push({ traceId: target, spanId: hex(16), type });
    } else {
      const target = traces[int(ti)]!.spans[int(opts.spansPerTrace)]!;
      holder.links.push({ traceId: target.traceId, spanId: target.spanId, type });
    }
  }
  return traces;
}

const str = (v: string) => ({ stringValue: v });

export function otlpSpan(s: GenSpan): unknown {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? '',
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: String(s.startNs),
    endTimeUnixNano: String(s.endNs),
    attributes: [{ key: 'app.generated', value: { boolValue: true } }, ...(s.attributes ?? []).map(([key, v]) => ({ key, value: str(v) }))],
    ...(s.links.length > 0
      ? {
          links: s.links.map((l) => ({
            traceId: l.traceId,
            spanId: l.spanId,
            attributes: [{ key: 'link.type', value: str(l.type) }],
          })),
        }
      : {}),
    status: s.error ? { code: 2, message: 'generated error' } : {},
  };
}

/** One `TracesData` for the given traces: one resourceSpans per service, in first-seen order. */
export function otlpDocument(traces: readonly GenTrace[]): { resourceSpans: unknown[] } {
  const byService = new Map<string, unknown[]>();
  for (const t of traces) {
    for (const s of t.spans) {
      const list = byService.get(s.service);
      if (list) list.push(otlpSpan(s));
      else byService.set(s.service, [otlpSpan(s)]);
    }
  }
  return {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: str(service) }] },
      scopeSpans: [{ scope: { name: 'tracelinks.gen-traces' }, spans }],
    })),
  };
}

export type GenFormat = 'otlp-json' | 'otlp-jsonl';
export const WRITERS: Record<GenFormat, (traces: readonly GenTrace[]) => string> = {
  'otlp-json': (traces) => JSON.stringify(otlpDocument(traces)),
  // The spec's file exporter shape: one TracesData per line (here, one per 100 traces).
  'otlp-jsonl': (traces) => {
    const lines: string[] = [];
    for (let i = 0; i < traces.length; i += 100) lines.push(JSON.stringify(otlpDocument(traces.slice(i, i + 100))));
    return lines.join('\n') + '\n';
  },
};

/** @example generateOtlp({ traces: 10, spansPerTrace: 5, links: 8, missingRatio: 0.1, seed: 1 }) */
export function generateOtlp(opts: GenOptions): string {
  return WRITERS['otlp-json'](generateModel(opts));
}

export interface CliOptions extends GenOptions {
  readonly out?: string;
  readonly format: GenFormat;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got ${v}`);
    return n;
  };
  const spansPerTrace = Math.max(1, Math.floor(num('spans-per-trace', 20)));
  const totalSpans = num('spans', 1000);
  const traces = Math.max(1, Math.floor(num('traces', Math.ceil(totalSpans / spansPerTrace))));
  const format = (value('format') ?? 'otlp-json') as GenFormat;
  if (!(format in WRITERS)) throw new Error(`--format must be one of ${Object.keys(WRITERS).join(', ')}`);
  return {
    traces,
    spansPerTrace,
    links: Math.floor(num('links', Math.floor(traces * spansPerTrace * 0.2))),
    missingRatio: num('missing', 0.05),
    seed: Math.floor(num('seed', 1)),
    format,
    ...(value('out') ? { out: value('out')! } : {}),
  };
}

function main(argv: readonly string[]): void {
  const opts = parseArgs(argv);
  const text = WRITERS[opts.format](generateModel(opts));
  if (!opts.out) {
    process.stdout.write(text);
    return;
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, text);
  const mb = (Buffer.byteLength(text) / 1e6).toFixed(1);
  process.stderr.write(`${opts.out}: ${opts.traces * opts.spansPerTrace} spans in ${opts.traces} traces, ${opts.links} links, ${mb} MB\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`gen-traces: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}

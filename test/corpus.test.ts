import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse, type Analysis } from '../src/core/analyse';
import { causalPath } from '../src/core/graph/causal-path';
import { traceGraph } from '../src/core/graph/trace-graph';
import { spanKey } from '../src/core/ids';
import type { AttrValue, Span } from '../src/core/model/span';
import { gunzipAll, GzipTooLargeError } from '../src/core/readers/gunzip';
import { DEFAULT_MAX_INFLATED_BYTES, readTraceFile } from '../src/core/readers/index';
import { CUT_VALUE, MAX_VALUE_DEPTH } from '../src/core/readers/tags';
import type { ReadResult } from '../src/core/readers/types';
import { BIG_STRING_BYTES, BOMB_BYTES, corpusCases, MANY_LINKS, type CorpusCase } from './corpus/generate';

// The hostile-input corpus through the core: readTraceFile + analyse, as the app and the CLI use
// them. Every case must read without throwing, in time, with its outcome; and loading it beside a
// good file must keep every span of that file.

// Generated once for this file, at collection (the test list is the case list); removed after.
const dir = mkdtempSync(join(tmpdir(), 'tracelinks-corpus-'));
const cases = corpusCases(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (path: string): string => fileURLToPath(new URL(`../../shared/fixtures/${path}`, import.meta.url));
/** 4 spans in 2 traces, 8 links (SOURCES.md); its ids meet no corpus case's. */
const GOOD = fixture('otlp-json/jaeger_memory_otel_traces_01.json');
/** A case may take this long (the zip bombs inflate 256 MiB before they are refused). */
const BUDGET_MS = 15_000;

const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort();

interface Outcome {
  readonly result: ReadResult;
  readonly analysis: Analysis;
  readonly ms: number;
}

/** Each case is read once; its tests share the outcome. */
const outcomes = new Map<string, Outcome>();
function outcomeOf(c: CorpusCase): Outcome {
  let o = outcomes.get(c.file);
  if (o === undefined) {
    const bytes = new Uint8Array(readFileSync(c.file));
    const start = performance.now();
    let result: ReadResult | undefined;
    let analysis: Analysis | undefined;
    expect(() => {
      result = readTraceFile(c.file, bytes);
      analysis = analyse([result]);
    }).not.toThrow();
    o = { result: result!, analysis: analysis!, ms: performance.now() - start };
    outcomes.set(c.file, o);
  }
  return o;
}

let goodResult: ReadResult | undefined;
function good(): ReadResult {
  goodResult ??= readTraceFile(GOOD, new Uint8Array(readFileSync(GOOD)));
  return goodResult;
}

function expectUnpolluted(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_NAMES);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_PROTO_NAMES);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

describe('the corpus', () => {
  it('has every kind of case the issue lists, each file once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    for (const c of cases) if (c.expect.message !== undefined) expect(c.expect.message, c.name).toContain(c.file.split('/').pop()!.split('.')[0]);
  });
});

describe.each(cases)('$name', (c) => {
  it('reads without throwing, in time, with the expected spans, codes and message', () => {
    const { result, analysis, ms } = outcomeOf(c);
    expect(ms).toBeLessThan(BUDGET_MS);
    const codes = new Set(analysis.diagnostics.map((d) => d.code));
    expect(result.spans.length > 0, 'loads').toBe(c.expect.loads);
    if (!c.expect.loads) expect(result.problems.length).toBeGreaterThan(0);
    if (c.expect.spans !== undefined) expect(analysis.summary.spans).toBe(c.expect.spans);
    expect([...codes]).toEqual(expect.arrayContaining(c.expect.codes));
    for (const code of c.expect.absent ?? []) expect([...codes]).not.toContain(code);
    // A reader that threw is caught as input.unreadable: never expected.
    expect(codes.has('input.unreadable'), result.problems.map((p) => p.message).join('\n')).toBe(false);

    const inputs = analysis.diagnostics.filter((d) => d.code.startsWith('input.'));
    for (const d of inputs) {
      expect(d).toMatchObject({ severity: 'error', file: c.file });
      expect(d.message).toContain(c.file);
      expect(d.message).not.toMatch(/[\r\n]/);
    }
    for (const p of result.problems) expect(p).toMatchObject({ file: c.file, code: expect.stringMatching(/^input\./) });
    if (c.expect.message !== undefined) {
      expect(inputs[0]?.message).toMatch(new RegExp(c.expect.message));
      // The load error as the CLI prints it: the reader's own message names the file.
      if (!c.expect.loads) expect(`${result.problems[0]!.message}`).toMatch(new RegExp(c.expect.message.replace(/\\\((line|byte) .*$/, '')));
    }
    // Every loaded trace has a root, whatever its parents say (cycles, self-parents).
    analysis.graph.traces.forEach((t) => {
      if (!t.placeholder) expect(t.root, t.traceId).toBeDefined();
    });
    expectUnpolluted();
  }, 30_000);

  it.skipIf(!c.expect.loads)('builds the trace-level graph, and the causal path of its spans', () => {
    const { analysis } = outcomeOf(c);
    const overview = traceGraph(analysis.graph, analysis.diagnostics);
    expect(overview.nodes.length).toBe(analysis.graph.traces.size);
    // Cycles of parents or links end the walk: each edge is walked at most once.
    const edges = analysis.graph.parentEdges.length + analysis.graph.linkEdges.length;
    let n = 0;
    for (const key of analysis.set.spans.keys()) {
      expect(causalPath(analysis.graph, key).edges.size).toBeLessThanOrEqual(edges);
      if (++n === 200) break;
    }
  }, 30_000);

  it('keeps every span of a good file loaded with it, before or after', () => {
    const bad = outcomeOf(c).result;
    const ok = good();
    for (const order of [
      [ok, bad],
      [bad, ok],
    ]) {
      const both = analyse(order);
      for (const s of ok.spans) expect(both.set.spans.has(spanKey(s.traceId, s.spanId)), `${s.traceId}/${s.spanId}`).toBe(true);
      expect(both.summary.spans).toBe(analyse([ok]).summary.spans + outcomeOf(c).analysis.summary.spans);
      // What the case reported stays reported, naming the case's file.
      const problems = both.diagnostics.filter((d) => d.code.startsWith('input.'));
      expect(problems.length).toBe(bad.problems.length);
      for (const d of problems) expect(d.file).toBe(c.file);
    }
    expectUnpolluted();
  }, 30_000);
});

describe('all of the corpus at once', () => {
  it('loads beside the good file in one analysis, which keeps all of it', () => {
    const results = [good(), ...cases.map((c) => outcomeOf(c).result)];
    const all = analyse(results);
    for (const s of good().spans) expect(all.set.spans.has(spanKey(s.traceId, s.spanId))).toBe(true);
    const failed = all.files.filter((f) => f.spans === 0 && f.problems.length > 0).map((f) => f.file);
    expect(failed.sort()).toEqual(cases.filter((c) => !c.expect.loads).map((c) => c.file).sort());
    expectUnpolluted();
  }, 60_000);
});

/** The case whose file is called `name`. */
function caseNamed(name: string): CorpusCase {
  const c = cases.find((x) => x.file.endsWith(`/${name}`));
  if (c === undefined) throw new Error(`no corpus case ${name}`);
  return c;
}
const spansOf = (name: string): Span[] => outcomeOf(caseNamed(name)).result.spans;
const keysOf = (span: Span): string[] => span.attributes.map((a) => a.key);

describe('what is in the cases stays data', () => {
  it('__proto__, constructor and prototype keys are attributes, never properties', () => {
    const [otlp] = spansOf('proto-keys-otlp.json');
    expect(keysOf(otlp!)).toEqual(['__proto__', 'constructor', 'prototype', 'hasOwnProperty']);
    expect(otlp!.attributes[0]!.value).toEqual({ kvlist: [{ key: 'polluted', value: 'attribute' }] });
    expect(otlp!.resource.map((a) => a.key)).toEqual(['service.name', '__proto__']);
    expect(otlp!.links[0]!.attributes).toEqual([{ key: '__proto__', value: 'link' }]);
    const jaeger = spansOf('proto-keys-jaeger.json');
    expect(jaeger.map((s) => s.service)).toEqual(['proto-service', 'constructor-service']);
    expect(keysOf(jaeger[0]!)).toEqual(['__proto__', 'constructor']);
    expect(keysOf(spansOf('proto-keys-zipkin.json')[0]!)).toEqual(['__proto__', 'constructor', 'prototype', 'polluted']);
    expect(keysOf(spansOf('proto-keys-python.json')[0]!)).toEqual(['__proto__', 'constructor']);
    expectUnpolluted();
  });

  it(`a value nested ${MAX_VALUE_DEPTH}+ deep is cut there; the span keeps the rest`, () => {
    const [deep, neighbour] = spansOf('deep-kvlist.json');
    expect(deep!.attributes[0]).toEqual({ key: 'shallow', value: 'kept' });
    let value: AttrValue = deep!.attributes[1]!.value;
    let depth = 0;
    while (typeof value === 'object' && value !== null && 'kvlist' in value) {
      value = value.kvlist[0]!.value;
      depth++;
    }
    expect(value).toBe(CUT_VALUE);
    expect(depth).toBe(MAX_VALUE_DEPTH);
    expect(neighbour!.name).toBe('plain neighbour');
  });

  it('numbers past a double stay numbers every writer can write: Infinity as its text, a count clamped to 2^53 - 1', () => {
    const [span] = spansOf('huge-numbers.json');
    expect(span!.attributes.map((a) => a.value)).toEqual(['Infinity', '-Infinity', ['Infinity', 12345678901234567000], 'NaN']);
    expect(span!.resource[1]).toEqual({ key: 'huge', value: 'Infinity' });
    expect(span!).toMatchObject({ droppedLinksCount: Number.MAX_SAFE_INTEGER, startUs: undefined, durationUs: undefined });
  });

  it('a 10 MiB attribute string arrives whole', () => {
    const value = spansOf('big-attribute-10mb.json')[0]!.attributes[0]!.value;
    expect(typeof value === 'string' && value.length).toBe(BIG_STRING_BYTES);
  });

  it(`${MANY_LINKS} links on one span are all counted, each broken one diagnosed`, () => {
    const { analysis } = outcomeOf(caseNamed('links-100k.json'));
    expect(analysis.summary).toMatchObject({ spans: 1, links: MANY_LINKS, brokenLinks: MANY_LINKS, missingTrace: MANY_LINKS, droppedLinks: 28 });
    expect(analysis.diagnostics.filter((d) => d.code === 'link.missing-trace')).toHaveLength(MANY_LINKS);
  });

  it('cycles get no edge that closes them and no orphan; link cycles resolve', () => {
    const self = outcomeOf(caseNamed('self-parent.json')).analysis;
    expect(self.graph.parentEdges).toEqual([]);
    expect(self.summary.missingParent).toBe(0);
    const cycle = outcomeOf(caseNamed('parent-cycle.json')).analysis;
    expect(cycle.summary).toMatchObject({ traces: 2, spans: 5, missingParent: 0 });
    const links = outcomeOf(caseNamed('link-cycle.json')).analysis;
    expect(links.graph.linkEdges.map((e) => e.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    // a links b and b links a: each causes the other, and the walk ends.
    const [a, b] = [...links.set.spans.keys()];
    const path = causalPath(links.graph, a!);
    expect([path.upstream.has(b!), path.downstream.has(b!)]).toEqual([true, true]);
  });

  it('a malformed link target is never a loaded span, whatever the loaded ids look like', () => {
    const { analysis } = outcomeOf(caseNamed('placeholder-lookalike-ids.json'));
    const from = analysis.graph.linkEdges.map((e) => e.from);
    expect(from).toHaveLength(2);
    for (const key of from) expect(analysis.set.spans.has(key)).toBe(false);
    expect(analysis.summary.invalidContext).toBe(2);
  });

  it('two different spans under one id keep the first and report the second; a copy is kept once', () => {
    const { analysis } = outcomeOf(caseNamed('duplicate-span-ids.json'));
    expect(analysis.set.duplicates).toHaveLength(1);
    expect(analysis.set.duplicates[0]!.first.name).toBe('first under the id');
    expect(analysis.diagnostics.filter((d) => d.code === 'span.duplicate-id')).toHaveLength(1);
  });

  it('a cut gzip of JSON Lines keeps the lines inflated before the cut', () => {
    const { result } = outcomeOf(caseNamed('truncated-lines.jsonl.gz'));
    expect(result.spans.length).toBeGreaterThan(50);
    expect(result.problems[0]!.code).toBe('input.gzip');
  });
});

describe('the zip bombs', () => {
  it('the single-member bomb is real: Node’s zlib inflates it to 1 GiB', async () => {
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      createReadStream(caseNamed('zip-bomb-1gb.gz').file)
        .pipe(createGunzip())
        .on('data', (chunk: Buffer) => void (total += chunk.length))
        .on('end', resolve)
        .on('error', reject);
    });
    expect(total).toBe(BOMB_BYTES);
  }, 60_000);

  it('is refused as soon as the ceiling is passed, not after inflating it all', () => {
    const bomb = new Uint8Array(readFileSync(caseNamed('zip-bomb-1gb.gz').file));
    const start = performance.now();
    expect(() => gunzipAll(bomb, { maxBytes: 4 * 1024 * 1024 })).toThrow(GzipTooLargeError);
    // Inflating 1 GiB takes seconds; stopping past 4 MiB, a few milliseconds.
    expect(performance.now() - start).toBeLessThan(1000);
    const r = readTraceFile('bomb.gz', bomb, { maxInflatedBytes: 4 * 1024 * 1024 });
    expect(r.problems).toEqual([
      { code: 'input.too-large', file: 'bomb.gz', message: expect.stringMatching(/^bomb\.gz inflates to more than 4 MiB \(from 1016\.\d KiB of gzip\)/) },
    ]);
  });

  it('the default ceiling is the one in the message', () => {
    const { result } = outcomeOf(caseNamed('zip-bomb-members.gz'));
    expect(result.problems[0]!.message).toContain(`more than ${DEFAULT_MAX_INFLATED_BYTES / 1024 / 1024} MiB`);
  });
});

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateOtlp } from '../../../scripts/gen-traces';
import { analyse } from '../../core/analyse';
import { readTraceFile } from '../../core/readers/index';
import type { Progress } from './protocol';
import { coreDeps } from './core-deps';
import { CHUNKED_READ_BYTES, LoadCancelled, LoadSession, type Checkpoint } from './session';

const FIXTURES = resolve(process.cwd(), '../shared/fixtures');
const bytes = (path: string) => new Uint8Array(readFileSync(resolve(FIXTURES, path)));
const CURL = 'otlp-json/opentelemetry-bash_context_propagation_http_curl_otlp.json';
const JAEGER = 'jaeger/jaeger_uimodel_ui_01.json';

const session = () => new LoadSession(coreDeps);
const coreSummary = (...paths: string[]) => analyse(paths.map((p) => readTraceFile(p.split('/').pop()!, bytes(p)))).summary;

describe('LoadSession', () => {
  it('merges files across adds, as the core analyses them together, and reports progress', async () => {
    const s = session();
    const progress: Progress[] = [];
    await s.add([{ name: 'curl.json', data: bytes(CURL) }], (p) => progress.push(p));
    const answer = await s.add([{ name: 'ui.json', data: bytes(JAEGER) }], (p) => progress.push(p));
    expect(answer.errors).toEqual([]);
    expect(answer.analysis?.summary).toEqual(coreSummary(CURL, JAEGER));
    expect(answer.analysis?.files.map((f) => [f.file, f.format, f.spans])).toEqual([
      ['curl.json', 'otlp-json', 6],
      ['ui.json', 'jaeger', 5],
    ]);
    expect(answer.analysis?.layout.traces.length).toBe(answer.analysis?.graph.traces.size);
    expect(progress.map((p) => p.phase)).toContain('layout');
  });

  it('skips the same file dropped twice and renames a different file under a taken name', async () => {
    const s = session();
    await s.add([{ name: 'a.json', data: bytes(CURL) }], () => {});
    const same = await s.add([{ name: 'a.json', data: bytes(CURL) }], () => {});
    expect(same.analysis?.files.map((f) => f.file)).toEqual(['a.json']);
    const other = await s.add([{ name: 'a.json', data: bytes(JAEGER) }], () => {});
    expect(other.analysis?.files.map((f) => f.file)).toEqual(['a.json', 'a (2).json']);
  });

  it('keeps a dropped File as the File, and tells it dropped again by its bytes', async () => {
    // Kept Files are compared a chunk at a time: 64 bytes here.
    const s = new LoadSession(coreDeps, { above: CHUNKED_READ_BYTES, size: 64 });
    const curl = bytes(CURL);
    await s.add([{ name: 'a.json', data: new Blob([curl]) }], () => {});
    // The same bytes in another File: skipped.
    const same = await s.add([{ name: 'a.json', data: new Blob([curl]) }], () => {});
    expect(same.analysis?.files.map((f) => f.file)).toEqual(['a.json']);
    // As long, one byte apart (the last span id's first digit), many chunks in.
    const changed = curl.slice();
    const at = new TextDecoder().decode(curl).lastIndexOf('"spanId"') + 12;
    changed[at] = changed[at] === 0x61 ? 0x62 : 0x61;
    const other = await s.add([{ name: 'a.json', data: new Blob([changed]) }], () => {});
    expect(other.analysis?.files.map((f) => f.file)).toEqual(['a.json', 'a (2).json']);
    // A File that can no longer be read is not taken for the same: the new one is read.
    const gone = new Blob([curl]);
    const s2 = session();
    await s2.add([{ name: 'b.json', data: gone }], () => {});
    gone.slice = () => {
      throw new Error('NotReadableError');
    };
    const again = await s2.add([{ name: 'b.json', data: new Blob([curl]) }], () => {});
    expect(again.analysis?.files.map((f) => f.file)).toEqual(['b.json', 'b (2).json']);
  });

  it('removing a file recomputes as if it had never been loaded; clear empties', async () => {
    const s = session();
    await s.add([{ name: 'curl.json', data: bytes(CURL) }, { name: 'ui.json', data: bytes(JAEGER) }], () => {});
    const after = await s.remove('ui.json', () => {});
    expect(after.analysis?.summary).toEqual(coreSummary(CURL));
    expect((await s.remove('curl.json', () => {})).analysis).toBeNull();
    expect(s.clear()).toEqual({ analysis: null, errors: [] });
  });

  it('a file that cannot be read is an error naming it, and what was loaded stays', async () => {
    const s = session();
    const before = await s.add([{ name: 'curl.json', data: bytes(CURL) }], () => {});
    const text = readFileSync(resolve(FIXTURES, CURL), 'utf8').slice(0, 200);
    const answer = await s.add([{ name: 'cut.json', data: text }], () => {});
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]!.file).toBe('cut.json');
    expect(answer.errors[0]!.message.length).toBeGreaterThan(0);
    expect(answer.analysis?.summary).toEqual(before.analysis?.summary);
    expect(answer.analysis?.files.map((f) => f.file)).toEqual(['curl.json']);
  });

  it('reads a browser Blob (a dropped File) in the worker, as its bytes', async () => {
    const s = session();
    const answer = await s.add([{ name: 'curl.json', data: new Blob([bytes(CURL)]) }], () => {});
    expect(answer.analysis?.summary).toEqual(coreSummary(CURL));
  });
});

/** A checkpoint that cancels at its `at`-th call (0-based), and counts the calls. */
function cancelAt(at: number): Checkpoint & { calls: number } {
  const check = Object.assign(
    async () => {
      if (check.calls++ === at) throw new LoadCancelled();
    },
    { calls: 0 },
  );
  return check;
}

describe('LoadSession cancellation', () => {
  it('a load cancelled at any of its checkpoints leaves what was loaded, and its version, as they were', async () => {
    const s = session();
    const before = (await s.add([{ name: 'curl.json', data: bytes(CURL) }], () => {})).analysis!;
    const version = s.currentVersion;
    // Count the checkpoints of a full load of two files: between files, between phases, before committing.
    const counting = cancelAt(-1);
    await session().add([{ name: 'ui.json', data: bytes(JAEGER) }, { name: 'b.json', data: bytes(CURL) }], () => {}, counting);
    expect(counting.calls).toBeGreaterThanOrEqual(5);
    for (let at = 0; at < counting.calls; at++) {
      await expect(s.add([{ name: 'ui.json', data: bytes(JAEGER) }, { name: 'b.json', data: bytes(CURL) }], () => {}, cancelAt(at))).rejects.toBeInstanceOf(LoadCancelled);
      expect(s.currentVersion).toBe(version);
      expect(s.view()?.payload).toBe(before);
    }
    // Nothing of the cancelled loads stuck: the same files load afterwards under their own names.
    const after = await s.add([{ name: 'ui.json', data: bytes(JAEGER) }], () => {});
    expect(after.analysis?.files.map((f) => f.file)).toEqual(['curl.json', 'ui.json']);
    expect(after.analysis?.summary).toEqual(coreSummary(CURL, JAEGER));
    expect(s.currentVersion).toBe(version + 1);
  });

  it('a cancelled remove or redaction changes nothing either', async () => {
    const s = session();
    await s.add([{ name: 'curl.json', data: bytes(CURL) }, { name: 'ui.json', data: bytes(JAEGER) }], () => {});
    const before = s.view()!.payload;
    await expect(s.remove('ui.json', () => {}, cancelAt(1))).rejects.toBeInstanceOf(LoadCancelled);
    await expect(s.redact({ values: true, names: true }, () => {}, cancelAt(2))).rejects.toBeInstanceOf(LoadCancelled);
    expect(s.view()?.payload).toBe(before);
    const removed = await s.remove('ui.json', () => {});
    expect(removed.analysis?.summary).toEqual(coreSummary(CURL));
    expect(removed.analysis?.redaction).toEqual({ values: false, names: false });
  });
});

describe('LoadSession, a large file', () => {
  // 400 traces x 10 spans, with links: about 1.3 MB of OTLP JSON, read in 64 KiB chunks past 256 KiB.
  const big = new TextEncoder().encode(generateOtlp({ traces: 400, spansPerTrace: 10, links: 500, missingRatio: 0.05, seed: 11 }));
  const chunks = { above: 256 * 1024, size: 64 * 1024 };

  it('is read in chunks, with its progress in bytes, to what reading it whole gives', async () => {
    const s = new LoadSession(coreDeps, chunks);
    const progress: Progress[] = [];
    const answer = await s.add([{ name: 'big.json', data: big }], (p) => progress.push(p));
    expect(answer.errors).toEqual([]);
    expect(answer.analysis?.summary).toEqual(analyse([readTraceFile('big.json', big)]).summary);
    expect(answer.analysis?.summary.spans).toBe(4000);
    const read = progress.filter((p) => p.bytes !== undefined).map((p) => p.bytes!);
    expect(read.length).toBe(Math.ceil(big.length / chunks.size));
    expect(read.every((b, i) => b.total === big.length && b.read === i * chunks.size)).toBe(true);
  });

  it('as a File, is read a part at a time, never whole, to what reading its bytes gives', async () => {
    /** A File whose whole bytes must not be asked for; its parts (slices) are counted. */
    class PartsOnly extends Blob {
      parts = 0;
      override arrayBuffer(): Promise<ArrayBuffer> {
        throw new Error('the whole file was read');
      }
      override slice(start?: number, end?: number): Blob {
        this.parts++;
        return new Blob([big.subarray(start, end)]);
      }
    }
    const file = new PartsOnly([big]);
    const s = new LoadSession(coreDeps, chunks);
    const progress: Progress[] = [];
    const answer = await s.add([{ name: 'big.json', data: file }], (p) => progress.push(p));
    expect(answer.errors).toEqual([]);
    expect(answer.analysis?.summary).toEqual(analyse([readTraceFile('big.json', big)]).summary);
    expect(file.parts).toBe(Math.ceil(big.length / chunks.size));
    const read = progress.filter((p) => p.bytes !== undefined).map((p) => p.bytes!);
    expect(read.map((b) => b.read)).toEqual(Array.from({ length: file.parts }, (_, i) => i * chunks.size));
    // Dropped again: compared part by part with the File kept, and skipped.
    const again = await s.add([{ name: 'big.json', data: new PartsOnly([big]) }], () => {});
    expect(again.analysis?.files.map((f) => f.file)).toEqual(['big.json']);
    // That comparison can be cancelled between its parts: what was loaded stays.
    const before = s.view()!.payload;
    const cancel = cancelAt(3);
    const third = new PartsOnly([big]);
    await expect(s.add([{ name: 'big.json', data: third }], () => {}, cancel)).rejects.toBeInstanceOf(LoadCancelled);
    // Cancelled at the checkpoint before its third part: two parts were compared, not all.
    expect(third.parts).toBe(2);
    expect(s.view()?.payload).toBe(before);
  });

  it('as a File the browser cannot read midway, is an error naming it, and what was loaded stays', async () => {
    class Breaks extends Blob {
      override slice(start?: number, end?: number): Blob {
        if ((start ?? 0) >= chunks.size * 3) throw new Error('NotReadableError');
        return new Blob([big.subarray(start, end)]);
      }
    }
    const s = new LoadSession(coreDeps, chunks);
    const before = (await s.add([{ name: 'curl.json', data: bytes(CURL) }], () => {})).analysis!;
    const answer = await s.add([{ name: 'big.json', data: new Breaks([big]) }], () => {});
    expect(answer.errors).toEqual([{ file: 'big.json', message: 'the browser could not read it (NotReadableError)' }]);
    expect(answer.analysis?.summary).toEqual(before.summary);
    expect(answer.analysis?.files.map((f) => f.file)).toEqual(['curl.json']);
  });

  it('can be cancelled while it is read: what was loaded before stays', async () => {
    const s = new LoadSession(coreDeps, chunks);
    const before = (await s.add([{ name: 'curl.json', data: bytes(CURL) }], () => {})).analysis!;
    // The first checkpoint is before the file; the next ones come between its chunks.
    const check = cancelAt(3);
    await expect(s.add([{ name: 'big.json', data: big }], () => {}, check)).rejects.toBeInstanceOf(LoadCancelled);
    expect(check.calls).toBe(4);
    expect(s.view()?.payload).toBe(before);
    // A File too, between its parts.
    const onFile = cancelAt(3);
    await expect(s.add([{ name: 'big.json', data: new Blob([big]) }], () => {}, onFile)).rejects.toBeInstanceOf(LoadCancelled);
    expect(onFile.calls).toBe(4);
    expect(s.view()?.payload).toBe(before);
  });
});

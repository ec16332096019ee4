import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { InputChangedError } from '../core/readers/stream-places';
import { readTraceFile } from '../core/readers/index';
import { analyse } from '../core/analyse';
import { spanRowsOf } from '../core/readers/read-result';
import { bytesAgain, CHUNK_BYTES, describeReadError, readInputResults, readInputs, STDIN_NAME } from './inputs';
import { nodeIo, wantsColour } from './io';

const dir = mkdtempSync(join(tmpdir(), 'tracelinks-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputs', () => {
  it('reads files as bytes, in order, and stdin under its own name', async () => {
    const a = join(dir, 'a.bin');
    writeFileSync(a, Uint8Array.of(0x1f, 0x8b, 0, 255));
    const io = { ...nodeIo(), readStdin: async () => new TextEncoder().encode('{"x":1}') };
    const inputs = await readInputs([a, '-'], io);
    expect(inputs.map((i) => i.file)).toEqual([a, STDIN_NAME]);
    expect([...(inputs[0]?.data ?? [])]).toEqual([0x1f, 0x8b, 0, 255]);
    expect(new TextDecoder().decode(inputs[1]?.data)).toBe('{"x":1}');
  });

  it('names every file that cannot be read, one line each, with the reason and no Node noise', async () => {
    const missing1 = join(dir, 'nope-1.json');
    const missing2 = join(dir, 'nope-2.json');
    const err = await readInputs([missing1, dir, missing2], nodeIo()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message.split('\n')).toEqual([
      `cannot read ${missing1}: no such file`,
      `cannot read ${dir}: is a directory`,
      `cannot read ${missing2}: no such file`,
    ]);
  });

  it('describes errors it has no words for by their own message', () => {
    expect(describeReadError('x', new Error('boom'))).toBe('cannot read x: boom');
    // the real Node error for a missing file carries code ENOENT
    let nodeErr: unknown;
    try {
      readFileSync(join(dir, 'missing'));
    } catch (e) {
      nodeErr = e;
    }
    expect(describeReadError('m', nodeErr)).toBe('cannot read m: no such file');
  });
});

describe('readInputResults', () => {
  it('reads files and stdin in chunks into what readTraceFile gives for their bytes', async () => {
    const line = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"é"}]}]}]}\n';
    const text = line.repeat(Math.ceil((CHUNK_BYTES * 1.5) / line.length));
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, text);
    const bytes = new TextEncoder().encode(text);
    const io = { ...nodeIo(), readStdin: async () => bytes };
    const results = await readInputResults([big, '-'], io, 1 << 20);
    expect(results[0]).toEqual(readTraceFile(big, bytes));
    expect(results[1]).toEqual(readTraceFile(STDIN_NAME, bytes));
  });

  it('keeps a streamed file’s spans as columns, read again from the file only for a repeated key', async () => {
    const span = (id: string, name: string) => `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${id}","name":"${name}"}]}]}]}\n`;
    const text = span('b7ad6b7169203331', 'a') + span('c7ad6b7169203331', 'b') + span('b7ad6b7169203331', 'other');
    const file = join(dir, 'cols.jsonl');
    writeFileSync(file, text);
    const bytes = new TextEncoder().encode(text);
    const [result] = await readInputResults([file], nodeIo(), 1 << 20, 0);
    expect(spanRowsOf(result!)?.count).toBe(3);
    const got = analyse([result!]);
    const want = analyse([readTraceFile(file, bytes)]);
    expect(got.diagnostics).toEqual(want.diagnostics);
    expect(got.set.duplicates.map((d) => [d.first.name, d.second.name])).toEqual([['a', 'other']]);
    // Stdin cannot be read again: its spans stay objects.
    const [piped] = await readInputResults(['-'], { ...nodeIo(), readStdin: async () => bytes }, 1 << 20, 0);
    expect(spanRowsOf(piped!)).toBeUndefined();
  });

  it('keeps the spans of a FIFO given by name as objects: it cannot be read again', async () => {
    const span = (name: string) => `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"${name}"}]}]}]}\n`;
    const fifo = join(dir, 'pipe.jsonl');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A writer in another process; a repeated key with other content would read the line again.
    const writer = spawn('sh', ['-c', `printf '%s' '${span('a')}${span('b')}' > '${fifo}'`]);
    const [result] = await readInputResults([fifo], nodeIo(), 1 << 20, 0);
    writer.kill();
    expect(spanRowsOf(result!)).toBeUndefined();
    expect(analyse([result!]).set.duplicates.map((d) => [d.first.name, d.second.name])).toEqual([['a', 'b']]);
  });

  it('reads bytes again, and refuses once the file changed', () => {
    const file = join(dir, 'again.txt');
    writeFileSync(file, 'hello world');
    const again = bytesAgain(file, 11, statSync(file).mtimeMs);
    expect(new TextDecoder().decode(again(6, 5))).toBe('world');
    // The same size, another time (an editor's save).
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(() => again(6, 5)).toThrow(`${file} changed while tracelinks read it`);
    writeFileSync(file, 'hello there, world');
    expect(() => again(6, 5)).toThrow(InputChangedError);
    expect(() => again(6, 5)).toThrow(`${file} changed while tracelinks read it`);
    rmSync(file);
    expect(() => again(6, 5)).toThrow(`cannot read ${file}: no such file`);
  });

  it('names every file that cannot be opened before reading any', async () => {
    const missing = join(dir, 'nope-3.json');
    const err = await readInputResults([missing, dir], nodeIo(), 1 << 20).catch((e: unknown) => e);
    expect((err as CliError).message.split('\n')).toEqual([`cannot read ${missing}: no such file`, `cannot read ${dir}: is a directory`]);
  });
});

describe('wantsColour', () => {
  it('colours only a terminal without NO_COLOR (an empty NO_COLOR does not count)', () => {
    expect(wantsColour(true, {})).toBe(true);
    expect(wantsColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour(false, {})).toBe(false);
    expect(wantsColour(undefined, {})).toBe(false);
  });
});

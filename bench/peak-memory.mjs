// Preloaded into benchmark child processes (`node --import ./bench/peak-memory.mjs ...`): on exit,
// prints the process's peak resident set size and its V8 heap size on one stderr line, which
// scripts/bench.mjs reads. `maxRSS` is the kernel's high-water mark, so it is a true peak.
import { getHeapStatistics } from 'node:v8';
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const heap = getHeapStatistics();
  const line = {
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapTotalBytes: heap.total_heap_size,
    heapUsedBytes: heap.used_heap_size,
  };
  writeSync(2, `\nPEAK_MEMORY ${JSON.stringify(line)}\n`);
});

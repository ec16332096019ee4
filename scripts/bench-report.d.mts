// Types for bench-report.mjs, so test/bench-report.test.ts type-checks under `tsc -b`.
export interface Regression {
  readonly path: string;
  readonly before: number;
  readonly after: number;
  readonly change: string;
}
export declare const NOISE_MS: number;
export declare const FRAME_JITTER_MS: number;
export declare function compareResults(before: unknown, after: unknown, tolerance?: number): { regressions: Regression[]; compared: number };
export declare function markdownTable(results: unknown): string;
export declare const SUMMARY_KEYS: readonly string[];
export declare function failures(results: unknown): { path: string; problem: string }[];
export declare function cliSummary(stdout: string): Record<string, number>;

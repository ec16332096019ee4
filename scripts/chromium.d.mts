// Types for chromium.mjs, so playwright.config.ts type-checks under `tsc -b`.
export declare const CHROMIUM_ARGS: string[];
export declare function findChromium(): string | undefined;
export declare function chromiumPath(): string;

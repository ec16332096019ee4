import type { DocumentReader } from './types';

/** Placeholder so the dispatcher compiles; the full reader lands next. */
export const readZipkin: DocumentReader = (doc, ctx, path) => {
  void doc;
  void ctx;
  void path;
};

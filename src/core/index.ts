// The public surface of src/core, for the CLI and the app.
export * from './ids';
export * from './model/span';
export * from './diagnostics/types';
export * from './readers/types';
export * from './graph/types';
export * from './layout/types';
export * from './model/merge';
export * from './graph/build-graph';
export * from './graph/trace-graph';
export * from './graph/causal-path';
export { DIAGNOSTIC_CODES, briefId, hintFor, severityOf, type CodeInfo } from './diagnostics/codes';
export * from './diagnostics/diagnose';
export { checkLinks } from './diagnostics/check-links';
export { checkSpans, consumesMessages } from './diagnostics/check-spans';
export * from './summary';
export * from './share/mermaid';
export * from './share/types';
export * from './analyse';

// The public surface of src/core, for the CLI and the app.
export * from './ids';
export * from './model/span';
export * from './diagnostics/types';
export * from './readers/types';
export * from './graph/types';
export * from './layout/types';

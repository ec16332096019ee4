import type { Severity } from '../core/diagnostics/types';

/** Wraps text in an ANSI style, or leaves it alone when colour is off. */
export type Style = (text: string) => string;

export interface Paint {
  readonly error: Style;
  readonly warning: Style;
  readonly info: Style;
  readonly dim: Style;
  readonly bold: Style;
}

const sgr =
  (open: number, close: number): Style =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;
const plain: Style = (text) => text;

export const NO_COLOUR: Paint = { error: plain, warning: plain, info: plain, dim: plain, bold: plain };
export const ANSI_COLOUR: Paint = {
  error: sgr(31, 39),
  warning: sgr(33, 39),
  info: sgr(36, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

export function paintFor(colour: boolean): Paint {
  return colour ? ANSI_COLOUR : NO_COLOUR;
}

export function severityStyle(paint: Paint, severity: Severity): Style {
  return paint[severity];
}

/**
 * Each distinct string once, by the index it was first seen at: what a compact document or
 * message lists strings by (the snapshot's files, the columns a large slice crosses as).
 */
export class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  /** The index of `s`, listed now if it is new. */
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

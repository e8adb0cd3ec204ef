/**
 * The shortest way from one ordered list to another: a longest common subsequence of their keys,
 * so removing one item is one removal and inserting one is one insertion, wherever it sits.
 * Pure; sections hold tens of blocks, so the quadratic table is small.
 */
export type ListEdit =
  | { kind: 'keep'; from: number; to: number }
  | { kind: 'remove'; from: number }
  | { kind: 'insert'; to: number };

export function diffLists(have: readonly string[], want: readonly string[]): ListEdit[] {
  const n = have.length;
  const m = want.length;
  // lcs[i][j]: the longest common subsequence of have[i..] and want[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] as number[];
    const below = lcs[i + 1] as number[];
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        have[i] === want[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const edits: ListEdit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && have[i] === want[j]) {
      edits.push({ kind: 'keep', from: i++, to: j++ });
    } else if (j < m && (i >= n || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      edits.push({ kind: 'insert', to: j++ });
    } else {
      edits.push({ kind: 'remove', from: i++ });
    }
  }
  return edits;
}

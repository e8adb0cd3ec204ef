/** How commitline counts things in its sentences: "1 commitment", "3 commitments". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Where a field of a YAML document is written: line and column, from the document's nodes and
 * a LineCounter. Lets every team-file problem point at its line, the schema's and the cross-checks'.
 */
import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import { type ConfigProblem, parsePath } from './errors.js';

function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/**
 * The offset of the field at `path`: its key for a map entry (where a person reads the field's
 * name), the item's start for a list entry; for a field not written at all, the nearest
 * enclosing one, where it should be added.
 */
function offsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = startOf(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) return offset;
      node = pair.value;
      offset = startOf(pair.key) ?? startOf(pair.value) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = startOf(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** Adds the line and column of each problem's field, where the document has it. */
export function locateProblems(
  problems: readonly ConfigProblem[],
  doc: Document,
  lineCounter: LineCounter,
): ConfigProblem[] {
  const lineOf = (path: string) => {
    const offset = offsetOf(doc, parsePath(path));
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
  return problems.map((problem) => {
    if (problem.line !== undefined || !problem.path) return problem;
    const at = lineOf(problem.path);
    if (!at) return problem;
    // Both lines of a pair (a duplicate, an overlap), so either can be fixed without a search.
    const other = problem.refers ? lineOf(problem.refers) : undefined;
    const message =
      other && problem.refers
        ? problem.message.replace(problem.refers, `${problem.refers} (line ${other.line})`)
        : problem.message;
    return { ...problem, message, line: at.line, column: at.col };
  });
}

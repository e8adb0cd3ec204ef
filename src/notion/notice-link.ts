/**
 * How commitline knows its own comments again without reading their words: the last character of
 * each notice links back to the page with the notice's key in the fragment. Only comments the
 * integration wrote are read this way, so a person quoting a notice never stands in for it.
 */
const MARK = '#commitline-notice=';

export function noticeLink(pageId: string, key: string): string {
  return `https://www.notion.so/${pageId.replace(/-/g, '')}${MARK}${encodeURIComponent(key)}`;
}

export function noticeKeyOf(href: string | null | undefined): string | undefined {
  const at = href?.indexOf(MARK) ?? -1;
  if (!href || at < 0) return undefined;
  try {
    return decodeURIComponent(href.slice(at + MARK.length)) || undefined;
  } catch {
    return undefined;
  }
}

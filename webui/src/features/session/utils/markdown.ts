/**
 * Assistant text is markdown written by a model: render it with marked and sanitize the
 * HTML with DOMPurify before it reaches the page. Results are cached per text, since
 * the virtual list re-renders rows as they scroll in and out.
 */

import DOMPurify from "dompurify";
import { marked } from "marked";

const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

export function renderMarkdown(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const html = DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: false }));
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(text, html);
  return html;
}

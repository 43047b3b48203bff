/**
 * Path globs for presentation pages and page triggers:
 *   `*`  any run of characters except `/`      `/settings/*` matches `/settings/billing`
 *   `**` any run of characters, `/` included   `/docs/**` matches `/docs/a/b`
 *   `?`  one character except `/`
 * A pattern matches the whole path; a trailing `/` on the path is ignored, and so are `?query` and
 * `#hash`. Everything else is literal.
 */
import { normalisePagePath as normalisePath } from '../../shared/events.ts';

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function matchPath(pattern: string, path: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    re = compile(pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern);
    // Patterns come from a bounded set of campaign definitions; cap anyway so a churn of edits
    // cannot grow the cache without bound.
    if (cache.size > 5_000) cache.clear();
    cache.set(pattern, re);
  }
  return re.test(normalisePath(path));
}

/** A path the pattern matches: each wildcard stands for one letter (`/reports/*` → `/reports/x`). */
export const pathMatching = (pattern: string): string => pattern.replace(/\*\*|\*|\?/g, 'x');

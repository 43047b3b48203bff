import type { ComponentChildren } from 'preact';

/**
 * A safe markdown subset rendered straight to Preact nodes (never HTML): paragraphs, `- ` / `1. `
 * lists, **bold**, *italic* / _italic_ and [links](https:// or mailto:). Every piece of text becomes
 * a text node, so `<script>`, `onerror=` and friends stay literal text; any other link scheme
 * (javascript:, data:, http:) renders as plain text.
 */
export function Markdown({ text }: { text: string }) {
  const blocks: ComponentChildren[] = [];
  let list: { ordered: boolean; items: ComponentChildren[] } | null = null;
  let para: string[] = [];
  const flushPara = () => {
    if (para.length) blocks.push(<p>{inline(para.join(' '))}</p>);
    para = [];
  };
  const flushList = () => {
    if (list) blocks.push(list.ordered ? <ol>{list.items}</ol> : <ul>{list.items}</ul>);
    list = null;
  };
  for (const line of text.split(/\r?\n/)) {
    const item = /^\s*(?:([-*+])|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flushPara();
      const ordered = !item[1];
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(<li>{inline(item[2] ?? '')}</li>);
    } else if (line.trim()) {
      flushList();
      para.push(line.trim());
    } else {
      flushPara();
      flushList();
    }
  }
  flushPara();
  flushList();
  return <>{blocks}</>;
}

const TOKEN = /\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_|\[([^\]]+)\]\(([^)\s]+)\)/;

export function safeHref(url: string): string | undefined {
  return /^(https:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let rest = text;
  for (let m = TOKEN.exec(rest); m; m = TOKEN.exec(rest)) {
    if (m.index) out.push(rest.slice(0, m.index));
    const [all, bold, star, under, label, url] = m;
    if (bold !== undefined) out.push(<strong>{inline(bold)}</strong>);
    else if (star !== undefined || under !== undefined) out.push(<em>{inline(star ?? under ?? '')}</em>);
    else {
      const href = safeHref(url ?? '');
      out.push(
        href ? (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {label}
          </a>
        ) : (
          label
        ),
      );
    }
    rest = rest.slice(m.index + all.length);
  }
  if (rest) out.push(rest);
  return out;
}

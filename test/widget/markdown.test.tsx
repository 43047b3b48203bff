import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/decide.ts';
import { intentOf } from '../../widget/types.ts';
import { Markdown } from '../../widget/ui/markdown.tsx';
import { PopupView } from '../../widget/ui/popup.tsx';
import { PurchaseDialog } from '../../widget/ui/purchase.tsx';
import { RequestDialog } from '../../widget/ui/request.tsx';
import { TrialPanel } from '../../widget/ui/trial-panel.tsx';
import { Card, fakeCtrl, message, renderIn, trial } from './builders.tsx';

afterEach(() => {
  document.body.innerHTML = '';
  delete (window as { __xss?: number }).__xss;
});

describe('markdown subset', () => {
  it('renders bold, italic, https and mailto links, and lists as elements', () => {
    const { container } = render(
      <Markdown
        text={
          '**Bold** and *it* and _also_ [docs](https://x.test/a) [mail](mailto:a@b.test)\n\n- one\n- two\n\n1. first\n2. second'
        }
      />,
    );
    expect(container.querySelector('strong')?.textContent).toBe('Bold');
    expect(Array.from(container.querySelectorAll('em'), (e) => e.textContent)).toEqual(['it', 'also']);
    const links = Array.from(container.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://x.test/a', 'mailto:a@b.test']);
    expect(links.every((a) => a.getAttribute('rel') === 'noopener noreferrer' && a.target === '_blank')).toBe(
      true,
    );
    expect(Array.from(container.querySelectorAll('ul li'), (e) => e.textContent)).toEqual(['one', 'two']);
    expect(Array.from(container.querySelectorAll('ol li'), (e) => e.textContent)).toEqual([
      'first',
      'second',
    ]);
  });

  it('links with other schemes render as their label only', () => {
    const { container } = render(
      <Markdown
        text={'[a](javascript:alert(1)) [b](http://x.test) [c](data:text/html,x) [d]( JaVaScRiPt:x)'}
      />,
    );
    expect(container.querySelectorAll('a').length).toBe(0);
    expect(container.textContent).toContain('a');
  });

  it('raw HTML stays literal text', () => {
    render(<Markdown text={'<b>hi</b> <img src=x onerror="window.__xss=1">'} />);
    expect(screen.getByText(/<b>hi<\/b>/)).toBeTruthy();
    expect(document.querySelector('img,b')).toBeNull();
  });
});

const CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload="window.__xss=1"></svg>',
  '"><iframe src="javascript:window.__xss=1"></iframe>',
  '[click](javascript:window.__xss=1)',
  '[click](JAVASCRIPT:window.__xss=1)',
  '[click](  javascript:window.__xss=1)',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '**<a href="javascript:window.__xss=1">bold</a>**',
  '*[nested](javascript:window.__xss=1)*',
  'javascript:window.__xss=1',
  '<a href="javascript:window.__xss=1">a</a>',
  '<div style="background:url(javascript:window.__xss=1)">x</div>',
  '{{constructor.constructor("window.__xss=1")()}}',
];

function hostile(payload: string): Message {
  const m = message({ format: 'callout' });
  return {
    ...m,
    content: {
      title: payload,
      body: `${payload}\n\n- ${payload}\n\n${payload}`,
      primaryLabel: payload,
      secondaryLabel: payload,
      roiLine: payload,
      imageUrl: payload.includes('javascript') ? 'javascript:window.__xss=1' : payload,
    },
    target: { ...m.target, name: payload, description: payload },
    offer: m.offer && { ...m.offer, name: payload, currency: 'USD' },
  };
}

function assertInert(root: ParentNode) {
  expect(root.querySelector('script,iframe,svg,object,embed,style')).toBeNull();
  for (const el of root.querySelectorAll('*')) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.startsWith('on')).toBe(false);
      expect(/^\s*(javascript|data|vbscript):/i.test(attr.value)).toBe(false);
    }
  }
  expect((window as { __xss?: number }).__xss).toBeUndefined();
}

describe('XSS corpus in every text field', () => {
  for (const payload of CORPUS) {
    it(`runs no script and makes no javascript: link for ${JSON.stringify(payload).slice(0, 50)}`, async () => {
      const m = hostile(payload);
      const t = trial({
        productName: payload,
        weeks: [{ week: 1, title: payload, steps: [{ id: 'a', title: payload, completedAt: null }] }],
      });
      for (const format of ['callout', 'banner', 'inline', 'inbox'] as const) {
        renderIn(<Card m={{ ...m, format }} />, fakeCtrl().ctrl);
      }
      renderIn(<PopupView m={{ ...m, format: 'modal' }} />, fakeCtrl().ctrl);
      renderIn(<PurchaseDialog intent={intentOf(m)} />, fakeCtrl().ctrl);
      renderIn(<RequestDialog intent={intentOf(m)} kind="ask" />, fakeCtrl().ctrl);
      renderIn(<TrialPanel trial={t} open messages={[]} />, fakeCtrl().ctrl);
      await new Promise((r) => setTimeout(r, 20));
      assertInert(document.body);
      expect(document.body.textContent).toContain(
        payload.replace(/\*\*|\[|\]\(.*\)|^\*|\*$/g, '').slice(0, 6),
      );
    });
  }
});

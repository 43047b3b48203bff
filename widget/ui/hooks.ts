import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { observeSeen } from './seen.ts';

/** observeSeen for a component with hooks (widget-extra.js's modal and tooltip). */
export function useSeen(ref: RefObject<Element>, onSeen: () => void): void {
  useEffect(() => (ref.current ? observeSeen(ref.current, onSeen) : undefined), []);
}

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The viewport box of the host element matching `selector`, kept current on scroll, resize and
 * DOM changes; null while the element is missing (not yet rendered, or removed by the host).
 */
export function useAnchor(selector: string | undefined): Box | null {
  const [box, setBox] = useState<Box | null>(null);
  useEffect(() => {
    if (!selector) return;
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        let el: Element | null = null;
        try {
          el = document.querySelector(selector);
        } catch {
          // an invalid selector from the campaign: behave as if the element is missing
        }
        const r = el?.getBoundingClientRect();
        const next =
          r && (r.width || r.height) ? { top: r.top, left: r.left, bottom: r.bottom, right: r.right } : null;
        setBox((prev) => (same(prev, next) ? prev : next));
      });
    };
    measure();
    const mo = new MutationObserver(measure);
    mo.observe(document.body, { childList: true, subtree: true, attributes: true });
    addEventListener('scroll', measure, true);
    addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      mo.disconnect();
      removeEventListener('scroll', measure, true);
      removeEventListener('resize', measure);
    };
  }, [selector]);
  return box;
}

const same = (a: Box | null, b: Box | null) =>
  a === b ||
  (!!a && !!b && a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right);

import { useState } from 'preact/hooks';

/**
 * Copies a value shown whole on the page (a key, a link): one cut short or mistyped by hand is only
 * found out when it fails elsewhere. `label` names what is copied, for screen readers.
 */
export function CopyButton({ label, value }: { label: string; value: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid('Copied.');
    } catch {
      // The clipboard exists only on https (or localhost), and the browser may refuse it.
      setSaid('Could not copy: select it and copy it by hand.');
    }
  };
  return (
    <>
      <button type="button" class="link" onClick={copy}>
        Copy<span class="sr-only"> {label}</span>
      </button>{' '}
      <output class="small">{said}</output>
    </>
  );
}

import { useState } from 'preact/hooks';

/**
 * Keys and secrets the API shows once (a rotation, a new API key), each whole and with a button
 * that copies it: a key cut short or mistyped by hand is only found out when the integration fails.
 */
export function Secrets({ secrets }: { secrets: ReadonlyArray<readonly [label: string, value: string]> }) {
  return (
    <dl class="secrets" aria-live="polite">
      {secrets.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            <code>{value}</code> <CopyButton label={label} value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CopyButton({ label, value }: { label: string; value: string }) {
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

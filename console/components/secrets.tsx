import { CopyButton } from './copy-button.tsx';

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

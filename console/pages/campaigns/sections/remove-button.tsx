import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { FormContext } from '../../../lib/form.ts';

/** A section's "Remove …" action: a danger link, off while the form is read-only. */
export function RemoveButton({ onClick, children }: { onClick: () => void; children: ComponentChildren }) {
  const form = useContext(FormContext);
  return (
    <button type="button" class="link danger" disabled={form.readOnly} onClick={onClick}>
      {children}
    </button>
  );
}

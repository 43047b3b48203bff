/** The × control every surface shares; `label` is the localised "Close". */
export function CloseButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button type="button" class="x" aria-label={label} onClick={onClick}>
      ×
    </button>
  );
}

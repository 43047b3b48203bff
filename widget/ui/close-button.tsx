import { useUi } from './context.ts';

/** The × control every surface shares. */
export function CloseButton({ onClick }: { onClick: () => void }) {
  const { i18n } = useUi();
  return (
    <button type="button" class="x" aria-label={i18n.t('close')} onClick={onClick}>
      ×
    </button>
  );
}

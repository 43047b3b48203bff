import { useState } from 'preact/hooks';
import type { Intent } from '../types.ts';
import { CloseButton } from './close-button.tsx';
import { useUi } from './context.ts';
import { Dialog } from './dialog.tsx';

/**
 * "Ask your admin" (users who may not buy) and "talk to us" (CSM / sales-routed campaigns): one
 * confirming click, then a confirmation — never a dead end.
 */
export function RequestDialog({ intent, kind }: { intent: Intent; kind: 'ask' | 'contact' }) {
  const { ctrl, i18n } = useUi();
  const { t } = i18n;
  const [phase, setPhase] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');
  const close = () => ctrl.open(undefined);
  const send = async () => {
    setPhase('busy');
    const res = await ctrl.request(intent, kind);
    setPhase(res.ok ? 'done' : 'failed');
  };
  const n = intent.name;
  return (
    <Dialog labelledBy="a-req" onClose={close}>
      <CloseButton onClick={close} label={t('close')} />
      <h2 id="a-req">{t(kind === 'ask' ? 'askTitle' : 'contactTitle')}</h2>
      {phase === 'done' ? (
        <output class="ok">{t(kind === 'ask' ? 'asked' : 'contacted')}</output>
      ) : (
        <p>{t(kind === 'ask' ? 'askBody' : 'contactBody', { n })}</p>
      )}
      {phase === 'failed' && (
        <p class="err" role="alert">
          {t('failed')}
        </p>
      )}
      <div class="act">
        {phase === 'done' ? (
          <button type="button" class="p" onClick={close}>
            {t('done')}
          </button>
        ) : (
          <>
            <button type="button" class="p" disabled={phase === 'busy'} onClick={() => void send()}>
              {t(kind === 'ask' ? 'ask' : 'contact')}
            </button>
            <button type="button" onClick={close}>
              {t('cancel')}
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}

import { useState } from 'preact/hooks';
import type { ExplainResponse } from '../../shared/explain.ts';
import { ReasonItem } from '../components/reason-item.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime, humanize, num } from '../lib/format.ts';
import { motionLabel } from '../lib/labels.ts';
import { Link } from '../lib/router.ts';
import { ExplainPicker } from './explain-picker.tsx';

type Explained = ExplainResponse['campaigns'][number];

function verdictLabel(c: Explained): string {
  if (!c.eligible) return 'not eligible';
  if (c.outrankedBy) return 'eligible · outranked';
  return c.holdout ? 'eligible · held out (recorded, not shown)' : 'eligible · shown now';
}

/** "Why didn't they see it?": every campaign's verdict and reasons for one account and user. */
export function ExplainPage() {
  const [account, setAccount] = useState('');
  const [user, setUser] = useState('');
  const [result, setResult] = useState<ExplainResponse | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const q = new URLSearchParams({ account, ...(user ? { user } : {}) });
      setResult(await api<ExplainResponse>('GET', `/v1/admin/explain?${q}`));
    } catch (err) {
      setError(errorMessage(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1>Explain</h1>
      <form class="inline-form" onSubmit={run} aria-label="Explain a decision">
        <ExplainPicker account={account} user={user} onAccount={setAccount} onUser={setUser} />
        <button type="submit" class="primary" disabled={busy || !account}>
          {busy ? 'Explaining…' : 'Explain'}
        </button>
      </form>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div aria-live="polite">
          <p>
            Account <strong>{result.accountId}</strong>
            {result.userId && (
              <>
                , user <strong>{result.userId}</strong> ({result.role})
              </>
            )}{' '}
            is <span class="badge">{humanize(result.stage)}</span> as of {dateTime(result.evaluatedAt)}.
          </p>
          {result.stageReasons.length > 0 && (
            <ul class="small">
              {result.stageReasons.map((r) => (
                <li key={r.code}>{r.message}</li>
              ))}
            </ul>
          )}
          {result.campaigns.map((c) => (
            <article
              key={c.campaignId}
              class={`card verdict ${c.eligible ? (c.holdout ? 'holdout' : 'eligible') : 'blocked'}`}
            >
              <h2>
                <Link to={`campaigns/${c.campaignId}`}>{c.name}</Link>{' '}
                <span class="badge">{verdictLabel(c)}</span>
              </h2>
              {c.outrankedBy && (
                <p class="small">
                  Decide would show{' '}
                  <Link to={`campaigns/${c.outrankedBy.campaignId}`}>{c.outrankedBy.name}</Link> in its place:
                  it ranks higher (priority, then expected value).
                </p>
              )}
              <p class="muted small">
                {c.status} · {motionLabel(c.motion)} · channel {c.channel}
                {c.target ? ` · offers ${c.target.name}` : ''} · score {num(c.score)}
                {c.firedTriggers.length > 0 ? ` · fired: ${c.firedTriggers.join(', ')}` : ''}
              </p>
              <ul class="reasons">
                {c.reasons.map((r, i) => (
                  <ReasonItem key={i} reason={r} />
                ))}
              </ul>
            </article>
          ))}
        </div>
      )}
    </section>
  );
}

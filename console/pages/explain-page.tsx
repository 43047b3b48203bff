import { useEffect, useState } from 'preact/hooks';
import type { ExplainResponse } from '../../shared/explain.ts';
import { ReasonItem } from '../components/reason-item.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { explainFacts } from '../lib/explain-summary.ts';
import { dateTime, humanize } from '../lib/format.ts';
import { Link, navigate, routeParams, useCurrentRoute } from '../lib/router.ts';
import { ExplainPicker } from './explain-picker.tsx';
import { ResetCaps } from './explain-reset.tsx';

type Explained = ExplainResponse['campaigns'][number];

function verdictLabel(c: Explained): string {
  if (!c.eligible) return 'not eligible';
  if (c.outrankedBy) return 'eligible · outranked';
  return c.holdout ? 'eligible · held out (recorded, not shown)' : 'eligible · shown now';
}

/** The inputs the page's URL carries, so an explanation can be shared as a link. */
const FIELDS = ['account', 'user', 'path'] as const;
type Inputs = Record<(typeof FIELDS)[number], string>;

/** "Why didn't they see it?": every campaign's verdict and reasons for one account and user. */
export function ExplainPage() {
  const { query } = routeParams(useCurrentRoute());
  const [inputs, setInputs] = useState<Inputs>(() => ({
    account: query.get('account') ?? '',
    user: query.get('user') ?? '',
    path: query.get('path') ?? '',
  }));
  const [result, setResult] = useState<ExplainResponse | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (name: keyof Inputs) => (value: string) => setInputs((v) => ({ ...v, [name]: value }));
  const explainNow = async (values: Inputs) => {
    setBusy(true);
    setError('');
    const q = new URLSearchParams();
    for (const name of FIELDS) if (values[name].trim()) q.set(name, values[name].trim());
    navigate(`explain?${q}`, { replace: true });
    try {
      setResult(await api<ExplainResponse>('GET', `/v1/admin/explain?${q}`));
    } catch (err) {
      setError(errorMessage(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };
  // A shared link explains at once (with the inputs the page opened with; later ones wait for Explain).
  useEffect(() => {
    if (inputs.account) void explainNow(inputs);
  }, []);
  const run = (e: Event) => {
    e.preventDefault();
    void explainNow(inputs);
  };
  return (
    <section>
      <h1>Explain</h1>
      <form class="inline-form hinted" onSubmit={run} aria-label="Explain a decision">
        <ExplainPicker
          account={inputs.account}
          user={inputs.user}
          onAccount={set('account')}
          onUser={set('user')}
        />
        <div class="field">
          <label for="explain-path">Page path (optional)</label>
          <input
            id="explain-path"
            placeholder="/settings/billing"
            value={inputs.path}
            aria-describedby="explain-path-hint"
            onInput={(e) => set('path')(e.currentTarget.value)}
          />
          <span id="explain-path-hint" class="hint">
            Campaigns limited to pages are checked as if the user were here
          </span>
        </div>
        <button type="submit" class="primary" disabled={busy || !inputs.account}>
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
              <p class="muted small">{explainFacts(c)}</p>
              <Reasons reasons={c.reasons} />
              <ResetCaps
                account={result.accountId}
                user={result.userId ?? ''}
                campaignId={c.campaignId}
                reasons={c.reasons}
                onReset={() => void explainNow(inputs)}
              />
            </article>
          ))}
        </div>
      )}
    </section>
  );
}

/** What blocks the campaign first; the checks it passes folded away, as they are most of the list. */
function Reasons({ reasons }: { reasons: Explained['reasons'] }) {
  const blocking = reasons.filter((r) => r.blocking);
  const rest = reasons.filter((r) => !r.blocking);
  return (
    <>
      {blocking.length > 0 && (
        <ul class="reasons">
          {blocking.map((r, i) => (
            <ReasonItem key={i} reason={r} />
          ))}
        </ul>
      )}
      {rest.length > 0 && (
        <details>
          <summary class="small">
            {rest.length} other {rest.length === 1 ? 'check' : 'checks'}
          </summary>
          <ul class="reasons">
            {rest.map((r, i) => (
              <ReasonItem key={i} reason={r} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

import { useState } from 'preact/hooks';
import type { TokenCheck } from '../../shared/identity.ts';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { Link } from '../lib/router.ts';

/**
 * A user token pasted from the host page (its `data-user-token`), checked as the widget's calls
 * would check it: whom it names, or why it is refused, with what it carries. For the developer
 * wiring up their backend's signing; nothing is recorded.
 */
export function TokenCheckCard() {
  const [token, setToken] = useState('');
  const [result, setResult] = useState<TokenCheck>();
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      setResult(await api<TokenCheck>('POST', '/v1/admin/identity/token-check', { token }));
    } catch (err) {
      setResult(undefined);
      setError(errorMessage(err));
    }
  };
  return (
    <section class="card" aria-labelledby="token-check-title">
      <h2 id="token-check-title">Check a user token</h2>
      <form onSubmit={submit} aria-label="Check a user token">
        <div class="field">
          <label for="token-check">User token</label>
          <textarea
            id="token-check"
            rows={3}
            required
            spellcheck={false}
            aria-describedby="token-check-hint"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
          <small id="token-check-hint" class="hint">
            The <code>data-user-token</code> your backend signed for a page: checked with this workspace's
            identity secret, as the widget's calls are.
          </small>
        </div>
        <button type="submit">Check token</button>
      </form>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <output aria-live="polite">{result && <Verdict result={result} />}</output>
    </section>
  );
}

function Verdict({ result }: { result: TokenCheck }) {
  const { user } = result;
  return (
    <div class="token-verdict">
      {result.valid && user ? (
        <p>
          <strong>Valid.</strong> User <code>{user.userId}</code> of account <code>{user.accountId}</code>,
          role <code>{user.role}</code>
          {user.locale && (
            <>
              , locale <code>{user.locale}</code>
            </>
          )}
          .{' '}
          <Link to={`explain?${new URLSearchParams({ account: user.accountId, user: user.userId })}`}>
            Explain what they would see
          </Link>
        </p>
      ) : (
        <p>
          <strong>Refused:</strong> {result.reason}
        </p>
      )}
      {(result.issuedAt || result.expiresAt) && (
        <p class="muted small">
          Signed {dateTime(result.issuedAt)} · expires {dateTime(result.expiresAt)}
        </p>
      )}
      {result.claims && <pre class="snippet">{JSON.stringify(result.claims, null, 2)}</pre>}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import type { Product } from '../../shared/catalog.ts';
import type { Account, AccountDetail, AccountErasure, FrequencyReset } from '../../shared/host-data.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { auditOf } from '../lib/audit-labels.ts';
import { dateTime, money, num, pct } from '../lib/format.ts';
import { Link, navigate, routeParams, useCurrentRoute } from '../lib/router.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';

/**
 * The host's customers as Attach sees them: find one by id or name, then what it owns, how close it
 * is to its quotas and how many people use it, with the way on to Explain. Editors can start its
 * frequency caps over (testing), mark it as a test account or delete it (the customer left, or
 * asked for erasure).
 */
export function AccountsPage() {
  const { query } = routeParams(useCurrentRoute());
  const selected = query.get('id') ?? '';
  const [search, setSearch] = useState('');
  const typed = useDebounced(search.trim(), 250);
  const list = useResource<{ data: Account[] }>(
    `/v1/admin/accounts?limit=50${typed ? `&q=${encodeURIComponent(typed)}` : ''}`,
  );
  // MRR is kept in minor units of the catalogue's currency.
  const catalog = useResource<{ data: Product[] }>('/v1/admin/products?limit=1');
  const currency = catalog.data?.data[0]?.price.currency;
  const mrr = (amount: number) => (currency ? money(amount, currency) : num(amount / 100));
  const [notice, setNotice] = useState('');
  // What was done to one account is not news on the next one opened.
  useEffect(() => {
    if (selected) setNotice('');
  }, [selected]);
  return (
    <section>
      <h1>Accounts</h1>
      <div class="field inline">
        <label for="account-search">Find an account</label>
        <input
          id="account-search"
          type="search"
          placeholder="id or a part of its name"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
      </div>
      {list.error && <p class="field-error">{list.error}</p>}
      <TableWrap label="Accounts">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Segment</th>
              <th scope="col">Plan</th>
              <th scope="col" class="num">
                Seats
              </th>
              <th scope="col" class="num">
                MRR
              </th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.data ?? []).map((a) => (
              <tr key={a.id} aria-current={a.id === selected ? 'true' : undefined}>
                <th scope="row">
                  <Link to={`accounts?id=${encodeURIComponent(a.id)}`}>{a.name || a.id}</Link>{' '}
                  <span class="muted small">{a.id}</span>
                  {a.test && <span class="badge test">Test</span>}
                </th>
                <td>{a.segment ?? '—'}</td>
                <td>{a.plan ?? '—'}</td>
                <td class="num">{num(a.seats)}</td>
                <td class="num">{mrr(a.mrr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {list.data && list.data.data.length === 0 && <p class="muted">No account matches.</p>}
      {notice && (
        <output class="notice" aria-live="polite">
          {notice}
        </output>
      )}
      {selected && (
        <AccountPanel
          // A panel per account: another account's figures (and its Delete) never show while this one loads.
          key={selected}
          id={selected}
          mrr={mrr}
          onNotice={setNotice}
          onDeleted={() => {
            navigate('accounts');
            list.reload();
          }}
          onChanged={list.reload}
        />
      )}
    </section>
  );
}

function AccountPanel(props: {
  id: string;
  mrr: (amount: number) => string;
  onNotice: (message: string) => void;
  onDeleted: () => void;
  onChanged: () => void;
}) {
  const { id, mrr, onNotice: setNotice } = props;
  const { session } = useSession();
  const detail = useResource<AccountDetail>(`/v1/admin/accounts/${encodeURIComponent(id)}`);
  if (detail.error) return <p class="field-error">{detail.error}</p>;
  const a = detail.data;
  if (!a) return <p class="loading">Loading…</p>;
  const resetCaps = async () => {
    if (
      !window.confirm(
        `Forget the impressions, dismissals and daily counts of every user of ${a.name || a.id}? They will be offered prompts again as if never shown. Use it for testing.`,
      )
    )
      return;
    try {
      const r = await api<FrequencyReset>(
        'DELETE',
        `/v1/admin/accounts/${encodeURIComponent(a.id)}/frequency`,
      );
      setNotice(`Caps reset: ${r.cleared.messageStates} message states and their daily counts forgotten.`);
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };
  const toggleTest = async () => {
    try {
      await api<AccountDetail>('PATCH', `/v1/admin/accounts/${encodeURIComponent(a.id)}`, { test: !a.test });
      setNotice(
        a.test
          ? `${a.name || a.id} counts as a customer again, in analytics and affinity, its past included.`
          : `${a.name || a.id} is a test account: never held out, and left out of analytics and affinity.`,
      );
      detail.reload();
      props.onChanged();
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };
  const erase = async () => {
    if (
      !window.confirm(
        `Delete ${a.name || a.id} with its users, ownership, usage and events? Purchases and decisions keep its id. This cannot be undone.`,
      )
    )
      return;
    try {
      const r = await api<AccountErasure>('DELETE', `/v1/admin/accounts/${encodeURIComponent(a.id)}`);
      setNotice(`Deleted ${r.id}: ${r.erased.users} users and ${r.erased.events} events with it.`);
      props.onDeleted();
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };
  return (
    <article class="card" aria-labelledby="account-title">
      <h2 id="account-title">
        {a.name || a.id} {a.test && <span class="badge test">Test account</span>}
      </h2>
      <p class="muted small">
        {a.id} · {a.segment ?? 'no segment'} · {a.plan ?? 'no plan'} · {num(a.seats)} seats · MRR {mrr(a.mrr)}
        {a.healthScore !== null ? ` · health ${a.healthScore}` : ''} · {num(a.userCount)} users
        {a.renewalAt ? ` · renews ${dateTime(a.renewalAt)}` : ''}
      </p>
      {a.test && (
        <p class="muted small">
          Your own account (staff, QA or demo): its users are never held out, so they see every campaign they
          qualify for, and it is left out of analytics, lift and affinity.
        </p>
      )}
      <h3>Owns</h3>
      {a.entitlements.length === 0 ? (
        <p class="muted">Nothing yet.</p>
      ) : (
        <ul>
          {a.entitlements.map((e) => (
            <li key={e.id}>
              {e.productKey} · {e.status} ·{' '}
              {e.source === 'host' ? 'synced from your product' : `by ${e.source}`} since{' '}
              {dateTime(e.startedAt)}
            </li>
          ))}
        </ul>
      )}
      <h3>Usage</h3>
      {a.usage.length === 0 ? (
        <p class="muted">No usage synced.</p>
      ) : (
        <ul>
          {a.usage.map((u) => (
            <li key={u.metric}>
              {u.metric}: {num(u.value)}
              {u.limit ? ` of ${num(u.limit)} (${pct(u.value / u.limit)})` : ''}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        <Link to={`explain?account=${encodeURIComponent(a.id)}`}>Explain what it would see</Link>
        <Link to={auditOf('account', a.id)}>Its audit entries</Link>
        {canEdit(session) && (
          <>
            <button type="button" onClick={resetCaps}>
              Reset caps (testing)
            </button>
            <button type="button" onClick={toggleTest}>
              {a.test ? 'Count as a customer' : 'Mark as test account'}
            </button>
            <button type="button" class="danger" onClick={erase}>
              Delete account
            </button>
          </>
        )}
      </div>
    </article>
  );
}

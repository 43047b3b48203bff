import { useState } from 'preact/hooks';
import type { AdminAccessRequest, Lead, LeadStatus } from '../../shared/money.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { Link } from '../lib/router.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { usePaged } from '../lib/use-paged.ts';

const LEAD_STATUSES: LeadStatus[] = ['open', 'contacted', 'won', 'lost'];
const CHANNEL: Record<Lead['channel'], string> = { csm: 'Customer success', sales: 'Sales' };

/** The account facts a lead carried at routing time that a CSM or AE reads first. */
function leadFacts(lead: Lead): string {
  const a = lead.context.account;
  const facts = [
    typeof a.name === 'string' ? a.name : undefined,
    typeof a.segment === 'string' ? a.segment : undefined,
    typeof a.seats === 'number' ? `${a.seats} seats` : undefined,
    lead.context.firedTriggers.length > 0 ? `fired: ${lead.context.firedTriggers.join(', ')}` : undefined,
  ];
  return facts.filter(Boolean).join(' · ');
}

/**
 * What the prompts sent to people rather than to checkout: leads routed to customer success or
 * sales, and members' requests for an admin to buy. The host gets both as webhooks; here a product
 * manager sees the demand and whoever owns the follow-up moves it along.
 */
export function PipelinePage() {
  const { session } = useSession();
  const editable = canEdit(session);
  const [leadStatus, setLeadStatus] = useState<LeadStatus | ''>('open');
  const leads = usePaged<Lead>(
    `/v1/admin/leads?limit=50${leadStatus ? `&status=${leadStatus}` : ''}`,
    'leads',
  );
  const requests = usePaged<AdminAccessRequest>('/v1/admin/requests?limit=50&status=open', 'requests');
  const [message, setMessage] = useState('');
  const change = async <T,>(work: () => Promise<T>, done: (result: T) => void, said: string) => {
    try {
      done(await work());
      setMessage(said);
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  return (
    <section>
      <h1>Pipeline</h1>
      {message && (
        <output class="notice" aria-live="polite">
          {message}
        </output>
      )}
      <h2 id="leads-title">Leads</h2>
      <p class="muted small">
        Accounts a campaign routed to customer success or sales instead of a buy button.
      </p>
      <div class="field inline">
        <label for="lead-status">Status</label>
        <select
          id="lead-status"
          value={leadStatus}
          onChange={(e) => setLeadStatus(e.currentTarget.value as LeadStatus | '')}
        >
          <option value="">All</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <a class="button" href={`/v1/admin/leads.csv${leadStatus ? `?status=${leadStatus}` : ''}`} download>
          Download leads (CSV)
        </a>
      </div>
      {leads.error && <p class="field-error">{leads.error}</p>}
      <TableWrap label="Leads">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Product</th>
              <th scope="col">Routed to</th>
              <th scope="col">What we knew</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {leads.items.map((lead) => (
              <tr key={lead.id}>
                <th scope="row">
                  <Link to={`explain?account=${encodeURIComponent(lead.accountId)}`}>{lead.accountId}</Link>
                </th>
                <td>{lead.productKey}</td>
                <td>{CHANNEL[lead.channel]}</td>
                <td class="small">{leadFacts(lead) || '—'}</td>
                <td>{dateTime(lead.createdAt)}</td>
                <td>
                  <select
                    aria-label={`Status of the lead for ${lead.accountId}`}
                    value={lead.status}
                    disabled={!editable}
                    onChange={(e) => {
                      const status = e.currentTarget.value;
                      void change(
                        () => api<Lead>('PATCH', `/v1/admin/leads/${lead.id}`, { status }),
                        leads.replace,
                        `Lead for ${lead.accountId} marked ${status}.`,
                      );
                    }}
                  >
                    {LEAD_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {leads.items.length === 0 && !leads.error && (
        <p class="muted">No leads{leadStatus ? ` ${leadStatus}` : ''}.</p>
      )}
      {leads.more && (
        <button type="button" onClick={leads.more}>
          Show more leads
        </button>
      )}
      <h2 id="requests-title">Open access requests</h2>
      <p class="muted small">Members who could not buy asked their admin (or sales) for a product.</p>
      {requests.error && <p class="field-error">{requests.error}</p>}
      <TableWrap label="Open access requests">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">User</th>
              <th scope="col">Product</th>
              <th scope="col">Note</th>
              <th scope="col">Asked</th>
              <th scope="col">
                <span class="sr-only">Decision</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {requests.items.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.accountId}</th>
                <td>{r.userId}</td>
                <td>{r.productKey}</td>
                <td class="small">{r.note ?? '—'}</td>
                <td>{dateTime(r.createdAt)}</td>
                <td>
                  {r.status === 'open'
                    ? (['approved', 'declined'] as const).map((status) => (
                        <button
                          key={status}
                          type="button"
                          class={status === 'declined' ? 'link danger' : 'link'}
                          disabled={!editable}
                          onClick={() =>
                            change(
                              () =>
                                api<AdminAccessRequest>('PATCH', `/v1/admin/requests/${r.id}`, { status }),
                              requests.replace,
                              `Request of ${r.userId} ${status}.`,
                            )
                          }
                        >
                          {status === 'approved' ? 'Approve' : 'Decline'}
                        </button>
                      ))
                    : r.status}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {requests.items.length === 0 && !requests.error && <p class="muted">No open requests.</p>}
      {requests.more && (
        <button type="button" onClick={requests.more}>
          Show more requests
        </button>
      )}
    </section>
  );
}

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type ApiKey,
  type ApiKeyList,
  type ApiKeyRole,
  CreateApiKey,
  type CreatedApiKey,
  type RolledApiKey,
} from '../../shared/api-keys.ts';
import { SelectField, TagsField, TextField } from '../components/fields.tsx';
import { HistoryLink } from '../components/history-link.tsx';
import { SchemaForm } from '../components/schema-form.tsx';
import { Secrets } from '../components/secrets.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { splitNames } from '../components/vocabulary.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { actorLabel } from '../lib/audit-labels.ts';
import { useField } from '../lib/form.ts';
import { dateTime } from '../lib/format.ts';
import { useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';
import { FailedCalls } from './failed-calls.tsx';

const ROLES: ReadonlyArray<readonly [ApiKeyRole, string]> = [
  ['editor', 'Editor'],
  ['viewer', 'Viewer'],
  ['sync', 'Data sync'],
];
const roleLabel = (role: ApiKeyRole) => ROLES.find(([r]) => r === role)?.[1] ?? role;

const EXPIRIES = [
  ['30', 'After 30 days'],
  ['90', 'After 90 days'],
  ['365', 'After 365 days'],
] as const;

/** The API takes whole days; a select speaks strings (its empty choice, Never, leaves it unset). */
function ExpiryField() {
  const { set } = useField<number>(['expiresInDays']);
  return (
    <SelectField
      path={['expiresInDays']}
      label="Expires"
      empty="Never"
      options={EXPIRIES}
      onPick={(days) => set(days === undefined ? undefined : Number(days))}
    />
  );
}

/** How long a rolled key keeps working beside its successor, in seconds (the API's overlap). */
const OVERLAPS = [
  ['0', 'Stops at once (a leaked key)'],
  ['3600', 'Keeps working for 1 hour'],
  ['86400', 'Keeps working for 24 hours'],
  ['604800', 'Keeps working for 7 days'],
] as const;

/**
 * Named secret keys beside the workspace's own, one per integration: every role reads the list,
 * owners create, roll and revoke (the API refuses anyone else).
 */
export function ApiKeysPage() {
  const { session } = useSession();
  const isOwner = session.user.role === 'owner';
  const keys = useResource<ApiKeyList>('/v1/admin/api-keys');
  const [created, setCreated] = useState<CreatedApiKey | RolledApiKey>();
  const [rolling, setRolling] = useState<ApiKey>();
  const [restricting, setRestricting] = useState<ApiKey>();
  const [message, setMessage] = useState('');
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke the API key “${key.name}”? Integrations using it stop working at once.`))
      return;
    setMessage('');
    try {
      await api('DELETE', `/v1/admin/api-keys/${key.id}`);
      setMessage(`Revoked “${key.name}”.`);
      keys.reload();
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  const list = keys.data?.data ?? [];
  return (
    <section>
      <h1>API keys</h1>
      <p class="muted">
        Give each integration a key of its own: it is named in the audit log, and revoking it leaves the
        others working. An editor key (a billing sync) may change everything but console users and keys; a
        viewer key (a BI tool, a SIEM) only reads. The workspace's own secret key, under Settings, keeps an
        owner's rights.
      </p>
      {!isOwner && <p class="muted">Only owners create, roll and revoke API keys.</p>}
      {keys.error && <p class="field-error">{keys.error}</p>}
      {keys.data && list.length === 0 && <p class="muted">No API keys yet.</p>}
      {list.length > 0 && (
        <TableWrap label="API keys, newest first">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Allowed from</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <KeyRow
                  key={k.id}
                  apiKey={k}
                  onRevoke={isOwner ? revoke : undefined}
                  onRoll={isOwner ? setRolling : undefined}
                  onRestrict={isOwner ? setRestricting : undefined}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <output aria-live="polite">{message}</output>
      {rolling && (
        <RollKey
          key={rolling.id}
          apiKey={rolling}
          onCancel={() => setRolling(undefined)}
          onDone={(answer) => {
            setRolling(undefined);
            setCreated(answer);
            keys.reload();
          }}
        />
      )}
      {restricting && (
        <AllowedIpsForm
          key={restricting.id}
          apiKey={restricting}
          onCancel={() => setRestricting(undefined)}
          onDone={(saved) => {
            setRestricting(undefined);
            setMessage(
              saved.allowedIps.length === 0
                ? `“${saved.name}” works from anywhere.`
                : `“${saved.name}” works from ${saved.allowedIps.join(', ')} only.`,
            );
            keys.reload();
          }}
        />
      )}
      {created && <NewKey key={created.id} apiKey={created} />}
      {isOwner && (
        <SchemaForm
          title="Create an API key"
          schema={CreateApiKey}
          // The least a key can do: an owner gives one an editor's rights on purpose.
          initial={{ role: 'viewer' }}
          method="POST"
          path="/v1/admin/api-keys"
          submitLabel="Create key"
          onDone={(answer: CreatedApiKey) => {
            setCreated(answer);
            keys.reload();
          }}
        >
          <TextField path={['name']} label="Name" hint="The integration it is for, e.g. Looker" />
          <SelectField
            path={['role']}
            label="Role"
            options={ROLES}
            hint="Editor: changes everything but console users and keys. Viewer: only reads. Data sync: only sends accounts, users, ownership, usage and events (Segment too), reading nothing: the one to give a third party such as Segment."
          />
          <ExpiryField />
          <TagsField path={['allowedIps']} label="Allowed IP addresses" hint={ALLOWED_IPS_HINT} />
        </SchemaForm>
      )}
      <FailedCalls keyNames={list.map((k) => k.name)} />
    </section>
  );
}

function KeyRow({
  apiKey: k,
  onRevoke,
  onRoll,
  onRestrict,
}: {
  apiKey: ApiKey;
  onRevoke: ((key: ApiKey) => void) | undefined;
  onRoll: ((key: ApiKey) => void) | undefined;
  onRestrict: ((key: ApiKey) => void) | undefined;
}) {
  return (
    <tr>
      <th scope="row">{k.name}</th>
      <td>{roleLabel(k.role)}</td>
      <td>
        <code>{k.hint}</code>
      </td>
      <td>
        <span class={`badge ${k.status}`}>{k.status}</span>
        {k.replacedBy && <span class="muted small"> rolled</span>}
        {k.revokedAt && (
          <span class="muted small">
            {' '}
            {dateTime(k.revokedAt)}
            {k.revokedBy && ` by ${actorLabel(k.revokedBy)}`}
          </span>
        )}
      </td>
      <td>
        {dateTime(k.createdAt)} <span class="muted small">by {actorLabel(k.createdBy)}</span>
      </td>
      <td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'Never'}</td>
      <td>{k.expiresAt ? dateTime(k.expiresAt) : 'Never'}</td>
      <td>{k.allowedIps.length === 0 ? 'Anywhere' : k.allowedIps.join(', ')}</td>
      <td>
        {onRestrict && k.status === 'active' && (
          <>
            <button type="button" class="link" onClick={() => onRestrict(k)}>
              Addresses<span class="sr-only"> of {k.name}</span>
            </button>{' '}
          </>
        )}
        {onRoll && k.status === 'active' && !k.replacedBy && (
          <>
            <button type="button" class="link" onClick={() => onRoll(k)}>
              Roll<span class="sr-only"> {k.name}</span>
            </button>{' '}
          </>
        )}
        {onRevoke && k.status === 'active' && (
          <>
            <button type="button" class="link danger" onClick={() => onRevoke(k)}>
              Revoke<span class="sr-only"> {k.name}</span>
            </button>{' '}
          </>
        )}
        <HistoryLink type="api_key" id={k.id} name={k.name} />
      </td>
    </tr>
  );
}

const ALLOWED_IPS_HINT =
  "Comma-separated addresses or CIDR ranges of the integration's servers, e.g. 203.0.113.0/24; empty: anywhere";

/**
 * A change to one key, in a panel under the table: its first control focused, the API's refusal
 * shown in it, Cancel beside the button.
 */
function KeyActionForm(props: {
  id: string;
  title: string;
  submitLabel: string;
  onCancel: () => void;
  send: () => Promise<void>;
  children: ComponentChildren;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLFormElement>(null);
  useEffect(() => panel.current?.querySelector<HTMLElement>('input, select')?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await props.send();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" ref={panel} onSubmit={submit} aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
      {error && <p class="field-error">{error}</p>}
      <div class="inline-form">
        <button type="submit" disabled={busy}>
          {props.submitLabel}
        </button>
        <button type="button" class="link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Where a key may be used from: its servers' addresses, so a leaked copy is no use elsewhere. */
function AllowedIpsForm({
  apiKey,
  onCancel,
  onDone,
}: {
  apiKey: ApiKey;
  onCancel: () => void;
  onDone: (saved: ApiKey) => void;
}) {
  const [text, setText] = useState(apiKey.allowedIps.join(', '));
  const send = async () => {
    const allowedIps = splitNames(text);
    onDone(await api<ApiKey>('PATCH', `/v1/admin/api-keys/${apiKey.id}`, { allowedIps }));
  };
  return (
    <KeyActionForm
      id="allowed-ips-title"
      title={`Where “${apiKey.name}” may be used from`}
      submitLabel="Save addresses"
      onCancel={onCancel}
      send={send}
    >
      <div class="field">
        <label for="allowed-ips">Allowed IP addresses</label>
        <input
          id="allowed-ips"
          type="text"
          value={text}
          aria-describedby="allowed-ips-hint"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <small id="allowed-ips-hint" class="hint">
          {ALLOWED_IPS_HINT}. Calls from anywhere else are refused at once.
        </small>
      </div>
    </KeyActionForm>
  );
}

/**
 * Rolling a key: how long the old one keeps working, so the integration can be redeployed with the
 * new one first (or none, after a leak).
 */
function RollKey({
  apiKey,
  onCancel,
  onDone,
}: {
  apiKey: ApiKey;
  onCancel: () => void;
  onDone: (rolled: RolledApiKey) => void;
}) {
  const [overlap, setOverlap] = useState<string>('86400');
  const send = async () => {
    const body = { overlapSeconds: Number(overlap) };
    onDone(await api<RolledApiKey>('POST', `/v1/admin/api-keys/${apiKey.id}/roll`, body));
  };
  return (
    <KeyActionForm
      id="roll-key-title"
      title={`Roll “${apiKey.name}”`}
      submitLabel="Roll key"
      onCancel={onCancel}
      send={send}
    >
      <p class="muted">
        A new key takes its name and role{apiKey.expiresAt ? ' and as long a lifetime' : ''}. Deploy the new
        key to the integration while the old one still works.
      </p>
      <label>
        The old key
        <select value={overlap} onChange={(e) => setOverlap(e.currentTarget.value)}>
          {OVERLAPS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </KeyActionForm>
  );
}

/** The new key, the only time the API gives it: brought into view and focus so it is not missed. */
function NewKey({ apiKey }: { apiKey: CreatedApiKey | RolledApiKey }) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  const previous = 'previous' in apiKey ? apiKey.previous : undefined;
  return (
    <section class="callout-card" ref={panel} tabIndex={-1} aria-labelledby="new-key-title">
      <h2 id="new-key-title">
        The {previous ? 'new ' : ''}key for “{apiKey.name}”
      </h2>
      <p>
        Copy it now into the integration's configuration: it will not be shown again. Lost, it cannot be
        recovered; revoke it and create another.
      </p>
      {previous && (
        <p>
          The old key ({previous.hint}){' '}
          {previous.status === 'active' && previous.expiresAt
            ? `keeps working until ${dateTime(previous.expiresAt)}.`
            : 'has stopped working.'}
        </p>
      )}
      <Secrets secrets={[['API key', apiKey.key]]} />
    </section>
  );
}

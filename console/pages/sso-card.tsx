import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';
import { type SsoGroupRole, SsoSettings, type SsoUpdate, type SsoView } from '../../shared/sso.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { FieldMessage, FieldWrap } from '../components/fields.tsx';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { useResource } from '../lib/use-resource.ts';

const SSO = '/v1/admin/console-users/sso';

type Settings = NonNullable<SsoView['settings']>;

const ROLE_LABELS: Record<Settings['defaultRole'], string> = { viewer: 'Viewer', editor: 'Editor' };

/**
 * The workspace's single sign-on (OpenID Connect). Everyone sees how it is set up, with the two
 * addresses to pass on: the redirect URI to register with the provider, the sign-in link for the
 * team. Owners set it up, change it and remove it.
 */
export function SsoCard({ isOwner }: { isOwner: boolean }) {
  const sso = useResource<SsoView>(SSO);
  // What a save or a removal answered: newer than what was read when the page opened.
  const [changed, setChanged] = useState<SsoView>();
  const [message, setMessage] = useState('');
  const view = changed ?? sso.data;
  /** Rejects with the API's refusal, for the form to show against its fields. */
  const save = async (update: SsoUpdate) => {
    setMessage('');
    setChanged(await api<SsoView>('PUT', SSO, update));
    setMessage('Single sign-on saved.');
  };
  const remove = async (current: SsoView) => {
    if (!window.confirm('Remove single sign-on? Everyone will sign in with their email and password.'))
      return;
    setMessage('');
    try {
      await api('DELETE', SSO);
      setChanged({ ...current, settings: null });
      setMessage('Single sign-on removed.');
    } catch (err) {
      setMessage(errorMessage(err));
    }
  };
  return (
    <section class="card" aria-labelledby="sso-title">
      <h2 id="sso-title">Single sign-on</h2>
      {sso.error && <p class="field-error">{sso.error}</p>}
      {view && <SsoState view={view} />}
      {isOwner && view && (
        // Saved, the form starts again from what the server kept (domains lower-cased, secret blank).
        <SsoForm key={view.settings?.updatedAt} settings={view.settings} save={save} />
      )}
      {isOwner && view?.settings && (
        <button type="button" class="danger" onClick={() => remove(view)}>
          Remove single sign-on
        </button>
      )}{' '}
      <output aria-live="polite">{message}</output>
    </section>
  );
}

function SsoState({ view }: { view: SsoView }) {
  const s = view.settings;
  return (
    <>
      {s ? (
        <dl class="sso-state">
          <dt>Identity provider</dt>
          <dd>{s.issuer}</dd>
          <dt>Client ID</dt>
          <dd>{s.clientId}</dd>
          <dt>Email domains</dt>
          <dd>{s.emailDomains.length ? s.emailDomains.join(', ') : 'None: only users added here'}</dd>
          <dt>Default role for new users</dt>
          <dd>{ROLE_LABELS[s.defaultRole]}</dd>
          <dt>Required</dt>
          <dd>{s.required ? 'Yes, for editors and viewers' : 'No, passwords work too'}</dd>
          <dt>Roles from groups</dt>
          <dd>{s.groupRoles.length ? <GroupRolesState settings={s} /> : 'None: roles are set here'}</dd>
        </dl>
      ) : (
        <p>Not set up: everyone signs in with their email and password.</p>
      )}
      <CopyField
        id="sso-redirect-uri"
        label="Redirect URI"
        value={view.redirectUri}
        hint="Register it with your identity provider for the console’s client."
      />
      {/* Before it is set up the link only leads to "not set up". */}
      {s && (
        <CopyField
          id="sso-sign-in-url"
          label="Sign-in link"
          value={view.signInUrl}
          hint="Share it with your team or bookmark it: it signs in to this workspace with SSO."
        />
      )}
    </>
  );
}

function GroupRolesState({ settings }: { settings: Settings }) {
  return (
    <>
      <ul>
        {settings.groupRoles.map(({ group, role }, i) => (
          // The contract lets a group be listed twice: its name alone is no key.
          <li key={i}>
            {group} → {ROLE_LABELS[role]}
          </li>
        ))}
      </ul>
      <span class="muted">
        from the <code>{settings.groupsClaim}</code> claim
      </span>
    </>
  );
}

function CopyField(props: { id: string; label: string; value: string; hint: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} readOnly value={props.value} aria-describedby={`${props.id}-hint`} />
      <span>
        <CopyButton label={props.label} value={props.value} />
      </span>
      <small id={`${props.id}-hint`} class="hint">
        {props.hint}
      </small>
    </div>
  );
}

/** The fields of the form a refusal's issues can point at, by their SsoUpdate key. */
type TextKey = 'issuer' | 'clientId' | 'clientSecret' | 'emailDomains' | 'groupsClaim';

const isTextKey = (key: unknown): key is TextKey =>
  key === 'issuer' ||
  key === 'clientId' ||
  key === 'clientSecret' ||
  key === 'emailDomains' ||
  key === 'groupsClaim';

/** What a first setup starts with, as the contract defaults it. */
const DEFAULT_GROUPS_CLAIM = SsoSettings.shape.groupsClaim.parse(undefined);

/** A "Roles from groups" row as edited: `key` keeps each row's inputs and error while others go. */
interface GroupRow extends SsoGroupRole {
  key: number;
}

let lastRowKey = 0;
const groupRow = (groupRole: SsoGroupRole): GroupRow => ({ ...groupRole, key: ++lastRowKey });

/** "a.com, b.com" or "a.com b.com", as people paste lists. */
const splitDomains = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * Setting single sign-on up or changing it. The secret is never shown back: left blank, the stored
 * one stays (the first setup needs one).
 */
function SsoForm(props: { settings: Settings | null; save: (update: SsoUpdate) => Promise<void> }) {
  const s = props.settings;
  const [text, setText] = useState<Record<TextKey, string>>({
    issuer: s?.issuer ?? '',
    clientId: s?.clientId ?? '',
    clientSecret: '',
    emailDomains: s?.emailDomains.join(', ') ?? '',
    groupsClaim: s?.groupsClaim ?? DEFAULT_GROUPS_CLAIM,
  });
  const [groupRows, setGroupRows] = useState(() => (s?.groupRoles ?? []).map(groupRow));
  const [defaultRole, setDefaultRole] = useState<Settings['defaultRole']>(s?.defaultRole ?? 'viewer');
  const [required, setRequired] = useState(s?.required ?? false);
  const [errors, setErrors] = useState<Partial<Record<TextKey | 'groupRoles', string>>>({});
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const emailDomains = splitDomains(text.emailDomains);
    // A row added and left without a group name is dropped, not refused.
    const sentRows = groupRows.map((row) => ({ ...row, group: row.group.trim() })).filter((row) => row.group);
    const update: SsoUpdate = {
      issuer: text.issuer.trim(),
      clientId: text.clientId.trim(),
      emailDomains,
      defaultRole,
      required,
      groupsClaim: text.groupsClaim.trim(),
      groupRoles: sentRows.map(({ group, role }) => ({ group, role })),
      ...(text.clientSecret ? { clientSecret: text.clientSecret } : {}),
    };
    setErrors({});
    setRowErrors({});
    setError('');
    setBusy(true);
    try {
      await props.save(update);
    } catch (err) {
      const fieldErrors: Partial<Record<TextKey | 'groupRoles', string>> = {};
      const refusedRows: Record<number, string> = {};
      for (const issue of err instanceof ApiFailure ? err.issues : []) {
        const [key, index] = issue.path;
        if (key === 'groupRoles') {
          // The index counts the rows sent, which leaves out the dropped empty ones.
          const row = typeof index === 'number' ? sentRows[index] : undefined;
          if (row) refusedRows[row.key] ??= issue.message;
          else fieldErrors.groupRoles ??= issue.message;
          continue;
        }
        if (!isTextKey(key)) continue;
        // Which of the domains: the list is one field.
        const domain = key === 'emailDomains' && typeof index === 'number' ? emailDomains[index] : undefined;
        fieldErrors[key] ??= domain ? `${domain}: ${issue.message}` : issue.message;
      }
      setErrors(fieldErrors);
      setRowErrors(refusedRows);
      if (Object.keys(fieldErrors).length + Object.keys(refusedRows).length === 0)
        setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: TextKey) => ({
    id: `sso-${key}`,
    value: text[key],
    error: errors[key],
    onInput: (e: JSX.TargetedEvent<HTMLInputElement>) => setText({ ...text, [key]: e.currentTarget.value }),
  });
  return (
    <form aria-labelledby="sso-form-title" onSubmit={submit}>
      <h3 id="sso-form-title">{s ? 'Change single sign-on' : 'Set up single sign-on'}</h3>
      <div class="grid">
        <TextInput
          {...field('issuer')}
          label="Issuer URL"
          type="url"
          required
          placeholder="https://login.example.com"
          hint="Its /.well-known/openid-configuration is read when you save."
        />
        <TextInput {...field('clientId')} label="Client ID" required />
        <TextInput
          {...field('clientSecret')}
          label="Client secret"
          type="password"
          autocomplete="new-password"
          required={!s}
          placeholder={s ? `Stored, ends in …${s.clientSecretHint}` : undefined}
          hint={s ? 'Leave it blank to keep the stored secret.' : undefined}
        />
        <TextInput
          {...field('emailDomains')}
          label="Email domains"
          placeholder="example.com, example.org"
          hint="People with these email domains get a console user at their first SSO sign-in. Separate them with commas or spaces."
        />
        <div class="field">
          <label for="sso-default-role">Default role for new users</label>
          <select
            id="sso-default-role"
            value={defaultRole}
            onChange={(e) => setDefaultRole(e.currentTarget.value as Settings['defaultRole'])}
          >
            <option value="viewer">Viewer</option>
            <option value="editor">Editor</option>
          </select>
        </div>
      </div>
      <label class="check-inline">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />{' '}
        Require SSO for editors and viewers (owners can still use their password)
      </label>
      <GroupRolesFieldset
        rows={groupRows}
        setRows={setGroupRows}
        rowErrors={rowErrors}
        error={errors.groupRoles}
      >
        <TextInput
          {...field('groupsClaim')}
          label="Groups claim"
          required
          hint="The id token claim listing a person’s groups: groups for Okta, Microsoft Entra ID and Keycloak."
        />
      </GroupRolesFieldset>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save single sign-on'}
        </button>
      </p>
    </form>
  );
}

/**
 * Which identity provider groups make people editors or viewers, with `children` (the groups claim)
 * above the rows.
 */
function GroupRolesFieldset(props: {
  rows: GroupRow[];
  setRows: (rows: GroupRow[]) => void;
  rowErrors: Record<number, string>;
  error: string | undefined;
  children: ComponentChildren;
}) {
  const { rows, setRows } = props;
  const describedBy = ['sso-groupRoles-hint', props.error && 'sso-groupRoles-error']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset class={props.error ? 'field invalid' : 'field'} aria-describedby={describedBy}>
      <legend>Roles from groups</legend>
      <small id="sso-groupRoles-hint" class="hint">
        At each SSO sign-in, an editor or viewer gets the highest role their groups are given here (Editor
        over Viewer), or the default role when none of their groups is listed; new users start with it. Owners
        never change, and a sign-in without the groups claim changes no one. With no groups listed, roles are
        set here.
      </small>
      {props.children}
      {rows.map((row, i) => (
        <GroupRoleRow
          key={row.key}
          row={row}
          n={i + 1}
          error={props.rowErrors[row.key]}
          change={(changed) => setRows(rows.map((r) => (r.key === row.key ? changed : r)))}
          remove={() => setRows(rows.filter((r) => r.key !== row.key))}
        />
      ))}
      <FieldMessage id="sso-groupRoles" error={props.error} />
      <p>
        <button type="button" onClick={() => setRows([...rows, groupRow({ group: '', role: 'viewer' })])}>
          Add a group
        </button>
      </p>
    </fieldset>
  );
}

function GroupRoleRow(props: {
  row: GroupRow;
  /** Its place in the list, for labels: ids use the row's key. */
  n: number;
  error: string | undefined;
  change: (row: GroupRow) => void;
  remove: () => void;
}) {
  const { row, n } = props;
  const id = `sso-group-${row.key}`;
  return (
    <div class="row-item">
      <TextInput
        id={id}
        label={`Group ${n}`}
        value={row.group}
        error={props.error}
        onInput={(e) => props.change({ ...row, group: e.currentTarget.value })}
      />
      <FieldWrap id={`${id}-role`} label={`Role for group ${n}`}>
        <select
          id={`${id}-role`}
          value={row.role}
          onChange={(e) => props.change({ ...row, role: e.currentTarget.value as SsoGroupRole['role'] })}
        >
          <option value="editor">Editor</option>
          <option value="viewer">Viewer</option>
        </select>
      </FieldWrap>
      <button type="button" class="link danger" onClick={props.remove}>
        Remove<span class="sr-only"> group {row.group.trim() || n}</span>
      </button>
    </div>
  );
}

function TextInput({
  id,
  label,
  hint,
  error,
  ...input
}: { id: string; label: string; hint?: string | undefined; error?: string | undefined } & Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'id' | 'label'
>) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <FieldWrap id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
    </FieldWrap>
  );
}

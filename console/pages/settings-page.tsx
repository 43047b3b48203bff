import { useEffect, useState } from 'preact/hooks';
import {
  type DataRetention,
  IdentityMode,
  type RotatedKeys,
  type Theme,
  WorkspaceSettings,
  type WorkspaceView,
} from '../../shared/workspace.ts';
import { ColorField, NumberField, SelectField, TagsField, TextField } from '../components/fields.tsx';
import { Secrets } from '../components/secrets.tsx';
import { VocabularyProvider } from '../components/vocabulary.tsx';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { FormContext, issuesToErrors, type Path, setIn } from '../lib/form.ts';
import { dateTime } from '../lib/format.ts';
import { STAGES } from '../lib/labels.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';
import { TokenCheckCard } from './token-check.tsx';

const MODES = IdentityMode.options.map(
  (m) =>
    [
      m,
      {
        off: 'Off (development only)',
        report: 'Report (log unsigned users)',
        enforce: 'Enforce (signed tokens only)',
      }[m],
    ] as const,
);
/** Each rotatable key: its name in the request, its label, and the field and label of the new one. */
const KEYS = [
  ['publishable', 'Publishable key (script tag)', 'publishableKey', 'New publishable key'],
  ['secret', 'Secret key (admin API)', 'secretKey', 'New secret key'],
  ['identity', 'Identity secret (signs user tokens)', 'identitySecret', 'New identity secret'],
] as const;

const OPTIONAL_THEME: Array<keyof Theme> = ['textColor', 'backgroundColor', 'fontFamily'];

/** The API merges settings, so an emptied optional field must be sent as null to be removed. */
function withClearedOptionals(settings: WorkspaceSettings) {
  const theme: Record<string, unknown> = { ...settings.theme };
  for (const key of OPTIONAL_THEME) theme[key] ??= null;
  return { ...settings, globalDailyCapPerAccount: settings.globalDailyCapPerAccount ?? null, theme };
}

/** How long a replaced key keeps working beside the new one, so the host can deploy it first. */
const OVERLAPS = [
  [0, 'no longer: it stops at once (after a leak)'],
  [3_600, 'for 1 hour, while you deploy the new one'],
  [86_400, 'for 24 hours, while you deploy the new one'],
  [604_800, 'for 7 days, while you deploy the new one'],
] as const;

export function KeyRotation({ editable }: { editable: boolean }) {
  const [result, setResult] = useState<RotatedKeys | null>(null);
  const [error, setError] = useState('');
  const [overlap, setOverlap] = useState<number>(OVERLAPS[0][0]);
  const rotate = async (key: string) => {
    const when = overlap
      ? `keeps working ${OVERLAPS.find(([s]) => s === overlap)?.[1]}`
      : 'stops working at once';
    if (!window.confirm(`Rotate the ${key} key? The old one ${when}.`)) return;
    setError('');
    try {
      setResult(
        await api<RotatedKeys>('POST', '/v1/admin/settings/rotate-keys', {
          keys: [key],
          overlapSeconds: overlap,
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">Keys</h2>
      <p class="muted">New keys are shown once.</p>
      <div class="field inline">
        <label for="key-overlap">The old key keeps working</label>
        <select id="key-overlap" value={overlap} onChange={(e) => setOverlap(Number(e.currentTarget.value))}>
          {OVERLAPS.map(([seconds, label]) => (
            <option key={seconds} value={seconds}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        {KEYS.map(([key, label]) => (
          <button key={key} type="button" disabled={!editable} onClick={() => rotate(key)}>
            Rotate {label}
          </button>
        ))}
      </div>
      {error && <p class="field-error">{error}</p>}
      {result?.previousKeysExpireAt && (
        <p class="notice">The old key keeps working until {dateTime(result.previousKeysExpireAt)}.</p>
      )}
      {result && (
        <Secrets
          secrets={KEYS.flatMap(([, , field, label]) => {
            const value = result[field];
            return value ? [[label, value] as const] : [];
          })}
        />
      )}
    </section>
  );
}

export function SettingsPage() {
  const { session } = useSession();
  const editable = canEdit(session);
  const current = useResource<WorkspaceView>('/v1/admin/settings');
  const [value, setValue] = useState<{ allowedOrigins: string[]; settings: unknown } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  useEffect(() => {
    if (current.data)
      setValue({ allowedOrigins: current.data.allowedOrigins, settings: current.data.settings });
  }, [current.data]);
  if (current.error || !value) {
    return (
      <section>
        <h1>Settings</h1>
        {current.error ? <p class="field-error">{current.error}</p> : <p class="loading">Loading…</p>}
      </section>
    );
  }

  const set = (path: Path, next: unknown) => setValue((v) => v && setIn(v, path, next));
  const save = async (e: Event) => {
    e.preventDefault();
    const parsed = WorkspaceSettings.safeParse(value.settings);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues.map((i) => ({ ...i, path: ['settings', ...i.path] }))));
      setMessage('Nothing was saved: fix the highlighted fields.');
      return;
    }
    try {
      await api('PATCH', '/v1/admin/settings', {
        allowedOrigins: value.allowedOrigins,
        settings: withClearedOptionals(parsed.data),
      });
      setErrors({});
      setMessage('Settings saved.');
    } catch (err) {
      if (err instanceof ApiFailure) setErrors(issuesToErrors(err.issues));
      setMessage(`Nothing was saved: ${errorMessage(err)}`);
    }
  };
  const s = (...k: string[]) => ['settings', ...k];
  return (
    <section>
      <h1>Settings</h1>
      {current.data?.publishableKey && (
        <p>
          Publishable key <code>{current.data.publishableKey}</code>
          {current.data.secretKeyHint && (
            <>
              {' '}
              · secret key <code>{current.data.secretKeyHint}</code>
            </>
          )}
        </p>
      )}
      <FormContext.Provider value={{ value, set, errors, readOnly: !editable }}>
        <VocabularyProvider>
          <form onSubmit={save} noValidate aria-label="Workspace settings">
            <section class="card">
              <h2>Embedding and identity</h2>
              <TagsField
                path={['allowedOrigins']}
                label="Allowed origins"
                hint="Comma-separated origins allowed to call the widget API, e.g. https://app.example.com or https://*.example.com for any subdomain"
              />
              <div class="grid">
                <SelectField path={s('identityMode')} label="Identity mode" options={MODES} />
                <TagsField
                  path={s('buyerRoles')}
                  label="Buyer roles"
                  hint="Roles that may buy in-app; others get “ask your admin”"
                  suggest="role"
                />
                <NumberField
                  path={s('globalDailyCapPerUser')}
                  label="Prompts per user per day (all campaigns)"
                  min={0}
                  max={100}
                />
                <NumberField
                  path={s('globalDailyCapPerAccount')}
                  label="Prompts per account per day (all users and campaigns)"
                  hint="Empty: no account-wide cap"
                  optional
                  min={0}
                  max={100000}
                />
              </div>
            </section>
            <section class="card">
              <h2>Lifecycle thresholds</h2>
              <p class="muted small">
                Place accounts in {STAGES.map(([, l]) => l.toLowerCase()).join(', ')}.
              </p>
              <div class="grid">
                <NumberField
                  path={s('lifecycle', 'onboardingDays')}
                  label="Onboarding lasts (days)"
                  min={0}
                  max={365}
                />
                <TagsField
                  path={s('lifecycle', 'activationMilestones')}
                  label="Activation milestones (events)"
                  suggest="event"
                />
                <NumberField
                  path={s('lifecycle', 'engagedEventsPerDay')}
                  label="Engaged from events per day"
                  step="any"
                  min={0}
                />
                <NumberField
                  path={s('lifecycle', 'trendWindowDays')}
                  label="Trend window (days)"
                  min={1}
                  max={90}
                />
                <NumberField
                  path={s('lifecycle', 'fallingUsageRatio')}
                  label="Falling usage below ratio"
                  step="any"
                  min={0}
                  max={1}
                />
                <NumberField
                  path={s('lifecycle', 'atRiskHealthBelow')}
                  label="At risk below health score"
                  min={0}
                  max={100}
                />
                <NumberField
                  path={s('lifecycle', 'renewalWindowDays')}
                  label="Renewal window (days)"
                  min={0}
                  max={365}
                />
              </div>
            </section>
            <section class="card">
              <h2>Product affinity</h2>
              <p class="muted small">How much evidence a next best product needs.</p>
              <div class="grid">
                <NumberField
                  path={s('affinity', 'minSegmentAccounts')}
                  label="Use a segment's own figures from (accounts)"
                  min={1}
                />
                <NumberField
                  path={s('affinity', 'minCoOwners')}
                  label="A pair counts from (accounts owning both)"
                  min={1}
                />
              </div>
            </section>
            <section class="card">
              <h2>Theme</h2>
              <div class="grid">
                <ColorField path={s('theme', 'primaryColor')} label="Primary colour" />
                <ColorField path={s('theme', 'textColor')} label="Text colour" />
                <ColorField path={s('theme', 'backgroundColor')} label="Background colour" />
                <NumberField path={s('theme', 'radius')} label="Corner radius (px)" min={0} max={24} />
                <TextField path={s('theme', 'fontFamily')} label="Font family" />
              </div>
            </section>
            <div class="save-bar">
              <button type="submit" class="primary" disabled={!editable}>
                Save settings
              </button>
              <output aria-live="polite">{message}</output>
            </div>
          </form>
        </VocabularyProvider>
      </FormContext.Provider>
      <TokenCheckCard />
      <Retention />
      <KeyRotation editable={editable && session.user.role === 'owner'} />
    </section>
  );
}

/** What the installation keeps and for how long: product managers get asked, and it is not theirs to set. */
export function Retention() {
  const retention = useResource<DataRetention>('/v1/admin/settings/retention');
  if (!retention.data) return null;
  const { rawEventDays, counterDays, webhookHistoryDays, campaignHistoryDays, auditLogDays } = retention.data;
  return (
    <section class="card" aria-labelledby="retention-title">
      <h2 id="retention-title">Data retention</h2>
      <ul>
        <li>
          Page views and product events:{' '}
          {rawEventDays
            ? `kept ${rawEventDays} days after they arrive. Reports and triggers read what was counted and settled from them, so no figure changes when they go.`
            : 'kept until the account or user is erased.'}
        </li>
        <li>
          Daily activity counts:{' '}
          {counterDays
            ? `day by day for ${counterDays} days, then as all-time totals per account.`
            : 'kept day by day.'}
        </li>
        <li>
          Decisions and campaign interactions (views, clicks, dismissals):{' '}
          {campaignHistoryDays
            ? `kept ${campaignHistoryDays} days. Reports over older periods cover what is kept; each campaign's counts since it was created and frequency caps are not affected.`
            : 'kept; the reports count them.'}
        </li>
        <li>Trials, purchases, leads and requests: kept.</li>
        <li>Webhook delivery history: {webhookHistoryDays} days once every delivery has finished.</li>
        <li>
          Audit log (changes, sign-ins with their address):{' '}
          {auditLogDays ? `kept ${auditLogDays} days.` : 'kept as long as the workspace.'}
        </li>
      </ul>
      <p class="muted small">
        Set for the whole installation by whoever runs Attach (<code>ATTACH_EVENT_RETENTION_DAYS</code>,{' '}
        <code>ATTACH_DECISION_RETENTION_DAYS</code>, <code>ATTACH_WEBHOOK_RETENTION_DAYS</code>,{' '}
        <code>ATTACH_AUDIT_RETENTION_DAYS</code>). Erasing an account or a user removes their data at once.
      </p>
    </section>
  );
}

import { type ComponentChildren, createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { NameKind, VocabularyPage } from '../../shared/vocabulary.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';

/** Whether the workspace's data has used any name of each kind; unknown while loading. */
type InUse = Partial<Record<NameKind, boolean>>;
const VocabularyContext = createContext<InUse>({});

const SUGGESTED = 20;
const namesPath = (kind: NameKind, prefix: string, limit = SUGGESTED) =>
  `/v1/admin/vocabulary/${kind}?limit=${limit}${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}`;

const used = (page: VocabularyPage | undefined) => (page ? page.data.length > 0 : undefined);

/**
 * Learns once per page whether each kind of name is in use. Until a workspace sends events (or syncs
 * segments, roles, metrics) every name would look unknown, so name fields warn only once it does.
 */
export function VocabularyProvider({ children }: { children: ComponentChildren }) {
  const event = useResource<VocabularyPage>(namesPath('event', '', 1));
  const metric = useResource<VocabularyPage>(namesPath('metric', '', 1));
  const segment = useResource<VocabularyPage>(namesPath('segment', '', 1));
  const plan = useResource<VocabularyPage>(namesPath('plan', '', 1));
  const role = useResource<VocabularyPage>(namesPath('role', '', 1));
  const inUse: InUse = {
    event: used(event.data),
    metric: used(metric.data),
    segment: used(segment.data),
    plan: used(plan.data),
    role: used(role.data),
  };
  return <VocabularyContext.Provider value={inUse}>{children}</VocabularyContext.Provider>;
}

const UNKNOWN: Record<NameKind, (name: string) => string> = {
  event: (name) => `No “${name}” event has been received yet: check the name.`,
  metric: (name) => `No account has usage synced for “${name}” yet: check the name.`,
  segment: (name) => `No account has been synced in segment “${name}”: check the name.`,
  plan: (name) => `No account has been synced on plan “${name}”: check the name.`,
  role: (name) => `No user has had role “${name}” yet: check the name.`,
};

/**
 * Days of silence after which a name is worth a warning. Only for the kinds data brings all the
 * time (events, usage syncs): a campaign waiting on an event the product stopped sending (renamed,
 * removed) would never fire. Segments, plans and roles come with account syncs, which may be rare.
 * `lastSeenAt` moves at most once a day, so a month is far past its slack.
 */
const QUIET_DAYS = 30;
const DAY_MS = 86_400_000;
const QUIET: Partial<Record<NameKind, (name: string, days: number) => string>> = {
  event: (name, days) =>
    `No “${name}” event has been received for ${days} days: check your product still sends it.`,
  metric: (name, days) =>
    `No account's usage of “${name}” has been synced for ${days} days: campaigns would read figures that old.`,
};

/**
 * Says so when no data has used `name`, or (events, metrics) none has for a month: keyed by name, so
 * a result never speaks for another name.
 */
function NameWarning({ kind, name }: { kind: NameKind; name: string }) {
  const inUse = useContext(VocabularyContext)[kind];
  const found = useResource<VocabularyPage>(inUse ? namesPath(kind, name) : null);
  if (!inUse || !found.data) return null;
  const entry = found.data.data.find((e) => e.name === name);
  if (!entry) return <small class="hint name-warning">{UNKNOWN[kind](name)}</small>;
  const quiet = QUIET[kind];
  const days = Math.floor((Date.now() - Date.parse(entry.lastSeenAt)) / DAY_MS);
  if (!quiet || days < QUIET_DAYS) return null;
  return <small class="hint name-warning">{quiet(name, days)}</small>;
}

/** The ids a name field's input refers to: its suggestions and its warnings. */
export const nameHelpIds = (id: string) => ({ list: `${id}-names`, warnings: `${id}-unknown` });

export const splitNames = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Suggestions and typo warnings for a field holding names of `kind`: one name, or (`multiple`) a
 * comma-separated list, where the suggestions complete the name being typed and keep the rest.
 * Both wait for typing to pause.
 */
export function NameHelp(props: { kind: NameKind; id: string; text: string; multiple?: boolean }) {
  const settled = useDebounced(props.text, 250);
  const cut = props.multiple ? settled.lastIndexOf(',') + 1 : 0;
  const typing = settled.slice(cut).trim();
  const before = cut ? `${settled.slice(0, cut)} ` : '';
  const suggested = useResource<VocabularyPage>(namesPath(props.kind, typing));
  const names = props.multiple ? splitNames(settled) : settled.trim() ? [settled.trim()] : [];
  const ids = nameHelpIds(props.id);
  return (
    <>
      <datalist id={ids.list}>
        {(suggested.data?.data ?? []).map((e) => (
          <option key={e.name} value={`${before}${e.name}`} />
        ))}
      </datalist>
      <div id={ids.warnings}>
        {[...new Set(names)].map((name) => (
          <NameWarning key={name} kind={props.kind} name={name} />
        ))}
      </div>
    </>
  );
}

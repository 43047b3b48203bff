/**
 * Guided-trial progress, pure: which steps and success criteria are complete given what the account
 * did since the trial started. A completion, once seen, is kept (`stored`), so a usage metric that
 * later drops does not un-tick a step the user already achieved.
 */
import type { TrialPlan, TrialStep } from '../../shared/campaign.ts';
import { DAY_MS } from './time.ts';

export interface TrialObservations {
  /** Times of each relevant account event since the trial started, ascending. */
  events: Record<string, Date[]>;
  /** Current usage metrics of the account. */
  metrics: Record<string, { value: number; updatedAt: Date }>;
}

export interface StepState {
  id: string;
  title: string;
  completedAt: string | null;
}

export interface TrialProgress {
  weeks: Array<{ week: number; title: string; steps: StepState[] }>;
  successCriteria: StepState[];
  progress: { completed: number; total: number };
  daysLeft: number;
  /** Completion times to persist: the stored ones plus any newly observed. */
  completions: Record<string, string>;
}

/** When the step was completed, or null: the `count`-th event, or the metric reaching its threshold. */
export function stepCompletion(
  step: TrialStep & { count?: number },
  seen: TrialObservations,
  now: Date,
): Date | null {
  if (step.event) {
    const times = seen.events[step.event] ?? [];
    const needed = Math.max(1, step.count ?? 1);
    return times[needed - 1] ?? null;
  }
  if (step.metric) {
    const metric = seen.metrics[step.metric.name];
    if (metric && metric.value >= step.metric.atLeast)
      return metric.updatedAt.getTime() <= now.getTime() ? metric.updatedAt : now;
  }
  return null;
}

/** Event names the plan listens to (to load only those). */
export function planEvents(plan: TrialPlan): string[] {
  const names = new Set<string>();
  for (const w of plan.weeks) for (const s of w.steps) if (s.event) names.add(s.event);
  for (const c of plan.successCriteria) if (c.event) names.add(c.event);
  return [...names];
}

/** The largest `count` any criterion needs for each event (steps need one). */
export function eventsNeeded(plan: TrialPlan): Record<string, number> {
  const needed: Record<string, number> = {};
  const add = (event: string | undefined, count: number) => {
    if (event) needed[event] = Math.max(needed[event] ?? 0, count);
  };
  for (const w of plan.weeks) for (const s of w.steps) add(s.event, 1);
  for (const c of plan.successCriteria) add(c.event, c.count);
  return needed;
}

export function daysLeft(endsAt: Date, now: Date, active: boolean): number {
  if (!active) return 0;
  return Math.max(0, Math.ceil((endsAt.getTime() - now.getTime()) / DAY_MS));
}

export function trialProgress(
  plan: TrialPlan,
  stored: Record<string, string>,
  seen: TrialObservations,
  timing: { endsAt: Date; now: Date; active: boolean },
): TrialProgress {
  const completions: Record<string, string> = { ...stored };
  const state = (prefix: string, step: TrialStep & { count?: number }): StepState => {
    const key = `${prefix}:${step.id}`;
    // Only an active trial records new completions; a closed one shows what it achieved.
    if (!completions[key] && timing.active) {
      const at = stepCompletion(step, seen, timing.now);
      if (at) completions[key] = at.toISOString();
    }
    return { id: step.id, title: step.title, completedAt: completions[key] ?? null };
  };
  const weeks = plan.weeks.map((w) => ({
    week: w.week,
    title: w.title,
    steps: w.steps.map((s) => state(`w${w.week}`, s)),
  }));
  const successCriteria = plan.successCriteria.map((c) => state('c', c));
  const all = [...weeks.flatMap((w) => w.steps), ...successCriteria];
  return {
    weeks,
    successCriteria,
    progress: { completed: all.filter((s) => s.completedAt).length, total: all.length },
    daysLeft: daysLeft(timing.endsAt, timing.now, timing.active),
    completions,
  };
}

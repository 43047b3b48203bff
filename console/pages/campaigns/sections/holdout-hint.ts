const DEFAULT_HINT = 'Eligible users kept from seeing it, to measure lift';

/**
 * The holdout field's hint. Assignment is by a hash of (campaign, account) against the percent, so
 * changing it on a campaign that has run moves the accounts between the old and the new percent to
 * the other arm: some held-out accounts start seeing it, or some that saw it stop. The lift report
 * compares each account by the arm of its first decision and weighs each setting in its
 * sample-ratio check, but the product manager should know before saving.
 */
export function holdoutHint(status: unknown, loaded: unknown, current: unknown): string {
  const live = status === 'active' || status === 'paused';
  if (!live || typeof loaded !== 'number' || typeof current !== 'number' || loaded === current) {
    return DEFAULT_HINT;
  }
  const moved = Math.abs(current - loaded);
  const direction = current > loaded ? 'from seeing it to the holdout' : 'from the holdout to seeing it';
  return (
    `This campaign has run: moving the holdout from ${loaded}% to ${current}% moves about ${moved}% ` +
    `of its accounts ${direction}. Lift keeps each account in the arm of its first decision; for a ` +
    'clean comparison, duplicate the campaign instead.'
  );
}

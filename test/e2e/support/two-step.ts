import type { Locator, Page } from 'playwright-core';
import { base32Decode, hotp, totpStep } from '../../../server/domain/totp.ts';

/** What an authenticator app holding `secret` shows, `ahead` steps after now. */
export const appCode = (secret: string, ahead = 0) =>
  hotp(base32Decode(secret), totpStep(new Date()) + ahead);

/**
 * Turns two-step sign-in on in the section the page shows (Your account, or the setup page a
 * workspace that requires it shows), as a person with an app would. Returns the app's secret and
 * the recovery codes' region.
 */
export async function setUpTwoStep(
  page: Page,
  password: string,
): Promise<{ secret: string; codes: Locator }> {
  const section = page.getByRole('region', { name: 'Two-step sign-in' });
  await section.getByLabel('Password').fill(password);
  await section.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
  const setup = section.getByRole('region', { name: 'Add Attach to your authenticator app' });
  const address = await setup.getByText(/^otpauth:\/\/totp\//).textContent();
  const secret = new URL(address ?? '').searchParams.get('secret') ?? '';
  await setup.getByLabel('Code from your app').fill(appCode(secret));
  await setup.getByRole('button', { name: 'Confirm code' }).click();
  const codes = section.getByRole('region', { name: 'Your recovery codes' });
  await codes.waitFor();
  return { secret, codes };
}

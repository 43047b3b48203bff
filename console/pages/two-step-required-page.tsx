import { useSession } from '../lib/session.ts';
import { TwoStepSection } from './two-step-section.tsx';

/**
 * The whole console for a user whose workspace requires two-step sign-in and who has none: the API
 * answers nothing else until they set it up (403 `two_step_setup_required`). Once it is on, the page
 * stays until they have read their recovery codes and go on (`onDone`).
 */
export function TwoStepRequiredPage(props: { inert: boolean; onDone: () => void }) {
  const { session, signOut } = useSession();
  return (
    <main id="main" class="sign-in two-step-required" inert={props.inert}>
      <h1>Set up two-step sign-in</h1>
      <p>
        {session.workspace.name} requires two-step sign-in of everyone who uses its console: after your
        password, sign-in also asks for the code an authenticator app on your phone shows. Set it up to
        continue.
      </p>
      <TwoStepSection />
      <p>
        {session.user.twoStep && (
          <>
            <button type="button" class="primary" onClick={props.onDone}>
              Continue to the console
            </button>{' '}
          </>
        )}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </p>
    </main>
  );
}

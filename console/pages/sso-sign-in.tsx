import { useEffect, useRef, useState } from 'preact/hooks';
import {
  SSO_ERROR_MESSAGES,
  SSO_ERROR_PARAM,
  SSO_START_PATH,
  SSO_WORKSPACE_PARAM,
  SsoErrorCode,
} from '../../shared/sso.ts';

/** Where the browser keeps the workspace ID last used for single sign-on, to fill it in next time. */
const REMEMBERED_WORKSPACE = 'attach.ssoWorkspace';

function rememberedWorkspace(): string {
  try {
    return localStorage.getItem(REMEMBERED_WORKSPACE) ?? '';
  } catch {
    // Storage can be off (blocked site data, some private windows): then nothing is filled in.
    return '';
  }
}

/** Leaves for the workspace's identity provider, which sends the browser back to the console. */
export function startSso(workspaceId: string) {
  try {
    localStorage.setItem(REMEMBERED_WORKSPACE, workspaceId);
  } catch {
    // Not remembered: signing in goes on all the same.
  }
  window.location.assign(`${SSO_START_PATH}?workspace=${encodeURIComponent(workspaceId)}`);
}

function ssoErrorMessage(code: string): string {
  const known = SsoErrorCode.safeParse(code);
  return known.success ? SSO_ERROR_MESSAGES[known.data] : 'Single sign-on did not complete.';
}

/**
 * What the address brings the sign-in page: the workspace of a shared SSO sign-in link (`?sso=`,
 * null without one) and why a single sign-on came back unfinished (`?ssoError=`, '' without one).
 * The error is taken out of the address once read, so a reload does not show it again.
 */
export function useSsoParams(): { workspaceId: string | null; error: string } {
  const [params] = useState(() => {
    const query = new URLSearchParams(window.location.search);
    const code = query.get(SSO_ERROR_PARAM);
    return { workspaceId: query.get(SSO_WORKSPACE_PARAM), error: code === null ? '' : ssoErrorMessage(code) };
  });
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has(SSO_ERROR_PARAM)) return;
    url.searchParams.delete(SSO_ERROR_PARAM);
    window.history.replaceState(window.history.state, '', url);
  }, []);
  return params;
}

/**
 * Signing in through the workspace's identity provider instead of a password. It asks which
 * workspace, since the provider is the workspace's; a shared sign-in link (`linked`) says it and
 * opens the form at once.
 */
export function SsoSignIn({ linked }: { linked: string | null }) {
  const [open, setOpen] = useState(linked !== null);
  const [workspaceId, setWorkspaceId] = useState(() => linked || rememberedWorkspace());
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Opened by its button, which is gone now: focus goes where the typing is.
    if (open && linked === null) input.current?.focus();
  }, [open]);
  if (!open) {
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          Sign in with SSO
        </button>
      </p>
    );
  }
  return (
    <form
      aria-label="Sign in with SSO"
      onSubmit={(e) => {
        e.preventDefault();
        startSso(workspaceId.trim());
      }}
    >
      <div class="field">
        <label for="sso-workspace">Workspace ID</label>
        <input
          ref={input}
          id="sso-workspace"
          required
          autocomplete="off"
          maxLength={100}
          value={workspaceId}
          onInput={(e) => setWorkspaceId(e.currentTarget.value)}
          aria-describedby="sso-workspace-hint"
        />
        <small id="sso-workspace-hint" class="hint">
          Your workspace’s sign-in link fills this in: ask an owner for it.
        </small>
      </div>
      <button type="submit" class="primary">
        Continue with SSO
      </button>
    </form>
  );
}

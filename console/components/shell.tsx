import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { Link, routeParams } from '../lib/router.ts';
import { useSession } from '../lib/session.ts';

const NAV: ReadonlyArray<readonly [string, string]> = [
  ['', 'Overview'],
  ['campaigns', 'Campaigns'],
  ['catalog', 'Products & bundles'],
  ['accounts', 'Accounts'],
  ['explain', 'Explain'],
  ['analytics', 'Analytics'],
  ['pipeline', 'Pipeline'],
  ['webhooks', 'Webhooks'],
  ['api-keys', 'API keys'],
  ['settings', 'Settings'],
  ['audit', 'Audit log'],
  ['users', 'Users'],
];

export function Shell({
  route,
  children,
  inert = false,
}: {
  route: string;
  children: ComponentChildren;
  /** Out of reach of pointer, keyboard and screen readers while a dialog asks something first. */
  inert?: boolean;
}) {
  const { session, signOut } = useSession();
  const section = routeParams(route).path[0] ?? '';
  const main = useRef<HTMLElement>(null);
  // Move focus to the new page on navigation so keyboard and screen-reader users land on its content.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [route]);
  return (
    <div class="shell" inert={inert}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link to="" class="brand">
          Attach
        </Link>
        <span class="workspace" title={session.workspace.id}>
          {session.workspace.name}
        </span>
        <a class="demo-link" href="/demo/">
          Open the demo product ↗
        </a>
        <Link to="account" class="user" title="Your account and password">
          {session.user.email} · {session.user.role}
        </Link>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav class="sidenav" aria-label="Console">
        <ul>
          {NAV.map(([to, label]) => (
            <li key={to}>
              <Link to={to} aria-current={section === to ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A page whose code loads on first visit, so the console's first paint does not wait for the
 * heavy pages (charts, the campaign editor with its widget preview). A failed load — offline, or
 * a deploy replaced the chunk under an open tab — says so and is tried again on the next visit.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  return function LazyPage(props: P) {
    const [, setReady] = useState(false);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      pending ??= load();
      pending.then(
        (page) => {
          loaded = page;
          if (live) setReady(true);
        },
        () => {
          pending = undefined;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, []);
    if (loaded) {
      const Page = loaded;
      return <Page {...props} />;
    }
    if (failed) {
      return (
        <section>
          <h1>This page could not load</h1>
          <p role="alert">Check the connection, then reload the page.</p>
        </section>
      );
    }
    return <p class="loading">Loading…</p>;
  };
}

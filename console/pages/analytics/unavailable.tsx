/** What an analytics section says when its figures could not be loaded (nothing while they load). */
export function Unavailable({ what, error }: { what: string; error: string | undefined }) {
  return error ? (
    <p class="muted">
      {what}: {error}
    </p>
  ) : null;
}

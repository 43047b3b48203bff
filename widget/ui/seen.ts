/**
 * Calls `onSeen` once the element is at least half visible (`message.shown` means actually seen);
 * returns the stop. Plain DOM, no hooks: widget.js ships without Preact's hooks module.
 */
export function observeSeen(el: Element, onSeen: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onSeen();
    return () => {};
  }
  const io = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        io.disconnect();
        onSeen();
      }
    },
    { threshold: 0.5 },
  );
  io.observe(el);
  return () => io.disconnect();
}

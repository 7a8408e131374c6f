// One polite live region for what the page does on its own or in answer to a button (ratings, undo, data deleted,
// connection lost and back): screen readers hear it without the focus moving.
let region = null;

export function announce(text) {
  region = region || document.getElementById('announcer');
  // Emptied first, then written on the next frame, so the same sentence twice in a row is still read.
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = text; });
}

// One polite live region for what the page does in answer to a button when no status line beside it says so (ratings,
// undo, a track replaced, a rating kept or refused): screen readers hear it without the focus moving.
let region = null;

export function announce(text) {
  region = region || document.getElementById('announcer');
  // Emptied first, then written on the next frame, so the same sentence twice in a row is still read.
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = text; });
}

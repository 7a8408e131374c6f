// "Listen on" links for any track: search pages on Spotify, YouTube Music and Apple Music built from artist and title.
// Plain links, opened only when clicked (in a new tab, no referrer): the page itself makes no third-party request.
const services = [
  ['Spotify', (q) => 'https://open.spotify.com/search/' + encodeURIComponent(q)],
  ['YouTube Music', (q) => 'https://music.youtube.com/search?q=' + encodeURIComponent(q)],
  ['Apple Music', (q) => 'https://music.apple.com/search?term=' + encodeURIComponent(q)],
];

export function listenLinks(track) {
  const p = document.createElement('p');
  p.className = 'listen';
  p.append('Listen on ');
  const query = track.artist + ' ' + track.title;
  services.forEach(([name, url], i) => {
    const a = document.createElement('a');
    a.href = url(query); a.textContent = name; a.target = '_blank'; a.rel = 'noopener noreferrer';
    a.setAttribute('aria-label', 'Listen to ' + track.title + ' by ' + track.artist + ' on ' + name + ' (opens a new tab)');
    p.append(a, i < services.length - 1 ? ', ' : '');
  });
  return p;
}

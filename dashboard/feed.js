// Talking to crew: JSON with the bearer token when there is one, and /events read as a stream
// with fetch (EventSource cannot send an Authorization header). Paths are relative so the page
// works behind a proxy under a sub-path.

const TOKEN_KEY = 'crew-token';
const RETRY_MS = 3000;

// A token given as #token=... is moved to this tab's storage and out of the address bar.
function initialToken() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

// Splits a server-sent event stream into events; returns the text not yet complete.
export function parseSse(buffer, onEvent) {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) onEvent(JSON.parse(data.join('\n')));
  }
  return rest;
}

export function createFeed({ onUnauthorized, onConnection }) {
  let token = initialToken();
  const headers = () => (token ? { authorization: `Bearer ${token}` } : {});

  async function getJson(path) {
    const response = await fetch(path, { headers: headers(), cache: 'no-store' });
    if (response.status === 401) {
      onUnauthorized();
      throw new Error('unauthorized');
    }
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  }

  // Streams events after `lastId()` forever, reconnecting after a pause when the stream ends.
  async function streamEvents(lastId, onEvent) {
    for (;;) {
      try {
        const response = await fetch('events', {
          headers: { ...headers(), 'last-event-id': String(lastId()) },
          cache: 'no-store',
        });
        if (response.status === 401) onUnauthorized();
        if (!response.ok) throw new Error(`events: HTTP ${response.status}`);
        onConnection('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer = parseSse(buffer + value, onEvent);
        }
      } catch {
        // Reconnect below; the daemon may be restarting.
      }
      onConnection('retrying');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  return {
    getJson,
    streamEvents,
    setToken(next) {
      token = next;
      sessionStorage.setItem(TOKEN_KEY, next);
    },
  };
}

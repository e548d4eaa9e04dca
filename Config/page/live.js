// Live updates from the change feed (Docs/changes.md): an EventSource on /changes?event=<id>, from the `latest`
// sequence read before the data. Each message names what changed; changes that arrive together are handled as one
// refresh. A dropped connection is resumed by the browser with Last-Event-ID (nothing missed, nothing repeated);
// when the server answers 410 (the feed no longer holds our position) the stream is closed, so we refetch
// everything and follow from the new `latest`.
import { getJSON, url } from "./api.js";
import { t } from "./i18n.js";

export function follow({ since, event, language, notice, changed }) {
  let source = null, queue = [], timer = null, closed = false, dropped = false;

  const open = (position) => {
    source = new EventSource(url("/changes", { event, since: position }));
    source.onmessage = (message) => {
      const change = JSON.parse(message.data);
      queue.push(change);
      // Messages that arrive within 100 ms (one batch of writes) make one refetch.
      clearTimeout(timer);
      timer = setTimeout(flush, 100);
    };
    source.onopen = () => {
      if (dropped) notice(t(language, "liveReconnected"));
      dropped = false;
    };
    source.onerror = async () => {
      dropped = true;
      if (source.readyState !== EventSource.CLOSED || closed) return; // CONNECTING: the browser resumes by itself
      // Refused (410, or the server gone for good): start again from now, after fetching what we show.
      const feed = await getJSON("/changes", {}).catch(() => null);
      await changed([]).catch(() => {});
      if (!closed) setTimeout(() => open(feed?.latest), feed ? 0 : 3000);
    };
  };

  const flush = async () => {
    const changes = queue;
    queue = [];
    try { await changed(changes); } catch { /* the next change or reconnection refetches */ }
  };

  open(since);
  // A laptop back on the network: reconnect at once rather than after the retry delay.
  window.addEventListener("online", () => {
    if (source.readyState === EventSource.CLOSED && !closed) open(source.url && new URL(source.url).searchParams.get("since"));
  });
  return { close: () => { closed = true; source.close(); } };
}

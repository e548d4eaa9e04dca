// Durable store: journal + snapshots. Knows nothing of HTTP.

// The domain: events, programme, partners, registrations. Knows nothing of HTTP or files.

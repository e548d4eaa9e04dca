// The HTTP/1.1 engine: sockets, event loops, parser, connections, router, lifecycle.

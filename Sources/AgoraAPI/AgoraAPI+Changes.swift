import AgoraDomain
import AgoraStore
import HTTPServer

extension AgoraAPI {
    /// `GET /changes` (public, CORS like every public GET): the changes after `since` as a JSON page, or, with
    /// `Accept: text/event-stream`, as a held stream of Server-Sent Events (`ChangeFeed`).
    static func registerChanges(in router: inout Router, feed: ChangeFeed, store: DurableStore<AgoraState>) {
        router.get("/changes", access: .public) { request in
            let query = try ChangeQuery(request, maxPage: feed.settings.maxPage)
            if query.streams { return .stream(try stream(query, feed: feed)) }
            // A write acknowledged before this request was handed to the feed first: when the feed has not derived
            // it yet, the answer waits its turn on the feed's queue, so a client reads its own writes.
            guard feed.head < store.sequence else { return .now(try page(query, request: request, feed: feed)) }
            return .later { completion in
                feed.queue.async {
                    do { completion.succeed(try page(query, request: request, feed: feed)) } catch { completion.fail(error) }
                }
            }
        }
    }

    /// One JSON page: the changes, `latest` (the feed's head), and `next`, the query to continue with — after the
    /// last change when the page is full (also as `Link: rel="next"`), else after `latest` (poll it later). The
    /// ETag is the body's: the same question asked again before anything changed gets a 304.
    static func page(_ query: ChangeQuery, request: Request, feed: ChangeFeed) throws -> Response {
        let (page, head) = feed.page(after: query.since ?? feed.head, limit: query.limit, events: query.events)
        switch page {
        case .gone(let floor, let head):
            throw ChangeProblem.notRetained(since: query.since ?? head, oldestSince: floor, latest: head)
        case .changes(let changes, let more):
            let next = query.link(after: more ? (changes.last?.sequence ?? head) : head)
            let body = JSONValue.object([
                ("changes", .array(changes.map(\.json))),
                ("latest", .int(Int(head))),
                ("next", .string(next)),
            ]).bytes
            let etag = EntityTag(body: body)
            var response = Response.json(body)
            response.headers.add("ETag", etag.description)
            // Revalidated on every use (RFC 9111 §5.2.2.4): a feed page is fresh only until the next write.
            response.headers.add("Cache-Control", "no-cache")
            if more { response.headers.add("Link", "<\(next)>; rel=\"next\"") }
            if let ifNoneMatch = request.headers["If-None-Match"], Preconditions.ifNoneMatchMatches(ifNoneMatch, current: etag) {
                return Response(status: .notModified, headers: response.headers)
            }
            return response
        }
    }

    /// The held stream: 410 now when `since` is not retained (an EventSource then stops reconnecting: the page
    /// refetches everything); otherwise the head, `retry:`, the retained changes after `since`, then each new one.
    static func stream(_ query: ChangeQuery, feed: ChangeFeed) throws -> StreamedResponse {
        let since = query.since ?? feed.head
        if case .gone(let floor, let head) = feed.gone(since) {
            throw ChangeProblem.notRetained(since: since, oldestSince: floor, latest: head)
        }
        var head = Response(status: .ok)
        head.headers.add("Content-Type", "text/event-stream")
        // No cache may keep or transform the stream (RFC 9111 §5.2.2.4, §5.2.2.6); nginx must not buffer it.
        head.headers.add("Cache-Control", "no-cache, no-transform")
        head.headers.add("X-Accel-Buffering", "no")
        let retry = ServerSentEvent(retry: feed.settings.retryMilliseconds).bytes
        return StreamedResponse(head: head, farewell: ServerSentEvent.comment("the server is restarting; reconnect")) { stream in
            stream.send(retry)
            feed.subscribe(stream, after: since, events: query.events)
        }
    }
}

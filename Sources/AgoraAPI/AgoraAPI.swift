// The REST API: maps HTTP requests to domain queries and commands and back (issue 4). This type holds what every
// route needs — the store, the clock, ids, settings and the representation cache — and registers the routes.
public import AgoraDomain
import AgoraExports
public import AgoraStore
public import HTTPServer
public import Logging

/// The API over one store. Immutable after `init`; safe to share across event loops.
public final class AgoraAPI: Sendable {
    public let store: DurableStore<AgoraState>
    /// The current instant (injected: tests freeze it; "upcoming" and registration deadlines follow it).
    public let now: @Sendable () -> Instant
    public let ids: IdentifierSource
    public let settings: APISettings
    let cache: RepresentationCache
    /// The one read path (cache, render, ETag), for the GET routes and for writes' `If-Match` and answers.
    let read: PublicRead
    /// The contract documents, prepared once here (`StaticDocument`).
    private let contract: [StaticDocument]
    /// `/` (the page, or the JSON home document), the cancellation page and the page's files (issue 14).
    private let page: PageAssets
    /// The public change feed (`GET /changes`), derived from the store's durable batches.
    let changes: ChangeFeed
    /// The webhook outbox (`/webhooks`), durable in `settings.webhooks.outboxPath`; nil when that file failed.
    let webhooks: WebhookOutbox?
    /// Why the outbox could not be opened (its file unreadable or unwritable, the CA file unreadable); nil when open.
    public let webhookFailure: String?
    /// The confirmation e-mails' outbox (`Mail/`); nil when mail is off (no relay configured) or its file failed.
    let mail: MailOutbox?
    /// Why the mail outbox could not be opened; nil when open or off.
    public let mailFailure: String?
    /// The API's structured log lines (writes applied and refused, at `debug`; never personal data), written by
    /// whatever handler the executable gives it — in `agora serve`, the same JSON-line writer as the engine's.
    let logger: Logger
    /// What the routes counted for monitoring (rate-limit refusals).
    public let statistics = APIStatistics()

    public init(store: DurableStore<AgoraState>, now: @escaping @Sendable () -> Instant,
                ids: IdentifierSource = .random, settings: APISettings = APISettings(),
                logger: Logger = Logger(label: "agora.api", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.logger = logger
        self.store = store
        self.now = now
        self.ids = ids
        self.settings = settings
        let cache = RepresentationCache(capacity: settings.cacheCapacity)
        self.cache = cache
        // The cache keeps its entries across commands that change no representation but an event's availability
        // (registrations); the observer tells it which batches held one that may change any, and which events'
        // availability the others changed. Added first, so it hears of a batch before the feed does.
        let observingAfter = store.observeCommits { committed in
            var changing = false
            var scopes: Set<String> = []
            for logged in committed.commands {
                if logged.command.changesPublicRepresentation {
                    changing = true
                } else if let eventId = logged.command.changedAvailability(in: committed.state) {
                    scopes.insert(ReadResource.availability(eventId: eventId).path)
                }
            }
            cache.committed(through: committed.sequence, changing: changing, scopes: changing ? [] : scopes)
        }
        cache.committed(through: observingAfter, changing: true)
        self.read = PublicRead(cache: cache, resolved: ResolvedReads(capacity: settings.cacheCapacity * 4), store: store,
                               now: now, maxAge: settings.cacheMaxAge,
                               links: ExportLinks(base: settings.publicURL), security: settings.page.security)
        self.contract = StaticDocument.contract(settings)
        self.page = PageAssets(settings: settings.page, home: StaticDocument.home(maxAge: settings.cacheMaxAge),
                               maxAge: settings.cacheMaxAge)
        self.changes = ChangeFeed(store: store, settings: settings.changes)
        var failure: String?
        do {
            webhooks = try WebhookOutbox(settings: settings.webhooks, store: store, now: now, logger: logger)
        } catch {
            webhooks = nil
            failure = "\(error)"
        }
        webhookFailure = failure
        var mailError: String?
        do {
            mail = try MailOutbox(settings: settings.mail, publicURL: settings.publicURL, store: store, now: now, logger: logger)
        } catch {
            mail = nil
            mailError = "\(error)"
        }
        mailFailure = mailError
    }

    /// Adds every route of this module to `router`: the public reads (`AgoraAPI+Reads.swift`), then the admin and
    /// registration routes (`WriteRoutes`, sharing one rate limit and one replay cache).
    public func register(in router: inout Router) {
        // The problems of every route (and of the engine) in the audience's languages (issue #10 item 9).
        router.problems = ProblemTexts()
        // The access log names the token a request presented (its role and name, never the token). Read through
        // the settings at each request, so tokens replaced while serving are the ones named.
        let write = settings.write
        router.principal = { headers in write.tokens.principal(in: headers) }
        Self.registerReads(in: &router, read: read, contract: contract)
        Self.registerPage(in: &router, assets: page)
        Self.registerChanges(in: &router, feed: changes, store: store)
        if let webhooks { Self.registerWebhooks(in: &router, outbox: webhooks, feed: changes, api: self) }
        WriteRoutes(api: self, settings: settings.write).register(in: &router)
    }

    /// The strong ETag a GET of `resource` (no language preference) would carry now, or nil when it does not
    /// exist: what a write's `If-Match` is compared with (RFC 9110 §13.1.1, `Preconditions.ifMatchSatisfied`).
    func currentETag(of resource: ReadResource) -> EntityTag? {
        read.currentETag(of: resource)
    }
}

import HTTPServer

extension AgoraAPI {
    /// The programme page (issue 14): `/` (the page for browsers, the JSON home for API clients), the cancellation
    /// page `/cancel/{id}` (the link of the receipt and the e-mail, its token in the fragment) and the page's files.
    /// Public like every read; the page itself reads only the public API, as a page of another origin would.
    static func registerPage(in router: inout Router, assets: PageAssets) {
        router.get("/", access: .public) { request in .now(try assets.root(request)) }
        router.get("/cancel/{id}", access: .public) { request in .now(try assets.cancellation(request)) }
        router.get("/assets/{name}", access: .public) { request in .now(try assets.asset(request)) }
    }
}

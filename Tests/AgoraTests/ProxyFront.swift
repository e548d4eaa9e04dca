/// A load balancer in front of the instances of a rolling restart (`NginxFront`, `HAProxyFront`): where clients
/// connect, what it logged, and a graceful stop. Every answer through it carries `X-Upstream-Addr`, the instances it
/// tried, in order (the last one answered).
protocol ProxyFront: AnyObject {
    var port: Int { get }
    /// What the proxy logged about its upstreams (empty when it logs nothing).
    var errorLog: String { get }
    func stop()
}

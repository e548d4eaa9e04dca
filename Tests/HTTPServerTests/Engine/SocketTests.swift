import Glibc
import Testing
@testable import HTTPServer
import TestSupport

/// The thin socket layer's promises about the descriptors it hands out.
@Suite("Socket descriptors")
struct SocketTests {
    @Test("listening and accepted sockets are non-blocking and close-on-exec (no child process inherits them)")
    func descriptorFlags() throws {
        let bound = try Socket.listen(host: "127.0.0.1", port: 0, backlog: 8)
        let listener = (fd: try #require(bound.fds.first), port: bound.port)
        defer { Socket.close(listener.fd) }
        #expect(fcntl(listener.fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(listener.fd, F_GETFL) & O_NONBLOCK != 0)
        let client = try RawClient(port: listener.port)
        defer { withExtendedLifetime(client) {} }
        var accepted: Int32?
        #expect(eventually {
            if case .accepted(let fd) = Socket.accept(listener.fd) { accepted = fd }
            return accepted != nil
        })
        let fd = try #require(accepted)
        defer { Socket.close(fd) }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0)
    }
}

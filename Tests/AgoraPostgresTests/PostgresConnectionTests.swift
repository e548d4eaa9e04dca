// What every libpq connection of an instance asks for (PostgresConnection.defaults): a connect that cannot hang,
// keepalives and a user timeout on its socket, a name in pg_stat_activity — and the operator's URL overriding each.
@testable import AgoraPostgres
import Foundation
import Dispatch
import Glibc
import PostgresTesting
import Synchronization
import Testing
import TestSupport

@Suite struct PostgresConnectionTests {
    /// A listener that never accepts: the kernel completes the TCP handshake from its backlog, and the server's
    /// answer never comes — what an overloaded server or a half-open path looks like to libpq.
    @Test func aServerThatNeverAnswersFailsTheConnectInsteadOfHangingIt() throws {
        let (listener, port) = try LoopbackListener.open()
        let started = Date()
        let failed = Mutex<Bool?>(nil)
        let returned = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                _ = try PostgresConnection.connect("postgresql://agora@127.0.0.1:\(port)/none")
                failed.withLock { $0 = false }
            } catch {
                failed.withLock { $0 = true }
            }
            returned.signal()
        }
        // connect_timeout is 10 s; 40 s leaves room for a loaded machine. Without a timeout the connect would wait
        // forever: closing the listener then resets the queued connection, so the thread ends either way.
        let inTime = returned.wait(timeout: .now() + 40) == .success
        close(listener)
        if !inTime { returned.wait() }
        let elapsed = Date().timeIntervalSince(started)
        #expect(inTime, "the connect was still waiting after \(elapsed) s")
        #expect(failed.withLock { $0 } == true, "no server answered, so the connect fails")
        #expect(elapsed >= 9, "it waited its connect_timeout (10 s), not less: \(elapsed) s")
    }

    @Test func sessionsAreNamedAndTheirSocketsKeptAlive() throws {
        let database = try SharedDatabase()
        let connection = try PostgresConnection.connect(database.url)
        let name = try database.sql("SELECT application_name FROM pg_stat_activity WHERE pid = \(connection.backendPID)")
        #expect(name == "agora")
        #expect(Self.option(connection.socket, SOL_SOCKET, SO_KEEPALIVE) == 1)
        #expect(Self.option(connection.socket, Int32(IPPROTO_TCP), TCP_KEEPIDLE) == 30)
        #expect(Self.option(connection.socket, Int32(IPPROTO_TCP), TCP_KEEPINTVL) == 10)
        #expect(Self.option(connection.socket, Int32(IPPROTO_TCP), TCP_KEEPCNT) == 3)
        #expect(Self.option(connection.socket, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT) == 30_000)
    }

    @Test func theOperatorsURLOverridesEachDefault() throws {
        let database = try SharedDatabase()
        let connection = try PostgresConnection.connect(database.url + "?application_name=city-a&keepalives=0&tcp_user_timeout=0")
        let name = try database.sql("SELECT application_name FROM pg_stat_activity WHERE pid = \(connection.backendPID)")
        #expect(name == "city-a")
        #expect(Self.option(connection.socket, SOL_SOCKET, SO_KEEPALIVE) == 0)
        #expect(Self.option(connection.socket, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT) == 0)
    }

    static func option(_ socket: Int32, _ level: Int32, _ name: Int32) -> Int32? {
        var value: Int32 = -1
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(socket, level, name, &value, &length) == 0 ? value : nil
    }
}

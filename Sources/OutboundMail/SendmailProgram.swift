#if canImport(Glibc)
import Glibc
#endif

/// Hands a message to a local sendmail-compatible program (`sendmail -i -t` as Postfix, Exim and msmtp accept it:
/// recipients from the headers, a lone `.` not the end) through posix_spawn, the message on its standard input.
/// Exit status 0 is acceptance; the sysexits (sysexits.h) EX_TEMPFAIL (75), signals and running past the timeout
/// (then it is killed) are transient; any other status is permanent.
public struct SendmailProgram: MailTransport {
    public var path: String

    public init(path: String) { self.path = path }

    public func deliver(_ message: MailMessage, timeout: Double) -> MailDelivery {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { return .transient("pipe: \(String(cString: strerror(errno)))") }
        // Neither end leaks into other children; the dup2 onto standard input below is not close-on-exec.
        _ = fcntl(pipeFDs[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(pipeFDs[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[0], 0)
        let arguments = [path, "-i", "-t"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, &argv, environ)
        close(pipeFDs[0])
        guard spawned == 0 else { close(pipeFDs[1]); return .permanent("cannot start \(path): \(String(cString: strerror(spawned)))") }
        // sendmail reads LF line ends (it converts them itself).
        let bytes = Array(message.rendered.utf8.filter { $0 != 13 })
        // `timeout` bounds the whole hand-over (`mailTimeout`): a program that stops reading or never exits is
        // killed and the message retried, so it cannot hold the delivery queue, and every later message, forever.
        let deadline = Self.monotonicMilliseconds() + Int64(max(timeout, 0.001) * 1000)
        _ = fcntl(pipeFDs[1], F_SETFL, fcntl(pipeFDs[1], F_GETFL) | O_NONBLOCK)
        var offset = 0
        var timedOut = false
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(pipeFDs[1], $0.baseAddress, $0.count) }
            if written >= 0 { offset += written; continue }
            if errno == EINTR { continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else { break }  // EPIPE: it exited without reading all
            let remaining = deadline - Self.monotonicMilliseconds()
            guard remaining > 0 else { timedOut = true; break }
            var writable = pollfd(fd: pipeFDs[1], events: Int16(POLLOUT), revents: 0)
            _ = poll(&writable, 1, Int32(min(remaining, 1000)))
        }
        close(pipeFDs[1])
        if timedOut { kill(pid, SIGKILL) }
        var status: Int32 = 0
        // No waitpid with a deadline in POSIX: poll the child every 5 ms until it exits or the deadline passes.
        while true {
            let reaped = waitpid(pid, &status, timedOut ? 0 : WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            if reaped == 0 {
                if Self.monotonicMilliseconds() >= deadline {
                    timedOut = true
                    kill(pid, SIGKILL)
                } else {
                    _ = poll(nil, 0, 5)
                }
            }
        }
        if timedOut { return .transient("\(path) did not finish within \(timeout) s: killed") }
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        if exited && code == 0 && offset == bytes.count { return .accepted }
        if !exited || code == 75 || offset < bytes.count { return .transient("\(path) failed (status \(status))") }
        return .permanent("\(path) exited with \(code)")
    }

    private static func monotonicMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Hands a message to a local sendmail-compatible program (`sendmail -i -t` as Postfix, Exim and msmtp accept it:
/// recipients from the headers, a lone `.` not the end) through posix_spawn, the message on its standard input.
/// Exit status 0 is acceptance; the sysexits (sysexits.h) EX_TEMPFAIL (75) and signals are transient; any other
/// status is permanent.
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
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(pipeFDs[1], $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; break }
            offset += written
        }
        close(pipeFDs[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        if exited && code == 0 && offset == bytes.count { return .accepted }
        if !exited || code == 75 || offset < bytes.count { return .transient("\(path) failed (status \(status))") }
        return .permanent("\(path) exited with \(code)")
    }
}

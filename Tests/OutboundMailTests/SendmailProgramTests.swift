import Foundation
@testable import OutboundMail
import TestSupport
import Testing

/// A real program in a temporary directory stands in for sendmail: it records its arguments and standard input,
/// and exits as told — the outcomes a relay program gives.
/// Serialized, and each script written before any is started: a script being written while another test spawns
/// could be inherited open for writing by that child, and executing it would fail with ETXTBSY.
@Suite(.serialized) struct SendmailProgramTests {
    private func program(exit status: Int, in directory: TemporaryDirectory) throws -> String {
        let path = directory.path + "/sendmail-\(status)"
        let script = "#!/bin/sh\necho \"$@\" > \(directory.path)/arguments\ncat > \(directory.path)/message\nexit \(status)\n"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return path
    }

    private let message = MailMessage(from: MailAddress(address: "agora@example.org"), to: MailAddress(address: "jean@example.lu"),
                                      subject: "Hello", text: "Body", messageID: "m1@example.org", date: 0)

    @Test func exitZeroIsAcceptedWithTheMessageOnStandardInput() throws {
        let directory = TemporaryDirectory(prefix: "agora-sendmail")
        let path = try program(exit: 0, in: directory)
        #expect(SendmailProgram(path: path).deliver(message, timeout: 10) == .accepted)
        let arguments = try String(contentsOfFile: directory.path + "/arguments", encoding: .utf8)
        #expect(arguments == "-i -t\n")
        let received = try String(contentsOfFile: directory.path + "/message", encoding: .utf8)
        #expect(received.contains("To: <jean@example.lu>\n"))
        #expect(!received.contains("\r"), "sendmail gets LF line ends")
    }

    /// A program that hangs (here: reads its input, then sleeps a minute) is killed at the timeout: the message
    /// is retried later, and the delivery queue is not held.
    @Test func aProgramRunningPastTheTimeoutIsKilledAndTheMessageRetried() throws {
        let directory = TemporaryDirectory(prefix: "agora-sendmail")
        let path = directory.path + "/sendmail-hangs"
        try "#!/bin/sh\ncat > /dev/null\nexec sleep 60\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        let started = Date()
        let outcome = SendmailProgram(path: path).deliver(message, timeout: 0.5)
        let elapsed = Date().timeIntervalSince(started)
        if case .transient(let reason) = outcome {
            #expect(reason.contains("killed"), "\(reason)")
        } else {
            Issue.record("a program past the timeout must be transient, got \(outcome)")
        }
        #expect(elapsed < 10, "returned after \(elapsed) s")
    }

    @Test func tempfailIsRetriedAndOtherStatusesAreNot() throws {
        let directory = TemporaryDirectory(prefix: "agora-sendmail")
        let (tempfail, noUser) = (try program(exit: 75, in: directory), try program(exit: 67, in: directory))
        if case .transient = SendmailProgram(path: tempfail).deliver(message, timeout: 10) {} else {
            Issue.record("EX_TEMPFAIL must be transient")
        }
        if case .permanent = SendmailProgram(path: noUser).deliver(message, timeout: 10) {} else {
            Issue.record("EX_NOUSER must be permanent")
        }
        if case .permanent = SendmailProgram(path: directory.path + "/missing").deliver(message, timeout: 10) {} else {
            Issue.record("a missing program must be permanent")
        }
    }
}

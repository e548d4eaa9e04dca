import CTestProcess
import Glibc
import Testing

/// The test process runs with the server's signal dispositions (CTestProcess): a write to a pipe or socket whose
/// reader is gone is EPIPE for the code under test, not the end of the whole test run.
@Suite struct TestProcessTests {
    @Test func sigpipeIsIgnoredBeforeAnyTestRuns() {
        #expect(agora_test_process_prepared() == 1, "the constructor ran")
        var current = sigaction()
        #expect(sigaction(SIGPIPE, nil, &current) == 0)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    @Test func aWriteToAPipeWithoutAReaderIsEPIPE() {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        var byte: UInt8 = 1
        let written = write(ends[1], &byte, 1)
        let error = errno
        close(ends[1])
        #expect(written == -1 && error == EPIPE, "the process is still here to say so")
    }
}

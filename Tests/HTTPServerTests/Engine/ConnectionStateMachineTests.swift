import Testing
@testable import HTTPServer

/// The connection state machine on its own: events and instants in, actions out — no sockets, no clock, no sleeping.
/// (Moved here from the lifecycle suite: its timeout cases are kept as they were, on the machine that replaced it.)
@Suite("Connection state machine: timeouts")
struct ConnectionStateMachineTimeoutTests {
    static let timeouts = ConnectionTimeouts(header: .seconds(10), body: .seconds(30), idle: .seconds(60),
                                             write: .seconds(30), handshake: .seconds(5))
    let second: UInt64 = 1_000_000_000

    @Test func newConnectionMustSendWithinHeaderTimeout() {
        let machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        #expect(machine.tick(at: 9 * second) == .none)
        #expect(machine.tick(at: 10 * second) == .close, "nothing was sent: close without a response")
    }

    @Test func headerDeadlineIsFixedAtTheFirstByte() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        _ = machine.needMoreInput(headStarted: true, at: 1 * second)
        _ = machine.needMoreInput(headStarted: true, at: 8 * second)   // more bytes: the deadline does not move
        #expect(machine.tick(at: 10 * second) == .none)
        #expect(machine.tick(at: 11 * second) == .respond408AndClose)
    }

    @Test func leadingEmptyLinesStartNoHeaderDeadline() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        _ = machine.needMoreInput(headStarted: false, at: 1 * second)
        #expect(machine.phase == .idle)
        #expect(machine.tick(at: 10 * second) == .close, "RFC 9112 §2.2: empty lines are no request, so no 408")
    }

    @Test func bodyThenHandlerThenIdle() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        _ = machine.needMoreInput(headStarted: true, at: 0)
        machine.headComplete(bodyFollows: true, at: 2 * second)
        #expect(machine.tick(at: 31 * second) == .none)
        #expect(machine.tick(at: 32 * second) == .respond408AndClose)
        machine.handlerStarted()
        #expect(machine.tick(at: 1000 * second) == .none, "no read deadline while the handler works")
        let keptAlive = machine.responseQueued(keepAliveRequested: true, at: 1000 * second)
        #expect(keptAlive)
        #expect(machine.tick(at: 1059 * second) == .none)
        #expect(machine.tick(at: 1060 * second) == .close)
    }

    @Test func writeDeadlineRunsUntilOutputDrains() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        machine.handlerStarted()
        let action1 = machine.writeBlocked(at: 5 * second)
        #expect(action1 == .updateInterest, "watch for writability")
        let action2 = machine.writeBlocked(at: 20 * second)
        #expect(action2 == .none, "still blocked: deadline and interest unchanged")
        #expect(machine.tick(at: 34 * second) == .none)
        #expect(machine.tick(at: 35 * second) == .close)
        let action3 = machine.writeDrained(at: 35 * second)
        #expect(action3 == .updateInterest, "stop watching for writability")
        #expect(machine.tick(at: 36 * second) == .none)
    }

    @Test func handshakeTimeout() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0, handshaking: true)
        #expect(machine.tick(at: 5 * second) == .close)
        machine.handshakeFinished(at: 4 * second)
        #expect(machine.tick(at: 13 * second) == .none)
        #expect(machine.tick(at: 14 * second) == .close)
    }

    @Test func aTimeoutBehindUnreadOutputClosesWithout408() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        machine.handlerStarted()
        _ = machine.responseQueued(keepAliveRequested: true, at: 0)
        _ = machine.writeBlocked(at: 0)
        _ = machine.needMoreInput(headStarted: true, at: 1 * second)   // a pipelined head, incomplete
        #expect(machine.tick(at: 11 * second) == .close, "no 408 queued behind output the peer is not reading")
    }

    @Test func lingeringEndsAtItsDeadline() {
        var machine = ConnectionStateMachine(timeouts: Self.timeouts, openedAt: 0)
        machine.handlerStarted()
        let keptAlive = machine.responseQueued(keepAliveRequested: false, at: 0)
        #expect(!keptAlive)
        let action = machine.writeDrained(at: 1 * second)
        #expect(action == .shutDownOutputAndLinger)
        #expect(machine.phase == .lingering)
        #expect(machine.readInterest, "reading resumes to discard what the peer still sends")
        #expect(machine.tick(at: 2 * second) == .none)
        #expect(machine.tick(at: 3 * second) == .close)
    }

    @Test func tickIntervalFollowsTheShortestTimeout() {
        #expect(Self.timeouts.tickInterval == .seconds(1))
        let short = ConnectionTimeouts(header: .milliseconds(200))
        #expect(short.tickInterval == .milliseconds(50))
    }
}

@Suite("Connection state machine: requests, writes and draining")
struct ConnectionStateMachineTests {
    let limit = 1 << 20
    let second: UInt64 = 1_000_000_000

    func fresh() -> ConnectionStateMachine {
        ConnectionStateMachine(timeouts: ConnectionStateMachineTimeoutTests.timeouts, openedAt: 0)
    }

    @Test func keepAliveAnswersAndWaitsForTheNextRequest() {
        var machine = fresh()
        let decision1 = machine.inputWanted(pendingOutputBytes: 0, limit: limit)
        #expect(decision1 == .parse)
        machine.headComplete(bodyFollows: false, at: 0)
        machine.handlerStarted()
        #expect(machine.activity == .writing, "a handler is answering")
        let keptAlive = machine.responseQueued(keepAliveRequested: true, at: second)
        #expect(keptAlive, "the connection stays open")
        #expect(machine.activity == .writing, "output is owed")
        let action = machine.writeDrained(at: second)
        #expect(action == .none, "nothing to change on the socket")
        #expect(machine.phase == .idle)
        #expect(machine.activity == .waiting)
        let decision2 = machine.inputWanted(pendingOutputBytes: 0, limit: limit)
        #expect(decision2 == .parse, "the next request may be parsed")
    }

    @Test func pipeliningStopsWhileARequestIsInFlight() {
        var machine = fresh()
        machine.handlerStarted()
        let decision1 = machine.inputWanted(pendingOutputBytes: 0, limit: limit)
        #expect(decision1 == .wait,
                "pipelined requests behind a deferred reply wait, in order")
        _ = machine.responseQueued(keepAliveRequested: true, at: 0)
        let decision2 = machine.inputWanted(pendingOutputBytes: 100, limit: limit)
        #expect(decision2 == .parse, "the next one is parsed at once")
    }

    @Test func closeAfterWriteStopsParsingThenShutsDownOutputAndLingers() {
        var machine = fresh()
        machine.handlerStarted()
        let keptAlive = machine.responseQueued(keepAliveRequested: false, at: 0)
        #expect(!keptAlive, "Connection: close")
        #expect(machine.closeAfterWrite)
        let decision = machine.inputWanted(pendingOutputBytes: 0, limit: limit)
        #expect(decision == .wait, "nothing after the last response")
        let action1 = machine.writeDrained(at: 0)
        #expect(action1 == .shutDownOutputAndLinger)
        let action2 = machine.drainBegan(at: 0)
        #expect(action2 == .close, "a lingering connection closes when the server drains")
    }

    @Test func aFailedRequestIsTheLastOne() {
        var machine = fresh()
        _ = machine.needMoreInput(headStarted: true, at: 0)
        machine.requestFailed()
        let keptAlive = machine.responseQueued(keepAliveRequested: true, at: 0)
        #expect(!keptAlive, "after a framing error the stream can't be trusted")
    }

    @Test func peerHalfCloseIsAnsweredThenClosed() {
        var machine = fresh()
        let action1 = machine.peerClosedInput()
        #expect(action1 == .updateInterest, "stop watching a socket at EOF")
        let action2 = machine.peerClosedInput()
        #expect(action2 == .none, "only once")
        machine.headComplete(bodyFollows: false, at: 0)
        machine.handlerStarted()
        #expect(machine.readHandled() == .none, "the request in flight is still answered")
        let keptAlive = machine.responseQueued(keepAliveRequested: true, at: 0)
        #expect(!keptAlive, "no keep-alive towards a closed peer")
        #expect(machine.readHandled() == .none, "its response is still owed")
        let action3 = machine.writeDrained(at: 0)
        #expect(action3 == .shutDownOutputAndClose, "nothing to linger for: the peer sent EOF")
    }

    @Test func peerCloseWithNothingOwedCloses() {
        var machine = fresh()
        _ = machine.peerClosedInput()
        #expect(machine.readHandled() == .close)
    }

    @Test func backPressureStopsReadingUntilTheOutputDrains() {
        var machine = fresh()
        machine.handlerStarted()
        _ = machine.responseQueued(keepAliveRequested: true, at: 0)
        _ = machine.writeBlocked(at: 0)
        let decision1 = machine.inputWanted(pendingOutputBytes: limit, limit: limit)
        #expect(decision1 == .stopReading)
        #expect(!machine.readInterest)
        let decision2 = machine.inputWanted(pendingOutputBytes: limit, limit: limit)
        #expect(decision2 == .wait, "already stopped: no second call")
        let action = machine.writeDrained(at: 0)
        #expect(action == .resumeReading, "the peer caught up: parse what is buffered")
        #expect(machine.readInterest && !machine.writeInterest)
    }

    @Test func aFullQueryBufferStopsReadingAndAnIncompleteRequestResumesIt() {
        var machine = fresh()
        let action1 = machine.receiveBufferFull()
        #expect(action1 == .updateInterest)
        let action2 = machine.receiveBufferFull()
        #expect(action2 == .none)
        let action3 = machine.needMoreInput(headStarted: true, at: 0)
        #expect(action3 == .updateInterest, "read more once there is room")
        #expect(machine.readInterest)
    }

    @Test func drainClosesWaitingConnectionsAndLetsBusyOnesFinish() {
        var idle = fresh()
        let action1 = idle.drainBegan(at: 2 * second)
        #expect(action1 == .closeWhenQuiet, "quiet for longer than the drain grace: it ends (answering what is unread)")

        var handshaking = ConnectionStateMachine(timeouts: ConnectionStateMachineTimeoutTests.timeouts, openedAt: 0,
                                                 handshaking: true)
        let action2 = handshaking.drainBegan(at: 0)
        #expect(action2 == .close, "no request has arrived")

        var reading = fresh()
        _ = reading.needMoreInput(headStarted: true, at: 0)
        #expect(reading.activity == .reading)
        let action3 = reading.drainBegan(at: 0)
        #expect(action3 == .none, "a request half received is finished")
        reading.headComplete(bodyFollows: false, at: 0)
        reading.handlerStarted()
        let keptAlive = reading.responseQueued(keepAliveRequested: true, at: 0)
        #expect(!keptAlive, "its response says Connection: close")

        var uploading = fresh()
        uploading.headComplete(bodyFollows: true, at: 0)
        #expect(uploading.activity == .reading)
        let action4 = uploading.drainBegan(at: 0)
        #expect(action4 == .none, "a body still arriving is received whole")

        var busy = fresh()
        busy.handlerStarted()
        let action5 = busy.drainBegan(at: 0)
        #expect(action5 == .none)

        var owing = fresh()
        owing.handlerStarted()
        _ = owing.responseQueued(keepAliveRequested: true, at: 0)
        let action6 = owing.drainBegan(at: 0)
        #expect(action6 == .none, "a response still being written is finished")
    }

    @Test func aWaitingConnectionGetsTheDrainGraceToSendItsNextRequest() {
        var machine = fresh()
        machine.handlerStarted()
        _ = machine.responseQueued(keepAliveRequested: true, at: 10 * second)
        _ = machine.writeDrained(at: 10 * second)
        let began = machine.drainBegan(at: 10 * second + 1)
        #expect(began == .none, "just answered: its next request may be on its way")
        #expect(machine.tick(at: 10 * second + second / 2) == .none)
        // The request comes within the grace: it is answered, and its answer is the last.
        _ = machine.needMoreInput(headStarted: true, at: 10 * second + second / 2)
        machine.headComplete(bodyFollows: false, at: 10 * second + second / 2)
        machine.handlerStarted()
        #expect(machine.tick(at: 20 * second) == .none, "no deadline while the handler works")
        let keptAlive = machine.responseQueued(keepAliveRequested: true, at: 20 * second)
        #expect(!keptAlive, "Connection: close")

        var quiet = fresh()
        #expect(quiet.drainBegan(at: second / 2) == .none)
        #expect(quiet.tick(at: second) == .closeWhenQuiet, "quiet for the whole grace: it ends")
        let lingering = quiet.lingerStarted(at: second)
        #expect(lingering == .updateInterest && quiet.phase == .lingering && quiet.readInterest,
                "FIN sent, input read and dropped until EOF")
        #expect(quiet.tick(at: second + 2 * second) == .close, "at the linger deadline")
    }

    @Test func endingKeepAliveMakesTheNextResponseTheLast() {
        var machine = fresh()
        machine.handlerStarted()
        machine.endKeepAlive()
        let keptAlive = machine.responseQueued(keepAliveRequested: true, at: 0)
        #expect(!keptAlive)
    }

    @Test func aClosedConnectionDoesNothing() {
        var machine = fresh()
        machine.closed()
        #expect(machine.isClosed)
        #expect(machine.tick(at: .max - 1) == .none)
        let decision = machine.inputWanted(pendingOutputBytes: 0, limit: limit)
        #expect(decision == .wait)
        #expect(machine.readHandled() == .none)
    }
}

import Glibc
import TestSupport

/// `agora-bench feed-bench`: the change feed's figures against the real `agora serve`, which it starts itself (a
/// fresh data directory, an admin token of its own, `--max-connections` above the stream count):
/// - memory per open stream: the server's VmRSS (/proc/PID/status) with `--streams` streams open, less its VmRSS
///   before, divided by the count;
/// - delivery latency: `--writes` admin writes one after another; for each, the time from the write's
///   acknowledgement (its response received) to the change arriving on each of `--readers` streams that are read
///   at once (p50/p99; 0 when the change arrived before the acknowledgement), and from sending the write;
/// - afterwards every open stream is read: how many saw every change.
enum FeedBenchmark {
    static func run(_ flags: BenchFlags) -> Int32 {
        let streams = flags.number("streams", 10_000)
        let writes = flags.number("writes", 200)
        let readers = flags.number("readers", 8)
        let port = flags.port("port") ?? 18_931
        let agora = flags.optional("agora") ?? siblingBinary("agora")
        raiseOpenFileLimit()
        let directory = TemporaryDirectory.make("agora-feed-bench")
        let token = "feed-bench-\(getpid())"
        let pid = spawn(agora, ["serve", "--port", String(port), "--data-dir", directory + "/data", "--no-seed",
                                "--log-level", "warning", "--max-connections", String(streams + readers + 100)],
                        environment: ["AGORA_ADMIN_TOKEN=\(token)", "PATH=/usr/bin:/bin"])
        defer { kill(pid, SIGTERM); var status: Int32 = 0; waitpid(pid, &status, 0) }
        guard waitReady(port: port) else { print("agora did not become ready on port \(port)"); return 1 }

        // Memory: the server warmed up by one stream and one write, then `streams` more.
        guard write(port: port, token: token, id: "warm-up") else { print("the warm-up write failed"); return 1 }
        let baseline = residentKiB(pid)
        var idle: [EventStreamClient] = []
        idle.reserveCapacity(streams)
        for index in 0..<streams {
            guard let client = try? EventStreamClient(port: port, target: "/changes"), (try? client.readHead()) == 200 else {
                print("stream \(index) could not be opened"); return 1
            }
            idle.append(client)
        }
        let loaded = residentKiB(pid)
        let perStream = Double(loaded - baseline) * 1024 / Double(streams)
        print("streams open: \(streams); server VmRSS \(baseline / 1024) MiB → \(loaded / 1024) MiB; "
              + "per stream \(Figures.format(perStream / 1024, 2)) KiB")

        // Latency: `readers` streams read as the writes go.
        var watchers: [EventStreamClient] = []
        for _ in 0..<readers {
            guard let client = try? EventStreamClient(port: port, target: "/changes"), (try? client.readHead()) == 200 else { return 1 }
            watchers.append(client)
        }
        var fromAck: [Double] = []
        var fromSend: [Double] = []
        for index in 0..<writes {
            let sent = now()
            // A fresh directory: the warm-up is sequence 1, this write index + 2.
            let sequence = index + 2
            guard write(port: port, token: token, id: "bench-\(index)") else { print("write \(index) failed"); return 1 }
            let acknowledged = now()
            for watcher in watchers {
                while let event = try? watcher.nextEvent(timeout: .seconds(10)) {
                    if event.id == String(sequence) { break }
                }
                let arrived = now()
                fromAck.append(max(0, arrived - acknowledged))
                fromSend.append(arrived - sent)
            }
        }
        print("delivery, admin write acknowledged → SSE client: p50 \(millis(fromAck, 0.50)) ms, p99 \(millis(fromAck, 0.99)) ms "
              + "(\(fromAck.count) deliveries; write sent → client: p50 \(millis(fromSend, 0.50)) ms, p99 \(millis(fromSend, 0.99)) ms)")

        // Every idle stream saw every change (the warm-up write came before they opened).
        var complete = 0
        for client in idle {
            var count = 0
            while count < writes, (try? client.nextEvent(timeout: .seconds(10))) ?? nil != nil { count += 1 }
            if count == writes { complete += 1 }
        }
        print("streams that saw all \(writes) changes: \(complete) of \(streams)")
        return complete == streams ? 0 : 1
    }

    /// Creates a partner; whether it was acknowledged (201).
    static func write(port: Int, token: String, id: String) -> Bool {
        let body = Array(#"{"id":"\#(id)","name":"Bench \#(id)"}"#.utf8)
        let reply = try? HTTPReply.send(port: port, method: "POST", path: "/partners",
                                        headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                                        body: body)
        return reply?.status == 201
    }

    static func millis(_ values: [Double], _ quantile: Double) -> String {
        guard !values.isEmpty else { return "-" }
        let sorted = values.sorted()
        return Figures.format(sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))] * 1000, 2)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func residentKiB(_ pid: pid_t) -> Int {
        guard let file = fopen("/proc/\(pid)/status", "re") else { return 0 }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmRSS:") { return text.split(separator: " ").compactMap { Int($0) }.first ?? 0 }
        }
        return 0
    }

    static func waitReady(port: Int) -> Bool {
        for _ in 0..<500 {
            if let reply = try? HTTPReply.send(port: port, method: "GET", path: "/readyz", headers: [], body: nil),
               reply.status == 200 { return true }
            usleep(20_000)
        }
        return false
    }

    static func raiseOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// `name` in the directory of this executable (release: .build/release/agora).
    static func siblingBinary(_ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) + "/" + name
    }

    static func spawn(_ path: String, _ arguments: [String], environment: [String]) -> pid_t {
        var argv = ([path] + arguments).map { strdup($0) } + [nil]
        var envp = environment.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, path, nil, nil, &argv, &envp) == 0 else { BenchFlags.fail("cannot start \(path)", status: 1) }
        return pid
    }
}

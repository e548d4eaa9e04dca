import Foundation
import Glibc
import Testing
import TestSupport

/// `agora` as an operator runs it: help, configuration layering, bad values, signals.
@Suite("agora command line")
struct CommandLineTests {
    @Test func helpListsCommandsAndEverySetting() throws {
        let overview = try AgoraProcess(["--help"])
        #expect(overview.wait() == 0)
        #expect(overview.stdout.contains("agora serve"))
        #expect(overview.stdout.contains("agora token"))
        let serve = try AgoraProcess(["serve", "--help"])
        #expect(serve.wait() == 0)
        for flag in ["--host", "--port", "--data-dir", "--config", "--max-connections", "--header-timeout",
                     "--backend", "--log-level", "--drain-timeout", "--max-body-bytes"] {
            #expect(serve.stdout.contains(flag), "serve --help lists \(flag)")
        }
        #expect(serve.stdout.contains("AGORA_PORT"))
    }

    /// Issue #10 item 14: listing routes must not touch the disk. It used to open (create, lock and seed) the
    /// default data directory `.data` in whatever directory it ran from.
    @Test func routesCreateNothingInTheWorkingDirectory() throws {
        let directory = AgoraProcess.temporaryDirectory("routes-cwd")
        let process = try AgoraProcess(["routes"], workingDirectory: directory)
        #expect(process.wait() == 0, "stderr: \(process.stderr)")
        #expect(process.stdout.contains("GET /events/{id}"))
        #expect(process.stdout.contains("PATCH /events/{id}/programme/{slotId}"))
        let left = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(left.isEmpty, "agora routes created \(left) in its working directory")
    }

    @Test("a bad flag or value exits 2 with a message naming it", arguments: [
        (["serve", "--no-such-flag", "1"], "--no-such-flag"),
        (["serve", "--port", "70000"], "port"),
        (["serve", "--port"], "--port"),
        (["serve", "--header-timeout", "soon"], "headerTimeout"),
        (["serve", "--backend", "kqueue"], "backend"),
        (["serve", "--public-url", "agora.example.lu"], "publicUrl"),
        (["serve", "--public-url", "ftp://agora.example.lu"], "publicUrl"),
        (["frobnicate"], "frobnicate"),
    ])
    func badArguments(arguments: [String], named: String) throws {
        let process = try AgoraProcess(arguments)
        #expect(process.wait() == 2)
        #expect(process.stderr.contains(named), "stderr: \(process.stderr)")
    }

    @Test func badEnvironmentAndConfigValuesExit2() throws {
        let env = try AgoraProcess(["serve"], environment: ["AGORA_MAX_CONNECTIONS": "many"])
        #expect(env.wait() == 2)
        #expect(env.stderr.contains("maxConnections") && env.stderr.contains("AGORA_MAX_CONNECTIONS"))

        let directory = AgoraProcess.temporaryDirectory("config")
        let path = directory + "/agora.json"
        try write(#"{"port": 8080, "colour": "blue"}"#, to: path)
        let unknown = try AgoraProcess(["serve", "--config", path])
        #expect(unknown.wait() == 2)
        #expect(unknown.stderr.contains("colour"))
        try write("{not json", to: path)
        let broken = try AgoraProcess(["serve", "--config", path])
        #expect(broken.wait() == 2)
        #expect(broken.stderr.contains(path))
    }

    @Test("flags beat environment beat config file beat defaults")
    func precedence() throws {
        let directory = AgoraProcess.temporaryDirectory("precedence")
        let path = directory + "/agora.json"
        try write(#"{"port": 1, "logLevel": "debug", "backend": "dispatch", "dataDir": "\#(directory)/data"}"#, to: path)
        // Config says port 1 and dispatch; the environment overrides the port (0 = any free port) and the flag the
        // backend.
        let process = try AgoraProcess(["serve", "--config", path, "--backend", "epoll"],
                                       environment: ["AGORA_PORT": "0", "AGORA_LOOPS": "1"])
        let line = try #require(process.waitForLine(containing: "\"msg\":\"listening\""), "stderr: \(process.stderr)")
        #expect(line.contains("\"backend\":\"epoll\""))
        #expect(line.contains("\"loops\":\"1\""))
        #expect(!line.contains("127.0.0.1:1\""))
        process.signal(SIGTERM)
        #expect(process.wait() == 0)
    }

    @Test("SIGTERM drains and exits 0; /healthz answered until then", arguments: ["epoll", "dispatch"])
    func sigtermExitsZero(backend: String) throws {
        let directory = AgoraProcess.temporaryDirectory("sigterm")
        let process = try AgoraProcess(["serve", "--port", "0", "--backend", backend, "--data-dir", directory + "/data"])
        let port = try #require(process.listeningPort(), "stderr: \(process.stderr)")
        #expect(httpGet(port: port, path: "/healthz")?.body == #"{"status":"ok"}"#)
        #expect(httpGet(port: port, path: "/readyz")?.status == 200)
        process.signal(SIGTERM)
        #expect(process.wait() == 0)
        #expect(process.stdout.contains("\"msg\":\"stopped\""))
    }

    @Test("running out of file descriptors pauses accepting instead of crashing")
    func outOfDescriptors() throws {
        let directory = AgoraProcess.temporaryDirectory("emfile")
        let process = try AgoraProcess(["serve", "--port", "0", "--loops", "1", "--data-dir", directory + "/data",
                                        "--log-level", "info", "--header-timeout", "2"], limitFiles: 48)
        // The port from the "listening" log line; a loaded CI machine may take a while to start a debug binary.
        let port = try #require(process.listeningPort(timeout: .seconds(60)), "stderr: \(process.stderr)")
        #expect(process.stdout.contains("\"msg\":\"the open-file limit is below maxConnections\""),
                "warned at start that 48 descriptors cannot hold maxConnections")
        var clients: [SocketClient] = []
        for _ in 0..<80 { if let client = try? SocketClient(port: port) { clients.append(client) } }
        // On failure, the server's own output says why (it once exited 132, a trap, under full-suite load).
        #expect(process.waitForLine(containing: "out of file descriptors") != nil,
                "stdout: \(process.stdout.suffix(2_000))\nstderr: \(process.stderr.suffix(2_000))")
        clients.removeAll()  // closes them
        // Once descriptors are free again the server serves normally.
        var served = false
        for _ in 0..<1000 where !served {   // up to 20 s under load
            served = httpGet(port: port, path: "/healthz")?.status == 200
            if !served { usleep(20_000) }
        }
        #expect(served)
        #expect(process.wait(timeout: .zero) == nil, "still running")
        process.signal(SIGTERM)
        #expect(process.wait() == 0, "stderr: \(process.stderr.suffix(2_000))")
    }

    @Test("a soft open-file limit below maxConnections is raised towards the hard one, so every connection is served")
    func openFileLimitRaised() throws {
        let directory = AgoraProcess.temporaryDirectory("nofile")
        let process = try AgoraProcess(["serve", "--port", "0", "--loops", "1", "--data-dir", directory + "/data",
                                        "--max-connections", "200"], limitFiles: 48, hardLimitFiles: 400)
        let port = try #require(process.listeningPort(timeout: .seconds(60)), "stderr: \(process.stderr)")
        let raised = try #require(process.waitForLine(containing: "raised the open-file limit"), "stdout: \(process.stdout)")
        #expect(raised.contains("\"from\":\"48\"") && raised.contains("\"to\":\"264\""), "200 connections + 64 reserved")
        // More connections than the old limit of 48 descriptors, all open at once, all answered.
        var clients: [SocketClient] = []
        for _ in 0..<120 { if let client = try? SocketClient(port: port) { clients.append(client) } }
        #expect(clients.count == 120)
        let request = Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
        for client in clients { try? client.sendRaw(request) }
        var answered = 0
        for client in clients {
            let bytes = (try? client.receiveRaw(timeout: .seconds(20))) ?? nil
            if let bytes, bytes.count > 12, String(decoding: bytes[0..<12], as: UTF8.self) == "HTTP/1.1 200" { answered += 1 }
        }
        clients.removeAll()
        #expect(answered == 120)
        #expect(!process.stdout.contains("out of file descriptors"))
        process.signal(SIGTERM)
        #expect(process.wait() == 0, "stderr: \(process.stderr.suffix(2_000))")
    }
}

func write(_ text: String, to path: String) throws {
    guard let file = fopen(path, "we") else { throw AgoraProcess.ProcessError.spawn(errno) }
    fputs(text, file)
    fclose(file)
}

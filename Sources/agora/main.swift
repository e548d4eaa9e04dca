import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry point: picks the command and turns configuration problems into exit status 2 with a message.
let arguments = CommandLine.arguments.dropFirst()
let environment = ProcessInfo.processInfo.environment

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandleOutput.standardError("agora: \(message)\n")
    exit(status)
}

switch arguments.first {
case nil, "--help", "-h", "help":
    print(Help.overview, terminator: "")
case "--version", "version":
    print("agora \(AgoraVersion.current) (commit \(EmbeddedResources.gitCommit))")
case "serve":
    let rest = arguments.dropFirst()
    if rest.contains("--help") || rest.contains("-h") {
        print(Help.serve, terminator: "")
        exit(0)
    }
    do throws(ConfigurationError) {
        let flags = try Arguments.parse(rest)
        let configuration = try Configuration.resolve(flags: flags, environment: environment)
        ServeCommand(configuration: configuration, flags: flags, environment: environment).run()
    } catch {
        fail(error.description)
    }
case "routes":
    // The (method, pattern) pairs `serve` would answer, for the route/spec parity check (Tests/Contract).
    do throws(ConfigurationError) {
        let flags = try Arguments.parse(arguments.dropFirst())
        let configuration = try Configuration.resolve(flags: flags, environment: environment)
        for line in ServeCommand(configuration: configuration).routeList() { print(line) }
    } catch {
        fail(error.description)
    }
case "token":
    exit(TokenCommand(arguments: Array(arguments.dropFirst())).run())
case "migrate":
    exit(MigrateCommand(arguments: Array(arguments.dropFirst())).run())
default:
    fail("unknown command \"\(arguments.first ?? "")\" (see agora --help)")
}

import Foundation
import Glibc
import Testing

@Suite("wsim serve from the command line")
struct ServeCommandTests {
    /// The aws CLI next to the suite's Python (a virtual environment's bin), else the one on PATH.
    static let aws: [String]? = {
        guard let python = WireSuiteTests.python else { return nil }
        let sibling = URL(fileURLWithPath: python.split(separator: " ")[0].description).deletingLastPathComponent().appendingPathComponent("aws").path
        if FileManager.default.isExecutableFile(atPath: sibling) { return [sibling] }
        return ["/usr/bin/env", "aws"]
    }()

    /// An aws CLI v2, the one with `logs tail` (Debian's `awscli`, which `.ci/run` installs; PyPI's is v1).
    static let awsV2: [String]? = {
        var candidates = ["/usr/bin/aws", "/usr/local/bin/aws"]
        if let sibling = aws?.first, sibling != "/usr/bin/env" { candidates.insert(sibling, at: 0) }
        return candidates.first { path in
            guard FileManager.default.isExecutableFile(atPath: path),
                  let version = try? WSimProcess.run(URL(fileURLWithPath: path), ["--version"], in: WSimProcess.projectRoot)
            else { return false }
            return (version.output + version.error).hasPrefix("aws-cli/2")
        }.map { [$0] }
    }()

    static func aws(_ endpoint: String, _ arguments: [String], cli: [String]? = aws) throws -> (status: Int32, output: String, error: String) {
        let command = try #require(cli, "no aws CLI found")
        return try WSimProcess.run(
            URL(fileURLWithPath: command[0]),
            Array(command.dropFirst()) + ["--endpoint-url", endpoint, "--region", "us-west-2", "--output", "json"] + arguments,
            in: WSimProcess.projectRoot,
            environment: [
                "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
    }

    @Test func badOptionsAreUsageErrors() throws {
        let clock = try WSimProcess.run(["serve", "--clock", "sundial"])
        #expect(clock.status == 2)
        #expect(clock.error.contains("--clock must be wall or manual"))
        let inPlace = try WSimProcess.run(["serve", "--in-place"])
        #expect(inPlace.status == 2)
        let notARun = try WSimProcess.run(["serve", "--run", "Simulator"])
        #expect(notARun.status == 2)
        #expect(notARun.error.contains("holds no wsim.sqlite"))
        let liveAlone = try WSimProcess.run(["serve", "--live"])
        #expect(liveAlone.status == 2)
        #expect(liveAlone.error.contains("--live runs a seed set's world"))
        for speed in ["0", "-3", "nan", "1001"] {
            let bad = try WSimProcess.run(["serve", "--speed", speed])
            #expect(bad.status == 2, "--speed \(speed)")
        }
        let manualSpeed = try WSimProcess.run(["serve", "--clock", "manual", "--speed", "5"])
        #expect(manualSpeed.error.contains("--speed goes with --clock wall"))
        let samePorts = try WSimProcess.run(["serve", "--live", "--seed-set", "amelia", "--port", "9000", "--lb-port", "9000"])
        #expect(samePorts.error.contains("--port and --lb-port must differ"))
    }

    @Test func aUsersFolderIsNotTakenForTheServersState() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-serve-user-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let result = try WSimProcess.run(["serve", "--port", "0", "--out", folder.path])
        #expect(result.status == 2)
        #expect(result.error.contains("wsim did not write"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("notes.txt").path))
    }

    /// A server that stopped cleanly lists what it wrote, so the next server reuses its folder; a note dropped
    /// into that folder in between is kept, and the folder refused.
    @Test func aServersFolderIsReusedButANoteInItIsKept() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-serve-again-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try ServeProcess.start(["serve", "--port", "0", "--out", folder.path])
        #expect(first.stop() == 0)
        let second = try ServeProcess.start(["serve", "--port", "0", "--out", folder.path])
        #expect(second.stop() == 0)

        try Data("mine".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let third = try WSimProcess.run(["serve", "--port", "0", "--out", folder.path])
        #expect(third.status == 2)
        #expect(third.error.contains("the folder holds files wsim did not write (notes.txt)"), "\(third.error)")
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("wsim.sqlite").path))
    }

    /// The seeds' monitoring commands against a finished run: its error lines, its dead letters, its
    /// container rows, from the run's own database (served from a copy, so the run stays as it was).
    @Test(.enabled(if: aws != nil || WireSuiteTests.required, "no aws CLI here: make wire-env (CI does)"))
    func theSeedsMonitoringCommandsReadAFinishedRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-serve-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try WSimProcess.run(["run", "Simulator/regressions/hostile-text/scenario.yaml", "--out", folder.appendingPathComponent("run").path])
        #expect(run.status == 0, "\(run.output)\(run.error)")
        let scenario = try #require(FileManager.default.enumerator(atPath: folder.appendingPathComponent("run").path)?
            .compactMap { $0 as? String }.first { $0.hasSuffix("wsim.sqlite") })
        let runFolder = folder.appendingPathComponent("run").appendingPathComponent(scenario).deletingLastPathComponent()
        let database = runFolder.appendingPathComponent("wsim.sqlite")
        let before = try Data(contentsOf: database)
        let server = try ServeProcess.start(["serve", "--port", "0", "--run", runFolder.path, "--out", folder.appendingPathComponent("serve").path])
        defer { server.stop() }

        let errors = try Self.aws(server.endpoint, ["logs", "filter-log-events", "--log-group-name", "/ecs/webordinary/edit", "--filter-pattern", "ERROR"])
        #expect(errors.status == 0, "\(errors.error)")
        #expect(errors.output.contains("Invalid message"))
        #expect(!errors.output.contains("Processing complete"))

        // The seed's own command, in the aws CLI v2: the run's clock starts on 2025-08-15, hence --since.
        if Self.awsV2 != nil || WireSuiteTests.required {
            let tail = try Self.aws(server.endpoint, ["logs", "tail", "/ecs/webordinary/edit", "--filter-pattern", "ERROR", "--since", "2025-08-15"], cli: Self.awsV2)
            #expect(tail.status == 0, "\(tail.error)")
            let lines = tail.output.split(separator: "\n")
            #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("\"level\":\"ERROR\"") }, "\(tail.output)")
            #expect(tail.output.contains("Invalid message"))
        }

        let queues = try Self.aws(server.endpoint, ["sqs", "list-queues", "--queue-name-prefix", "webordinary-dlq"])
        let dlq = try #require(queues.output.split(separator: "\"").first { $0.contains("/123456789012/webordinary-dlq") }.map(String.init))
        #expect(dlq.hasPrefix(server.endpoint))
        let letters = try Self.aws(server.endpoint, ["sqs", "receive-message", "--queue-url", dlq, "--message-attribute-names", "All"])
        #expect(letters.status == 0, "\(letters.error)")
        #expect(letters.output.contains("cmd-nul"))

        let containers = try Self.aws(server.endpoint, ["dynamodb", "scan", "--table-name", "webordinary-containers"])
        #expect(containers.status == 0, "\(containers.error)")
        #expect(containers.output.contains("\"containerId\""))

        #expect(server.stop() == 0)
        #expect(try Data(contentsOf: database) == before, "serving a run changed the run's own database")
    }

    /// SIGTERM stops a manual-clock server even while a long poll is parked (only the stopped clock could end
    /// it): the poll is answered, the databases are checkpointed, the exit status is 0.
    @Test func sigtermStopsAServerWithAParkedLongPoll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-serve-term-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ServeProcess.start(["serve", "--port", "0", "--clock", "manual", "--out", folder.path])
        defer { server.stop() }
        let port = try #require(Int(server.endpoint.split(separator: ":").last ?? ""))
        let auth = "Authorization: AWS4-HMAC-SHA256 Credential=t/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"
        func post(_ target: String, _ body: String) -> String {
            "POST / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.\(target)\r\n\(auth)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        let setup = try RawConnection(port: port)
        try setup.send(post("CreateQueue", #"{"QueueName":"p"}"#))
        #expect(try setup.receive().hasPrefix("HTTP/1.1 200"))
        let poll = try RawConnection(port: port)
        try poll.send(post("ReceiveMessage", #"{"QueueUrl":"http://127.0.0.1:\#(port)/123456789012/p","WaitTimeSeconds":20}"#))
        Thread.sleep(forTimeInterval: 0.5)
        server.process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while server.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!server.process.isRunning, "wsim serve still runs 15 s after SIGTERM")
        #expect(server.stop() == 0)
        #expect(try poll.receive().hasPrefix("HTTP/1.1 200"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.contains { $0.hasSuffix("-wal") }, "the databases were not checkpointed: \(files)")
    }
}

/// A plain TCP connection to the server, for requests no client library would leave hanging.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw RawConnectionError() }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw RawConnectionError() }
    }

    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { throw RawConnectionError() }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    deinit { close(descriptor) }
}

struct RawConnectionError: Error {}

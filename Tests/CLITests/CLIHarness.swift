import Foundation
import TestSupport
import XCTest

/// Runs the qrun / qconvert binaries built next to the test bundle.
enum CLI {
    struct Result {
        var status: Int32
        var exitedNormally: Bool
        var stdout: String
        var stderr: String
    }

    static let binDirectory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }()

    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let path = binDirectory + "/" + tool
        guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("\(tool) is not built at \(path)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static let fixtures = SharedData.repositoryRoot + "/Tests/Fixtures"

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "quantrt-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension XCTestCase {
    /// The run failed cleanly: a non-zero exit (not a signal) and one error line on stderr containing `fragment`.
    func assertCleanFailure(_ result: CLI.Result, mentioning fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(result.exitedNormally, "crashed: \(result.stderr)", file: file, line: line)
        XCTAssertNotEqual(result.status, 0, file: file, line: line)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one error line, got: \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(fragment), "error does not mention '\(fragment)': \(result.stderr)", file: file, line: line)
    }
}

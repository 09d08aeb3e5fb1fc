// Shared by every fuzz target (compiled into each; see Fuzz/README.md and `make fuzz`).
import Foundation

/// The fuzzer's bytes as an array.
func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// Unicode scalars from arbitrary bytes (invalid UTF-8 becomes U+FFFD), for the stages that
/// take text already decoded.
func scalars(_ bytes: [UInt8]) -> [UInt32] {
    String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value)
}

/// A property broken: abort, so libFuzzer saves the input.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("property violated: \(message())\n".utf8))
        abort()
    }
}

/// The repository root, from this file's place (the harness runs where it was built).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

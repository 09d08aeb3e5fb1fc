import CVector
import Foundation
import TestSupport
import Testing
@testable import Ingest

/// Where the repository's test inputs are, from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func fixture(_ name: String) -> String { repositoryRoot.appendingPathComponent("Tests/Fixtures/encodings/\(name)").path }

func plan(_ name: String) -> String { repositoryRoot.appendingPathComponent("corpus/plans/\(name)").path }

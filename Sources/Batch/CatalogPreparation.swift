import Compare
import Foundation
import Normalize

/// The catalog and its tagger, made on a thread of their own (not one of Dispatch's workers,
/// which the batch needs) from the moment the batch starts: loading and checking the catalog
/// and building the tagger (~10 ms) overlap listing the inputs and reading the first plans,
/// instead of leaving the other core idle.
final class CatalogPreparation: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<(Catalog, Tagger), any Error>?

    /// Starts making them; `load` loads and checks the catalog.
    init(load: @escaping @Sendable () throws -> Catalog) {
        let thread = Thread {
            let outcome = Result { () throws -> (Catalog, Tagger) in
                let catalog = try load()
                NormalizerWarmUp.wait()
                return (catalog, Tagger(catalog: catalog))
            }
            self.condition.lock(); defer { self.condition.unlock() }
            self.outcome = outcome
            self.condition.broadcast()
        }
        thread.stackSize = 8 << 20   // what the main thread had for a deeply nested catalog
        thread.start()
    }

    var isDone: Bool {
        condition.lock(); defer { condition.unlock() }
        return outcome != nil
    }

    /// The tagger once made; nil when making it failed.
    func tagger() -> Tagger? {
        condition.lock(); defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try? outcome!.get().1
    }

    /// The catalog, or the error that making it threw.
    func catalog() throws -> Catalog {
        condition.lock(); defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get().0
    }
}

/// Building the normalizer's tables (an entry for each of the 65,536 BMP code points, from
/// ICU) is most of a command's start-up. `start` builds them on another core from the top of
/// `main`, while the arguments are parsed, the inputs listed and the first files read;
/// whoever needs them first waits for that thread instead of building them twice. Without
/// `start`, `wait` returns at once and `Normalizer.standard` builds them when first used.
public enum NormalizerWarmUp {
    private static let group = DispatchGroup()

    /// Starts building the tables; call once, at the top of `main`.
    public static func start() {
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            _ = Normalizer.standard
            group.leave()
        }
    }

    /// Sleeps until the tables are built. (Waiting in `Normalizer.standard`'s once-lock
    /// instead spins in the kernel for as long as the builder runs: the lock is a
    /// priority-inheriting futex, and that spinning core is one the batch's readers need.)
    public static func wait() { group.wait() }
}

import Compare
import Foundation
import Normalize
import Register

/// What every document of a batch needs, made on a thread of its own (not one of Dispatch's
/// workers, which the batch needs) from the moment the batch starts: the catalog and its
/// tagger, the register and its identifier. Loading and checking the catalog, building the
/// tagger and reading the register (~10 ms each) overlap listing the inputs and reading the
/// first plans, instead of leaving the other core idle.
final class Preparation: @unchecked Sendable {
    struct Made: Sendable {
        let catalog: Catalog
        let tagger: Tagger
        let identifier: Identifier
        /// When the batch looks for near misses.
        let nearMisses: NearMissFinder?
    }

    private let condition = NSCondition()
    private var outcome: Result<Made, any Error>?

    /// Starts making them; `catalog` loads and checks the catalog, `register` loads the register.
    init(catalog: @escaping @Sendable () throws -> Catalog, register: @escaping @Sendable () throws -> Register, nearMisses: Bool = false) {
        let thread = Thread {
            let outcome = Result { () throws -> Made in
                let catalog = try catalog()
                NormalizerWarmUp.wait()
                let tagger = Tagger(catalog: catalog)
                return Made(catalog: catalog, tagger: tagger, identifier: Identifier(register: try register()),
                            nearMisses: nearMisses ? NearMissFinder(tagger: tagger) : nil)
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

    /// What was made; nil when making it failed.
    func made() -> Made? {
        condition.lock(); defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try? outcome!.get()
    }

    /// The catalog, or the error that making it (or the register) threw.
    func catalog() throws -> Catalog {
        condition.lock(); defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get().catalog
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

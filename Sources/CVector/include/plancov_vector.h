// The vector kernels of plancov's hottest loops: decoding UTF-8 (Ingest's TextDecoder),
// folding characters and finding the next scalar to decide on (Normalize's passes), and
// finding what HTML must escape (Report's HTMLWriter). Each does only the common case, eight
// scalars per step with AVX2 (sixteen bytes with SSE2 for escaping), and stops where anything needs a
// decision; the Swift loop that calls it does the rest, errors included, and everything on
// processors without AVX2.
#pragma once
#include <stddef.h>
#include <stdint.h>

/// How many scalars the kernels handle per step on this processor: 8, or 0 when they leave
/// all the work to their callers (no AVX2, or not x86-64).
int plancov_vector_width(void);

/// Decodes the longest run of three-byte UTF-8 sequences at the start of `src` (`length`
/// bytes) into `dst` (room for `room` scalars) and returns how many it decoded (three bytes
/// each). It stops before the first sequence that is not a valid three-byte one (wrong lead
/// or continuation bits, overlong, a surrogate), before U+FF08 "（" (the decoder marks it as
/// a possible start of layout debris), and where fewer than 28 bytes or 8 scalars of room are
/// left: the caller decodes from there. Stores past the returned count (up to eight scalars)
/// are scratch.
size_t plancov_utf8_three_byte_run(const uint8_t *src, size_t length, uint32_t *dst, size_t room);

/// Folds `input[start..<end]` one scalar to one through `table` (the 65,536 BMP entries of
/// Normalize's CharacterFolding) into `scalars`, with `starts[k] = i` and `ends[k] = i + 1`
/// for the scalar read at `i`, and returns the index where it stopped: before the first
/// scalar outside the BMP or whose entry is not a plain scalar (the `multiple` bit, deleted),
/// is a voicing mark (U+3099, U+309A: it may compose with the previous kana) or is
/// `lineBreak`, or where fewer than eight scalars are left. The outputs need room for
/// `end - start` scalars; stores past those written are scratch within it.
size_t plancov_fold_run(const uint32_t *input, size_t start, size_t end, const uint32_t *table,
                        uint32_t lineBreak, uint32_t *scalars, int32_t *starts, int32_t *ends);

/// The first index in `scalars[start..<end]` whose scalar is at most `space`, is `lineBreak`
/// or is `tou` (等): where Normalize's context rules have a decision to make; the runs in
/// between are kept as they are. Returns where it stopped: that index, or where fewer than
/// eight scalars are left.
size_t plancov_scan_context_stop(const uint32_t *scalars, size_t start, size_t end,
                                 uint32_t space, uint32_t lineBreak, uint32_t tou);

/// The first index in `scalars[start..<end]` whose scalar may start a spelling variant: a BMP
/// scalar whose bit is set in `startsVariant` (65,536 bits, as 64-bit words, little-endian),
/// or any scalar outside the BMP (the caller checks those). Returns where it stopped: that
/// index, or where fewer than eight scalars are left.
size_t plancov_scan_variant_start(const uint32_t *scalars, size_t start, size_t end, const uint64_t *startsVariant);

/// The end of the run of bytes from `start` in UTF-8 `bytes[..<end]` that HTML and XML take as
/// they are: it stops before a byte below 0x20, `&`, `<`, `>`, `"`, or EF BF BE / EF BF BF
/// (U+FFFE, U+FFFF), or where fewer than 18 bytes are left. Sixteen bytes per step (SSE2, on
/// every x86-64); elsewhere it returns `start` and the caller's loop does the work. The other
/// EF sequences, the full-width forms of Japanese text (（ is EF BC 88), do not stop it.
size_t plancov_html_plain_run(const uint8_t *bytes, size_t start, size_t end);

// The UTF-8 decoder's vector kernel (Ingest's TextDecoder calls it; everything else about
// decoding, errors included, stays in Swift).
#pragma once
#include <stddef.h>
#include <stdint.h>

/// Decodes the longest run of three-byte UTF-8 sequences at the start of `src` (`length`
/// bytes) into `dst` (room for `room` scalars), eight characters per step, and returns how
/// many it decoded (three bytes each). It stops before the first sequence that is not a
/// valid three-byte one (wrong lead or continuation bits, overlong, a surrogate), before
/// U+FF08 "（" (the decoder marks it as a possible start of layout debris), and where fewer
/// than 28 bytes or 8 scalars of room are left: the caller decodes from there. Stores past
/// the returned count (up to eight scalars) are scratch. Returns 0 where the processor has
/// no AVX2 (or is not x86-64): the caller's own loop then does all the work.
size_t plancov_utf8_three_byte_run(const uint8_t *src, size_t length, uint32_t *dst, size_t room);

/// How many characters `plancov_utf8_three_byte_run` decodes per step on this processor: 8,
/// or 0 when it leaves all the work to its caller (for tests and the stage benchmark).
int plancov_utf8_vector_width(void);

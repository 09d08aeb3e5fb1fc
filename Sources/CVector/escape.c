#include "plancov_vector.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <emmintrin.h>

// SSE2 is part of x86-64: no check of the processor is needed.
size_t plancov_html_plain_run(const uint8_t *bytes, size_t start, size_t end) {
    const __m128i below = _mm_set1_epi8(0x1F), amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<');
    const __m128i gt = _mm_set1_epi8('>'), quote = _mm_set1_epi8('"');
    const __m128i ef = _mm_set1_epi8((char)0xEF), bf = _mm_set1_epi8((char)0xBF), one = _mm_set1_epi8(1);
    size_t index = start;
    while (index + 18 <= end) {
        __m128i a = _mm_loadu_si128((const __m128i *)(bytes + index));
        __m128i b = _mm_loadu_si128((const __m128i *)(bytes + index + 1));
        __m128i c = _mm_loadu_si128((const __m128i *)(bytes + index + 2));
        // a <= 0x1F, unsigned: min(a, 0x1F) == a.
        __m128i stop = _mm_cmpeq_epi8(_mm_min_epu8(a, below), a);
        stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(a, amp), _mm_cmpeq_epi8(a, lt)));
        stop = _mm_or_si128(stop, _mm_or_si128(_mm_cmpeq_epi8(a, gt), _mm_cmpeq_epi8(a, quote)));
        // EF BF BE and EF BF BF (U+FFFE, U+FFFF): (c | 1) == BF.
        __m128i nonCharacter = _mm_and_si128(_mm_cmpeq_epi8(a, ef),
                                             _mm_and_si128(_mm_cmpeq_epi8(b, bf), _mm_cmpeq_epi8(_mm_or_si128(c, one), bf)));
        stop = _mm_or_si128(stop, nonCharacter);
        unsigned lanes = (unsigned)_mm_movemask_epi8(stop);
        if (lanes != 0) return index + (size_t)__builtin_ctz(lanes);
        index += 16;
    }
    return index;
}

#else

size_t plancov_html_plain_run(const uint8_t *bytes, size_t start, size_t end) {
    (void)bytes; (void)end;
    return start;
}

#endif

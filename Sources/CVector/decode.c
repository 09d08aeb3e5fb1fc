#include "plancov_vector.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// A Japanese plan is mostly kana, kanji and full-width forms: three bytes each, in runs of
// about 18 between ASCII line breaks, digits and spaces. Eight of them are 24 bytes: two
// 12-byte halves loaded into the two 128-bit lanes, each character's bytes gathered into
// one 32-bit lane by a shuffle (b0 << 16 | b1 << 8 | b2), then checked and assembled for all
// eight at once. The Swift loop did two per step, and a step's branches cost more than its
// arithmetic.
__attribute__((target("avx2")))
static size_t three_byte_run_avx2(const uint8_t *src, size_t length, uint32_t *dst, size_t room) {
    const __m256i gather = _mm256_setr_epi8(2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1,
                                            2, 1, 0, -1, 5, 4, 3, -1, 8, 7, 6, -1, 11, 10, 9, -1);
    const __m256i bitsMask = _mm256_set1_epi32(0x00F0C0C0), bitsWanted = _mm256_set1_epi32(0x00E08080);
    const __m256i leadMask = _mm256_set1_epi32(0x000F0000), middleMask = _mm256_set1_epi32(0x3F00);
    const __m256i lastMask = _mm256_set1_epi32(0x3F);
    const __m256i below800 = _mm256_set1_epi32(0x7FF), surrogateMask = _mm256_set1_epi32(0xF800);
    const __m256i surrogate = _mm256_set1_epi32(0xD800), parenthesis = _mm256_set1_epi32(0xFF08);
    size_t in = 0, out = 0;
    while (in + 28 <= length && out + 8 <= room) {
        __m128i low = _mm_loadu_si128((const __m128i *)(src + in));
        __m128i high = _mm_loadu_si128((const __m128i *)(src + in + 12));
        __m256i word = _mm256_shuffle_epi8(_mm256_inserti128_si256(_mm256_castsi128_si256(low), high, 1), gather);
        __m256i value = _mm256_or_si256(_mm256_or_si256(_mm256_srli_epi32(_mm256_and_si256(word, leadMask), 4),
                                                        _mm256_srli_epi32(_mm256_and_si256(word, middleMask), 2)),
                                        _mm256_and_si256(word, lastMask));
        // A lane is bad when its bits are not 1110xxxx 10xxxxxx 10xxxxxx, or its value is
        // overlong (under U+0800), a surrogate, or "（".
        __m256i bad = _mm256_or_si256(
            _mm256_or_si256(_mm256_xor_si256(_mm256_cmpeq_epi32(_mm256_and_si256(word, bitsMask), bitsWanted), _mm256_set1_epi32(-1)),
                            _mm256_cmpgt_epi32(below800, value)),
            _mm256_or_si256(_mm256_cmpeq_epi32(_mm256_and_si256(value, surrogateMask), surrogate),
                            _mm256_cmpeq_epi32(value, parenthesis)));
        _mm256_storeu_si256((__m256i *)(dst + out), value);
        unsigned badLanes = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(bad));
        if (badLanes != 0) {
            // The lanes before the first bad one are decoded; the rest of the store is scratch.
            return out + (size_t)__builtin_ctz(badLanes);
        }
        in += 24;
        out += 8;
    }
    return out;
}

size_t plancov_utf8_three_byte_run(const uint8_t *src, size_t length, uint32_t *dst, size_t room) {
    return __builtin_cpu_supports("avx2") ? three_byte_run_avx2(src, length, dst, room) : 0;
}

#else

size_t plancov_utf8_three_byte_run(const uint8_t *src, size_t length, uint32_t *dst, size_t room) {
    (void)src; (void)length; (void)dst; (void)room;
    return 0;
}

#endif

#include "plancov_vector.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// The normalizer's later passes copy long runs unchanged and decide only at a few scalars
// (about one in ten); finding those is a compare of eight scalars at once.

__attribute__((target("avx2")))
static size_t scan_context_stop_avx2(const uint32_t *scalars, size_t start, size_t end,
                                     uint32_t space, uint32_t lineBreak, uint32_t tou) {
    // value <= space, as value < space + 1 (signed compare: scalars are < 2^31).
    const __m256i above = _mm256_set1_epi32((int)space + 1);
    const __m256i lineBreaks = _mm256_set1_epi32((int)lineBreak), tous = _mm256_set1_epi32((int)tou);
    size_t index = start;
    while (index + 8 <= end) {
        __m256i value = _mm256_loadu_si256((const __m256i *)(scalars + index));
        __m256i stop = _mm256_or_si256(_mm256_cmpgt_epi32(above, value),
                                       _mm256_or_si256(_mm256_cmpeq_epi32(value, lineBreaks), _mm256_cmpeq_epi32(value, tous)));
        unsigned lanes = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(stop));
        if (lanes != 0) return index + (size_t)__builtin_ctz(lanes);
        index += 8;
    }
    return index;
}

__attribute__((target("avx2")))
static size_t scan_variant_start_avx2(const uint32_t *scalars, size_t start, size_t end, const uint64_t *startsVariant) {
    const __m256i bmpLast = _mm256_set1_epi32(0xFFFF), low5 = _mm256_set1_epi32(31), one = _mm256_set1_epi32(1);
    const __m256i zero = _mm256_setzero_si256();
    const int *words = (const int *)startsVariant;   // bit v of the map is bit v % 32 of 32-bit word v / 32
    size_t index = start;
    while (index + 8 <= end) {
        __m256i value = _mm256_loadu_si256((const __m256i *)(scalars + index));
        __m256i outside = _mm256_cmpgt_epi32(value, bmpLast);
        __m256i word = _mm256_i32gather_epi32(words, _mm256_srli_epi32(_mm256_and_si256(value, bmpLast), 5), 4);
        __m256i bit = _mm256_and_si256(_mm256_srlv_epi32(word, _mm256_and_si256(value, low5)), one);
        __m256i stop = _mm256_or_si256(outside, _mm256_xor_si256(_mm256_cmpeq_epi32(bit, zero), _mm256_set1_epi32(-1)));
        unsigned lanes = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(stop));
        if (lanes != 0) return index + (size_t)__builtin_ctz(lanes);
        index += 8;
    }
    return index;
}

size_t plancov_scan_context_stop(const uint32_t *scalars, size_t start, size_t end,
                                 uint32_t space, uint32_t lineBreak, uint32_t tou) {
    if (!__builtin_cpu_supports("avx2")) return start;
    return scan_context_stop_avx2(scalars, start, end, space, lineBreak, tou);
}

size_t plancov_scan_variant_start(const uint32_t *scalars, size_t start, size_t end, const uint64_t *startsVariant) {
    if (!__builtin_cpu_supports("avx2")) return start;
    return scan_variant_start_avx2(scalars, start, end, startsVariant);
}

#else

size_t plancov_scan_context_stop(const uint32_t *scalars, size_t start, size_t end,
                                 uint32_t space, uint32_t lineBreak, uint32_t tou) {
    (void)scalars; (void)end; (void)space; (void)lineBreak; (void)tou;
    return start;
}

size_t plancov_scan_variant_start(const uint32_t *scalars, size_t start, size_t end, const uint64_t *startsVariant) {
    (void)scalars; (void)end; (void)startsVariant;
    return start;
}

#endif

#include "plancov_vector.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

// Folding is one table entry per scalar for almost all of a plan: eight entries fetched by
// one gather, checked together, and the source offsets written as two counting vectors
// instead of scalar by scalar.
__attribute__((target("avx2")))
static size_t fold_run_avx2(const uint32_t *input, size_t start, size_t end, const uint32_t *table,
                            uint32_t lineBreak, uint32_t *scalars, int32_t *starts, int32_t *ends) {
    const __m256i bmpLast = _mm256_set1_epi32(0xFFFF), multiple = _mm256_set1_epi32((int)0x80000000u);
    const __m256i voiced = _mm256_set1_epi32(0x3099), semiVoiced = _mm256_set1_epi32(0x309A);
    const __m256i lineBreaks = _mm256_set1_epi32((int)lineBreak);
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), one = _mm256_set1_epi32(1);
    size_t index = start, written = 0;
    while (index + 8 <= end) {
        __m256i value = _mm256_loadu_si256((const __m256i *)(input + index));
        // Outside the BMP: unsigned value > 0xFFFF (a signed compare is right, scalars are < 2^31).
        __m256i outside = _mm256_cmpgt_epi32(value, bmpLast);
        __m256i folded = _mm256_i32gather_epi32((const int *)table, _mm256_and_si256(value, bmpLast), 4);
        __m256i bad = _mm256_or_si256(
            _mm256_or_si256(outside, _mm256_cmpeq_epi32(_mm256_and_si256(folded, multiple), multiple)),
            _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi32(folded, voiced), _mm256_cmpeq_epi32(folded, semiVoiced)),
                            _mm256_cmpeq_epi32(folded, lineBreaks)));
        __m256i at = _mm256_add_epi32(_mm256_set1_epi32((int)index), lanes);
        _mm256_storeu_si256((__m256i *)(scalars + written), folded);
        _mm256_storeu_si256((__m256i *)(starts + written), at);
        _mm256_storeu_si256((__m256i *)(ends + written), _mm256_add_epi32(at, one));
        unsigned badLanes = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(bad));
        if (badLanes != 0) return index + (size_t)__builtin_ctz(badLanes);
        index += 8;
        written += 8;
    }
    return index;
}

size_t plancov_fold_run(const uint32_t *input, size_t start, size_t end, const uint32_t *table,
                        uint32_t lineBreak, uint32_t *scalars, int32_t *starts, int32_t *ends) {
    if (!__builtin_cpu_supports("avx2")) return start;
    return fold_run_avx2(input, start, end, table, lineBreak, scalars, starts, ends);
}

#else

size_t plancov_fold_run(const uint32_t *input, size_t start, size_t end, const uint32_t *table,
                        uint32_t lineBreak, uint32_t *scalars, int32_t *starts, int32_t *ends) {
    (void)input; (void)end; (void)table; (void)lineBreak; (void)scalars; (void)starts; (void)ends;
    return start;
}

#endif

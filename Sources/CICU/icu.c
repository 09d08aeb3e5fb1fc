#include "plancov_icu.h"

#include <string.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

int32_t plancov_detect_charsets(const uint8_t *bytes, int32_t length,
                                char *names, int32_t *confidences, int32_t max) {
    UErrorCode status = U_ZERO_ERROR;
    UCharsetDetector *detector = ucsdet_open(&status);
    if (U_FAILURE(status)) return -1;
    ucsdet_setText(detector, (const char *)bytes, length, &status);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(detector, &found, &status);
    if (U_FAILURE(status) || matches == NULL) { ucsdet_close(detector); return -1; }
    int32_t count = found < max ? found : max;
    for (int32_t i = 0; i < count; i++) {
        UErrorCode s = U_ZERO_ERROR;
        const char *name = ucsdet_getName(matches[i], &s);
        int32_t confidence = ucsdet_getConfidence(matches[i], &s);
        if (U_FAILURE(s) || name == NULL) { name = ""; confidence = 0; }
        strncpy(names + i * 32, name, 31);
        names[i * 32 + 31] = 0;
        confidences[i] = confidence;
    }
    ucsdet_close(detector);
    return count;
}

int32_t plancov_decode(const char *charset, const uint8_t *bytes, int32_t length,
                       uint16_t *dest, int32_t capacity, int32_t *errorOffset) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &status);
    if (U_FAILURE(status) || converter == NULL) return -3;
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    if (U_FAILURE(status)) { ucnv_close(converter); return -4; }
    UChar *target = (UChar *)dest;
    const char *source = (const char *)bytes;
    ucnv_toUnicode(converter, &target, (UChar *)dest + capacity,
                   &source, (const char *)bytes + length, NULL, 1, &status);
    int32_t written = (int32_t)(target - (UChar *)dest);
    int32_t result = written;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        result = -1;
    } else if (status == U_ILLEGAL_CHAR_FOUND || status == U_INVALID_CHAR_FOUND ||
               status == U_TRUNCATED_CHAR_FOUND || status == U_ILLEGAL_ESCAPE_SEQUENCE ||
               status == U_UNSUPPORTED_ESCAPE_SEQUENCE) {
        // `source` stops after the offending sequence; report where that sequence began.
        char invalid[32];
        int8_t invalidLength = sizeof(invalid);
        UErrorCode s = U_ZERO_ERROR;
        ucnv_getInvalidChars(converter, invalid, &invalidLength, &s);
        if (U_FAILURE(s)) invalidLength = 0;
        if (errorOffset) *errorOffset = (int32_t)(source - (const char *)bytes) - invalidLength;
        result = -2;
    } else if (U_FAILURE(status)) {
        result = -4;
    }
    ucnv_close(converter);
    return result;
}

int32_t plancov_nfkc_casefold(uint32_t codePoint, uint16_t *dest, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) return -1;
    UChar source[2];
    int32_t sourceLength = 0;
    U16_APPEND_UNSAFE(source, sourceLength, codePoint);
    int32_t length = unorm2_normalize(normalizer, source, sourceLength, (UChar *)dest, capacity, &status);
    return U_FAILURE(status) ? -1 : length;
}

int32_t plancov_nfkc_casefold_is_inert(uint32_t codePoint) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) return 0;
    return unorm2_isInert(normalizer, (UChar32)codePoint) ? 1 : 0;
}

int32_t plancov_nfc(uint16_t *buffer, int32_t length, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) return -1;
    UChar scratch[64];
    if (length > 64) return -1;
    memcpy(scratch, buffer, (size_t)length * sizeof(UChar));
    int32_t out = unorm2_normalize(normalizer, scratch, length, (UChar *)buffer, capacity, &status);
    return U_FAILURE(status) ? -1 : out;
}

int32_t plancov_transliterate(const char *transformID, uint16_t *buffer, int32_t length, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    UChar id[64];
    int32_t idLength = (int32_t)strlen(transformID);
    if (idLength >= 64) return -1;
    u_charsToUChars(transformID, id, idLength);
    UTransliterator *transliterator = utrans_openU(id, idLength, UTRANS_FORWARD, NULL, 0, NULL, &status);
    if (U_FAILURE(status) || transliterator == NULL) return -1;
    int32_t textLength = length;
    int32_t limit = length;
    utrans_transUChars(transliterator, (UChar *)buffer, &textLength, capacity, 0, &limit, &status);
    utrans_close(transliterator);
    return U_FAILURE(status) ? -1 : textLength;
}

int32_t plancov_column_width(uint32_t codePoint) {
    UChar32 c = (UChar32)codePoint;
    int8_t category = u_charType(c);
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR ||
        category == U_CONTROL_CHAR) {
        return 0;
    }
    int32_t width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return (width == U_EA_WIDE || width == U_EA_FULLWIDTH) ? 2 : 1;
}

const char *plancov_icu_version(void) {
    return U_ICU_VERSION;
}

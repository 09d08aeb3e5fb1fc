#include "plancov_icu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucsdet.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#include <unicode/ures.h>
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

// The rules of ICU's rule-based transform `transformID` as its data holds them (the index
// entry, following one alias), or NULL. The returned string belongs to ICU's data.
static const UChar *plancov_transform_rules(const char *transformID, int32_t *length) {
    UErrorCode status = U_ZERO_ERROR;
    UResourceBundle *root = ures_openDirect(U_ICUDATA_NAME "-translit", "root", &status);
    UResourceBundle *ids = ures_getByKey(root, "RuleBasedTransliteratorIDs", NULL, &status);
    UResourceBundle *entry = ures_getByKey(ids, transformID, NULL, &status);
    const UChar *rules = NULL;
    if (U_SUCCESS(status)) {
        UErrorCode aliasStatus = U_ZERO_ERROR;
        int32_t aliasLength = 0;
        const UChar *alias = ures_getStringByKey(entry, "alias", &aliasLength, &aliasStatus);
        char target[64];
        if (U_SUCCESS(aliasStatus) && aliasLength < 64) {
            u_UCharsToChars(alias, target, aliasLength);
            target[aliasLength] = 0;
            entry = ures_getByKey(ids, target, entry, &status);
        }
        UResourceBundle *file = ures_getByKey(entry, "file", NULL, &status);
        int32_t directionLength = 0;
        const UChar *direction = ures_getStringByKey(file, "direction", &directionLength, &status);
        static const UChar forward[] = {'F', 'O', 'R', 'W', 'A', 'R', 'D'};
        if (U_SUCCESS(status) && directionLength == 7 && memcmp(direction, forward, sizeof forward) == 0) {
            rules = ures_getStringByKey(file, "resource", length, &status);
            if (U_FAILURE(status)) rules = NULL;
        }
        ures_close(file);
    }
    ures_close(entry);
    ures_close(ids);
    ures_close(root);
    return rules;
}

int32_t plancov_transliterate_direct(const char *transformID, uint16_t *buffer, int32_t length, int32_t capacity) {
    int32_t rulesLength = 0;
    const UChar *rules = plancov_transform_rules(transformID, &rulesLength);
    if (rules == NULL) return plancov_transliterate(transformID, buffer, length, capacity);
    // Keep every statement but the `::` ones. Statements end with an unquoted, unescaped ';'
    // outside a set.
    UChar *kept = malloc(sizeof(UChar) * (size_t)(rulesLength + 1));
    if (kept == NULL) return -1;
    int32_t keptLength = 0, start = 0;
    while (start < rulesLength) {
        int32_t end = start, depth = 0;
        UBool quoted = 0;
        while (end < rulesLength) {
            UChar c = rules[end];
            if (c == '\\' && end + 1 < rulesLength) { end += 2; continue; }
            if (c == '\'') quoted = !quoted;
            else if (!quoted && c == '[') depth++;
            else if (!quoted && c == ']' && depth > 0) depth--;
            else if (!quoted && depth == 0 && c == ';') break;
            end++;
        }
        int32_t first = start;
        while (first < end && (rules[first] == ' ' || rules[first] == '\n' || rules[first] == '\t' || rules[first] == '\r')) first++;
        UBool isTransformCall = first + 1 < end && rules[first] == ':' && rules[first + 1] == ':';
        if (!isTransformCall && first < end) {
            int32_t stop = end < rulesLength ? end + 1 : end;
            memcpy(kept + keptLength, rules + start, sizeof(UChar) * (size_t)(stop - start));
            keptLength += stop - start;
        }
        start = end + 1;
    }
    UErrorCode status = U_ZERO_ERROR;
    UParseError parseError;
    static const UChar id[] = {'p', 'l', 'a', 'n', 'c', 'o', 'v', '-', 'd', 'i', 'r', 'e', 'c', 't', 0};
    UTransliterator *transliterator = utrans_openU(id, -1, UTRANS_FORWARD, kept, keptLength, &parseError, &status);
    free(kept);
    if (U_FAILURE(status) || transliterator == NULL) return plancov_transliterate(transformID, buffer, length, capacity);
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

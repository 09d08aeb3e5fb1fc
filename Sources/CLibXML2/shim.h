// libxml2 for Swift. Debian builds libxml2 with ICU, so <libxml/encoding.h> pulls in
// <unicode/ucnv.h>, whose UErrorCode clashes with Foundation's own ICU (TRAPS.md 2).
// Hiding LIBXML_ICU_ENABLED only hides the ICU converter fields of xmlCharEncodingHandler,
// which plancov never touches.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlerror.h>

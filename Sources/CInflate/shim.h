// zlib (zlib1g-dev): raw deflate and CRC-32 for the zip reader of Ingest.
#include <zlib.h>

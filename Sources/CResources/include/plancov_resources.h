// The data files built into plancov (see resources.c).
#pragma once
#include <stddef.h>

/// The bytes of the built-in data file `name` (its file name: "catalog.yaml", "variants.tsv"),
/// with their count in `*size`; NULL, and 0 in `*size`, when no file of that name is built in.
/// The bytes live as long as the program and are never written.
const unsigned char *plancov_resource(const char *name, size_t *size);

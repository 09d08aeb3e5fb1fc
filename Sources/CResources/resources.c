// The data files plancov needs at run time, built into the binary: it runs from anywhere, with
// no build tree, resource bundle or share/ folder beside it (a copy in /usr/local/bin, or run as
// a user who cannot enter the checkout).
//
// Each file stays where its module keeps it, the one copy anyone edits; C23's #embed copies its
// bytes in when this file is compiled, and the compiler lists it among this file's dependencies,
// so `swift build` recompiles this file whenever the data file changes. (A build-tool plugin that
// writes a Swift source needs a host executable, which the fuzz build's sanitizer flags break;
// SwiftPM's own `.embedInCode` writes an array literal that took 5 minutes to compile for 500 KB.)
//
// To build in another file: an array with its #embed line below, and a row in `resources`; the
// module that reads it lists "CResources" among its dependencies and excludes the file from its
// own sources (`exclude: ["Resources"]`), and reads it with `plancov_resource("its name", &size)`.
#include "plancov_resources.h"
#include <string.h>

#pragma clang diagnostic ignored "-Wc23-extensions"

// The orthographic-variant table of normalization rule 8 (Normalize).
static const unsigned char variants_tsv[] = {
#embed "../Normalize/Resources/variants.tsv"
};

// The default catalog: the 標準化対象20業務 and the procedures to put online (Compare).
static const unsigned char catalog_yaml[] = {
#embed "../Compare/Resources/catalog.yaml"
};

// The register of local governments (全国地方公共団体コード, MIT; its SOURCE and LICENSE are
// beside it) and the kanji variants of their names (Register).
static const unsigned char municipalities_json[] = {
#embed "../Register/Resources/municipalities.json"
};
static const unsigned char name_variants_tsv[] = {
#embed "../Register/Resources/name-variants.tsv"
};

// Japan's prefectures and municipalities as areas (国土数値情報（行政区域データ）, 国土交通省,
// simplified by デジタル庁; CC BY 4.0: see SOURCE.md beside them), drawn by JapanMap.
static const unsigned char ja_prefecture_area_json[] = {
#embed "../JapanMap/Resources/ja_prefecture_area.json"
};
static const unsigned char ja_municipality_area_json[] = {
#embed "../JapanMap/Resources/ja_municipality_area.json"
};

static const struct {
    const char *name;
    const unsigned char *bytes;
    size_t size;
} resources[] = {
    {"variants.tsv", variants_tsv, sizeof variants_tsv},
    {"catalog.yaml", catalog_yaml, sizeof catalog_yaml},
    {"municipalities.json", municipalities_json, sizeof municipalities_json},
    {"name-variants.tsv", name_variants_tsv, sizeof name_variants_tsv},
    {"ja_prefecture_area.json", ja_prefecture_area_json, sizeof ja_prefecture_area_json},
    {"ja_municipality_area.json", ja_municipality_area_json, sizeof ja_municipality_area_json},
};

const unsigned char *plancov_resource(const char *name, size_t *size) {
    for (size_t index = 0; index < sizeof resources / sizeof resources[0]; index++) {
        if (strcmp(resources[index].name, name) == 0) {
            *size = resources[index].size;
            return resources[index].bytes;
        }
    }
    *size = 0;
    return NULL;
}

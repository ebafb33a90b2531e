#include "html_text.h"
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>

char *html_text_render(const char *html, size_t len, size_t *out_len) {
    char *out = malloc(len + 1);
    if (!out) return NULL;
    memcpy(out, html, len);
    out[len] = 0;
    *out_len = len;
    return out;
}

void html_text_free(char *text) { free(text); }

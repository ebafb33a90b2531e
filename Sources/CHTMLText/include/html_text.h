#ifndef MAILDESK_HTML_TEXT_H
#define MAILDESK_HTML_TEXT_H

#include <stddef.h>

/// Renders an HTML document (UTF-8 bytes) as readable plain text (UTF-8).
/// Returns a malloc'd, NUL-terminated buffer and its length in *out_len, or NULL on allocation failure.
/// The caller frees the result with html_text_free.
char *html_text_render(const char *html, size_t len, size_t *out_len);

void html_text_free(char *text);

#endif

// Private: walks a libxml2 HTML tree and writes it as plain text.
#ifndef MAILDESK_HTML_WALK_H
#define MAILDESK_HTML_WALK_H

#include <stddef.h>
#include <libxml/HTMLparser.h>

/// Renders the document (NULL renders as the empty text). Iterative: the walk uses a heap stack, never recursion.
/// limit: output budget in bytes (0 = none). Returns a malloc'd, NUL-terminated UTF-8 buffer, or NULL on
/// allocation failure.
char *html_walk_render(htmlDocPtr doc, size_t limit, size_t *out_len);

/// The value of an element's attribute ("" for a bare attribute such as `hidden`), or NULL when absent.
const char *html_node_attr(xmlNodePtr n, const char *name);

#endif

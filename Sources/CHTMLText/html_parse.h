// Private: the one way CHTMLText turns UTF-8 bytes into a libxml2 document, shared by the text renderer and the
// reply cleaner so both see the same tree (sanitised bytes, same parser options).
#ifndef MAILDESK_HTML_PARSE_H
#define MAILDESK_HTML_PARSE_H

#include <stddef.h>
#include <libxml/HTMLparser.h>

/// Sanitises and parses; *doc is NULL for empty input (or when libxml2 gives up), else the caller frees it with
/// xmlFreeDoc. *parsed_len is the size of the sanitised bytes handed to the parser. Returns 0 only when memory runs
/// out.
int html_parse_utf8(const char *html, size_t len, htmlDocPtr *doc, size_t *parsed_len);

#endif

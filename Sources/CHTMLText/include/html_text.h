#ifndef MAILDESK_HTML_TEXT_H
#define MAILDESK_HTML_TEXT_H

#include <stddef.h>

/// Renders an HTML document (UTF-8 bytes) as readable plain text (UTF-8).
/// Returns a malloc'd, NUL-terminated buffer and its length in *out_len, or NULL on allocation failure.
/// The caller frees the result with html_text_free.
char *html_text_render(const char *html, size_t len, size_t *out_len);

/// Removes the quoted earlier mail and signatures from a reply written in HTML (UTF-8 bytes) and returns the body's
/// remaining content as HTML (UTF-8), the writer's own formatting kept. Removed: Gmail quote, attribution and
/// signature containers, Outlook's reply header (divRplyFwdMsg, appendonsend, the border-top separator) and
/// everything after it, blockquote type=cite with Apple's or Thunderbird's attribution, QQ's includetail, a
/// blockquote after an "… wrote:"/"…写道：" line, "----- 原始邮件 -----" separators and everything after them,
/// moz-signature, mobile footers ("Sent from my iPhone", "发自我的iPhone").
/// markers: n_markers NUL-terminated UTF-8 strings; the first text containing one cuts the document from its
/// element on (the notification's "reply above this line" marker).
/// Returns a malloc'd, NUL-terminated buffer and its length in *out_len, or NULL on allocation failure; free it with
/// html_text_free.
char *html_reply_clean(const char *html, size_t len, const char *const *markers, size_t n_markers, size_t *out_len);

void html_text_free(char *text);

#endif

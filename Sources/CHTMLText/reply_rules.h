// Private: what the reply cleaner (html_reply.c) treats as quoted mail, separator or signature. Predicates only;
// every one looks at a bounded amount of the tree, so the cleaner stays linear in the document's size.
#ifndef MAILDESK_REPLY_RULES_H
#define MAILDESK_REPLY_RULES_H

#include <libxml/tree.h>

typedef enum {
    RR_KEEP = 0,
    RR_REMOVE,  // the element and everything inside it
    RR_CUT,     // the element and everything after it in document order
} rr_action;

/// What to do with an element, judged by its name, id, class, type and (for Outlook's separator) style and text.
rr_action rr_element_action(xmlNodePtr element);

/// Whether a blockquote element quotes earlier mail when it follows an attribution line (any blockquote then).
int rr_is_blockquote(xmlNodePtr element);

/// "On … wrote:", "在 … 写道：", "… 寫道：", "Am … schrieb:" (the text's end is what counts).
int rr_is_attribution(const char *text);

/// "------------------ 原始邮件 ------------------", "-----Original Message-----", "---- 回复的原邮件 ----".
int rr_is_original_separator(const char *text);

/// A line that only says which device or app sent the mail ("Sent from my iPhone", "发自我的iPhone").
int rr_is_mobile_footer(const char *text);

/// Whether the text has anything but whitespace (ASCII blanks, no-break and ideographic spaces).
int rr_has_ink(const char *text);

/// Whether the subtree shows something: text with ink or an image. Looks at a bounded number of nodes and answers
/// yes beyond that, so that a huge subtree is kept rather than searched.
int rr_has_visible_content(xmlNodePtr node);

#endif

// Private: the plain-text writer behind html_text_render.
//
// It owns the output buffer and the layout state: collapsed whitespace, pending line breaks (at most one blank line
// between blocks, except inside <pre>), and the per-line prefix built from blockquote markers ("> "), list
// indentation and list-item markers. Lines are terminated lazily, so the output never has trailing spaces, leading
// blank lines or trailing blank lines.
#ifndef MAILDESK_TEXT_WRITER_H
#define MAILDESK_TEXT_WRITER_H

#include <stddef.h>

enum { TW_QUOTE = 1, TW_INDENT = 2, TW_MARKER = 3 };

/// Nesting deeper than this adds no further prefix (keeps every line's prefix, and so the output size, bounded).
#define TW_MAX_PREFIX 16
/// At most this many prefix bytes per line; deeper levels are not drawn.
#define TW_MAX_PREFIX_BYTES 32

typedef struct {
    unsigned char kind;     // TW_QUOTE, TW_INDENT or TW_MARKER
    unsigned char width;    // columns taken on every line (marker width for TW_MARKER)
    unsigned char pending;  // TW_MARKER: marker not yet printed
    char marker[24];
} tw_prefix;

typedef struct {
    char *buf;
    size_t len, cap;
    int oom;                    // an allocation failed; the result is NULL
    size_t limit;               // output budget in bytes (0 = none); past it the text ends with a "[…]" line
    int truncated;

    size_t line_start;          // offset of the current (last) line
    int started;                // some content has been written
    int want;                   // line breaks to put before the next content (2 = one blank line)
    int break_npfx;             // prefix entries that blank lines of the pending break carry
    int pending_space;          // collapsed whitespace to put before the next content on this line
    int sep_pending;            // table cell separator to put before the next content on this line
    int nbsp_line;              // a &nbsp; stood alone on a line that has no content yet
    unsigned long long content; // monotonic count of content bytes written
    int mark_pending;           // set by the caller: record in `mark` where the next content bytes start
    size_t mark;                // (after any line break, prefix or space), e.g. the start of a link's text

    tw_prefix pfx[TW_MAX_PREFIX];
    int npfx;
} tw_writer;

/// limit: the most bytes of text to produce (0 = unlimited), so hostile nesting cannot blow up the output.
void tw_init(tw_writer *w, size_t limit);
void tw_dispose(tw_writer *w);

/// Block boundary: 1 = start a new line, 2 = leave one blank line.
void tw_break(tw_writer *w, int lines);
/// <br> outside preformatted text.
void tw_br(tw_writer *w);
/// A newline inside preformatted text (kept verbatim, not collapsed).
void tw_pre_newline(tw_writer *w);

/// Text node content (UTF-8). verbatim: keep spaces and newlines (pre, textarea, white-space:pre).
void tw_text(tw_writer *w, const char *s, size_t n, int verbatim);
/// Literal content such as "---", "[" or a quote mark: no whitespace processing.
void tw_word(tw_writer *w, const char *s, size_t n);
/// A URL: ASCII whitespace and control characters inside it are dropped.
void tw_url(tw_writer *w, const char *s, size_t n);

/// Pushes a prefix entry; returns 0 (and pushes nothing) when nesting is too deep.
int tw_push(tw_writer *w, int kind, const char *marker);
void tw_pop(tw_writer *w);
/// Prints pending list markers of enclosing items on their own line (an item with no text of its own).
void tw_flush_markers(tw_writer *w);
/// Whether the innermost prefix entry is a list marker not yet printed.
int tw_top_marker_pending(const tw_writer *w);

/// Finishes the text: returns the malloc'd, NUL-terminated buffer (ownership passes to the caller) or NULL.
char *tw_finish(tw_writer *w, size_t *out_len);

#endif

#include "text_writer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void tw_init(tw_writer *w, size_t limit) {
    memset(w, 0, sizeof *w);
    w->limit = limit;
}

void tw_dispose(tw_writer *w) {
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

/// Makes room for `extra` more bytes plus a terminating NUL (amortised doubling).
static int reserve(tw_writer *w, size_t extra) {
    if (w->oom || w->truncated) return 0;
    if (extra > SIZE_MAX / 4 - w->len) { w->oom = 1; return 0; }
    if (w->limit && w->len + extra > w->limit) { w->truncated = 1; return 0; }
    size_t need = w->len + extra + 1;
    if (need <= w->cap) return 1;
    size_t cap = w->cap ? w->cap : 256;
    while (cap < need) cap *= 2;
    char *b = realloc(w->buf, cap);
    if (!b) { w->oom = 1; return 0; }
    w->buf = b;
    w->cap = cap;
    return 1;
}

static void put(tw_writer *w, const char *s, size_t n) {
    if (n == 0 || !reserve(w, n)) return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void putc1(tw_writer *w, char c) {
    if (!reserve(w, 1)) return;
    w->buf[w->len++] = c;
}

/// Drops spaces and tabs at the end of the current line.
static void trim_line(tw_writer *w) {
    while (w->len > w->line_start && (w->buf[w->len - 1] == ' ' || w->buf[w->len - 1] == '\t')) w->len--;
}

/// Writes the line prefix of the first `count` entries. first_line: print pending list markers (and mark them
/// printed); otherwise markers take their width in spaces and stay pending.
static void write_prefix(tw_writer *w, int count, int first_line) {
    static const char spaces[] = "                                ";
    size_t budget = TW_MAX_PREFIX_BYTES;
    for (int i = 0; i < count && i < w->npfx; i++) {
        tw_prefix *p = &w->pfx[i];
        if (p->kind == TW_QUOTE) {
            if (budget < 2) break;
            put(w, "> ", 2);
            budget -= 2;
        } else if (p->kind == TW_MARKER && p->pending && first_line) {
            p->pending = 0;
            size_t ml = strlen(p->marker);
            if (ml > budget) break;
            put(w, p->marker, ml);
            budget -= ml;
        } else {
            size_t n = p->width;
            if (n > budget) break;
            put(w, spaces, n);
            budget -= n;
        }
    }
}

/// Starts a new output line if a break is pending (or nothing was written yet). Returns 1 if it did.
static int open_line(tw_writer *w) {
    if (!w->started) {
        w->started = 1;
        w->line_start = w->len;
        write_prefix(w, w->npfx, 1);
    } else if (w->want > 0) {
        trim_line(w);
        putc1(w, '\n');
        for (int k = 1; k < w->want; k++) {
            w->line_start = w->len;
            write_prefix(w, w->break_npfx, 0);
            trim_line(w);
            putc1(w, '\n');
        }
        w->line_start = w->len;
        write_prefix(w, w->npfx, 1);
    } else {
        return 0;
    }
    w->want = 0;
    w->pending_space = 0;
    w->sep_pending = 0;
    w->nbsp_line = 0;
    return 1;
}

/// Writes content bytes, preceded by a pending line break, cell separator or collapsed space.
static void content(tw_writer *w, const char *s, size_t n) {
    if (n == 0) return;
    if (!open_line(w)) {
        if (w->sep_pending) putc1(w, '\t');
        else if (w->pending_space) putc1(w, ' ');
    }
    w->pending_space = 0;
    w->sep_pending = 0;
    w->nbsp_line = 0;
    if (w->mark_pending) {
        w->mark = w->len;
        w->mark_pending = 0;
    }
    put(w, s, n);
    w->content += n;
}

static void request(tw_writer *w, int lines) {
    if (w->want == 0) w->break_npfx = w->npfx;
    else if (w->npfx < w->break_npfx) w->break_npfx = w->npfx;
    if (w->want < lines) w->want = lines;
}

int tw_top_marker_pending(const tw_writer *w) {
    return w->npfx > 0 && w->pfx[w->npfx - 1].kind == TW_MARKER && w->pfx[w->npfx - 1].pending;
}

void tw_br(tw_writer *w) {
    if (tw_top_marker_pending(w)) tw_flush_markers(w);
    w->nbsp_line = 0;
    request(w, w->want == 0 ? 1 : (w->want < 2 ? w->want + 1 : 2));
}

void tw_break(tw_writer *w, int lines) {
    // The first block inside a list item starts on the marker's line.
    if (tw_top_marker_pending(w)) return;
    // A paragraph holding only &nbsp; (Outlook's empty line) is an empty line, like <div><br></div>.
    if (w->nbsp_line) tw_br(w);
    request(w, lines);
}

void tw_pre_newline(tw_writer *w) {
    if (!w->started) return;
    if (tw_top_marker_pending(w)) tw_flush_markers(w);
    w->nbsp_line = 0;
    if (w->want == 0) w->break_npfx = w->npfx;
    if (w->want < 1 << 30) w->want++;
}

void tw_flush_markers(tw_writer *w) {
    int pending = 0;
    for (int i = 0; i < w->npfx; i++)
        if (w->pfx[i].kind == TW_MARKER && w->pfx[i].pending) pending = 1;
    if (!pending) return;
    if (w->started && w->want == 0) request(w, 1);
    open_line(w);
}

int tw_push(tw_writer *w, int kind, const char *marker) {
    if (w->npfx >= TW_MAX_PREFIX) return 0;
    tw_prefix *p = &w->pfx[w->npfx];
    memset(p, 0, sizeof *p);
    p->kind = (unsigned char)kind;
    if (kind == TW_QUOTE) {
        p->width = 2;
    } else if (kind == TW_MARKER) {
        size_t n = strlen(marker);
        if (n >= sizeof p->marker) n = sizeof p->marker - 1;
        memcpy(p->marker, marker, n);
        p->marker[n] = 0;
        p->width = (unsigned char)n;
        p->pending = 1;
    } else {
        p->width = 2;
    }
    w->npfx++;
    return 1;
}

void tw_pop(tw_writer *w) {
    if (w->npfx == 0) return;
    w->npfx--;
    if (w->want > 0 && w->npfx < w->break_npfx) w->break_npfx = w->npfx;
}

void tw_word(tw_writer *w, const char *s, size_t n) {
    content(w, s, n);
}

void tw_url(tw_writer *w, const char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f) {
            content(w, s + run, i - run);
            run = i + 1;
        }
    }
    content(w, s + run, n - run);
}

/// Decodes one UTF-8 scalar at s (n > 0 bytes available). Invalid sequences decode as U+FFFD with length 1.
static uint32_t decode(const unsigned char *s, size_t n, size_t *len) {
    unsigned char c = s[0];
    *len = 1;
    if (c < 0x80) return c;
    uint32_t cp;
    size_t need;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) { cp = c & 0x1F; need = 1; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { cp = c & 0x0F; need = 2; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { cp = c & 0x07; need = 3; min = 0x10000; }
    else return 0xFFFD;
    if (n < need + 1) return 0xFFFD;
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
    *len = need + 1;
    return cp;
}

/// Invisible characters that carry no text: soft hyphen, zero-width space, word joiner, BOM / ZWNBSP.
static int is_dropped(uint32_t cp) {
    return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

static int is_collapsible(uint32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0xA0;
}

static const char replacement[] = "\xEF\xBF\xBD";

void tw_text(tw_writer *w, const char *str, size_t n, int verbatim) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    while (i < n) {
        size_t len;
        uint32_t cp = decode(s + i, n - i, &len);
        int plain = !(cp == 0xFFFD && len == 1 && s[i] >= 0x80) && !is_dropped(cp) && cp >= 0x20 && cp != 0x7F &&
                    cp != 0xA0 && !(cp >= 0x80 && cp < 0xA0);
        if (cp == ' ' && !verbatim) plain = 0;
        if (cp == '\t' && verbatim) plain = 1;
        if (plain) { i += len; continue; }
        content(w, str + run, i - run);
        if (cp == 0xFFFD) {
            content(w, replacement, 3);
        } else if (verbatim) {
            if (cp == '\n') {
                tw_pre_newline(w);
            } else if (cp == '\r') {
                tw_pre_newline(w);
                if (i + 1 < n && s[i + 1] == '\n') len = 2;
            } else if (cp == 0xA0 || cp == '\f' || cp == '\v') {
                content(w, " ", 1);
            }
        } else if (is_collapsible(cp)) {
            if (cp == 0xA0 && (!w->started || w->want > 0)) w->nbsp_line = 1;
            w->pending_space = 1;
        }
        // other C0/C1 controls and the dropped invisible characters vanish
        i += len;
        run = i;
    }
    content(w, str + run, n - run);
}

char *tw_finish(tw_writer *w, size_t *out_len) {
    if (w->truncated && !w->oom) {
        // Cut back to the last complete line and say so.
        while (w->len > 0 && w->buf[w->len - 1] != '\n') w->len--;
        w->truncated = 0;
        w->limit = 0;
        w->line_start = w->len;
        put(w, "[\xE2\x80\xA6]", 5);
    }
    if (!w->oom) {
        trim_line(w);
        reserve(w, 0);
    }
    if (w->oom) {
        tw_dispose(w);
        *out_len = 0;
        return NULL;
    }
    w->buf[w->len] = 0;
    *out_len = w->len;
    char *out = w->buf;
    w->buf = NULL;
    w->len = w->cap = 0;
    return out;
}

// The rendering rules: which elements are blocks, lists, tables, quotes, links; what is dropped.
#include "html_walk.h"
#include "text_writer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum {
    K_INLINE = 0,
    K_SKIP,       // dropped with everything inside
    K_BLOCK,      // own line
    K_PARA,       // own paragraph (blank line before and after)
    K_UL,
    K_OL,
    K_LI,
    K_DT,
    K_DD,
    K_TABLE,
    K_TR,
    K_CELL,
    K_QUOTE,
    K_PRE,
    K_TEXTAREA,
    K_BR,
    K_HR,
    K_IMG,
    K_A,
    K_Q,
} kind_t;

typedef struct {
    const char *name;
    kind_t kind;
} element_t;

// Sorted by name (strcmp order) for bsearch. Names are as libxml2 gives them: lower case, and a namespaced Word tag
// such as <o:p> arrives as "o-p" (see html_text.c), so it stays an unknown inline element.
static const element_t elements[] = {
    {"a", K_A},            {"address", K_BLOCK},   {"applet", K_SKIP},    {"article", K_BLOCK},
    {"aside", K_BLOCK},    {"audio", K_SKIP},      {"blockquote", K_QUOTE}, {"br", K_BR},
    {"canvas", K_SKIP},    {"caption", K_BLOCK},   {"center", K_BLOCK},   {"dd", K_DD},
    {"details", K_BLOCK},  {"dialog", K_SKIP},     {"dir", K_UL},         {"div", K_BLOCK},
    {"dl", K_PARA},        {"dt", K_DT},           {"embed", K_SKIP},     {"fieldset", K_BLOCK},
    {"figcaption", K_BLOCK}, {"figure", K_BLOCK},  {"footer", K_BLOCK},   {"form", K_BLOCK},
    {"frameset", K_SKIP},  {"h1", K_PARA},         {"h2", K_PARA},        {"h3", K_PARA},
    {"h4", K_PARA},        {"h5", K_PARA},         {"h6", K_PARA},        {"head", K_SKIP},
    {"header", K_BLOCK},   {"hgroup", K_BLOCK},    {"hr", K_HR},          {"iframe", K_SKIP},
    {"img", K_IMG},        {"legend", K_BLOCK},    {"li", K_LI},          {"listing", K_PRE},
    {"main", K_BLOCK},     {"menu", K_UL},         {"nav", K_BLOCK},      {"noembed", K_SKIP},
    {"noframes", K_SKIP},  {"noscript", K_SKIP},   {"object", K_SKIP},    {"ol", K_OL},
    {"p", K_PARA},         {"param", K_SKIP},      {"plaintext", K_PRE},  {"pre", K_PRE},
    {"q", K_Q},            {"script", K_SKIP},     {"section", K_BLOCK},  {"style", K_SKIP},
    {"summary", K_BLOCK},  {"svg", K_SKIP},        {"table", K_TABLE},    {"td", K_CELL},
    {"template", K_SKIP},  {"textarea", K_TEXTAREA}, {"th", K_CELL},      {"title", K_SKIP},
    {"tr", K_TR},          {"ul", K_UL},           {"video", K_SKIP},     {"xml", K_SKIP},
    {"xmp", K_PRE},
};

static int element_cmp(const void *key, const void *elem) {
    return strcmp((const char *)key, ((const element_t *)elem)->name);
}

static kind_t kind_of(const xmlChar *name) {
    if (!name) return K_INLINE;
    const element_t *e =
        bsearch(name, elements, sizeof elements / sizeof elements[0], sizeof elements[0], element_cmp);
    return e ? e->kind : K_INLINE;
}

const char *html_node_attr(xmlNodePtr n, const char *name) {
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (!a->name || strcasecmp((const char *)a->name, name) != 0) continue;
        xmlNodePtr v = a->children;
        if (v && (v->type == XML_TEXT_NODE || v->type == XML_CDATA_SECTION_NODE) && v->content)
            return (const char *)v->content;
        return "";
    }
    return NULL;
}

static int is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void trim(const char **s, size_t *n) {
    while (*n > 0 && is_ws(**s)) { (*s)++; (*n)--; }
    while (*n > 0 && is_ws((*s)[*n - 1])) (*n)--;
}

static int ieq(const char *s, size_t n, const char *lit) {
    size_t l = strlen(lit);
    return n == l && strncasecmp(s, lit, l) == 0;
}

static int istarts(const char *s, size_t n, const char *lit) {
    size_t l = strlen(lit);
    return n >= l && strncasecmp(s, lit, l) == 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Inline style: only what changes the text: display:none, display:block, white-space:pre, zero vertical margins.

enum { ST_NONE = 1, ST_BLOCK = 2, ST_PRE = 4, ST_MARGIN0 = 8 };

/// A CSS length that is zero or negligible (Outlook writes margin-bottom:.0001pt).
static int zero_length(const char *s, size_t n) {
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    double v = 0, scale = 0;
    int digits = 0;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            digits++;
            if (scale == 0) v = v * 10 + (s[i] - '0');
            else { v += (s[i] - '0') * scale; scale /= 10; }
        } else if (s[i] == '.' && scale == 0) {
            scale = 0.1;
        } else {
            break;
        }
    }
    if (!digits) return 0;
    for (; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '%')) return 0;
    return v < 0.01;
}

static int parse_style(const char *s) {
    int display = 0, pre = 0, top0 = 0, bottom0 = 0;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t ns = i;
        while (i < n && s[i] != ':' && s[i] != ';') i++;
        const char *name = s + ns;
        size_t nl = i - ns;
        trim(&name, &nl);
        if (i >= n || s[i] == ';') { i++; continue; }
        i++;  // ':'
        size_t vs = i;
        while (i < n && s[i] != ';') i++;
        const char *val = s + vs;
        size_t vl = i - vs;
        i++;
        trim(&val, &vl);
        for (size_t k = 0; k < vl; k++)
            if (val[k] == '!') { vl = k; break; }
        trim(&val, &vl);

        if (ieq(name, nl, "display")) {
            if (ieq(val, vl, "none")) display = ST_NONE;
            else if (ieq(val, vl, "block") || ieq(val, vl, "flex") || ieq(val, vl, "list-item") ||
                     ieq(val, vl, "table") || ieq(val, vl, "grid"))
                display = ST_BLOCK;
            else display = 0;
        } else if (ieq(name, nl, "white-space")) {
            pre = ieq(val, vl, "pre") || ieq(val, vl, "pre-wrap") || ieq(val, vl, "break-spaces");
        } else if (ieq(name, nl, "margin")) {
            const char *tok[4];
            size_t tl[4];
            int nt = 0;
            size_t k = 0;
            while (k < vl && nt < 4) {
                while (k < vl && is_ws(val[k])) k++;
                if (k >= vl) break;
                size_t ts = k;
                while (k < vl && !is_ws(val[k])) k++;
                tok[nt] = val + ts;
                tl[nt] = k - ts;
                nt++;
            }
            if (nt > 0) {
                top0 = zero_length(tok[0], tl[0]);
                bottom0 = nt >= 3 ? zero_length(tok[2], tl[2]) : top0;
            }
        } else if (ieq(name, nl, "margin-top")) {
            top0 = zero_length(val, vl);
        } else if (ieq(name, nl, "margin-bottom")) {
            bottom0 = zero_length(val, vl);
        }
    }
    return display | (pre ? ST_PRE : 0) | (top0 && bottom0 ? ST_MARGIN0 : 0);
}

/// Word's paragraph classes (MsoNormal, MsoPlainText, MsoListParagraph…) have no vertical margin.
static int word_class(const char *cls) {
    for (const char *p = cls; (p = strstr(p, "Mso")) != NULL; p += 3)
        if (p == cls || is_ws(p[-1])) return 1;
    return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Links

/// Compares ignoring ASCII whitespace and case.
static int same_text(const char *a, size_t an, const char *b, size_t bn) {
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && is_ws(a[i])) i++;
        while (j < bn && is_ws(b[j])) j++;
        if (i == an || j == bn) return i == an && j == bn;
        char x = a[i], y = b[j];
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return 0;
        i++;
        j++;
    }
}

static int same_or_slash(const char *text, size_t tn, const char *u, size_t un) {
    if (same_text(text, tn, u, un)) return 1;
    return un > 0 && u[un - 1] == '/' && same_text(text, tn, u, un - 1);
}

/// Whether the link's visible text already says where it goes.
static int text_is_url(const char *text, size_t tn, const char *url, size_t un) {
    if (same_or_slash(text, tn, url, un)) return 1;
    if (istarts(url, un, "mailto:")) return same_or_slash(text, tn, url + 7, un - 7);
    const char *sep = NULL;
    for (size_t i = 0; i + 2 < un; i++)
        if (url[i] == ':' && url[i + 1] == '/' && url[i + 2] == '/') { sep = url + i + 3; break; }
    return sep && same_or_slash(text, tn, sep, un - (size_t)(sep - url));
}

static int shown_scheme(const char *u, size_t n) {
    return istarts(u, n, "http://") || istarts(u, n, "https://") || istarts(u, n, "mailto:") ||
           istarts(u, n, "ftp://");
}

// ---------------------------------------------------------------------------------------------------------------
// The walk

enum { F_PUSHED = 1, F_DISPLAY_BLOCK = 2, F_ORDERED = 4 };

typedef struct {
    kind_t kind;
    int flags;
    int breaks;                    // line breaks before and after (K_PARA, K_BLOCK, lists)
    int saved_pre;                 // pre depth to restore
    size_t saved_list;             // enclosing list (frame index + 1) to restore
    unsigned long long saved_row;  // enclosing row start to restore
    long counter, step;            // K_OL: next number
    unsigned long long link_content; // K_A: content count when the link started
    const char *href;
} frame_t;

typedef struct {
    tw_writer w;
    frame_t *frames;
    size_t nframes, capframes;
    int pre;                   // > 0 inside preformatted text
    int pre_first;             // the next text is the first in a <pre>: drop one leading newline
    size_t list;               // innermost list: frame index + 1, or 0
    unsigned long long row;    // content count when the current table row started
    int oom;
} walker_t;

static frame_t *push_frame(walker_t *k) {
    if (k->nframes == k->capframes) {
        size_t cap = k->capframes ? k->capframes * 2 : 64;
        frame_t *f = realloc(k->frames, cap * sizeof *f);
        if (!f) { k->oom = 1; return NULL; }
        k->frames = f;
        k->capframes = cap;
    }
    frame_t *f = &k->frames[k->nframes++];
    memset(f, 0, sizeof *f);
    return f;
}

static long parse_long(const char *s, long fallback) {
    if (!s) return fallback;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s) return fallback;
    if (v > 999999999L) v = 999999999L;
    if (v < -999999999L) v = -999999999L;
    return v;
}

static int is_list(xmlNodePtr n) {
    if (!n || n->type != XML_ELEMENT_NODE) return 0;
    kind_t k = kind_of(n->name);
    return k == K_UL || k == K_OL;
}

static void text_node(walker_t *k, xmlNodePtr n) {
    const char *s = (const char *)n->content;
    if (!s) return;
    size_t len = strlen(s);
    if (k->pre > 0) {
        if (k->pre_first) {
            if (len > 0 && s[0] == '\n') { s++; len--; }
            else if (len > 1 && s[0] == '\r' && s[1] == '\n') { s += 2; len -= 2; }
        }
        k->pre_first = 0;
        tw_text(&k->w, s, len, 1);
    } else {
        k->pre_first = 0;
        tw_text(&k->w, s, len, 0);
    }
}

static int is_table_part(xmlNodePtr n) {
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *name = (const char *)n->name;
    return strcmp(name, "tbody") == 0 || strcmp(name, "thead") == 0 || strcmp(name, "tfoot") == 0;
}

static int has_text(const char *s) {
    for (; s && *s; s++)
        if (!is_ws(*s)) return 1;
    return 0;
}

static void foster_one(walker_t *k, xmlNodePtr t) {
    if (!has_text((const char *)t->content)) return;
    text_node(k, t);
    k->w.pending_space = 1;  // text from different rows does not run together
}

/// Text that sits in a table outside any cell is shown before the table, as browsers do ("foster parenting").
/// Looks at the table's own children, those of tbody/thead/tfoot, and those of its rows; marks the text nodes
/// (_private) so the walk does not render them again. Each node is looked at by one table only: linear.
static void foster_text(walker_t *k, xmlNodePtr table) {
    for (xmlNodePtr c = table->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && (is_table_part(c) || kind_of(c->name) == K_TR)) {
            for (xmlNodePtr r = c->children; r; r = r->next) {
                if (r->type == XML_ELEMENT_NODE && kind_of(r->name) == K_TR) {
                    for (xmlNodePtr t = r->children; t; t = t->next)
                        if (t->type == XML_TEXT_NODE) {
                            foster_one(k, t);
                            t->_private = table;
                        }
                } else if (r->type == XML_TEXT_NODE) {
                    foster_one(k, r);
                    r->_private = table;
                }
            }
        } else if (c->type == XML_TEXT_NODE) {
            foster_one(k, c);
            c->_private = table;
        }
    }
}

static void image(walker_t *k, xmlNodePtr n) {
    const char *alt = html_node_attr(n, "alt");
    if (!alt) return;
    size_t len = strlen(alt);
    trim(&alt, &len);
    if (len == 0) return;
    tw_word(&k->w, "[", 1);
    tw_text(&k->w, alt, len, 0);
    tw_word(&k->w, "]", 1);
}

/// Enters an element; returns 1 when a frame was pushed (its children are walked and leave() runs after them).
static int enter(walker_t *k, xmlNodePtr n) {
    tw_writer *w = &k->w;
    kind_t kind = kind_of(n->name);
    if (kind == K_SKIP) return 0;
    const char *style = html_node_attr(n, "style");
    int st = style ? parse_style(style) : 0;
    // Hidden content (Outlook/marketing preheaders). Never hide the whole message through <html> or <body>.
    int root = n->name && (strcmp((const char *)n->name, "body") == 0 || strcmp((const char *)n->name, "html") == 0);
    if (!root && ((st & ST_NONE) || html_node_attr(n, "hidden"))) return 0;

    switch (kind) {
    case K_BR:
        if (k->pre > 0) tw_pre_newline(w);
        else tw_br(w);
        return 0;
    case K_HR:
        tw_break(w, 1);
        tw_word(w, "---", 3);
        tw_break(w, 1);
        return 0;
    case K_IMG:
        image(k, n);
        return 0;
    default:
        break;
    }

    frame_t *f = push_frame(k);
    if (!f) return 0;
    f->kind = kind;
    f->saved_pre = k->pre;
    f->saved_list = k->list;
    f->saved_row = k->row;
    if (st & ST_PRE) k->pre++;

    switch (kind) {
    case K_BLOCK:
    case K_DT:
        f->breaks = 1;
        tw_break(w, 1);
        break;
    case K_PARA: {
        f->breaks = 2;
        if (n->name && strcmp((const char *)n->name, "p") == 0) {
            const char *cls = html_node_attr(n, "class");
            if ((st & ST_MARGIN0) || (cls && word_class(cls))) f->breaks = 1;
        }
        tw_break(w, f->breaks);
        break;
    }
    case K_UL:
    case K_OL:
        f->breaks = k->list ? 1 : 2;
        tw_break(w, f->breaks);
        if (is_list(n->parent) && tw_push(w, TW_INDENT, NULL)) f->flags |= F_PUSHED;
        if (kind == K_OL) {
            f->flags |= F_ORDERED;
            f->step = 1;
            long first = 1;
            if (html_node_attr(n, "reversed")) {
                f->step = -1;
                first = 0;
                for (xmlNodePtr c = n->children; c; c = c->next)
                    if (c->type == XML_ELEMENT_NODE && kind_of(c->name) == K_LI) first++;
            }
            f->counter = parse_long(html_node_attr(n, "start"), first);
        }
        k->list = k->nframes;
        break;
    case K_LI: {
        tw_flush_markers(w);
        tw_break(w, 1);
        char marker[24];
        frame_t *list = k->list ? &k->frames[k->list - 1] : NULL;
        if (list && (list->flags & F_ORDERED)) {
            list->counter = parse_long(html_node_attr(n, "value"), list->counter);
            snprintf(marker, sizeof marker, "%ld. ", list->counter);
            if (list->counter > -999999999L && list->counter < 999999999L) list->counter += list->step;
        } else {
            strcpy(marker, "* ");
        }
        if (tw_push(w, TW_MARKER, marker)) f->flags |= F_PUSHED;
        break;
    }
    case K_DD:
        tw_break(w, 1);
        if (tw_push(w, TW_INDENT, NULL)) f->flags |= F_PUSHED;
        break;
    case K_QUOTE:
        tw_break(w, 2);
        if (tw_push(w, TW_QUOTE, NULL)) f->flags |= F_PUSHED;
        break;
    case K_TABLE:
        foster_text(k, n);
        tw_break(w, 2);
        k->row = w->content;
        break;
    case K_TR:
        tw_break(w, 1);
        k->row = w->content;
        break;
    case K_CELL:
        if (w->content > k->row) w->sep_pending = 1;
        break;
    case K_PRE:
    case K_TEXTAREA:
        f->breaks = kind == K_PRE ? 2 : 1;
        tw_break(w, f->breaks);
        k->pre++;
        k->pre_first = 1;
        break;
    case K_A: {
        const char *href = html_node_attr(n, "href");
        if (href) {
            f->href = href;
            f->link_content = w->content;
            w->mark_pending = 1;  // w->mark: where the link text starts
        }
        break;
    }
    case K_Q:
        tw_word(w, "\"", 1);
        break;
    default:
        if (st & ST_BLOCK) {
            f->flags |= F_DISPLAY_BLOCK;
            tw_break(w, 1);
        }
        break;
    }
    return 1;
}

static void end_link(walker_t *k, frame_t *f) {
    tw_writer *w = &k->w;
    if (!f->href || w->oom) return;
    if (w->content == f->link_content) {  // no visible text: nothing to attach the URL to
        w->mark_pending = 0;
        return;
    }
    const char *url = f->href;
    size_t un = strlen(url);
    trim(&url, &un);
    if (!shown_scheme(url, un)) return;
    size_t start = w->mark < w->len ? w->mark : w->len;
    size_t tn = w->len - start;
    // Long text cannot equal the URL; skip the comparison so nested links stay linear.
    if (tn <= 2 * un + 64 && text_is_url(w->buf + start, tn, url, un)) return;
    w->pending_space = 1;
    tw_word(w, "<", 1);
    tw_url(w, url, un);
    tw_word(w, ">", 1);
}

static void leave(walker_t *k) {
    tw_writer *w = &k->w;
    frame_t *f = &k->frames[k->nframes - 1];
    switch (f->kind) {
    case K_BLOCK:
    case K_DT:
    case K_PARA:
    case K_UL:
    case K_OL:
    case K_PRE:
    case K_TEXTAREA:
        tw_break(w, f->breaks);
        if (f->flags & F_PUSHED) tw_pop(w);
        break;
    case K_LI:
        if ((f->flags & F_PUSHED) && tw_top_marker_pending(w)) tw_flush_markers(w);
        tw_break(w, 1);
        if (f->flags & F_PUSHED) tw_pop(w);
        break;
    case K_DD:
        tw_break(w, 1);
        if (f->flags & F_PUSHED) tw_pop(w);
        break;
    case K_QUOTE:
    case K_TABLE:
        tw_break(w, 2);
        if (f->flags & F_PUSHED) tw_pop(w);
        break;
    case K_TR:
        tw_break(w, 1);
        break;
    case K_A:
        end_link(k, f);
        break;
    case K_Q:
        tw_word(w, "\"", 1);
        break;
    default:
        if (f->flags & F_DISPLAY_BLOCK) tw_break(w, 1);
        break;
    }
    k->pre = f->saved_pre;
    k->list = f->saved_list;
    k->row = f->saved_row;
    k->nframes--;
}

char *html_walk_render(htmlDocPtr doc, size_t limit, size_t *out_len) {
    walker_t k;
    memset(&k, 0, sizeof k);
    tw_init(&k.w, limit);

    xmlNodePtr n = doc ? doc->children : NULL;
    while (n && !k.oom && !k.w.oom && !k.w.truncated) {
        int descend = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!n->_private) text_node(&k, n);
        } else if (n->type == XML_ELEMENT_NODE) {
            k.pre_first = 0;
            descend = enter(&k, n);
        }
        if (descend) {
            if (n->children) { n = n->children; continue; }
            leave(&k);
        }
        // Next sibling, or climb, leaving each element whose children are done.
        while (n) {
            if (n->next) { n = n->next; break; }
            n = n->parent;
            if (!n || n == (xmlNodePtr)doc || n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE) {
                n = NULL;
                break;
            }
            leave(&k);
        }
    }
    free(k.frames);
    if (k.oom) {
        tw_dispose(&k.w);
        *out_len = 0;
        return NULL;
    }
    return tw_finish(&k.w, out_len);
}

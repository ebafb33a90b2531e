// A reply's HTML without the mail it quotes: parse (html_parse.h), one walk over <body> deciding what goes
// (reply_rules.c), then the removals, then the body's content serialised back to HTML.
//
// Contract: UTF-8 in (any bytes accepted, as html_text_render), UTF-8 HTML out, NULL only when memory runs out.
// The walk is iterative and looks at each node a bounded number of times; libxml2 2.9.14 frees and serialises
// without recursion, so deep nesting costs heap, not stack.
#include "html_text.h"
#include "html_parse.h"
#include "reply_rules.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlsave.h>

typedef struct {
    xmlNodePtr *items;
    size_t len, cap;
    int oom;
} node_list;

static void push(node_list *l, xmlNodePtr n) {
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        xmlNodePtr *p = realloc(l->items, cap * sizeof *p);
        if (!p) { l->oom = 1; return; }
        l->items = p;
        l->cap = cap;
    }
    l->items[l->len++] = n;
}

static void drop(xmlNodePtr n) {
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/// What the walk decided: subtrees to remove, texts to remove (with their parents if nothing is left in them), and
/// the node from which everything goes.
typedef struct {
    node_list subtrees, texts;
    xmlNodePtr cut;
} plan_t;

static int contains_marker(const char *text, const char *const *markers, size_t n_markers) {
    for (size_t i = 0; i < n_markers; i++)
        if (markers[i] && markers[i][0] && strstr(text, markers[i])) return 1;
    return 0;
}

/// A text node cuts at its parent element, so that the separator's whole line goes; at the body itself, at the text.
static xmlNodePtr cut_point(xmlNodePtr text, xmlNodePtr body) {
    return text->parent && text->parent != body && text->parent->type == XML_ELEMENT_NODE ? text->parent : text;
}

static void plan_walk(xmlNodePtr body, const char *const *markers, size_t n_markers, plan_t *plan) {
    xmlNodePtr last_text = NULL;  // the latest text with ink: an attribution if a quote follows it
    xmlNodePtr n = body->children;
    while (n) {
        int descend = 1;
        if (n->type == XML_ELEMENT_NODE) {
            rr_action action = rr_element_action(n);
            if (action == RR_CUT) { plan->cut = n; return; }
            if (action == RR_KEEP && rr_is_blockquote(n) && last_text &&
                rr_is_attribution((const char *)last_text->content))
                action = RR_REMOVE;
            if (action == RR_REMOVE) {
                // The line introducing the quote goes with it (Apple Mail and NetEase put it outside).
                if (rr_is_blockquote(n) && last_text && rr_is_attribution((const char *)last_text->content))
                    push(&plan->texts, last_text);
                last_text = NULL;
                push(&plan->subtrees, n);
                descend = 0;
            }
        } else if (n->type == XML_TEXT_NODE && n->content) {
            const char *text = (const char *)n->content;
            if (contains_marker(text, markers, n_markers) || rr_is_original_separator(text)) {
                plan->cut = cut_point(n, body);
                return;
            }
            if (rr_is_mobile_footer(text)) push(&plan->texts, n);
            else if (rr_has_ink(text)) last_text = n;
        }
        if (descend && n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != body && !n->next) n = n->parent;
        n = n == body ? NULL : n->next;
    }
}

/// Removes the element and its ancestors below body while they show nothing (a container the cut emptied, the
/// paragraph an attribution stood in).
static void drop_if_empty(xmlNodePtr parent, xmlNodePtr body) {
    while (parent && parent != body && parent->type == XML_ELEMENT_NODE && !rr_has_visible_content(parent)) {
        xmlNodePtr up = parent->parent;
        drop(parent);
        parent = up;
    }
}

/// Removes the node, everything after it inside body, and an Outlook <hr> right before it.
static void cut_from(xmlNodePtr cut, xmlNodePtr body) {
    xmlNodePtr before = cut->prev;
    while (before && before->type == XML_TEXT_NODE && !(before->content && rr_has_ink((const char *)before->content)))
        before = before->prev;
    if (before && before->type == XML_ELEMENT_NODE && before->name && strcmp((const char *)before->name, "hr") == 0)
        drop(before);
    for (xmlNodePtr n = cut; n && n != body; n = n->parent)
        while (n->next) drop(n->next);
    xmlNodePtr parent = cut->parent;
    drop(cut);
    drop_if_empty(parent, body);
}

static void apply(plan_t *plan, xmlNodePtr body) {
    // The cut first: every other removal lies before it in document order and outside it.
    if (plan->cut) cut_from(plan->cut, body);
    for (size_t i = 0; i < plan->subtrees.len; i++) drop(plan->subtrees.items[i]);
    for (size_t i = 0; i < plan->texts.len; i++) {
        xmlNodePtr parent = plan->texts.items[i]->parent;
        drop(plan->texts.items[i]);
        drop_if_empty(parent, body);
    }
}

static xmlNodePtr find_body(htmlDocPtr doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) return NULL;
    for (xmlNodePtr c = root->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && c->name && strcmp((const char *)c->name, "body") == 0) return c;
    return root;
}

static char *copy_trimmed(const char *s, size_t n, size_t *out_len) {
    while (n > 0 && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) { s++; n--; }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t')) n--;
    char *out = malloc(n + 1);
    if (!out) return NULL;
    if (n) memcpy(out, s, n);
    out[n] = 0;
    *out_len = n;
    return out;
}

/// The body's children as HTML. UTF-8 as the document encoding keeps non-ASCII text as is, not as &#…; references.
static char *serialise(htmlDocPtr doc, xmlNodePtr body, size_t *out_len) {
    xmlOutputBufferPtr buf = xmlAllocOutputBuffer(NULL);
    if (!buf) return NULL;
    for (xmlNodePtr c = body->children; c; c = c->next) htmlNodeDumpFormatOutput(buf, doc, c, "UTF-8", 0);
    xmlOutputBufferFlush(buf);
    const char *content = (const char *)xmlOutputBufferGetContent(buf);
    size_t size = xmlOutputBufferGetSize(buf);
    char *out = buf->error ? NULL : copy_trimmed(content ? content : "", content ? size : 0, out_len);
    xmlOutputBufferClose(buf);
    return out;
}

char *html_reply_clean(const char *html, size_t len, const char *const *markers, size_t n_markers, size_t *out_len) {
    size_t ignored, parsed_len;
    if (!out_len) out_len = &ignored;
    *out_len = 0;
    htmlDocPtr doc;
    if (!html_parse_utf8(html, len, &doc, &parsed_len)) return NULL;
    xmlNodePtr body = doc ? find_body(doc) : NULL;
    if (!body) {
        if (doc) xmlFreeDoc(doc);
        return copy_trimmed("", 0, out_len);
    }
    plan_t plan = {0};
    plan_walk(body, markers, n_markers, &plan);
    char *out = NULL;
    if (!plan.subtrees.oom && !plan.texts.oom) {
        apply(&plan, body);
        out = serialise(doc, body, out_len);
    }
    free(plan.subtrees.items);
    free(plan.texts.items);
    xmlFreeDoc(doc);
    return out;
}

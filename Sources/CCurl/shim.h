#ifndef MAILDESK_CCURL_SHIM_H
#define MAILDESK_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed wrapper each. */

static inline CURLcode maildesk_curl_set_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode maildesk_curl_set_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode maildesk_curl_set_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode maildesk_curl_set_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode maildesk_curl_set_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

typedef size_t (*maildesk_curl_data_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode maildesk_curl_set_data_callback(CURL *h, CURLoption o, maildesk_curl_data_callback f) {
    return curl_easy_setopt(h, o, f);
}

typedef int (*maildesk_curl_debug_callback)(CURL *h, curl_infotype type, char *data, size_t size, void *context);
static inline CURLcode maildesk_curl_set_debug_callback(CURL *h, maildesk_curl_debug_callback f) {
    return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, f);
}

static inline CURLcode maildesk_curl_get_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode maildesk_curl_get_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }

/* Spelled with three Ls before libcurl 8.2. */
#if LIBCURL_VERSION_NUM >= 0x080200
static const CURLoption MAILDESK_CURLOPT_MAIL_RCPT_ALLOWFAILS = CURLOPT_MAIL_RCPT_ALLOWFAILS;
#else
static const CURLoption MAILDESK_CURLOPT_MAIL_RCPT_ALLOWFAILS = CURLOPT_MAIL_RCPT_ALLLOWFAILS;
#endif

#endif

/* Plain libcurl baseline for the IMAP benchmark: fetch UIDs FIRST..LAST one URL at a time on ONE reused easy
 * handle (so one connection, one LOGIN, one SELECT, then one "UID FETCH n BODY[]" per message), bodies discarded.
 *
 *   curl_fetch_loop BASE_URL USER PASSWORD UIDVALIDITY FIRST LAST [CAFILE]
 *   e.g. curl_fetch_loop imap://127.0.0.1:20143/INBOX support@example.test secret 1700000000 1 10000
 *
 * URL per message: BASE_URL;UIDVALIDITY=V/;UID=N (RFC 5092; libcurl also accepts BASE_URL/;UIDVALIDITY=V/;UID=N).
 * The URL form has no PEEK: each fetch of an unseen message also sets \Seen on the server.
 * Prints: messages=N bytes=B seconds=S (the loop's wall time, connection and login included). Exit 1 on the first
 * failed fetch or an empty body.
 *
 * Build: cc -O2 -o curl_fetch_loop curl_fetch_loop.c -lcurl
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t discard(char *data, size_t size, size_t count, void *userdata) {
    (void)data;
    *(size_t *)userdata += size * count;
    return size * count;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 7 && argc != 8) {
        fprintf(stderr, "usage: %s BASE_URL USER PASSWORD UIDVALIDITY FIRST LAST [CAFILE]\n", argv[0]);
        return 2;
    }
    const char *base = argv[1], *user = argv[2], *password = argv[3], *validity = argv[4];
    long first = strtol(argv[5], NULL, 10), last = strtol(argv[6], NULL, 10);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
    CURL *curl = curl_easy_init();
    if (!curl) return 1;
    size_t body = 0, total = 0;
    char error[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(curl, CURLOPT_USERNAME, user);
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (argc == 8) curl_easy_setopt(curl, CURLOPT_CAINFO, argv[7]);

    char url[2048];
    long messages = 0;
    double start = now();
    for (long uid = first; uid <= last; uid++) {
        snprintf(url, sizeof url, "%s;UIDVALIDITY=%s/;UID=%ld", base, validity, uid);
        curl_easy_setopt(curl, CURLOPT_URL, url);
        body = 0;
        CURLcode rc = curl_easy_perform(curl);
        if (rc != CURLE_OK) {
            fprintf(stderr, "UID %ld: curl error %d: %s\n", uid, (int)rc, error[0] ? error : curl_easy_strerror(rc));
            return 1;
        }
        if (body == 0) {
            fprintf(stderr, "UID %ld: empty body\n", uid);
            return 1;
        }
        total += body;
        messages++;
    }
    double seconds = now() - start;
    printf("messages=%ld bytes=%zu seconds=%.3f\n", messages, total, seconds);
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return 0;
}

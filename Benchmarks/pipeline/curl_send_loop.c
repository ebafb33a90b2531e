/* Plain libcurl baseline for the pipeline benchmark: send every file of a folder (finished messages, CRLF line ends)
 * on ONE reused easy handle (one connection, one EHLO, one STARTTLS, then MAIL/RCPT/DATA per message): how fast the
 * SMTP server accepts mail from one client, the ceiling of maildesk's send stage on one connection.
 *
 *   curl_send_loop URL FROM TO FOLDER [CAFILE]
 *   e.g. curl_send_loop smtp://127.0.0.1:20025/bench.example support@example.test customer@example.net var/outbox
 *
 * A message's envelope is FROM and TO, or, when FOLDER holds `<stem>.env` beside `<stem>.eml`, that file's first
 * line (MAIL FROM) and its other lines (one RCPT TO each): the server's work per message depends on the
 * addresses (Postfix resolves each new one), so a fair ceiling sends each message to the recipients it has.
 * With CAFILE the connection is upgraded with STARTTLS (required) and the certificate checked against CAFILE.
 * Files ending in .eml are sent in name order. Prints: messages=N bytes=B seconds=S (the loop's wall time,
 * connection and TLS handshake included). Exit 1 on the first refused message.
 *
 * Build: cc -O2 -o curl_send_loop curl_send_loop.c -lcurl
 */
#include <curl/curl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct upload {
    const char *data;
    size_t size, sent;
};

static size_t feed(char *buffer, size_t size, size_t count, void *userdata) {
    struct upload *u = userdata;
    size_t n = size * count, left = u->size - u->sent;
    if (n > left) n = left;
    memcpy(buffer, u->data + u->sent, n);
    u->sent += n;
    return n;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *slurp(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc(n > 0 ? (size_t)n : 1);
    *size = data ? fread(data, 1, (size_t)n, f) : 0;
    fclose(f);
    return data;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s URL FROM TO FOLDER [CAFILE]\n", argv[0]);
        return 2;
    }
    const char *url = argv[1], *from = argv[2], *to = argv[3], *folder = argv[4];
    DIR *dir = opendir(folder);
    if (!dir) {
        perror(folder);
        return 1;
    }
    size_t count = 0, capacity = 1024;
    char **names = malloc(capacity * sizeof *names);
    for (struct dirent *e; (e = readdir(dir));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".eml") != 0) continue;
        if (count == capacity) names = realloc(names, (capacity *= 2) * sizeof *names);
        names[count++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof *names, by_name);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
    CURL *curl = curl_easy_init();
    if (!curl) return 1;
    char error[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    struct upload u;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, feed);
    curl_easy_setopt(curl, CURLOPT_READDATA, &u);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    if (argc == 6) {
        curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
        curl_easy_setopt(curl, CURLOPT_CAINFO, argv[5]);
    }

    char path[4096];
    size_t bytes = 0;
    double start = now();
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", folder, names[i]);
        size_t size = 0;
        char *data = slurp(path, &size);
        if (!data) {
            perror(path);
            return 1;
        }
        u = (struct upload){data, size, 0};
        /* The message's own envelope, when given: <stem>.env */
        snprintf(path, sizeof path, "%s/%.*s.env", folder, (int)(strlen(names[i]) - 4), names[i]);
        size_t env_size = 0;
        char *env = slurp(path, &env_size);
        struct curl_slist *own = NULL;
        if (env) {
            env = realloc(env, env_size + 1);
            env[env_size] = 0;
            char *line = strtok(env, "\r\n");
            if (line) curl_easy_setopt(curl, CURLOPT_MAIL_FROM, line);
            while ((line = strtok(NULL, "\r\n"))) own = curl_slist_append(own, line);
            curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, own ? own : rcpt);
            free(env);
        } else {
            curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
            curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
        }
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)size);
        CURLcode rc = curl_easy_perform(curl);
        free(data);
        if (own) {
            curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
            curl_slist_free_all(own);
        }
        if (rc != CURLE_OK) {
            fprintf(stderr, "%s: curl error %d: %s\n", names[i], (int)rc, error[0] ? error : curl_easy_strerror(rc));
            return 1;
        }
        bytes += size;
    }
    printf("messages=%zu bytes=%zu seconds=%.3f\n", count, bytes, now() - start);
    curl_easy_cleanup(curl);
    curl_slist_free_all(rcpt);
    return 0;
}

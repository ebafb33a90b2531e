/*
 * bench_gmime: parse every file under DIR with GMime 3 and do the same work as
 * `maildesk bench parse DIR`, then print one line:
 *
 *   engine=gmime messages=N bytes=B seconds=S msg_per_s=X MB_per_s=Y peak_rss_mb=M
 *
 * (MB = 10^6 bytes; peak_rss_mb = getrusage ru_maxrss KiB * 1024 / 10^6.)
 *
 * Per file, inside the timed loop:
 *   - read the whole file (g_file_get_contents) into a GMimeStreamMem that owns it;
 *   - g_mime_parser_construct_message;
 *   - Subject (decoded), From/To/Cc/Reply-To (InternetAddressList to a decoded string,
 *     and every mailbox's name/addr visited), Date (g_mime_message_get_date), Message-ID,
 *     References and In-Reply-To (g_mime_references_parse);
 *   - every leaf part via g_mime_message_foreach, descending into message/rfc822 parts:
 *       text/<any>: content transfer-decoded and converted to UTF-8, i.e.
 *         g_mime_data_wrapper_write_to_stream through a GMimeStreamFilter with
 *         g_mime_filter_charset_new(charset, "utf-8") into a GMimeStreamMem
 *         (exactly what g_mime_text_part_get_text does);
 *       anything else: content transfer-decoded through a GMimeFilterChecksum (SHA-256)
 *         into a null stream, digest taken, g_mime_part_get_filename (RFC 2231/2047).
 *
 * Only the top-level message's headers are decoded; parts of forwarded (message/rfc822)
 * messages are walked like any other part. The same rules are used by
 * python_email_bench.py.
 *
 * Cross-check figures (part counts, decoded byte totals, and a SHA-256 over all the
 * attachment digests in walk order) go to stderr, so the engines can be compared, with
 * the CPU seconds (user + system) the loop took, which a busy machine disturbs less than
 * the wall time.
 *
 * BENCH_DUMP=FILE (environment) writes every decoded item (subject, addresses, date,
 * ids, a SHA-256 of each text part's UTF-8, each attachment's name/size/SHA-256) to FILE,
 * one a line, so that engines can be diffed; it slows the run, so never time with it.
 *
 * Build: cc -O2 -o bench_gmime bench_gmime.c $(pkg-config --cflags --libs gmime-3.0)
 */
#include <gmime/gmime.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
	guint64 messages;
	guint64 bytes;
	guint64 failures;
	guint64 text_parts;
	guint64 text_utf8_bytes;
	guint64 attachments;
	guint64 attachment_bytes;
	guint64 named_attachments;
	guint64 embedded_messages;
	guint64 addresses;
	guint64 dates;
	guint64 references;
	guint64 header_chars;
	GChecksum *all_digests; /* SHA-256 over each attachment's digest, in walk order */
} Stats;

/* BENCH_DUMP=FILE: write what was decoded, one item a line, to compare engines (slow). */
static FILE *dump;

static void
dump_hex (const guint8 *d, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		fprintf (dump, "%02x", d[i]);
}

/* ---- listing ------------------------------------------------------------------------- */

static void
list_files (const char *dir, GPtrArray *out)
{
	DIR *d = opendir (dir);
	struct dirent *e;

	if (d == NULL) {
		perror (dir);
		exit (2);
	}
	while ((e = readdir (d)) != NULL) {
		struct stat st;
		char *path;

		if (!strcmp (e->d_name, ".") || !strcmp (e->d_name, ".."))
			continue;
		path = g_build_filename (dir, e->d_name, NULL);
		if (stat (path, &st) != 0) {
			g_free (path);
			continue;
		}
		if (S_ISDIR (st.st_mode)) {
			list_files (path, out);
			g_free (path);
		} else if (S_ISREG (st.st_mode)) {
			g_ptr_array_add (out, path);
		} else {
			g_free (path);
		}
	}
	closedir (d);
}

static int
cmp_paths (gconstpointer a, gconstpointer b)
{
	return strcmp (*(char * const *) a, *(char * const *) b);
}

/* ---- per-message work ---------------------------------------------------------------- */

static void
visit_addresses (InternetAddressList *list, const char *field, Stats *st)
{
	int i, n;
	char *s;

	if (list == NULL || (n = internet_address_list_length (list)) == 0)
		return;
	/* decoded (encode = FALSE) display form of the whole list */
	s = internet_address_list_to_string (list, NULL, FALSE);
	if (s != NULL) {
		st->header_chars += strlen (s);
		g_free (s);
	}
	for (i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address (list, i);
		const char *name = internet_address_get_name (ia);

		if (name != NULL)
			st->header_chars += strlen (name);
		if (INTERNET_ADDRESS_IS_MAILBOX (ia)) {
			const char *addr = internet_address_mailbox_get_addr ((InternetAddressMailbox *) ia);
			if (addr != NULL)
				st->header_chars += strlen (addr);
			st->addresses++;
			if (dump)
				fprintf (dump, "A\t%s\t%s\t%s\n", field, name ? name : "", addr ? addr : "");
		} else if (INTERNET_ADDRESS_IS_GROUP (ia)) {
			visit_addresses (internet_address_group_get_members ((InternetAddressGroup *) ia), field, st);
		}
	}
}

static void
visit_references (GMimeMessage *message, const char *header, Stats *st)
{
	const char *value = g_mime_object_get_header ((GMimeObject *) message, header);
	GMimeReferences *refs;
	int i, n;

	if (value == NULL)
		return;
	refs = g_mime_references_parse (NULL, value);
	if (refs == NULL)
		return;
	n = g_mime_references_length (refs);
	for (i = 0; i < n; i++) {
		st->header_chars += strlen (g_mime_references_get_message_id (refs, i));
		st->references++;
		if (dump)
			fprintf (dump, "R\t%s\t%s\n", header, g_mime_references_get_message_id (refs, i));
	}
	g_mime_references_free (refs);
}

static void
do_text_part (GMimePart *part, Stats *st)
{
	GMimeDataWrapper *content = g_mime_part_get_content (part);
	const char *charset;
	GMimeStream *mem, *filtered;
	GMimeFilter *filter;
	GByteArray *buf;

	st->text_parts++;
	if (content == NULL)
		return;
	charset = g_mime_object_get_content_type_parameter ((GMimeObject *) part, "charset");
	mem = g_mime_stream_mem_new ();
	if (charset != NULL && (filter = g_mime_filter_charset_new (charset, "utf-8")) != NULL) {
		filtered = g_mime_stream_filter_new (mem);
		g_mime_stream_filter_add ((GMimeStreamFilter *) filtered, filter);
		g_object_unref (filter);
		g_mime_data_wrapper_write_to_stream (content, filtered);
		g_mime_stream_flush (filtered);
		g_object_unref (filtered);
	} else {
		g_mime_data_wrapper_write_to_stream (content, mem);
	}
	buf = g_mime_stream_mem_get_byte_array ((GMimeStreamMem *) mem);
	st->text_utf8_bytes += buf->len;
	if (dump) {
		gchar *h = g_compute_checksum_for_data (G_CHECKSUM_SHA256, buf->data, buf->len);
		fprintf (dump, "T\t%u\t%s\n", buf->len, h);
		g_free (h);
	}
	g_object_unref (mem);
}

static void
do_binary_part (GMimePart *part, Stats *st)
{
	GMimeDataWrapper *content = g_mime_part_get_content (part);
	GMimeStream *null, *filtered;
	GMimeFilter *checksum;
	guint8 digest[32];
	const char *filename;

	st->attachments++;
	filename = g_mime_part_get_filename (part);
	if (filename != NULL) {
		st->named_attachments++;
		st->header_chars += strlen (filename);
	}
	if (content == NULL)
		return;
	null = g_mime_stream_null_new ();
	filtered = g_mime_stream_filter_new (null);
	checksum = g_mime_filter_checksum_new (G_CHECKSUM_SHA256);
	g_mime_stream_filter_add ((GMimeStreamFilter *) filtered, checksum);
	g_mime_data_wrapper_write_to_stream (content, filtered);
	g_mime_stream_flush (filtered);
	g_mime_filter_checksum_get_digest ((GMimeFilterChecksum *) checksum, digest, sizeof digest);
	g_checksum_update (st->all_digests, digest, sizeof digest);
	st->attachment_bytes += ((GMimeStreamNull *) null)->written;
	if (dump) {
		fprintf (dump, "F\t%s\t%zu\t", filename ? filename : "", ((GMimeStreamNull *) null)->written);
		dump_hex (digest, sizeof digest);
		fputc ('\n', dump);
	}
	g_object_unref (checksum);
	g_object_unref (filtered);
	g_object_unref (null);
}

static void visit_part (GMimeObject *parent, GMimeObject *part, gpointer user_data);

static void
visit_part (GMimeObject *parent, GMimeObject *part, gpointer user_data)
{
	Stats *st = user_data;

	(void) parent;
	if (GMIME_IS_MESSAGE_PART (part)) {
		GMimeMessage *inner = g_mime_message_part_get_message ((GMimeMessagePart *) part);
		st->embedded_messages++;
		if (inner != NULL)
			g_mime_message_foreach (inner, visit_part, st);
	} else if (GMIME_IS_TEXT_PART (part)) {
		do_text_part ((GMimePart *) part, st);
	} else if (GMIME_IS_PART (part)) {
		do_binary_part ((GMimePart *) part, st);
	}
	/* multiparts: their children are visited by g_mime_message_foreach itself */
}

static gboolean
parse_one (const char *path, Stats *st)
{
	GError *err = NULL;
	gchar *data;
	gsize len;
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *message;
	const char *s;
	GDateTime *date;

	if (!g_file_get_contents (path, &data, &len, &err)) {
		fprintf (stderr, "bench_gmime: %s\n", err->message);
		g_error_free (err);
		return FALSE;
	}
	st->bytes += len;
	stream = g_mime_stream_mem_new_with_byte_array (g_byte_array_new_take ((guint8 *) data, len));
	parser = g_mime_parser_new_with_stream (stream);
	g_object_unref (stream);
	message = g_mime_parser_construct_message (parser, NULL);
	g_object_unref (parser);
	if (message == NULL) {
		fprintf (stderr, "bench_gmime: %s: not a message\n", path);
		return FALSE;
	}

	if (dump)
		fprintf (dump, "M\t%s\n", path);
	if ((s = g_mime_message_get_subject (message)) != NULL) {
		st->header_chars += strlen (s);
		if (dump)
			fprintf (dump, "S\t%s\n", s);
	}
	visit_addresses (g_mime_message_get_from (message), "from", st);
	visit_addresses (g_mime_message_get_to (message), "to", st);
	visit_addresses (g_mime_message_get_cc (message), "cc", st);
	visit_addresses (g_mime_message_get_reply_to (message), "reply-to", st);
	if ((date = g_mime_message_get_date (message)) != NULL) {
		st->dates++;
		st->header_chars += (guint64) (g_date_time_to_unix (date) & 1);
		if (dump)
			fprintf (dump, "D\t%" G_GINT64_FORMAT "\n", g_date_time_to_unix (date));
	}
	if ((s = g_mime_message_get_message_id (message)) != NULL) {
		st->header_chars += strlen (s);
		if (dump)
			fprintf (dump, "I\t%s\n", s);
	}
	visit_references (message, "References", st);
	visit_references (message, "In-Reply-To", st);

	g_mime_message_foreach (message, visit_part, st);
	g_object_unref (message);
	st->messages++;
	return TRUE;
}

static double
cpu_seconds (void)
{
	struct rusage ru;
	getrusage (RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double
now_seconds (void)
{
	struct timespec ts;
	clock_gettime (CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
	GPtrArray *files;
	Stats st;
	struct rusage ru;
	double t0, c0, secs, cpu;
	guint i;

	if (argc != 2) {
		fprintf (stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	g_mime_init ();
	memset (&st, 0, sizeof st);
	st.all_digests = g_checksum_new (G_CHECKSUM_SHA256);

	if (g_getenv ("BENCH_DUMP") != NULL && (dump = fopen (g_getenv ("BENCH_DUMP"), "w")) == NULL) {
		perror (g_getenv ("BENCH_DUMP"));
		return 2;
	}
	files = g_ptr_array_new_with_free_func (g_free);
	list_files (argv[1], files);
	g_ptr_array_sort (files, cmp_paths);

	c0 = cpu_seconds ();
	t0 = now_seconds ();
	for (i = 0; i < files->len; i++) {
		if (!parse_one (g_ptr_array_index (files, i), &st))
			st.failures++;
	}
	secs = now_seconds () - t0;
	cpu = cpu_seconds () - c0;

	getrusage (RUSAGE_SELF, &ru);
	printf ("engine=gmime messages=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT
		" seconds=%.3f msg_per_s=%.1f MB_per_s=%.2f peak_rss_mb=%.1f\n",
		st.messages, st.bytes, secs, secs > 0 ? st.messages / secs : 0.0,
		secs > 0 ? st.bytes / 1e6 / secs : 0.0, ru.ru_maxrss * 1024.0 / 1e6);
	fprintf (stderr, "engine=gmime check: failures=%" G_GUINT64_FORMAT
		 " text_parts=%" G_GUINT64_FORMAT " text_utf8_bytes=%" G_GUINT64_FORMAT
		 " attachments=%" G_GUINT64_FORMAT " named_attachments=%" G_GUINT64_FORMAT
		 " attachment_bytes=%" G_GUINT64_FORMAT " embedded_messages=%" G_GUINT64_FORMAT
		 " addresses=%" G_GUINT64_FORMAT " dates=%" G_GUINT64_FORMAT
		 " references=%" G_GUINT64_FORMAT " attachments_sha256=%s cpu_seconds=%.3f\n",
		 st.failures, st.text_parts, st.text_utf8_bytes, st.attachments,
		 st.named_attachments, st.attachment_bytes, st.embedded_messages, st.addresses,
		 st.dates, st.references, g_checksum_get_string (st.all_digests), cpu);

	if (dump)
		fclose (dump);
	g_checksum_free (st.all_digests);
	g_ptr_array_free (files, TRUE);
	g_mime_shutdown ();
	return st.failures ? 1 : 0;
}

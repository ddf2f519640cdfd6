/* yc-json-doc.h: a strict JSON reader for big answers. A catalogue page is megabytes of
 * JSON; building a JsonNode tree of it costs more than everything else the desk does
 * with it. Here one value at a time is read into a flat array of nodes that is reused
 * for the next, and its text can be kept as it came.
 *
 * Strict: RFC 8259 only, UTF-8 checked, no NUL characters, no lone surrogates, no
 * duplicate member names, no number beyond a double or an integer beyond 64 bits, at
 * most 64 levels deep. Whatever passes, json-glib reads the same way. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YC_JSON_NULL,
  YC_JSON_BOOLEAN,
  YC_JSON_INT,
  YC_JSON_DOUBLE,
  YC_JSON_STRING,
  YC_JSON_ARRAY,
  YC_JSON_OBJECT,
} YcJsonType;

/* Text being read: data[at..length). */
typedef struct
{
  const char *data;
  gsize       length;
  gsize       at;
} YcJsonCursor;

typedef struct _YcJsonDoc YcJsonDoc;

YcJsonDoc  *yc_json_doc_new         (void);
void        yc_json_doc_free        (YcJsonDoc    *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcJsonDoc, yc_json_doc_free)

/* Reads the value at the cursor (after any white space) into doc, replacing what doc
 * held, and moves the cursor past it. The value is node 1; 0 is no node. A malformed
 * value is an error of error_code. */
gboolean    yc_json_doc_read        (YcJsonDoc    *doc,
                                     YcJsonCursor *cursor,
                                     int           error_code,
                                     GError      **error);

/* Skips white space; then consumes c if it comes next. */
gboolean    yc_json_cursor_take     (YcJsonCursor *cursor,
                                     char          c);
/* Skips white space; whether nothing follows. */
gboolean    yc_json_cursor_at_end   (YcJsonCursor *cursor);

/* Nodes. Any accessor takes 0 and answers as for a missing value. */
YcJsonType  yc_json_doc_type        (YcJsonDoc    *doc,
                                     guint         node);
gboolean    yc_json_doc_is          (YcJsonDoc    *doc,
                                     guint         node,
                                     YcJsonType    type);
/* Elements of an array, members of an object. */
guint       yc_json_doc_length      (YcJsonDoc    *doc,
                                     guint         node);
/* The first element of an array; yc_json_doc_next() the following one, 0 after the last. */
guint       yc_json_doc_first       (YcJsonDoc    *doc,
                                     guint         node);
guint       yc_json_doc_next        (YcJsonDoc    *doc,
                                     guint         node);
/* An object's member value by name, 0 when absent (or node is no object). */
guint       yc_json_doc_member      (YcJsonDoc    *doc,
                                     guint         node,
                                     const char   *name);
/* NULL unless a string; valid until the next read. */
const char *yc_json_doc_string      (YcJsonDoc    *doc,
                                     guint         node);
/* The string of a member, NULL when absent or not a string. */
const char *yc_json_doc_get_string  (YcJsonDoc    *doc,
                                     guint         node,
                                     const char   *member);
/* Whether the node is an integer, and which. */
gboolean    yc_json_doc_int         (YcJsonDoc    *doc,
                                     guint         node,
                                     gint64       *value);
/* Whether the member is an integer, and which. */
gboolean    yc_json_doc_get_int     (YcJsonDoc    *doc,
                                     guint         node,
                                     const char   *member,
                                     gint64       *value);
gboolean    yc_json_doc_boolean     (YcJsonDoc    *doc,
                                     guint         node);
/* The node's text as read, within the cursor's data. */
const char *yc_json_doc_text        (YcJsonDoc    *doc,
                                     guint         node,
                                     gsize        *length);

G_END_DECLS

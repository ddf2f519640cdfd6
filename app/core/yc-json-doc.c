/* yc-json-doc.c: a strict JSON reader into a flat, reused array of nodes (yc-json-doc.h).
 * Nodes are in document order: a container's first child follows it, and each node
 * knows where its subtree ends, which is where its next sibling starts. An object's
 * children alternate: the member's name (a string), then its value. */
#include "yc-json-doc.h"

#include "yc-error.h"

#include <math.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct
{
  YcJsonType type;
  guint32    end;     /* the node after this one's subtree */
  guint32    count;   /* containers: elements or members; strings: length in bytes */
  guint32    hash;    /* member names: to tell them apart quickly */
  guint32    parent;  /* the container it is in; 0 for the value read */
  gsize      start;   /* the node's text: data[start..stop) */
  gsize      stop;
  union
  {
    gint64   integer;
    double   number;
    gboolean boolean;
    gsize    string;  /* offset in strings */
  } v;
} Node;

struct _YcJsonDoc
{
  Node    *nodes;     /* nodes[0] is no node */
  guint    n_nodes;
  guint    n_allocated;
  GString *strings;   /* each string's bytes and a NUL */
  const char *data;   /* what was read */
  guint    parent;    /* while reading: the container being read */
  int      error_code;
  GError **error;
};

YcJsonDoc *
yc_json_doc_new (void)
{
  YcJsonDoc *doc = g_new0 (YcJsonDoc, 1);

  doc->n_allocated = 256;
  doc->nodes = g_new0 (Node, doc->n_allocated);
  doc->strings = g_string_sized_new (4096);
  return doc;
}

void
yc_json_doc_free (YcJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->nodes);
  g_string_free (doc->strings, TRUE);
  g_free (doc);
}

/* Reading */

static gboolean
fail (YcJsonDoc  *doc,
      gsize       at,
      const char *what)
{
  g_set_error (doc->error, YC_ERROR, doc->error_code, "malformed JSON at byte %" G_GSIZE_FORMAT ": %s",
               at, what);
  return FALSE;
}

static guint
add_node (YcJsonDoc  *doc,
          YcJsonType  type,
          gsize       start)
{
  Node *node;

  if (doc->n_nodes == doc->n_allocated)
    {
      doc->n_allocated *= 2;
      doc->nodes = g_renew (Node, doc->nodes, doc->n_allocated);
    }
  node = &doc->nodes[doc->n_nodes];
  memset (node, 0, sizeof *node);
  node->type = type;
  node->parent = doc->parent;
  node->start = start;
  return doc->n_nodes++;
}

static void
skip_space (YcJsonCursor *cursor)
{
  const char *data = cursor->data;

  while (cursor->at < cursor->length &&
         (data[cursor->at] == ' ' || data[cursor->at] == '\n' ||
          data[cursor->at] == '\r' || data[cursor->at] == '\t'))
    cursor->at++;
}

gboolean
yc_json_cursor_take (YcJsonCursor *cursor,
                     char          c)
{
  skip_space (cursor);
  if (cursor->at < cursor->length && cursor->data[cursor->at] == c)
    {
      cursor->at++;
      return TRUE;
    }
  return FALSE;
}

gboolean
yc_json_cursor_at_end (YcJsonCursor *cursor)
{
  skip_space (cursor);
  return cursor->at == cursor->length;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at data[at..]: the code unit, or -1. */
static int
read_hex4 (YcJsonCursor *cursor,
           gsize         at)
{
  int unit = 0;

  if (cursor->length - at < 4)
    return -1;
  for (gsize i = at; i < at + 4; i++)
    {
      int digit = hex_digit (cursor->data[i]);
      if (digit < 0)
        return -1;
      unit = unit * 16 + digit;
    }
  return unit;
}

/* The string whose opening quote is at the cursor. */
static gboolean
read_string (YcJsonDoc    *doc,
             YcJsonCursor *cursor,
             gboolean      name)
{
  const char *data = cursor->data;
  gsize at = cursor->at + 1;
  guint id = add_node (doc, YC_JSON_STRING, cursor->at);
  gsize offset = doc->strings->len;
  Node *node;

  for (;;)
    {
      gsize run = at;
      gboolean plain = TRUE;

      while (at < cursor->length && (guchar) data[at] >= 0x20 && data[at] != '"' && data[at] != '\\')
        plain &= (guchar) data[at++] < 0x80;
      if (!plain && !g_utf8_validate_len (data + run, at - run, NULL))
        return fail (doc, run, "a string is not UTF-8");
      g_string_append_len (doc->strings, data + run, at - run);

      if (at == cursor->length)
        return fail (doc, at, "a string does not end");
      if (data[at] == '"')
        break;
      if (data[at] != '\\')
        return fail (doc, at, "a control character in a string");
      if (++at == cursor->length)
        return fail (doc, at, "a string does not end");
      switch (data[at++])
        {
        case '"':  g_string_append_c (doc->strings, '"'); break;
        case '\\': g_string_append_c (doc->strings, '\\'); break;
        case '/':  g_string_append_c (doc->strings, '/'); break;
        case 'b':  g_string_append_c (doc->strings, '\b'); break;
        case 'f':  g_string_append_c (doc->strings, '\f'); break;
        case 'n':  g_string_append_c (doc->strings, '\n'); break;
        case 'r':  g_string_append_c (doc->strings, '\r'); break;
        case 't':  g_string_append_c (doc->strings, '\t'); break;
        case 'u':
          {
            int unit = read_hex4 (cursor, at);
            gunichar c;

            if (unit <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
              return fail (doc, at, "a NUL or a lone surrogate in a string");
            at += 4;
            c = (gunichar) unit;
            if (unit >= 0xd800 && unit <= 0xdbff)
              {
                int low = at + 1 < cursor->length && data[at] == '\\' && data[at + 1] == 'u'
                          ? read_hex4 (cursor, at + 2) : -1;
                if (low < 0xdc00 || low > 0xdfff)
                  return fail (doc, at, "a lone surrogate in a string");
                at += 6;
                c = 0x10000 + (((gunichar) unit - 0xd800) << 10) + ((gunichar) low - 0xdc00);
              }
            g_string_append_unichar (doc->strings, c);
          }
          break;
        default:
          return fail (doc, at - 1, "an unknown escape in a string");
        }
    }

  node = &doc->nodes[id];
  node->v.string = offset;
  node->count = (guint32) MIN (doc->strings->len - offset, G_MAXUINT32);
  if (name)
    node->hash = g_str_hash (doc->strings->str + offset);
  g_string_append_c (doc->strings, '\0');
  node->end = id + 1;
  node->stop = cursor->at = at + 1;
  return TRUE;
}

static gboolean
read_number (YcJsonDoc    *doc,
             YcJsonCursor *cursor)
{
  const char *data = cursor->data;
  gsize start = cursor->at, at = start, digits;
  gboolean integer = TRUE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;
  guint id;
  Node *node;

  if (data[at] == '-')
    at++;
  digits = at;
  while (at < cursor->length && g_ascii_isdigit (data[at]))
    {
      guint digit = (guint) (data[at++] - '0');
      overflow |= magnitude > (G_MAXUINT64 - digit) / 10;
      magnitude = magnitude * 10 + digit;
    }
  if (at == digits || (data[digits] == '0' && at - digits > 1))
    return fail (doc, start, "a malformed number");
  if (at < cursor->length && data[at] == '.')
    {
      integer = FALSE;
      digits = ++at;
      while (at < cursor->length && g_ascii_isdigit (data[at]))
        at++;
      if (at == digits)
        return fail (doc, start, "a malformed number");
    }
  if (at < cursor->length && (data[at] == 'e' || data[at] == 'E'))
    {
      integer = FALSE;
      if (++at < cursor->length && (data[at] == '+' || data[at] == '-'))
        at++;
      digits = at;
      while (at < cursor->length && g_ascii_isdigit (data[at]))
        at++;
      if (at == digits)
        return fail (doc, start, "a malformed number");
    }

  id = add_node (doc, integer ? YC_JSON_INT : YC_JSON_DOUBLE, start);
  node = &doc->nodes[id];
  if (integer)
    {
      gboolean negative = data[start] == '-';

      if (overflow || magnitude > (guint64) G_MAXINT64 + (negative ? 1 : 0))
        return fail (doc, start, "an integer beyond 64 bits");
      node->v.integer = negative && magnitude > 0 ? -(gint64) (magnitude - 1) - 1 : (gint64) magnitude;
    }
  else
    {
      char text[64];

      if (at - start >= sizeof text)
        return fail (doc, start, "a number too long");
      memcpy (text, data + start, at - start);
      text[at - start] = '\0';
      node->v.number = g_ascii_strtod (text, NULL);
      if (!isfinite (node->v.number))
        return fail (doc, start, "a number beyond a double");
    }
  node->end = id + 1;
  node->stop = cursor->at = at;
  return TRUE;
}

static gboolean
read_literal (YcJsonDoc    *doc,
              YcJsonCursor *cursor,
              const char   *word,
              YcJsonType    type,
              gboolean      value)
{
  gsize length = strlen (word);
  guint id;

  if (cursor->length - cursor->at < length || memcmp (cursor->data + cursor->at, word, length) != 0)
    return fail (doc, cursor->at, "an unexpected character");
  id = add_node (doc, type, cursor->at);
  doc->nodes[id].v.boolean = value;
  doc->nodes[id].end = id + 1;
  doc->nodes[id].stop = cursor->at += length;
  return TRUE;
}

static gboolean read_value (YcJsonDoc    *doc,
                            YcJsonCursor *cursor,
                            guint         depth);

/* Past this many members an object's names are kept in a hash table: comparing each new
 * name with every earlier one would make one object of 100,000 members cost seconds. */
#define LINEAR_NAMES 16

static char *
name_of (YcJsonDoc *doc,
         guint      key)
{
  /* Names hold no NUL: read_string refuses \u0000. */
  return g_strndup (doc->strings->str + doc->nodes[key].v.string, doc->nodes[key].count);
}

/* Whether the object at id, count members in, already has the member name just read, at
 * key. *names is made when the object grows past LINEAR_NAMES members. */
static gboolean
duplicate_name (YcJsonDoc   *doc,
                guint        id,
                guint32      count,
                guint        key,
                GHashTable **names)
{
  const Node *name = &doc->nodes[key];

  if (count < LINEAR_NAMES)
    {
      for (guint other = id + 1; other < key; other = doc->nodes[other + 1].end)
        {
          const Node *known = &doc->nodes[other];

          if (known->hash == name->hash && known->count == name->count &&
              memcmp (doc->strings->str + known->v.string, doc->strings->str + name->v.string,
                      name->count) == 0)
            return TRUE;
        }
      return FALSE;
    }
  if (*names == NULL)
    {
      *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint other = id + 1; other < key; other = doc->nodes[other + 1].end)
        g_hash_table_add (*names, name_of (doc, other));
    }
  return !g_hash_table_add (*names, name_of (doc, key));
}

static gboolean
read_container (YcJsonDoc    *doc,
                YcJsonCursor *cursor,
                guint         depth)
{
  gboolean object = cursor->data[cursor->at] == '{';
  char close = object ? '}' : ']';
  guint id = add_node (doc, object ? YC_JSON_OBJECT : YC_JSON_ARRAY, cursor->at);
  g_autoptr(GHashTable) names = NULL;
  guint32 count = 0;

  if (depth >= MAX_DEPTH)
    return fail (doc, cursor->at, "nested too deep");
  cursor->at++;
  doc->parent = id;
  if (!yc_json_cursor_take (cursor, close))
    for (;;)
      {
        if (object)
          {
            guint key = doc->n_nodes;

            skip_space (cursor);
            if (cursor->at == cursor->length || cursor->data[cursor->at] != '"')
              return fail (doc, cursor->at, "a member without a name");
            if (!read_string (doc, cursor, TRUE))
              return FALSE;
            if (duplicate_name (doc, id, count, key, &names))
              return fail (doc, doc->nodes[key].start, "a member named twice");
            if (!yc_json_cursor_take (cursor, ':'))
              return fail (doc, cursor->at, "a member without a value");
          }
        if (!read_value (doc, cursor, depth + 1))
          return FALSE;
        if (count++ == G_MAXUINT32 - 1)
          return fail (doc, cursor->at, "too many members");
        if (yc_json_cursor_take (cursor, close))
          break;
        if (!yc_json_cursor_take (cursor, ','))
          return fail (doc, cursor->at, object ? "expected , or }" : "expected , or ]");
      }

  doc->parent = doc->nodes[id].parent;
  doc->nodes[id].count = count;
  doc->nodes[id].end = doc->n_nodes;
  doc->nodes[id].stop = cursor->at;
  return TRUE;
}

static gboolean
read_value (YcJsonDoc    *doc,
            YcJsonCursor *cursor,
            guint         depth)
{
  skip_space (cursor);
  if (cursor->at == cursor->length)
    return fail (doc, cursor->at, "the text ends before a value");
  switch (cursor->data[cursor->at])
    {
    case '{':
    case '[':
      return read_container (doc, cursor, depth);
    case '"':
      return read_string (doc, cursor, FALSE);
    case 't':
      return read_literal (doc, cursor, "true", YC_JSON_BOOLEAN, TRUE);
    case 'f':
      return read_literal (doc, cursor, "false", YC_JSON_BOOLEAN, FALSE);
    case 'n':
      return read_literal (doc, cursor, "null", YC_JSON_NULL, FALSE);
    default:
      if (cursor->data[cursor->at] == '-' || g_ascii_isdigit (cursor->data[cursor->at]))
        return read_number (doc, cursor);
      return fail (doc, cursor->at, "an unexpected character");
    }
}

gboolean
yc_json_doc_read (YcJsonDoc     *doc,
                  YcJsonCursor  *cursor,
                  int            error_code,
                  GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (doc != NULL && cursor != NULL, FALSE);
  g_return_val_if_fail (cursor->at <= cursor->length, FALSE);

  doc->n_nodes = 1;
  g_string_truncate (doc->strings, 0);
  doc->data = cursor->data;
  doc->parent = 0;
  doc->error_code = error_code;
  doc->error = error;
  ok = read_value (doc, cursor, 0);
  doc->error = NULL;
  if (!ok)
    doc->n_nodes = 1;
  return ok;
}

/* Nodes */

static const Node *
get (YcJsonDoc *doc,
     guint      node)
{
  return node > 0 && node < doc->n_nodes ? &doc->nodes[node] : NULL;
}

YcJsonType
yc_json_doc_type (YcJsonDoc *doc,
                  guint      node)
{
  const Node *n = get (doc, node);
  return n != NULL ? n->type : YC_JSON_NULL;
}

gboolean
yc_json_doc_is (YcJsonDoc  *doc,
                guint       node,
                YcJsonType  type)
{
  const Node *n = get (doc, node);
  return n != NULL && n->type == type;
}

guint
yc_json_doc_length (YcJsonDoc *doc,
                    guint      node)
{
  const Node *n = get (doc, node);
  return n != NULL && (n->type == YC_JSON_ARRAY || n->type == YC_JSON_OBJECT) ? n->count : 0;
}

guint
yc_json_doc_first (YcJsonDoc *doc,
                   guint      node)
{
  const Node *n = get (doc, node);
  return n != NULL && n->type == YC_JSON_ARRAY && n->count > 0 ? node + 1 : 0;
}

guint
yc_json_doc_next (YcJsonDoc *doc,
                  guint      node)
{
  const Node *n = get (doc, node);

  if (n == NULL || n->parent == 0 || n->end >= doc->nodes[n->parent].end)
    return 0;
  return n->end;
}

guint
yc_json_doc_member (YcJsonDoc  *doc,
                    guint       node,
                    const char *name)
{
  const Node *n = get (doc, node);
  guint32 hash;
  gsize length;

  if (n == NULL || n->type != YC_JSON_OBJECT)
    return 0;
  hash = g_str_hash (name);
  length = strlen (name);
  for (guint key = node + 1; key < n->end; key = doc->nodes[key + 1].end)
    {
      const Node *k = &doc->nodes[key];
      if (k->hash == hash && k->count == length &&
          memcmp (doc->strings->str + k->v.string, name, length) == 0)
        return key + 1;
    }
  return 0;
}

const char *
yc_json_doc_string (YcJsonDoc *doc,
                    guint      node)
{
  const Node *n = get (doc, node);
  return n != NULL && n->type == YC_JSON_STRING ? doc->strings->str + n->v.string : NULL;
}

const char *
yc_json_doc_get_string (YcJsonDoc  *doc,
                        guint       node,
                        const char *member)
{
  return yc_json_doc_string (doc, yc_json_doc_member (doc, node, member));
}

gboolean
yc_json_doc_int (YcJsonDoc *doc,
                 guint      node,
                 gint64    *value)
{
  const Node *n = get (doc, node);

  if (n == NULL || n->type != YC_JSON_INT)
    return FALSE;
  *value = n->v.integer;
  return TRUE;
}

gboolean
yc_json_doc_get_int (YcJsonDoc  *doc,
                     guint       node,
                     const char *member,
                     gint64     *value)
{
  return yc_json_doc_int (doc, yc_json_doc_member (doc, node, member), value);
}

gboolean
yc_json_doc_boolean (YcJsonDoc *doc,
                     guint      node)
{
  const Node *n = get (doc, node);
  return n != NULL && n->type == YC_JSON_BOOLEAN && n->v.boolean;
}

const char *
yc_json_doc_text (YcJsonDoc *doc,
                  guint      node,
                  gsize     *length)
{
  const Node *n = get (doc, node);

  if (n == NULL)
    {
      *length = 0;
      return NULL;
    }
  *length = n->stop - n->start;
  return doc->data + n->start;
}

/* yc-catalogue.c: strict decoding and validation of catalogue deltas (docs/api.md).
 * A delta with one malformed entry is refused whole, so a cache is never half-updated
 * from a broken answer. A page is megabytes of JSON: it is read entry by entry with
 * YcJsonDoc, and each body is kept as the text it came as. */
#include "yc-catalogue.h"

#include "yc-error.h"
#include "yc-json-doc.h"

#include <string.h>

static const char *kind_names[] = { "department", "item", "package", "calendar" };

const char *
yc_catalogue_kind_to_wire (YcCatalogueKind kind)
{
  g_return_val_if_fail (kind <= YC_CATALOGUE_CALENDAR, "item");
  return kind_names[kind];
}

gboolean
yc_catalogue_kind_from_wire (const char      *wire,
                             YcCatalogueKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (wire, kind_names[i]) == 0)
      {
        *kind = (YcCatalogueKind) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
fail (GError     **error,
      int          error_code,
      const char  *code,
      const char  *what)
{
  g_set_error (error, YC_ERROR, error_code, "catalogue entry “%s”: %s", code, what);
  return FALSE;
}

/* Whether member is absent, null, or an array (of strings if strings): *array is 0 for
 * the first two. */
static gboolean
optional_array (YcJsonDoc  *doc,
                guint       object,
                const char *member,
                gboolean    strings,
                guint      *array)
{
  guint node = yc_json_doc_member (doc, object, member);

  *array = 0;
  if (node == 0 || yc_json_doc_is (doc, node, YC_JSON_NULL))
    return TRUE;
  if (!yc_json_doc_is (doc, node, YC_JSON_ARRAY))
    return FALSE;
  for (guint e = yc_json_doc_first (doc, node); strings && e != 0; e = yc_json_doc_next (doc, e))
    if (!yc_json_doc_is (doc, e, YC_JSON_STRING))
      return FALSE;
  *array = node;
  return TRUE;
}

static gboolean
is_boolean (YcJsonDoc  *doc,
            guint       object,
            const char *member)
{
  return yc_json_doc_is (doc, yc_json_doc_member (doc, object, member), YC_JSON_BOOLEAN);
}

static gboolean
one_of (const char  *value,
        const char **allowed,
        gsize        n_allowed)
{
  for (gsize i = 0; value != NULL && i < n_allowed; i++)
    if (g_str_equal (value, allowed[i]))
      return TRUE;
  return FALSE;
}

static gboolean
validate_material (YcJsonDoc *doc,
                   guint      node)
{
  static const char *sources[] = { "applicant", "e_licence", "hall" };
  static const char *forms[] = { "original", "copy", "original_and_copy" };
  gint64 count;

  return yc_json_doc_is (doc, node, YC_JSON_OBJECT) &&
         yc_json_doc_get_string (doc, node, "name") != NULL &&
         one_of (yc_json_doc_get_string (doc, node, "source"), sources, G_N_ELEMENTS (sources)) &&
         one_of (yc_json_doc_get_string (doc, node, "form"), forms, G_N_ELEMENTS (forms)) &&
         yc_json_doc_get_int (doc, node, "count", &count) && count >= 1 &&
         is_boolean (doc, node, "required") && is_boolean (doc, node, "deferrable");
}

static gboolean
validate_item (YcJsonDoc   *doc,
               guint        object,
               const char  *code,
               int          error_code,
               GError     **error)
{
  guint guide = yc_json_doc_member (doc, object, "guide");
  guint keywords, materials, list;
  gint64 legal, promised, visits;
  const char *string_lists[] = { "conditions", "process", "legal_basis" };

  if (yc_json_doc_get_string (doc, object, "department") == NULL ||
      yc_json_doc_get_string (doc, object, "type") == NULL)
    return fail (error, error_code, code, "department and type must be strings");
  if (!yc_json_doc_get_int (doc, object, "legal_days", &legal) ||
      !yc_json_doc_get_int (doc, object, "promised_days", &promised) ||
      legal < 0 || promised < 0 || promised > legal)
    return fail (error, error_code, code, "time limits must be whole working days, promised ≤ legal");
  if (yc_json_doc_member (doc, object, "visits") != 0 &&
      (!yc_json_doc_get_int (doc, object, "visits", &visits) || visits < 0))
    return fail (error, error_code, code, "visits must be a count");
  if (!optional_array (doc, object, "keywords", TRUE, &keywords))
    return fail (error, error_code, code, "keywords must be strings");

  if (!yc_json_doc_is (doc, guide, YC_JSON_OBJECT))
    return fail (error, error_code, code, "the guide is missing");
  for (guint i = 0; i < G_N_ELEMENTS (string_lists); i++)
    if (!optional_array (doc, guide, string_lists[i], TRUE, &list))
      return fail (error, error_code, code, "guide lists must hold strings");

  if (!optional_array (doc, guide, "materials", FALSE, &materials) || materials == 0)
    return fail (error, error_code, code, "the guide has no list of materials");
  for (guint m = yc_json_doc_first (doc, materials); m != 0; m = yc_json_doc_next (doc, m))
    if (!validate_material (doc, m))
      return fail (error, error_code, code, "a material lacks its name, source, form, count or flags");

  return TRUE;
}

static gboolean
valid_date (const char *text,
            gint64      year)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T00:00:00Z", NULL);
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return FALSE;
  /* A year's notice may reach into the neighbouring month: the 2019 notice gave New
   * Year's holiday from 30 December 2018 and a make-up working day on the 29th. */
  return g_date_time_get_year (dt) == year ||
         (g_date_time_get_year (dt) == year - 1 && g_date_time_get_month (dt) == 12) ||
         (g_date_time_get_year (dt) == year + 1 && g_date_time_get_month (dt) == 1);
}

static gboolean
valid_days (YcJsonDoc  *doc,
            guint       object,
            const char *member,
            gint64      year)
{
  guint days;

  if (!optional_array (doc, object, member, FALSE, &days))
    return FALSE;
  for (guint d = yc_json_doc_first (doc, days); d != 0; d = yc_json_doc_next (doc, d))
    if (!valid_date (yc_json_doc_get_string (doc, d, "date"), year))
      return FALSE;
  return TRUE;
}

/* The body at node of doc, an entry of kind with code. */
static gboolean
validate_node (YcJsonDoc        *doc,
               guint             body,
               YcCatalogueKind   kind,
               const char       *code,
               int               error_code,
               GError          **error)
{
  if (code == NULL || *code == '\0' || strlen (code) > 64)
    return fail (error, error_code, code ? code : "", "the code is empty or too long");
  if (!yc_json_doc_is (doc, body, YC_JSON_OBJECT))
    return fail (error, error_code, code, "the body is not an object");

  if (kind != YC_CATALOGUE_CALENDAR &&
      (yc_json_doc_get_string (doc, body, "name") == NULL ||
       g_strcmp0 (yc_json_doc_get_string (doc, body, "code"), code) != 0))
    return fail (error, error_code, code, "the name is missing or the code does not match");

  switch (kind)
    {
    case YC_CATALOGUE_DEPARTMENT:
      return TRUE;

    case YC_CATALOGUE_ITEM:
      return validate_item (doc, body, code, error_code, error);

    case YC_CATALOGUE_PACKAGE:
      {
        guint items;
        if (!optional_array (doc, body, "items", TRUE, &items) || yc_json_doc_length (doc, items) == 0)
          return fail (error, error_code, code, "a package needs its list of item codes");
        return TRUE;
      }

    case YC_CATALOGUE_CALENDAR:
      {
        gint64 year;
        g_autofree char *year_code = NULL;

        if (!yc_json_doc_get_int (doc, body, "year", &year) || year < 2000 || year > 2100)
          return fail (error, error_code, code, "the year is missing");
        year_code = g_strdup_printf ("%" G_GINT64_FORMAT, year);
        if (!g_str_equal (year_code, code))
          return fail (error, error_code, code, "the year does not match the code");
        if (!valid_days (doc, body, "holidays", year) || !valid_days (doc, body, "workdays", year))
          return fail (error, error_code, code, "holidays and workdays must be dates of that year");
        return TRUE;
      }

    default:
      return fail (error, error_code, code, "unknown kind");
    }
}

gboolean
yc_catalogue_validate_body (YcCatalogueKind   kind,
                            const char       *code,
                            const char       *body,
                            gsize             length,
                            int               error_code,
                            GError          **error)
{
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();
  YcJsonCursor cursor = { body, length, 0 };

  g_return_val_if_fail (body != NULL, FALSE);

  if (!yc_json_doc_read (doc, &cursor, error_code, error))
    return FALSE;
  if (!yc_json_cursor_at_end (&cursor))
    return fail (error, error_code, code ? code : "", "text follows the body");
  return validate_node (doc, 1, kind, code, error_code, error);
}

static void
entry_free (YcCatalogueEntry *entry)
{
  g_free (entry->keywords);
  g_free (entry);
}

void
yc_catalogue_delta_free (YcCatalogueDelta *delta)
{
  if (delta == NULL)
    return;
  g_free (delta->epoch);
  g_clear_pointer (&delta->entries, g_ptr_array_unref);
  g_clear_pointer (&delta->strings, g_string_chunk_free);
  g_free (delta);
}

static const char *
keep (YcCatalogueDelta *delta,
      const char       *text)
{
  return text != NULL ? g_string_chunk_insert (delta->strings, text) : NULL;
}

/* The entry in doc, an element of "changes" (or of "removals"), appended to delta. */
static gboolean
decode_entry (YcJsonDoc         *doc,
              gboolean           removal,
              YcCatalogueDelta  *delta,
              GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *kind_name, *code;
  YcCatalogueKind kind;
  gint64 revision;
  YcCatalogueEntry *entry;
  guint body;

  if (!yc_json_doc_is (doc, 1, YC_JSON_OBJECT))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a catalogue entry is not an object");
      return FALSE;
    }
  if (!(kind_name = yc_json_doc_get_string (doc, 1, "kind")) ||
      !(code = yc_json_doc_get_string (doc, 1, "code")) ||
      !yc_json_doc_get_int (doc, 1, "revision", &revision))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL,
                   "a catalogue entry needs its kind, code and revision");
      return FALSE;
    }
  if (!yc_catalogue_kind_from_wire (kind_name, &kind))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "unknown catalogue kind “%s”", kind_name);
      return FALSE;
    }

  entry = g_new0 (YcCatalogueEntry, 1);
  g_ptr_array_add (delta->entries, entry);
  entry->kind = kind;
  entry->code = keep (delta, code);
  entry->revision = revision;
  if (removal)
    return TRUE;

  body = yc_json_doc_member (doc, 1, "body");
  if (!validate_node (doc, body, kind, code, YC_ERROR_PROTOCOL, error))
    return FALSE;

  {
    const char *text;
    gsize length;

    text = yc_json_doc_text (doc, body, &length);
    entry->body = g_string_chunk_insert_len (delta->strings, text, (gssize) length);
    entry->body_length = length;
  }
  entry->name = keep (delta, yc_json_doc_get_string (doc, body, "name"));
  if (kind == YC_CATALOGUE_ITEM)
    {
      guint keywords = yc_json_doc_member (doc, body, "keywords");
      guint n = yc_json_doc_length (doc, keywords), i = 0;

      entry->department = keep (delta, yc_json_doc_get_string (doc, body, "department"));
      entry->type = keep (delta, yc_json_doc_get_string (doc, body, "type"));
      if (n > 0)
        {
          entry->keywords = g_new (const char *, n + 1);
          for (guint k = yc_json_doc_first (doc, keywords); k != 0; k = yc_json_doc_next (doc, k))
            entry->keywords[i++] = keep (delta, yc_json_doc_string (doc, k));
          entry->keywords[i] = NULL;
        }
    }
  else if (kind == YC_CATALOGUE_PACKAGE)
    entry->short_name = keep (delta, yc_json_doc_get_string (doc, body, "short_name"));
  return TRUE;
}

/* The array of entries at the cursor. */
static gboolean
decode_entries (YcJsonDoc         *doc,
                YcJsonCursor      *cursor,
                gboolean           removals,
                YcCatalogueDelta  *delta,
                GError           **error)
{
  if (!yc_json_cursor_take (cursor, '['))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“%s” must be an array",
                   removals ? "removals" : "changes");
      return FALSE;
    }
  if (yc_json_cursor_take (cursor, ']'))
    return TRUE;
  for (;;)
    {
      if (!yc_json_doc_read (doc, cursor, YC_ERROR_PROTOCOL, error) ||
          !decode_entry (doc, removals, delta, error))
        return FALSE;
      if (yc_json_cursor_take (cursor, ']'))
        return TRUE;
      if (!yc_json_cursor_take (cursor, ','))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "malformed JSON at byte %" G_GSIZE_FORMAT
                       ": expected , or ]", cursor->at);
          return FALSE;
        }
    }
}

static gint
compare_revision (gconstpointer a,
                  gconstpointer b)
{
  const YcCatalogueEntry *x = *(YcCatalogueEntry * const *) a;
  const YcCatalogueEntry *y = *(YcCatalogueEntry * const *) b;

  return (x->revision > y->revision) - (x->revision < y->revision);
}

enum
{
  M_EPOCH = 1 << 0,
  M_SINCE = 1 << 1,
  M_REVISION = 1 << 2,
  M_LATEST = 1 << 3,
  M_MORE = 1 << 4,
  M_CHANGES = 1 << 5,
  M_REMOVALS = 1 << 6,
};

static const char *member_names[] = { "epoch", "since", "revision", "latest", "more", "changes", "removals" };

/* The member of the answer whose value is at the cursor, by its bit. */
static gboolean
decode_member (YcJsonDoc         *doc,
               YcJsonCursor      *cursor,
               guint              member,
               YcCatalogueDelta  *delta,
               GError           **error)
{
  if (member == M_CHANGES || member == M_REMOVALS)
    return decode_entries (doc, cursor, member == M_REMOVALS, delta, error);

  if (!yc_json_doc_read (doc, cursor, YC_ERROR_PROTOCOL, error))
    return FALSE;
  switch (member)
    {
    case M_EPOCH:
      if (yc_json_doc_string (doc, 1) == NULL)
        break;
      delta->epoch = g_strdup (yc_json_doc_string (doc, 1));
      return TRUE;
    case M_MORE:
      if (!yc_json_doc_is (doc, 1, YC_JSON_BOOLEAN))
        break;
      delta->more = yc_json_doc_boolean (doc, 1);
      return TRUE;
    case M_SINCE:
      if (!yc_json_doc_int (doc, 1, &delta->since))
        break;
      return TRUE;
    case M_REVISION:
      if (!yc_json_doc_int (doc, 1, &delta->revision))
        break;
      return TRUE;
    case M_LATEST:
      if (!yc_json_doc_int (doc, 1, &delta->latest))
        break;
      return TRUE;
    default:  /* an unknown member: read, and left alone */
      return TRUE;
    }
  g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“%s” has the wrong type",
               member_names[g_bit_nth_lsf ((gulong) member, -1)]);
  return FALSE;
}

YcCatalogueDelta *
yc_catalogue_delta_new_from_text (const char  *data,
                                  gsize        length,
                                  GError     **error)
{
  g_autoptr(YcCatalogueDelta) delta = g_new0 (YcCatalogueDelta, 1);
  g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();
  YcJsonCursor cursor = { data, length, 0 };
  guint seen = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  delta->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  /* Bodies are most of the text. */
  delta->strings = g_string_chunk_new (MAX (length, 1024));

  if (!yc_json_cursor_take (&cursor, '{'))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "catalogue answer is not an object");
      return NULL;
    }
  if (!yc_json_cursor_take (&cursor, '}'))
    for (;;)
      {
        guint member = 0;
        const char *name;

        if (!yc_json_doc_read (doc, &cursor, YC_ERROR_PROTOCOL, error))
          return NULL;
        if ((name = yc_json_doc_string (doc, 1)) == NULL || !yc_json_cursor_take (&cursor, ':'))
          {
            g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL,
                         "malformed JSON at byte %" G_GSIZE_FORMAT ": expected a member", cursor.at);
            return NULL;
          }
        for (guint i = 0; i < G_N_ELEMENTS (member_names); i++)
          if (g_str_equal (name, member_names[i]))
            member = 1u << i;
        if (member & seen)
          {
            g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“%s” comes twice", name);
            return NULL;
          }
        seen |= member;
        if (!decode_member (doc, &cursor, member, delta, error))
          return NULL;
        if (yc_json_cursor_take (&cursor, '}'))
          break;
        if (!yc_json_cursor_take (&cursor, ','))
          {
            g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL,
                         "malformed JSON at byte %" G_GSIZE_FORMAT ": expected , or }", cursor.at);
            return NULL;
          }
      }
  if (!yc_json_cursor_at_end (&cursor))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "text follows the catalogue answer");
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (member_names); i++)
    if (!(seen & (1u << i)))
      {
        g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“%s” is missing", member_names[i]);
        return NULL;
      }
  if (*delta->epoch == '\0' || delta->since < 0 || delta->revision < delta->since ||
      delta->latest < delta->revision)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "catalogue revisions are inconsistent");
      return NULL;
    }
  for (guint i = 0; i < delta->entries->len; i++)
    {
      const YcCatalogueEntry *entry = g_ptr_array_index (delta->entries, i);
      if (entry->revision <= delta->since || entry->revision > delta->revision)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "entry revision outside the delta");
          return NULL;
        }
    }

  /* Applied in revision order: a removal after a change wins, and the other way round. */
  g_ptr_array_sort (delta->entries, compare_revision);
  return g_steal_pointer (&delta);
}

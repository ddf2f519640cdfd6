/* yc-server-catalogue.c: the service catalogue by revision (GET /catalogue?since=REV)
 * and the official holiday calendars it holds. */
#include "yc-server-db-private.h"

#include "core/yc-catalogue.h"
#include "core/yc-error.h"
#include "core/yc-wire.h"

#include <string.h>

/* The official holiday calendars the catalogue holds (a reference): parsed once, and
 * again after catalogue_write() changed one. */
YcWorkCalendar *
yc_db_work_calendar (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) bodies = NULL;

  if (self->calendar != NULL)
    return yc_work_calendar_ref (self->calendar);

  stmt = yc_db_prepare (self, "SELECT body FROM catalogue WHERE kind = 'calendar' AND body IS NOT NULL", NULL);
  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  bodies = g_ptr_array_new ();
  while (stmt != NULL && yc_sql_step (stmt) == YC_SQL_ROW)
    {
      const char *text = (const char *) yc_sql_column_text (stmt, 0);
      JsonNode *node = yc_wire_parse_object (text, strlen (text), YC_ERROR_STORAGE, NULL);

      if (node == NULL)
        continue;
      g_ptr_array_add (nodes, node);
      g_ptr_array_add (bodies, json_node_get_object (node));
    }
  self->calendar = yc_work_calendar_new (bodies);
  return yc_work_calendar_ref (self->calendar);
}


/* Catalogue */

static gint64
next_revision (YcServerDb *self)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT coalesce (max (revision), 0) + 1 FROM catalogue", NULL);

  if (stmt == NULL || yc_sql_step (stmt) != YC_SQL_ROW)
    return -1;
  return yc_sql_column_int64 (stmt, 0);
}

/* The epoch names this catalogue's history: a fresh database starts a new one, and a
 * desk whose cache holds another epoch starts again from revision 0. */
char *
yc_db_catalogue_epoch (YcServerDb *self)
{
  g_autofree char *epoch = yc_db_meta_value (self, "catalogue.epoch");
  g_autoptr(YcSqlStmt) stmt = NULL;

  if (*epoch != '\0')
    return g_steal_pointer (&epoch);
  g_free (epoch);
  epoch = yc_db_random_hex (8);
  stmt = yc_db_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES ('catalogue.epoch', ?)", NULL);
  if (stmt != NULL)
    {
      yc_sql_bind_text (stmt, 1, epoch);
      yc_sql_step (stmt);
    }
  return g_steal_pointer (&epoch);
}

/* Inside a transaction. body NULL removes. */
static gboolean
catalogue_write (YcServerDb  *self,
                 const char  *kind,
                 const char  *code,
                 JsonNode    *body,
                 GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *text = NULL;
  YcCatalogueKind parsed;
  gint64 revision;

  /* Read again at the next use (a rolled-back write costs one read, no more). */
  if (g_strcmp0 (kind, "calendar") == 0)
    g_clear_pointer (&self->calendar, yc_work_calendar_unref);
  if (!yc_catalogue_kind_from_wire (kind, &parsed))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "unknown catalogue kind “%s”", kind);
      return FALSE;
    }
  text = body ? yc_wire_to_string (body) : NULL;
  if (text != NULL &&
      !yc_catalogue_validate_body (parsed, code, text, strlen (text), YC_ERROR_INVALID_INPUT, error))
    return FALSE;

  /* The city's catalogue: its revisions counted one hall at a time. */
  if (!yc_db_lock_city (self, error))
    return FALSE;
  if ((revision = next_revision (self)) < 0)
    return yc_db_error (error, self, "revision");
  if (!(stmt = yc_db_prepare (self,
                              "INSERT INTO catalogue (kind, code, body, revision) VALUES (?1, ?2, ?3, ?4)"
                              " ON CONFLICT (kind, code) DO UPDATE SET body = ?3, revision = ?4", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, kind);
  yc_sql_bind_text (stmt, 2, code);
  if (text != NULL)
    yc_sql_bind_text (stmt, 3, text);
  else
    yc_sql_bind_null (stmt, 3);
  yc_sql_bind_int64 (stmt, 4, revision);
  return yc_sql_step (stmt) == YC_SQL_DONE || yc_db_error (error, self, "catalogue");
}

static gboolean
catalogue_change (YcServerDb  *self,
                  const char  *kind,
                  const char  *code,
                  JsonNode    *body,
                  GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  if (!yc_db_begin (self, &tx, error))
    return FALSE;
  if (!catalogue_write (self, kind, code, body, error))
    return FALSE;
  return yc_db_commit (&tx, error);
}

gboolean
yc_server_db_catalogue_put (YcServerDb  *self,
                            const char  *kind,
                            const char  *code,
                            JsonNode    *body,
                            GError     **error)
{
  g_return_val_if_fail (body != NULL, FALSE);
  return catalogue_change (self, kind, code, body, error);
}

gboolean
yc_server_db_catalogue_remove (YcServerDb  *self,
                               const char  *kind,
                               const char  *code,
                               GError     **error)
{
  return catalogue_change (self, kind, code, NULL, error);
}

static gboolean
load_kind (YcServerDb  *self,
           JsonObject  *root,
           const char  *member,
           const char  *kind,
           GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "catalogue has no “%s” array", member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      g_autofree char *code = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT, "a “%s” entry is not an object", member);
          return FALSE;
        }
      if (g_str_equal (kind, "calendar"))
        code = g_strdup_printf ("%" G_GINT64_FORMAT,
                                json_object_get_int_member_with_default (json_node_get_object (entry), "year", 0));
      else
        code = g_strdup (yc_json_optional_string (json_node_get_object (entry), "code"));
      if (!catalogue_write (self, kind, code ? code : "", entry, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
yc_server_db_catalogue_load (YcServerDb  *self,
                             JsonNode    *catalogue,
                             GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  JsonObject *root;

  g_return_val_if_fail (catalogue != NULL && JSON_NODE_HOLDS_OBJECT (catalogue), FALSE);
  root = json_node_get_object (catalogue);

  if (!yc_db_begin (self, &tx, error))
    return FALSE;
  if (!load_kind (self, root, "departments", "department", error) ||
      !load_kind (self, root, "items", "item", error) ||
      !load_kind (self, root, "packages", "package", error) ||
      !load_kind (self, root, "holidays", "calendar", error))
    {
      return FALSE;
    }
  return yc_db_commit (&tx, error);
}

char *
yc_server_db_catalogue_since (YcServerDb  *self,
                              gint64       since,
                              guint        limit,
                              GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(YcSqlStmt) latest = NULL;
  g_autoptr(GString) changes = g_string_new ("[");
  g_autoptr(GString) removals = g_string_new ("[");
  GString *answer;
  g_autofree char *epoch = NULL;
  gint64 revision = since, newest = 0;
  guint count = 0;
  int rc;

  /* One consistent snapshot: a change landing meanwhile belongs to the next page. */
  if (!yc_db_begin_read (self, &tx, error))
    return NULL;
  /* The city's, as the database opened: not the meta of the hall in use. */
  epoch = g_strdup (self->catalogue_epoch);

  if (!(latest = yc_db_prepare (self, "SELECT coalesce (max (revision), 0) FROM catalogue", error)) ||
      yc_sql_step (latest) != YC_SQL_ROW)
    return NULL;
  newest = yc_sql_column_int64 (latest, 0);
  /* A revision this server never had: the desk's cache is from another history. */
  if (since > newest)
    since = revision = 0;

  if (!(stmt = yc_db_prepare (self,
                              "SELECT kind, code, body, revision FROM catalogue"
                              " WHERE revision > ? ORDER BY revision LIMIT ?", error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, since);
  yc_sql_bind_int64 (stmt, 2, limit);

  /* Bodies are stored as the JSON text they are sent as (checked when stored): a page
   * is written out around them, not parsed and written again. */
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      gboolean removed = yc_sql_column_type (stmt, 2) == YC_SQL_NULL;
      GString *target = removed ? removals : changes;

      /* A removal is news only to a desk that may have the entry. */
      revision = yc_sql_column_int64 (stmt, 3);
      count++;
      if (removed && since == 0)
        continue;

      if (target->len > 1)
        g_string_append_c (target, ',');
      g_string_append (target, "{\"kind\":");
      yc_wire_append_string (target, (const char *) yc_sql_column_text (stmt, 0));
      g_string_append (target, ",\"code\":");
      yc_wire_append_string (target, (const char *) yc_sql_column_text (stmt, 1));
      g_string_append_printf (target, ",\"revision\":%" G_GINT64_FORMAT, revision);
      if (!removed)
        {
          g_string_append (target, ",\"body\":");
          g_string_append_len (target, (const char *) yc_sql_column_text (stmt, 2),
                               yc_sql_column_bytes (stmt, 2));
        }
      g_string_append_c (target, '}');
    }
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "catalogue");
      return NULL;
    }
  yc_db_commit (&tx, NULL);

  answer = g_string_sized_new (changes->len + removals->len + 256);
  g_string_append (answer, "{\"epoch\":");
  yc_wire_append_string (answer, epoch);
  /* latest: what the desk needs for a progress bar, how far this history goes now. */
  g_string_append_printf (answer, ",\"since\":%" G_GINT64_FORMAT ",\"revision\":%" G_GINT64_FORMAT
                          ",\"latest\":%" G_GINT64_FORMAT ",\"more\":%s,\"changes\":",
                          since, revision, newest, count == limit && revision < newest ? "true" : "false");
  g_string_append_len (answer, changes->str, (gssize) changes->len);
  g_string_append (answer, "],\"removals\":");
  g_string_append_len (answer, removals->str, (gssize) removals->len);
  g_string_append (answer, "]}");
  return g_string_free (answer, FALSE);
}

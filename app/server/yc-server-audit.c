/* yc-server-audit.c: the audit log (docs/api.md, "Audit"): who did what, when and from
 * where. Rows are only ever added (the table's triggers refuse changes); a person's
 * number is written masked by those who add it, never whole. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"

#include <string.h>

gboolean
yc_server_db_audit (YcServerDb            *self,
                    const YcServerCaller  *caller,
                    const char            *actor,
                    const char            *address,
                    const char            *action,
                    const char            *subject,
                    guint                  status,
                    const char            *detail)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autoptr(GError) error = NULL;

  if (!(stmt = yc_db_prepare (self,
                              "INSERT INTO audit (at, actor, role, address, action, subject, status, detail)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &error)))
    {
      g_warning ("Could not write the audit log: %s", error->message);
      return FALSE;
    }
  yc_sql_bind_text (stmt, 1, now);
  yc_sql_bind_text (stmt, 2, caller != NULL && caller->id != NULL ? caller->id : actor);
  yc_sql_bind_text (stmt, 3, caller != NULL ? yc_role_to_wire (caller->role) : NULL);
  yc_sql_bind_text (stmt, 4, address);
  yc_sql_bind_text (stmt, 5, action);
  yc_sql_bind_text (stmt, 6, subject);
  yc_sql_bind_int64 (stmt, 7, status);
  yc_sql_bind_text (stmt, 8, detail);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    {
      yc_db_error (&error, self, "audit");
      g_warning ("Could not write the audit log: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
yc_server_db_audit_list (YcServerDb  *self,
                         gint64       before,
                         guint        limit,
                         GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  JsonArray *entries;
  JsonObject *answer;
  JsonNode *node;
  gint64 last = 0;
  guint count = 0;
  int rc;

  if (!(stmt = yc_db_prepare (self,
                              "SELECT id, at, actor, role, address, action, subject, status, detail FROM audit"
                              /* One range on the key, so the page is a seek from before. */
                              " WHERE id < coalesce (nullif (?1, 0), 9223372036854775807) ORDER BY id DESC LIMIT ?2",
                              error)))
    return NULL;
  yc_sql_bind_int64 (stmt, 1, before);
  yc_sql_bind_int64 (stmt, 2, limit);
  entries = json_array_new ();
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      JsonObject *entry = json_object_new ();

      last = yc_sql_column_int64 (stmt, 0);
      count++;
      json_object_set_int_member (entry, "id", last);
      yc_db_set_text (entry, "at", stmt, 1);
      yc_db_set_text (entry, "actor", stmt, 2);
      yc_db_set_text (entry, "role", stmt, 3);
      yc_db_set_text (entry, "address", stmt, 4);
      yc_db_set_text (entry, "action", stmt, 5);
      yc_db_set_text (entry, "subject", stmt, 6);
      json_object_set_int_member (entry, "status", yc_sql_column_int64 (stmt, 7));
      yc_db_set_text (entry, "detail", stmt, 8);
      json_array_add_object_element (entries, entry);
    }
  if (rc != YC_SQL_DONE)
    {
      json_array_unref (entries);
      yc_db_error (error, self, "audit");
      return NULL;
    }
  answer = json_object_new ();
  json_object_set_array_member (answer, "entries", entries);
  /* The next page: the entries before the oldest of this one. */
  if (count == limit && last > 1)
    json_object_set_int_member (answer, "next_before", last);
  else
    json_object_set_null_member (answer, "next_before");
  node = json_node_init_object (json_node_alloc (), answer);
  json_object_unref (answer);
  return node;
}

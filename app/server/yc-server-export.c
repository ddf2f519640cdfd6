/* yc-server-export.c: a hall's database copied whole into another, of either engine
 * (yichuang-server --db FROM --export-to TO): a hall's SQLite file into the city's
 * PostgreSQL database, or back. Every row of every table, with its ids, its sessions and
 * its applicant secret (the keys of its registry's entries are made with it); the counts
 * of the waiting made again as the tickets arrive. The destination must hold no hall. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"

/* In the order their references need: a row comes after the rows it names. The queue's
 * waiting counts (queue_waiting) are not copied: the tickets' triggers count them. */
static const char *const tables[] = {
  "meta", "services", "windows", "window_services", "service_packages", "clerks", "clerk_windows",
  "sessions", "devices", "audit", "tickets", "window_states", "records", "catalogue", "cases",
  "licences", "ratings", "tasks", "events",
};

/* The tables whose ids the database makes for a new row. */
static const char *const made_ids[] = { "devices", "audit", "tickets", "tasks", "events" };

/* The names of the columns table has in db, in its order. */
static GPtrArray *
columns_of (YcServerDb  *db,
            const char  *table,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s LIMIT 0", table);
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (db, sql, error);
  GPtrArray *names;

  if (stmt == NULL)
    return NULL;
  if (yc_sql_step (stmt) == YC_SQL_ERROR)
    {
      yc_db_error (error, db, table);
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < yc_sql_column_count (stmt); i++)
    g_ptr_array_add (names, g_strdup (yc_sql_column_name (stmt, i)));
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

/* The rows of table, the columns both databases have, from one into the other. */
static gboolean
copy_table (YcServerDb  *from,
            YcServerDb  *to,
            const char  *table,
            gint64      *rows,
            GError     **error)
{
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GPtrArray) ours = NULL;
  g_autoptr(GPtrArray) shared = g_ptr_array_new ();
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) insert = g_string_new (NULL);
  g_autoptr(YcSqlStmt) read = NULL;
  YcSqlResult rc;

  if (!(theirs = columns_of (from, table, error)) || !(ours = columns_of (to, table, error)))
    return FALSE;
  for (guint i = 0; i < theirs->len; i++)
    if (has_name (ours, g_ptr_array_index (theirs, i)))
      g_ptr_array_add (shared, g_ptr_array_index (theirs, i));
  g_string_printf (insert, "INSERT INTO %s (", table);
  for (guint i = 0; i < shared->len; i++)
    {
      g_string_append_printf (select, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (shared, i));
      g_string_append_printf (insert, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (shared, i));
    }
  g_string_append_printf (select, " FROM %s", table);
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < shared->len; i++)
    g_string_append (insert, i > 0 ? ", ?" : "?");
  g_string_append_c (insert, ')');

  if (!(read = yc_db_prepare (from, select->str, error)))
    return FALSE;
  *rows = 0;
  while ((rc = yc_sql_step (read)) == YC_SQL_ROW)
    {
      g_autoptr(YcSqlStmt) write = yc_db_prepare (to, insert->str, error);

      if (write == NULL)
        return FALSE;
      for (guint i = 0; i < shared->len; i++)
        if (yc_sql_column_type (read, (int) i) == YC_SQL_NULL)
          yc_sql_bind_null (write, (int) i + 1);
        else
          yc_sql_bind_text_copy (write, (int) i + 1, yc_sql_column_text (read, (int) i));
      if (yc_sql_step (write) != YC_SQL_DONE)
        return yc_db_error (error, to, table);
      (*rows)++;
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, from, table);
  return TRUE;
}

gboolean
yc_server_db_export (YcServerDb            *self,
                     const char            *to,
                     YcServerDbExportFunc   func,
                     gpointer               data,
                     GError               **error)
{
  g_auto(YcDbTransaction) reading = { 0 };
  g_auto(YcDbTransaction) writing = { 0 };
  YcServerDb *other = NULL;
  gboolean done = FALSE;

  if (!(other = yc_server_db_open (to, error)))
    return FALSE;
  if (!yc_server_db_is_empty (other))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "%s holds a hall already: export into a new database",
                   yc_sql_location (other->db));
      goto out;
    }
  if (!yc_db_begin_read (self, &reading, error) || !yc_db_begin (other, &writing, error))
    goto out;
  /* The new database's own secret and history go: the hall's come. */
  if (!yc_db_exec (other, "DELETE FROM meta", error))
    goto out;
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 rows;

      if (!copy_table (self, other, tables[i], &rows, error))
        goto out;
      if (func != NULL)
        func (tables[i], rows, data);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (made_ids); i++)
    if (!yc_sql_continue_ids (other->db, made_ids[i], "id"))
      {
        yc_db_error (error, other, made_ids[i]);
        goto out;
      }
  /* The hall is the new database's first, its staff in the register. */
  if (!yc_db_register_first_hall (other, error))
    goto out;
  done = yc_db_commit (&writing, error);

out:
  yc_db_transaction_clear (&reading);
  yc_db_transaction_clear (&writing);
  yc_server_db_free (other);
  return done;
}

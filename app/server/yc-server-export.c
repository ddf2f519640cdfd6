/* yc-server-export.c: a hall's database copied into another, of either engine
 * (yichuang-server --db FROM --export-to TO): a hall's SQLite file into the city's
 * PostgreSQL database, or back.
 *
 * Into a new database, every row of every table, with its ids, its sessions and its
 * applicant secret (the keys of its registry's entries are made with it); the counts of
 * the waiting made again as the tickets arrive.
 *
 * Into a city's database that holds halls already, the hall is added (yc_db_add_hall ())
 * with its own tables' rows and ids; its records and cases join the city's, their keys
 * made with the city's secret (a case number the city has given already refuses the
 * whole: a number a citizen holds cannot change); its registry entries join the city's
 * registry where it has none for the applicant; the catalogue is the city's. Its devices
 * get new tokens of the hall, its clerks log in again. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"

/* In the order their references need: a row comes after the rows it names. The queue's
 * waiting counts (queue_waiting) are not copied: the tickets' triggers count them. */
static const char *const tables[] = {
  "meta", "services", "windows", "window_services", "service_packages", "clerks", "clerk_windows",
  "sessions", "devices", "audit", "tickets", "window_states", "records", "catalogue", "cases",
  "licences", "ratings", "tasks", "events",
};

/* Into a city's database: the hall's own tables, as they are. */
static const char *const own_tables[] = {
  "meta", "services", "windows", "window_services", "service_packages", "clerks", "clerk_windows",
  "devices", "audit", "tickets", "window_states", "ratings", "tasks", "events",
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

/* The rows of table (those where says, if not NULL), the columns both databases have
 * but those of leave_out (NULL-terminated, may be NULL), from one into the other. */
static gboolean
copy_table (YcServerDb         *from,
            YcServerDb         *to,
            const char         *table,
            const char         *where,
            const char *const  *leave_out,
            gint64             *rows,
            GError            **error)
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
    if (has_name (ours, g_ptr_array_index (theirs, i)) &&
        (leave_out == NULL || !g_strv_contains (leave_out, g_ptr_array_index (theirs, i))))
      g_ptr_array_add (shared, g_ptr_array_index (theirs, i));
  g_string_printf (insert, "INSERT INTO %s (", table);
  for (guint i = 0; i < shared->len; i++)
    {
      g_string_append_printf (select, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (shared, i));
      g_string_append_printf (insert, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (shared, i));
    }
  g_string_append_printf (select, " FROM %s", table);
  if (where != NULL)
    g_string_append_printf (select, " WHERE %s", where);
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
        {
          if (yc_sql_failure (to->db) == YC_SQL_UNIQUE)
            {
              g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "%s: the row %s = %s is there already", table,
                           (char *) g_ptr_array_index (shared, 0), yc_sql_column_text (read, 0));
              return FALSE;
            }
          return yc_db_error (error, to, table);
        }
      (*rows)++;
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, from, table);
  return TRUE;
}

static gboolean
continue_ids (YcServerDb  *db,
              GError     **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (made_ids); i++)
    if (!yc_sql_continue_ids (db->db, made_ids[i], "id"))
      return yc_db_error (error, db, made_ids[i]);
  return TRUE;
}

/* Into a new database: the hall whole, as its first. */
static gboolean
export_whole (YcServerDb            *self,
              YcServerDb            *other,
              YcServerDbExportFunc   func,
              gpointer               data,
              GError               **error)
{
  g_auto(YcDbTransaction) writing = { 0 };

  if (!yc_db_begin (other, &writing, error))
    return FALSE;
  /* The new database's own secret and history go: the hall's come. */
  if (!yc_db_exec (other, "DELETE FROM meta", error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      gint64 rows;

      if (!copy_table (self, other, tables[i], NULL, NULL, &rows, error))
        return FALSE;
      if (func != NULL)
        func (tables[i], rows, NULL, data);
    }
  /* The hall is the new database's first, its staff in the register. */
  return continue_ids (other, error) &&
         yc_db_register_first_hall (other, error) &&
         yc_db_commit (&writing, error);
}

typedef struct
{
  YcServerDb            *from;
  YcServerDbExportFunc   func;
  gpointer               data;
  GPtrArray             *tokens;
} Joining;

static void
told (Joining    *joining,
      const char *table,
      gint64      rows,
      const char *note)
{
  if (joining->func != NULL)
    joining->func (table, rows, note, joining->data);
}

/* No case number of the hall's given by the city already. */
static gboolean
numbers_are_free (YcServerDb  *from,
                  YcServerDb  *to,
                  GError     **error)
{
  g_autoptr(YcSqlStmt) numbers = yc_db_prepare (from, "SELECT case_number FROM cases WHERE case_number IS NOT NULL"
                                                      " ORDER BY case_number", error);
  g_autofree char *first = NULL;
  guint taken = 0;
  int rc;

  if (numbers == NULL)
    return FALSE;
  while ((rc = yc_sql_step (numbers)) == YC_SQL_ROW)
    {
      const char *number = (const char *) yc_sql_column_text (numbers, 0);

      if (yc_db_exists (to, "SELECT 1 FROM cases WHERE case_number = ?", number, 0))
        {
          if (taken++ == 0)
            first = g_strdup (number);
        }
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, from, "cases");
  if (taken > 0)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT,
                   "%u of the hall's case numbers the city has given already (the first: %s): a number a citizen"
                   " holds cannot change, so the hall cannot join the city's numbering", taken, first);
      return FALSE;
    }
  return TRUE;
}

/* The hall's registry entries the city's registry lacks. */
static gboolean
merge_licences (Joining     *joining,
                YcServerDb  *to,
                GError     **error)
{
  g_autoptr(YcSqlStmt) entries = yc_db_prepare (joining->from, "SELECT body FROM licences ORDER BY key", error);
  g_autofree char *note = NULL;
  gint64 added = 0, kept = 0;
  int rc;

  if (entries == NULL)
    return FALSE;
  while ((rc = yc_sql_step (entries)) == YC_SQL_ROW)
    {
      gboolean is_new;

      if (!yc_db_merge_licence (to, (const char *) yc_sql_column_text (entries, 0), &is_new, error))
        return FALSE;
      if (is_new)
        added++;
      else
        kept++;
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, joining->from, "licences");
  note = g_strdup_printf ("added to the city's; %" G_GINT64_FORMAT " the city has already", kept);
  told (joining, "licences", added, note);
  return TRUE;
}

static gboolean
count_rows (YcServerDb  *db,
            const char  *table,
            gint64      *rows,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    return yc_db_error (error, db, table);
  *rows = yc_sql_column_int64 (stmt, 0);
  return TRUE;
}

/* The hall being added, in use in its transaction: its rows from the hall's database. */
static gboolean
fill_cb (YcServerDb  *to,
         gpointer     data,
         GError     **error)
{
  Joining *joining = data;
  const char *const unkeyed[] = { "applicant_key", NULL };
  gint64 rows;

  for (gsize i = 0; i < G_N_ELEMENTS (own_tables); i++)
    {
      /* The secret and the catalogue's history are the city's. */
      const char *where = g_str_equal (own_tables[i], "meta") ? "key NOT IN ('applicant.secret', 'catalogue.epoch')"
                                                              : NULL;

      if (!copy_table (joining->from, to, own_tables[i], where, NULL, &rows, error))
        return FALSE;
      told (joining, own_tables[i], rows, NULL);
    }
  if (!numbers_are_free (joining->from, to, error) ||
      !copy_table (joining->from, to, "records", NULL, NULL, &rows, error))
    return FALSE;
  told (joining, "records", rows, "added to the city's");
  if (!copy_table (joining->from, to, "cases", NULL, unkeyed, &rows, error) ||
      !yc_db_key_unkeyed_cases (to, error))
    return FALSE;
  told (joining, "cases", rows, "added to the city's");
  if (!merge_licences (joining, to, error))
    return FALSE;
  if (!count_rows (joining->from, "catalogue", &rows, error))
    return FALSE;
  told (joining, "catalogue", rows, "not moved: the city's serves");
  if (!count_rows (joining->from, "sessions", &rows, error))
    return FALSE;
  told (joining, "sessions", rows, "not moved: clerks log in again");
  return continue_ids (to, error) &&
         yc_db_renew_device_tokens (to, joining->tokens, error);
}

gboolean
yc_server_db_export (YcServerDb            *self,
                     const char            *to,
                     YcServerDbExportFunc   func,
                     YcServerDbTokenFunc    token_func,
                     gpointer               data,
                     GError               **error)
{
  g_auto(YcDbTransaction) reading = { 0 };
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  YcServerDb *other = NULL;
  gboolean done = FALSE;

  if (!(other = yc_server_db_open (to, error)) || !yc_db_begin_read (self, &reading, error))
    goto out;
  if (yc_server_db_is_empty (other))
    done = export_whole (self, other, func, data, error);
  else
    {
      Joining joining = { self, func, data, tokens };

      code = yc_db_meta_value (self, "hall.code");
      name = yc_db_meta_value (self, "hall.name");
      done = yc_db_add_hall (other, code, name, fill_cb, &joining, error);
    }
  if (done && token_func != NULL)
    for (guint i = 0; i < tokens->len; i++)
      {
        GStrv device = g_ptr_array_index (tokens, i);

        token_func (device[0], device[1], device[2], data);
      }

out:
  yc_db_transaction_clear (&reading);
  if (other != NULL)
    yc_server_db_free (other);
  return done;
}

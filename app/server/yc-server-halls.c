/* yc-server-halls.c: the halls of one database. The first is the database's own tables;
 * on PostgreSQL each hall added since has a schema of its own (hall_ and its code, in
 * lower case, '-' as '_') holding a hall's tables, and a hall is used by putting its
 * schema before the city's (public) in the search path: every statement of the domains
 * is the same for every hall, and reaches no other hall's rows. The city's tables
 * (catalogue, licences, records, cases, halls, staff) are only in public.
 *
 * The search path is a setting of the connection, which a rolled-back transaction would
 * undo: it is changed only outside transactions. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-time.h"

#include <string.h>

#define MAX_CODE 32

void
yc_db_hall_free (YcDbHall *hall)
{
  g_free (hall->code);
  g_free (hall->name);
  g_free (hall->schema);
  g_free (hall);
}

static const YcDbHall *
find_hall (YcServerDb *self,
           const char *code)
{
  for (guint i = 0; i < self->halls->len; i++)
    {
      const YcDbHall *hall = g_ptr_array_index (self->halls, i);

      if (code == NULL ? hall->schema == NULL : g_str_equal (hall->code, code))
        return hall;
    }
  return NULL;
}

const YcDbHall *
yc_db_hall_of_schema (YcServerDb *self,
                      const char *schema)
{
  for (gboolean again = FALSE; ; again = TRUE)
    {
      for (guint i = 0; i < self->halls->len; i++)
        {
          const YcDbHall *hall = g_ptr_array_index (self->halls, i);

          if (g_strcmp0 (hall->schema != NULL ? hall->schema : "public", schema) == 0)
            return hall;
        }
      /* Added by another process since the list was read. */
      if (again || self->in_transaction || !yc_db_load_halls (self, NULL))
        return NULL;
    }
}

/* The search path that makes hall's tables those a statement names. */
static gboolean
set_search_path (YcServerDb      *self,
                 const YcDbHall  *hall,
                 gboolean         local,
                 GError         **error)
{
  g_autofree char *sql = NULL;

  if (yc_sql_engine (self->db) != YC_SQL_POSTGRESQL)
    return TRUE;
  sql = hall->schema != NULL ? g_strdup_printf ("SET %s search_path TO \"%s\", public", local ? "LOCAL" : "SESSION",
                                                hall->schema)
                             : g_strdup_printf ("SET %s search_path TO public", local ? "LOCAL" : "SESSION");
  return yc_db_exec (self, sql, error);
}

/* The halls as the database lists them, the first first; the first registered if it is
 * not yet (a database from before halls, or one just seeded): its code and name are
 * those of its hall data, and its staff the city's register's. */
gboolean
yc_db_load_halls (YcServerDb  *self,
                  GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(GPtrArray) halls = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_db_hall_free);
  g_autofree char *current = self->hall != NULL ? g_strdup (self->hall->code) : NULL;
  int rc;

  if (!(stmt = yc_db_prepare (self, "SELECT code, name, schema FROM halls ORDER BY schema IS NOT NULL, code", error)))
    return FALSE;
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    {
      YcDbHall *hall = g_new0 (YcDbHall, 1);

      hall->code = g_strdup ((const char *) yc_sql_column_text (stmt, 0));
      hall->name = g_strdup ((const char *) yc_sql_column_text (stmt, 1));
      if (yc_sql_column_type (stmt, 2) != YC_SQL_NULL)
        hall->schema = g_strdup ((const char *) yc_sql_column_text (stmt, 2));
      g_ptr_array_add (halls, hall);
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, self, "halls");
  /* Before any is registered: the first, unnamed. */
  if (halls->len == 0 || ((YcDbHall *) g_ptr_array_index (halls, 0))->schema != NULL)
    {
      YcDbHall *first = g_new0 (YcDbHall, 1);

      first->code = yc_db_meta_value (self, "hall.code");
      first->name = yc_db_meta_value (self, "hall.name");
      g_ptr_array_insert (halls, 0, first);
    }
  g_clear_pointer (&self->halls, g_ptr_array_unref);
  self->halls = g_steal_pointer (&halls);
  self->hall = find_hall (self, current);
  if (self->hall == NULL)
    self->hall = g_ptr_array_index (self->halls, 0);
  return TRUE;
}

/* The first hall in the city's register, with its staff, once it has hall data; in the
 * transaction under way, the first hall in use. */
gboolean
yc_db_register_first_hall (YcServerDb  *self,
                           GError     **error)
{
  g_autoptr(YcSqlStmt) hall = NULL;
  g_autoptr(YcSqlStmt) staff = NULL;

  if (!yc_db_exists (self, "SELECT 1 FROM meta WHERE key = ?", "hall.code", 0))
    return TRUE;
  if (!(hall = yc_db_prepare (self,
                              "INSERT INTO halls (code, name, schema)"
                              " SELECT (SELECT value FROM meta WHERE key = 'hall.code'),"
                              "        coalesce ((SELECT value FROM meta WHERE key = 'hall.name'), ''), NULL"
                              " WHERE NOT EXISTS (SELECT 1 FROM halls WHERE schema IS NULL)", error)))
    return FALSE;
  if (yc_sql_step (hall) != YC_SQL_DONE)
    return yc_db_error (error, self, "first hall");
  if (!(staff = yc_db_prepare (self,
                               "INSERT OR IGNORE INTO staff (id, hall)"
                               " SELECT c.id, h.code FROM clerks c, halls h WHERE h.schema IS NULL", error)))
    return FALSE;
  if (yc_sql_step (staff) != YC_SQL_DONE)
    return yc_db_error (error, self, "staff");
  return TRUE;
}

gboolean
yc_server_db_use_hall (YcServerDb *self,
                       const char *code)
{
  const YcDbHall *hall = find_hall (self, code);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (hall == NULL && code != NULL)
    {
      /* Added by another process since the list was read. */
      if (!yc_db_load_halls (self, &error))
        {
          g_warning ("%s", error->message);
          return FALSE;
        }
      hall = find_hall (self, code);
    }
  if (hall == NULL)
    return FALSE;
  if (hall == self->hall)
    return TRUE;
  if (!set_search_path (self, hall, FALSE, &error))
    {
      g_warning ("Could not turn to hall %s: %s", hall->code, error->message);
      return FALSE;
    }
  self->hall = hall;
  return TRUE;
}

const char *
yc_server_db_hall (YcServerDb *self)
{
  return self->hall->code;
}

const char *
yc_server_db_first_hall (YcServerDb *self)
{
  return ((const YcDbHall *) g_ptr_array_index (self->halls, 0))->code;
}

GStrv
yc_server_db_halls (YcServerDb *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->halls->len; i++)
    g_strv_builder_add (builder, ((const YcDbHall *) g_ptr_array_index (self->halls, i))->code);
  return g_strv_builder_end (builder);
}

char *
yc_server_db_hall_of_person (YcServerDb *self,
                             const char *person)
{
  g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, "SELECT hall FROM staff WHERE id = ?", NULL);

  if (stmt == NULL)
    return NULL;
  yc_sql_bind_text (stmt, 1, person);
  if (yc_sql_step (stmt) != YC_SQL_ROW)
    return NULL;
  return g_strdup ((const char *) yc_sql_column_text (stmt, 0));
}

static gboolean
code_is_valid (const char *code)
{
  gsize length = strlen (code);

  if (length == 0 || length > MAX_CODE || !g_ascii_isalnum (code[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-')
      return FALSE;
  return TRUE;
}

/* A hall's data (as resources/demo/hall.json) written into the hall being added. */
static gboolean
seed_cb (YcServerDb  *self,
         gpointer     data,
         GError     **error)
{
  return yc_db_seed_rows (self, data, error);
}

gboolean
yc_server_db_add_hall (YcServerDb  *self,
                       JsonNode    *data,
                       GError     **error)
{
  JsonObject *object;
  const char *code, *name;

  g_return_val_if_fail (data != NULL && JSON_NODE_HOLDS_OBJECT (data), FALSE);

  object = json_object_get_object_member (json_node_get_object (data), "hall");
  code = object != NULL ? json_object_get_string_member_with_default (object, "code", "") : "";
  name = object != NULL ? json_object_get_string_member_with_default (object, "name", "") : "";
  return yc_db_add_hall (self, code, name, seed_cb, data, error);
}

gboolean
yc_db_add_hall (YcServerDb     *self,
                const char     *code,
                const char     *name,
                YcDbHallFill    fill,
                gpointer        data,
                GError        **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) clash = NULL;
  g_autoptr(YcSqlStmt) insert = NULL;
  g_autoptr(YcSqlStmt) staff = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *create = NULL;
  const YcDbHall *before;
  YcDbHall *hall;
  gboolean done;

  if (yc_sql_engine (self->db) != YC_SQL_POSTGRESQL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                   "an SQLite database holds one hall: several halls need PostgreSQL (--db postgresql://…)");
      return FALSE;
    }
  if (code == NULL || !code_is_valid (code))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                   "a hall's code (hall.code) is 1 to %d letters, digits and '-', not “%s”", MAX_CODE,
                   code != NULL ? code : "");
      return FALSE;
    }
  if (self->in_transaction || !yc_db_load_halls (self, error))
    return FALSE;
  if (find_hall (self, code) != NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "the city already has a hall %s", code);
      return FALSE;
    }
  if (!yc_server_db_use_hall (self, NULL))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "the first hall cannot be used");
      return FALSE;
    }
  /* From the list just read: the one before is gone. */
  before = self->hall;

  {
    g_autofree char *lower = g_ascii_strdown (code, -1);

    schema = g_strconcat ("hall_", g_strdelimit (lower, "-", '_'), NULL);
  }
  create = g_strdup_printf ("CREATE SCHEMA \"%s\"", schema);

  /* The hall in use while it is written (its devices' tokens are its own), and until the
   * transaction ends (SET LOCAL), however it ends. */
  hall = g_new0 (YcDbHall, 1);
  hall->code = g_strdup (code);
  hall->name = g_strdup (name != NULL ? name : "");
  hall->schema = g_strdup (schema);
  g_ptr_array_add (self->halls, hall);

  done = yc_db_begin (self, &tx, error) &&
         yc_db_lock_city (self, error) &&
         yc_db_exec (self, create, error) &&
         set_search_path (self, hall, TRUE, error) &&
         yc_db_make_hall_tables (self, error);
  if (done)
    {
      self->hall = hall;
      done = fill (self, data, error);
      self->hall = before;
    }
  if (done)
    {
      /* A number is one person's in the whole city: it says, at log-in, whose hall. */
      done = (clash = yc_db_prepare (self, "SELECT c.id, s.hall FROM clerks c JOIN staff s ON s.id = c.id"
                                           " ORDER BY c.id LIMIT 1", error)) != NULL;
      if (done && yc_sql_step (clash) == YC_SQL_ROW)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_CONFLICT, "staff number %s is already hall %s's",
                       yc_sql_column_text (clash, 0), yc_sql_column_text (clash, 1));
          done = FALSE;
        }
    }
  done = done &&
         (insert = yc_db_prepare (self, "INSERT INTO halls (code, name, schema) VALUES (?, ?, ?)", error)) != NULL &&
         (staff = yc_db_prepare (self, "INSERT INTO staff (id, hall) SELECT id, ? FROM clerks", error)) != NULL;
  if (done)
    {
      yc_sql_bind_text (insert, 1, code);
      yc_sql_bind_text (insert, 2, hall->name);
      yc_sql_bind_text (insert, 3, schema);
      yc_sql_bind_text (staff, 1, code);
      done = (yc_sql_step (insert) == YC_SQL_DONE && yc_sql_step (staff) == YC_SQL_DONE) ||
             yc_db_error (error, self, "hall");
    }
  g_clear_pointer (&clash, yc_db_release);
  g_clear_pointer (&insert, yc_db_release);
  g_clear_pointer (&staff, yc_db_release);
  done = done && yc_db_commit (&tx, error);
  yc_db_transaction_clear (&tx);
  /* A hall not made leaves no statements of tables that are not there. */
  if (!done)
    g_hash_table_remove (self->statements, schema);
  /* The list again as the database has it, the first hall in use. */
  g_ptr_array_remove (self->halls, hall);
  self->hall = g_ptr_array_index (self->halls, 0);
  if (!yc_db_load_halls (self, done ? error : NULL))
    return FALSE;
  return done;
}

/* A hall's own tables, in the transaction under way: made in the first hall's (the
 * schema's) and in each hall's added since, as each is added and as the database opens,
 * where the version made some new. */
gboolean
yc_db_make_all_hall_tables (YcServerDb  *self,
                            GError     **error)
{
  for (guint i = 1; i < self->halls->len; i++)
    {
      const YcDbHall *hall = g_ptr_array_index (self->halls, i);
      gboolean done;

      if (!set_search_path (self, hall, TRUE, error))
        return FALSE;
      done = yc_db_make_hall_tables (self, error);
      if (!done || !set_search_path (self, g_ptr_array_index (self->halls, 0), TRUE, error))
        return FALSE;
    }
  return TRUE;
}

/* The figures of the hall in use for the city's view. */
static JsonNode *
hall_figures (YcServerDb      *self,
              const YcDbHall  *hall,
              GError         **error)
{
  g_autoptr(JsonNode) today = yc_server_db_hall_today (self, error);
  JsonObject *object, *figures;
  JsonArray *windows;
  gint64 open = 0, staffed = 0;
  const char *copied[] = { "day", "issued", "served", "no_shows", "waiting", "average_wait_seconds", "queues" };

  if (today == NULL)
    return NULL;
  object = json_node_get_object (today);
  figures = json_object_new ();
  json_object_set_string_member (figures, "code", hall->code);
  json_object_set_string_member (figures, "name", hall->name);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    if (json_object_has_member (object, copied[i]))
      json_object_set_member (figures, copied[i], json_node_copy (json_object_get_member (object, copied[i])));
  windows = json_object_get_array_member (object, "windows");
  for (guint i = 0; windows != NULL && i < json_array_get_length (windows); i++)
    {
      JsonObject *window = json_array_get_object_element (windows, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (window, "state", ""), "open") == 0)
        open++;
      if (json_object_has_member (window, "clerk") && !json_object_get_null_member (window, "clerk"))
        staffed++;
    }
  json_object_set_int_member (figures, "windows", windows != NULL ? json_array_get_length (windows) : 0);
  json_object_set_int_member (figures, "windows_open", open);
  json_object_set_int_member (figures, "windows_staffed", staffed);
  return json_node_init_object (json_node_alloc (), figures);
}

JsonNode *
yc_server_db_city_today (YcServerDb  *self,
                         GError     **error)
{
  g_autofree char *returning = g_strdup (self->hall->code);
  g_autoptr(JsonArray) halls = json_array_new ();
  g_autofree char *day = yc_time_today ();
  JsonObject *object;
  gint64 waiting = 0, issued = 0, served = 0;
  gboolean done = TRUE;

  if (!yc_db_load_halls (self, error))
    return NULL;
  for (guint i = 0; done && i < self->halls->len; i++)
    {
      const YcDbHall *hall = g_ptr_array_index (self->halls, i);
      JsonNode *figures;

      if (!yc_server_db_use_hall (self, hall->code))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "hall %s cannot be read", hall->code);
          done = FALSE;
        }
      else if ((figures = hall_figures (self, hall, error)) == NULL)
        done = FALSE;
      else
        {
          JsonObject *f = json_node_get_object (figures);

          waiting += json_object_get_int_member (f, "waiting");
          issued += json_object_get_int_member (f, "issued");
          served += json_object_get_int_member (f, "served");
          json_array_add_element (halls, figures);
        }
    }
  yc_server_db_use_hall (self, returning);
  if (!done)
    return NULL;
  object = json_object_new ();
  json_object_set_string_member (object, "day", day);
  json_object_set_int_member (object, "issued", issued);
  json_object_set_int_member (object, "served", served);
  json_object_set_int_member (object, "waiting", waiting);
  json_object_set_array_member (object, "halls", json_array_ref (halls));
  return json_node_init_object (json_node_alloc (), object);
}

/* yc-server-lookup.c: what is known of an applicant (免填写): the e-licence registry
 * and their latest case, found by a key of their number, never the number itself. */
#include "yc-server-db-private.h"

#include "core/yc-error.h"
#include "core/yc-ident.h"
#include "core/yc-wire.h"

#include <string.h>

/* What a lookup finds a person or an enterprise by: a keyed hash (HMAC-SHA256, with the
 * database's own secret) of the normalised number, so that neither table holds the
 * numbers in a searchable column, and rows exported without the secret (a dump of
 * cases or licences) cannot be searched by hashing every possible ID number. The secret
 * is in the same file (meta), so it does not protect a copy of the database file: whoever
 * has the file has the secret, and can hash every number. */
char *
yc_db_applicant_key (YcServerDb *self,
                     const char *id_number,
                     const char *credit_code)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self->applicant_secret != NULL, NULL);

  if (id_number != NULL && *id_number != '\0')
    text = g_strconcat ("id:", id_number, NULL);
  else if (credit_code != NULL && *credit_code != '\0')
    text = g_strconcat ("credit:", credit_code, NULL);
  else
    return NULL;
  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->applicant_secret,
                                    strlen (self->applicant_secret), text, -1);
}

/* A case's applicant as the desk sent them: numbers as the clerk typed them (spaces,
 * full-width digits, a small x), normalised before they are keyed. */
char *
yc_db_case_applicant_key (YcServerDb  *self,
                          JsonObject  *applicant,
                          char       **number)
{
  const char *id_text = applicant ? yc_json_optional_string (applicant, "id_number") : NULL;
  const char *code_text = applicant ? yc_json_optional_string (applicant, "credit_code") : NULL;
  g_autofree char *id_number = id_text ? yc_ident_normalize (id_text) : NULL;
  g_autofree char *credit_code = code_text ? yc_ident_normalize (code_text) : NULL;
  char *key = yc_db_applicant_key (self, id_number, credit_code);

  /* The number keyed: the ID number's when there is one, as yc_db_applicant_key() chooses. */
  if (number != NULL)
    *number = key == NULL ? NULL
              : id_number != NULL && *id_number != '\0' ? g_steal_pointer (&id_number)
              : g_steal_pointer (&credit_code);
  return key;
}

/* The key of the applicant a stored body names: a registry entry ("id_number" or
 * "credit_code"), or a case's "applicant". */
static char *
key_of_body (YcServerDb *self,
             const char *text,
             gboolean    is_case)
{
  g_autoptr(JsonNode) node = text ? yc_wire_parse_object (text, strlen (text), YC_ERROR_STORAGE, NULL) : NULL;
  JsonObject *object = node ? json_node_get_object (node) : NULL;

  if (object == NULL)
    return NULL;
  if (is_case)
    {
      JsonNode *applicant = json_object_get_member (object, "applicant");

      return applicant && JSON_NODE_HOLDS_OBJECT (applicant)
             ? yc_db_case_applicant_key (self, json_node_get_object (applicant), NULL) : NULL;
    }
  return yc_db_applicant_key (self, yc_json_optional_string (object, "id_number"),
                              yc_json_optional_string (object, "credit_code"));
}

/* Every key of table (licences or cases) made again with the secret, in the transaction
 * under way; of cases, only those with no key if unkeyed. */
static gboolean
rekey (YcServerDb  *self,
       gboolean     cases,
       gboolean     unkeyed,
       GError     **error)
{
  g_autoptr(YcSqlStmt) rows = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  const char *select = !cases ? "SELECT key, body FROM licences"
                       : unkeyed ? "SELECT c.id, r.body FROM cases c JOIN records r ON r.id = c.id"
                                   " WHERE c.applicant_key IS NULL"
                       : "SELECT c.id, r.body FROM cases c JOIN records r ON r.id = c.id";
  const char *update = cases ? "UPDATE cases SET applicant_key = ?1 WHERE id = ?2"
                             : "UPDATE licences SET key = ?1 WHERE key = ?2";
  int rc;

  if (!(rows = yc_db_prepare (self, select, error)))
    return FALSE;
  while ((rc = yc_sql_step (rows)) == YC_SQL_ROW)
    {
      g_ptr_array_add (changes, key_of_body (self, (const char *) yc_sql_column_text (rows, 1), cases));
      g_ptr_array_add (changes, g_strdup ((const char *) yc_sql_column_text (rows, 0)));
    }
  if (rc != YC_SQL_DONE)
    return yc_db_error (error, self, select);
  yc_db_release (g_steal_pointer (&rows));

  for (guint i = 0; i + 1 < changes->len; i += 2)
    {
      g_autoptr(YcSqlStmt) stmt = yc_db_prepare (self, update, error);

      if (stmt == NULL)
        return FALSE;
      yc_sql_bind_text (stmt, 1, g_ptr_array_index (changes, i));
      yc_sql_bind_text (stmt, 2, g_ptr_array_index (changes, i + 1));
      if (yc_sql_step (stmt) != YC_SQL_DONE)
        return yc_db_error (error, self, update);
    }
  return TRUE;
}

gboolean
yc_db_open_applicant_keys (YcServerDb  *self,
                           GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  g_autoptr(YcSqlStmt) store = NULL;
  g_autofree char *secret = yc_db_meta_value (self, "applicant.secret");
  g_autofree char *made_here = NULL;
  gboolean made;

  if (*secret != '\0')
    {
      self->applicant_secret = g_steal_pointer (&secret);
      return TRUE;
    }
  /* A new database, or one from before the keys were keyed: a secret is made, and the
   * keys there are made again with it. Another server opening the same database may
   * have made it since it was read above: then that one is kept, and it has keyed. */
  if (!yc_db_begin (self, &tx, error))
    return FALSE;
  made_here = yc_db_random_hex (32);
  if (!(store = yc_db_prepare (self, "INSERT INTO meta (key, value) VALUES ('applicant.secret', ?)"
                                     " ON CONFLICT (key) DO NOTHING", error)))
    return FALSE;
  yc_sql_bind_text (store, 1, made_here);
  if (yc_sql_step (store) != YC_SQL_DONE)
    return yc_db_error (error, self, "applicant secret");
  made = yc_sql_changes (self->db) == 1;
  yc_db_release (g_steal_pointer (&store));
  self->applicant_secret = yc_db_meta_value (self, "applicant.secret");
  if (made && (!rekey (self, FALSE, FALSE, error) || !rekey (self, TRUE, FALSE, error)))
    return FALSE;
  return yc_db_commit (&tx, error);
}

/* Cases come with no key (another database's, made with its secret): theirs made with
 * this one's, in the transaction under way. */
gboolean
yc_db_key_unkeyed_cases (YcServerDb  *self,
                         GError     **error)
{
  return rekey (self, TRUE, TRUE, error);
}

/* A registry entry of another database's, its key made again with this one's secret:
 * added unless the registry has one for the same applicant (then *added is FALSE: the
 * registry's stays). In the transaction under way. */
gboolean
yc_db_merge_licence (YcServerDb  *self,
                     const char  *body,
                     gboolean    *added,
                     GError     **error)
{
  g_autofree char *key = key_of_body (self, body, FALSE);
  g_autoptr(YcSqlStmt) stmt = NULL;

  *added = FALSE;
  if (key == NULL)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "an e-licence names no ID number or credit code");
      return FALSE;
    }
  if (!(stmt = yc_db_prepare (self, "INSERT OR IGNORE INTO licences (key, body) VALUES (?, ?)", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, key);
  yc_sql_bind_text (stmt, 2, body);
  if (yc_sql_step (stmt) != YC_SQL_DONE)
    return yc_db_error (error, self, "licence");
  *added = yc_sql_changes (self->db) == 1;
  return TRUE;
}

/* Lookups (免填写) */

static gboolean
put_licence (YcServerDb  *self,
             const char  *key,
             JsonNode    *body,
             GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autofree char *text = yc_wire_to_string (body);

  if (!(stmt = yc_db_prepare (self, "INSERT OR REPLACE INTO licences (key, body) VALUES (?, ?)", error)))
    return FALSE;
  yc_sql_bind_text (stmt, 1, key);
  yc_sql_bind_text (stmt, 2, text);
  return yc_sql_step (stmt) == YC_SQL_DONE || yc_db_error (error, self, "licence");
}

gboolean
yc_server_db_licences_load (YcServerDb  *self,
                            JsonNode    *registry,
                            GError     **error)
{
  g_auto(YcDbTransaction) tx = { 0 };
  const char *lists[] = { "people", "enterprises" };
  JsonObject *root;

  g_return_val_if_fail (registry != NULL && JSON_NODE_HOLDS_OBJECT (registry), FALSE);
  root = json_node_get_object (registry);

  if (!yc_db_begin (self, &tx, error))
    return FALSE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonNode *node = json_object_get_member (root, lists[l]);
      JsonArray *entries = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
        {
          JsonNode *entry = json_array_get_element (entries, i);
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (entry) ? json_node_get_object (entry) : NULL;
          g_autofree char *key = NULL;

          if (object == NULL ||
              !(key = yc_db_applicant_key (self, yc_json_optional_string (object, "id_number"),
                                           yc_json_optional_string (object, "credit_code"))))
            continue;
          if (!put_licence (self, key, entry, error))
            return FALSE;
        }
    }
  return yc_db_commit (&tx, error);
}

/* Adds the string members of from to the builder's open object, but those in done (and,
 * when only is not NULL, those not in only). */
static void
copy_strings (JsonBuilder *builder,
              JsonObject  *from,
              GHashTable  *done,
              GHashTable  *only)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  if (from == NULL)
    return;
  json_object_iter_init_ordered (&iter, from);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
        *json_node_get_string (value) != '\0' && !g_hash_table_contains (done, member) &&
        (only == NULL || g_hash_table_contains (only, member)))
      {
        g_hash_table_add (done, (gpointer) member);
        json_builder_set_member_name (builder, member);
        json_builder_add_string_value (builder, json_node_get_string (value));
      }
}

/* The form keys the catalogue marks "reusable": what an applicant gave once and gives
 * again unchanged (a name, an ID number, a phone), unlike what belongs to one case (the
 * new company's name, the baby's). Borrowed. Read again only when the catalogue changed:
 * a city's catalogue is a quarter of a million bodies, too many to read per lookup. */
static GHashTable *
reusable_keys (YcServerDb  *self,
               GError     **error)
{
  g_autoptr(YcSqlStmt) stmt = NULL;
  g_autoptr(YcSqlStmt) latest = NULL;
  GHashTable *keys;
  gint64 revision;
  int rc;

  if (!(latest = yc_db_prepare (self, "SELECT coalesce (max (revision), 0) FROM catalogue", error)))
    return NULL;
  if (yc_sql_step (latest) != YC_SQL_ROW)
    {
      yc_db_error (error, self, "catalogue revision");
      return NULL;
    }
  revision = yc_sql_column_int64 (latest, 0);
  if (self->reusable != NULL && self->reusable_revision == revision)
    return self->reusable;

  keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(stmt = yc_db_prepare (self,
                              "SELECT DISTINCT json_extract (f.value, '$.key')"
                              " FROM catalogue c, json_each (c.body, '$.fields') f"
                              " WHERE c.kind IN ('package', 'item') AND c.body IS NOT NULL"
                              " AND json_valid (c.body) AND json_type (c.body, '$.fields') = 'array'"
                              " AND json_extract (f.value, '$.reusable') IS 1", error)))
    {
      g_hash_table_unref (keys);
      return NULL;
    }
  while ((rc = yc_sql_step (stmt)) == YC_SQL_ROW)
    if (yc_sql_column_type (stmt, 0) == YC_SQL_TEXT)
      g_hash_table_add (keys, g_strdup ((const char *) yc_sql_column_text (stmt, 0)));
  if (rc != YC_SQL_DONE)
    {
      yc_db_error (error, self, "reusable fields");
      g_hash_table_unref (keys);
      return NULL;
    }
  g_clear_pointer (&self->reusable, g_hash_table_unref);
  self->reusable = keys;
  self->reusable_revision = revision;
  return keys;
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonNode *
yc_server_db_lookup (YcServerDb  *self,
                     const char  *id_number,
                     const char  *credit_code,
                     GError     **error)
{
  g_autofree char *key = yc_db_applicant_key (self, id_number, credit_code);
  g_autoptr(YcSqlStmt) licence = NULL;
  g_autoptr(YcSqlStmt) latest = NULL;
  g_autoptr(JsonNode) registry = NULL;
  g_autoptr(JsonNode) earlier = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) applicant_done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) fields_done = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *reusable;
  JsonObject *from_registry, *from_case, *case_applicant;
  const char *source;

  g_return_val_if_fail (key != NULL, NULL);

  if (!(reusable = reusable_keys (self, error)))
    return NULL;

  if (!(licence = yc_db_prepare (self, "SELECT body FROM licences WHERE key = ?", error)) ||
      !(latest = yc_db_prepare (self, "SELECT r.body FROM cases c JOIN records r ON r.id = c.id"
                                      " WHERE c.applicant_key = ? ORDER BY c.received_at DESC LIMIT 1", error)))
    return NULL;
  yc_sql_bind_text (licence, 1, key);
  yc_sql_bind_text (latest, 1, key);
  if (yc_sql_step (licence) == YC_SQL_ROW)
    registry = yc_wire_parse_object ((const char *) yc_sql_column_text (licence, 0),
                                     (gsize) yc_sql_column_bytes (licence, 0), YC_ERROR_STORAGE, NULL);
  if (yc_sql_step (latest) == YC_SQL_ROW)
    earlier = yc_wire_parse_object ((const char *) yc_sql_column_text (latest, 0),
                                    (gsize) yc_sql_column_bytes (latest, 0), YC_ERROR_STORAGE, NULL);
  from_registry = registry ? json_node_get_object (registry) : NULL;
  from_case = earlier ? json_node_get_object (earlier) : NULL;
  case_applicant = object_member (from_case, "applicant");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "found");
  json_builder_add_boolean_value (builder, from_registry != NULL || from_case != NULL);
  source = from_registry && from_case ? "both" : from_registry ? "e_licence" : from_case ? "cases" : NULL;
  json_builder_set_member_name (builder, "source");
  if (source != NULL)
    json_builder_add_string_value (builder, source);
  else
    json_builder_add_null_value (builder);

  /* What the applicant last gave wins over the registry: it is newer. */
  json_builder_set_member_name (builder, "applicant");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, credit_code != NULL && *credit_code ? "enterprise" : "person");
  g_hash_table_add (applicant_done, (gpointer) "type");
  g_hash_table_add (applicant_done, (gpointer) "licences");
  copy_strings (builder, case_applicant, applicant_done, NULL);
  copy_strings (builder, from_registry, applicant_done, NULL);
  json_builder_end_object (builder);

  /* Of the latest case's form, only what stays true from case to case. */
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  copy_strings (builder, object_member (from_case, "fields"), fields_done, reusable);
  copy_strings (builder, object_member (from_registry, "fields"), fields_done, NULL);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "licences");
  json_builder_begin_array (builder);
  {
    JsonNode *node = from_registry ? json_object_get_member (from_registry, "licences") : NULL;
    JsonArray *licences = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

    for (guint i = 0; licences != NULL && i < json_array_get_length (licences); i++)
      {
        JsonNode *name = json_array_get_element (licences, i);
        if (JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
          json_builder_add_string_value (builder, json_node_get_string (name));
      }
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

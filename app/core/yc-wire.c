/* yc-wire.c: JSON codecs of the wire contract in docs/api.md, shared by desk and server. */
#include "yc-wire.h"

#include "yc-error.h"
#include "yc-json-doc.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (YcSession, yc_session, yc_session_copy, yc_session_free)

/* Answers and requests are small; anything bigger is hostile or broken. */
#define MAX_DOCUMENT_BYTES (8 * 1024 * 1024)

const char *
yc_json_require_string (JsonObject  *object,
                        const char  *member,
                        int          error_code,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, YC_ERROR, error_code, "“%s” must be a string", member);
      return NULL;
    }
  return json_node_get_string (node);
}

gboolean
yc_json_require_int (JsonObject  *object,
                     const char  *member,
                     gint64      *value,
                     int          error_code,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, YC_ERROR, error_code, "“%s” must be an integer", member);
      return FALSE;
    }
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
yc_json_optional_int (JsonObject  *object,
                      const char  *member,
                      gint64      *value,
                      int          error_code,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return yc_json_require_int (object, member, value, error_code, error);
}

const char *
yc_json_optional_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonNode *
yc_wire_parse_object (const char  *data,
                      gsize        length,
                      int          error_code,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL || length == 0)
    {
      g_set_error (error, YC_ERROR, error_code, "empty document");
      return NULL;
    }
  if (length > MAX_DOCUMENT_BYTES)
    {
      g_set_error (error, YC_ERROR, error_code, "document too large");
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, YC_ERROR, error_code, "document is not UTF-8");
      return NULL;
    }

  /* json-glib 1.6 reads recursively, without a bound (100,000 “[” overflow the stack),
   * and takes duplicate members, “\u0000” and lone surrogates without a word. The
   * strict reader, which has a bound of 64 levels, sees the text first: whatever it
   * lets through, json-glib reads the same way. */
  {
    g_autoptr(YcJsonDoc) doc = yc_json_doc_new ();
    YcJsonCursor cursor = { data, length, 0 };

    if (!yc_json_doc_read (doc, &cursor, error_code, error))
      return NULL;
    if (!yc_json_cursor_at_end (&cursor))
      {
        g_set_error (error, YC_ERROR, error_code, "malformed JSON: text after the document");
        return NULL;
      }
  }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, YC_ERROR, error_code, "malformed JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YC_ERROR, error_code, "document is not a JSON object");
      return NULL;
    }
  return json_node_ref (root);
}

/* Compact JSON text, written here: JsonGenerator (json-glib 1.6) writes a double such as
 * 1e-300 as "1e-300.0", which no parser reads back, and takes a tenth longer over a
 * city's catalogue. */

static void append_node (GString  *out,
                         JsonNode *node);

void
yc_wire_append_string (GString    *out,
                       const char *text)
{
  g_string_append_c (out, '"');
  for (const char *run = text;; run++)
    {
      const char *p = run;

      while ((guchar) *p >= 0x20 && *p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, run, p - run);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
        }
      run = p;
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      g_ascii_dtostr (number, sizeof number, json_node_get_double (node));
      g_string_append (out, number);
      /* Read back as a double, not an integer. */
      if (strpbrk (number, ".eE") == NULL)
        g_string_append (out, ".0");
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      yc_wire_append_string (out, json_node_get_string (node));
      break;
    default:
      g_string_append (out, "null");
    }
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &member, &value))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            yc_wire_append_string (out, member);
            g_string_append_c (out, ':');
            append_node (out, value);
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

char *
yc_wire_to_string (JsonNode *node)
{
  GString *out;

  g_return_val_if_fail (node != NULL, NULL);

  out = g_string_sized_new (256);
  append_node (out, node);
  return g_string_free (out, FALSE);
}

JsonNode *
yc_wire_error_body (const char *code,
                    const char *message)
{
  return yc_wire_error_body_retry (code, message, 0);
}

JsonNode *
yc_wire_error_body_retry (const char *code,
                          const char *message,
                          guint       retry_after)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (retry_after > 0)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, retry_after);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
yc_wire_error_from_json (JsonNode  *node,
                         char     **code,
                         char     **message)
{
  JsonNode *inner;
  JsonObject *object;
  const char *c, *m;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  inner = json_object_get_member (json_node_get_object (node), "error");
  if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
    return FALSE;
  object = json_node_get_object (inner);
  c = yc_json_optional_string (object, "code");
  m = yc_json_optional_string (object, "message");
  if (c == NULL)
    return FALSE;
  *code = g_strdup (c);
  *message = g_strdup (m ? m : "");
  return TRUE;
}

void
yc_session_free (YcSession *session)
{
  if (session == NULL)
    return;
  g_free (session->token);
  g_free (session->clerk_id);
  g_free (session->clerk_name);
  g_free (session->window_name);
  g_free (session->hall_name);
  g_free (session->documents_language);
  g_clear_pointer (&session->services, g_ptr_array_unref);
  g_free (session);
}

YcSession *
yc_session_copy (const YcSession *session)
{
  YcSession *copy = g_new0 (YcSession, 1);

  copy->token = g_strdup (session->token);
  copy->clerk_id = g_strdup (session->clerk_id);
  copy->clerk_name = g_strdup (session->clerk_name);
  copy->role = session->role;
  copy->window_id = session->window_id;
  copy->window_name = g_strdup (session->window_name);
  copy->hall_name = g_strdup (session->hall_name);
  copy->documents_language = g_strdup (session->documents_language);
  copy->training = session->training;
  copy->services = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; session->services && i < session->services->len; i++)
    g_ptr_array_add (copy->services, g_object_ref (g_ptr_array_index (session->services, i)));
  return copy;
}

static JsonObject *
require_object (JsonObject  *object,
                const char  *member,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“%s” must be an object", member);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
require_array (JsonObject  *object,
               const char  *member,
               int          error_code,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, YC_ERROR, error_code, "“%s” must be an array", member);
      return NULL;
    }
  return json_node_get_array (node);
}

static GPtrArray *
services_from_array (JsonArray  *array,
                     GError    **error)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      YcService *service = yc_service_new_from_json (json_array_get_element (array, i), error);
      if (service == NULL)
        return NULL;
      g_ptr_array_add (services, service);
    }
  return g_steal_pointer (&services);
}

YcSession *
yc_session_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(YcSession) session = g_new0 (YcSession, 1);
  JsonObject *root, *clerk, *window, *hall;
  JsonArray *services;
  JsonNode *window_node;
  const char *token, *clerk_id, *clerk_name, *window_name = NULL, *hall_name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "session is not an object");
      return NULL;
    }
  root = json_node_get_object (node);

  if (!(token = yc_json_require_string (root, "token", YC_ERROR_PROTOCOL, error)) ||
      !(clerk = require_object (root, "clerk", error)) ||
      !(clerk_id = yc_json_require_string (clerk, "id", YC_ERROR_PROTOCOL, error)) ||
      !(clerk_name = yc_json_require_string (clerk, "name", YC_ERROR_PROTOCOL, error)))
    return NULL;

  /* A server that names no role has clerks only (the role came after the first desks). */
  session->role = YC_ROLE_CLERK;
  if (yc_json_optional_string (root, "role") != NULL &&
      (!yc_role_from_wire (yc_json_optional_string (root, "role"), &session->role) ||
       !yc_role_is_person (session->role)))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "a session's role must be a person's");
      return NULL;
    }

  /* The back office and a duty manager sit at no window: theirs is null. */
  window_node = json_object_get_member (root, "window");
  if (session->role != YC_ROLE_CLERK && (window_node == NULL || JSON_NODE_HOLDS_NULL (window_node)))
    session->window_id = 0;
  else if (!(window = require_object (root, "window", error)) ||
           !yc_json_require_int (window, "id", &session->window_id, YC_ERROR_PROTOCOL, error) ||
           !(window_name = yc_json_require_string (window, "name", YC_ERROR_PROTOCOL, error)))
    return NULL;

  if (!(hall = require_object (root, "hall", error)) ||
      !(hall_name = yc_json_require_string (hall, "name", YC_ERROR_PROTOCOL, error)) ||
      !(services = require_array (root, "services", YC_ERROR_PROTOCOL, error)))
    return NULL;

  if (*token == '\0')
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "empty session token");
      return NULL;
    }

  session->token = g_strdup (token);
  session->clerk_id = g_strdup (clerk_id);
  session->clerk_name = g_strdup (clerk_name);
  session->window_name = g_strdup (window_name);
  session->hall_name = g_strdup (hall_name);
  /* A server from before the setting prints as the centre writes; so does a language
   * the desk has no papers in. */
  {
    JsonNode *documents = json_object_get_member (hall, "documents_language");
    const char *language = NULL;

    if (documents != NULL && !JSON_NODE_HOLDS_NULL (documents))
      {
        if (!JSON_NODE_HOLDS_VALUE (documents) || json_node_get_value_type (documents) != G_TYPE_STRING)
          {
            g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "the hall's documents_language is not a string");
            return NULL;
          }
        language = json_node_get_string (documents);
      }
    session->documents_language = g_strdup (language != NULL && (g_str_equal (language, "zh_TW") ||
                                                                 g_str_equal (language, "zh_HK"))
                                            ? language : "zh_CN");
  }
  if (!(session->services = services_from_array (services, error)))
    return NULL;
  /* Optional: only a server playing a training scenario says so. */
  {
    JsonNode *training = json_object_get_member (root, "training");

    session->training = training != NULL && JSON_NODE_HOLDS_VALUE (training) &&
                        json_node_get_value_type (training) == G_TYPE_BOOLEAN &&
                        json_node_get_boolean (training);
  }

  return g_steal_pointer (&session);
}

GPtrArray *
yc_wire_queues_from_json (JsonNode  *node,
                          GError   **error)
{
  JsonArray *queues;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "queues answer is not an object");
      return NULL;
    }
  if (!(queues = require_array (json_node_get_object (node), "queues", YC_ERROR_PROTOCOL, error)))
    return NULL;
  return services_from_array (queues, error);
}

JsonNode *
yc_wire_records_to_json (GPtrArray *records)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < records->len; i++)
    json_builder_add_value (builder, yc_record_to_json (g_ptr_array_index (records, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GPtrArray *
yc_wire_results_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "results answer is not an object");
      return NULL;
    }
  if (!(array = require_array (json_node_get_object (node), "results", YC_ERROR_PROTOCOL, error)))
    return NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      const char *id, *status;
      YcRecordStatus value;
      YcRecordResult *result;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "result is not an object");
          return NULL;
        }
      object = json_node_get_object (element);
      if (!(id = yc_json_require_string (object, "id", YC_ERROR_PROTOCOL, error)) ||
          !(status = yc_json_require_string (object, "status", YC_ERROR_PROTOCOL, error)))
        return NULL;
      if (!yc_record_status_from_wire (status, &value))
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "unknown record status “%s”", status);
          return NULL;
        }
      result = yc_record_result_new (id, value, yc_json_optional_string (object, "message"));
      result->code = g_strdup (yc_json_optional_string (object, "code"));
      result->case_number = g_strdup (yc_json_optional_string (object, "case_number"));
      g_ptr_array_add (results, result);
    }

  return g_steal_pointer (&results);
}

JsonNode *
yc_wire_results_to_json (GPtrArray *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      YcRecordResult *result = g_ptr_array_index (results, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, result->id);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, yc_record_status_to_wire (result->status));
      if (result->message != NULL)
        {
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, result->message);
        }
      if (result->code != NULL)
        {
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, result->code);
        }
      if (result->case_number != NULL)
        {
          json_builder_set_member_name (builder, "case_number");
          json_builder_add_string_value (builder, result->case_number);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* yc-record.c: a record a clerk produced, identified by a UUID that doubles as the
 * idempotency key, so pushing it twice stores it once. */
#include "yc-record.h"

#include "yc-error.h"
#include "yc-time.h"
#include "yc-wire.h"

#include <string.h>

struct _YcRecord
{
  GObject   parent_instance;

  char     *id;
  char     *kind;
  char     *created_at;
  JsonNode *body;
};

G_DEFINE_FINAL_TYPE (YcRecord, yc_record, G_TYPE_OBJECT)

static void
yc_record_finalize (GObject *object)
{
  YcRecord *self = (YcRecord *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->created_at, g_free);
  g_clear_pointer (&self->body, json_node_unref);

  G_OBJECT_CLASS (yc_record_parent_class)->finalize (object);
}

static void
yc_record_class_init (YcRecordClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_record_finalize;
}

static void
yc_record_init (YcRecord *self)
{
}

YcRecord *
yc_record_new_full (const char *id,
                    const char *kind,
                    const char *created_at,
                    JsonNode   *body)
{
  YcRecord *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (created_at != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_object_new (YC_TYPE_RECORD, NULL);
  self->id = g_strdup (id);
  self->kind = g_strdup (kind);
  self->created_at = g_strdup (created_at);
  self->body = json_node_ref (body);
  return self;
}

YcRecord *
yc_record_new (const char *kind,
               JsonNode   *body)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = yc_time_now_iso8601 ();

  return yc_record_new_full (id, kind, now, body);
}

static gboolean
kind_is_valid (const char *kind)
{
  gsize len = strlen (kind);

  if (len == 0 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (kind[i]) && kind[i] != '_' && kind[i] != '-')
      return FALSE;
  return TRUE;
}

YcRecord *
yc_record_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(GDateTime) created = NULL;
  JsonObject *object;
  JsonNode *body;
  const char *id, *kind, *created_at;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "record is not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!(id = yc_json_require_string (object, "id", YC_ERROR_BAD_REQUEST, error)) ||
      !(kind = yc_json_require_string (object, "kind", YC_ERROR_BAD_REQUEST, error)) ||
      !(created_at = yc_json_require_string (object, "created_at", YC_ERROR_BAD_REQUEST, error)))
    return NULL;

  if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "record id is not a UUID");
      return NULL;
    }
  if (!kind_is_valid (kind))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "record kind is malformed");
      return NULL;
    }
  if (!(created = yc_time_parse (created_at)))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "record created_at is not a timestamp");
      return NULL;
    }
  body = json_object_get_member (object, "body");
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST, "record body is not an object");
      return NULL;
    }

  /* A UUID is the same in either case: kept in lower case, so that "ABC…" is a repeat of
   * "abc…", not a second record. */
  {
    g_autofree char *lower = g_ascii_strdown (id, -1);

    return yc_record_new_full (lower, kind, created_at, body);
  }
}

JsonNode *
yc_record_to_json (YcRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_RECORD (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, self->kind);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, self->created_at);
  json_builder_set_member_name (builder, "body");
  json_builder_add_value (builder, json_node_copy (self->body));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
yc_record_get_id (YcRecord *self)
{
  g_return_val_if_fail (YC_IS_RECORD (self), NULL);
  return self->id;
}

const char *
yc_record_get_kind (YcRecord *self)
{
  g_return_val_if_fail (YC_IS_RECORD (self), NULL);
  return self->kind;
}

const char *
yc_record_get_created_at (YcRecord *self)
{
  g_return_val_if_fail (YC_IS_RECORD (self), NULL);
  return self->created_at;
}

JsonNode *
yc_record_get_body (YcRecord *self)
{
  g_return_val_if_fail (YC_IS_RECORD (self), NULL);
  return self->body;
}

char *
yc_record_dup_body_text (YcRecord *self)
{
  g_return_val_if_fail (YC_IS_RECORD (self), NULL);
  return yc_wire_to_string (self->body);
}

const char *
yc_record_get_subject (YcRecord *self)
{
  const char *member = NULL;

  g_return_val_if_fail (YC_IS_RECORD (self), NULL);

  switch (yc_record_kind_from_wire (self->kind))
    {
    case YC_RECORD_KIND_VISIT:
      member = "number";
      break;
    case YC_RECORD_KIND_CASE:
      member = "title";
      break;
    case YC_RECORD_KIND_TASK_RESULT:
    case YC_RECORD_KIND_OTHER:
    default:
      return NULL;
    }
  return JSON_NODE_HOLDS_OBJECT (self->body) ? yc_json_optional_string (json_node_get_object (self->body), member)
                                             : NULL;
}

static const char *reason_names[] = { NULL, "ticket_taken", "ticket_not_called", "ticket_not_found", "too_large" };

G_STATIC_ASSERT (G_N_ELEMENTS (reason_names) == YC_RECORD_REASON_TOO_LARGE + 1);

const char *
yc_record_reason_to_wire (YcRecordReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reason_names), NULL);
  return reason_names[reason];
}

YcRecordReason
yc_record_reason_from_wire (const char *code)
{
  for (guint i = 1; code != NULL && i < G_N_ELEMENTS (reason_names); i++)
    if (g_str_equal (code, reason_names[i]))
      return (YcRecordReason) i;
  return YC_RECORD_REASON_OTHER;
}

static const char *kind_names[] = { NULL, "visit", "case", "task_result" };

G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == YC_RECORD_KIND_TASK_RESULT + 1);

const char *
yc_record_kind_to_wire (YcRecordKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

YcRecordKind
yc_record_kind_from_wire (const char *wire)
{
  for (guint i = 1; wire != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (wire, kind_names[i]))
      return (YcRecordKind) i;
  return YC_RECORD_KIND_OTHER;
}

static const char *status_names[] = { "stored", "duplicate", "rejected", "not_applied" };

const char *
yc_record_status_to_wire (YcRecordStatus status)
{
  g_return_val_if_fail (status <= YC_RECORD_NOT_APPLIED, "rejected");
  return status_names[status];
}

gboolean
yc_record_status_from_wire (const char     *wire,
                            YcRecordStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (wire, status_names[i]) == 0)
      {
        *status = (YcRecordStatus) i;
        return TRUE;
      }
  return FALSE;
}

YcRecordResult *
yc_record_result_new (const char     *id,
                      YcRecordStatus  status,
                      const char     *message)
{
  YcRecordResult *result = g_new0 (YcRecordResult, 1);

  result->id = g_strdup (id);
  result->status = status;
  result->message = g_strdup (message);
  return result;
}

void
yc_record_result_free (YcRecordResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->message);
  g_free (result->code);
  g_free (result->case_number);
  g_free (result);
}

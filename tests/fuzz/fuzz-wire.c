/* fuzz-wire.c: libFuzzer harness for the wire decoders and the case codec: whatever the
 * network sends, a decoder answers with a value or an error, never a crash or a leak. */
#include "core/yc-case.h"
#include "core/yc-catalogue.h"
#include "core/yc-error.h"
#include "core/yc-record.h"
#include "core/yc-ticket.h"
#include "core/yc-wire.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* A case body, as the server checks each one: valid, or an error that says so. */
static void
check_case (JsonNode *body)
{
  g_autoptr(GError) error = NULL;

  if (yc_case_validate_body (body, YC_ERROR_BAD_REQUEST, &error))
    g_assert_no_error (error);
  else
    g_assert_true (error != NULL && g_str_has_prefix (error->message, "case: "));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  /* A catalogue page is read without json-glib: anything at all goes to its reader. */
  {
    g_autoptr(YcCatalogueDelta) delta = yc_catalogue_delta_new_from_text ((const char *) data, size, NULL);
  }

  root = yc_wire_parse_object ((const char *) data, size, 0, NULL);
  if (root == NULL)
    return 0;
  object = json_node_get_object (root);

  {
    g_autoptr(YcSession) session = yc_session_new_from_json (root, NULL);
    g_autoptr(YcTicket) ticket = yc_ticket_new_from_json (root, NULL);
    g_autoptr(GPtrArray) queues = yc_wire_queues_from_json (root, NULL);
    g_autoptr(GPtrArray) results = yc_wire_results_from_json (root, NULL);
    g_autoptr(YcRecord) record = yc_record_new_from_json (root, NULL);
    g_autofree char *code = NULL;
    g_autofree char *message = NULL;

    yc_wire_error_from_json (root, &code, &message);
    if (ticket != NULL)
      {
        g_autoptr(JsonNode) back = yc_ticket_to_json (ticket);
        g_autoptr(YcTicket) again = yc_ticket_new_from_json (back, NULL);
        g_assert_nonnull (again);
      }
  }

  /* A batch of records, as the server decodes POST /records. */
  if (json_object_has_member (object, "records") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "records")))
    {
      JsonArray *records = json_object_get_array_member (object, "records");
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          g_autoptr(YcRecord) record = yc_record_new_from_json (json_array_get_element (records, i), NULL);
          if (record != NULL)
            {
              g_autoptr(JsonNode) back = yc_record_to_json (record);
              g_assert_nonnull (back);
              if (g_str_equal (yc_record_get_kind (record), "case"))
                check_case (yc_record_get_body (record));
            }
        }
    }

  /* A case body on its own. */
  if (json_object_has_member (object, "decision"))
    check_case (root);

  return 0;
}

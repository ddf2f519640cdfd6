/* yc-visit.c: the finish's details and the visit record's body, built in one place
 * (the desk once built them in the Queue page's widget). */
#include "config-i18n.h"

#include "yc-visit.h"

static const char *outcomes[] = { "completed", "accepted", "informed", "refused", "consulted", "unresolved" };

G_STATIC_ASSERT (G_N_ELEMENTS (outcomes) == YC_VISIT_OUTCOME_LAST + 1);

const char *
yc_visit_outcome_to_wire (YcVisitOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcomes), NULL);
  return outcomes[outcome];
}

gboolean
yc_visit_outcome_from_wire (const char     *wire,
                            YcVisitOutcome *outcome)
{
  for (guint i = 0; wire != NULL && i < G_N_ELEMENTS (outcomes); i++)
    if (g_str_equal (outcomes[i], wire))
      {
        if (outcome != NULL)
          *outcome = (YcVisitOutcome) i;
        return TRUE;
      }
  return FALSE;
}

YcVisitService *
yc_visit_service_new (const char       *name,
                      const char       *code,
                      const YcDecision *decision)
{
  YcVisitService *service;

  g_return_val_if_fail (name != NULL, NULL);

  service = g_new0 (YcVisitService, 1);
  service->name = g_strdup (name);
  service->code = g_strdup (code);
  service->decided = decision != NULL;
  service->decision = decision != NULL ? *decision : YC_DECISION_ACCEPTED;
  return service;
}

void
yc_visit_service_free (YcVisitService *service)
{
  if (service == NULL)
    return;
  g_free (service->name);
  g_free (service->code);
  g_free (service);
}

JsonNode *
yc_visit_details_new (YcVisitOutcome  outcome,
                      const char     *note,
                      GPtrArray      *services)
{
  g_autofree char *stripped = g_strstrip (g_strdup (note != NULL ? note : ""));
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (object, "outcome", yc_visit_outcome_to_wire (outcome));
  if (*stripped != '\0')
    json_object_set_string_member (object, "note", stripped);
  if (services != NULL && services->len > 0)
    {
      JsonArray *array = json_array_sized_new (services->len);

      for (guint i = 0; i < services->len; i++)
        {
          YcVisitService *service = g_ptr_array_index (services, i);
          JsonObject *each = json_object_new ();

          json_object_set_string_member (each, "name", service->name);
          if (service->code != NULL)
            json_object_set_string_member (each, "code", service->code);
          if (service->decided)
            json_object_set_string_member (each, "decision", yc_decision_to_wire (service->decision));
          json_array_add_object_element (array, each);
        }
      json_object_set_array_member (object, "services", array);
    }
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

gboolean
yc_visit_details_read (JsonNode        *details,
                       YcVisitOutcome  *outcome,
                       const char     **note,
                       GPtrArray      **services)
{
  JsonObject *object;
  JsonNode *list;
  YcVisitOutcome read = YC_VISIT_COMPLETED;

  if (details == NULL || !JSON_NODE_HOLDS_OBJECT (details))
    return FALSE;
  object = json_node_get_object (details);
  if (!yc_visit_outcome_from_wire (string_member (object, "outcome"), &read))
    return FALSE;
  if (outcome != NULL)
    *outcome = read;
  if (note != NULL)
    *note = string_member (object, "note");
  if (services == NULL)
    return TRUE;
  *services = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_visit_service_free);
  list = json_object_get_member (object, "services");
  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) && i < json_array_get_length (json_node_get_array (list));
       i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (list), i);
      JsonObject *service = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      YcDecision decision;

      if (service == NULL || string_member (service, "name") == NULL)
        continue;
      g_ptr_array_add (*services,
                       yc_visit_service_new (string_member (service, "name"), string_member (service, "code"),
                                             yc_decision_from_wire (string_member (service, "decision"), &decision)
                                             ? &decision : NULL));
    }
  return TRUE;
}

gboolean
yc_visit_matter_from_case (JsonNode      *case_body,
                           YcVisitMatter *matter)
{
  JsonObject *object;
  JsonNode *items, *applicant;

  g_return_val_if_fail (matter != NULL, FALSE);

  if (case_body == NULL || !JSON_NODE_HOLDS_OBJECT (case_body))
    return FALSE;
  object = json_node_get_object (case_body);
  *matter = (YcVisitMatter) { 0 };
  matter->ticket = string_member (object, "ticket");
  matter->title = string_member (object, "title");
  matter->code = string_member (object, "package");
  if (!yc_decision_from_wire (string_member (object, "decision"), &matter->decision))
    return FALSE;
  items = json_object_get_member (object, "items");
  if (matter->code == NULL && items != NULL && JSON_NODE_HOLDS_ARRAY (items) &&
      json_array_get_length (json_node_get_array (items)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (items), 0);

      if (JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING)
        matter->code = json_node_get_string (first);
    }
  applicant = json_object_get_member (object, "applicant");
  if (applicant != NULL && JSON_NODE_HOLDS_OBJECT (applicant))
    {
      matter->applicant_name = string_member (json_node_get_object (applicant), "name");
      matter->applicant_number = string_member (json_node_get_object (applicant), "id_number");
      if (matter->applicant_number == NULL)
        matter->applicant_number = string_member (json_node_get_object (applicant), "credit_code");
    }
  return matter->title != NULL;
}

GVariant *
yc_visit_matter_to_variant (const YcVisitMatter *matter)
{
  g_return_val_if_fail (matter != NULL && matter->title != NULL, NULL);

  return g_variant_new ("(msssmsmsms)", matter->ticket, matter->title, yc_decision_to_wire (matter->decision),
                        matter->code, matter->applicant_name, matter->applicant_number);
}

gboolean
yc_visit_matter_from_variant (GVariant      *variant,
                              YcVisitMatter *matter)
{
  const char *decision = NULL;
  YcVisitMatter read = { 0 };

  g_return_val_if_fail (matter != NULL, FALSE);

  if (variant == NULL || !g_variant_is_of_type (variant, G_VARIANT_TYPE ("(msssmsmsms)")))
    return FALSE;
  g_variant_get (variant, "(m&s&s&sm&sm&sm&s)", &read.ticket, &read.title, &decision, &read.code,
                 &read.applicant_name, &read.applicant_number);
  if (!yc_decision_from_wire (decision, &read.decision))
    return FALSE;
  *matter = read;
  return TRUE;
}

static void
copy_member_cb (JsonObject *from,
                const char *name,
                JsonNode   *node,
                gpointer    user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

JsonNode *
yc_visit_body_new (YcTicket   *ticket,
                   gint64      window,
                   const char *clerk,
                   const char *finished_at,
                   JsonNode   *details)
{
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (YC_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (finished_at != NULL, NULL);
  g_return_val_if_fail (details != NULL && JSON_NODE_HOLDS_OBJECT (details), NULL);

  /* The details first, so that none of them can stand in for the ticket's own members;
   * into an object of the body's own (a copied node would share the caller's). */
  object = json_object_new ();
  json_object_foreach_member (json_node_get_object (details), copy_member_cb, object);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  json_object_set_int_member (object, "ticket_id", yc_ticket_get_id (ticket));
  json_object_set_string_member (object, "number", yc_ticket_get_number (ticket));
  json_object_set_string_member (object, "service", yc_ticket_get_service (ticket));
  json_object_set_int_member (object, "window", window);
  json_object_set_string_member (object, "clerk", clerk != NULL ? clerk : "");
  if (yc_ticket_get_called_at (ticket) != NULL)
    json_object_set_string_member (object, "called_at", yc_ticket_get_called_at (ticket));
  else
    json_object_set_null_member (object, "called_at");
  json_object_set_string_member (object, "finished_at", finished_at);
  return node;
}

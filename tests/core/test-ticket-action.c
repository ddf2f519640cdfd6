/* test-ticket-action.c: the ticket actions and visit outcomes round-trip through their
 * wire names, and the visit record's body carries the ticket, the window, the clerk and
 * what the clerk said, and nothing a detail could forge. */
#include <locale.h>
#include <string.h>

#include "core/yc-ticket-action.h"
#include "core/yc-visit.h"
#include "core/yc-wire.h"

static void
test_actions_round_trip (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i <= YC_TICKET_ACTION_LAST; i++)
    {
      const char *wire = yc_ticket_action_to_wire ((YcTicketAction) i);
      YcTicketAction back = YC_TICKET_ACTION_LAST;

      g_assert_nonnull (wire);
      g_assert_true (g_hash_table_add (seen, (gpointer) wire));
      g_assert_true (yc_ticket_action_from_wire (wire, &back));
      g_assert_cmpint (back, ==, i);
      g_assert_true (g_str_has_prefix (yc_ticket_action_event ((YcTicketAction) i), "ticket."));
      g_assert_cmpstr (yc_ticket_action_get_name ((YcTicketAction) i), !=, "");
    }
  g_assert_false (yc_ticket_action_from_wire ("no_show", NULL));
  g_assert_false (yc_ticket_action_from_wire ("", NULL));
  g_assert_false (yc_ticket_action_from_wire (NULL, NULL));
  g_assert_cmpstr (yc_ticket_action_to_wire (YC_TICKET_ACTION_NO_SHOW), ==, "no-show");
  g_assert_cmpstr (yc_ticket_action_event (YC_TICKET_ACTION_NO_SHOW), ==, "ticket.no_show");
  g_assert_true (yc_ticket_action_of_window (YC_TICKET_ACTION_CALL_NEXT));
  g_assert_false (yc_ticket_action_of_window (YC_TICKET_ACTION_RECALL));
}

static void
test_outcomes_round_trip (void)
{
  for (guint i = 0; i <= YC_VISIT_OUTCOME_LAST; i++)
    {
      YcVisitOutcome back = YC_VISIT_OUTCOME_LAST;

      g_assert_true (yc_visit_outcome_from_wire (yc_visit_outcome_to_wire ((YcVisitOutcome) i), &back));
      g_assert_cmpint (back, ==, i);
    }
  g_assert_cmpstr (yc_visit_outcome_to_wire (YC_VISIT_INFORMED), ==, "informed");
  g_assert_false (yc_visit_outcome_from_wire ("done", NULL));
}

static YcTicket *
called_ticket (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "{\"id\": 7, \"number\": \"B002\", \"service\": \"B\", \"state\": \"called\","
                     " \"issued_at\": \"2026-12-06T09:00:00+08:00\", \"called_at\": \"2026-12-06T09:12:00+08:00\","
                     " \"window\": 1, \"calls\": 1}";
  g_autoptr(JsonNode) node = yc_wire_parse_object (text, strlen (text), 0, &error);
  YcTicket *ticket;

  g_assert_no_error (error);
  ticket = yc_ticket_new_from_json (node, &error);
  g_assert_no_error (error);
  return ticket;
}

/* A JSON object, kept until the test ends. */
static JsonNode *
body_of (const char *text)
{
  static GPtrArray *kept;
  JsonNode *node = yc_wire_parse_object (text, strlen (text), 0, NULL);

  g_assert_nonnull (node);
  if (kept == NULL)
    kept = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_ptr_array_add (kept, node);
  return node;
}

static void
test_visit_body (void)
{
  g_autoptr(YcTicket) ticket = called_ticket ();
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_visit_service_free);
  g_autoptr(JsonNode) details = NULL;
  YcDecision notice = YC_DECISION_NOTICE;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) bare = NULL;
  JsonObject *object;
  JsonArray *handled;

  g_ptr_array_add (services, yc_visit_service_new ("企业开办", "P-QYKB", &notice));
  g_ptr_array_add (services, yc_visit_service_new ("咨询社保", NULL, NULL));
  details = yc_visit_details_new (YC_VISIT_INFORMED, "  缺营业执照  ", services);
  /* A detail named like the ticket's member does not stand in for it. */
  json_object_set_string_member (json_node_get_object (details), "number", "Z999");
  body = yc_visit_body_new (ticket, 3, "1001", "2026-12-06T09:30:00+08:00", details);
  object = json_node_get_object (body);
  g_assert_cmpint (json_object_get_int_member (object, "ticket_id"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (object, "number"), ==, "B002");
  g_assert_cmpstr (json_object_get_string_member (object, "service"), ==, "B");
  g_assert_cmpint (json_object_get_int_member (object, "window"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "clerk"), ==, "1001");
  g_assert_cmpstr (json_object_get_string_member (object, "called_at"), ==, "2026-12-06T09:12:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (object, "finished_at"), ==, "2026-12-06T09:30:00+08:00");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "informed");
  g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "缺营业执照");
  handled = json_object_get_array_member (object, "services");
  g_assert_cmpint (json_array_get_length (handled), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (handled, 0), "code"), ==, "P-QYKB");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (handled, 0), "decision"), ==, "notice");
  g_assert_false (json_object_has_member (json_array_get_object_element (handled, 1), "code"));
  g_assert_false (json_object_has_member (json_array_get_object_element (handled, 1), "decision"));
  /* The details are the caller's still: copied, not taken. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (details), "number"), ==, "Z999");

  /* Read back as made. */
  {
    YcVisitOutcome outcome = YC_VISIT_COMPLETED;
    const char *note = NULL;
    g_autoptr(GPtrArray) read = NULL;
    g_autoptr(GPtrArray) odd = NULL;
    YcVisitService *first, *second;

    g_assert_true (yc_visit_details_read (details, &outcome, &note, &read));
    g_assert_cmpint (outcome, ==, YC_VISIT_INFORMED);
    g_assert_cmpstr (note, ==, "缺营业执照");
    g_assert_cmpuint (read->len, ==, 2);
    first = g_ptr_array_index (read, 0);
    second = g_ptr_array_index (read, 1);
    g_assert_cmpstr (first->name, ==, "企业开办");
    g_assert_cmpstr (first->code, ==, "P-QYKB");
    g_assert_true (first->decided);
    g_assert_cmpint (first->decision, ==, YC_DECISION_NOTICE);
    g_assert_cmpstr (second->name, ==, "咨询社保");
    g_assert_null (second->code);
    g_assert_false (second->decided);
    /* What a desk cannot read is left out: a service without a name, a decision it does
     * not know. */
    g_assert_true (yc_visit_details_read (body_of ("{\"outcome\": \"completed\", \"services\": [{\"code\": \"x\"},"
                                                   " 3, {\"name\": \"a\", \"decision\": \"maybe\"}]}"),
                                          NULL, NULL, &odd));
    g_assert_cmpuint (odd->len, ==, 1);
    g_assert_false (((YcVisitService *) g_ptr_array_index (odd, 0))->decided);
    g_assert_false (yc_visit_details_read (body_of ("{\"outcome\": \"done\"}"), NULL, NULL, NULL));
    g_assert_false (yc_visit_details_read (body_of ("{\"note\": \"x\"}"), NULL, NULL, NULL));
  }

  /* Nothing said: the outcome alone. */
  g_clear_pointer (&details, json_node_unref);
  details = yc_visit_details_new (YC_VISIT_COMPLETED, " ", NULL);
  bare = yc_visit_body_new (ticket, 3, NULL, "2026-12-06T09:30:00+08:00", details);
  object = json_node_get_object (bare);
  g_assert_false (json_object_has_member (object, "note"));
  g_assert_false (json_object_has_member (object, "services"));
  g_assert_cmpstr (json_object_get_string_member (object, "clerk"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (object, "outcome"), ==, "completed");
}

/* What the card shows of an intake's case: from the body, the applicant's number whole
 * (the card masks it). */
static void
test_visit_readers (void)
{
  YcVisitMatter matter;

  g_assert_true (yc_visit_matter_from_case (body_of ("{\"ticket\": \"B002\", \"title\": \"企业开办\","
                                                     " \"items\": [\"990100-001\", \"990100-002\"],"
                                                     " \"decision\": \"notice\","
                                                     " \"applicant\": {\"name\": \"李建国\","
                                                     " \"credit_code\": \"91990100MA0000000X\"}}"), &matter));
  g_assert_cmpstr (matter.ticket, ==, "B002");
  g_assert_cmpstr (matter.title, ==, "企业开办");
  g_assert_cmpstr (matter.code, ==, "990100-001");
  g_assert_cmpint (matter.decision, ==, YC_DECISION_NOTICE);
  /* Through an action's parameter and back, unchanged. */
  {
    g_autoptr(GVariant) variant = g_variant_ref_sink (yc_visit_matter_to_variant (&matter));
    g_autoptr(GVariant) other = g_variant_ref_sink (g_variant_new_string ("x"));
    YcVisitMatter back;

    g_assert_true (yc_visit_matter_from_variant (variant, &back));
    g_assert_cmpstr (back.ticket, ==, "B002");
    g_assert_cmpstr (back.title, ==, "企业开办");
    g_assert_cmpstr (back.code, ==, "990100-001");
    g_assert_cmpint (back.decision, ==, YC_DECISION_NOTICE);
    g_assert_cmpstr (back.applicant_name, ==, "李建国");
    g_assert_cmpstr (back.applicant_number, ==, "91990100MA0000000X");
    g_assert_false (yc_visit_matter_from_variant (other, &back));
  }
  g_assert_cmpstr (matter.applicant_name, ==, "李建国");
  g_assert_cmpstr (matter.applicant_number, ==, "91990100MA0000000X");
  g_assert_true (yc_visit_matter_from_case (body_of ("{\"title\": \"x\", \"package\": \"YJS-001\","
                                                     " \"items\": [\"a\"], \"decision\": \"refused\"}"), &matter));
  g_assert_cmpint (matter.decision, ==, YC_DECISION_REFUSED);
  g_assert_cmpstr (matter.code, ==, "YJS-001");
  g_assert_null (matter.applicant_name);
  g_assert_false (yc_visit_matter_from_case (body_of ("{\"ticket\": \"B002\"}"), &matter));
  g_assert_false (yc_visit_matter_from_case (body_of ("{\"title\": \"x\", \"decision\": \"maybe\"}"), &matter));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticket-action/round-trip", test_actions_round_trip);
  g_test_add_func ("/visit/outcomes", test_outcomes_round_trip);
  g_test_add_func ("/visit/body", test_visit_body);
  g_test_add_func ("/visit/readers", test_visit_readers);

  return g_test_run ();
}

/* test-core.c: the domain rules and wire codecs of app/core, table-driven. */
#include <locale.h>
#include <string.h>

#include "core/yc-catalogue.h"
#include "core/yc-error.h"
#include "core/yc-mask.h"
#include "core/yc-record.h"
#include "core/yc-service.h"
#include "core/yc-ticket.h"
#include "core/yc-time.h"
#include "core/yc-wire.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_error_wire_roundtrip (void)
{
  for (int code = YC_ERROR_OFFLINE; code <= YC_ERROR_INVALID_INPUT; code++)
    {
      const char *wire = yc_error_code_to_wire ((YcError) code);
      g_assert_nonnull (wire);
      g_assert_cmpint (yc_error_code_from_wire (wire, YC_ERROR_SERVER), ==, code);
    }
  g_assert_cmpint (yc_error_code_from_wire ("no_such_code", YC_ERROR_BAD_REQUEST), ==, YC_ERROR_BAD_REQUEST);
  g_assert_cmpint (yc_error_code_from_wire (NULL, YC_ERROR_CONFLICT), ==, YC_ERROR_CONFLICT);
}

static void
test_error_describe (void)
{
  g_autoptr(GHashTable) sentences = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int code = YC_ERROR_OFFLINE; code < YC_ERROR_INVALID_INPUT; code++)
    {
      g_autoptr(GError) error = g_error_new (YC_ERROR, code, "technical detail %d", code);
      g_autofree char *sentence = yc_error_describe (error);

      /* A clerk never reads the technical message, and each code has its own sentence. */
      g_assert_null (strstr (sentence, "technical detail"));
      g_assert_cmpuint (strlen (sentence), >, 10);
      g_assert_true (g_hash_table_add (sentences, g_steal_pointer (&sentence)));
    }

  {
    g_autoptr(GError) input = g_error_new_literal (YC_ERROR, YC_ERROR_INVALID_INPUT, "The window number must be a number.");
    g_autofree char *sentence = yc_error_describe (input);
    g_assert_cmpstr (sentence, ==, "The window number must be a number.");
  }
}

/* One table gives the server the status of each code and the desk its reading of an
 * answer: a code the desk knows wins over the status; the status stands in for one it
 * does not. */
static void
test_error_http (void)
{
  /* Every code, with the status the server has always answered it with. */
  static const struct { YcError code; guint status; } statuses[] = {
    { YC_ERROR_OFFLINE, 500 }, { YC_ERROR_UNAUTHORIZED, 401 }, { YC_ERROR_INVALID_CREDENTIALS, 401 },
    { YC_ERROR_UNKNOWN_WINDOW, 400 }, { YC_ERROR_FORBIDDEN, 403 }, { YC_ERROR_NOT_FOUND, 404 },
    { YC_ERROR_BAD_REQUEST, 400 }, { YC_ERROR_CONFLICT, 409 }, { YC_ERROR_SERVER, 500 },
    { YC_ERROR_PROTOCOL, 400 }, { YC_ERROR_STORAGE, 500 }, { YC_ERROR_DISK_FULL, 507 },
    { YC_ERROR_BAD_ADDRESS, 500 }, { YC_ERROR_INVALID_INPUT, 400 }, { YC_ERROR_LOCKED, 429 },
    { YC_ERROR_RATE_LIMITED, 429 }, { YC_ERROR_WINDOW_OCCUPIED, 409 }, { YC_ERROR_NOT_ASSIGNED, 403 },
    { YC_ERROR_TOO_LARGE, 413 }, { YC_ERROR_NO_CITIZEN, 409 },
  };
  static const struct { guint status; const char *code; YcError expected; } answers[] = {
    /* The code says what happened, whatever the status. */
    { 503, "rate_limited", YC_ERROR_RATE_LIMITED },
    { 429, "rate_limited", YC_ERROR_RATE_LIMITED },
    { 429, "locked", YC_ERROR_LOCKED },
    { 401, "invalid_credentials", YC_ERROR_INVALID_CREDENTIALS },
    { 401, "unauthorized", YC_ERROR_UNAUTHORIZED },
    { 403, "not_assigned", YC_ERROR_NOT_ASSIGNED },
    { 409, "window_occupied", YC_ERROR_WINDOW_OCCUPIED },
    { 409, "no_citizen", YC_ERROR_NO_CITIZEN },
    { 400, "unknown_window", YC_ERROR_UNKNOWN_WINDOW },
    { 413, "too_large", YC_ERROR_TOO_LARGE },
    /* The server's troubles are not the desk's; its "cannot read you" is a bad request. */
    { 500, "internal", YC_ERROR_SERVER },
    { 500, "storage", YC_ERROR_SERVER },
    { 507, "disk_full", YC_ERROR_SERVER },
    { 500, "offline", YC_ERROR_SERVER },
    { 400, "protocol", YC_ERROR_BAD_REQUEST },
    { 400, "invalid_input", YC_ERROR_BAD_REQUEST },
    /* Without a code the desk knows, the status. */
    { 400, NULL, YC_ERROR_BAD_REQUEST },
    { 401, NULL, YC_ERROR_UNAUTHORIZED },
    { 403, "no_such_code", YC_ERROR_FORBIDDEN },
    { 404, NULL, YC_ERROR_NOT_FOUND },
    { 409, NULL, YC_ERROR_CONFLICT },
    { 413, NULL, YC_ERROR_TOO_LARGE },
    { 429, NULL, YC_ERROR_RATE_LIMITED },
    { 500, NULL, YC_ERROR_SERVER },
    { 507, NULL, YC_ERROR_SERVER },
    { 502, NULL, YC_ERROR_SERVER },
    { 503, NULL, YC_ERROR_SERVER },
    { 405, "method_not_allowed", YC_ERROR_SERVER },
    { 408, "timeout", YC_ERROR_SERVER },
    { 302, NULL, YC_ERROR_SERVER },
  };

  g_assert_cmpuint (G_N_ELEMENTS (statuses), ==, YC_ERROR_NO_CITIZEN + 1);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    g_assert_cmpuint (yc_error_http_status (statuses[i].code), ==, statuses[i].status);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_test_message ("%u %s", answers[i].status, answers[i].code);
      g_assert_cmpint (yc_error_code_from_http (answers[i].status, answers[i].code), ==, answers[i].expected);
    }
}

/* The seconds to wait ride on a YC_ERROR and its copies; any other error has none, and
 * asking is no programming error (criticals are fatal here). */
static void
test_error_retry_after (void)
{
  g_autoptr(GError) locked = g_error_new_literal (YC_ERROR, YC_ERROR_LOCKED, "locked");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  g_assert_cmpuint (yc_error_get_retry_after (locked), ==, 0);
  yc_error_set_retry_after (locked, 600);
  copy = g_error_copy (locked);
  g_assert_cmpuint (yc_error_get_retry_after (copy), ==, 600);
  g_assert_cmpuint (yc_error_get_retry_after (io), ==, 0);
  g_assert_cmpuint (yc_error_get_retry_after (NULL), ==, 0);
}

/* Numbers inside a sentence, as a hotline order or a citizen's complaint has them. */
static void
test_mask_text (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "市民王芳（11010519491231002X）来电 13812345678 反映", "市民王芳（1101**********002X）来电 138****5678 反映" },
    { "身份证410702198001011234，电话0373-1234567", "身份证4107**********1234，电话0373-***4567" },
    { "旧证 410702800101123 已换", "旧证 4107*******1123 已换" },
    { "A005 号 2026-11-23 办结，共 3 份", "A005 号 2026-11-23 办结，共 3 份" },
    { "12345 工单", "12345 工单" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = yc_mask_text (cases[i].in);

      g_assert_cmpstr (masked, ==, cases[i].out);
    }
  {
    g_autofree char *none = yc_mask_text (NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_mask (void)
{
  static const struct { const char *in, *id, *phone; } cases[] = {
    { "11010519491231002X", "1101**********002X", "110***********002X" },
    { "13812345678", "1381***5678", "138****5678" },
    { "0373-1234567", "0373****4567", "037*****4567" },
    { "1234567", "*******", "*******" },
    { "", "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = yc_mask_id_number (cases[i].in);
      g_autofree char *phone = yc_mask_phone (cases[i].in);
      g_assert_cmpstr (id, ==, cases[i].id);
      g_assert_cmpstr (phone, ==, cases[i].phone);
    }

  {
    g_autofree char *none = yc_mask_id_number (NULL);
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_ticket_number (void)
{
  static const struct { char letter; guint seq; const char *number; } cases[] = {
    { 'A', 1, "A001" }, { 'B', 42, "B042" }, { 'A', 999, "A999" }, { 'C', 1000, "C1000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *number = yc_ticket_format_number (cases[i].letter, cases[i].seq);
      g_assert_cmpstr (number, ==, cases[i].number);
    }
}

static void
test_ticket_decode (void)
{
  g_autoptr(JsonNode) node = parse ("{\"id\":7,\"number\":\"A007\",\"service\":\"A\",\"state\":\"called\","
                                    "\"issued_at\":\"2026-11-22T09:01:02+08:00\","
                                    "\"called_at\":\"2026-11-22T09:15:00+08:00\",\"window\":3,\"calls\":2}");
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTicket) ticket = yc_ticket_new_from_json (node, &error);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(YcTicket) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (yc_ticket_get_id (ticket), ==, 7);
  g_assert_cmpstr (yc_ticket_get_number (ticket), ==, "A007");
  g_assert_cmpstr (yc_ticket_get_service (ticket), ==, "A");
  g_assert_cmpint (yc_ticket_get_state (ticket), ==, YC_TICKET_CALLED);
  g_assert_cmpint (yc_ticket_get_window (ticket), ==, 3);
  g_assert_cmpstr (yc_ticket_get_called_at (ticket), ==, "2026-11-22T09:15:00+08:00");

  back = yc_ticket_to_json (ticket);
  again = yc_ticket_new_from_json (back, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yc_ticket_get_number (again), ==, "A007");
  g_assert_cmpint (yc_ticket_get_state (again), ==, YC_TICKET_CALLED);
  g_assert_cmpuint (yc_ticket_get_calls (again), ==, 2);

  {
    g_autoptr(JsonNode) missed = parse ("{\"id\":8,\"number\":\"A008\",\"service\":\"A\",\"state\":\"no_show\","
                                        "\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"calls\":3}");
    g_autoptr(YcTicket) no_show = yc_ticket_new_from_json (missed, &error);

    g_assert_no_error (error);
    g_assert_cmpint (yc_ticket_get_state (no_show), ==, YC_TICKET_NO_SHOW);
    g_assert_cmpuint (yc_ticket_get_calls (no_show), ==, 3);
  }

  /* Transferred to the B queue, keeping its number; parked; and through the store. */
  {
    g_autoptr(JsonNode) moved = parse ("{\"id\":9,\"number\":\"A009\",\"service\":\"B\",\"state\":\"parked\","
                                       "\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"walk_in\":true,"
                                       "\"parked_at\":\"2026-11-22T09:20:00+08:00\",\"note\":\"缺营业执照\","
                                       "\"transferred_from\":1,\"transferred_from_name\":\"1号窗口\"}");
    g_autoptr(YcTicket) parked = yc_ticket_new_from_json (moved, &error);
    g_autoptr(JsonNode) stored = NULL;
    g_autoptr(YcTicket) restored = NULL;

    g_assert_no_error (error);
    stored = yc_ticket_to_json (parked);
    restored = yc_ticket_new_from_json (stored, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (yc_ticket_get_service (restored), ==, "B");
    g_assert_cmpint (yc_ticket_get_state (restored), ==, YC_TICKET_PARKED);
    g_assert_true (yc_ticket_get_walk_in (restored));
    g_assert_cmpstr (yc_ticket_get_parked_at (restored), ==, "2026-11-22T09:20:00+08:00");
    g_assert_cmpstr (yc_ticket_get_note (restored), ==, "缺营业执照");
    g_assert_cmpstr (yc_ticket_get_transferred_from_name (restored), ==, "1号窗口");
  }
}

/* A scenario's citizen brings a story: kept as the text it is (a string, or strings by
 * language), through the store too; a story of another shape is left out, not an error. */
static void
test_ticket_story (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) told = parse ("{\"id\":11,\"number\":\"A011\",\"service\":\"A\","
                                    "\"issued_at\":\"2026-11-22T09:01:02+08:00\","
                                    "\"story\":{\"zh_CN\":\"张大爷，七十二岁，来办老年证\",\"en\":\"Mr Zhang, 72\"}}");
  g_autoptr(JsonNode) plain = parse ("{\"id\":12,\"number\":\"A012\",\"service\":\"A\","
                                     "\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"story\":\"带了户口簿\"}");
  g_autoptr(JsonNode) odd = parse ("{\"id\":13,\"number\":\"A013\",\"service\":\"A\","
                                   "\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"story\":7}");
  g_autoptr(YcTicket) ticket = yc_ticket_new_from_json (told, &error);
  g_autoptr(YcTicket) restored = NULL;
  g_autoptr(YcTicket) simple = NULL;
  g_autoptr(YcTicket) other = NULL;
  g_autoptr(JsonNode) stored = NULL;
  JsonNode *story;

  g_assert_no_error (error);
  story = yc_ticket_get_story (ticket);
  g_assert_nonnull (story);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (story));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (story), "zh_CN"), ==,
                   "张大爷，七十二岁，来办老年证");

  stored = yc_ticket_to_json (ticket);
  restored = yc_ticket_new_from_json (stored, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (yc_ticket_get_story (restored), story));

  simple = yc_ticket_new_from_json (plain, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (yc_ticket_get_story (simple)), ==, "带了户口簿");

  other = yc_ticket_new_from_json (odd, &error);
  g_assert_no_error (error);
  g_assert_null (yc_ticket_get_story (other));
}

static void
test_ticket_decode_invalid (void)
{
  static const char *cases[] = {
    "[]",
    "{}",
    "{\"id\":\"7\",\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\"}",
    "{\"id\":0,\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\"}",
    "{\"id\":7,\"number\":\"7A\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\"}",
    "{\"id\":7,\"number\":\"A007\",\"service\":\"b\",\"issued_at\":\"2026-11-22T09:01:02+08:00\"}",
    "{\"id\":7,\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"walk_in\":1}",
    "{\"id\":7,\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"yesterday\"}",
    "{\"id\":7,\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"state\":\"lost\"}",
    "{\"id\":7,\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"called_at\":\"x\"}",
    "{\"id\":7,\"number\":\"A007\",\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\",\"window\":\"3\"}",
    "{\"id\":7,\"number\":null,\"service\":\"A\",\"issued_at\":\"2026-11-22T09:01:02+08:00\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcTicket) ticket = yc_ticket_new_from_json (node, &error);

      g_assert_null (ticket);
      g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    }
}

static void
test_record_roundtrip (void)
{
  g_autoptr(JsonNode) body = parse ("{\"ticket_id\":3,\"number\":\"A003\"}");
  g_autoptr(YcRecord) record = yc_record_new ("visit", body);
  g_autoptr(JsonNode) node = yc_record_to_json (record);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcRecord) decoded = yc_record_new_from_json (node, &error);
  g_autoptr(YcRecord) other = yc_record_new ("visit", body);

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (yc_record_get_id (record)));
  g_assert_cmpstr (yc_record_get_id (decoded), ==, yc_record_get_id (record));
  g_assert_cmpstr (yc_record_get_kind (decoded), ==, "visit");
  g_assert_cmpstr (yc_record_get_created_at (decoded), ==, yc_record_get_created_at (record));
  g_assert_true (json_node_equal (yc_record_get_body (decoded), body));
  /* Each record is its own idempotency key. */
  g_assert_cmpstr (yc_record_get_id (other), !=, yc_record_get_id (record));
}

/* Kinds and reasons travel as words and are used as enums; a word this build does not
 * know reads as "other", so a newer centre's record or reason is still shown. */
static void
test_record_kinds_reasons (void)
{
  g_autoptr(JsonNode) visit_body = json_from_string ("{\"number\": \"B002\", \"title\": \"x\"}", NULL);
  g_autoptr(JsonNode) case_body = json_from_string ("{\"number\": 3, \"title\": \"企业开办\"}", NULL);
  g_autoptr(JsonNode) odd_body = json_from_string ("{\"title\": 7}", NULL);
  g_autoptr(YcRecord) visit = yc_record_new ("visit", visit_body);
  g_autoptr(YcRecord) a_case = yc_record_new ("case", case_body);
  g_autoptr(YcRecord) odd_case = yc_record_new ("case", odd_body);
  g_autoptr(YcRecord) other = yc_record_new ("rating", visit_body);

  for (YcRecordKind kind = YC_RECORD_KIND_VISIT; kind <= YC_RECORD_KIND_TASK_RESULT; kind++)
    g_assert_cmpint (yc_record_kind_from_wire (yc_record_kind_to_wire (kind)), ==, kind);
  g_assert_null (yc_record_kind_to_wire (YC_RECORD_KIND_OTHER));
  g_assert_cmpint (yc_record_kind_from_wire ("rating"), ==, YC_RECORD_KIND_OTHER);
  g_assert_cmpint (yc_record_kind_from_wire (NULL), ==, YC_RECORD_KIND_OTHER);
  for (YcRecordReason reason = YC_RECORD_REASON_TICKET_TAKEN; reason <= YC_RECORD_REASON_TOO_LARGE; reason++)
    g_assert_cmpint (yc_record_reason_from_wire (yc_record_reason_to_wire (reason)), ==, reason);
  g_assert_cmpstr (yc_record_reason_to_wire (YC_RECORD_REASON_TICKET_TAKEN), ==, "ticket_taken");
  g_assert_cmpint (yc_record_reason_from_wire ("window_closed"), ==, YC_RECORD_REASON_OTHER);
  g_assert_cmpint (yc_record_reason_from_wire (NULL), ==, YC_RECORD_REASON_OTHER);

  /* A visit is known by its ticket, a case by its title; a mistyped member is none. */
  g_assert_cmpstr (yc_record_get_subject (visit), ==, "B002");
  g_assert_cmpstr (yc_record_get_subject (a_case), ==, "企业开办");
  g_assert_null (yc_record_get_subject (odd_case));
  g_assert_null (yc_record_get_subject (other));
}

static void
test_record_decode_invalid (void)
{
  static const char *cases[] = {
    "{\"kind\":\"visit\",\"created_at\":\"2026-11-22T09:00:00+08:00\",\"body\":{}}",
    "{\"id\":\"not-a-uuid\",\"kind\":\"visit\",\"created_at\":\"2026-11-22T09:00:00+08:00\",\"body\":{}}",
    "{\"id\":\"6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f\",\"kind\":\"Visit!\",\"created_at\":\"2026-11-22T09:00:00+08:00\",\"body\":{}}",
    "{\"id\":\"6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f\",\"kind\":\"visit\",\"created_at\":\"now\",\"body\":{}}",
    "{\"id\":\"6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f\",\"kind\":\"visit\",\"created_at\":\"2026-11-22T09:00:00+08:00\",\"body\":[]}",
    "{\"id\":\"6f1c2a4e-9b7d-4c55-8a1e-2f3b4c5d6e7f\",\"kind\":\"visit\",\"created_at\":\"2026-11-22T09:00:00+08:00\"}",
    "\"visit\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcRecord) record = yc_record_new_from_json (node, &error);

      g_assert_null (record);
      g_assert_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST);
    }
}

static const char session_text[] =
  "{\"token\":\"abc\",\"clerk\":{\"id\":\"1001\",\"name\":\"张敏\"},"
  "\"window\":{\"id\":1,\"name\":\"1号窗口\"},\"hall\":{\"name\":\"示范市政务服务中心\"},"
  "\"services\":[{\"letter\":\"A\",\"name\":\"综合事务\"},{\"letter\":\"B\",\"name\":\"企业事务\"}]}";

static void
test_session_decode (void)
{
  g_autoptr(JsonNode) node = parse (session_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcSession) session = yc_session_new_from_json (node, &error);
  g_autoptr(YcSession) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (session->token, ==, "abc");
  g_assert_cmpstr (session->clerk_name, ==, "张敏");
  g_assert_cmpint (session->window_id, ==, 1);
  g_assert_cmpstr (session->hall_name, ==, "示范市政务服务中心");
  g_assert_cmpuint (session->services->len, ==, 2);
  g_assert_cmpstr (yc_service_get_name (g_ptr_array_index (session->services, 1)), ==, "企业事务");

  g_assert_false (session->training);
  g_assert_cmpint (session->role, ==, YC_ROLE_CLERK);
  /* A server that does not say prints as the centre writes. */
  g_assert_cmpstr (session->documents_language, ==, "zh_CN");

  copy = yc_session_copy (session);
  g_assert_cmpstr (copy->clerk_id, ==, "1001");
  g_assert_cmpstr (copy->documents_language, ==, "zh_CN");

  /* The language of the centre's documents (docs/api.md, POST /sessions): one the desk
   * prints in, else as the centre writes; a language is a string. */
  {
    static const struct { const char *member; const char *language; } cases[] = {
      { "\"zh_TW\"", "zh_TW" },
      { "\"zh_HK\"", "zh_HK" },
      { "\"zh_CN\"", "zh_CN" },
      { "\"fr\"", "zh_CN" },
      { "null", "zh_CN" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *text = g_strdup_printf ("{\"token\":\"t\",\"clerk\":{\"id\":\"1001\",\"name\":\"张敏\"},"
                                                 "\"window\":{\"id\":1,\"name\":\"1号窗口\"},"
                                                 "\"hall\":{\"name\":\"h\",\"documents_language\":%s},"
                                                 "\"services\":[]}", cases[i].member);
        g_autoptr(JsonNode) with_language = parse (text);
        g_autoptr(YcSession) decoded = yc_session_new_from_json (with_language, &error);
        g_autoptr(YcSession) decoded_copy = NULL;

        g_assert_no_error (error);
        g_assert_cmpstr (decoded->documents_language, ==, cases[i].language);
        decoded_copy = yc_session_copy (decoded);
        g_assert_cmpstr (decoded_copy->documents_language, ==, cases[i].language);
      }
  }
  {
    g_autoptr(JsonNode) number = parse ("{\"token\":\"t\",\"clerk\":{\"id\":\"1001\",\"name\":\"张敏\"},"
                                        "\"window\":{\"id\":1,\"name\":\"1号窗口\"},"
                                        "\"hall\":{\"name\":\"h\",\"documents_language\":5},\"services\":[]}");
    g_autoptr(YcSession) refused = yc_session_new_from_json (number, &error);

    g_assert_null (refused);
    g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    g_clear_error (&error);
  }
  g_assert_cmpint (copy->role, ==, YC_ROLE_CLERK);

  /* A duty manager sits at no window (docs/api.md, POST /sessions). */
  {
    g_autoptr(JsonNode) manager = parse ("{\"token\":\"t\",\"role\":\"supervisor\",\"clerk\":{\"id\":\"9002\",\"name\":\"周静\"},"
                                         "\"window\":null,\"hall\":{\"name\":\"h\"},\"services\":[],\"training\":true}");
    g_autoptr(YcSession) supervisor = yc_session_new_from_json (manager, &error);
    g_autoptr(YcSession) supervisor_copy = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (supervisor->role, ==, YC_ROLE_SUPERVISOR);
    g_assert_cmpint (supervisor->window_id, ==, 0);
    g_assert_null (supervisor->window_name);
    supervisor_copy = yc_session_copy (supervisor);
    g_assert_cmpint (supervisor_copy->role, ==, YC_ROLE_SUPERVISOR);
  }
  g_assert_cmpuint (copy->services->len, ==, 2);

  /* A server playing a training scenario says so: the desk's papers are then a demo's. */
  {
    g_autofree char *text = NULL;
    g_autoptr(JsonNode) trained = NULL;
    g_autoptr(YcSession) training = NULL;
    g_autoptr(YcSession) training_copy = NULL;

    text = g_strdup_printf ("%.*s,\"training\":true}", (int) (strrchr (session_text, '}') - session_text),
                            session_text);
    trained = parse (text);
    training = yc_session_new_from_json (trained, &error);
    g_assert_no_error (error);
    g_assert_true (training->training);
    training_copy = yc_session_copy (training);
    g_assert_true (training_copy->training);
  }
}

static void
test_session_decode_invalid (void)
{
  static const char *cases[] = {
    "{}",
    "{\"token\":\"\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":{\"id\":1,\"name\":\"w\"},\"hall\":{\"name\":\"h\"},\"services\":[]}",
    "{\"token\":\"t\",\"clerk\":\"1001\",\"window\":{\"id\":1,\"name\":\"w\"},\"hall\":{\"name\":\"h\"},\"services\":[]}",
    "{\"token\":\"t\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":{\"id\":\"1\",\"name\":\"w\"},\"hall\":{\"name\":\"h\"},\"services\":[]}",
    "{\"token\":\"t\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":{\"id\":1,\"name\":\"w\"},\"hall\":{\"name\":\"h\"},\"services\":{}}",
    "{\"token\":\"t\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":{\"id\":1,\"name\":\"w\"},\"hall\":{\"name\":\"h\"},\"services\":[{\"letter\":1}]}",
    "{\"token\":\"t\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":{\"id\":1,\"name\":\"w\"},\"services\":[]}",
    /* A clerk without a window, a device's role, a role there is not. */
    "{\"token\":\"t\",\"role\":\"clerk\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":null,\"hall\":{\"name\":\"h\"},\"services\":[]}",
    "{\"token\":\"t\",\"role\":\"kiosk\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":null,\"hall\":{\"name\":\"h\"},\"services\":[]}",
    "{\"token\":\"t\",\"role\":\"boss\",\"clerk\":{\"id\":\"1\",\"name\":\"a\"},\"window\":null,\"hall\":{\"name\":\"h\"},\"services\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(YcSession) session = yc_session_new_from_json (node, &error);

      g_assert_null (session);
      g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    }
}

static void
test_queues_decode (void)
{
  g_autoptr(JsonNode) good = parse ("{\"queues\":[{\"letter\":\"A\",\"name\":\"综合事务\",\"waiting\":4}]}");
  g_autoptr(JsonNode) negative = parse ("{\"queues\":[{\"letter\":\"A\",\"name\":\"x\",\"waiting\":-1}]}");
  g_autoptr(JsonNode) missing = parse ("{\"queue\":[]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queues = yc_wire_queues_from_json (good, &error);
  g_autoptr(GPtrArray) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (queues->len, ==, 1);
  g_assert_cmpuint (yc_service_get_waiting (g_ptr_array_index (queues, 0)), ==, 4);

  bad = yc_wire_queues_from_json (negative, &error);
  g_assert_null (bad);
  g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
  g_clear_error (&error);

  bad = yc_wire_queues_from_json (missing, &error);
  g_assert_null (bad);
  g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
}

static void
test_results_roundtrip (void)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) decoded = NULL;
  g_autoptr(JsonNode) unknown = parse ("{\"results\":[{\"id\":\"x\",\"status\":\"maybe\"}]}");
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (results, yc_record_result_new ("a", YC_RECORD_STORED, NULL));
  g_ptr_array_add (results, yc_record_result_new ("b", YC_RECORD_DUPLICATE, NULL));
  g_ptr_array_add (results, yc_record_result_new ("c", YC_RECORD_REJECTED, "bad body"));
  /* Stored but changed nothing: its code says why. */
  g_ptr_array_add (results, yc_record_result_new ("d", YC_RECORD_NOT_APPLIED, "ticket A001 is called by clerk 1002"));
  ((YcRecordResult *) g_ptr_array_index (results, 3))->code = g_strdup ("ticket_taken");
  node = yc_wire_results_to_json (results);
  decoded = yc_wire_results_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      YcRecordResult *a = g_ptr_array_index (results, i);
      YcRecordResult *b = g_ptr_array_index (decoded, i);
      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpstr (a->code, ==, b->code);
    }
  g_assert_cmpstr (yc_record_status_to_wire (YC_RECORD_NOT_APPLIED), ==, "not_applied");

  g_assert_null (yc_wire_results_from_json (unknown, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
}

static void
test_parse_object (void)
{
  static const struct { const char *text; gssize length; } bad[] = {
    { "", 0 },
    { "[1,2]", -1 },
    { "{\"a\":", -1 },
    { "not json", -1 },
    { "\"string\"", -1 },
    { "{\"a\":\"\xff\xfe\"}", -1 },
    /* What json-glib 1.6 alone takes without a word: the strict contract refuses it. */
    { "{\"a\":1,\"a\":2}", -1 },
    { "{\"a\":\"cut\\u0000here\"}", -1 },
    { "{\"a\":\"\\ud800\"}", -1 },
    { "{\"a\":\"\\udc00x\"}", -1 },
    { "{\"a\":1} {}", -1 },
    { "{\"a\":[1,]}", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gsize length = bad[i].length < 0 ? strlen (bad[i].text) : (gsize) bad[i].length;
      g_autoptr(JsonNode) node = yc_wire_parse_object (bad[i].text, length, YC_ERROR_PROTOCOL, &error);

      g_assert_null (node);
      g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = yc_wire_parse_object ("{\"ok\":true}", 11, YC_ERROR_BAD_REQUEST, &error);
    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  }
}

/* {"a": [[…]]}: an object holding arrays levels - 1 deep, levels in all. */
static GString *
nested_document (gsize levels)
{
  GString *text = g_string_new ("{\"a\":");

  for (gsize i = 1; i < levels; i++)
    g_string_append_c (text, '[');
  for (gsize i = 1; i < levels; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
  return text;
}

/* 100,000 “[” and as many “]” overflowed the stack in json-glib's recursive reader: a
 * hostile request crashed the server, a hostile answer a desk. 64 levels are read,
 * 65 are refused. */
static void
test_parse_object_deep (void)
{
  const gsize levels[] = { 100000, 65, 64 };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(GString) text = nested_document (levels[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = yc_wire_parse_object (text->str, text->len, YC_ERROR_BAD_REQUEST, &error);

      if (levels[i] <= 64)
        {
          g_assert_no_error (error);
          g_assert_nonnull (node);
          continue;
        }
      g_assert_null (node);
      g_assert_error (error, YC_ERROR, YC_ERROR_BAD_REQUEST);
      g_assert_nonnull (strstr (error->message, "deep"));
    }
}

static void
test_error_body (void)
{
  g_autoptr(JsonNode) body = yc_wire_error_body ("forbidden", "not your window");
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  g_autoptr(JsonNode) other = parse ("{\"error\":\"boom\"}");
  char *c = NULL, *m = NULL;

  g_assert_true (yc_wire_error_from_json (body, &code, &message));
  g_assert_cmpstr (code, ==, "forbidden");
  g_assert_cmpstr (message, ==, "not your window");
  g_assert_false (yc_wire_error_from_json (other, &c, &m));
  g_assert_false (yc_wire_error_from_json (NULL, &c, &m));
}

static void
test_time (void)
{
  g_autofree char *now = yc_time_now_iso8601 ();
  g_autoptr(GDateTime) parsed = yc_time_parse (now);
  g_autofree char *clock = yc_time_format_clock ("2026-11-22T09:05:00+00:00");
  g_autofree char *empty = yc_time_format_clock ("garbage");

  g_assert_nonnull (parsed);
  /* Shown in the hall's time zone (TZ is Asia/Shanghai in this test). */
  g_assert_cmpstr (clock, ==, "17:05");
  g_assert_cmpstr (empty, ==, "");
  g_assert_null (yc_time_parse (NULL));
  /* A time never set counts as long ago. */
  g_assert_cmpint (yc_time_seconds_since (now), <=, 1);
  g_assert_cmpint (yc_time_seconds_since ("2000-01-01T00:00:00+08:00"), >, 0);
  g_assert_cmpint (yc_time_seconds_since (NULL), ==, G_MAXINT32);
  g_assert_cmpint (yc_time_seconds_since ("garbage"), ==, G_MAXINT32);
}

#define ITEM_BODY(extra) \
  "{\"code\":\"I1\",\"name\":\"企业设立登记\",\"department\":\"SCJG\",\"type\":\"行政许可\"," \
  "\"legal_days\":15,\"promised_days\":1" extra ",\"guide\":{\"conditions\":[\"…\"],\"materials\":[" \
  "{\"name\":\"居民身份证\",\"source\":\"e_licence\",\"form\":\"original\",\"count\":1,\"required\":true,\"deferrable\":false}]}}"

static const char catalogue_delta[] =
  "{\"epoch\":\"e1\",\"since\":3,\"revision\":7,\"latest\":12,\"more\":true,\"changes\":["
  "{\"kind\":\"item\",\"code\":\"I1\",\"revision\":6,\"body\":" ITEM_BODY (",\"keywords\":[\"营业执照\",\"开公司\"]") "},"
  "{\"kind\":\"department\",\"code\":\"SCJG\",\"revision\":4,\"body\":{\"code\":\"SCJG\",\"name\":\"市场监督管理局\"}},"
  "{\"kind\":\"calendar\",\"code\":\"2026\",\"revision\":5,\"body\":{\"year\":2026,"
  "\"holidays\":[{\"date\":\"2026-10-01\",\"name\":\"国庆节\"}],\"workdays\":[{\"date\":\"2026-10-10\"}]}}],"
  "\"removals\":[{\"kind\":\"package\",\"code\":\"YJS-001\",\"revision\":7}]}";

static void
test_catalogue_delta (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalogueDelta) delta = yc_catalogue_delta_new_from_text (catalogue_delta, strlen (catalogue_delta), &error);
  YcCatalogueEntry *first, *last;

  g_assert_no_error (error);
  g_assert_cmpstr (delta->epoch, ==, "e1");
  g_assert_cmpint (delta->since, ==, 3);
  g_assert_cmpint (delta->revision, ==, 7);
  g_assert_cmpint (delta->latest, ==, 12);
  g_assert_true (delta->more);
  g_assert_cmpuint (delta->entries->len, ==, 4);
  /* In revision order, whatever the order of the lists. */
  first = g_ptr_array_index (delta->entries, 0);
  last = g_ptr_array_index (delta->entries, 3);
  g_assert_cmpint (first->kind, ==, YC_CATALOGUE_DEPARTMENT);
  g_assert_cmpint (first->revision, ==, 4);
  g_assert_cmpint (last->kind, ==, YC_CATALOGUE_PACKAGE);
  g_assert_cmpstr (last->code, ==, "YJS-001");
  g_assert_null (last->body);
  g_assert_null (last->name);

  /* What a cache indexes comes out of the body, and the body stays the text it was. */
  {
    YcCatalogueEntry *item = g_ptr_array_index (delta->entries, 2);
    const char *body = strstr (catalogue_delta, ITEM_BODY (",\"keywords\":[\"营业执照\",\"开公司\"]"));

    g_assert_cmpint (item->kind, ==, YC_CATALOGUE_ITEM);
    g_assert_cmpstr (item->name, ==, "企业设立登记");
    g_assert_cmpstr (item->department, ==, "SCJG");
    g_assert_cmpstr (item->type, ==, "行政许可");
    g_assert_nonnull (item->keywords);
    g_assert_cmpstr (item->keywords[0], ==, "营业执照");
    g_assert_cmpstr (item->keywords[1], ==, "开公司");
    g_assert_null (item->keywords[2]);
    g_assert_nonnull (body);
    g_assert_cmpmem (item->body, item->body_length,
                     body, strlen (ITEM_BODY (",\"keywords\":[\"营业执照\",\"开公司\"]")));
    g_assert_cmpint (item->body[item->body_length], ==, '\0');
  }
}

static void
test_catalogue_delta_invalid (void)
{
  static const char *cases[] = {
    "{\"since\":0,\"revision\":0,\"latest\":0,\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":5,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":\"no\",\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":{},\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[{\"kind\":\"x\",\"code\":\"a\",\"revision\":1}]}",
    "{\"epoch\":\"e\",\"since\":2,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[{\"kind\":\"item\",\"code\":\"a\",\"revision\":9}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"item\",\"code\":\"I1\",\"revision\":1,\"body\":"
      ITEM_BODY (",\"keywords\":[1]") "}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"item\",\"code\":\"I2\",\"revision\":1,\"body\":"
      ITEM_BODY ("") "}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"item\",\"code\":\"I1\",\"revision\":1,\"body\":"
      "{\"code\":\"I1\",\"name\":\"n\",\"department\":\"d\",\"type\":\"t\",\"legal_days\":1,\"promised_days\":5,\"guide\":{\"materials\":[]}}}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"item\",\"code\":\"I1\",\"revision\":1,\"body\":"
      "{\"code\":\"I1\",\"name\":\"n\",\"department\":\"d\",\"type\":\"t\",\"legal_days\":1,\"promised_days\":1,\"guide\":{\"materials\":[{\"name\":\"m\"}]}}}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"package\",\"code\":\"P\",\"revision\":1,\"body\":"
      "{\"code\":\"P\",\"name\":\"n\",\"items\":[]}}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"calendar\",\"code\":\"2026\",\"revision\":1,\"body\":"
      "{\"year\":2026,\"holidays\":[{\"date\":\"2025-10-01\"}]}}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"calendar\",\"code\":\"2026\",\"revision\":1,\"body\":"
      "{\"year\":2026,\"holidays\":[{\"date\":\"2026-02-30\"}]}}]}",
    /* The progress total: required, a whole number, never behind the page. */
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":3,\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":\"9\",\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":9.5,\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":null,\"more\":false,\"changes\":[],\"removals\":[]}",
    /* Read strictly, without json-glib: the text as a whole. */
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[]} x",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[]",
    "{\"epoch\":\"e\",\"epoch\":\"f\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[],}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[1,],\"removals\":[]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"changes\":[],\"removals\":[{\"kind\":\"item\",\"code\":\"a\"}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"item\",\"code\":\"I1\",\"revision\":1,\"body\":"
      ITEM_BODY (",\"name\":\"again\"") "}]}",
    "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,\"more\":false,\"removals\":[],\"changes\":[{\"kind\":\"item\",\"code\":\"I1\",\"revision\":1,\"body\":"
      ITEM_BODY (",\"note\":\"\\ud800\"") "}]}",
    "[]",
    "",
  };

  /* The cases below break this one, accepted, in one place each. */
  {
    const char *text = "{\"epoch\":\"e\",\"since\":0,\"revision\":4,\"latest\":4,"
                       "\"more\":false,\"changes\":[],\"removals\":[]}";
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCatalogueDelta) delta = yc_catalogue_delta_new_from_text (text, strlen (text), &error);

    g_assert_no_error (error);
    g_assert_cmpint (delta->latest, ==, 4);
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YcCatalogueDelta) delta = yc_catalogue_delta_new_from_text (cases[i], strlen (cases[i]), &error);

      if (delta != NULL)
        g_error ("case %u was accepted", i);
      g_assert_error (error, YC_ERROR, YC_ERROR_PROTOCOL);
    }
}

/* A year's holiday notice may reach into the neighbouring months (the 2019 notice began
 * New Year's holiday on 30 December 2018, with 29 December a make-up working day); no
 * further. */
static void
test_catalogue_calendar_edges (void)
{
  const char *reaching =
    "{\"epoch\":\"e\",\"since\":0,\"revision\":1,\"latest\":1,\"more\":false,\"removals\":[],"
    "\"changes\":[{\"kind\":\"calendar\",\"code\":\"2019\",\"revision\":1,\"body\":{\"year\":2019,"
    "\"holidays\":[{\"date\":\"2018-12-30\",\"name\":\"元旦\"},{\"date\":\"2018-12-31\",\"name\":\"元旦\"},"
    "{\"date\":\"2019-01-01\",\"name\":\"元旦\"}],"
    "\"workdays\":[{\"date\":\"2018-12-29\",\"name\":\"元旦调休上班\"}]}}]}";
  const char *too_far =
    "{\"epoch\":\"e\",\"since\":0,\"revision\":1,\"latest\":1,\"more\":false,\"removals\":[],"
    "\"changes\":[{\"kind\":\"calendar\",\"code\":\"2019\",\"revision\":1,\"body\":{\"year\":2019,"
    "\"holidays\":[{\"date\":\"2020-02-01\",\"name\":\"春节\"}]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalogueDelta) delta = yc_catalogue_delta_new_from_text (reaching, strlen (reaching), &error);
  g_autoptr(YcCatalogueDelta) refused = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (delta);
  refused = yc_catalogue_delta_new_from_text (too_far, strlen (too_far), &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/error/wire-roundtrip", test_error_wire_roundtrip);
  g_test_add_func ("/core/error/describe", test_error_describe);
  g_test_add_func ("/core/error/retry-after", test_error_retry_after);
  g_test_add_func ("/core/error/http", test_error_http);
  g_test_add_func ("/core/mask", test_mask);
  g_test_add_func ("/core/mask/text", test_mask_text);
  g_test_add_func ("/core/ticket/number", test_ticket_number);
  g_test_add_func ("/core/ticket/decode", test_ticket_decode);
  g_test_add_func ("/core/ticket/decode-invalid", test_ticket_decode_invalid);
  g_test_add_func ("/core/ticket/story", test_ticket_story);
  g_test_add_func ("/core/record/roundtrip", test_record_roundtrip);
  g_test_add_func ("/core/record/decode-invalid", test_record_decode_invalid);
  g_test_add_func ("/core/record/kinds-reasons", test_record_kinds_reasons);
  g_test_add_func ("/core/wire/session", test_session_decode);
  g_test_add_func ("/core/wire/session-invalid", test_session_decode_invalid);
  g_test_add_func ("/core/wire/queues", test_queues_decode);
  g_test_add_func ("/core/wire/results", test_results_roundtrip);
  g_test_add_func ("/core/wire/parse-object", test_parse_object);
  g_test_add_func ("/core/wire/parse-object-deep", test_parse_object_deep);
  g_test_add_func ("/core/wire/error-body", test_error_body);
  g_test_add_func ("/core/time", test_time);
  g_test_add_func ("/core/catalogue/delta", test_catalogue_delta);
  g_test_add_func ("/core/catalogue/delta-invalid", test_catalogue_delta_invalid);
  g_test_add_func ("/core/catalogue/calendar-edges", test_catalogue_calendar_edges);

  return g_test_run ();
}

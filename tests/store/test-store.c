/* test-store.c: the desk's outbox: private file, order, results, persistence. */
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "core/yc-error.h"
#include "core/yc-wire.h"
#include "store/yc-store.h"
#include "../test-util.h"

typedef struct
{
  char    *dir;
  char    *path;
  YcStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet, as on a clerk's first day. */
  f->path = g_build_filename (f->dir, "yichuang", "desk.db", NULL);
  f->store = yc_store_open (f->path, &error);
  g_assert_no_error (error);
}

/* The worker hands its last reference back through the main context. */
static void
release_store (YcStore **store)
{
  yc_test_wait_until (G_OBJECT (*store)->ref_count == 1, 10);
  g_assert_finalize_object (g_steal_pointer (store));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  release_store (&f->store);
  yc_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static YcRecord *
make_record (guint n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, n);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, "一窗受理");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  return yc_record_new ("note", body);
}

static void
enqueue (YcStore  *store,
         YcRecord *record)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  yc_store_enqueue_async (store, record, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  g_assert_true (yc_store_enqueue_finish (store, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
fetch (YcStore *store,
       guint    limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records;

  yc_store_fetch_pending_async (store, limit, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  records = yc_store_fetch_pending_finish (store, result, &error);
  g_assert_no_error (error);
  return records;
}

static void
test_private_file (Fixture       *f,
                   gconstpointer  data)
{
  struct stat st;
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_assert_cmpint (stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);
}

static void
test_order_and_results (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(GAsyncResult) applied = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_ptr_array_add (records, make_record (i));
      enqueue (f->store, g_ptr_array_index (records, i));
    }
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 5);

  first = fetch (f->store, 3);
  g_assert_cmpuint (first->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      YcRecord *r = g_ptr_array_index (first, i);
      g_assert_cmpstr (yc_record_get_id (r), ==, yc_record_get_id (g_ptr_array_index (records, i)));
      g_assert_true (json_node_equal (yc_record_get_body (r), yc_record_get_body (g_ptr_array_index (records, i))));
    }

  g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (g_ptr_array_index (first, 0)), YC_RECORD_STORED, NULL));
  g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (g_ptr_array_index (first, 1)), YC_RECORD_DUPLICATE, NULL));
  g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (g_ptr_array_index (first, 2)), YC_RECORD_REJECTED, "bad"));
  yc_store_apply_results_async (f->store, results, NULL, yc_test_result_cb, &applied);
  yc_test_wait_until (applied != NULL, 10);
  g_assert_true (yc_store_apply_results_finish (f->store, applied, &error));
  g_assert_no_error (error);

  /* Stored, duplicate and rejected all leave the pending set; the last two remain. */
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 2);
  rest = fetch (f->store, 10);
  g_assert_cmpuint (rest->len, ==, 2);
  g_assert_cmpstr (yc_record_get_id (g_ptr_array_index (rest, 0)), ==, yc_record_get_id (g_ptr_array_index (records, 3)));
}

static YcRecord *
get_record (YcStore    *store,
            const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  YcRecord *record;

  yc_store_get_record_async (store, id, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  record = yc_store_get_record_finish (store, result, &error);
  g_assert_no_error (error);
  return record;
}

/* A record sent long ago is still there to print its paper again; one of another desk is
 * not, and that is no error. */
static void
test_get_record (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YcRecord) record = make_record (7);
  g_autoptr(YcRecord) again = NULL;
  g_autoptr(YcRecord) unknown = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(GAsyncResult) applied = NULL;

  enqueue (f->store, record);
  g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (record), YC_RECORD_STORED, NULL));
  yc_store_apply_results_async (f->store, results, NULL, yc_test_result_cb, &applied);
  yc_test_wait_until (applied != NULL, 10);
  g_assert_true (yc_store_apply_results_finish (f->store, applied, NULL));
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 0);

  again = get_record (f->store, yc_record_get_id (record));
  g_assert_nonnull (again);
  g_assert_cmpstr (yc_record_get_kind (again), ==, "note");
  g_assert_true (json_node_equal (yc_record_get_body (again), yc_record_get_body (record)));
  unknown = get_record (f->store, "00000000-0000-4000-8000-000000000000");
  g_assert_null (unknown);
}

static void
test_reopen_keeps_pending (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(YcRecord) record = make_record (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  enqueue (f->store, record);
  release_store (&f->store);

  /* As after a crash or a restart: nothing written is lost. */
  f->store = yc_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  records = fetch (f->store, 10);
  g_assert_cmpstr (yc_record_get_id (g_ptr_array_index (records, 0)), ==, yc_record_get_id (record));
}

static void
test_values (Fixture       *f,
             gconstpointer  data)
{
  const char *values[] = { "{\"number\":\"A001\"}", "second", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GAsyncResult) set = NULL;
      g_autoptr(GAsyncResult) got = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      yc_store_set_value_async (f->store, "queue.current", values[i], NULL, yc_test_result_cb, &set);
      yc_test_wait_until (set != NULL, 10);
      g_assert_true (yc_store_set_value_finish (f->store, set, &error));
      yc_store_get_value_async (f->store, "queue.current", NULL, yc_test_result_cb, &got);
      yc_test_wait_until (got != NULL, 10);
      value = yc_store_get_value_finish (f->store, got, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (value, ==, values[i]);
    }
}

static void
on_pending_cb (YcStore    *store,
               GParamSpec *pspec,
               GThread   **thread)
{
  *thread = g_thread_self ();
}

/* The count is announced on the thread that owns the store, never on its worker,
 * even while that thread is busy elsewhere. */
static void
test_pending_on_owner_thread (Fixture       *f,
                              gconstpointer  data)
{
  GThread *notified = NULL;
  gulong handler = g_signal_connect (f->store, "notify::pending", G_CALLBACK (on_pending_cb), &notified);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(YcRecord) record = make_record (i);
      notified = NULL;
      yc_store_enqueue_async (f->store, record, NULL, NULL, NULL);
      /* Busy, not iterating: the worker must not run the callback itself meanwhile. */
      g_usleep (20000);
      yc_test_wait_until (notified != NULL, 10);
      g_assert_true (notified == g_thread_self ());
    }
  g_signal_handler_disconnect (f->store, handler);
}

static char *
get_value (YcStore    *store,
           const char *key)
{
  g_autoptr(GAsyncResult) got = NULL;
  g_autoptr(GError) error = NULL;
  char *value;

  yc_store_get_value_async (store, key, NULL, yc_test_result_cb, &got);
  yc_test_wait_until (got != NULL, 10);
  value = yc_store_get_value_finish (store, got, &error);
  g_assert_no_error (error);
  return value;
}

static void
test_enqueue_with_state (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(YcRecord) first = make_record (1);
  g_autoptr(YcRecord) again = NULL;
  g_autoptr(GAsyncResult) set = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *kept = NULL;

  yc_store_set_value_async (f->store, "queue.current", "A001", NULL, yc_test_result_cb, &set);
  yc_test_wait_until (set != NULL, 10);

  yc_store_enqueue_with_state_async (f->store, first, "queue.current", NULL, NULL, yc_test_result_cb, &done);
  yc_test_wait_until (done != NULL, 10);
  g_assert_true (yc_store_enqueue_finish (f->store, done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  value = get_value (f->store, "queue.current");
  g_assert_null (value);

  /* One transaction: when the record cannot be written (same id), the state stays too. */
  yc_store_set_value_async (f->store, "queue.current", "A002", NULL, NULL, NULL);
  again = yc_record_new_full (yc_record_get_id (first), "note", yc_record_get_created_at (first),
                              yc_record_get_body (first));
  yc_store_enqueue_with_state_async (f->store, again, "queue.current", NULL, NULL, yc_test_result_cb, &failed);
  yc_test_wait_until (failed != NULL, 10);
  g_assert_false (yc_store_enqueue_finish (f->store, failed, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_STORAGE);
  kept = get_value (f->store, "queue.current");
  g_assert_cmpstr (kept, ==, "A002");
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
}

static void
test_damaged_row (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(YcRecord) good = make_record (2);
  g_autoptr(GPtrArray) records = NULL;
  sqlite3 *db = NULL;

  enqueue (f->store, good);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO outbox (id, kind, created_at, body)"
                                     " VALUES ('x', 'note', '2026-11-22T09:00:00+08:00', '{broken')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* The damaged row is set aside; the good one still goes out, and nothing is left waiting. */
  records = fetch (f->store, 10);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (yc_record_get_id (g_ptr_array_index (records, 0)), ==, yc_record_get_id (good));
  yc_test_wait_until (yc_store_get_pending (f->store) == 1, 10);
}

static void
test_open_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(YcRecord) first = make_record (3);
  g_autoptr(YcRecord) second = make_record (4);
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) none = NULL;
  GThread *notified = NULL;

  enqueue (f->store, first);
  release_store (&f->store);

  yc_store_open_async (f->path, NULL, yc_test_result_cb, &opened);
  yc_test_wait_until (opened != NULL, 10);
  f->store = yc_store_open_finish (opened, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);

  /* Its notifications come to this thread, though it was opened on a worker. */
  g_signal_connect (f->store, "notify::pending", G_CALLBACK (on_pending_cb), &notified);
  enqueue (f->store, second);
  yc_test_wait_until (notified != NULL, 10);
  g_assert_true (notified == g_thread_self ());
  g_signal_handlers_disconnect_by_data (f->store, &notified);

  yc_store_open_async ("/proc/yichuang/desk.db", NULL, yc_test_result_cb, &refused);
  yc_test_wait_until (refused != NULL, 10);
  none = yc_store_open_finish (refused, &error);
  g_assert_null (none);
  g_assert_error (error, YC_ERROR, YC_ERROR_STORAGE);
}

static void
test_unwritable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcStore) store = yc_store_open ("/proc/yichuang/desk.db", &error);

  g_assert_null (store);
  g_assert_true (error->domain == YC_ERROR);
  g_assert_true (error->code == YC_ERROR_STORAGE || error->code == YC_ERROR_DISK_FULL);
}

static void
draft_write_done (YcStore      *store,
                  GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_draft_write_finish (store, result, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_drafts (YcStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *drafts;

  yc_store_list_drafts_async (store, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  drafts = yc_store_list_drafts_finish (store, result, &error);
  g_assert_no_error (error);
  return drafts;
}

static JsonNode *
draft_body (const char *applicant)
{
  g_autofree char *text = g_strdup_printf ("{\"package\":\"YJS-001\",\"applicant\":{\"name\":\"%s\"}}", applicant);
  return yc_wire_parse_object (text, strlen (text), 0, NULL);
}

/* Saved as the clerk types, reopened as it was after the desk is gone, in the order the
 * intakes were started; a later save replaces, a discard removes. */
static void
test_drafts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) first = draft_body ("王芳");
  g_autoptr(JsonNode) second = draft_body ("李强");
  g_autoptr(JsonNode) changed = draft_body ("王芳芳");
  g_autoptr(GAsyncResult) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  YcDraft *draft;

  yc_store_save_draft_async (f->store, "d1", first, NULL, yc_test_result_cb, &r1);
  yc_store_save_draft_async (f->store, "d2", second, NULL, yc_test_result_cb, &r2);
  yc_store_save_draft_async (f->store, "d1", changed, NULL, yc_test_result_cb, &r3);
  yc_test_wait_until (r1 != NULL && r2 != NULL && r3 != NULL, 10);
  draft_write_done (f->store, r1);
  draft_write_done (f->store, r2);
  draft_write_done (f->store, r3);
  g_clear_object (&r1);
  g_clear_object (&r2);
  g_clear_object (&r3);

  /* The desk is killed: a new connection sees what was committed. */
  release_store (&f->store);
  f->store = yc_store_open (f->path, &error);
  g_assert_no_error (error);

  drafts = list_drafts (f->store);
  g_assert_cmpuint (drafts->len, ==, 2);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (draft->id, ==, "d1");
  g_assert_true (json_node_equal (draft->body, changed));
  g_assert_cmpstr (draft->created_at, <=, draft->updated_at);
  g_assert_true (json_node_equal (((YcDraft *) g_ptr_array_index (drafts, 1))->body, second));
  g_clear_pointer (&drafts, g_ptr_array_unref);

  yc_store_discard_draft_async (f->store, "d2", NULL, yc_test_result_cb, &r4);
  yc_test_wait_until (r4 != NULL, 10);
  draft_write_done (f->store, r4);
  drafts = list_drafts (f->store);
  g_assert_cmpuint (drafts->len, ==, 1);
}

/* A decision is the record in the outbox and the draft gone, both or neither. */
static void
test_draft_settled (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) body = draft_body ("王芳");
  g_autoptr(YcRecord) decision = make_record (7);
  g_autoptr(YcRecord) again = NULL;
  g_autoptr(GAsyncResult) saved = NULL, settled = NULL, saved_again = NULL, failed = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  yc_store_save_draft_async (f->store, "d1", body, NULL, yc_test_result_cb, &saved);
  yc_store_enqueue_settling_draft_async (f->store, decision, "d1", NULL, yc_test_result_cb, &settled);
  yc_test_wait_until (saved != NULL && settled != NULL, 10);
  draft_write_done (f->store, saved);
  g_assert_true (yc_store_enqueue_finish (f->store, settled, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  drafts = list_drafts (f->store);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* When the record cannot be written (its id is taken), the draft stays. */
  yc_store_save_draft_async (f->store, "d2", body, NULL, yc_test_result_cb, &saved_again);
  again = yc_record_new_full (yc_record_get_id (decision), "note", yc_record_get_created_at (decision),
                              yc_record_get_body (decision));
  yc_store_enqueue_settling_draft_async (f->store, again, "d2", NULL, yc_test_result_cb, &failed);
  yc_test_wait_until (saved_again != NULL && failed != NULL, 10);
  draft_write_done (f->store, saved_again);
  g_assert_false (yc_store_enqueue_finish (f->store, failed, &error));
  g_assert_error (error, YC_ERROR, YC_ERROR_STORAGE);
  drafts = list_drafts (f->store);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* A damaged draft does not keep the others from reopening. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO drafts (id, created_at, updated_at, body)"
                                     " VALUES ('x', '2026-11-22T09:00:00+08:00', '2026-11-22T09:00:00+08:00', '{broken')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  drafts = list_drafts (f->store);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpstr (((YcDraft *) g_ptr_array_index (drafts, 0))->id, ==, "d2");
}

/* Where the killed desk of /store/draft-survives-kill keeps its drafts: by the parent's
 * process id, which the child knows too. */
static char *
kill_dir (pid_t parent)
{
  g_autofree char *name = g_strdup_printf ("yc-store-kill-%d", (int) parent);
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
on_killed_save_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (yc_store_draft_write_finish (YC_STORE (object), result, &error));
  /* The desk dies the moment the draft is saved: no clean shutdown, no flush. */
  raise (SIGKILL);
}

/* The desk killed mid-intake: what was saved is there when it starts again. */
static void
test_draft_survives_kill (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(JsonNode) body = draft_body ("王芳");
      YcStore *store;

      dir = kill_dir (getppid ());
      path = g_build_filename (dir, "desk.db", NULL);
      store = yc_store_open (path, &error);
      g_assert_no_error (error);
      yc_store_save_draft_async (store, "killed", body, NULL, on_killed_save_cb, NULL);
      for (;;)
        g_main_context_iteration (NULL, TRUE);
    }

  dir = kill_dir (getpid ());
  path = g_build_filename (dir, "desk.db", NULL);
  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  {
    g_autoptr(YcStore) store = yc_store_open (path, &error);
    g_autoptr(GPtrArray) drafts = NULL;
    g_autoptr(JsonNode) expected = draft_body ("王芳");

    g_assert_no_error (error);
    drafts = list_drafts (store);
    g_assert_cmpuint (drafts->len, ==, 1);
    g_assert_cmpstr (((YcDraft *) g_ptr_array_index (drafts, 0))->id, ==, "killed");
    g_assert_true (json_node_equal (((YcDraft *) g_ptr_array_index (drafts, 0))->body, expected));
    g_clear_pointer (&drafts, g_ptr_array_unref);
    release_store (&store);
  }
  yc_test_remove_tree (dir);
}

static GPtrArray *
list_outbox (YcStore  *store,
             gboolean  attention_only)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  yc_store_list_outbox_async (store, NULL, attention_only, 0, NULL, yc_test_result_cb, &result);
  yc_test_wait_until (result != NULL, 10);
  entries = yc_store_list_outbox_finish (store, result, &error);
  g_assert_no_error (error);
  return entries;
}

static YcOutboxEntry *
entry_of (GPtrArray *entries,
          YcRecord  *record)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (yc_outbox_entry_get_id (g_ptr_array_index (entries, i)), yc_record_get_id (record)))
      return g_ptr_array_index (entries, i);
  return NULL;
}

/* Every answer is kept with its record: a case's number, a refusal's reason, and a record
 * stored but not applied, which asks for the clerk's attention until dismissed and stays. */
static void
test_results_kept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(YcRecord) numbered = make_record (1);
  g_autoptr(YcRecord) refused = make_record (2);
  g_autoptr(YcRecord) unapplied = make_record (3);
  g_autoptr(YcRecord) waiting = make_record (4);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GAsyncResult) applied = NULL;
  g_autoptr(GAsyncResult) dismissed = NULL;
  g_autoptr(GError) error = NULL;
  YcRecordResult *result;
  YcOutboxEntry *entry;

  enqueue (f->store, numbered);
  enqueue (f->store, refused);
  enqueue (f->store, unapplied);
  enqueue (f->store, waiting);

  result = yc_record_result_new (yc_record_get_id (numbered), YC_RECORD_STORED, NULL);
  result->case_number = g_strdup ("990100-20261206-0001");
  g_ptr_array_add (results, result);
  g_ptr_array_add (results, yc_record_result_new (yc_record_get_id (refused), YC_RECORD_REJECTED, "bad"));
  result = yc_record_result_new (yc_record_get_id (unapplied), YC_RECORD_NOT_APPLIED, "ticket A001 is called by clerk 1002");
  result->code = g_strdup ("ticket_taken");
  g_ptr_array_add (results, result);
  yc_store_apply_results_async (f->store, results, NULL, yc_test_result_cb, &applied);
  yc_test_wait_until (applied != NULL, 10);
  g_assert_true (yc_store_apply_results_finish (f->store, applied, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (yc_store_get_pending (f->store), ==, 1);
  g_assert_cmpuint (yc_store_get_attention (f->store), ==, 2);

  all = list_outbox (f->store, FALSE);
  g_assert_cmpuint (all->len, ==, 4);
  /* Newest first. */
  g_assert_cmpstr (yc_outbox_entry_get_id (g_ptr_array_index (all, 0)), ==, yc_record_get_id (waiting));
  entry = entry_of (all, numbered);
  g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_SENT);
  g_assert_cmpstr (yc_outbox_entry_get_case_number (entry), ==, "990100-20261206-0001");
  g_assert_false (yc_outbox_entry_needs_attention (entry));
  entry = entry_of (all, refused);
  g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_REJECTED);
  g_assert_cmpstr (yc_outbox_entry_get_message (entry), ==, "bad");
  g_assert_true (yc_outbox_entry_needs_attention (entry));
  entry = entry_of (all, unapplied);
  g_assert_cmpint (yc_outbox_entry_get_state (entry), ==, YC_OUTBOX_NOT_APPLIED);
  g_assert_cmpstr (yc_outbox_entry_get_code (entry), ==, "ticket_taken");
  g_assert_true (json_node_equal (yc_record_get_body (yc_outbox_entry_get_record (entry)),
                                  yc_record_get_body (unapplied)));

  attention = list_outbox (f->store, TRUE);
  g_assert_cmpuint (attention->len, ==, 2);
  /* At most so many, the newest. */
  {
    g_autoptr(GAsyncResult) listed = NULL;
    g_autoptr(GPtrArray) newest = NULL;

    yc_store_list_outbox_async (f->store, "note", FALSE, 2, NULL, yc_test_result_cb, &listed);
    yc_test_wait_until (listed != NULL, 10);
    newest = yc_store_list_outbox_finish (f->store, listed, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (newest->len, ==, 2);
    g_assert_cmpstr (yc_outbox_entry_get_id (g_ptr_array_index (newest, 0)), ==, yc_record_get_id (waiting));
    g_assert_cmpstr (yc_outbox_entry_get_id (g_ptr_array_index (newest, 1)), ==, yc_record_get_id (unapplied));
  }

  yc_store_dismiss_async (f->store, yc_record_get_id (unapplied), NULL, yc_test_result_cb, &dismissed);
  yc_test_wait_until (dismissed != NULL, 10);
  g_assert_true (yc_store_dismiss_finish (f->store, dismissed, &error));
  g_assert_no_error (error);
  yc_test_wait_until (yc_store_get_attention (f->store) == 1, 10);
  g_clear_pointer (&all, g_ptr_array_unref);
  all = list_outbox (f->store, FALSE);
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_true (yc_outbox_entry_get_seen (entry_of (all, unapplied)));
  g_assert_false (yc_outbox_entry_needs_attention (entry_of (all, unapplied)));
}

/* An outbox written by the desk before version 3 opens with its records as they were,
 * and takes the new states and numbers. */
static void
test_migrate_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "desk.db", NULL);
  g_autoptr(YcStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_record_result_free);
  g_autoptr(GAsyncResult) applied = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE outbox ("
                                 "  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                                 "  kind TEXT NOT NULL, created_at TEXT NOT NULL, body TEXT NOT NULL,"
                                 "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected')),"
                                 "  sent_at TEXT, message TEXT);"
                                 "CREATE INDEX outbox_state ON outbox (state, seq);"
                                 "CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                                 "INSERT INTO outbox (id, kind, created_at, body, state, message) VALUES"
                                 "  ('a', 'visit', '2026-11-22T09:00:00+08:00', '{\"n\":1}', 'pending', NULL),"
                                 "  ('b', 'visit', '2026-11-22T09:01:00+08:00', '{\"n\":2}', 'rejected', 'bad');"
                                 "PRAGMA user_version = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = yc_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yc_store_get_pending (store), ==, 1);
  g_assert_cmpuint (yc_store_get_attention (store), ==, 1);

  {
    YcRecordResult *result = yc_record_result_new ("a", YC_RECORD_NOT_APPLIED, "gone");

    result->code = g_strdup ("ticket_not_called");
    g_ptr_array_add (results, result);
  }
  yc_store_apply_results_async (store, results, NULL, yc_test_result_cb, &applied);
  yc_test_wait_until (applied != NULL, 10);
  g_assert_true (yc_store_apply_results_finish (store, applied, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yc_store_get_pending (store), ==, 0);
  g_assert_cmpuint (yc_store_get_attention (store), ==, 2);

  entries = list_outbox (store, FALSE);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (yc_outbox_entry_get_message (g_ptr_array_index (entries, 0)), ==, "bad");
  g_assert_cmpstr (yc_outbox_entry_get_code (g_ptr_array_index (entries, 1)), ==, "ticket_not_called");
  g_clear_object (&applied);  /* its task holds the store */
  release_store (&store);
  yc_test_remove_tree (dir);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/store/private-file", test_private_file);
  ADD ("/store/order-and-results", test_order_and_results);
  ADD ("/store/results-kept", test_results_kept);
  ADD ("/store/get-record", test_get_record);
  ADD ("/store/reopen-keeps-pending", test_reopen_keeps_pending);
  ADD ("/store/values", test_values);
  ADD ("/store/pending-on-owner-thread", test_pending_on_owner_thread);
  ADD ("/store/enqueue-with-state", test_enqueue_with_state);
  ADD ("/store/damaged-row", test_damaged_row);
  ADD ("/store/open-async", test_open_async);
  ADD ("/store/drafts", test_drafts);
  ADD ("/store/draft-settled", test_draft_settled);
  g_test_add_func ("/store/unwritable", test_unwritable);
  g_test_add_func ("/store/migrate-v2", test_migrate_v2);
  g_test_add_func ("/store/draft-survives-kill", test_draft_survives_kill);

  return g_test_run ();
}

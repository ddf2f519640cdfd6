/* yc-simulator.c: a hall in motion for trainers.
 *
 * Citizens take tickets every few seconds (more for general affairs than for
 * enterprises), and the windows nobody is logged in at are served by simulated
 * colleagues, so the queue moves the way it does on a real morning. */
#include "yc-simulator.h"

#include "core/yc-ticket.h"

#define TICK_MS            1000
#define MAX_WAITING        30
#define FIRST_TICKETS      6

struct _YcSimulator
{
  YcServerDb *db;
  GSource    *source;
  GRand      *rand;
  gint64      next_ticket_at;
  GHashTable *busy_until;  /* window id → monotonic µs at which its colleague finishes */
};

static void
issue_ticket (YcSimulator *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ticket = NULL;
  g_auto(GStrv) letters = yc_server_db_service_letters (self->db);
  guint n = g_strv_length (letters);
  const char *service;

  if (n == 0)
    return;
  /* Most citizens come for personal matters: the first service gets two thirds. */
  service = (n == 1 || g_rand_double (self->rand) < 0.67) ? letters[0]
                                                         : letters[g_rand_int_range (self->rand, 1, (gint32) n)];
  if (!(ticket = yc_server_db_issue_ticket (self->db, service, &error)))
    g_warning ("Simulator could not issue a ticket: %s", error->message);
}

static void
serve_colleagues (YcSimulator *self,
                  gint64       now)
{
  g_autoptr(GPtrArray) windows = yc_server_db_window_ids (self->db);

  for (guint i = 0; i < windows->len; i++)
    {
      gint64 window = *(gint64 *) g_ptr_array_index (windows, i);
      gpointer key = GINT_TO_POINTER ((int) window);
      gint64 *until;
      gint64 current;

      if (yc_server_db_window_is_staffed (self->db, window))
        continue;

      current = yc_server_db_current_ticket (self->db, window, NULL);
      until = g_hash_table_lookup (self->busy_until, key);

      if (current != 0 && until != NULL && now < *until)
        continue;

      if (current != 0)
        {
          /* Most visits end done or accepted; some with a list of what is missing. */
          static const char *outcomes[] = { "completed", "completed", "completed", "accepted", "accepted",
                                            "consulted", "informed" };
          g_autoptr(JsonObject) details = json_object_new ();
          g_autoptr(JsonNode) done = NULL;
          g_autoptr(JsonNode) rated = NULL;

          json_object_set_string_member (details, "outcome",
                                         outcomes[g_rand_int_range (self->rand, 0, G_N_ELEMENTS (outcomes))]);
          done = yc_server_db_finish_ticket (self->db, current, window, details, NULL);

          g_hash_table_remove (self->busy_until, key);
          /* Most citizens press the rating pad on their way out, mostly pleased. */
          if (done != NULL && g_rand_int_range (self->rand, 0, 10) < 8)
            {
              static const char *levels[] = {
                "very_satisfied", "very_satisfied", "very_satisfied", "satisfied", "satisfied",
                "satisfied", "neutral", "neutral", "dissatisfied", "very_dissatisfied",
              };
              /* Three in a hundred are unhappy: a follow-up now and then, not a flood. */
              guint pick = g_rand_int_range (self->rand, 0, 100) < 3 ? 8 + (guint) g_rand_int_range (self->rand, 0, 2)
                                                                     : (guint) g_rand_int_range (self->rand, 0, 8);
              rated = yc_server_db_rate (self->db, current, levels[pick], NULL, NULL);
            }
          /* A pause between citizens, as a clerk takes a breath and tidies the desk. */
          until = g_new (gint64, 1);
          *until = now + g_rand_int_range (self->rand, 5, 20) * G_USEC_PER_SEC;
          g_hash_table_insert (self->busy_until, key, until);
          continue;
        }

      if (until != NULL && now < *until)
        continue;

      {
        g_autoptr(JsonNode) called = yc_server_db_call_next (self->db, window, "simulator", NULL);
        if (called != NULL)
          {
            gint64 *service_end = g_new (gint64, 1);
            *service_end = now + g_rand_int_range (self->rand, 40, 150) * G_USEC_PER_SEC;
            g_hash_table_insert (self->busy_until, key, service_end);
          }
      }
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  YcSimulator *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now >= self->next_ticket_at)
    {
      if (yc_server_db_count_waiting (self->db) < MAX_WAITING)
        issue_ticket (self);
      self->next_ticket_at = now + g_rand_int_range (self->rand, 4, 12) * G_USEC_PER_SEC;
    }
  serve_colleagues (self, now);
  return G_SOURCE_CONTINUE;
}

YcSimulator *
yc_simulator_new (YcServerDb *db)
{
  YcSimulator *self = g_new0 (YcSimulator, 1);

  self->db = db;
  self->rand = g_rand_new ();
  self->busy_until = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  /* A trainer starts with a few citizens already waiting. */
  if (yc_server_db_count_waiting (db) == 0)
    for (guint i = 0; i < FIRST_TICKETS; i++)
      issue_ticket (self);

  /* Colleagues start their first calls staggered, not all at once. */
  {
    g_autoptr(GPtrArray) windows = yc_server_db_window_ids (db);
    gint64 now = g_get_monotonic_time ();

    for (guint i = 0; i < windows->len; i++)
      {
        gint64 *until = g_new (gint64, 1);
        *until = now + g_rand_int_range (self->rand, 3, 25) * G_USEC_PER_SEC;
        g_hash_table_insert (self->busy_until,
                             GINT_TO_POINTER ((int) *(gint64 *) g_ptr_array_index (windows, i)), until);
      }
  }

  self->next_ticket_at = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  self->source = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->source, tick_cb, self, NULL);
  g_source_set_name (self->source, "[yichuang] simulator");
  g_source_attach (self->source, g_main_context_get_thread_default ());

  return self;
}

void
yc_simulator_free (YcSimulator *self)
{
  if (self == NULL)
    return;
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_source_unref (self->source);
    }
  g_rand_free (self->rand);
  g_hash_table_unref (self->busy_until);
  g_free (self);
}

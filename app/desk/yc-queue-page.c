/* yc-queue-page.c: calls the next citizen and finishes the one at the window. A finished
 * visit goes to the outbox first and only then to the server, so it survives an outage;
 * the ticket at the window is kept in the store so a restart brings it back. The waiting
 * counts of the window's services are refreshed after each action and every 2 seconds.
 *
 * Two cancellables: one for the widget's life (cancelled in dispose), for the calls that
 * may outlive a session (Call Next, Finish: a citizen called or finished on the server
 * must not be forgotten because the clerk logged out meanwhile), and one for the session
 * (refreshing, reading back the ticket at the window). Records and the ticket at the
 * window are written without a cancellable: once the clerk acted, they must be kept. */
#include "config-desk.h"

#include <string.h>

#include <adwaita.h>

#include "core/yc-time.h"

#include "yc-desk-private.h"
#include "yc-queue-page.h"
#include "yc-window.h"

#define CURRENT_KEY        "queue.current"
#define REFRESH_INTERVAL_MS 2000

struct _YcQueuePage
{
  GtkWidget      parent_instance;

  YcContext     *context;
  YcClient      *client;
  GCancellable  *cancellable;          /* cancelled in dispose */
  GCancellable  *session_cancellable;  /* cancelled when the session changes, and in dispose */
  GListStore    *services;
  YcTicket      *current;
  guint          refresh_source;
  guint          clock_source;         /* the visit's running time, each second */
  gint64         refresh_event;        /* the last event when the refresh under way began */
  YcCatalogueCache *cache;             /* where the suggested packages are read */
  GCancellable  *suggest_cancellable;  /* reading the suggested packages */
  GPtrArray     *suggestions;          /* GtkButton of each suggested package, in order */

  /* Template widgets */
  GtkStack      *current_stack;
  GtkLabel      *number_label;
  GtkLabel      *service_label;
  GtkLabel      *called_label;
  GtkLabel      *tag_label;
  GtkGrid       *package_grid;
  GtkWidget     *other_button;
  GtkButton     *call_button;
  GtkLabel      *call_label;
  GtkButton     *finish_button;
  GtkLabel      *offline_label;
  GtkLabel      *paused_label;
  GtkLabel      *total_label;
  GtkListView   *services_view;
  GtkWidget     *waiting_panel;

  guint          calling : 1;    /* a call-next is under way */
  guint          finishing : 1;  /* a visit is being written or finished on the server */
  guint          restoring : 1;  /* the ticket left at the window is being read back */
  guint          acting : 1;     /* a recall, a no-show or a call by number is under way */
  guint          paused : 1;     /* the window is paused: no calls */
  guint          busy : 1;       /* any of the four */
  guint          refreshing : 1;
  guint          refresh_again : 1;
};

G_DEFINE_FINAL_TYPE (YcQueuePage, yc_queue_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_CURRENT,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh_queues (YcQueuePage *self);

GtkWidget *
yc_queue_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_QUEUE_PAGE,
                       "context", context,
                       NULL);
}

static gboolean
is_disposed (YcQueuePage *self)
{
  return g_cancellable_is_cancelled (self->cancellable);
}

/* TRUE if the clerk is still in the session whose token this is. */
static gboolean
session_is (YcQueuePage *self,
            const char  *token)
{
  const YcSession *session = yc_client_get_session (self->client);

  return session != NULL && g_strcmp0 (session->token, token) == 0;
}

/* An expired session is the window's to explain; everything else gets a toast. */
static void
toast_error (YcQueuePage  *self,
             const GError *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, YC_ERROR, YC_ERROR_UNAUTHORIZED))
    return;

  message = yc_context_describe_error (error, _("Something went wrong."));
  yc_window_toast_from (GTK_WIDGET (self), message);
}

static void
update_actions (YcQueuePage *self)
{
  gboolean logged_in = yc_client_get_session (self->client) != NULL;
  gboolean online = yc_client_get_online (self->client);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-next",
                                 logged_in && online && !self->busy && (!self->paused || self->current != NULL));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.finish",
                                 logged_in && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.recall",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.no-show",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-number",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.pause", logged_in && online && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->paused_label), logged_in && self->paused);
  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), logged_in && !online);

  /* The counts are from before the outage: shown, but faded. */
  if (online)
    gtk_widget_remove_css_class (self->waiting_panel, "offline");
  else
    gtk_widget_add_css_class (self->waiting_panel, "offline");
}

/* Call after changing calling, finishing or restoring. */
static void
update_busy (YcQueuePage *self)
{
  gboolean busy = self->calling || self->finishing || self->restoring || self->acting;

  if (self->busy == busy)
    return;
  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The window's service of that letter, borrowed; NULL if it serves none. */
static YcService *
find_service (YcQueuePage *self,
              const char  *letter)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      if (g_strcmp0 (yc_service_get_letter (service), letter) == 0)
        return service;
    }

  return NULL;
}

static const char *
service_name (YcQueuePage *self,
              const char  *letter)
{
  YcService *service = find_service (self, letter);

  return service != NULL ? yc_service_get_name (service) : letter;
}

/* Longer names are shown by their short form; the tooltip has the whole name. */
#define SUGGESTION_MAX_CHARS 10

static void
on_suggestion_clicked_cb (GtkButton   *button,
                          YcQueuePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char * const *items = g_object_get_data (G_OBJECT (button), "items");

  if (!YC_IS_WINDOW (root) || items == NULL || items[0] == NULL)
    return;
  yc_window_start_intake (YC_WINDOW (root), gtk_widget_get_name (GTK_WIDGET (button)), items,
                          g_object_get_data (G_OBJECT (button), "title"));
}

static void
place (YcQueuePage *self,
       GtkWidget   *button,
       guint        cell)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self->package_grid));
  GtkGridLayoutChild *child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, button));

  gtk_grid_layout_child_set_column (child, (int) (cell % 2));
  gtk_grid_layout_child_set_row (child, (int) (cell / 2));
}

/* Two to a line, in the service's order, the ones offered so far; then "Other Matter…".
 * The hidden ones wait below, out of the way. */
static void
lay_out_suggestions (YcQueuePage *self)
{
  guint cell = 0;

  for (guint i = 0; i < self->suggestions->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->suggestions, i);

      if (gtk_widget_get_visible (button))
        place (self, button, cell++);
      else
        place (self, button, 200 + 2 * i);
    }
  place (self, self->other_button, cell);
}

static void
on_suggestion_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GtkWidget) button = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) items = NULL;
  JsonObject *object_body;
  JsonArray *codes;
  const char *name, *short_name;

  body = yc_catalogue_cache_get_finish (YC_CATALOGUE_CACHE (object), result, &error);
  /* Cancelled: the ticket changed and the button is gone. A package the catalogue lacks
   * (withdrawn, or not synced yet) is not offered. */
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND))
        g_warning ("Could not read a suggested package: %s", error->message);
      return;
    }

  object_body = json_node_get_object (body);
  name = yc_json_optional_string (object_body, "name");
  short_name = yc_json_optional_string (object_body, "short_name");
  codes = json_object_has_member (object_body, "items") ? json_object_get_array_member (object_body, "items") : NULL;
  for (guint i = 0; codes != NULL && i < json_array_get_length (codes); i++)
    {
      JsonNode *code = json_array_get_element (codes, i);
      if (JSON_NODE_HOLDS_VALUE (code) && json_node_get_value_type (code) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (code));
    }
  items = g_strv_builder_end (builder);
  if (name == NULL || items[0] == NULL)
    return;

  gtk_button_set_label (GTK_BUTTON (button),
                        short_name != NULL && g_utf8_strlen (name, -1) > SUGGESTION_MAX_CHARS
                          ? short_name : name);
  gtk_widget_set_tooltip_text (button, name);
  g_object_set_data_full (G_OBJECT (button), "title", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (button), "items", g_steal_pointer (&items), (GDestroyNotify) g_strfreev);
  gtk_widget_set_visible (button, TRUE);
  if (gtk_widget_get_parent (button) != NULL)
    lay_out_suggestions (YC_QUEUE_PAGE (gtk_widget_get_ancestor (button, YC_TYPE_QUEUE_PAGE)));
}

/* The packages the ticket's service suggests, each offered once the catalogue has given
 * its name and items; "Other Matter…" always. */
static void
update_suggestions (YcQueuePage *self)
{
  YcService *service;
  const char * const *packages;

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_object (&self->suggest_cancellable);
  for (guint i = 0; i < self->suggestions->len; i++)
    gtk_grid_remove (self->package_grid, g_ptr_array_index (self->suggestions, i));
  g_ptr_array_set_size (self->suggestions, 0);
  lay_out_suggestions (self);

  if (self->current == NULL || self->cache == NULL ||
      (service = find_service (self, yc_ticket_get_service (self->current))) == NULL)
    return;

  self->suggest_cancellable = g_cancellable_new ();
  packages = yc_service_get_packages (service);
  for (guint i = 0; packages[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new ();

      gtk_widget_set_name (button, packages[i]);
      gtk_widget_add_css_class (button, "pill");
      /* Shown once the catalogue has given its name and items. */
      gtk_widget_set_visible (button, FALSE);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_suggestion_clicked_cb), self, 0);
      gtk_grid_attach (self->package_grid, button, 0, 100 + (int) i, 1, 1);
      g_ptr_array_add (self->suggestions, button);
      yc_catalogue_cache_get_async (self->cache, YC_CATALOGUE_PACKAGE, packages[i],
                                    self->suggest_cancellable, on_suggestion_read_cb,
                                    g_object_ref (button));
    }
}

static void
on_catalogue_revision_cb (YcQueuePage      *self,
                          GParamSpec       *pspec,
                          YcCatalogueCache *cache)
{
  update_suggestions (self);
}

static void
bind_catalogue (YcQueuePage *self)
{
  YcCatalogueCache *cache = yc_context_get_catalogue (self->context);

  if (self->cache == cache)
    return;
  if (self->cache != NULL)
    g_signal_handlers_disconnect_by_func (self->cache, on_catalogue_revision_cb, self);
  g_set_object (&self->cache, cache);
  if (cache != NULL)
    g_signal_connect_object (cache, "notify::revision", G_CALLBACK (on_catalogue_revision_cb), self,
                             G_CONNECT_SWAPPED);
  update_suggestions (self);
}

static const char *
priority_label (const char *priority)
{
  if (g_strcmp0 (priority, "elderly") == 0)
    /* Translators: a ticket of the green channel (绿色通道), by whom it serves */
    return _("Green channel: elderly");
  if (g_strcmp0 (priority, "disabled") == 0)
    return _("Green channel: disabled");
  if (g_strcmp0 (priority, "pregnant") == 0)
    return _("Green channel: pregnant");
  if (g_strcmp0 (priority, "serviceman") == 0)
    return _("Green channel: serviceman");
  /* Translators: a ticket served with a helper (帮办代办) */
  return _("Assisted service");
}

/* The visit at the window as it runs: when it was called, how long the citizen had
 * waited, how long they have been at the window. */
static void
update_visit_clock (YcQueuePage *self)
{
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) called = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;
  GTimeSpan waited, serving;

  if (self->current == NULL || yc_ticket_get_called_at (self->current) == NULL)
    {
      gtk_label_set_label (self->called_label, "");
      return;
    }
  issued = yc_time_parse (yc_ticket_get_issued_at (self->current));
  called = yc_time_parse (yc_ticket_get_called_at (self->current));
  if (issued == NULL || called == NULL)
    return;
  clock = yc_time_format_clock (yc_ticket_get_called_at (self->current));
  waited = MAX (g_date_time_difference (called, issued), 0) / G_TIME_SPAN_MINUTE;
  serving = MAX (g_date_time_difference (now, called), 0) / G_TIME_SPAN_SECOND;
  /* Translators: under the ticket number: called at 09:41, had waited 12 min, at the window for 3:25 */
  text = g_strdup_printf (_("Called at %s · waited %u min · at the window %u:%02u"), clock, (guint) waited,
                          (guint) (serving / 60), (guint) (serving % 60));
  gtk_label_set_label (self->called_label, text);
}

static gboolean
on_visit_clock_cb (gpointer user_data)
{
  update_visit_clock (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_current (YcQueuePage *self)
{
  g_clear_handle_id (&self->clock_source, g_source_remove);
  if (self->current == NULL)
    {
      gtk_stack_set_visible_child_name (self->current_stack, "empty");
      gtk_label_set_label (self->number_label, "");
      gtk_label_set_label (self->service_label, "");
      gtk_label_set_label (self->called_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->tag_label), FALSE);
    }
  else
    {
      const char *priority = yc_ticket_get_priority (self->current);
      const char *appointment = yc_ticket_get_appointment_at (self->current);
      g_autofree char *tag = NULL;

      gtk_label_set_label (self->number_label, yc_ticket_get_number (self->current));
      gtk_label_set_label (self->service_label,
                           service_name (self, yc_ticket_get_service (self->current)));
      if (appointment != NULL)
        {
          g_autofree char *slot = yc_time_format_clock (appointment);
          /* Translators: a ticket booked in advance (预约); %s is the slot, e.g. 10:00 */
          tag = g_strdup_printf (_("Appointment at %s"), slot);
        }
      else if (priority != NULL)
        tag = g_strdup (priority_label (priority));
      gtk_label_set_label (self->tag_label, tag ? tag : "");
      gtk_widget_set_visible (GTK_WIDGET (self->tag_label), tag != NULL);
      update_visit_clock (self);
      self->clock_source = g_timeout_add_seconds (1, on_visit_clock_cb, self);
      gtk_stack_set_visible_child_name (self->current_stack, "ticket");
    }

  update_suggestions (self);
  update_actions (self);
}

/* What is shown; the store is written separately (remember_current, the visit). */
static void
set_current (YcQueuePage *self,
             YcTicket    *ticket)
{
  if (!g_set_object (&self->current, ticket))
    return;

  update_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
on_current_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only the restart convenience is lost: the server answers the ticket again at the
   * window's next call. Touches no widget: it may come after the page is gone. */
  if (!yc_store_set_value_finish (YC_STORE (object), result, &error))
    g_warning ("Could not remember the ticket at the window: %s", error->message);
}

/* The ticket called to the window, kept so that a restart brings it back. */
static void
remember_current (YcQueuePage *self,
                  YcTicket    *ticket)
{
  YcStore *store = yc_context_get_store (self->context);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  /* No store while demo data are being reset: they are thrown away anyway. */
  if (store == NULL)
    return;

  node = yc_ticket_to_json (ticket);
  text = yc_wire_to_string (node);
  yc_store_set_value_async (store, CURRENT_KEY, text, NULL, on_current_saved_cb, NULL);
}

static void
update_total (YcQueuePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  guint total = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      total += yc_service_get_waiting (service);
    }

  /* Translators: next to the "Waiting" heading: how many citizens wait in all */
  text = g_strdup_printf (ngettext ("%u in all", "%u in all", total), total);
  gtk_label_set_label (self->total_label, text);
}

/* The waiting counts of the window's services, from the hall's (YcService each). */
static void
apply_queues (YcQueuePage *self,
              GPtrArray   *queues)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      for (guint j = 0; j < queues->len; j++)
        {
          YcService *queue = g_ptr_array_index (queues, j);

          if (g_strcmp0 (yc_service_get_letter (queue), yc_service_get_letter (service)) == 0)
            {
              yc_service_set_waiting (service, yc_service_get_waiting (queue));
              break;
            }
        }
    }
  update_total (self);
}

static const char *
rating_label (const char *level)
{
  if (g_strcmp0 (level, "very_satisfied") == 0)
    /* Translators: the five levels of 好差评 */
    return C_("rating", "Very satisfied");
  if (g_strcmp0 (level, "satisfied") == 0)
    return C_("rating", "Satisfied");
  if (g_strcmp0 (level, "neutral") == 0)
    return C_("rating", "Fairly satisfied");
  if (g_strcmp0 (level, "dissatisfied") == 0)
    return C_("rating", "Dissatisfied");
  return C_("rating", "Very dissatisfied");
}

/* 好差评 of a visit this clerk served: a bad one says when its follow-up is due. */
static void
tell_rating (YcQueuePage *self,
             JsonObject  *rating)
{
  const YcSession *session = yc_client_get_session (self->client);
  const char *number = yc_json_optional_string (rating, "number");
  const char *level = yc_json_optional_string (rating, "level");
  JsonNode *follow_up = json_object_get_member (rating, "follow_up");
  g_autofree char *text = NULL;

  if (session == NULL || number == NULL || level == NULL ||
      g_strcmp0 (yc_json_optional_string (rating, "clerk"), session->clerk_id) != 0)
    return;
  if (follow_up != NULL && JSON_NODE_HOLDS_OBJECT (follow_up))
    /* Translators: a bad rating of the clerk's visit: the ticket, the level, the day the follow-up is due */
    {
      const char *by = yc_json_optional_string (json_node_get_object (follow_up), "finish_by");

      text = g_strdup_printf (_("%s rated the visit “%s”: a follow-up is due by %s."), number, rating_label (level),
                              by != NULL ? by : "—");
    }
  else
    /* Translators: a rating of the clerk's visit: the ticket and the level */
    text = g_strdup_printf (_("%s rated the visit “%s”."), number, rating_label (level));
  yc_window_toast_from (GTK_WIDGET (self), text);
}

/* A ticket issued, called or finished anywhere in the hall: its event carries the
 * counts after it. */
static void
on_event_cb (YcEvents    *events,
             const char  *kind,
             JsonNode    *body,
             gint64       id,
             YcQueuePage *self)
{
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (kind, "rating.received"))
    {
      tell_rating (self, json_node_get_object (body));
      return;
    }
  if (!g_str_has_prefix (kind, "ticket."))
    return;
  if (!(queues = yc_wire_queues_from_json (body, &error)))
    {
      g_message ("A queue event without its counts is skipped: %s", error->message);
      return;
    }
  apply_queues (self, queues);
}

static void
on_queues_received_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GError) error = NULL;

  queues = yc_client_get_queues_finish (YC_CLIENT (object), result, &error);

  /* Cancelled: the page is gone, or the session it was for has ended and its state was
   * reset. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->refreshing = FALSE;

  if (queues == NULL)
    {
      /* Offline shows in the header and the banner; a toast every 2 s would only nag. */
      g_debug ("Queues not refreshed: %s", error->message);
    }
  else if (yc_events_get_last_id (yc_context_get_events (self->context)) != self->refresh_event)
    /* An event came while the answer was on its way: the answer may be the older of the
     * two. The event stands; ask again. */
    self->refresh_again = TRUE;
  else
    apply_queues (self, queues);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh_queues (self);
    }
}

/* Never two requests at once: a refresh asked for during one runs right after it. */
static void
refresh_queues (YcQueuePage *self)
{
  if (yc_client_get_session (self->client) == NULL)
    return;

  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refreshing = TRUE;
  self->refresh_event = yc_events_get_last_id (yc_context_get_events (self->context));
  yc_client_get_queues_async (self->client,
                              self->session_cancellable,
                              on_queues_received_cb,
                              g_object_ref (self));
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  YcQueuePage *self = user_data;

  if (!self->refreshing)
    refresh_queues (self);

  return G_SOURCE_CONTINUE;
}

/* A call-next or a finish under way, with the session it was started in. */
typedef struct
{
  YcQueuePage *self;
  char        *token;
  YcTicket    *ticket;     /* finishing: the ticket at the window */
  gboolean     then_call;  /* finishing: Call Next was pressed; call once it is finished */
} Pending;

static Pending *
pending_new (YcQueuePage *self,
             YcTicket    *ticket,
             gboolean     then_call)
{
  const YcSession *session = yc_client_get_session (self->client);
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->token = g_strdup (session ? session->token : NULL);
  pending->ticket = ticket ? g_object_ref (ticket) : NULL;
  pending->then_call = then_call;

  return pending;
}

static void
pending_free (Pending *pending)
{
  g_clear_object (&pending->self);
  g_clear_pointer (&pending->token, g_free);
  g_clear_object (&pending->ticket);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
on_called_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  YcQueuePage *self = pending->self;
  g_autoptr(YcTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  ticket = yc_client_call_next_finish (YC_CLIENT (object), result, &error);

  /* Cancelled only when the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->calling = FALSE;
  update_busy (self);

  if (!session_is (self, pending->token))
    {
      /* The clerk logged out while the call was under way. The server keeps the ticket
       * called at that window and answers it again at its next call; kept in the store
       * as well, it is back at the next log-in at that window. */
      if (ticket != NULL && yc_client_get_session (self->client) == NULL)
        remember_current (self, ticket);
      return;
    }

  if (error != NULL)
    toast_error (self, error);
  else if (ticket == NULL)
    yc_window_toast_from (GTK_WIDGET (self), _("Nobody is waiting."));
  else
    {
      set_current (self, ticket);
      remember_current (self, ticket);
    }

  refresh_queues (self);
}

static void
call_next (YcQueuePage *self)
{
  self->calling = TRUE;
  update_busy (self);
  yc_client_call_next_async (self->client,
                             self->cancellable,
                             on_called_cb,
                             pending_new (self, NULL, FALSE));
}

static void
on_ticket_finished_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  YcQueuePage *self = pending->self;
  g_autoptr(GError) error = NULL;
  YcSync *sync;
  gboolean finished;

  finished = yc_client_finish_ticket_finish (YC_CLIENT (object), result, &error);

  /* Cancelled only when the page is gone; the record in the outbox finishes the ticket. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The visit may already have been pushed and finished the ticket on the server. */
  if (g_error_matches (error, YC_ERROR, YC_ERROR_CONFLICT))
    finished = TRUE;

  if ((sync = yc_context_get_sync (self->context)))
    yc_sync_kick (sync);

  self->finishing = FALSE;

  if (!finished)
    {
      if (g_error_matches (error, YC_ERROR, YC_ERROR_OFFLINE))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is a ticket number like A001 */
          message = g_strdup_printf (_("%s is finished here. The server cannot be reached; "
                                       "it learns of the visit when the record is sent."),
                                     yc_ticket_get_number (pending->ticket));
          yc_window_toast_from (GTK_WIDGET (self), message);
        }
      else
        toast_error (self, error);
    }
  else if (pending->then_call && session_is (self, pending->token))
    {
      /* Only now: the server answers call-next with the window's ticket as long as it
       * is not finished. Set before update_busy(), so busy does not blink off. */
      call_next (self);
      return;
    }

  update_busy (self);
  refresh_queues (self);
}

static void
on_visit_enqueued_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  YcQueuePage *self = pending->self;
  gint64 ticket_id = yc_ticket_get_id (pending->ticket);
  g_autoptr(GError) error = NULL;

  if (!yc_store_enqueue_finish (YC_STORE (object), result, &error))
    {
      g_autofree char *description = NULL;
      g_autofree char *message = NULL;

      g_warning ("Could not save the visit of ticket %s: %s",
                 yc_ticket_get_number (pending->ticket), error->message);

      if (is_disposed (self))
        return;

      self->finishing = FALSE;
      update_busy (self);
      description = yc_context_describe_error (error, _("Something went wrong."));
      /* Translators: %s is a sentence saying what went wrong */
      message = g_strdup_printf (_("The visit could not be saved, so the ticket stays open. %s"),
                                 description);
      yc_window_toast_from (GTK_WIDGET (self), message);
      return;
    }

  /* The record is in the outbox and the ticket no longer in the store: from here on the
   * ticket is done for this desk, and the record finishes it on the server if the request
   * below does not. */
  if (is_disposed (self))
    return;

  if (self->current == pending->ticket)
    set_current (self, NULL);

  /* Logged out meanwhile: the request would not carry the session it belongs to. */
  if (!session_is (self, pending->token))
    {
      self->finishing = FALSE;
      update_busy (self);
      return;
    }

  yc_client_finish_ticket_async (self->client,
                                 ticket_id,
                                 self->cancellable,
                                 on_ticket_finished_cb,
                                 g_steal_pointer (&pending));
}

static JsonNode *
build_visit_body (YcQueuePage *self,
                  YcTicket    *ticket)
{
  const YcSession *session = yc_client_get_session (self->client);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *finished_at = yc_time_now_iso8601 ();
  gint64 window = session ? session->window_id : yc_ticket_get_window (ticket);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ticket_id");
  json_builder_add_int_value (builder, yc_ticket_get_id (ticket));
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, yc_ticket_get_number (ticket));
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, yc_ticket_get_service (ticket));
  json_builder_set_member_name (builder, "window");
  json_builder_add_int_value (builder, window);
  json_builder_set_member_name (builder, "clerk");
  json_builder_add_string_value (builder, session && session->clerk_id ? session->clerk_id : "");
  json_builder_set_member_name (builder, "called_at");
  if (yc_ticket_get_called_at (ticket) != NULL)
    json_builder_add_string_value (builder, yc_ticket_get_called_at (ticket));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "finished_at");
  json_builder_add_string_value (builder, finished_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Outbox first, server second: if the server is gone the record still finishes the
 * ticket once it is pushed. then_call: Call Next was pressed with a citizen at the
 * window; the next one is called only once the server has finished this one. */
static void
finish_current (YcQueuePage *self,
                gboolean     then_call)
{
  YcStore *store = yc_context_get_store (self->context);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(YcRecord) record = NULL;

  g_assert (self->current != NULL);
  /* Logged in means ready, and ready means a store. */
  g_return_if_fail (store != NULL);

  self->finishing = TRUE;
  update_busy (self);

  body = build_visit_body (self, self->current);
  record = yc_record_new ("visit", body);

  /* One transaction writes the record and forgets the ticket at the window: a restart
   * can neither bring back a finished visit nor lose an unfinished one. No cancellable:
   * once the clerk pressed Finish, the record is written. */
  yc_store_enqueue_with_state_async (store,
                                     record,
                                     CURRENT_KEY, NULL,
                                     NULL,
                                     on_visit_enqueued_cb,
                                     pending_new (self, self->current, then_call));
}

/* ---- Recall, no-show, a call by number, pausing ---- */

typedef struct
{
  YcQueuePage *self;
  char        *token;
  char        *action;
} Action;

static Action *
action_new (YcQueuePage *self,
            const char  *action)
{
  const YcSession *session = yc_client_get_session (self->client);
  Action *data = g_new0 (Action, 1);

  data->self = g_object_ref (self);
  data->token = g_strdup (session ? session->token : NULL);
  data->action = g_strdup (action);
  self->acting = TRUE;
  update_busy (self);
  return data;
}

static void
action_free (Action *data)
{
  data->self->acting = FALSE;
  update_busy (data->self);
  g_object_unref (data->self);
  g_free (data->token);
  g_free (data->action);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Action, action_free)

/* What the clerk reads when the centre says no: the server's words are for logs. */
static void
toast_refusal (YcQueuePage  *self,
               const GError *error,
               const char   *conflict,
               const char   *not_found)
{
  if (g_error_matches (error, YC_ERROR, YC_ERROR_CONFLICT) && conflict != NULL)
    {
      g_debug ("Refused: %s", error->message);
      yc_window_toast_from (GTK_WIDGET (self), conflict);
    }
  else if (g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND) && not_found != NULL)
    yc_window_toast_from (GTK_WIDGET (self), not_found);
  else
    toast_error (self, error);
}

static void
on_ticket_action_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Action) data = user_data;
  YcQueuePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTicket) ticket = yc_client_ticket_action_finish (YC_CLIENT (object), result, &error);
  g_autofree char *text = NULL;
  gboolean recall = g_str_equal (data->action, "recall");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !session_is (self, data->token))
    return;
  if (ticket == NULL)
    {
      toast_refusal (self, error,
                     recall
                     ? _("It cannot be called again now: calls must be a little apart, and after the last one the ticket is a no-show.")
                     : _("Call the ticket again first: it becomes a no-show only after its last call."),
                     NULL);
      return;
    }
  if (recall)
    {
      set_current (self, ticket);
      remember_current (self, ticket);
      /* Translators: after a recall; %s is the ticket number, %u how many times it has been called */
      text = g_strdup_printf (_("%s called again (call %u)"), yc_ticket_get_number (ticket), yc_ticket_get_calls (ticket));
    }
  else
    {
      YcStore *store = yc_context_get_store (self->context);

      set_current (self, NULL);
      if (store != NULL)
        yc_store_set_value_async (store, CURRENT_KEY, NULL, NULL, on_current_saved_cb, NULL);
      /* Translators: after marking a no-show (过号); %s is the ticket number */
      text = g_strdup_printf (_("%s marked as a no-show; the citizen may still be put back in the queue."),
                              yc_ticket_get_number (ticket));
    }
  yc_window_toast_from (GTK_WIDGET (self), text);
}

static void
yc_queue_page_ticket_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  const char *action = g_str_equal (action_name, "queue.recall") ? "recall" : "no-show";

  if (self->busy || self->current == NULL || yc_client_get_session (self->client) == NULL)
    return;
  yc_client_ticket_action_async (self->client, yc_ticket_get_id (self->current), action, self->cancellable,
                                 on_ticket_action_cb, action_new (self, action));
}

static void
on_number_called_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Action) data = user_data;
  YcQueuePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTicket) ticket = yc_client_call_number_finish (YC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !session_is (self, data->token))
    return;
  if (ticket == NULL)
    {
      toast_refusal (self, error, _("That ticket is not waiting, or the window is not open."),
                     _("No ticket of that number was issued today."));
      return;
    }
  set_current (self, ticket);
  remember_current (self, ticket);
  refresh_queues (self);
}

/* A ticket number as the kiosk prints it: a letter and three or more digits. */
static char *
normalise_number (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_ascii_strup (text ? text : "", -1));
  gsize length = strlen (stripped);

  if (length < 4 || length > 8 || !g_ascii_isupper (stripped[0]))
    return NULL;
  for (gsize i = 1; i < length; i++)
    if (!g_ascii_isdigit (stripped[i]))
      return NULL;
  return g_steal_pointer (&stripped);
}

static void
on_call_number_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            YcQueuePage      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *number = normalise_number (gtk_editable_get_text (entry));

  if (g_strcmp0 (response, "call") != 0 || number == NULL || self->busy)
    return;
  yc_client_call_number_async (self->client, number, self->cancellable, on_number_called_cb,
                               action_new (self, "call"));
}

static void
on_call_number_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *number = normalise_number (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "call", number != NULL);
}

static void
yc_queue_page_call_number (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *entry;

  if (self->busy || self->current != NULL || yc_client_get_session (self->client) == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Call a Ticket by Number"),
                                   _("The citizen with this ticket is called to this window, ahead of the queue."));
  entry = gtk_entry_new ();
  /* Translators: placeholder of the ticket number to call */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. A012"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ticket number"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* Translators: calls the ticket typed in */
                                    "call", _("C_all"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "call", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "call");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "call", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_call_number_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_call_number_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
pause_reason_label (const char *reason)
{
  if (g_strcmp0 (reason, "break") == 0)
    /* Translators: why a window is paused */
    return C_("pause", "Break");
  if (g_strcmp0 (reason, "meeting") == 0)
    return C_("pause", "Meeting");
  if (g_strcmp0 (reason, "training") == 0)
    return C_("pause", "Training");
  if (g_strcmp0 (reason, "system_fault") == 0)
    return C_("pause", "System fault");
  return C_("pause", "Other");
}

/* reason: the pause's, or NULL when the window is open. */
static void
show_paused (YcQueuePage *self,
             const char  *reason)
{
  self->paused = reason != NULL;
  if (self->paused)
    {
      /* Translators: on the Queue page while the window is paused; %s is the reason */
      g_autofree char *text = g_strdup_printf (_("The window is paused (%s): it gets no calls."),
                                               pause_reason_label (reason));
      gtk_label_set_label (self->paused_label, text);
    }
  update_actions (self);
}

/* At log-in: a window paused before (by this clerk or a colleague) is shown paused. */
static void
on_window_state_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;

  if (!yc_client_get_window_state_finish (YC_CLIENT (object), result, &state, &reason, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Window state not read: %s", error->message);
      return;
    }
  if (g_str_equal (state, "paused"))
    show_paused (self, reason != NULL ? reason : "other");
}

static void
on_paused_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Action) data = user_data;
  YcQueuePage *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!yc_client_set_window_state_finish (YC_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && session_is (self, data->token))
        toast_error (self, error);
      return;
    }
  if (!session_is (self, data->token))
    return;
  show_paused (self, *data->action != '\0' ? data->action : NULL);
}

static void
yc_queue_page_pause (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  const char *reason = g_variant_get_string (param, NULL);

  if (self->busy || yc_client_get_session (self->client) == NULL)
    return;
  yc_client_set_window_state_async (self->client, *reason ? "paused" : "open", *reason ? reason : NULL,
                                    self->cancellable, on_paused_cb, action_new (self, reason));
}

gboolean
yc_queue_page_get_paused (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->paused;
}

static void
yc_queue_page_call_next (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy ||
      yc_client_get_session (self->client) == NULL ||
      !yc_client_get_online (self->client) ||
      (self->paused && self->current == NULL))
    return;

  /* Calling the next citizen means the one at the window is done. */
  if (self->current != NULL)
    finish_current (self, TRUE);
  else
    call_next (self);
}

static void
yc_queue_page_finish (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy || self->current == NULL)
    return;

  finish_current (self, FALSE);
}

static void
on_current_restored_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const YcSession *session;

  text = yc_store_get_value_finish (YC_STORE (object), result, &error);

  /* Cancelled: the page is gone, or the session ended and restoring was reset. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->restoring = FALSE;
  update_busy (self);

  if (error != NULL)
    {
      g_warning ("Could not read the ticket at the window: %s", error->message);
      return;
    }

  session = yc_client_get_session (self->client);
  if (text != NULL && session != NULL)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(YcTicket) ticket = NULL;

      node = yc_wire_parse_object (text, strlen (text), YC_ERROR_STORAGE, &error);
      if (node != NULL)
        ticket = yc_ticket_new_from_json (node, &error);

      if (ticket == NULL)
        g_warning ("Forgetting an unreadable ticket at the window: %s", error->message);
      /* Only a ticket of this window is ours to show; another window's stays stored. */
      else if (yc_ticket_get_window (ticket) == session->window_id)
        set_current (self, ticket);
    }
}

/* Refreshing runs while a clerk is logged in and the page is in a window; a page taken
 * out of its window must not keep itself alive by calling the server every 2 s. */
static void
update_refreshing (YcQueuePage *self)
{
  /* Polled only while the event stream is down. */
  gboolean wanted = yc_client_get_session (self->client) != NULL &&
                    gtk_widget_get_root (GTK_WIDGET (self)) != NULL &&
                    !is_disposed (self) &&
                    !yc_events_get_live (yc_context_get_events (self->context));

  if (wanted && self->refresh_source == 0)
    {
      refresh_queues (self);
      self->refresh_source = g_timeout_add (REFRESH_INTERVAL_MS, on_refresh_timeout_cb, self);
    }
  else if (!wanted)
    {
      g_clear_handle_id (&self->refresh_source, g_source_remove);
    }
}

/* A call-next or a finish under way is not cancelled: it ends by itself and its answer
 * is dealt with then (see on_called_cb and on_ticket_finished_cb). */
static void
on_session_changed_cb (YcQueuePage *self,
                       GParamSpec  *pspec,
                       YcClient    *client)
{
  const YcSession *session = yc_client_get_session (client);

  g_cancellable_cancel (self->session_cancellable);
  g_clear_object (&self->session_cancellable);
  self->session_cancellable = g_cancellable_new ();
  self->refreshing = FALSE;
  self->refresh_again = FALSE;
  self->restoring = FALSE;
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  g_list_store_remove_all (self->services);
  /* Shown no more, but kept in the store for the next log-in. */
  set_current (self, NULL);
  self->paused = FALSE;
  update_actions (self);
  if (session != NULL)
    yc_client_get_window_state_async (self->client, self->session_cancellable, on_window_state_cb,
                                      g_object_ref (self));

  if (session != NULL)
    {
      for (guint i = 0; session->services != NULL && i < session->services->len; i++)
        {
          YcService *service = g_ptr_array_index (session->services, i);
          g_autoptr(YcService) copy = NULL;

          copy = yc_service_new (yc_service_get_letter (service),
                                 yc_service_get_name (service),
                                 yc_service_get_waiting (service));
          yc_service_set_packages (copy, yc_service_get_packages (service));
          g_list_store_append (self->services, copy);
        }
      update_total (self);

      /* Calling waits until a ticket left at the window before a restart is back. */
      self->restoring = TRUE;
      yc_store_get_value_async (yc_context_get_store (self->context),
                                CURRENT_KEY,
                                self->session_cancellable,
                                on_current_restored_cb,
                                g_object_ref (self));
    }

  update_busy (self);
  update_refreshing (self);
  update_actions (self);
}

/* Live again: one refresh for what happened while the stream was down (its first
 * connection asks only for what comes next), then the events keep the counts. */
static void
on_live_changed_cb (YcQueuePage *self,
                    GParamSpec  *pspec,
                    YcEvents    *events)
{
  if (yc_events_get_live (events) && yc_client_get_session (self->client) != NULL)
    refresh_queues (self);
  update_refreshing (self);
}

static void
on_online_changed_cb (YcQueuePage *self,
                      GParamSpec  *pspec,
                      YcClient    *client)
{
  update_actions (self);

  if (yc_client_get_online (client))
    refresh_queues (self);
}

static void
yc_queue_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_queue_page_parent_class)->root (widget);

  update_refreshing (YC_QUEUE_PAGE (widget));
}

static void
yc_queue_page_unroot (GtkWidget *widget)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  GTK_WIDGET_CLASS (yc_queue_page_parent_class)->unroot (widget);
}

static gboolean
yc_queue_page_grab_focus (GtkWidget *widget)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (gtk_widget_is_sensitive (GTK_WIDGET (self->call_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->call_button));
  if (gtk_widget_is_sensitive (GTK_WIDGET (self->finish_button)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->finish_button));

  return GTK_WIDGET_CLASS (yc_queue_page_parent_class)->grab_focus (widget);
}

static void
yc_queue_page_constructed (GObject *object)
{
  YcQueuePage *self = (YcQueuePage *) object;
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (yc_queue_page_parent_class)->constructed (object);

  g_assert (YC_IS_CONTEXT (self->context));

  self->client = g_object_ref (yc_context_get_client (self->context));

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->services)));
  gtk_list_view_set_model (self->services_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (self->client,
                           "notify::session",
                           G_CALLBACK (on_session_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client,
                           "notify::online",
                           G_CALLBACK (on_online_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context,
                           "notify::catalogue",
                           G_CALLBACK (bind_catalogue),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (yc_context_get_events (self->context), "event",
                           G_CALLBACK (on_event_cb), self, 0);
  g_signal_connect_object (yc_context_get_events (self->context), "notify::live",
                           G_CALLBACK (on_live_changed_cb), self, G_CONNECT_SWAPPED);
  bind_catalogue (self);

  on_session_changed_cb (self, NULL, self->client);
}

static void
yc_queue_page_dispose (GObject *object)
{
  YcQueuePage *self = (YcQueuePage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->session_cancellable);
  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_QUEUE_PAGE);
  /* The template's top box has no id, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_queue_page_parent_class)->dispose (object);
}

static void
yc_queue_page_finalize (GObject *object)
{
  YcQueuePage *self = (YcQueuePage *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session_cancellable);
  g_clear_object (&self->suggest_cancellable);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_object (&self->current);
  g_clear_object (&self->services);
  g_clear_object (&self->client);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (yc_queue_page_parent_class)->finalize (object);
}

static void
yc_queue_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcQueuePage *self = YC_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_CURRENT:
      g_value_set_object (value, self->current);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_queue_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcQueuePage *self = YC_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_queue_page_class_init (YcQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_queue_page_constructed;
  object_class->dispose = yc_queue_page_dispose;
  object_class->finalize = yc_queue_page_finalize;
  object_class->get_property = yc_queue_page_get_property;
  object_class->set_property = yc_queue_page_set_property;

  widget_class->grab_focus = yc_queue_page_grab_focus;
  widget_class->root = yc_queue_page_root;
  widget_class->unroot = yc_queue_page_unroot;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         YC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CURRENT] =
    g_param_spec_object ("current", NULL, NULL,
                         YC_TYPE_TICKET,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queuepage");

  /* The row template looks YcService up by name. */
  g_type_ensure (YC_TYPE_SERVICE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/yichuang/Desk/ui/yc-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, current_stack);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, number_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, service_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, called_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, tag_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, package_grid);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, other_button);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, call_button);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, call_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, paused_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, services_view);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, waiting_panel);

  /* F2 and F4 are bound by the page's global shortcut controller (see the template):
   * class bindings would only fire while the focus is inside the page. */
  gtk_widget_class_install_action (widget_class, "queue.call-next", NULL, yc_queue_page_call_next);
  gtk_widget_class_install_action (widget_class, "queue.finish", NULL, yc_queue_page_finish);
  gtk_widget_class_install_action (widget_class, "queue.recall", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.no-show", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.call-number", NULL, yc_queue_page_call_number);
  /* "" resumes; else the reason of the pause */
  gtk_widget_class_install_action (widget_class, "queue.pause", "s", yc_queue_page_pause);
}

static void
yc_queue_page_init (YcQueuePage *self)
{
  self->services = g_list_store_new (YC_TYPE_SERVICE);
  self->cancellable = g_cancellable_new ();
  self->session_cancellable = g_cancellable_new ();

  self->suggestions = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkButton *
yc_queue_page_get_suggestion (YcQueuePage *self,
                              const char  *package)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);

  for (guint i = 0; i < self->suggestions->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->suggestions, i);

      if (gtk_widget_get_visible (button) && g_strcmp0 (gtk_widget_get_name (button), package) == 0)
        return GTK_BUTTON (button);
    }
  return NULL;
}

gboolean
yc_queue_page_get_polling (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->refresh_source != 0;
}

YcTicket *
yc_queue_page_get_current (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->current;
}

gboolean
yc_queue_page_get_busy (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->busy;
}

GtkButton *
yc_queue_page_get_call_button (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->call_button;
}

GtkButton *
yc_queue_page_get_finish_button (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->finish_button;
}

GtkLabel *
yc_queue_page_get_call_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->call_label;
}

GtkLabel *
yc_queue_page_get_called_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->called_label;
}

GtkLabel *
yc_queue_page_get_tag_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->tag_label;
}

GtkLabel *
yc_queue_page_get_number_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->number_label;
}

GtkLabel *
yc_queue_page_get_offline_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->offline_label;
}

GListModel *
yc_queue_page_get_services (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return G_LIST_MODEL (self->services);
}

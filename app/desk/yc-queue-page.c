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

#include "core/yc-mask.h"
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
  guint          wait_source;          /* the longest waits, every 15 seconds */
  guint          double_press_seconds; /* a second Call Next this soon after a call is ignored */
  GListStore    *parked;               /* YcTicket parked at this window, parked longest first */
  JsonArray     *delivered;            /* the services delivered to the citizen at the window */
  YcCatalogueCache *cache;             /* where the suggested packages are read */
  GCancellable  *suggest_cancellable;  /* reading the suggested packages */
  GPtrArray     *suggestions;          /* GtkButton of each suggested package, in order */

  /* Template widgets */
  GtkStack      *current_stack;
  GtkLabel      *number_label;
  GtkLabel      *service_label;
  GtkLabel      *called_label;
  GtkLabel      *tag_label;
  GtkLabel      *note_label;
  GtkLabel      *applicant_label;
  GtkDropDown   *outcome_dropdown;
  GtkEditable   *visit_note_entry;
  GtkLabel      *delivered_label;
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
  GtkWidget     *parked_box;
  GtkLabel      *parked_title;
  GtkListView   *parked_view;
  GtkLabel      *day_label;
  GtkLabel      *ratings_label;

  guint          calling : 1;    /* a call-next is under way */
  guint          finishing : 1;  /* a visit is being written or finished on the server */
  guint          restoring : 1;  /* the ticket left at the window is being read back */
  guint          acting : 1;     /* a recall, a no-show or a call by number is under way */
  guint          paused : 1;     /* the window is paused: no calls */
  guint          busy : 1;       /* any of the four */
  guint          refreshing : 1;
  guint          refresh_again : 1;
  guint          outcome_chosen : 1; /* the clerk picked the outcome: intakes leave it */
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
static void on_outcome_chosen_cb (YcQueuePage *self);
static void refresh_parked (YcQueuePage *self);
static void refresh_day (YcQueuePage *self);
static void update_waits (YcQueuePage *self);
static void update_parked (YcQueuePage *self);
static void add_delivered (YcQueuePage *self, const char *name, const char *code, const char *decision);

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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.park",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.return",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.transfer",
                                 logged_in && online && self->current != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-back",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused &&
                                 g_list_model_get_n_items (G_LIST_MODEL (self->parked)) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.call-back-ticket",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.walk-in",
                                 logged_in && online && self->current == NULL && !self->busy && !self->paused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queue.requeue", logged_in && online && !self->busy);
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
  YcService *service;
  guint expected;

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
  service = find_service (self, yc_ticket_get_service (self->current));
  expected = service != NULL ? yc_service_get_expected_minutes (service) : 0;
  if (expected > 0)
    /* Translators: under the ticket number: called at 09:41, had waited 12 min, at the
     * window for 3:25, of the 15 min such a visit usually takes */
    text = g_strdup_printf (_("Called at %s · waited %u min · at the window %u:%02u of %u min"), clock,
                            (guint) waited, (guint) (serving / 60), (guint) (serving % 60), expected);
  else
    /* Translators: under the ticket number: called at 09:41, had waited 12 min, at the window for 3:25 */
    text = g_strdup_printf (_("Called at %s · waited %u min · at the window %u:%02u"), clock, (guint) waited,
                            (guint) (serving / 60), (guint) (serving % 60));
  gtk_label_set_label (self->called_label, text);
  /* Longer than such a visit usually takes: the line says so. */
  if (expected > 0 && serving > (GTimeSpan) expected * 60)
    gtk_widget_add_css_class (GTK_WIDGET (self->called_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->called_label), "warning");
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
      const char *from = yc_ticket_get_transferred_from_name (self->current);
      const char *note = yc_ticket_get_note (self->current);

      if (appointment != NULL)
        {
          g_autofree char *slot = yc_time_format_clock (appointment);
          /* Translators: a ticket booked in advance (预约); %s is the slot, e.g. 10:00 */
          tag = g_strdup_printf (_("Appointment at %s"), slot);
        }
      else if (priority != NULL)
        tag = g_strdup (priority_label (priority));
      else if (yc_ticket_get_walk_in (self->current))
        /* Translators: a citizen served without a queue ticket (无号办理) */
        tag = g_strdup (_("Walk-in"));
      else if (from != NULL && *from != '\0')
        /* Translators: a ticket transferred here; %s is the window it came from */
        tag = g_strdup_printf (_("Transferred from %s"), from);
      gtk_label_set_label (self->tag_label, tag ? tag : "");
      gtk_widget_set_visible (GTK_WIDGET (self->tag_label), tag != NULL);
      if (note != NULL && *note != '\0')
        {
          /* Translators: the note of the clerk who transferred the ticket */
          g_autofree char *text = g_strdup_printf (_("Note: %s"), note);
          gtk_label_set_label (self->note_label, text);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');
      update_visit_clock (self);
      self->clock_source = g_timeout_add_seconds (1, on_visit_clock_cb, self);
      gtk_stack_set_visible_child_name (self->current_stack, "ticket");
    }

  update_suggestions (self);
  update_actions (self);
}

/* ---- What the visit came to ---- */

/* In the order of the outcome list of the template. */
static const char *outcome_names[] = { "completed", "accepted", "informed", "refused", "consulted", "unresolved" };

static void
set_outcome (YcQueuePage *self,
             const char  *outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_str_equal (outcome, outcome_names[i]))
      {
        g_signal_handlers_block_by_func (self->outcome_dropdown, on_outcome_chosen_cb, self);
        gtk_drop_down_set_selected (self->outcome_dropdown, i);
        g_signal_handlers_unblock_by_func (self->outcome_dropdown, on_outcome_chosen_cb, self);
      }
}

static void
on_outcome_chosen_cb (YcQueuePage *self)
{
  self->outcome_chosen = TRUE;
}

/* A new citizen at the window: nothing said yet. */
static void
reset_visit_details (YcQueuePage *self)
{
  self->outcome_chosen = FALSE;
  set_outcome (self, "completed");
  gtk_editable_set_text (self->visit_note_entry, "");
  g_clear_pointer (&self->delivered, json_array_unref);
  self->delivered = json_array_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->delivered_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_label), FALSE);
}

/* {"outcome", "note", "services"}: what the clerk says at Finish (docs/api.md). */
static JsonNode *
visit_details (YcQueuePage *self)
{
  guint selected = gtk_drop_down_get_selected (self->outcome_dropdown);
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (self->visit_note_entry)));
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (object, "outcome",
                                 outcome_names[selected < G_N_ELEMENTS (outcome_names) ? selected : 0]);
  if (*note != '\0')
    json_object_set_string_member (object, "note", note);
  if (json_array_get_length (self->delivered) > 0)
    json_object_set_array_member (object, "services", json_array_ref (self->delivered));
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static const char *
decision_label (const char *decision)
{
  if (g_strcmp0 (decision, "accepted") == 0)
    /* Translators: how an intake of the visit was decided, after its name */
    return C_("decision", "accepted");
  if (g_strcmp0 (decision, "refused") == 0)
    return C_("decision", "refused");
  return C_("decision", "told what is missing");
}

void
yc_queue_page_add_case (YcQueuePage *self,
                        JsonNode    *body)
{
  JsonObject *object;
  JsonNode *applicant_node, *items;
  const char *ticket, *name, *code, *decision;

  g_return_if_fail (YC_IS_QUEUE_PAGE (self));
  g_return_if_fail (body != NULL && JSON_NODE_HOLDS_OBJECT (body));

  object = json_node_get_object (body);
  ticket = yc_json_optional_string (object, "ticket");
  name = yc_json_optional_string (object, "title");
  code = yc_json_optional_string (object, "package");
  decision = yc_json_optional_string (object, "decision");
  items = json_object_get_member (object, "items");
  if (code == NULL && items != NULL && JSON_NODE_HOLDS_ARRAY (items) && json_array_get_length (json_node_get_array (items)) > 0)
    code = json_array_get_string_element (json_node_get_array (items), 0);
  if (self->current == NULL || name == NULL || g_strcmp0 (ticket, yc_ticket_get_number (self->current)) != 0)
    return;

  /* The applicant, now known: the name, and the number masked. */
  applicant_node = json_object_get_member (object, "applicant");
  if (applicant_node != NULL && JSON_NODE_HOLDS_OBJECT (applicant_node))
    {
      JsonObject *applicant = json_node_get_object (applicant_node);
      const char *who = yc_json_optional_string (applicant, "name");
      const char *number = yc_json_optional_string (applicant, "id_number");
      g_autofree char *masked = NULL;
      g_autofree char *line = NULL;

      if (number == NULL)
        number = yc_json_optional_string (applicant, "credit_code");
      masked = yc_mask_id_number (number);
      if (who != NULL && *who != '\0')
        {
          /* Translators: on the visit card, once an intake names the applicant: the name and the masked number */
          line = *masked != '\0' ? g_strdup_printf (_("Applicant: %s (%s)"), who, masked)
                                 /* Translators: on the visit card: the applicant's name */
                                 : g_strdup_printf (_("Applicant: %s"), who);
          gtk_label_set_label (self->applicant_label, line);
          gtk_widget_set_visible (GTK_WIDGET (self->applicant_label), TRUE);
        }
    }
  add_delivered (self, name, code, decision);
}

static void
add_delivered (YcQueuePage *self,
               const char  *name,
               const char  *code,
               const char  *decision)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *service;
  gboolean accepted = FALSE, refused = FALSE;

  service = json_object_new ();
  json_object_set_string_member (service, "name", name);
  if (code != NULL)
    json_object_set_string_member (service, "code", code);
  if (decision != NULL)
    json_object_set_string_member (service, "decision", decision);
  json_array_add_object_element (self->delivered, service);

  for (guint i = 0; i < json_array_get_length (self->delivered); i++)
    {
      JsonObject *each = json_array_get_object_element (self->delivered, i);
      const char *how = yc_json_optional_string (each, "decision");

      if (i > 0)
        /* Translators: between two matters of the visit */
        g_string_append (text, _(", "));
      /* Translators: a matter of the visit and how it was decided, e.g. 企业开办（已受理） */
      g_string_append_printf (text, _("%s (%s)"), yc_json_optional_string (each, "name"), decision_label (how));
      accepted |= g_strcmp0 (how, "accepted") == 0;
      refused |= g_strcmp0 (how, "refused") == 0;
    }
  {
    /* Translators: on the visit card: the matters handled so far */
    g_autofree char *label = g_strdup_printf (_("Handled: %s"), text->str);
    gtk_label_set_label (self->delivered_label, label);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->delivered_label), TRUE);

  /* The outcome follows the intakes until the clerk picks one. */
  if (!self->outcome_chosen)
    set_outcome (self, accepted ? "accepted" : refused ? "refused" : "informed");
}

/* What is shown; the store is written separately (remember_current, the visit). */
static void
set_current (YcQueuePage *self,
             YcTicket    *ticket)
{
  gboolean another = ticket == NULL || self->current == NULL ||
                     yc_ticket_get_id (ticket) != yc_ticket_get_id (self->current);

  if (!g_set_object (&self->current, ticket))
    return;
  if (another)
    reset_visit_details (self);

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
              yc_service_set_waiting_since (service, yc_service_get_waiting_since (queue));
              break;
            }
        }
    }
  update_total (self);
  update_waits (self);
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
  refresh_day (self);
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
/* A ticket transferred to this window or this clerk: they are told it waits for them. */
static void
tell_transfer (YcQueuePage *self,
               JsonNode    *node)
{
  const YcSession *session = yc_client_get_session (self->client);
  JsonObject *ticket = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *number, *from;
  g_autofree char *text = NULL;

  if (session == NULL || ticket == NULL ||
      (json_object_get_int_member_with_default (ticket, "target_window", 0) != session->window_id &&
       g_strcmp0 (yc_json_optional_string (ticket, "target_clerk"), session->clerk_id) != 0))
    return;
  number = yc_json_optional_string (ticket, "number");
  from = yc_json_optional_string (ticket, "transferred_from_name");
  /* Translators: a ticket transferred to this window or clerk: the number, and the window it comes from */
  text = g_strdup_printf (_("%s was transferred to you from %s: it is called first at your next Call Next."),
                          number ? number : "", from ? from : "");
  yc_window_toast_from (GTK_WIDGET (self), text);
}

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
  if (g_str_equal (kind, "ticket.transferred"))
    tell_transfer (self, json_object_get_member (json_node_get_object (body), "ticket"));
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
  JsonNode    *details;    /* finishing: what the visit came to */
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
  g_clear_pointer (&pending->details, json_node_unref);
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
  refresh_day (self);
}

static void
on_visit_enqueued_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  YcQueuePage *self = pending->self;
  gint64 ticket_id = yc_ticket_get_id (pending->ticket);
  JsonNode *details;
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

  /* Read before pending is handed over: arguments have no order. */
  details = pending->details;
  yc_client_finish_ticket_async (self->client,
                                 ticket_id,
                                 details,
                                 self->cancellable,
                                 on_ticket_finished_cb,
                                 g_steal_pointer (&pending));
}

static void
add_member_cb (JsonObject  *object,
               const char  *name,
               JsonNode    *node,
               gpointer     user_data)
{
  json_builder_set_member_name (user_data, name);
  json_builder_add_value (user_data, json_node_copy (node));
}

static JsonNode *
build_visit_body (YcQueuePage *self,
                  YcTicket    *ticket,
                  JsonNode    *details)
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
  /* The details, as at finish. */
  json_object_foreach_member (json_node_get_object (details), add_member_cb, builder);
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
  g_autoptr(JsonNode) details = NULL;
  Pending *pending;

  g_assert (self->current != NULL);
  /* Logged in means ready, and ready means a store. */
  g_return_if_fail (store != NULL);

  self->finishing = TRUE;
  update_busy (self);

  details = visit_details (self);
  body = build_visit_body (self, self->current, details);
  record = yc_record_new ("visit", body);
  pending = pending_new (self, self->current, then_call);
  pending->details = g_steal_pointer (&details);

  /* One transaction writes the record and forgets the ticket at the window: a restart
   * can neither bring back a finished visit nor lose an unfinished one. No cancellable:
   * once the clerk pressed Finish, the record is written. */
  yc_store_enqueue_with_state_async (store,
                                     record,
                                     CURRENT_KEY, NULL,
                                     NULL,
                                     on_visit_enqueued_cb,
                                     pending);
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

/* The ticket is no longer at the window, and not to be brought back by a restart. */
static void
forget_current (YcQueuePage *self)
{
  YcStore *store = yc_context_get_store (self->context);

  set_current (self, NULL);
  if (store != NULL)
    yc_store_set_value_async (store, CURRENT_KEY, NULL, NULL, on_current_saved_cb, NULL);
}

static void
on_ticket_action_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Action) data = user_data;
  YcQueuePage *self = data->self;
  g_autoptr(GError) error = NULL;
  /* A no-show is put back by its number, the rest by the ticket's id. */
  g_autoptr(YcTicket) ticket = g_str_equal (data->action, "requeue")
                               ? yc_client_requeue_number_finish (YC_CLIENT (object), result, &error)
                               : yc_client_ticket_action_finish (YC_CLIENT (object), result, &error);
  g_autofree char *text = NULL;
  const char *action = data->action;
  const char *number;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !session_is (self, data->token))
    return;
  if (ticket == NULL)
    {
      const char *conflict;

      if (g_str_equal (action, "recall"))
        conflict = _("It cannot be called again now: calls must be a little apart, and after the last one the ticket is a no-show.");
      else if (g_str_equal (action, "no-show"))
        conflict = _("Call the ticket again first: it becomes a no-show only after its last call.");
      else if (g_str_equal (action, "call-back"))
        conflict = _("Finish the citizen at the window first, and make sure the window is not paused.");
      else if (g_str_equal (action, "requeue"))
        conflict = _("Only a no-show of the last half hour can be put back; the citizen takes a new ticket.");
      else
        conflict = _("The ticket has changed meanwhile: it is no longer at this window.");
      toast_refusal (self, error, conflict, _("No ticket of that number was issued today."));
      return;
    }

  number = yc_ticket_get_number (ticket);
  if (g_str_equal (action, "recall") || g_str_equal (action, "call-back"))
    {
      set_current (self, ticket);
      remember_current (self, ticket);
      if (g_str_equal (action, "recall"))
        /* Translators: after a recall; %s is the ticket number, %u how many times it has been called */
        text = g_strdup_printf (_("%s called again (call %u)"), number, yc_ticket_get_calls (ticket));
      else
        /* Translators: a parked ticket called back to the window; %s is its number */
        text = g_strdup_printf (_("%s called back to the window"), number);
    }
  else if (g_str_equal (action, "requeue"))
    /* Translators: a no-show put back in the queue; %s is its number */
    text = g_strdup_printf (_("%s is back in the queue, behind those waiting now."), number);
  else
    {
      forget_current (self);
      if (g_str_equal (action, "no-show"))
        /* Translators: after marking a no-show (过号); %s is the ticket number */
        text = g_strdup_printf (_("%s marked as a no-show; the citizen may still be put back in the queue."), number);
      else if (g_str_equal (action, "park"))
        /* Translators: after parking (挂起) a ticket; %s is its number */
        text = g_strdup_printf (_("%s is parked: call it back from the list when the citizen is ready (Shift+F7)."),
                                number);
      else if (g_str_equal (action, "return"))
        /* Translators: a ticket returned to its queue; %s is its number */
        text = g_strdup_printf (_("%s is back in the queue, first in line."), number);
      else
        /* Translators: a ticket transferred; %s is its number */
        text = g_strdup_printf (_("%s transferred; the citizen keeps the number."), number);
    }
  yc_window_toast_from (GTK_WIDGET (self), text);
  if (!g_str_equal (action, "recall"))
    {
      refresh_parked (self);
      refresh_day (self);
    }
}

static void
ticket_action (YcQueuePage *self,
               YcTicket    *ticket,
               const char  *action,
               JsonNode    *body)
{
  yc_client_ticket_action_async (self->client, yc_ticket_get_id (ticket), action, body, self->cancellable,
                                 on_ticket_action_cb, action_new (self, action));
}

/* queue.recall, queue.no-show, queue.park, queue.return: of the ticket at the window. */
static void
yc_queue_page_ticket_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  const char *action = action_name + strlen ("queue.");

  if (self->busy || self->current == NULL || yc_client_get_session (self->client) == NULL)
    return;
  ticket_action (self, self->current, action, NULL);
}

/* queue.call-back: the ticket parked longest; queue.call-back-ticket: the one of that id. */
static void
yc_queue_page_call_back (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->parked));
  gint64 wanted = param != NULL ? g_variant_get_int64 (param) : 0;

  if (self->busy || self->current != NULL || yc_client_get_session (self->client) == NULL)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcTicket) ticket = g_list_model_get_item (G_LIST_MODEL (self->parked), i);

      if (wanted == 0 || yc_ticket_get_id (ticket) == wanted)
        {
          ticket_action (self, ticket, "call-back", NULL);
          return;
        }
    }
}

/* ---- Parked tickets ---- */

static void
update_parked (YcQueuePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->parked));
  /* Translators: heading of the tickets parked (挂起) at this window, with their count */
  g_autofree char *title = g_strdup_printf (_("Parked (%u)"), n);

  gtk_label_set_label (self->parked_title, title);
  gtk_widget_set_visible (self->parked_box, n > 0);
  update_actions (self);
}

static void
on_parked_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_client_read_finish (YC_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *list;

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Parked tickets not read: %s", error->message);
      return;
    }
  list = json_object_get_member (json_node_get_object (answer), "tickets");
  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) && i < json_array_get_length (json_node_get_array (list)); i++)
    {
      YcTicket *ticket = yc_ticket_new_from_json (json_array_get_element (json_node_get_array (list), i), &error);

      if (ticket == NULL)
        {
          g_warning ("A parked ticket is unreadable: %s", error->message);
          return;
        }
      g_ptr_array_add (tickets, ticket);
    }
  g_list_store_splice (self->parked, 0, g_list_model_get_n_items (G_LIST_MODEL (self->parked)), tickets->pdata,
                       tickets->len);
  update_parked (self);
}

static void
refresh_parked (YcQueuePage *self)
{
  if (yc_client_get_session (self->client) == NULL)
    return;
  yc_client_read_async (self->client, YC_CLIENT_READ_PARKED, self->session_cancellable, on_parked_read_cb,
                        g_object_ref (self));
}

static void
setup_parked_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_with_label (_("Call Back"));

  gtk_widget_add_css_class (box, "service-row");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_widget_add_css_class (number, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (labels), number);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_item_set_child (item, box);
}

static void
bind_parked_row_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    YcQueuePage              *self)
{
  YcTicket *ticket = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *labels = gtk_widget_get_first_child (box);
  GtkWidget *button = gtk_widget_get_last_child (box);
  g_autofree char *clock = yc_time_format_clock (yc_ticket_get_parked_at (ticket));
  /* Translators: under a parked ticket: its service and when it was parked */
  g_autofree char *detail = g_strdup_printf (_("%s · parked at %s"), service_name (self, yc_ticket_get_service (ticket)),
                                             clock ? clock : "");

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (labels)), yc_ticket_get_number (ticket));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (labels)), detail);
  /* The target first: the action takes one. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", yc_ticket_get_id (ticket));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "queue.call-back-ticket");
  {
    /* Translators: accessible name of the Call Back button of a parked ticket */
    g_autofree char *name = g_strdup_printf (_("Call back %s"), yc_ticket_get_number (ticket));
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  }
}

/* ---- The clerk's day, the longest waits ---- */

static void
on_day_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YcQueuePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = yc_client_read_finish (YC_CLIENT (object), result, &error);
  g_autofree char *day = NULL;
  g_autofree char *ratings = NULL;
  JsonObject *object_day, *levels;
  gint64 served, wait, service, rated = 0, good = 0, bad;

  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The day's figures not read: %s", error->message);
      return;
    }
  object_day = json_node_get_object (answer);
  served = json_object_get_int_member_with_default (object_day, "served", 0);
  wait = json_object_get_int_member_with_default (object_day, "average_wait_seconds", -1);
  service = json_object_get_int_member_with_default (object_day, "average_service_seconds", -1);
  bad = json_object_get_int_member_with_default (object_day, "bad_ratings", 0);
  levels = json_object_get_object_member (object_day, "ratings");
  if (levels != NULL)
    {
      GList *names = json_object_get_members (levels);

      for (GList *l = names; l != NULL; l = l->next)
        {
          gint64 count = json_object_get_int_member_with_default (levels, l->data, 0);

          rated += count;
          if (g_str_equal (l->data, "very_satisfied") || g_str_equal (l->data, "satisfied"))
            good += count;
        }
      g_list_free (names);
    }

  if (served == 0)
    day = g_strdup (_("Nobody served yet today."));
  else
    /* Translators: the clerk's day: served, the average wait before the call in minutes,
     * the average time at the window (minutes:seconds) */
    day = g_strdup_printf (ngettext ("%u served · average wait %u min · average visit %u:%02u",
                                     "%u served · average wait %u min · average visit %u:%02u", (gulong) served),
                           (guint) served, (guint) (MAX (wait, 0) + 30) / 60,
                           (guint) MAX (service, 0) / 60, (guint) MAX (service, 0) % 60);
  if (rated == 0)
    ratings = g_strdup (_("No ratings yet."));
  else
    /* Translators: the clerk's ratings today: how many, how many satisfied, how many bad */
    ratings = g_strdup_printf (ngettext ("%u rating · %u satisfied · %u dissatisfied",
                                         "%u ratings · %u satisfied · %u dissatisfied", (gulong) rated),
                               (guint) rated, (guint) good, (guint) bad);
  gtk_label_set_label (self->day_label, day);
  gtk_label_set_label (self->ratings_label, ratings);
}

static void
refresh_day (YcQueuePage *self)
{
  if (yc_client_get_session (self->client) == NULL)
    return;
  yc_client_read_async (self->client, YC_CLIENT_READ_TODAY, self->session_cancellable, on_day_read_cb,
                        g_object_ref (self));
}

/* Under each service: how long the one who has waited longest has waited. */
static void
update_waits (YcQueuePage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);
      const char *since = yc_service_get_waiting_since (service);
      g_autoptr(GDateTime) then = since != NULL ? yc_time_parse (since) : NULL;
      g_autofree char *detail = NULL;

      if (then != NULL && yc_service_get_waiting (service) > 0)
        {
          guint minutes = (guint) (MAX (g_date_time_difference (now, then), 0) / G_TIME_SPAN_MINUTE);

          /* Translators: under a service in the Waiting list */
          detail = g_strdup_printf (ngettext ("longest wait %u min", "longest wait %u min", minutes), minutes);
        }
      yc_service_set_detail (service, detail);
    }
}

static gboolean
on_wait_tick_cb (gpointer user_data)
{
  update_waits (user_data);
  return G_SOURCE_CONTINUE;
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

/* The number typed in a number dialog, or NULL if the response is not the action's. */
static char *
dialog_number (AdwMessageDialog *dialog,
               const char       *response,
               const char       *wanted)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  return g_strcmp0 (response, wanted) == 0 ? normalise_number (gtk_editable_get_text (entry)) : NULL;
}

static void
on_call_number_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            YcQueuePage      *self)
{
  g_autofree char *number = dialog_number (dialog, response, "call");

  if (number == NULL || self->busy)
    return;
  yc_client_call_number_async (self->client, number, self->cancellable, on_number_called_cb,
                               action_new (self, "call"));
}

static void
on_requeue_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        YcQueuePage      *self)
{
  g_autofree char *number = dialog_number (dialog, response, "requeue");

  if (number == NULL || self->busy)
    return;
  yc_client_requeue_number_async (self->client, number, self->cancellable, on_ticket_action_cb,
                                  action_new (self, "requeue"));
}

static void
on_number_changed_cb (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *number = normalise_number (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, g_object_get_data (G_OBJECT (dialog), "action"), number != NULL);
}

static GtkWidget *
new_dialog (YcQueuePage *self,
            const char  *heading,
            const char  *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
}

/* Asks for a ticket number; response action (labelled label) runs on_response. */
static void
ask_number (YcQueuePage *self,
            const char  *heading,
            const char  *body,
            const char  *action,
            const char  *label,
            GCallback    on_response)
{
  GtkWidget *dialog = new_dialog (self, heading, body);
  GtkWidget *entry = gtk_entry_new ();

  g_object_set_data_full (G_OBJECT (dialog), "action", g_strdup (action), g_free);
  /* Translators: placeholder of the ticket number to call */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("e.g. A012"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Ticket number"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), action, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), action, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), action);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), action, FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_number_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", on_response, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
yc_queue_page_call_number (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy || self->current != NULL || yc_client_get_session (self->client) == NULL)
    return;
  ask_number (self, _("Call a Ticket by Number"),
              _("The citizen with this ticket is called to this window, ahead of the queue."),
              /* Translators: calls the ticket typed in */
              "call", _("C_all"), G_CALLBACK (on_call_number_response_cb));
}

static void
yc_queue_page_requeue (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);

  if (self->busy || yc_client_get_session (self->client) == NULL)
    return;
  ask_number (self, _("Put a No-Show Back in the Queue"),
              _("A citizen who missed the call in the last half hour waits again with the same ticket, "
                "behind those waiting now."),
              /* Translators: puts the no-show typed in back in the queue */
              "requeue", _("_Put Back"), G_CALLBACK (on_requeue_response_cb));
}

/* ---- Walk-ins ---- */

static void
on_walked_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Action) data = user_data;
  YcQueuePage *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcTicket) ticket = yc_client_walk_in_finish (YC_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !session_is (self, data->token))
    return;
  if (ticket == NULL)
    {
      toast_refusal (self, error, _("Finish the citizen at the window first, and make sure the window is not paused."),
                     NULL);
      return;
    }
  set_current (self, ticket);
  remember_current (self, ticket);
  refresh_queues (self);
}

static void
on_walk_in_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        YcQueuePage      *self)
{
  if (g_strcmp0 (response, "cancel") == 0 || self->busy || self->current != NULL)
    return;
  yc_client_walk_in_async (self->client, response, self->cancellable, on_walked_in_cb, action_new (self, "walk-in"));
}

/* One response per service of the window: the service is the answer. */
static void
yc_queue_page_walk_in (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  GtkWidget *dialog;

  if (self->busy || self->current != NULL || yc_client_get_session (self->client) == NULL || n == 0)
    return;
  dialog = new_dialog (self, _("Serve a Walk-in"),
                       _("A citizen without a ticket is served now. A ticket of the service chosen is made for the "
                         "record; it is not called on the hall screen."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), yc_service_get_letter (service),
                                       yc_service_get_name (service));
    }
  {
    g_autoptr(YcService) first = g_list_model_get_item (G_LIST_MODEL (self->services), 0);

    adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), yc_service_get_letter (first));
    adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), yc_service_get_letter (first),
                                                ADW_RESPONSE_SUGGESTED);
  }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_walk_in_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Transfers ---- */

/* The places a ticket may go, read before the dialog opens. */
typedef struct
{
  YcQueuePage *self;
  YcTicket    *ticket;
  JsonNode    *windows;
  GtkStringList *labels;
  GPtrArray   *targets;   /* JsonNode {"service"} / {"window"} / {"clerk"}, by label */
} Transfer;

static void
transfer_free (Transfer *transfer)
{
  g_object_unref (transfer->self);
  g_object_unref (transfer->ticket);
  g_clear_pointer (&transfer->windows, json_node_unref);
  g_clear_object (&transfer->labels);
  g_clear_pointer (&transfer->targets, g_ptr_array_unref);
  g_free (transfer);
}

static void
add_target (Transfer   *transfer,
            const char *label,
            const char *member,
            const char *text,
            gint64      number)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  if (text != NULL)
    json_object_set_string_member (object, member, text);
  else
    json_object_set_int_member (object, member, number);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  gtk_string_list_append (transfer->labels, label);
  g_ptr_array_add (transfer->targets, node);
}

static void
on_transfer_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         Transfer         *transfer)
{
  YcQueuePage *self = transfer->self;
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkDropDown *targets = GTK_DROP_DOWN (gtk_widget_get_first_child (box));
  GtkEditable *entry = GTK_EDITABLE (gtk_widget_get_last_child (box));
  guint selected = gtk_drop_down_get_selected (targets);
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *note = NULL;

  if (g_strcmp0 (response, "transfer") != 0 || selected >= transfer->targets->len || self->busy ||
      self->current != transfer->ticket)
    return;
  body = json_node_copy (g_ptr_array_index (transfer->targets, selected));
  note = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (*note != '\0')
    json_object_set_string_member (json_node_get_object (body), "note", note);
  ticket_action (self, transfer->ticket, "transfer", body);
}

static void
open_transfer_dialog (Transfer  *transfer,
                      GPtrArray *queues)
{
  YcQueuePage *self = transfer->self;
  const YcSession *session = yc_client_get_session (self->client);
  JsonArray *windows = json_object_get_array_member (json_node_get_object (transfer->windows), "windows");
  GtkWidget *dialog, *box, *targets, *entry;
  g_autofree char *heading = NULL;

  transfer->labels = gtk_string_list_new (NULL);
  transfer->targets = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  for (guint i = 0; i < queues->len; i++)
    {
      YcService *queue = g_ptr_array_index (queues, i);
      /* Translators: a transfer target: a service's queue, e.g. “B 企业事务 (3 waiting)” */
      g_autofree char *label = g_strdup_printf (_("Queue %s %s (%u waiting)"), yc_service_get_letter (queue),
                                                yc_service_get_name (queue), yc_service_get_waiting (queue));

      if (g_strcmp0 (yc_service_get_letter (queue), yc_ticket_get_service (transfer->ticket)) != 0)
        add_target (transfer, label, "service", yc_service_get_letter (queue), 0);
    }
  for (guint pass = 0; pass < 2 && windows != NULL; pass++)
    for (guint i = 0; i < json_array_get_length (windows); i++)
      {
        JsonObject *window = json_array_get_object_element (windows, i);
        JsonNode *clerk_node = json_object_get_member (window, "clerk");
        JsonObject *clerk = clerk_node != NULL && JSON_NODE_HOLDS_OBJECT (clerk_node)
                            ? json_node_get_object (clerk_node) : NULL;
        gint64 id = json_object_get_int_member_with_default (window, "id", 0);
        const char *name = yc_json_optional_string (window, "name");
        g_autofree char *label = NULL;

        if (id == 0 || name == NULL || (session != NULL && id == session->window_id))
          continue;
        if (pass == 0)
          {
            /* Translators: a transfer target: a window, and who is at it */
            label = clerk != NULL ? g_strdup_printf (_("Window %s · %s"), name, yc_json_optional_string (clerk, "name"))
                                  /* Translators: a transfer target: a window nobody is logged in at */
                                  : g_strdup_printf (_("Window %s · nobody logged in"), name);
            add_target (transfer, label, "window", NULL, id);
          }
        else if (clerk != NULL && yc_json_optional_string (clerk, "id") != NULL)
          {
            /* Translators: a transfer target: a colleague, wherever they are logged in; (at which window) */
            label = g_strdup_printf (_("Colleague %s (at %s)"), yc_json_optional_string (clerk, "name"), name);
            add_target (transfer, label, "clerk", yc_json_optional_string (clerk, "id"), 0);
          }
      }
  if (transfer->targets->len == 0)
    {
      yc_window_toast_from (GTK_WIDGET (self), _("There is no other service or window to transfer to."));
      transfer_free (transfer);
      return;
    }

  /* Translators: heading of the transfer dialog; %s is the ticket number */
  heading = g_strdup_printf (_("Transfer %s"), yc_ticket_get_number (transfer->ticket));
  dialog = new_dialog (self, heading,
                       _("The citizen keeps the number and the place in line, and waits to be called there."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  targets = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (transfer->labels)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (targets), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Transfer to"), -1);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Note for the next clerk (optional)"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 500);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_box_append (GTK_BOX (box), targets);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* Translators: confirms a transfer */
                                    "transfer", _("_Transfer"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "transfer", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "transfer");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_transfer_response_cb), transfer,
                         (GClosureNotify) (void (*) (void)) transfer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_transfer_queues_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queues = yc_client_get_queues_finish (YC_CLIENT (object), result, &error);

  if (queues == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (transfer->self, error);
      transfer_free (transfer);
      return;
    }
  open_transfer_dialog (transfer, queues);
}

static void
on_transfer_windows_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Transfer *transfer = user_data;
  g_autoptr(GError) error = NULL;

  transfer->windows = yc_client_read_finish (YC_CLIENT (object), result, &error);
  if (transfer->windows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (transfer->self, error);
      transfer_free (transfer);
      return;
    }
  yc_client_get_queues_async (transfer->self->client, transfer->self->session_cancellable, on_transfer_queues_cb,
                              transfer);
}

static void
yc_queue_page_transfer (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  YcQueuePage *self = YC_QUEUE_PAGE (widget);
  Transfer *transfer;

  if (self->busy || self->current == NULL || yc_client_get_session (self->client) == NULL)
    return;
  transfer = g_new0 (Transfer, 1);
  transfer->self = g_object_ref (self);
  transfer->ticket = g_object_ref (self->current);
  yc_client_read_async (self->client, YC_CLIENT_READ_WINDOWS, self->session_cancellable, on_transfer_windows_cb,
                        transfer);
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

/* reason: the pause's, "closed" for a window closed, or NULL when the window is open.
 * Closed or paused, it gets no calls. */
static void
show_paused (YcQueuePage *self,
             const char  *reason)
{
  self->paused = reason != NULL;
  if (g_strcmp0 (reason, "closed") == 0)
    gtk_label_set_label (self->paused_label, _("The window is closed: it gets no calls until it is opened again."));
  else if (self->paused)
    {
      /* Translators: on the Queue page while the window is paused; %s is the reason */
      g_autofree char *text = g_strdup_printf (_("The window is paused (%s): it gets no calls."),
                                               pause_reason_label (reason));
      gtk_label_set_label (self->paused_label, text);
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.window-state", "s", reason ? reason : "");
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
  else if (g_str_equal (state, "closed"))
    show_paused (self, "closed");
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
        toast_refusal (self, error, _("Finish, return or transfer the citizens at the window and those parked "
                                      "here before closing it."), NULL);
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
  /* "closed" closes the window (for the day); any other reason pauses it. */
  if (g_str_equal (reason, "closed"))
    yc_client_set_window_state_async (self->client, "closed", NULL, self->cancellable, on_paused_cb,
                                      action_new (self, reason));
  else
    yc_client_set_window_state_async (self->client, *reason ? "paused" : "open", *reason ? reason : NULL,
                                      self->cancellable, on_paused_cb, action_new (self, reason));
}

gboolean
yc_queue_page_get_paused (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), FALSE);
  return self->paused;
}

/* Called less than double_press_seconds ago (3 s; the tests may set another). */
static gboolean
called_just_now (YcQueuePage *self,
                 YcTicket    *ticket)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) called = NULL;

  if (yc_ticket_get_called_at (ticket) == NULL || !(called = yc_time_parse (yc_ticket_get_called_at (ticket))))
    return FALSE;
  return g_date_time_difference (now, called) < (GTimeSpan) self->double_press_seconds * G_TIME_SPAN_SECOND;
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

  /* Calling the next citizen means the one at the window is done; but a second press
   * within seconds of the call is a double press, not a visit: nobody is skipped. */
  if (self->current != NULL && called_just_now (self, self->current))
    {
      /* Translators: F2 pressed again right after a call; %s is the ticket just called */
      g_autofree char *text = g_strdup_printf (_("%s was called just now: press again once the visit is over."),
                                               yc_ticket_get_number (self->current));
      yc_window_toast_from (GTK_WIDGET (self), text);
    }
  else if (self->current != NULL)
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
  g_list_store_remove_all (self->parked);
  update_parked (self);
  gtk_label_set_label (self->day_label, "");
  gtk_label_set_label (self->ratings_label, "");
  g_clear_handle_id (&self->wait_source, g_source_remove);
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
          yc_service_set_expected_minutes (copy, yc_service_get_expected_minutes (service));
          g_list_store_append (self->services, copy);
        }
      update_total (self);
      refresh_parked (self);
      refresh_day (self);
      self->wait_source = g_timeout_add_seconds (15, on_wait_tick_cb, self);

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
  {
    g_autoptr(GtkNoSelection) parked = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->parked)));
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_parked_row_cb), NULL);
    g_signal_connect_object (factory, "bind", G_CALLBACK (bind_parked_row_cb), self, 0);
    gtk_list_view_set_model (self->parked_view, GTK_SELECTION_MODEL (parked));
    gtk_list_view_set_factory (self->parked_view, factory);
  }
  g_signal_connect_object (self->outcome_dropdown, "notify::selected", G_CALLBACK (on_outcome_chosen_cb), self,
                           G_CONNECT_SWAPPED);

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
  g_clear_handle_id (&self->wait_source, g_source_remove);

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
  g_clear_object (&self->parked);
  g_clear_pointer (&self->delivered, json_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, note_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, applicant_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, visit_note_entry);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, delivered_label);
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
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, parked_box);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, parked_title);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, parked_view);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, day_label);
  gtk_widget_class_bind_template_child (widget_class, YcQueuePage, ratings_label);

  /* F2 and F4 are bound by the page's global shortcut controller (see the template):
   * class bindings would only fire while the focus is inside the page. */
  gtk_widget_class_install_action (widget_class, "queue.call-next", NULL, yc_queue_page_call_next);
  gtk_widget_class_install_action (widget_class, "queue.finish", NULL, yc_queue_page_finish);
  gtk_widget_class_install_action (widget_class, "queue.recall", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.no-show", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.call-number", NULL, yc_queue_page_call_number);
  /* "" resumes (opens); "closed" closes; else the reason of the pause */
  gtk_widget_class_install_action (widget_class, "queue.pause", "s", yc_queue_page_pause);
  gtk_widget_class_install_action (widget_class, "queue.park", NULL, yc_queue_page_ticket_action);
  gtk_widget_class_install_action (widget_class, "queue.return", NULL, yc_queue_page_ticket_action);
  /* The ticket parked longest; queue.call-back-ticket: the one of that id. */
  gtk_widget_class_install_action (widget_class, "queue.call-back", NULL, yc_queue_page_call_back);
  gtk_widget_class_install_action (widget_class, "queue.call-back-ticket", "x", yc_queue_page_call_back);
  gtk_widget_class_install_action (widget_class, "queue.transfer", NULL, yc_queue_page_transfer);
  gtk_widget_class_install_action (widget_class, "queue.walk-in", NULL, yc_queue_page_walk_in);
  gtk_widget_class_install_action (widget_class, "queue.requeue", NULL, yc_queue_page_requeue);
}

static void
yc_queue_page_init (YcQueuePage *self)
{
  self->services = g_list_store_new (YC_TYPE_SERVICE);
  self->double_press_seconds = 3;
  self->parked = g_list_store_new (YC_TYPE_TICKET);
  self->delivered = json_array_new ();
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

GListModel *
yc_queue_page_get_parked (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return G_LIST_MODEL (self->parked);
}

GtkDropDown *
yc_queue_page_get_outcome_dropdown (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->outcome_dropdown;
}

GtkEditable *
yc_queue_page_get_visit_note_entry (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->visit_note_entry;
}

GtkLabel *
yc_queue_page_get_note_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->note_label;
}

GtkLabel *
yc_queue_page_get_day_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->day_label;
}

GtkLabel *
yc_queue_page_get_applicant_label (YcQueuePage *self)
{
  g_return_val_if_fail (YC_IS_QUEUE_PAGE (self), NULL);
  return self->applicant_label;
}

void
yc_queue_page_set_double_press_seconds (YcQueuePage *self,
                                        guint        seconds)
{
  g_return_if_fail (YC_IS_QUEUE_PAGE (self));
  self->double_press_seconds = seconds;
}

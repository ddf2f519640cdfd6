/* yc-waiting-panel.c: beside the visit card: the window's services and how many wait for
 * each (with the longest wait, every 15 s), a training scenario's citizen at the window
 * (who they are and what they bring: beside the card, so that the card's buttons stay
 * where they are on a small screen), the tickets parked here and the clerk's day,
 * as the window's YcQueue has them. Faded while the desk is offline: the counts are from
 * before the outage. */
#include "config-desk.h"

#include "yc-waiting-panel.h"

#include "core/yc-scenario.h"
#include "core/yc-time.h"

#include "yc-display.h"
#include "yc-parked-list.h"
#include "yc-phrases.h"

#define WAITS_INTERVAL_S 15

struct _YcWaitingPanel
{
  GtkWidget     parent_instance;

  YcQueue      *queue;
  GListModel   *services;
  guint         wait_source;   /* the longest waits, every 15 seconds */

  GtkWidget    *waiting_panel;
  GtkLabel     *total_label;
  GtkListView  *services_view;
  GtkWidget    *story_box;
  GtkLabel     *story_label;
  YcParkedList *parked_list;
  GtkLabel     *day_label;
  GtkLabel     *ratings_label;
};

G_DEFINE_FINAL_TYPE (YcWaitingPanel, yc_waiting_panel, GTK_TYPE_WIDGET)

static void update_waits (YcWaitingPanel *self);

static void
on_waiting_changed_cb (YcWaitingPanel *self)
{
  guint total = yc_queue_get_waiting (self->queue);
  /* Translators: next to the "Waiting" heading: how many citizens wait in all */
  g_autofree char *text = g_strdup_printf (ngettext ("%u in all", "%u in all", total), total);

  gtk_label_set_label (self->total_label, text);
  update_waits (self);
}


static void
on_day_changed_cb (YcWaitingPanel *self)
{
  g_autofree char *day = NULL;
  g_autofree char *ratings = NULL;
  YcQueueDay figures;

  if (!yc_queue_get_day (self->queue, &figures))
    {
      gtk_label_set_label (self->day_label, "");
      gtk_label_set_label (self->ratings_label, "");
      return;
    }
  if (figures.served == 0)
    day = g_strdup (_("Nobody served yet today."));
  else
    /* Translators: the clerk's day: served, the average wait before the call in minutes,
     * the average time at the window (minutes:seconds) */
    day = g_strdup_printf (ngettext ("%u served · average wait %u min · average visit %u:%02u",
                                     "%u served · average wait %u min · average visit %u:%02u", figures.served),
                           figures.served, (guint) (MAX (figures.average_wait_seconds, 0) + 30) / 60,
                           (guint) MAX (figures.average_service_seconds, 0) / 60,
                           (guint) MAX (figures.average_service_seconds, 0) % 60);
  if (figures.rated == 0)
    ratings = g_strdup (_("No ratings yet."));
  else
    /* Translators: the clerk's ratings today: how many, how many satisfied, how many bad */
    ratings = g_strdup_printf (ngettext ("%u rating · %u satisfied · %u dissatisfied",
                                         "%u ratings · %u satisfied · %u dissatisfied", figures.rated),
                               figures.rated, figures.satisfied, figures.bad);
  /* At 120% text the panel holds a figure or two a line: a figure is never split. */
  yc_label_set_phrases (self->day_label, day);
  yc_label_set_phrases (self->ratings_label, ratings);
}

/* Under each service: how long the one who has waited longest has waited. */
static void
update_waits (YcWaitingPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint n = g_list_model_get_n_items (self->services);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcService) service = g_list_model_get_item (self->services, i);
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
yc_waiting_panel_dispose (GObject *object)
{
  YcWaitingPanel *self = (YcWaitingPanel *) object;

  g_clear_handle_id (&self->wait_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_WAITING_PANEL);

  G_OBJECT_CLASS (yc_waiting_panel_parent_class)->dispose (object);
}

static void
yc_waiting_panel_finalize (GObject *object)
{
  YcWaitingPanel *self = (YcWaitingPanel *) object;

  g_clear_object (&self->services);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (yc_waiting_panel_parent_class)->finalize (object);
}

static void
yc_waiting_panel_class_init (YcWaitingPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_waiting_panel_dispose;
  object_class->finalize = yc_waiting_panel_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* The row template looks YcService up by name. */
  g_type_ensure (YC_TYPE_SERVICE);
  g_type_ensure (YC_TYPE_PARKED_LIST);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-waiting-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, waiting_panel);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, total_label);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, services_view);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, story_box);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, story_label);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, parked_list);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, day_label);
  gtk_widget_class_bind_template_child (widget_class, YcWaitingPanel, ratings_label);
}

static void
yc_waiting_panel_init (YcWaitingPanel *self)
{
  g_autoptr(GtkListItemFactory) factory = yc_display_list_item_factory_new ("/cn/yichuang/Desk/ui/yc-service-row.ui");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->services_view, factory);
}

void
yc_waiting_panel_show_story (YcWaitingPanel *self,
                             YcTicket       *ticket)
{
  const char *story;

  g_return_if_fail (YC_IS_WAITING_PANEL (self));

  story = ticket != NULL ? yc_scenario_text (yc_ticket_get_story (ticket)) : NULL;
  /* A story with no text in the desk's language falls back on Simplified. */
  yc_display_set_label (self->story_label, story);
  gtk_widget_set_visible (self->story_box, story != NULL && *story != '\0');
}

static void
on_current_changed_cb (YcWaitingPanel *self)
{
  yc_waiting_panel_show_story (self, yc_queue_get_current (self->queue));
}

void
yc_waiting_panel_bind (YcWaitingPanel *self,
                       YcQueue        *queue)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (YC_IS_WAITING_PANEL (self));
  g_return_if_fail (self->queue == NULL);

  self->queue = g_object_ref (queue);
  self->services = g_object_ref (yc_queue_get_services (queue));
  selection = gtk_no_selection_new (g_object_ref (self->services));
  gtk_list_view_set_model (self->services_view, GTK_SELECTION_MODEL (selection));
  yc_parked_list_bind (self->parked_list, queue);
  g_signal_connect_object (queue, "notify::waiting", G_CALLBACK (on_waiting_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "notify::day", G_CALLBACK (on_day_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queue, "notify::current", G_CALLBACK (on_current_changed_cb), self, G_CONNECT_SWAPPED);
  /* A new session's services come with their counts: waiting may not change. */
  g_signal_connect_object (self->services, "items-changed", G_CALLBACK (on_waiting_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->wait_source = g_timeout_add_seconds (WAITS_INTERVAL_S, on_wait_tick_cb, self);
  on_waiting_changed_cb (self);
  on_day_changed_cb (self);
  on_current_changed_cb (self);
}

void
yc_waiting_panel_set_offline (YcWaitingPanel *self,
                              gboolean        offline)
{
  g_return_if_fail (YC_IS_WAITING_PANEL (self));

  if (offline)
    gtk_widget_add_css_class (self->waiting_panel, "offline");
  else
    gtk_widget_remove_css_class (self->waiting_panel, "offline");
}

GtkLabel *
yc_waiting_panel_get_day_label (YcWaitingPanel *self)
{
  g_return_val_if_fail (YC_IS_WAITING_PANEL (self), NULL);
  return self->day_label;
}

GtkWidget *
yc_waiting_panel_get_story_box (YcWaitingPanel *self)
{
  g_return_val_if_fail (YC_IS_WAITING_PANEL (self), NULL);
  return self->story_box;
}

GtkLabel *
yc_waiting_panel_get_story_label (YcWaitingPanel *self)
{
  g_return_val_if_fail (YC_IS_WAITING_PANEL (self), NULL);
  return self->story_label;
}

/* yc-guides-page.c: the catalogue at the clerk's fingertips. Every keystroke (after a
 * short pause) starts a search on the cache's reader thread and cancels the one before;
 * only the newest answer is shown. Arrow keys move through the results without leaving
 * the search field, Enter opens the one selected. With nothing typed the page shows the
 * clerk's favourites and the guides opened lately.
 *
 * When nothing is found and the cache offers pinyin one slip away, the page shows it
 * above the list ("Did you mean: …?"); a click on it, or Enter, searches for it.
 *
 * The cache and its sync belong to the context and are replaced when demo data are
 * reset; the page follows the current ones and says under the search field how fresh
 * the catalogue is, how far an update has come, or why it failed. */
#include "config-desk.h"

#include <adwaita.h>

#include "net/yc-catalogue-sync.h"

#include "yc-desk-private.h"
#include "yc-display.h"
#include "yc-guide-bookmarks.h"
#include "yc-guide-hit.h"
#include "yc-guide-view.h"
#include "yc-guides-page.h"
#include "yc-desk-actions.h"

#define RESULT_LIMIT 200

struct _YcGuidesPage
{
  GtkWidget          parent_instance;

  YcContext         *context;
  YcCatalogueCache  *cache;          /* the context's, followed */
  YcCatalogueSync   *sync;           /* the context's, followed */
  YcGuideBookmarks  *bookmarks;
  GListStore        *results;        /* YcGuideHit */
  GtkSingleSelection *selection;
  GCancellable      *search_cancellable;
  guint              search_generation;
  char              *shown_query;    /* the query the results answer */
  char              *suggestion;     /* offered for it, when it found nothing */

  YcGuideView       *guide_view;

  /* Template widgets */
  GtkBox            *layout;
  GtkSearchEntry    *search_entry;
  GtkLabel          *status_label;
  GtkProgressBar    *progress_bar;
  GtkButton         *suggestion_button;
  GtkLabel          *suggestion_label;
  GtkStack          *list_stack;
  GtkLabel          *favourites_empty;
  GtkListBox        *favourites_list;
  GtkLabel          *recents_empty;
  GtkListBox        *recents_list;
  GtkListView       *results_view;
  AdwStatusPage     *empty_catalogue_page;
};

G_DEFINE_FINAL_TYPE (YcGuidesPage, yc_guides_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_search (YcGuidesPage *self);

GtkWidget *
yc_guides_page_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_GUIDES_PAGE,
                       "context", context,
                       NULL);
}

static guint
catalogue_size (YcGuidesPage *self)
{
  if (self->cache == NULL)
    return 0;
  return yc_catalogue_cache_get_count (self->cache, YC_CATALOGUE_ITEM) +
         yc_catalogue_cache_get_count (self->cache, YC_CATALOGUE_PACKAGE);
}

/* ---- What the page says about the catalogue ---- */

static void
update_status (YcGuidesPage *self)
{
  g_autofree char *text = NULL;
  const char *problem = self->sync ? yc_catalogue_sync_get_problem (self->sync) : NULL;
  gboolean running = self->sync && yc_catalogue_sync_get_running (self->sync);
  double fraction = self->sync ? yc_catalogue_sync_get_fraction (self->sync) : -1;
  guint items = self->cache ? yc_catalogue_cache_get_count (self->cache, YC_CATALOGUE_ITEM) : 0;
  guint packages = self->cache ? yc_catalogue_cache_get_count (self->cache, YC_CATALOGUE_PACKAGE) : 0;
  gint64 last = self->sync ? yc_catalogue_sync_get_last_success (self->sync) : 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);

  if (self->cache == NULL)
    text = g_strdup (_("Opening the catalogue…"));
  else if (running)
    {
      if (fraction >= 0)
        {
          int percent = (int) (CLAMP (fraction, 0, 1) * 100);

          gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
          /* Translators: %d is a percentage; the guides stay usable meanwhile */
          text = g_strdup_printf (_("Updating the catalogue… %d%%"), percent);
        }
      else
        {
          gtk_progress_bar_pulse (self->progress_bar);
          text = g_strdup (_("Updating the catalogue…"));
        }
    }
  else if (problem != NULL)
    {
      text = g_strdup (problem);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
    }
  else
    {
      g_autofree char *counts = NULL;

      /* Translators: the size of the catalogue under the search field, e.g. 1,700 个事项 · 8 个一件事 */
      counts = g_strdup_printf (ngettext ("%u item", "%u items", items), items);
      if (packages > 0)
        {
          g_autofree char *with = g_strdup_printf (ngettext ("%s · %u package", "%s · %u packages",
                                                             packages),
                                                   counts, packages);
          g_free (counts);
          counts = g_steal_pointer (&with);
        }

      if (last > 0)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (last);
          g_autofree char *time = g_date_time_format (when, "%H:%M");

          /* Translators: %s: the catalogue's size; %s: the time it was last brought up to date */
          text = g_strdup_printf (_("%s · up to date at %s"), counts, time);
        }
      else
        text = g_steal_pointer (&counts);
    }

  gtk_label_set_text (self->status_label, text);

  /* With nothing to search, explain instead of showing an empty list. */
  if (catalogue_size (self) == 0 && self->cache != NULL)
    {
      if (running)
        adw_status_page_set_description (self->empty_catalogue_page,
                                         _("The service catalogue is being downloaded. "
                                           "This takes a moment the first time only."));
      else if (problem != NULL)
        adw_status_page_set_description (self->empty_catalogue_page, problem);
      else
        adw_status_page_set_description (self->empty_catalogue_page,
                                         _("The service catalogue is downloaded from the server "
                                           "after you log in, and kept on this computer for use "
                                           "offline."));
    }
}

/* The suggestion shows while the query it was offered for is the one answered. */
static void
update_suggestion (YcGuidesPage *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_button), self->suggestion != NULL);
  if (self->suggestion == NULL)
    return;
  /* Translators: offered when a search in pinyin finds nothing; %s is the pinyin one
   * letter away that finds something, e.g. 您是不是要找：qiyekaiban？ */
  text = g_strdup_printf (_("Did you mean: %s?"), self->suggestion);
  gtk_label_set_text (self->suggestion_label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestion_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
update_list_stack (YcGuidesPage *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gboolean has_query = *g_strstrip (text) != '\0';

  if (!has_query)
    gtk_stack_set_visible_child_name (self->list_stack, "home");
  else if (catalogue_size (self) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty-catalogue");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    {
      /* Keep the old results up while the answer to a new query is on its way. */
      if (self->shown_query != NULL)
        gtk_stack_set_visible_child_name (self->list_stack, "none");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "results");
}

static void
on_catalogue_changed_cb (YcGuidesPage     *self,
                         GParamSpec       *pspec,
                         YcCatalogueCache *cache)
{
  update_status (self);
  /* A new revision may change what the query finds. */
  if (g_str_equal (pspec->name, "revision") || g_str_equal (pspec->name, "epoch"))
    run_search (self);
  else
    update_list_stack (self);
}

static void
on_sync_changed_cb (YcGuidesPage    *self,
                    GParamSpec      *pspec,
                    YcCatalogueSync *sync)
{
  update_status (self);
  update_list_stack (self);
}

static void
bind_catalogue (YcGuidesPage *self)
{
  YcCatalogueCache *cache = yc_context_get_catalogue (self->context);
  YcCatalogueSync *sync = yc_context_get_catalogue_sync (self->context);

  if (self->cache != cache)
    {
      if (self->cache != NULL)
        g_signal_handlers_disconnect_by_func (self->cache, on_catalogue_changed_cb, self);
      g_set_object (&self->cache, cache);
      if (cache != NULL)
        g_signal_connect_object (cache, "notify", G_CALLBACK (on_catalogue_changed_cb), self,
                                 G_CONNECT_SWAPPED);

      /* Whatever was shown came from the other catalogue. */
      yc_guide_view_clear (self->guide_view);
      run_search (self);
    }

  if (self->sync != sync)
    {
      if (self->sync != NULL)
        g_signal_handlers_disconnect_by_func (self->sync, on_sync_changed_cb, self);
      g_set_object (&self->sync, sync);
      if (sync != NULL)
        g_signal_connect_object (sync, "notify", G_CALLBACK (on_sync_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }

  update_status (self);
  update_list_stack (self);
}

static void
on_context_catalogue_changed_cb (YcGuidesPage *self,
                                 GParamSpec   *pspec,
                                 YcContext    *context)
{
  bind_catalogue (self);
}

/* ---- Searching ---- */

typedef struct
{
  YcGuidesPage *self;
  guint         generation;
  char         *query;
} Search;

static void
search_free (Search *search)
{
  g_object_unref (search->self);
  g_free (search->query);
  g_free (search);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Search, search_free)

static void
on_search_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Search) search = user_data;
  YcGuidesPage *self = search->self;
  g_autoptr(YcCatalogueResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *hits;

  results = yc_catalogue_cache_search_finish_results (YC_CATALOGUE_CACHE (object), result, &error);

  if (search->generation != self->search_generation ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->search_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);

  if (results == NULL)
    {
      g_autofree char *message = yc_context_describe_error (error, _("The search failed."));

      yc_desk_toast (GTK_WIDGET (self), message);
      return;
    }

  hits = results->hits;
  rows = g_ptr_array_new_full (hits->len, g_object_unref);
  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (rows, yc_guide_hit_new_from_hit (g_ptr_array_index (hits, i)));

  g_free (self->shown_query);
  self->shown_query = g_steal_pointer (&search->query);
  g_free (self->suggestion);
  self->suggestion = g_steal_pointer (&results->suggestion);
  update_suggestion (self);
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       rows->pdata, rows->len);
  if (rows->len > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", 0);
    }
  update_list_stack (self);
}

static void
run_search (YcGuidesPage *self)
{
  g_autofree char *query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  Search *search;

  g_strstrip (query);
  self->search_generation++;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (*query == '\0' || self->cache == NULL)
    {
      g_clear_pointer (&self->shown_query, g_free);
      g_clear_pointer (&self->suggestion, g_free);
      update_suggestion (self);
      g_list_store_remove_all (self->results);
      update_list_stack (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  search = g_new0 (Search, 1);
  search->self = g_object_ref (self);
  search->generation = self->search_generation;
  search->query = g_strdup (query);
  yc_catalogue_cache_search_async (self->cache, query, RESULT_LIMIT, self->search_cancellable,
                                   on_search_done_cb, search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

static void
on_search_changed_cb (YcGuidesPage   *self,
                      GtkSearchEntry *entry)
{
  run_search (self);
}

/* ---- Opening ---- */

static void
open_guide (YcGuidesPage    *self,
            YcCatalogueKind  kind,
            const char      *code)
{
  if (self->cache == NULL)
    return;
  yc_guide_view_show (self->guide_view, self->cache, kind, code);
}

void
yc_guides_page_open (YcGuidesPage *self,
                     int           kind,
                     const char   *code)
{
  g_return_if_fail (YC_IS_GUIDES_PAGE (self));
  g_return_if_fail (kind == YC_CATALOGUE_ITEM || kind == YC_CATALOGUE_PACKAGE);
  g_return_if_fail (code != NULL);

  open_guide (self, kind, code);
}

static void
open_hit (YcGuidesPage *self,
          YcGuideHit   *hit)
{
  if (hit != NULL)
    open_guide (self, yc_guide_hit_get_kind (hit), yc_guide_hit_get_code (hit));
}

static void
on_result_activated_cb (YcGuidesPage *self,
                        guint         position,
                        GtkListView  *view)
{
  g_autoptr(YcGuideHit) hit = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  gtk_single_selection_set_selected (self->selection, position);
  open_hit (self, hit);
}

/* A click selected its row (the list's own gesture, on the row, came first): it opens. */
static void
on_results_clicked_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       YcGuidesPage    *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (n_press == 1 && position != GTK_INVALID_LIST_POSITION)
    on_result_activated_cb (self, position, self->results_view);
}

/* Puts the suggestion in the search field, as if the clerk had typed it. */
static void
on_suggestion_clicked_cb (YcGuidesPage *self,
                          GtkButton    *button)
{
  g_autofree char *suggestion = g_strdup (self->suggestion);

  if (suggestion == NULL)
    return;
  /* The search field searches for it as for anything typed. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), suggestion);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Enter opens the result selected; with none found, it takes the suggestion. */
static void
on_search_activate_cb (YcGuidesPage   *self,
                       GtkSearchEntry *entry)
{
  YcGuideHit *hit = gtk_single_selection_get_selected_item (self->selection);

  if (hit == NULL && self->suggestion != NULL)
    on_suggestion_clicked_cb (self, self->suggestion_button);
  else
    open_hit (self, hit);
}

static void
on_stop_search_cb (YcGuidesPage   *self,
                   GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Up, Down, Page Up and Page Down in the search field move through the results. */
static gboolean
on_search_key_pressed_cb (YcGuidesPage          *self,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          GtkEventControllerKey *controller)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint selected = gtk_single_selection_get_selected (self->selection);
  int step;

  if (n == 0 || !g_str_equal (gtk_stack_get_visible_child_name (self->list_stack), "results"))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step = 1;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step = -1;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      step = 10;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      step = -10;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else
    selected = (guint) CLAMP ((int) selected + step, 0, (int) n - 1);

  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", selected);
  return GDK_EVENT_STOP;
}

/* ---- Favourites and recents ---- */

static GtkWidget *
create_bookmark_row (gpointer item,
                     gpointer user_data)
{
  YcGuideHit *hit = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = yc_display_text (yc_guide_hit_get_name (hit));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), yc_guide_hit_get_code (hit));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (yc_guide_hit_get_kind (hit) == YC_CATALOGUE_PACKAGE)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("view-grid-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "hit", g_object_ref (hit), g_object_unref);
  return row;
}

static void
on_bookmark_activated_cb (YcGuidesPage  *self,
                          GtkListBoxRow *row,
                          GtkListBox    *box)
{
  open_hit (self, g_object_get_data (G_OBJECT (row), "hit"));
}

static void
update_bookmarks (YcGuidesPage *self)
{
  GListModel *favourites = yc_guide_bookmarks_get_favourites (self->bookmarks);
  GListModel *recents = yc_guide_bookmarks_get_recents (self->bookmarks);

  gtk_widget_set_visible (GTK_WIDGET (self->favourites_empty), g_list_model_get_n_items (favourites) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->favourites_list), g_list_model_get_n_items (favourites) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recents_empty), g_list_model_get_n_items (recents) == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recents_list), g_list_model_get_n_items (recents) > 0);
}

static void
on_bookmarks_changed_cb (YcGuidesPage *self,
                         guint         position,
                         guint         removed,
                         guint         added,
                         GListModel   *model)
{
  update_bookmarks (self);
}

/* A guide shows: it goes to the front of the recents. */
static void
on_guide_shown_cb (YcGuidesPage *self,
                   GParamSpec   *pspec,
                   YcGuideView  *view)
{
  const char *code = yc_guide_view_get_code (view);
  const char *title = yc_guide_view_get_title (view);
  g_autoptr(YcGuideHit) hit = NULL;

  if (code == NULL || title == NULL)
    return;

  hit = yc_guide_hit_new (yc_guide_view_get_kind (view), code, title, NULL, NULL);
  yc_guide_bookmarks_add_recent (self->bookmarks, hit);
}

static void
on_open_guide_cb (YcGuidesPage *self,
                  int           kind,
                  const char   *code,
                  YcGuideView  *view)
{
  open_guide (self, (YcCatalogueKind) kind, code);
}

/* ---- GObject ---- */

void
yc_guides_page_focus_search (YcGuidesPage *self)
{
  g_return_if_fail (YC_IS_GUIDES_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static gboolean
yc_guides_page_grab_focus (GtkWidget *widget)
{
  YcGuidesPage *self = YC_GUIDES_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
yc_guides_page_constructed (GObject *object)
{
  YcGuidesPage *self = (YcGuidesPage *) object;
  GtkEventController *keys;

  G_OBJECT_CLASS (yc_guides_page_parent_class)->constructed (object);

  g_assert (YC_IS_CONTEXT (self->context));

  self->bookmarks = yc_guide_bookmarks_new (yc_context_get_settings (self->context));
  gtk_list_box_bind_model (self->favourites_list,
                           yc_guide_bookmarks_get_favourites (self->bookmarks),
                           create_bookmark_row, NULL, NULL);
  gtk_list_box_bind_model (self->recents_list,
                           yc_guide_bookmarks_get_recents (self->bookmarks),
                           create_bookmark_row, NULL, NULL);
  g_signal_connect_object (yc_guide_bookmarks_get_favourites (self->bookmarks), "items-changed",
                           G_CALLBACK (on_bookmarks_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (yc_guide_bookmarks_get_recents (self->bookmarks), "items-changed",
                           G_CALLBACK (on_bookmarks_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->favourites_list, "row-activated",
                           G_CALLBACK (on_bookmark_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recents_list, "row-activated",
                           G_CALLBACK (on_bookmark_activated_cb), self, G_CONNECT_SWAPPED);
  update_bookmarks (self);

  self->guide_view = YC_GUIDE_VIEW (yc_guide_view_new (self->context, self->bookmarks));
  gtk_widget_set_hexpand (GTK_WIDGET (self->guide_view), TRUE);
  gtk_box_append (self->layout, GTK_WIDGET (self->guide_view));
  g_signal_connect_object (self->guide_view, "notify::code",
                           G_CALLBACK (on_guide_shown_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->guide_view, "open-guide",
                           G_CALLBACK (on_open_guide_cb), self, G_CONNECT_SWAPPED);

  self->results = g_list_store_new (YC_TYPE_GUIDE_HIT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->results_view, "activate",
                           G_CALLBACK (on_result_activated_cb), self, G_CONNECT_SWAPPED);
  {
    GtkGesture *click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
    g_signal_connect_object (click, "released", G_CALLBACK (on_results_clicked_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->results_view), GTK_EVENT_CONTROLLER (click));
  }

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate",
                           G_CALLBACK (on_search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search",
                           G_CALLBACK (on_stop_search_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->suggestion_button, "clicked",
                           G_CALLBACK (on_suggestion_clicked_cb), self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed",
                           G_CALLBACK (on_search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  /* Typing anywhere on the page goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  g_signal_connect_object (self->context, "notify::catalogue",
                           G_CALLBACK (on_context_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::catalogue-sync",
                           G_CALLBACK (on_context_catalogue_changed_cb), self, G_CONNECT_SWAPPED);
  bind_catalogue (self);
}

static void
yc_guides_page_dispose (GObject *object)
{
  YcGuidesPage *self = (YcGuidesPage *) object;

  self->search_generation++;
  g_cancellable_cancel (self->search_cancellable);
  if (self->cache != NULL)
    g_signal_handlers_disconnect_by_func (self->cache, on_catalogue_changed_cb, self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (self->sync, on_sync_changed_cb, self);
  g_clear_object (&self->cache);
  g_clear_object (&self->sync);

  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_GUIDES_PAGE);

  G_OBJECT_CLASS (yc_guides_page_parent_class)->dispose (object);
}

static void
yc_guides_page_finalize (GObject *object)
{
  YcGuidesPage *self = (YcGuidesPage *) object;

  g_clear_object (&self->context);
  g_clear_object (&self->bookmarks);
  g_clear_object (&self->results);
  g_clear_object (&self->selection);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->shown_query, g_free);
  g_clear_pointer (&self->suggestion, g_free);

  G_OBJECT_CLASS (yc_guides_page_parent_class)->finalize (object);
}

static void
yc_guides_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcGuidesPage *self = YC_GUIDES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->search_cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_guides_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcGuidesPage *self = YC_GUIDES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The guide's shortcuts work from the search field too: they go to the guide shown. */
static gboolean
forward_to_guide (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  YcGuidesPage *self = YC_GUIDES_PAGE (widget);
  const char *action = g_variant_get_string (args, NULL);

  return gtk_widget_activate_action (GTK_WIDGET (self->guide_view), action, NULL);
}

static void
yc_guides_page_class_init (YcGuidesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_guides_page_constructed;
  object_class->dispose = yc_guides_page_dispose;
  object_class->finalize = yc_guides_page_finalize;
  object_class->get_property = yc_guides_page_get_property;
  object_class->set_property = yc_guides_page_set_property;
  widget_class->grab_focus = yc_guides_page_grab_focus;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, YC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /* TRUE while the answer to the query typed is awaited. */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-guides-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, layout);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, suggestion_button);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, favourites_empty);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, favourites_list);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, recents_empty);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, recents_list);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, YcGuidesPage, empty_catalogue_page);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                forward_to_guide, "s", "guide.print");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                forward_to_guide, "s", "guide.print-notice");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                forward_to_guide, "s", "guide.export-notice");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                forward_to_guide, "s", "guide.favourite");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                forward_to_guide, "s", "guide.start-intake");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                forward_to_guide, "s", "guide.start-intake");

  g_type_ensure (YC_TYPE_GUIDE_HIT);
  g_type_ensure (YC_TYPE_GUIDE_VIEW);
}

static void
yc_guides_page_init (YcGuidesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = yc_display_list_item_factory_new ("/cn/yichuang/Desk/ui/yc-guide-hit-row.ui");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_view_set_factory (self->results_view, factory);
}

/* For the tests (yc-desk-private.h). */

GtkEditable *
yc_guides_page_get_search_entry (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GListModel *
yc_guides_page_get_results (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return G_LIST_MODEL (self->results);
}

guint
yc_guides_page_get_selected (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), GTK_INVALID_LIST_POSITION);
  return gtk_single_selection_get_selected (self->selection);
}

YcGuideView *
yc_guides_page_get_guide_view (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return self->guide_view;
}

GtkLabel *
yc_guides_page_get_status_label (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return self->status_label;
}

GtkButton *
yc_guides_page_get_suggestion (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return self->suggestion_button;
}

const char *
yc_guides_page_get_list_shown (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->list_stack);
}

GListModel *
yc_guides_page_get_recents (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return yc_guide_bookmarks_get_recents (self->bookmarks);
}

GListModel *
yc_guides_page_get_favourites (YcGuidesPage *self)
{
  g_return_val_if_fail (YC_IS_GUIDES_PAGE (self), NULL);
  return yc_guide_bookmarks_get_favourites (self->bookmarks);
}

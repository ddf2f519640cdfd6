/* yc-visit-card.c: the citizen at the window: the ticket and how long the visit has run,
 * what the visit came to (the outcome, a note, the matters handled, the applicant once an
 * intake names them), the packages the ticket's service suggests, and a warning when the
 * centre did not apply a finish recorded here before. What the clerk said is read back
 * with yc_visit_card_get_details () at Finish. */
#include "config-desk.h"

#include "yc-visit-card.h"

#include "core/yc-mask.h"
#include "core/yc-time.h"
#include "core/yc-visit.h"

#include "yc-a11y.h"
#include "yc-desk-actions.h"
#include "yc-display.h"
#include "yc-guide-load.h"
#include "yc-phrases.h"

struct _YcVisitCard
{
  GtkWidget         parent_instance;

  YcContext        *context;
  YcQueue          *queue;
  YcTicket         *current;
  guint             clock_source;         /* the visit's running time, each second */
  GPtrArray        *delivered;            /* YcVisitService: the matters handled for the citizen at the window */
  YcCatalogueCache *cache;                /* where the suggested packages are read */
  GCancellable     *suggest_cancellable;  /* reading the suggested packages */
  GPtrArray        *suggestions;          /* GtkButton of each suggested package, in order */

  /* Template widgets */
  GtkStack         *current_stack;
  GtkLabel         *number_label;
  GtkLabel         *service_label;
  GtkLabel         *called_label;
  GtkLabel         *attention_label;
  GtkLabel         *tag_label;
  GtkLabel         *note_label;
  GtkLabel         *empty_label;
  GtkButton        *resume_button;
  GtkLabel         *applicant_label;
  GtkDropDown      *outcome_dropdown;
  GtkEditable      *visit_note_entry;
  GtkLabel         *delivered_label;
  GtkGrid          *package_grid;
  GtkWidget        *other_button;

  guint             outcome_chosen : 1;   /* the clerk picked the outcome: intakes leave it */
};

G_DEFINE_FINAL_TYPE (YcVisitCard, yc_visit_card, GTK_TYPE_WIDGET)

static void on_outcome_chosen_cb (YcVisitCard *self);

static const char *
service_name (YcVisitCard *self,
              const char  *letter)
{
  YcService *service = yc_queue_find_service (self->queue, letter);

  return service != NULL ? yc_service_get_name (service) : letter;
}

/* Longer names are shown by their short form; the tooltip has the whole name. */
#define SUGGESTION_MAX_CHARS 10

static void
on_suggestion_clicked_cb (GtkButton   *button,
                          YcVisitCard *self)
{
  const char * const *items = g_object_get_data (G_OBJECT (button), "items");

  if (items == NULL || items[0] == NULL)
    return;
  yc_desk_start_intake (GTK_WIDGET (self), gtk_widget_get_name (GTK_WIDGET (button)), items,
                        g_object_get_data (G_OBJECT (button), "title"));
}

static void
place (YcVisitCard *self,
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
lay_out_suggestions (YcVisitCard *self)
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
  g_autoptr(YcPackage) package = NULL;

  package = yc_package_read_finish (result, &error);
  /* Cancelled: the ticket changed and the button is gone. A package the catalogue lacks
   * (withdrawn, or not synced yet) is not offered. */
  if (package == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read a suggested package: %s", error->message);
      return;
    }

  {
    g_autofree char *label = yc_display_text (package->short_name != NULL &&
                                              g_utf8_strlen (package->name, -1) > SUGGESTION_MAX_CHARS
                                              ? package->short_name : package->name);
    g_autofree char *tooltip = yc_display_text (package->name);

    gtk_button_set_label (GTK_BUTTON (button), label);
    gtk_widget_set_tooltip_text (button, tooltip);
  }
  /* The intake it starts carries the package's name as the catalogue writes it. */
  g_object_set_data_full (G_OBJECT (button), "title", g_strdup (package->name), g_free);
  g_object_set_data_full (G_OBJECT (button), "items", g_strdupv (package->items), (GDestroyNotify) g_strfreev);
  gtk_widget_set_visible (button, TRUE);
  if (gtk_widget_get_parent (button) != NULL)
    lay_out_suggestions (YC_VISIT_CARD (gtk_widget_get_ancestor (button, YC_TYPE_VISIT_CARD)));
}

/* The packages the ticket's service suggests, each offered once the catalogue has given
 * its name and items; "Other Matter…" always. */
static void
update_suggestions (YcVisitCard *self)
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
      (service = yc_queue_find_service (self->queue, yc_ticket_get_service (self->current))) == NULL)
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
      yc_package_read_async (self->cache, packages[i], self->suggest_cancellable, on_suggestion_read_cb,
                             g_object_ref (button));
    }
}

static void
on_catalogue_revision_cb (YcVisitCard      *self,
                          GParamSpec       *pspec,
                          YcCatalogueCache *cache)
{
  update_suggestions (self);
}

static void
bind_catalogue (YcVisitCard *self)
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
update_visit_clock (YcVisitCard *self)
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
  service = yc_queue_find_service (self->queue, yc_ticket_get_service (self->current));
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
  yc_label_set_phrases (self->called_label, text);
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
update_current (YcVisitCard *self)
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
      yc_display_set_label (self->service_label, service_name (self, yc_ticket_get_service (self->current)));
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
      yc_display_set_label (self->tag_label, tag);
      gtk_widget_set_visible (GTK_WIDGET (self->tag_label), tag != NULL);
      if (note != NULL && *note != '\0')
        {
          /* Translators: the note of the clerk who transferred the ticket */
          g_autofree char *text = g_strdup_printf (_("Note: %s"), note);
          yc_display_set_label (self->note_label, text);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');
      update_visit_clock (self);
      self->clock_source = g_timeout_add_seconds (1, on_visit_clock_cb, self);
      gtk_stack_set_visible_child_name (self->current_stack, "ticket");
    }

  update_suggestions (self);
}

/* ---- What the visit came to ---- */

/* The outcome list of the template is in the order of YcVisitOutcome. */
static void
set_outcome (YcVisitCard    *self,
             YcVisitOutcome  outcome)
{
  g_signal_handlers_block_by_func (self->outcome_dropdown, on_outcome_chosen_cb, self);
  gtk_drop_down_set_selected (self->outcome_dropdown, outcome);
  g_signal_handlers_unblock_by_func (self->outcome_dropdown, on_outcome_chosen_cb, self);
}

static void
on_outcome_chosen_cb (YcVisitCard *self)
{
  self->outcome_chosen = TRUE;
}

/* A new citizen at the window: nothing said yet. */
static void
reset_visit_details (YcVisitCard *self)
{
  self->outcome_chosen = FALSE;
  set_outcome (self, YC_VISIT_COMPLETED);
  gtk_editable_set_text (self->visit_note_entry, "");
  g_ptr_array_set_size (self->delivered, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->delivered_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->applicant_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->attention_label), FALSE);
}

/* What the clerk says at Finish. */
static JsonNode *
visit_details (YcVisitCard *self)
{
  guint selected = gtk_drop_down_get_selected (self->outcome_dropdown);

  return yc_visit_details_new (selected <= YC_VISIT_OUTCOME_LAST ? (YcVisitOutcome) selected : YC_VISIT_COMPLETED,
                               gtk_editable_get_text (self->visit_note_entry), self->delivered);
}

static const char *
decision_label (YcDecision decision)
{
  switch (decision)
    {
    case YC_DECISION_ACCEPTED:
      /* Translators: how an intake of the visit was decided, after its name */
      return C_("decision", "accepted");
    case YC_DECISION_REFUSED:
      return C_("decision", "refused");
    case YC_DECISION_NOTICE:
    default:
      return C_("decision", "told what is missing");
    }
}

/* The matters handled so far, and the outcome they point to. */
static void
show_delivered (YcVisitCard *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean accepted = FALSE, refused = FALSE, decided = FALSE;

  for (guint i = 0; i < self->delivered->len; i++)
    {
      YcVisitService *each = g_ptr_array_index (self->delivered, i);

      if (i > 0)
        /* Translators: between two matters of the visit */
        g_string_append (text, _(", "));
      if (each->decided)
        /* Translators: a matter of the visit and how it was decided, e.g. 企业开办（已受理） */
        g_string_append_printf (text, _("%s (%s)"), each->name, decision_label (each->decision));
      else
        g_string_append (text, each->name);
      decided |= each->decided;
      accepted |= each->decided && each->decision == YC_DECISION_ACCEPTED;
      refused |= each->decided && each->decision == YC_DECISION_REFUSED;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->delivered_label), self->delivered->len > 0);
  if (self->delivered->len == 0)
    return;
  {
    /* Translators: on the visit card: the matters handled so far */
    g_autofree char *label = g_strdup_printf (_("Handled: %s"), text->str);
    yc_display_set_label (self->delivered_label, label);
  }

  /* The outcome follows the intakes until the clerk picks one. */
  if (decided && !self->outcome_chosen)
    set_outcome (self, accepted ? YC_VISIT_ACCEPTED : refused ? YC_VISIT_REFUSED : YC_VISIT_INFORMED);
}

/* A ticket finished here while the centre could not be reached, back at the window: the
 * centre did not apply that finish (its record was kept but not applied, or is still on
 * its way). What the clerk recorded is put back, and the clerk is told. */
static void
restore_unconfirmed (YcVisitCard *self,
                     YcTicket    *ticket)
{
  JsonNode *details = yc_queue_get_unconfirmed (self->queue);
  g_autoptr(GPtrArray) services = NULL;
  g_autofree char *text = NULL;
  YcVisitOutcome outcome;
  const char *note = NULL;

  if (details == NULL)
    return;
  if (yc_visit_details_read (details, &outcome, &note, &services))
    {
      g_ptr_array_extend_and_steal (self->delivered, g_steal_pointer (&services));
      show_delivered (self);
      set_outcome (self, outcome);
      self->outcome_chosen = TRUE;
      gtk_editable_set_text (self->visit_note_entry, note != NULL ? note : "");
    }
  /* Translators: a ticket whose finish the centre did not apply (sent while offline, or
   * refused as taken) is at the window again; %s is its number */
  text = g_strdup_printf (_("%s is still open at the centre: your earlier finish of it was not applied. "
                            "The outcome you recorded is kept; finish it again."), yc_ticket_get_number (ticket));
  gtk_label_set_label (self->attention_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->attention_label), TRUE);
}

/* What is shown: the queue's ticket at the window. */
static void
yc_visit_card_dispose (GObject *object)
{
  YcVisitCard *self = (YcVisitCard *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->suggest_cancellable);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_VISIT_CARD);
  /* The template's top box has no id, so dispose_template () leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (yc_visit_card_parent_class)->dispose (object);
}

static void
yc_visit_card_finalize (GObject *object)
{
  YcVisitCard *self = (YcVisitCard *) object;

  g_clear_object (&self->suggest_cancellable);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_object (&self->current);
  g_clear_pointer (&self->delivered, g_ptr_array_unref);
  g_clear_object (&self->queue);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (yc_visit_card_parent_class)->finalize (object);
}

static void
yc_visit_card_class_init (YcVisitCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_visit_card_dispose;
  object_class->finalize = yc_visit_card_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-visit-card.ui");
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, current_stack);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, number_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, service_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, called_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, attention_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, tag_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, note_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, empty_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, resume_button);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, applicant_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, visit_note_entry);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, delivered_label);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, package_grid);
  gtk_widget_class_bind_template_child (widget_class, YcVisitCard, other_button);
}

static void
yc_visit_card_init (YcVisitCard *self)
{
  self->delivered = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_visit_service_free);
  self->suggestions = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  yc_a11y_name_drop_down (self->outcome_dropdown, NULL);
  g_signal_connect_object (self->outcome_dropdown, "notify::selected", G_CALLBACK (on_outcome_chosen_cb), self,
                           G_CONNECT_SWAPPED);
}

void
yc_visit_card_bind (YcVisitCard *self,
                    YcContext   *context,
                    YcQueue     *queue)
{
  g_return_if_fail (YC_IS_VISIT_CARD (self));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->queue = g_object_ref (queue);
  g_signal_connect_object (context, "notify::catalogue", G_CALLBACK (bind_catalogue), self, G_CONNECT_SWAPPED);
  bind_catalogue (self);
}

void
yc_visit_card_set_ticket (YcVisitCard *self,
                          YcTicket    *ticket)
{
  gboolean another;

  g_return_if_fail (YC_IS_VISIT_CARD (self));

  another = ticket == NULL || self->current == NULL || yc_ticket_get_id (ticket) != yc_ticket_get_id (self->current);
  if (!g_set_object (&self->current, ticket))
    return;
  if (another)
    {
      reset_visit_details (self);
      if (ticket != NULL)
        restore_unconfirmed (self, ticket);
    }
  update_current (self);
}

JsonNode *
yc_visit_card_get_details (YcVisitCard *self)
{
  g_return_val_if_fail (YC_IS_VISIT_CARD (self), NULL);
  return visit_details (self);
}

void
yc_visit_card_add_case (YcVisitCard         *self,
                        const YcVisitMatter *matter)
{
  g_return_if_fail (YC_IS_VISIT_CARD (self));
  g_return_if_fail (matter != NULL);

  if (self->current == NULL || g_strcmp0 (matter->ticket, yc_ticket_get_number (self->current)) != 0)
    return;
  /* The applicant, now known: the name, and the number masked. */
  if (matter->applicant_name != NULL && *matter->applicant_name != '\0')
    {
      g_autofree char *masked = yc_mask_id_number (matter->applicant_number);
      g_autofree char *line = NULL;

      /* Translators: on the visit card, once an intake names the applicant: the name and the masked number */
      line = *masked != '\0' ? g_strdup_printf (_("Applicant: %s (%s)"), matter->applicant_name, masked)
                             /* Translators: on the visit card: the applicant's name */
                             : g_strdup_printf (_("Applicant: %s"), matter->applicant_name);
      yc_display_set_label (self->applicant_label, line);
      gtk_widget_set_visible (GTK_WIDGET (self->applicant_label), TRUE);
    }
  g_ptr_array_add (self->delivered, yc_visit_service_new (matter->title, matter->code, &matter->decision));
  show_delivered (self);
}

GtkButton *
yc_visit_card_get_suggestion (YcVisitCard *self,
                              const char  *package)
{
  g_return_val_if_fail (YC_IS_VISIT_CARD (self), NULL);

  for (guint i = 0; i < self->suggestions->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->suggestions, i);

      if (gtk_widget_get_visible (button) && g_strcmp0 (gtk_widget_get_name (button), package) == 0)
        return GTK_BUTTON (button);
    }
  return NULL;
}

/* Nobody at a paused or closed window: "ready when you are" would send the clerk to a
 * Call Next that calls nobody; the card says why and offers the way back instead. */
void
yc_visit_card_set_paused (YcVisitCard *self,
                          const char  *why)
{
  g_return_if_fail (YC_IS_VISIT_CARD (self));

  gtk_label_set_label (self->empty_label,
                       why != NULL ? why : _("Press Call Next when you are ready for the next citizen."));
  gtk_widget_set_visible (GTK_WIDGET (self->resume_button), why != NULL);
}

#define ACCESSOR(type, name) \
  type *                                                        \
  yc_visit_card_get_##name (YcVisitCard *self)                  \
  {                                                             \
    g_return_val_if_fail (YC_IS_VISIT_CARD (self), NULL);       \
    return self->name;                                          \
  }

ACCESSOR (GtkLabel, number_label)
ACCESSOR (GtkLabel, called_label)
ACCESSOR (GtkLabel, tag_label)
ACCESSOR (GtkLabel, note_label)
ACCESSOR (GtkLabel, empty_label)
ACCESSOR (GtkButton, resume_button)
ACCESSOR (GtkLabel, applicant_label)
ACCESSOR (GtkLabel, delivered_label)
ACCESSOR (GtkDropDown, outcome_dropdown)
ACCESSOR (GtkEditable, visit_note_entry)

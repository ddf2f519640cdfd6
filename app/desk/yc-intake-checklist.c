/* yc-intake-checklist.c: the one checklist of an intake's materials (yc-intake-checklist.h).
 *
 * A row per material, merged across the items (yc_guide_merge_materials()); its button
 * offers the statuses the material allows and writes the one chosen into the YcIntake,
 * with what goes with it: the pages received, the day a 容缺 material is brought by. */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-guide.h"
#include "core/yc-time.h"

#include "yc-display.h"
#include "yc-intake-checklist.h"
#include "yc-intake-dialogs.h"

struct _YcIntakeChecklist
{
  GtkWidget         parent_instance;

  YcContext        *context;
  YcIntake         *intake;
  GPtrArray        *items;   /* YcItem or NULL, for 告知承诺 */
  GDate             due;     /* when the case falls due, once known */
  GPtrArray        *rows;    /* AdwActionRow, in the checklist's order */
  GtkWidget        *group;
};

G_DEFINE_FINAL_TYPE (YcIntakeChecklist, yc_intake_checklist, GTK_TYPE_WIDGET)

/* The statuses a material row offers, in this order, as far as the material allows. */
static const YcMaterialStatus status_order[] = {
  YC_MATERIAL_UNSET,
  YC_MATERIAL_PROVIDED,
  YC_MATERIAL_E_LICENCE,
  YC_MATERIAL_MISSING,
  YC_MATERIAL_DEFERRED,
  YC_MATERIAL_COMMITTED,
};

static const char *
status_label (YcMaterialStatus status)
{
  switch (status)
    {
    case YC_MATERIAL_PROVIDED:
      /* Translators: a material's state in the intake checklist: on the desk (已收取) */
      return C_("material", "Received");
    case YC_MATERIAL_E_LICENCE:
      /* Translators: fetched from the e-licence registry (电子证照) */
      return C_("material", "E-licence");
    case YC_MATERIAL_MISSING:
      /* Translators: the applicant must bring it (缺件) */
      return C_("material", "Missing");
    case YC_MATERIAL_DEFERRED:
      /* Translators: accepted now, brought later on commitment (容缺后补) */
      return C_("material", "Bring later");
    case YC_MATERIAL_COMMITTED:
      /* Translators: a signed commitment stands in for it (告知承诺) */
      return C_("material", "Commitment");
    case YC_MATERIAL_UNSET:
    default:
      /* Translators: not looked at yet (未核验) */
      return C_("material", "Not checked");
    }
}

/* 11月24日（周二）: a due date as the hall writes it; 2027年1月5日（周二） in another year. */
char *
yc_intake_describe_day (const GDate *day)
{
  static const char *weekdays[] = {
    NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"), NC_("weekday", "Thu"),
    NC_("weekday", "Fri"), NC_("weekday", "Sat"), NC_("weekday", "Sun"),
  };
  GDateWeekday weekday = g_date_get_weekday (day);
  GDate today;

  yc_time_local_date (&today);
  if (g_date_get_year (day) != g_date_get_year (&today))
    /* Translators: a day of another year than this one: year, month, day and the
     * weekday's short name, e.g. 2027年1月5日（周二） */
    return g_strdup_printf (_("%u/%u/%u (%s)"), (guint) g_date_get_year (day), (guint) g_date_get_month (day),
                            (guint) g_date_get_day (day), g_dpgettext2 (NULL, "weekday", weekdays[weekday - 1]));
  /* Translators: a due date: month, day and the weekday's short name, e.g. 11月24日（周二） */
  return g_strdup_printf (_("%u/%u (%s)"), (guint) g_date_get_month (day), (guint) g_date_get_day (day),
                          g_dpgettext2 (NULL, "weekday", weekdays[weekday - 1]));
}

static void
on_pages_changed_cb (GtkSpinButton *spin,
                     YcIntakeChecklist *self)
{
  const char *name = g_object_get_data (G_OBJECT (spin), "material");

  if (self->intake == NULL ||
      yc_intake_get_material (self->intake, name, NULL, NULL) != YC_MATERIAL_PROVIDED)
    return;
  yc_intake_set_material (self->intake, name, YC_MATERIAL_PROVIDED,
                          (guint) gtk_spin_button_get_value_as_int (spin), NULL);
}

/* How many pages were taken in, next to a provided material; 0 is "not counted". */
static GtkWidget *
pages_box (YcIntakeChecklist *self,
           const char   *name,
           guint         pages)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 9999, 1);
  GtkWidget *label;

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), pages);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 3);
  /* Translators: the tooltip of the page count of a material taken in (页数) */
  gtk_widget_set_tooltip_text (spin, _("Pages received: at least 1 before accepting"));
  {
    /* Translators: the accessible name of a material's page count, e.g. 公司章程页数 */
    g_autofree char *spoken = g_strdup_printf (_("Pages of %s"), name);
    g_autofree char *shown = yc_display_text (spoken);

    gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, shown, -1);
  }
  g_object_set_data_full (G_OBJECT (spin), "material", g_strdup (name), g_free);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_pages_changed_cb), self, 0);
  gtk_box_append (GTK_BOX (box), spin);
  /* Translators: after the page count of a material: 页 */
  label = gtk_label_new (C_("material", "pages"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "spin", spin);
  return box;
}

/* "11/23 (Mon)" on the button of a 容缺 material's day. */
static void
update_supplement_button (GtkMenuButton *button,
                          const char    *supplement_by)
{
  g_autofree char *text = NULL;
  GDate day;

  if (supplement_by != NULL && yc_time_parse_date (supplement_by, &day))
    {
      g_autofree char *when = yc_intake_describe_day (&day);
      /* Translators: on a 容缺 material's button: the day it must be brought by (11月23日（周一）前补齐) */
      text = g_strdup_printf (_("Bring by %s"), when);
    }
  else
    /* Translators: on a 容缺 material's button before its day is known */
    text = g_strdup (_("Choose the day"));
  gtk_menu_button_set_label (button, text);
  {
    /* Translators: a 容缺 material's day button as a screen reader says it: the material, then the day */
    g_autofree char *spoken = g_strdup_printf (_("%s: %s"), (const char *) g_object_get_data (G_OBJECT (button), "material"),
                                               text);
    g_autofree char *shown = yc_display_text (spoken);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, shown, -1);
  }
}

/* Why day cannot be the day a 容缺 material is brought by, for the clerk; NULL when it
 * can: a working day after today, no later than the case falls due. */
static char *
refuse_supplement_day (YcIntakeChecklist *self,
                       const GDate  *day)
{
  YcWorkCalendar *calendar = yc_context_get_work_calendar (self->context);
  g_autofree char *when = yc_intake_describe_day (day);
  g_autofree char *due = NULL;
  const char *holiday;
  GDate today;

  if (calendar == NULL || !g_date_valid (&self->due))
    return g_strdup (_("The promised time limit is not known yet: wait a moment."));
  yc_time_local_date (&today);
  switch (yc_intake_check_supplement_day (calendar, &today, &self->due, day))
    {
    case YC_SUPPLEMENT_DAY_OK:
      return NULL;
    case YC_SUPPLEMENT_DAY_NOT_AFTER_TODAY:
      /* Translators: a 容缺 material cannot be due today or before */
      return g_strdup_printf (_("%s is not after today: the applicant needs at least until the next working day."), when);
    case YC_SUPPLEMENT_DAY_AFTER_DUE:
      due = yc_intake_describe_day (&self->due);
      /* Translators: a 容缺 material must come before the case is due */
      return g_strdup_printf (_("%s is after %s, when the case is due."), when, due);
    case YC_SUPPLEMENT_DAY_OFF:
    default:
      holiday = yc_work_calendar_get_day_name (calendar, day);
      if (holiday != NULL)
        /* Translators: %s the day, then the holiday it falls in, e.g. 国庆节 */
        return g_strdup_printf (_("%s is a day off (%s): choose a working day."), when, holiday);
      /* Translators: a weekend day was chosen for a 容缺 material */
      return g_strdup_printf (_("%s is a day off: choose a working day."), when);
    }
}

/* The day a 容缺 material is due by: the one kept if it still may be, else the day the
 * case is due. Into text (11 bytes), "" when no day may be (the case is due today). */
static void
supplement_day (YcIntakeChecklist *self,
                const char   *kept,
                char         *text)
{
  g_autofree char *refused = NULL;
  GDate day;

  *text = '\0';
  if (!g_date_valid (&self->due))
    return;
  if (kept == NULL || !yc_time_parse_date (kept, &day) || (refused = refuse_supplement_day (self, &day)) != NULL)
    {
      g_clear_pointer (&refused, g_free);
      day = self->due;
      if ((refused = refuse_supplement_day (self, &day)) != NULL)
        return;
    }
  g_date_strftime (text, 11, "%Y-%m-%d", &day);
}

static void
on_supplement_day_cb (GtkCalendar  *calendar,
                      YcIntakeChecklist *self)
{
  GtkMenuButton *button = g_object_get_data (G_OBJECT (calendar), "date-button");
  GtkLabel *hint = g_object_get_data (G_OBJECT (calendar), "hint");
  const char *name = g_object_get_data (G_OBJECT (button), "material");
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (calendar);
  g_autofree char *refused = NULL;
  char text[11];
  GDate day;

  if (self->intake == NULL || !g_date_valid (&self->due))
    return;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (picked),
                  (GDateMonth) g_date_time_get_month (picked), (GDateYear) g_date_time_get_year (picked));
  /* The calendar cannot grey the other days out: the hint says why one is refused. */
  if ((refused = refuse_supplement_day (self, &day)) != NULL)
    {
      gtk_label_set_text (hint, refused);
      gtk_widget_add_css_class (GTK_WIDGET (hint), "error");
      return;
    }
  gtk_label_set_text (hint, g_object_get_data (G_OBJECT (hint), "text"));
  gtk_widget_remove_css_class (GTK_WIDGET (hint), "error");
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  yc_intake_set_material (self->intake, name, YC_MATERIAL_DEFERRED, 0, text);
  update_supplement_button (button, text);
}

static void
set_popup (GtkMenuButton *button,
           GtkWidget     *child)
{
  GtkWidget *popover = gtk_popover_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), child);
  gtk_menu_button_set_popover (button, popover);
}

/* The calendar of a 容缺 material, made when first asked for. */
static void
create_supplement_popup (GtkMenuButton *button,
                         gpointer       user_data)
{
  YcIntakeChecklist *self = user_data;
  const char *name = g_object_get_data (G_OBJECT (button), "material");
  const char *supplement_by = NULL;
  g_autofree char *due = NULL;
  g_autofree char *hint_text = NULL;
  GtkWidget *box, *hint, *calendar;
  GDate day;

  if (gtk_menu_button_get_popover (button) != NULL || self->intake == NULL || !g_date_valid (&self->due))
    return;
  yc_intake_get_material (self->intake, name, NULL, &supplement_by);
  due = yc_intake_describe_day (&self->due);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: above the calendar of a 容缺 material; %s is the promise's due date */
  hint_text = g_strdup_printf (_("A working day after today, up to %s, when the case is due"), due);
  hint = gtk_label_new (hint_text);
  g_object_set_data_full (G_OBJECT (hint), "text", g_strdup (hint_text), g_free);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (hint), 28);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);
  calendar = gtk_calendar_new ();
  if (supplement_by != NULL && yc_time_parse_date (supplement_by, &day))
    {
      g_autoptr(GDateTime) at = g_date_time_new_local (g_date_get_year (&day), g_date_get_month (&day),
                                                       g_date_get_day (&day), 12, 0, 0);
      gtk_calendar_select_day (GTK_CALENDAR (calendar), at);
    }
  g_object_set_data (G_OBJECT (calendar), "date-button", button);
  g_object_set_data (G_OBJECT (calendar), "hint", hint);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (on_supplement_day_cb), self, 0);
  gtk_box_append (GTK_BOX (box), calendar);
  set_popup (button, box);
}

/* Shows what goes with the row's status: the page count of a provided material, the day
 * of a deferred one. Made the first time they are needed. */
static void
update_material_extras (YcIntakeChecklist *self,
                        GtkWidget    *row)
{
  const char *name = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
  GtkWidget *pages = g_object_get_data (G_OBJECT (row), "pages-box");
  GtkWidget *date_button = g_object_get_data (G_OBJECT (row), "date-button");
  GtkWidget *status_button = g_object_get_data (G_OBJECT (row), "status-button");
  const char *supplement_by = NULL;
  guint n_pages = 0;
  YcMaterialStatus status = yc_intake_get_material (self->intake, name, &n_pages, &supplement_by);

  if (status == YC_MATERIAL_PROVIDED && pages == NULL)
    {
      pages = pages_box (self, name, n_pages);
      g_object_set_data (G_OBJECT (row), "pages-box", pages);
      gtk_widget_insert_before (pages, gtk_widget_get_parent (status_button), status_button);
    }
  if (pages != NULL)
    gtk_widget_set_visible (pages, status == YC_MATERIAL_PROVIDED);

  if (status == YC_MATERIAL_DEFERRED && date_button == NULL)
    {
      date_button = gtk_menu_button_new ();
      gtk_widget_set_valign (date_button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (date_button, "flat");
      g_object_set_data_full (G_OBJECT (date_button), "material", g_strdup (name), g_free);
      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (date_button), create_supplement_popup, self, NULL);
      g_object_set_data (G_OBJECT (row), "date-button", date_button);
      gtk_widget_insert_before (date_button, gtk_widget_get_parent (status_button), status_button);
    }
  if (date_button != NULL)
    {
      gtk_widget_set_visible (date_button, status == YC_MATERIAL_DEFERRED);
      if (status == YC_MATERIAL_DEFERRED)
        update_supplement_button (GTK_MENU_BUTTON (date_button), supplement_by);
    }
}

/* The status on a row's button, and for a screen reader the material it is of. */
static void
show_status (GtkMenuButton    *button,
             YcMaterialStatus  status)
{
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;

  gtk_stack_set_visible_child_name (GTK_STACK (gtk_menu_button_get_child (button)),
                                    yc_material_status_to_wire (status));
  /* Translators: a material's status button as a screen reader says it, e.g. 公司章程：缺件 */
  name = g_strdup_printf (_("%s: %s"), (const char *) g_object_get_data (G_OBJECT (button), "material"),
                          status_label (status));
  shown = yc_display_text (name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, shown, -1);
}

/* What the clerk chose for the material of button (a row's status button). */
static void
set_material_status (YcIntakeChecklist *self,
                     GtkMenuButton    *button,
                     YcMaterialStatus  status)
{
  const char *name = g_object_get_data (G_OBJECT (button), "material");
  const char *kept = NULL;
  guint pages = 0;
  char supplement_by[11] = "";

  if (self->intake == NULL)
    return;
  yc_intake_get_material (self->intake, name, &pages, &kept);
  /* 容缺: brought on a working day after today, no later than the promise falls due; a
   * day chosen before stays. */
  if (status == YC_MATERIAL_DEFERRED)
    {
      supplement_day (self, kept, supplement_by);
      if (g_date_valid (&self->due) && *supplement_by == '\0')
        {
          yc_intake_tell (GTK_WIDGET (self), _("Cannot Bring It Later"),
                _("The case is due today: there is no working day left to bring the material by. "
                  "Mark it Missing, or take it now."));
          return;
        }
    }
  show_status (button, status);
  yc_intake_set_material (self->intake, name, status, status == YC_MATERIAL_PROVIDED ? pages : 0,
                          *supplement_by ? supplement_by : NULL);
  update_material_extras (self, g_object_get_data (G_OBJECT (button), "row"));
}

static void
on_status_clicked_cb (GtkButton    *choice,
                      YcIntakeChecklist *self)
{
  GtkMenuButton *button = g_object_get_data (G_OBJECT (choice), "menu-button");

  gtk_menu_button_popdown (button);
  set_material_status (self, button, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (choice), "status")));
}

/* The choices of a material row, made when first asked for: a checklist has dozens of
 * rows, and a drop-down each would cost the form a third of its opening time. */
static void
create_status_popup (GtkMenuButton *button,
                     gpointer       user_data)
{
  YcIntakeChecklist *self = user_data;
  GArray *statuses = g_object_get_data (G_OBJECT (button), "statuses");
  GtkWidget *box;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  for (guint i = 0; i < statuses->len; i++)
    {
      YcMaterialStatus status = g_array_index (statuses, YcMaterialStatus, i);
      GtkWidget *choice = gtk_button_new_with_label (status_label (status));

      gtk_widget_add_css_class (choice, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (choice))), 0);
      g_object_set_data (G_OBJECT (choice), "status", GUINT_TO_POINTER (status));
      g_object_set_data (G_OBJECT (choice), "menu-button", button);
      g_signal_connect (choice, "clicked", G_CALLBACK (on_status_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), choice);
    }
  set_popup (button, box);
}

/* Whether an item among codes lets the applicant's commitment stand in for proof. */
static gboolean
allows_commitment (YcIntakeChecklist *self,
                   GStrv              codes)
{
  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (self->items, i);

      if (item == NULL || !item->commitment || item->code == NULL)
        continue;
      if (codes != NULL && g_strv_contains ((const char * const *) codes, item->code))
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
material_row (YcIntakeChecklist *self,
              const YcMaterial  *material)
{
  const char *name = material->name;
  g_autofree char *form = yc_material_describe_form (material, NULL);
  g_autoptr(GString) subtitle = g_string_new (form);
  GArray *statuses = g_array_new (FALSE, FALSE, sizeof (YcMaterialStatus));
  YcMaterialStatus current = yc_intake_get_material (self->intake, name, NULL, NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button, *stack;
  gboolean e_licence = material->source == YC_MATERIAL_SOURCE_E_LICENCE;

  /* The centre reads an e-licence from the registry: nothing to collect, count or send the
   * applicant for. The intake says so from the start, so the case records where it came
   * from, and a draft that had it otherwise is put right. */
  if (e_licence && current != YC_MATERIAL_E_LICENCE)
    {
      current = YC_MATERIAL_E_LICENCE;
      yc_intake_set_material (self->intake, name, current, 0, NULL);
    }
  g_string_append_printf (subtitle, " · %s", yc_material_describe_source (material, NULL));
  /* Which items share it, when more than one does. */
  if (material->for_items != NULL && g_strv_length (material->for_items) > 1)
    {
      g_autofree char *items = yc_material_describe_items (material);
      if (items != NULL)
        g_string_append_printf (subtitle, "\n%s", items);
    }

  for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
    {
      YcMaterialStatus status = status_order[i];

      /* An e-licence is only that; any other material is never one. */
      if ((status == YC_MATERIAL_E_LICENCE) != e_licence)
        continue;
      if (status == YC_MATERIAL_DEFERRED && !material->deferrable)
        continue;
      if (status == YC_MATERIAL_COMMITTED && !allows_commitment (self, material->for_codes))
        continue;
      g_array_append_val (statuses, status);
    }

  /* Names from the catalogue are text: no mnemonic, no markup. */
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* The material's name and the items it is for are the catalogue's: shown in the desk's
   * script, while the intake keeps them by the name as written. */
  {
    g_autofree char *shown_name = yc_display_text (name);
    g_autofree char *shown_subtitle = yc_display_text (subtitle->str);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), shown_name);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown_subtitle);
  }
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  /* An e-licence is required of the centre, not of the applicant. */
  if (material->required && !e_licence)
    /* Translators: a mark on a material the applicant must provide (必交) */
    {
      GtkWidget *required = gtk_label_new (C_("material", "Required"));

      gtk_widget_set_valign (required, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (required, "required-tag");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), required);
    }

  button = gtk_menu_button_new ();
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* As wide as the widest of its statuses: choosing one never moves the row's title, nor
   * wraps it, so the list stays put under the pointer. */
  stack = gtk_stack_new ();
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), TRUE);
  for (guint i = 0; i < statuses->len; i++)
    {
      YcMaterialStatus status = g_array_index (statuses, YcMaterialStatus, i);
      GtkWidget *label = gtk_label_new (status_label (status));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_stack_add_named (GTK_STACK (stack), label, yc_material_status_to_wire (status));
    }
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button), stack);
  gtk_menu_button_set_always_show_arrow (GTK_MENU_BUTTON (button), TRUE);
  g_object_set_data_full (G_OBJECT (button), "material", g_strdup (name), g_free);
  show_status (GTK_MENU_BUTTON (button), current);
  g_object_set_data_full (G_OBJECT (button), "statuses", statuses, (GDestroyNotify) g_array_unref);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_status_popup, self, NULL);
  g_object_set_data (G_OBJECT (row), "status-button", button);
  g_object_set_data (G_OBJECT (button), "row", row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  if (current == YC_MATERIAL_PROVIDED || current == YC_MATERIAL_DEFERRED)
    update_material_extras (self, row);
  return row;
}

/* The rows' menus go first, while their buttons still stand: GTK 4.8 may otherwise lay
 * out a popover that was shown after its button is gone, and warn. */
static void
clear_rows (YcIntakeChecklist *self)
{
  /* The rows' menus go first, while their buttons still stand: GTK 4.8 may otherwise
   * lay out a popover that was shown after its button is gone, and warn. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->rows, i);
      const char *buttons[] = { "status-button", "date-button" };

      for (guint j = 0; j < G_N_ELEMENTS (buttons); j++)
        {
          GtkMenuButton *button = g_object_get_data (row, buttons[j]);

          if (button != NULL && gtk_menu_button_get_popover (button) != NULL)
            {
              gtk_menu_button_popdown (button);
              gtk_menu_button_set_popover (button, NULL);
            }
        }
    }
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->group), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
yc_intake_checklist_dispose (GObject *object)
{
  YcIntakeChecklist *self = (YcIntakeChecklist *) object;

  if (self->rows != NULL)
    clear_rows (self);
  g_clear_pointer (&self->group, gtk_widget_unparent);
  g_clear_object (&self->intake);
  g_clear_object (&self->context);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (yc_intake_checklist_parent_class)->dispose (object);
}

static void
yc_intake_checklist_class_init (YcIntakeChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_intake_checklist_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_intake_checklist_init (YcIntakeChecklist *self)
{
  self->rows = g_ptr_array_new ();
  g_date_clear (&self->due, 1);
  self->group = adw_preferences_group_new ();
  /* Translators: the heading of the intake's material checklist (申请材料) */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Materials"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group),
                                         _("Each material is collected once, for every item that needs it."));
  gtk_widget_set_parent (self->group, GTK_WIDGET (self));
}

GtkWidget *
yc_intake_checklist_new (YcContext *context)
{
  YcIntakeChecklist *self;

  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  self = g_object_new (YC_TYPE_INTAKE_CHECKLIST, NULL);
  self->context = g_object_ref (context);
  return GTK_WIDGET (self);
}

void
yc_intake_checklist_show (YcIntakeChecklist *self,
                          YcIntake          *intake,
                          GPtrArray         *materials,
                          GPtrArray         *items)
{
  g_return_if_fail (YC_IS_INTAKE_CHECKLIST (self));
  g_return_if_fail (intake == NULL || YC_IS_INTAKE (intake));

  clear_rows (self);
  g_set_object (&self->intake, intake);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  if (intake == NULL)
    return;
  self->items = items != NULL ? g_ptr_array_ref (items) : NULL;
  for (guint i = 0; materials != NULL && i < materials->len; i++)
    {
      GtkWidget *row = material_row (self, g_ptr_array_index (materials, i));

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row);
    }
}

void
yc_intake_checklist_set_due (YcIntakeChecklist *self,
                             const GDate       *due)
{
  g_return_if_fail (YC_IS_INTAKE_CHECKLIST (self));

  if (due != NULL && g_date_valid (due))
    self->due = *due;
  else
    g_date_clear (&self->due, 1);
}

GStrv
yc_intake_checklist_dup_materials (YcIntakeChecklist *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (YC_IS_INTAKE_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    g_strv_builder_add (builder, adw_preferences_row_get_title (g_ptr_array_index (self->rows, i)));
  return g_strv_builder_end (builder);
}

GtkWidget *
yc_intake_checklist_get_extra (YcIntakeChecklist *self,
                               const char        *material,
                               const char        *extra)
{
  g_return_val_if_fail (YC_IS_INTAKE_CHECKLIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *widget = NULL;

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), material) != 0)
        continue;
      if (g_strcmp0 (extra, "pages") == 0 && (widget = g_object_get_data (G_OBJECT (row), "pages-box")) != NULL)
        return gtk_widget_get_visible (widget) ? g_object_get_data (G_OBJECT (widget), "spin") : NULL;
      if (g_strcmp0 (extra, "day") == 0 && (widget = g_object_get_data (G_OBJECT (row), "date-button")) != NULL)
        return gtk_widget_get_visible (widget) ? widget : NULL;
      return NULL;
    }
  return NULL;
}

gboolean
yc_intake_checklist_choose (YcIntakeChecklist *self,
                            const char        *material,
                            YcMaterialStatus   status)
{
  g_return_val_if_fail (YC_IS_INTAKE_CHECKLIST (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkMenuButton *button = g_object_get_data (G_OBJECT (row), "status-button");
      GArray *statuses = g_object_get_data (G_OBJECT (button), "statuses");

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), material) != 0)
        continue;
      for (guint j = 0; j < statuses->len; j++)
        if (g_array_index (statuses, YcMaterialStatus, j) == status)
          {
            set_material_status (self, button, status);
            return TRUE;
          }
      return FALSE;
    }
  return FALSE;
}


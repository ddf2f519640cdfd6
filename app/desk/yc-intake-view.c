/* yc-intake-view.c: one intake laid out as one form (yc-intake-view.h).
 *
 * The guides of the package (or item) are read from the catalogue cache; the form is
 * the applicant's part, then the package's fields merged across its items and grouped
 * (yc_guide_merge_fields(), yc_guide_group_fields()), then the materials merged into
 * one checklist (yc_guide_merge_materials()). Every row writes into the YcIntake as the
 * clerk types; when the intake changes from elsewhere (a lookup filled it, a draft was
 * reopened) the rows are brought in line with it. Text from the catalogue goes into
 * labels as plain text, never as markup. */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-case.h"
#include "core/yc-guide.h"
#include "core/yc-ident.h"
#include "core/yc-time.h"
#include "core/yc-workdays.h"

#include "yc-desk-private.h"
#include "yc-display.h"
#include "yc-guide-load.h"
#include "yc-intake-checklist.h"
#include "yc-intake-fields.h"
#include "yc-intake-dialogs.h"
#include "yc-intake-view.h"
#include "yc-print.h"
#include "yc-desk-actions.h"

struct _YcIntakeView
{
  GtkWidget         parent_instance;

  YcContext        *context;
  YcIntake         *intake;
  YcCatalogueCache *cache;          /* the one intake is read from */
  GCancellable     *cancellable;    /* the read of the guides under way */
  YcGuideBodies    *bodies;
  char             *due_text;       /* when the promise falls due, once known */
  gint64            promised_days;  /* -1 until known */
  char             *looked_up;      /* the number last looked up (免填写), normalised */
  gboolean          print_papers;   /* the notice goes to the printer when decided */
  char             *paper_folder;   /* papers go there as PDF instead, when set */
  GDate             due;            /* valid once known */
  GPtrArray        *materials;      /* YcMaterial, merged */
  GHashTable       *rows;           /* key → its row (AdwEntryRow or AdwComboRow) */
  GPtrArray        *keys;           /* the form's keys, in order */
  YcIntakeChecklist *checklist;     /* in content, once laid out */
  AdwPreferencesGroup *applicant_group;
  GtkWidget        *person_button;
  gboolean          updating;       /* rows are being set from the intake */
  YcApplicantType   shown_type;     /* whose part the applicant's group asks */

  /* Template widgets */
  GtkStack         *stack;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkLabel         *filled_label;
  GtkBox           *content;
  GtkLabel         *decision_label;
  GtkScrolledWindow *scroller;
};

G_DEFINE_FINAL_TYPE (YcIntakeView, yc_intake_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PRINT_PAPERS,
  PROP_PAPER_FOLDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
yc_intake_view_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_INTAKE_VIEW, "context", context, NULL);
}

/* ---- Rows ---- */

/* What keeps the intake from being accepted, a line each: required fields left empty,
 * values that are wrong, materials not looked at or missing. NULL when nothing does. */
static char *
describe_blockers (YcIntakeView *self,
                   guint        *count)
{
  g_autoptr(GString) lines = g_string_new (NULL);

  *count = 0;
  for (guint i = 0; i < self->keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->keys, i);
      GtkWidget *row = g_hash_table_lookup (self->rows, key);
      const char *title = g_object_get_data (G_OBJECT (row), "title");
      const char *problem = yc_intake_field_get_problem (row);

      if (row == NULL || (g_str_has_prefix (key, "agent.") && !yc_intake_get_has_agent (self->intake)) ||
          !gtk_widget_get_visible (row))
        continue;
      if (title == NULL)
        title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      if (problem != NULL)
        g_string_append_printf (lines, "• %s\n", problem);
      else if (yc_intake_field_is_required (row) &&
               yc_intake_get_value (self->intake, key) == NULL)
        /* Translators: a line of what keeps an intake from being accepted */
        g_string_append_printf (lines, _("• %s is not filled in\n"), title);
      else
        continue;
      (*count)++;
    }
  for (guint i = 0; self->materials != NULL && i < self->materials->len; i++)
    {
      const YcMaterial *material = g_ptr_array_index (self->materials, i);
      const char *name = material->name;
      guint pages = 0;
      YcMaterialStatus status = yc_intake_get_material (self->intake, name, &pages, NULL);

      /* The centre reads an e-licence from the registry: it never holds the case up. */
      if (material->source == YC_MATERIAL_SOURCE_E_LICENCE)
        continue;
      if (status == YC_MATERIAL_PROVIDED && pages == 0)
        /* Translators: a line of what keeps an intake from being accepted: 页数 not entered */
        g_string_append_printf (lines, _("• %s: enter the pages received\n"), name);
      else if (status == YC_MATERIAL_MISSING)
        /* Translators: a line of what keeps an intake from being accepted */
        g_string_append_printf (lines, _("• %s is missing\n"), name);
      else if (status == YC_MATERIAL_UNSET && material->required)
        /* Translators: a line of what keeps an intake from being accepted */
        g_string_append_printf (lines, _("• %s is not checked\n"), name);
      else
        continue;
      (*count)++;
    }
  if (lines->len == 0)
    return NULL;
  g_string_truncate (lines, lines->len - 1);
  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static void
update_decision_label (YcIntakeView *self)
{
  g_autofree char *blockers = NULL;
  guint count;

  if (self->intake == NULL)
    return;
  blockers = describe_blockers (self, &count);
  if (blockers == NULL)
    {
      guint deferred = 0;
      GDate first;

      /* A 容缺 material is still owed: the clerk accepts on the applicant's commitment,
       * and is told so, with the first day one falls due. */
      g_date_clear (&first, 1);
      for (guint i = 0; self->materials != NULL && i < self->materials->len; i++)
        {
          const YcMaterial *material = g_ptr_array_index (self->materials, i);
          const char *by = NULL;
          GDate day;

          if (yc_intake_get_material (self->intake, material->name, NULL, &by) != YC_MATERIAL_DEFERRED)
            continue;
          deferred++;
          if (by != NULL && yc_time_parse_date (by, &day) &&
              (!g_date_valid (&first) || g_date_compare (&day, &first) < 0))
            first = day;
        }
      if (deferred == 0)
        /* Translators: under the intake form, when everything needed is there */
        gtk_label_set_text (self->decision_label, _("Everything needed is here: the application can be accepted."));
      else if (g_date_valid (&first))
        {
          g_autofree char *when = yc_intake_describe_day (&first);
          g_autofree char *text = NULL;

          /* Translators: under the intake form: accepting with materials brought later
           * (可以容缺受理：1 项材料待补（12月9日前）); %s is the first day one is due */
          text = g_strdup_printf (ngettext ("Can be accepted on commitment: %u material to bring by %s",
                                            "Can be accepted on commitment: %u materials to bring, the first by %s",
                                            deferred), deferred, when);
          gtk_label_set_text (self->decision_label, text);
        }
      else
        {
          g_autofree char *text = NULL;

          /* Translators: under the intake form: accepting with materials brought later */
          text = g_strdup_printf (ngettext ("Can be accepted on commitment: %u material to bring later",
                                            "Can be accepted on commitment: %u materials to bring later",
                                            deferred), deferred);
          gtk_label_set_text (self->decision_label, text);
        }
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: under the intake form: how many things keep it from being accepted */
      text = g_strdup_printf (ngettext ("%u thing to settle before accepting", "%u things to settle before accepting",
                                        count), count);
      gtk_label_set_text (self->decision_label, text);
    }
}

/* Shows on the row of key whether the lookup filled it, and whether it is required and
 * still empty. */
static void
update_row_marks (YcIntakeView *self,
                  const char   *key,
                  GtkWidget    *row)
{
  yc_intake_field_show_marks (row, yc_intake_is_autofilled (self->intake, key),
                              yc_intake_get_value (self->intake, key) == NULL);
}

/* What the form comes to: how many fields the lookup filled, what keeps it from being
 * accepted. */
static void
update_summary (YcIntakeView *self)
{
  guint filled;

  update_decision_label (self);
  filled = yc_intake_count_autofilled (self->intake);
  if (filled > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: how many fields of the form the lookup (免填写) filled */
      text = g_strdup_printf (ngettext ("%u field filled in for you", "%u fields filled in for you", filled),
                              filled);
      gtk_label_set_text (self->filled_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->filled_label), filled > 0);
}

/* Every row's marks, and the summary. */
static void
update_marks (YcIntakeView *self)
{
  GHashTableIter iter;
  gpointer key, row;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    update_row_marks (self, key, row);
  update_summary (self);
}

static void
on_looked_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcIntakeView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_auto(GStrv) form = NULL;
  guint filled;

  answer = yc_client_lookup_finish (YC_CLIENT (object), result, &error);
  if (answer == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Asked again at the next change of the number: once the citizen is called, say. */
      g_clear_pointer (&self->looked_up, g_free);
      /* Offline, or the centre cannot tell: the clerk types, as before. */
      message = yc_context_describe_error (error, _("The applicant’s details could not be looked up: type them in."));
      yc_desk_toast (GTK_WIDGET (self), message);
      return;
    }
  if (self->intake == NULL)
    return;
  /* Only what this form asks: a registry knows more than one package needs. */
  form = yc_intake_view_dup_keys (self);
  filled = yc_intake_fill_from_lookup (self->intake, answer, (const char * const *) form);
  if (filled > 0)
    {
      g_autofree char *message = NULL;

      /* Translators: after the lookup (免填写) filled in part of the form */
      message = g_strdup_printf (ngettext ("%u field filled in from the e-licence registry and earlier cases: check them with the applicant.",
                                           "%u fields filled in from the e-licence registry and earlier cases: check them with the applicant.",
                                           filled), filled);
      yc_desk_toast (GTK_WIDGET (self), message);
    }
}

/* Once the applicant's ID number or credit code is complete and valid, asks the centre
 * what it knows of them, once per number. */
static void
maybe_look_up (YcIntakeView *self,
               GtkWidget    *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "key");
  gboolean person = g_strcmp0 (key, "applicant.id_number") == 0;
  g_autofree char *number = NULL;

  if (!person && g_strcmp0 (key, "applicant.credit_code") != 0)
    return;
  if (yc_intake_field_get_problem (row) != NULL)
    return;
  number = yc_ident_normalize (gtk_editable_get_text (GTK_EDITABLE (row)));
  if (g_utf8_strlen (number, -1) != 18 || g_strcmp0 (number, self->looked_up) == 0)
    return;
  g_free (self->looked_up);
  self->looked_up = g_strdup (number);
  yc_client_lookup_async (yc_context_get_client (self->context),
                          person ? number : NULL, person ? NULL : number,
                          self->cancellable, on_looked_up_cb, g_object_ref (self));
}

/* A 法定代表人 whose name is not the one of the ID card given for them: a hint under the
 * field, for the clerk to check with the applicant; it holds nothing up. */
static void
update_legal_rep_hint (YcIntakeView *self)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, "legal_rep_name");
  const char *expected = self->intake != NULL ? yc_intake_get_legal_rep_mismatch (self->intake) : NULL;
  g_autofree char *hint = NULL;

  if (row == NULL)
    return;
  if (expected != NULL)
    /* Translators: a hint under the 法定代表人 field; %s is the name on the ID card or the
     * enterprise's record */
    hint = g_strdup_printf (_("Not the name of the ID card given (%s): check it with the applicant."), expected);
  yc_intake_field_show_hint (row, hint);
}

static void
on_entry_changed_cb (GtkEditable  *editable,
                     YcIntakeView *self)
{
  if (yc_intake_field_has_check (g_object_get_data (G_OBJECT (editable), "type")))
    {
      yc_intake_field_check (GTK_WIDGET (editable), FALSE);
      if (!self->updating)
        maybe_look_up (self, GTK_WIDGET (editable));
    }
  if (self->updating || self->intake == NULL)
    return;
  /* A keystroke changes this row alone: the others are left as they are, so that typing
   * costs what one row costs, not the whole form (the applicant's name and the
   * enterprise's 企业名称 row, hidden, are brought in line when it is shown again). */
  self->updating = TRUE;
  yc_intake_set_value (self->intake, g_object_get_data (G_OBJECT (editable), "key"),
                       gtk_editable_get_text (editable));
  self->updating = FALSE;
  update_row_marks (self, g_object_get_data (G_OBJECT (editable), "key"), GTK_WIDGET (editable));
  update_legal_rep_hint (self);
  update_summary (self);
}

static void
on_entry_left_cb (GtkEventControllerFocus *controller,
                  YcIntakeView            *self)
{
  yc_intake_field_check (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), TRUE);
}

static void
on_choice_selected_cb (AdwComboRow  *row,
                       GParamSpec   *pspec,
                       YcIntakeView *self)
{
  guint selected = adw_combo_row_get_selected (row);
  GListModel *model = adw_combo_row_get_model (row);
  const char *value = NULL;

  if (self->updating || self->intake == NULL)
    return;
  /* The first entry is "choose". */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    value = gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
  yc_intake_set_value (self->intake, g_object_get_data (G_OBJECT (row), "key"), value);
}

static void
remember_row (YcIntakeView *self,
              GtkWidget    *row,
              const char   *key)
{
  g_hash_table_replace (self->rows, g_strdup (key), row);
  g_ptr_array_add (self->keys, g_strdup (key));
}

static GtkWidget *
entry_row (YcIntakeView *self,
           const char   *key,
           const char   *title,
           const char   *type,
           gboolean      required)
{
  GtkWidget *row = yc_intake_field_new_entry (key, title, type, required, yc_intake_get_value (self->intake, key));

  /* The row's own type: a name's check is the row's, not the catalogue's word. */
  if (yc_intake_field_has_check (g_object_get_data (G_OBJECT (row), "type")))
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "leave", G_CALLBACK (on_entry_left_cb), self);
      gtk_widget_add_controller (row, focus);
    }
  remember_row (self, row, key);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed_cb), self);
  return row;
}

static GtkWidget *
choice_row (YcIntakeView *self,
            const char   *key,
            const char   *title,
            GStrv         choices,
            gboolean      required)
{
  GtkWidget *row = yc_intake_field_new_choice (key, title, choices, required, yc_intake_get_value (self->intake, key));

  remember_row (self, row, key);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_choice_selected_cb), self);
  return row;
}

/* Brings every row in line with the intake: after a lookup filled it in, or a draft was
 * reopened. */
static void
update_rows (YcIntakeView *self)
{
  GHashTableIter iter;
  gpointer key, row;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    yc_intake_field_show_value (row, yc_intake_get_value (self->intake, key));
  self->updating = FALSE;
  update_marks (self);
  update_legal_rep_hint (self);
}

/* ---- The applicant ---- */

static void
forget_rows_of (YcIntakeView *self,
                const char   *prefix)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
  for (guint i = self->keys->len; i > 0; i--)
    if (g_str_has_prefix (g_ptr_array_index (self->keys, i - 1), prefix))
      g_ptr_array_remove_index (self->keys, i - 1);
}

static void fill_applicant (YcIntakeView *self);

/* A form field the applicant's part answers (an enterprise's 企业名称) is not asked again. */
static void
update_field_sources (YcIntakeView *self)
{
  for (guint i = 0; i < self->keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->keys, i);
      GtkWidget *row = g_hash_table_lookup (self->rows, key);

      if (row != NULL && !g_str_has_prefix (key, "applicant.") && !g_str_has_prefix (key, "agent."))
        gtk_widget_set_visible (row, yc_intake_get_field_source (self->intake, key) == NULL);
    }
}

static void
on_applicant_type_cb (GtkToggleButton *button,
                      YcIntakeView    *self)
{
  if (self->updating || self->intake == NULL || !gtk_toggle_button_get_active (button))
    return;
  /* The intake's "changed" lays the applicant's part out again. */
  yc_intake_set_applicant_type (self->intake,
                                GTK_WIDGET (button) == self->person_button
                                ? YC_APPLICANT_PERSON : YC_APPLICANT_ENTERPRISE);
}

static void
on_agent_enabled_cb (AdwExpanderRow *row,
                     GParamSpec     *pspec,
                     YcIntakeView   *self)
{
  if (self->updating || self->intake == NULL)
    return;
  yc_intake_set_has_agent (self->intake, adw_expander_row_get_enable_expansion (row));
}

/* libadwaita 1.2 gives an expander row's switch no name of its own: a screen reader
 * would say "switch" and not what it turns on. It is the first switch in the row, in its
 * header, above the rows it holds. */
static gboolean
name_enable_switch (GtkWidget  *widget,
                    const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SWITCH (child))
      {
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        return TRUE;
      }
    else if (name_enable_switch (child, name))
      return TRUE;
  return FALSE;
}

/* The applicant's group, for the intake's applicant type: rebuilt when it changes. */
static void
fill_applicant (YcIntakeView *self)
{
  GtkWidget *group_widget = GTK_WIDGET (self->applicant_group);
  GtkWidget *parent = gtk_widget_get_parent (group_widget);
  GtkWidget *sibling = gtk_widget_get_prev_sibling (group_widget);
  gboolean enterprise = yc_intake_get_applicant_type (self->intake) == YC_APPLICANT_ENTERPRISE;
  guint n, n_agent;
  const YcIntakeFieldSpec *fields = yc_intake_field_applicant_specs (yc_intake_get_applicant_type (self->intake), &n);
  const YcIntakeFieldSpec *agent_fields = yc_intake_field_agent_specs (&n_agent);
  AdwPreferencesGroup *group;
  GtkWidget *switcher, *person, *company, *agent;

  self->shown_type = yc_intake_get_applicant_type (self->intake);
  /* A group cannot drop its rows in GTK 4.8's libadwaita: a new one takes its place. */
  forget_rows_of (self, "applicant.");
  forget_rows_of (self, "agent.");
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  /* Translators: the heading of the applicant's part of the intake form (申请人) */
  adw_preferences_group_set_title (group, _("Applicant"));

  switcher = yc_intake_field_new_type_switch (&person, &company);
  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (enterprise ? company : person), TRUE);
  self->updating = FALSE;
  self->person_button = person;
  g_signal_connect (person, "toggled", G_CALLBACK (on_applicant_type_cb), self);
  g_signal_connect (company, "toggled", G_CALLBACK (on_applicant_type_cb), self);
  adw_preferences_group_set_header_suffix (group, switcher);

  for (guint i = 0; i < n; i++)
    adw_preferences_group_add (group, entry_row (self, fields[i].key, gettext (fields[i].label), fields[i].type,
                                                 fields[i].required));

  agent = adw_expander_row_new ();
  /* Translators: 帮办代办: someone else applies for the applicant */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (agent), _("Applied for by an agent"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (agent),
                                 _("Assisted or proxy handling: the agent’s own ID is checked"));
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (agent), TRUE);
  for (guint i = 0; i < n_agent; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (agent),
                              entry_row (self, agent_fields[i].key, gettext (agent_fields[i].label),
                                         agent_fields[i].type, agent_fields[i].required));
  self->updating = TRUE;
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (agent), yc_intake_get_has_agent (self->intake));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (agent), yc_intake_get_has_agent (self->intake));
  self->updating = FALSE;
  g_signal_connect (agent, "notify::enable-expansion", G_CALLBACK (on_agent_enabled_cb), self);
  adw_preferences_group_add (group, agent);
  name_enable_switch (agent, _("Applied for by an agent"));

  gtk_box_insert_child_after (GTK_BOX (parent), GTK_WIDGET (group), sibling);
  gtk_box_remove (GTK_BOX (parent), group_widget);
  self->applicant_group = group;
  update_field_sources (self);
  update_marks (self);
}

/* ---- The form and the checklist ---- */

static void
add_form (YcIntakeView *self)
{
  g_autoptr(GPtrArray) packages = g_ptr_array_new ();
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  /* The package's shared form first, then what each item asks besides. */
  if (self->bodies->package != NULL)
    g_ptr_array_add (packages, self->bodies->package);
  fields = yc_guide_merge_fields (packages, self->bodies->items, yc_intake_get_items (self->intake));
  groups = yc_guide_group_fields (fields);

  for (guint i = 0; i < groups->len; i++)
    {
      YcFieldGroup *field_group = g_ptr_array_index (groups, i);
      GtkWidget *group = adw_preferences_group_new ();
      /* Translators: the heading of the form's fields that belong to no person */
      g_autofree char *group_title = yc_display_text (field_group->title ? field_group->title : _("Details"));

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), group_title);
      for (guint j = 0; j < field_group->fields->len; j++)
        {
          const YcField *field = g_ptr_array_index (field_group->fields, j);
          const char *key = field->key;
          const char *label = field->label;
          const char *type = field->type;
          gboolean required = field->required;
          GtkWidget *row;

          if (g_strcmp0 (type, "choice") == 0)
            row = choice_row (self, key, label ? label : key, field->choices, required);
          else
            row = entry_row (self, key, label ? label : key, type, required);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (self->content, group);
    }
}


static void
add_checklist (YcIntakeView *self)
{
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  self->materials = yc_guide_merge_materials (self->bodies->items);
  self->checklist = YC_INTAKE_CHECKLIST (yc_intake_checklist_new (self->context));
  yc_intake_checklist_show (self->checklist, self->intake, self->materials, self->bodies->items);
  yc_intake_checklist_set_due (self->checklist, &self->due);
  gtk_box_append (self->content, GTK_WIDGET (self->checklist));
}

/* ---- Showing an intake ---- */

static void
clear_content (YcIntakeView *self)
{
  GtkWidget *child;

  if (self->checklist != NULL)
    yc_intake_checklist_show (self->checklist, NULL, NULL, NULL);
  self->checklist = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
  g_hash_table_remove_all (self->rows);
  g_ptr_array_set_size (self->keys, 0);
  self->applicant_group = NULL;
}

/* The promise of the intake (the package's time limit, or the item's) counted on the
 * official calendar from today. */
static void
compute_due (YcIntakeView   *self,
             YcWorkCalendar *calendar)
{
  g_autofree char *when = NULL;
  gint64 days = yc_guide_bodies_get_promised_days (self->bodies);
  GDate today, due;

  g_clear_pointer (&self->due_text, g_free);
  if (days < 0)
    return;

  yc_time_local_date (&today);
  yc_work_calendar_add (calendar, &today, (guint) days, &due);
  self->promised_days = days;
  self->due = due;
  when = yc_intake_describe_day (&due);
  if (days == 0)
    /* Translators: an intake's promise: done at once, the same day (即办) */
    self->due_text = g_strdup (_("done on the spot"));
  else if (yc_work_calendar_knows_year (calendar, g_date_get_year (&due)))
    /* Translators: an intake's promise in working days, and the day it falls due */
    self->due_text = g_strdup_printf (ngettext ("%u working day, due %s", "%u working days, due %s", (guint) days),
                                      (guint) days, when);
  else
    /* Translators: the same, when the holidays of the due date's year are not published yet */
    self->due_text = g_strdup_printf (ngettext ("%u working day, due %s (holidays of %u not published yet: weekdays counted)",
                                                "%u working days, due %s (holidays of %u not published yet: weekdays counted)",
                                                (guint) days),
                                      (guint) days, when, (guint) g_date_get_year (&due));
}

static void
update_header (YcIntakeView *self)
{
  const char * const *items = yc_intake_get_items (self->intake);
  g_autofree char *started = yc_time_format_clock (yc_intake_get_started_at (self->intake));
  g_autoptr(GString) subtitle = g_string_new (NULL);
  guint n = g_strv_length ((GStrv) items);

  yc_display_set_label (self->title_label, yc_intake_get_title (self->intake)
                                           ? yc_intake_get_title (self->intake) : items[0]);
  /* Translators: the number of items an intake covers */
  g_string_append_printf (subtitle, ngettext ("%u item", "%u items", n), n);
  if (yc_intake_get_ticket (self->intake) != NULL)
    {
      g_string_append (subtitle, " · ");
      /* Translators: the queue number an intake started from */
      g_string_append_printf (subtitle, _("Ticket %s"), yc_intake_get_ticket (self->intake));
    }
  if (*started != '\0')
    {
      g_string_append (subtitle, " · ");
      /* Translators: the time an intake was started, e.g. 09:30 */
      g_string_append_printf (subtitle, _("started %s"), started);
    }
  if (self->due_text != NULL)
    {
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, self->due_text);
    }
  gtk_label_set_text (self->subtitle_label, subtitle->str);
}

static void
render (YcIntakeView *self)
{
  GtkWidget *placeholder = adw_preferences_group_new ();

  clear_content (self);
  update_header (self);

  gtk_box_append (self->content, placeholder);
  self->applicant_group = ADW_PREFERENCES_GROUP (placeholder);
  fill_applicant (self);
  add_form (self);
  add_checklist (self);
  update_field_sources (self);
  update_marks (self);
  update_legal_rep_hint (self);
  gtk_stack_set_visible_child_name (self->stack, "intake");
}

static void
on_intake_changed_cb (YcIntake     *intake,
                      YcIntakeView *self)
{
  if (self->updating || gtk_stack_get_visible_child_name (self->stack) == NULL ||
      !g_str_equal (gtk_stack_get_visible_child_name (self->stack), "intake"))
    return;
  /* A person or an enterprise: the applicant's part asks other things. */
  if (yc_intake_get_applicant_type (intake) != self->shown_type)
    fill_applicant (self);
  update_rows (self);
}

/* The promise's due date, once both the guide and the context's calendar are there;
 * again when the calendar is renewed. */
static void
update_due (YcIntakeView *self)
{
  YcWorkCalendar *calendar = yc_context_get_work_calendar (self->context);

  if (calendar == NULL || self->intake == NULL || !yc_guide_bodies_found (self->bodies))
    return;
  compute_due (self, calendar);
  if (self->checklist != NULL)
    yc_intake_checklist_set_due (self->checklist, &self->due);
  update_header (self);
}

static void
on_bodies_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcIntakeView) self = user_data;
  g_autoptr(GError) error = NULL;
  YcGuideBodies *bodies;

  bodies = yc_guide_bodies_read_finish (result, &error);
  if (bodies == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = yc_context_describe_error (error, _("The guide could not be read."));
      yc_desk_toast (GTK_WIDGET (self), message);
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }

  g_clear_pointer (&self->bodies, yc_guide_bodies_free);
  self->bodies = bodies;
  if (!yc_guide_bodies_found (bodies))
    {
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }
  if (yc_intake_get_title (self->intake) == NULL)
    yc_intake_set_title (self->intake, yc_guide_bodies_get_name (bodies));
  render (self);
  update_due (self);
}

void
yc_intake_view_show (YcIntakeView     *self,
                     YcCatalogueCache *cache,
                     YcIntake         *intake)
{
  g_return_if_fail (YC_IS_INTAKE_VIEW (self));
  g_return_if_fail (cache == NULL || YC_IS_CATALOGUE_CACHE (cache));
  g_return_if_fail (intake == NULL || YC_IS_INTAKE (intake));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->intake != NULL)
    g_signal_handlers_disconnect_by_func (self->intake, on_intake_changed_cb, self);
  clear_content (self);
  /* Another intake starts at its top, not where the last one was left. */
  if (self->intake != intake)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_set_object (&self->intake, intake);
  g_set_object (&self->cache, cache);
  g_clear_pointer (&self->due_text, g_free);
  g_clear_pointer (&self->looked_up, g_free);
  self->promised_days = -1;
  g_date_clear (&self->due, 1);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  if (intake == NULL || cache == NULL)
    return;

  g_signal_connect (intake, "changed", G_CALLBACK (on_intake_changed_cb), self);
  self->cancellable = g_cancellable_new ();
  yc_guide_bodies_read_async (cache,
                              yc_intake_get_package (intake) ? YC_CATALOGUE_PACKAGE : YC_CATALOGUE_ITEM,
                              yc_intake_get_package (intake) ? yc_intake_get_package (intake)
                                                             : yc_intake_get_items (intake)[0],
                              self->cancellable, on_bodies_read_cb, g_object_ref (self));
}

YcIntake *
yc_intake_view_get_intake (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->intake;
}

const char *
yc_intake_view_get_shown (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GtkEditable *
yc_intake_view_get_editable (YcIntakeView *self,
                             const char   *key)
{
  GtkWidget *row;

  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);

  row = g_hash_table_lookup (self->rows, key);
  return row != NULL && ADW_IS_ENTRY_ROW (row) ? GTK_EDITABLE (row) : NULL;
}

GtkLabel *
yc_intake_view_get_decision_label (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->decision_label;
}

GtkLabel *
yc_intake_view_get_subtitle_label (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->subtitle_label;
}

const char *
yc_intake_view_get_problem (YcIntakeView *self,
                            const char   *key)
{
  GtkWidget *row;

  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);

  row = g_hash_table_lookup (self->rows, key);
  return row != NULL ? yc_intake_field_get_problem (row) : NULL;
}

GStrv
yc_intake_view_dup_keys (YcIntakeView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);

  for (guint i = 0; i < self->keys->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->keys, i));
  return g_strv_builder_end (builder);
}

GStrv
yc_intake_view_dup_materials (YcIntakeView *self)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);

  if (self->checklist == NULL)
    return g_new0 (char *, 1);
  return yc_intake_checklist_dup_materials (self->checklist);
}

GtkWidget *
yc_intake_view_get_material_extra (YcIntakeView *self,
                                   const char   *material,
                                   const char   *extra)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);
  return self->checklist != NULL ? yc_intake_checklist_get_extra (self->checklist, material, extra) : NULL;
}

gboolean
yc_intake_view_choose_material (YcIntakeView     *self,
                                const char       *material,
                                YcMaterialStatus  status)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), FALSE);
  return self->checklist != NULL && yc_intake_checklist_choose (self->checklist, material, status);
}

/* ---- Decisions ---- */

static char *
iso_day (const GDate *day)
{
  char text[11];

  g_date_strftime (text, sizeof text, "%Y-%m-%d", day);
  return g_strdup (text);
}

static void
decide (YcIntakeView *self,
        JsonNode     *body)
{
  g_autoptr(YcRecord) record = yc_record_new (yc_record_kind_to_wire (YC_RECORD_KIND_CASE), body);

  g_signal_emit (self, signals[DECIDED], 0, self->intake, record);
}

static void
on_commitment_signed_cb (GtkWidget *from,
                         YcIntake  *intake,
                         JsonNode  *body)
{
  YcIntakeView *self = YC_INTAKE_VIEW (from);

  if (self->intake == intake)
    decide (self, body);
}

static void
accept_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);
  g_autofree char *blockers = NULL;
  g_autofree char *accepted_on = NULL;
  g_autofree char *due = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint count;

  if (self->intake == NULL || !yc_guide_bodies_found (self->bodies))
    return;
  if ((blockers = describe_blockers (self, &count)) != NULL)
    {
      yc_intake_tell (GTK_WIDGET (self), _("Not Ready to Accept"), blockers);
      return;
    }
  if (self->promised_days < 0 || !g_date_valid (&self->due))
    {
      yc_intake_tell (GTK_WIDGET (self), _("Not Ready to Accept"),
            _("The promised time limit is not known yet: wait a moment, or check that the catalogue is up to date."));
      return;
    }
  accepted_on = yc_time_today ();
  due = iso_day (&self->due);
  body = yc_case_body_new (self->intake, self->materials, YC_DECISION_ACCEPTED, accepted_on, self->promised_days, due);
  if (yc_case_body_needs_commitment (body))
    yc_intake_ask_commitment (widget, self->context, self->intake, body, self->paper_folder, on_commitment_signed_cb);
  else
    decide (self, body);
}

static void
on_notice_confirmed_cb (GtkWidget *from,
                        YcIntake  *intake,
                        JsonNode  *answer)
{
  YcIntakeView *self = YC_INTAKE_VIEW (from);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(YcDocument) doc = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *accepted_on = NULL;
  YcNoticeInfo info;

  if (self->intake != intake || !yc_guide_bodies_found (self->bodies))
    return;
  missing = yc_intake_list_missing (intake, self->materials);
  yc_notice_info_init (&info, self->context, now);
  info.phone = yc_guide_items_phone (self->bodies->items);
  info.complaint_phone = yc_guide_items_complaint_phone (self->bodies->items);
  info.applicant = yc_intake_get_applicant (intake);
  doc = yc_document_new_notice (yc_intake_get_title (intake), self->bodies->code, missing, &info);
  accepted_on = yc_time_today ();
  body = yc_case_body_new (intake, self->materials, YC_DECISION_NOTICE, accepted_on, -1, NULL);
  decide (self, body);
  /* The record is safe in the outbox; the paper goes to the applicant. */
  yc_intake_hand_out (GTK_WIDGET (self), doc, self->paper_folder, self->print_papers);
}

static void
notice_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);
  g_autoptr(GPtrArray) missing = NULL;

  if (self->intake == NULL || !yc_guide_bodies_found (self->bodies))
    return;
  missing = yc_intake_list_missing (self->intake, self->materials);
  if (missing->len == 0)
    {
      yc_intake_tell (widget, _("Nothing Is Missing"),
                      _("Mark the materials the applicant lacks as Missing first: the notice lists them."));
      return;
    }
  if (yc_intake_get_applicant (self->intake) == NULL)
    {
      yc_intake_tell (widget, _("Who Is the Notice For?"), _("Enter the applicant’s name: the notice is made out to them."));
      return;
    }
  yc_intake_ask_notice (widget, self->intake, missing, on_notice_confirmed_cb);
}

static void
on_refused_cb (GtkWidget       *from,
               YcIntake        *intake,
               YcRefusalGround  ground,
               const char      *legal_basis,
               const char      *explanation)
{
  YcIntakeView *self = YC_INTAKE_VIEW (from);
  g_autofree char *accepted_on = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (self->intake != intake)
    return;
  accepted_on = yc_time_today ();
  body = yc_case_body_new (intake, self->materials, YC_DECISION_REFUSED, accepted_on, -1, NULL);
  yc_case_body_set_refusal (body, ground, legal_basis, explanation);
  decide (self, body);
}

static void
refuse_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);

  if (self->intake == NULL || yc_intake_get_value (self->intake, "applicant.name") == NULL)
    {
      yc_intake_tell (widget, _("Who Is Refused?"), _("Enter the applicant’s name: the refusal is recorded for them."));
      return;
    }
  yc_intake_ask_refusal (widget, self->intake, on_refused_cb);
}

/* ---- GObject ---- */

static void
yc_intake_view_dispose (GObject *object)
{
  YcIntakeView *self = (YcIntakeView *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->intake != NULL)
    g_signal_handlers_disconnect_by_func (self->intake, on_intake_changed_cb, self);
  g_clear_object (&self->intake);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_INTAKE_VIEW);

  G_OBJECT_CLASS (yc_intake_view_parent_class)->dispose (object);
}

static void
yc_intake_view_finalize (GObject *object)
{
  YcIntakeView *self = (YcIntakeView *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->cache);
  g_clear_object (&self->context);
  g_clear_pointer (&self->looked_up, g_free);
  g_clear_pointer (&self->paper_folder, g_free);
  g_clear_pointer (&self->due_text, g_free);
  g_clear_pointer (&self->bodies, yc_guide_bodies_free);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);

  G_OBJECT_CLASS (yc_intake_view_parent_class)->finalize (object);
}

static void
yc_intake_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcIntakeView *self = YC_INTAKE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_PRINT_PAPERS:
      self->print_papers = g_value_get_boolean (value);
      break;
    case PROP_PAPER_FOLDER:
      g_free (self->paper_folder);
      self->paper_folder = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcIntakeView *self = YC_INTAKE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PRINT_PAPERS:
      g_value_set_boolean (value, self->print_papers);
      break;
    case PROP_PAPER_FOLDER:
      g_value_set_string (value, self->paper_folder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_view_constructed (GObject *object)
{
  YcIntakeView *self = (YcIntakeView *) object;

  G_OBJECT_CLASS (yc_intake_view_parent_class)->constructed (object);

  g_signal_connect_object (self->context, "notify::work-calendar", G_CALLBACK (update_due), self,
                           G_CONNECT_SWAPPED);
}

static void
yc_intake_view_class_init (YcIntakeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = yc_intake_view_constructed;
  object_class->dispose = yc_intake_view_dispose;
  object_class->finalize = yc_intake_view_finalize;
  object_class->set_property = yc_intake_view_set_property;
  object_class->get_property = yc_intake_view_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, YC_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whether a decision sends its paper to the printer; off for tests. */
  properties[PROP_PRINT_PAPERS] =
    g_param_spec_boolean ("print-papers", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A folder the papers are written to as PDF files instead of going to the printer:
   * for tests, and a window without a printer. */
  properties[PROP_PAPER_FOLDER] =
    g_param_spec_string ("paper-folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcIntakeView::decided:
   * @intake: the intake decided
   * @record: its "case" record, for the outbox
   */
  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, YC_TYPE_INTAKE, YC_TYPE_RECORD);

  gtk_widget_class_install_action (widget_class, "intake.accept", NULL, accept_activated);
  gtk_widget_class_install_action (widget_class, "intake.notice", NULL, notice_activated);
  gtk_widget_class_install_action (widget_class, "intake.refuse", NULL, refuse_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "intake.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "intake.accept", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-intake-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, stack);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, filled_label);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, content);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, scroller);
  gtk_widget_class_bind_template_child (widget_class, YcIntakeView, decision_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_intake_view_init (YcIntakeView *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->print_papers = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

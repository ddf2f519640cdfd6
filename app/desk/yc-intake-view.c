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
#include "yc-guide-load.h"
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
  GDate             due;            /* valid once known */
  JsonArray        *materials;      /* merged */
  GHashTable       *rows;           /* key → its row (AdwEntryRow or AdwComboRow) */
  GPtrArray        *keys;           /* the form's keys, in order */
  GPtrArray        *material_rows;  /* AdwActionRow, in the checklist's order */
  AdwPreferencesGroup *applicant_group;
  GtkWidget        *person_button;
  gboolean          updating;       /* rows are being set from the intake */

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *key;
  const char *label;
  const char *type;   /* as a package field's: id_number, credit_code, phone … */
} Field;

/* The applicant's part of the form: who applies. */
static const Field person_fields[] = {
  /* Translators: a field of the intake form: the applicant's name */
  { "applicant.name", N_("Name"), "text" },
  { "applicant.id_number", N_("ID card number"), "id_number" },
  { "applicant.phone", N_("Phone"), "phone" },
  { "applicant.address", N_("Address"), "address" },
};

static const Field enterprise_fields[] = {
  { "applicant.name", N_("Enterprise name"), "text" },
  { "applicant.credit_code", N_("Unified social credit code"), "credit_code" },
  { "applicant.legal_rep", N_("Legal representative"), "text" },
  { "applicant.phone", N_("Phone"), "phone" },
  { "applicant.address", N_("Registered address"), "address" },
};

/* 帮办代办: someone applying for the applicant. */
static const Field agent_fields[] = {
  { "agent.name", N_("Agent’s name"), "text" },
  { "agent.id_number", N_("Agent’s ID card number"), "id_number" },
  { "agent.phone", N_("Agent’s phone"), "phone" },
  { "agent.relation", N_("Relation to the applicant"), "text" },
};

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

GtkWidget *
yc_intake_view_new (YcContext *context)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);

  return g_object_new (YC_TYPE_INTAKE_VIEW, "context", context, NULL);
}

/* ---- Rows ---- */

static GtkWidget *
tag (const char *text,
     const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

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
      const char *problem = g_object_get_data (G_OBJECT (row), "problem");

      if (row == NULL || (g_str_has_prefix (key, "agent.") && !yc_intake_get_has_agent (self->intake)))
        continue;
      if (title == NULL)
        title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      if (problem != NULL)
        g_string_append_printf (lines, "• %s\n", problem);
      else if (g_object_get_data (G_OBJECT (row), "required-tag") != NULL &&
               yc_intake_get_value (self->intake, key) == NULL)
        /* Translators: a line of what keeps an intake from being accepted */
        g_string_append_printf (lines, _("• %s is not filled in\n"), title);
      else
        continue;
      (*count)++;
    }
  for (guint i = 0; self->materials != NULL && i < json_array_get_length (self->materials); i++)
    {
      JsonObject *material = json_array_get_object_element (self->materials, i);
      const char *name = yc_guide_get_string (material, "name");
      YcMaterialStatus status = yc_intake_get_material (self->intake, name, NULL, NULL);

      if (status == YC_MATERIAL_MISSING)
        /* Translators: a line of what keeps an intake from being accepted */
        g_string_append_printf (lines, _("• %s is missing\n"), name);
      else if (status == YC_MATERIAL_UNSET && yc_guide_get_boolean (material, "required"))
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
    /* Translators: under the intake form, when everything needed is there */
    gtk_label_set_text (self->decision_label, _("Everything needed is here: the application can be accepted."));
  else
    {
      g_autofree char *text = NULL;

      /* Translators: under the intake form: how many things keep it from being accepted */
      text = g_strdup_printf (ngettext ("%u thing to settle before accepting", "%u things to settle before accepting",
                                        count), count);
      gtk_label_set_text (self->decision_label, text);
    }
}

/* Shows on each row whether the lookup filled it, and which required ones are empty. */
static void
update_marks (YcIntakeView *self)
{
  GHashTableIter iter;
  gpointer key, row;
  guint filled;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      GtkWidget *filled_tag = g_object_get_data (row, "filled-tag");
      GtkWidget *required_tag = g_object_get_data (row, "required-tag");
      const char *value = yc_intake_get_value (self->intake, key);

      if (filled_tag != NULL)
        gtk_widget_set_visible (filled_tag, yc_intake_is_autofilled (self->intake, key));
      if (required_tag != NULL)
        gtk_widget_set_visible (required_tag, value == NULL);
    }

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

/* The check of a field's type; NULL for a type without one. */
static char *
check_value (const char  *type,
             const char  *text,
             GError     **error)
{
  if (g_strcmp0 (type, "id_number") == 0)
    return yc_ident_check_id_number (text, NULL, NULL, error);
  if (g_strcmp0 (type, "credit_code") == 0)
    return yc_ident_check_credit_code (text, error);
  if (g_strcmp0 (type, "phone") == 0)
    return yc_ident_check_phone (text, error);
  return g_strdup (text);
}

/* Marks the row when its text is no valid value of its type, with the sentence saying
 * why in place of its title; complete says whether to judge a number still being typed
 * (as the clerk leaves the field, or when it has all its characters). */
static void
check_row (GtkWidget *row,
           gboolean   complete)
{
  const char *type = g_object_get_data (G_OBJECT (row), "type");
  const char *title = g_object_get_data (G_OBJECT (row), "title");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *normal = yc_ident_normalize (text);
  g_autoptr(GError) error = NULL;
  g_autofree char *checked = NULL;
  gsize full = g_strcmp0 (type, "phone") == 0 ? 11 : 18;

  if (*normal == '\0' || (!complete && g_utf8_strlen (normal, -1) < (glong) full &&
                          g_object_get_data (G_OBJECT (row), "problem") == NULL))
    checked = g_strdup (text);
  else
    checked = check_value (type, text, &error);

  if (checked != NULL)
    {
      g_object_set_data (G_OBJECT (row), "problem", NULL);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_remove_css_class (row, "error");
    }
  else
    {
      g_autofree char *marked = NULL;

      g_object_set_data_full (G_OBJECT (row), "problem", g_strdup (error->message), g_free);
      /* A sentence that names the field already stands alone. */
      if (g_str_has_prefix (error->message, title))
        marked = g_strdup (error->message);
      else
        /* Translators: a form field's name, then what is wrong with what was typed */
        marked = g_strdup_printf (_("%s: %s"), title, error->message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), marked);
      gtk_widget_add_css_class (row, "error");
    }
}

static gboolean
has_check (const char *type)
{
  return g_strcmp0 (type, "id_number") == 0 || g_strcmp0 (type, "credit_code") == 0 ||
         g_strcmp0 (type, "phone") == 0;
}

static void
on_looked_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcIntakeView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *root;
  const char *parts[] = { "applicant", "fields" };
  guint filled = 0;

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
  root = json_node_get_object (answer);
  if (self->intake == NULL || !json_object_get_boolean_member (root, "found"))
    return;

  /* Only what this form asks: a registry knows more than one package needs. */
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      JsonNode *node = json_object_get_member (root, parts[p]);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          g_autofree char *key = p == 0 ? g_strconcat ("applicant.", member, NULL) : g_strdup (member);

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
              !g_hash_table_contains (self->rows, key) || yc_intake_get_value (self->intake, key) != NULL)
            continue;
          yc_intake_autofill (self->intake, key, json_node_get_string (value));
          filled++;
        }
    }
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
  if (g_object_get_data (G_OBJECT (row), "problem") != NULL)
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

static void
on_entry_changed_cb (GtkEditable  *editable,
                     YcIntakeView *self)
{
  if (has_check (g_object_get_data (G_OBJECT (editable), "type")))
    {
      check_row (GTK_WIDGET (editable), FALSE);
      if (!self->updating)
        maybe_look_up (self, GTK_WIDGET (editable));
    }
  if (self->updating || self->intake == NULL)
    return;
  yc_intake_set_value (self->intake, g_object_get_data (G_OBJECT (editable), "key"),
                       gtk_editable_get_text (editable));
}

static void
on_entry_left_cb (GtkEventControllerFocus *controller,
                  YcIntakeView            *self)
{
  check_row (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), TRUE);
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
              const char   *key,
              gboolean      required)
{
  GtkWidget *filled = tag (_("Filled in"), "filled-tag");

  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (row), "filled-tag", filled);
  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), filled);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), filled);
  if (required)
    {
      /* Translators: a mark on a form field that must be filled in (必填) */
      GtkWidget *mark = tag (C_("field", "Required"), "required-tag");

      g_object_set_data (G_OBJECT (row), "required-tag", mark);
      if (ADW_IS_ENTRY_ROW (row))
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), mark);
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
    }
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
  GtkWidget *row = adw_entry_row_new ();
  const char *value = yc_intake_get_value (self->intake, key);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  if (g_strcmp0 (type, "phone") == 0)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
  else if (g_strcmp0 (type, "number") == 0)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  g_object_set_data_full (G_OBJECT (row), "type", g_strdup (type), g_free);
  g_object_set_data_full (G_OBJECT (row), "title", g_strdup (title), g_free);
  if (has_check (type))
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "leave", G_CALLBACK (on_entry_left_cb), self);
      gtk_widget_add_controller (row, focus);
    }
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  /* A reopened draft shows what is wrong in it at once. */
  if (has_check (type) && value != NULL)
    check_row (row, TRUE);
  remember_row (self, row, key, required);
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed_cb), self);
  return row;
}

static GtkWidget *
choice_row (YcIntakeView *self,
            const char   *key,
            const char   *title,
            JsonArray    *choices,
            gboolean      required)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  const char *value = yc_intake_get_value (self->intake, key);
  guint selected = 0;

  /* Translators: the first entry of a list to choose from, nothing chosen yet */
  gtk_string_list_append (model, _("Choose…"));
  for (guint i = 0; choices != NULL && i < json_array_get_length (choices); i++)
    {
      JsonNode *choice = json_array_get_element (choices, i);

      if (!JSON_NODE_HOLDS_VALUE (choice) || json_node_get_value_type (choice) != G_TYPE_STRING)
        continue;
      gtk_string_list_append (model, json_node_get_string (choice));
      if (g_strcmp0 (value, json_node_get_string (choice)) == 0)
        selected = g_list_model_get_n_items (G_LIST_MODEL (model)) - 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  remember_row (self, row, key, required);
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
    {
      const char *value = yc_intake_get_value (self->intake, key);

      if (ADW_IS_ENTRY_ROW (row))
        {
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value ? value : "") != 0)
            gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
        }
      else if (ADW_IS_COMBO_ROW (row))
        {
          GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
          guint selected = 0;

          for (guint i = 1; value != NULL && i < g_list_model_get_n_items (model); i++)
            if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
              selected = i;
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        }
    }
  self->updating = FALSE;
  update_marks (self);
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

static void
on_applicant_type_cb (GtkToggleButton *button,
                      YcIntakeView    *self)
{
  if (self->updating || self->intake == NULL || !gtk_toggle_button_get_active (button))
    return;
  yc_intake_set_applicant_type (self->intake,
                                GTK_WIDGET (button) == self->person_button
                                ? YC_APPLICANT_PERSON : YC_APPLICANT_ENTERPRISE);
  fill_applicant (self);
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

/* The applicant's group, for the intake's applicant type: rebuilt when it changes. */
static void
fill_applicant (YcIntakeView *self)
{
  GtkWidget *group_widget = GTK_WIDGET (self->applicant_group);
  GtkWidget *parent = gtk_widget_get_parent (group_widget);
  GtkWidget *sibling = gtk_widget_get_prev_sibling (group_widget);
  gboolean enterprise = yc_intake_get_applicant_type (self->intake) == YC_APPLICANT_ENTERPRISE;
  const Field *fields = enterprise ? enterprise_fields : person_fields;
  guint n = enterprise ? G_N_ELEMENTS (enterprise_fields) : G_N_ELEMENTS (person_fields);
  AdwPreferencesGroup *group;
  GtkWidget *switcher, *person, *company, *agent;

  /* A group cannot drop its rows in GTK 4.8's libadwaita: a new one takes its place. */
  forget_rows_of (self, "applicant.");
  forget_rows_of (self, "agent.");
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  /* Translators: the heading of the applicant's part of the intake form (申请人) */
  adw_preferences_group_set_title (group, _("Applicant"));

  switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (switcher, "linked");
  gtk_widget_set_valign (switcher, GTK_ALIGN_CENTER);
  /* Translators: the applicant is a person (个人) */
  person = gtk_toggle_button_new_with_label (_("Person"));
  /* Translators: the applicant is an enterprise or organisation (企业) */
  company = gtk_toggle_button_new_with_label (_("Enterprise"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (company), GTK_TOGGLE_BUTTON (person));
  self->updating = TRUE;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (enterprise ? company : person), TRUE);
  self->updating = FALSE;
  self->person_button = person;
  g_signal_connect (person, "toggled", G_CALLBACK (on_applicant_type_cb), self);
  g_signal_connect (company, "toggled", G_CALLBACK (on_applicant_type_cb), self);
  gtk_box_append (GTK_BOX (switcher), person);
  gtk_box_append (GTK_BOX (switcher), company);
  adw_preferences_group_set_header_suffix (group, switcher);

  for (guint i = 0; i < n; i++)
    adw_preferences_group_add (group, entry_row (self, fields[i].key, gettext (fields[i].label), fields[i].type,
                                                 !g_str_equal (fields[i].key, "applicant.address")));

  agent = adw_expander_row_new ();
  /* Translators: 帮办代办: someone else applies for the applicant */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (agent), _("Applied for by an agent"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (agent),
                                 _("Assisted or proxy handling: the agent’s own ID is checked"));
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (agent), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (agent_fields); i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (agent),
                              entry_row (self, agent_fields[i].key, gettext (agent_fields[i].label),
                                         agent_fields[i].type,
                                         !g_str_equal (agent_fields[i].key, "agent.relation")));
  self->updating = TRUE;
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (agent), yc_intake_get_has_agent (self->intake));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (agent), yc_intake_get_has_agent (self->intake));
  self->updating = FALSE;
  g_signal_connect (agent, "notify::enable-expansion", G_CALLBACK (on_agent_enabled_cb), self);
  adw_preferences_group_add (group, agent);

  gtk_box_insert_child_after (GTK_BOX (parent), GTK_WIDGET (group), sibling);
  gtk_box_remove (GTK_BOX (parent), group_widget);
  self->applicant_group = group;
  update_marks (self);
}

/* ---- The form and the checklist ---- */

static void
add_form (YcIntakeView *self)
{
  g_autoptr(GPtrArray) sources = yc_guide_item_objects (self->bodies->items);
  g_autoptr(JsonArray) fields = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  /* The package's shared form first, then what each item asks besides. */
  if (self->bodies->kind == YC_CATALOGUE_PACKAGE)
    g_ptr_array_insert (sources, 0, json_node_get_object (self->bodies->body));
  fields = yc_guide_merge_fields (sources, yc_intake_get_items (self->intake));
  groups = yc_guide_group_fields (fields);

  for (guint i = 0; i < groups->len; i++)
    {
      YcFieldGroup *field_group = g_ptr_array_index (groups, i);
      GtkWidget *group = adw_preferences_group_new ();

      /* Translators: the heading of the form's fields that belong to no person */
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                       field_group->title ? field_group->title : _("Details"));
      for (guint j = 0; j < field_group->fields->len; j++)
        {
          JsonObject *field = g_ptr_array_index (field_group->fields, j);
          const char *key = yc_guide_get_string (field, "key");
          const char *label = yc_guide_get_string (field, "label");
          const char *type = yc_guide_get_string (field, "type");
          gboolean required = yc_guide_get_boolean (field, "required");
          GtkWidget *row;

          if (g_strcmp0 (type, "choice") == 0)
            row = choice_row (self, key, label ? label : key, yc_guide_get_array (field, "choices"), required);
          else
            row = entry_row (self, key, label ? label : key, type, required);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (self->content, group);
    }
}

static char *describe_day (const GDate *day);

/* ---- A material's extras: pages taken in, the day a 容缺 material is due ---- */

static void
on_pages_changed_cb (GtkSpinButton *spin,
                     YcIntakeView  *self)
{
  const char *name = g_object_get_data (G_OBJECT (spin), "material");

  if (self->intake == NULL || self->updating ||
      yc_intake_get_material (self->intake, name, NULL, NULL) != YC_MATERIAL_PROVIDED)
    return;
  yc_intake_set_material (self->intake, name, YC_MATERIAL_PROVIDED,
                          (guint) gtk_spin_button_get_value_as_int (spin), NULL);
}

/* How many pages were taken in, next to a provided material; 0 is "not counted". */
static GtkWidget *
pages_box (YcIntakeView *self,
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
  gtk_widget_set_tooltip_text (spin, _("Pages taken in; 0 if not counted"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pages"), -1);
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
      g_autofree char *when = describe_day (&day);
      /* Translators: on a 容缺 material's button: the day it must be brought by (11月23日（周一）前补齐) */
      text = g_strdup_printf (_("Bring by %s"), when);
    }
  else
    /* Translators: on a 容缺 material's button before its day is known */
    text = g_strdup (_("Choose the day"));
  gtk_menu_button_set_label (button, text);
}

/* The day a 容缺 material is due by: the one kept if it is still from today to the
 * promise's due date, else the due date. Into text (11 bytes), "" when unknown. */
static void
supplement_day (YcIntakeView *self,
                const char   *kept,
                char         *text)
{
  GDate today, day;

  *text = '\0';
  if (!g_date_valid (&self->due))
    return;
  yc_time_local_date (&today);
  if (kept == NULL || !yc_time_parse_date (kept, &day) ||
      g_date_compare (&day, &today) < 0 || g_date_compare (&day, &self->due) > 0)
    day = self->due;
  g_date_strftime (text, 11, "%Y-%m-%d", &day);
}

static void
on_supplement_day_cb (GtkCalendar  *calendar,
                      YcIntakeView *self)
{
  GtkMenuButton *button = g_object_get_data (G_OBJECT (calendar), "date-button");
  GtkLabel *hint = g_object_get_data (G_OBJECT (calendar), "hint");
  const char *name = g_object_get_data (G_OBJECT (button), "material");
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (calendar);
  char text[11];
  GDate today, day;

  if (self->intake == NULL || !g_date_valid (&self->due))
    return;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) g_date_time_get_day_of_month (picked),
                  (GDateMonth) g_date_time_get_month (picked), (GDateYear) g_date_time_get_year (picked));
  yc_time_local_date (&today);
  /* Not before today, and never after the case is due: the calendar cannot grey the
   * other days out, so the hint says so. */
  if (g_date_compare (&day, &today) < 0 || g_date_compare (&day, &self->due) > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (hint), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (hint), "error");
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
  yc_intake_set_material (self->intake, name, YC_MATERIAL_DEFERRED, 0, text);
  update_supplement_button (button, text);
}

/* The calendar of a 容缺 material, made when first asked for. */
static void
create_supplement_popup (GtkMenuButton *button,
                         gpointer       user_data)
{
  YcIntakeView *self = user_data;
  const char *name = g_object_get_data (G_OBJECT (button), "material");
  const char *supplement_by = NULL;
  g_autofree char *due = NULL;
  g_autofree char *hint_text = NULL;
  GtkWidget *box, *hint, *calendar, *popover;
  GDate day;

  if (gtk_menu_button_get_popover (button) != NULL || self->intake == NULL || !g_date_valid (&self->due))
    return;
  yc_intake_get_material (self->intake, name, NULL, &supplement_by);
  due = describe_day (&self->due);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Translators: above the calendar of a 容缺 material; %s is the promise's due date */
  hint_text = g_strdup_printf (_("A day from today to %s, when the case is due"), due);
  hint = gtk_label_new (hint_text);
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
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
}

/* Shows what goes with the row's status: the page count of a provided material, the day
 * of a deferred one. Made the first time they are needed. */
static void
update_material_extras (YcIntakeView *self,
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

/* What the clerk chose for the material of button (a row's status button). */
static void
set_material_status (YcIntakeView     *self,
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
  /* 容缺: brought no later than the promise falls due; a day chosen before stays. */
  if (status == YC_MATERIAL_DEFERRED)
    supplement_day (self, kept, supplement_by);
  gtk_menu_button_set_label (button, status_label (status));
  yc_intake_set_material (self->intake, name, status, status == YC_MATERIAL_PROVIDED ? pages : 0,
                          *supplement_by ? supplement_by : NULL);
  update_material_extras (self, g_object_get_data (G_OBJECT (button), "row"));
}

static void
on_status_clicked_cb (GtkButton    *choice,
                      YcIntakeView *self)
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
  YcIntakeView *self = user_data;
  GArray *statuses = g_object_get_data (G_OBJECT (button), "statuses");
  GtkWidget *box, *popover;

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
  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
}

/* Whether an item among codes lets the applicant's commitment stand in for proof. */
static gboolean
allows_commitment (YcIntakeView *self,
                   JsonArray    *codes)
{
  for (guint i = 0; self->bodies->items != NULL && i < self->bodies->items->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->bodies->items, i);
      JsonObject *item = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (item == NULL || !yc_guide_get_boolean (item, "commitment"))
        continue;
      for (guint j = 0; codes != NULL && j < json_array_get_length (codes); j++)
        if (g_strcmp0 (json_array_get_string_element (codes, j), yc_guide_get_string (item, "code")) == 0)
          return TRUE;
    }
  return FALSE;
}

static GtkWidget *
material_row (YcIntakeView *self,
              JsonObject   *material)
{
  const char *name = yc_guide_get_string (material, "name");
  JsonArray *for_items = yc_guide_get_array (material, "for_items");
  g_autofree char *form = yc_material_describe_form (material);
  g_autoptr(GString) subtitle = g_string_new (form);
  GArray *statuses = g_array_new (FALSE, FALSE, sizeof (YcMaterialStatus));
  YcMaterialStatus current = yc_intake_get_material (self->intake, name, NULL, NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  g_string_append_printf (subtitle, " · %s", yc_material_describe_source (material));
  /* Which items share it, when more than one does. */
  if (for_items != NULL && json_array_get_length (for_items) > 1)
    {
      g_autofree char *items = yc_material_describe_items (material);
      if (items != NULL)
        g_string_append_printf (subtitle, "\n%s", items);
    }

  for (guint i = 0; i < G_N_ELEMENTS (status_order); i++)
    {
      YcMaterialStatus status = status_order[i];

      if (status == YC_MATERIAL_E_LICENCE && g_strcmp0 (yc_guide_get_string (material, "source"), "e_licence") != 0)
        continue;
      if (status == YC_MATERIAL_DEFERRED && !yc_guide_get_boolean (material, "deferrable"))
        continue;
      if (status == YC_MATERIAL_COMMITTED &&
          !allows_commitment (self, yc_guide_get_array (material, "for_codes")))
        continue;
      g_array_append_val (statuses, status);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  if (yc_guide_get_boolean (material, "required"))
    /* Translators: a mark on a material the applicant must provide (必交) */
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag (C_("material", "Required"), "required-tag"));

  button = gtk_menu_button_new ();
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), status_label (current));
  g_object_set_data_full (G_OBJECT (button), "statuses", statuses, (GDestroyNotify) g_array_unref);
  g_object_set_data_full (G_OBJECT (button), "material", g_strdup (name), g_free);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_status_popup, self, NULL);
  g_object_set_data (G_OBJECT (row), "status-button", button);
  g_object_set_data (G_OBJECT (button), "row", row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  if (current == YC_MATERIAL_PROVIDED || current == YC_MATERIAL_DEFERRED)
    update_material_extras (self, row);
  return row;
}

static void
add_checklist (YcIntakeView *self)
{
  g_autoptr(GPtrArray) items = yc_guide_item_objects (self->bodies->items);
  GtkWidget *group = adw_preferences_group_new ();

  g_clear_pointer (&self->materials, json_array_unref);
  self->materials = yc_guide_merge_materials (items);

  /* Translators: the heading of the intake's material checklist (申请材料) */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Materials"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Each material is collected once, for every item that needs it."));
  for (guint i = 0; i < json_array_get_length (self->materials); i++)
    {
      GtkWidget *row = material_row (self, json_array_get_object_element (self->materials, i));

      g_ptr_array_add (self->material_rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (self->content, group);
}

/* ---- Showing an intake ---- */

static void
clear_content (YcIntakeView *self)
{
  GtkWidget *child;

  /* The rows' menus go first, while their buttons still stand: GTK 4.8 may otherwise
   * lay out a popover that was shown after its button is gone, and warn. */
  for (guint i = 0; i < self->material_rows->len; i++)
    {
      GObject *row = g_ptr_array_index (self->material_rows, i);
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
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))) != NULL)
    gtk_box_remove (self->content, child);
  g_hash_table_remove_all (self->rows);
  g_ptr_array_set_size (self->keys, 0);
  g_ptr_array_set_size (self->material_rows, 0);
  self->applicant_group = NULL;
}

/* 11月24日（周二）: a due date as the hall writes it. */
static char *
describe_day (const GDate *day)
{
  static const char *weekdays[] = {
    NC_("weekday", "Mon"), NC_("weekday", "Tue"), NC_("weekday", "Wed"), NC_("weekday", "Thu"),
    NC_("weekday", "Fri"), NC_("weekday", "Sat"), NC_("weekday", "Sun"),
  };
  GDateWeekday weekday = g_date_get_weekday (day);

  /* Translators: a due date: month, day and the weekday's short name, e.g. 11月24日（周二） */
  return g_strdup_printf (_("%u/%u (%s)"), (guint) g_date_get_month (day), (guint) g_date_get_day (day),
                          g_dpgettext2 (NULL, "weekday", weekdays[weekday - 1]));
}

/* The promise of the intake (the package's time limit, or the item's) counted on the
 * official calendar from today. */
static void
compute_due (YcIntakeView   *self,
             YcWorkCalendar *calendar)
{
  g_autofree char *when = NULL;
  JsonObject *body = json_node_get_object (self->bodies->body);
  gint64 days = yc_guide_get_int (body, "promised_days", -1);
  GDate today, due;

  g_clear_pointer (&self->due_text, g_free);
  if (days < 0)
    return;

  yc_time_local_date (&today);
  yc_work_calendar_add (calendar, &today, (guint) days, &due);
  self->promised_days = days;
  self->due = due;
  when = describe_day (&due);
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

  gtk_label_set_text (self->title_label, yc_intake_get_title (self->intake)
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
  update_marks (self);
  gtk_stack_set_visible_child_name (self->stack, "intake");
}

static void
on_intake_changed_cb (YcIntake     *intake,
                      YcIntakeView *self)
{
  if (!self->updating && gtk_stack_get_visible_child_name (self->stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->stack), "intake"))
    update_rows (self);
}

static void
on_calendar_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YcIntakeView) self = user_data;
  g_autoptr(YcWorkCalendar) calendar = yc_work_calendar_read_finish (result, NULL);

  /* Cancelled: another intake is shown. */
  if (calendar == NULL || self->bodies == NULL || self->bodies->body == NULL)
    return;
  compute_due (self, calendar);
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
  if (bodies->body == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "missing");
      return;
    }
  if (yc_intake_get_title (self->intake) == NULL)
    yc_intake_set_title (self->intake, yc_guide_get_string (json_node_get_object (bodies->body), "name"));
  render (self);
  yc_work_calendar_read_async (self->cache, self->cancellable, on_calendar_read_cb, g_object_ref (self));
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
  return row != NULL ? g_object_get_data (G_OBJECT (row), "problem") : NULL;
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
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);

  for (guint i = 0; i < self->material_rows->len; i++)
    g_strv_builder_add (builder, adw_preferences_row_get_title (g_ptr_array_index (self->material_rows, i)));
  return g_strv_builder_end (builder);
}

GtkWidget *
yc_intake_view_get_material_extra (YcIntakeView *self,
                                   const char   *material,
                                   const char   *extra)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), NULL);

  for (guint i = 0; i < self->material_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->material_rows, i);
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
yc_intake_view_choose_material (YcIntakeView     *self,
                                const char       *material,
                                YcMaterialStatus  status)
{
  g_return_val_if_fail (YC_IS_INTAKE_VIEW (self), FALSE);

  for (guint i = 0; i < self->material_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->material_rows, i);
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
  g_autoptr(YcRecord) record = yc_record_new ("case", body);

  g_signal_emit (self, signals[DECIDED], 0, self->intake, record);
}

static GtkWindow *
parent_window (YcIntakeView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
tell (YcIntakeView *self,
      const char   *heading,
      const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Back to the Form"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* 容缺 and 告知承诺: before the case is accepted, the applicant (or their agent) signs
 * the letter of commitment; the dialog prints it and records who signed. */
typedef struct
{
  YcIntakeView *self;
  YcIntake     *intake;     /* the one body was made from */
  JsonNode     *body;
  GtkEditable  *signed_by;
} Commitment;

static void
commitment_free (gpointer data)
{
  Commitment *commitment = data;

  g_object_unref (commitment->self);
  g_object_unref (commitment->intake);
  json_node_unref (commitment->body);
  g_free (commitment);
}

static char *
commitment_signer (Commitment *commitment)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (commitment->signed_by)));
}

static void
update_commitment (GtkWidget *dialog)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autofree char *signer = commitment_signer (commitment);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept", *signer != '\0');
}

static YcDocument *
new_commitment_letter (YcIntakeView *self,
                       JsonNode     *body)
{
  const YcSession *session = yc_client_get_session (yc_context_get_client (self->context));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  YcNoticeInfo info;

  yc_notice_info_init (&info, session, now);
  return yc_document_new_commitment (json_node_get_object (body), &info);
}

static void
on_print_commitment_cb (GtkButton *button,
                        GtkWidget *dialog)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autoptr(YcDocument) doc = new_commitment_letter (commitment->self, commitment->body);

  yc_document_print (doc, GTK_WINDOW (dialog));
}

static void
on_commitment_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           gpointer          user_data)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autofree char *signer = commitment_signer (commitment);

  if (g_strcmp0 (response, "accept") != 0 || *signer == '\0' ||
      commitment->self->intake != commitment->intake)
    return;
  yc_case_body_set_commitment (commitment->body, signer);
  decide (commitment->self, commitment->body);
}

static void
ask_commitment (YcIntakeView *self,
                JsonNode     *body)
{
  const char *signer = yc_intake_get_has_agent (self->intake) && yc_intake_get_value (self->intake, "agent.name")
                       ? yc_intake_get_value (self->intake, "agent.name")
                       : yc_intake_get_value (self->intake, "applicant.name");
  GtkWidget *dialog, *box, *entry, *print, *label;
  Commitment *commitment;

  dialog = adw_message_dialog_new (parent_window (self), _("Sign the Commitment"),
                                   _("Materials are taken on the applicant’s commitment. Print the letter of "
                                     "commitment, have it signed and keep it with the case; then accept."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  print = gtk_button_new_with_mnemonic (_("_Print the Letter of Commitment"));
  gtk_widget_add_css_class (print, "pill");
  gtk_widget_set_halign (print, GTK_ALIGN_CENTER);
  entry = gtk_entry_new ();
  /* Translators: who signed the letter of commitment: the applicant, or their agent */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Signed by"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Signed by"), -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), signer ? signer : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  /* Translators: above the name of who signed the letter of commitment */
  label = gtk_label_new (_("Signed by"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), print);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Back to the Form"),
                                    /* Translators: the letter of commitment is signed: accept the case */
                                    "accept", _("_Signed — Accept"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  commitment = g_new0 (Commitment, 1);
  commitment->self = g_object_ref (self);
  commitment->intake = g_object_ref (self->intake);
  commitment->body = json_node_ref (body);
  commitment->signed_by = GTK_EDITABLE (entry);
  g_object_set_data_full (G_OBJECT (dialog), "commitment", commitment, commitment_free);
  g_signal_connect_object (print, "clicked", G_CALLBACK (on_print_commitment_cb), dialog, 0);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_commitment), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_commitment_response_cb), NULL);
  update_commitment (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
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

  if (self->intake == NULL || self->bodies == NULL || self->bodies->body == NULL)
    return;
  if ((blockers = describe_blockers (self, &count)) != NULL)
    {
      tell (self, _("Not Ready to Accept"), blockers);
      return;
    }
  if (self->promised_days < 0 || !g_date_valid (&self->due))
    {
      tell (self, _("Not Ready to Accept"),
            _("The promised time limit is not known yet: wait a moment, or check that the catalogue is up to date."));
      return;
    }
  accepted_on = yc_time_today ();
  due = iso_day (&self->due);
  body = yc_case_body_new (self->intake, self->materials, YC_DECISION_ACCEPTED, accepted_on, self->promised_days, due);
  if (yc_case_body_needs_commitment (body))
    ask_commitment (self, body);
  else
    decide (self, body);
}

static void
notice_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);
  const YcSession *session = yc_client_get_session (yc_context_get_client (self->context));
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(YcDocument) doc = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *accepted_on = NULL;
  YcNoticeInfo info;

  if (self->intake == NULL || self->bodies == NULL || self->bodies->body == NULL)
    return;
  for (guint i = 0; self->materials != NULL && i < json_array_get_length (self->materials); i++)
    {
      JsonObject *material = json_array_get_object_element (self->materials, i);
      YcMaterialStatus status = yc_intake_get_material (self->intake, yc_guide_get_string (material, "name"),
                                                        NULL, NULL);

      if (status == YC_MATERIAL_MISSING ||
          (status == YC_MATERIAL_UNSET && yc_guide_get_boolean (material, "required")))
        json_array_add_object_element (missing, json_object_ref (material));
    }
  if (json_array_get_length (missing) == 0)
    {
      tell (self, _("Nothing Is Missing"),
            _("Mark the materials the applicant lacks as Missing first: the notice lists them."));
      return;
    }
  if (yc_intake_get_value (self->intake, "applicant.name") == NULL)
    {
      tell (self, _("Who Is the Notice For?"), _("Enter the applicant’s name: the notice is made out to them."));
      return;
    }

  yc_notice_info_init (&info, session, now);
  info.phone = yc_guide_items_phone (self->bodies->items, "phone");
  info.complaint_phone = yc_guide_items_phone (self->bodies->items, "complaint_phone");
  doc = yc_document_new_notice (yc_intake_get_title (self->intake), self->bodies->code, missing, &info);

  accepted_on = yc_time_today ();
  body = yc_case_body_new (self->intake, self->materials, YC_DECISION_NOTICE, accepted_on, -1, NULL);
  decide (self, body);
  /* The record is safe in the outbox; the paper goes to the applicant. */
  if (self->print_papers)
    yc_document_print (doc, parent_window (self));
}

typedef struct
{
  YcIntakeView *self;
  GtkDropDown  *category;
  GtkEditable  *basis;
  GtkTextView  *explanation;
} Refusal;

static const char *refusal_categories[] = {
  "outside_authority", "not_eligible", "materials_uncorrectable", "not_required", "other",
};

static char *
explanation_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (g_steal_pointer (&text));
}

static void
update_refusal (GtkWidget *dialog)
{
  Refusal *refusal = g_object_get_data (G_OBJECT (dialog), "refusal");
  g_autofree char *explanation = explanation_text (refusal->explanation);
  g_autofree char *basis = g_strstrip (g_strdup (gtk_editable_get_text (refusal->basis)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "refuse",
                                           gtk_drop_down_get_selected (refusal->category) != GTK_INVALID_LIST_POSITION &&
                                           *basis != '\0' && *explanation != '\0');
}

static void
on_refusal_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  Refusal *refusal = g_object_get_data (G_OBJECT (dialog), "refusal");
  YcIntakeView *self = refusal->self;
  g_autofree char *accepted_on = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *basis = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  guint category = gtk_drop_down_get_selected (refusal->category);

  if (g_strcmp0 (response, "refuse") != 0 || self->intake == NULL ||
      category >= G_N_ELEMENTS (refusal_categories))
    return;
  explanation = explanation_text (refusal->explanation);
  basis = g_strstrip (g_strdup (gtk_editable_get_text (refusal->basis)));
  accepted_on = yc_time_today ();
  body = yc_case_body_new (self->intake, self->materials, YC_DECISION_REFUSED, accepted_on, -1, NULL);
  object = json_object_new ();
  json_object_set_string_member (object, "category", refusal_categories[category]);
  json_object_set_string_member (object, "legal_basis", basis);
  json_object_set_string_member (object, "explanation", explanation);
  json_object_set_object_member (json_node_get_object (body), "refusal", object);
  decide (self, body);
}

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_object_unref (refusal->self);
  g_free (refusal);
}

static void
refuse_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YcIntakeView *self = YC_INTAKE_VIEW (widget);
  const char *labels[] = {
    /* Translators: refusal categories (不予受理的理由) */
    _("Not within this office’s powers"),
    _("The applicant does not meet the legal conditions"),
    _("Materials incomplete and cannot be corrected on the spot"),
    _("The matter needs no licence by law"),
    _("Other reason"),
    NULL,
  };
  GtkWidget *dialog, *box, *category, *basis, *explanation, *scroller;
  Refusal *refusal;

  if (self->intake == NULL || yc_intake_get_value (self->intake, "applicant.name") == NULL)
    {
      tell (self, _("Who Is Refused?"), _("Enter the applicant’s name: the refusal is recorded for them."));
      return;
    }

  dialog = adw_message_dialog_new (parent_window (self), _("Refuse the Application?"),
                                   _("A refusal needs its reason and legal basis. It is reported to the centre, which reviews it within two working days."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  category = gtk_drop_down_new_from_strings (labels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (category), GTK_INVALID_LIST_POSITION);
  basis = gtk_entry_new ();
  /* Translators: a placeholder: the law or rule a refusal rests on */
  gtk_entry_set_placeholder_text (GTK_ENTRY (basis), _("Legal basis, e.g. 《市场主体登记管理条例》第十条"));
  explanation = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (explanation), GTK_WRAP_WORD_CHAR);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 80);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), explanation);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), category);
  gtk_box_append (GTK_BOX (box), basis);
  gtk_box_append (GTK_BOX (box), scroller);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "refuse", _("_Refuse and Report"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refuse", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  refusal = g_new0 (Refusal, 1);
  refusal->self = g_object_ref (self);
  refusal->category = GTK_DROP_DOWN (category);
  refusal->basis = GTK_EDITABLE (basis);
  refusal->explanation = GTK_TEXT_VIEW (explanation);
  g_object_set_data_full (G_OBJECT (dialog), "refusal", refusal, refusal_free);
  g_signal_connect_swapped (category, "notify::selected", G_CALLBACK (update_refusal), dialog);
  g_signal_connect_swapped (basis, "changed", G_CALLBACK (update_refusal), dialog);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (explanation)), "changed",
                            G_CALLBACK (update_refusal), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_refusal_response_cb), NULL);
  update_refusal (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
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
  g_clear_pointer (&self->due_text, g_free);
  g_clear_pointer (&self->bodies, yc_guide_bodies_free);
  g_clear_pointer (&self->materials, json_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->material_rows, g_ptr_array_unref);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_intake_view_class_init (YcIntakeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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
  self->material_rows = g_ptr_array_new ();
  self->print_papers = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

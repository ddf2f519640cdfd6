/* yc-intake-fields.c: the rows of the intake form (yc-intake-fields.h). */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-ident.h"

#include "yc-intake-fields.h"

#include "yc-display.h"

/* The applicant's part of the form: who applies. */
static const YcIntakeFieldSpec person_fields[] = {
  /* Translators: a field of the intake form: the applicant's name */
  { "applicant.name", N_("Name"), "text", TRUE },
  { "applicant.id_number", N_("ID card number"), "id_number", TRUE },
  { "applicant.phone", N_("Phone"), "phone", TRUE },
  { "applicant.address", N_("Address"), "address", FALSE },
};

static const YcIntakeFieldSpec enterprise_fields[] = {
  { "applicant.name", N_("Enterprise name"), "text", TRUE },
  { "applicant.credit_code", N_("Unified social credit code"), "credit_code", TRUE },
  { "applicant.legal_rep", N_("Legal representative"), "text", TRUE },
  { "applicant.phone", N_("Phone"), "phone", TRUE },
  { "applicant.address", N_("Registered address"), "address", FALSE },
};

/* 帮办代办: someone applying for the applicant. */
static const YcIntakeFieldSpec agent_fields[] = {
  { "agent.name", N_("Agent’s name"), "text", TRUE },
  { "agent.id_number", N_("Agent’s ID card number"), "id_number", TRUE },
  { "agent.phone", N_("Agent’s phone"), "phone", TRUE },
  { "agent.relation", N_("Relation to the applicant"), "text", FALSE },
};

static GtkWidget *
tag (const char *text,
     const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A field that holds a name (姓名, 法定代表人, the form's *_name fields) is checked as
 * one: a clerk typing the ID number into it is told at once. The catalogue calls these
 * "text"; the row keeps the check's own word for its type. */
static const char *
row_type (const char *key,
          const char *type)
{
  if ((type == NULL || g_str_equal (type, "text")) && key != NULL &&
      (g_str_equal (key, "applicant.name") || g_str_equal (key, "applicant.legal_rep") ||
       g_str_equal (key, "agent.name") || g_str_has_suffix (key, "_name")))
    return "name";
  return type;
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
  if (g_strcmp0 (type, "name") == 0)
    return yc_ident_check_person_name (text, error);
  return g_strdup (text);
}

/* Marks the row when its text is no valid value of its type, with the sentence saying
 * why in place of its title; complete says whether to judge a number still being typed
 * (as the clerk leaves the field, or when it has all its characters). */
void
yc_intake_field_check (GtkWidget *row,
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

gboolean
yc_intake_field_has_check (const char *type)
{
  return g_strcmp0 (type, "id_number") == 0 || g_strcmp0 (type, "credit_code") == 0 ||
         g_strcmp0 (type, "phone") == 0 || g_strcmp0 (type, "name") == 0;
}

static void
setup_choice_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  wrap)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (wrap))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

/* A choice is shown in the desk's script; the model keeps it as the catalogue writes
 * it, which is the value the form takes. */
static void
bind_choice_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  yc_display_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                        gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

/* Choices that differ only at their end (有限责任公司（自然人独资） and （自然人投资或控股）)
 * must read whole in the list: there they wrap; only the row's own short value is
 * ellipsized. */
static GtkListItemFactory *
choice_factory (gboolean wrap)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_choice_cb), GINT_TO_POINTER (wrap));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_choice_cb), NULL);
  return factory;
}

/* The marks of a row: filled in by the lookup, and required while empty. */
static void
add_marks (GtkWidget *row,
           gboolean   required)
{
  GtkWidget *filled = tag (_("Filled in"), "filled-tag");

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
}

GtkWidget *
yc_intake_field_new_entry (const char *key,
                           const char *label,
                           const char *type,
                           gboolean    required,
                           const char *value)
{
  GtkWidget *row = adw_entry_row_new ();
  /* A label from the catalogue, in the desk's script. */
  g_autofree char *title = yc_display_text (label);

  type = row_type (key, type);
  /* Names from the catalogue are text: no mnemonic, no markup. */
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (g_strcmp0 (type, "phone") == 0)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
  else if (g_strcmp0 (type, "number") == 0)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  g_object_set_data_full (G_OBJECT (row), "type", g_strdup (type), g_free);
  g_object_set_data_full (G_OBJECT (row), "title", g_strdup (title), g_free);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  /* A reopened draft shows what is wrong in it at once. */
  if (yc_intake_field_has_check (type) && value != NULL)
    yc_intake_field_check (row, TRUE);
  add_marks (row, required);
  return row;
}

GtkWidget *
yc_intake_field_new_choice (const char *key,
                            const char *label,
                            GStrv       choices,
                            gboolean    required,
                            const char *value)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autofree char *title = yc_display_text (label);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) shown = choice_factory (FALSE);
  g_autoptr(GtkListItemFactory) listed = choice_factory (TRUE);

  /* Translators: the first entry of a list to choose from, nothing chosen yet */
  gtk_string_list_append (model, _("Choose…"));
  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    gtk_string_list_append (model, choices[i]);
  /* Names from the catalogue are text: no mnemonic, no markup. */
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_factory (ADW_COMBO_ROW (row), shown);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), listed);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  g_object_set_data_full (G_OBJECT (row), "key", g_strdup (key), g_free);
  yc_intake_field_show_value (row, value);
  add_marks (row, required);
  return row;
}

void
yc_intake_field_show_value (GtkWidget  *row,
                            const char *value)
{
  if (ADW_IS_ENTRY_ROW (row))
    {
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value ? value : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
    }
  else if (ADW_IS_COMBO_ROW (row))
    {
      GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
      guint selected = 0;

      /* The first entry is "choose". */
      for (guint i = 1; value != NULL && i < g_list_model_get_n_items (model); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
          selected = i;
      if (adw_combo_row_get_selected (ADW_COMBO_ROW (row)) != selected)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
    }
}

void
yc_intake_field_show_marks (GtkWidget *row,
                            gboolean   filled,
                            gboolean   empty)
{
  GtkWidget *filled_tag = g_object_get_data (G_OBJECT (row), "filled-tag");
  GtkWidget *required_tag = g_object_get_data (G_OBJECT (row), "required-tag");

  if (filled_tag != NULL)
    gtk_widget_set_visible (filled_tag, filled);
  if (required_tag != NULL)
    gtk_widget_set_visible (required_tag, empty);
}

void
yc_intake_field_show_hint (GtkWidget  *row,
                           const char *server_hint)
{
  /* It names what the centre's look-up gave: shown in the desk's script. */
  g_autofree char *hint = server_hint != NULL ? yc_display_text (server_hint) : NULL;
  GtkWidget *hint_row = g_object_get_data (G_OBJECT (row), "hint-row");
  GtkWidget *list = gtk_widget_get_parent (row);

  if (hint_row == NULL && (hint == NULL || !GTK_IS_LIST_BOX (list)))
    return;
  if (hint_row == NULL)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_add_css_class (label, "warning");
      hint_row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (hint_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (hint_row), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (hint_row), label);
      gtk_list_box_insert (GTK_LIST_BOX (list), hint_row, gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1);
      g_object_set_data (G_OBJECT (row), "hint-row", hint_row);
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (hint_row))), hint ? hint : "");
  gtk_widget_set_visible (hint_row, hint != NULL && gtk_widget_get_visible (row));
  /* Read with the field, as it is seen under it. */
  if (hint != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
yc_intake_field_get_problem (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "problem");
}

gboolean
yc_intake_field_is_required (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "required-tag") != NULL;
}

const YcIntakeFieldSpec *
yc_intake_field_applicant_specs (YcApplicantType  type,
                                 guint           *n)
{
  *n = type == YC_APPLICANT_ENTERPRISE ? G_N_ELEMENTS (enterprise_fields) : G_N_ELEMENTS (person_fields);
  return type == YC_APPLICANT_ENTERPRISE ? enterprise_fields : person_fields;
}

const YcIntakeFieldSpec *
yc_intake_field_agent_specs (guint *n)
{
  *n = G_N_ELEMENTS (agent_fields);
  return agent_fields;
}

GtkWidget *
yc_intake_field_new_type_switch (GtkWidget **person,
                                 GtkWidget **enterprise)
{
  GtkWidget *switcher = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (switcher, "linked");
  gtk_widget_set_valign (switcher, GTK_ALIGN_CENTER);
  /* Translators: the applicant is a person (个人) */
  *person = gtk_toggle_button_new_with_label (_("Person"));
  /* Translators: the applicant is an enterprise or organisation (企业) */
  *enterprise = gtk_toggle_button_new_with_label (_("Enterprise"));
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (*enterprise), GTK_TOGGLE_BUTTON (*person));
  gtk_box_append (GTK_BOX (switcher), *person);
  gtk_box_append (GTK_BOX (switcher), *enterprise);
  return switcher;
}

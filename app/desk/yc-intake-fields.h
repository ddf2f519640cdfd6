/* yc-intake-fields.h: the rows of the intake form, one per key: an entry for text,
 * numbers and the typed ones (an ID number, a credit code, a phone number are checked as
 * typed), a drop-down for a choice; each with its marks (filled in by the lookup,
 * required). The view keeps the rows and the YcIntake in line. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "core/yc-intake.h"

G_BEGIN_DECLS

/* A field of the applicant's part; label untranslated (N_()). */
typedef struct
{
  const char *key;
  const char *label;
  const char *type;      /* as a package field's: id_number, credit_code, phone … */
  gboolean    required;
} YcIntakeFieldSpec;

/* Who applies: a person's fields or an enterprise's; and an agent's (帮办代办). */
const YcIntakeFieldSpec *yc_intake_field_applicant_specs (YcApplicantType  type,
                                                          guint           *n);
const YcIntakeFieldSpec *yc_intake_field_agent_specs     (guint           *n);
/* The 个人/企业 switch of the applicant's part: two linked toggle buttons. */
GtkWidget  *yc_intake_field_new_type_switch (GtkWidget **person,
                                             GtkWidget **enterprise);

/* type: as a package field's (text, number, id_number, credit_code, phone, address). The
 * row keeps key, type and title (g_object_get_data "key", "type", "title"); a field that
 * holds a name has the type "name", checked as one. */
GtkWidget  *yc_intake_field_new_entry   (const char *key,
                                         const char *title,
                                         const char *type,
                                         gboolean    required,
                                         const char *value);
/* choices: a field's (YcField); the first entry of the list is "Choose…". */
GtkWidget  *yc_intake_field_new_choice  (const char *key,
                                         const char *title,
                                         GStrv       choices,
                                         gboolean    required,
                                         const char *value);
/* Whether a field's type is checked as it is typed. */
gboolean    yc_intake_field_has_check   (const char *type);
/* Marks an entry row whose text is no valid value of its type, with the sentence saying
 * why in place of its title; complete: judge a number still being typed too (as the
 * clerk leaves the field). */
void        yc_intake_field_check       (GtkWidget  *row,
                                         gboolean    complete);
/* What is wrong with the row's text, or NULL. */
const char *yc_intake_field_get_problem (GtkWidget  *row);
gboolean    yc_intake_field_is_required (GtkWidget  *row);
/* Shows value (NULL: none), without a change when it shows it already. */
void        yc_intake_field_show_value  (GtkWidget  *row,
                                         const char *value);
void        yc_intake_field_show_marks  (GtkWidget  *row,
                                         gboolean    filled,
                                         gboolean    empty);
/* A hint under the row (NULL: none): something for the clerk to check, which does not
 * keep the form from being accepted. The row must be in its list already. */
void        yc_intake_field_show_hint   (GtkWidget  *row,
                                         const char *hint);

G_END_DECLS

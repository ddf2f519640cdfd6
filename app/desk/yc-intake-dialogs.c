/* yc-intake-dialogs.c: what the intake asks the clerk before a decision is recorded
 * (yc-intake-dialogs.h): the letter of commitment printed and signed, the one-time notice
 * confirmed, a refusal's reason and legal basis; and the papers handed out. */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-case.h"
#include "core/yc-guide.h"

#include "yc-intake-dialogs.h"
#include "yc-desk-actions.h"
#include "yc-display.h"

static GtkWindow *
parent_window (GtkWidget *from)
{
  GtkRoot *root = gtk_widget_get_root (from);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
yc_intake_tell (GtkWidget  *from,
                const char *heading,
                const char *body)
{
  /* What it tells may name the server's words (a field, the centre's reason). */
  g_autofree char *shown = yc_display_text (body);
  GtkWidget *dialog = adw_message_dialog_new (parent_window (from), heading, shown);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Back to the Form"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The questions' common shape: extra below the body, then "cancel" (which closing the
 * dialog means too) and the one answer that goes on; default: whether Enter gives it. */
static void
ask (GtkWidget         *dialog,
     GtkWidget         *extra,
     const char        *cancel_label,
     const char        *answer,
     const char        *answer_label,
     AdwResponseAppearance appearance,
     gboolean           is_default)
{
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);

  adw_message_dialog_set_extra_child (message, extra);
  adw_message_dialog_add_responses (message, "cancel", cancel_label, answer, answer_label, NULL);
  adw_message_dialog_set_response_appearance (message, answer, appearance);
  if (is_default)
    adw_message_dialog_set_default_response (message, answer);
  adw_message_dialog_set_close_response (message, "cancel");
}

gboolean
yc_intake_hand_out (GtkWidget  *from,
                    YcDocument *doc,
                    const char *paper_folder,
                    gboolean    print)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (paper_folder == NULL)
    {
      if (print)
        yc_document_print (doc, parent_window (from));
      return TRUE;
    }
  name = yc_document_suggest_filename (doc);
  path = g_build_filename (paper_folder, name, NULL);
  if (!yc_document_export_pdf (doc, path, parent_window (from), &error))
    {
      yc_desk_toast (from, error->message);
      return FALSE;
    }
  return TRUE;
}

/* 容缺 and 告知承诺: before the case is accepted, the applicant (or their agent) signs
 * the letter of commitment; the dialog prints it and records who signed. */
typedef struct
{
  GtkWidget        *from;       /* who asked, answered */
  YcContext        *context;
  YcIntake         *intake;     /* the one body was made from */
  JsonNode         *body;
  char             *paper_folder;
  YcIntakeAnswered  answered;
  GtkEditable      *signed_by;
  gboolean          printed;    /* the letter went to the printer, or was saved */
} Commitment;

static void
commitment_free (gpointer data)
{
  Commitment *commitment = data;

  g_object_unref (commitment->from);
  g_object_unref (commitment->context);
  g_object_unref (commitment->intake);
  json_node_unref (commitment->body);
  g_free (commitment->paper_folder);
  g_free (commitment);
}

static char *
commitment_signer (Commitment *commitment)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (commitment->signed_by)));
}

/* Accepting needs the letter signed, so printed first. */
static void
update_commitment (GtkWidget *dialog)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autofree char *signer = commitment_signer (commitment);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "accept",
                                           commitment->printed && *signer != '\0');
}

static YcDocument *
new_commitment_letter (Commitment *commitment)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  YcNoticeInfo info;

  yc_notice_info_init (&info, commitment->context, now);
  info.applicant = yc_intake_get_applicant (commitment->intake);
  return yc_document_new_commitment (json_node_get_object (commitment->body), &info);
}

static void
commitment_printed (GtkWidget *dialog)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");

  commitment->printed = TRUE;
  update_commitment (dialog);
}

static void
on_commitment_print_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GtkWidget) dialog = user_data;
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autoptr(GError) error = NULL;

  /* Printed only once the print dialog was answered with Print: cancelled, it was not. The
   * clerk may have gone back to the form meanwhile. */
  if (yc_document_print_finish (result, &error) && !gtk_widget_in_destruction (dialog))
    commitment_printed (dialog);
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    yc_desk_toast (commitment->from, error->message);
}

static void
on_print_commitment_cb (GtkButton *button,
                        GtkWidget *dialog)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autoptr(YcDocument) doc = new_commitment_letter (commitment);

  if (commitment->paper_folder != NULL)
    {
      if (yc_intake_hand_out (commitment->from, doc, commitment->paper_folder, FALSE))
        commitment_printed (dialog);
      return;
    }
  yc_document_print_async (doc, GTK_WINDOW (dialog), on_commitment_print_done_cb, g_object_ref (dialog));
}

static void
on_commitment_saved_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GtkWidget) dialog = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = yc_document_save_pdf_finish (result, &error);

  /* The clerk may have gone back to the form meanwhile. */
  if (path != NULL && !gtk_widget_in_destruction (dialog))
    commitment_printed (dialog);
}

static void
on_save_commitment_cb (GtkButton *button,
                       GtkWidget *dialog)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autoptr(YcDocument) doc = new_commitment_letter (commitment);

  yc_document_save_pdf_async (doc, GTK_WINDOW (dialog), NULL, on_commitment_saved_cb, g_object_ref (dialog));
}

static void
on_commitment_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           gpointer          user_data)
{
  Commitment *commitment = g_object_get_data (G_OBJECT (dialog), "commitment");
  g_autofree char *signer = commitment_signer (commitment);

  if (g_strcmp0 (response, "accept") != 0 || *signer == '\0' || !commitment->printed)
    return;
  yc_case_body_set_commitment (commitment->body, signer);
  commitment->answered (commitment->from, commitment->intake, commitment->body);
}

void
yc_intake_ask_commitment (GtkWidget        *from,
                          YcContext        *context,
                          YcIntake         *intake,
                          JsonNode         *body,
                          const char       *paper_folder,
                          YcIntakeAnswered  answered)
{
  const char *signer = yc_intake_get_has_agent (intake) && yc_intake_get_value (intake, "agent.name")
                       ? yc_intake_get_value (intake, "agent.name")
                       : yc_intake_get_value (intake, "applicant.name");
  GtkWidget *dialog, *box, *buttons, *entry, *print, *save, *label;
  Commitment *commitment;

  dialog = adw_message_dialog_new (parent_window (from), _("Sign the Commitment"),
                                   _("Materials are taken on the applicant’s commitment. Print the letter of "
                                     "commitment, have it signed and keep it with the case; then accept."));
  /* Nothing is accepted before the letter is there to sign. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  print = gtk_button_new_with_mnemonic (_("_Print the Letter of Commitment"));
  gtk_widget_add_css_class (print, "pill");
  /* Translators: saves the letter of commitment as a PDF instead of printing it */
  save = gtk_button_new_with_mnemonic (_("Save as P_DF…"));
  gtk_widget_add_css_class (save, "pill");
  gtk_box_append (GTK_BOX (buttons), print);
  gtk_box_append (GTK_BOX (buttons), save);
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
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  ask (dialog, box, _("_Back to the Form"),
       /* Translators: the letter of commitment is signed: accept the case */
       "accept", _("_Signed — Accept"), ADW_RESPONSE_SUGGESTED, TRUE);

  commitment = g_new0 (Commitment, 1);
  commitment->from = g_object_ref (from);
  commitment->context = g_object_ref (context);
  commitment->intake = g_object_ref (intake);
  commitment->body = json_node_ref (body);
  commitment->paper_folder = g_strdup (paper_folder);
  commitment->answered = answered;
  commitment->signed_by = GTK_EDITABLE (entry);
  g_object_set_data_full (G_OBJECT (dialog), "commitment", commitment, commitment_free);
  g_signal_connect_object (print, "clicked", G_CALLBACK (on_print_commitment_cb), dialog, 0);
  g_signal_connect_object (save, "clicked", G_CALLBACK (on_save_commitment_cb), dialog, 0);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_commitment), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_commitment_response_cb), NULL);
  update_commitment (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The one-time notice, asked for once more before it is recorded: what it lists is what
 * the applicant is sent home for. */
typedef struct
{
  GtkWidget        *from;
  YcIntake         *intake;   /* the one the notice was made for */
  YcIntakeAnswered  answered;
} Notice;

static void
notice_free (gpointer data)
{
  Notice *notice = data;

  g_object_unref (notice->from);
  g_object_unref (notice->intake);
  g_free (notice);
}

static void
on_notice_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  Notice *notice = g_object_get_data (G_OBJECT (dialog), "notice");

  if (g_strcmp0 (response, "issue") == 0)
    notice->answered (notice->from, notice->intake, NULL);
}

void
yc_intake_ask_notice (GtkWidget        *from,
                      YcIntake         *intake,
                      GPtrArray        *missing,
                      YcIntakeAnswered  answered)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *shown_lines = NULL;
  GtkWidget *dialog, *list;
  Notice *notice;

  for (guint i = 0; i < missing->len; i++)
    g_string_append_printf (lines, "%s• %s", i > 0 ? "\n" : "",
                            ((YcMaterial *) g_ptr_array_index (missing, i))->name);
  /* Translators: asked before a one-time notice (一次性告知书) is recorded and printed */
  dialog = adw_message_dialog_new (parent_window (from), _("Issue the One-Time Notice?"), NULL);
  {
    /* Translators: %s is the applicant; the missing materials follow, a line each */
    g_autofree char *body = g_strdup_printf (_("Recorded as told what is missing, nothing accepted; the notice "
                                               "printed for %s lists:"), yc_intake_get_applicant (intake));
    g_autofree char *shown = yc_display_text (body);

    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), shown);
  }
  /* A list reads down its left edge, not centred as the body is; the materials are the
   * catalogue's words. */
  shown_lines = yc_display_text (lines->str);
  list = gtk_label_new (shown_lines);
  gtk_label_set_xalign (GTK_LABEL (list), 0);
  gtk_label_set_wrap (GTK_LABEL (list), TRUE);
  gtk_widget_set_halign (list, GTK_ALIGN_CENTER);
  ask (dialog, list, _("_Cancel"),
       /* Translators: records the one-time notice and prints it (出具告知书) */
       "issue", _("_Issue the Notice"), ADW_RESPONSE_SUGGESTED, TRUE);
  notice = g_new0 (Notice, 1);
  notice->from = g_object_ref (from);
  notice->intake = g_object_ref (intake);
  notice->answered = answered;
  g_object_set_data_full (G_OBJECT (dialog), "notice", notice, notice_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_notice_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWidget        *from;
  YcIntake         *intake;
  YcIntakeRefused   refused;
  GtkDropDown  *category;
  GtkEditable  *basis;
  GtkTextView  *explanation;
} Refusal;

/* The ground chosen: FALSE while the drop-down still shows its prompt (the first entry);
 * the others are the grounds in YcRefusalGround's order. */
static gboolean
chosen_ground (Refusal         *refusal,
               YcRefusalGround *ground)
{
  guint selected = gtk_drop_down_get_selected (refusal->category);

  if (selected == 0 || selected > YC_REFUSAL_GROUND_LAST + 1)
    return FALSE;
  if (ground != NULL)
    *ground = (YcRefusalGround) (selected - 1);
  return TRUE;
}

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
                                           chosen_ground (refusal, NULL) &&
                                           *basis != '\0' && *explanation != '\0');
}

static void
on_refusal_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        gpointer          user_data)
{
  Refusal *refusal = g_object_get_data (G_OBJECT (dialog), "refusal");
  g_autofree char *explanation = NULL;
  YcRefusalGround ground;

  if (g_strcmp0 (response, "refuse") != 0 || !chosen_ground (refusal, &ground))
    return;
  explanation = explanation_text (refusal->explanation);
  refusal->refused (refusal->from, refusal->intake, ground, gtk_editable_get_text (refusal->basis), explanation);
}

static void
refusal_free (gpointer data)
{
  Refusal *refusal = data;

  g_object_unref (refusal->from);
  g_object_unref (refusal->intake);
  g_free (refusal);
}

/* A label above an input of the refusal: the clerk reads what each box is for, where a
 * placeholder would be gone after the first keystroke (and cut off on a small screen). */
static GtkWidget *
field_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

void
yc_intake_ask_refusal (GtkWidget        *from,
                       YcIntake         *intake,
                       YcIntakeRefused   refused)
{
  const char *labels[] = {
    /* Translators: the first entry of the refusal's reasons, before one is chosen (请选择理由) */
    _("Choose a reason…"),
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

  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == YC_REFUSAL_GROUND_LAST + 3);
  dialog = adw_message_dialog_new (parent_window (from), _("Refuse the Application?"),
                                   _("A refusal needs its reason and legal basis. It is reported to the centre, which reviews it within two working days."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* A prompt, not GTK's empty "(None)": the clerk sees at once that a reason is asked. */
  category = gtk_drop_down_new_from_strings (labels);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (category), 0);
  basis = gtk_entry_new ();
  /* Translators: a placeholder under the heading "Legal basis": short, it must fit a
   * narrow dialog (如：《××条例》第×条) */
  gtk_entry_set_placeholder_text (GTK_ENTRY (basis), _("e.g. Regulation …, Article …"));
  explanation = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (explanation), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (explanation), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (explanation), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (explanation), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (explanation), 6);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 80);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), explanation);
  gtk_widget_add_css_class (scroller, "card");
  /* Translators: the accessible names of the refusal dialog's inputs, and the headings
   * above them */
  gtk_accessible_update_property (GTK_ACCESSIBLE (category), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for refusal"), -1);
  /* GTK 4.8 names a drop-down but not the button inside it, which is what takes the focus. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_first_child (category)),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, category, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (basis), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Legal basis"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (explanation), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Explanation for the applicant"), -1);
  gtk_box_append (GTK_BOX (box), field_heading (_("Reason for refusal")));
  gtk_box_append (GTK_BOX (box), category);
  gtk_box_append (GTK_BOX (box), field_heading (_("Legal basis")));
  gtk_box_append (GTK_BOX (box), basis);
  gtk_box_append (GTK_BOX (box), field_heading (_("Explanation for the applicant")));
  gtk_box_append (GTK_BOX (box), scroller);
  ask (dialog, box, _("_Cancel"), "refuse", _("_Refuse and Report"), ADW_RESPONSE_DESTRUCTIVE, FALSE);

  refusal = g_new0 (Refusal, 1);
  refusal->from = g_object_ref (from);
  refusal->intake = g_object_ref (intake);
  refusal->refused = refused;
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

/* test-desk-intake.c: the intake form at its edges (issue 16): the one-time notice asks
 * first and lists only what is missing, for the applicant it names; a 容缺 material is
 * brought on a working day after today, and the letter of commitment is printed before
 * the case is accepted on it; an enterprise's name is asked once; pages are counted;
 * the checklist stays put under the pointer; choices read whole; every input is named. */
#include "config-desk.h"

#include <string.h>

#include "core/yc-time.h"
#include "core/yc-workdays.h"

#include "desk-fixture.h"
#include "yc-intake-checklist.h"
#include "yc-intake-fields.h"
#include "../test-util.h"

static const char *enterprise_items[] = { "990100-SCJG-XK-0001", "990100-GA-QT-0001", NULL };

static guint
count_in (const char *text,
          const char *what)
{
  guint n = 0;

  for (const char *p = strstr (text, what); p != NULL; p = strstr (p + strlen (what), what))
    n++;
  return n;
}

/* An intake of 企业开办 shown, with the promise's due date known. */
static YcIntake *
start_intake (Fixture *f)
{
  YcIntake *intake;

  log_in_with_catalogue (f);
  g_object_set (intake_view (f), "print-papers", FALSE, "paper-folder", f->dir, NULL);
  intake = yc_intake_page_start (intake_page (f), "YJS-001", enterprise_items, "企业开办一件事", NULL);
  /* Items · started · the promise, in any language, once the due date is known. */
  yc_test_wait_until (intake_shown (f) &&
                      count_in (gtk_label_get_text (yc_intake_view_get_subtitle_label (intake_view (f))), " · ") == 2,
                      TIMEOUT_S);
  return intake;
}

/* The one PDF of the paper folder whose name starts with prefix, as text. */
static char *
paper_text (Fixture    *f,
            const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".pdf"))
      {
        g_autofree char *path = g_build_filename (f->dir, name, NULL);
        return pdf_text (path);
      }
  return NULL;
}

void
fill_in_intake (Fixture  *f,
                YcIntake *intake,
                guint     pages)
{
  static const char *typed[][2] = {
    { "applicant.name", "王芳" },
    { "applicant.id_number", "11010519491231002X" },
    { "applicant.phone", "13812345678" },
    { "company_name", "示范市云帆科技有限公司" },
    { "legal_rep_name", "王芳" },
    { "legal_rep_id", "11010519491231002X" },
    { "address", "示范市人民路 88 号" },
    { "registered_capital", "100" },
  };
  g_auto(GStrv) keys = yc_intake_view_dup_keys (intake_view (f));
  g_auto(GStrv) materials = yc_intake_view_dup_materials (intake_view (f));

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), typed[i][0]), typed[i][1]);
  /* The choices of the form, as the combo rows would set them. */
  for (guint i = 0; keys[i] != NULL; i++)
    if (yc_intake_view_get_editable (intake_view (f), keys[i]) == NULL)
      yc_intake_set_value (intake, keys[i], "有限责任公司（自然人独资）");
  for (guint i = 0; materials[i] != NULL; i++)
    {
      /* An e-licence is read from the registry, never received. */
      if (yc_intake_get_material (intake, materials[i], NULL, NULL) == YC_MATERIAL_E_LICENCE)
        continue;
      g_assert_true (yc_intake_view_choose_material (intake_view (f), materials[i], YC_MATERIAL_PROVIDED));
      if (pages > 0)
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (yc_intake_view_get_material_extra (intake_view (f), materials[i], "pages")),
                                   pages);
    }
}

/* Defect 2: the notice asks before it records; it lists what is missing and what is
 * required but unchecked, never an e-licence nor a material received, each once; it is
 * made out to the applicant. */
static void
test_notice_lists_missing (Fixture       *f,
                           gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  AdwMessageDialog *dialog;
  g_autofree char *listed = NULL;

  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "李建国");
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "公司章程", YC_MATERIAL_MISSING));
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "公司登记（备案）申请书", YC_MATERIAL_PROVIDED));
  /* The centre fetches an e-licence: it cannot be marked missing. */
  g_assert_false (yc_intake_view_choose_material (intake_view (f), "居民身份证", YC_MATERIAL_MISSING));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.notice", NULL));
  dialog = wait_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "李建国"));
  /* The list, as the notice will print it. */
  listed = g_strdup (gtk_label_get_text (GTK_LABEL (adw_message_dialog_get_extra_child (dialog))));
  g_test_message ("%s", listed);
  g_assert_cmpuint (count_in (listed, "• 公司章程"), ==, 1);
  g_assert_null (strstr (listed, "居民身份证"));
  g_assert_null (strstr (listed, "营业执照"));
  g_assert_null (strstr (listed, "公司登记（备案）申请书"));
  /* Nothing is recorded while it asks, nor when the clerk goes back. */
  g_assert_cmpint (yc_test_db_count (f->desk_db, "SELECT count(*) FROM outbox"), ==, 0);
  answer_dialog (dialog, "cancel");
  g_assert_cmpint (yc_test_db_count (f->desk_db, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.notice", NULL));
  answer_dialog (wait_dialog (), "issue");
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  /* The record says what the paper says. */
  yc_test_wait_until (server_count (f, "SELECT count(*) FROM records WHERE kind = 'case'"
                                       " AND instr (json_extract (body, '$.notice_missing'), '公司章程') > 0"
                                       " AND instr (json_extract (body, '$.notice_missing'), '居民身份证') = 0"
                                       " AND instr (json_extract (body, '$.notice_missing'), '公司登记') = 0") == 1,
                      TIMEOUT_S);
  {
    g_autofree char *text = paper_text (f, yc_paper_gettext (NULL, "file name", "One-Time Notice"));
    g_auto(GStrv) lines = g_strsplit (listed, "\n", -1);

    g_assert_nonnull (text);
    /* Made out to the applicant (申请人（单位）：李建国), on each of the two copies. */
    g_assert_cmpuint (count_in (text, "李建国"), ==, 2);
    /* No e-licence, nothing received; each requirement in its numbered row once on each
     * of the two copies (存根, 申请人联), in the dialog's order (by its name alone, 公司章程
     * would also count the blank form's 有限责任公司章程). */
    g_assert_null (strstr (text, "居民身份证"));
    g_assert_null (strstr (text, "营业执照"));
    g_assert_null (strstr (text, "公司登记（备案）申请书"));
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autofree char *row = g_strdup_printf ("%u%s", i + 1, lines[i] + strlen ("• "));

        g_assert_true (g_str_has_prefix (lines[i], "• "));
        g_assert_cmpuint (count_in (text, row), ==, 2);
      }
    g_assert_cmpuint (g_strv_length (lines), >, 1);
  }
  (void) intake;
}

/* An enterprise applicant is asked its name once: the form's 企业名称 is its name. */
static void
test_enterprise_name_once (Fixture       *f,
                           gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  GtkEditable *company = yc_intake_view_get_editable (intake_view (f), "company_name");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (company)));
  yc_intake_set_applicant_type (intake, YC_APPLICANT_ENTERPRISE);
  company = yc_intake_view_get_editable (intake_view (f), "company_name");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (company)));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "示范市云帆科技有限公司");
  g_assert_cmpstr (yc_intake_get_value (intake, "company_name"), ==, "示范市云帆科技有限公司");

  /* A person again: the form asks it. */
  yc_intake_set_applicant_type (intake, YC_APPLICANT_PERSON);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (company)));
  g_assert_cmpstr (gtk_editable_get_text (company), ==, "示范市云帆科技有限公司");
}

static gboolean painted;

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       data)
{
  painted = TRUE;
}

/* Waits until the window was laid out and drawn again. */
static void
wait_frame (Fixture *f)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (f->window));
  yc_test_wait_until (painted, TIMEOUT_S);
  g_signal_handler_disconnect (clock, id);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Defect 7: ticking the first material Missing does not move the list under the pointer:
 * its button keeps its width, and the next material stays where it was. Each status
 * button says which material it is of. */
static void
test_checklist_stays_put (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(GStrv) materials = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *first_button = NULL, *second_row;
  graphene_rect_t before, after;
  int width_before;

  start_intake (f);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (intake_page (f)))), "intake");
  materials = yc_intake_view_dup_materials (intake_view (f));
  wait_frame (f);
  collect (GTK_WIDGET (intake_view (f)), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (buttons, i), ADW_TYPE_ACTION_ROW);

      if (row != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), materials[0]) == 0)
        first_button = g_ptr_array_index (buttons, i);
      /* Named for a screen reader, with its material. */
      if (row != NULL && g_strv_contains ((const char * const *) materials,
                                          adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))))
        g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (g_ptr_array_index (buttons, i)),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL));
    }
  g_assert_nonnull (first_button);
  second_row = gtk_widget_get_ancestor (first_button, ADW_TYPE_ACTION_ROW);
  second_row = gtk_widget_get_next_sibling (second_row);
  g_assert_nonnull (second_row);
  width_before = gtk_widget_get_width (first_button);
  g_assert_cmpint (width_before, >, 0);
  g_assert_true (gtk_widget_compute_bounds (second_row, GTK_WIDGET (f->window), &before));

  g_assert_true (yc_intake_view_choose_material (intake_view (f), materials[0], YC_MATERIAL_MISSING));
  wait_frame (f);
  g_assert_cmpint (gtk_widget_get_width (first_button), ==, width_before);
  g_assert_true (gtk_widget_compute_bounds (second_row, GTK_WIDGET (f->window), &after));
  g_assert_cmpfloat (after.origin.y, ==, before.origin.y);
  g_assert_cmpfloat (after.size.height, ==, before.size.height);

  /* The checklist as a clerk leaves it half-way. */
  g_assert_true (yc_intake_view_choose_material (intake_view (f), materials[1], YC_MATERIAL_PROVIDED));
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "居民身份证", YC_MATERIAL_E_LICENCE));
  g_assert_true (yc_intake_view_choose_material (intake_view (f), "住所（经营场所）使用证明", YC_MATERIAL_DEFERRED));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (first_button, GTK_TYPE_SCROLLED_WINDOW))),
                            gtk_widget_compute_bounds (second_row, gtk_widget_get_ancestor (first_button, GTK_TYPE_VIEWPORT), &after)
                            ? after.origin.y - 120 : 0);
  save_screenshot (f, "intake-checklist");
}

/* Defect 7: a material received counts its pages: 0 is not accepted. */
static void
test_pages_counted (Fixture       *f,
                    gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  AdwMessageDialog *dialog;

  /* Received, but not counted. */
  fill_in_intake (f, intake, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  dialog = wait_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Not Ready to Accept");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "公司章程: enter the pages received"));
  answer_dialog (dialog, "close");
  g_assert_cmpint (yc_test_db_count (f->desk_db, "SELECT count(*) FROM outbox"), ==, 0);
}

/* Defect 5: a 容缺 material is due on a working day after today (today is refused, with
 * why), and 已签字，受理 waits for the letter of commitment to be printed; the letter
 * carries that day. */
static void
test_supplement_and_commitment (Fixture       *f,
                                gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  YcWorkCalendar *calendar = yc_context_get_work_calendar (f->context);
  const char *material = "住所（经营场所）使用证明";
  g_autofree char *by = NULL;
  const char *supplement_by = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *day_button, *calendar_widget, *hint, *print;
  GDate today, day;

  g_assert_nonnull (calendar);
  fill_in_intake (f, intake, 3);

  /* The day offered is a working day after today. */
  g_assert_true (yc_intake_view_choose_material (intake_view (f), material, YC_MATERIAL_DEFERRED));
  yc_intake_get_material (intake, material, NULL, &supplement_by);
  g_assert_nonnull (supplement_by);
  by = g_strdup (supplement_by);
  yc_time_local_date (&today);
  g_assert_true (yc_time_parse_date (by, &day));
  g_assert_cmpint (g_date_compare (&day, &today), >, 0);
  g_assert_true (yc_work_calendar_is_working_day (calendar, &day));

  /* Today is refused, and the calendar's hint says why. */
  day_button = yc_intake_view_get_material_extra (intake_view (f), material, "day");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (day_button), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (yc_intake_view_get_material_extra (intake_view (f), "公司章程", "pages")),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_menu_button_popup (GTK_MENU_BUTTON (day_button));
  calendar_widget = gtk_widget_get_last_child (gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (day_button))));
  hint = gtk_widget_get_first_child (gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (day_button))));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    gtk_calendar_select_day (GTK_CALENDAR (calendar_widget), now);
  }
  yc_intake_get_material (intake, material, NULL, &supplement_by);
  g_assert_cmpstr (supplement_by, ==, by);
  g_assert_true (gtk_widget_has_css_class (hint, "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (hint)), "is not after today"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (day_button));

  /* Trial 16, 4: the line under the form says a material is still owed, and by when. */
  {
    GDate by_day;
    g_autofree char *when = NULL;
    g_autofree char *expected = NULL;

    g_assert_true (yc_time_parse_date (by, &by_day));
    when = yc_intake_describe_day (&by_day);
    expected = g_strdup_printf ("Can be accepted on commitment: 1 material to bring by %s", when);
    g_assert_cmpstr (gtk_label_get_text (yc_intake_view_get_decision_label (intake_view (f))), ==, expected);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  dialog = wait_dialog ();
  /* Signed: not before it is printed. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_last_child (adw_message_dialog_get_extra_child (dialog)))),
                   ==, "王芳");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "accept"));
  print = gtk_widget_get_first_child (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog)));
  g_signal_emit_by_name (print, "clicked");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "accept"));
  {
    /* Named and dated in the centre's language (zh_CN), whatever the desk's. */
    g_autofree char *text = paper_text (f, yc_paper_gettext (NULL, "file name", "Letter of Commitment"));
    g_autofree char *noon = g_strconcat (by, "T12:00:00Z", NULL);
    g_autoptr(GDateTime) by_date = g_date_time_new_from_iso8601 (noon, NULL);
    g_autofree char *by_on_paper = g_date_time_format (by_date, yc_paper_gettext (NULL, NULL, "%Y-%m-%d"));

    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, material));
    g_assert_nonnull (strstr (text, by_on_paper));
  }
  answer_dialog (dialog, "accept");
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  g_assert_cmpint (yc_test_db_count (f->desk_db, "SELECT count(*) FROM outbox WHERE kind = 'case'"), ==, 1);
}

/* Defect 7: the choices of a drop-down read whole in its list, so two 企业类型 that
 * differ at their end are told apart. */
static void
test_choices_whole (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *type_row = NULL;
  guint whole = 0;

  start_intake (f);
  collect (GTK_WIDGET (intake_view (f)), ADW_TYPE_COMBO_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "企业类型") == 0)
      type_row = g_ptr_array_index (rows, i);
  g_assert_nonnull (type_row);
  gtk_widget_activate (type_row);
  wait_frame (f);
  {
    g_autoptr(GPtrArray) popovers = g_ptr_array_new ();

    collect (type_row, GTK_TYPE_POPOVER, popovers);
    g_assert_cmpuint (popovers->len, ==, 1);
    yc_test_wait_until (gtk_widget_get_mapped (g_ptr_array_index (popovers, 0)), TIMEOUT_S);
    wait_frame (f);
    collect (g_ptr_array_index (popovers, 0), GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        GtkLabel *label = g_ptr_array_index (labels, i);

        if (!g_str_has_prefix (gtk_label_get_text (label), "有限责任公司"))
          continue;
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
        whole++;
      }
    gtk_popover_popdown (g_ptr_array_index (popovers, 0));
  }
  g_assert_cmpuint (whole, ==, 2);
}

/* Defect 6, and trial 16 (issue 16, 1): the refusal dialog's inputs are found by their
 * names, each with a heading the clerk reads above it; the reason starts at a prompt that
 * is no reason, so Refuse waits for a real choice; the legal basis's placeholder fits the
 * dialog whole; the explanation's text keeps off the card's edges. */
static void
test_refusal_named (Fixture       *f,
                    gconstpointer  data)
{
  const char *names[] = { _("Reason for refusal"), _("Legal basis"), _("Explanation for the applicant") };
  AdwMessageDialog *dialog;
  GtkWidget *box, *category, *basis, *explanation;
  GtkStringObject *shown;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean placeholder_seen = FALSE;

  start_intake (f);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "赵雪梅");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.refuse", NULL));
  dialog = wait_dialog ();
  box = adw_message_dialog_get_extra_child (dialog);
  category = find_named (box, names[0]);
  basis = find_named (box, names[1]);
  explanation = find_named (box, names[2]);
  g_assert_true (GTK_IS_DROP_DOWN (category));
  g_assert_true (GTK_IS_ENTRY (basis));
  g_assert_true (GTK_IS_TEXT_VIEW (explanation));
  /* Each input has its name shown above it too. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (find_shown_text (box, names[i]));

  /* A prompt is shown, not "(None)"; it is no reason to refuse for. */
  shown = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (category));
  g_assert_nonnull (shown);
  g_assert_cmpstr (gtk_string_object_get_string (shown), ==, _("Choose a reason…"));
  gtk_editable_set_text (GTK_EDITABLE (basis), "《市场主体登记管理条例》第十条");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (explanation)), "不符合条件", -1);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "refuse"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (category), 2);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "refuse"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (category), 0);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "refuse"));

  /* The placeholder reads whole at its width. */
  gtk_editable_set_text (GTK_EDITABLE (basis), "");
  yc_test_wait_until (gtk_widget_get_mapped (basis), TIMEOUT_S);
  wait_frame (f);
  save_window_screenshot (GTK_WINDOW (dialog), "refusal-dialog");
  collect (basis, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      if (g_strcmp0 (gtk_label_get_text (label), gtk_entry_get_placeholder_text (GTK_ENTRY (basis))) != 0)
        continue;
      placeholder_seen = TRUE;
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
    }
  g_assert_true (placeholder_seen);

  g_assert_cmpint (gtk_text_view_get_left_margin (GTK_TEXT_VIEW (explanation)), >=, 6);
  g_assert_cmpint (gtk_text_view_get_right_margin (GTK_TEXT_VIEW (explanation)), >=, 6);
  g_assert_cmpint (gtk_text_view_get_top_margin (GTK_TEXT_VIEW (explanation)), >=, 4);
  g_assert_cmpint (gtk_text_view_get_bottom_margin (GTK_TEXT_VIEW (explanation)), >=, 4);
  answer_dialog (dialog, "cancel");
}

/* Trial 16, 1 and 2: an e-licence is checked through the registry, not collected: it is
 * shown as such from the start, never 必交, never with pages, never holding Accept up, and
 * the case says where it came from. Accepted online, the toast gives the centre's number,
 * the one on the paper. */
static void
test_e_licence_and_number (Fixture       *f,
                           gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  g_auto(GStrv) materials = yc_intake_view_dup_materials (intake_view (f));
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  const char *e_licences[] = { "居民身份证", "营业执照" };

  collect (GTK_WIDGET (intake_view (f)), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < G_N_ELEMENTS (e_licences); i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      GtkWidget *row = NULL;

      g_assert_true (g_strv_contains ((const char * const *) materials, e_licences[i]));
      g_assert_cmpint (yc_intake_get_material (intake, e_licences[i], NULL, NULL), ==, YC_MATERIAL_E_LICENCE);
      g_assert_false (yc_intake_view_choose_material (intake_view (f), e_licences[i], YC_MATERIAL_PROVIDED));
      g_assert_null (yc_intake_view_get_material_extra (intake_view (f), e_licences[i], "pages"));
      for (guint j = 0; j < rows->len; j++)
        if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, j)), e_licences[i]) == 0)
          row = g_ptr_array_index (rows, j);
      g_assert_nonnull (row);
      collect (row, GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, j)), !=, C_("material", "Required"));
    }

  fill_in_intake (f, intake, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  yc_test_wait_until (g_list_model_get_n_items (yc_intake_page_get_intakes (intake_page (f))) == 0, TIMEOUT_S);
  yc_test_wait_until (server_count (f, "SELECT count(*) FROM records, json_each (records.body, '$.materials') AS m"
                                       " WHERE kind = 'case' AND json_extract (m.value, '$.status') = 'e_licence'"
                                       " AND json_extract (m.value, '$.name') IN ('居民身份证', '营业执照')") == 2,
                      TIMEOUT_S);
  yc_test_wait_until (yc_window_get_last_toast (f->window) != NULL &&
                      g_str_has_prefix (yc_window_get_last_toast (f->window), "Accepted, case number 990100-"),
                      TIMEOUT_S);
}

/* Trial 16, 3: the applicant's phone is asked once: the form's 联系电话 row is hidden,
 * takes the number typed as the applicant's, and never stands in the way of Accept. */
static void
test_phone_once (Fixture       *f,
                 gconstpointer  data)
{
  YcIntake *intake = start_intake (f);
  GtkEditable *contact = yc_intake_view_get_editable (intake_view (f), "contact_phone");
  AdwMessageDialog *dialog;

  g_assert_nonnull (contact);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (contact), ADW_TYPE_PREFERENCES_ROW)));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.phone"), "13812345678");
  g_assert_cmpstr (yc_intake_get_value (intake, "contact_phone"), ==, "13812345678");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (intake_view (f)), "intake.accept", NULL));
  dialog = wait_dialog ();
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "联系电话"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "Phone is not filled in"));
  answer_dialog (dialog, "close");
}

static void
on_calendar_renewed_cb (YcContext  *context,
                        GParamSpec *pspec,
                        guint      *renewed)
{
  (*renewed)++;
}

/* The context keeps one work calendar: read from the catalogue cache, read again after
 * each catalogue sync; the intake's due date is counted on it. */
static void
test_one_calendar (Fixture       *f,
                   gconstpointer  data)
{
  YcWorkCalendar *first;
  guint renewed = 0;
  g_autofree char *known = NULL;
  GDate today;
  guint year;

  start_intake (f);
  first = yc_context_get_work_calendar (f->context);
  g_assert_nonnull (first);
  yc_work_calendar_ref (first);
  /* This year's calendar, as the centre publishes it: the demo catalogue's, or, once the
   * demo's years are past, one published now. */
  yc_time_local_date (&today);
  year = g_date_get_year (&today);
  known = g_strdup_printf ("SELECT count(*) FROM catalogue WHERE kind = 'calendar' AND code = '%u'", year);
  if (server_count (f, known) == 0)
    {
      g_autofree char *publish = g_strdup_printf ("INSERT INTO catalogue (kind, code, body, revision)"
                                                  " SELECT 'calendar', '%u', json_object ('year', %u, 'holidays',"
                                                  " json_array (json_object ('date', '%u-01-01', 'name', '元旦'))),"
                                                  " max (revision) + 1 FROM catalogue", year, year, year);

      server_exec (f, publish);
    }
  g_signal_connect (f->context, "notify::work-calendar", G_CALLBACK (on_calendar_renewed_cb), &renewed);
  yc_catalogue_sync_run (yc_context_get_catalogue_sync (f->context));
  yc_test_wait_until (renewed > 0, TIMEOUT_S);
  g_assert_true (yc_context_get_work_calendar (f->context) != first);
  g_assert_true (yc_work_calendar_knows_year (yc_context_get_work_calendar (f->context), year));
  g_signal_handlers_disconnect_by_func (f->context, on_calendar_renewed_cb, &renewed);
  yc_work_calendar_unref (first);
}

/* A field's name from the catalogue is shown as it is: libadwaita reads a row's title as
 * markup unless told not to, and a centre's "&" or "<" is text. */
static void
test_field_title_plain (Fixture       *f,
                        gconstpointer  data)
{
  const char *title = "A&B <分公司> 名称";
  GtkWidget *row = yc_intake_field_new_entry ("company_name", title, "text", TRUE, NULL);
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (gtk_window_new ()), list);
  g_assert_nonnull (find_shown_text (row, title));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (list)));
}

/* Issue 16, 2: a name's box refuses an ID number typed into it, saying so, and that holds
 * the form up; a 法定代表人 who is not the person of the ID number given for them gets a
 * hint under the field, which holds nothing up. */
static void
test_name_and_legal_rep (Fixture       *f,
                         gconstpointer  data)
{
  const char *id = "410702198806120428";
  g_autofree char *hint = g_strdup_printf (_("Not the name of the ID card given (%s): check it with the applicant."), "王芳");
  GtkWidget *shown;

  start_intake (f);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), id);
  g_assert_nonnull (yc_intake_view_get_problem (intake_view (f), "applicant.name"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "legal_rep_name"), id);
  g_assert_nonnull (yc_intake_view_get_problem (intake_view (f), "legal_rep_name"));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.name"), "王芳");
  g_assert_null (yc_intake_view_get_problem (intake_view (f), "applicant.name"));

  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "applicant.id_number"), id);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "legal_rep_id"), id);
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "legal_rep_name"), "王方");
  g_assert_null (yc_intake_view_get_problem (intake_view (f), "legal_rep_name"));
  shown = find_shown_text (GTK_WIDGET (intake_view (f)), hint);
  g_assert_nonnull (shown);
  g_assert_true (gtk_widget_is_visible (shown));
  gtk_editable_set_text (yc_intake_view_get_editable (intake_view (f), "legal_rep_name"), "王芳");
  g_assert_false (gtk_widget_is_visible (shown));
}

void
yc_test_desk_intake_add_tests (void)
{
  add_test ("/desk/intake/field-title-plain", test_field_title_plain);
  add_guides_test ("/desk/intake/notice-lists-missing", test_notice_lists_missing);
  add_guides_test ("/desk/intake/enterprise-name-once", test_enterprise_name_once);
  add_guides_test ("/desk/intake/checklist-stays-put", test_checklist_stays_put);
  add_guides_test ("/desk/intake/pages-counted", test_pages_counted);
  add_guides_test ("/desk/intake/supplement-and-commitment", test_supplement_and_commitment);
  add_guides_test ("/desk/intake/choices-whole", test_choices_whole);
  add_guides_test ("/desk/intake/refusal-named", test_refusal_named);
  add_guides_test ("/desk/intake/one-calendar", test_one_calendar);
  add_guides_test ("/desk/intake/e-licence-and-number", test_e_licence_and_number);
  add_guides_test ("/desk/intake/phone-once", test_phone_once);
  add_guides_test ("/desk/intake/name-and-legal-rep", test_name_and_legal_rep);
}

/* yc-paper-training.c: a training's summary on paper (训练小结), for the trainee's file
 * and the trainer: the scenario, how far it was played, and each goal with what the
 * centre saw of it (yc-print.h). Always a demo's paper: a training is never official. */
#include "config-desk.h"

#include "yc-document-private.h"

/* The counts line: only the states some goal is in. */
static char *
format_counts (const YcTranslation *tr,
               YcTrainingReport    *report)
{
  static const YcGoalState states[] = { YC_GOAL_DONE, YC_GOAL_LATE, YC_GOAL_WRONG, YC_GOAL_MISSED, YC_GOAL_PENDING };
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      guint n = yc_training_report_count (report, states[i]);

      if (n > 0)
        /* Translators: one count of the training summary, e.g. 完成 3 */
        g_ptr_array_add (parts, g_strdup_printf (T_(tr, "%s %u"), yc_goal_state_get_name (states[i], tr), n));
    }
  g_ptr_array_add (parts, NULL);
  /* Translators: between the counts of the training summary */
  return g_strjoinv (T_(tr, " · "), (char **) parts->pdata);
}

char *
yc_training_format_counts (YcTrainingReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return format_counts (NULL, report);
}

YcDocument *
yc_document_new_training_summary (YcTrainingReport   *report,
                                  const YcNoticeInfo *info)
{
  static const double widths[] = { 0.07, 0.45, 0.34, 0.14 };
  const YcTranslation *tr;
  YcScript script;
  const char *heads[4];
  const char *language;
  YcNoticeInfo demo_info = { NULL, };
  g_autoptr(GPtrArray) facts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *job = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *length = NULL;
  g_autofree char *played = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *date = NULL;
  const char *title;
  const char *brief;
  YcDocument *doc;
  int table;

  g_return_val_if_fail (report != NULL, NULL);

  /* Whatever desk prints it, a training's paper is a demo's. */
  if (info != NULL)
    demo_info = *info;
  demo_info.demo = TRUE;
  /* Its scenario's texts come in several languages: the paper's. */
  language = yc_paper_language (&demo_info, &tr, &script);

  title = yc_scenario_text_in (report->title, language);
  if (!yc_doc_has_text (title))
    title = report->scenario;
  brief = yc_scenario_text_in (report->brief, language);

  /* Translators: column of the training summary's table: the running number, 序号 */
  heads[0] = T_(tr, "No.");
  /* Translators: column of the training summary's table: what the trainee was to do */
  heads[1] = T_(tr, "Goal");
  /* Translators: column of the training summary's table: how it went */
  heads[2] = T_(tr, "Result");
  /* Translators: column of the training summary's table: the citizen's ticket number */
  heads[3] = T_(tr, "Ticket");
  /* Translators: the title of the paper: 训练小结 */
  job = yc_doc_title (tr, T_(tr, "Training Summary"), title);
  /* Translators: the start of the saved file's name: 训练小结 */
  doc = yc_doc_new (job, TC_(tr, "file name", "Training Summary"), title, &demo_info);
  date = yc_doc_format_date (tr, doc->date);

  if (yc_doc_has_text (demo_info.hall))
    yc_doc_add_text (doc, BLOCK_ISSUER, demo_info.hall);
  yc_doc_add_text (doc, BLOCK_TITLE, T_(tr, "Training Summary"));

  clock = yc_training_format_clock (report->clock);
  length = yc_training_format_clock (report->length);
  /* Translators: how far the scenario was played: 12:40 / 15:00 */
  played = g_strdup_printf (T_(tr, "%s of %s"), clock, length);
  counts = format_counts (tr, report);

  /* Translators: a fact of the training summary: the scenario's name */
  yc_doc_fact (facts, T_(tr, "Scenario"), title);
  /* Translators: a fact of the training summary: the trainee's name */
  yc_doc_fact (facts, T_(tr, "Trainee"), demo_info.clerk);
  /* Translators: a fact of the training summary: the trainee's window */
  yc_doc_fact (facts, T_(tr, "Window"), demo_info.window);
  /* Translators: a fact of the training summary: scenario time played of its length */
  yc_doc_fact (facts, T_(tr, "Played"), played);
  /* The counts under the same word as the goals' column of results, not a third "Goals". */
  yc_doc_fact (facts, T_(tr, "Result"), counts);
  /* Translators: a fact of the training summary: the day it is printed */
  yc_doc_fact (facts, T_(tr, "Date"), date);
  yc_doc_add_facts (doc, facts, 2);

  if (yc_doc_has_text (brief))
    yc_doc_add_text (doc, BLOCK_PARAGRAPH, brief);

  yc_doc_add_text (doc, BLOCK_HEADING, T_(tr, "Goals"));
  table = yc_doc_add_table (doc, G_N_ELEMENTS (widths), widths, heads, FALSE);
  for (guint i = 0; report->goals != NULL && i < report->goals->len; i++)
    {
      const YcTrainingGoal *goal = g_ptr_array_index (report->goals, i);
      g_autofree char *line = yc_training_goal_describe (goal, tr);
      const char *expect = yc_scenario_text_in (goal->expect, language);
      char *cells[4];

      cells[0] = g_strdup_printf ("%u", i + 1);
      cells[1] = g_markup_escape_text (yc_doc_has_text (expect) ? expect : goal->id, -1);
      cells[2] = g_markup_printf_escaped ("<b>%s</b>\n%s", yc_goal_state_get_name (goal->state, tr),
                                          line ? line : "");
      cells[3] = g_markup_escape_text (goal->ticket != NULL ? goal->ticket : "—", -1);
      yc_doc_add_row (doc, table, cells);
    }
  if (report->goals == NULL || report->goals->len == 0)
    yc_doc_add_text (doc, BLOCK_LINE, T_(tr, "The scenario has no goals."));

  if (!report->ended)
    /* Translators: under the goals of a training summary printed before its end */
    yc_doc_add_text (doc, BLOCK_NOTE, T_(tr, "The scenario had not ended when this summary was made: goals not yet "
                                             "done may still be reached."));

  yc_paper_add_signature (doc,
                          /* Translators: the trainer signs the training summary: 带教老师 */
                          T_(tr, "Trainer:"),
                          /* Translators: before the date written by hand: 日期 */
                          T_(tr, "Date:"));
  return doc;
}

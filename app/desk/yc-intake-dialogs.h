/* yc-intake-dialogs.h: what the intake view asks before a decision is recorded, each in a
 * dialog of its own over the window of from: the letter of commitment (容缺, 告知承诺)
 * printed and signed, the one-time notice confirmed, a refusal's reason and legal basis.
 * The answer comes back through answered, with from and the intake asked about (the view
 * checks that it still shows it). */
#pragma once

#include <gtk/gtk.h>

#include "core/yc-case.h"
#include "core/yc-intake.h"
#include "yc-context.h"
#include "yc-print.h"

G_BEGIN_DECLS

/* body: the case body signed, or NULL for the notice. */
typedef void (*YcIntakeAnswered) (GtkWidget *from,
                                  YcIntake  *intake,
                                  JsonNode  *body);
/* A refusal's ground, legal basis and explanation, as the clerk gave them (unstripped). */
typedef void (*YcIntakeRefused)  (GtkWidget       *from,
                                  YcIntake        *intake,
                                  YcRefusalGround  ground,
                                  const char      *legal_basis,
                                  const char      *explanation);

/* A message with one response, back to the form. */
void     yc_intake_tell           (GtkWidget        *from,
                                   const char       *heading,
                                   const char       *body);
/* Hands doc to the applicant: written as PDF into paper_folder when there is one, else
 * to the printer when print; FALSE (said in a toast) when it could not be written. */
gboolean yc_intake_hand_out       (GtkWidget        *from,
                                   YcDocument       *doc,
                                   const char       *paper_folder,
                                   gboolean          print);
/* body: an accepted case body that takes materials on commitment. Its answer is only
 * possible once the letter was printed (or saved, or written to paper_folder) and a
 * signer is named; the body answered carries who signed. */
void     yc_intake_ask_commitment (GtkWidget        *from,
                                   YcContext        *context,
                                   YcIntake         *intake,
                                   JsonNode         *body,
                                   const char       *paper_folder,
                                   YcIntakeAnswered  answered);
/* missing: what yc_intake_list_missing() gives (YcMaterial), shown as the notice will
 * list it, for the intake's applicant. */
void     yc_intake_ask_notice     (GtkWidget        *from,
                                   YcIntake         *intake,
                                   GPtrArray        *missing,
                                   YcIntakeAnswered  answered);
void     yc_intake_ask_refusal    (GtkWidget        *from,
                                   YcIntake         *intake,
                                   YcIntakeRefused   refused);

G_END_DECLS

/* yc-translation.h: the desk's messages in a language other than the one it speaks: a
 * compiled gettext catalogue (.mo) read on its own, so that a paper for a citizen can be
 * printed in the language of the centre's documents whatever language the clerk reads.
 * The process's locale and LANGUAGE are never touched (other threads translate too).
 * Wherever a function takes a translation, NULL stands for gettext's own (the desk's
 * language), so one function serves the screen and the paper. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _YcTranslation YcTranslation;

/* A .mo file, read whole; immutable once made, so any thread may use it. Errors are
 * G_FILE_ERROR when it cannot be read, G_IO_ERROR_INVALID_DATA when it is no .mo. */
YcTranslation *yc_translation_new_from_file    (const char           *path,
                                                GError              **error);
/* <localedir>/<language>/LC_MESSAGES/<domain>.mo, e.g. "zh_CN"; G_FILE_ERROR_NOENT when
 * that language has none. */
YcTranslation *yc_translation_new_for_language (const char           *localedir,
                                                const char           *domain,
                                                const char           *language,
                                                GError              **error);
YcTranslation *yc_translation_ref              (YcTranslation        *self);
void           yc_translation_unref            (YcTranslation        *self);

/* The header's "Language:" (e.g. "zh_TW"), else the language it was loaded for, else "". */
const char    *yc_translation_get_language     (const YcTranslation  *self);

/* msgid translated, or msgid itself when the catalogue lacks it. self NULL: gettext's
 * (g_dgettext () in GETTEXT_PACKAGE). Borrowed: lives as long as self. */
const char    *yc_translation_gettext          (const YcTranslation  *self,
                                                const char           *msgid) G_GNUC_FORMAT (2);
/* With a context, as C_() and g_dpgettext2 (). */
const char    *yc_translation_pgettext         (const YcTranslation  *self,
                                                const char           *context,
                                                const char           *msgid) G_GNUC_FORMAT (3);
/* The plural form for n. The catalogue's Plural-Forms is honoured for one form
 * (nplurals=1, as Chinese has) and for the rules n != 1 and n > 1; another rule is read
 * as n != 1. Untranslated: msgid for 1, msgid_plural otherwise, as gettext does. */
const char    *yc_translation_ngettext         (const YcTranslation  *self,
                                                const char           *msgid,
                                                const char           *msgid_plural,
                                                gulong                n) G_GNUC_FORMAT (2) G_GNUC_FORMAT (3);

/* Every message with its translation (the first form of a plural one; "context\004msgid"
 * for one with a context), the header left out; for checks of a whole catalogue. */
void           yc_translation_foreach          (const YcTranslation  *self,
                                                GHFunc                func,
                                                gpointer              user_data);

/* Marks for xgettext (po/meson.build gives it these keywords), as _(), C_() and
 * ngettext () are for gettext's own. */
#define T_(translation, msgid)                    yc_translation_gettext ((translation), (msgid))
#define TC_(translation, context, msgid)          yc_translation_pgettext ((translation), (context), (msgid))
#define TN_(translation, msgid, msgid_plural, n)  yc_translation_ngettext ((translation), (msgid), (msgid_plural), (n))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcTranslation, yc_translation_unref)

G_END_DECLS

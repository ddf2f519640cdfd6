/* yc-document-private.h: the document model shared by the files of printing: a paper is
 * a list of blocks of Pango markup (yc-document.c), built by the paper builders
 * (yc-paper-*.c), laid out on paper (yc-document-layout.c), printed or saved (yc-print.c).
 * Nothing outside printing includes it: the rest of the desk uses yc-print.h. */
#pragma once

#include "core/yc-script.h"
#include "core/yc-translation.h"

#include "yc-print.h"

G_BEGIN_DECLS

#define MAX_CELLS 4

typedef enum
{
  BLOCK_ISSUER,       /* centred above the title: the hall or the department */
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_SUBHEADING,
  BLOCK_PARAGRAPH,    /* first line indented, as Chinese prose is */
  BLOCK_LINE,         /* a line of its own, not indented */
  BLOCK_NOTE,         /* small print */
  BLOCK_ITEM,         /* two cells: the marker, and the text hanging after it */
  BLOCK_TABLE_HEAD,
  BLOCK_TABLE_ROW,
  BLOCK_TABLE_GROUP,  /* one cell across the table: whose materials follow */
  BLOCK_CLOSING,      /* two cells: who handed it over | the hall and the date */
  BLOCK_SIGNATURE,
} BlockKind;

typedef struct
{
  guint    n_columns;
  double   widths[MAX_CELLS]; /* fractions of the text width */
  int      head;              /* the block of its column headings, or -1 */
  gboolean label_column;      /* each even column names what the next one says */
} Table;

typedef struct
{
  BlockKind kind;
  guint     n_cells;
  char     *cells[MAX_CELLS]; /* Pango markup */
  int       table;            /* index into tables, or -1 */
  gboolean  keep_with_next;   /* on the same page as the start of the next block */
} Block;

struct _YcDocument
{
  grefcount  ref_count;
  char      *title;     /* the job name */
  char      *file_stem; /* what kind of paper, for the file name */
  char      *subject;
  char      *file_number; /* the case's number for the file name, or NULL */
  GDateTime *date;
  char      *watermark; /* across every page and in its foot: a demo's paper; or NULL */
  GPtrArray *parts;     /* the labels of its copies (联), each printed whole, or empty */
  GArray    *blocks;    /* Block */
  GArray    *tables;    /* Table */
  /* The paper's language (yc_paper_language ()): its labels, NULL for gettext's, and
   * how every text put on it is converted. */
  const YcTranslation *labels;
  YcScript   script;
};

/* ---- The paper's language (yc-paper-common.c) ---- */

/* The language of a paper of info (info's, "zh_CN" for NULL or one the desk has no papers
 * in), what it takes its labels from (a translation
 * kept for the process, NULL for gettext's own: the desk speaks the paper's language) and
 * how it converts each text put on it: as written for Simplified, s2tw or s2hk for
 * Traditional (labels of a Traditional catalogue are unchanged by it). Should the
 * language's translation be missing, the desk's own labels are converted with the rest. */
const char *yc_paper_language        (const YcNoticeInfo   *info,
                                      const YcTranslation **labels,
                                      YcScript             *script);

/* ---- The document (yc-document.c) ---- */

/* info (may be NULL) gives the date (NULL: now), whether it is a demo's paper and its
 * language (yc_paper_language ()): title, file_stem and subject as the builder made them,
 * in it. Every cell added is converted to the paper's script. */
YcDocument *yc_doc_new               (const char   *title,
                                      const char   *file_stem,
                                      const char   *subject,
                                      const YcNoticeInfo *info);
gboolean    yc_doc_has_text          (const char   *text);
/* The case's number, to name the file by (受理通知书-990100-20261206-0001.pdf): only a
 * centre's number (digits, letters and hyphens); a provisional reference is no name. */
void        yc_doc_set_file_number   (YcDocument   *doc,
                                      const char   *number);
void        yc_doc_add_copies        (YcDocument   *doc);
void        yc_doc_add_cells         (YcDocument   *doc,
                                      BlockKind     kind,
                                      int           table,
                                      guint         n_cells,
                                      char        **cells);
void        yc_doc_add_markup        (YcDocument   *doc,
                                      BlockKind     kind,
                                      const char   *markup);
void        yc_doc_add_text          (YcDocument   *doc,
                                      BlockKind     kind,
                                      const char   *text);
void        yc_doc_add_item          (YcDocument   *doc,
                                      const char   *marker,
                                      const char   *text);
int         yc_doc_add_table         (YcDocument        *doc,
                                      guint              n_columns,
                                      const double      *widths,
                                      const char *const *heads,
                                      gboolean           label_column);
void        yc_doc_add_row           (YcDocument   *doc,
                                      int           table,
                                      char        **cells);
void        yc_doc_add_group         (YcDocument   *doc,
                                      int           table,
                                      const char   *text);
void        yc_doc_fact              (GPtrArray    *facts,
                                      const char   *label,
                                      const char   *value);
void        yc_doc_add_facts         (YcDocument   *doc,
                                      GPtrArray    *facts,
                                      guint         per_row);
GPtrArray  *yc_doc_strings_of        (const char * const *strings);
char       *yc_doc_join_strings      (const YcTranslation *labels,
                                      GPtrArray    *strings);
void        yc_doc_add_list_section  (YcDocument   *doc,
                                      const char   *heading,
                                      const char * const *list,
                                      gboolean      numbered);
char       *yc_doc_format_date       (const YcTranslation *labels,
                                      GDateTime    *date);
char       *yc_doc_title             (const YcTranslation *labels,
                                      const char   *kind,
                                      const char   *subject);
/* text in the paper's script (new). */
char       *yc_doc_convert           (YcDocument   *doc,
                                      const char   *text);

/* ---- What papers share (yc-paper-common.c) ---- */

int         yc_paper_add_materials_table (YcDocument   *doc);
void        yc_paper_append_line     (GString      *markup,
                                      const char   *text);
void        yc_paper_add_material_row (YcDocument  *doc,
                                      int           table,
                                      guint         number,
                                      const YcMaterial *material,
                                      gboolean      with_for);
/* materials: YcMaterial. */
gboolean    yc_paper_add_materials   (YcDocument   *doc,
                                      GPtrArray    *materials,
                                      gboolean      with_for);
gboolean    yc_paper_any_material    (GPtrArray    *materials,
                                      gboolean      deferrable);
void        yc_paper_add_signature   (YcDocument   *doc,
                                      const char   *who,
                                      const char   *when);
void        yc_paper_add_closing     (YcDocument         *doc,
                                      const YcNoticeInfo *info,
                                      const char         *date);
char       *yc_paper_format_day      (const YcTranslation *labels,
                                      const char   *day);
GPtrArray  *yc_paper_case_materials  (JsonObject   *case_body,
                                      const char   *status);
void        yc_paper_add_deferred_table (YcDocument *doc,
                                      GPtrArray    *deferred);
const char *yc_paper_case_subject    (JsonObject   *case_body);
const char *yc_paper_case_applicant_name (JsonObject *case_body);

G_END_DECLS

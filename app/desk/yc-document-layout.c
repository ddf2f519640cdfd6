/* yc-document-layout.c: a document laid out on paper (yc-document-private.h).
 *
 * Laying out happens on begin-print, for the paper the print context has: every block is
 * laid out at the page width, and pagination cuts a block only where no line of any of
 * its cells is crossed, so a line is never split between two pages. A table's column
 * headings come again at the top of each page it runs on; a heading never ends a page.
 * A paper of several copies (联) is drawn once per copy, each labelled and numbered on its
 * own. */
#include "config-desk.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>

#include "yc-document-private.h"

/* ---- Laying out ---- */

#define EPS          0.01
#define BODY_SIZE    11.0
#define PAD_X        4.0
#define PAD_Y        3.5
#define HEADER_H     24.0
#define FOOTER_H     24.0
#define ITEM_INDENT  22.0
#define RULE_WIDTH   0.6

typedef struct
{
  PangoLayout *layout;
  double       x, y;   /* in the block's coordinates */
} LaidCell;

typedef struct
{
  const Block *block;
  LaidCell     cells[MAX_CELLS];
  guint        n_cells;
  double       height;
  double       space_before;
  GArray      *breaks;          /* double, ascending: where a page may end inside it */
  guint        ruled : 1;       /* drawn as a table row */
  guint        keep_together : 1;
  guint        keep_with_next : 1;
} Laid;

typedef struct
{
  guint  laid;
  double from, to;   /* the slice of the block, in its coordinates */
  double top;        /* the slice's top on the page */
} Piece;

typedef struct
{
  YcDocument           *doc;
  GArray               *laid;   /* Laid */
  GPtrArray            *pages;  /* GArray of Piece */
  double                width;
  double                height;
  PangoFontDescription *font;          /* the body: serif, as official documents are set */
  PangoFontDescription *heading_font;  /* titles, headings, labels: bold sans */
} Render;

static void
laid_clear (gpointer data)
{
  Laid *laid = data;

  for (guint i = 0; i < laid->n_cells; i++)
    g_clear_object (&laid->cells[i].layout);
  g_clear_pointer (&laid->breaks, g_array_unref);
}

static void
render_reset (Render *render)
{
  g_clear_pointer (&render->laid, g_array_unref);
  g_clear_pointer (&render->pages, g_ptr_array_unref);
  g_clear_pointer (&render->font, pango_font_description_free);
  g_clear_pointer (&render->heading_font, pango_font_description_free);
}

static void
render_free (gpointer data)
{
  Render *render = data;

  render_reset (render);
  yc_document_unref (render->doc);
  g_free (render);
}

static PangoLayout *
new_layout (Render          *render,
            GtkPrintContext *context,
            const char      *markup,
            double           size,
            gboolean         heading,
            double           width,
            PangoAlignment   alignment)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_copy (heading ? render->heading_font : render->font);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (MAX (width, 10) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_markup (layout, markup ? markup : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Calls func for every line of the cell with its top, bottom and baseline in the
 * block's coordinates. */
typedef void (*LineFunc) (LaidCell        *cell,
                          PangoLayoutLine *line,
                          double           top,
                          double           bottom,
                          double           baseline,
                          double           x,
                          gpointer         data);

static void
foreach_line (LaidCell *cell,
              LineFunc  func,
              gpointer  data)
{
  PangoLayoutIter *iter = pango_layout_get_iter (cell->layout);

  do
    {
      PangoRectangle logical;
      int y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      func (cell, pango_layout_iter_get_line_readonly (iter),
            cell->y + (double) y0 / PANGO_SCALE,
            cell->y + (double) y1 / PANGO_SCALE,
            cell->y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE,
            cell->x + (double) logical.x / PANGO_SCALE,
            data);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
collect_line_cb (LaidCell        *cell,
                 PangoLayoutLine *line,
                 double           top,
                 double           bottom,
                 double           baseline,
                 double           x,
                 gpointer         data)
{
  GArray *spans = data;
  double span[2] = { top, bottom };

  g_array_append_vals (spans, span, 2);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The places where a page may end inside the block: the bottom of a line that no line of
 * another cell crosses. */
static void
find_breaks (Laid *laid)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (double));

  laid->breaks = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < laid->n_cells; i++)
    foreach_line (&laid->cells[i], collect_line_cb, spans);

  for (guint i = 1; i < spans->len; i += 2)
    {
      double at = g_array_index (spans, double, i);
      gboolean crossed = FALSE;

      if (at >= laid->height - (laid->ruled ? PAD_Y : 0) - EPS || at <= EPS)
        continue;
      for (guint j = 0; j + 1 < spans->len && !crossed; j += 2)
        crossed = g_array_index (spans, double, j) < at - EPS && at + EPS < g_array_index (spans, double, j + 1);
      if (!crossed)
        g_array_append_val (laid->breaks, at);
    }
  g_array_sort (laid->breaks, compare_doubles);
}

/* previous: the block before, or NULL. */
static void
lay_out_block (Render          *render,
               GtkPrintContext *context,
               const Block     *block,
               const Block     *previous,
               Laid            *laid)
{
  double width = render->width;
  double bottom = 0;

  laid->block = block;
  laid->n_cells = block->n_cells;

  switch (block->kind)
    {
    case BLOCK_TABLE_HEAD:
    case BLOCK_TABLE_ROW:
    case BLOCK_TABLE_GROUP:
      {
        const Table *table = &g_array_index (render->doc->tables, Table, block->table);
        double x = 0;

        laid->ruled = TRUE;
        laid->keep_together = block->kind != BLOCK_TABLE_ROW;
        laid->keep_with_next = block->kind != BLOCK_TABLE_ROW;
        /* Space above a table, not between its rows. */
        laid->space_before = previous == NULL || previous->table != block->table ? 6 : 0;
        for (guint i = 0; i < block->n_cells; i++)
          {
            double column = block->kind == BLOCK_TABLE_GROUP ? width : table->widths[i] * width;
            gboolean heading = (table->label_column && i % 2 == 0) || block->kind != BLOCK_TABLE_ROW;

            laid->cells[i].layout = new_layout (render, context, block->cells[i],
                                                BODY_SIZE, heading, column - 2 * PAD_X,
                                                block->kind == BLOCK_TABLE_HEAD ||
                                                (block->kind == BLOCK_TABLE_ROW && i == 0 && !table->label_column)
                                                ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
            laid->cells[i].x = x + PAD_X;
            laid->cells[i].y = PAD_Y;
            bottom = MAX (bottom, PAD_Y + layout_height (laid->cells[i].layout));
            x += column;
          }
        laid->height = bottom + PAD_Y;
      }
      break;

    case BLOCK_ITEM:
      laid->space_before = 3;
      laid->cells[0].layout = new_layout (render, context, block->cells[0], BODY_SIZE, FALSE,
                                          ITEM_INDENT - 4, PANGO_ALIGN_RIGHT);
      laid->cells[1].layout = new_layout (render, context, block->n_cells > 1 ? block->cells[1] : "",
                                          BODY_SIZE, FALSE, width - ITEM_INDENT - 4, PANGO_ALIGN_LEFT);
      laid->cells[0].x = 0;
      laid->cells[1].x = ITEM_INDENT + 4;
      laid->n_cells = 2;
      laid->height = MAX (layout_height (laid->cells[0].layout), layout_height (laid->cells[1].layout));
      break;

    case BLOCK_CLOSING:
    case BLOCK_SIGNATURE:
      {
        double left = block->kind == BLOCK_CLOSING ? width * 0.55 : width * 0.58;

        laid->space_before = block->kind == BLOCK_CLOSING ? 24 : 28;
        laid->keep_together = TRUE;
        laid->keep_with_next = block->kind == BLOCK_CLOSING;
        laid->cells[0].layout = new_layout (render, context, block->cells[0], BODY_SIZE, FALSE,
                                            left - 8, PANGO_ALIGN_LEFT);
        laid->cells[1].layout = new_layout (render, context, block->n_cells > 1 ? block->cells[1] : "",
                                            BODY_SIZE, FALSE, width - left,
                                            block->kind == BLOCK_CLOSING ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        laid->cells[1].x = left;
        laid->n_cells = 2;
        laid->height = MAX (layout_height (laid->cells[0].layout), layout_height (laid->cells[1].layout));
      }
      break;

    default:
      {
        double size = BODY_SIZE;
        gboolean heading = FALSE;
        PangoAlignment alignment = PANGO_ALIGN_LEFT;

        switch (block->kind)
          {
          case BLOCK_ISSUER:
            size = 14, alignment = PANGO_ALIGN_CENTER;
            laid->keep_with_next = TRUE;
            break;
          case BLOCK_TITLE:
            size = 20, heading = TRUE, alignment = PANGO_ALIGN_CENTER;
            laid->space_before = 6;
            laid->keep_with_next = TRUE;
            break;
          case BLOCK_HEADING:
            size = 13, heading = TRUE;
            laid->space_before = 16;
            laid->keep_together = laid->keep_with_next = TRUE;
            break;
          case BLOCK_SUBHEADING:
            size = 12, heading = TRUE;
            laid->space_before = 12;
            laid->keep_together = laid->keep_with_next = TRUE;
            break;
          case BLOCK_NOTE:
            size = 9;
            laid->space_before = 18;
            break;
          case BLOCK_LINE:
            laid->space_before = 6;
            break;
          case BLOCK_PARAGRAPH:
          default:
            laid->space_before = 8;
            break;
          }
        laid->cells[0].layout = new_layout (render, context, block->cells[0], size, heading, width, alignment);
        if (block->kind == BLOCK_PARAGRAPH)
          {
            pango_layout_set_indent (laid->cells[0].layout, (int) (2 * size * PANGO_SCALE));
            pango_layout_set_justify (laid->cells[0].layout, TRUE);
          }
        laid->n_cells = 1;
        laid->height = layout_height (laid->cells[0].layout);
        if (block->kind == BLOCK_HEADING)
          laid->height += 5;   /* room for the rule under it */
        if (block->kind == BLOCK_TITLE)
          laid->height += 10;  /* room after the title, kept with it */
      }
      break;
    }

  laid->keep_with_next |= block->keep_with_next;
  find_breaks (laid);
}

static double
piece_height (const Laid *laid,
              double      from,
              double      to)
{
  double height = to - from;

  /* A table row cut by a page gets its padding again where it was cut. */
  if (laid->ruled && from > EPS)
    height += PAD_Y;
  if (laid->ruled && to < laid->height - EPS)
    height += PAD_Y;
  return height;
}

static double
first_piece_height (const Laid *laid)
{
  if (laid->keep_together || laid->breaks->len == 0)
    return laid->height;
  return piece_height (laid, 0, g_array_index (laid->breaks, double, 0));
}

/* What must fit on the page for laid[i] to stay there: itself, and the beginning of
 * whatever it keeps with. */
static double
needed_with_next (Render *render,
                  guint   i,
                  guint   depth)
{
  const Laid *laid = &g_array_index (render->laid, Laid, i);
  const Laid *next;

  if (!laid->keep_with_next || i + 1 >= render->laid->len || depth > 16)
    return depth == 0 ? laid->height : first_piece_height (laid);
  next = &g_array_index (render->laid, Laid, i + 1);
  return laid->height + next->space_before + needed_with_next (render, i + 1, depth + 1);
}

typedef struct
{
  Render *render;
  GArray *page;     /* Piece */
  double  y;
  double  page_top;
  double  bottom;
  gboolean empty;   /* nothing on it yet but repeated column headings */
} Paginator;

static void
place (Paginator *p,
       guint      laid,
       double     from,
       double     to,
       double     space)
{
  const Laid *l = &g_array_index (p->render->laid, Laid, laid);
  Piece piece = { .laid = laid, .from = from, .to = to, .top = p->y + space };

  g_array_append_val (p->page, piece);
  p->y = piece.top + piece_height (l, from, to);
  if (l->block->kind != BLOCK_TABLE_HEAD)
    p->empty = FALSE;
}

static void
new_page (Paginator *p,
          guint      next)
{
  const Laid *laid = &g_array_index (p->render->laid, Laid, next);

  g_ptr_array_add (p->render->pages, p->page);
  p->page = g_array_new (FALSE, FALSE, sizeof (Piece));
  p->page_top = HEADER_H;
  p->y = p->page_top;
  p->empty = TRUE;

  /* A table running on: its column headings again. */
  if (laid->block->kind != BLOCK_TABLE_HEAD && laid->block->table >= 0)
    {
      const Table *table = &g_array_index (p->render->doc->tables, Table, laid->block->table);

      if (table->head >= 0)
        place (p, (guint) table->head, 0, g_array_index (p->render->laid, Laid, table->head).height, 0);
    }
}

static void
paginate (Render *render)
{
  /* A copy's label stands above its first page too. */
  double first_top = render->doc->parts->len > 0 ? HEADER_H : 0;
  Paginator p = {
    .render = render,
    .page = g_array_new (FALSE, FALSE, sizeof (Piece)),
    .page_top = first_top,
    .y = first_top,
    .bottom = render->height - FOOTER_H,
    .empty = TRUE,
  };
  double capacity = p.bottom - HEADER_H;

  render->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < render->laid->len; i++)
    {
      const Laid *laid = &g_array_index (render->laid, Laid, i);
      double from = 0;

      if (!p.empty && laid->keep_with_next)
        {
          double need = laid->space_before + needed_with_next (render, i, 0);

          if (p.y + need > p.bottom + EPS && need <= capacity)
            new_page (&p, i);
        }

      while (from < laid->height - EPS)
        {
          double space = p.empty ? 0 : laid->space_before;
          double available = p.bottom - p.y - space;
          double cut = -1;

          if (piece_height (laid, from, laid->height) <= available + EPS)
            {
              place (&p, i, from, laid->height, space);
              break;
            }

          /* A short row is not worth cutting: it goes to the next page whole. */
          if (!(laid->keep_together || (laid->ruled && laid->height <= capacity / 3)) ||
              laid->height > capacity)
            for (guint b = 0; b < laid->breaks->len; b++)
              {
                double at = g_array_index (laid->breaks, double, b);

                if (at > from + EPS && piece_height (laid, from, at) <= available + EPS)
                  cut = at;
              }

          if (cut < 0 && p.empty)
            {
              /* Not even one line fits on an empty page: let it run over the margin
               * rather than never end. */
              cut = laid->height;
              for (guint b = 0; b < laid->breaks->len && cut == laid->height; b++)
                if (g_array_index (laid->breaks, double, b) > from + EPS)
                  cut = g_array_index (laid->breaks, double, b);
            }

          if (cut > 0)
            {
              place (&p, i, from, cut, space);
              from = cut;
              if (from >= laid->height - EPS)
                break;
            }
          new_page (&p, i);
        }
    }

  g_ptr_array_add (render->pages, p.page);
}

/* Body text in Noto Serif CJK (宋体 style), headings in Noto Sans CJK Bold (黑体 style), as
 * official documents are set. Not Noto Sans CJK Regular: cairo 1.16 (Debian 12) leaves
 * glyphs out of some of its PDF subsets — 如 went missing from 现一次性告知如下 — which
 * test-print checks for. */
static PangoFontDescription *
new_font (const char *family,
          PangoWeight weight)
{
  PangoFontDescription *font = pango_font_description_new ();
  g_autofree char *families = g_strconcat (family, ",Serif,Sans", NULL);

  pango_font_description_set_family (font, families);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_size (font, (int) (BODY_SIZE * PANGO_SCALE));
  return font;
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   Render            *render)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  cairo_surface_t *target = cr ? cairo_get_target (cr) : NULL;

  render_reset (render);
  render->width = gtk_print_context_get_width (context);
  render->height = gtk_print_context_get_height (context);
  /* Translators: the font of the text of printed guides and notices, a family fontconfig
   * knows; for Traditional Chinese: Noto Serif CJK TC */
  render->font = new_font (TC_(render->doc->labels, "print font", "Noto Serif CJK SC"), PANGO_WEIGHT_NORMAL);
  /* Translators: the font of titles and headings of printed guides and notices, used in
   * bold; for Traditional Chinese: Noto Sans CJK TC */
  render->heading_font = new_font (TC_(render->doc->labels, "print font", "Noto Sans CJK SC"), PANGO_WEIGHT_BOLD);

  render->laid = g_array_sized_new (FALSE, TRUE, sizeof (Laid), render->doc->blocks->len);
  g_array_set_clear_func (render->laid, laid_clear);
  g_array_set_size (render->laid, render->doc->blocks->len);
  for (guint i = 0; i < render->doc->blocks->len; i++)
    lay_out_block (render, context, &g_array_index (render->doc->blocks, Block, i),
                   i > 0 ? &g_array_index (render->doc->blocks, Block, i - 1) : NULL,
                   &g_array_index (render->laid, Laid, i));

  /* A facts table is short: it moves to the next page whole rather than leave a row
   * behind. */
  for (guint i = 0; i + 1 < render->laid->len; i++)
    {
      Laid *laid = &g_array_index (render->laid, Laid, i);
      const Laid *next = &g_array_index (render->laid, Laid, i + 1);

      if (laid->block->kind == BLOCK_TABLE_ROW && next->block->kind == BLOCK_TABLE_ROW &&
          laid->block->table == next->block->table &&
          g_array_index (render->doc->tables, Table, laid->block->table).label_column)
        laid->keep_with_next = TRUE;
    }

  paginate (render);
  gtk_print_operation_set_n_pages (operation, (int) (MAX (1, render->pages->len) * MAX (1, render->doc->parts->len)));

  if (target != NULL && cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_PDF)
    {
      cairo_pdf_surface_set_metadata (target, CAIRO_PDF_METADATA_TITLE, render->doc->title);
      cairo_pdf_surface_set_metadata (target, CAIRO_PDF_METADATA_CREATOR, "Yichuang " PACKAGE_VERSION);
    }
}

typedef struct
{
  cairo_t *cr;
  double   from, to;
  double   offset;  /* page y = block y + offset */
} DrawLines;

static void
draw_line_cb (LaidCell        *cell,
              PangoLayoutLine *line,
              double           top,
              double           bottom,
              double           baseline,
              double           x,
              gpointer         data)
{
  DrawLines *draw = data;

  /* Only whole lines of the slice: the next page has the rest. */
  if (top < draw->from - EPS || bottom > draw->to + EPS)
    return;
  cairo_move_to (draw->cr, x, baseline + draw->offset);
  pango_cairo_show_layout_line (draw->cr, line);
}

static void
draw_piece (Render      *render,
            cairo_t     *cr,
            const Piece *piece)
{
  const Laid *laid = &g_array_index (render->laid, Laid, piece->laid);
  const Block *block = laid->block;
  double height = piece_height (laid, piece->from, piece->to);
  DrawLines draw = {
    .cr = cr,
    .from = piece->from,
    .to = piece->to,
    .offset = piece->top - piece->from + (laid->ruled && piece->from > EPS ? PAD_Y : 0),
  };

  if (laid->ruled)
    {
      const Table *table = &g_array_index (render->doc->tables, Table, block->table);

      cairo_save (cr);
      /* Light shading only: it must survive a tired office printer and a photocopy. */
      if (block->kind == BLOCK_TABLE_HEAD || block->kind == BLOCK_TABLE_GROUP)
        {
          double grey = block->kind == BLOCK_TABLE_HEAD ? 0.88 : 0.95;

          cairo_set_source_rgb (cr, grey, grey, grey);
          cairo_rectangle (cr, 0, piece->top, render->width, height);
          cairo_fill (cr);
        }
      else if (table->label_column)
        {
          double x = 0;

          cairo_set_source_rgb (cr, 0.94, 0.94, 0.94);
          for (guint i = 0; i < table->n_columns; i++)
            {
              if (i % 2 == 0)
                cairo_rectangle (cr, x, piece->top, table->widths[i] * render->width, height);
              x += table->widths[i] * render->width;
            }
          cairo_fill (cr);
        }

      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      cairo_set_line_width (cr, RULE_WIDTH);
      cairo_rectangle (cr, 0, piece->top, render->width, height);
      if (block->kind != BLOCK_TABLE_GROUP)
        {
          double x = 0;

          for (guint i = 0; i + 1 < table->n_columns; i++)
            {
              x += table->widths[i] * render->width;
              cairo_move_to (cr, x, piece->top);
              cairo_line_to (cr, x, piece->top + height);
            }
        }
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < laid->n_cells; i++)
    foreach_line ((LaidCell *) &laid->cells[i], draw_line_cb, &draw);

  if (block->kind == BLOCK_HEADING)
    {
      cairo_save (cr);
      cairo_set_line_width (cr, RULE_WIDTH);
      cairo_set_source_rgb (cr, 0.25, 0.25, 0.25);
      cairo_move_to (cr, 0, piece->top + height - 2);
      cairo_line_to (cr, render->width, piece->top + height - 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* One line of small print with its top at y, or its bottom at -y when y is negative. */
static void
draw_small_text (Render          *render,
                 GtkPrintContext *context,
                 const char      *text,
                 double           y,
                 PangoAlignment   alignment)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autofree char *markup = g_markup_escape_text (text, -1);
  g_autoptr(PangoLayout) layout = new_layout (render, context, markup, 9, FALSE, render->width, alignment);

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, 0, y >= 0 ? y : -y - layout_height (layout));
  pango_cairo_show_layout (cr, layout);
}

/* A demo's mark across the page, corner to corner, drawn before the text so that it lies
 * under it: light enough that every word over it still reads, and a photocopy keeps it. */
static void
draw_watermark (Render          *render,
                GtkPrintContext *context)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autofree char *markup = g_markup_escape_text (render->doc->watermark, -1);
  g_autoptr(PangoLayout) layout = new_layout (render, context, markup, 40, TRUE, render->width, PANGO_ALIGN_LEFT);
  double angle = atan2 (render->height, render->width);
  double w, h, scale;
  PangoRectangle logical;

  /* On one line, then as large as the page takes it turned on its diagonal, whatever the
   * language: its whole box, line height included, stays inside the margins. */
  pango_layout_set_width (layout, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;
  if (w <= 0 || h <= 0)
    return;
  scale = 0.9 * MIN (render->width / (w * cos (angle) + h * sin (angle)),
                     render->height / (w * sin (angle) + h * cos (angle)));

  cairo_save (cr);
  cairo_translate (cr, render->width / 2, render->height / 2);
  cairo_rotate (cr, -angle);
  cairo_scale (cr, scale, scale);
  cairo_move_to (cr, -((double) logical.x / PANGO_SCALE + w / 2), -((double) logical.y / PANGO_SCALE + h / 2));
  cairo_set_source_rgb (cr, 0.86, 0.86, 0.86);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Render            *render)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autofree char *number = NULL;
  g_autofree char *converted_number = NULL;
  GPtrArray *parts = render->doc->parts;
  guint n_pages, part, local;
  GArray *page;

  if (render->pages == NULL || page_nr < 0)
    return;
  /* A paper of several copies (联) is its pages once per copy, each numbered on its own. */
  n_pages = render->pages->len;
  part = (guint) page_nr / MAX (n_pages, 1);
  local = (guint) page_nr % MAX (n_pages, 1);
  if (local >= n_pages || part >= MAX (parts->len, 1))
    return;
  page = g_ptr_array_index (render->pages, local);

  if (render->doc->watermark != NULL)
    draw_watermark (render, context);
  for (guint i = 0; i < page->len; i++)
    draw_piece (render, cr, &g_array_index (page, Piece, i));

  /* A page that comes loose still says what it belongs to. */
  if (local > 0)
    {
      draw_small_text (render, context, render->doc->title, 0, PANGO_ALIGN_LEFT);
      cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
      cairo_set_line_width (cr, 0.4);
      cairo_move_to (cr, 0, HEADER_H - 8);
      cairo_line_to (cr, render->width, HEADER_H - 8);
      cairo_stroke (cr);
    }
  /* Which copy this is, at the top right of each of its pages. */
  if (parts->len > 0)
    {
      /* Translators: the label of a copy of a paper (第一联：存根); %u its number, %s its label */
      g_autofree char *label = g_strdup_printf (T_(render->doc->labels, "Copy %u: %s"), part + 1,
                                                (const char *) g_ptr_array_index (parts, part));
      g_autofree char *converted = yc_doc_convert (render->doc, label);

      draw_small_text (render, context, converted, 0, PANGO_ALIGN_RIGHT);
    }

  /* Translators: the page number at the foot of a printed page: 第 %d 页 共 %d 页 */
  number = g_strdup_printf (T_(render->doc->labels, "Page %d of %d"), (int) local + 1, (int) n_pages);
  converted_number = yc_doc_convert (render->doc, number);
  draw_small_text (render, context, converted_number, -render->height, PANGO_ALIGN_CENTER);
  /* The foot says it too: a page cut down or copied small still does. */
  if (render->doc->watermark != NULL)
    draw_small_text (render, context, render->doc->watermark, -render->height, PANGO_ALIGN_LEFT);
}

GtkPrintOperation *
yc_document_new_print_operation (YcDocument *doc)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = NULL;
  GtkPrintOperation *operation;
  Render *render;

  g_return_val_if_fail (doc != NULL, NULL);

  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  /* Wider on the left, where the hall staples or files the paper. */
  gtk_page_setup_set_top_margin (setup, 20, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 15, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 25, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 20, GTK_UNIT_MM);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, doc->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  render = g_new0 (Render, 1);
  render->doc = yc_document_ref (doc);
  g_object_set_data_full (G_OBJECT (operation), "yc-render", render, render_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print_cb), render);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), render);

  return operation;
}

/* yc-guide-view.c: reads a guide from the catalogue cache (the entry, then its
 * department or, for a package, its items, all on the cache's reader thread) and lays it
 * out: a title bar with the actions, a row of facts, then the sections of the guide.
 *
 * A guide asked for later cancels the read of an earlier one, whose answer is dropped.
 * The entries are read and decoded into typed values by yc_guide_bodies_read_async():
 * nothing here reads a catalogue body. Text from the catalogue goes into labels as plain
 * text, never as markup. */
#include "config-desk.h"

#include <adwaita.h>

#include "core/yc-error.h"
#include "core/yc-guide.h"

#include "yc-display.h"
#include "yc-guide-load.h"
#include "yc-guide-view.h"
#include "yc-phrases.h"
#include "yc-print.h"
#include "yc-desk-actions.h"

struct _YcGuideView
{
  GtkWidget         parent_instance;

  YcContext        *context;
  YcGuideBookmarks *bookmarks;
  GCancellable     *cancellable;   /* the read under way; cancelled by the next */

  /* The guide shown */
  YcCatalogueKind   kind;
  char             *code;
  char             *title;
  YcPackage        *package;       /* the package shown, or NULL */
  YcItem           *item;          /* the item shown, or NULL */
  GPtrArray        *items;         /* YcItem or NULL: the item itself, or the package's */
  char             *department;    /* an item's department name, or NULL */
  char             *department_phone;
  GPtrArray        *materials;     /* YcMaterial, merged over items, with for_items */
  GHashTable       *missing;       /* material name → its check button */
  GHashTable       *checks;        /* material name → its check button, all of them */

  /* Template widgets */
  GtkStack         *stack;
  AdwStatusPage    *missing_page;
  GtkLabel         *title_label;
  GtkLabel         *subtitle_label;
  GtkToggleButton  *favourite_button;
  AdwSplitButton   *notice_button;
  AdwSplitButton   *print_button;
  AdwButtonContent *notice_content;
  GtkScrolledWindow *scroller;
  GtkBox           *content;
};

G_DEFINE_FINAL_TYPE (YcGuideView, yc_guide_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_BOOKMARKS,
  PROP_CODE,
  PROP_MISSING_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  OPEN_GUIDE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
yc_guide_view_new (YcContext        *context,
                   YcGuideBookmarks *bookmarks)
{
  g_return_val_if_fail (YC_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (YC_IS_GUIDE_BOOKMARKS (bookmarks), NULL);

  return g_object_new (YC_TYPE_GUIDE_VIEW,
                       "context", context,
                       "bookmarks", bookmarks,
                       NULL);
}

/* Whether a guide is shown, not a blank or a "not in the catalogue". */
static gboolean
has_guide (YcGuideView *self)
{
  return self->package != NULL || self->item != NULL;
}

/* ---- Layout helpers ---- */

/* A guide is the catalogue's words, with the desk's headings among them: every text of it
 * is shown in the desk's script (yc-display.h), which leaves the desk's own as they are. */
static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  g_autofree char *shown = yc_display_text (text);
  GtkWidget *label = gtk_label_new (shown);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
add_section (YcGuideView *self,
             const char  *title)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = text_label (title, "title-4");

  gtk_box_append (GTK_BOX (section), heading);
  gtk_box_append (self->content, section);
  return section;
}

static GtkWidget *
pill (const char *text,
      const char *kind)
{
  g_autofree char *shown = yc_display_text (text);
  GtkWidget *label = gtk_label_new (shown);

  gtk_widget_add_css_class (label, "guide-pill");
  if (kind != NULL)
    gtk_widget_add_css_class (label, kind);
  return label;
}

/* A fact: its caption, its value and a detail under it. A value the desk words itself
 * ("1个工作日", "零跑动") is one phrase, never split over two lines, and so is keep in the
 * detail ("法定时限：3个工作日"); a value from the catalogue wraps. */
static GtkWidget *
fact_card (const char *caption,
           const char *value,
           gboolean    value_whole,
           const char *detail,
           const char *keep)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value_label = text_label (value, "fact-value");
  g_autofree char *shown_value = yc_display_text (value);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "fact-card");
  gtk_box_append (GTK_BOX (card), text_label (caption, "caption-heading"));
  if (value_whole)
    yc_label_set_text_keeping (GTK_LABEL (value_label), shown_value, shown_value);
  gtk_box_append (GTK_BOX (card), value_label);
  if (detail != NULL)
    {
      GtkWidget *detail_label = text_label (detail, "caption");
      g_autofree char *shown_detail = yc_display_text (detail);
      g_autofree char *shown_keep = keep != NULL ? yc_display_text (keep) : NULL;

      yc_label_set_text_keeping (GTK_LABEL (detail_label), shown_detail, shown_keep);
      gtk_box_append (GTK_BOX (card), detail_label);
    }
  return card;
}

/* Cards side by side, n in a row, all of the same width. With pairs, the cards go in
 * pairs: all in a row where the row is wide enough for each value whole, else two
 * a row (never three and one). */
static GtkWidget *
facts_row (guint    n,
           gboolean pairs)
{
  GtkWidget *row = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (row), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (row), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (row), pairs ? 1 : n);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (row), pairs ? (n + 1) / 2 : n);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (row), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (row), 12);
  gtk_widget_set_can_focus (row, FALSE);
  g_object_set_data (G_OBJECT (row), "pairs", GINT_TO_POINTER (pairs));
  return row;
}

static void
add_fact (GtkWidget  *row,
          GtkWidget  *card)
{
  GtkWidget *last = gtk_widget_get_last_child (row);
  GtkWidget *pair;

  if (!g_object_get_data (G_OBJECT (row), "pairs"))
    {
      gtk_flow_box_append (GTK_FLOW_BOX (row), card);
      gtk_widget_set_can_focus (gtk_widget_get_parent (card), FALSE);
      return;
    }
  pair = last != NULL ? gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (last)) : NULL;
  if (pair == NULL || gtk_widget_get_first_child (pair) != gtk_widget_get_last_child (pair))
    {
      pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_box_set_homogeneous (GTK_BOX (pair), TRUE);
      gtk_flow_box_append (GTK_FLOW_BOX (row), pair);
      gtk_widget_set_can_focus (gtk_widget_get_parent (pair), FALSE);
    }
  gtk_box_append (GTK_BOX (pair), card);
}

static char *
describe_days (gint64 days)
{
  if (days <= 0)
    /* Translators: a promised time limit of zero: done while the applicant waits */
    return g_strdup (_("On the spot"));
  return g_strdup_printf (ngettext ("%d working day", "%d working days", (int) MIN (days, 9999)),
                          (int) MIN (days, 9999));
}

static char *
describe_visits (gint64 visits)
{
  if (visits <= 0)
    /* Translators: number of visits to the hall: none, everything online (零跑动) */
    return g_strdup (_("No visit needed"));
  if (visits == 1)
    /* Translators: number of visits to the hall (最多跑一次) */
    return g_strdup (_("At most one visit"));
  return g_strdup_printf (ngettext ("At most %d visit", "At most %d visits", (int) MIN (visits, 99)),
                          (int) MIN (visits, 99));
}

/* A list of strings, numbered or as bullets. */
static void
add_string_list (GtkWidget *section,
                 GStrv      strings,
                 gboolean   numbered)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  for (guint i = 0; strings[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      GtkWidget *line;
      GtkWidget *mark;
      GtkWidget *text_line;

      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      text = numbered ? g_strdup_printf ("%u", i + 1) : g_strdup ("•");
      mark = gtk_label_new (text);
      gtk_widget_set_valign (mark, GTK_ALIGN_START);
      gtk_widget_add_css_class (mark, numbered ? "step-number" : "dim-label");
      gtk_box_append (GTK_BOX (line), mark);
      text_line = text_label (strings[i], NULL);
      gtk_widget_set_hexpand (text_line, TRUE);
      gtk_box_append (GTK_BOX (line), text_line);
      gtk_box_append (GTK_BOX (box), line);
    }
  gtk_box_append (GTK_BOX (section), box);
}

/* ---- The materials checklist ---- */

static void
update_notice (YcGuideView *self)
{
  guint missing = g_hash_table_size (self->missing);
  g_autofree char *label = NULL;

  if (missing == 0)
    label = g_strdup (_("One-Time Notice"));
  else
    /* Translators: the notice button once materials are ticked missing; %u: how many */
    label = g_strdup_printf (ngettext ("One-Time Notice (%u Missing)",
                                       "One-Time Notice (%u Missing)", missing),
                             missing);
  adw_button_content_set_label (self->notice_content, label);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.print-notice", missing > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.export-notice", missing > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.clear-missing", missing > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSING_COUNT]);
}

static void
on_missing_toggled_cb (GtkCheckButton *check,
                       YcGuideView    *self)
{
  const char *name = g_object_get_data (G_OBJECT (check), "material");
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (check), GTK_TYPE_LIST_BOX_ROW);

  if (gtk_check_button_get_active (check))
    {
      g_hash_table_insert (self->missing, g_strdup (name), check);
      gtk_widget_add_css_class (row, "missing");
    }
  else
    {
      g_hash_table_remove (self->missing, name);
      gtk_widget_remove_css_class (row, "missing");
    }
  update_notice (self);
}

static void
on_material_activated_cb (GtkListBox    *box,
                          GtkListBoxRow *row,
                          YcGuideView   *self)
{
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");

  if (check != NULL)
    gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

static GtkWidget *
material_row (YcGuideView      *self,
              const YcMaterial *material,
              gboolean          show_items)
{
  const char *name = material->name;
  const char *note = material->note;
  const char *template = material->template_;
  const char *sample = material->sample;
  g_autofree char *form = yc_material_describe_form (material, NULL);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *pills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check;
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (box, "material-row");

  gtk_box_append (GTK_BOX (text), text_label (name, "heading"));

  gtk_box_append (GTK_BOX (pills), pill (form, NULL));
  if (material->required)
    /* Translators: a material the applicant must hand in */
    gtk_box_append (GTK_BOX (pills), pill (_("Required"), "required"));
  else
    /* Translators: a material needed only in some cases */
    gtk_box_append (GTK_BOX (pills), pill (_("If applicable"), NULL));
  if (material->deferrable)
    /* Translators: 容缺受理: the case can be accepted while this material follows later */
    gtk_box_append (GTK_BOX (pills), pill (_("May follow later on commitment"), "deferrable"));
  if (material->source != YC_MATERIAL_SOURCE_APPLICANT)
    gtk_box_append (GTK_BOX (pills), pill (yc_material_describe_source (material, NULL), "source"));
  gtk_box_append (GTK_BOX (text), pills);

  if (note != NULL && *note != '\0')
    gtk_box_append (GTK_BOX (text), text_label (note, "dim-label"));

  if (template != NULL || sample != NULL)
    {
      g_autoptr(GString) files = g_string_new (NULL);

      if (template != NULL)
        /* Translators: %s is the file name of a blank form */
        g_string_append_printf (files, _("Blank form: %s"), template);
      if (template != NULL && sample != NULL)
        g_string_append (files, "    ");
      if (sample != NULL)
        /* Translators: %s is the file name of a filled-in sample */
        g_string_append_printf (files, _("Sample: %s"), sample);
      gtk_box_append (GTK_BOX (text), text_label (files->str, "caption"));
    }

  if (show_items)
    {
      g_autofree char *line = yc_material_describe_items (material);

      if (line != NULL)
        gtk_box_append (GTK_BOX (text), text_label (line, "caption"));
    }

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  /* Translators: the check box beside a material the applicant has not brought */
  check = gtk_check_button_new_with_label (C_("material", "Missing"));
  gtk_widget_set_valign (check, GTK_ALIGN_START);
  gtk_widget_add_css_class (check, "missing-check");
  g_object_set_data_full (G_OBJECT (check), "material", g_strdup (name), g_free);
  /* Translators: tooltip of the Missing check box */
  gtk_widget_set_tooltip_text (check, _("Tick when the applicant has not brought it: it goes on the one-time notice"));
  g_signal_connect (check, "toggled", G_CALLBACK (on_missing_toggled_cb), self);
  /* Eleven check boxes all read "Missing" tell a screen reader's user nothing: each is
   * named after its material, once (not also by its label). */
  {
    /* Translators: how a screen reader names the Missing check box of a material; %s is
     * the material */
    g_autofree char *check_name = g_strdup_printf (_("Missing: %s"), name);

    gtk_accessible_reset_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_name, -1);
  }
  gtk_box_append (GTK_BOX (box), check);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_hash_table_insert (self->checks, g_strdup (name), check);

  /* Translators: how a screen reader names a row of the checklist */
  accessible = g_strdup_printf (_("%s, %s"), name, form);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return row;
}

static void
add_materials (YcGuideView *self,
               gboolean     show_items)
{
  GtkWidget *section;
  GtkWidget *list;
  guint n = self->materials->len;
  g_autofree char *title = NULL;

  /* Translators: heading of the materials checklist; %u: how many materials */
  title = g_strdup_printf (ngettext ("Materials (%u)", "Materials (%u)", n), n);
  section = add_section (self, title);

  if (n == 0)
    {
      gtk_box_append (GTK_BOX (section),
                      text_label (_("No materials are needed."), "dim-label"));
      return;
    }

  gtk_box_append (GTK_BOX (section),
                  text_label (_("Tick what the applicant has not brought: the one-time notice "
                                "lists it all at once, with what each needs to be."),
                              "dim-label"));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (on_material_activated_cb), self);

  for (guint i = 0; i < n; i++)
    {
      const YcMaterial *material = g_ptr_array_index (self->materials, i);

      /* Merged materials all have a name. */
      gtk_list_box_append (GTK_LIST_BOX (list), material_row (self, material, show_items));
    }
  gtk_box_append (GTK_BOX (section), list);
}

/* ---- An item ---- */

static void
add_item_facts (YcGuideView  *self,
                const YcItem *item)
{
  GtkWidget *row = facts_row (4, TRUE);
  gint64 legal = item->legal_days;
  const char *fee = item->fee;
  const char *depth = item->online_depth;
  /* Not given: on the spot, and one visit. */
  g_autofree char *promised = describe_days (item->promised_days >= 0 ? item->promised_days : 0);
  g_autofree char *legal_text = NULL;
  g_autofree char *legal_days = NULL;
  g_autofree char *visits = describe_visits (item->visits >= 0 ? item->visits : 1);

  if (legal >= 0)
    {
      legal_days = describe_days (legal);
      /* Translators: under the promised time limit: the legal one, e.g. 法定：3 个工作日 */
      legal_text = g_strdup_printf (_("Legal limit: %s"), legal_days);
    }

  /* Translators: fact card captions of a guide */
  add_fact (row, fact_card (_("Promised Time"), promised, TRUE, legal_text, legal_days));
  add_fact (row, fact_card (_("Visits"), visits, TRUE, NULL, NULL));
  add_fact (row, fact_card (_("Fee"), fee ? fee : _("Not stated"), FALSE, NULL, NULL));
  add_fact (row, fact_card (_("Online Service"), depth ? depth : _("Not stated"), FALSE,
                            item->commitment
                              /* Translators: 告知承诺制: a commitment may replace proof */
                              ? _("Commitment accepted instead of proof") : NULL, NULL));
  gtk_box_append (self->content, row);
}

static void
add_item_guide (YcGuideView  *self,
                const YcItem *item)
{
  GtkWidget *section;

  if (item->conditions[0] != NULL)
    {
      section = add_section (self, _("Conditions"));
      add_string_list (section, item->conditions, FALSE);
    }

  add_materials (self, FALSE);

  if (item->process[0] != NULL)
    {
      section = add_section (self, _("Steps"));
      add_string_list (section, item->process, TRUE);
    }

  if (item->legal_basis[0] != NULL)
    {
      section = add_section (self, _("Legal Basis"));
      add_string_list (section, item->legal_basis, FALSE);
    }

  if (item->faq->len > 0)
    {
      /* Translators: heading of the questions applicants often ask */
      section = add_section (self, _("Frequent Questions"));
      for (guint i = 0; i < item->faq->len; i++)
        {
          const YcFaq *faq = &g_array_index (item->faq, YcFaq, i);

          if (faq->q != NULL)
            gtk_box_append (GTK_BOX (section), text_label (faq->q, "heading"));
          if (faq->a != NULL)
            gtk_box_append (GTK_BOX (section), text_label (faq->a, NULL));
        }
    }

  section = add_section (self, _("Where and When"));
  {
    GtkWidget *grid = gtk_grid_new ();
    const struct { const char *caption; const char *value; } lines[] = {
      /* Translators: captions of the place-and-time block of a guide */
      { _("Place"), item->place },
      { _("Hours"), item->hours },
      { _("Enquiries"), item->phone },
      { _("Complaints"), item->complaint_phone },
    };
    int row = 0;

    gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        GtkWidget *value;

        if (lines[i].value == NULL || *lines[i].value == '\0')
          continue;
        gtk_grid_attach (GTK_GRID (grid), text_label (lines[i].caption, "dim-label"), 0, row, 1, 1);
        value = text_label (lines[i].value, NULL);
        gtk_label_set_selectable (GTK_LABEL (value), TRUE);
        gtk_widget_set_hexpand (value, TRUE);
        gtk_grid_attach (GTK_GRID (grid), value, 1, row, 1, 1);
        row++;
      }
    gtk_box_append (GTK_BOX (section), grid);
  }
}

/* ---- A package ---- */

static void
on_item_activated_cb (GtkListBox    *box,
                      GtkListBoxRow *row,
                      YcGuideView   *self)
{
  const char *code = g_object_get_data (G_OBJECT (row), "code");

  if (code != NULL)
    g_signal_emit (self, signals[OPEN_GUIDE], 0, (int) YC_CATALOGUE_ITEM, code);
}

static void
add_package (YcGuideView     *self,
             const YcPackage *package)
{
  const char *description = package->description;
  GPtrArray *fields = package->fields;
  g_autofree char *promised = describe_days (package->promised_days >= 0 ? package->promised_days : 0);
  g_autofree char *count = NULL;
  GtkWidget *row = facts_row (3, FALSE);
  GtkWidget *section;
  GtkWidget *list;
  guint n_items = g_strv_length (package->items);
  guint n_fields = fields->len;
  g_autoptr(GHashTable) departments = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; self->items && i < self->items->len; i++)
    {
      const YcItem *item = g_ptr_array_index (self->items, i);

      if (item != NULL && item->department != NULL)
        g_hash_table_add (departments, item->department);
    }

  if (description != NULL)
    gtk_box_append (self->content, text_label (description, "guide-lead"));

  count = g_strdup_printf (ngettext ("%u item", "%u items", n_items), n_items);
  add_fact (row, fact_card (_("Promised Time"), promised, TRUE, NULL, NULL));
  {
    guint n_departments = g_hash_table_size (departments);
    g_autofree char *detail = g_strdup_printf (ngettext ("from %u department",
                                                         "from %u departments",
                                                         n_departments),
                                               n_departments);

    /* Translators: fact card of a package: how many items it bundles */
    add_fact (row, fact_card (_("Items"), count, TRUE, detail, NULL));
  }
  {
    g_autofree char *asked = g_strdup_printf (ngettext ("%u field", "%u fields", n_fields),
                                              n_fields);

    /* Translators: fact card of a package: one form for all of its items */
    add_fact (row, fact_card (_("One Form"), asked, TRUE, _("each asked once"), NULL));
  }
  gtk_box_append (self->content, row);

  add_materials (self, TRUE);

  /* Translators: heading of the list of items a package bundles */
  section = add_section (self, _("Items in This Package"));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect (list, "row-activated", G_CALLBACK (on_item_activated_cb), self);
  for (guint i = 0; i < n_items; i++)
    {
      const char *code = package->items[i];
      const YcItem *item = self->items && i < self->items->len ? g_ptr_array_index (self->items, i) : NULL;
      GtkWidget *item_row;

      item_row = adw_action_row_new ();
      /* Set before the title: a name from the catalogue is text, never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (item_row), FALSE);

      if (item != NULL)
        {
          g_autofree char *days = describe_days (item->promised_days >= 0 ? item->promised_days : 0);
          g_autofree char *subtitle = NULL;
          g_autofree char *name = yc_display_text (item->name);

          subtitle = g_strdup_printf ("%s · %s", code, days);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item_row), name);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (item_row), subtitle);
          adw_action_row_add_suffix (ADW_ACTION_ROW (item_row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item_row), TRUE);
          g_object_set_data_full (G_OBJECT (item_row), "code", g_strdup (code), g_free);
        }
      else
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item_row), code);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (item_row),
                                       _("Not in the catalogue on this computer"));
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (item_row), FALSE);
        }
      gtk_list_box_append (GTK_LIST_BOX (list), item_row);
    }
  gtk_box_append (GTK_BOX (section), list);


  if (n_fields > 0)
    {
      GtkWidget *flow = gtk_flow_box_new ();

      /* Translators: heading of the form fields a package asks once for all its items */
      section = add_section (self, _("Asked Once for All Items"));
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 12);
      for (guint i = 0; i < n_fields; i++)
        {
          const YcField *field = g_ptr_array_index (fields, i);
          GtkWidget *chip;

          if (field->label == NULL)
            continue;
          chip = pill (field->label, field->required ? "required" : NULL);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), chip);
          gtk_widget_set_can_focus (gtk_widget_get_parent (chip), FALSE);
        }
      gtk_box_append (GTK_BOX (section), flow);
      gtk_box_append (GTK_BOX (section),
                      text_label (_("Fields marked in colour are required."), "caption"));
    }
}

/* ---- Showing ---- */

static void
clear_content (YcGuideView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->content))))
    gtk_box_remove (self->content, child);
  g_hash_table_remove_all (self->missing);
  g_hash_table_remove_all (self->checks);
}

static void
update_favourite (YcGuideView *self)
{
  gboolean favourite = self->code != NULL &&
                       yc_guide_bookmarks_is_favourite (self->bookmarks, self->kind, self->code);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.favourite", self->code != NULL);
  gtk_toggle_button_set_active (self->favourite_button, favourite);
  gtk_button_set_icon_name (GTK_BUTTON (self->favourite_button),
                            favourite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->favourite_button),
                               favourite ? _("Remove from Favourites (Ctrl+D)")
                                         : _("Add to Favourites (Ctrl+D)"));
}

static void
render (YcGuideView *self)
{
  g_autoptr(GString) subtitle = g_string_new (self->code);
  const char *type = self->item != NULL ? self->item->type : NULL;

  clear_content (self);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  self->materials = yc_guide_merge_materials (self->items);

  g_free (self->title);
  self->title = g_strdup (self->package != NULL ? self->package->name : self->item->name);
  yc_display_set_label (self->title_label, self->title ? self->title : self->code);

  if (self->kind == YC_CATALOGUE_PACKAGE)
    /* Translators: after the code in a package's header */
    g_string_append_printf (subtitle, " · %s", _("One-thing package"));
  if (self->department != NULL)
    g_string_append_printf (subtitle, " · %s", self->department);
  if (type != NULL)
    g_string_append_printf (subtitle, " · %s", type);
  yc_display_set_label (self->subtitle_label, subtitle->str);

  if (self->package != NULL)
    add_package (self, self->package);
  else
    {
      add_item_facts (self, self->item);
      add_item_guide (self, self->item);
    }

  update_notice (self);
  update_favourite (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.print", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.export", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.start-intake", TRUE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "guide");
}

static void
set_nothing_shown (YcGuideView *self,
                   const char  *page)
{
  clear_content (self);
  g_clear_pointer (&self->package, yc_package_unref);
  g_clear_pointer (&self->item, yc_item_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->department_phone, g_free);

  {
    static const char *actions[] = {
      "guide.print", "guide.export", "guide.print-notice", "guide.export-notice",
      "guide.clear-missing", "guide.start-intake",
    };
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], FALSE);
  }
  update_favourite (self);
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
on_bodies_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcGuideView) self = user_data;
  g_autoptr(YcGuideBodies) bodies = NULL;
  g_autoptr(GError) error = NULL;

  bodies = yc_guide_bodies_read_finish (result, &error);
  if (bodies == NULL)
    {
      g_autofree char *message = NULL;

      /* A newer guide was asked for: this one is of no interest. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* What is shown stays. */
      message = yc_context_describe_error (error, _("The guide could not be read."));
      yc_desk_toast (GTK_WIDGET (self), message);
      return;
    }

  g_free (self->code);
  self->code = g_strdup (bodies->code);
  self->kind = bodies->kind;

  if (!yc_guide_bodies_found (bodies))
    {
      set_nothing_shown (self, "missing");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
      return;
    }

  g_clear_pointer (&self->package, yc_package_unref);
  self->package = g_steal_pointer (&bodies->package);
  g_clear_pointer (&self->item, yc_item_unref);
  self->item = g_steal_pointer (&bodies->item);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&bodies->items);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->department_phone, g_free);
  if (bodies->department != NULL)
    {
      self->department = g_strdup (bodies->department->name);
      self->department_phone = g_strdup (bodies->department->phone);
    }

  render (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

void
yc_guide_view_show (YcGuideView      *self,
                    YcCatalogueCache *cache,
                    YcCatalogueKind   kind,
                    const char       *code)
{
  g_return_if_fail (YC_IS_GUIDE_VIEW (self));
  g_return_if_fail (YC_IS_CATALOGUE_CACHE (cache));
  g_return_if_fail (kind == YC_CATALOGUE_ITEM || kind == YC_CATALOGUE_PACKAGE);
  g_return_if_fail (code != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  yc_guide_bodies_read_async (cache, kind, code, self->cancellable, on_bodies_read_cb, g_object_ref (self));
}

void
yc_guide_view_clear (YcGuideView *self)
{
  g_return_if_fail (YC_IS_GUIDE_VIEW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->code, g_free);
  set_nothing_shown (self, "empty");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
yc_guide_view_get_code (YcGuideView *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), NULL);
  return self->code;
}

YcCatalogueKind
yc_guide_view_get_kind (YcGuideView *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), YC_CATALOGUE_ITEM);
  return self->kind;
}

const char *
yc_guide_view_get_title (YcGuideView *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), NULL);
  return self->title;
}

GStrv
yc_guide_view_dup_materials (YcGuideView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), NULL);

  for (guint i = 0; self->materials && i < self->materials->len; i++)
    g_strv_builder_add (builder, ((YcMaterial *) g_ptr_array_index (self->materials, i))->name);
  return g_strv_builder_end (builder);
}

gboolean
yc_guide_view_set_missing (YcGuideView *self,
                           const char  *material,
                           gboolean     missing)
{
  GtkCheckButton *check;

  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), FALSE);
  g_return_val_if_fail (material != NULL, FALSE);

  if ((check = g_hash_table_lookup (self->checks, material)) == NULL)
    return FALSE;
  gtk_check_button_set_active (check, missing);
  return TRUE;
}

guint
yc_guide_view_get_missing_count (YcGuideView *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), 0);
  return g_hash_table_size (self->missing);
}

/* ---- Documents ---- */

/* The ticked materials, in checklist order: YcMaterial. */
static GPtrArray *
missing_materials (YcGuideView *self)
{
  GPtrArray *missing = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_unref);

  for (guint i = 0; self->materials && i < self->materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (self->materials, i);

      if (g_hash_table_contains (self->missing, material->name))
        g_ptr_array_add (missing, yc_material_ref (material));
    }
  return missing;
}

/* The enquiry phone of the guide: the item's own, else its department's; for a package
 * the first item's. */
static YcDocument *
new_notice (YcGuideView *self)
{
  g_autoptr(GPtrArray) missing = missing_materials (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  YcNoticeInfo info;

  yc_notice_info_init (&info, self->context, now);
  info.phone = yc_guide_items_phone (self->items) ? yc_guide_items_phone (self->items)
                                                  : self->department_phone;
  info.complaint_phone = yc_guide_items_complaint_phone (self->items);

  return yc_document_new_notice (self->title ? self->title : self->code, self->code,
                                 missing, &info);
}

static YcDocument *
new_guide (YcGuideView *self)
{
  YcNoticeInfo info;

  yc_notice_info_init (&info, self->context, NULL);
  if (self->package != NULL)
    return yc_document_new_package_guide (self->package, self->items, &info);
  return yc_document_new_guide (self->item, self->department, &info);
}

static GtkWindow *
parent_window (YcGuideView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

gboolean
yc_guide_view_export_notice (YcGuideView  *self,
                             const char   *path,
                             GError      **error)
{
  g_autoptr(YcDocument) doc = NULL;

  g_return_val_if_fail (YC_IS_GUIDE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!has_guide (self) || g_hash_table_size (self->missing) == 0)
    {
      g_set_error_literal (error, YC_ERROR, YC_ERROR_INVALID_INPUT,
                           _("Tick at least one missing material first."));
      return FALSE;
    }

  doc = new_notice (self);
  return yc_document_export_pdf (doc, path, parent_window (self), error);
}

/* guide.print and guide.print-notice: the system print dialog. */
static void
yc_guide_view_print (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  YcGuideView *self = YC_GUIDE_VIEW (widget);
  gboolean notice = g_str_equal (action_name, "guide.print-notice");
  g_autoptr(YcDocument) doc = NULL;

  if (!has_guide (self) || (notice && g_hash_table_size (self->missing) == 0))
    return;
  doc = notice ? new_notice (self) : new_guide (self);
  yc_document_print (doc, parent_window (self));
}

static void
yc_guide_view_export (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  YcGuideView *self = YC_GUIDE_VIEW (widget);
  g_autoptr(YcDocument) doc = NULL;

  if (!has_guide (self))
    return;
  if (g_str_equal (action_name, "guide.export-notice"))
    {
      if (g_hash_table_size (self->missing) == 0)
        return;
      doc = new_notice (self);
    }
  else
    doc = new_guide (self);

  yc_desk_save_pdf (GTK_WIDGET (self), doc);
}

static void
yc_guide_view_clear_missing (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  YcGuideView *self = YC_GUIDE_VIEW (widget);
  g_autoptr(GList) checks = g_hash_table_get_values (self->missing);

  for (GList *l = checks; l; l = l->next)
    gtk_check_button_set_active (l->data, FALSE);
}

static void
yc_guide_view_toggle_favourite (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  YcGuideView *self = YC_GUIDE_VIEW (widget);
  g_autoptr(YcGuideHit) hit = NULL;
  gboolean favourite;

  if (self->code == NULL || !has_guide (self))
    return;

  favourite = !yc_guide_bookmarks_is_favourite (self->bookmarks, self->kind, self->code);
  hit = yc_guide_hit_new (self->kind, self->code, self->title, self->department, NULL);
  yc_guide_bookmarks_set_favourite (self->bookmarks, hit, favourite);
  update_favourite (self);
  yc_desk_toast (GTK_WIDGET (self),
                 favourite ? _("Added to favourites") : _("Removed from favourites"));
}

/* ---- GObject ---- */

/* The package's item codes, or the item's own: what an intake of this guide covers. */
static GStrv
intake_items (YcGuideView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (self->package != NULL)
    g_strv_builder_addv (builder, (const char **) self->package->items);
  else
    g_strv_builder_add (builder, self->code);
  return g_strv_builder_end (builder);
}

static void
yc_guide_view_start_intake (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  YcGuideView *self = YC_GUIDE_VIEW (widget);
  g_auto(GStrv) items = NULL;

  if (self->code == NULL || !has_guide (self))
    return;
  items = intake_items (self);
  if (items[0] == NULL)
    return;
  yc_desk_start_intake (widget, self->kind == YC_CATALOGUE_PACKAGE ? self->code : NULL,
                        (const char * const *) items, yc_guide_view_get_title (self));
}

/* libadwaita 1.2 gives a split button's arrow its tooltip but no name: a screen reader
 * would read "button". It is named by the tooltip, which says what its menu holds. */
static void
name_dropdown (AdwSplitButton *button)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (button)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_split_button_get_dropdown_tooltip (button), -1);
}

static void
yc_guide_view_dispose (GObject *object)
{
  YcGuideView *self = (YcGuideView *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_GUIDE_VIEW);

  G_OBJECT_CLASS (yc_guide_view_parent_class)->dispose (object);
}

static void
yc_guide_view_finalize (GObject *object)
{
  YcGuideView *self = (YcGuideView *) object;

  g_clear_object (&self->context);
  g_clear_object (&self->bookmarks);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->package, yc_package_unref);
  g_clear_pointer (&self->item, yc_item_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->department_phone, g_free);
  g_clear_pointer (&self->materials, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (yc_guide_view_parent_class)->finalize (object);
}

static void
yc_guide_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YcGuideView *self = YC_GUIDE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_BOOKMARKS:
      g_value_set_object (value, self->bookmarks);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_MISSING_COUNT:
      g_value_set_uint (value, g_hash_table_size (self->missing));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_guide_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  YcGuideView *self = YC_GUIDE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_BOOKMARKS:
      self->bookmarks = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_guide_view_class_init (YcGuideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_guide_view_dispose;
  object_class->finalize = yc_guide_view_finalize;
  object_class->get_property = yc_guide_view_get_property;
  object_class->set_property = yc_guide_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, YC_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BOOKMARKS] =
    g_param_spec_object ("bookmarks", NULL, NULL, YC_TYPE_GUIDE_BOOKMARKS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MISSING_COUNT] =
    g_param_spec_uint ("missing-count", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Asks the page to open another guide (an item of the package shown). */
  signals[OPEN_GUIDE] =
    g_signal_new ("open-guide",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/yichuang/Desk/ui/yc-guide-view.ui");
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, stack);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, missing_page);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, title_label);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, favourite_button);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, notice_button);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, print_button);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, notice_content);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, scroller);
  gtk_widget_class_bind_template_child (widget_class, YcGuideView, content);

  gtk_widget_class_install_action (widget_class, "guide.print", NULL, yc_guide_view_print);
  gtk_widget_class_install_action (widget_class, "guide.export", NULL, yc_guide_view_export);
  gtk_widget_class_install_action (widget_class, "guide.print-notice", NULL, yc_guide_view_print);
  gtk_widget_class_install_action (widget_class, "guide.export-notice", NULL, yc_guide_view_export);
  gtk_widget_class_install_action (widget_class, "guide.clear-missing", NULL, yc_guide_view_clear_missing);
  gtk_widget_class_install_action (widget_class, "guide.favourite", NULL, yc_guide_view_toggle_favourite);
  gtk_widget_class_install_action (widget_class, "guide.start-intake", NULL, yc_guide_view_start_intake);

  /* Its shortcuts are the page's (yc-guides-page.c): they work from the search field too. */

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "guideview");
}

static void
yc_guide_view_init (YcGuideView *self)
{
  self->cancellable = g_cancellable_new ();
  self->missing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  name_dropdown (self->print_button);
  name_dropdown (self->notice_button);
  set_nothing_shown (self, "empty");
}

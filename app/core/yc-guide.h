/* yc-guide.h: catalogue entries read for people: the materials of several items merged
 * into one checklist, the fields of a package and its items merged into one form and
 * grouped, and the words for a material's flags. They work on the typed values of
 * yc-catalogue-values.h. */
#pragma once

#include <json-glib/json-glib.h>

#include "yc-catalogue-values.h"
#include "yc-translation.h"

G_BEGIN_DECLS

/* The materials of items (YcItem, in order; NULL entries are skipped), one per distinct
 * name: a material several items ask for is collected once. Each is a new YcMaterial with
 * the fields of the first item's material, where required is TRUE when any item requires
 * it, deferrable only when every item asking for it allows it, count is the largest,
 * form is original_and_copy when the items disagree, note joins the different notes,
 * template and sample are the first given, and for_items / for_codes name the items
 * using it, in order. Materials without a name are left out. Returns YcMaterial. */
GPtrArray  *yc_guide_merge_materials      (GPtrArray          *items);

/* The form of an intake spanning the items codes (NULL-terminated): the fields of
 * packages (YcPackage) then items (YcItem; NULL entries are skipped; either array may be
 * NULL) that apply to any of them, each key once, in the order they first come. A
 * package's field without items applies to every item; an item's field without it, to
 * that item. Each is a new YcField with the fields of the first field of that key, where
 * required is TRUE when any source requires it and items lists the codes among codes it
 * serves. Fields without a key are left out. Returns YcField. */
GPtrArray  *yc_guide_merge_fields         (GPtrArray          *packages,
                                           GPtrArray          *items,
                                           const char * const *codes);

/* Fields laid out in groups: the fields of one person or thing (keys sharing a prefix
 * before their last "_", such as mother_name and mother_id) together, under the words
 * their labels start with ("母亲" of 母亲姓名, 母亲身份证号码), in the order they first
 * come; the other fields in one group without a title, where the first of them is. */
typedef struct
{
  char      *title;   /* NULL for the fields of no group */
  GPtrArray *fields;  /* YcField, new references to those grouped */
} YcFieldGroup;

void        yc_field_group_free           (YcFieldGroup       *group);
/* fields: YcField, may be NULL. Returns YcFieldGroup. */
GPtrArray  *yc_guide_group_fields         (GPtrArray          *fields);

/* "Original, 1" / "Copy, 2" / "Original and copy, 1": form and count, in labels' language
 * (NULL: the desk's, yc-translation.h). */
char       *yc_material_describe_form     (const YcMaterial   *material,
                                           const YcTranslation *labels);
/* "For: 企业设立登记, 印章刻制备案": the items a merged material is collected for (its
 * for_items); NULL when it names none. */
char       *yc_material_describe_items    (const YcMaterial   *material);
/* Who brings it: the applicant, the e-licence registry, or the hall; in labels' language. */
const char *yc_material_describe_source   (const YcMaterial   *material,
                                           const YcTranslation *labels);

/* Member access tolerant of absent or mistyped members, for the bodies that are no
 * catalogue entries (a case, a record): catalogue entries are read once, into the values
 * of yc-catalogue-values.h. */
const char *yc_guide_get_string           (JsonObject *object,
                                           const char *member);
gint64      yc_guide_get_int              (JsonObject *object,
                                           const char *member,
                                           gint64      fallback);
gboolean    yc_guide_get_boolean          (JsonObject *object,
                                           const char *member);
/* NULL when absent or not an array. */
JsonArray  *yc_guide_get_array            (JsonObject *object,
                                           const char *member);
/* The "guide" object of an item body, or NULL: for tests that write bodies. */
JsonObject *yc_guide_get_guide            (JsonObject *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcFieldGroup, yc_field_group_free)

G_END_DECLS

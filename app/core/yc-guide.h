/* yc-guide.h: catalogue bodies read for people: the materials of several items merged
 * into one checklist, and the words for a material's flags. Bodies are those the cache
 * validated (docs/api.md); a member of the wrong type reads as absent. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The materials of items (JsonObject bodies, in order), one per distinct name: a
 * material several items ask for is collected once. Each element is a new object with
 * the members of the first item's material, where "required" is TRUE when any item
 * requires it, "deferrable" only when every item asking for it allows it, "count" is the
 * largest, "form" is "original_and_copy" when the items disagree, "note" joins the
 * different notes, and "for_items" / "for_codes" name the items using it, in order. */
JsonArray  *yc_guide_merge_materials      (GPtrArray  *items);

/* The form of an intake spanning the items codes (NULL-terminated): the "fields" of
 * packages and items (JsonObject bodies) that apply to any of them, each key once, in
 * the order they first come. A package's field without "items" applies to every item;
 * an item's field without it, to that item. Each element is a new object with the
 * members of the first field of that key, where "required" is TRUE when any source
 * requires it and "items" lists the codes among codes it serves. */
JsonArray  *yc_guide_merge_fields         (GPtrArray          *packages,
                                           const char * const *codes);

/* Fields laid out in groups: the fields of one person or thing (keys sharing a prefix
 * before their last "_", such as mother_name and mother_id) together, under the words
 * their labels start with ("母亲" of 母亲姓名, 母亲身份证号码), in the order they first
 * come; the other fields in one group without a title, where the first of them is. */
typedef struct
{
  char      *title;   /* NULL for the fields of no group */
  GPtrArray *fields;  /* JsonObject, those of the array grouped */
} YcFieldGroup;

void        yc_field_group_free           (YcFieldGroup       *group);
/* Returns YcFieldGroup. */
GPtrArray  *yc_guide_group_fields         (JsonArray          *fields);

/* "Original, 1" / "Copy, 2" / "Original and copy, 1": form and count. */
char       *yc_material_describe_form     (JsonObject *material);
/* "For: 企业设立登记, 印章刻制备案": the items a merged material is collected for (its
 * "for_items"); NULL when it names none. */
char       *yc_material_describe_items    (JsonObject *material);
/* Who brings it: the applicant, the e-licence registry, or the hall. */
const char *yc_material_describe_source   (JsonObject *material);

/* Member access tolerant of absent or mistyped members. */
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
/* The "guide" object of an item, or NULL. */
JsonObject *yc_guide_get_guide            (JsonObject *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcFieldGroup, yc_field_group_free)

G_END_DECLS

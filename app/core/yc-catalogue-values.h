/* yc-catalogue-values.h: the catalogue's entries as typed values — a department, an item
 * with its guide, a package (一件事), and the materials and form fields they hold —
 * decoded from their bodies (docs/api.md, "Catalogue") here and nowhere else, so that
 * the desk's pages and papers read fields, never wire names.
 *
 * Each value is reference counted and never changes once made: its fields are public to
 * read, never to write. Decoding tolerates what the cache's validation would not let
 * through anyway: an absent or mistyped member reads as absent (NULL, FALSE, an empty
 * list or the default the field's comment gives), an element of the wrong type in a list
 * is skipped, and no body is refused. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Who brings a material (its "source"): absent or unknown reads as the applicant. */
typedef enum
{
  YC_MATERIAL_SOURCE_APPLICANT,
  YC_MATERIAL_SOURCE_E_LICENCE,  /* fetched from the e-licence registry */
  YC_MATERIAL_SOURCE_HALL,       /* provided at the window */
} YcMaterialSource;

/* In what form (its "form"). UNSET, for a body without a known form, is shown as an
 * original but is not written into a case, and does not count as a disagreement when
 * materials are merged — as the members of the body were read before. */
typedef enum
{
  YC_MATERIAL_FORM_UNSET,
  YC_MATERIAL_FORM_ORIGINAL,
  YC_MATERIAL_FORM_COPY,
  YC_MATERIAL_FORM_ORIGINAL_AND_COPY,
} YcMaterialForm;

const char *yc_material_source_to_wire (YcMaterialSource source);
const char *yc_material_form_to_wire   (YcMaterialForm   form);  /* NULL for UNSET */

/* A material of an item's guide, or one of several items merged
 * (yc_guide_merge_materials()). */
typedef struct
{
  char             *name;        /* NULL only for a body without one */
  char             *note;
  char             *template_;   /* the blank form's file name */
  char             *sample;      /* the filled-in sample's file name */
  YcMaterialSource  source;
  YcMaterialForm    form;
  gint64            count;       /* sets; 0 when the body gives no count of at least 1 */
  gboolean          required;
  gboolean          deferrable;  /* may follow on a written commitment (容缺) */
  /* Merged materials only: the names and codes of the items that ask for it, in order;
   * NULL for one item's own material. */
  GStrv             for_items;
  GStrv             for_codes;
} YcMaterial;

/* A field of a package's or an item's form. */
typedef struct
{
  char     *key;       /* NULL only for a body without one */
  char     *label;
  char     *type;      /* text, id_number, phone, date, choice…; NULL when absent */
  gboolean  required;
  gboolean  reusable;  /* stays true of an applicant from case to case */
  GStrv     items;     /* the item codes it serves; NULL: every item of its source */
  GStrv     choices;   /* NULL when absent */
} YcField;

typedef struct
{
  char *q;
  char *a;
} YcFaq;

typedef struct
{
  char      *code;
  char      *name;
  char      *department;     /* the department's code */
  char      *type;           /* 行政许可, 公共服务… */
  gint64     legal_days;     /* -1 when absent */
  gint64     promised_days;  /* -1 when absent; 0 means on the spot */
  char      *fee;
  gint64     visits;         /* -1 when absent */
  char      *online_depth;
  gboolean   commitment;     /* 告知承诺: a commitment may stand in for proof */
  GStrv      keywords;       /* never NULL */
  GPtrArray *fields;         /* YcField; never NULL */

  /* The guide. Lists are never NULL; they keep every element of the right type, in
   * order (a material or a field without a name or key too: merges skip those, a paper
   * shows a dash). */
  GStrv      conditions;
  GPtrArray *materials;      /* YcMaterial; never NULL */
  GStrv      process;
  GStrv      legal_basis;
  GArray    *faq;            /* YcFaq, q or a may be NULL; never NULL */
  char      *place;
  char      *hours;
  char      *phone;
  char      *complaint_phone;
} YcItem;

typedef struct
{
  char      *code;
  char      *name;
  char      *short_name;
  char      *description;
  GStrv      items;          /* the item codes, in order; never NULL */
  gint64     promised_days;  /* -1 when absent */
  GPtrArray *fields;         /* YcField; never NULL */
} YcPackage;

typedef struct
{
  char *code;
  char *name;
  char *phone;
} YcDepartment;

#define YC_TYPE_MATERIAL   (yc_material_get_type ())
#define YC_TYPE_FIELD      (yc_field_get_type ())
#define YC_TYPE_ITEM       (yc_item_get_type ())
#define YC_TYPE_PACKAGE    (yc_package_get_type ())
#define YC_TYPE_DEPARTMENT (yc_department_get_type ())

GType         yc_material_get_type        (void) G_GNUC_CONST;
GType         yc_field_get_type           (void) G_GNUC_CONST;
GType         yc_item_get_type            (void) G_GNUC_CONST;
GType         yc_package_get_type         (void) G_GNUC_CONST;
GType         yc_department_get_type      (void) G_GNUC_CONST;

/* body NULL gives a value with nothing in it. */
YcMaterial   *yc_material_new_from_json   (JsonObject   *body);
YcMaterial   *yc_material_ref             (YcMaterial   *material);
void          yc_material_unref           (YcMaterial   *material);

YcField      *yc_field_new_from_json      (JsonObject   *body);
YcField      *yc_field_ref                (YcField      *field);
void          yc_field_unref              (YcField      *field);

YcItem       *yc_item_new_from_json       (JsonObject   *body);
YcItem       *yc_item_ref                 (YcItem       *item);
void          yc_item_unref               (YcItem       *item);

YcPackage    *yc_package_new_from_json    (JsonObject   *body);
YcPackage    *yc_package_ref              (YcPackage    *package);
void          yc_package_unref            (YcPackage    *package);

YcDepartment *yc_department_new_from_json (JsonObject   *body);
YcDepartment *yc_department_ref           (YcDepartment *department);
void          yc_department_unref         (YcDepartment *department);

/* For the merges of yc-guide.h, which build values of their own: a new material or
 * field with the members of from and nothing else. */
YcMaterial   *yc_material_copy            (const YcMaterial *from);
YcField      *yc_field_copy               (const YcField    *from);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcMaterial, yc_material_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcField, yc_field_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcItem, yc_item_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcPackage, yc_package_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcDepartment, yc_department_unref)

G_END_DECLS

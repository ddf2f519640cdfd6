/* yc-guide-hit.c: a row of the Guides page's lists. Properties for the row templates:
 * "name", "code", "details" (department · type, or that it is a package) and
 * "is-package". */
#include "config-desk.h"

#include "yc-guide-hit.h"

#include <string.h>

struct _YcGuideHit
{
  GObject          parent_instance;

  YcCatalogueKind  kind;
  char            *code;
  char            *name;
  char            *details;
};

G_DEFINE_FINAL_TYPE (YcGuideHit, yc_guide_hit, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_DETAILS,
  PROP_IS_PACKAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

YcGuideHit *
yc_guide_hit_new (YcCatalogueKind  kind,
                  const char      *code,
                  const char      *name,
                  const char      *department,
                  const char      *item_type)
{
  YcGuideHit *self;

  g_return_val_if_fail (code != NULL, NULL);

  self = g_object_new (YC_TYPE_GUIDE_HIT, NULL);
  self->kind = kind;
  self->code = g_strdup (code);
  self->name = g_strdup (name ? name : code);

  if (kind == YC_CATALOGUE_PACKAGE)
    /* Translators: the second line of a search result that is a package of items */
    self->details = g_strdup (_("One-thing package · several departments"));
  else if (department && *department && item_type && *item_type)
    self->details = g_strdup_printf ("%s · %s", department, item_type);
  else
    self->details = g_strdup (department && *department ? department
                              : item_type ? item_type : "");

  return self;
}

YcGuideHit *
yc_guide_hit_new_from_hit (const YcCatalogueHit *hit)
{
  g_return_val_if_fail (hit != NULL, NULL);

  return yc_guide_hit_new (hit->kind, hit->code, hit->name, hit->department_name,
                           hit->item_type);
}

YcCatalogueKind
yc_guide_hit_get_kind (YcGuideHit *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_HIT (self), YC_CATALOGUE_ITEM);
  return self->kind;
}

const char *
yc_guide_hit_get_code (YcGuideHit *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_HIT (self), NULL);
  return self->code;
}

const char *
yc_guide_hit_get_name (YcGuideHit *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_HIT (self), NULL);
  return self->name;
}

char *
yc_guide_hit_dup_key (YcGuideHit *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_HIT (self), NULL);
  return g_strconcat (yc_catalogue_kind_to_wire (self->kind), ":", self->code, NULL);
}

gboolean
yc_guide_hit_parse_key (const char       *key,
                        YcCatalogueKind  *kind,
                        char            **code)
{
  const char *colon;
  g_autofree char *wire = NULL;

  g_return_val_if_fail (kind != NULL && code != NULL, FALSE);

  if (key == NULL || (colon = strchr (key, ':')) == NULL || colon[1] == '\0')
    return FALSE;

  wire = g_strndup (key, colon - key);
  if (!yc_catalogue_kind_from_wire (wire, kind) ||
      (*kind != YC_CATALOGUE_ITEM && *kind != YC_CATALOGUE_PACKAGE))
    return FALSE;

  *code = g_strdup (colon + 1);
  return TRUE;
}

static void
yc_guide_hit_finalize (GObject *object)
{
  YcGuideHit *self = (YcGuideHit *) object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->details, g_free);

  G_OBJECT_CLASS (yc_guide_hit_parent_class)->finalize (object);
}

static void
yc_guide_hit_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcGuideHit *self = YC_GUIDE_HIT (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_IS_PACKAGE:
      g_value_set_boolean (value, self->kind == YC_CATALOGUE_PACKAGE);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_guide_hit_class_init (YcGuideHitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_guide_hit_finalize;
  object_class->get_property = yc_guide_hit_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_PACKAGE] =
    g_param_spec_boolean ("is-package", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_guide_hit_init (YcGuideHit *self)
{
}

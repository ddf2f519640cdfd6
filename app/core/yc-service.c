/* yc-service.c: a queue service with its waiting count, an item of list models. */
#include "yc-service.h"

#include "yc-error.h"
#include "yc-wire.h"

struct _YcService
{
  GObject parent_instance;

  char   *letter;
  char   *name;
  guint   waiting;
  GStrv   packages;
  char   *waiting_since;
  char   *detail;
  guint   expected_minutes;
};

G_DEFINE_FINAL_TYPE (YcService, yc_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LETTER,
  PROP_NAME,
  PROP_WAITING,
  PROP_PACKAGES,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_service_finalize (GObject *object)
{
  YcService *self = (YcService *) object;

  g_clear_pointer (&self->letter, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->packages, g_strfreev);
  g_clear_pointer (&self->waiting_since, g_free);
  g_clear_pointer (&self->detail, g_free);

  G_OBJECT_CLASS (yc_service_parent_class)->finalize (object);
}

static void
yc_service_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  YcService *self = YC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_LETTER:
      g_value_set_string (value, self->letter);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_PACKAGES:
      g_value_set_boxed (value, self->packages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_service_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  YcService *self = YC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_LETTER:
      self->letter = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_WAITING:
      yc_service_set_waiting (self, g_value_get_uint (value));
      break;
    case PROP_PACKAGES:
      yc_service_set_packages (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_service_class_init (YcServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_service_finalize;
  object_class->get_property = yc_service_get_property;
  object_class->set_property = yc_service_set_property;

  properties[PROP_LETTER] =
    g_param_spec_string ("letter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING] =
    g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PACKAGES] =
    g_param_spec_boxed ("packages", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A line shown under the name, set by whoever shows the service (the longest wait). */
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_service_init (YcService *self)
{
  self->packages = g_new0 (char *, 1);
}

YcService *
yc_service_new (const char *letter,
                const char *name,
                guint       waiting)
{
  return g_object_new (YC_TYPE_SERVICE,
                       "letter", letter,
                       "name", name,
                       "waiting", waiting,
                       NULL);
}

YcService *
yc_service_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(GStrvBuilder) packages = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  YcService *service;
  JsonObject *object;
  const char *letter;
  const char *name;
  gint64 waiting = 0;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "service is not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!(letter = yc_json_require_string (object, "letter", YC_ERROR_PROTOCOL, error)) ||
      !(name = yc_json_require_string (object, "name", YC_ERROR_PROTOCOL, error)))
    return NULL;
  if (json_object_has_member (object, "waiting") &&
      !yc_json_require_int (object, "waiting", &waiting, YC_ERROR_PROTOCOL, error))
    return NULL;
  if (waiting < 0 || waiting > G_MAXUINT)
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "waiting count out of range");
      return NULL;
    }

  if (json_object_has_member (object, "packages"))
    {
      JsonNode *member = json_object_get_member (object, "packages");
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (member) ? json_node_get_array (member) : NULL;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          JsonNode *code = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING)
            {
              array = NULL;
              break;
            }
          g_strv_builder_add (packages, json_node_get_string (code));
        }
      if (array == NULL)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "“packages” must be an array of strings");
          return NULL;
        }
    }

  service = yc_service_new (letter, name, (guint) waiting);
  yc_service_set_waiting_since (service, yc_json_optional_string (object, "waiting_since"));
  {
    gint64 expected = json_object_get_int_member_with_default (object, "expected_minutes", 0);

    if (expected < 0 || expected > 24 * 60)
      {
        g_object_unref (service);
        g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "expected_minutes out of range");
        return NULL;
      }
    yc_service_set_expected_minutes (service, (guint) expected);
  }
  codes = g_strv_builder_end (packages);
  yc_service_set_packages (service, (const char * const *) codes);
  return service;
}

const char *
yc_service_get_letter (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), NULL);
  return self->letter;
}

const char *
yc_service_get_name (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), NULL);
  return self->name;
}

guint
yc_service_get_waiting (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), 0);
  return self->waiting;
}

void
yc_service_set_waiting (YcService *self,
                        guint      waiting)
{
  g_return_if_fail (YC_IS_SERVICE (self));

  if (self->waiting == waiting)
    return;
  self->waiting = waiting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
}

const char *
yc_service_get_waiting_since (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), NULL);
  return self->waiting_since;
}

void
yc_service_set_waiting_since (YcService  *self,
                              const char *since)
{
  g_return_if_fail (YC_IS_SERVICE (self));
  g_free (self->waiting_since);
  self->waiting_since = g_strdup (since);
}

guint
yc_service_get_expected_minutes (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), 0);
  return self->expected_minutes;
}

void
yc_service_set_expected_minutes (YcService *self,
                                 guint      minutes)
{
  g_return_if_fail (YC_IS_SERVICE (self));
  self->expected_minutes = minutes;
}

const char *
yc_service_get_detail (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), NULL);
  return self->detail;
}

void
yc_service_set_detail (YcService  *self,
                       const char *detail)
{
  g_return_if_fail (YC_IS_SERVICE (self));

  if (g_strcmp0 (self->detail, detail) == 0)
    return;
  g_free (self->detail);
  self->detail = g_strdup (detail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

const char * const *
yc_service_get_packages (YcService *self)
{
  g_return_val_if_fail (YC_IS_SERVICE (self), NULL);
  return (const char * const *) self->packages;
}

void
yc_service_set_packages (YcService          *self,
                         const char * const *packages)
{
  g_return_if_fail (YC_IS_SERVICE (self));

  if (packages == NULL ? self->packages[0] == NULL
                       : g_strv_equal ((const char * const *) self->packages, packages))
    return;
  g_strfreev (self->packages);
  self->packages = packages != NULL ? g_strdupv ((GStrv) packages) : g_new0 (char *, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PACKAGES]);
}

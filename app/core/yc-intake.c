/* yc-intake.c: one intake in progress, and its draft (yc-intake.h). Every change emits
 * "changed", which the desk answers by saving the draft. */
#include "yc-intake.h"

#include "yc-error.h"
#include "yc-ident.h"
#include "yc-time.h"

#include <string.h>

#define DRAFT_VERSION 1

static const char *status_names[] = {
  "unset", "provided", "e_licence", "missing", "deferred", "committed",
};

const char *
yc_material_status_to_wire (YcMaterialStatus status)
{
  g_return_val_if_fail (status <= YC_MATERIAL_COMMITTED, "unset");
  return status_names[status];
}

gboolean
yc_material_status_from_wire (const char       *wire,
                              YcMaterialStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (wire, status_names[i]) == 0)
      {
        *status = (YcMaterialStatus) i;
        return TRUE;
      }
  return FALSE;
}

typedef struct
{
  YcMaterialStatus  status;
  guint             pages;
  char             *supplement_by;
} Material;

static void
material_free (gpointer data)
{
  Material *material = data;

  g_free (material->supplement_by);
  g_free (material);
}

struct _YcIntake
{
  GObject          parent_instance;

  char            *id;
  char            *started_at;
  char            *package;
  GStrv            items;
  char            *ticket;
  char            *title;
  YcApplicantType  applicant_type;
  gboolean         has_agent;
  GHashTable      *values;      /* key → value */
  GHashTable      *autofilled;  /* keys whose value came from the lookup */
  GHashTable      *materials;   /* name → Material */
};

G_DEFINE_FINAL_TYPE (YcIntake, yc_intake, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
yc_intake_finalize (GObject *object)
{
  YcIntake *self = (YcIntake *) object;

  g_free (self->id);
  g_free (self->started_at);
  g_free (self->package);
  g_strfreev (self->items);
  g_free (self->ticket);
  g_free (self->title);
  g_hash_table_unref (self->values);
  g_hash_table_unref (self->autofilled);
  g_hash_table_unref (self->materials);

  G_OBJECT_CLASS (yc_intake_parent_class)->finalize (object);
}

static void
yc_intake_class_init (YcIntakeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_intake_finalize;

  /**
   * YcIntake::changed:
   *
   * Something of the intake changed: time to save the draft.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yc_intake_init (YcIntake *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->autofilled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->materials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, material_free);
}

YcIntake *
yc_intake_new (const char         *package,
               const char * const *items,
               const char         *ticket)
{
  YcIntake *self;

  g_return_val_if_fail (items != NULL && items[0] != NULL, NULL);

  self = g_object_new (YC_TYPE_INTAKE, NULL);
  self->id = g_uuid_string_random ();
  self->started_at = yc_time_now_iso8601 ();
  self->package = g_strdup (package);
  self->items = g_strdupv ((char **) items);
  self->ticket = g_strdup (ticket);
  return self;
}

static void
changed (YcIntake *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

const char *
yc_intake_get_id (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  return self->id;
}

const char *
yc_intake_get_started_at (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  return self->started_at;
}

const char *
yc_intake_get_package (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  return self->package;
}

const char * const *
yc_intake_get_items (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  return (const char * const *) self->items;
}

const char *
yc_intake_get_ticket (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  return self->ticket;
}

const char *
yc_intake_get_title (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  return self->title;
}

void
yc_intake_set_title (YcIntake   *self,
                     const char *title)
{
  g_return_if_fail (YC_IS_INTAKE (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  changed (self);
}

/* Whether the value of key changed. */
static gboolean
store_value (YcIntake   *self,
             const char *key,
             const char *value)
{
  if (value == NULL || *value == '\0')
    return g_hash_table_remove (self->values, key);
  if (g_strcmp0 (g_hash_table_lookup (self->values, key), value) == 0)
    return FALSE;
  g_hash_table_insert (self->values, g_strdup (key), g_strdup (value));
  return TRUE;
}

/* The form's keys an applicant's key also answers, for an applicant of that type. */
static const struct
{
  YcApplicantType  type;
  const char      *field;
  const char      *applicant;
} field_sources[] = {
  { YC_APPLICANT_ENTERPRISE, "company_name", "applicant.name" },
  /* The demo catalogue's forms ask the applicant's phone again under these names; the
   * hall calls the number it was given once, whoever applies. */
  { YC_APPLICANT_PERSON, "contact_phone", "applicant.phone" },
  { YC_APPLICANT_ENTERPRISE, "contact_phone", "applicant.phone" },
  { YC_APPLICANT_PERSON, "applicant_phone", "applicant.phone" },
  { YC_APPLICANT_ENTERPRISE, "applicant_phone", "applicant.phone" },
  /* Packages (身后一件事, 村民建房, 水电气暖网联合报装) ask 申请人姓名 / 户主姓名 /
   * 报装人（单位）名称 and the applicant's ID number again in their own form: the
   * applicant's part answers them, for a person; an enterprise's name too. */
  { YC_APPLICANT_PERSON, "applicant_name", "applicant.name" },
  { YC_APPLICANT_ENTERPRISE, "applicant_name", "applicant.name" },
  { YC_APPLICANT_PERSON, "applicant_id", "applicant.id_number" },
};

/* The form's places that are not where the person lives: a person's look-up (by ID
 * number) never fills them with their home address, whatever the registry holds. An
 * enterprise's look-up fills its own 住所（经营场所）. */
static const char *not_a_home[] = {
  "address", "shop_address", "install_address", "property_address", NULL,
};

/* Keeps the two keys of a pair equal once one of them (key) changed: the record
 * carries both, the clerk types one. The other does not count as filled in for them. */
static void
follow_pair (YcIntake   *self,
             const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_sources); i++)
    if (field_sources[i].type == self->applicant_type)
      {
        const char *other = g_str_equal (key, field_sources[i].field) ? field_sources[i].applicant
                            : g_str_equal (key, field_sources[i].applicant) ? field_sources[i].field
                            : NULL;

        if (other == NULL)
          continue;
        store_value (self, other, g_hash_table_lookup (self->values, key));
        g_hash_table_remove (self->autofilled, other);
      }
}

YcApplicantType
yc_intake_get_applicant_type (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), YC_APPLICANT_PERSON);
  return self->applicant_type;
}

void
yc_intake_set_applicant_type (YcIntake        *self,
                              YcApplicantType  type)
{
  YcApplicantType was;

  g_return_if_fail (YC_IS_INTAKE (self));
  g_return_if_fail (type <= YC_APPLICANT_ENTERPRISE);

  if (self->applicant_type == type)
    return;
  was = self->applicant_type;
  self->applicant_type = type;
  /* The enterprise's name typed into the form before the applicant was known to be one
   * is its name as applicant too; else the name entered as applicant is the form's. A
   * field the applicant's part answered under the type before too holds only a copy of
   * that answer: the answer leads. */
  for (guint i = 0; i < G_N_ELEMENTS (field_sources); i++)
    if (field_sources[i].type == type)
      {
        gboolean copy = FALSE;

        for (guint j = 0; j < G_N_ELEMENTS (field_sources); j++)
          if (field_sources[j].type == was && g_str_equal (field_sources[j].field, field_sources[i].field) &&
              g_str_equal (field_sources[j].applicant, field_sources[i].applicant))
            copy = TRUE;
        follow_pair (self, !copy && g_hash_table_contains (self->values, field_sources[i].field)
                           ? field_sources[i].field : field_sources[i].applicant);
      }
  changed (self);
}

gboolean
yc_intake_get_has_agent (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), FALSE);
  return self->has_agent;
}

void
yc_intake_set_has_agent (YcIntake *self,
                         gboolean  has_agent)
{
  g_return_if_fail (YC_IS_INTAKE (self));

  if (self->has_agent == !!has_agent)
    return;
  self->has_agent = !!has_agent;
  changed (self);
}

const char *
yc_intake_get_value (YcIntake   *self,
                     const char *key)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->values, key);
}

void
yc_intake_set_value (YcIntake   *self,
                     const char *key,
                     const char *value)
{
  gboolean was_filled;

  g_return_if_fail (YC_IS_INTAKE (self));
  g_return_if_fail (key != NULL);

  /* Setting what the lookup filled in leaves the mark: the clerk only looked at it. */
  if (g_strcmp0 (g_hash_table_lookup (self->values, key), value) == 0)
    return;
  was_filled = g_hash_table_remove (self->autofilled, key);
  if (store_value (self, key, value) || was_filled)
    {
      follow_pair (self, key);
      changed (self);
    }
}

void
yc_intake_autofill (YcIntake   *self,
                    const char *key,
                    const char *value)
{
  g_return_if_fail (YC_IS_INTAKE (self));
  g_return_if_fail (key != NULL);

  /* What the clerk typed wins. */
  if (value == NULL || *value == '\0' ||
      (g_hash_table_contains (self->values, key) && !g_hash_table_contains (self->autofilled, key)))
    return;
  store_value (self, key, value);
  g_hash_table_add (self->autofilled, g_strdup (key));
  follow_pair (self, key);
  changed (self);
}

guint
yc_intake_fill_from_lookup (YcIntake           *self,
                            JsonNode           *answer,
                            const char * const *keys)
{
  static const char *parts[] = { "applicant", "fields" };
  JsonObject *root = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  JsonNode *found;
  guint filled = 0;
  gboolean person;

  g_return_val_if_fail (YC_IS_INTAKE (self), 0);

  found = root != NULL ? json_object_get_member (root, "found") : NULL;
  if (found == NULL || !JSON_NODE_HOLDS_VALUE (found) || json_node_get_value_type (found) != G_TYPE_BOOLEAN ||
      !json_node_get_boolean (found))
    return 0;
  {
    JsonNode *applicant = json_object_get_member (root, "applicant");
    JsonObject *object = applicant != NULL && JSON_NODE_HOLDS_OBJECT (applicant) ? json_node_get_object (applicant) : NULL;

    person = object == NULL || g_strcmp0 (json_object_get_string_member_with_default (object, "type", "person"),
                                          "enterprise") != 0;
  }
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      JsonNode *node = json_object_get_member (root, parts[p]);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          g_autofree char *key = p == 0 ? g_strconcat ("applicant.", member, NULL) : g_strdup (member);

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING ||
              keys == NULL || !g_strv_contains (keys, key) || g_hash_table_contains (self->values, key))
            continue;
          if (person && p == 1 && g_strv_contains ((const char * const *) not_a_home, key))
            continue;
          yc_intake_autofill (self, key, json_node_get_string (value));
          filled++;
        }
    }
  return filled;
}

gboolean
yc_intake_is_autofilled (YcIntake   *self,
                         const char *key)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), FALSE);
  return key != NULL && g_hash_table_contains (self->autofilled, key);
}

guint
yc_intake_count_autofilled (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), 0);
  return g_hash_table_size (self->autofilled);
}

YcMaterialStatus
yc_intake_get_material (YcIntake     *self,
                        const char   *name,
                        guint        *pages,
                        const char  **supplement_by)
{
  Material *material;

  g_return_val_if_fail (YC_IS_INTAKE (self), YC_MATERIAL_UNSET);
  g_return_val_if_fail (name != NULL, YC_MATERIAL_UNSET);

  material = g_hash_table_lookup (self->materials, name);
  if (pages != NULL)
    *pages = material != NULL ? material->pages : 0;
  if (supplement_by != NULL)
    *supplement_by = material != NULL ? material->supplement_by : NULL;
  return material != NULL ? material->status : YC_MATERIAL_UNSET;
}

void
yc_intake_set_material (YcIntake         *self,
                        const char       *name,
                        YcMaterialStatus  status,
                        guint             pages,
                        const char       *supplement_by)
{
  Material *material;

  g_return_if_fail (YC_IS_INTAKE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (status <= YC_MATERIAL_COMMITTED);

  if (status != YC_MATERIAL_PROVIDED)
    pages = 0;
  if (status != YC_MATERIAL_DEFERRED)
    supplement_by = NULL;

  material = g_hash_table_lookup (self->materials, name);
  if (status == YC_MATERIAL_UNSET)
    {
      if (g_hash_table_remove (self->materials, name))
        changed (self);
      return;
    }
  if (material != NULL && material->status == status && material->pages == pages &&
      g_strcmp0 (material->supplement_by, supplement_by) == 0)
    return;
  if (material == NULL)
    {
      material = g_new0 (Material, 1);
      g_hash_table_insert (self->materials, g_strdup (name), material);
    }
  material->status = status;
  material->pages = pages;
  g_free (material->supplement_by);
  material->supplement_by = g_strdup (supplement_by);
  changed (self);
}

const char *
yc_intake_get_applicant (YcIntake *self)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);

  /* A draft from before the enterprise's name was asked once may have it only here. */
  if (self->applicant_type == YC_APPLICANT_ENTERPRISE && !g_hash_table_contains (self->values, "applicant.name"))
    return g_hash_table_lookup (self->values, "company_name");
  return g_hash_table_lookup (self->values, "applicant.name");
}

const char *
yc_intake_get_field_source (YcIntake   *self,
                            const char *field_key)
{
  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);

  for (guint i = 0; field_key != NULL && i < G_N_ELEMENTS (field_sources); i++)
    if (field_sources[i].type == self->applicant_type && g_str_equal (field_sources[i].field, field_key))
      return field_sources[i].applicant;
  return NULL;
}

const char *
yc_intake_get_legal_rep_mismatch (YcIntake *self)
{
  const char *rep, *rep_id, *id_number, *holder;
  g_autofree char *rep_normal = NULL;
  g_autofree char *id_normal = NULL;

  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);

  rep = g_hash_table_lookup (self->values, "legal_rep_name");
  if (rep == NULL)
    return NULL;
  if (self->applicant_type == YC_APPLICANT_ENTERPRISE)
    /* The enterprise's own legal representative, as its look-up or the clerk gave it. */
    holder = g_hash_table_lookup (self->values, "applicant.legal_rep");
  else
    {
      /* The representative is the applicant when the form's ID number is theirs: the
       * name must be the one of that ID card. */
      rep_id = g_hash_table_lookup (self->values, "legal_rep_id");
      id_number = g_hash_table_lookup (self->values, "applicant.id_number");
      rep_normal = yc_ident_normalize (rep_id);
      id_normal = yc_ident_normalize (id_number);
      if (*rep_normal == '\0' || !g_str_equal (rep_normal, id_normal))
        return NULL;
      holder = g_hash_table_lookup (self->values, "applicant.name");
    }
  if (holder == NULL)
    return NULL;
  {
    g_autofree char *a = yc_ident_normalize (rep);
    g_autofree char *b = yc_ident_normalize (holder);

    return g_str_equal (a, b) ? NULL : holder;
  }
}

gboolean
yc_intake_material_on_notice (YcIntake         *self,
                              const YcMaterial *material)
{
  YcMaterialStatus status;

  g_return_val_if_fail (YC_IS_INTAKE (self), FALSE);
  g_return_val_if_fail (material != NULL, FALSE);

  if (material->name == NULL)
    return FALSE;
  /* The centre fetches an e-licence itself: the applicant is never sent for one. */
  if (material->source == YC_MATERIAL_SOURCE_E_LICENCE)
    return FALSE;
  status = yc_intake_get_material (self, material->name, NULL, NULL);
  return status == YC_MATERIAL_MISSING || status == YC_MATERIAL_DEFERRED ||
         (status == YC_MATERIAL_UNSET && material->required);
}

GPtrArray *
yc_intake_list_missing (YcIntake  *self,
                        GPtrArray *checklist)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *missing = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_material_unref);

  g_return_val_if_fail (YC_IS_INTAKE (self), missing);

  for (guint i = 0; checklist != NULL && i < checklist->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (checklist, i);

      if (!yc_intake_material_on_notice (self, material) ||
          !g_hash_table_add (listed, material->name))
        continue;
      g_ptr_array_add (missing, yc_material_ref (material));
    }
  return missing;
}

YcSupplementDay
yc_intake_check_supplement_day (YcWorkCalendar *calendar,
                                const GDate    *today,
                                const GDate    *due,
                                const GDate    *day)
{
  g_return_val_if_fail (calendar != NULL, YC_SUPPLEMENT_DAY_OFF);

  if (g_date_compare (day, today) <= 0)
    return YC_SUPPLEMENT_DAY_NOT_AFTER_TODAY;
  if (g_date_compare (day, due) > 0)
    return YC_SUPPLEMENT_DAY_AFTER_DUE;
  if (!yc_work_calendar_is_working_day (calendar, day))
    return YC_SUPPLEMENT_DAY_OFF;
  return YC_SUPPLEMENT_DAY_OK;
}

/* Drafts */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of table, sorted: a draft is written the same way twice. */
static const char **
sorted_keys (GHashTable *table)
{
  guint n = 0;
  const char **keys = (const char **) g_hash_table_get_keys_as_array (table, &n);

  qsort (keys, n, sizeof *keys, compare_strings);
  return keys;
}

JsonNode *
yc_intake_to_draft (YcIntake *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree const char **values = NULL;
  g_autofree const char **filled = NULL;
  g_autofree const char **materials = NULL;

  g_return_val_if_fail (YC_IS_INTAKE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, DRAFT_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, self->started_at);
  json_builder_set_member_name (builder, "package");
  if (self->package != NULL)
    json_builder_add_string_value (builder, self->package);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; self->items[i] != NULL; i++)
    json_builder_add_string_value (builder, self->items[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "ticket");
  if (self->ticket != NULL)
    json_builder_add_string_value (builder, self->ticket);
  else
    json_builder_add_null_value (builder);
  if (self->title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, self->title);
    }
  json_builder_set_member_name (builder, "applicant_type");
  json_builder_add_string_value (builder, self->applicant_type == YC_APPLICANT_ENTERPRISE
                                          ? "enterprise" : "person");
  json_builder_set_member_name (builder, "has_agent");
  json_builder_add_boolean_value (builder, self->has_agent);

  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  values = sorted_keys (self->values);
  for (guint i = 0; values[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, values[i]);
      json_builder_add_string_value (builder, g_hash_table_lookup (self->values, values[i]));
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "autofilled");
  json_builder_begin_array (builder);
  filled = sorted_keys (self->autofilled);
  for (guint i = 0; filled[i] != NULL; i++)
    json_builder_add_string_value (builder, filled[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "materials");
  json_builder_begin_object (builder);
  materials = sorted_keys (self->materials);
  for (guint i = 0; materials[i] != NULL; i++)
    {
      Material *material = g_hash_table_lookup (self->materials, materials[i]);

      json_builder_set_member_name (builder, materials[i]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, yc_material_status_to_wire (material->status));
      json_builder_set_member_name (builder, "pages");
      json_builder_add_int_value (builder, material->pages);
      if (material->supplement_by != NULL)
        {
          json_builder_set_member_name (builder, "supplement_by");
          json_builder_add_string_value (builder, material->supplement_by);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* The object member, or NULL when absent or not an object. */
static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
bad_draft (GError    **error,
           const char *what)
{
  g_set_error (error, YC_ERROR, YC_ERROR_STORAGE, "damaged intake draft: %s", what);
  return FALSE;
}

static gboolean
read_draft (YcIntake   *self,
            JsonObject *root,
            GError    **error)
{
  JsonNode *node;
  JsonArray *items;
  JsonObject *values, *materials;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  node = json_object_get_member (root, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) != DRAFT_VERSION)
    return bad_draft (error, "unknown version");
  if (get_string (root, "id") == NULL || get_string (root, "started_at") == NULL)
    return bad_draft (error, "no id");
  self->id = g_strdup (get_string (root, "id"));
  self->started_at = g_strdup (get_string (root, "started_at"));
  self->package = g_strdup (get_string (root, "package"));
  self->ticket = g_strdup (get_string (root, "ticket"));
  self->title = g_strdup (get_string (root, "title"));

  node = json_object_get_member (root, "items");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return bad_draft (error, "no items");
  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return bad_draft (error, "an item is not a code");
      g_ptr_array_add (codes, g_strdup (json_node_get_string (element)));
    }
  if (codes->len == 0)
    return bad_draft (error, "no items");
  g_ptr_array_add (codes, NULL);
  self->items = (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);

  self->applicant_type = g_strcmp0 (get_string (root, "applicant_type"), "enterprise") == 0
                         ? YC_APPLICANT_ENTERPRISE : YC_APPLICANT_PERSON;
  node = json_object_get_member (root, "has_agent");
  self->has_agent = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                    json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);

  if ((values = get_object (root, "values")) != NULL)
    {
      json_object_iter_init (&iter, values);
      while (json_object_iter_next (&iter, &key, &value))
        if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
          store_value (self, key, json_node_get_string (value));
    }
  node = json_object_get_member (root, "autofilled");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *filled = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (filled); i++)
        {
          JsonNode *element = json_array_get_element (filled, i);
          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING &&
              g_hash_table_contains (self->values, json_node_get_string (element)))
            g_hash_table_add (self->autofilled, g_strdup (json_node_get_string (element)));
        }
    }
  if ((materials = get_object (root, "materials")) != NULL)
    {
      json_object_iter_init (&iter, materials);
      while (json_object_iter_next (&iter, &key, &value))
        {
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
          YcMaterialStatus status;
          gint64 pages;

          if (object == NULL || !yc_material_status_from_wire (get_string (object, "status"), &status))
            continue;
          node = json_object_get_member (object, "pages");
          pages = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                  json_node_get_value_type (node) == G_TYPE_INT64 ? json_node_get_int (node) : 0;
          yc_intake_set_material (self, key, status, (guint) CLAMP (pages, 0, G_MAXUINT),
                                  get_string (object, "supplement_by"));
        }
    }
  return TRUE;
}

YcIntake *
yc_intake_new_from_draft (JsonNode  *draft,
                          GError   **error)
{
  g_autoptr(YcIntake) self = NULL;

  if (draft == NULL || !JSON_NODE_HOLDS_OBJECT (draft))
    {
      bad_draft (error, "not an object");
      return NULL;
    }
  self = g_object_new (YC_TYPE_INTAKE, NULL);
  if (!read_draft (self, json_node_get_object (draft), error))
    return NULL;
  return g_steal_pointer (&self);
}

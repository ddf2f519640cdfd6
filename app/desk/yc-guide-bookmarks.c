/* yc-guide-bookmarks.c: favourites and recents as two GListStores of YcGuideHit, written
 * back to GSettings as a(ss) — ("item:CODE", name) — on every change. Names are kept so
 * the lists show at once, before (or without) the catalogue. */
#include "config-desk.h"

#include "yc-guide-bookmarks.h"

#define FAVOURITES_KEY "favourite-guides"
#define RECENTS_KEY    "recent-guides"

struct _YcGuideBookmarks
{
  GObject     parent_instance;

  GSettings  *settings;
  GListStore *favourites;
  GListStore *recents;
};

G_DEFINE_FINAL_TYPE (YcGuideBookmarks, yc_guide_bookmarks, G_TYPE_OBJECT)

static void
load (YcGuideBookmarks *self,
      const char       *key,
      GListStore       *store,
      guint             max)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, key);
  GVariantIter iter;
  const char *id;
  const char *name;

  g_variant_iter_init (&iter, value);
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < max &&
         g_variant_iter_next (&iter, "(&s&s)", &id, &name))
    {
      g_autofree char *code = NULL;
      g_autoptr(YcGuideHit) hit = NULL;
      YcCatalogueKind kind;

      if (!yc_guide_hit_parse_key (id, &kind, &code))
        continue;
      hit = yc_guide_hit_new (kind, code, name, NULL, NULL);
      g_list_store_append (store, hit);
    }
}

static void
save (YcGuideBookmarks *self,
      const char       *key,
      GListStore       *store)
{
  GVariantBuilder builder;

  if (self->settings == NULL)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(YcGuideHit) hit = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *id = yc_guide_hit_dup_key (hit);

      g_variant_builder_add (&builder, "(ss)", id, yc_guide_hit_get_name (hit));
    }
  g_settings_set_value (self->settings, key, g_variant_builder_end (&builder));
}

static gboolean
find (GListStore      *store,
      YcCatalogueKind  kind,
      const char      *code,
      guint           *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(YcGuideHit) hit = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (yc_guide_hit_get_kind (hit) == kind &&
          g_strcmp0 (yc_guide_hit_get_code (hit), code) == 0)
        {
          if (position)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

YcGuideBookmarks *
yc_guide_bookmarks_new (GSettings *settings)
{
  YcGuideBookmarks *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (YC_TYPE_GUIDE_BOOKMARKS, NULL);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      load (self, FAVOURITES_KEY, self->favourites, G_MAXUINT);
      load (self, RECENTS_KEY, self->recents, YC_GUIDE_BOOKMARKS_MAX_RECENT);
    }
  return self;
}

GListModel *
yc_guide_bookmarks_get_favourites (YcGuideBookmarks *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_BOOKMARKS (self), NULL);
  return G_LIST_MODEL (self->favourites);
}

GListModel *
yc_guide_bookmarks_get_recents (YcGuideBookmarks *self)
{
  g_return_val_if_fail (YC_IS_GUIDE_BOOKMARKS (self), NULL);
  return G_LIST_MODEL (self->recents);
}

gboolean
yc_guide_bookmarks_is_favourite (YcGuideBookmarks *self,
                                 YcCatalogueKind   kind,
                                 const char       *code)
{
  g_return_val_if_fail (YC_IS_GUIDE_BOOKMARKS (self), FALSE);
  return find (self->favourites, kind, code, NULL);
}

void
yc_guide_bookmarks_set_favourite (YcGuideBookmarks *self,
                                  YcGuideHit       *hit,
                                  gboolean          favourite)
{
  guint position;
  gboolean found;

  g_return_if_fail (YC_IS_GUIDE_BOOKMARKS (self));
  g_return_if_fail (YC_IS_GUIDE_HIT (hit));

  found = find (self->favourites, yc_guide_hit_get_kind (hit), yc_guide_hit_get_code (hit),
                &position);
  if (found == !!favourite)
    return;

  if (favourite)
    g_list_store_append (self->favourites, hit);
  else
    g_list_store_remove (self->favourites, position);
  save (self, FAVOURITES_KEY, self->favourites);
}

void
yc_guide_bookmarks_add_recent (YcGuideBookmarks *self,
                               YcGuideHit       *hit)
{
  guint position;
  guint n;

  g_return_if_fail (YC_IS_GUIDE_BOOKMARKS (self));
  g_return_if_fail (YC_IS_GUIDE_HIT (hit));

  if (find (self->recents, yc_guide_hit_get_kind (hit), yc_guide_hit_get_code (hit), &position))
    {
      if (position == 0)
        return;
      g_list_store_remove (self->recents, position);
    }

  g_list_store_insert (self->recents, 0, hit);
  while ((n = g_list_model_get_n_items (G_LIST_MODEL (self->recents))) >
         YC_GUIDE_BOOKMARKS_MAX_RECENT)
    g_list_store_remove (self->recents, n - 1);
  save (self, RECENTS_KEY, self->recents);
}

static void
yc_guide_bookmarks_finalize (GObject *object)
{
  YcGuideBookmarks *self = (YcGuideBookmarks *) object;

  g_clear_object (&self->settings);
  g_clear_object (&self->favourites);
  g_clear_object (&self->recents);

  G_OBJECT_CLASS (yc_guide_bookmarks_parent_class)->finalize (object);
}

static void
yc_guide_bookmarks_class_init (YcGuideBookmarksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_guide_bookmarks_finalize;
}

static void
yc_guide_bookmarks_init (YcGuideBookmarks *self)
{
  self->favourites = g_list_store_new (YC_TYPE_GUIDE_HIT);
  self->recents = g_list_store_new (YC_TYPE_GUIDE_HIT);
}

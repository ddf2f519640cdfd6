/* yc-guide-load.c: reading a guide's entries (yc-guide-load.h): the entry first, then
 * the parts it names, side by side on the cache's reader; each body is decoded into its
 * typed value as it arrives. */
#include "config-desk.h"

#include "core/yc-error.h"

#include "yc-guide-load.h"

/* Items the catalogue lacks are NULL. */
static void
item_unref (gpointer item)
{
  if (item != NULL)
    yc_item_unref (item);
}

void
yc_guide_bodies_free (YcGuideBodies *bodies)
{
  if (bodies == NULL)
    return;
  g_free (bodies->code);
  g_clear_pointer (&bodies->package, yc_package_unref);
  g_clear_pointer (&bodies->item, yc_item_unref);
  g_clear_pointer (&bodies->items, g_ptr_array_unref);
  g_clear_pointer (&bodies->department, yc_department_unref);
  g_free (bodies);
}

gboolean
yc_guide_bodies_found (const YcGuideBodies *bodies)
{
  return bodies != NULL && (bodies->package != NULL || bodies->item != NULL);
}

const char *
yc_guide_bodies_get_name (const YcGuideBodies *bodies)
{
  if (bodies == NULL)
    return NULL;
  return bodies->package != NULL ? bodies->package->name
         : bodies->item != NULL ? bodies->item->name : NULL;
}

gint64
yc_guide_bodies_get_promised_days (const YcGuideBodies *bodies)
{
  if (bodies == NULL)
    return -1;
  return bodies->package != NULL ? bodies->package->promised_days
         : bodies->item != NULL ? bodies->item->promised_days : -1;
}

const char *
yc_guide_items_phone (GPtrArray *items)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      YcItem *item = g_ptr_array_index (items, i);

      if (item != NULL && item->phone != NULL)
        return item->phone;
    }
  return NULL;
}

const char *
yc_guide_items_complaint_phone (GPtrArray *items)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      YcItem *item = g_ptr_array_index (items, i);

      if (item != NULL && item->complaint_phone != NULL)
        return item->complaint_phone;
    }
  return NULL;
}

typedef struct
{
  YcGuideBodies *bodies;
  guint          pending;
  GError        *error;   /* the first read that failed */
} Read;

static void
read_free (Read *read)
{
  yc_guide_bodies_free (read->bodies);
  g_clear_error (&read->error);
  g_free (read);
}

static void
finish (GTask *task)
{
  Read *read = g_task_get_task_data (task);

  if (read->error != NULL)
    g_task_return_error (task, g_steal_pointer (&read->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&read->bodies), (GDestroyNotify) yc_guide_bodies_free);
}

/* A part: an item of the package (index ≥ 0) or the item's department (-1). */
typedef struct
{
  GTask *task;
  int    index;
} Part;

static void
on_part_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autofree Part *part = user_data;
  g_autoptr(GTask) task = part->task;
  Read *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object_body;

  /* Decoded here, once: what the pages get are values. */
  node = yc_catalogue_cache_get_finish (YC_CATALOGUE_CACHE (object), result, &error);
  object_body = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (object_body != NULL && part->index >= 0)
    g_ptr_array_index (read->bodies->items, part->index) = yc_item_new_from_json (object_body);
  else if (object_body != NULL)
    read->bodies->department = yc_department_new_from_json (object_body);
  else if (node == NULL && !g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND) && read->error == NULL)
    read->error = g_steal_pointer (&error);

  if (--read->pending == 0)
    finish (task);
}

static void
read_part (GTask           *task,
           YcCatalogueCache *cache,
           YcCatalogueKind  kind,
           const char      *code,
           int              index)
{
  Read *read = g_task_get_task_data (task);
  Part *part = g_new0 (Part, 1);

  part->task = g_object_ref (task);
  part->index = index;
  read->pending++;
  yc_catalogue_cache_get_async (cache, kind, code, g_task_get_cancellable (task), on_part_read_cb, part);
}

static void
on_entry_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcCatalogueCache *cache = YC_CATALOGUE_CACHE (object);
  Read *read = g_task_get_task_data (task);
  YcGuideBodies *bodies = read->bodies;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;

  body = yc_catalogue_cache_get_finish (cache, result, &error);
  if (body == NULL && !g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    {
      finish (task);
      return;
    }

  if (bodies->kind == YC_CATALOGUE_PACKAGE)
    {
      guint n;

      bodies->package = yc_package_new_from_json (json_node_get_object (body));
      n = g_strv_length (bodies->package->items);
      g_ptr_array_set_size (bodies->items, n);
      for (guint i = 0; i < n; i++)
        read_part (task, cache, YC_CATALOGUE_ITEM, bodies->package->items[i], (int) i);
    }
  else
    {
      bodies->item = yc_item_new_from_json (json_node_get_object (body));
      g_ptr_array_add (bodies->items, yc_item_ref (bodies->item));
      if (bodies->item->department != NULL)
        read_part (task, cache, YC_CATALOGUE_DEPARTMENT, bodies->item->department, -1);
    }

  if (read->pending == 0)
    finish (task);
}

void
yc_guide_bodies_read_async (YcCatalogueCache    *cache,
                            YcCatalogueKind      kind,
                            const char          *code,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (YC_IS_CATALOGUE_CACHE (cache));
  g_return_if_fail (kind == YC_CATALOGUE_ITEM || kind == YC_CATALOGUE_PACKAGE);
  g_return_if_fail (code != NULL);

  read = g_new0 (Read, 1);
  read->bodies = g_new0 (YcGuideBodies, 1);
  read->bodies->kind = kind;
  read->bodies->code = g_strdup (code);
  read->bodies->items = g_ptr_array_new_with_free_func (item_unref);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_guide_bodies_read_async);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  yc_catalogue_cache_get_async (cache, kind, code, cancellable, on_entry_read_cb, g_steal_pointer (&task));
}

YcGuideBodies *
yc_guide_bodies_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_guide_bodies_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GPtrArray *bodies;   /* JsonNode */
  guint      pending;
} CalendarRead;

static void
calendar_read_free (CalendarRead *read)
{
  g_ptr_array_unref (read->bodies);
  g_free (read);
}

static void
on_calendar_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CalendarRead *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  node = yc_catalogue_cache_get_finish (YC_CATALOGUE_CACHE (object), result, &error);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    g_ptr_array_add (read->bodies, node);
  else if (node != NULL)
    json_node_unref (node);

  if (--read->pending == 0)
    {
      g_autoptr(GPtrArray) objects = g_ptr_array_new ();

      for (guint i = 0; i < read->bodies->len; i++)
        g_ptr_array_add (objects, json_node_get_object (g_ptr_array_index (read->bodies, i)));
      g_task_return_pointer (task, yc_work_calendar_new (objects), (GDestroyNotify) yc_work_calendar_unref);
    }
}

void
yc_work_calendar_read_async (YcCatalogueCache    *cache,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  CalendarRead *read;

  g_return_if_fail (YC_IS_CATALOGUE_CACHE (cache));

  read = g_new0 (CalendarRead, 1);
  read->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_work_calendar_read_async);
  g_task_set_task_data (task, read, (GDestroyNotify) calendar_read_free);
  for (int year = g_date_time_get_year (now); year <= g_date_time_get_year (now) + 1; year++)
    {
      g_autofree char *code = g_strdup_printf ("%d", year);

      read->pending++;
      yc_catalogue_cache_get_async (cache, YC_CATALOGUE_CALENDAR, code, cancellable,
                                    on_calendar_read_cb, g_object_ref (task));
    }
}

YcWorkCalendar *
yc_work_calendar_read_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_work_calendar_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One package */

static void
on_package_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(YcPackage) package = NULL;

  node = yc_catalogue_cache_get_finish (YC_CATALOGUE_CACHE (object), result, &error);
  if (node == NULL && !g_error_matches (error, YC_ERROR, YC_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    package = yc_package_new_from_json (json_node_get_object (node));
  if (package != NULL && (package->name == NULL || package->items[0] == NULL))
    g_clear_pointer (&package, yc_package_unref);
  g_task_return_pointer (task, g_steal_pointer (&package), (GDestroyNotify) yc_package_unref);
}

void
yc_package_read_async (YcCatalogueCache    *cache,
                       const char          *code,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YC_IS_CATALOGUE_CACHE (cache));
  g_return_if_fail (code != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_package_read_async);
  yc_catalogue_cache_get_async (cache, YC_CATALOGUE_PACKAGE, code, cancellable, on_package_read_cb,
                                g_steal_pointer (&task));
}

YcPackage *
yc_package_read_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

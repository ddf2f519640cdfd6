/* yc-queue-targets.c: where the ticket at the window may be transferred, read from the
 * hall's windows and queues as the transfer dialog opens (docs/api.md, "Transfers"). */
#include "core/config-i18n.h"

#include "yc-queue.h"
#include "yc-queue-private.h"

#include "core/yc-wire.h"

void
yc_queue_target_free (YcQueueTarget *target)
{
  g_free (target->label);
  g_clear_pointer (&target->body, json_node_unref);
  g_free (target);
}

static void
add_target (GPtrArray  *targets,
            char       *label,
            const char *member,
            const char *text,
            gint64      number)
{
  YcQueueTarget *target = g_new0 (YcQueueTarget, 1);
  JsonObject *object = json_object_new ();

  if (text != NULL)
    json_object_set_string_member (object, member, text);
  else
    json_object_set_int_member (object, member, number);
  target->body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  target->label = label;
  g_ptr_array_add (targets, target);
}

/* The other services' queues, then the other windows, then the colleagues at them. */
static GPtrArray *
build_targets (YcQueue   *self,
               JsonNode  *windows_answer,
               GPtrArray *queues)
{
  const YcSession *session = yc_client_get_session (yc_queue_get_client (self));
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_queue_target_free);
  JsonNode *windows_node = json_object_get_member (json_node_get_object (windows_answer), "windows");
  JsonArray *windows = windows_node != NULL && JSON_NODE_HOLDS_ARRAY (windows_node)
                       ? json_node_get_array (windows_node) : NULL;
  YcTicket *current = yc_queue_get_current (self);
  const char *own = current != NULL ? yc_ticket_get_service (current) : NULL;

  for (guint i = 0; i < queues->len; i++)
    {
      YcService *queue = g_ptr_array_index (queues, i);

      if (g_strcmp0 (yc_service_get_letter (queue), own) != 0)
        /* Translators: a transfer target: a service's queue, e.g. “B 企业事务 (3 waiting)” */
        add_target (targets, g_strdup_printf (_("Queue %s %s (%u waiting)"), yc_service_get_letter (queue),
                                              yc_service_get_name (queue), yc_service_get_waiting (queue)),
                    "service", yc_service_get_letter (queue), 0);
    }
  for (guint pass = 0; pass < 2 && windows != NULL; pass++)
    for (guint i = 0; i < json_array_get_length (windows); i++)
      {
        JsonNode *element = json_array_get_element (windows, i);
        JsonObject *window = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
        JsonNode *clerk_node = window != NULL ? json_object_get_member (window, "clerk") : NULL;
        JsonObject *clerk = clerk_node != NULL && JSON_NODE_HOLDS_OBJECT (clerk_node)
                            ? json_node_get_object (clerk_node) : NULL;
        gint64 id = window != NULL ? json_object_get_int_member_with_default (window, "id", 0) : 0;
        const char *name = window != NULL ? yc_json_optional_string (window, "name") : NULL;

        if (id == 0 || name == NULL || (session != NULL && id == session->window_id))
          continue;
        if (pass == 0)
          add_target (targets,
                      clerk != NULL
                        /* Translators: a transfer target: a window, and who is at it */
                        ? g_strdup_printf (_("Window %s · %s"), name, yc_json_optional_string (clerk, "name"))
                        /* Translators: a transfer target: a window nobody is logged in at */
                        : g_strdup_printf (_("Window %s · nobody logged in"), name),
                      "window", NULL, id);
        else if (clerk != NULL && yc_json_optional_string (clerk, "id") != NULL)
          /* Translators: a transfer target: a colleague, wherever they are logged in; (at which window) */
          add_target (targets, g_strdup_printf (_("Colleague %s (at %s)"), yc_json_optional_string (clerk, "name"),
                                                name),
                      "clerk", yc_json_optional_string (clerk, "id"), 0);
      }
  return targets;
}

static void
on_target_queues_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) queues = yc_client_get_queues_finish (YC_CLIENT (object), result, &error);

  if (queues == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, build_targets (g_task_get_source_object (task), g_task_get_task_data (task), queues),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
on_target_windows_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *windows = yc_client_read_finish (YC_CLIENT (object), result, &error);
  GCancellable *cancellable;

  if (windows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, windows, (GDestroyNotify) json_node_unref);
  /* Read before the task is handed over: arguments have no order. */
  cancellable = g_task_get_cancellable (task);
  yc_client_get_queues_async (YC_CLIENT (object), cancellable, on_target_queues_cb, g_steal_pointer (&task));
}

void
yc_queue_read_targets_async (YcQueue             *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YC_IS_QUEUE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_queue_read_targets_async);
  yc_client_read_async (yc_queue_get_client (self), YC_CLIENT_READ_WINDOWS, cancellable, on_target_windows_cb, task);
}

GPtrArray *
yc_queue_read_targets_finish (YcQueue       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

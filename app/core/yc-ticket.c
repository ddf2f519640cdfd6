/* yc-ticket.c: a queue ticket decoded from, and encoded to, the wire. */
#include "yc-ticket.h"

#include <string.h>

#include "yc-error.h"
#include "yc-time.h"
#include "yc-wire.h"

struct _YcTicket
{
  GObject        parent_instance;

  gint64         id;
  char          *number;
  char          *service;
  YcTicketState  state;
  guint          calls;
  char          *priority;
  char          *appointment_at;
  char          *issued_at;
  char          *called_at;
  gint64         window;
  gboolean       walk_in;
  char          *parked_at;
  char          *note;
  char          *transferred_from_name;
  JsonNode      *story;       /* a scenario's citizen: a text (yc-scenario.h), or NULL */
};

G_DEFINE_FINAL_TYPE (YcTicket, yc_ticket, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NUMBER,
  PROP_SERVICE,
  PROP_CALLED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *state_names[] = { "waiting", "called", "finished", "no_show", "parked" };

static void
yc_ticket_finalize (GObject *object)
{
  YcTicket *self = (YcTicket *) object;

  g_clear_pointer (&self->number, g_free);
  g_clear_pointer (&self->service, g_free);
  g_clear_pointer (&self->issued_at, g_free);
  g_clear_pointer (&self->called_at, g_free);
  g_free (self->priority);
  g_free (self->appointment_at);
  g_free (self->parked_at);
  g_free (self->note);
  g_free (self->transferred_from_name);
  g_clear_pointer (&self->story, json_node_unref);

  G_OBJECT_CLASS (yc_ticket_parent_class)->finalize (object);
}

static void
yc_ticket_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YcTicket *self = YC_TICKET (object);

  switch (prop_id)
    {
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_CALLED_AT:
      g_value_set_string (value, self->called_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_ticket_class_init (YcTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_ticket_finalize;
  object_class->get_property = yc_ticket_get_property;

  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE] =
    g_param_spec_string ("service", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALLED_AT] =
    g_param_spec_string ("called-at", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_ticket_init (YcTicket *self)
{
}

const char *
yc_ticket_state_to_wire (YcTicketState state)
{
  g_return_val_if_fail (state <= YC_TICKET_PARKED, "waiting");
  return state_names[state];
}

gboolean
yc_ticket_state_from_wire (const char    *wire,
                           YcTicketState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (wire, state_names[i]) == 0)
      {
        *state = (YcTicketState) i;
        return TRUE;
      }
  return FALSE;
}

/* A ticket number is its service letter and a daily sequence of at least three digits. */
static gboolean
number_is_valid (const char *number)
{
  gsize len = strlen (number);

  if (len < 4 || len > 8 || !g_ascii_isupper (number[0]))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isdigit (number[i]))
      return FALSE;
  return TRUE;
}

YcTicket *
yc_ticket_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(YcTicket) self = NULL;
  g_autoptr(GDateTime) issued = NULL;
  JsonObject *object;
  const char *number, *service, *state, *issued_at, *called_at;
  gint64 id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket is not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!yc_json_require_int (object, "id", &id, YC_ERROR_PROTOCOL, error) ||
      !(number = yc_json_require_string (object, "number", YC_ERROR_PROTOCOL, error)) ||
      !(service = yc_json_require_string (object, "service", YC_ERROR_PROTOCOL, error)) ||
      !(issued_at = yc_json_require_string (object, "issued_at", YC_ERROR_PROTOCOL, error)))
    return NULL;

  /* The service is the queue it is in: another than its number's after a transfer. */
  if (id <= 0 || !number_is_valid (number) || strlen (service) != 1 || !g_ascii_isupper (service[0]))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket id, number or service is malformed");
      return NULL;
    }
  if (!(issued = yc_time_parse (issued_at)))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket issued_at is not a timestamp");
      return NULL;
    }

  self = g_object_new (YC_TYPE_TICKET, NULL);
  self->id = id;
  self->number = g_strdup (number);
  self->service = g_strdup (service);
  self->issued_at = g_strdup (issued_at);
  self->state = YC_TICKET_WAITING;

  state = yc_json_optional_string (object, "state");
  if (state != NULL && !yc_ticket_state_from_wire (state, &self->state))
    {
      g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "unknown ticket state");
      return NULL;
    }

  called_at = yc_json_optional_string (object, "called_at");
  if (called_at != NULL)
    {
      g_autoptr(GDateTime) called = yc_time_parse (called_at);
      if (called == NULL)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket called_at is not a timestamp");
          return NULL;
        }
      self->called_at = g_strdup (called_at);
    }

  {
    const char *priority = yc_json_optional_string (object, "priority");
    const char *appointment_at = yc_json_optional_string (object, "appointment_at");
    g_autoptr(GDateTime) slot = appointment_at ? yc_time_parse (appointment_at) : NULL;

    if (appointment_at != NULL && slot == NULL)
      {
        g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket appointment_at is not a timestamp");
        return NULL;
      }
    self->priority = g_strdup (priority);
    self->appointment_at = g_strdup (appointment_at);
  }

  if (json_object_has_member (object, "calls"))
    {
      gint64 calls;

      if (!yc_json_require_int (object, "calls", &calls, YC_ERROR_PROTOCOL, error))
        return NULL;
      if (calls < 0 || calls > G_MAXUINT16)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket calls out of range");
          return NULL;
        }
      self->calls = (guint) calls;
    }

  if (!yc_json_optional_int (object, "window", &self->window, YC_ERROR_PROTOCOL, error))
    return NULL;

  if (json_object_has_member (object, "walk_in"))
    {
      JsonNode *walk_in = json_object_get_member (object, "walk_in");

      if (!JSON_NODE_HOLDS_VALUE (walk_in) || json_node_get_value_type (walk_in) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, YC_ERROR, YC_ERROR_PROTOCOL, "ticket walk_in is not a boolean");
          return NULL;
        }
      self->walk_in = json_node_get_boolean (walk_in);
    }
  self->parked_at = g_strdup (yc_json_optional_string (object, "parked_at"));
  self->note = g_strdup (yc_json_optional_string (object, "note"));
  self->transferred_from_name = g_strdup (yc_json_optional_string (object, "transferred_from_name"));

  /* Read tolerantly: a story of the wrong shape is no reason to refuse the ticket. */
  {
    JsonNode *story = json_object_get_member (object, "story");

    if (story != NULL &&
        ((JSON_NODE_HOLDS_VALUE (story) && json_node_get_value_type (story) == G_TYPE_STRING) ||
         JSON_NODE_HOLDS_OBJECT (story)))
      self->story = json_node_copy (story);
  }

  return g_steal_pointer (&self);
}

JsonNode *
yc_ticket_to_json (YcTicket *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_TICKET (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, self->id);
  json_builder_set_member_name (builder, "number");
  json_builder_add_string_value (builder, self->number);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, self->service);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, yc_ticket_state_to_wire (self->state));
  json_builder_set_member_name (builder, "issued_at");
  json_builder_add_string_value (builder, self->issued_at);
  if (self->called_at != NULL)
    {
      json_builder_set_member_name (builder, "called_at");
      json_builder_add_string_value (builder, self->called_at);
    }
  if (self->priority != NULL)
    {
      json_builder_set_member_name (builder, "priority");
      json_builder_add_string_value (builder, self->priority);
    }
  if (self->appointment_at != NULL)
    {
      json_builder_set_member_name (builder, "appointment_at");
      json_builder_add_string_value (builder, self->appointment_at);
    }
  if (self->calls > 0)
    {
      json_builder_set_member_name (builder, "calls");
      json_builder_add_int_value (builder, self->calls);
    }
  if (self->window > 0)
    {
      json_builder_set_member_name (builder, "window");
      json_builder_add_int_value (builder, self->window);
    }
  if (self->walk_in)
    {
      json_builder_set_member_name (builder, "walk_in");
      json_builder_add_boolean_value (builder, TRUE);
    }
  {
    const char *names[] = { "parked_at", "note", "transferred_from_name" };
    const char *values[] = { self->parked_at, self->note, self->transferred_from_name };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      if (values[i] != NULL)
        {
          json_builder_set_member_name (builder, names[i]);
          json_builder_add_string_value (builder, values[i]);
        }
  }
  if (self->story != NULL)
    {
      json_builder_set_member_name (builder, "story");
      json_builder_add_value (builder, json_node_copy (self->story));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
yc_ticket_get_walk_in (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), FALSE);
  return self->walk_in;
}

const char *
yc_ticket_get_parked_at (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->parked_at;
}

const char *
yc_ticket_get_note (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->note;
}

const char *
yc_ticket_get_transferred_from_name (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->transferred_from_name;
}

gint64
yc_ticket_get_id (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), 0);
  return self->id;
}

const char *
yc_ticket_get_number (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->number;
}

const char *
yc_ticket_get_service (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->service;
}

YcTicketState
yc_ticket_get_state (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), YC_TICKET_WAITING);
  return self->state;
}

const char *
yc_ticket_get_issued_at (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->issued_at;
}

const char *
yc_ticket_get_called_at (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->called_at;
}

gint64
yc_ticket_get_window (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), 0);
  return self->window;
}

char *
yc_ticket_format_number (char  letter,
                         guint sequence)
{
  return g_strdup_printf ("%c%03u", letter, sequence);
}

guint
yc_ticket_get_calls (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), 0);
  return self->calls;
}

const char *
yc_ticket_get_priority (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->priority;
}

const char *
yc_ticket_get_appointment_at (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->appointment_at;
}

JsonNode *
yc_ticket_get_story (YcTicket *self)
{
  g_return_val_if_fail (YC_IS_TICKET (self), NULL);
  return self->story;
}

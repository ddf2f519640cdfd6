/* yc-outbox-entry.c: one record of the outbox with its state (yc-outbox-entry.h). */
#include "yc-outbox-entry.h"

struct _YcOutboxEntry
{
  GObject        parent_instance;

  YcRecord      *record;
  YcOutboxState  state;
  char          *message;
  char          *code;
  char          *case_number;
  gboolean       seen;
};

G_DEFINE_FINAL_TYPE (YcOutboxEntry, yc_outbox_entry, G_TYPE_OBJECT)

/* As the outbox's state column spells them. */
static const char *state_names[] = { "pending", "sent", "rejected", "not_applied" };

static void
yc_outbox_entry_finalize (GObject *object)
{
  YcOutboxEntry *self = (YcOutboxEntry *) object;

  g_clear_object (&self->record);
  g_free (self->message);
  g_free (self->code);
  g_free (self->case_number);
  G_OBJECT_CLASS (yc_outbox_entry_parent_class)->finalize (object);
}

static void
yc_outbox_entry_class_init (YcOutboxEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_outbox_entry_finalize;
}

static void
yc_outbox_entry_init (YcOutboxEntry *self)
{
}

YcOutboxEntry *
yc_outbox_entry_new (YcRecord      *record,
                     YcOutboxState  state,
                     const char    *message,
                     const char    *code,
                     const char    *case_number,
                     gboolean       seen)
{
  YcOutboxEntry *self;

  g_return_val_if_fail (YC_IS_RECORD (record), NULL);

  self = g_object_new (YC_TYPE_OUTBOX_ENTRY, NULL);
  self->record = g_object_ref (record);
  self->state = state;
  self->message = g_strdup (message);
  self->code = g_strdup (code);
  self->case_number = g_strdup (case_number);
  self->seen = seen;
  return self;
}

YcRecord *
yc_outbox_entry_get_record (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), NULL);
  return self->record;
}

const char *
yc_outbox_entry_get_id (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), NULL);
  return yc_record_get_id (self->record);
}

YcOutboxState
yc_outbox_entry_get_state (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), YC_OUTBOX_PENDING);
  return self->state;
}

const char *
yc_outbox_entry_get_message (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), NULL);
  return self->message;
}

const char *
yc_outbox_entry_get_code (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), NULL);
  return self->code;
}

const char *
yc_outbox_entry_get_case_number (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), NULL);
  return self->case_number;
}

gboolean
yc_outbox_entry_get_seen (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), FALSE);
  return self->seen;
}

gboolean
yc_outbox_entry_needs_attention (YcOutboxEntry *self)
{
  g_return_val_if_fail (YC_IS_OUTBOX_ENTRY (self), FALSE);
  return !self->seen && (self->state == YC_OUTBOX_REJECTED || self->state == YC_OUTBOX_NOT_APPLIED);
}

const char *
yc_outbox_state_to_string (YcOutboxState state)
{
  g_return_val_if_fail (state <= YC_OUTBOX_NOT_APPLIED, "pending");
  return state_names[state];
}

gboolean
yc_outbox_state_from_string (const char    *text,
                             YcOutboxState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *state = (YcOutboxState) i;
        return TRUE;
      }
  return FALSE;
}

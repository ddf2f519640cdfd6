/* yc-outbox-entry.h: one record of the desk's outbox as it stands: the record, whether the
 * server has it and applied it, why not, and the case number it gave. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "core/yc-record.h"

G_BEGIN_DECLS

typedef enum
{
  YC_OUTBOX_PENDING,      /* waiting to be pushed */
  YC_OUTBOX_SENT,         /* stored and applied by the server */
  YC_OUTBOX_REJECTED,     /* refused, by the server or as too large to send: never goes */
  YC_OUTBOX_NOT_APPLIED,  /* stored by the server, but it changed nothing there */
} YcOutboxState;

#define YC_TYPE_OUTBOX_ENTRY (yc_outbox_entry_get_type ())
G_DECLARE_FINAL_TYPE (YcOutboxEntry, yc_outbox_entry, YC, OUTBOX_ENTRY, GObject)

YcOutboxEntry *yc_outbox_entry_new             (YcRecord      *record,
                                                YcOutboxState  state,
                                                const char    *message,
                                                const char    *code,
                                                const char    *case_number,
                                                gboolean       seen);
YcRecord      *yc_outbox_entry_get_record      (YcOutboxEntry *self);
const char    *yc_outbox_entry_get_id          (YcOutboxEntry *self);
YcOutboxState  yc_outbox_entry_get_state       (YcOutboxEntry *self);
/* The server's reason (or the desk's, for a record too large), as given: English. */
const char    *yc_outbox_entry_get_message     (YcOutboxEntry *self);
/* not_applied: the server's code for why (docs/api.md), NULL otherwise. */
const char    *yc_outbox_entry_get_code        (YcOutboxEntry *self);
const char    *yc_outbox_entry_get_case_number (YcOutboxEntry *self);
/* A rejected or unapplied record the clerk has dealt with: no longer asks for attention. */
gboolean       yc_outbox_entry_get_seen        (YcOutboxEntry *self);
/* Whether the clerk should look at it: rejected or not applied, and not yet dismissed. */
gboolean       yc_outbox_entry_needs_attention (YcOutboxEntry *self);

const char    *yc_outbox_state_to_string       (YcOutboxState  state);
gboolean       yc_outbox_state_from_string     (const char    *text,
                                                YcOutboxState *state);

G_END_DECLS

/* yc-queue-private.h: what the queue's own files share. */
#pragma once

#include "net/yc-queue.h"

G_BEGIN_DECLS

YcClient *yc_queue_get_client (YcQueue *self);

G_END_DECLS

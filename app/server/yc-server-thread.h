/* yc-server-thread.h: a YcServer running on a thread of its own, with its own main context.
 * Demo mode embeds the server this way, and tests start and stop it this way. */
#pragma once

#include <gio/gio.h>

#include "server/yc-server.h"

G_BEGIN_DECLS

/* How many windows a simulated hall may keep for trainees. */
#define YC_SERVER_MAX_RESERVED 16

typedef struct
{
  const char *db_path;    /* SQLite file, created if missing */
  gboolean    demo_data;  /* seed from the built-in demo data when the database is empty */
  gboolean    simulate;   /* citizens take tickets every few seconds */
  /* With simulate: windows no simulated colleague takes (the trainees'), ending at the
   * first 0; and whether the simulator waits for yc_server_thread_simulate() (tests)
   * instead of running on a timer. */
  gint64      reserved_windows[YC_SERVER_MAX_RESERVED];
  gboolean    simulate_by_step;
  /* With simulate and reserved windows: a training scenario the trainees at them play
   * (docs/scenarios.md), a shipped one's name or a file, or NULL; its pace, scenario
   * seconds a second (0: 1); and whether a trainee may pause it and change its pace (the
   * desk's own demo) or only a duty manager. A scenario that cannot be read fails the
   * start. */
  const char *scenario;
  double      pace;
  gboolean    trainee_controls;
  /* With a scenario: not 0, a classroom's trainer's window: no colleague, no scenario
   * citizen there, and its clerk runs the training (GET and POST /training). */
  gint64      trainer_window;
  const char *host;       /* NULL: 127.0.0.1 */
  guint       port;       /* 0: a free port */
  YcServerConfig config;  /* limits and TLS; zero for the defaults */
} YcServerOptions;

typedef struct _YcServerThread YcServerThread;

/* Blocks until the server listens (or failed); start it from a worker to keep a UI responsive. */
YcServerThread *yc_server_thread_start     (const YcServerOptions *options,
                                            GError               **error);
void            yc_server_thread_start_async  (const YcServerOptions *options,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               user_data);
YcServerThread *yc_server_thread_start_finish (GAsyncResult          *result,
                                               GError               **error);
const char     *yc_server_thread_get_url   (YcServerThread        *self);
const char     *yc_server_thread_get_db_path (YcServerThread      *self);
/* The port it listens on: a reset of the demo starts its next server there. */
guint           yc_server_thread_get_port  (YcServerThread        *self);
/* Stops listening, waits for the thread and frees it. */
void            yc_server_thread_stop      (YcServerThread        *self);

/* Runs func on the server's thread, with its server, and returns once it has run: for
 * tests and the demo to act as the server itself (not from the server's thread). */
typedef void (*YcServerThreadFunc) (YcServer *server,
                                    gpointer  data);
void            yc_server_thread_invoke    (YcServerThread        *self,
                                            YcServerThreadFunc     func,
                                            gpointer               data);

/* With simulate_by_step: seconds of the simulated hall, run on the server's thread
 * before this returns. */
void            yc_server_thread_simulate  (YcServerThread        *self,
                                            guint                  seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcServerThread, yc_server_thread_stop)

G_END_DECLS

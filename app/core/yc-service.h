/* yc-service.h: a queue service (A general affairs, B enterprise affairs …) with its waiting
 * count and the packages (一件事) its citizens most often come for. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YC_TYPE_SERVICE (yc_service_get_type ())
G_DECLARE_FINAL_TYPE (YcService, yc_service, YC, SERVICE, GObject)

YcService  *yc_service_new            (const char *letter,
                                       const char *name,
                                       guint       waiting);
YcService  *yc_service_new_from_json  (JsonNode   *node,
                                       GError    **error);
const char *yc_service_get_letter     (YcService  *self);
const char *yc_service_get_name       (YcService  *self);
guint       yc_service_get_waiting    (YcService  *self);
/* Package codes, most likely first; never NULL, possibly empty. */
const char * const *yc_service_get_packages (YcService *self);
void        yc_service_set_packages   (YcService          *self,
                                       const char * const *packages);
void        yc_service_set_waiting    (YcService  *self,
                                       guint       waiting);
/* Since when the one who has waited longest waits (a timestamp), or NULL. */
const char *yc_service_get_waiting_since (YcService  *self);
void        yc_service_set_waiting_since (YcService  *self,
                                          const char *since);
/* How long a visit usually takes, in minutes; 0 when the hall does not say. */
guint       yc_service_get_expected_minutes (YcService *self);
void        yc_service_set_expected_minutes (YcService *self,
                                             guint      minutes);
const char *yc_service_get_detail     (YcService  *self);
void        yc_service_set_detail     (YcService  *self,
                                       const char *detail);

G_END_DECLS

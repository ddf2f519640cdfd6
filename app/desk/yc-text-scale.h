/* yc-text-scale.h: how large the desk's text is: GNOME's text-scaling-factor
 * (org.gnome.desktop.interface) times the desk's own zoom (Ctrl+plus, Ctrl+minus, Ctrl+0;
 * 0.8 to 2.0, kept in the desk's settings), applied to the display as GNOME's settings
 * daemon applies the factor: through GtkSettings' gtk-xft-dpi. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define YC_TEXT_ZOOM_MIN  0.8
#define YC_TEXT_ZOOM_MAX  2.0
#define YC_TEXT_ZOOM_STEP 0.1

#define YC_TYPE_TEXT_SCALE (yc_text_scale_get_type ())
G_DECLARE_FINAL_TYPE (YcTextScale, yc_text_scale, YC, TEXT_SCALE, GObject)

/* The one of the default display, made and applied on first use. */
YcTextScale *yc_text_scale_get_default         (void);
/* Keep the zoom in settings' "text-zoom" (the desk's schema), and take it from there;
 * NULL: in memory only. */
void         yc_text_scale_set_settings        (YcTextScale *self,
                                                GSettings   *settings);
double       yc_text_scale_get_zoom            (YcTextScale *self);
/* Clamped to YC_TEXT_ZOOM_MIN … YC_TEXT_ZOOM_MAX. */
void         yc_text_scale_set_zoom            (YcTextScale *self,
                                                double       zoom);
/* GNOME's text-scaling-factor when the desk applies it itself (X11 without a settings
 * daemon, which would have put it in the DPI already), else 1. */
double       yc_text_scale_get_system_factor   (YcTextScale *self);
/* What the text is scaled by in all: the factor the desk applies times the zoom. */
double       yc_text_scale_get_scale           (YcTextScale *self);

G_END_DECLS

/* cg-layers.h: where a kind of file a helpdesk edits is looked for. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folders for @kind ("profiles", "forms"), least important first: the
 * shipped folder (@env_var when set, else @shipped), then each system folder
 * (XDG_CONFIG_DIRS/claimguide/KIND: /etc/xdg, the most important last), then
 * the user's (~/.config/claimguide/KIND). */
GStrv cg_layer_dirs (const char *kind, const char *env_var, const char *shipped);

G_END_DECLS

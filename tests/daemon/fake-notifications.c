/* A notification server for tests: owns org.freedesktop.Notifications on the
 * session bus, records every notification, and invokes an action when the
 * test asks (org.claimguide.Test.Notifications.InvokeAction). */
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

static const char introspection[] =
  "<node>"
  " <interface name='org.freedesktop.Notifications'>"
  "  <method name='Notify'>"
  "   <arg direction='in' type='s'/><arg direction='in' type='u'/><arg direction='in' type='s'/>"
  "   <arg direction='in' type='s'/><arg direction='in' type='s'/><arg direction='in' type='as'/>"
  "   <arg direction='in' type='a{sv}'/><arg direction='in' type='i'/>"
  "   <arg direction='out' type='u'/>"
  "  </method>"
  "  <method name='CloseNotification'><arg direction='in' type='u'/></method>"
  "  <method name='GetCapabilities'><arg direction='out' type='as'/></method>"
  "  <method name='GetServerInformation'>"
  "   <arg direction='out' type='s'/><arg direction='out' type='s'/>"
  "   <arg direction='out' type='s'/><arg direction='out' type='s'/>"
  "  </method>"
  "  <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  " </interface>"
  " <interface name='org.claimguide.Test.Notifications'>"
  "  <method name='GetRecorded'><arg direction='out' type='a(ussas)'/></method>"
  "  <method name='InvokeAction'><arg direction='in' type='u'/><arg direction='in' type='s'/></method>"
  " </interface>"
  "</node>";

static GVariantBuilder *recorded;
static guint n_recorded, next_id = 1;

static void
on_call (GDBusConnection *c, const char *sender, const char *path, const char *iface,
         const char *method, GVariant *params, GDBusMethodInvocation *inv, gpointer data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *app, *icon, *summary, *body;
      guint32 replaces;
      g_autoptr(GVariant) actions = NULL, hints = NULL;
      gint32 timeout;
      guint id;
      g_variant_get (params, "(&su&s&s&s@as@a{sv}i)", &app, &replaces, &icon, &summary, &body,
                     &actions, &hints, &timeout);
      id = replaces != 0 ? replaces : next_id++;
      g_variant_builder_add (recorded, "(uss@as)", id, summary, body, actions);
      n_recorded++;
      g_dbus_method_invocation_return_value (inv, g_variant_new ("(u)", id));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };
      g_dbus_method_invocation_return_value (inv, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (inv, g_variant_new ("(ssss)", "fake", "claimguide", "1", "1.2"));
  else if (g_str_equal (method, "CloseNotification"))
    g_dbus_method_invocation_return_value (inv, NULL);
  else if (g_str_equal (method, "GetRecorded"))
    {
      /* Hand back a copy and keep recording. */
      GVariant *all = g_variant_builder_end (recorded);
      GVariantIter iter;
      GVariant *child;
      g_variant_builder_unref (recorded);
      recorded = g_variant_builder_new (G_VARIANT_TYPE ("a(ussas)"));
      g_variant_iter_init (&iter, all);
      while ((child = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_variant_builder_add_value (recorded, child);
          g_variant_unref (child);
        }
      g_dbus_method_invocation_return_value (inv, g_variant_new_tuple (&all, 1));
    }
  else if (g_str_equal (method, "InvokeAction"))
    {
      guint32 id;
      const char *action;
      g_variant_get (params, "(u&s)", &id, &action);
      g_dbus_connection_emit_signal (c, NULL, "/org/freedesktop/Notifications",
                                     "org.freedesktop.Notifications", "ActionInvoked",
                                     g_variant_new ("(us)", id, action), NULL);
      g_dbus_method_invocation_return_value (inv, NULL);
    }
}

static void
on_bus (GDBusConnection *c, const char *name, gpointer data)
{
  GDBusNodeInfo *info = data;
  static const GDBusInterfaceVTable vtable = { on_call, NULL, NULL, { 0 } };
  for (guint i = 0; info->interfaces[i] != NULL; i++)
    g_dbus_connection_register_object (c, "/org/freedesktop/Notifications", info->interfaces[i],
                                       &vtable, NULL, NULL, NULL);
}

static void
on_name (GDBusConnection *c, const char *name, gpointer data)
{
  g_print ("ready\n");
}

static void
on_lost (GDBusConnection *c, const char *name, gpointer data)
{
  g_printerr ("fake-notifications: lost %s\n", name);
  exit (1);
}

int
main (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GDBusNodeInfo *info = g_dbus_node_info_new_for_xml (introspection, NULL);

  setvbuf (stdout, NULL, _IONBF, 0);
  recorded = g_variant_builder_new (G_VARIANT_TYPE ("a(ussas)"));
  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                  on_bus, on_name, on_lost, info, NULL);
  g_main_loop_run (loop);
  return 0;
}

/* yc-print.c: a paper printed through the system dialog or saved as PDF (yc-print.h).
 *
 * Saving renders through the same print operation (GTK_PRINT_OPERATION_ACTION_EXPORT)
 * into a private temporary file, checks the PDF is whole, then writes it to its place
 * with g_file_replace_contents(): a full disk or a read-only folder comes back as a
 * GIOError the clerk can be told about, and a half-written PDF never replaces a good
 * one. */
#include "config-desk.h"

#include <string.h>

#include <glib/gstdio.h>

#include "yc-document-private.h"

/* ---- Printing ---- */

/* The printer and settings chosen last, for the next print: a clerk prints all day on
 * the same printer. */
static GtkPrintSettings *last_settings;

/* The print job's answer: whether the paper went to the printer. The operation is the
 * task's to keep until it is done. */
static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  result,
                  gpointer                 user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Answered: the run's own error path must not answer again. */
  g_signal_handlers_disconnect_by_func (operation, on_print_done_cb, user_data);
  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
      g_task_return_boolean (task, TRUE);
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (operation, &error);
      g_warning ("Printing failed: %s", error ? error->message : "unknown error");
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The paper could not be printed. Check the printer, then print it again."));
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Not printed");
      break;
    }
}

static GFile *default_folder (void);

GtkPrintSettings *
yc_document_new_print_settings (YcDocument       *doc,
                                GtkPrintSettings *last)
{
  GtkPrintSettings *settings = last ? gtk_print_settings_copy (last) : gtk_print_settings_new ();
  const char *last_uri = last ? gtk_print_settings_get (last, GTK_PRINT_SETTINGS_OUTPUT_URI) : NULL;
  g_autoptr(GFile) last_file = last_uri != NULL ? g_file_new_for_uri (last_uri) : NULL;
  g_autoptr(GFile) folder = last_file != NULL ? g_file_get_parent (last_file) : NULL;
  g_autofree char *name = yc_document_suggest_filename (doc);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  /* The folder the clerk printed to last, the paper's own name. */
  if (folder == NULL)
    folder = default_folder ();
  file = g_file_get_child (folder, name);
  uri = g_file_get_uri (file);

  /* The copies a paper needs are in it, each labelled: one print of it is enough. */
  gtk_print_settings_set_n_copies (settings, 1);
  /* GTK's own default is 输出.pdf in the current folder, the same for every paper. */
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  return settings;
}

void
yc_document_print_async (YcDocument         *doc,
                         GtkWindow          *parent,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPrintSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GtkPrintOperationResult result;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  operation = yc_document_new_print_operation (doc);
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, yc_document_print_async);
  g_task_set_task_data (task, g_object_ref (operation), g_object_unref);
  settings = yc_document_new_print_settings (doc, last_settings);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* "done" comes once, for every answer but an error of the run itself. */
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), g_object_ref (task));

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
    {
      g_warning ("Printing failed: %s", error->message);
      /* Unless "done" already answered, the task is answered here, and the reference its
       * handler held goes. */
      if (g_signal_handlers_disconnect_by_func (operation, on_print_done_cb, task) == 0)
        return;
      g_object_unref (task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The paper could not be printed. Check the printer, then print it again."));
    }
}

gboolean
yc_document_print_finish (GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_document_print_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
yc_document_print (YcDocument *doc,
                   GtkWindow  *parent)
{
  yc_document_print_async (doc, parent, NULL, NULL);
}

/* ---- Saving as PDF ---- */

/* The clerk's sentence for what went wrong writing file; the code stays. */
static GError *
save_error_new (const GError *error,
                GFile        *file)
{
  g_autofree char *where = file ? g_file_get_parse_name (file) : NULL;
  int code = error->domain == G_IO_ERROR ? error->code : G_IO_ERROR_FAILED;
  const char *message;

  if (code == G_IO_ERROR_CANCELLED)
    return g_error_copy (error);

  g_message ("Saving the PDF%s%s failed: %s", where ? " to " : "", where ? where : "", error->message);
  switch (code)
    {
    case G_IO_ERROR_NO_SPACE:
      message = _("The PDF could not be saved: the disk is full. Free some space, or save it "
                  "somewhere else, such as a USB stick.");
      break;
    case G_IO_ERROR_PERMISSION_DENIED:
    case G_IO_ERROR_READ_ONLY:
      message = _("The PDF could not be saved: this folder may not be written to. Choose another "
                  "folder, such as Documents.");
      break;
    case G_IO_ERROR_NOT_FOUND:
    case G_IO_ERROR_NOT_DIRECTORY:
    case G_IO_ERROR_NOT_MOUNTED:
      message = _("The PDF could not be saved: the folder is not there any more (a USB stick taken "
                  "out?). Choose another folder.");
      break;
    case G_IO_ERROR_INVALID_FILENAME:
    case G_IO_ERROR_FILENAME_TOO_LONG:
      message = _("The PDF could not be saved under this name. Choose a shorter name without "
                  "special characters.");
      break;
    case G_IO_ERROR_IS_DIRECTORY:
    case G_IO_ERROR_NOT_REGULAR_FILE:
      message = _("The PDF could not be saved: something that is not a file already has this "
                  "name. Choose another name.");
      break;
    default:
      message = _("The PDF could not be saved. Try again, or save it somewhere else; if it keeps "
                  "failing, ask the hall’s IT desk.");
      break;
    }
  return g_error_new_literal (G_IO_ERROR, code, message);
}

static gboolean
looks_whole (const char *contents,
             gsize       length)
{
  gsize tail = MIN (length, 64);

  return length > 64 && memcmp (contents, "%PDF-", 5) == 0 &&
         g_strstr_len (contents + length - tail, (gssize) tail, "%%EOF") != NULL;
}

/* The whole PDF, made in a private temporary file by the print operation. */
static GBytes *
render_pdf (YcDocument *doc,
            GtkWindow  *parent,
            GError    **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *contents = NULL;
  GtkPrintOperationResult result;
  gsize length = 0;
  gboolean ok;
  int fd;

  fd = g_file_open_tmp ("yichuang-print-XXXXXX.pdf", &tmp_path, &local);
  if (fd < 0)
    {
      g_propagate_error (error, save_error_new (local, NULL));
      return NULL;
    }
  g_close (fd, NULL);

  operation = yc_document_new_print_operation (doc);
  gtk_print_operation_set_export_filename (operation, tmp_path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, &local);
  ok = result != GTK_PRINT_OPERATION_RESULT_ERROR &&
       g_file_get_contents (tmp_path, &contents, &length, local ? NULL : &local) &&
       looks_whole (contents, length);
  g_unlink (tmp_path);

  if (!ok)
    {
      /* A PDF cut short: the temporary folder's disk is full, most likely. */
      if (local == NULL)
        local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "the PDF came out incomplete");
      g_propagate_error (error, save_error_new (local, NULL));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

gboolean
yc_document_export_pdf (YcDocument *doc,
                        const char *path,
                        GtkWindow  *parent,
                        GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((bytes = render_pdf (doc, parent, error)) == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  data = g_bytes_get_data (bytes, &length);
  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &local))
    {
      g_propagate_error (error, save_error_new (local, file));
      return FALSE;
    }
  return TRUE;
}

/* Where the clerk saved last in this run of the desk. */
static GFile *last_folder;

typedef struct
{
  YcDocument           *doc;
  GtkFileChooserNative *chooser;
  GSource              *cancel_source;
  GFile                *file;
} SaveData;

static void
save_data_free (gpointer user_data)
{
  SaveData *data = user_data;

  g_assert (data->chooser == NULL && data->cancel_source == NULL);
  yc_document_unref (data->doc);
  g_clear_object (&data->file);
  g_free (data);
}

static void on_chooser_response_cb (GtkNativeDialog *chooser,
                                    int              response,
                                    GTask           *task);

/* The question is over: the dialog and the wait for cancellation go. */
static void
end_dialog (GTask *task)
{
  SaveData *data = g_task_get_task_data (task);

  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
  if (data->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_func (data->chooser, on_chooser_response_cb, task);
      gtk_native_dialog_hide (GTK_NATIVE_DIALOG (data->chooser));
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
      g_clear_object (&data->chooser);
    }
}

static gboolean
on_save_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* The dialog's reference to the task. */
  g_autoptr(GTask) task = user_data;

  end_dialog (task);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GError) error = NULL;
  char *path;

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      g_task_return_error (task, save_error_new (error, file));
      return;
    }

  g_clear_object (&last_folder);
  last_folder = g_file_get_parent (file);
  path = g_file_get_path (file);
  g_task_return_pointer (task, path ? path : g_file_get_uri (file), g_free);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        GTask           *borrowed)
{
  /* The dialog's reference to the task. */
  g_autoptr(GTask) task = borrowed;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (response == GTK_RESPONSE_ACCEPT)
    data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  end_dialog (task);

  if (response != GTK_RESPONSE_ACCEPT || data->file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Not saved");
      return;
    }

  if ((bytes = render_pdf (data->doc, NULL, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, on_written_cb, g_steal_pointer (&task));
}

static GFile *
default_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (last_folder != NULL)
    return g_object_ref (last_folder);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

void
yc_document_save_pdf_async (YcDocument         *doc,
                            GtkWindow          *parent,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;
  SaveData *data;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_document_save_pdf_async);
  data = g_new0 (SaveData, 1);
  data->doc = yc_document_ref (doc);
  g_task_set_task_data (task, data, save_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  data->chooser = gtk_file_chooser_native_new (_("Save as PDF"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);

  folder = default_folder ();
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->chooser), folder, NULL);
  name = yc_document_suggest_filename (doc);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), name);

  /* The dialog holds a reference to the task until the first of its answer and the
   * cancellation; the other is then disconnected. */
  g_signal_connect (data->chooser, "response", G_CALLBACK (on_chooser_response_cb), task);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, (GSourceFunc) G_CALLBACK (on_save_cancelled_cb), task, NULL);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
  g_steal_pointer (&task);
}

char *
yc_document_save_pdf_finish (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_document_save_pdf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

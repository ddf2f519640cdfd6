/* yc-mask.c: ID and phone numbers are shown in full only inside the case form. */
#include "yc-mask.h"

#include <string.h>

static char *
mask_middle (const char *text,
             guint       keep_head,
             guint       keep_tail)
{
  g_autoptr(GString) out = NULL;
  glong len;

  if (text == NULL)
    return g_strdup ("");

  len = g_utf8_strlen (text, -1);
  if (len <= (glong) (keep_head + keep_tail))
    {
      /* Too short to keep anything and still hide something. */
      out = g_string_new (NULL);
      for (glong i = 0; i < len; i++)
        g_string_append_c (out, '*');
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  out = g_string_new (NULL);
  for (glong i = 0; i < len; i++)
    {
      const char *p = g_utf8_offset_to_pointer (text, i);
      if (i < (glong) keep_head || i >= len - (glong) keep_tail)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (out, '*');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
yc_mask_id_number (const char *id_number)
{
  return mask_middle (id_number, 4, 4);
}

char *
yc_mask_phone (const char *phone)
{
  return mask_middle (phone, 3, 4);
}

char *
yc_mask_text (const char *text)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0';)
    {
      const char *start = p;
      g_autofree char *run = NULL;
      g_autofree char *masked = NULL;
      gsize len;

      if (!g_ascii_isdigit (*p))
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }
      while (g_ascii_isdigit (*p))
        p++;
      /* An 18-digit ID number's check character. */
      if (p - start == 17 && (*p == 'X' || *p == 'x'))
        p++;
      len = p - start;
      run = g_strndup (start, len);
      if (len == 15 || len == 18)
        masked = yc_mask_id_number (run);
      else if (len == 11 && run[0] == '1')
        masked = yc_mask_phone (run);
      else if (len >= 7)
        masked = mask_middle (run, 0, 4);
      g_string_append (out, masked != NULL ? masked : run);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

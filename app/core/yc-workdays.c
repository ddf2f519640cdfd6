/* yc-workdays.c: the working-day calendar (yc-workdays.h). Days are kept by their
 * Julian day number. */
#include "yc-time.h"
#include "yc-workdays.h"

#include <string.h>

/* No promise runs longer: a bound against a runaway loop on a bad count. */
#define MAX_WORKING_DAYS 100000

typedef struct
{
  gboolean  working;  /* a make-up working day; else a holiday */
  char     *name;
} Day;

struct _YcWorkCalendar
{
  gatomicrefcount  ref_count;
  GHashTable      *days;   /* Julian day → Day */
  GHashTable      *years;  /* years known */
};

G_DEFINE_BOXED_TYPE (YcWorkCalendar, yc_work_calendar, yc_work_calendar_ref, yc_work_calendar_unref)

static void
day_free (gpointer data)
{
  Day *day = data;

  g_free (day->name);
  g_free (day);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

typedef struct
{
  guint32     julian;
  gboolean    working;
  const char *name;  /* the body's */
} Entry;

/* Appends the well-formed days of body's member to entries, and says how many fall in
 * year itself. A notice's days are of its year or of the December before: New Year's Day
 * may join the weekend before it (the 2019 notice gave 30 December 2018 to 1 January off
 * and had Saturday 29 December worked). */
static guint
read_days (JsonObject *body,
           const char *member,
           guint       year,
           gboolean    working,
           GArray     *entries)
{
  JsonNode *node = json_object_get_member (body, member);
  JsonArray *days;
  guint in_year = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0;
  days = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *element = json_array_get_element (days, i);
      JsonObject *object;
      GDate date;
      Entry entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      if (!yc_time_parse_date (string_member (object, "date"), &date))
        continue;
      if (g_date_get_year (&date) == year)
        in_year++;
      else if (g_date_get_year (&date) + 1u != year || g_date_get_month (&date) != G_DATE_DECEMBER)
        continue;
      entry.julian = g_date_get_julian (&date);
      entry.working = working;
      entry.name = string_member (object, "name");
      g_array_append_val (entries, entry);
    }
  return in_year;
}

YcWorkCalendar *
yc_work_calendar_new (GPtrArray *calendars)
{
  YcWorkCalendar *self = g_new0 (YcWorkCalendar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->days = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, day_free);
  self->years = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; calendars != NULL && i < calendars->len; i++)
    {
      JsonObject *body = g_ptr_array_index (calendars, i);
      JsonNode *year = body != NULL ? json_object_get_member (body, "year") : NULL;
      g_autoptr(GArray) entries = NULL;
      gint64 value;

      if (year == NULL || !JSON_NODE_HOLDS_VALUE (year) || json_node_get_value_type (year) != G_TYPE_INT64)
        continue;
      value = json_node_get_int (year);
      if (value < 1900 || value > 9999)
        continue;
      /* Every notice gives days off in its own year (New Year's Day at least). A body
       * without one is labelled with the wrong year: taking it would make that year known
       * and holiday-free, and silence the warning that its calendar is missing. */
      entries = g_array_new (FALSE, FALSE, sizeof (Entry));
      if (read_days (body, "holidays", (guint) value, FALSE, entries) == 0)
        continue;
      read_days (body, "workdays", (guint) value, TRUE, entries);

      g_hash_table_add (self->years, GUINT_TO_POINTER ((guint) value));
      for (guint j = 0; j < entries->len; j++)
        {
          const Entry *entry = &g_array_index (entries, Entry, j);
          Day *day = g_new0 (Day, 1);

          day->working = entry->working;
          day->name = g_strdup (entry->name);
          g_hash_table_replace (self->days, GUINT_TO_POINTER (entry->julian), day);
        }
    }
  return self;
}

YcWorkCalendar *
yc_work_calendar_ref (YcWorkCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yc_work_calendar_unref (YcWorkCalendar *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_unref (self->days);
  g_hash_table_unref (self->years);
  g_free (self);
}

gboolean
yc_work_calendar_knows_year (YcWorkCalendar *self,
                             guint           year)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return g_hash_table_contains (self->years, GUINT_TO_POINTER (year));
}

static gboolean
working_julian (YcWorkCalendar *self,
                guint32         julian)
{
  Day *day = g_hash_table_lookup (self->days, GUINT_TO_POINTER (julian));
  GDate date;

  if (day != NULL)
    return day->working;
  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  return g_date_get_weekday (&date) < G_DATE_SATURDAY;
}

gboolean
yc_work_calendar_is_working_day (YcWorkCalendar *self,
                                 const GDate    *day)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  return working_julian (self, g_date_get_julian (day));
}

const char *
yc_work_calendar_get_day_name (YcWorkCalendar *self,
                               const GDate    *day)
{
  Day *known;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  known = g_hash_table_lookup (self->days, GUINT_TO_POINTER (g_date_get_julian (day)));
  return known != NULL ? known->name : NULL;
}

void
yc_work_calendar_add (YcWorkCalendar *self,
                      const GDate    *from,
                      guint           n,
                      GDate          *result)
{
  guint32 julian;

  g_return_if_fail (self != NULL);
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (result != NULL);

  julian = g_date_get_julian (from);
  n = MIN (n, MAX_WORKING_DAYS);
  while (n > 0)
    if (working_julian (self, ++julian))
      n--;
  g_date_clear (result, 1);
  g_date_set_julian (result, julian);
}

int
yc_work_calendar_count (YcWorkCalendar *self,
                        const GDate    *from,
                        const GDate    *to)
{
  guint32 a, b;
  int count = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (from != NULL && g_date_valid (from), 0);
  g_return_val_if_fail (to != NULL && g_date_valid (to), 0);

  a = g_date_get_julian (from);
  b = g_date_get_julian (to);
  if (a == b)
    return 0;
  if (b < a)
    return -yc_work_calendar_count (self, to, from);
  for (guint32 julian = a + 1; julian <= b && count < MAX_WORKING_DAYS; julian++)
    count += working_julian (self, julian);
  return count;
}

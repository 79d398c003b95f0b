/* bench-synth: how soon eSpeak NG hands over its first sound, in-process,
 * with no sound device: the synthesiser's share of Speak -> first sound.
 *
 * Usage: bench-synth [--buffer-ms N] [--voice V] [--rounds N] TEXT...
 *
 * Initialises eSpeak NG as claimguided does (AUDIO_OUTPUT_SYNCHRONOUS, a
 * synth buffer of N ms, 20 by default), loads voice V (cmn-latn-pinyin),
 * then synthesises each TEXT in turn, ROUNDS times over, and prints one line
 * per text, medians over the rounds, in milliseconds:
 *
 *   TEXT_INDEX first-callback F first-sound-callback S lead L synth T audio A
 *     first-chunk C
 *
 * F: from espeak_Synth to the first callback with samples; S: to the callback
 * holding the first sample louder than 300; L: where that sample lies in the
 * audio; T: the whole synthesis; A: the audio's length; C: the length of the
 * audio handed over in the first callback. */
#include <espeak-ng/speak_lib.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THRESHOLD 300

typedef struct {
  gint64 start;
  gint64 first;       /* first callback with samples */
  gint64 first_sound; /* callback holding the first loud sample */
  guint64 samples;
  gint64 lead_samples;
  int first_samples;
} Run;

static Run run;

static int
on_synth (short *wav, int n, espeak_EVENT *events)
{
  gint64 now = g_get_monotonic_time ();
  if (wav == NULL || n <= 0)
    return 0;
  if (run.first < 0)
    {
      run.first = now;
      run.first_samples = n;
    }
  if (run.lead_samples < 0)
    for (int i = 0; i < n; i++)
      if (abs (wav[i]) > THRESHOLD)
        {
          run.lead_samples = (gint64) run.samples + i;
          run.first_sound = now;
          break;
        }
  run.samples += (guint64) n;
  return 0;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, (size_t) n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  int buffer_ms = 20, rounds = 21, rate, ntexts = 0;
  const char *voice = "cmn-latn-pinyin";
  const char **texts = g_new0 (const char *, argc);

  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "--buffer-ms") == 0 && a + 1 < argc)
        buffer_ms = atoi (argv[++a]);
      else if (strcmp (argv[a], "--voice") == 0 && a + 1 < argc)
        voice = argv[++a];
      else if (strcmp (argv[a], "--rounds") == 0 && a + 1 < argc)
        rounds = atoi (argv[++a]);
      else if (argv[a][0] == '-')
        ntexts = -1;
      else if (ntexts >= 0)
        texts[ntexts++] = argv[a];
    }
  if (ntexts <= 0 || rounds < 1 || buffer_ms < 1)
    {
      fprintf (stderr, "usage: bench-synth [--buffer-ms N] [--voice V] [--rounds N] TEXT...\n");
      return 2;
    }
  rate = espeak_Initialize (AUDIO_OUTPUT_SYNCHRONOUS, buffer_ms, NULL, espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0 || espeak_SetVoiceByName (voice) != EE_OK)
    {
      fprintf (stderr, "bench-synth: eSpeak NG cannot start with voice %s\n", voice);
      return 1;
    }
  espeak_SetSynthCallback (on_synth);

  for (int t = 0; t < ntexts; t++)
    {
      g_autofree double *f = g_new (double, rounds), *s = g_new (double, rounds),
                        *l = g_new (double, rounds), *total = g_new (double, rounds),
                        *audio = g_new (double, rounds), *chunk = g_new (double, rounds);
      for (int r = 0; r < rounds; r++)
        {
          run = (Run) { .start = g_get_monotonic_time (), .first = -1, .first_sound = -1,
                        .lead_samples = -1 };
          espeak_Synth (texts[t], strlen (texts[t]) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                        NULL, NULL);
          total[r] = (g_get_monotonic_time () - run.start) / 1000.0;
          f[r] = run.first >= 0 ? (run.first - run.start) / 1000.0 : -1;
          s[r] = run.first_sound >= 0 ? (run.first_sound - run.start) / 1000.0 : -1;
          l[r] = run.lead_samples >= 0 ? run.lead_samples * 1000.0 / rate : -1;
          audio[r] = run.samples * 1000.0 / rate;
          chunk[r] = run.first_samples * 1000.0 / rate;
        }
      printf ("%d first-callback %.2f first-sound-callback %.2f lead %.1f synth %.2f audio %.0f "
              "first-chunk %.1f\n", t, median (f, rounds), median (s, rounds), median (l, rounds),
              median (total, rounds), median (audio, rounds), median (chunk, rounds));
    }
  espeak_Terminate ();
  g_free (texts);
  return 0;
}

/* The kernel trace (kern/scenario/trace.h): its bounded ring (a full ring
 * takes no line, counts it, and reports the count at the end), the two
 * ways it is printed (live for a scenario, at the end for a traced
 * manifest), and the lines of a mutex inversion: the boost names the
 * thread lending its priority and the mutex it waits for, and its end. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <hinge/errno.h>
#include <hinge/sync.h>
#include "kern/mutex.h"
#include "kern/hart.h"
#include "kern/sched.h"
#include "kern/clock.h"
#include "kern/scenario/trace.h"
#include "door_fixtures.h"
#include "fake_arch.h"

/* The ring's size in lines (kern/scenario/trace.c, TRACE_LINES). */
#define RING 4096

static struct domain D;
static struct thread th[2];
static struct schedctx sc[2];

static void console_clear(void)
{
	fake_arch.console_len = 0;
	fake_arch.console[0] = '\0';
}

static void setup(void)
{
	fx_domain(&D, 1);
	strcpy(D.name, "S");
	sched_init(&this_hart()->sched);
	clock_init(10000000); /* the trace's ticks */
	for (int i = 0; i < 2; i++) {
		fx_thread(&th[i], &sc[i], i, i ? 20 : 5, &D);
		th[i].uid = i;
	}
	console_clear();
}

TestSuite(trace, .init = setup);

/* n switches, each to a thread other than the last one's (a re-pick of
 * the same thread is no switch). */
static void switches(int n)
{
	for (int i = 0; i < n; i++)
		trace_switch(&th[i % 2]);
}

Test(trace, a_full_ring_counts_what_it_could_not_take_and_reports_it_at_the_end)
{
	trace_start(TRACE_LIVE);
	switches(RING + 7);
	cr_assert_eq(fake_arch.console_len, 0, "switches are recorded, never printed at once");
	trace_flush(false);
	cr_assert(strncmp(fake_arch.console, "@trace 0 switch thread=0 prio=5 to=S", 36) == 0, "%s",
		  fake_arch.console);
	cr_assert_null(strstr(fake_arch.console, "@trace-dropped"), "reported at the end only");
	console_clear();
	trace_flush(true);
	cr_assert_str_eq(fake_arch.console, "@trace-dropped 7\n");
	console_clear();
	trace_flush(true);
	cr_assert_eq(fake_arch.console_len, 0, "each dropped line is reported once");
}

Test(trace, a_ring_that_never_filled_reports_nothing)
{
	trace_start(TRACE_RECORD);
	switches(RING);
	trace_flush(true);
	cr_assert_null(strstr(fake_arch.console, "@trace-dropped"));
}

Test(trace, a_recorded_run_prints_at_the_end_a_scenario_as_it_goes)
{
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(0, &m), 0);
	trace_start(TRACE_RECORD);
	cr_assert_eq(mutex_lock(m, &th[0]), 0);
	cr_assert_eq(fake_arch.console_len, 0);
	trace_flush(true);
	cr_assert_not_null(strstr(fake_arch.console, " mutex_lock thread=0 prio=5 in=S mutex=0 pi=0 result=0 ts="));
	console_clear();
	trace_start(TRACE_LIVE);
	struct thread *woken;
	cr_assert_eq(mutex_unlock(m, &th[0], &woken), 0);
	cr_assert_not_null(strstr(fake_arch.console, " mutex_unlock thread=0 prio=5 in=S mutex=0 pi=0 ts="));
}

/* The lines of one kind of event, in order, each from its event name to
 * before its ts= (which the host's fake counter leaves at 0). */
static void lines_of(const char *console, char out[][160], int *n)
{
	*n = 0;
	for (const char *p = strstr(console, "@trace "); p; p = strstr(p + 1, "@trace ")) {
		const char *ev = strchr(p + 7, ' ') + 1;
		const char *ts = strstr(ev, " ts=");
		snprintf(out[*n], 160, "%.*s", (int)(ts - ev), ev);
		(*n)++;
	}
}

Test(trace, a_mutex_inversion_names_the_lender_the_hand_over_and_the_release)
{
	struct mutex *m = NULL;
	cr_assert_eq(mutex_alloc(MUTEX_F_PI, &m), 0);
	cr_assert_eq(mutex_lock(m, &th[0]), 0); /* before tracing: L holds m */
	trace_start(TRACE_LIVE);
	th[1].state = THREAD_BLOCKED;
	cr_assert_eq(mutex_lock(m, &th[1]), WAIT_PENDING);
	struct thread *woken;
	cr_assert_eq(mutex_unlock(m, &th[0], &woken), 0);
	cr_assert_eq(woken, &th[1]);
	char lines[8][160];
	int n;
	lines_of(fake_arch.console, lines, &n);
	const char *want[] = {
		"mutex_wait thread=1 prio=20 in=S mutex=0 pi=1 holder=0",
		"boost thread=0 prio=20 to=S base=5 cause=inherit by=1 via=mutex mutex=0",
		"mutex_unlock thread=0 prio=20 in=S mutex=0 pi=1 to_thread=1",
		"mutex_lock thread=1 prio=20 in=S mutex=0 pi=1 from_thread=0 result=0",
		"boost thread=0 prio=5 to=S base=5 cause=release",
	};
	cr_assert_eq(n, 5, "%s", fake_arch.console);
	for (int i = 0; i < 5; i++)
		cr_assert_str_eq(lines[i], want[i]);
}

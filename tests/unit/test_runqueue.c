/* Run queue: priority order through the bitmap, FIFO within a level,
 * head insertion, removal from any position. */
#include <criterion/criterion.h>
#include "kern/runqueue.h"
#include "runqueue_count.h"

static struct runqueue rq;
static struct thread th[8];

static struct thread *thr(int i, int prio)
{
	th[i].id = i;
	th[i].prio = prio;
	return &th[i];
}

static void init(void)
{
	rq = (struct runqueue){ 0 };
}

TestSuite(runqueue, .init = init);

Test(runqueue, empty_after_init)
{
	cr_assert(rq_empty(&rq));
	cr_assert_null(rq_highest(&rq));
	cr_assert_eq(queued(&rq), 0);
	cr_assert_eq(rq.bitmap, 0);
}

Test(runqueue, highest_priority_first)
{
	rq_enqueue(&rq, thr(0, 3));
	rq_enqueue(&rq, thr(1, 10));
	rq_enqueue(&rq, thr(2, 7));
	cr_assert_eq(queued(&rq), 3);
	cr_assert_not(rq_empty(&rq));
	cr_assert_eq(rq_highest(&rq), &th[1]);
	rq_remove(&rq, &th[1]);
	cr_assert_eq(rq_highest(&rq), &th[2]);
	rq_remove(&rq, &th[2]);
	cr_assert_eq(rq_highest(&rq), &th[0]);
	rq_remove(&rq, &th[0]);
	cr_assert(rq_empty(&rq));
	cr_assert_null(rq_highest(&rq));
	cr_assert_eq(queued(&rq), 0);
}

Test(runqueue, extreme_levels)
{
	rq_enqueue(&rq, thr(0, 0));
	rq_enqueue(&rq, thr(1, NPRIO - 1));
	cr_assert_eq(rq.bitmap, (uint64_t)1 | ((uint64_t)1 << (NPRIO - 1)));
	cr_assert_eq(rq_highest(&rq), &th[1]);
	rq_remove(&rq, &th[1]);
	cr_assert_eq(rq_highest(&rq), &th[0]);
}

Test(runqueue, fifo_within_level)
{
	for (int i = 0; i < 4; i++)
		rq_enqueue(&rq, thr(i, 5));
	for (int i = 0; i < 4; i++) {
		struct thread *t = rq_highest(&rq);
		cr_assert_eq(t, &th[i]);
		rq_remove(&rq, t);
	}
	cr_assert(rq_empty(&rq));
}

Test(runqueue, enqueue_head_runs_first_in_level)
{
	rq_enqueue(&rq, thr(0, 5));
	rq_enqueue(&rq, thr(1, 5));
	rq_enqueue_head(&rq, thr(2, 5));
	cr_assert_eq(rq.head[5], &th[2]);
	cr_assert_eq(rq.tail[5], &th[1]);
	cr_assert_eq(rq_highest(&rq), &th[2]);
	rq_remove(&rq, &th[2]);
	cr_assert_eq(rq_highest(&rq), &th[0]);
}

Test(runqueue, enqueue_head_into_empty_level)
{
	rq_enqueue_head(&rq, thr(0, 9));
	cr_assert_eq(rq.head[9], &th[0]);
	cr_assert_eq(rq.tail[9], &th[0]);
	cr_assert_eq(rq.bitmap, (uint64_t)1 << 9);
	cr_assert_eq(queued(&rq), 1);
}

Test(runqueue, remove_middle_head_tail)
{
	for (int i = 0; i < 3; i++)
		rq_enqueue(&rq, thr(i, 4));
	rq_remove(&rq, &th[1]);
	cr_assert_eq(th[0].rq_next, &th[2]);
	cr_assert_eq(th[2].rq_prev, &th[0]);
	cr_assert_eq(rq.bitmap, (uint64_t)1 << 4, "level still non-empty");
	rq_remove(&rq, &th[2]);
	cr_assert_eq(rq.tail[4], &th[0]);
	cr_assert_null(th[0].rq_next);
	rq_remove(&rq, &th[0]);
	cr_assert_null(rq.head[4]);
	cr_assert_null(rq.tail[4]);
	cr_assert_eq(rq.bitmap, 0, "empty level leaves the bitmap");
}

Test(runqueue, queue_tag_tracks_membership)
{
	rq_enqueue(&rq, thr(0, 2));
	cr_assert_eq(th[0].queue, SQ_RUN);
	rq_remove(&rq, &th[0]);
	cr_assert_eq(th[0].queue, SQ_NONE);
	cr_assert_null(th[0].rq_next);
	cr_assert_null(th[0].rq_prev);
	rq_enqueue_head(&rq, &th[0]);
	cr_assert_eq(th[0].queue, SQ_RUN);
}

Test(runqueue, reinsert_after_remove)
{
	rq_enqueue(&rq, thr(0, 6));
	rq_enqueue(&rq, thr(1, 6));
	rq_remove(&rq, &th[0]);
	rq_enqueue(&rq, &th[0]);
	cr_assert_eq(rq_highest(&rq), &th[1]);
	cr_assert_eq(rq.tail[6], &th[0]);
	cr_assert_eq(queued(&rq), 2);
}

/* Every level is found as the highest, alone and above every lower level
 * (each bit position and byte boundary of the bitmap search). */
Test(runqueue, highest_of_every_pair_of_levels)
{
	for (int hi = 0; hi < NPRIO; hi++) {
		rq = (struct runqueue){ 0 };
		rq_enqueue(&rq, thr(0, hi));
		cr_assert_eq(rq_highest(&rq), &th[0], "level %d alone", hi);
		for (int lo = 0; lo < hi; lo++) {
			rq_enqueue(&rq, thr(1, lo));
			cr_assert_eq(rq_highest(&rq), &th[0], "level %d above %d", hi, lo);
			rq_remove(&rq, &th[1]);
		}
	}
}

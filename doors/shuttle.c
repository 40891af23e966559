/* Shuttle searches used by crash unwinding; push/pop/top are inline in
 * shuttle.h because they are on the door-call fast path. */
#include "kern/domain.h"
#include "doors/shuttle.h"
#include "doors/door.h"

static int clamp_from(const struct shuttle *s, int from)
{
	return from >= s->depth ? s->depth - 1 : from;
}

int shuttle_nearest_live_caller(const struct shuttle *s, int from)
{
	for (int i = clamp_from(s, from); i >= 0; i--)
		if (s->frame[i].caller->state == DOM_LIVE)
			return i;
	return -1;
}

int shuttle_find_server(const struct shuttle *s, const struct domain *dom, int from)
{
	for (int i = clamp_from(s, from); i >= 0; i--)
		if (s->frame[i].door->server == dom)
			return i;
	return -1;
}

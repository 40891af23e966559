/* Handles passed with a call (door_call's desc_ptr; DOOR_CALL_XARG):
 * copied (the caller keeps its handle) or moved (DOOR_RELEASE: closed in the
 * caller), received with the same rights as new handles of the server,
 * their numbers right after the data. When the server's table has no room
 * for them, the call fails with HE_NOSPACE and changes nothing (a handle
 * to be moved stays the caller's). One handle named twice, moved and
 * copied, must either be refused or arrive twice as a working handle: never
 * as a broken one.
 *
 * A handle to a revoked door is transferred too, and calls through it get
 * HE_REVOKED (doors/SEMANTICS.md §7). The server is written with the
 * Solaris API (door_create).
 *
 * Roles (arg): 0 server, 1 client, 9 leak check. */
#include <string.h>
#include "door_test.h"

#define MAX_HANDLES 96  /* kern/config.h */

/* ---- server ---- */

static int own;                     /* the server's handle to its door */
static int filler[MAX_HANDLES];
static int nfiller;

/* Commands (first byte of the data):
 *   'I'  describe every handle received ("<data>|h:rights:server|..."), close them
 *   'R'  for every handle received: "|<door state>:<result of a call through it>", close it
 *   'F'  fill the handle table but argp[1] slots;  'U' undo that
 *   'Q'  quit */
static void xfer_proc(void *cookie, char *argp, size_t size, door_desc_t *dp, unsigned n)
{
	(void)cookie;
	char out[200];
	int len = 0;
	switch (size ? argp[0] : 0) {
	case 'I':
		len = snprintf(out, sizeof out, "%.*s", (int)size, argp);
		for (unsigned i = 0; i < n; i++) {
			int h = dp[i].d_data.d_desc.d_descriptor;
			struct door_info di = { 0 };
			long r = hinge_door_info(h, &di);
			len += snprintf(out + len, sizeof out - (size_t)len, "|%s:%x:%d",
					r == 0 ? "ok" : "bad", di.rights, (int)(r == 0 ? di.server : r));
			hinge_handle_close(h);
		}
		break;
	case 'R':
		len = snprintf(out, sizeof out, "R");
		for (unsigned i = 0; i < n; i++) {
			int h = dp[i].d_data.d_desc.d_descriptor;
			struct door_info di = { 0 };
			hinge_door_info(h, &di);
			long r = hinge_door_call(h, WORDS(0, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT);
			len += snprintf(out + len, sizeof out - (size_t)len, "|%u:%ld", di.state, r);
			hinge_handle_close(h);
		}
		break;
	case 'F':
		for (long h; (h = hinge_handle_dup(own, H_INFO)) >= 0;)
			filler[nfiller++] = (int)h;
		for (int i = 0; i < argp[1]; i++)
			hinge_handle_close(filler[--nfiller]);
		break;
	case 'U':
		while (nfiller > 0)
			hinge_handle_close(filler[--nfiller]);
		break;
	case 'Q':
		quit = 1;
		break;
	}
	door_return(out, (size_t)len, NULL, 0);
}

static int server(void)
{
	own = door_create(xfer_proc, NULL, 0);
	EXPECT(own >= 0);
	EXPECT_EQ(hinge_name_publish(own, "xfer"), 0);
	return serve_until_quit(&own, 1);
}

/* ---- client ---- */

static char reply[200];

/* door_call with data `cmd` and the n handles in d; the reply lands in reply. */
static long call(int h, const char *cmd, door_desc_t *d, unsigned n)
{
	memset(reply, 0, sizeof reply);
	door_arg_t a = { (char *)cmd, strlen(cmd), d, n, reply, sizeof reply - 1 };
	return door_call(h, &a);
}

static door_desc_t desc(long h, unsigned attr)
{
	door_desc_t d = { DOOR_DESCRIPTOR | attr, { { (int)h } } };
	return d;
}

static void expect_reply(const char *want)
{
	if (strcmp(reply, want) != 0) {
		printf("%s: reply \"%s\", expected \"%s\"\n", TEST, reply, want);
		note_failure();
	}
}

static int client(void)
{
	long h = hinge_name_wait("xfer");
	EXPECT(h >= 0);
	int server = info_of((int)h).server;
	char want[200];

	/* Copy one, move one: the rights arrive as they were, after 5 data bytes. */
	long keep = hinge_handle_dup((int)h, H_CALL | H_XFER);
	long give = hinge_handle_dup((int)h, H_INFO | H_XFER);
	door_desc_t d[2] = { desc(keep, 0), desc(give, DOOR_RELEASE) };
	EXPECT_EQ(call((int)h, "Ihello", d, 2), 0);
	snprintf(want, sizeof want, "Ihello|bad:0:%d|ok:%x:%d", HE_PERM, H_INFO | H_XFER, server);
	expect_reply(want); /* the first has no H_INFO: the server cannot look at it */
	EXPECT_EQ(hinge_door_call((int)keep, WORDS(0, 0, 0, 0, 0), NULL, DOOR_CALL_NOWAIT), 0);
	EXPECT_EQ(hinge_handle_close((int)give), HE_BADHANDLE);

	/* The server's table has room for one handle, the call passes two. */
	struct hinge_counts c0, c1;
	EXPECT_EQ(call((int)h, "F\1", NULL, 0), 0);
	hinge_kcounts(&c0);
	give = hinge_handle_dup((int)h, H_INFO | H_XFER);
	d[0] = desc(keep, 0);
	d[1] = desc(give, DOOR_RELEASE);
	EXPECT_EQ(call((int)h, "I", d, 2), HE_NOSPACE);
	hinge_kcounts(&c1);
	EXPECT_EQ(c1.handles, c0.handles + 1); /* just the dup */
	EXPECT_EQ(info_of((int)give).server, server); /* still ours */
	EXPECT_EQ(call((int)h, "I", &d[1], 1), 0);
	snprintf(want, sizeof want, "I|ok:%x:%d", H_INFO | H_XFER, server);
	expect_reply(want);
	EXPECT_EQ(call((int)h, "U", NULL, 0), 0);

	/* One handle, moved and then copied in the same call. */
	long twice = hinge_handle_dup((int)h, H_INFO | H_XFER);
	d[0] = desc(twice, DOOR_RELEASE);
	d[1] = desc(twice, 0);
	long st = call((int)h, "I", d, 2);
	printf("%s: a handle moved and copied in one call: %s\n", TEST,
	       st == 0 ? "passed twice" : "refused");
	if (st == 0) {
		snprintf(want, sizeof want, "I|ok:%x:%d|ok:%x:%d", H_INFO | H_XFER, server, H_INFO | H_XFER,
			 server);
		expect_reply(want);
	} else {
		EXPECT_EQ(st, HE_INVAL);
		EXPECT_EQ(info_of((int)twice).server, server); /* refused: nothing moved */
		EXPECT_EQ(hinge_handle_close((int)twice), 0);
	}

	/* A handle to a revoked door (SEMANTICS §7): it is transferred like
	 * any other and names the revoked door; calls through it get
	 * HE_REVOKED. */
	int mine = door_create(xfer_proc, NULL, 0);
	EXPECT(mine >= 0);
	EXPECT_EQ(hinge_door_revoke(mine), 0);
	d[0] = desc(mine, 0);
	EXPECT_EQ(call((int)h, "R", d, 1), 0);
	snprintf(want, sizeof want, "R|2:%d", HE_REVOKED);
	expect_reply(want);
	EXPECT_EQ(hinge_handle_close(mine), 0);

	EXPECT_EQ(hinge_handle_close((int)keep), 0);
	EXPECT_EQ(call((int)h, "Q", NULL, 0), 0);
	EXPECT_EQ(hinge_handle_close((int)h), 0);
	return client_report();
}

ROLES({ 0, server }, { 1, client })

/* The smallest door server and client: "upcase" upper-cases text.
 *
 * The server domain creates a door whose procedure, upcase_serve, answers a
 * call with the text upper-cased, and says who ran it: the thread, its
 * priority and the domain, as hinge_self sees them from inside the call.
 * With migrating threads that is the client's own thread, at the client's
 * priority, in the server's domain: the server domain's own thread only
 * waits for the door to become unreferenced. The client's side is one
 * function, upcase(), over the Solaris-style door_call (usr/lib/door.h).
 *
 * One program, several roles (the manifest's arg): ROLE_SERVER serves; each
 * other role is a client that checks one thing (tests/qemu/upcase). The
 * server also publishes a second door, revoked at once, for the client that
 * checks a revoked door. */
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include "hinge.h"
#include "door.h"

enum {
	ROLE_SERVER,
	ROLE_ROUND_TRIP,      /* texts come back upper-cased */
	ROLE_CALLERS_THREAD,  /* the server's code runs on each caller's thread, at its priority */
	ROLE_SMALL_BUFFER,    /* an answer that does not fit the client's buffer */
	ROLE_REVOKED,         /* a revoked door */
	ROLE_TOO_LONG,        /* a text longer than the server takes */
};

#define UPCASE_MAX 256    /* longest text the server takes, in bytes (no NUL is sent) */

/* Who ran a call, as hinge_self saw it in the server procedure. */
struct served_by {
	int32_t thread;
	int32_t prio;
	int32_t domain;
};

/* The server's answer: offsetof(struct upcase_reply, text) + the text's
 * length bytes; an empty answer means the call was refused. */
struct upcase_reply {
	struct served_by by;
	char text[UPCASE_MAX];
};

/* The server procedure: argp holds arg_size bytes of text (no NUL). Answers
 * with who runs it and the text upper-cased (ASCII letters; every other byte
 * as it is), or with nothing when the text is longer than UPCASE_MAX.
 * Handles sent along are not wanted: closed. */
static void upcase_serve(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, unsigned n_desc)
{
	/* LAB 4 BEGIN */
	/* LAB 4 STUB: (void)cookie, (void)argp, (void)arg_size, (void)dp, (void)n_desc; */
	(void)cookie;
	for (unsigned i = 0; i < n_desc; i++)
		hinge_handle_close(dp[i].d_data.d_desc.d_descriptor);
	if (arg_size > UPCASE_MAX) {
		door_return(NULL, 0, NULL, 0);
		return;
	}
	struct upcase_reply r;
	struct hinge_self me;
	hinge_self(&me);
	r.by = (struct served_by){ me.thread, me.prio, me.domain };
	for (size_t i = 0; i < arg_size; i++)
		r.text[i] = argp[i] >= 'a' && argp[i] <= 'z' ? (char)(argp[i] - 'a' + 'A') : argp[i];
	door_return((char *)&r, offsetof(struct upcase_reply, text) + arg_size, NULL, 0);
	/* LAB 4 END */
}

/* The client: upper-cases text through door. On success out holds the
 * answer with its NUL, *by says who served the call, and the answer's length
 * is returned. Else out and *by are untouched and the result is door_call's
 * error (HE_REVOKED, HE_BADHANDLE, HE_DEAD, ...) or HE_INVAL: text is longer
 * than UPCASE_MAX (nothing is called), the answer with its NUL does not fit
 * in outsize bytes, or the server refused (its answer is not the text's
 * length). */
static long upcase(int door, const char *text, char *out, size_t outsize, struct served_by *by)
{
	/* LAB 4 BEGIN */
	/* LAB 4 STUB: (void)door, (void)text, (void)out, (void)outsize, (void)by; return HE_INVAL; */
	size_t n = strlen(text);
	if (n > UPCASE_MAX)
		return HE_INVAL;
	struct upcase_reply r;
	door_arg_t a = { .data_ptr = (char *)text, .data_size = n, .rbuf = (char *)&r, .rsize = sizeof r };
	int err = door_call(door, &a);
	if (err < 0)
		return err;
	if (a.data_size != offsetof(struct upcase_reply, text) + n || n + 1 > outsize)
		return HE_INVAL;
	memcpy(out, r.text, n);
	out[n] = '\0';
	*by = r.by;
	return (long)n;
	/* LAB 4 END */
}

/* ---- The roles: the server's main thread and the checking clients. ---- */

static int serve(void)
{
	int h = door_create(upcase_serve, NULL, DOOR_UNREF);
	int revoked = door_create(upcase_serve, NULL, 0);
	CHECK(h >= 0 && revoked >= 0);
	CHECK(hinge_name_publish(h, "upcase") == 0);
	/* door_revoke would close the handle too, and a door without a handle
	 * is freed, its name gone: revoke it and keep the handle. */
	CHECK(hinge_name_publish(revoked, "upcase-revoked") == 0);
	CHECK(hinge_door_revoke(revoked) == 0);
	/* The client's handle closes with its domain: the door is unreferenced. */
	CHECK(hinge_door_unref_wait(h) == 0);
	return 0;
}

/* text through upcase() gives want, served on this thread at its priority,
 * in another domain. */
static void check_call(int door, const char *text, const char *want)
{
	char out[UPCASE_MAX + 1];
	struct served_by by = { -1, -1, -1 };
	struct hinge_self me;
	hinge_self(&me);
	long n = upcase(door, text, out, sizeof out, &by);
	printf("upcase: \"%s\" -> %ld \"%s\" (served on thread %d at priority %d in domain %d; the caller is thread"
	       " %d at priority %d in domain %d)\n", text, n, n >= 0 ? out : "", (int)by.thread, (int)by.prio,
	       (int)by.domain, me.thread, me.prio, me.domain);
	CHECK(n == (long)strlen(want) && strcmp(out, want) == 0);
	CHECK(by.thread == me.thread && by.prio == me.prio && by.domain != me.domain);
}

static void round_trip(int door)
{
	check_call(door, "hello, doors", "HELLO, DOORS");
	check_call(door, "Spring 1994: a-z stay ASCII {}", "SPRING 1994: A-Z STAY ASCII {}");
	check_call(door, "", "");
}

static char child_stack[8192] __attribute__((aligned(16)));
static volatile int child_done;

static void child(long door)
{
	check_call((int)door, "from a second thread", "FROM A SECOND THREAD");
	child_done = 1;
	hinge_thread_exit();
}

/* Two threads of the client at two priorities: the server's code runs on
 * each one's own thread, at its own priority. */
static void callers_thread(int door)
{
	check_call(door, "from the main thread", "FROM THE MAIN THREAD");
	CHECK(hinge_thread_create(child, child_stack + sizeof child_stack, 6, door) >= 0);
	while (!child_done)
		hinge_sleep(1);
	CHECK(hinge_set_prio(7) == 0);
	check_call(door, "after a change of priority", "AFTER A CHANGE OF PRIORITY");
}

static void small_buffer(int door)
{
	char out[6] = "xxxxx";
	struct served_by by = { -1, -1, -1 };
	CHECK(upcase(door, "tiny!", out, 6, &by) == 5 && strcmp(out, "TINY!") == 0); /* just fits */
	memcpy(out, "xxxxx", 6);
	CHECK(upcase(door, "tinier", out, 6, &by) == HE_INVAL); /* no room for the NUL */
	CHECK(strcmp(out, "xxxxx") == 0);
	by.thread = -1;
	CHECK(upcase(door, "a", out, 0, &by) == HE_INVAL && by.thread == -1);
	printf("upcase: an answer that does not fit is HE_INVAL, the buffer untouched\n");
}

static void revoked(int door)
{
	check_call(door, "live", "LIVE");
	long r = hinge_name_wait("upcase-revoked");
	CHECK(r >= 0);
	char out[8] = "xxxxxxx";
	struct served_by by = { -1, -1, -1 };
	CHECK(upcase((int)r, "dead", out, sizeof out, &by) == HE_REVOKED);
	CHECK(strcmp(out, "xxxxxxx") == 0 && by.thread == -1);
	CHECK(upcase(99, "nothing", out, sizeof out, &by) == HE_BADHANDLE);
	printf("upcase: a revoked door is HE_REVOKED, a bad handle HE_BADHANDLE, the buffer untouched\n");
}

static char longest[UPCASE_MAX + 2], answer[UPCASE_MAX + 2], reply[sizeof(struct upcase_reply)];

static void too_long(int door)
{
	memset(longest, 'q', UPCASE_MAX);
	memset(answer, 'Q', UPCASE_MAX);
	check_call(door, longest, answer); /* the longest text it takes */
	longest[UPCASE_MAX] = 'q';
	struct served_by by = { -1, -1, -1 };
	CHECK(upcase(door, longest, answer, sizeof answer, &by) == HE_INVAL && by.thread == -1);
	/* The server's own check, past the client's: a door_call of its own. */
	door_arg_t a = { .data_ptr = longest, .data_size = UPCASE_MAX + 1, .rbuf = reply, .rsize = sizeof reply };
	CHECK(door_call(door, &a) == 0 && a.data_size == 0);
	printf("upcase: %d bytes are upper-cased, %d refused by the client and by the server\n", UPCASE_MAX,
	       UPCASE_MAX + 1);
}

int main(long role)
{
	if (role == ROLE_SERVER)
		return serve();
	int door = (int)hinge_name_wait("upcase");
	CHECK(door >= 0);
	switch (role) {
	case ROLE_ROUND_TRIP:
		round_trip(door);
		return 0;
	case ROLE_CALLERS_THREAD:
		callers_thread(door);
		return 0;
	case ROLE_SMALL_BUFFER:
		small_buffer(door);
		return 0;
	case ROLE_REVOKED:
		revoked(door);
		return 0;
	case ROLE_TOO_LONG:
		too_long(door);
		return 0;
	}
	return 1;
}

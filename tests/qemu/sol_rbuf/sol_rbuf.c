/* A door server and its client written from the illumos man pages
 * (door_create(3C), door_call(3C), door_return(3C), door_info(3C),
 * door_getparam(3C), door_ucred(3C), fattach(3C)), compiled unchanged
 * against <door.h>: results into a NULL or too small rbuf, `== -1` error
 * checks with errno, a parked initial thread, and the unreferenced call
 * that ends the server. main(arg) is the entry Hinge's manifest needs:
 * arg 0 is the server, arg 1 the client, arg 2 a client that reads a result
 * buffer after giving it back. */
#include <door.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stropts.h>
#include <sys/mman.h>
#include <unistd.h>

#define DOOR_PATH "/var/run/sol_rbuf/a_door_path_of_more_than_fifteen_characters"

static int calls;

/* "big N": N bytes of 'x'; "who": the caller's pid; else the bytes back, upper-cased. */
static void server(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)dp, (void)n_desc;
	static char out[4096];
	if (argp == DOOR_UNREF_DATA) {
		printf("server: unreferenced after %d calls, cookie %s\n", calls, (char *)cookie);
		exit(0);
	}
	calls++;
	if (arg_size > 4 && strncmp(argp, "big ", 4) == 0) {
		size_t n = (size_t)atoi(argp + 4);
		memset(out, 'x', n);
		door_return(out, n, NULL, 0);
	}
	if (arg_size == 4 && strncmp(argp, "who", 3) == 0) {
		ucred_t *uc = NULL;
		if (door_ucred(&uc) == -1) {
			printf("server: door_ucred failed: %d\n", errno);
			door_return(NULL, 0, NULL, 0);
		}
		int n = snprintf(out, sizeof out, "pid %d", (int)ucred_getpid(uc));
		ucred_free(uc);
		door_return(out, (size_t)n + 1, NULL, 0);
	}
	for (size_t i = 0; i < arg_size; i++)
		out[i] = argp[i] >= 'a' && argp[i] <= 'z' ? argp[i] - 'a' + 'A' : argp[i];
	door_return(out, arg_size, NULL, 0);
}

static int run_server(void)
{
	int d = door_create(server, "cookie", DOOR_UNREF);
	if (d == -1) {
		perror("door_create");
		return 1;
	}
	if (door_setparam(d, DOOR_PARAM_DATA_MAX, 3500) == -1)
		printf("server: door_setparam: %d\n", errno);
	if (fattach(d, DOOR_PATH) == -1) {
		printf("server: fattach: %d\n", errno);
		return 1;
	}
	printf("server: door attached\n");
	/* The initial thread is done: as on illumos, it parks. */
	door_return(NULL, 0, NULL, 0);
	printf("server: door_return returned\n");
	return 1;
}

static int run_client(void)
{
	int fd = open(DOOR_PATH, O_RDONLY);
	if (fd == -1) {
		printf("client: open: %d\n", errno);
		return 1;
	}
	door_info_t info;
	if (door_info(fd, &info) == -1)
		return 1;
	printf("client: server pid %d, unref %s, local %s\n", (int)info.di_target,
	       info.di_attributes & DOOR_UNREF ? "yes" : "no", info.di_attributes & DOOR_LOCAL ? "yes" : "no");

	/* No result buffer at all: the results come in a new one. */
	door_arg_t arg = { .data_ptr = "hello", .data_size = 6, .desc_ptr = NULL, .desc_num = 0,
			   .rbuf = NULL, .rsize = 0 };
	if (door_call(fd, &arg) == -1) {
		printf("client: door_call: %d\n", errno);
		return 1;
	}
	printf("client: rbuf NULL: got \"%s\" (%zu bytes), new rbuf %s\n", arg.data_ptr, arg.data_size,
	       arg.rbuf != NULL && arg.data_ptr == arg.rbuf ? "yes" : "no");
	munmap(arg.rbuf, arg.rsize);

	/* Too small a buffer. */
	char small[16];
	arg = (door_arg_t){ .data_ptr = "big 3000", .data_size = 9, .rbuf = small, .rsize = sizeof small };
	if (door_call(fd, &arg) == -1)
		return 1;
	size_t xs = 0;
	for (size_t i = 0; i < arg.data_size; i++)
		xs += arg.data_ptr[i] == 'x';
	printf("client: 16-byte rbuf: %zu bytes of x, rbuf moved %s, rsize >= data_size %s\n", xs,
	       arg.rbuf != small ? "yes" : "no", arg.rsize >= arg.data_size ? "yes" : "no");
	if (munmap(arg.rbuf, arg.rsize) == -1)
		printf("client: munmap failed\n");

	/* Results that fit stay in rbuf; the same buffer may carry the arguments. */
	char buf[64] = "in place";
	arg = (door_arg_t){ .data_ptr = buf, .data_size = 9, .rbuf = buf, .rsize = sizeof buf };
	if (door_call(fd, &arg) == -1)
		return 1;
	printf("client: big enough rbuf: \"%s\", rbuf moved %s\n", arg.data_ptr, arg.rbuf != buf ? "yes" : "no");

	arg = (door_arg_t){ .data_ptr = "who", .data_size = 4, .rbuf = buf, .rsize = sizeof buf };
	if (door_call(fd, &arg) == -1)
		return 1;
	printf("client: the server says my %s\n", arg.data_ptr);

	/* Errors: -1 and errno. */
	static char huge[4000];
	arg = (door_arg_t){ .data_ptr = huge, .data_size = sizeof huge, .rbuf = buf, .rsize = sizeof buf };
	if (door_call(fd, &arg) == -1 && errno == ENOBUFS)
		printf("client: 4000 bytes to a door with DATA_MAX 3500: ENOBUFS\n");
	if (door_call(77, NULL) == -1 && errno == EBADF)
		printf("client: door_call on a bad descriptor: EBADF\n");
	size_t v = 0;
	if (door_getparam(fd, DOOR_PARAM_DATA_MAX, &v) == 0)
		printf("client: DATA_MAX %zu\n", v);
	if (door_getparam(fd, DOOR_PARAM_DATA_MIN, &v) == 0)
		printf("client: DATA_MIN %zu\n", v);
	if (door_getparam(fd, DOOR_PARAM_DESC_MAX, &v) == 0)
		printf("client: DESC_MAX is SIZE_MAX %s\n", v == SIZE_MAX ? "yes" : "no");
	if (door_setparam(fd, DOOR_PARAM_DATA_MAX, 10) == -1 && errno == EPERM)
		printf("client: door_setparam on another's door: EPERM\n");
	if (door_revoke(fd) == -1 && errno == EPERM)
		printf("client: door_revoke on another's door: EPERM\n");
	printf("client: overflow buffers in use: %d\n", hinge_door_overflow_count());

	/* Hinge's bound (not illumos'): HINGE_DOOR_RBUFS mapped result buffers per
	 * domain, then EOVERFLOW; munmap of anything else is EINVAL. */
	door_arg_t held[HINGE_DOOR_RBUFS + 1];
	int n = 0;
	errno = 0;
	for (; n < HINGE_DOOR_RBUFS + 1; n++) {
		held[n] = (door_arg_t){ .data_ptr = "hello", .data_size = 6 };
		if (door_call(fd, &held[n]) == -1)
			break;
	}
	printf("client: %d result buffers mapped, then %s\n", n, errno == EOVERFLOW ? "EOVERFLOW" : "?");
	printf("client: munmap of a buffer it does not hold: %s\n",
	       munmap(buf, sizeof buf) == -1 && errno == EINVAL ? "EINVAL" : "?");
	for (int i = 0; i < n; i++)
		munmap(held[i].rbuf, held[i].rsize);
	printf("client: munmap twice: %s\n", munmap(held[0].rbuf, held[0].rsize) == -1 && errno == EINVAL ? "EINVAL" : "?");
	/* One kept: the domain's end frees it (the leak check sees none). */
	arg = (door_arg_t){ .data_ptr = "hello", .data_size = 6 };
	if (door_call(fd, &arg) == -1)
		return 1;
	printf("client: exits holding %d result buffer\n", hinge_door_overflow_count());
	/* The last other descriptor: the server's door becomes unreferenced. */
	if (close(fd) == -1)
		return 1;
	return 0;
}

/* A result buffer given back is gone at once: reading it again, after it was
 * read (so a translation of it may be cached), is a load page fault. */
static int run_after_unmap(void)
{
	int fd = open(DOOR_PATH, O_RDONLY);
	if (fd == -1)
		return 1;
	char small[8];
	door_arg_t arg = { .data_ptr = "big 3000", .data_size = 9, .rbuf = small, .rsize = sizeof small };
	if (door_call(fd, &arg) == -1 || arg.rbuf == small)
		return 1;
	volatile char *p = arg.rbuf;
	printf("client: mapped result buffer holds '%c'\n", p[0]);
	if (munmap(arg.rbuf, arg.rsize) == -1)
		return 1;
	printf("client: given back; reading it again\n");
	printf("client: still read '%c' (it should have faulted)\n", p[0]);
	return 0;
}

int main(long arg)
{
	return arg == 0 ? run_server() : arg == 1 ? run_client() : run_after_unmap();
}

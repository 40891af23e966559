/* Door attributes, written from door_create(3C), door_bind(3C),
 * door_server_create(3C) and door_getparam(3C) and compiled unchanged
 * against <door.h>: DOOR_UNREF_MULTI (an unreferenced call per drop to one
 * descriptor), DOOR_REFUSE_DESC (ENOTSUP), a DOOR_PRIVATE door whose pool
 * the initial thread joins with door_bind before parking, and
 * door_server_create. arg: 0 server, 1 client. */
#include <door.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <stropts.h>
#include <unistd.h>

static int unrefs;

static void multi(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)cookie, (void)arg_size, (void)dp, (void)n_desc;
	if (argp == DOOR_UNREF_DATA) {
		printf("server: unreferenced (%d)\n", ++unrefs);
		if (unrefs == 2)
			exit(0);
	}
	door_return(NULL, 0, NULL, 0);
}

static void plain(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)argp, (void)arg_size, (void)dp;
	printf("server: %s call with %u descriptor(s)\n", (char *)cookie, n_desc);
	door_return(NULL, 0, NULL, 0);
}

static void create_pool_thread(door_info_t *di)
{
	(void)di;
}

static int run_server(void)
{
	door_server_func_t *old = door_server_create(create_pool_thread);
	printf("server: door_server_create: previous %s\n", old ? "set" : "none");
	old = door_server_create(create_pool_thread);
	printf("server: door_server_create: previous %s\n", old == create_pool_thread ? "mine" : "other");

	int m = door_create(multi, NULL, DOOR_UNREF_MULTI);
	int r = door_create(plain, "refusing", DOOR_REFUSE_DESC);
	int p = door_create(plain, "private", DOOR_PRIVATE | DOOR_NO_CANCEL);
	if (m == -1 || r == -1 || p == -1)
		return 1;
	if (door_create(plain, NULL, 0x8000) == -1 && errno == EINVAL)
		printf("server: unknown attribute: EINVAL\n");
	door_info_t info;
	door_info(p, &info);
	printf("server: private door: PRIVATE %d NO_CANCEL %d LOCAL %d\n", !!(info.di_attributes & DOOR_PRIVATE),
	       !!(info.di_attributes & DOOR_NO_CANCEL), !!(info.di_attributes & DOOR_LOCAL));
	door_info(m, &info);
	printf("server: multi door: UNREF_MULTI %d\n", !!(info.di_attributes & DOOR_UNREF_MULTI));
	if (door_bind(r) == -1 && errno == EINVAL)
		printf("server: door_bind to a shared door: EINVAL\n");
	if (door_unbind() == -1 && errno == EBADF)
		printf("server: door_unbind while unbound: EBADF\n");
	printf("server: door_bind to the private door: %d\n", door_bind(p));
	printf("server: door_unbind: %d\n", door_unbind());
	if (door_bind(p) == -1)
		return 1;
	if (fattach(m, "sol_unref.multi") == -1 || fattach(r, "sol_unref.refuse") == -1 ||
	    fattach(p, "sol_unref.private") == -1)
		return 1;
	/* The bound thread becomes one of the private pool's: it parks. */
	door_return(NULL, 0, NULL, 0);
	return 1;
}

static void nothing(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)cookie, (void)argp, (void)arg_size, (void)dp, (void)n_desc;
	door_return(NULL, 0, NULL, 0);
}

static int run_client(void)
{
	int m = open("sol_unref.multi", O_RDONLY);
	if (m == -1 || door_call(m, NULL) == -1)
		return 1;
	printf("client: called the multi door, closing it\n");
	close(m);

	int r = open("sol_unref.refuse", O_RDONLY);
	int mine = door_create(nothing, NULL, 0);
	door_desc_t d = { .d_attributes = DOOR_DESCRIPTOR };
	d.d_data.d_desc.d_descriptor = mine;
	door_arg_t a = { .desc_ptr = &d, .desc_num = 1 };
	if (door_call(r, &a) == -1 && errno == ENOTSUP)
		printf("client: a descriptor to a DOOR_REFUSE_DESC door: ENOTSUP\n");
	size_t v = 1;
	door_getparam(r, DOOR_PARAM_DESC_MAX, &v);
	printf("client: its DESC_MAX: %zu\n", v);
	if (door_call(r, NULL) == -1)
		return 1;
	int p = open("sol_unref.private", O_RDONLY);
	a = (door_arg_t){ .desc_ptr = &d, .desc_num = 1 };
	if (door_call(p, &a) == -1)
		return 1;

	m = open("sol_unref.multi", O_RDONLY);
	printf("client: opened the multi door again, closing it\n");
	close(m);
	return 0;
}

int main(long arg)
{
	return arg == 0 ? run_server() : run_client();
}

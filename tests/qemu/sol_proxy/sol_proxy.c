/* Door through door, written from door_call(3C) and door_return(3C) and
 * compiled unchanged against <door.h>: a leaf server; a proxy that hands
 * out the leaf's door as a descriptor in its results (door_return with a
 * descriptor) and forwards calls (door_call from inside a door); a client
 * that calls the door it received, and passes its own door to the proxy,
 * which calls back through it. arg: 0 leaf, 1 proxy, 2 client. */
#include <door.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stropts.h>
#include <sys/mman.h>
#include <unistd.h>

static void leaf(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)cookie, (void)dp, (void)n_desc;
	char out[64];
	if (argp == DOOR_UNREF_DATA)
		exit(0); /* the proxy and the client are gone */
	int n = snprintf(out, sizeof out, "leaf got %.*s", (int)arg_size, argp);
	door_return(out, (size_t)n + 1, NULL, 0);
}

static int leaf_door = -1;

/* "get": the leaf's door as a descriptor; "fwd X": call the leaf and pass
 * its answer on; "back": call the door passed in with the call. */
static void proxy(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)cookie;
	char res[128];
	if (argp == DOOR_UNREF_DATA) {
		close(leaf_door);
		exit(0);
	}
	if (arg_size >= 4 && strncmp(argp, "exit", 4) == 0)
		exit(0); /* during its caller's call */
	if (arg_size >= 3 && strncmp(argp, "get", 3) == 0) {
		door_desc_t d = { .d_attributes = DOOR_DESCRIPTOR };
		d.d_data.d_desc.d_descriptor = leaf_door;
		door_return("here", 5, &d, 1);
		printf("proxy: door_return with a descriptor failed: %d\n", errno);
		door_return(NULL, 0, NULL, 0);
	}
	door_arg_t a = { .data_ptr = argp + 4, .data_size = arg_size - 4, .rbuf = res, .rsize = sizeof res };
	int target = leaf_door;
	if (strncmp(argp, "back", 4) == 0) {
		if (n_desc != 1) {
			door_return("no descriptor", 14, NULL, 0);
		}
		target = dp[0].d_data.d_desc.d_descriptor;
		a.data_ptr = "from the proxy";
		a.data_size = 15;
	}
	if (door_call(target, &a) == -1) {
		printf("proxy: door_call: %d\n", errno);
		door_return(NULL, 0, NULL, 0);
	}
	if (target != leaf_door)
		close(target);
	door_return(a.data_ptr, a.data_size, NULL, 0);
}

static void callback(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)cookie, (void)dp, (void)n_desc;
	char out[64];
	int n = snprintf(out, sizeof out, "client callback got %.*s", (int)arg_size, argp);
	door_return(out, (size_t)n + 1, NULL, 0);
}

static int wait_open(const char *path)
{
	int fd;
	while ((fd = open(path, O_RDONLY)) == -1 && errno == ENOENT)
		;
	return fd;
}

static int run_leaf(void)
{
	int d = door_create(leaf, NULL, DOOR_UNREF);
	if (d == -1 || fattach(d, "sol_proxy.leaf") == -1)
		return 1;
	door_return(NULL, 0, NULL, 0);
	return 1;
}

static int run_proxy(void)
{
	leaf_door = wait_open("sol_proxy.leaf");
	int d = door_create(proxy, NULL, DOOR_UNREF);
	if (leaf_door == -1 || d == -1 || fattach(d, "sol_proxy.proxy") == -1)
		return 1;
	door_return(NULL, 0, NULL, 0);
	return 1;
}

static int run_client(void)
{
	int p = wait_open("sol_proxy.proxy");
	char buf[128];
	door_arg_t a = { .data_ptr = "fwd hello", .data_size = 9, .rbuf = buf, .rsize = sizeof buf };
	if (door_call(p, &a) == -1)
		return 1;
	printf("client: through the proxy: %s\n", a.data_ptr);

	a = (door_arg_t){ .data_ptr = "get", .data_size = 3, .rbuf = buf, .rsize = sizeof buf };
	if (door_call(p, &a) == -1)
		return 1;
	printf("client: \"%s\" with %u descriptor(s), a door: %s\n", a.data_ptr, a.desc_num,
	       a.desc_num == 1 && (a.desc_ptr[0].d_attributes & DOOR_DESCRIPTOR) ? "yes" : "no");
	int leafd = a.desc_ptr[0].d_data.d_desc.d_descriptor;
	a = (door_arg_t){ .data_ptr = "direct", .data_size = 6, .rbuf = NULL, .rsize = 0 };
	if (door_call(leafd, &a) == -1)
		return 1;
	printf("client: through the door it returned: %s\n", a.data_ptr);
	munmap(a.rbuf, a.rsize);
	door_info_t info;
	door_info(leafd, &info);
	printf("client: that door is served by pid %d\n", (int)info.di_target);

	int cb = door_create(callback, NULL, 0);
	door_desc_t d = { .d_attributes = DOOR_DESCRIPTOR | DOOR_RELEASE };
	d.d_data.d_desc.d_descriptor = cb;
	a = (door_arg_t){ .data_ptr = "back", .data_size = 4, .desc_ptr = &d, .desc_num = 1, .rbuf = buf,
			  .rsize = sizeof buf };
	if (door_call(p, &a) == -1)
		return 1;
	printf("client: the proxy called back: %s\n", a.data_ptr);
	if (door_info(cb, &info) == -1 && errno == EBADF)
		printf("client: DOOR_RELEASE closed my descriptor: EBADF\n");
	close(leafd);
	a = (door_arg_t){ .data_ptr = "exit", .data_size = 4, .rbuf = buf, .rsize = sizeof buf };
	printf("client: the proxy exits during the call: %s\n",
	       door_call(p, &a) == -1 && errno == EINTR ? "EINTR" : "?");
	printf("client: a call to the dead proxy: %s\n", door_call(p, &a) == -1 && errno == EBADF ? "EBADF" : "?");
	close(p);
	return 0;
}

int main(long arg)
{
	return arg == 0 ? run_leaf() : arg == 1 ? run_proxy() : run_client();
}

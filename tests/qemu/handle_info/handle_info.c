/* SYS_HANDLE_INFO through its user wrapper: the type and the rights of a
 * handle of each type of object, of a dup with fewer rights, and the errors
 * (a closed handle, one out of range, one wider than 32 bits), which leave
 * the rights the caller passed in as they were. */
#include <stdio.h>
#include "hinge.h"
#include "door.h"
#include "sync.h"

static void serve(void *cookie, char *argp, size_t n, door_desc_t *dp, unsigned nd)
{
	(void)cookie, (void)argp, (void)n, (void)dp, (void)nd;
}

/* Handle h names an object of type `type`, with exactly `rights`. */
static void expect(long h, long type, uint32_t rights)
{
	uint32_t got = ~0u;
	CHECK(h >= 0);
	CHECK(hinge_handle_info((int)h, &got) == type);
	CHECK(got == rights);
}

int main(void)
{
	long door = door_create(serve, NULL, 0);
	long n = hinge_notify_create();
	long m = hinge_mem_create(1);
	long x = hinge_mutex_create(0);
	expect(door, HOBJ_DOOR, H_DOOR_ALL);
	expect(n, HOBJ_NOTIFY, H_NOTIFY_ALL);
	expect(m, HOBJ_MEM, H_MEM_ALL);
	CHECK(hinge_handle_info((int)x, NULL) == HOBJ_MUTEX); /* rights not asked for */

	long call_only = hinge_handle_dup((int)door, H_CALL);
	expect(call_only, HOBJ_DOOR, H_CALL);
	long none = hinge_handle_dup((int)n, 0);
	expect(none, HOBJ_NOTIFY, 0); /* no right needed to ask */

	uint32_t kept = 0x1234;
	CHECK(hinge_handle_close((int)call_only) == 0);
	CHECK(hinge_handle_info((int)call_only, &kept) == HE_BADHANDLE && kept == 0x1234);
	CHECK(hinge_handle_info(1 << 20, &kept) == HE_BADHANDLE && kept == 0x1234);
	CHECK(hinge_handle_info(-1, &kept) == HE_BADHANDLE && kept == 0x1234);
	/* The whole register: a slot's index with bit 32 set names nothing. */
	register long a0 __asm__("a0") = (1L << 32) | door;
	register long a7 __asm__("a7") = SYS_HANDLE_INFO;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a7)
			 : "memory", "a1", "a2", "a3", "a4", "a5", "a6", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
	CHECK(a0 == HE_BADHANDLE);
	printf("handle_info: door, notification, memory, mutex; dups; errors: ok\n");
	return 0;
}

/* Door paths (fattach(3C), fdetach(3C), open(2), close(2)) on Hinge's name
 * registry: a path is a name, at most 63 characters. A descriptor is a
 * handle. */
#include <fcntl.h>
#include <unistd.h>
#include <stropts.h>
#include "door_reg.h"
#include "solaris.h"

int fattach(int fildes, const char *path)
{
	return solaris_result(hinge_name_publish(fildes, path)) < 0 ? -1 : 0;
}

int fdetach(const char *path)
{
	return solaris_result(hinge_syscall(SYS_NAME_UNPUBLISH, (long)path, 0, 0, 0)) < 0 ? -1 : 0;
}

int open(const char *path, int oflag, ...)
{
	(void)oflag;
	return solaris_result(hinge_name_lookup(path));
}

int close(int fildes)
{
	return solaris_result(hinge_handle_close(fildes));
}

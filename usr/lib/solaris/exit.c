/* _exit(2), which picolibc's exit(3) ends with: the domain ends with the
 * status, as a process would (a server procedure calling exit ends the
 * server domain, and its callers' calls fail with EINTR). */
#include <unistd.h>
#include "hinge.h"

void _exit(int status)
{
	hinge_exit(status);
}

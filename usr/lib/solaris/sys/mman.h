/* munmap(2) for the result buffers the kernel maps for door_call when a
 * result does not fit in rbuf (door.c, SYS_DOOR_RBUF_FREE): the only mappings
 * a Solaris door program makes. */
#ifndef USR_SOLARIS_SYS_MMAN_H
#define USR_SOLARIS_SYS_MMAN_H

#include <stddef.h>

int munmap(void *addr, size_t len);

#endif

/* fattach(3C) and fdetach(3C) for door descriptors: a path is a name of
 * Hinge's name registry (at most 63 characters; names.c). */
#ifndef USR_SOLARIS_STROPTS_H
#define USR_SOLARIS_STROPTS_H

int fattach(int fildes, const char *path);
int fdetach(const char *path);

#endif

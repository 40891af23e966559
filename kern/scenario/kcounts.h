/* Live kernel objects, for leak checks (SYS_KCOUNTS, the end of a scenario). */
#ifndef KERN_KCOUNTS_H
#define KERN_KCOUNTS_H

#include <hinge/door.h>

void kcounts(struct hinge_counts *c);

#endif

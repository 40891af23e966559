build-coverage/k/kern/scenario/manifest.c.o: kern/scenario/manifest.c \
 kern/abi/hinge/errno.h kern/scenario/manifest.h kern/abi/hinge/scn.h \
 kern/abi/hinge/domain.h kern/config.h

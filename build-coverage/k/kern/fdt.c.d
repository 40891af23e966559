build-coverage/k/kern/fdt.c.o: kern/fdt.c kern/fdt.h \
 kern/abi/hinge/errno.h

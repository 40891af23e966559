build-failalloc/k/kern/elf.c.o: kern/elf.c kern/abi/hinge/errno.h \
 kern/config.h kern/vm.h kern/elf.h kern/copy.h

build-failalloc/k/sbi/sbi.c.o: sbi/sbi.c sbi/sbi.h

build-coverage/u/usr/lib/crt0.S.o: usr/lib/crt0.S

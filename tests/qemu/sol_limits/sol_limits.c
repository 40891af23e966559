/* Limits a real door program meets, compiled unchanged against <door.h>:
 * 64 doors in one domain, slots reused after door_revoke, activations per
 * door chosen by the program (hinge_door_activations, a Hinge extension)
 * and bounded (EMFILE), names of 63 characters, fdetach. One domain calls
 * its own doors. */
#include <door.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stropts.h>
#include <unistd.h>

static void echo(void *cookie, char *argp, size_t arg_size, door_desc_t *dp, uint_t n_desc)
{
	(void)argp, (void)arg_size, (void)dp, (void)n_desc;
	long n = (long)cookie;
	door_return((char *)&n, sizeof n, NULL, 0);
}

static long call(int d)
{
	long n = -1;
	door_arg_t a = { .rbuf = (char *)&n, .rsize = sizeof n };
	return door_call(d, &a) == -1 ? -1 : n;
}

int main(long arg)
{
	(void)arg;
	static int d[SOLARIS_DOORS];
	hinge_door_activations(1);
	int made = 0;
	while (made < SOLARIS_DOORS && (d[made] = door_create(echo, (void *)(long)made, 0)) != -1)
		made++;
	long sum = 0;
	for (int i = 0; i < made; i++)
		sum += call(d[i]);
	printf("limits: %d doors in one domain, calls answered %s\n", made,
	       sum == (long)made * (made - 1) / 2 ? "by each" : "wrongly");
	if (door_create(echo, NULL, 0) == -1 && errno == EMFILE)
		printf("limits: one more: EMFILE\n");
	for (int i = 0; i < made; i++)
		door_revoke(d[i]);
	int again = 0;
	while (again < SOLARIS_DOORS && (d[again] = door_create(echo, (void *)(long)again, 0)) != -1)
		again++;
	printf("limits: after door_revoke, %d doors again\n", again);
	for (int i = 0; i < again; i++)
		door_revoke(d[i]);

	if (hinge_door_activations(9) == -1 && errno == EINVAL)
		printf("limits: 9 activations per door: EINVAL\n");
	hinge_door_activations(8);
	int big = 0;
	while (big < SOLARIS_DOORS && (d[big] = door_create(echo, NULL, 0)) != -1)
		big++;
	printf("limits: doors of 8 activations: %d of %d activations, then %s\n", big, SOLARIS_ACTS,
	       errno == EMFILE ? "EMFILE" : "another error");
	for (int i = 0; i < big; i++)
		door_revoke(d[i]);

	char name[64];
	memset(name, 'n', 63);
	name[63] = 0;
	int x = door_create(echo, (void *)42L, 0);
	if (fattach(x, name) == -1)
		printf("limits: fattach of a 63-character name: %d\n", errno);
	int y = open(name, O_RDONLY);
	printf("limits: a 63-character name opens: %s, call %ld\n", y == -1 ? "no" : "yes", call(y));
	close(y);
	printf("limits: fdetach %d\n", fdetach(name));
	if (open(name, O_RDONLY) == -1 && errno == ENOENT)
		printf("limits: open after fdetach: ENOENT\n");
	if (fdetach(name) == -1 && errno == ENOENT)
		printf("limits: fdetach again: ENOENT\n");
	door_revoke(x);
	return 0;
}

/* A finished call's outcome in its caller's frame (doors/hopframe.h). */
#include "doors/hopframe.h"

void frame_set_results(struct trapframe *c, long status, const uint64_t r[DOOR_NWORDS], uint64_t bytes)
{
	c->regs[REG_A0] = (uint64_t)status;
	for (int i = 0; i < DOOR_NWORDS; i++)
		c->regs[REG_A1 + i] = r[i];
	c->regs[REG_A6] = bytes;
	c->regs[REG_A7] = 0;
	c->regs[REG_T0] = c->regs[REG_T1] = c->regs[REG_T2] = 0;
	for (int i = REG_T3; i <= REG_T6; i++)
		c->regs[i] = 0;
}

void frame_set_dead(struct trapframe *c, long status, const struct domain *dead)
{
	const uint64_t r[DOOR_NWORDS] = { (uint64_t)dead->id, domain_death_how(dead), dead->gen };
	frame_set_results(c, status, r, 0);
}

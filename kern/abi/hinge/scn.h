/* The compiled boot form of scenarios (docs/scenarios.md, "The compiled
 * form"): the numbers its records use. The host compiles a scenario file
 * (scripts/scn/compile.py reads these defines, so the three readers cannot
 * drift); the kernel (kern/scenario/manifest.c, kern/scenario/batch.c) and the actor
 * (usr/actor.c) read the records, never the scenario language.
 *
 * Records, one per line, fields separated by one space, numbers in signed
 * decimal, a name (1..15 characters) only as the last field:
 *   hinge-scn VERSION SECTIONS           first line of the file
 *   scn INDEX LINE TIMEOUT BYTES NAME    starts a section; BYTES: the
 *                                        section's records after this line
 *   dom INDEX PRIO MAXPRIO THREADS RUN FLAGS NAME
 *   hart INDEX ID                        the hart domain INDEX runs on
 *   door INDEX SERVER ACTS ON LOOKEDUP FLAGS PRIO NAME
 *   mutex INDEX DOMAIN FLAGS NAME
 *   script INDEX NSTEPS                  followed by its NSTEPS steps
 *   step KIND DOOR NOWAIT VALUE
 *   inj LINE ACTION TARGET DOOR EVENT SUBJECT COUNT AFTER
 * Indices count from 0 in record order; RUN and ON name a script, SERVER,
 * DOMAIN and TARGET a domain, DOOR a door, -1 for none; AFTER is -1 without
 * `+N`; PRIO is a handoff door's server threads' priority, 0 otherwise. */
#ifndef HINGE_SCN_H
#define HINGE_SCN_H

#define SCN_FORM_VERSION 2

/* dom FLAGS */
#define SCN_DOM_SUPERVISOR 1
#define SCN_DOM_RESTART    2

/* door FLAGS (the actor turns them into DOOR_F_*) */
#define SCN_DOOR_NOPI       1
#define SCN_DOOR_HANDOFF    2
#define SCN_DOOR_HANDOFF_PI 4

/* mutex FLAGS (the actor turns them into MUTEX_F_*) */
#define SCN_MUTEX_PI 1

/* step KIND */
#define SCN_STEP_CALL      0 /* DOOR, NOWAIT, VALUE = deadline in ticks (0: none) */
#define SCN_STEP_COMPUTE   1 /* VALUE = instructions */
#define SCN_STEP_SLEEP     2 /* VALUE = ticks */
#define SCN_STEP_RETURN    3 /* VALUE = the word returned */
#define SCN_STEP_REVOKE    4 /* DOOR */
#define SCN_STEP_CLOSE     5 /* DOOR */
#define SCN_STEP_FAULT     6 /* VALUE = SCN_FAULT_* */
#define SCN_STEP_EXIT      7 /* VALUE = exit status */
#define SCN_STEP_LOOP      8
#define SCN_STEP_LOOKUP    9 /* DOOR */
#define SCN_STEP_LOCK     10 /* VALUE = the mutex's index */
#define SCN_STEP_UNLOCK   11 /* VALUE = the mutex's index */

/* step VALUE of SCN_STEP_FAULT */
#define SCN_FAULT_LOAD       0
#define SCN_FAULT_STORE      1
#define SCN_FAULT_EXEC       2
#define SCN_FAULT_ILLEGAL    3
#define SCN_FAULT_MISALIGNED 4
#define SCN_FAULT_EBREAK     5

/* inj ACTION */
#define SCN_INJ_KILL    1 /* TARGET */
#define SCN_INJ_REVOKE  2 /* DOOR */
#define SCN_INJ_CLOSE   3 /* TARGET, DOOR */
#define SCN_INJ_CANCEL  4 /* TARGET */

/* inj EVENT (SUBJECT: a domain for enter/return/unwind, a door for revoke;
 * COUNT: the K-th occurrence, or the tick) */
#define SCN_EV_ENTER    1
#define SCN_EV_RETURN   2
#define SCN_EV_TICK     3
#define SCN_EV_START    4
#define SCN_EV_REVOKED  5
#define SCN_EV_UNWIND   6
#define SCN_EV_EXHAUSTED 7

#endif

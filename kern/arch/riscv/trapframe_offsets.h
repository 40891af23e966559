/* Byte offsets into struct trapframe for assembly; trapframe.h asserts that
 * the C layout matches (TF_PC, TF_KSTACK, TF_KHART, TF_SIZE). */
#define TF_PC      (32 * 8)
#define TF_KSTACK  (33 * 8)
#define TF_KHART   (34 * 8)
#define TF_HOP     (35 * 8)

/* DOOR_CALL_XARG of hinge/door.h (asserted in doors/slowpath.c): a door
 * call with this flag takes the general trap path. */
#define TF_DOOR_CALL_XARG 2

/* ACQ_NONE_FREE of doors/activation.h (asserted in doors/fastpath.c):
 * door_fast_call's "take the general path" result. */
#define TF_ACQ_NONE_FREE 2

/* Byte offsets into struct trapframe for assembly; trapframe.h asserts that
 * the C layout matches each of them. */

/* regs[n] holds register x<n> (regs[0] is unused: x0 is hardwired to zero). */
#define TF_X(n)    ((n) * 8)
/* The registers trap.S names by their ABI names. */
#define TF_RA      TF_X(1)
#define TF_SP      TF_X(2)
#define TF_GP      TF_X(3)
#define TF_TP      TF_X(4)
#define TF_T0      TF_X(5)
#define TF_S0      TF_X(8)
#define TF_S1      TF_X(9)
#define TF_A0      TF_X(10)
#define TF_A6      TF_X(16)
/* s2..s11 are x18..x27 (s0 and s1 are not in this run: TF_S0, TF_S1). */
#define TF_S(n)    TF_X(16 + (n))

#define TF_PC      (32 * 8)
#define TF_KSTACK  (33 * 8)
#define TF_KHART   (34 * 8)
#define TF_HOP     (35 * 8)

/* Byte offsets into struct trapframe for assembly; trapframe.h asserts that
 * the C layout matches (TF_PC, TF_KSTACK, TF_KHART, TF_SIZE). */
#define TF_PC      (32 * 8)
#define TF_KSTACK  (33 * 8)
#define TF_KHART   (34 * 8)

/* Byte offsets into struct kcontext (kern/arch.h) for switch.S; arch.c
 * asserts that the C layout matches. */
#define KC_RA    0
#define KC_SP    8
#define KC_S(n)  (16 + (n) * 8)  /* s0..s11 */

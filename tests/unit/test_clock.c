/* Virtual time conversions for delayed injections (kern/clock.h): under
 * -icount shift=0 an instruction is a nanosecond; the timer counts timebase
 * units (QEMU virt: 10 MHz, 100 ns). */
#include <criterion/criterion.h>
#include "kern/clock.h"

Test(clock, instructions_round_up_to_the_next_timebase_unit)
{
	clock_init(10000000);
	cr_assert_eq(clock_ns_to_timebase(0), 0);
	cr_assert_eq(clock_ns_to_timebase(1), 1, "never early: a deadline rounds up");
	cr_assert_eq(clock_ns_to_timebase(100), 1);
	cr_assert_eq(clock_ns_to_timebase(101), 2);
	cr_assert_eq(clock_ns_to_timebase(2000000), 20000);
	cr_assert_eq(clock_timebase_to_ns(1), 100, "the granule the trace reports");
	cr_assert_eq(clock_timebase_to_ns(20000), 2000000);
}

Test(clock, large_counts_do_not_overflow)
{
	clock_init(3000000000ull); /* a 3 GHz timebase */
	cr_assert_eq(clock_ns_to_timebase(1000000000000ull), 3000000000000ull);
	cr_assert_eq(clock_timebase_to_ns(3000000000000ull), 1000000000000ull);
	cr_assert_eq(clock_ns_to_timebase(1), 3);
}

/* Kernel console. Formatting is picolibc's vsnprintf (a listed dependency);
 * output goes through arch_console_write. Lines are formatted whole before
 * being written so that kernel messages never interleave mid-line. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "console.h"
#include "arch.h"

void console_write(const char *s, size_t n)
{
	arch_console_write(s, n);
}

static void vkprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof buf)
		n = sizeof buf - 1;
	console_write(buf, (size_t)n);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;
	kprintf("[hinge] PANIC: ");
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	arch_shutdown(1);
}

/* Kernel console output: printf-style, through the arch console (SBI). */
#ifndef KERN_CONSOLE_H
#define KERN_CONSOLE_H

#include <stddef.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *s, size_t n);
/* A kernel bug: print and stop the machine with a failure status. */
void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif

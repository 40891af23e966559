/* User faults: an exception in user mode ends the domain the thread runs in. */
#ifndef KERN_FAULT_H
#define KERN_FAULT_H

#include <stdint.h>

/* FAULT_OTHER is 0: any exception a table of kinds does not name. */
enum fault_kind { FAULT_OTHER, FAULT_PAGE, FAULT_ILLEGAL, FAULT_MISALIGNED, FAULT_BADSYSCALL };

/* The current thread faulted in user mode: report it on the console (domain,
 * cause, sepc, stval) and kill the domain it was running in. */
void fault_user(enum fault_kind kind, uint64_t scause, uint64_t sepc, uint64_t stval);

#endif

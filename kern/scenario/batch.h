/* Batches: one boot file holding several scenarios (docs/scenarios.md,
 * "Batches"), run one after another in one boot.
 *
 * The host splits a batch: a compiled boot file (hinge/scn.h) starts with
 * `hinge-scn VERSION SECTIONS`, and each section with its `scn` record,
 * which gives the bytes of the section's records after it; the kernel only
 * follows those lengths. A boot manifest (any other first line) is one
 * section, the whole file. Portable and unit-tested
 * (tests/unit/test_batch.c). */
#ifndef KERN_BATCH_H
#define KERN_BATCH_H

#include <stddef.h>

/* Number of sections of the file, and in *first the offset of the first:
 * 1 and 0 for a boot manifest; -1 for a compiled file whose header is bad
 * (another version, no section). */
int batch_sections(const char *text, size_t len, size_t *first);
/* End of the section that starts at offset off of a compiled file: the end
 * of its `scn` line plus its BYTES; len if that is past the end or the line
 * is no `scn` record (the parser then says what is wrong). For a boot
 * manifest: len. */
size_t batch_section_end(const char *text, size_t len, size_t off);

#endif

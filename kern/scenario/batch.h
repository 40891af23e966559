/* Batches: one boot file holding several scenarios (docs/scenarios.md,
 * "Batches"), run one after another in one boot.
 *
 * A scenario file whose first directive is `scenario NAME` may hold more
 * `scenario NAME` lines: each starts a new section, which runs the lines up
 * to the next one (comments and blank lines before a `scenario` line belong
 * to the section above; the first section starts at the file's first byte).
 * A boot manifest (first directive not `scenario`) is always one section.
 * Portable and unit-tested (tests/unit/test_batch.c). */
#ifndef KERN_BATCH_H
#define KERN_BATCH_H

#include <stddef.h>

/* End of the section that starts at offset off (the start of a line): the
 * offset of the next line after the section's first directive whose first
 * word is `scenario`, or len. */
size_t batch_section_end(const char *text, size_t len, size_t off);
/* Number of sections (1 for a manifest or an empty file). */
int batch_count(const char *text, size_t len);
/* 1-based line number of offset off. */
int batch_line_of(const char *text, size_t off);

#endif

/* Reader for the flattened device tree (DTB) the firmware hands the kernel
 * in a1 at boot: just enough to learn the machine's RAM, timer frequency,
 * initrd and test finisher (Devicetree Specification v0.4, chapter 5).
 *
 * The blob is trusted for nothing: every offset and length in it is checked
 * against the header's totalsize before it is read, so a corrupt blob yields
 * HE_INVAL, never a read outside [blob, blob + totalsize). totalsize itself
 * cannot be checked (the firmware passes only a pointer); it is believed.
 * Multi-byte fields are big-endian and read byte by byte, so the blob needs
 * no alignment and the code runs unchanged on the host. */
#ifndef KERN_FDT_H
#define KERN_FDT_H

#include <stdint.h>

/* The blob's format (Devicetree Specification, chapter 5), for the reader
 * and the tests that assemble blobs: a 40-byte header, then a structure
 * block of 4-byte-aligned tokens and a strings block holding the property
 * names. The structure block is a pre-order walk of the tree:
 *   BEGIN_NODE name\0 [pad]  ... properties ... children ...  END_NODE
 *   PROP len nameoff value[len] [pad]
 * with NOP tokens allowed anywhere and one END token after the root node.
 * A node's properties come before its children (5.4.2); a blob that puts
 * one after a child is malformed. */
#define FDT_MAGIC        0xd00dfeedu
#define FDT_HEADER_SIZE  40u
/* Version 17 is the first whose header has size_dt_struct, which bounds the
 * structure block; blobs that remain readable as version 17 are accepted. */
#define FDT_VERSION      17u

/* Header fields: byte offsets of big-endian 32-bit words. */
#define FDT_H_MAGIC          0
#define FDT_H_TOTALSIZE      4
#define FDT_H_OFF_STRUCT     8
#define FDT_H_OFF_STRINGS   12
#define FDT_H_OFF_RSVMAP    16
#define FDT_H_VERSION       20
#define FDT_H_LAST_COMP     24
#define FDT_H_SIZE_STRINGS  32
#define FDT_H_SIZE_STRUCT   36

/* #address-cells and #size-cells of a node that omits them (2.3.5). */
#define FDT_DEFAULT_ADDR_CELLS 2u
#define FDT_DEFAULT_SIZE_CELLS 1u

/* The deepest node the reader accepts (the root is at depth 1; QEMU virt's
 * tree goes 5 deep): it bounds the reader's recursion, one stack frame per
 * open node. */
#define FDT_MAX_DEPTH 16u

/* Structure block tokens. */
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE   2u
#define FDT_PROP       3u
#define FDT_NOP        4u
#define FDT_END        9u

/* What the kernel needs from the device tree. Optional properties that are
 * absent read as 0 / NULL. */
struct boot_info {
	uint64_t mem_base, mem_size;        /* first range of the first /memory node's reg */
	uint64_t timebase_hz;               /* /cpus (or its first child's) timebase-frequency */
	unsigned nharts;                    /* /cpus/cpu nodes: harts, ids 0..nharts-1 on QEMU virt */
	uint64_t initrd_start, initrd_end;  /* /chosen linux,initrd-{start,end}: [start, end) */
	/* First reg address of the first node (pre-order, below the root) whose
	 * compatible lists "sifive,test0" or "sifive,test1": QEMU's test device,
	 * to which the kernel writes to make QEMU exit with a failure status.
	 * 0 when there is none (so a device at address 0 reads as absent). */
	uint64_t finisher_base;
};

/* 0 if blob starts with a well-formed DTB header (magic, a version this
 * reader understands, blocks inside totalsize), else HE_INVAL. */
int fdt_check(const void *blob);

/* Fill *out from blob. Returns 0; HE_INVAL if the blob is malformed (also:
 * nested deeper than FDT_MAX_DEPTH) or a
 * property has an impossible size or value (including a finisher node whose
 * reg is missing or shorter than its parent's #address-cells, or whose parent
 * has #address-cells other than 1 or 2); HE_NOENT if there is no /memory
 * node with a reg or no timebase-frequency. *out is written only on success. */
int fdt_parse_boot_info(const void *blob, struct boot_info *out);

#endif

/* The Linux partition's kernel image check (issue 16): Debian's ppc64el
 * vmlinux is a little-endian ELF64 with one loadable segment at physical
 * address 0, entered at its first byte. Pure C: built into the hypervisor
 * and into a host test. */
#ifndef ARCH_PPC_LINUX_IMAGE_H
#define ARCH_PPC_LINUX_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct ppc_linux_image {
	uint64_t offset; /* of the segment's bytes in the file */
	uint64_t filesz; /* bytes copied from the file */
	uint64_t memsz;	 /* bytes the partition gives it (rest zeroed) */
	uint64_t entry;	 /* partition-physical entry address */
};

/* 0 and *out filled when img (len bytes) is a kernel that fits in mem
 * bytes of partition memory; otherwise -1 with *why naming the problem. */
int ppc_linux_image_check(const uint8_t *img, size_t len, uint64_t mem,
			  struct ppc_linux_image *out, const char **why);

#endif

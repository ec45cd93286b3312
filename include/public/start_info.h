/* larch guest ABI: what a guest is told at entry. vCPU 0 starts with the
 * guest address of this struct in its first argument register (x0, r3,
 * rdi, r32/in0). */
#ifndef LARCH_PUBLIC_START_INFO_H
#define LARCH_PUBLIC_START_INFO_H

#include <stddef.h>
#include "xen_abi.h"

#define LARCH_START_MAGIC 0x6c61726368737461ULL /* "larchsta" */

struct larch_start_info {
	uint64_t magic;
	uint64_t shared_info; /* guest address of the shared_info page */
	uint64_t mem_base;    /* guest address of the domain's memory */
	uint64_t mem_size;
	uint32_t domid;
	uint32_t nr_vcpus;
	uint32_t nr_pcpus;
	uint32_t flags;
	char args[64]; /* the config's "args" string */
};

_Static_assert(offsetof(struct larch_start_info, domid) == 32, "abi");
_Static_assert(offsetof(struct larch_start_info, args) == 48, "abi");
_Static_assert(sizeof(struct larch_start_info) == 112, "abi");

#endif

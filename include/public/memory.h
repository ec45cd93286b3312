/* memory_op: the pieces larch implements (Xen's numbers and layouts). */
#ifndef LARCH_PUBLIC_MEMORY_H
#define LARCH_PUBLIC_MEMORY_H

#include <public/xen_abi.h>

#define XENMEM_add_to_physmap	7
#define XENMAPSPACE_shared_info 0 /* idx 0 */
#define XENMAPSPACE_grant_table 1 /* idx: the grant-table frame */

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn; /* where the guest wants the page */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "abi");

#endif

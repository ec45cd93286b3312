/* hvm_op(HVMOP_get_param), as Xen numbers and lays it out. */
#ifndef LARCH_PUBLIC_HVM_OP_H
#define LARCH_PUBLIC_HVM_OP_H

#include <public/xen_abi.h>

#define HVMOP_get_param 1

struct xen_hvm_param {
	domid_t domid;
	uint32_t index;
	uint64_t value; /* out */
};
_Static_assert(sizeof(struct xen_hvm_param) == 16, "abi");

#endif

/* Xen's PV console ring (the page start_info.console.domU names): the
 * guest writes "out" and reads "in", the other end (larch itself,
 * common/xen_console.c) the reverse; each side tells the other through the
 * console event channel. Indices run freely; a slot is index % size. */
#ifndef LARCH_PUBLIC_CONSOLE_H
#define LARCH_PUBLIC_CONSOLE_H

#include <stddef.h>
#include "xen_abi.h"

struct xencons_interface {
	char in[1024];
	char out[2048];
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
};

_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "abi");
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084, "abi");

#endif

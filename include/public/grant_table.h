/* grant_table_op: the frame queries larch implements (Xen's numbers and
 * layouts). The operation's own result goes in status, a GNTST_ code. */
#ifndef LARCH_PUBLIC_GRANT_TABLE_H
#define LARCH_PUBLIC_GRANT_TABLE_H

#include <public/xen_abi.h>

#define GNTTABOP_setup_table 2
#define GNTTABOP_query_size  6

#define GNTST_okay	    0
#define GNTST_general_error (-1)
#define GNTST_bad_domain    (-2)

struct gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;  /* in: how many frames' numbers to write */
	int16_t status;	     /* out */
	uint64_t frame_list; /* guest pointer to nr_frames uint64_t */
};
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "abi");

struct gnttab_query_size {
	domid_t dom;
	uint32_t nr_frames;	/* out */
	uint32_t max_nr_frames; /* out */
	int16_t status;		/* out */
};
_Static_assert(sizeof(struct gnttab_query_size) == 16, "abi");

#endif

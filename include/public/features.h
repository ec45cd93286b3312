/* xen_version(XENVER_get_features): the feature bits a kernel reads at
 * boot (Xen's numbers). */
#ifndef LARCH_PUBLIC_FEATURES_H
#define LARCH_PUBLIC_FEATURES_H

#include <public/xen_abi.h>

#define XENVER_get_features 6

struct xen_feature_info {
	uint32_t submap_idx; /* which 32 bits: only 0 has any set */
	uint32_t submap;     /* out */
};

#define XENFEAT_writable_page_tables	0
#define XENFEAT_auto_translated_physmap 2
#define XENFEAT_supervisor_mode_kernel	3
#define XENFEAT_hvm_callback_vector	8
#define XENFEAT_not_direct_mapped	17

#endif

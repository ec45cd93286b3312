/* Compiled once per ABI by tests/abi_mask_test.sh: naming the x86 mask
 * byte must compile for x86 and fail for ppc, arm and ia64. */
#include <public/shared_info.h>

int probe(struct vcpu_info *vi);
int probe(struct vcpu_info *vi)
{
	return vi->evtchn_upcall_mask;
}

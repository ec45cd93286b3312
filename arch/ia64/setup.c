/* ia64 boot, in C: called by head.S on pCPU 0 with the IVT installed and
 * translation on; builds the domains and returns the first vCPU to enter. */
#include <larch/setup.h>
#include <larch/sched.h>
#include <larch/console.h>
#include "ia64_priv.h"

void ia64_irq_setup(void);
struct vcpu *ia64_start(void);
/* The configuration device tree, linked in by images.S. */

struct vcpu *ia64_start(void)
{
	printk("larch: ia64 hypervisor at PL0, guests at PL%u\n",
	       (unsigned)IA64_GUEST_CPL);
	ia64_hw_mask_timer();
	if (larch_setup(config_dtb, 1))
		panic("larch: setup failed");
	ia64_irq_setup();
	return ia64_next_vcpu(0);
}

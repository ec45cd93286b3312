/* The guest images a config can name (every backend that includes
 * build/images.mk). One image carries the whole suite;
 * the config's "args" string picks the role. */
#include <larch/setup.h>

extern const uint8_t guest_suite_start[], guest_suite_end[];
#ifdef PVTEST_ELF
extern const uint8_t guest_pvtest_start[], guest_pvtest_end[];
#endif

const struct guest_image guest_images[] = {
	{ "suite", guest_suite_start, guest_suite_end },
#ifdef PVTEST_ELF
	/* x86: a Xen PV kernel (guest/pv), booted as Xen boots Linux */
	{ "pvtest", guest_pvtest_start, guest_pvtest_end },
#endif
};
const unsigned nr_guest_images = ARRAY_SIZE(guest_images);

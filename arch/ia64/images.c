/* The guest image table (real ia64 builds: the bytes come from images.S). */
#include <larch/setup.h>

extern const uint8_t ia64_guest_suite_start[], ia64_guest_suite_end[];

const struct guest_image guest_images[] = {
	{ "suite", ia64_guest_suite_start, ia64_guest_suite_end },
};
const unsigned nr_guest_images = 1;

/* The guest images a config can name (every backend that includes
 * build/images.mk). One image carries the whole suite;
 * the config's "args" string picks the role. */
#include <larch/setup.h>

extern const uint8_t guest_suite_start[], guest_suite_end[];

const struct guest_image guest_images[] = {
	{ "suite", guest_suite_start, guest_suite_end },
};
const unsigned nr_guest_images = ARRAY_SIZE(guest_images);

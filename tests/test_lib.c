/* Host test: the freestanding memcpy of common/lib.c (8-byte, 4-byte and
 * byte steps chosen by the alignment of both ends), under ASan/UBSan.
 * lib.c is compiled here with its functions renamed, since the test links
 * the host's libc. */
#include <stdint.h>
#include "harness.h"

#define memcpy	larch_memcpy
#define memmove larch_memmove
#define memset	larch_memset
#define memcmp	larch_memcmp
#define memchr	larch_memchr
#define strlen	larch_strlen
#define strnlen larch_strnlen
#define strchr	larch_strchr
#define strrchr larch_strrchr
#define strcmp	larch_strcmp
#define strncmp larch_strncmp
#define strtoul larch_strtoul
#undef LARCH_HOSTED
#include "../common/lib.c"

/* Every length 0-40 from every source and destination offset 0-8: the
 * bytes in [doff, doff + n) are the source's, every other byte is left. */
static void memcpy_every_alignment_and_length(void)
{
	static _Alignas(8) unsigned char src[64], dst[64];
	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (unsigned soff = 0; soff <= 8; soff++)
		for (unsigned doff = 0; doff <= 8; doff++)
			for (unsigned n = 0; n <= 40; n++) {
				for (unsigned i = 0; i < sizeof(dst); i++)
					dst[i] = 0xee;
				void *r =
					larch_memcpy(dst + doff, src + soff, n);
				EXPECT(r == dst + doff);
				for (unsigned i = 0; i < sizeof(dst); i++) {
					unsigned char want =
						i >= doff && i < doff + n
							? src[soff + i - doff]
							: 0xee;
					if (dst[i] != want) {
						EXPECT_EQ(dst[i], want);
						return;
					}
				}
			}
}

HARNESS_DEFINE("host");

int main(void)
{
	RUN("lib", memcpy_every_alignment_and_length);
	return harness_failed ? 1 : 0;
}

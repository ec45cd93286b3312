/* Host test of the ppc Linux partition's kernel image check
 * (arch/ppc/linux/image.c) on synthetic images, good and bad, and, given a
 * path, on Debian's real ppc64el vmlinux (facts from DESIGN.md). */
#include <stdint.h>
#include <stdlib.h>
#include "harness.h"
#include "../arch/ppc/linux/image.c"

HARNESS_DEFINE("ppc");

#define VBASE 0xc000000000000000ull
#define MEM   (256ull << 20)

static uint8_t img[0x2000];
static const char *real_path;

static void put(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* An ELF header, a PT_NOTE and one PT_LOAD of 0x1000 file bytes at offset
 * 0x1000, 0x3000 in memory, paddr 0, entry at its first byte. */
static void make_good(void)
{
	uint8_t *ph;

	memset(img, 0, sizeof(img));
	memcpy(img, "\177ELF", 4);
	img[4] = 2, img[5] = 1, img[6] = 1;
	put(img + 16, 2, 2);
	put(img + 18, 21, 2);
	put(img + 24, VBASE, 8);
	put(img + 32, 64, 8);
	put(img + 54, 56, 2);
	put(img + 56, 2, 2);
	ph = img + 64;
	put(ph, 4, 4); /* PT_NOTE, skipped */
	ph += 56;
	put(ph, 1, 4);
	put(ph + 8, 0x1000, 8);
	put(ph + 16, VBASE, 8);
	put(ph + 24, 0, 8);
	put(ph + 32, 0x1000, 8);
	put(ph + 40, 0x3000, 8);
}

static void accepts_good_image(void)
{
	struct ppc_linux_image k;
	const char *why = NULL;

	make_good();
	EXPECT_EQ(ppc_linux_image_check(img, sizeof(img), MEM, &k, &why), 0);
	EXPECT(why == NULL);
	EXPECT_EQ(k.offset, 0x1000);
	EXPECT_EQ(k.filesz, 0x1000);
	EXPECT_EQ(k.memsz, 0x3000);
	EXPECT_EQ(k.entry, 0);
}

/* Each bad image is refused with its own reason and leaves *out alone. */
static void expect_refused(size_t len, uint64_t mem, const char *want)
{
	struct ppc_linux_image k = { .offset = 77 };
	const char *why = NULL;

	EXPECT_EQ(ppc_linux_image_check(img, len, mem, &k, &why), -1);
	EXPECT(why && !strcmp(why, want));
	EXPECT_EQ(k.offset, 77);
}

static void refuses_bad_images(void)
{
	make_good();
	memcpy(img, "MZ\0\0", 4);
	expect_refused(sizeof(img), MEM, "not an ELF file");
	make_good();
	expect_refused(63, MEM, "not an ELF file");
	make_good();
	img[4] = 1;
	expect_refused(sizeof(img), MEM, "not a 64-bit ELF");
	make_good();
	img[5] = 2;
	expect_refused(sizeof(img), MEM,
		       "big-endian kernel (ppc64, not ppc64el)");
	make_good();
	put(img + 18, 62, 2);
	expect_refused(sizeof(img), MEM, "not a PowerPC 64 ELF");
	make_good();
	expect_refused(64 + 60, MEM,
		       "truncated (program headers past the end)");
	make_good();
	expect_refused(0x1fff, MEM,
		       "truncated (segment past the end of the file)");
	make_good();
	put(img + 64, 1, 4);
	expect_refused(sizeof(img), MEM, "more than one loadable segment");
	make_good();
	put(img + 120, 6, 4);
	expect_refused(sizeof(img), MEM, "no loadable segment");
	make_good();
	put(img + 120 + 24, 0x200000, 8);
	expect_refused(sizeof(img), MEM,
		       "loadable segment not at physical address 0");
	make_good();
	expect_refused(sizeof(img), 0x2fff,
		       "kernel larger than the partition's memory");
	make_good();
	put(img + 24, VBASE + 0x1000, 8);
	expect_refused(sizeof(img), MEM,
		       "entry point outside the loaded bytes");
	make_good();
	put(img + 120 + 8, ~0ull - 8, 8); /* offset + size wraps */
	expect_refused(sizeof(img), MEM,
		       "truncated (segment past the end of the file)");
}

/* DESIGN.md: one LOAD segment, paddr 0, 40 MB in memory, entry at its
 * first byte. */
static void real_vmlinux(void)
{
	FILE *f = fopen(real_path, "rb");
	struct ppc_linux_image k;
	const char *why = "unread";
	uint8_t *buf;
	long n;

	EXPECT(f != NULL);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n);
	EXPECT(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	if (!buf)
		return;
	EXPECT_EQ(ppc_linux_image_check(buf, (size_t)n, MEM, &k, &why), 0);
	EXPECT_EQ(k.entry, 0);
	EXPECT(k.memsz > (32ull << 20) && k.memsz < (64ull << 20));
	EXPECT(k.filesz <= k.memsz);
	/* The same kernel does not fit a 32 MiB partition. */
	EXPECT_EQ(ppc_linux_image_check(buf, (size_t)n, 32ull << 20, &k, &why),
		  -1);
	free(buf);
}

int main(int argc, char **argv)
{
	RUN("linux_image", accepts_good_image);
	RUN("linux_image", refuses_bad_images);
	if (argc > 1) {
		real_path = argv[1];
		RUN("linux_image", real_vmlinux);
	}
	return harness_failed ? 1 : 0;
}

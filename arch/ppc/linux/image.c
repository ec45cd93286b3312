/* Checks a ppc64el vmlinux before it is loaded into a partition; see
 * image.h. Fields are read byte by byte, little-endian, so the check does
 * not depend on the reader's own byte order. */
#include "image.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD	  1
#define EM_PPC64  21
#define ET_EXEC	  2

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static int refuse(const char **why, const char *what)
{
	*why = what;
	return -1;
}

int ppc_linux_image_check(const uint8_t *img, size_t len, uint64_t mem,
			  struct ppc_linux_image *out, const char **why)
{
	uint64_t phoff, entry, vaddr0 = 0, off = 0, fsz = 0, msz = 0, paddr = 0;
	unsigned phnum, phentsize, loads = 0;

	if (len < EHDR_SIZE || img[0] != 0x7f || img[1] != 'E' ||
	    img[2] != 'L' || img[3] != 'F')
		return refuse(why, "not an ELF file");
	if (img[4] != 2)
		return refuse(why, "not a 64-bit ELF");
	if (img[5] == 2)
		return refuse(why, "big-endian kernel (ppc64, not ppc64el)");
	if (img[5] != 1)
		return refuse(why, "unknown ELF byte order");
	if (le(img + 18, 2) != EM_PPC64)
		return refuse(why, "not a PowerPC 64 ELF");
	if (le(img + 16, 2) != ET_EXEC)
		return refuse(why, "not an executable ELF");
	entry = le(img + 24, 8);
	phoff = le(img + 32, 8);
	phentsize = (unsigned)le(img + 54, 2);
	phnum = (unsigned)le(img + 56, 2);
	if (phentsize != PHDR_SIZE || phnum == 0)
		return refuse(why, "bad program header table");
	/* Overflow-safe: phnum * 56 is below 2^22. */
	if (phoff > len || (uint64_t)phnum * PHDR_SIZE > len - phoff)
		return refuse(why, "truncated (program headers past the end)");
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * PHDR_SIZE;

		if (le(ph, 4) != PT_LOAD)
			continue;
		if (loads++)
			return refuse(why, "more than one loadable segment");
		off = le(ph + 8, 8);
		vaddr0 = le(ph + 16, 8);
		paddr = le(ph + 24, 8);
		fsz = le(ph + 32, 8);
		msz = le(ph + 40, 8);
	}
	if (!loads)
		return refuse(why, "no loadable segment");
	if (paddr != 0)
		return refuse(why,
			      "loadable segment not at physical address 0");
	if (off > len || fsz > len - off)
		return refuse(why,
			      "truncated (segment past the end of the file)");
	if (msz < fsz)
		return refuse(why, "segment's memory size below its file size");
	if (msz > mem)
		return refuse(why, "kernel larger than the partition's memory");
	/* The entry is a virtual address in the segment (0xc000... linked). */
	if (entry < vaddr0 || entry - vaddr0 >= fsz)
		return refuse(why, "entry point outside the loaded bytes");
	out->offset = off;
	out->filesz = fsz;
	out->memsz = msz;
	out->entry = entry - vaddr0;
	return 0;
}

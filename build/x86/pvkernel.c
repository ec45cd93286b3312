/* Host tool: checks an x86 Linux bzImage (setup header, payload bounds),
 * names its payload's compression, unpacks it (gzip, bzip2, LZMA, xz, LZ4
 * or zstd, with Debian's tools: what Xen's domain builder unpacks, LZO
 * aside) and checks the ELF vmlinux's Xen notes with the reader the
 * hypervisor uses. Usage: pvkernel <bzImage> <vmlinux-out>
 *                         pvkernel --notes <vmlinux>
 * Every bad image: one line "pvkernel: <file>: <problem>", exit 1. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../../arch/x86/pv/elf_notes.c"

static const char *file;
static uint8_t *bufs[2]; /* the image and the unpacked ELF, freed at exit */

static void free_bufs(void)
{
	free(bufs[0]);
	free(bufs[1]);
}

static int bad(const char *why)
{
	fprintf(stderr, "pvkernel: %s: %s\n", file, why);
	return 1;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 20, n = 0, r;
	uint8_t *b = malloc(cap);
	while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			uint8_t *nb = realloc(b, cap *= 2);
			if (!nb)
				free(b);
			b = nb;
		}
	}
	fclose(f);
	*len = n;
	return b;
}

static uint32_t le(const uint8_t *p, unsigned n)
{
	uint32_t v = 0;
	while (n--)
		v = (v << 8) | p[n];
	return v;
}

struct comp {
	const char *name;
	const uint8_t magic[6];
	unsigned len;
	const char *cmd; /* NULL: larch's tooling does not unpack it */
};

/* The payload formats Linux's bzImage may carry, by magic. */
static const struct comp comps[] = {
	{ "gzip", { 0x1f, 0x8b }, 2, "gzip -dc" },
	{ "bzip2", { 'B', 'Z', 'h' }, 3, "bzip2 -dc" },
	{ "lzma", { 0x5d, 0, 0 }, 3, "xz -dc --format=lzma" },
	{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0 }, 6, "xz -dc" },
	{ "lzo", { 0x89, 'L', 'Z', 'O' }, 4, NULL },
	{ "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4, "lz4 -dc" },
	{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, "zstd -dcq" },
};

static int check_notes(const uint8_t *elf, size_t len)
{
	struct pv_elf_info in;
	if (pv_elf_parse(elf, len, LARCH_PV_FEATURES, &in)) {
		char msg[160];
		snprintf(msg, sizeof(msg), "vmlinux %s%s%s%s", in.why,
			 in.what[0] ? " '" : "", in.what,
			 in.what[0] ? "'" : "");
		return bad(msg);
	}
	printf("%s: GUEST_OS %s XEN_VERSION %s VIRT_BASE %#llx PADDR_OFFSET "
	       "%#llx ENTRY %#llx HV_START_LOW %#llx INIT_P2M %#llx "
	       "MOD_START_PFN %u HYPERCALL_PAGE %s FEATURES \"%s\"\n",
	       file, in.guest_os, in.xen_version,
	       (unsigned long long)in.virt_base,
	       (unsigned long long)in.paddr_offset,
	       (unsigned long long)in.entry,
	       (unsigned long long)in.hv_start_low,
	       (unsigned long long)in.init_p2m, in.mod_start_pfn,
	       (in.present & (1ull << 2)) ? "yes" : "none", in.features_str);
	return 0;
}

int main(int argc, char **argv)
{
	size_t len;
	atexit(free_bufs);
	if (argc == 3 && !strcmp(argv[1], "--notes")) {
		file = argv[2];
		uint8_t *elf = bufs[0] = slurp(file, &len);
		if (!elf)
			return bad("cannot read");
		return check_notes(elf, len);
	}
	if (argc != 3) {
		fprintf(stderr, "usage: pvkernel <bzImage> <vmlinux-out> | "
				"pvkernel --notes <vmlinux>\n");
		return 2;
	}
	file = argv[1];
	uint8_t *b = bufs[0] = slurp(file, &len);
	if (!b)
		return bad("cannot read");
	/* The setup header (Linux's boot protocol, x86/boot.rst). */
	if (len < 0x250)
		return bad("truncated bzImage (no setup header)");
	if (memcmp(b + 0x202, "HdrS", 4) || le(b + 0x1fe, 2) != 0xaa55)
		return bad("not a bzImage (no \"HdrS\" setup header)");
	uint32_t version = le(b + 0x206, 2);
	if (version < 0x208)
		return bad("setup header older than 2.08 (no payload fields)");
	uint32_t setup_sects = b[0x1f1] ? b[0x1f1] : 4;
	uint64_t pm = (uint64_t)(setup_sects + 1) * 512;
	uint64_t off = pm + le(b + 0x248, 4), plen = le(b + 0x24c, 4);
	if (pm > len || off > len || plen > len - off || plen < 8)
		return bad("truncated bzImage (payload past the end)");
	const struct comp *c = NULL;
	for (unsigned i = 0; i < sizeof(comps) / sizeof(comps[0]); i++)
		if (!memcmp(b + off, comps[i].magic, comps[i].len))
			c = &comps[i];
	if (!c)
		return bad("unknown payload compression");
	if (!c->cmd) {
		char msg[96];
		snprintf(msg, sizeof(msg),
			 "%s payload: larch's tooling unpacks gzip, bzip2, "
			 "lzma, xz, lz4 and zstd",
			 c->name);
		return bad(msg);
	}
	/* The decompressor reads the payload from a file, writes the ELF. */
	char tmp[4096], cmd[8300];
	snprintf(tmp, sizeof(tmp), "%s.payload", argv[2]);
	FILE *t = fopen(tmp, "wb");
	if (!t || fwrite(b + off, 1, plen, t) != plen || fclose(t))
		return bad("cannot write the payload file");
	snprintf(cmd, sizeof(cmd), "%s -- '%s' > '%s' 2>/dev/null", c->cmd, tmp,
		 argv[2]);
	/* the kernel appends its le32 size to every payload: a decompressor
	 * may complain about it after writing the whole ELF, so its status is
	 * not trusted; the ELF and its notes are. */
	int rc = system(cmd);
	(void)rc;
	unlink(tmp);
	uint8_t *elf = bufs[1] = slurp(argv[2], &len);
	if (!elf || len < 64 || memcmp(elf, "\177ELF", 4)) {
		char msg[96];
		snprintf(msg, sizeof(msg),
			 "%s payload does not unpack to an ELF", c->name);
		return bad(msg);
	}
	return check_notes(elf, len);
}

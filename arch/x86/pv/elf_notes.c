/* Xen PV ELF notes reader: validates an ELF64 x86_64 image in memory and
 * collects its PT_LOAD segments and "Xen" notes (include/public/elfnote.h).
 * Facts (note types, defaults, feature syntax) are those of Xen's libelf. */
#include <string.h>
#include <public/elfnote.h>
#include "elf_notes.h"

#define PT_LOAD	  1
#define PT_NOTE	  4
#define EM_X86_64 62

static const char *const feature_names[] = {
	[0] = "writable_page_tables",
	[1] = "writable_descriptor_tables",
	[2] = "auto_translated_physmap",
	[3] = "supervisor_mode_kernel",
	[4] = "pae_pgdir_above_4gb",
	[5] = "mmu_pt_update_preserve_ad",
	[7] = "gnttab_map_avail_bits",
	[8] = "hvm_callback_vector",
	[9] = "hvm_safe_pvclock",
	[10] = "hvm_pirqs",
	[11] = "dom0",
	[12] = "grant_map_identity",
	[13] = "memory_op_vnode_supported",
	[15] = "linux_rsdp_unrestricted",
};

const char *pv_elf_feature_name(unsigned n)
{
	return n < sizeof(feature_names) / sizeof(feature_names[0])
		       ? feature_names[n]
		       : NULL;
}

/* Little-endian reads at any alignment (the image is a byte buffer). */
static uint64_t rd(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	while (n--)
		v = (v << 8) | p[n];
	return v;
}

static int fail(struct pv_elf_info *in, const char *why, const char *what)
{
	in->why = why;
	in->what[0] = 0;
	if (what) {
		size_t n = 0;
		while (n + 1 < sizeof(in->what) && what[n])
			in->what[n] = what[n], n++;
		in->what[n] = 0;
	}
	return -1;
}

static void copy_str(char *dst, size_t cap, const uint8_t *s, uint64_t n)
{
	size_t k = 0;
	while (k + 1 < cap && k < n && s[k])
		dst[k] = (char)s[k], k++;
	dst[k] = 0;
}

/* "a|!b|c": each name's bit into features, "!" ones also into required. */
static int parse_features(struct pv_elf_info *in, uint32_t larch_features)
{
	const char *s = in->features_str;
	while (*s) {
		int req = 0;
		size_t n = 0;
		if (*s == '!')
			req = 1, s++;
		while (s[n] && s[n] != '|')
			n++;
		int bit = -1;
		for (unsigned i = 0;
		     i < sizeof(feature_names) / sizeof(feature_names[0]); i++)
			if (feature_names[i] && strlen(feature_names[i]) == n &&
			    !memcmp(feature_names[i], s, n))
				bit = (int)i;
		char name[48];
		size_t m = n < sizeof(name) - 1 ? n : sizeof(name) - 1;
		memcpy(name, s, m);
		name[m] = 0;
		if (bit < 0 && req)
			return fail(in, "requires a feature unknown to larch",
				    name);
		if (bit >= 0) {
			in->features |= 1u << bit;
			if (req) {
				in->features_required |= 1u << bit;
				if (!(larch_features & (1u << bit)))
					return fail(in,
						    "requires a feature larch "
						    "lacks",
						    name);
			}
		}
		s += n;
		if (*s == '|')
			s++;
	}
	return 0;
}

static int note(struct pv_elf_info *in, uint32_t type, const uint8_t *d,
		uint64_t n)
{
	/* Numeric notes are 1, 2, 4 or 8 bytes (Xen reads any of these). */
	uint64_t v =
		(n == 1 || n == 2 || n == 4 || n == 8) ? rd(d, (unsigned)n) : 0;
	int numeric = n == 1 || n == 2 || n == 4 || n == 8;
	if (type > 63)
		return 0; /* a newer note than larch knows: Xen ignores it */
	in->present |= 1ull << type;
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
	case XEN_ELFNOTE_HYPERCALL_PAGE:
	case XEN_ELFNOTE_VIRT_BASE:
	case XEN_ELFNOTE_PADDR_OFFSET:
	case XEN_ELFNOTE_HV_START_LOW:
	case XEN_ELFNOTE_INIT_P2M:
	case XEN_ELFNOTE_MOD_START_PFN:
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
	case XEN_ELFNOTE_PHYS32_ENTRY:
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		if (!numeric)
			return fail(in, "has a numeric Xen note of bad size",
				    NULL);
		break;
	}
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		in->entry = v;
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		in->hypercall_page = v;
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		in->virt_base = v;
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		in->paddr_offset = v;
		break;
	case XEN_ELFNOTE_HV_START_LOW:
		in->hv_start_low = v;
		break;
	case XEN_ELFNOTE_INIT_P2M:
		in->init_p2m = v;
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		in->mod_start_pfn = (uint32_t)v;
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		in->supported_features = (uint32_t)v;
		break;
	case XEN_ELFNOTE_PHYS32_ENTRY:
		in->phys32_entry = (uint32_t)v;
		break;
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		in->suspend_cancel = (uint32_t)v;
		break;
	case XEN_ELFNOTE_L1_MFN_VALID:
		/* A mask and a value, each 8 bytes (or only a mask). */
		if (n >= 8)
			in->l1_mfn_valid_mask = rd(d, 8);
		if (n >= 16)
			in->l1_mfn_valid_value = rd(d + 8, 8);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		copy_str(in->guest_os, sizeof(in->guest_os), d, n);
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		copy_str(in->xen_version, sizeof(in->xen_version), d, n);
		break;
	case XEN_ELFNOTE_LOADER:
		copy_str(in->loader, sizeof(in->loader), d, n);
		break;
	case XEN_ELFNOTE_PAE_MODE:
		copy_str(in->pae_mode, sizeof(in->pae_mode), d, n);
		break;
	case XEN_ELFNOTE_FEATURES:
		if (n >= sizeof(in->features_str))
			return fail(in, "has a FEATURES note too long", NULL);
		copy_str(in->features_str, sizeof(in->features_str), d, n);
		break;
	}
	return 0;
}

/* The notes in [off, off + size) of the image. */
static int notes(struct pv_elf_info *in, uint64_t off, uint64_t size)
{
	const uint8_t *p = in->img + off, *end = p + size;
	while ((uint64_t)(end - p) >= 12) {
		uint64_t namesz = rd(p, 4), descsz = rd(p + 4, 4);
		uint32_t type = (uint32_t)rd(p + 8, 4);
		uint64_t name_pad = (namesz + 3) & ~3ull;
		uint64_t desc_pad = (descsz + 3) & ~3ull;
		const uint8_t *name = p + 12;
		if (name_pad > (uint64_t)(end - name) ||
		    desc_pad > (uint64_t)(end - name) - name_pad)
			return fail(in, "has a truncated note", NULL);
		const uint8_t *desc = name + name_pad;
		if (namesz == 4 && !memcmp(name, "Xen", 4) &&
		    note(in, type, desc, descsz))
			return -1;
		p = desc + desc_pad;
	}
	return 0;
}

int pv_elf_parse(const void *img, size_t len, uint32_t larch_features,
		 struct pv_elf_info *in)
{
	const uint8_t *e = img;
	memset(in, 0, sizeof(*in));
	in->img = e;
	in->len = len;
	if (len < 64 || memcmp(e, "\177ELF", 4))
		return fail(in, "is not an ELF image", NULL);
	if (e[4] != 2 || e[5] != 1)
		return fail(in, "is not a little-endian ELF64 image", NULL);
	if (rd(e + 18, 2) != EM_X86_64)
		return fail(in, "is not an x86_64 ELF image", NULL);
	in->phoff = rd(e + 32, 8);
	in->phnum = (unsigned)rd(e + 56, 2);
	uint64_t phentsize = rd(e + 54, 2);
	if (phentsize != 56 || !in->phnum)
		return fail(in, "has no usable program headers", NULL);
	if (in->phoff > len || (uint64_t)in->phnum * 56 > len - in->phoff)
		return fail(in, "is truncated (program headers past the end)",
			    NULL);
	in->paddr_lo = UINT64_MAX;
	for (unsigned i = 0; i < in->phnum; i++) {
		const uint8_t *ph = e + in->phoff + 56ull * i;
		uint32_t type = (uint32_t)rd(ph, 4);
		uint64_t off = rd(ph + 8, 8), paddr = rd(ph + 24, 8);
		uint64_t filesz = rd(ph + 32, 8), memsz = rd(ph + 40, 8);
		if (type != PT_LOAD && type != PT_NOTE)
			continue;
		if (off > len || filesz > len - off)
			return fail(in,
				    "is truncated (a segment lies outside the "
				    "file)",
				    NULL);
		if (type == PT_NOTE) {
			if (notes(in, off, filesz))
				return -1;
			continue;
		}
		if (filesz > memsz || paddr + memsz < paddr)
			return fail(in, "has a malformed PT_LOAD segment",
				    NULL);
		if (!memsz)
			continue;
		in->nr_segs++;
		if (paddr < in->paddr_lo)
			in->paddr_lo = paddr;
		if (paddr + memsz > in->paddr_hi)
			in->paddr_hi = paddr + memsz;
	}
	if (!in->nr_segs)
		return fail(in, "has no PT_LOAD segment", NULL);
	if (!in->present)
		return fail(in, "has no Xen notes (not a Xen PV kernel)", NULL);
	/* Xen's defaults: no VIRT_BASE = 0, no PADDR_OFFSET = VIRT_BASE,
	 * no ENTRY = e_entry. */
	if (!(in->present & (1ull << XEN_ELFNOTE_PADDR_OFFSET)))
		in->paddr_offset = in->virt_base;
	if (!(in->present & (1ull << XEN_ELFNOTE_ENTRY)))
		in->entry = rd(e + 24, 8);
	if (in->paddr_lo < in->paddr_offset)
		return fail(in, "loads below its PADDR_OFFSET", NULL);
	return parse_features(in, larch_features);
}

void pv_elf_seg(const struct pv_elf_info *in, unsigned i,
		struct pv_elf_seg *seg)
{
	unsigned k = 0;
	for (unsigned j = 0; j < in->phnum; j++) {
		const uint8_t *ph = in->img + in->phoff + 56ull * j;
		if (rd(ph, 4) != PT_LOAD || !rd(ph + 40, 8))
			continue;
		if (k++ != i)
			continue;
		seg->offset = rd(ph + 8, 8);
		seg->vaddr = rd(ph + 16, 8);
		seg->paddr = rd(ph + 24, 8);
		seg->filesz = rd(ph + 32, 8);
		seg->memsz = rd(ph + 40, 8);
		return;
	}
	memset(seg, 0, sizeof(*seg));
}

/* Reader of a 64-bit PV kernel's ELF image: its PT_LOAD segments and its
 * "Xen" notes, bounds-checked against the buffer. Used by the hypervisor's
 * PV domain builder and by the host tool build/x86/pvkernel.c. */
#ifndef ARCH_X86_PV_ELF_NOTES_H
#define ARCH_X86_PV_ELF_NOTES_H

#include <stddef.h>
#include <stdint.h>

/* The XENFEAT_* bits larch's PV ABI provides; a kernel whose FEATURES note
 * requires ("!") any other is refused. Writable page tables are the PV
 * MMU's emulated PTE stores (arch/x86/pv/ro_page_fault.c, later stage);
 * pae_pgdir_above_4gb holds trivially for 64-bit guests. */
#define LARCH_PV_FEATURES                                                      \
	((1u << 0 /* writable_page_tables */) |                                \
	 (1u << 4 /* pae_pgdir_above_4gb */))

struct pv_elf_seg {
	uint64_t offset, filesz; /* in the image */
	uint64_t paddr, vaddr, memsz;
};

struct pv_elf_info {
	const uint8_t *img;
	size_t len;
	unsigned nr_segs; /* PT_LOAD segments */
	uint64_t phoff;
	unsigned phnum;
	uint64_t present; /* bit n: note type n was seen */
	uint64_t entry, virt_base, paddr_offset, hypercall_page, init_p2m;
	uint64_t hv_start_low, l1_mfn_valid_mask, l1_mfn_valid_value;
	uint32_t phys32_entry, mod_start_pfn, supported_features;
	uint32_t suspend_cancel;
	uint32_t features, features_required; /* from the FEATURES string */
	char guest_os[32], xen_version[32], loader[32], pae_mode[32];
	char features_str[128];
	uint64_t paddr_lo, paddr_hi; /* span of the PT_LOAD paddrs */
	/* Set on error: a fixed message and an optional detail (a feature
	 * name, a note type): "<why>[ '<what>']". */
	const char *why;
	char what[48];
};

/* 0, or -1 with info->why set. larch_features: the XENFEAT bits larch
 * provides (LARCH_PV_FEATURES). */
int pv_elf_parse(const void *img, size_t len, uint32_t larch_features,
		 struct pv_elf_info *info);

/* The i-th PT_LOAD segment (i < nr_segs) of a parsed image. */
void pv_elf_seg(const struct pv_elf_info *info, unsigned i,
		struct pv_elf_seg *seg);

/* The XENFEAT name of bit n, or NULL. */
const char *pv_elf_feature_name(unsigned n);

#endif
